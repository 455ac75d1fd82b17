//! `acces dossier ouvrir|liste|voir|clore`.

use clap::{Args, Subcommand};

use super::context::{Context, confirm, day, find_entry};
use super::suivi::ListeArgs;
use crate::cases::{Channel, EventKind, NewCase, NewEvent};
use crate::error::Failure;
use crate::store::Store;
use crate::texts::cases as t;
use crate::validate;

#[derive(Args, Debug)]
pub struct DossierArgs {
    #[command(subcommand)]
    pub action: DossierAction,
}

#[derive(Subcommand, Debug)]
pub enum DossierAction {
    /// Ouvrir un dossier (une démarche pour une personne) ; affiche son numéro
    Ouvrir(OuvrirArgs),
    /// Lister les dossiers
    Liste(ListeArgs),
    /// Afficher un dossier, son historique, son état et la suite
    Voir {
        /// Numéro du dossier
        id: i64,
        /// Calculer l'état à cette date plutôt qu'aujourd'hui (AAAA-MM-JJ)
        #[arg(long, value_name = "DATE")]
        au: Option<String>,
    },
    /// Supprimer un dossier pour de bon (son historique aussi) ; demande confirmation
    Supprimer {
        /// Numéro du dossier
        id: i64,
        /// Ne pas demander confirmation
        #[arg(long)]
        oui: bool,
    },
    /// Clore un dossier
    Clore {
        /// Numéro du dossier
        id: i64,
        /// Pourquoi
        #[arg(long, value_name = "TEXTE")]
        motif: String,
        /// Date de clôture (par défaut aujourd'hui)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct OuvrirArgs {
    /// Numéro de la personne (par défaut celle du dossier d'origine avec --suite-de)
    #[arg(long, value_name = "ID")]
    pub personne: Option<i64>,
    /// Code du fichier (TAJ, FPR…) ; par défaut celui du dossier d'origine avec --suite-de
    #[arg(long, value_name = "CODE")]
    pub fichier: Option<String>,
    /// Démarche (voir « acces catalogue CODE ») ; facultative quand une seule est possible
    #[arg(long, value_name = "DEMARCHE")]
    pub demarche: Option<String>,
    /// Canal prévu : lrar, courrier, email, formulaire, main-propre
    #[arg(long, value_name = "CANAL", value_parser = super::values::channel())]
    pub canal: Option<Channel>,
    /// Dossier dont celui-ci est la suite (escalade)
    #[arg(long = "suite-de", value_name = "ID")]
    pub suite_de: Option<i64>,
    /// Référence (numéro de dossier du destinataire, référence interne…) ; répétable
    #[arg(long = "reference", value_name = "REF")]
    pub references: Vec<String>,
    /// Date d'ouverture (par défaut aujourd'hui)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

pub fn run(ctx: &Context, args: DossierArgs) -> Result<(), Failure> {
    match args.action {
        DossierAction::Ouvrir(a) => open(ctx, a),
        DossierAction::Liste(a) => super::suivi::list(ctx, a),
        DossierAction::Voir { id, au } => super::suivi::show(ctx, id, au.as_deref()),
        DossierAction::Supprimer { id, oui } => {
            let mut store = ctx.store.open()?;
            if store.case(id)?.is_none() {
                return Err(Failure::invalid(crate::texts::store::unknown_case(id)));
            }
            confirm(oui, &t::confirm_delete_case(id))?;
            store.delete_case(id)?;
            if !ctx.json {
                eprintln!("{}", t::case_deleted(id));
            }
            Ok(())
        }
        DossierAction::Clore { id, motif, date } => {
            let date = day(date.as_deref())?;
            let motif = validate::required(&motif).map_err(Failure::invalid)?;
            let mut store = ctx.store.open()?;
            store.add_event(
                id,
                &NewEvent {
                    date,
                    kind: EventKind::Clos,
                    texte: Some(motif),
                },
            )?;
            if !ctx.json {
                eprintln!("{}", t::case_closed_msg(id));
            }
            Ok(())
        }
    }
}

fn open(ctx: &Context, a: OuvrirArgs) -> Result<(), Failure> {
    let ouvert = day(a.date.as_deref())?;
    let canal = a.canal;
    let cat = ctx.catalogue()?;
    let mut store = ctx.store.open()?;
    let parent = match a.suite_de {
        None => None,
        Some(id) => Some(
            store
                .case(id)?
                .ok_or_else(|| Failure::invalid(crate::texts::store::unknown_case(id)))?,
        ),
    };
    let code = match (&a.fichier, &parent) {
        (Some(c), _) => c.clone(),
        (None, Some(p)) => p.case.fichier.clone(),
        (None, None) => return Err(Failure::invalid(t::ENTRY_NEEDED)),
    };
    let entry = find_entry(&cat, &code)?;
    let all_routes: Vec<&str> = entry.routes.iter().map(|r| r.id.as_str()).collect();
    let route = match &parent {
        Some(p) => {
            let parent_entry = find_entry(&cat, &p.case.fichier)?;
            if !parent_entry.code.eq_ignore_ascii_case(&entry.code) {
                return Err(Failure::invalid(t::other_entry_for_follow_up(
                    &entry.code,
                    &parent_entry.code,
                )));
            }
            let next: Vec<String> = parent_entry
                .route(&p.case.demarche)
                .map(|r| r.next.clone())
                .unwrap_or_default();
            let chosen = match (&a.demarche, next.as_slice()) {
                (Some(d), _) => d.trim().to_string(),
                (None, [only]) => only.clone(),
                (None, _) => {
                    let refs: Vec<&str> = next.iter().map(String::as_str).collect();
                    return Err(Failure::invalid(t::route_needed(&entry.code, &refs)));
                }
            };
            if !next.contains(&chosen) {
                return Err(Failure::invalid(t::not_a_next_route(
                    &chosen, p.case.id, &next,
                )));
            }
            chosen
        }
        None => match &a.demarche {
            Some(d) => d.trim().to_string(),
            None => {
                let starts: Vec<&str> = entry.start_routes().map(|r| r.id.as_str()).collect();
                match starts.as_slice() {
                    [only] => only.to_string(),
                    _ => return Err(Failure::invalid(t::route_needed(&entry.code, &starts))),
                }
            }
        },
    };
    if entry.route(&route).is_none() {
        return Err(Failure::invalid(t::unknown_route(
            &entry.code,
            &route,
            &all_routes,
        )));
    }
    let personne = match (a.personne, &parent) {
        (Some(p), _) => p,
        (None, Some(p)) => p.case.personne,
        (None, None) => return Err(Failure::invalid(t::PERSON_NEEDED)),
    };
    let id = store.open_case(&NewCase {
        personne,
        fichier: entry.code.clone(),
        demarche: route,
        canal,
        references: a
            .references
            .iter()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect(),
        suite_de: a.suite_de,
        ouvert,
    })?;
    println!("{id}");
    Ok(())
}
