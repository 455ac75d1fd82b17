//! [`Store`] on a group's shared PostgreSQL register (see `pg_schema.sql`).
//!
//! The same operations and checks as the local register (`sqlite.rs`), with personal
//! fields sealed on this machine with the group key ([`super::crypt`]) before they leave it.
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
use super::sqlite::{
    case_of, check_batch_events, check_event_texts, check_snapshot, corrupt, event_problem,
    kind_columns, now, person_json,
};
use super::{BatchEntry, BatchPerson, BatchTarget, ImportSummary, Store};
use crate::cases::{
    Case, CaseFilter, CaseHistory, CaseId, Channel, Event, EventId, EventKind, EventProblem,
    NewCase, NewEvent, Outcome, PersonId, PersonRecord, Snapshot, check_new_event,
};
use crate::error::{Failure, exit};
use crate::person::Person;
use crate::texts::registre as r;
use crate::texts::store as t;

/// The schema of a shared register.
pub const SCHEMA: &str = include_str!("pg_schema.sql");
/// The schema version this code writes (`acces_meta.schema`).
pub const SCHEMA_VERSION: i32 = 1;
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
        Some(v) if v > SCHEMA_VERSION => {
            Err(Failure::new(exit::STORE_UNAVAILABLE, t::NEWER_VERSION))
        }
        _ => Err(Failure::new(
            exit::STORE_UNAVAILABLE,
            r::NOT_A_SHARED_REGISTER,
        )),
    }
}

/// A volunteer of the group, as `acces benevole liste` shows them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Volunteer {
    #[serde(rename = "benevole")]
    pub name: String,
    #[serde(rename = "coordination")]
    pub coordinator: bool,
    /// When they were added (UTC, RFC 3339).
    #[serde(rename = "ajoute")]
    pub added: String,
    /// When they were removed, if they were.
    #[serde(rename = "retire", skip_serializing_if = "Option::is_none")]
    pub removed: Option<String>,
    /// Whether they hold the current group key.
    #[serde(rename = "cle_actuelle")]
    pub has_current_key: bool,
}

/// What adding or removing a volunteer did on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MembershipChange {
    /// The group key's version after the change (a removal adds one).
    pub key_version: u32,
    /// Whether a database role of that name exists and had its rights granted or revoked.
    pub role: bool,
}

/// A volunteer's name: also their PostgreSQL role, kept to what a role name can be (1 to 63
/// lowercase ASCII letters, digits, `-` and `_`, starting with a letter).
pub fn check_volunteer(name: &str) -> Result<(), Failure> {
    let ok = (1..=63).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Failure::invalid(r::BAD_VOLUNTEER_NAME))
    }
}

/// The tables a volunteer's role writes; the group's tables (`GROUP_TABLES`) it only reads,
/// unless it is a coordinator's.
const VOLUNTEER_TABLES: &str = "persons, cases, events, register_state";
const GROUP_TABLES: &str = "volunteers, group_keys, acces_meta";

fn role_exists(tx: &mut Transaction<'_>, name: &str) -> Result<bool, Failure> {
    Ok(tx
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])
        .map_err(pg_err)?
        .is_some())
}

