//! [`Store`] on SQLCipher.

use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::file;
use super::lock::{self, Kind, Locks};
use super::schema;
use super::{
    BatchEntry, BatchPerson, BatchTarget, ImportSummary, LockMode, Passphrase, Store, db_path,
};
use crate::cases::{
    Case, CaseFilter, CaseHistory, CaseId, Channel, Event, EventId, EventKind, EventProblem,
    NewCase, NewEvent, Outcome, PersonId, PersonRecord, Snapshot, check_new_event,
};
use crate::error::{Failure, exit};
use crate::person::Person;
use crate::texts::store as t;

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

pub(super) fn corrupt() -> Failure {
    Failure::new(exit::STORE_UNAVAILABLE, t::CORRUPTED)
}

pub(super) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
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
fn configure(conn: &Connection) -> Result<(), Failure> {
    conn.busy_timeout(super::BUSY_TIMEOUT).map_err(db_err)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .map_err(db_err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Failure::new(exit::STORE_UNAVAILABLE, t::internal(&mode)));
    }
    // A page cache of 32 MiB (default: 2 MiB) keeps the decrypted pages of a large store
    // between reads (the TUI rereads the cases on each refresh): SQLCipher decrypts and
    // checks each page it reads from the file again once it has left the cache.
    // `secure_delete`: what is deleted (a person, a case deleted for real) is overwritten with
    // zeros in the file, not left in free pages.
    conn.execute_batch(
        "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768; \
         PRAGMA secure_delete=ON;",
    )
    .map_err(db_err)
}

fn pragma_i32(conn: &Connection, name: &str) -> Result<i32, Failure> {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .map_err(db_err)
}

fn initialise(conn: &mut Connection) -> Result<(), Failure> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_err)?;
    tx.execute_batch(&schema::create_current())
        .map_err(db_err)?;
    tx.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = {};",
        schema::APPLICATION_ID,
        schema::CURRENT
    ))
    .map_err(db_err)?;
    tx.commit().map_err(db_err)
}

/// Writes an encrypted copy (same key) of the open database to `target`.
fn encrypted_copy(
    conn: &Connection,
    passphrase: &Passphrase,
    target: &Path,
    version: i32,
) -> Result<(), Failure> {
    precreate(target)?;
    let target_str = target.to_string_lossy();
    conn.execute(
        "ATTACH DATABASE ?1 AS copie KEY ?2",
        params![target_str, passphrase.sqlcipher_key().as_ref()],
    )
    .map_err(db_err)?;
    let res = (|| {
        conn.query_row("SELECT sqlcipher_export('copie')", [], |_| Ok(()))?;
        conn.execute_batch(&format!(
            "PRAGMA copie.user_version = {version}; PRAGMA copie.application_id = {};",
            schema::APPLICATION_ID
        ))
    })();
    let detach = conn.execute_batch("DETACH DATABASE copie");
    res.map_err(db_err)?;
    detach.map_err(db_err)?;
    fs::File::open(target)
        .and_then(|f| f.sync_all())
        .map_err(|e| Failure::io(t::cannot_create_store(target, &e)))?;
    if let Some(dir) = target.parent()
        && let Ok(d) = fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

impl SqliteStore {
    /// See [`super::open`].
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
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db_err)?;
        key(&conn, passphrase)?;
        // The first read decrypts page 1: a wrong key fails here, before anything is written.
        let objects: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::NotADatabase) => wrong_key_or_damage(&path, passphrase),
                _ => db_err(e),
            })?;
        configure(&conn)?;
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

    /// The `WHERE` clause selecting the cases of a filter (and one id), with its arguments.
    /// The open-cases condition is not in it: `histories` applies it to the events it reads
    /// anyway (cheaper than a subquery scanning every event).
    fn case_where(
        filter: &CaseFilter,
        id: Option<CaseId>,
    ) -> (String, Vec<rusqlite::types::Value>) {
        let mut sql = String::from(" WHERE 1=1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(id) = id {
            sql.push_str(" AND c.id = ?");
            args.push(id.into());
        }
        if let Some(p) = filter.personne {
            sql.push_str(" AND c.person_id = ?");
            args.push(p.into());
        }
        if let Some(f) = &filter.fichier {
            sql.push_str(" AND c.entry = ? COLLATE NOCASE");
            args.push(f.trim().to_string().into());
        }
        (sql, args)
    }

    fn load_cases(&self, filter: &CaseFilter, id: Option<CaseId>) -> Result<Vec<Case>, Failure> {
        let (clause, args) = Self::case_where(filter, id);
        let sql = format!(
            "SELECT c.id, c.person_id, c.entry, c.route, c.channel, c.refs, c.escalated_from, \
             c.opened FROM cases c{clause} ORDER BY c.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_err)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok(RawCase {
                    id: r.get(0)?,
                    person: r.get(1)?,
                    entry: r.get(2)?,
                    route: r.get(3)?,
                    channel: r.get(4)?,
                    refs: r.get(5)?,
                    escalated_from: r.get(6)?,
                    opened: r.get(7)?,
                })
            })
            .map_err(db_err)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row.map_err(db_err)?.into_case()?);
        }
        Ok(out)
    }

    /// Events of the selected cases (all events when `filter` is `None`), in id order (a
    /// plain scan of the table, without a lookup per row through an index), each handed to
    /// `sink` as it is read.
    fn load_events(
        &self,
        filter: Option<(&CaseFilter, Option<CaseId>)>,
        mut sink: impl FnMut(Event),
    ) -> Result<(), Failure> {
        const ALL: &str = "SELECT e.id, e.case_id, e.date, e.kind, e.channel, e.recommande, \
             e.outcome, e.linked_case, e.text, e.recorded, e.route, e.linked_event FROM events e";
        // The same columns, with constants for those status derivation does not read.
        const LEAN: &str = "SELECT e.id, e.case_id, e.date, e.kind, e.channel, NULL, \
             e.outcome, e.linked_case, NULL, '', e.route, e.linked_event FROM events e";
        let cols = match filter {
            Some((f, _)) if f.statut_seulement => LEAN,
            _ => ALL,
        };
        let (sql, args) = match filter {
            Some((f, id)) if id.is_some() || f.personne.is_some() || f.fichier.is_some() => {
                let (clause, args) = Self::case_where(f, id);
                (
                    format!(
                        "{cols} WHERE e.case_id IN (SELECT c.id FROM cases c{clause}) \
                         ORDER BY e.id"
                    ),
                    args,
                )
            }
            _ => (format!("{cols} ORDER BY e.id"), Vec::new()),
        };
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_err)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(db_err)?;
        while let Some(r) = rows.next().map_err(db_err)? {
            sink(event_from_row(r)?);
        }
        Ok(())
    }

    fn histories(
        &self,
        filter: &CaseFilter,
        id: Option<CaseId>,
    ) -> Result<Vec<CaseHistory>, Failure> {
        let mut out: Vec<CaseHistory> = self
            .load_cases(filter, id)?
            .into_iter()
            .map(|case| CaseHistory {
                case,
                events: Vec::new(),
            })
            .collect();
        // Cases are in id order, and events in id order mostly come case by case: an event
        // goes to the case of the previous one, or else finds its case by binary search.
        let mut at = 0;
        self.load_events(Some((filter, id)), |e| {
            if out.get(at).is_none_or(|h| h.case.id != e.dossier) {
                match out.binary_search_by_key(&e.dossier, |h| h.case.id) {
                    Ok(i) => at = i,
                    Err(_) => return,
                }
            }
            let events = &mut out[at].events;
            if events.capacity() == 0 {
                // A case usually has a few events: one allocation instead of two or three.
                events.reserve(8);
            }
            events.push(e);
        })?;
        for h in &mut out {
            // Id order is nearly the date order: a cheap stable sort.
            h.events.sort_by_key(|e| (e.date, e.id));
        }
        if filter.ouverts_seulement {
            out.retain(|h| !h.is_closed());
        }
        Ok(out)
    }
}

