//! The integration tests, one module per file beside this one, linked into a single test
//! binary: linked one by one against the whole crate, the 35 files made 35 debug binaries of
//! 300–400 MB each and filled the CI machine's disk. Run one file's tests with
//! `cargo test --test integration cli_lettre::`.

mod common;

mod advisories;
mod bounded_inputs;
mod catalogue_files;
mod catalogue_law;
mod cli_catalogue;
mod cli_conventions;
mod cli_delai;
mod cli_destinataire_garde;
mod cli_evenement_dates;
mod cli_fusion;
mod cli_groupes;
mod cli_import_csv;
mod cli_lettre;
mod cli_lettre_suivi;
mod cli_lettres;
mod cli_mandat;
mod cli_phrase;
mod cli_verrou;
mod eml_props;
mod floors;
mod full_disk;
mod hardening;
mod import_props;
mod law_props;
mod letter_journal;
mod letters;
mod local_recipients;
mod no_network;
mod parsers_props;
mod procedure_cli;
mod registre_partage;
mod stats_dataset;
mod store_cli;
mod store_migration;
mod tui_lettres;
mod tui_pty;
mod tui_screens;
mod tui_signals;
mod tui_stats;
mod tui_tracker;
