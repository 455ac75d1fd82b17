//! `acces evenement ajouter|corriger|annuler`: append an event to a case, or correct or
//! cancel an earlier one (by a later event naming it; the history keeps both).

use clap::{Args, Subcommand, ValueEnum};

use super::context::Context;
use crate::cases::{Channel, EventKind, NewEvent, Outcome};
use crate::error::Failure;
use crate::store::Store;
use crate::texts::cases as t;
use crate::validate;

#[derive(Args, Debug)]
pub struct EvenementArgs {
    #[command(subcommand)]
    pub action: EvenementAction,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Lettre préparée, pas encore envoyée
    Brouillon,
    /// Lettre envoyée (--canal, --recommande)
    Envoye,
    /// Reçue par le destinataire (date de l'AR)
    Recu,
    /// Réponse reçue (--issue)
    Reponse,
    /// Relance envoyée (--canal, --recommande)
    Relance,
    /// Vous renoncez à une étape suivante (--demarche) : son délai n'est plus rappelé
    Renonce,
    /// Note libre
    Note,
    /// Dossier clos (--texte : pourquoi)
    Clos,
}

#[derive(Subcommand, Debug)]
pub enum EvenementAction {
    /// Ajouter un événement à un dossier ; affiche son numéro
    Ajouter(AjouterArgs),
    /// Corriger un événement mal saisi : il est annulé et remplacé (l'historique garde les
    /// deux) ; affiche le numéro du nouvel événement
    Corriger(CorrigerArgs),
    /// Annuler un événement noté par erreur (l'historique le garde, barré)
    Annuler(AnnulerArgs),
}

#[derive(Args, Debug)]
pub struct CorrigerArgs {
    /// Numéro du dossier
    #[arg(long, value_name = "ID")]
    pub dossier: i64,
    /// Numéro de l'événement à corriger (voir « acces dossier voir ID »)
    #[arg(long, value_name = "N")]
    pub evenement: i64,
    /// La bonne date (sinon celle de l'événement corrigé)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Le bon canal (envoi, relance)
    #[arg(long, value_name = "CANAL", value_parser = super::values::channel())]
    pub canal: Option<Channel>,
    /// La bonne issue (réponse)
    #[arg(long, value_name = "ISSUE", value_parser = super::values::outcome())]
    pub issue: Option<Outcome>,
    /// Le bon numéro de recommandé (envoi, relance)
    #[arg(long, value_name = "NUMERO")]
    pub recommande: Option<String>,
    /// Le bon texte
    #[arg(long, value_name = "TEXTE")]
    pub texte: Option<String>,
}

#[derive(Args, Debug)]
pub struct AnnulerArgs {
    /// Numéro du dossier
    #[arg(long, value_name = "ID")]
    pub dossier: i64,
    /// Numéro de l'événement à annuler (voir « acces dossier voir ID »)
    #[arg(long, value_name = "N")]
    pub evenement: i64,
    /// Pourquoi (facultatif)
    #[arg(long, value_name = "TEXTE")]
    pub texte: Option<String>,
}

#[derive(Args, Debug)]
pub struct AjouterArgs {
    /// Numéro du dossier
    #[arg(long, value_name = "ID")]
    pub dossier: i64,
    /// Ce qui s'est passé
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub kind: Kind,
    /// Le jour où c'est arrivé (AAAA-MM-JJ ou JJ/MM/AAAA)
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// Pour un envoi : lrar, courrier, email, formulaire, main-propre
    #[arg(long, value_name = "CANAL", value_parser = super::values::channel())]
    pub canal: Option<Channel>,
    /// Pour une réponse : donnees-communiquees, communication-partielle, refus,
    /// verifications-effectuees, effacement-fait, demande-de-pieces, prorogation,
    /// incompetence, aucune-donnee
    #[arg(long, value_name = "ISSUE", value_parser = super::values::outcome())]
    pub issue: Option<Outcome>,
    /// Pour un envoi ou une relance en recommandé : le numéro
    #[arg(long, value_name = "NUMERO")]
    pub recommande: Option<String>,
    /// Pour « renonce » : l'étape à laquelle vous renoncez (voir « acces dossier voir ID »)
    #[arg(long, value_name = "DEMARCHE")]
    pub demarche: Option<String>,
    /// Texte libre (pour « clos » : pourquoi)
    #[arg(long, value_name = "TEXTE")]
    pub texte: Option<String>,
}

