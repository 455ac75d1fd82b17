//! The letter journey: the rules both faces follow around a letter. The CLI's
//! `acces lettre` and the TUI's Assistant call these functions, and only these; no I/O here.
//!
//! * **Route.** Without a choice, a file's letter is its first start route that has a letter
//!   ([`default_route`]); a list offers the routes that have a letter, start routes first
//!   ([`letter_routes`]).
//! * **Dates from the case** ([`reminder_dates`], [`follow_up_dates`]). A reminder takes its
//!   case's sending (`date_demande`) and receipt (`date_reception`). A next step takes the
//!   same dates from the case it follows, and that case's decision: an express decision (a
//!   reply recorded) gives `date_reponse`; an implicit one (the recipient's silence, when the
//!   law gives it the meaning of a refusal or a restriction) gives no reply date — the letter
//!   then words the silence as an implicit decision and encloses no refusal — and is kept as
//!   [`Decision::Implicit`] with the day it was born. What the person types wins.
//! * **Reminders** ([`check_reminder`], [`check_reminder_dates`]): only once the recipient's
//!   deadline has passed without a final reply. An earlier reminder is refused, not worded
//!   « avant l'échéance »: it would have to claim that a delay has run out when it has not,
//!   it has no legal effect, and the implicit decision it announces is not born yet. The
//!   message gives the day from which it can be written.
//! * **Deadline guard** ([`guard`]): when the letter's step has a deadline for the person,
//!   counted from the decision it contests (the chambre de l'instruction's month or ten
//!   days, the CADA's two months), its date and the days left, computed from the case's
//!   decision or from the `date_reponse` typed; past it, both faces warn before any output
//!   that the recourse is probably late (irrecevable) and say what remains possible.
//! * **What writing a letter records** ([`record`]). Writing a letter is not sending it: it
//!   records a `brouillon` dated today — on the case the letter belongs to (its own step, or
//!   its reminder, noted as such), or on a case opened for it (a first request, or the next
//!   step of a case, linked by `suite_de`), in one transaction. Only when the person says the
//!   letter has already gone (the Assistant's « déjà envoyée ? »: channel, date, number) is
//!   the sending recorded instead (`envoye`, or `relance` for a reminder), since a draft of a
//!   letter already sent would say something false. The CLI does not ask: it records the
//!   draft, and `acces evenement … envoye` records the sending.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::Target;
use crate::cases::check_new_event;
use crate::cases::status::{self, Decision, State, Status};
use crate::cases::{CaseHistory, CaseId, Channel, EventKind, NewCase, NewEvent, PersonId};
use crate::catalogue::{CountedFrom, DeadlineRule, Entry, Party, Route, Unit};
use crate::law::{self, DueDate, Region};
use crate::texts::journey as t;

/// Routes of `entry` that have a letter, start routes first (the catalogue's order otherwise).
pub fn letter_routes(entry: &Entry) -> Vec<&Route> {
    let mut v: Vec<&Route> = entry.routes.iter().filter(|r| r.letter.is_some()).collect();
    v.sort_by_key(|r| !r.start);
    v
}

/// The route a letter takes when none is named: the first start route that has a letter,
/// else the first start route (whose want of a letter is then reported by the letter).
pub fn default_route(entry: &Entry) -> Option<&Route> {
    entry
        .start_routes()
        .find(|r| r.letter.is_some())
        .or_else(|| entry.start_routes().next())
}

/// The dates a letter takes from a tracked case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseDates {
    /// The earlier request's sending.
    pub sent: Option<NaiveDate>,
    /// Its receipt, when recorded.
    pub received: Option<NaiveDate>,
    /// The decision it met.
    pub decision: Option<Decision>,
}

