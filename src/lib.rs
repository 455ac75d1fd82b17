//! acces: exercise one's right of access to French police, intelligence and social-benefit
//! files. The core (catalogue, law, letters, cases) does no terminal and no direct I/O;
//! `store` owns persistence, `cli` and `tui` are two faces over the same functions.

pub mod cases;
pub mod catalogue;
pub mod cli;
pub mod error;
pub mod export;
pub mod fsio;
pub mod import;
pub mod law;
pub mod letters;
pub mod person;
pub mod store;
pub mod texts;
pub mod tui;
pub mod validate;

/// Letter kinds that have a template (`templates/<kind>.txt`).
pub fn letter_kinds() -> &'static [&'static str] {
    letters::KINDS
}
