//! Opening the store from the command line: data directory and passphrase.
//!
//! Passphrase, first found: `--passphrase-file FILE`, `ACCES_PASSPHRASE`, else a masked
//! prompt on the terminal (twice when the store is created). With a file or the variable, a
//! missing store is created without prompting.

use std::path::PathBuf;

use crate::error::Failure;
use crate::store::{self, LockMode, Passphrase, SqliteStore};
use crate::texts::store as t;

/// Where the store is and how to unlock it (global CLI options).
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// `--data-dir`, else `ACCES_DATA_DIR`, else the platform directory.
    pub data_dir: Option<PathBuf>,
    /// `--passphrase-file`.
    pub passphrase_file: Option<PathBuf>,
}

impl StoreOptions {
    /// The data directory to use.
    pub fn dir(&self) -> Result<PathBuf, Failure> {
        if let Some(d) = &self.data_dir {
            return Ok(d.clone());
        }
        if let Some(d) = std::env::var_os("ACCES_DATA_DIR").filter(|d| !d.is_empty()) {
            return Ok(PathBuf::from(d));
        }
        store::default_data_dir().ok_or_else(|| Failure::io(t::no_data_dir()))
    }

    /// The passphrase from the file or the environment, if given.
    pub fn scripted_passphrase(&self) -> Result<Option<Passphrase>, Failure> {
        if let Some(path) = &self.passphrase_file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::io(t::cannot_read_passphrase_file(path, &e)))?;
            return Ok(Some(Passphrase::new(text)));
        }
        Ok(std::env::var("ACCES_PASSPHRASE").ok().map(Passphrase::new))
    }

    /// The passphrase: scripted, or asked (twice when `new_store`).
    pub fn passphrase(&self, new_store: bool) -> Result<Passphrase, Failure> {
        if let Some(p) = self.scripted_passphrase()? {
            return Ok(p);
        }
        let ask = |prompt: &str| {
            rpassword::prompt_password(prompt)
                .map(Passphrase::new)
                .map_err(|e| Failure::io(t::cannot_read_prompt(&e)))
        };
        if !new_store {
            return ask(t::PROMPT);
        }
        let first = ask(t::PROMPT_NEW)?;
        if first.is_empty() {
            return Err(Failure::invalid(t::EMPTY_PASSPHRASE));
        }
        let second = ask(t::PROMPT_CONFIRM)?;
        if first != second {
            return Err(Failure::invalid(t::PROMPT_MISMATCH));
        }
        super::phrase::confirm_short(&first)?;
        eprintln!("{}", t::PROMPT_REMINDER);
        Ok(first)
    }

    /// Opens (creating on first use) the store for one command.
    pub fn open(&self) -> Result<SqliteStore, Failure> {
        let dir = self.dir()?;
        let passphrase = self.passphrase(!store::exists(&dir))?;
        store::open(&dir, &passphrase, LockMode::Command, true)
    }
}
