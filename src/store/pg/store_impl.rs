//! The [`Store`] operations on the shared register.

use super::*;
use crate::store::merge;

impl PgStore {
    /// Replaces a person's profile, refused if someone changed it since this connection read
    /// it, or (with `seen`) since its last change was that one.
    fn replace_person_if(
        &mut self,
        id: PersonId,
        person: &Person,
        seen_change: Option<&str>,
    ) -> Result<(), Failure> {
        let json = person_json(person)?;
        let seen = self.seen.borrow().get(&id).copied();
        let data = self.keys.seal("persons", id, "data", json.as_bytes());
        let version = self.in_write(|w, _| {
            let row =
                w.tx.query_opt(
                    "SELECT version, written_by, updated FROM persons WHERE id = $1 FOR UPDATE",
                    &[&id],
                )
                .map_err(pg_err)?;
            let Some(row) = row else {
                return Err(Failure::invalid(t::unknown_person(id)));
            };
            let (current, who): (i64, String) = (row.get(0), row.get(1));
            let changed = seen.is_some_and(|s| s != current)
                || seen_change
                    .is_some_and(|c| !rules::same_change(&writer::rfc3339(row.get(2)), c));
            if changed {
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
}

impl Store for PgStore {
    fn add_person(&mut self, person: &Person) -> Result<PersonId, Failure> {
        let id = self.in_write(|w, _| writes::add_person(w, person))?;
        self.seen.borrow_mut().insert(id, 1);
        Ok(id)
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

    fn person_record(&self, id: PersonId) -> Result<Option<PersonRecord>, Failure> {
        let row = self
            .client
            .borrow_mut()
            .query_opt(
                "SELECT data, version, uid, updated FROM persons WHERE id = $1",
                &[&id],
            )
            .map_err(pg_err)?;
        let Some(row) = row else { return Ok(None) };
        self.seen.borrow_mut().insert(id, row.get(1));
        Ok(Some(PersonRecord {
            id,
            uid: Some(row.get(2)),
            maj: Some(writer::rfc3339(row.get(3))),
            personne: self.person_from(id, row.get(0))?,
        }))
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
            .query(
                "SELECT id, data, version, uid, updated FROM persons ORDER BY id",
                &[],
            )
            .map_err(pg_err)?;
        let mut out = Vec::with_capacity(rows.len());
        let mut seen = self.seen.borrow_mut();
        for row in rows {
            let id: i64 = row.get(0);
            seen.insert(id, row.get(2));
            out.push(PersonRecord {
                id,
                uid: Some(row.get(3)),
                maj: Some(writer::rfc3339(row.get(4))),
                personne: self.person_from(id, row.get(1))?,
            });
        }
        Ok(out)
    }

    fn open_case(&mut self, case: &NewCase) -> Result<CaseId, Failure> {
        self.in_write(|w, _| writes::open_case(w, case))
    }

    fn open_case_with_event(
        &mut self,
        case: &NewCase,
        event: &NewEvent,
    ) -> Result<(CaseId, EventId), Failure> {
        self.in_write(|w, _| writes::open_case_with_event(w, case, event))
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
        rules::check_events_on(case, self.case(case)?.as_ref(), events)?;
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
            writes::append_events(w, case, events)
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
        let version: i64 = self
            .client
            .borrow_mut()
            .query_one("SELECT version FROM register_state", &[])
            .map_err(pg_err)?
            .get(0);
        Ok(version - self.own_writes.get())
    }

    fn set_recipient(&mut self, case: CaseId, recipient: Option<&str>) -> Result<(), Failure> {
        rules::check_recipient(recipient)?;
        self.in_write(|w, _| w.set_recipient(case, recipient))
    }

    fn import(&mut self, snap: &Snapshot, simulation: bool) -> Result<ImportSummary, Failure> {
        rules::check_import(snap)?;
        self.in_write_or_roll_back(simulation, |w, _| {
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
            let summary = merge::import(w, snap, empty)?;
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
            Ok(summary)
        })
    }

    fn add_batch(&mut self, batch: &[BatchEntry]) -> Result<Vec<CaseId>, Failure> {
        rules::check_batch(batch)?;
        self.in_write(|w, _| writes::write_batch(w, batch))
    }
}
