//! Persistence of persons, cases and events: an encrypted SQLite (SQLCipher) file.
//!
//! This is the only module that imports `rusqlite` and `postgres`. The rest of the code sees
//! the [`Store`] trait; [`SqliteStore`] implements it for the local register, [`PgStore`] for
//! a group's shared register on PostgreSQL (`pg.rs`, with the personal fields sealed on the
//! client: `crypt.rs`), and [`Register`] is either. Both backends check what they write
//! with the same rules (`rules.rs`, on model values) and run the same writing operations
//! (`writes.rs`) over their own statements; `rows.rs` holds the columns' layout they share.
//!
//! # Files
//!
//! In the data directory (0700; `--data-dir`, `ACCES_DATA_DIR`, or the platform directory
//! from `directories`): `acces.db` (0600, encrypted with the passphrase; SQLite's `-wal` and
//! `-shm` files next to it inherit its mode), `acces.lock`, `acces-tui.lock`, and backups made
//! before a schema migration or a restore (`acces-avant-*.db`, encrypted with the same key).
//!
//! # Concurrency (decided here, relied upon by the CLI and the TUI)
//!
//! * Every process that opens the store holds a **shared** lock on `acces.lock` for as long
//!   as it has the store open. Several CLI commands, and one TUI, can therefore work at the
//!   same time; SQLite serialises their writes (`BEGIN IMMEDIATE`, a busy timeout of
//!   [`BUSY_TIMEOUT`]), and each user action is one transaction. The TUI re-reads after each
//!   action, so what a CLI command wrote shows up there.
//! * The TUI ([`LockMode::Interactive`]) also holds an **exclusive** lock on
//!   `acces-tui.lock`: a second TUI is refused with « acces est déjà ouvert… » (exit 4).
//! * Operations that replace or restructure the file (schema migration, `acces restaurer`)
//!   need the **exclusive** lock on `acces.lock`: while any other acces process has the store
//!   open they are refused with a message saying so (exit 4); the file is left untouched.
//!
//! Locks are advisory (`std::fs::File::try_lock`) and released by the OS if a process dies.

mod backup;
pub mod crypt;
mod file;
mod lock;
mod merge;
mod pg;
mod rows;
mod rules;
mod schema;
mod sqlite;
#[cfg(test)]
mod tests_both;
pub mod unlock;
mod writes;

use std::path::{Path, PathBuf};

use crate::cases::{
    CaseFilter, CaseHistory, CaseId, EventId, NewCase, NewEvent, PersonId, PersonRecord, Snapshot,
};
use crate::error::Failure;
use crate::person::{Person, PersonHead};

pub use backup::{decrypt_backup, encrypt_backup};
pub use crypt::Identity;
pub use file::{KEPT_PREFIX, RESTORE_TEMP};
#[doc(hidden)]
pub use pg::testing as pg_testing;
pub use pg::{MembershipChange, PgStore, Volunteer, check_volunteer, create_shared};
pub use sqlite::{SqliteStore, open};

/// A new local register in `dir` for a unit test (a fixed test passphrase).
#[cfg(test)]
pub fn open_for_test(dir: &Path) -> SqliteStore {
    open(
        dir,
        &Passphrase::new("phrase de test"),
        LockMode::Command,
        true,
    )
    .expect("a register in a new temporary directory")
}

/// How long a write waits for another process's transaction before giving up (exit 4).
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The store's file name in the data directory.
pub const DB_FILE: &str = "acces.db";
/// The lock file every process holds (shared), and migrations/restores hold exclusively.
pub const LOCK_FILE: &str = "acces.lock";
/// The lock file the TUI holds exclusively.
pub const TUI_LOCK_FILE: &str = "acces-tui.lock";

