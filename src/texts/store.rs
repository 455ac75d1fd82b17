//! Messages of the encrypted store (opening, locks, errors, backups).

use std::fmt::Display;
use std::path::Path;

pub const WRONG_PASSPHRASE: &str = "Phrase de passe incorrecte : le registre n'a pas pu être \
déchiffré. Il n'a pas été modifié. Réessayez (attention aux majuscules et aux accents).";

pub const EMPTY_PASSPHRASE: &str =
    "La phrase de passe est vide : choisissez-en une (plusieurs mots, faciles à retenir).";

pub const TUI_ALREADY_OPEN: &str = "acces est déjà ouvert dans une autre fenêtre ou un autre \
terminal. Fermez-le d'abord (une seule interface à la fois ; les commandes restent utilisables).";

pub const HELD_EXCLUSIVELY: &str = "Le registre est en cours de restauration ou de mise à jour \
par un autre programme acces. Attendez la fin de l'opération, puis réessayez.";

pub const IN_USE_BY_OTHERS: &str = "Le registre est utilisé par un autre programme acces \
(interface ou commande en cours). Fermez-le, puis réessayez : le registre n'a pas été modifié.";

pub const MIGRATION_NEEDS_EXCLUSIVE: &str = "Le registre doit être mis à jour vers la nouvelle \
version d'acces, mais un autre programme acces l'utilise. Fermez-le, puis réessayez : le \
registre n'a pas été modifié.";

pub const BUSY: &str = "Le registre est occupé par un autre programme acces depuis trop \
longtemps. Rien n'a été enregistré : réessayez dans un instant.";

pub const CORRUPTED: &str = "Le registre est abîmé ou n'est pas un registre acces. Il n'a pas \
été modifié. Restaurez une sauvegarde (acces restaurer FICHIER) ou demandez de l'aide.";

pub const NEWER_VERSION: &str = "Ce registre a été écrit par une version plus récente d'acces. \
Mettez acces à jour ; le registre n'a pas été modifié.";

pub const CASE_CLOSED: &str =
    "Ce dossier est clos : on ne peut plus y ajouter d'événement. Ouvrez un nouveau dossier.";

pub const CLOSE_NEEDS_REASON: &str =
    "Pour clore un dossier, indiquez pourquoi (--motif ou --texte).";

pub const EVENT_BEFORE_OPENING: &str =
    "La date est antérieure à l'ouverture du dossier : vérifiez la date.";

pub const ESCALADE_BY_OPENING: &str = "Une escalade s'enregistre en ouvrant le dossier suivant : \
acces dossier ouvrir --suite-de ID --fichier CODE --demarche ETAPE.";

pub const NOTHING_TO_CANCEL: &str = "Cet événement ne peut pas être annulé : il n'est pas \
dans ce dossier, il est déjà annulé, ou c'est une annulation ou une suite (pour défaire une \
suite, supprimez le dossier suivant : acces dossier supprimer ID).";

pub const ESCALATION_OTHER_PERSON: &str =
    "Le dossier de suite doit concerner la même personne que le dossier d'origine.";

pub const IMPORT_DUPLICATE_IDS: &str =
    "Fichier d'import incohérent : le même identifiant apparaît deux fois. Rien n'a été importé.";

pub const NOT_A_BACKUP: &str =
    "Ce fichier n'est pas une sauvegarde acces (fichier age chiffré par phrase de passe).";

pub const BACKUP_NOT_PASSPHRASE: &str = "Cette sauvegarde age n'est pas chiffrée par phrase de \
passe : acces ne sait pas l'ouvrir.";

pub const BACKUP_WRONG_PASSPHRASE: &str = "Phrase de passe incorrecte pour cette sauvegarde. \
Rien n'a été modifié.";

pub const BACKUP_TOO_COSTLY: &str =
    "Cette sauvegarde demande un calcul trop long pour être ouverte sur cette machine.";

pub const BACKUP_DAMAGED: &str =
    "La sauvegarde est abîmée (contenu incomplet ou modifié). Rien n'a été modifié.";

pub const BACKUP_NEEDS_PASSPHRASE: &str = "Une sauvegarde se chiffre avec la phrase de passe \
     elle-même : tapez-la (le registre déverrouillé ne suffit pas).";
pub const PROMPT: &str = "Phrase de passe du registre acces : ";
pub const PROMPT_NEW: &str =
    "Nouveau registre acces. Choisissez une phrase de passe (elle chiffre vos données) : ";
