//! Advisory locks next to the store (see the module documentation of `store`).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::{Failure, exit};
use crate::texts::store as t;

/// Held locks; dropping releases them.
#[derive(Debug)]
pub struct Locks {
    files: Vec<File>,
}

fn lock_file(path: &Path) -> Result<File, Failure> {
    let mut opts = OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
        .map_err(|e| Failure::io(t::cannot_open_lock(path, &e)))
}

/// Which lock to take on `acces.lock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Shared,
    Exclusive,
}

/// Takes the main lock (shared or exclusive) and, for the TUI, the TUI lock. Never waits.
pub fn acquire(dir: &Path, kind: Kind, interactive: bool) -> Result<Locks, Failure> {
    let mut files = Vec::new();
    if interactive {
        let f = lock_file(&dir.join(super::TUI_LOCK_FILE))?;
        match f.try_lock() {
            Ok(()) => files.push(f),
            Err(TryLockError::WouldBlock) => {
                return Err(Failure::new(exit::STORE_UNAVAILABLE, t::TUI_ALREADY_OPEN));
            }
            Err(TryLockError::Error(e)) => {
                return Err(Failure::io(t::cannot_open_lock(
                    &dir.join(super::TUI_LOCK_FILE),
                    &e,
                )));
            }
        }
    }
    let path = dir.join(super::LOCK_FILE);
    let f = lock_file(&path)?;
    let res = match kind {
        Kind::Shared => f.try_lock_shared(),
        Kind::Exclusive => f.try_lock(),
    };
    match res {
        Ok(()) => files.push(f),
        Err(TryLockError::WouldBlock) => {
            return Err(Failure::new(
                exit::STORE_UNAVAILABLE,
                match kind {
                    Kind::Shared => t::HELD_EXCLUSIVELY,
                    Kind::Exclusive => t::IN_USE_BY_OTHERS,
                },
            ));
        }
        Err(TryLockError::Error(e)) => return Err(Failure::io(t::cannot_open_lock(&path, &e))),
    }
    Ok(Locks { files })
}

impl Locks {
    /// Trades the shared main lock for an exclusive one (for a migration). On failure the
    /// shared lock is kept.
    pub fn upgrade(&self) -> Result<(), Failure> {
        let Some(main) = self.files.last() else {
            return Ok(());
        };
        // flock cannot upgrade atomically: try the exclusive lock directly; on Linux a
        // process's own shared flock on the same open file is converted.
        match main.try_lock() {
            Ok(()) => Ok(()),
            Err(TryLockError::WouldBlock) => Err(Failure::new(
                exit::STORE_UNAVAILABLE,
                t::MIGRATION_NEEDS_EXCLUSIVE,
            )),
            Err(TryLockError::Error(e)) => Err(Failure::io(t::lock_failed(&e))),
        }
    }

    /// Back to a shared lock after a migration.
    pub fn downgrade(&self) {
        if let Some(main) = self.files.last() {
            let _ = main.try_lock_shared();
        }
    }
}

impl Locks {
    /// No lock, for a store file private to the caller (a restore being built).
    pub fn none() -> Locks {
        Locks { files: Vec::new() }
    }
}