impl PgStore {
    /// The volunteers of the group, by name.
    pub fn volunteers(&self) -> Result<Vec<Volunteer>, Failure> {
        let rows = self
            .client
            .borrow_mut()
            .query(
                "SELECT v.name, v.coordinator, \
                 to_char(v.added AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
                 to_char(v.removed AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
                 EXISTS(SELECT 1 FROM group_keys k WHERE k.volunteer = v.name \
                        AND k.version = (SELECT max(version) FROM group_keys)) \
                 FROM volunteers v ORDER BY v.name",
                &[],
            )
            .map_err(pg_err)?;
        Ok(rows
            .iter()
            .map(|row| Volunteer {
                name: row.get(0),
                coordinator: row.get(1),
                added: row.get(2),
                removed: row.get(3),
                has_current_key: row.get(4),
            })
            .collect())
    }

    fn check_coordinator(tx: &mut Transaction<'_>, me: &str) -> Result<(), Failure> {
        let row = tx
            .query_opt(
                "SELECT coordinator FROM volunteers WHERE name = $1 AND removed IS NULL",
                &[&me],
            )
            .map_err(pg_err)?;
        if row.is_some_and(|r| r.get::<_, bool>(0)) {
            Ok(())
        } else {
            Err(Failure::new(exit::STORE_UNAVAILABLE, r::COORDINATORS_ONLY))
        }
    }

    /// Adds a volunteer (coordinators only): their recipient gets every version of the group
    /// key this coordinator holds, and their database role, if it exists, the rights on the
    /// register's tables.
    pub fn add_volunteer(
        &mut self,
        name: &str,
        recipient: &age::x25519::Recipient,
        coordinator: bool,
    ) -> Result<MembershipChange, Failure> {
        check_volunteer(name)?;
        let mut wrapped = Vec::new();
        for (v, key) in self.keys.all() {
            wrapped.push((v as i32, crypt::wrap(key, recipient)?));
        }
        let current = self.keys.current();
        self.in_write(|w, me| {
            Self::check_coordinator(w.tx, &me.me)?;
            let known =
                w.tx.query_opt(
                    "SELECT removed IS NULL FROM volunteers WHERE name = $1",
                    &[&name],
                )
                .map_err(pg_err)?;
            match known {
                Some(row) if row.get::<_, bool>(0) => {
                    return Err(Failure::invalid(r::already_member(name)));
                }
                Some(_) => {
                    w.tx.execute(
                        "UPDATE volunteers SET recipient = $2, coordinator = $3, added = now(), \
                         removed = NULL WHERE name = $1",
                        &[&name, &recipient.to_string(), &coordinator],
                    )
                    .map_err(pg_err)?;
                }
                None => {
                    w.tx.execute(
                        "INSERT INTO volunteers (name, recipient, coordinator) VALUES ($1, $2, $3)",
                        &[&name, &recipient.to_string(), &coordinator],
                    )
                    .map_err(pg_err)?;
                }
            }
            for (v, bytes) in &wrapped {
                w.tx.execute(
                    "INSERT INTO group_keys (version, volunteer, wrapped) VALUES ($1, $2, $3) \
                     ON CONFLICT (version, volunteer) DO UPDATE SET wrapped = EXCLUDED.wrapped",
                    &[v, &name, bytes],
                )
                .map_err(pg_err)?;
            }
            let role = role_exists(w.tx, name)?;
            if role {
                // The name was checked: quoting it is enough.
                let db = quote_ident(&current_database(w.tx)?);
                let group = if coordinator {
                    "SELECT, INSERT, UPDATE, DELETE"
                } else {
                    "SELECT"
                };
                w.tx.batch_execute(&format!(
                    "GRANT CONNECT ON DATABASE {db} TO \"{name}\";
                     GRANT SELECT, INSERT, UPDATE, DELETE ON {VOLUNTEER_TABLES} TO \"{name}\";
                     REVOKE ALL ON {GROUP_TABLES} FROM \"{name}\";
                     GRANT {group} ON {GROUP_TABLES} TO \"{name}\";
                     GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \"{name}\";",
                ))
                .map_err(pg_err)?;
            }
            Ok(MembershipChange {
                key_version: current,
                role,
            })
        })
    }

    /// Removes a volunteer (coordinators only, not oneself): marks them removed, forgets
    /// their wrapped keys, and rotates the group key — a new version wrapped for every
    /// remaining volunteer, so that what is written from now on is sealed with a key the
    /// removed volunteer never had. Their database role, if it exists, loses its rights.
    pub fn remove_volunteer(&mut self, name: &str) -> Result<MembershipChange, Failure> {
        check_volunteer(name)?;
        if name == self.me {
            return Err(Failure::invalid(r::CANNOT_REMOVE_ONESELF));
        }
        let key = crypt::new_key();
        let outcome = self.in_write(|w, me| {
            Self::check_coordinator(w.tx, &me.me)?;
            let n =
                w.tx.execute(
                    "UPDATE volunteers SET removed = now() WHERE name = $1 AND removed IS NULL",
                    &[&name],
                )
                .map_err(pg_err)?;
            if n == 0 {
                return Err(Failure::invalid(r::not_a_member(name)));
            }
            w.tx.execute("DELETE FROM group_keys WHERE volunteer = $1", &[&name])
                .map_err(pg_err)?;
            let version: i32 =
                w.tx.query_one("SELECT max(version) + 1 FROM group_keys", &[])
                    .map_err(pg_err)?
                    .get(0);
            let remaining =
                w.tx.query(
                    "SELECT name, recipient FROM volunteers WHERE removed IS NULL ORDER BY name",
                    &[],
                )
                .map_err(pg_err)?;
            for row in remaining {
                let (who, recipient): (String, String) = (row.get(0), row.get(1));
                let wrapped = crypt::wrap(&key, &crypt::recipient(&recipient)?)?;
                w.tx.execute(
                    "INSERT INTO group_keys (version, volunteer, wrapped) VALUES ($1, $2, $3)",
                    &[&version, &who, &wrapped],
                )
                .map_err(pg_err)?;
            }
            let role = role_exists(w.tx, name)?;
            if role {
                let db = quote_ident(&current_database(w.tx)?);
                w.tx.batch_execute(&format!(
                    "REVOKE ALL ON {VOLUNTEER_TABLES}, {GROUP_TABLES} FROM \"{name}\";
                     REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM \"{name}\";
                     REVOKE CONNECT ON DATABASE {db} FROM \"{name}\";",
                ))
                .map_err(pg_err)?;
            }
            Ok(MembershipChange {
                key_version: version as u32,
                role,
            })
        })?;
        // This connection writes with the new key from now on.
        let mut keys: HashMap<u32, zeroize::Zeroizing<[u8; 32]>> = self
            .keys
            .all()
            .map(|(v, k)| (v, zeroize::Zeroizing::new(*k)))
            .collect();
        keys.insert(outcome.key_version, key);
        self.keys = GroupKeys::new(outcome.key_version, keys)?;
        Ok(outcome)
    }
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
                "SELECT id, person_id, entry, route, channel, refs, escalated_from, opened \
                 FROM cases c WHERE ($1::bigint IS NULL OR id = $1) \
                 AND ($2::bigint IS NULL OR person_id = $2) \
                 AND ($3::text IS NULL OR lower(entry) = lower($3)) ORDER BY id",
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
             NULL::bytea, ''::text, e.route, e.linked_event"
        } else {
            "e.id, e.case_id, e.date, e.kind, e.channel, e.recommande, e.outcome, e.linked_case, \
             e.text, e.recorded, e.route, e.linked_event"
        };
        let default = CaseFilter::default();
        let (f, id) = filter.unwrap_or((&default, None));
        let rows = c
            .query(
                &format!(
                    "SELECT {cols} FROM events e JOIN cases c ON c.id = e.case_id \
                     WHERE ($1::bigint IS NULL OR c.id = $1) \
                     AND ($2::bigint IS NULL OR c.person_id = $2) \
                     AND ($3::text IS NULL OR lower(c.entry) = lower($3)) ORDER BY e.id"
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
            let channel = row
                .get::<_, Option<&str>>(4)
                .map(|c| Channel::from_id(c).ok_or_else(corrupt))
                .transpose()?;
            let kind = match row.get::<_, &str>(3) {
                "brouillon" => EventKind::Brouillon,
                "envoye" => EventKind::Envoye {
                    canal: channel,
                    recommande: sealed(5, "recommande")?,
                },
                "recu" => EventKind::Recu,
                "reponse" => EventKind::Reponse {
                    issue: row
                        .get::<_, Option<&str>>(6)
                        .and_then(Outcome::from_id)
                        .ok_or_else(corrupt)?,
                },
                "relance" => EventKind::Relance {
                    canal: channel,
                    recommande: sealed(5, "recommande")?,
                },
                "escalade" => EventKind::Escalade {
                    dossier: row.get::<_, Option<i64>>(7).ok_or_else(corrupt)?,
                    demarche: row.get(10),
                },
                "renonce" => EventKind::Renonce {
                    demarche: row.get::<_, Option<String>>(10).ok_or_else(corrupt)?,
                },
                "annule" => EventKind::Annule {
                    evenement: row.get::<_, Option<i64>>(11).ok_or_else(corrupt)?,
                },
                "note" => EventKind::Note,
                "clos" => EventKind::Clos,
                _ => return Err(corrupt()),
            };
            out.push(Event {
                id,
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
        let mut out: Vec<CaseHistory> = self
            .load_cases(c, filter, id)?
            .into_iter()
            .map(|case| CaseHistory {
                case,
                events: Vec::new(),
            })
            .collect();
        for e in self.load_events(c, Some((filter, id)))? {
            if let Ok(i) = out.binary_search_by_key(&e.dossier, |h| h.case.id) {
                out[i].events.push(e);
            }
        }
        for h in &mut out {
            h.events.sort_by_key(|e| (e.date, e.id));
        }
        if filter.ouverts_seulement {
            out.retain(|h| !h.is_closed());
        }
        Ok(out)
    }
}

/// The writers' turn: moves `register_state` (so that readers see a change) and records
/// who wrote. Must be the first statement of every write transaction.
fn take_turn(tx: &mut Transaction<'_>, me: &str) -> Result<(), Failure> {
    tx.execute(
        "UPDATE register_state SET version = version + 1, last_writer = $1",
        &[&me],
    )
    .map_err(pg_err)?;
    Ok(())
}

fn next_id(tx: &mut Transaction<'_>, table: &str) -> Result<i64, Failure> {
    Ok(tx
        .query_one(
            &format!("SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"),
            &[],
        )
        .map_err(pg_err)?
        .get(0))
}

struct Writer<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    keys: &'a GroupKeys,
    me: &'a str,
}

impl Writer<'_, '_> {
    fn insert_person(
        &mut self,
        id: Option<PersonId>,
        person: &Person,
    ) -> Result<PersonId, Failure> {
        let json = person_json(person)?;
        let id = match id {
            Some(id) => id,
            None => next_id(self.tx, "persons")?,
        };
        let data = self.keys.seal("persons", id, "data", json.as_bytes());
        self.tx
            .execute(
                "INSERT INTO persons (id, data, written_by) VALUES ($1, $2, $3)",
                &[&id, &data, &self.me],
            )
            .map_err(pg_err)?;
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_case(
        &mut self,
        id: Option<CaseId>,
        person: PersonId,
        entry: &str,
        route: &str,
        channel: Option<Channel>,
        refs: &[String],
        escalated_from: Option<CaseId>,
        opened: NaiveDate,
    ) -> Result<CaseId, Failure> {
        let id = match id {
            Some(id) => id,
            None => next_id(self.tx, "cases")?,
        };
        let refs = if refs.is_empty() {
            None
        } else {
            let json = serde_json::to_vec(refs).map_err(|e| Failure::io(t::internal(&e)))?;
            Some(self.keys.seal("cases", id, "refs", &json))
        };
        self.tx
            .execute(
                "INSERT INTO cases (id, person_id, entry, route, channel, refs, escalated_from, \
                 opened, written_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &id,
                    &person,
                    &entry,
                    &route,
                    &channel.map(Channel::id),
                    &refs,
                    &escalated_from,
                    &opened,
                    &self.me,
                ],
            )
            .map_err(pg_err)?;
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_event(
        &mut self,
        id: Option<EventId>,
        case: CaseId,
        date: NaiveDate,
        kind: &EventKind,
        text: Option<&str>,
        recorded: &str,
        linked_override: (Option<CaseId>, Option<EventId>),
    ) -> Result<EventId, Failure> {
        let c = kind_columns(kind);
        let id = match id {
            Some(id) => id,
            None => next_id(self.tx, "events")?,
        };
        let recommande = c
            .recommande
            .map(|v| self.keys.seal("events", id, "recommande", v.as_bytes()));
        let text = text.map(|v| self.keys.seal("events", id, "text", v.as_bytes()));
        self.tx
            .execute(
                "INSERT INTO events (id, case_id, date, kind, channel, recommande, outcome, \
                 linked_case, text, recorded, route, linked_event, written_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                &[
                    &id,
                    &case,
                    &date,
                    &kind.id(),
                    &c.channel,
                    &recommande,
                    &c.outcome,
                    &linked_override.0.or(c.linked_case),
                    &text,
                    &recorded,
                    &c.route,
                    &linked_override.1.or(c.linked_event),
                    &self.me,
                ],
            )
            .map_err(pg_err)?;
        Ok(id)
    }

    fn is_closed(&mut self, case: CaseId) -> Result<bool, Failure> {
        Ok(self
            .tx
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM events c WHERE c.case_id = $1 AND c.kind = 'clos' \
                 AND NOT EXISTS(SELECT 1 FROM events a WHERE a.kind = 'annule' \
                 AND a.linked_event = c.id))",
                &[&case],
            )
            .map_err(pg_err)?
            .get(0))
    }

