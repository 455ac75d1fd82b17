//! The tracker's data as the screens need it: persons, cases with their derived status,
//! the agenda, and the order of the Dossiers table. Re-read from the store after each
//! change, so what a CLI command wrote shows up too.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::cases::agenda::{self, Agenda, Tracked};
use crate::cases::stats::{self, Stats};
use crate::cases::status::State;
use crate::cases::{CaseFilter, CaseId, PersonId, PersonRecord};
use crate::catalogue::Catalogue;
use crate::error::Failure;
use crate::person::Person;
use crate::store::Store;
use crate::texts::cases as tc;

/// The Échéances screen lists the answers due in the next weeks under their own heading, and
/// every later one under « Plus tard »: a two-month deadline must be visible the day the
/// letter is sent, not only once it comes within the first window.
pub const AGENDA_DAYS: u32 = 56;

pub struct Data {
    pub store: Box<dyn Store>,
    pub persons: Vec<PersonRecord>,
    pub tracked: Vec<Tracked>,
    pub agenda: Agenda,
    /// Position of each person in `persons`.
    index: HashMap<PersonId, usize>,
    /// Number of cases of each person.
    counts: HashMap<PersonId, usize>,
    /// Each person's name, lower case without accents, for search and sorting.
    folded: HashMap<PersonId, String>,
    /// The store's `data_version` when this was read, and the day it was derived for.
    read_at: Option<(i64, NaiveDate)>,
    /// The statistics of `tracked`, computed when first shown after each read.
    stats: std::cell::OnceCell<Stats>,
}

impl Data {
    pub fn load(store: Box<dyn Store>, cat: &Catalogue, today: NaiveDate) -> Result<Data, Failure> {
        let mut d = Data {
            store,
            persons: Vec::new(),
            tracked: Vec::new(),
            agenda: Agenda::default(),
            index: HashMap::new(),
            counts: HashMap::new(),
            folded: HashMap::new(),
            read_at: None,
            stats: std::cell::OnceCell::new(),
        };
        d.reload(cat, today)?;
        Ok(d)
    }

    /// Re-reads only if another process wrote to the store, or the day changed, since the
    /// last read: a tab key then costs one `PRAGMA`, not a read of the whole register.
    /// True if it re-read.
    pub fn reload_if_changed(
        &mut self,
        cat: &Catalogue,
        today: NaiveDate,
    ) -> Result<bool, Failure> {
        let version = self.store.data_version()?;
        if self.read_at == Some((version, today)) {
            return Ok(false);
        }
        self.reload(cat, today).map(|()| true)
    }

    pub fn reload(&mut self, cat: &Catalogue, today: NaiveDate) -> Result<(), Failure> {
        // Taken before reading: a write landing meanwhile makes the next check re-read.
        let version = self.store.data_version()?;
        // The previous read is let go first: a reload does not hold two registers.
        self.tracked = Vec::new();
        self.persons = self.store.persons()?;
        self.index = self
            .persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, i))
            .collect();
        let histories = self.store.cases(&CaseFilter::default())?;
        let departement = |id: PersonId| {
            self.index
                .get(&id)
                .and_then(|&i| self.persons.get(i))
                .and_then(|p| p.personne.departement.as_deref())
        };
        self.tracked = agenda::track_by(cat, departement, histories, today);
        self.agenda = agenda::agenda(&self.tracked, today, None);
        self.folded = self
            .persons
            .iter()
            .map(|p| (p.id, crate::catalogue::fold(&tc::person_name(&p.personne))))
            .collect();
        self.counts.clear();
        for t in &self.tracked {
            *self.counts.entry(t.history.case.personne).or_default() += 1;
        }
        self.read_at = Some((version, today));
        self.stats = std::cell::OnceCell::new();
        Ok(())
    }

    /// After this program's own write to some cases: re-reads only those (and each one's
    /// earlier case, whose status its `escalade` event changes), in place, and the agenda
    /// from them, instead of the whole register. Reads everything when another process
    /// wrote meanwhile or the day changed (what [`Data::reload_if_changed`] would see).
    pub fn refresh_cases(
        &mut self,
        ids: &[CaseId],
        cat: &Catalogue,
        today: NaiveDate,
    ) -> Result<(), Failure> {
        // SQLite's `data_version` does not move for this connection's own writes.
        let version = self.store.data_version()?;
        if self.read_at != Some((version, today)) {
            return self.reload(cat, today);
        }
        let mut todo = ids.to_vec();
        let mut done = Vec::new();
        while let Some(id) = todo.pop() {
            if done.contains(&id) {
                continue;
            }
            done.push(id);
            let at = self
                .tracked
                .binary_search_by_key(&id, |t| t.history.case.id);
            let Some(history) = self.store.case(id)? else {
                if let Ok(i) = at {
                    let gone = self.tracked.remove(i);
                    if let Some(n) = self.counts.get_mut(&gone.history.case.personne) {
                        *n = n.saturating_sub(1);
                    }
                }
                continue;
            };
            todo.extend(history.case.suite_de);
            let departement = self
                .index
                .get(&history.case.personne)
                .and_then(|&i| self.persons.get(i))
                .and_then(|p| p.personne.departement.as_deref());
            let tracked = agenda::track_one(cat, departement, history, today);
            match at {
                Ok(i) => self.tracked[i] = tracked,
                Err(i) => {
                    *self
                        .counts
                        .entry(tracked.history.case.personne)
                        .or_default() += 1;
                    self.tracked.insert(i, tracked);
                }
            }
        }
        self.agenda = agenda::agenda(&self.tracked, today, None);
        self.stats = std::cell::OnceCell::new();
        Ok(())
    }

    /// The anonymised statistics of the cases (`acces statistiques`'s function), computed
    /// once per read of the store.
    pub fn stats(&self) -> &Stats {
        self.stats.get_or_init(|| stats::compute(&self.tracked))
    }

    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.index
            .get(&id)
            .and_then(|&i| self.persons.get(i))
            .map(|p| &p.personne)
    }

    pub fn person_name(&self, id: PersonId) -> String {
        self.person(id).map(tc::person_name).unwrap_or_default()
    }

    pub fn case(&self, id: CaseId) -> Option<&Tracked> {
        self.tracked.iter().find(|t| t.history.case.id == id)
    }

    pub fn cases_of(&self, person: PersonId) -> usize {
        self.counts.get(&person).copied().unwrap_or(0)
    }
}

