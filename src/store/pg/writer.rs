//! Writing to the shared register: the writers' turn, rows sealed as they are inserted, and
//! the checks made again inside the transaction.

use chrono::{DateTime, Utc};

use super::*;
use crate::cases::Uid;
use crate::store::writes::{CaseRow, KnownPerson, PersonRow};

/// The writers' turn: moves `register_state` (so that readers see a change) and records
/// who wrote. Must be the first statement of every write transaction.
pub(super) fn take_turn(tx: &mut Transaction<'_>, me: &str) -> Result<(), Failure> {
    tx.execute(
        "UPDATE register_state SET version = version + 1, last_writer = $1",
        &[&me],
    )
    .map_err(pg_err)?;
    Ok(())
}

/// A change time as the server stores it, from its RFC 3339 form (checked on import).
fn parse_time(s: &str) -> Result<DateTime<Utc>, Failure> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| corrupt())
}

/// A change time in the RFC 3339 form the local register writes (UTC, to the millisecond).
pub(super) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
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

pub(super) struct Writer<'a, 'b> {
    pub(super) tx: &'a mut Transaction<'b>,
    pub(super) keys: &'a GroupKeys,
    pub(super) me: &'a str,
}

impl Writes for Writer<'_, '_> {
    fn insert_person(&mut self, row: PersonRow<'_>) -> Result<PersonId, Failure> {
        let id = match row.id {
            Some(id) => id,
            None => next_id(self.tx, "persons")?,
        };
        let data = self.keys.seal("persons", id, "data", row.json.as_bytes());
        let updated = row.updated.map(parse_time).transpose()?;
        self.tx
            .execute(
                "INSERT INTO persons (id, uid, data, written_by, updated) \
                 VALUES ($1, $2, $3, $4, coalesce($5, now()))",
                &[&id, &row.uid, &data, &self.me, &updated],
            )
            .map_err(pg_err)?;
        Ok(id)
    }

    fn replace_person(&mut self, id: PersonId, json: &str, updated: &str) -> Result<(), Failure> {
        let data = self.keys.seal("persons", id, "data", json.as_bytes());
        self.tx
            .execute(
                "UPDATE persons SET data = $1, updated = $2, version = version + 1, \
                 written_by = $3 WHERE id = $4",
                &[&data, &parse_time(updated)?, &self.me, &id],
            )
            .map_err(pg_err)?;
        Ok(())
    }