struct RawCase {
    id: i64,
    person: i64,
    entry: String,
    route: String,
    channel: Option<String>,
    refs: String,
    escalated_from: Option<i64>,
    opened: String,
}

impl RawCase {
    fn into_case(self) -> Result<Case, Failure> {
        Ok(Case {
            id: self.id,
            personne: self.person,
            fichier: self.entry,
            demarche: self.route,
            canal: match self.channel {
                None => None,
                Some(c) => Some(Channel::from_id(&c).ok_or_else(corrupt)?),
            },
            references: if self.refs == "[]" {
                Vec::new()
            } else {
                serde_json::from_str(&self.refs).map_err(|_| corrupt())?
            },
            suite_de: self.escalated_from,
            ouvert: parse_date(&self.opened)?,
        })
    }
}

/// Reads one event row without copying what is only matched (kind, channel, outcome, date).
fn event_from_row(r: &rusqlite::Row<'_>) -> Result<Event, Failure> {
    let text = |i: usize| -> Result<Option<&str>, Failure> {
        match r.get_ref(i).map_err(db_err)? {
            rusqlite::types::ValueRef::Null => Ok(None),
            rusqlite::types::ValueRef::Text(t) => {
                std::str::from_utf8(t).map(Some).map_err(|_| corrupt())
            }
            _ => Err(corrupt()),
        }
    };
    let channel = |i: usize| -> Result<Option<Channel>, Failure> {
        text(i)?
            .map(|c| Channel::from_id(c).ok_or_else(corrupt))
            .transpose()
    };
    let kind = match text(3)?.ok_or_else(corrupt)? {
        "brouillon" => EventKind::Brouillon,
        "envoye" => EventKind::Envoye {
            canal: channel(4)?,
            recommande: text(5)?.map(str::to_string),
        },
        "recu" => EventKind::Recu,
        "reponse" => EventKind::Reponse {
            issue: text(6)?.and_then(Outcome::from_id).ok_or_else(corrupt)?,
        },
        "relance" => EventKind::Relance {
            canal: channel(4)?,
            recommande: text(5)?.map(str::to_string),
        },
        "escalade" => EventKind::Escalade {
            dossier: r
                .get::<_, Option<i64>>(7)
                .map_err(db_err)?
                .ok_or_else(corrupt)?,
            demarche: text(10)?.map(str::to_string),
        },
        "renonce" => EventKind::Renonce {
            demarche: text(10)?.ok_or_else(corrupt)?.to_string(),
        },
        "annule" => EventKind::Annule {
            evenement: r
                .get::<_, Option<i64>>(11)
                .map_err(db_err)?
                .ok_or_else(corrupt)?,
        },
        "note" => EventKind::Note,
        "clos" => EventKind::Clos,
        _ => return Err(corrupt()),
    };
    Ok(Event {
        id: r.get(0).map_err(db_err)?,
        dossier: r.get(1).map_err(db_err)?,
        date: parse_date(text(2)?.ok_or_else(corrupt)?)?,
        kind,
        texte: text(8)?.map(str::to_string),
        enregistre: text(9)?.ok_or_else(corrupt)?.to_string(),
    })
}

/// Parses the stored `YYYY-MM-DD` form (fast path; chrono's parser as the fallback).
fn parse_date(s: &str) -> Result<NaiveDate, Failure> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
        && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
    {
        return Ok(date);
    }
    s.parse().map_err(|_| corrupt())
}

/// The columns of an event kind besides its id.
#[derive(Default)]
pub(super) struct KindColumns<'a> {
    pub(super) channel: Option<&'static str>,
    pub(super) recommande: Option<&'a str>,
    pub(super) outcome: Option<&'static str>,
    pub(super) linked_case: Option<i64>,
    pub(super) route: Option<&'a str>,
    pub(super) linked_event: Option<i64>,
}

pub(super) fn kind_columns(kind: &EventKind) -> KindColumns<'_> {
    match kind {
        EventKind::Envoye { canal, recommande } | EventKind::Relance { canal, recommande } => {
            KindColumns {
                channel: canal.map(Channel::id),
                recommande: recommande.as_deref(),
                ..KindColumns::default()
            }
        }
        EventKind::Reponse { issue } => KindColumns {
            outcome: Some(issue.id()),
            ..KindColumns::default()
        },
        EventKind::Escalade { dossier, demarche } => KindColumns {
            linked_case: Some(*dossier),
            route: demarche.as_deref(),
            ..KindColumns::default()
        },
        EventKind::Renonce { demarche } => KindColumns {
            route: Some(demarche),
            ..KindColumns::default()
        },
        EventKind::Annule { evenement } => KindColumns {
            linked_event: Some(*evenement),
            ..KindColumns::default()
        },
        _ => KindColumns::default(),
    }
}