impl CaseDates {
    /// The letter fields these dates fill: `date_demande`, `date_reception`, and
    /// `date_reponse` for an express decision only (an implicit one has no reply to cite).
    pub fn fields(&self) -> Vec<(&'static str, NaiveDate)> {
        let mut out = Vec::new();
        if let Some(d) = self.sent {
            out.push(("date_demande", d));
        }
        if let Some(d) = self.received {
            out.push(("date_reception", d));
        }
        if let Some(Decision::Express { date }) = self.decision {
            out.push(("date_reponse", date));
        }
        out
    }

    /// [`CaseDates::fields`] limited to the fields `target`'s letter asks for.
    pub fn fields_for(&self, target: &Target<'_>) -> Vec<(&'static str, NaiveDate)> {
        let needed = super::needed_fields(target);
        self.fields()
            .into_iter()
            .filter(|(k, _)| needed.iter().any(|f| f.key == *k))
            .collect()
    }
}

/// What a reminder takes from its case: the request's sending and receipt.
pub fn reminder_dates(case: &Status) -> CaseDates {
    CaseDates {
        sent: case.sent,
        received: case.received,
        decision: None,
    }
}

/// What the next step's letter takes from the case it follows: that request's sending and
/// receipt, and the decision it met (express or implicit).
pub fn follow_up_dates(previous: &Status) -> CaseDates {
    CaseDates {
        sent: previous.sent,
        received: previous.received,
        decision: previous.decision_made(),
    }
}

/// Why a reminder cannot be written (worded by `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReminderProblem {
    /// Nothing sent yet.
    NotSent,
    /// A reply was recorded on this date.
    Answered(NaiveDate),
    /// The case is closed.
    Closed,
    /// The catalogue gives the recipient no deadline.
    NoDeadline,
    /// The recipient's deadline has not passed yet.
    TooEarly(Box<DueDate>),
}

impl std::fmt::Display for ReminderProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            ReminderProblem::NotSent => t::REMINDER_NOT_SENT.to_string(),
            ReminderProblem::Answered(d) => t::reminder_answered(*d),
            ReminderProblem::Closed => t::REMINDER_CLOSED.to_string(),
            ReminderProblem::NoDeadline => t::REMINDER_NO_DEADLINE.to_string(),
            ReminderProblem::TooEarly(due) => t::reminder_too_early(due),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for ReminderProblem {}

/// Whether the reminder of a tracked case can be written on `today`: sent, no final reply,
/// and the recipient's deadline past.
pub fn check_reminder(case: &Status, today: NaiveDate) -> Result<(), ReminderProblem> {
    if case.state == State::Clos {
        return Err(ReminderProblem::Closed);
    }
    if case.sent.is_none() {
        return Err(ReminderProblem::NotSent);
    }
    if let (Some(d), false) = (case.decision, case.implicit_decision) {
        return Err(ReminderProblem::Answered(d));
    }
    match &case.reply_due {
        None => Err(ReminderProblem::NoDeadline),
        Some(due) if !due.is_past(today) => Err(ReminderProblem::TooEarly(Box::new(due.clone()))),
        Some(_) => Ok(()),
    }
}

/// [`check_reminder`] for a request known only by the dates the person gives (no tracked
/// case): its sending, and its receipt when known (else estimated from the sending).
pub fn check_reminder_dates(
    route: &Route,
    sent: NaiveDate,
    received: Option<NaiveDate>,
    region: Region,
    today: NaiveDate,
) -> Result<(), ReminderProblem> {
    let rule = route
        .deadline_for(Party::Administration)
        .ok_or(ReminderProblem::NoDeadline)?;
    match status::reply_due(rule, sent, received, None, false, region) {
        None => Err(ReminderProblem::NoDeadline),
        Some(due) if !due.is_past(today) => Err(ReminderProblem::TooEarly(Box::new(due))),
        Some(_) => Ok(()),
    }
}

/// The dates the person typed for a reminder (`date_demande`, `date_reception`), when they
/// read as dates; the letter itself reports those that do not.
pub fn typed_request_dates(
    typed: &BTreeMap<String, String>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let date = |k: &str| typed.get(k).and_then(|v| crate::validate::date(v).ok());
    (date("date_demande"), date("date_reception"))
}