/// Orders of the Dossiers table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Due,
    Person,
    File,
    Status,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Due => Sort::Person,
            Sort::Person => Sort::File,
            Sort::File => Sort::Status,
            Sort::Status => Sort::Due,
        }
    }
}

/// How urgent a case looks, for colours and markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Overdue,
    Soon,
    Waiting,
    Done,
    Other,
}

pub fn urgency(t: &Tracked, today: NaiveDate) -> Urgency {
    let st = &t.status;
    if st.is_overdue(today) {
        return Urgency::Overdue;
    }
    if !st.is_open() {
        return Urgency::Done;
    }
    if let Some(d) = st.next_due()
        && (d - today).num_days() <= 7
    {
        return Urgency::Soon;
    }
    if st.state == State::EnAttente {
        return Urgency::Waiting;
    }
    Urgency::Other
}

/// Indexes into `data.tracked` of the rows shown, in order.
pub fn dossier_rows(
    data: &Data,
    query: &str,
    state: Option<State>,
    sort: Sort,
    person: Option<PersonId>,
) -> Vec<usize> {
    let needle = crate::catalogue::fold(query.trim());
    let names = &data.folded;
    let mut rows: Vec<usize> = data
        .tracked
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            let c = &t.history.case;
            state.is_none_or(|s| t.status.state == s)
                && person.is_none_or(|p| c.personne == p)
                && (needle.is_empty()
                    || names.get(&c.personne).is_some_and(|n| n.contains(&needle))
                    || crate::catalogue::fold(&c.fichier).contains(&needle)
                    || crate::catalogue::fold(&c.demarche).contains(&needle))
        })
        .map(|(i, _)| i)
        .collect();
    let t = &data.tracked;
    match sort {
        Sort::Due => rows.sort_by_key(|&i| {
            let st = &t[i].status;
            (
                !st.is_open(),
                st.next_due().unwrap_or(NaiveDate::MAX),
                t[i].history.case.id,
            )
        }),
        Sort::Person => rows.sort_by(|&a, &b| {
            names
                .get(&t[a].history.case.personne)
                .cmp(&names.get(&t[b].history.case.personne))
                .then(t[a].history.case.id.cmp(&t[b].history.case.id))
        }),
        Sort::File => rows.sort_by(|&a, &b| {
            (
                &t[a].history.case.fichier,
                &t[a].history.case.demarche,
                t[a].history.case.id,
            )
                .cmp(&(
                    &t[b].history.case.fichier,
                    &t[b].history.case.demarche,
                    t[b].history.case.id,
                ))
        }),
        Sort::Status => rows.sort_by_key(|&i| {
            let pos = State::ALL
                .iter()
                .position(|s| *s == t[i].status.state)
                .unwrap_or(0);
            (pos, t[i].history.case.id)
        }),
    }
    rows
}

/// What one can do on a case, in the order offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseAction {
    RecordSent,
    RecordReceived,
    RecordReply,
    Reminder,
    Next(String),
    /// Let an open step with a deadline go (a « renonce » event).
    Renounce(String),
    Close,
}