#[allow(clippy::too_many_arguments)]
fn insert_event(
    tx: &rusqlite::Transaction<'_>,
    id: Option<EventId>,
    case: CaseId,
    date: NaiveDate,
    kind: &EventKind,
    text: Option<&str>,
    recorded: &str,
    linked_override: (Option<CaseId>, Option<EventId>),
) -> Result<EventId, Failure> {
    let c = kind_columns(kind);
    let linked = linked_override.0.or(c.linked_case);
    let linked_event = linked_override.1.or(c.linked_event);
    tx.prepare_cached(
        "INSERT INTO events (id, case_id, date, kind, channel, recommande, outcome, linked_case, \
         text, recorded, route, linked_event) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )
    .and_then(|mut s| {
        s.execute(params![
            id,
            case,
            date.to_string(),
            kind.id(),
            c.channel,
            c.recommande,
            c.outcome,
            linked,
            text,
            recorded,
            c.route,
            linked_event
        ])
    })
    .map_err(db_err)?;
    Ok(tx.last_insert_rowid())
}

#[allow(clippy::too_many_arguments)]
fn insert_case(
    tx: &rusqlite::Transaction<'_>,
    id: Option<CaseId>,
    person: PersonId,
    entry: &str,
    route: &str,
    channel: Option<Channel>,
    refs: &[String],
    escalated_from: Option<CaseId>,
    opened: NaiveDate,
) -> Result<CaseId, Failure> {
    let refs = serde_json::to_string(refs).map_err(|e| Failure::io(t::internal(&e)))?;
    tx.prepare_cached(
        "INSERT INTO cases (id, person_id, entry, route, channel, refs, escalated_from, opened) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut s| {
        s.execute(params![
            id,
            person,
            entry,
            route,
            channel.map(Channel::id),
            refs,
            escalated_from,
            opened.to_string()
        ])
    })
    .map_err(db_err)?;
    Ok(tx.last_insert_rowid())
}

/// Opens a case inside `tx` (checks the person and the earlier case; appends the `escalade`
/// event to the earlier case).
fn open_case_in(tx: &rusqlite::Transaction<'_>, case: &NewCase) -> Result<CaseId, Failure> {
    let person: Option<i64> = tx
        .query_row(
            "SELECT id FROM persons WHERE id = ?1",
            [case.personne],
            |r| r.get(0),
        )
        .optional()
        .map_err(db_err)?;
    if person.is_none() {
        return Err(Failure::invalid(t::unknown_person(case.personne)));
    }
    if let Some(parent) = case.suite_de {
        let row: Option<(i64, String)> = tx
            .query_row(
                "SELECT person_id, opened FROM cases WHERE id = ?1",
                [parent],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(db_err)?;
        let Some((parent_person, parent_opened)) = row else {
            return Err(Failure::invalid(t::unknown_case(parent)));
        };
        if parent_person != case.personne {
            return Err(Failure::invalid(t::ESCALATION_OTHER_PERSON));
        }
        if case.ouvert < parse_date(&parent_opened)? {
            return Err(Failure::invalid(t::EVENT_BEFORE_OPENING));
        }
        if is_closed(tx, parent)? {
            return Err(Failure::invalid(t::CASE_CLOSED));
        }
    }
    let id = insert_case(
        tx,
        None,
        case.personne,
        &case.fichier,
        &case.demarche,
        case.canal,
        &case.references,
        case.suite_de,
        case.ouvert,
    )?;
    if let Some(parent) = case.suite_de {
        insert_event(
            tx,
            None,
            parent,
            case.ouvert,
            &EventKind::Escalade {
                dossier: id,
                demarche: Some(case.demarche.clone()),
            },
            None,
            &now(),
            (None, None),
        )?;
    }
    Ok(id)
}

/// Moves a case's opening back to `date` if it is later: the opening date is the earliest of
/// the case's dates (an event recorded with an earlier date moves it, in the event's
/// transaction).
/// Records a new event in the caller's transaction; an event dated before the case's
/// opening moves the opening back to its date (the SQL only ever moves it earlier).
fn append_event(
    tx: &rusqlite::Transaction<'_>,
    case: CaseId,
    event: &NewEvent,
) -> Result<EventId, Failure> {
    let id = insert_event(
        tx,
        None,
        case,
        event.date,
        &event.kind,
        event.texte.as_deref(),
        &now(),
        (None, None),
    )?;
    move_opening_back(tx, case, event.date)?;
    Ok(id)
}

fn move_opening_back(
    tx: &rusqlite::Transaction<'_>,
    case: CaseId,
    date: NaiveDate,
) -> Result<(), Failure> {
    tx.prepare_cached("UPDATE cases SET opened = ?1 WHERE id = ?2 AND opened > ?1")
        .and_then(|mut s| s.execute(params![date.to_string(), case]))
        .map_err(db_err)?;
    Ok(())
}

/// Whether a standing (not cancelled) `clos` event closes the case.
fn is_closed(conn: &Connection, case: CaseId) -> Result<bool, Failure> {
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM events c WHERE c.case_id = ?1 AND c.kind = 'clos' \
         AND NOT EXISTS(SELECT 1 FROM events a WHERE a.kind = 'annule' AND a.linked_event = c.id))",
    )
    .and_then(|mut s| s.query_row([case], |r| r.get(0)))
    .map_err(db_err)
}

/// Deletes cases for real, inside `tx`: their events, the `escalade` events of their parents
/// naming them; their follow-ups (if kept) lose the link. Foreign keys are checked at commit.
fn delete_cases_in(tx: &rusqlite::Transaction<'_>, ids: &[CaseId]) -> Result<(), Failure> {
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")
        .map_err(db_err)?;
    for &id in ids {
        tx.execute(
            "UPDATE cases SET escalated_from = NULL WHERE escalated_from = ?1",
            [id],
        )
        .map_err(db_err)?;
        tx.execute("DELETE FROM cases WHERE id = ?1", [id])
            .map_err(db_err)?;
        // The case is gone: the delete trigger lets its events (and the links to it) go.
        tx.execute(
            "DELETE FROM events WHERE case_id = ?1 OR linked_case = ?1",
            [id],
        )
        .map_err(db_err)?;
    }
    Ok(())
}

/// The person is checked with the rules of every input path (lengths, control characters,
/// required fields) before it is written.
pub(super) fn person_json(person: &Person) -> Result<String, Failure> {
    let problems = crate::validate::person_problems(person);
    if !problems.is_empty() {
        return Err(Failure::invalid(crate::texts::validate::person_invalid(
            &problems,
        )));
    }
    serde_json::to_string(person).map_err(|e| Failure::io(t::internal(&e)))
}

/// An event's free texts, with the rules of every input path (lengths, control characters).
pub(super) fn check_event_texts(event: &NewEvent) -> Result<(), Failure> {
    if let Some(text) = &event.texte {
        crate::validate::text(text).map_err(Failure::invalid)?;
    }
    if let EventKind::Envoye {
        recommande: Some(r),
        ..
    } = &event.kind
    {
        crate::validate::line(r).map_err(Failure::invalid)?;
    }
    Ok(())
}