/// The operations on the tracker. One call that writes is one transaction: it either
/// happens completely or not at all.
/// `Send`: the TUI opens and reads the store on a worker thread, so its first frame does not
/// wait for the key derivation.
pub trait Store: Send {
    /// Adds a person; returns its id.
    fn add_person(&mut self, person: &Person) -> Result<PersonId, Failure>;
    /// Replaces a person's profile. Fails (exit 2) if there is no such person.
    fn update_person(&mut self, id: PersonId, person: &Person) -> Result<(), Failure>;
    /// A person by id (used by `acces lettre --personne ID`).
    fn person(&self, id: PersonId) -> Result<Option<Person>, Failure> {
        Ok(self.person_record(id)?.map(|r| r.personne))
    }
    /// A person with their identity and last change (`acces personne voir --json`).
    fn person_record(&self, id: PersonId) -> Result<Option<PersonRecord>, Failure>;
    /// Replaces a person's profile as it was read when its last change was `seen` (the
    /// `maj` of [`Store::person_record`]): if it changed since (another process, another
    /// volunteer), nothing is written and the refusal says so (exit 4).
    fn update_person_seen(
        &mut self,
        id: PersonId,
        person: &Person,
        seen: &str,
    ) -> Result<(), Failure>;
    /// All persons, by id.
    fn persons(&self) -> Result<Vec<PersonRecord>, Failure>;
    /// Each person's name and département only, by id (the deadline listings): the local
    /// register reads them without building the whole profile.
    fn person_heads(&self) -> Result<Vec<(PersonId, PersonHead)>, Failure> {
        Ok(self
            .persons()?
            .iter()
            .map(|r| (r.id, PersonHead::from(&r.personne)))
            .collect())
    }
    /// Opens a case; returns its id. When `case.suite_de` is set, also appends an
    /// `escalade` event (dated `case.ouvert`) to that earlier case, in the same transaction.
    fn open_case(&mut self, case: &NewCase) -> Result<CaseId, Failure>;
    /// Opens a case and appends its first event, in one transaction (`acces lettre
    /// --enregistrer`: the new case and its « brouillon »). The event is checked like
    /// [`Store::add_event`]'s; nothing is written if either is refused.
    fn open_case_with_event(
        &mut self,
        case: &NewCase,
        event: &NewEvent,
    ) -> Result<(CaseId, EventId), Failure>;
    /// A case and its events.
    fn case(&self, id: CaseId) -> Result<Option<CaseHistory>, Failure>;
    /// Cases matching the filter, with their events, by id.
    fn cases(&self, filter: &CaseFilter) -> Result<Vec<CaseHistory>, Failure>;
    /// [`Store::cases`], each handed to `each` in turn instead of all returned: the local
    /// register then holds one history at a time for the lean read
    /// ([`CaseFilter::statut_seulement`]).
    fn each_case(
        &self,
        filter: &CaseFilter,
        each: &mut dyn FnMut(CaseHistory),
    ) -> Result<(), Failure> {
        self.cases(filter)?.into_iter().for_each(each);
        Ok(())
    }
    /// Appends an event to a case (checked with [`crate::cases::check_new_event`]). An event
    /// dated before the case's opening moves the opening back to its date, in the same
    /// transaction ([`crate::cases::opening_with`]).
    fn add_event(&mut self, case: CaseId, event: &NewEvent) -> Result<EventId, Failure>;
    /// Appends several events to a case in one transaction, each checked against the
    /// history with the ones before it (a correction: the `annule` and the corrected event).
    fn add_events(&mut self, case: CaseId, events: &[NewEvent]) -> Result<Vec<EventId>, Failure>;
    /// Deletes a case for real: its events, the link from the case it follows (that step
    /// counts as not taken again); its own follow-ups stay, unlinked. The bytes are
    /// overwritten (`secure_delete`) and the write-ahead log emptied.
    fn delete_case(&mut self, id: CaseId) -> Result<(), Failure>;
    /// Deletes a person for real, with all their cases and events (the right to be
    /// forgotten), like [`Store::delete_case`]. Returns how many cases went with them.
    fn delete_person(&mut self, id: PersonId) -> Result<usize, Failure>;
    /// Everything, for export and backup.
    fn snapshot(&self) -> Result<Snapshot, Failure>;
    /// A number that changes when *another* connection (a CLI command beside the TUI, another
    /// volunteer) commits to the store; this connection's own writes leave it as is (the
    /// shared register counts them and leaves them out). The TUI re-reads everything only
    /// when it moved; after its own write, only what it wrote.
    fn data_version(&self) -> Result<i64, Failure>;
    /// Adds the content of a snapshot (an export), in one transaction. Into an empty store
    /// the ids are kept, so export → import → export is identical; into a store that already
    /// has data, what it holds (same identity) is skipped or updated, the rest gets new ids
    /// and the links (person, earlier case, escalation) follow them (see `merge.rs`). With
    /// `simulation`, the summary is computed and nothing is written.
    fn import(&mut self, snapshot: &Snapshot, simulation: bool) -> Result<ImportSummary, Failure>;
    /// Keeps (or forgets, `None`) the recipient chosen for a case's letters.
    fn set_recipient(&mut self, case: CaseId, recipient: Option<&str>) -> Result<(), Failure>;
    /// Adds persons, opens cases and appends events, all in one transaction (the spreadsheet
    /// import, letters in batches): nothing is written if one of them is refused. New cases
    /// are checked as [`Store::open_case_with_event`] checks them, events on existing cases
    /// as [`Store::add_event`] does; an existing case must belong to its entry's person.
    /// Returns the case id of each [`BatchCase`], in order.
    fn add_batch(&mut self, batch: &[BatchEntry]) -> Result<Vec<CaseId>, Failure>;
}

