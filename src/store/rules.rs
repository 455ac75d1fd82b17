//! The checks every register makes before it writes, on plain model values: both backends
//! (`sqlite/`, `pg/`) call these, so a rule is written once and refused in the same words.

use chrono::NaiveDate;

use super::{BatchEntry, BatchTarget};
use crate::cases::{
    Case, CaseHistory, CaseId, Event, EventKind, EventProblem, NewCase, NewEvent, Snapshot,
    check_new_event,
};
use crate::error::Failure;
use crate::person::Person;
use crate::texts::store as t;

/// The person is checked with the rules of every input path (lengths, control characters,
/// required fields) before it is written.
pub(super) fn person_json(person: &Person) -> Result<String, Failure> {
    let problems = crate::validate::person_problems(person);
    if !problems.is_empty() {
        return Err(Failure::invalid(crate::texts::validate::person_invalid(
            &problems,
        )));
    }
    serde_json::to_string(person).map_err(|e| Failure::io(t::internal(&e)))
}

/// An event's free texts, with the rules of every input path (lengths, control characters).
pub(super) fn check_event_texts(event: &NewEvent) -> Result<(), Failure> {
    if let Some(text) = &event.texte {
        crate::validate::text(text).map_err(Failure::invalid)?;
    }
    if let EventKind::Envoye {
        recommande: Some(r),
        ..
    } = &event.kind
    {
        crate::validate::line(r).map_err(Failure::invalid)?;
    }
    Ok(())
}

pub(super) fn event_problem(p: EventProblem) -> Failure {
    Failure::invalid(match p {
        EventProblem::CaseClosed => t::CASE_CLOSED,
        EventProblem::CloseNeedsReason => t::CLOSE_NEEDS_REASON,
        EventProblem::EscaladeByOpening => t::ESCALADE_BY_OPENING,
        EventProblem::NothingToCancel => t::NOTHING_TO_CANCEL,
    })
}

/// The case a [`NewCase`] opens, before it has an id.
pub(super) fn case_of(case: &NewCase) -> Case {
    Case {
        id: 0,
        personne: case.personne,
        fichier: case.fichier.clone(),
        demarche: case.demarche.clone(),
        canal: case.canal,
        references: case.references.clone(),
        suite_de: case.suite_de,
        ouvert: case.ouvert,
        uid: None,
        destinataire: None,
    }
}

/// Checks events to append to a case, in order, each against the history with the ones
/// before it (a correction: the `annule` and the corrected event): the model's rule, then the
/// texts as on every input path.
pub(super) fn check_events(history: &CaseHistory, events: &[NewEvent]) -> Result<(), Failure> {
    if let Some(p) = events_problem(history, events) {
        return Err(event_problem(p));
    }
    events.iter().try_for_each(check_event_texts)
}

/// [`check_events`] on the case `id` as read (`None`: there is no such case).
pub(super) fn check_events_on(
    id: CaseId,
    history: Option<&CaseHistory>,
    events: &[NewEvent],
) -> Result<(), Failure> {
    let history = history.ok_or_else(|| Failure::invalid(t::unknown_case(id)))?;
    check_events(history, events)
}

/// What the model's rule refuses first in `events`, each checked against the history with
/// the ones before it.
pub(super) fn events_problem(history: &CaseHistory, events: &[NewEvent]) -> Option<EventProblem> {
    let mut history = history.clone();
    for (n, event) in events.iter().enumerate() {
        if let Err(p) = check_new_event(&history, event) {
            return Some(p);
        }
        // Ids no stored event has, so that an `annule` in the list cannot name them.
        history.events.push(Event {
            id: i64::MAX - n as i64,
            uid: None,
            dossier: history.case.id,
            date: event.date,
            kind: event.kind.clone(),
            texte: None,
            enregistre: String::new(),
        });
    }
    None
}

/// Checks an event that opens a case with it, against the case about to be opened.
pub(super) fn check_opening_event(case: &NewCase, event: &NewEvent) -> Result<(), Failure> {
    let history = CaseHistory {
        case: case_of(case),
        events: Vec::new(),
    };
    check_events(&history, std::slice::from_ref(event))
}

