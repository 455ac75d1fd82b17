//! Every sentence a user reads, in French, in one place.
//!
//! One file per area; the code elsewhere builds values, these functions word them.

pub mod batch;
pub mod cases;
pub mod catalogue;
pub mod cli;
pub mod dates;
pub mod fs;
pub mod import;
pub mod journey;
pub mod labels;
pub mod law;
pub mod letters;
pub mod local;
pub mod passphrase;
pub mod stats;
pub mod store;
pub mod tui;
pub mod validate;
