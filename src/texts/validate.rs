//! Messages shown next to a field whose value is not valid.

pub const REQUIRED: &str = "Ce champ est obligatoire.";
pub const DATE_EMPTY: &str = "Indiquez une date (AAAA-MM-JJ ou JJ/MM/AAAA).";
pub const DATE_IN_FUTURE: &str = "Cette date est dans le futur : notez l'envoi une fois fait.";

pub fn date_invalid(s: &str) -> String {
    format!(
        "« {s} » n'est pas une date valide ou n'existe pas dans le calendrier. \
         Écrivez-la AAAA-MM-JJ (2026-03-15) ou JJ/MM/AAAA (15/03/2026)."
    )
}

pub fn date_out_of_range(s: &str) -> String {
    format!("« {s} » : l'année doit être comprise entre 1900 et 2200.")
}

pub fn postal_code_invalid(s: &str) -> String {
    format!("« {s} » n'est pas un code postal : il faut 5 chiffres (par exemple 75011).")
}

pub fn email_invalid(s: &str) -> String {
    format!("« {s} » n'est pas une adresse e-mail valide (exemple : prenom.nom@exemple.fr).")
}

pub fn departement_invalid(s: &str) -> String {
    format!("« {s} » n'est pas un numéro de département (01 à 95, 2A, 2B, ou 971 à 976).")
}

pub const BIRTH_IN_FUTURE: &str = "La date de naissance ne peut pas être dans le futur.";
pub const BIRTH_TOO_OLD: &str =
    "Cette date de naissance remonte à plus de 130 ans : vérifiez l'année.";

fn fr(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn event_in_future(d: chrono::NaiveDate) -> String {
    format!(
        "Le {} est dans le futur : un envoi, un accusé de réception, une réponse ou une relance \
         se note une fois arrivé.",
        fr(d)
    )
}

pub fn receipt_before_sending(d: chrono::NaiveDate, sent: chrono::NaiveDate) -> String {
    format!(
        "La réception ({}) ne peut pas précéder l'envoi ({}). Vérifiez les dates (un événement \
         mal daté se corrige : acces evenement corriger).",
        fr(d),
        fr(sent)
    )
}

pub fn reply_before_sending(d: chrono::NaiveDate, sent: chrono::NaiveDate) -> String {
    format!(
        "La réponse ({}) ne peut pas précéder l'envoi ({}). Vérifiez les dates (un événement \
         mal daté se corrige : acces evenement corriger).",
        fr(d),
        fr(sent)
    )
}

pub fn reminder_before_sending(d: chrono::NaiveDate, sent: chrono::NaiveDate) -> String {
    format!(
        "La relance ({}) ne peut pas précéder l'envoi de la demande ({}).",
        fr(d),
        fr(sent)
    )
}

pub fn sending_after_answer(d: chrono::NaiveDate, answer: chrono::NaiveDate) -> String {
    format!(
        "L'envoi ({}) ne peut pas suivre la réception ou la réponse déjà notée ({}). Vérifiez \
         les dates.",
        fr(d),
        fr(answer)
    )
}

pub const CONTROL_CHARACTERS: &str =
    "Ce texte contient des caractères de contrôle (saut de ligne, échappement…) : retirez-les.";

pub fn too_long(max: usize) -> String {
    format!("Ce texte est trop long : {max} caractères au plus.")
}

pub fn too_many_lines(max: usize) -> String {
    format!("{max} lignes au plus.")
}

pub fn snapshot_bad_id(what: &str, id: i64) -> String {
    format!("{what} n° {id} : un numéro doit être un entier positif")
}

pub fn snapshot_person(id: i64, problem: &str) -> String {
    format!("personne n° {id}, {problem}")
}

pub const BAD_TIMESTAMP: &str =
    "date et heure illisibles (attendu : la forme RFC 3339, par exemple 2026-11-30T08:15:00Z)";

pub const EMPTY_RECIPIENT: &str = "le destinataire est vide";

pub fn duplicate_uid(uid: &str) -> String {
    format!("l'identifiant {uid} apparaît deux fois")
}

pub fn snapshot_case(id: i64, problem: &str) -> String {
    format!("dossier n° {id} : {problem}")
}

pub fn snapshot_event(id: i64, problem: &str) -> String {
    format!("événement n° {id} : {problem}")
}

pub fn unknown_code(code: &str, route: &str) -> String {
    format!("la démarche « {route} » du fichier « {code} » n'est pas dans le catalogue")
}

pub const FOLLOW_UP_CYCLE: &str =
    "ses dossiers précédents (suite_de) forment une boucle qui revient à lui";

pub const ESCALATION_WITHOUT_FOLLOW_UP: &str =
    "cette escalade renvoie à un dossier qui n'est pas la suite de celui-ci";

pub fn event_rule(p: &crate::cases::EventProblem) -> String {
    use crate::cases::EventProblem as P;
    match p {
        P::CaseClosed => "enregistré après la clôture du dossier".into(),
        P::CloseNeedsReason => "une clôture doit dire pourquoi (texte vide)".into(),
        P::EscaladeByOpening => "une escalade s'enregistre en ouvrant le dossier suivant".into(),
        P::NothingToCancel => {
            "cette annulation ne désigne aucun événement en vigueur du dossier".into()
        }
    }
}

pub fn snapshot_invalid(problems: &[String]) -> String {
    let mut s = String::from(
        "Ce fichier ne respecte pas les règles d'acces ; rien n'a été importé ni restauré :\n",
    );
    for p in problems {
        s.push_str("  – ");
        s.push_str(p);
        s.push('\n');
    }
    s.pop();
    s
}

pub fn person_invalid(problems: &[String]) -> String {
    let mut s = String::from("Cette personne n'a pas été enregistrée :\n");
    for p in problems {
        s.push_str("  – ");
        s.push_str(p);
        s.push('\n');
    }
    s.pop();
    s
}