pub fn run(ctx: &Context, args: EvenementArgs) -> Result<(), Failure> {
    let today = chrono::Local::now().date_naive();
    match args.action {
        EvenementAction::Ajouter(a) => {
            let case = a.dossier;
            let event = build(a)?;
            let mut store = ctx.store.open()?;
            let history = store
                .case(case)?
                .ok_or_else(|| Failure::invalid(crate::texts::store::unknown_case(case)))?;
            check(&history, &event, today, ctx)?;
            let id = store.add_event(case, &event)?;
            println!("{id}");
            Ok(())
        }
        EvenementAction::Annuler(a) => {
            let mut store = ctx.store.open()?;
            let id = store.add_event(
                a.dossier,
                &NewEvent {
                    date: today,
                    kind: EventKind::Annule {
                        evenement: a.evenement,
                    },
                    texte: clean(a.texte),
                },
            )?;
            println!("{id}");
            Ok(())
        }
        EvenementAction::Corriger(a) => {
            let mut store = ctx.store.open()?;
            let history = store
                .case(a.dossier)?
                .ok_or_else(|| Failure::invalid(crate::texts::store::unknown_case(a.dossier)))?;
            let old = history
                .events
                .iter()
                .find(|e| e.id == a.evenement)
                .ok_or_else(|| Failure::invalid(crate::texts::store::NOTHING_TO_CANCEL))?;
            let corrected = corrected(old, a)?;
            let mut without = history.clone();
            without.events.retain(|e| e.id != old.id);
            check(&without, &corrected, today, ctx)?;
            let cancel = NewEvent {
                date: today,
                kind: EventKind::Annule { evenement: old.id },
                texte: Some(t::correction_note()),
            };
            let ids = store.add_events(history.case.id, &[cancel, corrected])?;
            println!("{}", ids[1]);
            Ok(())
        }
    }
}

fn clean(text: Option<String>) -> Option<String> {
    text.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The rules of [`validate::new_event`], with the catalogue's entry for the case.
fn check(
    history: &crate::cases::CaseHistory,
    event: &NewEvent,
    today: chrono::NaiveDate,
    ctx: &Context,
) -> Result<(), Failure> {
    let cat = ctx.catalogue()?;
    validate::new_event(history, event, cat.entry(&history.case.fichier), today)
        .map_err(Failure::invalid)
}

/// The event `old` with the corrections given (what is not given is kept).
fn corrected(old: &crate::cases::Event, a: CorrigerArgs) -> Result<NewEvent, Failure> {
    let refuse = |opt: &str| Failure::invalid(t::option_not_for_type(opt, old.kind.id()));
    let date = match a.date.as_deref() {
        Some(d) => validate::date(d).map_err(Failure::invalid)?,
        None => old.date,
    };
    let channel = |given: Option<Channel>, old: Option<Channel>| given.or(old);
    let number = |given: Option<String>, old: &Option<String>| match given {
        None => old.clone(),
        Some(r) => Some(r.trim().to_string()).filter(|r| !r.is_empty()),
    };
    let is_sending = matches!(
        old.kind,
        EventKind::Envoye { .. } | EventKind::Relance { .. }
    );
    if !is_sending && a.canal.is_some() {
        return Err(refuse("--canal"));
    }
    if !is_sending && a.recommande.is_some() {
        return Err(refuse("--recommande"));
    }
    if !matches!(old.kind, EventKind::Reponse { .. }) && a.issue.is_some() {
        return Err(refuse("--issue"));
    }
    let kind = match &old.kind {
        EventKind::Envoye { canal, recommande } => EventKind::Envoye {
            canal: channel(a.canal, *canal),
            recommande: number(a.recommande, recommande),
        },
        EventKind::Relance { canal, recommande } => EventKind::Relance {
            canal: channel(a.canal, *canal),
            recommande: number(a.recommande, recommande),
        },
        EventKind::Reponse { issue } => EventKind::Reponse {
            issue: a.issue.unwrap_or(*issue),
        },
        EventKind::Escalade { .. } | EventKind::Annule { .. } => {
            return Err(Failure::invalid(crate::texts::store::NOTHING_TO_CANCEL));
        }
        other => other.clone(),
    };
    Ok(NewEvent {
        date,
        kind,
        texte: match a.texte {
            Some(t) => clean(Some(t)),
            None => old.texte.clone(),
        },
    })
}

/// Checks the options and builds the event (French errors, exit 2).
pub fn build(a: AjouterArgs) -> Result<NewEvent, Failure> {
    let date = validate::date(&a.date).map_err(Failure::invalid)?;
    let kind_id = format!("{:?}", a.kind).to_lowercase();
    let refuse = |opt: &str| Failure::invalid(t::option_not_for_type(opt, &kind_id));
    if a.kind != Kind::Renonce && a.demarche.is_some() {
        return Err(refuse("--demarche"));
    }
    if !matches!(a.kind, Kind::Envoye | Kind::Relance) {
        if a.canal.is_some() {
            return Err(refuse("--canal"));
        }
        if a.recommande.is_some() {
            return Err(refuse("--recommande"));
        }
    }
    if a.kind != Kind::Reponse && a.issue.is_some() {
        return Err(refuse("--issue"));
    }
    let canal = a.canal;
    let recommande = a
        .recommande
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let kind = match a.kind {
        Kind::Brouillon => EventKind::Brouillon,
        Kind::Envoye => EventKind::Envoye { canal, recommande },
        Kind::Recu => EventKind::Recu,
        Kind::Reponse => {
            let issue = a.issue.ok_or_else(|| Failure::invalid(t::OUTCOME_NEEDED))?;
            EventKind::Reponse { issue }
        }
        Kind::Relance => EventKind::Relance { canal, recommande },
        Kind::Renonce => EventKind::Renonce {
            demarche: a
                .demarche
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .ok_or_else(|| Failure::invalid(t::ROUTE_TO_RENOUNCE_NEEDED))?,
        },
        Kind::Note => EventKind::Note,
        Kind::Clos => EventKind::Clos,
    };
    Ok(NewEvent {
        date,
        kind,
        texte: a
            .texte
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
    })
}
