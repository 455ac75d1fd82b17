//! The catalogue files compiled into the binary, so acces works from any directory.
//! `tests/catalogue_files.rs` checks that this list matches `requests/` exactly.

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../requests/", $path)))),*]
    };
}

/// (path relative to `requests/`, contents)
pub static EMBEDDED_FILES: &[(&str, &str)] = embed![
    "autorites/commun.json",
    "autorites/police.json",
    "autorites/social.json",
    "fichiers/accred.json",
    "fichiers/caf-score.json",
    "fichiers/cjn.json",
    "fichiers/cnam-c2s.json",
    "fichiers/cristina.json",
    "fichiers/easp.json",
    "fichiers/faed.json",
    "fichiers/fijais.json",
    "fichiers/fijait.json",
    "fichiers/fnaeg.json",
    "fichiers/fpr.json",
    "fichiers/fsprt.json",
    "fichiers/ft-controle.json",
    "fichiers/ft-employabilite.json",
    "fichiers/ft-jre.json",
    "fichiers/ft-suspicion.json",
    "fichiers/gesterext.json",
    "fichiers/gipasp.json",
    "fichiers/interpol.json",
    "fichiers/n-sis.json",
    "fichiers/pasp.json",
    "fichiers/taj.json",
    "fichiers/tes.json",
    "schema.json",
    "situations.json",
];
