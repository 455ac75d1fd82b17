//! The writing operations, written once over what each backend's transaction does
//! ([`Writes`]): opening a case (and its follow-up link), appending events, a batch, an
//! import. Each backend runs them inside its own transaction; nothing here commits.

use chrono::{NaiveDate, SecondsFormat, Utc};

use super::rules::{check_opening_event, event_problem, person_json};
use super::{BatchEntry, BatchPerson, BatchTarget};
use crate::cases::{CaseId, EventId, EventKind, EventProblem, NewCase, NewEvent, PersonId, Uid};
use crate::error::Failure;
use crate::person::Person;
use crate::texts::store as t;

/// When a row is recorded (RFC 3339, UTC, to the second).
pub(super) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// When a person's profile changes (RFC 3339, UTC, to the millisecond: a stale edit is
/// told apart from one made in the same second).
pub(super) fn now_precise() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A new stable identity.
pub(super) fn new_uid() -> Uid {
    Uid::new_v4()
}

/// An event as inserted.
pub(super) struct EventRow<'a> {
    /// Kept if given.
    pub(super) id: Option<EventId>,
    pub(super) uid: Uid,
    pub(super) case: CaseId,
    pub(super) date: NaiveDate,
    pub(super) kind: &'a EventKind,
    pub(super) text: Option<&'a str>,
    pub(super) recorded: &'a str,
    /// Replace the kind's links to a case and an event (an import renumbers them).
    pub(super) linked: (Option<CaseId>, Option<EventId>),
}

impl<'a> EventRow<'a> {
    /// A new event, recorded now, its links as its kind says.
    fn new(case: CaseId, date: NaiveDate, kind: &'a EventKind, recorded: &'a str) -> Self {
        EventRow {
            id: None,
            uid: new_uid(),
            case,
            date,
            kind,
            text: None,
            recorded,
            linked: (None, None),
        }
    }
}

