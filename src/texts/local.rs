//! Local recipients: problems found by the verifier, and the proposal shown to the person.

use std::fmt::Write;

use crate::catalogue::{Confidence, Locality, Place};
use crate::local::{Candidate, Commune, Entity, PlaceFrom, Resolution, SearchPlace, Why};

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
    several_communes_for(cp, communes, "--commune")
}

/// The postal code given with an option serves several communes: `option` names the one
/// that says which.
pub fn several_communes_for(cp: &str, communes: &[&Commune], option: &str) -> String {
    let mut out = format!(
        "Le code postal {cp} dessert plusieurs communes ; précisez-la avec {option} NOM :\n"
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

/// Shown on stderr by `acces lettre` when it fills the recipient itself; `place` is
/// [`place_used`].
pub fn letter_proposed(entity: &Entity, w: &Why, place: &str) -> String {
    format!(
        "Destinataire proposé : {} ({}).\n  {place}\n  {}\n  Pour un autre destinataire : \
         --champ \"destinataire_adresse=ligne 1|ligne 2|code postal et ville\".",
        entity.name,
        why(w),
        entity_source(entity)
    )
}

/// Where the recipient was looked for, and where that place comes from.
pub fn place_used(
    place: &SearchPlace,
    locality: Option<&Locality>,
    commune: Option<&Commune>,
) -> String {
    let procedure = locality.is_some_and(|l| l.place == Place::Procedure);
    // The residence as the person wrote it; a place given, by its official name.
    let nom = match (place.origine, &place.commune, commune) {
        (PlaceFrom::Residence, Some(typed), _) => Some(typed.as_str()),
        (_, _, Some(c)) => Some(c.nom.as_str()),
        (_, typed, None) => typed.as_deref(),
    };
    let name = match nom {
        Some(n) => format!("{} {n}", place.code_postal),
        None => place.code_postal.clone(),
    };
    match (place.origine, procedure) {
        (PlaceFrom::Residence, true) => {
            format!("Lieu de la procédure : le même que votre domicile ({name}).")
        }
        (PlaceFrom::Given, true) => {
            format!("Lieu de la procédure : {name}, comme vous l’avez indiqué.")
        }
        (PlaceFrom::Residence, false) => format!("Lieu retenu : votre domicile ({name})."),
        (PlaceFrom::Given, false) => format!("Lieu retenu : {name}, comme vous l’avez indiqué."),
    }
}

/// `acces lettre --lieu-procedure` for a route whose recipient does not depend on it.
pub fn procedure_place_unfit(locality: Option<&Locality>) -> String {
    let tail = match locality {
        Some(l) if l.fixed.is_some() => {
            " : cette démarche a un destinataire désigné quel que soit le lieu".to_string()
        }
        Some(l) => format!(
            " : pour cette démarche, le lieu qui compte est {}",
            place_label(l.place)
        ),
        None => " : le destinataire de cette démarche ne dépend pas du lieu".to_string(),
    };
    format!(
        "--lieu-procedure ne sert qu’aux démarches dont le destinataire est celui du lieu de la \
         procédure{tail}. Retirez l’option."
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
     celui de ce lieu : donnez-le avec --lieu-procedure CP (et --commune-procedure NOM si le \
     code postal dessert plusieurs communes)."
}

/// The help of the recipient field in the TUI assistant when acces proposes one (the place
/// it was looked for is in the line of what is chosen, [`place_chosen`]).
pub fn tui_proposed(entity: &Entity, w: &Why) -> String {
    let mut out = format!("Proposé : {} ({}). ", entity.name, why(w));
    let _ = write!(
        out,
        "{} Modifiez ou remplacez l’adresse si besoin.",
        entity_source(entity)
    );
    out
}

// ------------------------------------------------------------------ the Assistant's question

pub const WIZ_STEP_PLACE: &str = "3 bis. Où a eu lieu la procédure ?";
pub const PLACE_WHERE: &str = "Lieu de la procédure";
pub const PLACE_ELSEWHERE: &str = "Ailleurs : je donne son code postal";
pub const PLACE_POSTAL_CODE: &str = "Code postal de ce lieu";
pub const PLACE_POSTAL_CODE_HINT: &str = "5 chiffres";
pub const PLACE_COMMUNE: &str = "Commune";

/// The place of the proceedings in the Assistant's line of what is chosen.
pub fn place_chosen(place: Option<&SearchPlace>) -> String {
    match place {
        None => "procédure : même lieu que le domicile".into(),
        Some(p) => match &p.commune {
            Some(c) => format!("procédure : {} {c}", p.code_postal),
            None => format!("procédure : {}", p.code_postal),
        },
    }
}

/// The quick answer: the place of the proceedings is the person's residence.
pub fn place_same_as_home(code_postal: &str, commune: &str) -> String {
    format!("Même lieu que mon domicile ({code_postal} {commune})")
}

/// The help of the question: why it is asked (the route's rule and note, from the catalogue).
pub fn place_help(locality: Option<&Locality>) -> String {
    let mut out = String::from(
        "Le destinataire de cette lettre est celui du lieu de la procédure, qui n’est pas \
         forcément celui de votre domicile. ",
    );
    if let Some(l) = locality {
        let _ = write!(out, "{} ", l.basis);
        if let Some(note) = &l.note {
            let _ = write!(out, "{note} ");
        }
    }
    out.push_str(
        "Choisissez « Ailleurs » avec ← → si l’affaire a été traitée ailleurs, puis donnez le \
         code postal de ce lieu.",
    );
    out
}

/// The help of the commune choice: the communes of the postal code.
pub fn place_choose_commune(names: &[String]) -> String {
    format!(
        "Ce code postal dessert plusieurs communes ({}) : choisissez celle de la procédure avec \
         ← →, puis Entrée.",
        names.join(", ")
    )
}

/// `acces lettre --dossier N` (and the Assistant's reminder): the recipient comes from what
/// the case kept.
pub fn kept_in_case(case: i64) -> String {
    format!(
        "Destinataire : celui choisi pour le dossier n° {case} lors d'une lettre précédente \
         (pour un autre, --champ destinataire_adresse=…)."
    )
}

/// The letter is saved but its recipient could not be kept in the case.
pub fn recipient_not_kept(why: &str) -> String {
    format!("(Le destinataire n'a pas pu être gardé dans le dossier : {why})")
}
