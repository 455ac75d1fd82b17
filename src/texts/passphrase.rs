//! Messages about the passphrase: its length on creation, and `acces phrase-de-passe changer`.

pub const SHORT_WHY: &str = "Cette phrase de passe a moins de 12 caractères. Qui copie le \
     fichier du registre peut essayer des millions de phrases par seconde : une phrase courte se \
     devine vite. Prenez plutôt plusieurs mots que vous retiendrez (« lune cartable orage 42 »).";
pub const CONFIRM_SHORT: &str = "La garder quand même ? Tapez « oui » pour confirmer : ";
pub const SHORT_NOT_CONFIRMED: &str =
    "Phrase de passe refusée (trop courte, non confirmée) : rien n'a été changé.";
pub const SHORT_SCRIPTED: &str = "La nouvelle phrase de passe a moins de 12 caractères : une \
     phrase courte se devine vite si le fichier du registre est copié. Choisissez-en une plus \
     longue, ou ajoutez --phrase-courte pour la garder quand même.";
pub const PROMPT_CURRENT: &str = "Phrase de passe actuelle : ";
pub const PROMPT_NEW: &str = "Nouvelle phrase de passe : ";
pub const PROMPT_CONFIRM: &str = "Retapez la nouvelle pour confirmer : ";
pub const MISMATCH: &str =
    "Les deux saisies de la nouvelle phrase de passe diffèrent : rien n'a été changé.";
pub const SAME: &str =
    "La nouvelle phrase de passe est la même que l'actuelle : rien n'a été changé.";
pub const CHANGED: &str = "Phrase de passe changée. Seule la nouvelle ouvre désormais le \
     registre ; les sauvegardes faites avant restent chiffrées avec l'ancienne.";

/// `why`: the reading problem, worded by `texts::fs` (it names the file).
pub fn cannot_read_new(why: &str) -> String {
    format!("Nouvelle phrase de passe : {why}")
}
