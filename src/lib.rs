//! acces: exercise one's right of access to French police, intelligence and social-benefit
//! files.
//!
//! # Floors
//!
//! From the ground:
//!
//! 1. the model: `catalogue`, `local` (the courts and offices that serve a commune),
//!    `person`, `error`, `law`, `cases` (no I/O, no clock, no French: it returns values,
//!    enums and dates);
//! 2. `texts`: every sentence a user reads, in French; it words the model's values and
//!    imports model types, nothing above them;
//! 3. services: `store` (the only room with a database crate), `letters`, `export`,
//!    `import`, `validate`, `fsio`;
//! 4. faces: `cli` and `tui` (the only room with ratatui), two faces over the same
//!    functions.
//!
//! A room imports only rooms below it. The exceptions are few and written down in
//! `tests/floors.rs`, which checks the rule (`cargo test --test integration floors::`): inside the model,
//! `law` and `local` read the catalogue and `cases` reads it and the law; `store`,
//! `letters` and `import` check with `validate`, and `import` writes through `store`; and
//! `cli` starts `tui`, because clap parses the data directory and the passphrase options
//! before either face starts.
//!
//! # Names
//!
//! Code is English. What the user meets is French: command, option and screen names, the
//! ids people type or the store keeps (`lrar`, `en-attente`), JSON and CSV keys. Some older
//! JSON keys (`law`, `status`) are English; changing them is a contract change, not a
//! rename. A few words, code → user:
//!
//! | code     | user       |
//! |----------|------------|
//! | case     | dossier    |
//! | entry    | fichier    |
//! | route    | démarche   |
//! | due date | échéance   |
//! | store    | registre   |
//! | wizard   | assistant  |
//! | agenda   | échéances  |

pub mod cases;
pub mod catalogue;
pub mod cli;
pub mod error;
pub mod export;
pub mod fsio;
pub mod import;
pub mod law;
pub mod letters;
pub mod local;
pub mod person;
pub mod store;
pub mod texts;
pub mod tui;
pub mod validate;
