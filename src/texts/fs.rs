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
