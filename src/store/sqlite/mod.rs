//! [`Store`](super::Store) on SQLCipher: the local register, an encrypted file.
//!
//! Opening (locks, key, checks of the file) and the checks of `acces verifier` are here;
//! `migrate.rs` creates and migrates the schema, `replace.rs` restores and rekeys the file,
//! `read.rs` turns rows into model values, `write.rs` holds a write transaction's
//! statements, `store_impl.rs` the [`Store`](super::Store) operations.

use std::fs::{self, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::file;
use super::lock::{self, Kind, Locks};
use super::rows::corrupt;
use super::schema;
use super::{LockMode, Passphrase, db_path};
use crate::error::{Failure, exit};
use crate::texts::store as t;

mod migrate;
mod read;
mod replace;
mod store_impl;
#[cfg(test)]
mod tests;
mod write;

use migrate::{initialise, migrate};
pub(super) use replace::{change_passphrase, restore};

/// The store on an encrypted SQLite file. Dropping it closes the file and releases the locks.
pub struct SqliteStore {
    conn: Connection,
    dir: PathBuf,
    /// Temporary files left by an interrupted restore, removed at opening.
    swept: Vec<String>,
    _locks: Locks,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("dir", &self.dir)
            .finish()
    }
}

/// Maps a SQLite error to what the user is told.
pub(super) fn db_err(e: rusqlite::Error) -> Failure {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            Failure::new(exit::STORE_UNAVAILABLE, t::BUSY)
        }
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            Failure::new(exit::STORE_UNAVAILABLE, t::CORRUPTED)
        }
        Some(
            ErrorCode::DiskFull
            | ErrorCode::CannotOpen
            | ErrorCode::ReadOnly
            | ErrorCode::SystemIoFailure
            | ErrorCode::PermissionDenied,
        ) => Failure::io(t::io_failed(&e)),
        _ => Failure::new(exit::STORE_UNAVAILABLE, t::internal(&e)),
    }
}

/// Creates the data directory (0700) if missing.
fn ensure_dir(dir: &Path) -> Result<(), Failure> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
        .map_err(|e| Failure::io(t::cannot_create_dir(dir, &e)))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| Failure::io(t::cannot_create_dir(dir, &e)))?;
    }
    Ok(())
}

/// Creates an empty file with mode 0600, so SQLite (and its -wal/-shm files) inherit it.
fn precreate(path: &Path) -> Result<(), Failure> {
    let mut opts = OpenOptions::new();
    opts.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
        .map_err(|e| Failure::io(t::cannot_create_store(path, &e)))?;
    Ok(())
}

/// Cheap checks that a non-empty file can be an encrypted acces store.
fn sniff(path: &Path) -> Result<(), Failure> {
    let not_ours = || Failure::new(exit::STORE_UNAVAILABLE, t::not_a_store(path));
    let mut f = fs::File::open(path).map_err(|e| Failure::io(t::cannot_read_store(path, &e)))?;
    let len = f
        .metadata()
        .map_err(|e| Failure::io(t::cannot_read_store(path, &e)))?
        .len();
    let mut head = [0u8; 16];
    if len < 512 || len % 512 != 0 || f.read_exact(&mut head).is_err() {
        return Err(not_ours());
    }
    if &head == b"SQLite format 3\0" {
        return Err(not_ours());
    }
    Ok(())
}

pub(super) fn key(conn: &Connection, passphrase: &Passphrase) -> Result<(), Failure> {
    // SQLCipher logs decryption failures to stderr by default; the user gets our message.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    conn.pragma_update(None, "key", passphrase.sqlcipher_key().as_ref())
        .map_err(db_err)
}

/// Opens the store's file with the key and reads page 1, which decrypts it: a wrong key
/// fails here, before anything is written. `exclusive`: SQLite's exclusive locking mode, set
/// before that first read, which keeps the log's index in memory instead of in `-shm`.
fn connect(
    path: &Path,
    passphrase: &Passphrase,
    exclusive: bool,
) -> Result<(Connection, i64), Failure> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(db_err)?;
    key(&conn, passphrase)?;
    if exclusive {
        conn.query_row("PRAGMA locking_mode=EXCLUSIVE", [], |_| Ok(()))
            .map_err(db_err)?;
    }
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => wrong_key_or_damage(path, passphrase),
            _ => db_err(e),
        })?;
    Ok((conn, objects))
}

