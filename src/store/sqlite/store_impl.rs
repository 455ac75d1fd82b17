//! The [`Store`] operations on the local register.

use rusqlite::OptionalExtension;

use super::read::parse_uid;
use super::{SqliteStore, db_err};
use crate::cases::{
    CaseFilter, CaseHistory, CaseId, EventId, NewCase, NewEvent, PersonId, PersonRecord, Snapshot,
};
use crate::error::Failure;
use crate::person::{Person, PersonHead};
use crate::store::merge;
use crate::store::rows::corrupt;
use crate::store::rules::{self, person_json};
use crate::store::writes::{self, Writes, now_precise};
use crate::store::{BatchEntry, ImportSummary, Store};
use crate::texts::store as t;

impl SqliteStore {
    /// Replaces a person's profile; with `seen`, only if its last change is still that one.
    fn replace_person_if(
        &mut self,
        id: PersonId,
        person: &Person,
        seen: Option<&str>,
    ) -> Result<(), Failure> {
        let json = person_json(person)?;
        self.in_write(|w| {
            let stored: Option<String> =
                w.0.query_row("SELECT updated FROM persons WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(db_err)?;
            let Some(stored) = stored else {
                return Err(Failure::invalid(t::unknown_person(id)));
            };
            if seen.is_some_and(|seen| !rules::same_change(&stored, seen)) {
                return Err(Failure::new(
                    crate::error::exit::STORE_UNAVAILABLE,
                    t::person_changed_since(id),
                ));
            }
            w.replace_person(id, &json, &now_precise())
        })
    }
}

impl Store for SqliteStore {
    fn add_person(&mut self, person: &Person) -> Result<PersonId, Failure> {
        self.in_write(|w| writes::add_person(w, person))
    }

    fn update_person(&mut self, id: PersonId, person: &Person) -> Result<(), Failure> {
        self.replace_person_if(id, person, None)
    }

    fn update_person_seen(
        &mut self,
        id: PersonId,
        person: &Person,
        seen: &str,
    ) -> Result<(), Failure> {
        self.replace_person_if(id, person, Some(seen))
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

    fn person_record(&self, id: PersonId) -> Result<Option<PersonRecord>, Failure> {
        let row: Option<(String, Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT data, uid, updated FROM persons WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(db_err)?;
        row.map(|(json, uid, updated)| {
            Ok(PersonRecord {
                id,
                uid: uid.as_deref().map(parse_uid).transpose()?,
                maj: Some(updated),
                personne: serde_json::from_str(&json).map_err(|_| corrupt())?,
            })
        })
        .transpose()
    }

    fn persons(&self) -> Result<Vec<PersonRecord>, Failure> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, data, uid, updated FROM persons ORDER BY id")
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
            let uid: Option<String> = r.get(2).map_err(db_err)?;
            out.push(PersonRecord {
                id: r.get(0).map_err(db_err)?,
                uid: uid.as_deref().map(parse_uid).transpose()?,
                maj: Some(r.get(3).map_err(db_err)?),
                personne: serde_json::from_str(json).map_err(|_| corrupt())?,
            });
        }
        Ok(out)
    }

    fn person_heads(&self) -> Result<Vec<(PersonId, PersonHead)>, Failure> {
        // Read from the index `persons_head`, where SQLite keeps the values it extracted
        // from each profile when it was written: no profile is parsed here.
        let mut stmt = self
            .conn
            .prepare_cached(crate::store::schema::PERSON_HEADS)
            .map_err(db_err)?;
        let mut rows = stmt.query([]).map_err(db_err)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(db_err)? {
            let text = |i: usize| -> Result<Option<String>, Failure> {
                r.get::<_, Option<String>>(i).map_err(|_| corrupt())
            };
            out.push((
                r.get(0).map_err(db_err)?,
                PersonHead {
                    nom: text(1)?.ok_or_else(corrupt)?,
                    prenoms: text(2)?.ok_or_else(corrupt)?,
                    departement: text(3)?,
                },
            ));
        }
        Ok(out)
    }

