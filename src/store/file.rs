//! The life of the store's files: kept copies (before a migration or a restore), the
//! restore itself, and what a crash may leave behind.
//!
//! Rules (issue #15, A B D F 7):
//! * there is never a moment without `acces.db` once it exists: a restore builds the new
//!   store beside it, checks it, then renames it over the old one (one atomic `rename`),
//!   after a hard link (or a copy) has kept the old one under another name;
//! * kept copies are created exclusively (`O_EXCL`), with a counter when the name is taken;
//! * every failure removes the temporary files it made; a temporary file left by a crash is
//!   removed at the next start (and the user is told);
//! * a missing `acces.db` beside a kept copy or an unfinished restore is not silently
//!   replaced by an empty store.

use std::fs::{self, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::Passphrase;
use super::sqlite::{db_err, key};
use crate::error::{Failure, exit};
use crate::texts::store as t;

/// The store being built by a restore, beside `acces.db`.
pub const RESTORE_TEMP: &str = "acces-restauration-en-cours.db";

/// The copy being written by a passphrase change, in the data directory.
pub const REKEY_TEMP: &str = "acces-nouvelle-phrase-en-cours.db";
/// The start of the names of kept copies (`acces-avant-restauration-…`, `acces-avant-migration-…`).
pub const KEPT_PREFIX: &str = "acces-avant-";

/// SQLite's side files of a database.
const SIDE: [&str; 4] = ["-wal", "-shm", "-journal", ""];

pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Removes a database and its side files; missing ones are fine.
pub(super) fn remove_db_files(path: &Path) -> Result<(), std::io::Error> {
    let mut first = None;
    for suffix in SIDE {
        match fs::remove_file(with_suffix(path, suffix)) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => {
                first.get_or_insert(e);
            }
        }
    }
    first.map_or(Ok(()), Err)
}

fn stamp() -> String {
    Utc::now().format("%Y%m%d-%H%M%S").to_string()
}

fn new_file_options() -> OpenOptions {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts
}

/// Calls `make` with `{stem}-{stamp}.db`, then `{stem}-{stamp}-2.db`, … while the name is
/// taken (`make` must fail with `AlreadyExists` then, as `O_EXCL` and `link` do).
fn exclusive_name<T>(
    dir: &Path,
    stem: &str,
    mut make: impl FnMut(&Path) -> std::io::Result<T>,
) -> Result<(PathBuf, T), Failure> {
    let base = format!("{stem}-{}", stamp());
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{base}.db")
        } else {
            format!("{base}-{n}.db")
        };
        let path = dir.join(name);
        match make(&path) {
            Ok(v) => return Ok((path, v)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Failure::io(t::cannot_create_store(&path, &e))),
        }
    }
    let path = dir.join(format!("{base}.db"));
    Err(Failure::io(t::cannot_create_store(
        &path,
        &std::io::Error::from(ErrorKind::AlreadyExists),
    )))
}

/// Creates a new empty file (0600) for a kept copy, never over an existing one.
pub(super) fn create_kept(dir: &Path, stem: &str) -> Result<PathBuf, Failure> {
    exclusive_name(dir, stem, |p| new_file_options().open(p).map(drop)).map(|(p, ())| p)
}

fn sync_dir(dir: &Path) -> Result<(), Failure> {
    #[cfg(unix)]
    {
        let d = fs::File::open(dir).map_err(|e| Failure::io(t::cannot_create_store(dir, &e)))?;
        d.sync_all()
            .map_err(|e| Failure::io(t::cannot_create_store(dir, &e)))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn sync_file(path: &Path) -> Result<(), Failure> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| Failure::io(t::cannot_create_store(path, &e)))
}

/// Keeps the current `acces.db` under a new exclusive name: a hard link (the same file, so
/// nothing is copied and `acces.db` stays in place), else a copy synced to disk.
fn keep_current(dir: &Path, current: &Path) -> Result<PathBuf, Failure> {
    let (kept, ()) = exclusive_name(dir, "acces-avant-restauration", |p| {
        match fs::hard_link(current, p) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(e),
            Err(_) => {
                let mut to = new_file_options().open(p)?;
                let copied = fs::File::open(current)
                    .and_then(|mut from| std::io::copy(&mut from, &mut to))
                    .and_then(|_| to.sync_all());
                if let Err(e) = copied {
                    let _ = fs::remove_file(p);
                    // Not AlreadyExists: a real failure, reported as such.
                    return Err(std::io::Error::other(e));
                }
                Ok(())
            }
        }
    })?;
    // An uncheckpointed log (a store that could not be opened) goes with it.
    let wal = with_suffix(current, "-wal");
    if fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        let to = with_suffix(&kept, "-wal");
        fs::copy(&wal, &to)
            .and_then(|_| fs::File::open(&to)?.sync_all())
            .map_err(|e| Failure::io(t::cannot_create_store(&to, &e)))?;
    }
    Ok(kept)
}

/// Kept copies and unfinished restores in `dir` (file names), for the refusal to create a
/// new store beside them.
pub fn leftovers(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n == RESTORE_TEMP || (n.starts_with(KEPT_PREFIX) && n.ends_with(".db")))
        .collect();
    out.sort();
    out
}

