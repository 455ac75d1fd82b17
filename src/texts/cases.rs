//! Messages and views of the tracker: persons, cases, events, deadlines (CLI output).

use std::fmt::Display;
use std::fmt::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::cases::{Channel, EventKind, Outcome};
use crate::person::Person;

pub const NO_PERSON: &str = "Aucune personne enregistrée (acces personne ajouter --fichier F).";
pub const NO_CASE: &str = "Aucun dossier ne correspond.";

pub fn cannot_read_file(path: &Path, e: &dyn Display) -> String {
    format!("Impossible de lire {} : {e}.", path.display())
}

pub fn person_json_invalid(path: &Path, line: usize, col: usize, e: &dyn Display) -> String {
    format!(
        "{} n'est pas un fichier personne valide (ligne {line}, colonne {col}) : {e}. \
         Le format est décrit dans le README (« fichier personne »).",
        path.display()
    )
}

pub fn person_invalid(path: &Path, problems: &[String]) -> String {
    let mut s = format!(
        "{} contient des champs invalides ; rien n'a été enregistré :",
        path.display()
    );
    for p in problems {
        let _ = write!(s, "\n  - {p}");
    }
    s
}

pub fn person_updated(id: i64) -> String {
    format!("Personne n° {id} mise à jour.")
}

/// « Camille MARTIN ».
pub fn person_name(p: &Person) -> String {
    format!("{} {}", p.prenoms.trim(), p.nom.trim().to_uppercase())
}

pub fn person_line(id: i64, p: &Person) -> String {
    format!(
        "  {id:>5}  {:<32} {} {}",
        person_name(p),
        p.code_postal,
        p.commune
    )
}

pub fn person_detail(id: i64, p: &Person) -> String {
    let mut s = format!("Personne n° {id}\n");
    let mut line = |label: &str, value: &str| {
        if !value.trim().is_empty() {
            let _ = writeln!(s, "  {label:<20} {value}");
        }
    };
    line("Civilité", p.civilite.as_deref().unwrap_or(""));
    line("Nom", &p.nom);
    line("Nom de naissance", p.nom_naissance.as_deref().unwrap_or(""));
    line("Prénoms", &p.prenoms);
    let born = p.date_naissance.map(date).unwrap_or_default();
    line("Né(e) le", &born);
    line("À", p.lieu_naissance.as_deref().unwrap_or(""));
    line("Adresse", &p.adresse.join(", "));
    line("Commune", &format!("{} {}", p.code_postal, p.commune));
    line("E-mail", p.email.as_deref().unwrap_or(""));
    line("Téléphone", p.telephone.as_deref().unwrap_or(""));
    line("Département", p.departement.as_deref().unwrap_or(""));
    line(
        "N° allocataire CAF",
        p.identifiants.caf.as_deref().unwrap_or(""),
    );
    line(
        "Id. France Travail",
        p.identifiants.france_travail.as_deref().unwrap_or(""),
    );
    if let Some(r) = &p.representant {
        line("Représenté(e) par", &r.nom);
    }
    s
}

/// A date in French: 15/03/2026.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Courrier => "courrier simple",
        Channel::Lrar => "lettre recommandée avec AR",
        Channel::Email => "e-mail",
        Channel::Formulaire => "formulaire en ligne",
        Channel::MainPropre => "remise en main propre",
    }
}

pub fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::DonneesCommuniquees => "données communiquées",
        Outcome::CommunicationPartielle => "communication partielle",
        Outcome::Refus => "refus ou restriction",
        Outcome::VerificationsEffectuees => {
            "« les vérifications nécessaires ont été effectuées » (CNIL)"
        }
        Outcome::EffacementFait => "effacement ou rectification faite",
        Outcome::DemandeDePieces => "demande de pièces",
        Outcome::Prorogation => "prorogation du délai notifiée",
        Outcome::Incompetence => "incompétence ou transmission à une autre autorité",
        Outcome::AucuneDonnee => "aucune donnée vous concernant",
    }
}

pub fn event_kind(k: &EventKind) -> String {
    match k {
        EventKind::Brouillon => "brouillon préparé".into(),
        EventKind::Envoye { canal, recommande } => {
            let mut s = String::from("envoyé");
            if let Some(c) = canal {
                let _ = write!(s, " ({})", channel(*c));
            }
            if let Some(r) = recommande {
                let _ = write!(s, ", recommandé n° {r}");
            }
            s
        }
        EventKind::Recu => "reçu par le destinataire (AR)".into(),
        EventKind::Reponse { issue } => format!("réponse : {}", outcome(*issue)),
        EventKind::Relance => "relance envoyée".into(),
        EventKind::Escalade { dossier } => format!("suite donnée : dossier n° {dossier}"),
        EventKind::Note => "note".into(),
        EventKind::Clos => "dossier clos".into(),
    }
}

pub fn unknown_channel(given: &str) -> String {
    format!(
        "Canal « {given} » inconnu. Valeurs possibles : courrier, lrar, email, formulaire, \
         main-propre."
    )
}

pub fn unknown_outcome(given: &str) -> String {
    let all: Vec<&str> = Outcome::ALL.iter().map(|o| o.id()).collect();
    format!(
        "Issue « {given} » inconnue. Valeurs possibles : {}.",
        all.join(", ")
    )
}

pub const OUTCOME_NEEDED: &str =
    "Pour une réponse, indiquez son issue avec --issue (par exemple --issue refus).";

pub fn option_not_for_type(option: &str, kind: &str) -> String {
    format!("L'option {option} ne s'utilise pas avec --type {kind}.")
}

pub fn unknown_route(code: &str, route: &str, routes: &[&str]) -> String {
    format!(
        "Le fichier {code} n'a pas de démarche « {route} ». Démarches possibles : {}.",
        routes.join(", ")
    )
}

pub fn route_needed(code: &str, routes: &[&str]) -> String {
    format!(
        "Plusieurs démarches sont possibles pour {code} : choisissez avec --demarche ({}).",
        routes.join(", ")
    )
}

pub fn not_a_next_route(route: &str, parent: i64, next: &[String]) -> String {
    if next.is_empty() {
        format!(
            "La démarche du dossier n° {parent} n'ouvre pas d'étape suivante dans le catalogue : \
             « {route} » ne peut pas en être la suite."
        )
    } else {
        format!(
            "« {route} » n'est pas une suite prévue du dossier n° {parent}. Suites possibles : {}.",
            next.join(", ")
        )
    }
}

pub const ENTRY_NEEDED: &str =
    "Indiquez le fichier concerné avec --fichier CODE (ou --suite-de ID).";

pub fn other_entry_for_follow_up(code: &str, parent_code: &str) -> String {
    format!("Le dossier d'origine concerne {parent_code} : sa suite ne peut pas concerner {code}.")
}

pub fn case_closed_msg(id: i64) -> String {
    format!("Dossier n° {id} clos.")
}