/// Page 1 did not decrypt: a wrong passphrase, or a damaged file. With the right key the
/// other pages still pass SQLCipher's authentication check; with a wrong one none does.
fn wrong_key_or_damage(path: &Path, passphrase: &Passphrase) -> Failure {
    let wrong = Failure::new(exit::WRONG_PASSPHRASE, t::WRONG_PASSPHRASE);
    let Ok(conn) = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return wrong;
    };
    if key(&conn, passphrase).is_err() {
        return wrong;
    }
    let pages = fs::metadata(path).map(|m| m.len() / 4096).unwrap_or(0);
    let Ok(mut stmt) = conn.prepare("PRAGMA cipher_integrity_check") else {
        return wrong;
    };
    let Ok(failed) = stmt
        .query_map([], |_| Ok(()))
        .map(|rows| rows.filter(|r| r.is_ok()).count() as u64)
    else {
        return wrong;
    };
    if pages > 1 && failed < pages {
        Failure::new(exit::STORE_UNAVAILABLE, t::DAMAGED_NOT_PASSPHRASE)
    } else {
        wrong
    }
}

/// Connection settings, once the key is verified.
fn configure(conn: &Connection, lock: LockMode) -> Result<(), Failure> {
    conn.busy_timeout(super::BUSY_TIMEOUT).map_err(db_err)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .map_err(db_err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Failure::new(exit::STORE_UNAVAILABLE, t::internal(&mode)));
    }
    // The interface keeps a page cache of 32 MiB (default: 2 MiB): the decrypted pages of a
    // large store stay between its rereads (SQLCipher decrypts and checks each page it reads
    // from the file again once it has left the cache). A command reads each page about once:
    // the default cache spares it the memory (and the page faults of filling it).
    // `secure_delete`: what is deleted (a person, a case deleted for real) is overwritten with
    // zeros in the file, not left in free pages.
    let cache = match lock {
        LockMode::Interactive => "PRAGMA cache_size=-32768;",
        LockMode::Command => "",
    };
    conn.execute_batch(&format!(
        "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; {cache}"
    ))
    .map_err(db_err)
}

fn pragma_i32(conn: &Connection, name: &str) -> Result<i32, Failure> {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .map_err(db_err)
}

/// Opens the store in `dir`, creating it (and the directory) if `create` is true and it does
/// not exist. Migrates an older schema after an encrypted backup.
///
/// Errors (French): wrong passphrase → exit 3 and the file untouched; not an acces store,
/// corrupted, newer version, or held by another process → exit 4, never overwritten.
pub fn open(
    dir: &Path,
    passphrase: &Passphrase,
    mode: LockMode,
    create: bool,
) -> Result<SqliteStore, Failure> {
    if !dir.is_dir() {
        if !create {
            return Err(Failure::new(exit::STORE_UNAVAILABLE, t::no_store(dir)));
        }
        ensure_dir(dir)?;
    }
    let locks = lock::acquire(dir, Kind::Shared, mode == LockMode::Interactive)?;
    let path = db_path(dir);
    let fresh = match fs::metadata(&path) {
        Ok(m) => m.len() == 0,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(Failure::io(t::cannot_read_store(&path, &e))),
    };
    if fresh {
        if !create {
            return Err(Failure::new(exit::STORE_UNAVAILABLE, t::no_store(dir)));
        }
        if passphrase.is_empty() {
            return Err(Failure::invalid(t::EMPTY_PASSPHRASE));
        }
        // A kept copy or an unfinished restore without acces.db: a crash (or a hand)
        // removed the store; an empty one must not silently take its place.
        let left = file::leftovers(dir);
        if !left.is_empty() {
            return Err(Failure::new(
                exit::STORE_UNAVAILABLE,
                t::store_missing_beside(dir, &left),
            ));
        }
        precreate(&path)?;
    } else {
        sniff(&path)?;
        if passphrase.is_empty() {
            return Err(Failure::new(
                exit::WRONG_PASSPHRASE,
                t::EMPTY_PASSPHRASE_EXISTING,
            ));
        }
    }
    // Holding the shared lock, no restore is running: its temporary files are stale.
    let swept = file::sweep(dir);
    let (mut conn, objects) = match connect(&path, passphrase, false) {
        // A full disk (or a folder that cannot be written): SQLite cannot create the shared
        // index of its log (`-shm`) that every reader needs. A command can still read, with
        // that index in its own memory, holding the store for itself the time it runs. A
        // write then fails as it must (exit 5, the store intact); the interface, which stays
        // open, does not take the store for itself.
        Err(f) if f.code == exit::IO && mode == LockMode::Command => {
            connect(&path, passphrase, true)?
        }
        other => other?,
    };
    configure(&conn, mode)?;
    let app = pragma_i32(&conn, "application_id")?;
    let version = pragma_i32(&conn, "user_version")?;
    if objects == 0 && app == 0 && version == 0 {
        // New, or a creation interrupted before its first transaction committed.
        initialise(&mut conn)?;
    } else if app != schema::APPLICATION_ID {
        return Err(Failure::new(exit::STORE_UNAVAILABLE, t::not_a_store(&path)));
    } else if version > schema::CURRENT {
        return Err(Failure::new(exit::STORE_UNAVAILABLE, t::NEWER_VERSION));
    } else if version < schema::CURRENT {
        if version < 1 {
            return Err(corrupt());
        }
        locks.upgrade()?;
        let res = migrate(&mut conn, dir, passphrase);
        locks.downgrade();
        res?;
    }
    Ok(SqliteStore {
        conn,
        dir: dir.to_path_buf(),
        swept,
        _locks: locks,
    })
}