pub(super) fn event_problem(p: EventProblem) -> Failure {
    Failure::invalid(match p {
        EventProblem::CaseClosed => t::CASE_CLOSED,
        EventProblem::CloseNeedsReason => t::CLOSE_NEEDS_REASON,
        EventProblem::EscaladeByOpening => t::ESCALADE_BY_OPENING,
        EventProblem::NothingToCancel => t::NOTHING_TO_CANCEL,
    })
}

impl Store for SqliteStore {
    fn add_person(&mut self, person: &Person) -> Result<PersonId, Failure> {
        let json = person_json(person)?;
        let tx = self.write()?;
        let ts = now();
        tx.execute(
            "INSERT INTO persons (data, created, updated) VALUES (?1, ?2, ?2)",
            params![json, ts],
        )
        .map_err(db_err)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(db_err)?;
        Ok(id)
    }

    fn update_person(&mut self, id: PersonId, person: &Person) -> Result<(), Failure> {
        let json = person_json(person)?;
        let tx = self.write()?;
        let n = tx
            .execute(
                "UPDATE persons SET data = ?1, updated = ?2 WHERE id = ?3",
                params![json, now(), id],
            )
            .map_err(db_err)?;
        if n == 0 {
            return Err(Failure::invalid(t::unknown_person(id)));
        }
        tx.commit().map_err(db_err)
    }

