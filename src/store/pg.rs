//! [`Store`] on a group's shared PostgreSQL register (see `pg_schema.sql`).
//!
//! The same operations and checks as the local register (`sqlite/`): the checks are
//! `rules.rs`'s and the writing operations `writes.rs`'s, run over this backend's statements
//! (`pg/writer.rs`), with personal fields sealed on this machine with the group key
//! ([`super::crypt`]) before they leave it.
//!
//! # Concurrency
//!
//! Every write transaction first moves the one row of `register_state`: writers take turns
//! (as with the local register's single writer), and the checks an operation makes (a case
//! closed, an event already cancelled) are made again inside its transaction, against what
//! the others committed. An edit that another volunteer made stale — a person changed since
//! this connection read it, an event cancelled in between — is refused with a French
//! message naming who wrote last; nothing is overwritten silently.
//!
//! # Network
//!
//! Only the configured server is contacted. A server that is not on this machine (loopback
//! or unix socket) must be reached through TLS (`sslmode=require` is forced; `disable` is
//! refused), with the certificate checked against the system's authorities or the file in
//! `ACCES_REGISTRE_CA`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::str::FromStr;

use chrono::NaiveDate;
use postgres::config::{Host, SslMode};
use postgres::{Client, Config, Transaction};

use super::crypt::{self, GroupKeys, Identity};
use super::rows::{Histories, KindColumns, corrupt, kind_columns, kind_from_columns};
use super::rules::{self, event_problem, person_json};
use super::writes::{self, EventRow, Writes};
use super::{BatchEntry, ImportSummary, Store};
use crate::cases::{
    Case, CaseFilter, CaseHistory, CaseId, Channel, Event, EventId, NewCase, NewEvent, PersonId,
    PersonRecord, Snapshot,
};
use crate::error::{Failure, exit};
use crate::person::Person;
use crate::texts::registre as r;
use crate::texts::store as t;

mod store_impl;
#[doc(hidden)]
pub mod testing;
#[cfg(test)]
mod tests;
mod volunteers;
mod writer;

pub use volunteers::{MembershipChange, Volunteer, check_volunteer};

/// The schema of a shared register.
pub const SCHEMA: &str = include_str!("pg_schema.sql");
/// The schema version this code writes (`acces_meta.schema`).
pub const SCHEMA_VERSION: i32 = 2;
/// From schema 1 to schema 2 (stable identities, the recipient kept for a case).
const MIGRATE_V2: &str = include_str!("pg_migrate_v2.sql");
/// `acces_meta.application`: marks a database as an acces shared register.
pub const APPLICATION: &str = "acces-registre-partage";

/// The environment variable naming a CA certificate file (PEM) for the server's TLS.
pub const CA_ENV: &str = "ACCES_REGISTRE_CA";

/// The shared register, open for one volunteer.
pub struct PgStore {
    client: RefCell<Client>,
    keys: GroupKeys,
    me: String,
    /// The version of each person as this connection last read it: an update of a person
    /// changed by someone else since is refused.
    seen: RefCell<HashMap<PersonId, i64>>,
    /// How many write transactions this connection committed: each moved the register's
    /// version by one, and [`Store::data_version`] leaves them out, as SQLite does.
    own_writes: std::cell::Cell<i64>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("volunteer", &self.me)
            .finish_non_exhaustive()
    }
}