/// The day the letter is sent at the earliest: its date (`date_lettre` typed), never before
/// `today`. The deadline guard counts to it.
pub fn letter_day(typed: &BTreeMap<String, String>, today: NaiveDate) -> NaiveDate {
    typed
        .get("date_lettre")
        .and_then(|v| crate::validate::date(v).ok())
        .map_or(today, |d| d.max(today))
}

/// The decision the person typed (`date_reponse`): an express decision.
pub fn typed_decision(typed: &BTreeMap<String, String>) -> Option<Decision> {
    typed
        .get("date_reponse")
        .filter(|v| !v.trim().is_empty())
        .and_then(|v| crate::validate::date(v).ok())
        .map(|date| Decision::Express { date })
}

/// The person's deadline for the letter's step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guard {
    /// The step has a deadline for the person, but the decision's date is not known.
    Undated { length: u32, unit: Unit },
    /// The deadline, counted from `decision`, seen on `on` (the letter's date).
    Dated {
        due: Box<DueDate>,
        decision: Decision,
        on: NaiveDate,
    },
}

impl Guard {
    /// Days from the letter's date to the last day: 0 on the last day, negative once past.
    pub fn days_left(&self) -> Option<i64> {
        match self {
            Guard::Dated { due, on, .. } => Some(due.days_left(*on)),
            Guard::Undated { .. } => None,
        }
    }

    /// Past the deadline: the recourse is probably late.
    pub fn is_late(&self) -> bool {
        self.days_left().is_some_and(|d| d < 0)
    }

    /// The lines both faces show (before the letter; the first says it all).
    pub fn lines(&self, route_title: &str) -> Vec<String> {
        match self {
            Guard::Undated { length, unit } => vec![t::guard_undated(*length, *unit)],
            Guard::Dated { due, decision, on } => {
                t::guard_dated(route_title, due, *decision, due.days_left(*on))
            }
        }
    }
}

/// The JSON form of a dated guard (`acces lettre --json`): `echeance`, `jours_restants`,
/// `depasse`, `estimee`, `decision`.
#[derive(Debug, Clone, Serialize)]
pub struct GuardJson {
    pub echeance: Option<NaiveDate>,
    pub jours_restants: Option<i64>,
    pub depasse: bool,
    pub estimee: bool,
    pub decision: Option<Decision>,
    pub texte: Vec<String>,
}

impl Guard {
    pub fn json(&self, route_title: &str) -> GuardJson {
        let (echeance, estimee, decision) = match self {
            Guard::Dated { due, decision, .. } => (Some(due.due()), due.estimated, Some(*decision)),
            Guard::Undated { .. } => (None, false, None),
        };
        GuardJson {
            echeance,
            jours_restants: self.days_left(),
            depasse: self.is_late(),
            estimee,
            decision,
            texte: self.lines(route_title),
        }
    }
}

/// The person's deadline rule of a route: its `party: person` rule counted from the decision.
fn person_rule(route: &Route) -> Option<&DeadlineRule> {
    route
        .deadlines
        .iter()
        .find(|d| d.party == Party::Person && d.from == CountedFrom::Decision)
}

/// The deadline guard of `target`'s letter: `None` when its step sets the person no deadline
/// (and for reminders). `decision` is the decision contested (typed, else the case's);
/// `on` is the letter's date.
pub fn guard(
    target: &Target<'_>,
    decision: Option<Decision>,
    region: Region,
    on: NaiveDate,
) -> Option<Guard> {
    if target.relance {
        return None;
    }
    let rule = person_rule(target.route)?;
    let Some(decision) = decision else {
        return Some(Guard::Undated {
            length: rule.length,
            unit: rule.unit,
        });
    };
    let due = law::due_for_rule(rule, decision.date(), false, decision.estimated(), region).ok()?;
    Some(Guard::Dated {
        due: Box::new(due),
        decision,
        on,
    })
}