pub const PROMPT_CURRENT: &str = "Phrase de passe du registre actuel (celui qui sera remplacé) : ";
pub const PROMPT_CONFIRM: &str = "Retapez-la pour confirmer : ";
pub const PROMPT_MISMATCH: &str =
    "Les deux saisies sont différentes : rien n'a été créé. Relancez la commande.";
pub const PROMPT_REMINDER: &str = "Retenez-la bien : sans elle, personne (pas même vous) ne \
pourra relire le registre.";

pub fn cannot_read_prompt(e: &dyn Display) -> String {
    format!(
        "Impossible de lire la phrase de passe ({e}). Hors d'un terminal, utilisez \
         ACCES_PASSPHRASE ou --passphrase-file FICHIER."
    )
}

pub fn cannot_read_passphrase_file(path: &Path, e: &dyn Display) -> String {
    format!(
        "Impossible de lire le fichier de phrase de passe {} : {e}.",
        path.display()
    )
}

pub fn no_data_dir() -> &'static str {
    "Impossible de trouver le dossier de données de cet utilisateur : indiquez-en un avec \
     --data-dir DOSSIER ou ACCES_DATA_DIR."
}

pub fn cannot_open_lock(path: &Path, e: &dyn Display) -> String {
    format!(
        "Impossible d'ouvrir le fichier de verrou {} : {e}.",
        path.display()
    )
}

pub fn lock_failed(e: &dyn Display) -> String {
    format!("Impossible de verrouiller le registre : {e}.")
}

pub fn backup_encrypt_failed(e: &dyn Display) -> String {
    format!("Chiffrement de la sauvegarde impossible : {e}.")
}

pub fn io_failed(e: &dyn Display) -> String {
    format!(
        "Lecture ou écriture du registre impossible ({e}). Vérifiez l'espace disque et les \
         droits du dossier de données."
    )
}

pub fn internal(e: &dyn Display) -> String {
    format!("Erreur inattendue du registre : {e}. Rien n'a été enregistré.")
}

pub fn cannot_create_dir(dir: &Path, e: &dyn Display) -> String {
    format!(
        "Impossible de créer le dossier de données {} : {e}.",
        dir.display()
    )
}

pub fn cannot_create_store(path: &Path, e: &dyn Display) -> String {
    format!("Impossible d'écrire {} : {e}.", path.display())
}

pub fn cannot_read_store(path: &Path, e: &dyn Display) -> String {
    format!("Impossible de lire le registre {} : {e}.", path.display())
}

pub fn not_a_store(path: &Path) -> String {
    format!(
        "{} n'est pas un registre acces (ou il est abîmé). Il n'a pas été modifié. Choisissez \
         un autre dossier avec --data-dir, ou restaurez une sauvegarde.",
        path.display()
    )
}

pub fn no_store(dir: &Path) -> String {
    format!(
        "Aucun registre acces dans {}. Il est créé à la première commande qui enregistre \
         quelque chose (par exemple acces personne ajouter).",
        dir.display()
    )
}

pub fn integrity_failed(report: &str) -> String {
    format!("Le registre est abîmé (contrôle d'intégrité : {report}).")
}

pub fn unknown_person(id: i64) -> String {
    format!("Aucune personne n° {id} dans le registre (acces personne liste).")
}

pub fn unknown_case(id: i64) -> String {
    format!("Aucun dossier n° {id} dans le registre (acces dossier liste).")
}

pub fn person_changed_since(id: i64) -> String {
    format!(
        "La personne n° {id} a été modifiée depuis que ce fichier a été lu. Rien n'a été \
         écrit, pour ne pas effacer cette modification : relisez la fiche (acces personne voir \
         {id} --json), reportez-y vos changements, puis recommencez."
    )
}

pub fn import_format(n: u32) -> String {
    format!("Format d'export {n} inconnu : ce fichier vient d'une autre version d'acces.")
}

pub fn import_broken_link(case: i64) -> String {
    format!(
        "Fichier d'import incohérent : le dossier {case} renvoie à une personne ou un dossier \
         absent. Rien n'a été importé."
    )
}

pub fn import_broken_event(event: i64) -> String {
    format!(
        "Fichier d'import incohérent : l'événement {event} renvoie à un dossier absent (ou son \
         numéro est en double). Rien n'a été importé."
    )
}

/// `acces deverrouiller`: done.
pub fn unlocked(minutes: u32) -> String {
    format!(
        "Registre déverrouillé pour {minutes} min : les commandes acces de cette session ne \
         demanderont pas la phrase de passe. « acces verrouiller » l'oublie tout de suite."
    )
}

