//! Opening the store from the command line: data directory and passphrase.
//!
//! Key, first found: the key kept by `acces deverrouiller` (system keyring), then the
//! passphrase from `--passphrase-file FILE`, `ACCES_PASSPHRASE`, else a masked prompt on the
//! terminal (twice when the store is created). With a file or the variable, a
//! missing store is created without prompting.
//!
//! With `--registre postgres://…` (or `ACCES_REGISTRE`), commands work on a group's shared
//! register instead: the same passphrase then unlocks the volunteer's identity kept in the
//! data directory (see `store::crypt`).

use std::path::{Path, PathBuf};

use crate::error::Failure;
use crate::error::exit;
use crate::fsio;
use crate::store::{self, LockMode, Passphrase, Register, SqliteStore, unlock};
use crate::texts::store as t;

/// Where the store is and how to unlock it (global CLI options).
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// `--data-dir`, else `ACCES_DATA_DIR`, else the platform directory.
    pub data_dir: Option<PathBuf>,
    /// `--passphrase-file`.
    pub passphrase_file: Option<PathBuf>,
    /// The scripted passphrase once read (the variable is removed from the environment).
    pub scripted: std::sync::OnceLock<Option<Passphrase>>,
    /// `--registre`: the shared register's address (else `ACCES_REGISTRE`, else local).
    pub registre: Option<String>,
}

impl StoreOptions {
    /// The shared register's address, if commands work on one.
    pub fn shared(&self) -> Option<String> {
        self.registre
            .clone()
            .or_else(|| std::env::var(store::REGISTER_ENV).ok())
            .filter(|u| !u.trim().is_empty())
    }

    /// Refuses a command that works on the local register's file when a shared register
    /// is chosen.
    pub fn local_only(&self) -> Result<(), Failure> {
        match self.shared() {
            Some(_) => Err(Failure::invalid(crate::texts::registre::LOCAL_ONLY)),
            None => Ok(()),
        }
    }

    /// Whether there is a register to open without creating one: the shared one, or the
    /// local file.
    pub fn register_exists(&self) -> Result<bool, Failure> {
        Ok(self.shared().is_some() || store::exists(&self.dir()?))
    }

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

    /// The passphrase from the file or the environment, if given. `ACCES_PASSPHRASE` is
    /// removed from the environment once read (the TUI keeps running for hours, and what
    /// it may start must not inherit it). A passphrase file that others may read is
    /// reported.
    pub fn scripted_passphrase(&self) -> Result<Option<Passphrase>, Failure> {
        if let Some(p) = self.scripted.get() {
            return Ok(p.clone());
        }
        let found = if let Some(path) = &self.passphrase_file {
            let text = crate::fsio::read_bounded(path, 64 * 1024)?;
            #[cfg(unix)]
            if let Ok(meta) = std::fs::metadata(path) {
                use std::os::unix::fs::PermissionsExt;
                if meta.permissions().mode() & 0o077 != 0 {
                    eprintln!("{}", t::passphrase_file_readable_by_others(path));
                }
            }
            Some(Passphrase::new(text))
        } else {
            let v = std::env::var("ACCES_PASSPHRASE").ok().map(Passphrase::new);
            if v.is_some() {
                // SAFETY: read at start-up on the main thread, before the store, the TUI or
                // anything else that could start a thread or read the environment.
                unsafe { std::env::remove_var("ACCES_PASSPHRASE") };
            }
            v
        };
        let _ = self.scripted.set(found.clone());
        Ok(found)
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

    /// The key kept by `acces deverrouiller` for this store, if it is unlocked.
    pub fn kept_key(&self) -> Result<Option<Passphrase>, Failure> {
        if self.shared().is_some() {
            return Ok(None);
        }
        let dir = self.dir()?;
        Ok(if store::exists(&dir) {
            unlock::recall(&dir)
        } else {
            None
        })
    }

    /// Opens the register for one command: the shared one if chosen, else the local one
    /// (created on first use).
    pub fn open(&self) -> Result<Register, Failure> {
        if let Some(url) = self.shared() {
            let dir = self.dir()?;
            store::pg_config_check(&url)?;
            store::crypt::require_identity(&dir)?;
            let passphrase = self.passphrase(false)?;
            return store::open_shared(&url, &dir, &passphrase)
                .map(|s| Register::Shared(Box::new(s)));
        }
        self.open_local().map(Register::Local)
    }

    /// Opens (creating on first use) the local store for one command.
    pub fn open_local(&self) -> Result<SqliteStore, Failure> {
        let dir = self.dir()?;
        if let Some(key) = self.kept_key()? {
            match store::open(&dir, &key, LockMode::Command, false) {
                // A kept key that no longer opens the store (passphrase changed, store
                // restored): forget it and ask as usual.
                Err(f) if f.code == exit::WRONG_PASSPHRASE => {
                    unlock::forget(&dir);
                }
                res => {
                    if res.is_ok() {
                        tell_interrupted(&dir);
                    }
                    return res;
                }
            }
        }
        let passphrase = self.passphrase(!store::exists(&dir))?;
        let st = open_and_tell(&dir, &passphrase)?;
        tell_interrupted(&dir);
        Ok(st)
    }

    /// Refuses an output file inside the data directory (see [`fsio::check_output_path`]).
    pub fn check_output(&self, target: &Path) -> Result<(), Failure> {
        match self.dir() {
            Ok(dir) => fsio::check_output_path(target, &dir),
            Err(_) => Ok(()),
        }
    }
}

/// Tells on stderr what the last command or interface left half done (a letter recorded
/// whose file was never written: `fsio::journal`).
fn tell_interrupted(dir: &Path) {
    if let Some(told) = fsio::journal::interrupted(dir) {
        eprintln!("{}", told.long());
    }
}

/// Opens the store for a command and tells on stderr what opening cleaned up.
pub fn open_and_tell(dir: &Path, passphrase: &Passphrase) -> Result<SqliteStore, Failure> {
    let st = store::open(dir, passphrase, LockMode::Command, true)?;
    if !st.swept().is_empty() {
        eprintln!("{}", t::swept(st.swept()));
    }
    Ok(st)
}

impl StoreOptions {
    /// The passphrase of the store about to be replaced by a restore: the scripted one, else
    /// `tried` if it opens the store, else asked.
    pub fn current_passphrase(
        &self,
        dir: &Path,
        tried: &Passphrase,
    ) -> Result<Passphrase, Failure> {
        if self.scripted_passphrase()?.is_some() {
            return Ok(tried.clone());
        }
        match store::open(dir, tried, LockMode::Command, false) {
            Err(f) if f.code == crate::error::exit::WRONG_PASSPHRASE => {
                rpassword::prompt_password(t::PROMPT_CURRENT)
                    .map(Passphrase::new)
                    .map_err(|e| Failure::io(t::cannot_read_prompt(&e)))
            }
            _ => Ok(tried.clone()),
        }
    }
}