    fn insert_case(&mut self, row: CaseRow<'_>) -> Result<CaseId, Failure> {
        let case = row.case;
        let id = match row.id {
            Some(id) => id,
            None => next_id(self.tx, "cases")?,
        };
        let refs = if case.references.is_empty() {
            None
        } else {
            let json =
                serde_json::to_vec(&case.references).map_err(|e| Failure::io(t::internal(&e)))?;
            Some(self.keys.seal("cases", id, "refs", &json))
        };
        let recipient = row
            .recipient
            .map(|r| self.keys.seal("cases", id, "recipient", r.as_bytes()));
        self.tx
            .execute(
                "INSERT INTO cases (id, uid, person_id, entry, route, channel, refs, \
                 escalated_from, opened, written_by, recipient) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                &[
                    &id,
                    &row.uid,
                    &case.personne,
                    &case.fichier,
                    &case.demarche,
                    &case.canal.map(Channel::id),
                    &refs,
                    &case.suite_de,
                    &case.ouvert,
                    &self.me,
                    &recipient,
                ],
            )
            .map_err(pg_err)?;
        Ok(id)
    }

    fn set_recipient(&mut self, case: CaseId, recipient: Option<&str>) -> Result<(), Failure> {
        let sealed = recipient.map(|r| self.keys.seal("cases", case, "recipient", r.as_bytes()));
        let n = self
            .tx
            .execute(
                "UPDATE cases SET recipient = $1 WHERE id = $2",
                &[&sealed, &case],
            )
            .map_err(pg_err)?;
        if n == 0 {
            return Err(Failure::invalid(t::unknown_case(case)));
        }
        Ok(())
    }

    fn person_by_uid(&mut self, uid: Uid) -> Result<Option<KnownPerson>, Failure> {
        let Some(row) = self
            .tx
            .query_opt(
                "SELECT id, updated, data FROM persons WHERE uid = $1",
                &[&uid],
            )
            .map_err(pg_err)?
        else {
            return Ok(None);
        };
        let id: PersonId = row.get(0);
        let updated: DateTime<Utc> = row.get(1);
        let json = self.keys.open("persons", id, "data", row.get(2))?;
        Ok(Some(KnownPerson {
            id,
            updated: rfc3339(updated),
            person: serde_json::from_slice(&json).map_err(|_| corrupt())?,
        }))
    }

    fn case_by_uid(&mut self, uid: Uid) -> Result<Option<(CaseId, PersonId)>, Failure> {
        Ok(self
            .tx
            .query_opt("SELECT id, person_id FROM cases WHERE uid = $1", &[&uid])
            .map_err(pg_err)?
            .map(|row| (row.get(0), row.get(1))))
    }

    fn event_by_uid(&mut self, uid: Uid) -> Result<Option<(EventId, CaseId)>, Failure> {
        Ok(self
            .tx
            .query_opt("SELECT id, case_id FROM events WHERE uid = $1", &[&uid])
            .map_err(pg_err)?
            .map(|row| (row.get(0), row.get(1))))
    }

    fn insert_event(&mut self, e: &EventRow<'_>) -> Result<EventId, Failure> {
        let c = kind_columns(e.kind);
        let id = match e.id {
            Some(id) => id,
            None => next_id(self.tx, "events")?,
        };
        let recommande = c
            .recommande
            .map(|v| self.keys.seal("events", id, "recommande", v.as_bytes()));
        let text = e
            .text
            .map(|v| self.keys.seal("events", id, "text", v.as_bytes()));
        self.tx
            .execute(
                "INSERT INTO events (id, case_id, date, kind, channel, recommande, outcome, \
                 linked_case, text, recorded, route, linked_event, written_by, uid) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                &[
                    &id,
                    &e.case,
                    &e.date,
                    &e.kind.id(),
                    &c.channel,
                    &recommande,
                    &c.outcome,
                    &e.linked.0.or(c.linked_case),
                    &text,
                    &e.recorded,
                    &c.route,
                    &e.linked.1.or(c.linked_event),
                    &self.me,
                    &e.uid,
                ],
            )
            .map_err(pg_err)?;
        Ok(id)
    }

    fn set_follows(&mut self, case: CaseId, earlier: CaseId) -> Result<(), Failure> {
        self.tx
            .execute(
                "UPDATE cases SET escalated_from = $1 WHERE id = $2",
                &[&earlier, &case],
            )
            .map_err(pg_err)?;
        Ok(())
    }

    fn person_exists(&mut self, id: PersonId) -> Result<bool, Failure> {
        Ok(self
            .tx
            .query_opt("SELECT 1 FROM persons WHERE id = $1", &[&id])
            .map_err(pg_err)?
            .is_some())
    }

    fn case_owner(&mut self, id: CaseId) -> Result<Option<(PersonId, NaiveDate)>, Failure> {
        Ok(self
            .tx
            .query_opt(
                "SELECT person_id, opened FROM cases WHERE id = $1 FOR UPDATE",
                &[&id],
            )
            .map_err(pg_err)?
            .map(|row| (row.get(0), row.get(1))))
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

    fn move_opening_back(&mut self, case: CaseId, date: NaiveDate) -> Result<(), Failure> {
        self.tx
            .execute(
                "UPDATE cases SET opened = $1 WHERE id = $2 AND opened > $1",
                &[&date, &case],
            )
            .map_err(pg_err)?;
        Ok(())
    }
}

impl Writer<'_, '_> {
    pub(super) fn delete_cases(&mut self, ids: &[CaseId]) -> Result<(), Failure> {
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
    pub(super) fn last_writer_of(&mut self, case: CaseId) -> Result<String, Failure> {
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
    pub(super) fn in_write<T>(
        &self,
        f: impl FnOnce(&mut Writer<'_, '_>, &PgStore) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        self.in_write_or_roll_back(false, f)
    }

    /// [`Self::in_write`], or with `roll_back` the same and then nothing kept (a simulation).
    pub(super) fn in_write_or_roll_back<T>(
        &self,
        roll_back: bool,
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
        if roll_back {
            tx.rollback().map_err(pg_err)?;
        } else {
            tx.commit().map_err(pg_err)?;
            self.own_writes.set(self.own_writes.get() + 1);
        }
        Ok(out)
    }

    /// Checks `events` against the case's history as read inside the transaction: when the
    /// early check passed but this one fails, another volunteer changed the case in between.
    pub(super) fn recheck(
        &self,
        w: &mut Writer<'_, '_>,
        case: CaseId,
        events: &[NewEvent],
    ) -> Result<(), Failure> {
        let Some(history) = self
            .histories(w.tx, &CaseFilter::default(), Some(case))?
            .into_iter()
            .next()
        else {
            return Err(Failure::invalid(t::unknown_case(case)));
        };
        match rules::events_problem(&history, events) {
            None => Ok(()),
            // Passed before the turn, refused now: another volunteer changed the case.
            Some(p) => {
                let who = w.last_writer_of(case)?;
                Err(Failure::new(
                    exit::STORE_UNAVAILABLE,
                    r::case_changed_meanwhile(case, &who, &event_problem(p).message),
                ))
            }
        }
    }
}
