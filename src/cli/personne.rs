//! `acces personne ajouter|liste|voir|modifier`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::context::{Context, print_json};
use crate::error::Failure;
use crate::person::Person;
use crate::store::Store;
use crate::texts::cases as t;
use crate::validate;

#[derive(Args, Debug)]
pub struct PersonneArgs {
    #[command(subcommand)]
    pub action: PersonneAction,
}

#[derive(Subcommand, Debug)]
pub enum PersonneAction {
    /// Enregistrer une personne depuis un fichier personne (JSON) ; affiche son numéro
    Ajouter {
        /// Le fichier personne (voir le README)
        #[arg(long, value_name = "PERSONNE.json")]
        fichier: PathBuf,
    },
    /// Lister les personnes enregistrées
    Liste,
    /// Afficher une personne
    Voir {
        /// Numéro de la personne
        id: i64,
    },
    /// Supprimer une personne pour de bon, avec tous ses dossiers (droit à l'oubli) ;
    /// demande confirmation
    Supprimer {
        /// Numéro de la personne
        id: i64,
        /// Ne pas demander confirmation
        #[arg(long)]
        oui: bool,
    },
    /// Remplacer la fiche d'une personne par le contenu d'un fichier personne
    Modifier {
        /// Numéro de la personne
        id: i64,
        #[arg(long, value_name = "PERSONNE.json")]
        fichier: PathBuf,
    },
}

pub fn run(ctx: &Context, args: PersonneArgs) -> Result<(), Failure> {
    match args.action {
        PersonneAction::Ajouter { fichier } => {
            let person = read_person(&fichier)?;
            let mut store = ctx.store.open()?;
            let id = store.add_person(&person)?;
            println!("{id}");
            Ok(())
        }
        PersonneAction::Modifier { id, fichier } => {
            let (person, seen) = read_person_or_record(&fichier, id)?;
            let mut store = ctx.store.open()?;
            match seen {
                // A file from `acces personne voir --json`: refused if changed since.
                Some(seen) => store.update_person_seen(id, &person, &seen)?,
                None => store.update_person(id, &person)?,
            }
            if !ctx.json {
                eprintln!("{}", t::person_updated(id));
            }
            Ok(())
        }
        PersonneAction::Supprimer { id, oui } => {
            let mut store = ctx.store.open()?;
            if store.person(id)?.is_none() {
                return Err(Failure::invalid(crate::texts::store::unknown_person(id)));
            }
            let cases = store
                .cases(&crate::cases::CaseFilter {
                    personne: Some(id),
                    ..Default::default()
                })?
                .len();
            super::context::confirm(oui, &t::confirm_delete_person(id, cases))?;
            store.delete_person(id)?;
            if !ctx.json {
                eprintln!("{}", t::person_deleted(id, cases));
            }
            Ok(())
        }
        PersonneAction::Liste => {
            let store = ctx.store.open()?;
            let persons = store.persons()?;
            if ctx.json {
                return print_json(&persons);
            }
            if persons.is_empty() {
                println!("{}", t::NO_PERSON);
            }
            for p in &persons {
                println!(
                    "{}",
                    crate::texts::terminal_safe(&t::person_line(p.id, &p.personne))
                );
            }
            Ok(())
        }
        PersonneAction::Voir { id } => {
            let store = ctx.store.open()?;
            let Some(record) = store.person_record(id)? else {
                return Err(Failure::invalid(crate::texts::store::unknown_person(id)));
            };
            if ctx.json {
                return print_json(&record);
            }
            let person = record.personne;
            print!(
                "{}",
                crate::texts::terminal_safe(&t::person_detail(id, &person))
            );
            Ok(())
        }
    }
}

/// Reads and checks a « fichier personne ».
pub fn read_person(path: &Path) -> Result<Person, Failure> {
    // Bounded: a device, a pipe or a huge file is refused, never read for ever.
    let text = crate::fsio::read_bounded(path, crate::fsio::MAX_SMALL_FILE)?;
    let person: Person = serde_json::from_str(&text)
        .map_err(|e| Failure::invalid(t::person_json_invalid(path, &e)))?;
    checked(path, person)
}

/// A person file for `acces personne modifier ID`: a profile, or what `acces personne voir
/// ID --json` printed (the profile under `personne`, with its last change `maj`, returned
/// so that an edit of a stale copy is refused). A record of another person is refused.
fn read_person_or_record(path: &Path, id: i64) -> Result<(Person, Option<String>), Failure> {
    let text = crate::fsio::read_bounded(path, crate::fsio::MAX_SMALL_FILE)?;
    let raw: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Failure::invalid(t::person_json_invalid(path, &e)))?;
    // Parsed again from the text, so that an error gives its line and column.
    if raw.get("personne").is_none() {
        let person: Person = serde_json::from_str(&text)
            .map_err(|e| Failure::invalid(t::person_json_invalid(path, &e)))?;
        return Ok((checked(path, person)?, None));
    }
    let record: crate::cases::PersonRecord = serde_json::from_str(&text)
        .map_err(|e| Failure::invalid(t::person_json_invalid(path, &e)))?;
    if record.id != id {
        return Err(Failure::invalid(t::person_file_of_another(
            path, record.id, id,
        )));
    }
    Ok((checked(path, record.personne)?, record.maj))
}

/// A person read from `path`, checked with the rules of every input path.
fn checked(path: &Path, person: Person) -> Result<Person, Failure> {
    let problems = validate::person_problems(&person);
    if problems.is_empty() {
        Ok(person)
    } else {
        Err(Failure::invalid(t::person_invalid(path, &problems)))
    }
}
