//! French text of the letters module for the person who fills a letter in: field labels and
//! help, the warnings shown before output, and `LetterError` messages. What the letter itself
//! says is in `letter_phrases.rs`, the `acces lettre` lines in `cli.rs`.

use crate::catalogue::Authority;

/// Label and help of a field, independent of the letter.
pub fn field_label_help(key: &str) -> (&'static str, &'static str) {
    match key {
        "civilite" => ("Civilité", "« Madame », « Monsieur », ou rien. Facultatif."),
        "nom" => (
            "Nom",
            "Votre nom d’usage, tel qu’il figure sur votre pièce d’identité.",
        ),
        "nom_naissance" => (
            "Nom de naissance",
            "Seulement s’il diffère de votre nom d’usage.",
        ),
        "prenoms" => ("Prénoms", "Tous vos prénoms, dans l’ordre de l’état civil."),
        "date_naissance" => (
            "Date de naissance",
            "AAAA-MM-JJ ou JJ/MM/AAAA. Les fichiers de police et de justice vous identifient par vos date et lieu de naissance.",
        ),
        "lieu_naissance" => (
            "Lieu de naissance",
            "Commune (et département ou pays) de naissance, par exemple « Lyon (Rhône) ».",
        ),
        "adresse" => (
            "Adresse",
            "Numéro et rue, complément ; une ligne par élément (en ligne de commande, séparez les lignes par « | »).",
        ),
        "code_postal" => ("Code postal", "Cinq chiffres."),
        "commune" => ("Commune", "La commune de votre adresse."),
        "email" => (
            "Adresse e-mail",
            "Facultative pour une lettre postale ; obligatoire pour préparer un e-mail (.eml).",
        ),
        "telephone" => ("Téléphone", "Facultatif."),
        "identifiant_caf" => (
            "Numéro allocataire CAF",
            "Il figure sur vos courriers de la CAF et dans votre espace personnel caf.fr.",
        ),
        "identifiant_france_travail" => (
            "Identifiant France Travail",
            "Il figure sur vos courriers de France Travail et dans votre espace personnel.",
        ),
        "destinataire_adresse" => (
            "Adresse du destinataire",
            "Une ligne par élément : service ou tribunal, numéro et rue, code postal et ville (en ligne de commande, séparez les lignes par « | »).",
        ),
        "lieu" => (
            "Lieu d’écriture",
            "La ville écrite avant la date ; par défaut, votre commune.",
        ),
        "date_lettre" => (
            "Date de la lettre",
            "AAAA-MM-JJ ou JJ/MM/AAAA ; par défaut, la date du jour.",
        ),
        "date_demande" => (
            "Date de votre première demande",
            "La date d’envoi de la demande précédente (AAAA-MM-JJ ou JJ/MM/AAAA).",
        ),
        "date_reception" => (
            "Date de réception de votre demande",
            "La date portée sur l’accusé de réception, si vous l’avez. Facultatif.",
        ),
        "date_reponse" => (
            "Date de la réponse ou du refus",
            "Si vous avez reçu une réponse (refus, réponse limitée ou incomplète) : sa date. Laissez vide si vous n’avez rien reçu.",
        ),
        "reference_reponse" => (
            "Référence de la réponse",
            "La référence portée sur la réponse reçue, s’il y en a une. Facultatif.",
        ),
        "decision_judiciaire" => (
            "Décision judiciaire",
            "La décision qui justifie la demande, par exemple « classement sans suite », « non-lieu », « relaxe prononcée par le tribunal correctionnel de Lyon ».",
        ),
        "date_decision_judiciaire" => (
            "Date de la décision judiciaire",
            "AAAA-MM-JJ ou JJ/MM/AAAA. Facultatif.",
        ),
        "reference_procedure" => (
            "Référence de la procédure",
            "Numéro de procès-verbal, numéro de parquet, service enquêteur… Facultatif.",
        ),
        "motifs" => (
            "Motifs",
            "Pourquoi l’effacement est justifié : faits, ancienneté, situation personnelle et professionnelle. Un recours non motivé est irrecevable.",
        ),
        "decisions" => (
            "Décisions reçues",
            "Les décisions qui vous ont été notifiées (contrôle, suspension, radiation, sanction, indu), avec leur date. Facultatif.",
        ),
        "organisme_accreditation" => (
            "Employeur ou organisateur",
            "Qui a demandé l’autorisation, l’agrément ou l’accréditation (employeur, organisateur d’un grand événement…). Facultatif.",
        ),
        "date_refus_accreditation" => (
            "Date du refus d’accréditation",
            "Date de la décision de refus d’autorisation, d’agrément ou d’accréditation. Facultatif.",
        ),
        "documents_supplementaires" => (
            "Autres documents demandés",
            "Documents à ajouter à la liste de la lettre ; une ligne par document (en ligne de commande, séparez-les par « | »). Facultatif.",
        ),
        "donnees_a_corriger" => (
            "Données à corriger ou à effacer",
            "Donnée par donnée : ce qui est enregistré, ce qui est exact (ou pourquoi l’effacer), et le justificatif que vous joignez. Par exemple : situation familiale enregistrée « seule », alors que je vis en couple depuis le 1er mars 2026 (attestation jointe).",
        ),
        "precisions" => (
            "Précisions",
            "Tout élément utile à la recherche (autres noms utilisés, faits, dates). Facultatif.",
        ),
        _ => ("", ""),
    }
}

