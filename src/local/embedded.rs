//! The local tables compiled into the binary, parsed on first use only (a letter that needs a
//! local recipient, `acces destinataire`, the verifier), never at start-up.

use std::sync::OnceLock;

use super::{BODIES_FILE, COMMUNES_FILE, COURTS_FILE, LocalData};
use crate::catalogue::Problem;

/// (path relative to `requests/`, contents) of the local tables the program reads.
pub static EMBEDDED_LOCAL_FILES: &[(&str, &str)] = &[
    (
        COMMUNES_FILE,
        include_str!("../../requests/local/communes.tsv"),
    ),
    (
        COURTS_FILE,
        include_str!("../../requests/local/juridictions.json"),
    ),
    (
        BODIES_FILE,
        include_str!("../../requests/local/organismes.json"),
    ),
];

static PARSED: OnceLock<Result<LocalData, Vec<Problem>>> = OnceLock::new();

/// The embedded tables, parsed once.
pub fn embedded() -> Result<&'static LocalData, &'static [Problem]> {
    PARSED
        .get_or_init(|| {
            LocalData::parse(
                EMBEDDED_LOCAL_FILES[0].1,
                EMBEDDED_LOCAL_FILES[1].1,
                EMBEDDED_LOCAL_FILES[2].1,
            )
        })
        .as_ref()
        .map_err(Vec::as_slice)
}
