//! `acces mandat --personne FICHIER|NUMERO [--dossier ID …] [--fichier CODE …]
//! [--jusqu-au DATE] [--date DATE] [--format txt|pdf] [--sortie FICHIER]`: the mandate by
//! which the person authorises their representative to exercise their rights for precise
//! steps (`letters::mandate`). Without `--dossier` or `--fichier`, a person of the register
//! gets a mandate for all their open cases that a mandate can cover.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::context::{Context, day, find_entry, note, print_json, to_stdout};
use super::lettre::{PersonRef, Registre, load_person, person_ref};
use crate::cases::CaseId;
use crate::error::Failure;
use crate::fsio;
use crate::letters::{self, mandate};
use crate::store::Store;
use crate::texts::cli as t;
use crate::texts::letters as tl;
use crate::texts::mandate as tm;
use crate::texts::store as ts;

#[derive(Args, Debug)]
pub struct MandatArgs {
    /// Fichier personne (JSON), ou numéro d'une personne du registre ; son représentant
    /// (« representant ») est le mandataire
    #[arg(long, value_name = "FICHIER|NUMERO")]
    pub personne: PathBuf,

    /// Un dossier de la personne que le mandat couvre (répétable) ; par défaut, tous ses
    /// dossiers ouverts
    #[arg(long = "dossier", value_name = "ID")]
    pub dossiers: Vec<CaseId>,

    /// Un fichier du catalogue (TAJ, CAF-SCORE…) dont le mandat couvre les démarches
    /// (répétable)
    #[arg(long = "fichier", value_name = "CODE")]
    pub fichiers: Vec<String>,

    /// Fin du mandat (AAAA-MM-JJ ou JJ/MM/AAAA) ; par défaut, un an après sa date
    #[arg(long = "jusqu-au", value_name = "DATE")]
    pub jusqu_au: Option<String>,

    /// Date du mandat ; par défaut, aujourd'hui
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// Format de sortie : txt (texte, par défaut) ou pdf (A4 à imprimer et signer)
    #[arg(
        long,
        value_enum,
        default_value = "txt",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: Format,

    /// Fichier de sortie (obligatoire pour le PDF) ; sans lui, le texte va sur la sortie standard
    #[arg(long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Texte brut
    Txt,
    /// PDF A4, à imprimer et signer
    Pdf,
}

pub fn run(ctx: &Context, args: MandatArgs) -> Result<(), Failure> {
    let cat = ctx.catalogue()?;
    let mut registre = Registre::new(&ctx.store);
    let date = day(args.date.as_deref())
        .map_err(|f| Failure::invalid(t::cli_option_error("--date", &f.message)))?;
    let until = match &args.jusqu_au {
        Some(d) => crate::validate::date(d)
            .map_err(|e| Failure::invalid(t::cli_option_error("--jusqu-au", &e)))?,
        None => mandate::default_end(date),
    };
    if args.format == Format::Pdf && args.sortie.is_none() {
        return Err(Failure::invalid(t::cli_pdf_needs_output()));
    }
    if let Some(path) = &args.sortie {
        ctx.store.check_output(path)?;
    }

    let person_id = match person_ref(&args.personne) {
        PersonRef::Id(id) => Some(id),
        PersonRef::File(_) => None,
    };
    if person_id.is_none() && !args.dossiers.is_empty() {
        return Err(Failure::invalid(tm::MANDATE_CASES_NEED_REGISTER));
    }
    let loaded = load_person(&args.personne, &mut registre)?;
    // A person file is checked with the rules of every input path (the register's persons
    // were checked when recorded).
    if person_id.is_none() {
        let problems = crate::validate::person_problems(&loaded.person);
        if !problems.is_empty() {
            return Err(Failure::invalid(crate::texts::cases::person_invalid(
                &args.personne,
                &problems,
            )));
        }
    }

    // The cases: those named (each the person's), or all the person's open cases.
    let cases = match person_id {
        Some(pid) if !args.dossiers.is_empty() => {
            let store = registre.get()?;
            let mut cases = Vec::new();
            for id in &args.dossiers {
                let h = store
                    .case(*id)?
                    .ok_or_else(|| Failure::invalid(ts::unknown_case(*id)))?;
                if h.case.personne != pid {
                    return Err(Failure::invalid(tm::mandate_case_of_another(*id, pid)));
                }
                cases.push(h.case);
            }
            cases
        }
        Some(pid) if args.fichiers.is_empty() => {
            let steps = mandate::open_case_steps(&cat, &*registre.get()?, pid)?;
            return finish(ctx, &args, &loaded.person, steps, date, until);
        }
        _ => Vec::new(),
    };
    let mut steps = mandate::case_steps(&cat, &cases);
    for code in &args.fichiers {
        steps.extend(mandate::file_steps(&cat, find_entry(&cat, code)?));
    }
    finish(ctx, &args, &loaded.person, steps, date, until)
}

/// Writes the mandate for these steps, with what the person must know first.
fn finish(
    ctx: &Context,
    args: &MandatArgs,
    person: &crate::person::Person,
    steps: Vec<mandate::Step<'_>>,
    date: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> Result<(), Failure> {
    if steps.is_empty() {
        return Err(Failure::invalid(tm::MANDATE_NO_STEP));
    }

    let letter = mandate::write(person, &steps, date, until).map_err(|e| match e {
        mandate::MandateError::Letter(l) => letters::failure(l),
        other => Failure::invalid(other.to_string()),
    })?;

    if args.jusqu_au.is_none() {
        note(&tm::mandate_default_end(&crate::texts::dates::date_fr(
            until,
        )));
        eprintln!();
    }
    note(tm::MANDATE_CAUTIONS_HEADER);
    for c in &letter.cautions {
        note(&tl::caution_line(c));
    }
    eprintln!();

    if ctx.json && args.sortie.is_none() && args.format == Format::Txt {
        return print_json(&serde_json::json!({ "mandat": letter }));
    }
    let bytes = match args.format {
        Format::Txt if args.sortie.is_none() => crate::texts::terminal_safe(&letter.text())
            .into_owned()
            .into_bytes(),
        Format::Txt => letter.text().into_bytes(),
        Format::Pdf => letters::pdf::render(&letter).map_err(letters::failure)?,
    };
    match &args.sortie {
        Some(path) => {
            fsio::write_atomic(path, &bytes)?;
            note(&tm::mandate_written(path));
        }
        None => to_stdout(&bytes)?,
    }
    Ok(())
}
