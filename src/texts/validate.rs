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