    fn open_case(&mut self, case: &NewCase) -> Result<CaseId, Failure> {
        self.in_write(|w| writes::open_case(w, case))
    }

    fn open_case_with_event(
        &mut self,
        case: &NewCase,
        event: &NewEvent,
    ) -> Result<(CaseId, EventId), Failure> {
        self.in_write(|w| writes::open_case_with_event(w, case, event))
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

    fn each_case(
        &self,
        filter: &CaseFilter,
        each: &mut dyn FnMut(CaseHistory),
    ) -> Result<(), Failure> {
        if filter.statut_seulement {
            return self.stream_histories(filter, None, each);
        }
        self.histories(filter, None)?.into_iter().for_each(each);
        Ok(())
    }

    fn add_event(&mut self, case: CaseId, event: &NewEvent) -> Result<EventId, Failure> {
        Ok(self.add_events(case, std::slice::from_ref(event))?[0])
    }

    fn add_events(&mut self, case: CaseId, events: &[NewEvent]) -> Result<Vec<EventId>, Failure> {
        // Checked on a read before the write lock is taken; SQLite's single writer means
        // only whether the case was closed meanwhile needs checking again inside.
        rules::check_events_on(case, self.case(case)?.as_ref(), events)?;
        self.in_write(|w| writes::append_events(w, case, events))
    }

    fn delete_case(&mut self, id: CaseId) -> Result<(), Failure> {
        self.in_write(|w| {
            let found: bool =
                w.0.query_row(
                    "SELECT EXISTS(SELECT 1 FROM cases WHERE id = ?1)",
                    [id],
                    |r| r.get(0),
                )
                .map_err(db_err)?;
            if !found {
                return Err(Failure::invalid(t::unknown_case(id)));
            }
            w.delete_cases(&[id])
        })?;
        self.purge_journal()
    }

    fn delete_person(&mut self, id: PersonId) -> Result<usize, Failure> {
        let n = self.in_write(|w| {
            let cases: Vec<CaseId> = {
                let mut stmt =
                    w.0.prepare("SELECT id FROM cases WHERE person_id = ?1 ORDER BY id")
                        .map_err(db_err)?;
                stmt.query_map([id], |r| r.get(0))
                    .map_err(db_err)?
                    .collect::<Result<_, _>>()
                    .map_err(db_err)?
            };
            w.delete_cases(&cases)?;
            let n =
                w.0.execute("DELETE FROM persons WHERE id = ?1", [id])
                    .map_err(db_err)?;
            if n == 0 {
                return Err(Failure::invalid(t::unknown_person(id)));
            }
            Ok(cases.len())
        })?;
        self.purge_journal()?;
        Ok(n)
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

    fn set_recipient(&mut self, case: CaseId, recipient: Option<&str>) -> Result<(), Failure> {
        rules::check_recipient(recipient)?;
        self.in_write(|w| w.set_recipient(case, recipient))
    }

    fn import(&mut self, snap: &Snapshot, simulation: bool) -> Result<ImportSummary, Failure> {
        rules::check_import(snap)?;
        self.in_write_or_roll_back(simulation, |w| {
            let empty: bool =
                w.0.query_row(
                    "SELECT NOT EXISTS(SELECT 1 FROM persons) AND NOT EXISTS(SELECT 1 FROM cases) \
                     AND NOT EXISTS(SELECT 1 FROM events)",
                    [],
                    |r| r.get(0),
                )
                .map_err(db_err)?;
            merge::import(w, snap, empty)
        })
    }

    fn add_batch(&mut self, batch: &[BatchEntry]) -> Result<Vec<CaseId>, Failure> {
        // Events are checked before anything is written; whether an existing case is
        // closed is read inside the transaction.
        rules::check_batch(batch)?;
        self.in_write(|w| writes::write_batch(w, batch))
    }
}