impl SqliteStore {
    /// Copies the write-ahead log into the file and empties it, so that what was just
    /// deleted (zeroed by `secure_delete`) is not left in older frames of the log. Another
    /// process reading at the same time can keep the log from being emptied: then it is
    /// emptied by the next deletion or when the last process closes the store.
    fn purge_journal(&self) -> Result<(), Failure> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(db_err)
    }

    /// The data directory of this store.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The temporary files of an interrupted restore that opening removed (file names), so
    /// that the user can be told.
    pub fn swept(&self) -> &[String] {
        &self.swept
    }

    /// `PRAGMA integrity_check`: `Ok(())` when the file is sound, else SQLite's report.
    pub fn integrity_check(&self) -> Result<(), Failure> {
        let report: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(db_err)?;
        if report == "ok" {
            Ok(())
        } else {
            Err(Failure::new(
                exit::STORE_UNAVAILABLE,
                t::integrity_failed(&report),
            ))
        }
    }

    /// A full check of the file (`acces verifier`): SQLCipher's check of every page's
    /// authentication code, SQLite's integrity check, and the links between persons, cases
    /// and events. Returns the problems found, in French (empty: sound).
    pub fn verify(&self) -> Result<Vec<String>, Failure> {
        let rows = |sql: &str| -> Result<Vec<Vec<String>>, Failure> {
            let mut stmt = self.conn.prepare(sql).map_err(db_err)?;
            let n = stmt.column_count();
            let mut rows = stmt.query([]).map_err(db_err)?;
            let mut all = Vec::new();
            while let Some(r) = rows.next().map_err(db_err)? {
                let mut v = Vec::new();
                for i in 0..n {
                    let cell = match r.get_ref(i).map_err(db_err)? {
                        rusqlite::types::ValueRef::Null => String::new(),
                        rusqlite::types::ValueRef::Integer(x) => x.to_string(),
                        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                        _ => String::new(),
                    };
                    v.push(cell);
                }
                all.push(v);
            }
            Ok(all)
        };
        let mut out = Vec::new();
        for r in rows("PRAGMA cipher_integrity_check")? {
            out.push(t::verify_page(&r.join(" ")));
        }
        for r in rows("PRAGMA integrity_check")? {
            if r.first().is_some_and(|x| x != "ok") {
                out.push(t::verify_structure(&r.join(" ")));
            }
        }
        for r in rows("PRAGMA foreign_key_check")? {
            // table, rowid, parent table, fk index
            out.push(t::verify_link(&r[0], &r[1], &r[2]));
        }
        Ok(out)
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i32, Failure> {
        pragma_i32(&self.conn, "user_version")
    }

    fn write(&mut self) -> Result<rusqlite::Transaction<'_>, Failure> {
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err)
    }
}
