//! The statements of a write transaction ([`Writes`]), and deleting for real.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::read::parse_date;
use super::{SqliteStore, db_err};
use crate::cases::{CaseId, Channel, EventId, NewCase, PersonId};
use crate::error::Failure;
use crate::store::rows::kind_columns;
use crate::store::writes::{EventRow, Writes, now};
use crate::texts::store as t;

/// An open write transaction (`BEGIN IMMEDIATE`: SQLite's single writer).
pub(super) struct Tx<'c>(pub(super) Transaction<'c>);

impl SqliteStore {
    /// Runs `f` in a write transaction, committing on success; on failure nothing is written.
    pub(super) fn in_write<T>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let mut w = Tx(self.write()?);
        let out = f(&mut w)?;
        w.0.commit().map_err(db_err)?;
        Ok(out)
    }
}

impl Writes for Tx<'_> {
    fn insert_person(&mut self, id: Option<PersonId>, json: &str) -> Result<PersonId, Failure> {
        let ts = now();
        self.0
            .prepare_cached(
                "INSERT INTO persons (id, data, created, updated) VALUES (?1, ?2, ?3, ?3)",
            )
            .and_then(|mut s| s.execute(params![id, json, ts]))
            .map_err(db_err)?;
        Ok(self.0.last_insert_rowid())
    }

    fn insert_case(&mut self, id: Option<CaseId>, case: &NewCase) -> Result<CaseId, Failure> {
        let refs =
            serde_json::to_string(&case.references).map_err(|e| Failure::io(t::internal(&e)))?;
        self.0
            .prepare_cached(
                "INSERT INTO cases (id, person_id, entry, route, channel, refs, escalated_from, \
                 opened) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    id,
                    case.personne,
                    case.fichier,
                    case.demarche,
                    case.canal.map(Channel::id),
                    refs,
                    case.suite_de,
                    case.ouvert.to_string()
                ])
            })
            .map_err(db_err)?;
        Ok(self.0.last_insert_rowid())
    }

    fn insert_event(&mut self, e: &EventRow<'_>) -> Result<EventId, Failure> {
        let c = kind_columns(e.kind);
        self.0
            .prepare_cached(
                "INSERT INTO events (id, case_id, date, kind, channel, recommande, outcome, \
                 linked_case, text, recorded, route, linked_event) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
                    e.linked.1.or(c.linked_event)
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
