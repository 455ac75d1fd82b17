//! The statements of a write transaction ([`Writes`]), and deleting for real.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::read::parse_date;
use super::{SqliteStore, db_err};
use crate::cases::{CaseId, Channel, EventId, PersonId, Uid};
use crate::error::Failure;
use crate::store::rows::{corrupt, kind_columns};
use crate::store::writes::{CaseRow, EventRow, KnownPerson, PersonRow, Writes, now_precise};
use crate::texts::store as t;

/// An open write transaction (`BEGIN IMMEDIATE`: SQLite's single writer).
pub(super) struct Tx<'c>(pub(super) Transaction<'c>);

impl SqliteStore {
    /// Runs `f` in a write transaction, committing on success; on failure nothing is written.
    pub(super) fn in_write<T>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        self.in_write_or_roll_back(false, f)
    }

    /// [`Self::in_write`], or with `roll_back` the same and then nothing kept (a simulation).
    pub(super) fn in_write_or_roll_back<T>(
        &mut self,
        roll_back: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let mut w = Tx(self.write()?);
        let out = f(&mut w)?;
        if roll_back {
            w.0.rollback().map_err(db_err)?;
        } else {
            w.0.commit().map_err(db_err)?;
        }
        Ok(out)
    }
}

impl Writes for Tx<'_> {
    fn insert_person(&mut self, row: PersonRow<'_>) -> Result<PersonId, Failure> {
        let ts = now_precise();
        self.0
            .prepare_cached(
                "INSERT INTO persons (id, uid, data, created, updated) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    row.id,
                    row.uid.to_string(),
                    row.json,
                    ts,
                    row.updated.unwrap_or(&ts)
                ])
            })
            .map_err(db_err)?;
        Ok(self.0.last_insert_rowid())
    }

    fn replace_person(&mut self, id: PersonId, json: &str, updated: &str) -> Result<(), Failure> {
        self.0
            .execute(
                "UPDATE persons SET data = ?1, updated = ?2 WHERE id = ?3",
                params![json, updated, id],
            )
            .map_err(db_err)?;
        Ok(())
    }

    fn insert_case(&mut self, row: CaseRow<'_>) -> Result<CaseId, Failure> {
        let case = row.case;
        let refs =
            serde_json::to_string(&case.references).map_err(|e| Failure::io(t::internal(&e)))?;
        self.0
            .prepare_cached(
                "INSERT INTO cases (id, uid, person_id, entry, route, channel, refs, \
                 escalated_from, opened, recipient) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    row.id,
                    row.uid.to_string(),
                    case.personne,
                    case.fichier,
                    case.demarche,
                    case.canal.map(Channel::id),
                    refs,
                    case.suite_de,
                    case.ouvert.to_string(),
                    row.recipient
                ])
            })
            .map_err(db_err)?;
        Ok(self.0.last_insert_rowid())
    }

    fn set_recipient(&mut self, case: CaseId, recipient: Option<&str>) -> Result<(), Failure> {
        let n = self
            .0
            .execute(
                "UPDATE cases SET recipient = ?1 WHERE id = ?2",
                params![recipient, case],
            )
            .map_err(db_err)?;
        if n == 0 {
            return Err(Failure::invalid(t::unknown_case(case)));
        }
        Ok(())
    }

    fn person_by_uid(&mut self, uid: Uid) -> Result<Option<KnownPerson>, Failure> {
        let row: Option<(PersonId, String, String)> = self
            .0
            .prepare_cached("SELECT id, updated, data FROM persons WHERE uid = ?1")
            .and_then(|mut s| {
                s.query_row([uid.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()
            })
            .map_err(db_err)?;
        row.map(|(id, updated, json)| {
            Ok(KnownPerson {
                id,
                updated,
                person: serde_json::from_str(&json).map_err(|_| corrupt())?,
            })
        })
        .transpose()
    }

    fn case_by_uid(&mut self, uid: Uid) -> Result<Option<(CaseId, PersonId)>, Failure> {
        self.0
            .prepare_cached("SELECT id, person_id FROM cases WHERE uid = ?1")
            .and_then(|mut s| {
                s.query_row([uid.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .map_err(db_err)
    }

    fn event_by_uid(&mut self, uid: Uid) -> Result<Option<(EventId, CaseId)>, Failure> {
        self.0
            .prepare_cached("SELECT id, case_id FROM events WHERE uid = ?1")
            .and_then(|mut s| {
                s.query_row([uid.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .map_err(db_err)
    }

    fn insert_event(&mut self, e: &EventRow<'_>) -> Result<EventId, Failure> {
        let c = kind_columns(e.kind);
        self.0
            .prepare_cached(
                "INSERT INTO events (id, case_id, date, kind, channel, recommande, outcome, \
                 linked_case, text, recorded, route, linked_event, uid) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    e.id,
                    e.case,
                    e.date.to_string(),
                    e.kind.id(),
                    c.channel,
                    c.recommande,
                    c.outcome,
                    e.linked.0.or(c.linked_case),
                    e.text,
                    e.recorded,
                    c.route,
                    e.linked.1.or(c.linked_event),
                    e.uid.to_string()
                ])
            })
            .map_err(db_err)?;
        Ok(self.0.last_insert_rowid())
    }

    fn set_follows(&mut self, case: CaseId, earlier: CaseId) -> Result<(), Failure> {
        self.0
            .execute(
                "UPDATE cases SET escalated_from = ?1 WHERE id = ?2",
                params![earlier, case],
            )
            .map_err(db_err)?;
        Ok(())
    }

    fn person_exists(&mut self, id: PersonId) -> Result<bool, Failure> {
        self.0
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM persons WHERE id = ?1)")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)))
            .map_err(db_err)
    }

    fn case_owner(&mut self, id: CaseId) -> Result<Option<(PersonId, NaiveDate)>, Failure> {
        let row: Option<(PersonId, String)> = self
            .0
            .prepare_cached("SELECT person_id, opened FROM cases WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .map_err(db_err)?;
        row.map(|(person, opened)| Ok((person, parse_date(&opened)?)))
            .transpose()
    }

    fn is_closed(&mut self, case: CaseId) -> Result<bool, Failure> {
        self.0
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM events c WHERE c.case_id = ?1 AND c.kind = 'clos' \
                 AND NOT EXISTS(SELECT 1 FROM events a WHERE a.kind = 'annule' \
                 AND a.linked_event = c.id))",
            )
            .and_then(|mut s| s.query_row([case], |r| r.get(0)))
            .map_err(db_err)
    }

    fn move_opening_back(&mut self, case: CaseId, date: NaiveDate) -> Result<(), Failure> {
        // The SQL only ever moves the opening earlier.
        self.0
            .prepare_cached("UPDATE cases SET opened = ?1 WHERE id = ?2 AND opened > ?1")
            .and_then(|mut s| s.execute(params![date.to_string(), case]))
            .map_err(db_err)?;
        Ok(())
    }
}

impl Tx<'_> {
    /// Deletes cases for real: their events, the `escalade` events of their parents naming
    /// them; their follow-ups (if kept) lose the link. Foreign keys are checked at commit.
    pub(super) fn delete_cases(&mut self, ids: &[CaseId]) -> Result<(), Failure> {
        let tx = &self.0;
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
}