/// Maps a PostgreSQL error to what the user is told. Neither the URL nor any value is
/// repeated (the server's messages can quote values); the SQLSTATE code is.
pub(super) fn pg_err(e: postgres::Error) -> Failure {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        return match code {
            // invalid_password, invalid_authorization_specification
            "28P01" | "28000" => Failure::new(exit::WRONG_PASSPHRASE, r::SERVER_REFUSED_LOGIN),
            // serialization_failure, deadlock_detected, lock_not_available
            "40001" | "40P01" | "55P03" => Failure::new(exit::STORE_UNAVAILABLE, t::BUSY),
            // undefined_table: not (yet) a shared register
            "42P01" => Failure::new(exit::STORE_UNAVAILABLE, r::NOT_A_SHARED_REGISTER),
            // invalid_catalog_name: no such database
            "3D000" => Failure::new(exit::STORE_UNAVAILABLE, r::NO_SUCH_DATABASE),
            // insufficient_privilege
            "42501" => Failure::new(exit::STORE_UNAVAILABLE, r::NOT_ALLOWED),
            _ => Failure::new(exit::STORE_UNAVAILABLE, r::server_error(code)),
        };
    }
    // The client's only wording for a failed handshake (certificate not verified, or no TLS
    // on the server).
    if e.to_string().contains("TLS") {
        return Failure::new(exit::STORE_UNAVAILABLE, r::TLS_FAILED);
    }
    if e.is_closed() || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()) {
        return Failure::new(exit::STORE_UNAVAILABLE, r::SERVER_UNREACHABLE);
    }
    Failure::new(exit::STORE_UNAVAILABLE, r::server_failure(&e))
}

fn is_local(host: &Host) -> bool {
    match host {
        Host::Tcp(name) => {
            name == "localhost"
                || name
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
        #[cfg(unix)]
        Host::Unix(_) => true,
    }
}

/// Parses a register URL (`postgres://…` or `postgresql://…`) and applies the TLS rule.
/// Nothing is contacted. The URL is never repeated in a message (it may hold a password).
pub fn config(url: &str) -> Result<Config, Failure> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(Failure::invalid(r::BAD_URL));
    }
    let mut config = Config::from_str(url).map_err(|_| Failure::invalid(r::BAD_URL))?;
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        return Err(Failure::invalid(r::BAD_URL));
    }
    let local = config.get_hosts().iter().all(is_local)
        && config.get_hostaddrs().iter().all(|ip| ip.is_loopback());
    if !local {
        if config.get_ssl_mode() == SslMode::Disable {
            return Err(Failure::invalid(r::TLS_REQUIRED));
        }
        config.ssl_mode(SslMode::Require);
    }
    if config.get_password().is_none()
        && let Some(pw) = std::env::var_os("PGPASSWORD").filter(|v| !v.is_empty())
    {
        config.password(pw.as_encoded_bytes());
    }
    config.application_name("acces");
    config.connect_timeout(std::time::Duration::from_secs(15));
    Ok(config)
}

fn tls() -> Result<postgres_openssl::MakeTlsConnector, Failure> {
    use openssl::ssl::{SslConnector, SslMethod};
    let fail = |e: &dyn std::fmt::Display| Failure::io(r::tls_setup_failed(e));
    let mut b = SslConnector::builder(SslMethod::tls_client()).map_err(|e| fail(&e))?;
    match std::env::var_os(CA_ENV).filter(|v| !v.is_empty()) {
        Some(ca) => b.set_ca_file(&ca).map_err(|e| fail(&e))?,
        None => {
            b.set_default_verify_paths().map_err(|e| fail(&e))?;
            // The vendored OpenSSL looks in its own build directory: add the system's store.
            for f in [
                "/etc/ssl/certs/ca-certificates.crt",
                "/etc/pki/tls/certs/ca-bundle.crt",
                "/etc/ssl/cert.pem",
            ] {
                if std::path::Path::new(f).is_file() {
                    let _ = b.set_ca_file(f);
                    break;
                }
            }
        }
    }
    Ok(postgres_openssl::MakeTlsConnector::new(b.build()))
}

/// Connects to the server of `url` (see [`config`]).
pub fn connect(url: &str) -> Result<Client, Failure> {
    let config = config(url)?;
    let client = if config.get_ssl_mode() == SslMode::Disable {
        config.connect(postgres::NoTls)
    } else {
        config.connect(tls()?)
    };
    client.map_err(pg_err)
}

