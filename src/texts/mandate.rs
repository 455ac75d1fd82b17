//! The wording around the « mandat » (`templates/mandat.txt` holds its body): its steps, its
//! signatures, and the messages when it cannot be written.

/// One step named in the mandate, in the person's words: « Traitement d’antécédents
/// judiciaires (TAJ) : demander l’accès aux données me concernant, auprès de : Ministère de
/// l’intérieur ». `letter` is the route's letter kind (the route's `title`, written for the
/// reader of acces, is the fallback); `recipient` is named when the step's own words do not.
pub fn mandate_step(
    designation: &str,
    letter: &str,
    title: &str,
    recipient: Option<&str>,
) -> String {
    let (what, names_recipient) = match letter {
        "acces_titre3" => (
            "demander l’accès aux données me concernant".to_string(),
            false,
        ),
        "cnil_108" => (
            "saisir la CNIL après un refus ou un silence".to_string(),
            true,
        ),
        "cnil_118" => (
            "saisir la CNIL pour la partie sûreté de l’État".to_string(),
            true,
        ),
        "rgpd_algorithme" => (
            "demander mes données, mon score et la logique du traitement qui me l’attribue"
                .to_string(),
            false,
        ),
        "rgpd_rectification" => (
            "demander la rectification ou l’effacement de mes données".to_string(),
            false,
        ),
        "plainte_cnil" => ("porter plainte auprès de la CNIL".to_string(), true),
        _ => (format!("la démarche « {title} »"), false),
    };
    match recipient.filter(|_| !names_recipient) {
        Some(r) => format!("{designation} : {what}, auprès de : {r}"),
        None => format!("{designation} : {what}"),
    }
}

/// Told before the mandate is printed.
pub const MANDATE_CAUTIONS_HEADER: &str = "À savoir avant de faire signer ce mandat :";

/// The signature block: the person's, then the representative's acceptance, with room to
/// sign by hand.
pub fn mandate_signatures(person: &str, representative: &str) -> Vec<String> {
    vec![
        format!("{person}, le mandant"),
        "« Bon pour mandat », signature :".to_string(),
        String::new(),
        String::new(),
        String::new(),
        format!("{representative}, le mandataire"),
        "« Mandat accepté », signature :".to_string(),
        String::new(),
        String::new(),
    ]
}

pub const MANDATE_NO_REPRESENTATIVE: &str = "Cette personne n’a pas de mandataire : indiquez-le d’abord dans sa fiche (rubrique « Représentant » du formulaire, ou « representant » du fichier personne).";

pub fn mandate_nothing_covered(left: &[String]) -> String {
    let mut s = "Aucune démarche choisie ne peut être confiée à un mandataire : un mandat ne couvre que les demandes fondées sur la loi Informatique et Libertés ou le RGPD.".to_string();
    if !left.is_empty() {
        s.push_str(" Démarches choisies : ");
        s.push_str(&left.join(" ; "));
        s.push('.');
    }
    s
}

pub fn mandate_ends_too_soon(until: &str, date: &str) -> String {
    format!("La fin du mandat ({until}) doit venir après sa date ({date}).")
}

pub fn mandate_left_out(left: &[String]) -> String {
    format!(
        "Non couvertes par ce mandat, à signer par la personne elle-même : {}.",
        left.join(" ; ")
    )
}

pub const MANDATE_NO_STEP: &str = "Rien à mettre dans le mandat : cette personne n’a pas de dossier ouvert. Nommez les démarches avec --dossier ID ou --fichier CODE (par exemple --fichier TAJ).";

pub const MANDATE_CASES_NEED_REGISTER: &str = "--dossier désigne un dossier du registre : donnez alors la personne par son numéro (acces personne liste), ou nommez les fichiers avec --fichier CODE.";

pub fn mandate_case_of_another(case: i64, person: i64) -> String {
    format!(
        "Le dossier {case} n’est pas un dossier de la personne {person} : un mandat ne vaut que pour les démarches de la personne qui le signe."
    )
}

pub fn mandate_default_end(until: &str) -> String {
    format!("Le mandat vaut jusqu’au {until} (un an) ; --jusqu-au DATE pour une autre fin.")
}

pub fn mandate_written(path: &std::path::Path) -> String {
    format!("Mandat écrit dans « {} ».", path.display())
}

/// The interface: a person without an open case.
pub const MANDATE_NO_OPEN_CASE: &str = "Cette personne n’a pas de dossier ouvert : ouvrez d’abord les dossiers que le mandat doit couvrir.";

/// The interface: where the mandate was written, and until when it holds.
pub fn mandate_written_until(path: &std::path::Path, until: &str) -> String {
    format!(
        "Mandat à faire signer (jusqu’au {until}) écrit dans « {} ».",
        path.display()
    )
}