/// Removes what a restore or a passphrase change interrupted by a crash left (the caller
/// holds a lock that neither in progress could share: both hold the exclusive one).
/// Returns the removed file names, to tell the user.
pub(super) fn sweep(dir: &Path) -> Vec<String> {
    let mut removed = Vec::new();
    for name in [RESTORE_TEMP, REKEY_TEMP] {
        let temp = dir.join(name);
        for suffix in SIDE {
            let p = with_suffix(&temp, suffix);
            if p.exists() && fs::remove_file(&p).is_ok() {
                removed.push(format!("{name}{suffix}"));
            }
        }
    }
    removed
}

/// Opens a database file read-write with the key and checks the key on page 1.
fn open_keyed(path: &Path, passphrase: &Passphrase) -> Result<Connection, Failure> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(db_err)?;
    key(&conn, passphrase)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Failure::new(exit::WRONG_PASSPHRASE, t::WRONG_PASSPHRASE),
        _ => db_err(e),
    })?;
    Ok(conn)
}

/// Writes the whole log into the database file (`wal_checkpoint(TRUNCATE)`), checking that
/// every frame was written.
pub(super) fn checkpoint(conn: &Connection) -> Result<(), Failure> {
    let (busy, log, done): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(db_err)?;
    if busy != 0 || log != done {
        return Err(Failure::new(exit::STORE_UNAVAILABLE, t::BUSY));
    }
    Ok(())
}

/// The counts a restored store must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Counts {
    pub persons: i64,
    pub cases: i64,
    pub events: i64,
}

fn counts(conn: &Connection) -> Result<Counts, Failure> {
    let n = |table: &str| -> Result<i64, Failure> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(db_err)
    };
    Ok(Counts {
        persons: n("persons")?,
        cases: n("cases")?,
        events: n("events")?,
    })
}

/// Makes the freshly built store at `temp` a single, self-contained file on disk: every
/// frame checkpointed, back to a rollback journal (no `-wal` needed to read it), closed
/// without error, synced; then opens it again and checks it (key, integrity, counts).
pub(super) fn seal(
    conn: Connection,
    temp: &Path,
    passphrase: &Passphrase,
    expected: Counts,
) -> Result<(), Failure> {
    checkpoint(&conn)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))
        .map_err(db_err)?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Failure::new(exit::STORE_UNAVAILABLE, t::internal(&mode)));
    }
    conn.close().map_err(|(_, e)| db_err(e))?;
    if fs::metadata(with_suffix(temp, "-wal")).is_ok_and(|m| m.len() > 0) {
        return Err(Failure::io(t::RESTORE_NOT_SEALED));
    }
    sync_file(temp)?;
    let conn = open_keyed(temp, passphrase)?;
    let report: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(db_err)?;
    if report != "ok" {
        return Err(Failure::new(
            exit::STORE_UNAVAILABLE,
            t::integrity_failed(&report),
        ));
    }
    if counts(&conn)? != expected {
        return Err(Failure::io(t::RESTORE_NOT_SEALED));
    }
    conn.close().map_err(|(_, e)| db_err(e))?;
    Ok(())
}

/// Makes the current store ready to be kept: opened with its passphrase (a wrong one stops
/// the restore: exit 3), its log checkpointed, closed. A store that cannot be read (damaged)
/// is kept as it is, with its log.
fn settle_current(current: &Path, passphrase: &Passphrase) -> Result<(), Failure> {
    let conn = match open_keyed(current, passphrase) {
        Ok(c) => c,
        Err(f) if f.code == exit::WRONG_PASSPHRASE => {
            return Err(Failure::new(
                exit::WRONG_PASSPHRASE,
                t::RESTORE_WRONG_CURRENT_PASSPHRASE,
            ));
        }
        Err(_) => return Ok(()),
    };
    let _ = checkpoint(&conn);
    let _ = conn.close();
    Ok(())
}

/// Puts the sealed store at `temp` in place of `acces.db` in `dir`, keeping the old one
/// (opened with `current_passphrase` first). Returns the kept copy's path.
pub(super) fn replace(
    dir: &Path,
    temp: &Path,
    current_passphrase: &Passphrase,
) -> Result<Option<PathBuf>, Failure> {
    let current = super::db_path(dir);
    let mut kept = None;
    if fs::metadata(&current).is_ok_and(|m| m.len() > 0) {
        settle_current(&current, current_passphrase)?;
        let k = keep_current(dir, &current)?;
        sync_dir(dir)?;
        kept = Some(k);
    }
    // The old log must not meet the new file: it was checkpointed into the old one (or
    // copied beside the kept copy).
    for suffix in ["-wal", "-shm"] {
        let p = with_suffix(&current, suffix);
        match fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(Failure::io(t::cannot_create_store(&p, &e))),
        }
    }
    fs::rename(temp, &current).map_err(|e| Failure::io(t::cannot_create_store(&current, &e)))?;
    sync_dir(dir)?;
    let _ = remove_db_files(temp);
    Ok(kept)
}