/// Creates the schema of a shared register in the (empty) database of `url`, with `first`
/// as its first volunteer and coordinator and a new group key wrapped for them. The
/// database is then closed to the server's other roles (`REVOKE CONNECT … FROM PUBLIC`)
/// when this role may do it; returns whether it could.
pub fn create_shared(url: &str, first: &Identity) -> Result<bool, Failure> {
    let mut client = connect(url)?;
    let mut tx = client.transaction().map_err(pg_err)?;
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS(SELECT 1 FROM pg_tables WHERE schemaname = current_schema() \
             AND tablename = 'acces_meta')",
            &[],
        )
        .map_err(pg_err)?
        .get(0);
    if exists {
        return Err(Failure::invalid(r::ALREADY_SHARED));
    }
    tx.batch_execute(SCHEMA).map_err(pg_err)?;
    tx.execute(
        "INSERT INTO acces_meta (key, value) VALUES ('application', $1), ('schema', $2)",
        &[&APPLICATION, &SCHEMA_VERSION.to_string()],
    )
    .map_err(pg_err)?;
    let key = crypt::new_key();
    let wrapped = crypt::wrap(&key, &first.recipient())?;
    tx.execute(
        "INSERT INTO volunteers (name, recipient, coordinator) VALUES ($1, $2, true)",
        &[&first.volunteer, &first.recipient().to_string()],
    )
    .map_err(pg_err)?;
    tx.execute(
        "INSERT INTO group_keys (version, volunteer, wrapped) VALUES (1, $1, $2)",
        &[&first.volunteer, &wrapped],
    )
    .map_err(pg_err)?;
    let db = quote_ident(&current_database(&mut tx)?);
    // Only the database's owner (or a superuser) can close it; for others PostgreSQL would
    // only warn.
    let closed: bool = tx
        .query_one(
            "SELECT pg_has_role(datdba, 'MEMBER') FROM pg_database \
             WHERE datname = current_database()",
            &[],
        )
        .map_err(pg_err)?
        .get(0);
    if closed {
        tx.batch_execute(&format!(
            "REVOKE ALL ON DATABASE {db} FROM PUBLIC; \
             GRANT CONNECT ON DATABASE {db} TO CURRENT_USER;"
        ))
        .map_err(pg_err)?;
    }
    tx.commit().map_err(pg_err)?;
    Ok(closed)
}

/// Checks that the database is a shared register of this version.
fn check_schema(client: &mut Client) -> Result<(), Failure> {
    let rows = client
        .query("SELECT key, value FROM acces_meta", &[])
        .map_err(pg_err)?;
    let get = |k: &str| {
        rows.iter()
            .find(|row| row.get::<_, &str>(0) == k)
            .map(|row| row.get::<_, String>(1))
    };
    if get("application").as_deref() != Some(APPLICATION) {
        return Err(Failure::new(
            exit::STORE_UNAVAILABLE,
            r::NOT_A_SHARED_REGISTER,
        ));
    }
    match get("schema").and_then(|v| v.parse::<i32>().ok()) {
        Some(SCHEMA_VERSION) => Ok(()),
        Some(1) => migrate_v2(client),
        Some(v) if v > SCHEMA_VERSION => {
            Err(Failure::new(exit::STORE_UNAVAILABLE, t::NEWER_VERSION))
        }
        _ => Err(Failure::new(
            exit::STORE_UNAVAILABLE,
            r::NOT_A_SHARED_REGISTER,
        )),
    }
}

/// Brings a register of schema 1 to schema 2, in one transaction (another volunteer's
/// client that migrated meanwhile leaves nothing to do). Only the database's owner may:
/// anyone else is told who must open it first.
fn migrate_v2(client: &mut Client) -> Result<(), Failure> {
    let mut tx = client.transaction().map_err(pg_err)?;
    // The writers' turn orders this with every write (and with another migration).
    tx.execute("UPDATE register_state SET version = version + 1", &[])
        .map_err(pg_err)?;
    let schema: String = tx
        .query_one("SELECT value FROM acces_meta WHERE key = 'schema'", &[])
        .map_err(pg_err)?
        .get(0);
    if schema == "1" {
        tx.batch_execute(MIGRATE_V2).map_err(|e| {
            if e.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
                Failure::new(exit::STORE_UNAVAILABLE, r::MIGRATION_NEEDS_OWNER)
            } else {
                pg_err(e)
            }
        })?;
    }
    tx.commit().map_err(pg_err)
}