/// The person of a [`BatchEntry`]: to add, or already in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchPerson {
    New(Box<Person>),
    Existing(PersonId),
}

/// The case of a [`BatchCase`]: to open, or already in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchTarget {
    /// Opened for the entry's person (its `personne` is replaced).
    Open(NewCase),
    /// A case of the entry's person.
    Existing(CaseId),
}

/// A case of a batch and the events to append to it, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchCase {
    pub target: BatchTarget,
    pub events: Vec<NewEvent>,
}

/// One person of a batch and the cases to open for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchEntry {
    pub person: BatchPerson,
    pub cases: Vec<BatchCase>,
}

/// How many persons, cases and events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub persons: usize,
    pub cases: usize,
    pub events: usize,
}

/// What an import did (see `merge.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    /// New to the register, added.
    pub added: Counts,
    /// Already in the register (the same identity), left as they are.
    pub skipped: Counts,
    /// Persons updated from a newer, different version (their ids here).
    pub updated: Vec<PersonId>,
    /// Persons that differ but were changed here later: kept as they are here (their ids).
    pub kept_newer: Vec<PersonId>,
    /// Cases and events refused: their identity is in the register for another person's
    /// case (or another case's event), or they depend on one refused.
    pub refused: Counts,
    /// Whether the original ids were kept (the register was empty).
    pub ids_kept: bool,
}

/// The passphrase that encrypts the store — or the key derived from it, kept by `acces
/// deverrouiller` (see [`unlock`]). Its `Debug` shows neither.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(Secret);

#[derive(Clone, PartialEq, Eq)]
enum Secret {
    Text(String),
    Key(unlock::RawKey),
}

impl Passphrase {
    /// Wraps a passphrase; a trailing newline (from a file) is removed.
    pub fn new(text: impl Into<String>) -> Passphrase {
        let mut s: String = text.into();
        while s.ends_with('\n') || s.ends_with('\r') {
            s.pop();
        }
        Passphrase(Secret::Text(s))
    }

    pub fn is_empty(&self) -> bool {
        matches!(&self.0, Secret::Text(s) if s.is_empty())
    }

    /// The passphrase typed by the person; `None` for a kept key (an age backup needs the
    /// passphrase itself).
    pub(crate) fn text(&self) -> Option<&str> {
        match &self.0 {
            Secret::Text(s) => Some(s),
            Secret::Key(_) => None,
        }
    }

    /// What SQLCipher's `PRAGMA key` and `ATTACH … KEY` take.
    pub(crate) fn sqlcipher_key(&self) -> std::borrow::Cow<'_, str> {
        match &self.0 {
            Secret::Text(s) => std::borrow::Cow::Borrowed(s),
            Secret::Key(k) => std::borrow::Cow::Owned(k.sqlcipher_literal()),
        }
    }

    /// Whether this is a kept key rather than a typed passphrase.
    pub fn is_kept_key(&self) -> bool {
        matches!(self.0, Secret::Key(_))
    }

    /// Shorter than [`SHORT_PASSPHRASE`] characters: easy to guess for whoever copies the file.
    /// (A kept key is not a passphrase: never short.)
    pub fn is_short(&self) -> bool {
        self.text()
            .is_some_and(|s| s.chars().count() < SHORT_PASSPHRASE)
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

/// Who opens the store, which decides the locks taken (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    /// A CLI command: shared lock for the duration of the command.
    Command,
    /// The TUI: shared lock, and the exclusive TUI lock (one TUI at a time).
    Interactive,
}

