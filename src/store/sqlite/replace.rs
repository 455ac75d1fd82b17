//! Replacing the file: a restore from a snapshot, a change of passphrase. The new file is
//! written beside the store, checked, then renamed over it.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::lock::{self, Kind, Locks};
use super::migrate::{encrypted_copy, initialise};
use super::{SqliteStore, configure, db_err, ensure_dir, key, precreate, sniff};
use crate::cases::Snapshot;
use crate::error::{Failure, exit};
use crate::store::rows::corrupt;
use crate::store::{LockMode, Passphrase, Store, db_path, file};
use crate::texts::store as t;

/// See [`crate::store::restore`].
pub(in crate::store) fn restore(
    dir: &Path,
    passphrase: &Passphrase,
    current_passphrase: &Passphrase,
    snapshot: &Snapshot,
) -> Result<Option<PathBuf>, Failure> {
    if passphrase.is_empty() {
        return Err(Failure::invalid(t::EMPTY_PASSPHRASE));
    }
    ensure_dir(dir)?;
    let _locks = lock::acquire(dir, Kind::Exclusive, false)?;
    let temp = dir.join(file::RESTORE_TEMP);
    file::remove_db_files(&temp).map_err(|e| Failure::io(t::cannot_create_store(&temp, &e)))?;
    let res = (|| {
        precreate(&temp)?;
        let mut conn = Connection::open_with_flags(
            &temp,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db_err)?;
        key(&conn, passphrase)?;
        configure(&conn, LockMode::Command)?;
        initialise(&mut conn)?;
        let mut store = SqliteStore {
            conn,
            dir: dir.to_path_buf(),
            swept: Vec::new(),
            _locks: Locks::none(),
        };
        store.import(snapshot, false)?;
        store.integrity_check()?;
        let expected = file::Counts {
            persons: snapshot.personnes.len() as i64,
            cases: snapshot.dossiers.len() as i64,
            events: snapshot.evenements.len() as i64,
        };
        file::seal(store.conn, &temp, passphrase, expected)?;
        file::replace(dir, &temp, current_passphrase)
    })();
    if res.is_err() {
        let _ = file::remove_db_files(&temp);
    }
    res
}

/// See [`crate::store::change_passphrase`].
pub(in crate::store) fn change_passphrase(
    dir: &Path,
    old: &Passphrase,
    new: &Passphrase,
) -> Result<(), Failure> {
    if new.is_empty() {
        return Err(Failure::invalid(t::EMPTY_PASSPHRASE));
    }
    let path = db_path(dir);
    if !exists(&path) {
        return Err(Failure::new(exit::STORE_UNAVAILABLE, t::no_store(dir)));
    }
    sniff(&path)?;
    let _locks = lock::acquire(dir, Kind::Exclusive, false)?;
    let temp = dir.join(file::REKEY_TEMP);
    remove_copy(&temp)?;
    {
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db_err)?;
        key(&conn, old)?;
        let version = conn
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i32>(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::NotADatabase) => {
                    Failure::new(exit::WRONG_PASSPHRASE, t::WRONG_PASSPHRASE)
                }
                _ => db_err(e),
            })?;
        configure(&conn, LockMode::Command)?;
        // Everything the WAL holds goes into the copy.
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .map_err(db_err)?;
        encrypted_copy(&conn, new, &temp, version)?;
        conn.close().map_err(|(_, e)| db_err(e))?;
    }
    // The copy must open with the new passphrase and be sound before it replaces the store.
    {
        let copy =
            Connection::open_with_flags(&temp, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(db_err)?;
        key(&copy, new)?;
        let ok: String = copy
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(db_err)?;
        if ok != "ok" {
            let _ = copy.close();
            remove_copy(&temp)?;
            return Err(corrupt());
        }
        copy.close().map_err(|(_, e)| db_err(e))?;
    }
    // Until this rename the store is untouched (old passphrase); after it, it is the copy
    // (new passphrase). An interruption in between leaves the copy, removed next time.
    fs::rename(&temp, &path).map_err(|e| Failure::io(t::cannot_create_store(&path, &e)))?;
    for suffix in ["-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", path.display()));
    }
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Removes a copy and its side files (a journal left by a kill included).
fn remove_copy(path: &Path) -> Result<(), Failure> {
    file::remove_db_files(path).map_err(|e| Failure::io(t::cannot_create_store(path, &e)))
}

fn exists(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() > 0)
}