/// A PostgreSQL identifier, quoted.
fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn current_database(tx: &mut Transaction<'_>) -> Result<String, Failure> {
    Ok(tx
        .query_one("SELECT current_database()", &[])
        .map_err(pg_err)?
        .get(0))
}

impl PgStore {
    /// Opens the shared register of `url` for the volunteer of `identity`: their wrapped
    /// group keys are unwrapped here. A volunteer who is not (or no longer) in the group is
    /// refused (exit 3).
    pub fn open(url: &str, identity: &Identity) -> Result<PgStore, Failure> {
        let mut client = connect(url)?;
        check_schema(&mut client)?;
        let member = client
            .query_opt(
                "SELECT removed IS NULL FROM volunteers WHERE name = $1",
                &[&identity.volunteer],
            )
            .map_err(pg_err)?;
        if member.is_none_or(|row| !row.get::<_, bool>(0)) {
            return Err(Failure::new(exit::WRONG_PASSPHRASE, r::NOT_A_MEMBER));
        }
        let current: i32 = client
            .query_one("SELECT max(version) FROM group_keys", &[])
            .map_err(pg_err)?
            .get::<_, Option<i32>>(0)
            .ok_or_else(corrupt)?;
        let mut keys = HashMap::new();
        for row in client
            .query(
                "SELECT version, wrapped FROM group_keys WHERE volunteer = $1",
                &[&identity.volunteer],
            )
            .map_err(pg_err)?
        {
            let v: i32 = row.get(0);
            let wrapped: Vec<u8> = row.get(1);
            keys.insert(v as u32, crypt::unwrap(&wrapped, &identity.secret)?);
        }
        Ok(PgStore {
            client: RefCell::new(client),
            keys: GroupKeys::new(current as u32, keys)?,
            me: identity.volunteer.clone(),
            seen: RefCell::new(HashMap::new()),
            own_writes: std::cell::Cell::new(0),
        })
    }

    /// The volunteer this register is open for.
    pub fn volunteer(&self) -> &str {
        &self.me
    }

    /// A full check (`acces verifier`): every sealed field opens with the group keys
    /// (none was altered or moved on the server). Returns the problems, in French.
    pub fn verify(&self) -> Result<Vec<String>, Failure> {
        let mut out = Vec::new();
        if let Err(f) = self.snapshot() {
            out.push(f.message);
        }
        Ok(out)
    }