    fn person(&self, id: PersonId) -> Result<Option<Person>, Failure> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT data FROM persons WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(db_err)?;
        json.map(|j| serde_json::from_str(&j).map_err(|_| corrupt()))
            .transpose()
    }

    fn persons(&self) -> Result<Vec<PersonRecord>, Failure> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, data FROM persons ORDER BY id")
            .map_err(db_err)?;
        let mut rows = stmt.query([]).map_err(db_err)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(db_err)? {
            // Parsed in place, without copying the JSON text out of SQLite first.
            let json = r
                .get_ref(1)
                .map_err(db_err)?
                .as_str()
                .map_err(|_| corrupt())?;
            out.push(PersonRecord {
                id: r.get(0).map_err(db_err)?,
                personne: serde_json::from_str(json).map_err(|_| corrupt())?,
            });
        }
        Ok(out)
    }

    fn open_case(&mut self, case: &NewCase) -> Result<CaseId, Failure> {
        let tx = self.write()?;
        let id = open_case_in(&tx, case)?;
        tx.commit().map_err(db_err)?;
        Ok(id)
    }

    fn open_case_with_event(
        &mut self,
        case: &NewCase,
        event: &NewEvent,
    ) -> Result<(CaseId, EventId), Failure> {
        // The event is checked against the case about to be opened (no events yet) before
        // anything is written.
        let opened = Case {
            id: 0,
            personne: case.personne,
            fichier: case.fichier.clone(),
            demarche: case.demarche.clone(),
            canal: case.canal,
            references: case.references.clone(),
            suite_de: case.suite_de,
            ouvert: case.ouvert,
        };
        let history = CaseHistory {
            case: opened,
            events: Vec::new(),
        };
        check_new_event(&history, event).map_err(event_problem)?;
        check_event_texts(event)?;
        let tx = self.write()?;
        let id = open_case_in(&tx, case)?;
        let event_id = append_event(&tx, id, event)?;
        tx.commit().map_err(db_err)?;
        Ok((id, event_id))
    }

    fn case(&self, id: CaseId) -> Result<Option<CaseHistory>, Failure> {
        Ok(self
            .histories(&CaseFilter::default(), Some(id))?
            .into_iter()
            .next())
    }

    fn cases(&self, filter: &CaseFilter) -> Result<Vec<CaseHistory>, Failure> {
        self.histories(filter, None)
    }

    fn add_event(&mut self, case: CaseId, event: &NewEvent) -> Result<EventId, Failure> {
        let history = {
            // Checked again inside the write transaction below; this read gives the error
            // early without taking the write lock.
            self.case(case)?
                .ok_or_else(|| Failure::invalid(t::unknown_case(case)))?
        };
        check_new_event(&history, event).map_err(event_problem)?;
        check_event_texts(event)?;
        let tx = self.write()?;
        if !matches!(event.kind, EventKind::Annule { .. }) && is_closed(&tx, case)? {
            return Err(event_problem(EventProblem::CaseClosed));
        }
        let id = append_event(&tx, case, event)?;
        tx.commit().map_err(db_err)?;
        Ok(id)
    }

    fn add_events(&mut self, case: CaseId, events: &[NewEvent]) -> Result<Vec<EventId>, Failure> {
        let mut history = self
            .case(case)?
            .ok_or_else(|| Failure::invalid(t::unknown_case(case)))?;
        for (n, event) in events.iter().enumerate() {
            check_new_event(&history, event).map_err(event_problem)?;
            history.events.push(Event {
                id: i64::MAX - n as i64,
                dossier: case,
                date: event.date,
                kind: event.kind.clone(),
                texte: None,
                enregistre: String::new(),
            });
        }
        let tx = self.write()?;
        let first_cancels = matches!(
            events.first().map(|e| &e.kind),
            Some(EventKind::Annule { .. })
        );
        if !first_cancels && is_closed(&tx, case)? {
            return Err(event_problem(EventProblem::CaseClosed));
        }
        let mut ids = Vec::with_capacity(events.len());
        for event in events {
            ids.push(append_event(&tx, case, event)?);
        }
        tx.commit().map_err(db_err)?;
        Ok(ids)
    }

    fn delete_case(&mut self, id: CaseId) -> Result<(), Failure> {
        let tx = self.write()?;
        let found: bool = tx
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM cases WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )
            .map_err(db_err)?;
        if !found {
            return Err(Failure::invalid(t::unknown_case(id)));
        }
        delete_cases_in(&tx, &[id])?;
        tx.commit().map_err(db_err)?;
        self.purge_journal()
    }

    fn delete_person(&mut self, id: PersonId) -> Result<usize, Failure> {
        let tx = self.write()?;
        let cases: Vec<CaseId> = {
            let mut stmt = tx
                .prepare("SELECT id FROM cases WHERE person_id = ?1 ORDER BY id")
                .map_err(db_err)?;
            stmt.query_map([id], |r| r.get(0))
                .map_err(db_err)?
                .collect::<Result<_, _>>()
                .map_err(db_err)?
        };
        delete_cases_in(&tx, &cases)?;
        let n = tx
            .execute("DELETE FROM persons WHERE id = ?1", [id])
            .map_err(db_err)?;
        if n == 0 {
            return Err(Failure::invalid(t::unknown_person(id)));
        }
        tx.commit().map_err(db_err)?;
        self.purge_journal()?;
        Ok(cases.len())
    }

    fn data_version(&self) -> Result<i64, Failure> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(db_err)
    }

    fn snapshot(&self) -> Result<Snapshot, Failure> {
        let personnes = self.persons()?;
        let dossiers = self.load_cases(&CaseFilter::default(), None)?;
        let mut evenements = Vec::new();
        self.load_events(None, |e| evenements.push(e))?;
        Ok(Snapshot {
            format: Snapshot::FORMAT,
            personnes,
            dossiers,
            evenements,
        })
    }

    fn import(&mut self, snap: &Snapshot) -> Result<ImportSummary, Failure> {
        if snap.format != Snapshot::FORMAT {
            return Err(Failure::invalid(t::import_format(snap.format)));
        }
        let problems = crate::validate::snapshot_problems(snap, None);
        if !problems.is_empty() {
            return Err(Failure::invalid(crate::texts::validate::snapshot_invalid(
                &problems,
            )));
        }
        check_snapshot(snap)?;
        let tx = self.write()?;
        let empty: bool = tx
            .query_row(
                "SELECT NOT EXISTS(SELECT 1 FROM persons) AND NOT EXISTS(SELECT 1 FROM cases) \
                 AND NOT EXISTS(SELECT 1 FROM events)",
                [],
                |r| r.get(0),
            )
            .map_err(db_err)?;
        let mut persons = HashMap::new();
        for p in &snap.personnes {
            let json = person_json(&p.personne)?;
            let ts = now();
            tx.execute(
                "INSERT INTO persons (id, data, created, updated) VALUES (?1, ?2, ?3, ?3)",
                params![empty.then_some(p.id), json, ts],
            )
            .map_err(db_err)?;
            persons.insert(p.id, tx.last_insert_rowid());
        }
        let mut cases = HashMap::new();
        for c in &snap.dossiers {
            let id = insert_case(
                &tx,
                empty.then_some(c.id),
                persons[&c.personne],
                &c.fichier,
                &c.demarche,
                c.canal,
                &c.references,
                None,
                c.ouvert,
            )?;
            cases.insert(c.id, id);
        }
        for c in snap.dossiers.iter().filter(|c| c.suite_de.is_some()) {
            tx.execute(
                "UPDATE cases SET escalated_from = ?1 WHERE id = ?2",
                params![c.suite_de.map(|p| cases[&p]), cases[&c.id]],
            )
            .map_err(db_err)?;
        }
        let mut events = HashMap::new();
        for e in &snap.evenements {
            let (linked, linked_event) = match e.kind {
                EventKind::Escalade { dossier, .. } => (Some(cases[&dossier]), None),
                EventKind::Annule { evenement } => (None, Some(events[&evenement])),
                _ => (None, None),
            };
            // Exports made before the route of a follow-up was recorded: from its case.
            let filled;
            let kind = match &e.kind {
                EventKind::Escalade {
                    dossier,
                    demarche: None,
                } => {
                    filled = EventKind::Escalade {
                        dossier: *dossier,
                        demarche: snap
                            .dossiers
                            .iter()
                            .find(|c| c.id == *dossier)
                            .map(|c| c.demarche.clone()),
                    };
                    &filled
                }
                k => k,
            };
            let id = insert_event(
                &tx,
                empty.then_some(e.id),
                cases[&e.dossier],
                e.date,
                kind,
                e.texte.as_deref(),
                &e.enregistre,
                (linked, linked_event),
            )?;
            events.insert(e.id, id);
        }
        tx.commit().map_err(db_err)?;
        Ok(ImportSummary {
            persons: snap.personnes.len(),
            cases: snap.dossiers.len(),
            events: snap.evenements.len(),
            ids_kept: empty,
        })
    }

    fn add_batch(&mut self, batch: &[BatchEntry]) -> Result<Vec<CaseId>, Failure> {
        // Events are checked before anything is written; whether an existing case is
        // closed is read inside the transaction.
        for entry in batch {
            for c in &entry.cases {
                let case = match &c.target {
                    BatchTarget::Open(case) => case_of(case),
                    BatchTarget::Existing(id) => Case {
                        id: *id,
                        ..case_of(&NewCase {
                            personne: 0,
                            fichier: String::new(),
                            demarche: String::new(),
                            canal: None,
                            references: Vec::new(),
                            suite_de: None,
                            ouvert: NaiveDate::MIN,
                        })
                    },
                };
                check_batch_events(
                    CaseHistory {
                        case,
                        events: Vec::new(),
                    },
                    &c.events,
                )?;
            }
        }
        let tx = self.write()?;
        let ts = now();
        let mut ids = Vec::new();
        for entry in batch {
            let person = match &entry.person {
                BatchPerson::New(p) => {
                    let json = person_json(p)?;
                    tx.prepare_cached(
                        "INSERT INTO persons (data, created, updated) VALUES (?1, ?2, ?2)",
                    )
                    .and_then(|mut s| s.execute(params![json, ts]))
                    .map_err(db_err)?;
                    tx.last_insert_rowid()
                }
                BatchPerson::Existing(id) => *id,
            };
            for c in &entry.cases {
                let id = match &c.target {
                    BatchTarget::Open(case) => open_case_in(
                        &tx,
                        &NewCase {
                            personne: person,
                            ..case.clone()
                        },
                    )?,
                    BatchTarget::Existing(id) => {
                        let owner: Option<PersonId> = tx
                            .prepare_cached("SELECT person_id FROM cases WHERE id = ?1")
                            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
                            .map_err(db_err)?;
                        match owner {
                            None => return Err(Failure::invalid(t::unknown_case(*id))),
                            Some(o) if o != person => {
                                return Err(Failure::invalid(t::unknown_case(*id)));
                            }
                            Some(_) => {}
                        }
                        let closed: bool = tx
                            .prepare_cached(
                                "SELECT EXISTS(SELECT 1 FROM events WHERE case_id = ?1 \
                                 AND kind = 'clos')",
                            )
                            .and_then(|mut s| s.query_row([id], |r| r.get(0)))
                            .map_err(db_err)?;
                        if closed {
                            return Err(event_problem(EventProblem::CaseClosed));
                        }
                        *id
                    }
                };
                for e in &c.events {
                    append_event(&tx, id, e)?;
                }
                ids.push(id);
            }
        }
        tx.commit().map_err(db_err)?;
        Ok(ids)
    }
}

