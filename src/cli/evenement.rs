//! `acces evenement ajouter`: append an event to a case.

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
    /// Relance envoyée
    Relance,
    /// Note libre
    Note,
    /// Dossier clos (--texte : pourquoi)
    Clos,
}

#[derive(Subcommand, Debug)]
pub enum EvenementAction {
    /// Ajouter un événement à un dossier ; affiche son numéro
    Ajouter(AjouterArgs),
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
    #[arg(long, value_name = "CANAL")]
    pub canal: Option<String>,
    /// Pour une réponse : donnees-communiquees, communication-partielle, refus,
    /// verifications-effectuees, effacement-fait, demande-de-pieces, prorogation,
    /// incompetence, aucune-donnee
    #[arg(long, value_name = "ISSUE")]
    pub issue: Option<String>,
    /// Pour un envoi en recommandé : le numéro
    #[arg(long, value_name = "NUMERO")]
    pub recommande: Option<String>,
    /// Texte libre (pour « clos » : pourquoi)
    #[arg(long, value_name = "TEXTE")]
    pub texte: Option<String>,
}

pub fn run(ctx: &Context, args: EvenementArgs) -> Result<(), Failure> {
    let EvenementAction::Ajouter(a) = args.action;
    let case = a.dossier;
    let event = build(a)?;
    let mut store = ctx.store.open()?;
    let id = store.add_event(case, &event)?;
    println!("{id}");
    Ok(())
}

/// Checks the options and builds the event (French errors, exit 2).
pub fn build(a: AjouterArgs) -> Result<NewEvent, Failure> {
    let date = validate::date(&a.date).map_err(Failure::invalid)?;
    let kind_id = format!("{:?}", a.kind).to_lowercase();
    let refuse = |opt: &str| Failure::invalid(t::option_not_for_type(opt, &kind_id));
    if a.kind != Kind::Envoye {
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
    let kind = match a.kind {
        Kind::Brouillon => EventKind::Brouillon,
        Kind::Envoye => EventKind::Envoye {
            canal: match a.canal.as_deref() {
                None => None,
                Some(c) => Some(
                    Channel::from_id(c).ok_or_else(|| Failure::invalid(t::unknown_channel(c)))?,
                ),
            },
            recommande: a
                .recommande
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty()),
        },
        Kind::Recu => EventKind::Recu,
        Kind::Reponse => {
            let given = a
                .issue
                .as_deref()
                .ok_or_else(|| Failure::invalid(t::OUTCOME_NEEDED))?;
            EventKind::Reponse {
                issue: Outcome::from_id(given)
                    .ok_or_else(|| Failure::invalid(t::unknown_outcome(given)))?,
            }
        }
        Kind::Relance => EventKind::Relance,
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