/// The platform data directory (`~/.local/share/acces` on Linux).
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("fr", "acces", "acces").map(|d| d.data_dir().to_path_buf())
}

/// The store file in a data directory.
pub fn db_path(dir: &Path) -> PathBuf {
    dir.join(DB_FILE)
}

/// Whether a store exists in `dir` (a non-empty `acces.db`).
pub fn exists(dir: &Path) -> bool {
    std::fs::metadata(db_path(dir)).is_ok_and(|m| m.len() > 0)
}

/// Changes the passphrase of the store in `dir`: an encrypted copy under the new passphrase
/// is written beside the store, checked, then renamed over it, so that an interruption
/// leaves the store whole under one of the two passphrases. Needs the exclusive lock
/// (refused while another acces process has the store open); a wrong `old` gives exit 3.
/// A key kept by `acces deverrouiller` no longer opens the store afterwards: it is forgotten.
pub fn change_passphrase(dir: &Path, old: &Passphrase, new: &Passphrase) -> Result<(), Failure> {
    sqlite::change_passphrase(dir, old, new)?;
    unlock::forget(dir);
    Ok(())
}

/// Passphrases shorter than this (in characters) are refused unless the person confirms.
pub const SHORT_PASSPHRASE: usize = 12;

/// Replaces (or creates) the store in `dir` with the content of `snapshot`, encrypted with
/// `passphrase`. The new store is built beside the old one, checkpointed, synced, reopened
/// and checked, then renamed over it in one step (there is never a moment without
/// `acces.db`); the old one, if any, must open with `current_passphrase` (else exit 3) and
/// is kept as `acces-avant-restauration-….db` (a new name, never an existing file), whose
/// path is returned. On any failure the old store is untouched and no temporary file is
/// left. Needs the exclusive lock: refused while another acces process has the store open.
pub fn restore(
    dir: &Path,
    passphrase: &Passphrase,
    current_passphrase: &Passphrase,
    snapshot: &Snapshot,
) -> Result<Option<PathBuf>, Failure> {
    sqlite::restore(dir, passphrase, current_passphrase, snapshot)
}

/// The register a command works on: the local encrypted file (the default), or a group's
/// shared register on a PostgreSQL server (`--registre postgres://…`). The faces see one
/// [`Store`]; only what is specific to one backend (the local file's checks) is matched.
#[derive(Debug)]
pub enum Register {
    Local(SqliteStore),
    Shared(Box<PgStore>),
}

/// The environment variable naming the shared register (the `--registre` option).
pub const REGISTER_ENV: &str = "ACCES_REGISTRE";

/// Checks a shared register's address (and the TLS rule) without contacting anything.
pub fn pg_config_check(url: &str) -> Result<(), Failure> {
    pg::config(url).map(drop)
}

/// Opens the shared register of `url` for the volunteer whose identity is in `dir`
/// (unlocked with `passphrase`).
pub fn open_shared(url: &str, dir: &Path, passphrase: &Passphrase) -> Result<PgStore, Failure> {
    // The address is checked (and TLS decided) before the passphrase's slow derivation.
    pg::config(url)?;
    let identity = Identity::load(dir, passphrase)?;
    PgStore::open(url, &identity)
}

/// Opens the register a face works on, boxed: the shared one of `shared` for the volunteer
/// whose identity is in `dir` (nothing to create, no file lock), else the local one in `dir`
/// (see [`open`]).
pub fn open_boxed(
    dir: &Path,
    shared: Option<&str>,
    passphrase: &Passphrase,
    mode: LockMode,
    create: bool,
) -> Result<Box<dyn Store>, Failure> {
    match shared {
        Some(url) => Ok(Box::new(open_shared(url, dir, passphrase)?)),
        None => Ok(Box::new(open(dir, passphrase, mode, create)?)),
    }
}