pub(super) fn case_of(case: &NewCase) -> Case {
    Case {
        id: 0,
        personne: case.personne,
        fichier: case.fichier.clone(),
        demarche: case.demarche.clone(),
        canal: case.canal,
        references: case.references.clone(),
        suite_de: case.suite_de,
        ouvert: case.ouvert,
    }
}

/// Checks events to append, in order, as [`Store::add_event`] would check each one.
pub(super) fn check_batch_events(
    mut history: CaseHistory,
    events: &[NewEvent],
) -> Result<(), Failure> {
    for e in events {
        check_new_event(&history, e).map_err(event_problem)?;
        history.events.push(Event {
            id: 0,
            dossier: 0,
            date: e.date,
            kind: e.kind.clone(),
            texte: e.texte.clone(),
            enregistre: String::new(),
        });
    }
    Ok(())
}

/// Every link in a snapshot points inside it (checked before writing anything).
pub(super) fn check_snapshot(snap: &Snapshot) -> Result<(), Failure> {
    use std::collections::HashSet;
    let persons: HashSet<_> = snap.personnes.iter().map(|p| p.id).collect();
    let cases: HashSet<_> = snap.dossiers.iter().map(|c| c.id).collect();
    if persons.len() != snap.personnes.len() || cases.len() != snap.dossiers.len() {
        return Err(Failure::invalid(t::IMPORT_DUPLICATE_IDS));
    }
    for c in &snap.dossiers {
        if !persons.contains(&c.personne) || c.suite_de.is_some_and(|p| !cases.contains(&p)) {
            return Err(Failure::invalid(t::import_broken_link(c.id)));
        }
    }
    // An event cancelled must come before the `annule` naming it, in the same case.
    let mut events = HashSet::new();
    let mut case_of = HashMap::new();
    for e in &snap.evenements {
        let linked_ok = match e.kind {
            EventKind::Escalade { dossier, .. } => cases.contains(&dossier),
            EventKind::Annule { evenement } => case_of.get(&evenement) == Some(&e.dossier),
            _ => true,
        };
        case_of.insert(e.id, e.dossier);
        if !cases.contains(&e.dossier) || !linked_ok || !events.insert(e.id) {
            return Err(Failure::invalid(t::import_broken_event(e.id)));
        }
    }
    Ok(())
}

fn migrate(conn: &mut Connection, dir: &Path, passphrase: &Passphrase) -> Result<(), Failure> {
    // Another process may have migrated while we waited for the exclusive lock.
    let version = pragma_i32(conn, "user_version")?;
    if version >= schema::CURRENT {
        return Ok(());
    }
    let backup = file::create_kept(dir, &format!("acces-avant-migration-v{version}"))?;
    if let Err(f) = encrypted_copy(conn, passphrase, &backup, version) {
        let _ = file::remove_db_files(&backup);
        return Err(f);
    }
    for v in version..schema::CURRENT {
        let step = schema::STEPS[(v - 1) as usize];
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err)?;
        tx.execute_batch(step).map_err(db_err)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", v + 1))
            .map_err(db_err)?;
        tx.commit().map_err(db_err)?;
    }
    Ok(())
}

pub(super) fn restore(
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
        configure(&conn)?;
        initialise(&mut conn)?;
        let mut store = SqliteStore {
            conn,
            dir: dir.to_path_buf(),
            swept: Vec::new(),
            _locks: Locks::none(),
        };
        store.import(snapshot)?;
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

/// See [`super::change_passphrase`].
pub(super) fn change_passphrase(
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
    let temp = dir.join(REKEY_TEMP);
    remove_with_journals(&temp)?;
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
        configure(&conn)?;
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
            remove_with_journals(&temp)?;
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

/// The copy being written by a passphrase change, in the data directory.
const REKEY_TEMP: &str = "acces-nouvelle-phrase-en-cours.db";

fn remove_with_journals(path: &Path) -> Result<(), Failure> {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            fs::remove_file(&p).map_err(|e| Failure::io(t::cannot_create_store(&p, &e)))?;
        }
    }
    Ok(())
}