/// Whether appending `events` needs the case open: not when the first one cancels (the
/// `clos` of a case closed by mistake).
pub(super) fn needs_open_case(events: &[NewEvent]) -> bool {
    !matches!(
        events.first().map(|e| &e.kind),
        Some(EventKind::Annule { .. })
    )
}

/// Checks a batch's events before anything is written: on a new case against the case about
/// to be opened, on an existing one as the first events of a case (whether it is closed, and
/// whose it is, are read inside the transaction).
pub(super) fn check_batch(batch: &[BatchEntry]) -> Result<(), Failure> {
    for entry in batch {
        for c in &entry.cases {
            let case = match &c.target {
                BatchTarget::Open(case) => case_of(case),
                BatchTarget::Existing(id) => existing_case(*id),
            };
            let history = CaseHistory {
                case,
                events: Vec::new(),
            };
            check_events(&history, &c.events)?;
        }
    }
    Ok(())
}

/// A stand-in for a case known only by its id.
fn existing_case(id: CaseId) -> Case {
    Case {
        id,
        ..case_of(&NewCase {
            personne: 0,
            fichier: String::new(),
            demarche: String::new(),
            canal: None,
            references: Vec::new(),
            suite_de: None,
            ouvert: NaiveDate::MIN,
        })
    }
}

/// Whether a person's last change `stored` is the one `seen` when it was read (both RFC
/// 3339, compared as instants to the millisecond).
pub(super) fn same_change(stored: &str, seen: &str) -> bool {
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.timestamp_millis())
    };
    at(stored).is_some_and(|a| at(seen) == Some(a))
}

/// Checks a recipient kept for a case with the rule of every input path.
pub(super) fn check_recipient(recipient: Option<&str>) -> Result<(), Failure> {
    match recipient.map(crate::validate::recipient) {
        Some(Err(e)) => Err(Failure::invalid(e)),
        _ => Ok(()),
    }
}

/// Checks a snapshot before it is imported: its format, its values (with the rules of every
/// input path) and its links.
pub(super) fn check_import(snap: &Snapshot) -> Result<(), Failure> {
    if !(Snapshot::OLDEST_FORMAT..=Snapshot::FORMAT).contains(&snap.format) {
        return Err(Failure::invalid(t::import_format(snap.format)));
    }
    let problems = crate::validate::snapshot_problems(snap, None);
    if !problems.is_empty() {
        return Err(Failure::invalid(crate::texts::validate::snapshot_invalid(
            &problems,
        )));
    }
    check_snapshot(snap)
}

/// Every link in a snapshot points inside it (checked before writing anything).
fn check_snapshot(snap: &Snapshot) -> Result<(), Failure> {
    use std::collections::{HashMap, HashSet};
    let persons: HashSet<_> = snap.personnes.iter().map(|p| p.id).collect();
    let cases: HashSet<_> = snap.dossiers.iter().map(|c| c.id).collect();
    if persons.len() != snap.personnes.len() || cases.len() != snap.dossiers.len() {
        return Err(Failure::invalid(t::IMPORT_DUPLICATE_IDS));
    }
    for c in &snap.dossiers {
        if !persons.contains(&c.personne) || c.suite_de.is_some_and(|p| !cases.contains(&p)) {
            return Err(Failure::invalid(t::import_broken_link(c.id)));
        }
    }
    // An event cancelled must come before the `annule` naming it, in the same case.
    let mut events = HashSet::new();
    let mut case_of = HashMap::new();
    for e in &snap.evenements {
        let linked_ok = match e.kind {
            EventKind::Escalade { dossier, .. } => cases.contains(&dossier),
            EventKind::Annule { evenement } => case_of.get(&evenement) == Some(&e.dossier),
            _ => true,
        };
        case_of.insert(e.id, e.dossier);
        if !cases.contains(&e.dossier) || !linked_ok || !events.insert(e.id) {
            return Err(Failure::invalid(t::import_broken_event(e.id)));
        }
    }
    Ok(())
}
