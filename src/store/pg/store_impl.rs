//! The [`Store`] operations on the shared register.

use super::*;

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
