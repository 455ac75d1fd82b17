//! Every sentence a user reads, in French, in one place.
//!
//! One file per area; the code elsewhere builds values, these functions word them. `texts`
//! sits just above the model: it may name model types, and the model never calls it.
//!
//! One exception: the catalogue loader (`catalogue/load.rs`) words its own validation
//! problems. The catalogue is on the ground floor, so it cannot call `texts` without a
//! circle; those messages are read by whoever checks a catalogue directory
//! (`acces catalogue verifier`).

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
pub mod letter_phrases;
pub mod letters;
pub mod passphrase;
pub mod stats;
pub mod store;
pub mod tui;
pub mod validate;
