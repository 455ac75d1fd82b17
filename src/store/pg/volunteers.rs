//! The group's volunteers: who may read the register, who coordinates, and the group
//! key's rotation when someone leaves.

use super::*;

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