fn exists(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::NewCase;

    fn pass() -> Passphrase {
        Passphrase::new("phrase de test")
    }

    fn person(nom: &str) -> Person {
        Person {
            nom: nom.into(),
            prenoms: "Camille".into(),
            adresse: vec!["1 rue de la Paix".into()],
            code_postal: "75002".into(),
            commune: "Paris".into(),
            ..Person::default()
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn create_write_reopen_and_wrong_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("donnees");
        let mut s = SqliteStore::open(&data, &pass(), LockMode::Command, true).unwrap();
        let p = s.add_person(&person("Zébulon")).unwrap();
        let c = s
            .open_case(&NewCase {
                personne: p,
                fichier: "TAJ".into(),
                demarche: "acces".into(),
                canal: Some(Channel::Lrar),
                references: vec!["réf-1".into()],
                suite_de: None,
                ouvert: d("2026-01-05"),
            })
            .unwrap();
        s.add_event(
            c,
            &NewEvent {
                date: d("2026-01-06"),
                kind: EventKind::Envoye {
                    canal: Some(Channel::Lrar),
                    recommande: Some("1A2B".into()),
                },
                texte: None,
            },
        )
        .unwrap();
        drop(s);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&data).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700);
            let mode = fs::metadata(db_path(&data)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let before = fs::read(db_path(&data)).unwrap();
        let err = SqliteStore::open(&data, &Passphrase::new("mauvaise"), LockMode::Command, true)
            .unwrap_err();
        assert_eq!(err.code, exit::WRONG_PASSPHRASE, "{}", err.message);
        assert_eq!(fs::read(db_path(&data)).unwrap(), before);

        let s = SqliteStore::open(&data, &pass(), LockMode::Command, false).unwrap();
        assert_eq!(s.person(p).unwrap().unwrap().nom, "Zébulon");
        let h = s.case(c).unwrap().unwrap();
        assert_eq!(h.case.references, vec!["réf-1".to_string()]);
        assert_eq!(h.events.len(), 1);
        s.integrity_check().unwrap();
    }

    #[test]
    fn plain_sqlite_and_garbage_are_not_stores_and_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(db_path(dir.path()), b"bonjour, je ne suis pas une base").unwrap();
        let err = SqliteStore::open(dir.path(), &pass(), LockMode::Command, true).unwrap_err();
        assert_eq!(err.code, exit::STORE_UNAVAILABLE);
        assert_eq!(
            fs::read(db_path(dir.path())).unwrap(),
            b"bonjour, je ne suis pas une base"
        );
        let plain = tempfile::tempdir().unwrap();
        {
            let c = Connection::open(db_path(plain.path())).unwrap();
            c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
                .unwrap();
        }
        let err = SqliteStore::open(plain.path(), &pass(), LockMode::Command, true).unwrap_err();
        assert_eq!(err.code, exit::STORE_UNAVAILABLE);
    }

    #[test]
    fn second_tui_is_refused_but_commands_coexist() {
        let dir = tempfile::tempdir().unwrap();
        let _tui = SqliteStore::open(dir.path(), &pass(), LockMode::Interactive, true).unwrap();
        let err = SqliteStore::open(dir.path(), &pass(), LockMode::Interactive, true).unwrap_err();
        assert_eq!(err.code, exit::STORE_UNAVAILABLE);
        assert!(err.message.contains("déjà ouvert"), "{}", err.message);
        let mut cli = SqliteStore::open(dir.path(), &pass(), LockMode::Command, true).unwrap();
        cli.add_person(&person("Martin")).unwrap();
        let err = restore(dir.path(), &pass(), &pass(), &Snapshot::default()).unwrap_err();
        assert_eq!(err.code, exit::STORE_UNAVAILABLE);
    }

    #[test]
    fn data_version_moves_only_with_another_connections_writes() {
        let dir = tempfile::tempdir().unwrap();
        let mut tui = SqliteStore::open(dir.path(), &pass(), LockMode::Interactive, true).unwrap();
        let v0 = tui.data_version().unwrap();
        tui.add_person(&person("Martin")).unwrap();
        assert_eq!(tui.data_version().unwrap(), v0, "own write");
        let mut cli = SqliteStore::open(dir.path(), &pass(), LockMode::Command, true).unwrap();
        cli.add_person(&person("Durand")).unwrap();
        assert_ne!(tui.data_version().unwrap(), v0, "another process wrote");
    }

    #[test]
    fn events_are_append_only_in_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = SqliteStore::open(dir.path(), &pass(), LockMode::Command, true).unwrap();
        let p = s.add_person(&person("Martin")).unwrap();
        let c = s
            .open_case(&NewCase {
                personne: p,
                fichier: "FPR".into(),
                demarche: "acces".into(),
                canal: None,
                references: vec![],
                suite_de: None,
                ouvert: d("2026-01-05"),
            })
            .unwrap();
        s.add_event(
            c,
            &NewEvent {
                date: d("2026-01-05"),
                kind: EventKind::Note,
                texte: Some("x".into()),
            },
        )
        .unwrap();
        assert!(s.conn.execute("DELETE FROM events", []).is_err());
        assert!(s.conn.execute("UPDATE events SET text = 'y'", []).is_err());
    }

    #[test]
    fn migrates_a_version_1_store_after_an_encrypted_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = db_path(dir.path());
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "key", "phrase de test").unwrap();
            c.execute_batch(schema::V1).unwrap();
            c.execute_batch(&format!(
                "PRAGMA application_id = {}; PRAGMA user_version = 1;",
                schema::APPLICATION_ID
            ))
            .unwrap();
            c.execute(
                "INSERT INTO persons (data, created, updated) VALUES (?1, 'x', 'x')",
                [serde_json::to_string(&person("Ancien")).unwrap()],
            )
            .unwrap();
            c.execute_batch(
                "INSERT INTO cases (person_id, entry, route, channel, opened) \
                 VALUES (1, 'TAJ', 'acces', 'lrar', '2025-06-01');
                 INSERT INTO events (case_id, date, kind, channel, text, recorded) \
                 VALUES (1, '2025-06-02', 'envoye', 'lrar', NULL, '2025-06-02T10:00:00Z');
                 INSERT INTO events (case_id, date, kind, outcome, recorded) \
                 VALUES (1, '2025-07-20', 'reponse', 'refus', '2025-07-20T10:00:00Z');",
            )
            .unwrap();
        }
        let s = SqliteStore::open(dir.path(), &pass(), LockMode::Command, false).unwrap();
        assert_eq!(s.schema_version().unwrap(), schema::CURRENT);
        let h = s.case(1).unwrap().unwrap();
        assert_eq!(h.case.references, Vec::<String>::new());
        assert_eq!(h.case.canal, Some(Channel::Lrar));
        assert_eq!(h.events.len(), 2);
        assert_eq!(
            h.events[1].kind,
            EventKind::Reponse {
                issue: Outcome::Refus
            }
        );
        s.integrity_check().unwrap();
        drop(s);
        let backups: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("acces-avant-migration-v1-")
            })
            .collect();
        assert_eq!(backups.len(), 1, "{backups:?}");
        let raw = fs::read(&backups[0]).unwrap();
        assert!(!raw.starts_with(b"SQLite format 3"), "backup is encrypted");
        let c = Connection::open(&backups[0]).unwrap();
        c.pragma_update(None, "key", "phrase de test").unwrap();
        let v: i32 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
        let n: i64 = c
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }

    #[test]
    fn import_into_empty_keeps_ids_and_into_full_remaps() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = SqliteStore::open(dir.path(), &pass(), LockMode::Command, true).unwrap();
        let p = s.add_person(&person("Martin")).unwrap();
        let c1 = s
            .open_case(&NewCase {
                personne: p,
                fichier: "TAJ".into(),
                demarche: "acces".into(),
                canal: Some(Channel::Lrar),
                references: vec![],
                suite_de: None,
                ouvert: d("2026-01-05"),
            })
            .unwrap();
        let c2 = s
            .open_case(&NewCase {
                personne: p,
                fichier: "TAJ".into(),
                demarche: "cnil-108".into(),
                canal: None,
                references: vec![],
                suite_de: Some(c1),
                ouvert: d("2026-04-05"),
            })
            .unwrap();
        let snap = s.snapshot().unwrap();
        assert_eq!(
            snap.evenements[0].kind,
            EventKind::Escalade {
                dossier: c2,
                demarche: Some("cnil-108".into())
            },
            "opening a follow-up records the escalation on the earlier case"
        );
        let other = tempfile::tempdir().unwrap();
        let mut t = SqliteStore::open(other.path(), &pass(), LockMode::Command, true).unwrap();
        let sum = t.import(&snap).unwrap();
        assert!(sum.ids_kept);
        assert_eq!(t.snapshot().unwrap(), snap);
        let sum = t.import(&snap).unwrap();
        assert!(!sum.ids_kept);
        let all = t.snapshot().unwrap();
        assert_eq!(all.personnes.len(), 2);
        let new_c2 = all.dossiers[3].clone();
        assert_eq!(new_c2.suite_de, Some(all.dossiers[2].id));
        assert_eq!(
            all.evenements[1].kind,
            EventKind::Escalade {
                dossier: new_c2.id,
                demarche: Some("cnil-108".into())
            }
        );
        // An export made before the route of a follow-up was recorded: filled on import.
        let mut old = snap.clone();
        old.evenements[0].kind = EventKind::Escalade {
            dossier: c2,
            demarche: None,
        };
        let third = tempfile::tempdir().unwrap();
        let mut u = SqliteStore::open(third.path(), &pass(), LockMode::Command, true).unwrap();
        u.import(&old).unwrap();
        assert_eq!(u.snapshot().unwrap(), snap);
    }

    /// A store without encryption (empty key), so that the test can look for bytes in the
    /// file: what `secure_delete` and the emptied log must have removed.
    fn plain_store(dir: &Path) -> SqliteStore {
        let conn = Connection::open(db_path(dir)).unwrap();
        configure(&conn).unwrap();
        let mut conn = conn;
        initialise(&mut conn).unwrap();
        SqliteStore {
            conn,
            dir: dir.to_path_buf(),
            _locks: Locks::none(),
            swept: Vec::new(),
        }
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn deleting_a_person_leaves_no_byte_of_them_in_the_file_nor_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = plain_store(dir.path());
        let keep = s.add_person(&person("Gardé")).unwrap();
        let gone = s.add_person(&person("Quetzalcoatlus")).unwrap();
        let mut cases = Vec::new();
        for (p, route) in [(gone, "acces"), (keep, "acces"), (gone, "cnil-108")] {
            cases.push(
                s.open_case(&NewCase {
                    personne: p,
                    fichier: "TAJ".into(),
                    demarche: route.into(),
                    canal: None,
                    references: if p == gone {
                        vec!["REF-Quetzalcoatlus".into()]
                    } else {
                        vec![]
                    },
                    suite_de: (route == "cnil-108").then(|| cases[0]),
                    ouvert: d("2026-01-05"),
                })
                .unwrap(),
            );
        }
        s.add_event(
            cases[0],
            &NewEvent {
                date: d("2026-01-06"),
                kind: EventKind::Note,
                texte: Some("appel de Quetzalcoatlus".into()),
            },
        )
        .unwrap();
        let wal = PathBuf::from(format!("{}-wal", db_path(dir.path()).display()));
        let raw = || {
            let mut all = fs::read(db_path(dir.path())).unwrap();
            all.extend(fs::read(&wal).unwrap_or_default());
            all
        };
        assert!(
            contains(&raw(), b"Quetzalcoatlus"),
            "the test sees plain bytes"
        );
        assert_eq!(s.delete_person(gone).unwrap(), 2);
        assert!(!contains(&raw(), b"Quetzalcoatlus"));
        assert!(s.person(gone).unwrap().is_none());
        assert!(s.case(cases[0]).unwrap().is_none());
        assert!(s.case(cases[2]).unwrap().is_none());
        assert_eq!(s.persons().unwrap().len(), 1);
        assert_eq!(s.case(cases[1]).unwrap().unwrap().case.personne, keep);
        s.integrity_check().unwrap();
        drop(s);
        assert!(!contains(&raw(), b"Quetzalcoatlus"));
    }

    #[test]
    fn deleting_a_follow_up_reopens_the_step_in_its_parent() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = SqliteStore::open(dir.path(), &pass(), LockMode::Command, true).unwrap();
        let p = s.add_person(&person("Martin")).unwrap();
        let new = |route: &str, suite_de| NewCase {
            personne: p,
            fichier: "TAJ".into(),
            demarche: route.into(),
            canal: None,
            references: vec![],
            suite_de,
            ouvert: d("2026-01-05"),
        };
        let c1 = s.open_case(&new("acces", None)).unwrap();
        let c2 = s.open_case(&new("cnil-108", Some(c1))).unwrap();
        let c3 = s
            .open_case(&new("tribunal-administratif", Some(c2)))
            .unwrap();
        assert_eq!(s.case(c1).unwrap().unwrap().events.len(), 1);
        s.delete_case(c2).unwrap();
        assert!(s.case(c2).unwrap().is_none());
        assert!(s.case(c1).unwrap().unwrap().events.is_empty());
        assert_eq!(s.case(c3).unwrap().unwrap().case.suite_de, None);
        let err = s.delete_case(c2).unwrap_err();
        assert_eq!(err.code, exit::INVALID_INPUT);
        s.integrity_check().unwrap();
        let fk: i64 = s
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);
    }

    #[test]
    fn a_cancelled_event_stays_in_the_history_and_a_cancelled_closing_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = SqliteStore::open(dir.path(), &pass(), LockMode::Command, true).unwrap();
        let p = s.add_person(&person("Martin")).unwrap();
        let c = s
            .open_case(&NewCase {
                personne: p,
                fichier: "TAJ".into(),
                demarche: "acces".into(),
                canal: None,
                references: vec![],
                suite_de: None,
                ouvert: d("2026-01-05"),
            })
            .unwrap();
        let ev = |date: &str, kind| NewEvent {
            date: d(date),
            kind,
            texte: Some("fermé par erreur".into()),
        };
        let clos = s.add_event(c, &ev("2026-01-06", EventKind::Clos)).unwrap();
        let err = s
            .add_event(c, &ev("2026-01-07", EventKind::Note))
            .unwrap_err();
        assert_eq!(err.code, exit::INVALID_INPUT);
        let ids = s
            .add_events(
                c,
                &[ev("2026-01-07", EventKind::Annule { evenement: clos })],
            )
            .unwrap();
        let h = s.case(c).unwrap().unwrap();
        assert!(!h.is_closed());
        assert!(h.is_cancelled(clos));
        assert_eq!(h.events.len(), 2);
        assert_eq!(h.events[1].id, ids[0]);
        s.add_event(c, &ev("2026-01-08", EventKind::Note)).unwrap();
        // Cancelling twice, or cancelling a cancellation, is refused.
        for target in [clos, ids[0]] {
            let err = s
                .add_event(
                    c,
                    &ev("2026-01-09", EventKind::Annule { evenement: target }),
                )
                .unwrap_err();
            assert_eq!(err.code, exit::INVALID_INPUT);
        }
        let opened = s.open_case(&NewCase {
            personne: p,
            fichier: "TAJ".into(),
            demarche: "cnil-108".into(),
            canal: None,
            references: vec![],
            suite_de: Some(c),
            ouvert: d("2026-01-10"),
        });
        assert!(opened.is_ok(), "a reopened case takes a follow-up");
    }
}