/// The reminder is offered only once the recipient's deadline has passed
/// (`letters::journey::check_reminder`).
pub fn case_actions(t: &Tracked, cat: &Catalogue, today: NaiveDate) -> Vec<CaseAction> {
    let st = &t.status;
    if st.state == State::Clos {
        return Vec::new();
    }
    let mut out = Vec::new();
    let route = cat
        .entry(&t.history.case.fichier)
        .and_then(|e| e.route(&t.history.case.demarche));
    if st.sent.is_none() || matches!(st.state, State::AAgir) && st.next_steps.is_empty() {
        out.push(CaseAction::RecordSent);
    }
    if st.sent.is_some() && st.received.is_none() {
        out.push(CaseAction::RecordReceived);
    }
    if st.sent.is_some() {
        out.push(CaseAction::RecordReply);
    }
    let entry = cat.entry(&t.history.case.fichier);
    let writes_reminder = entry
        .zip(route)
        .is_some_and(|(e, r)| crate::letters::Target::new(cat, e, r, true).is_ok());
    if writes_reminder && crate::letters::journey::check_reminder(st, today).is_ok() {
        out.push(CaseAction::Reminder);
    }
    // Every step still open (a follow-up opened for one leaves the others to take).
    for n in st.next_steps.iter().filter(|n| n.is_open()) {
        out.push(CaseAction::Next(n.route.clone()));
    }
    // A step whose deadline runs can be let go, so that it leaves Échéances.
    for n in st
        .next_steps
        .iter()
        .filter(|n| n.is_open() && n.deadline.is_some())
    {
        out.push(CaseAction::Renounce(n.route.clone()));
    }
    out.push(CaseAction::Close);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{Channel, EventKind, NewCase, NewEvent};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Everything the screens read of `Data`, as text.
    fn view(data: &Data) -> String {
        let mut counts: Vec<_> = data.counts.iter().filter(|(_, n)| **n > 0).collect();
        counts.sort();
        let tracked: Vec<String> = data
            .tracked
            .iter()
            .map(|t| format!("{:?} {:?}", t.history, t.status))
            .collect();
        format!(
            "{tracked:#?}\n{}\n{counts:?}\n{:?}",
            serde_json::to_string(&data.agenda).unwrap(),
            data.stats()
        )
    }

    fn new_case(p: PersonId, code: &str, route: &str, suite_de: Option<CaseId>) -> NewCase {
        NewCase {
            personne: p,
            fichier: code.into(),
            demarche: route.into(),
            canal: Some(Channel::Lrar),
            references: Vec::new(),
            suite_de,
            ouvert: d("2026-03-02"),
        }
    }

    fn event(date: &str, kind: EventKind) -> NewEvent {
        NewEvent {
            date: d(date),
            kind,
            texte: Some("noté".into()),
        }
    }

    /// After each of this program's own writes, re-reading only the cases written gives what
    /// re-reading the whole register gives: the same cases and statuses, in the same order,
    /// the same agenda, counts and statistics.
    #[test]
    fn re_reading_the_cases_written_gives_what_re_reading_everything_gives() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = crate::store::open_for_test(dir.path());
        let cat = Catalogue::embedded().unwrap();
        let today = d("2026-11-28");
        let mut person = crate::tui::screens::testing::person();
        let alix = s.add_person(&person).unwrap();
        person.nom = "Schmitt".into();
        person.departement = Some("67".into());
        let lou = s.add_person(&person).unwrap();
        let sent = |date: &str| {
            event(
                date,
                EventKind::Envoye {
                    canal: Some(Channel::Lrar),
                    recommande: None,
                },
            )
        };
        let a = s.open_case(&new_case(alix, "TAJ", "acces", None)).unwrap();
        s.add_event(a, &sent("2026-03-02")).unwrap();
        let b = s.open_case(&new_case(lou, "TAJ", "acces", None)).unwrap();
        s.add_event(b, &sent("2026-03-20")).unwrap();
        let c = s.open_case(&new_case(lou, "FPR", "acces", None)).unwrap();
        let mut data = Data::load(Box::new(s), &cat, today).unwrap();

        // Each write, then the cases it names re-read; then the same data read whole.
        let step = |data: &mut Data, write: &dyn Fn(&mut dyn Store) -> CaseId| {
            let case = write(&mut *data.store);
            data.refresh_cases(&[case], &cat, today).unwrap();
            let refreshed = view(data);
            data.reload(&cat, today).unwrap();
            assert_eq!(refreshed, view(data), "after writing to case {case}");
        };
        // An event on a case (a reply: its status changes).
        step(&mut data, &|s| {
            s.add_event(
                a,
                &event(
                    "2026-05-02",
                    EventKind::Reponse {
                        issue: crate::cases::Outcome::Refus,
                    },
                ),
            )
            .unwrap();
            a
        });
        // A new case following `a`: `a` changes too (its next step is taken).
        let next = cat.entry("TAJ").unwrap().route("acces").unwrap().next[0].clone();
        step(&mut data, &|s| {
            s.open_case(&new_case(alix, "TAJ", &next, Some(a))).unwrap()
        });
        // A renounced step, a recipient kept, a closing.
        step(&mut data, &|s| {
            s.add_event(
                b,
                &event(
                    "2026-11-01",
                    EventKind::Renonce {
                        demarche: next.clone(),
                    },
                ),
            )
            .unwrap();
            b
        });
        step(&mut data, &|s| {
            s.set_recipient(c, Some("Ministère de l’intérieur"))
                .unwrap();
            c
        });
        step(&mut data, &|s| {
            s.add_event(c, &event("2026-11-02", EventKind::Clos))
                .unwrap();
            c
        });
        // A case deleted (the interface reads everything then, but the re-read copes).
        step(&mut data, &|s| {
            s.delete_case(c).unwrap();
            c
        });
        assert_eq!(data.tracked.len(), 3);
    }
}
