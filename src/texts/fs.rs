//! Messages about files and directories.

use std::path::Path;

pub fn not_a_directory(dir: &Path) -> String {
    format!(
        "« {} » n'est pas un dossier. Indiquez le dossier qui contient schema.json, \
         situations.json, fichiers/ et autorites/.",
        dir.display()
    )
}

pub fn cannot_read(path: &Path, e: &std::io::Error) -> String {
    format!(
        "Impossible de lire « {} » : {}.",
        path.display(),
        io_reason(e)
    )
}

pub fn cannot_write(path: &Path, e: &std::io::Error) -> String {
    format!(
        "Impossible d'écrire « {} » : {}. Aucun fichier n'a été modifié.",
        path.display(),
        io_reason(e)
    )
}

/// The OS reason, in French for the common cases.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "fichier ou dossier introuvable".into(),
        K::PermissionDenied => "permission refusée".into(),
        K::AlreadyExists => "le fichier existe déjà".into(),
        K::StorageFull => "le disque est plein".into(),
        K::ReadOnlyFilesystem => "le disque est en lecture seule".into(),
        K::InvalidData => "contenu illisible (le fichier n'est pas du texte UTF-8)".into(),
        _ => format!("erreur du système ({e})"),
    }
}

pub fn output_in_data_dir(target: &Path, data_dir: &Path) -> String {
    format!(
        "« {} » est dans le dossier de données d'acces ({}) : écrire là pourrait remplacer \
         le registre ou en laisser une copie non chiffrée. Choisissez un fichier ailleurs.",
        target.display(),
        data_dir.display()
    )
}

pub fn not_a_regular_file(path: &Path) -> String {
    format!(
        "« {} » n'est pas un fichier ordinaire (dossier, périphérique, tube ou lien qui ne \
         mène nulle part) : il n'a pas été lu.",
        path.display()
    )
}

pub fn file_too_big(path: &Path, max: u64) -> String {
    format!(
        "« {} » est trop gros (plus de {} Mo) : il n'a pas été lu.",
        path.display(),
        max / (1024 * 1024)
    )
}

pub fn catalogue_too_deep(path: &Path) -> String {
    format!(
        "Le catalogue a trop de niveaux de dossiers (« {} ») : il n'a pas été lu.",
        path.display()
    )
}

pub fn catalogue_too_many(dir: &Path) -> String {
    format!(
        "Le dossier « {} » contient trop de fichiers .json pour un catalogue : il n'a pas été lu.",
        dir.display()
    )
}

pub fn letter_interrupted_recorded(letter: &Path, case: i64) -> String {
    format!(
        "Attention : l'enregistrement d'une lettre a été interrompu. Le dossier n° {case} a \
         été noté dans le registre, mais le fichier de la lettre n'a pas été écrit (« {} »). \
         Ouvrez le dossier n° {case} et refaites la lettre.",
        letter.display()
    )
}

pub fn letter_interrupted_maybe(letter: &Path) -> String {
    format!(
        "Attention : l'enregistrement d'une lettre a été interrompu avant la fin. Le fichier \
         de la lettre n'a pas été écrit (« {} ») et le dossier n'a peut-être pas été noté \
         dans le registre. Vérifiez la liste des dossiers, puis refaites la lettre.",
        letter.display()
    )
}

pub const LETTER_INTERRUPTED_UNKNOWN: &str = "Attention : l'enregistrement d'une lettre a été interrompu avant la fin. La lettre n'a \
     peut-être pas été écrite ni notée dans le registre. Vérifiez la liste des dossiers et \
     vos lettres, puis refaites celle qui manque.";

/// On one line of 80 columns.
pub fn letter_interrupted_short(case: i64) -> String {
    format!("Dossier n° {case} : sa lettre n'a pas été écrite (interruption). Refaites-la.")
}

pub const LETTER_INTERRUPTED_SHORT: &str =
    "Une lettre a été interrompue : vérifiez vos dossiers et refaites-la.";

/// The letter's file name cannot be noted in the letter journal.
pub const JOURNAL_PATH_NOT_UTF8: &str = "Le nom ou le dossier choisi pour la lettre contient des \
caractères illisibles (ce n'est pas de l'UTF-8) : choisissez un autre nom. Rien n'a été écrit.";