    fn open_case(&mut self, case: &NewCase) -> Result<CaseId, Failure> {
        let person = self
            .tx
            .query_opt("SELECT 1 FROM persons WHERE id = $1", &[&case.personne])
            .map_err(pg_err)?;
        if person.is_none() {
            return Err(Failure::invalid(t::unknown_person(case.personne)));
        }
        if let Some(parent) = case.suite_de {
            let row = self
                .tx
                .query_opt(
                    "SELECT person_id, opened FROM cases WHERE id = $1",
                    &[&parent],
                )
                .map_err(pg_err)?;
            let Some(row) = row else {
                return Err(Failure::invalid(t::unknown_case(parent)));
            };
            if row.get::<_, i64>(0) != case.personne {
                return Err(Failure::invalid(t::ESCALATION_OTHER_PERSON));
            }
            if case.ouvert < row.get::<_, NaiveDate>(1) {
                return Err(Failure::invalid(t::EVENT_BEFORE_OPENING));
            }
            if self.is_closed(parent)? {
                return Err(Failure::invalid(t::CASE_CLOSED));
            }
        }
        let id = self.insert_case(
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
            self.insert_event(
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

    fn append_event(&mut self, case: CaseId, event: &NewEvent) -> Result<EventId, Failure> {
        let id = self.insert_event(
            None,
            case,
            event.date,
            &event.kind,
            event.texte.as_deref(),
            &now(),
            (None, None),
        )?;
        self.tx
            .execute(
                "UPDATE cases SET opened = $1 WHERE id = $2 AND opened > $1",
                &[&event.date, &case],
            )
            .map_err(pg_err)?;
        Ok(id)
    }

    fn delete_cases(&mut self, ids: &[CaseId]) -> Result<(), Failure> {
        self.tx
            .batch_execute("SET CONSTRAINTS ALL DEFERRED")
            .map_err(pg_err)?;
        for id in ids {
            self.tx
                .execute(
                    "UPDATE cases SET escalated_from = NULL WHERE escalated_from = $1",
                    &[id],
                )
                .map_err(pg_err)?;
            self.tx
                .execute("DELETE FROM cases WHERE id = $1", &[id])
                .map_err(pg_err)?;
            self.tx
                .execute(
                    "DELETE FROM events WHERE case_id = $1 OR linked_case = $1",
                    &[id],
                )
                .map_err(pg_err)?;
        }
        Ok(())
    }

    /// Who wrote the latest event of a case (to name them when a change is refused).
    fn last_writer_of(&mut self, case: CaseId) -> Result<String, Failure> {
        Ok(self
            .tx
            .query_opt(
                "SELECT written_by FROM events WHERE case_id = $1 ORDER BY id DESC LIMIT 1",
                &[&case],
            )
            .map_err(pg_err)?
            .map(|row| row.get(0))
            .unwrap_or_default())
    }
}

impl PgStore {
    /// Runs `f` in a write transaction (after taking the writers' turn), committing on
    /// success; on failure nothing is written.
    fn in_write<T>(
        &self,
        f: impl FnOnce(&mut Writer<'_, '_>, &PgStore) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let mut client = self.write()?;
        let mut tx = client.transaction().map_err(pg_err)?;
        take_turn(&mut tx, &self.me)?;
        let out = {
            let mut w = Writer {
                tx: &mut tx,
                keys: &self.keys,
                me: &self.me,
            };
            f(&mut w, self)?
        };
        tx.commit().map_err(pg_err)?;
        Ok(out)
    }

    /// Checks `events` against the case's history as read inside the transaction: when the
    /// early check passed but this one fails, another volunteer changed the case in between.
    fn recheck(
        &self,
        w: &mut Writer<'_, '_>,
        case: CaseId,
        events: &[NewEvent],
    ) -> Result<(), Failure> {
        let Some(mut history) = self
            .histories(w.tx, &CaseFilter::default(), Some(case))?
            .into_iter()
            .next()
        else {
            return Err(Failure::invalid(t::unknown_case(case)));
        };
        for (n, event) in events.iter().enumerate() {
            if let Err(p) = check_new_event(&history, event) {
                let who = w.last_writer_of(case)?;
                return Err(Failure::new(
                    exit::STORE_UNAVAILABLE,
                    r::case_changed_meanwhile(case, &who, &event_problem(p).message),
                ));
            }
            history.events.push(Event {
                id: i64::MAX - n as i64,
                dossier: case,
                date: event.date,
                kind: event.kind.clone(),
                texte: None,
                enregistre: String::new(),
            });
        }
        Ok(())
    }
}

impl Store for PgStore {
    fn add_person(&mut self, person: &Person) -> Result<PersonId, Failure> {
        person_json(person)?;
        let id = self.in_write(|w, _| w.insert_person(None, person))?;
        self.seen.borrow_mut().insert(id, 1);
        Ok(id)
    }

    fn update_person(&mut self, id: PersonId, person: &Person) -> Result<(), Failure> {
        let json = person_json(person)?;
        let seen = self.seen.borrow().get(&id).copied();
        let data = self.keys.seal("persons", id, "data", json.as_bytes());
        let version = self.in_write(|w, _| {
            let row =
                w.tx.query_opt(
                    "SELECT version, written_by FROM persons WHERE id = $1 FOR UPDATE",
                    &[&id],
                )
                .map_err(pg_err)?;
            let Some(row) = row else {
                return Err(Failure::invalid(t::unknown_person(id)));
            };
            let (current, who): (i64, String) = (row.get(0), row.get(1));
            if seen.is_some_and(|s| s != current) {
                return Err(Failure::new(
                    exit::STORE_UNAVAILABLE,
                    r::person_changed_meanwhile(id, &who),
                ));
            }
            w.tx.execute(
                "UPDATE persons SET data = $1, updated = now(), version = version + 1, \
                 written_by = $2 WHERE id = $3",
                &[&data, &w.me, &id],
            )
            .map_err(pg_err)?;
            Ok(current + 1)
        })?;
        self.seen.borrow_mut().insert(id, version);
        Ok(())
    }

    fn person(&self, id: PersonId) -> Result<Option<Person>, Failure> {
        let row = self
            .client
            .borrow_mut()
            .query_opt("SELECT data, version FROM persons WHERE id = $1", &[&id])
            .map_err(pg_err)?;
        let Some(row) = row else { return Ok(None) };
        self.seen.borrow_mut().insert(id, row.get(1));
        Ok(Some(self.person_from(id, row.get(0))?))
    }

    fn persons(&self) -> Result<Vec<PersonRecord>, Failure> {
        let rows = self
            .client
            .borrow_mut()
            .query("SELECT id, data, version FROM persons ORDER BY id", &[])
            .map_err(pg_err)?;
        let mut out = Vec::with_capacity(rows.len());
        let mut seen = self.seen.borrow_mut();
        for row in rows {
            let id: i64 = row.get(0);
            seen.insert(id, row.get(2));
            out.push(PersonRecord {
                id,
                personne: self.person_from(id, row.get(1))?,
            });
        }
        Ok(out)
    }

    fn open_case(&mut self, case: &NewCase) -> Result<CaseId, Failure> {
        self.in_write(|w, _| w.open_case(case))
    }

    fn open_case_with_event(
        &mut self,
        case: &NewCase,
        event: &NewEvent,
    ) -> Result<(CaseId, EventId), Failure> {
        let history = CaseHistory {
            case: case_of(case),
            events: Vec::new(),
        };
        check_new_event(&history, event).map_err(event_problem)?;
        check_event_texts(event)?;
        self.in_write(|w, _| {
            let id = w.open_case(case)?;
            let e = w.append_event(id, event)?;
            Ok((id, e))
        })
    }

    fn case(&self, id: CaseId) -> Result<Option<CaseHistory>, Failure> {
        let mut c = self.client.borrow_mut();
        Ok(self
            .histories(&mut *c, &CaseFilter::default(), Some(id))?
            .into_iter()
            .next())
    }

    fn cases(&self, filter: &CaseFilter) -> Result<Vec<CaseHistory>, Failure> {
        let mut c = self.client.borrow_mut();
        self.histories(&mut *c, filter, None)
    }

    fn add_event(&mut self, case: CaseId, event: &NewEvent) -> Result<EventId, Failure> {
        Ok(self.add_events(case, std::slice::from_ref(event))?[0])
    }

    fn add_events(&mut self, case: CaseId, events: &[NewEvent]) -> Result<Vec<EventId>, Failure> {
        // The early check, on a read outside the write: the usual refusals come from it,
        // worded as for the local register.
        let mut history = self
            .case(case)?
            .ok_or_else(|| Failure::invalid(t::unknown_case(case)))?;
        for (n, event) in events.iter().enumerate() {
            check_new_event(&history, event).map_err(event_problem)?;
            check_event_texts(event)?;
            history.events.push(Event {
                id: i64::MAX - n as i64,
                dossier: case,
                date: event.date,
                kind: event.kind.clone(),
                texte: None,
                enregistre: String::new(),
            });
        }
        self.in_write(|w, me| {
            // Lock the case, then check again against what the others committed.
            let found =
                w.tx.query_opt("SELECT 1 FROM cases WHERE id = $1 FOR UPDATE", &[&case])
                    .map_err(pg_err)?;
            if found.is_none() {
                return Err(Failure::new(
                    exit::STORE_UNAVAILABLE,
                    r::case_deleted_meanwhile(case),
                ));
            }
            me.recheck(w, case, events)?;
            let first_cancels = matches!(
                events.first().map(|e| &e.kind),
                Some(EventKind::Annule { .. })
            );
            if !first_cancels && w.is_closed(case)? {
                return Err(event_problem(EventProblem::CaseClosed));
            }
            let mut ids = Vec::with_capacity(events.len());
            for e in events {
                ids.push(w.append_event(case, e)?);
            }
            Ok(ids)
        })
    }

    fn delete_case(&mut self, id: CaseId) -> Result<(), Failure> {
        self.in_write(|w, _| {
            let found =
                w.tx.query_opt("SELECT 1 FROM cases WHERE id = $1", &[&id])
                    .map_err(pg_err)?;
            if found.is_none() {
                return Err(Failure::invalid(t::unknown_case(id)));
            }
            w.delete_cases(&[id])
        })
    }

    fn delete_person(&mut self, id: PersonId) -> Result<usize, Failure> {
        self.in_write(|w, _| {
            let cases: Vec<CaseId> =
                w.tx.query(
                    "SELECT id FROM cases WHERE person_id = $1 ORDER BY id",
                    &[&id],
                )
                .map_err(pg_err)?
                .iter()
                .map(|row| row.get(0))
                .collect();
            w.delete_cases(&cases)?;
            let n =
                w.tx.execute("DELETE FROM persons WHERE id = $1", &[&id])
                    .map_err(pg_err)?;
            if n == 0 {
                return Err(Failure::invalid(t::unknown_person(id)));
            }
            Ok(cases.len())
        })
    }

    fn snapshot(&self) -> Result<Snapshot, Failure> {
        let personnes = self.persons()?;
        let mut c = self.client.borrow_mut();
        let dossiers = self.load_cases(&mut *c, &CaseFilter::default(), None)?;
        let evenements = self.load_events(&mut *c, None)?;
        Ok(Snapshot {
            format: Snapshot::FORMAT,
            personnes,
            dossiers,
            evenements,
        })
    }

    fn data_version(&self) -> Result<i64, Failure> {
        Ok(self
            .client
            .borrow_mut()
            .query_one("SELECT version FROM register_state", &[])
            .map_err(pg_err)?
            .get(0))
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
        self.in_write(|w, _| {
            let empty: bool =
                w.tx.query_one(
                    "SELECT NOT EXISTS(SELECT 1 FROM persons) AND NOT EXISTS(SELECT 1 FROM cases) \
                     AND NOT EXISTS(SELECT 1 FROM events)",
                    &[],
                )
                .map_err(pg_err)?
                .get(0);
            w.tx.batch_execute("SET CONSTRAINTS ALL DEFERRED")
                .map_err(pg_err)?;
            let mut persons = HashMap::new();
            for p in &snap.personnes {
                let id = w.insert_person(empty.then_some(p.id), &p.personne)?;
                persons.insert(p.id, id);
            }
            let mut cases = HashMap::new();
            for c in &snap.dossiers {
                let id = w.insert_case(
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
                w.tx.execute(
                    "UPDATE cases SET escalated_from = $1 WHERE id = $2",
                    &[&c.suite_de.map(|p| cases[&p]), &cases[&c.id]],
                )
                .map_err(pg_err)?;
            }
            let mut events = HashMap::new();
            for e in &snap.evenements {
                let (linked, linked_event) = match e.kind {
                    EventKind::Escalade { dossier, .. } => (Some(cases[&dossier]), None),
                    EventKind::Annule { evenement } => (None, Some(events[&evenement])),
                    _ => (None, None),
                };
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
                let id = w.insert_event(
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
            if empty {
                // Ids were given: the sequences continue after them.
                w.tx.batch_execute(
                    "SELECT setval(pg_get_serial_sequence('persons', 'id'), max(id)) FROM persons \
                     HAVING max(id) IS NOT NULL;
                     SELECT setval(pg_get_serial_sequence('cases', 'id'), max(id)) FROM cases \
                     HAVING max(id) IS NOT NULL;
                     SELECT setval(pg_get_serial_sequence('events', 'id'), max(id)) FROM events \
                     HAVING max(id) IS NOT NULL;",
                )
                .map_err(pg_err)?;
            }
            Ok(ImportSummary {
                persons: snap.personnes.len(),
                cases: snap.dossiers.len(),
                events: snap.evenements.len(),
                ids_kept: empty,
            })
        })
    }

    fn add_batch(&mut self, batch: &[BatchEntry]) -> Result<Vec<CaseId>, Failure> {
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
        self.in_write(|w, _| {
            let mut ids = Vec::new();
            for entry in batch {
                let person = match &entry.person {
                    BatchPerson::New(p) => w.insert_person(None, p)?,
                    BatchPerson::Existing(id) => *id,
                };
                for c in &entry.cases {
                    let id = match &c.target {
                        BatchTarget::Open(case) => w.open_case(&NewCase {
                            personne: person,
                            ..case.clone()
                        })?,
                        BatchTarget::Existing(id) => {
                            let owner =
                                w.tx.query_opt(
                                    "SELECT person_id FROM cases WHERE id = $1 FOR UPDATE",
                                    &[id],
                                )
                                .map_err(pg_err)?
                                .map(|row| row.get::<_, i64>(0));
                            if owner != Some(person) {
                                return Err(Failure::invalid(t::unknown_case(*id)));
                            }
                            if w.is_closed(*id)? {
                                return Err(event_problem(EventProblem::CaseClosed));
                            }
                            *id
                        }
                    };
                    for e in &c.events {
                        w.append_event(id, e)?;
                    }
                    ids.push(id);
                }
            }
            Ok(ids)
        })
    }
}

/// Support for the tests of the shared register (unit and integration tests): a fresh
/// database on the test server of `.ci/postgres`, dropped at the end.
#[doc(hidden)]
pub mod testing {
    use super::*;

    /// The test server's superuser URL (`.ci/postgres` sets it).
    pub const URL_ENV: &str = "ACCES_TEST_POSTGRES";

    /// A database created for one test, dropped when this is dropped.
    pub struct TestDatabase {
        admin: String,
        name: String,
        roles: RefCell<Vec<String>>,
        /// The URL of the new database.
        pub url: String,
    }

    impl TestDatabase {
        /// A new login role (a volunteer's), named `prefix` + a unique suffix; returns its
        /// name and the URL of this database for it.
        pub fn login_role(&self, prefix: &str) -> (String, String) {
            let name = format!("{prefix}{}", &self.name["acces_t".len()..]);
            let mut c = connect(&self.admin).expect("the test server answers");
            c.batch_execute(&format!("CREATE ROLE {name} LOGIN PASSWORD 'mdp-{name}'"))
                .expect("CREATE ROLE on the test server");
            self.roles.borrow_mut().push(name.clone());
            let (scheme, rest) = self.url.split_once("://").expect("a URL");
            let (_, host) = rest.split_once('@').expect("a URL with a user");
            (name.clone(), format!("{scheme}://{name}:mdp-{name}@{host}"))
        }
    }

    impl TestDatabase {
        /// The first column of a query on this database, as text (for the tests to look at
        /// what the server holds).
        pub fn column(&self, sql: &str) -> Vec<String> {
            let mut c = connect(&self.url).expect("the test server answers");
            c.query(sql, &[])
                .expect("a query of the test")
                .iter()
                .map(|r| r.get::<_, Option<String>>(0).unwrap_or_default())
                .collect()
        }
    }

    impl Drop for TestDatabase {
        fn drop(&mut self) {
            if let Ok(mut c) = connect(&self.admin) {
                let _ = c.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ));
                for r in self.roles.borrow().iter() {
                    let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS {r}"));
                }
            }
        }
    }

    /// A new empty database on the test server; `None` (after saying why on stderr) when no
    /// server is configured — except in CI (`ACCES_CI` set), where that fails the test.
    pub fn fresh_database(test: &str) -> Option<TestDatabase> {
        let Some(admin) = std::env::var(URL_ENV).ok().filter(|u| !u.is_empty()) else {
            if std::env::var_os("ACCES_CI").is_some_and(|v| !v.is_empty()) {
                panic!("{URL_ENV} is not set: in CI, run the tests through .ci/postgres");
            }
            eprintln!(
                "SKIPPED {test}: no PostgreSQL for the tests ({URL_ENV} unset; run \
                 `.ci/postgres cargo test` to include them)"
            );
            return None;
        };
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!("acces_t_{}_{n}_{nanos}", std::process::id());
        let mut c = connect(&admin).expect("the test server answers");
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("CREATE DATABASE on the test server");
        let (base, query) = match admin.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (admin.as_str(), String::new()),
        };
        let prefix = match base.rsplit_once('/') {
            Some((p, _)) if p.contains("//") && p.len() > p.find("//").unwrap() + 2 => p,
            _ => base,
        };
        Some(TestDatabase {
            url: format!("{prefix}/{name}{query}"),
            admin,
            name,
            roles: RefCell::new(Vec::new()),
        })
    }

    /// A shared register in a fresh database, for a new volunteer `alice`.
    pub fn fresh_register(test: &str) -> Option<(TestDatabase, Identity)> {
        let db = fresh_database(test)?;
        let me = Identity::generate("alice");
        create_shared(&db.url, &me).expect("creating the shared register");
        Some((db, me))
    }
}

#[cfg(test)]
mod tests {
    use super::testing::fresh_register;
    use super::*;

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

    #[test]
    fn an_address_off_this_machine_needs_tls_and_is_checked_without_contact() {
        let c = config("postgres://alice@registre.exemple.org/groupe").unwrap();
        assert_eq!(c.get_ssl_mode(), SslMode::Require, "forced");
        let f = config("postgres://alice@registre.exemple.org/groupe?sslmode=disable");
        assert_eq!(f.unwrap_err().code, exit::INVALID_INPUT);
        let f = config("postgres://alice@10.1.2.3/groupe?sslmode=disable");
        assert_eq!(f.unwrap_err().code, exit::INVALID_INPUT);
        // On this machine, the choice stays the user's.
        for local in [
            "postgres://alice@127.0.0.1:5433/groupe?sslmode=disable",
            "postgres://alice@localhost/groupe?sslmode=disable",
            "postgres://alice@[::1]/groupe?sslmode=disable",
            "postgresql://alice@%2Frun%2Fpostgresql/groupe?sslmode=disable",
        ] {
            assert_eq!(
                config(local).unwrap().get_ssl_mode(),
                SslMode::Disable,
                "{local}"
            );
        }
        // Not an address: refused without repeating it (it may hold a password).
        for bad in ["mysql://a@b/c", "postgres://", "alice:secret@host/db", ""] {
            let f = config(bad).unwrap_err();
            assert_eq!(f.code, exit::INVALID_INPUT);
            assert!(!f.message.contains("secret"));
        }
    }

    #[test]
    fn a_stale_person_edit_is_refused_naming_who_wrote() {
        let Some((db, me)) = fresh_register("stale_person_edit") else {
            return;
        };
        let mut a = PgStore::open(&db.url, &me).unwrap();
        let mut b = PgStore::open(&db.url, &me).unwrap();
        let p = a.add_person(&person("Avant")).unwrap();
        assert_eq!(b.person(p).unwrap().unwrap().nom, "Avant");
        a.update_person(p, &person("Changé par A")).unwrap();
        let f = b.update_person(p, &person("Changé par B")).unwrap_err();
        assert_eq!(f.code, exit::STORE_UNAVAILABLE);
        assert!(f.message.contains("modifiée par alice"), "{}", f.message);
        assert_eq!(a.person(p).unwrap().unwrap().nom, "Changé par A", "kept");
        // Once B has read the change, B's edit goes through.
        assert_eq!(b.person(p).unwrap().unwrap().nom, "Changé par A");
        b.update_person(p, &person("Changé par B")).unwrap();
        assert_eq!(a.person(p).unwrap().unwrap().nom, "Changé par B");
    }

    #[test]
    fn a_volunteer_outside_the_group_cannot_open() {
        let Some((db, _)) = fresh_register("outsider") else {
            return;
        };
        let mallory = Identity::generate("mallory");
        assert_eq!(
            PgStore::open(&db.url, &mallory).unwrap_err().code,
            exit::WRONG_PASSPHRASE
        );
        // Claiming alice's name without her identity does not unwrap the key either.
        let fake = Identity::generate("alice");
        assert_eq!(
            PgStore::open(&db.url, &fake).unwrap_err().code,
            exit::WRONG_PASSPHRASE
        );
    }

    #[test]
    fn a_sealed_value_moved_on_the_server_is_refused() {
        let Some((db, me)) = fresh_register("moved_value") else {
            return;
        };
        let mut s = PgStore::open(&db.url, &me).unwrap();
        let p1 = s.add_person(&person("Un")).unwrap();
        let p2 = s.add_person(&person("Deux")).unwrap();
        // Whoever controls the server swaps the two persons' sealed data.
        let mut admin = connect(&db.url).unwrap();
        admin
            .execute(
                "UPDATE persons SET data = (SELECT data FROM persons WHERE id = $2) WHERE id = $1",
                &[&p1, &p2],
            )
            .unwrap();
        let f = s.person(p1).unwrap_err();
        assert_eq!(f.code, exit::STORE_UNAVAILABLE);
        assert_eq!(s.person(p2).unwrap().unwrap().nom, "Deux");
        assert_eq!(s.verify().unwrap().len(), 1, "acces verifier reports it");
        // And the server's own columns hold no name.
        let rows = admin
            .query(
                "SELECT coalesce(encode(data, 'escape'), '') FROM persons",
                &[],
            )
            .unwrap();
        for r in rows {
            let t: String = r.get(0);
            assert!(!t.contains("Deux") && !t.contains("Camille"));
        }
    }

    #[test]
    fn volunteers_roles_groups_and_key_rotation() {
        let Some((db, alice)) = fresh_register("volunteers") else {
            return;
        };
        let mut a = PgStore::open(&db.url, &alice).unwrap();
        let before = a.add_person(&person("Avant")).unwrap();
        let (bob_name, bob_url) = db.login_role("bob");
        let bob = Identity::generate(&bob_name);
        // Not in the group yet: the database is closed to his role.
        assert_eq!(
            PgStore::open(&bob_url, &bob).unwrap_err().code,
            exit::STORE_UNAVAILABLE
        );
        let change = a.add_volunteer(&bob_name, &bob.recipient(), false).unwrap();
        assert_eq!(
            change,
            MembershipChange {
                key_version: 1,
                role: true
            }
        );
        assert_eq!(
            a.add_volunteer(&bob_name, &bob.recipient(), false)
                .unwrap_err()
                .code,
            exit::INVALID_INPUT
        );
        let mut b = PgStore::open(&bob_url, &bob).unwrap();
        assert_eq!(
            b.person(before).unwrap().unwrap().nom,
            "Avant",
            "reads the history"
        );
        let by_bob = b.add_person(&person("Par Bob")).unwrap();
        assert_eq!(a.person(by_bob).unwrap().unwrap().nom, "Par Bob");
        // His role cannot make him a coordinator behind acces's back, and what he writes is
        // recorded as his, whatever the client claims.
        let mut bob_sql = connect(&bob_url).unwrap();
        assert!(
            bob_sql
                .execute("UPDATE volunteers SET coordinator = true", &[])
                .is_err()
        );
        bob_sql
            .execute(
                "INSERT INTO persons (data, written_by) VALUES ('\\x00', 'alice')",
                &[],
            )
            .unwrap();
        let who: String = bob_sql
            .query_one(
                "SELECT written_by FROM persons ORDER BY id DESC LIMIT 1",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(who, bob_name);
        bob_sql
            .execute(
                "DELETE FROM persons WHERE written_by = $1 AND data = '\\x00'",
                &[&who],
            )
            .unwrap();
        drop(bob_sql);
        // Only coordinators add or remove.
        let eve = Identity::generate("eve");
        assert_eq!(
            b.add_volunteer("eve", &eve.recipient(), false)
                .unwrap_err()
                .code,
            exit::STORE_UNAVAILABLE
        );
        // Group B: another register, another database; bob's role cannot even connect.
        let Some((db2, _carol)) = fresh_register("volunteers_b") else {
            return;
        };
        // The same role and password, on group B's database.
        let (_, bob_login) = bob_url.split_once("://").unwrap();
        let (bob_user, _) = bob_login.split_once('@').unwrap();
        let (_, b_host) = db2.url.split_once('@').unwrap();
        let bob_url_b = format!("postgres://{bob_user}@{b_host}");
        assert_eq!(
            connect(&bob_url_b).err().map(|f| f.message),
            Some(r::NOT_ALLOWED.to_string()),
            "group B is closed to group A's volunteer"
        );

        // Removal: the key rotates, the role loses its rights.
        let change = a.remove_volunteer(&bob_name).unwrap();
        assert_eq!(
            change,
            MembershipChange {
                key_version: 2,
                role: true
            }
        );
        assert_eq!(
            a.remove_volunteer("alice").unwrap_err().code,
            exit::INVALID_INPUT
        );
        let after = a.add_person(&person("Après")).unwrap();
        assert_eq!(a.person(after).unwrap().unwrap().nom, "Après");
        assert_eq!(
            a.person(before).unwrap().unwrap().nom,
            "Avant",
            "old entries stay readable"
        );
        // Bob's open connection has lost its rights…
        assert!(b.persons().is_err());
        // …and the keys he held do not open what was written after his removal.
        let mut admin = connect(&db.url).unwrap();
        let sealed: Vec<u8> = admin
            .query_one("SELECT data FROM persons WHERE id = $1", &[&after])
            .unwrap()
            .get(0);
        let f = b.keys.open("persons", after, "data", &sealed).unwrap_err();
        assert_eq!(f.message, r::KEY_VERSION_MISSING);
        // Nor can he open the register again, through his role or any other.
        assert!(PgStore::open(&bob_url, &bob).is_err());
        assert_eq!(
            PgStore::open(&db.url, &bob).unwrap_err().code,
            exit::WRONG_PASSPHRASE
        );
        let list = a.volunteers().unwrap();
        assert_eq!(list.len(), 2);
        let bob_row = list.iter().find(|v| v.name == bob_name).unwrap();
        assert!(bob_row.removed.is_some() && !bob_row.has_current_key);
        let alice_row = list.iter().find(|v| v.name == "alice").unwrap();
        assert!(alice_row.coordinator && alice_row.has_current_key && alice_row.removed.is_none());
    }

    #[test]
    fn the_faces_open_the_shared_register_with_the_identity_in_the_data_dir() {
        let Some((db, me)) = fresh_register("open_boxed") else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let pass = super::super::Passphrase::new("phrase de passe du bénévole");
        me.save(dir.path(), &pass).unwrap();
        let mut st = super::super::open_boxed(
            dir.path(),
            Some(&db.url),
            &pass,
            super::super::LockMode::Interactive,
            true,
        )
        .unwrap();
        st.add_person(&person("Par la face")).unwrap();
        assert_eq!(st.persons().unwrap().len(), 1);
        assert!(
            !super::super::exists(dir.path()),
            "no local register created"
        );
        let wrong = super::super::open_boxed(
            dir.path(),
            Some(&db.url),
            &super::super::Passphrase::new("autre"),
            super::super::LockMode::Interactive,
            true,
        );
        assert_eq!(wrong.err().map(|f| f.code), Some(exit::WRONG_PASSPHRASE));
    }

    #[test]
    fn five_connections_writing_as_fast_as_they_can_lose_nothing() {
        let Some((db, me)) = fresh_register("five_connections") else {
            return;
        };
        let mut s = PgStore::open(&db.url, &me).unwrap();
        let p = s.add_person(&person("Concurrence")).unwrap();
        let c = s
            .open_case(&NewCase {
                personne: p,
                fichier: "TAJ".into(),
                demarche: "acces".into(),
                canal: None,
                references: vec![],
                suite_de: None,
                ouvert: "2026-01-05".parse().unwrap(),
            })
            .unwrap();
        let me = std::sync::Arc::new(me);
        let until = std::time::Instant::now() + std::time::Duration::from_secs(3);
        let threads: Vec<_> = (0..5)
            .map(|t| {
                let (url, me) = (db.url.clone(), me.clone());
                std::thread::spawn(move || {
                    let mut st = PgStore::open(&url, &me).unwrap();
                    let mut ids = Vec::new();
                    let mut n = 0;
                    while std::time::Instant::now() < until {
                        n += 1;
                        let e = NewEvent {
                            date: "2026-02-01".parse().unwrap(),
                            kind: EventKind::Note,
                            texte: Some(format!("t{t}-{n}")),
                        };
                        // Every write either lands or says so; none is lost silently.
                        ids.push(st.add_event(c, &e).unwrap());
                    }
                    ids
                })
            })
            .collect();
        let mut written: Vec<i64> = threads
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        written.sort();
        let stored: Vec<i64> = s
            .case(c)
            .unwrap()
            .unwrap()
            .events
            .iter()
            .map(|e| e.id)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert!(written.len() >= 50, "{} writes", written.len());
        assert_eq!(stored, written);
        eprintln!(
            "five connections: {} events in 3 s, all stored",
            written.len()
        );
        // Ten connections cancel the same event at once: exactly one cancellation stands.
        let target = written[0];
        let threads: Vec<_> = (0..10)
            .map(|_| {
                let (url, me) = (db.url.clone(), me.clone());
                std::thread::spawn(move || {
                    let mut st = PgStore::open(&url, &me).unwrap();
                    st.add_event(
                        c,
                        &NewEvent {
                            date: "2026-02-02".parse().unwrap(),
                            kind: EventKind::Annule { evenement: target },
                            texte: None,
                        },
                    )
                    .map_err(|f| f.code)
                })
            })
            .collect();
        let results: Vec<_> = threads.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{results:?}"
        );
        for r in results.iter().filter_map(|r| r.as_ref().err()) {
            assert!([exit::INVALID_INPUT, exit::STORE_UNAVAILABLE].contains(r));
        }
        let h = s.case(c).unwrap().unwrap();
        assert_eq!(
            h.events
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Annule { .. }))
                .count(),
            1
        );
    }
}