/// What a backend's open write transaction does, statement by statement.
pub(super) trait Writes {
    /// Inserts a person, as the JSON [`add_person`] checked; `id` kept if given; `updated`
    /// (RFC 3339) kept if given, else now.
    fn insert_person(&mut self, row: PersonRow<'_>) -> Result<PersonId, Failure>;
    /// Replaces a person's profile (an import from a newer version), with its change time.
    fn replace_person(&mut self, id: PersonId, json: &str, updated: &str) -> Result<(), Failure>;
    /// Inserts a case row as given (no check); `id` kept if given.
    fn insert_case(&mut self, row: CaseRow<'_>) -> Result<CaseId, Failure>;
    /// Sets (or clears) the recipient kept for a case's letters.
    fn set_recipient(&mut self, case: CaseId, recipient: Option<&str>) -> Result<(), Failure>;
    /// The person with this identity: id, last change, profile.
    fn person_by_uid(&mut self, uid: Uid) -> Result<Option<KnownPerson>, Failure>;
    /// The case with this identity: its id and its person's.
    fn case_by_uid(&mut self, uid: Uid) -> Result<Option<(CaseId, PersonId)>, Failure>;
    /// The event with this identity: its id and its case's.
    fn event_by_uid(&mut self, uid: Uid) -> Result<Option<(EventId, CaseId)>, Failure>;
    /// Inserts an event row as given (no check).
    fn insert_event(&mut self, row: &EventRow<'_>) -> Result<EventId, Failure>;
    /// Links a case to the case it follows.
    fn set_follows(&mut self, case: CaseId, earlier: CaseId) -> Result<(), Failure>;
    /// Whether the person exists.
    fn person_exists(&mut self, id: PersonId) -> Result<bool, Failure>;
    /// A case's person and opening date (`None`: no such case); the row stays locked until
    /// the transaction ends where the backend locks rows.
    fn case_owner(&mut self, id: CaseId) -> Result<Option<(PersonId, NaiveDate)>, Failure>;
    /// Whether a standing (not cancelled) `clos` event closes the case.
    fn is_closed(&mut self, case: CaseId) -> Result<bool, Failure>;
    /// Moves the case's opening back to `date` if it is later.
    fn move_opening_back(&mut self, case: CaseId, date: NaiveDate) -> Result<(), Failure>;
}

/// A person as inserted.
pub(super) struct PersonRow<'a> {
    /// Kept if given.
    pub(super) id: Option<PersonId>,
    pub(super) uid: Uid,
    pub(super) json: &'a str,
    /// Kept if given (an import), else now.
    pub(super) updated: Option<&'a str>,
}

/// A case as inserted.
pub(super) struct CaseRow<'a> {
    /// Kept if given.
    pub(super) id: Option<CaseId>,
    pub(super) uid: Uid,
    pub(super) case: &'a NewCase,
    pub(super) recipient: Option<&'a str>,
}

/// A person found by identity.
pub(super) struct KnownPerson {
    pub(super) id: PersonId,
    pub(super) updated: String,
    pub(super) person: Person,
}

/// Adds a person checked with the rules of every input path.
pub(super) fn add_person(w: &mut impl Writes, person: &Person) -> Result<PersonId, Failure> {
    w.insert_person(PersonRow {
        id: None,
        uid: new_uid(),
        json: &person_json(person)?,
        updated: None,
    })
}

/// Opens a case (checks the person and the earlier case; appends the `escalade` event to the
/// earlier case).
pub(super) fn open_case(w: &mut impl Writes, case: &NewCase) -> Result<CaseId, Failure> {
    if !w.person_exists(case.personne)? {
        return Err(Failure::invalid(t::unknown_person(case.personne)));
    }
    if let Some(parent) = case.suite_de {
        let Some((parent_person, parent_opened)) = w.case_owner(parent)? else {
            return Err(Failure::invalid(t::unknown_case(parent)));
        };
        if parent_person != case.personne {
            return Err(Failure::invalid(t::ESCALATION_OTHER_PERSON));
        }
        if case.ouvert < parent_opened {
            return Err(Failure::invalid(t::EVENT_BEFORE_OPENING));
        }
        if w.is_closed(parent)? {
            return Err(Failure::invalid(t::CASE_CLOSED));
        }
    }
    let id = w.insert_case(CaseRow {
        id: None,
        uid: new_uid(),
        case,
        recipient: None,
    })?;
    if let Some(parent) = case.suite_de {
        let link = EventKind::Escalade {
            dossier: id,
            demarche: Some(case.demarche.clone()),
        };
        w.insert_event(&EventRow::new(parent, case.ouvert, &link, &now()))?;
    }
    Ok(id)
}

/// Opens a case with its first event, the event checked against the case about to be
/// opened.
pub(super) fn open_case_with_event(
    w: &mut impl Writes,
    case: &NewCase,
    event: &NewEvent,
) -> Result<(CaseId, EventId), Failure> {
    check_opening_event(case, event)?;
    let id = open_case(w, case)?;
    Ok((id, append_event(w, id, event)?))
}

/// Records a new event; an event dated before the case's opening moves the opening back to
/// its date ([`crate::cases::opening_with`]).
pub(super) fn append_event(
    w: &mut impl Writes,
    case: CaseId,
    event: &NewEvent,
) -> Result<EventId, Failure> {
    let id = w.insert_event(&EventRow {
        text: event.texte.as_deref(),
        ..EventRow::new(case, event.date, &event.kind, &now())
    })?;
    w.move_opening_back(case, event.date)?;
    Ok(id)
}

/// Appends checked events to a case, refused if it was closed meanwhile (unless the first
/// event cancels: the `clos` of a case closed by mistake).
pub(super) fn append_events(
    w: &mut impl Writes,
    case: CaseId,
    events: &[NewEvent],
) -> Result<Vec<EventId>, Failure> {
    if super::rules::needs_open_case(events) && w.is_closed(case)? {
        return Err(event_problem(EventProblem::CaseClosed));
    }
    events.iter().map(|e| append_event(w, case, e)).collect()
}

/// Writes a batch checked with [`super::rules::check_batch`]: an existing case must be its
/// entry's person's, and open.
pub(super) fn write_batch(
    w: &mut impl Writes,
    batch: &[BatchEntry],
) -> Result<Vec<CaseId>, Failure> {
    let mut ids = Vec::new();
    for entry in batch {
        let person = match &entry.person {
            BatchPerson::New(p) => add_person(w, p)?,
            BatchPerson::Existing(id) => *id,
        };
        for c in &entry.cases {
            let id = match &c.target {
                BatchTarget::Open(case) => open_case(
                    w,
                    &NewCase {
                        personne: person,
                        ..case.clone()
                    },
                )?,
                BatchTarget::Existing(id) => {
                    if w.case_owner(*id)?.is_none_or(|(owner, _)| owner != person) {
                        return Err(Failure::invalid(t::unknown_case(*id)));
                    }
                    if w.is_closed(*id)? {
                        return Err(event_problem(EventProblem::CaseClosed));
                    }
                    *id
                }
            };
            for e in &c.events {
                append_event(w, id, e)?;
            }
            ids.push(id);
        }
    }
    Ok(ids)
}