impl Register {
    /// A full check (`acces verifier`): the local file's pages, structure and links, or
    /// every sealed field of the shared register. Problems in French (empty: sound).
    pub fn verify(&self) -> Result<Vec<String>, Failure> {
        match self {
            Register::Local(s) => s.verify(),
            Register::Shared(s) => s.verify(),
        }
    }

    /// What opening the local file cleaned up (nothing for the shared register).
    pub fn swept(&self) -> &[String] {
        match self {
            Register::Local(s) => s.swept(),
            Register::Shared(_) => &[],
        }
    }

    fn inner(&self) -> &dyn Store {
        match self {
            Register::Local(s) => s,
            Register::Shared(s) => &**s,
        }
    }

    fn inner_mut(&mut self) -> &mut dyn Store {
        match self {
            Register::Local(s) => s,
            Register::Shared(s) => &mut **s,
        }
    }
}

impl Store for Register {
    fn add_person(&mut self, person: &Person) -> Result<PersonId, Failure> {
        self.inner_mut().add_person(person)
    }
    fn update_person(&mut self, id: PersonId, person: &Person) -> Result<(), Failure> {
        self.inner_mut().update_person(id, person)
    }
    fn person(&self, id: PersonId) -> Result<Option<Person>, Failure> {
        self.inner().person(id)
    }
    fn person_record(&self, id: PersonId) -> Result<Option<PersonRecord>, Failure> {
        self.inner().person_record(id)
    }
    fn update_person_seen(
        &mut self,
        id: PersonId,
        person: &Person,
        seen: &str,
    ) -> Result<(), Failure> {
        self.inner_mut().update_person_seen(id, person, seen)
    }
    fn persons(&self) -> Result<Vec<PersonRecord>, Failure> {
        self.inner().persons()
    }
    fn person_heads(&self) -> Result<Vec<(PersonId, PersonHead)>, Failure> {
        self.inner().person_heads()
    }
    fn open_case(&mut self, case: &NewCase) -> Result<CaseId, Failure> {
        self.inner_mut().open_case(case)
    }
    fn open_case_with_event(
        &mut self,
        case: &NewCase,
        event: &NewEvent,
    ) -> Result<(CaseId, EventId), Failure> {
        self.inner_mut().open_case_with_event(case, event)
    }
    fn case(&self, id: CaseId) -> Result<Option<CaseHistory>, Failure> {
        self.inner().case(id)
    }
    fn cases(&self, filter: &CaseFilter) -> Result<Vec<CaseHistory>, Failure> {
        self.inner().cases(filter)
    }
    fn each_case(
        &self,
        filter: &CaseFilter,
        each: &mut dyn FnMut(CaseHistory),
    ) -> Result<(), Failure> {
        self.inner().each_case(filter, each)
    }
    fn add_event(&mut self, case: CaseId, event: &NewEvent) -> Result<EventId, Failure> {
        self.inner_mut().add_event(case, event)
    }
    fn add_events(&mut self, case: CaseId, events: &[NewEvent]) -> Result<Vec<EventId>, Failure> {
        self.inner_mut().add_events(case, events)
    }
    fn delete_case(&mut self, id: CaseId) -> Result<(), Failure> {
        self.inner_mut().delete_case(id)
    }
    fn delete_person(&mut self, id: PersonId) -> Result<usize, Failure> {
        self.inner_mut().delete_person(id)
    }
    fn snapshot(&self) -> Result<Snapshot, Failure> {
        self.inner().snapshot()
    }
    fn data_version(&self) -> Result<i64, Failure> {
        self.inner().data_version()
    }
    fn import(&mut self, snapshot: &Snapshot, simulation: bool) -> Result<ImportSummary, Failure> {
        self.inner_mut().import(snapshot, simulation)
    }
    fn set_recipient(&mut self, case: CaseId, recipient: Option<&str>) -> Result<(), Failure> {
        self.inner_mut().set_recipient(case, recipient)
    }
    fn add_batch(&mut self, batch: &[BatchEntry]) -> Result<Vec<CaseId>, Failure> {
        self.inner_mut().add_batch(batch)
    }
}
