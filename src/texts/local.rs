//! Local recipients: problems found by the verifier, and the proposal shown to the person.

use std::fmt::Write;

use crate::catalogue::{Confidence, Locality, Place};
use crate::local::{Candidate, Commune, Entity, Resolution, Why};

// ------------------------------------------------------------------ verifier problems

pub fn missing_local_file() -> String {
    "fichier manquant : local/ doit contenir communes.tsv, juridictions.json et organismes.json"
        .into()
}

pub fn missing_departement(code: &str) -> String {
    format!("le département {code} a des communes mais aucune juridiction")
}

pub fn wrong_reference(id: &str, family: &str) -> String {
    format!("« {id} » n’est pas une juridiction de la famille « {family} »")
}

pub fn no_court_without_note(code: &str) -> String {
    format!(
        "le département {code} n’a pas de tribunal judiciaire ou de cour d’appel, \
         et aucune note ne dit pourquoi"
    )
}

pub fn tj_outside_ca(tj: &str, ca: &str) -> String {
    format!("le tribunal « {tj} » ne relève pas de la cour d’appel « {ca} » du département")
}

pub fn address_without_postal_code(id: &str) -> String {
    format!("« {id} » : la dernière ligne de l’adresse ne commence pas par un code postal")
}

pub fn address_without_seat(id: &str) -> String {
    format!("« {id} » : adresse sans commune de siège à laquelle vérifier le code postal")
}

pub fn unknown_seat(id: &str, insee: &str) -> String {
    format!("« {id} » : la commune de siège {insee} n’existe pas dans communes.tsv")
}

pub fn postal_code_not_in_commune(id: &str, cp: &str, commune: &str, insee: &str) -> String {
    format!(
        "« {id} » : le code postal {cp} n’est pas un code postal de la commune {commune} \
         ({insee}) ; corrigez l’adresse ou retirez-la"
    )
}

pub fn locality_missing(recipient: &str) -> String {
    format!(
        "le destinataire « {recipient} » dépend du lieu : la démarche doit dire quel lieu compte \
         (« locality » : residence, procedure ou seat)"
    )
}

pub fn locality_not_local(recipient: &str) -> String {
    format!("« locality » est inutile : acces ne cherche pas « {recipient} » selon le lieu")
}

pub fn locality_bad_fixed(fixed: &str, recipient: &str) -> String {
    format!(
        "« fixed » : « {fixed} » n’est pas une juridiction possible pour « {recipient} », \
         ou le lieu n’est pas « seat »"
    )
}

pub fn locality_place_unfit(recipient: &str) -> String {
    format!(
        "ce lieu ne convient pas à « {recipient} » : « procedure » vaut pour le procureur et la \
         chambre de l’instruction, « seat » pour le tribunal administratif"
    )
}

pub fn local_data_broken() -> &'static str {
    "Les tables des destinataires locaux intégrées au programme sont invalides : ce programme a \
     été mal construit. Saisissez l’adresse du destinataire vous-même."
}

// ------------------------------------------------------------------ the proposal

pub fn place_label(place: Place) -> &'static str {
    match place {
        Place::Residence => "votre domicile",
        Place::Procedure => "le lieu de la procédure",
        Place::Seat => "le siège de l’autorité qui a pris la décision",
    }
}

pub fn commune_label(c: &Commune) -> String {
    format!("{} ({}, {})", c.nom, c.codes_postaux.join(", "), c.insee)
}

fn confidence_word(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "élevée",
        Confidence::Medium => "moyenne",
        Confidence::Low => "faible",
    }
}

pub fn why(why: &Why) -> String {
    match why {
        Why::Fixed => "le tribunal désigné par la démarche, quel que soit votre domicile".into(),
        Why::Departement {
            code, nom, commune, ..
        } => format!("la juridiction du département {nom} ({code}), où se trouve {commune}"),
        Why::SeatInCommune {
            code,
            nom,
            commune,
            chambre: None,
            ..
        } => format!(
            "le tribunal qui siège à {commune} ({nom}, {code}) : la commune où siège un \
             tribunal est dans son ressort"
        ),
        Why::SeatInCommune {
            code,
            nom,
            commune,
            chambre: Some(ch),
            ..
        } => format!("le tribunal de la chambre de proximité de {ch}, à {commune} ({nom}, {code})"),
    }
}

/// The source line of a proposed entity.
pub fn entity_source(e: &Entity) -> String {
    let mut out = format!(
        "Confiance {} : {}",
        confidence_word(e.confidence),
        e.confidence_note
    );
    if e.sources.iter().any(|s| s == "srj-structures") {
        out.push_str(
            " Source : ministère de la Justice, données géocodées des structures de la Justice \
             (2025, Licence Ouverte) ; ressorts : COJ tableau IV et CJA R.221-3.",
        );
    } else if e.sources.iter().any(|s| s == "coj-cja") {
        out.push_str(" Ressort : COJ tableau IV et CJA R.221-3.");
    }
    out
}

fn candidate_line(c: &Candidate<'_>) -> String {
    let mut line = c.entity.name.clone();
    if !c.chambres_de_proximite.is_empty() {
        let _ = write!(
            line,
            " — chambre(s) de proximité : {}",
            c.chambres_de_proximite.join(", ")
        );
    }
    if let Some(note) = &c.note {
        let _ = write!(line, " — {note}");
    }
    line
}