/// Label and help of a field for a given letter (the recipient's address help names the
/// recipient and repeats the catalogue's prompt).
pub fn field_text(key: &str, kind: &str, relance: bool, recipient: &Authority) -> (String, String) {
    let (label, help) = field_label_help(key);
    match key {
        "destinataire_adresse" => {
            let prompt = recipient
                .local_prompt
                .as_deref()
                .unwrap_or("")
                .trim_end_matches('.');
            let help = if prompt.is_empty() {
                format!("{} — {help}", recipient.name)
            } else {
                format!("{} — {prompt}. {help}", recipient.name)
            };
            (label.to_string(), help)
        }
        "date_demande" if kind == "recours_chambre_instruction" && !relance => (
            "Date de votre demande au procureur".to_string(),
            "La date d’envoi de votre demande d’effacement ou de rectification.".to_string(),
        ),
        "date_demande" if relance => (
            "Date de la demande restée sans réponse".to_string(),
            "La date d’envoi de la demande que vous relancez.".to_string(),
        ),
        "date_reponse" if kind == "recours_chambre_instruction" => (
            "Date du refus du procureur".to_string(),
            "Laissez vide si le procureur n’a pas répondu dans les 2 mois (refus implicite)."
                .to_string(),
        ),
        _ => (label.to_string(), help.to_string()),
    }
}

// Warnings shown before output.

pub fn warn_entry(code: &str) -> String {
    format!("Fiche {code}")
}

pub fn warn_route(title: &str) -> String {
    format!("Démarche « {title} »")
}

pub fn warn_recipient(name: &str) -> String {
    format!("Destinataire : {name}")
}

pub fn warn_basis(text: &str, articles: &str) -> String {
    format!(
        "Texte cité : {}",
        super::letter_phrases::citation(text, articles)
    )
}

pub fn warn_deadline(basis: &str) -> String {
    format!("Délai de réponse ({basis})")
}

pub const WARN_NO_NOTE: &str =
    "Confiance faible dans le catalogue, sans explication : vérifiez ce point avant d’envoyer.";

pub fn caution_unknown_field(code: &str, route: &str, key: &str) -> String {
    format!("{code} / {route} : la mise en garde dépend du champ « {key} », qui n’existe pas")
}

pub fn cautions_header() -> &'static str {
    "À savoir avant d’envoyer cette lettre :"
}

pub fn caution_line(text: &str) -> String {
    format!("  – {text}")
}

pub fn warnings_header() -> &'static str {
    "Attention : cette lettre s’appuie sur des faits de confiance faible. Vérifiez-les avant d’envoyer :"
}

pub fn warning_line(fact: &str, why: &str) -> String {
    format!("  – {fact} : {why}")
}

// Errors.

pub fn no_letter(route_title: &str) -> String {
    format!(
        "La démarche « {route_title} » ne se fait pas par une lettre qu’acces rédige ; lisez son explication dans la fiche (acces catalogue CODE)."
    )
}