pub const LOCKED: &str = "Registre verrouillé : la phrase de passe sera demandée à la prochaine \
     commande.";
pub const ALREADY_LOCKED: &str = "Le registre n'était pas déverrouillé : la phrase de passe est déjà demandée à chaque commande.";
pub const NO_KEYRING: &str = "Ce système n'offre pas de trousseau de clés utilisable par acces \
     (sous Linux, le trousseau du noyau) : la phrase de passe sera demandée à chaque commande.";

pub fn keyring_failed(e: &str) -> String {
    format!(
        "Le trousseau de clés du système a refusé la clé ({e}) : la phrase de passe sera \
         demandée à chaque commande."
    )
}

pub const UNLOCK_NEEDS_STORE: &str = "Il n'y a pas encore de registre à déverrouiller : créez-le d'abord (par exemple avec \
     « acces personne ajouter »).";

pub fn bad_duration(input: &str) -> String {
    format!(
        "Durée « {input} » invalide : écrivez un nombre suivi de s, m ou h (par exemple 15m ou \
         2h), entre 1 minute et 12 heures."
    )
}
pub const RESTORE_NOT_SEALED: &str = "La restauration n'a pas pu être écrite complètement sur \
     le disque (plein ?). Le registre actuel n'a pas été modifié. Libérez de la place et \
     recommencez.";

pub const RESTORE_WRONG_CURRENT_PASSPHRASE: &str = "Phrase de passe incorrecte pour le \
     registre actuel : il ne sera remplacé qu'avec sa propre phrase de passe. Rien n'a été \
     modifié.";

pub fn store_missing_beside(dir: &Path, files: &[String]) -> String {
    format!(
        "Le dossier de données {} ne contient pas de registre acces.db, mais contient : {}. \
         Une restauration ou une mise à jour a peut-être été interrompue. Aucun registre vide \
         n'a été créé. Pour reprendre une copie gardée (acces-avant-….db, la plus récente en \
         général), renommez-la en acces.db ; pour partir d'un registre vide, déplacez ces \
         fichiers ailleurs.",
        dir.display(),
        files.join(", ")
    )
}

pub fn swept(files: &[String]) -> String {
    format!(
        "Fichiers temporaires d'une restauration ou d'un changement de phrase de passe \
         interrompu supprimés : {}. Le registre n'a pas été modifié.",
        files.join(", ")
    )
}

pub fn passphrase_file_readable_by_others(path: &Path) -> String {
    format!(
        "Attention : d'autres comptes de cet ordinateur peuvent lire le fichier de phrase de \
         passe {}. Réservez-le à vous seul : chmod 600 {}",
        path.display(),
        path.display()
    )
}

pub const EMPTY_PASSPHRASE_EXISTING: &str = "Phrase de passe vide : le registre existant n'a \
     pas été ouvert. Tapez la phrase de passe choisie à sa création.";

pub fn verify_page(detail: &str) -> String {
    format!("page du fichier abîmée ou modifiée ({detail})")
}

pub fn verify_structure(detail: &str) -> String {
    format!("structure de la base abîmée ({detail})")
}

pub fn verify_link(table: &str, row: &str, parent: &str) -> String {
    let what = match table {
        "cases" => "le dossier",
        "events" => "l'événement",
        "persons" => "la personne",
        _ => "la ligne",
    };
    let to = match parent {
        "cases" => "un dossier",
        "persons" => "une personne",
        _ => "une ligne",
    };
    format!("{what} n° {row} renvoie à {to} qui n'existe pas")
}

pub const VERIFY_OK: &str = "Registre vérifié : aucun problème (chaque page du fichier, la \
     structure de la base, les liens entre personnes, dossiers et événements).";

pub fn verify_failed(problems: &[String]) -> String {
    let mut s = format!("Le registre est abîmé ({} problème(s)) :\n", problems.len());
    for p in problems {
        s.push_str("  – ");
        s.push_str(p);
        s.push('\n');
    }
    s.push_str(
        "Ne l'utilisez plus pour enregistrer : restaurez la dernière sauvegarde (acces \
         restaurer FICHIER --remplacer) ou une copie gardée (acces-avant-….db).",
    );
    s
}

pub const DAMAGED_NOT_PASSPHRASE: &str = "Le registre est abîmé : la phrase de passe est la \
     bonne (la plupart des pages se lisent), mais le début du fichier est endommagé. Il n'a \
     pas été modifié. Restaurez la dernière sauvegarde (acces restaurer FICHIER --remplacer) \
     ou une copie gardée (acces-avant-….db).";