/// The sending the person reports for the letter (« déjà envoyée ? »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sending {
    pub channel: Channel,
    pub date: NaiveDate,
    pub recommande: Option<String>,
}

/// What a letter is written for, in the tracker.
#[derive(Debug, Clone, Copy)]
pub enum Writing<'a> {
    /// The letter of this tracked case's own step, or (`reminder`) its reminder.
    OnCase {
        history: &'a CaseHistory,
        reminder: bool,
    },
    /// A letter that opens a case: a first request, or the next step of `follows`.
    NewCase {
        person: PersonId,
        file: &'a str,
        route: &'a str,
        follows: Option<CaseId>,
    },
}

/// What to write in the store once the letter is written (one transaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recording {
    /// An event on the tracked case.
    OnCase { case: CaseId, event: NewEvent },
    /// A case opened for the letter, with its first event.
    NewCase { case: NewCase, event: NewEvent },
}

/// Why a letter cannot be recorded (worded by `Display`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordProblem {
    CaseClosed,
    SentInFuture,
}

impl std::fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RecordProblem::CaseClosed => t::RECORD_CASE_CLOSED,
            RecordProblem::SentInFuture => t::RECORD_SENT_IN_FUTURE,
        })
    }
}

impl std::error::Error for RecordProblem {}

/// A reported sending must not be dated after `today`.
pub fn check_sending(sent: &Sending, today: NaiveDate) -> Result<(), RecordProblem> {
    if sent.date > today {
        return Err(RecordProblem::SentInFuture);
    }
    Ok(())
}

/// What writing a letter records (see the module's documentation): a `brouillon` dated
/// `today`, or the reported sending. `by_email`: the letter is an e-mail (the channel of a
/// case opened for a letter not yet sent).
pub fn record(
    writing: Writing<'_>,
    sent: Option<&Sending>,
    by_email: bool,
    today: NaiveDate,
) -> Result<Recording, RecordProblem> {
    if let Some(s) = sent {
        check_sending(s, today)?;
    }
    let draft = |reminder: bool| NewEvent {
        date: today,
        kind: EventKind::Brouillon,
        texte: reminder.then(|| t::DRAFT_REMINDER_NOTE.to_string()),
    };
    let sending = |s: &Sending| NewEvent {
        date: s.date,
        kind: EventKind::Envoye {
            canal: Some(s.channel),
            recommande: s.recommande.clone(),
        },
        texte: None,
    };
    match writing {
        Writing::OnCase { history, reminder } => {
            let event = match (sent, reminder) {
                (None, r) => draft(r),
                (Some(s), true) => NewEvent {
                    date: s.date,
                    kind: EventKind::Relance {
                        canal: Some(s.channel),
                        recommande: s.recommande.clone(),
                    },
                    texte: None,
                },
                (Some(s), false) => sending(s),
            };
            // A draft, a sending or a reminder is never a closing nor an escalade: the only
            // refusal left is a closed case.
            check_new_event(history, &event).map_err(|_| RecordProblem::CaseClosed)?;
            Ok(Recording::OnCase {
                case: history.case.id,
                event,
            })
        }
        Writing::NewCase {
            person,
            file,
            route,
            follows,
        } => {
            let canal = match sent {
                Some(s) => Some(s.channel),
                None if by_email => Some(Channel::Email),
                None => Some(Channel::Lrar),
            };
            let case = NewCase {
                personne: person,
                fichier: file.to_string(),
                demarche: route.to_string(),
                canal,
                references: Vec::new(),
                suite_de: follows,
                ouvert: sent.map_or(today, |s| s.date.min(today)),
            };
            let event = match sent {
                Some(s) => sending(s),
                None => draft(false),
            };
            Ok(Recording::NewCase { case, event })
        }
    }
}

#[cfg(test)]
mod tests;