/// The plain-text report of `acces destinataire`.
pub fn report(
    recipient_name: &str,
    locality: Option<&Locality>,
    commune: Option<&Commune>,
    resolution: &Resolution<'_>,
    prompt: Option<&str>,
) -> String {
    let mut out = format!("Destinataire : {recipient_name}\n");
    if let Some(l) = locality {
        let _ = writeln!(
            out,
            "Lieu qui compte : {} — {}",
            place_label(l.place),
            l.basis
        );
        if let Some(note) = &l.note {
            let _ = writeln!(out, "À savoir : {note}");
        }
    }
    if let Some(c) = commune {
        let _ = writeln!(out, "Commune : {}", commune_label(c));
    }
    match resolution {
        Resolution::Proposed { entity, why: w } => {
            let _ = writeln!(out, "Proposé : {} ({})", entity.name, why(w));
            if entity.address_lines.is_empty() {
                let _ = writeln!(
                    out,
                    "Adresse : inconnue d’acces ; saisissez-la (par exemple --champ \
                     \"destinataire_adresse={}|rue|code postal et ville\")",
                    entity.name
                );
            } else {
                out.push_str("Adresse :\n");
                for l in &entity.address_lines {
                    let _ = writeln!(out, "  {l}");
                }
            }
            let _ = writeln!(out, "D’où vient cette adresse : {}", entity_source(entity));
        }
        Resolution::Choice { candidates, why: w } => {
            let _ = writeln!(
                out,
                "Plusieurs tribunaux possibles ({}) ; choisissez celui dont relève la commune \
                 (les chambres de proximité aident à choisir) :",
                why(w)
            );
            for (i, c) in candidates.iter().enumerate() {
                let _ = writeln!(out, "  {}. {}", i + 1, candidate_line(c));
                for l in c.entity.address_lines.iter().skip(1) {
                    let _ = writeln!(out, "       {l}");
                }
            }
            out.push_str(
                "La liste officielle commune → tribunal n’a pas pu être intégrée : en cas de \
                 doute, la mairie ou le greffe vous le dira.\n",
            );
        }
        Resolution::NeedsPlace => {
            out.push_str(
                "Indiquez la commune (code postal et nom) pour trouver le destinataire.\n",
            );
        }
        Resolution::Typed { hint } => {
            out.push_str("acces ne connaît pas d’adresse à jour : saisissez-la.\n");
            if let Some(h) = hint {
                let _ = writeln!(out, "Où la trouver : {h}");
            } else if let Some(p) = prompt {
                let _ = writeln!(out, "À saisir : {p}");
            }
        }
        Resolution::NotLocal => {
            out.push_str("Ce destinataire a une adresse fixe (voir la fiche) : rien à chercher.\n");
        }
    }
    out
}

pub fn several_communes(cp: &str, communes: &[&Commune]) -> String {
    let mut out = format!(
        "Le code postal {cp} dessert plusieurs communes ; précisez-la avec --commune NOM :\n"
    );
    for c in communes {
        let _ = writeln!(out, "  {}", commune_label(c));
    }
    out
}

pub fn unknown_postal_code(cp: &str) -> String {
    format!("Aucune commune n’a le code postal « {cp} » (code officiel géographique 2026).")
}

pub fn route_needed() -> &'static str {
    "Indiquez la démarche : --demarche CODE/DEMARCHE (par exemple --demarche taj/effacement)."
}

pub fn place_needed() -> &'static str {
    "Indiquez le lieu : --code-postal CP [--commune NOM], ou --personne FICHIER|NUMERO."
}

pub fn bad_route_spec(spec: &str) -> String {
    format!(
        "« {spec} » n’est pas de la forme CODE/DEMARCHE (par exemple taj/effacement ; \
         « acces catalogue CODE » liste les démarches)."
    )
}

/// Shown on stderr by `acces lettre` when it fills the recipient itself.
pub fn letter_proposed(entity: &Entity, w: &Why) -> String {
    format!(
        "Destinataire proposé : {} ({}).\n  {}\n  Pour un autre destinataire : --champ \
         \"destinataire_adresse=ligne 1|ligne 2|code postal et ville\".",
        entity.name,
        why(w),
        entity_source(entity)
    )
}

/// Shown on stderr by `acces lettre` when it cannot choose the recipient itself.
pub fn letter_not_proposed(report: &str) -> String {
    format!(
        "{report}Donnez l’adresse choisie avec --champ \
         \"destinataire_adresse=ligne 1|ligne 2|code postal et ville\"."
    )
}

pub fn procedure_elsewhere() -> &'static str {
    "La procédure a eu lieu ailleurs que dans votre commune ? Le tribunal compétent est alors \
     celui de ce lieu : « acces destinataire --demarche … --code-postal CP » le trouve."
}

/// The help of the recipient field in the TUI assistant when acces proposes one.
pub fn tui_proposed(entity: &Entity, w: &Why, locality: Option<&Locality>) -> String {
    let mut out = format!("Proposé : {} ({}). ", entity.name, why(w));
    if locality.is_some_and(|l| l.place == Place::Procedure) {
        out.push_str(
            "Si la procédure a eu lieu ailleurs, c’est le tribunal de ce lieu : remplacez \
             l’adresse. ",
        );
    }
    let _ = write!(
        out,
        "{} Modifiez ou remplacez l’adresse si besoin.",
        entity_source(entity)
    );
    out
}