    /// Starts a write: takes the writers' turn and records who writes.
    fn write(&self) -> Result<std::cell::RefMut<'_, Client>, Failure> {
        Ok(self.client.borrow_mut())
    }

    fn person_from(&self, id: i64, data: &[u8]) -> Result<Person, Failure> {
        let json = self.keys.open("persons", id, "data", data)?;
        serde_json::from_slice(&json).map_err(|_| corrupt())
    }

    fn load_cases(
        &self,
        c: &mut impl postgres::GenericClient,
        filter: &CaseFilter,
        id: Option<CaseId>,
    ) -> Result<Vec<Case>, Failure> {
        let rows = c
            .query(
                &format!(
                    "SELECT id, person_id, entry, route, channel, refs, escalated_from, opened, \
                     uid, recipient FROM cases c WHERE ($1::bigint IS NULL OR id = $1) \
                     AND ($2::bigint IS NULL OR person_id = $2) \
                     AND ($3::text IS NULL OR lower(entry) = lower($3)){} ORDER BY id",
                    open_only(filter)
                ),
                &[
                    &id,
                    &filter.personne,
                    &filter.fichier.as_deref().map(str::trim),
                ],
            )
            .map_err(pg_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.get(0);
            let refs: Option<Vec<u8>> = row.get(5);
            out.push(Case {
                id,
                personne: row.get(1),
                fichier: row.get(2),
                demarche: row.get(3),
                canal: row
                    .get::<_, Option<&str>>(4)
                    .map(|c| Channel::from_id(c).ok_or_else(corrupt))
                    .transpose()?,
                references: match refs {
                    None => Vec::new(),
                    Some(b) => serde_json::from_slice(&self.keys.open("cases", id, "refs", &b)?)
                        .map_err(|_| corrupt())?,
                },
                suite_de: row.get(6),
                ouvert: row.get(7),
                uid: Some(row.get(8)),
                destinataire: row
                    .get::<_, Option<&[u8]>>(9)
                    .map(|b| self.keys.open_text("cases", id, "recipient", b))
                    .transpose()?,
            });
        }
        Ok(out)
    }

    fn load_events(
        &self,
        c: &mut impl postgres::GenericClient,
        filter: Option<(&CaseFilter, Option<CaseId>)>,
    ) -> Result<Vec<Event>, Failure> {
        let lean = filter.is_some_and(|(f, _)| f.statut_seulement);
        let cols = if lean {
            "e.id, e.case_id, e.date, e.kind, e.channel, NULL::bytea, e.outcome, e.linked_case, \
             NULL::bytea, ''::text, e.route, e.linked_event, NULL::uuid"
        } else {
            "e.id, e.case_id, e.date, e.kind, e.channel, e.recommande, e.outcome, e.linked_case, \
             e.text, e.recorded, e.route, e.linked_event, e.uid"
        };
        let default = CaseFilter::default();
        let (f, id) = filter.unwrap_or((&default, None));
        let rows = c
            .query(
                &format!(
                    "SELECT {cols} FROM events e JOIN cases c ON c.id = e.case_id \
                     WHERE ($1::bigint IS NULL OR c.id = $1) \
                     AND ($2::bigint IS NULL OR c.person_id = $2) \
                     AND ($3::text IS NULL OR lower(c.entry) = lower($3)){} ORDER BY e.id",
                    open_only(f)
                ),
                &[&id, &f.personne, &f.fichier.as_deref().map(str::trim)],
            )
            .map_err(pg_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.get(0);
            let sealed = |i: usize, field: &str| -> Result<Option<String>, Failure> {
                row.get::<_, Option<Vec<u8>>>(i)
                    .map(|b| self.keys.open_text("events", id, field, &b))
                    .transpose()
            };
            let columns = KindColumns {
                channel: row.get(4),
                recommande: None,
                outcome: row.get(6),
                linked_case: row.get(7),
                route: row.get(10),
                linked_event: row.get(11),
            };
            let kind = kind_from_columns(row.get(3), columns, || sealed(5, "recommande"))?;
            out.push(Event {
                id,
                uid: row.get(12),
                dossier: row.get(1),
                date: row.get(2),
                kind,
                texte: sealed(8, "text")?,
                enregistre: row.get(9),
            });
        }
        Ok(out)
    }

    fn histories(
        &self,
        c: &mut impl postgres::GenericClient,
        filter: &CaseFilter,
        id: Option<CaseId>,
    ) -> Result<Vec<CaseHistory>, Failure> {
        let mut histories = Histories::new(self.load_cases(c, filter, id)?);
        for e in self.load_events(c, Some((filter, id)))? {
            histories.push(e);
        }
        Ok(histories.finish(filter))
    }
}

/// For the open cases only: leaves out, on the server, the cases closed for sure (a `clos`
/// event and no `annule`, as the local register's [`crate::store::schema::CLOSED_CASES`]);
/// the histories still drop those their events show closed. Event kinds are not sealed.
fn open_only(filter: &CaseFilter) -> &'static str {
    if filter.ouverts_seulement {
        " AND c.id NOT IN (SELECT case_id FROM events WHERE kind IN ('clos', 'annule') \
         GROUP BY case_id HAVING count(*) FILTER (WHERE kind = 'annule') = 0)"
    } else {
        ""
    }
}