pub fn no_deadline(route_title: &str) -> String {
    format!(
        "La démarche « {route_title} » n’a pas de délai de réponse du destinataire à rappeler : acces ne prépare pas de relance pour elle."
    )
}

pub fn unknown_recipient(id: &str) -> String {
    format!("Le destinataire « {id} » est absent du catalogue.")
}

pub fn missing(fields: &[(String, String)]) -> String {
    let mut s = String::from("Il manque des informations pour rédiger cette lettre :\n");
    for (key, label) in fields {
        // A label may carry a help line after a line break.
        let (label, help) = label.split_once('\n').unwrap_or((label.as_str(), ""));
        s.push_str(&format!("  – {label} : ajoutez --champ {key}=valeur"));
        if is_person_key(key) {
            s.push_str(&format!(
                " (ou la clé « {} » du fichier personne)",
                person_file_key(key)
            ));
        }
        s.push('\n');
        if !help.is_empty() {
            s.push_str(&format!("    ({help})\n"));
        }
    }
    s.push_str("Les champs de chaque lettre : acces lettre --liste");
    s
}

fn is_person_key(key: &str) -> bool {
    matches!(
        key,
        "civilite"
            | "nom"
            | "nom_naissance"
            | "prenoms"
            | "date_naissance"
            | "lieu_naissance"
            | "adresse"
            | "code_postal"
            | "commune"
            | "email"
            | "telephone"
            | "identifiant_caf"
            | "identifiant_france_travail"
    )
}

fn person_file_key(key: &str) -> String {
    match key {
        "identifiant_caf" => "identifiants.caf".into(),
        "identifiant_france_travail" => "identifiants.france_travail".into(),
        k => k.into(),
    }
}

pub fn invalid(key: &str, message: &str) -> String {
    format!("Champ « {key} » : {message}")
}

pub fn unknown_field(key: &str) -> String {
    format!(
        "Champ inconnu : « {key} ». La liste des champs de chaque lettre : acces lettre --liste"
    )
}

pub fn template_failed(kind: &str) -> String {
    format!(
        "Le modèle de lettre « {kind} » n’a pas pu être rempli : c’est un défaut d’acces, signalez-le."
    )
}

pub fn letters_check_failed(problems: &[String]) -> String {
    let mut s = format!(
        "Le catalogue est valide, mais {} lettre(s) ne peuvent pas être rédigées :\n",
        problems.len()
    );
    for p in problems {
        s.push_str("  – ");
        s.push_str(p);
        s.push('\n');
    }
    s
}

pub fn template_unknown_variable(kind: &str, var: &str) -> String {
    format!("Le modèle « {kind} » utilise la variable « {var} », que acces ne fournit pas.")
}

pub fn pdf_failed() -> String {
    "Le PDF n’a pas pu être produit : c’est un défaut d’acces, signalez-le.".to_string()
}

pub fn eml_needs_email() -> String {
    "Pour préparer un e-mail, indiquez votre adresse e-mail (clé « email » du fichier personne, ou --champ email=…).".to_string()
}

pub fn eml_no_recipient_email(name: &str) -> String {
    format!(
        "Le destinataire ({name}) n’a pas d’adresse e-mail connue : envoyez cette lettre par la poste (choisissez le format PDF ou texte)."
    )
}

pub fn eml_failed() -> String {
    "L’e-mail n’a pas pu être préparé : vérifiez les adresses e-mail.".to_string()
}

/// A letter whose mention of the representative disagrees with what a mandate covers.
pub fn mandate_mismatch(code: &str, route: &str, kind: &str, covered: bool) -> String {
    if covered {
        format!(
            "{code} / {route} ({kind}) : un mandat couvre cette démarche, mais le modèle ne nomme pas le mandataire (variable « mandataire »)."
        )
    } else {
        format!(
            "{code} / {route} ({kind}) : un mandat ne couvre pas cette démarche, mais le modèle nomme le mandataire."
        )
    }
}

#[cfg(test)]
mod face_neutral_tests {
    /// Shared by the CLI and the TUI: no command-line option in the wording.
    #[test]
    fn the_no_recipient_email_message_names_no_command_line_option() {
        assert!(!super::eml_no_recipient_email("CNIL").contains("--"));
    }
}
