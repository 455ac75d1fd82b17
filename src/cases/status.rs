//! The status of a case, derived from its events, its route's deadline rules (catalogue) and
//! the law engine — never stored.
//!
//! Only the events that stand count (cancelled ones and the `annule` events are left out,
//! see [`CaseHistory::standing`]). Rules, in order:
//! * a `clos` event closes the case; an `escalade` takes the route of the case it opened
//!   (its own case), a `renonce` lets a route go: the other next steps keep their person-side
//!   deadlines, and the step is over (`termine`) only once no dated next step is left open;
//! * nothing sent yet → draft;
//! * the last reply (after the last sending; a notified extension is not a final reply)
//!   decides: refusal or partial communication → the route's next steps, with the person's
//!   deadline to take each (its `party: person` rule counted from the reply); the CNIL's
//!   « vérifications effectuées » ends this step with the next remedy offered the same way;
//!   data communicated, erasure done or no data → finished; documents requested or
//!   incompetence → the person must act;
//! * no reply: the administration's deadline counts from the known receipt, or else from the
//!   receipt estimated from the sending (shown as estimated), extended when a `prorogation`
//!   reply was recorded; past that date, the rule's `silence` decides: an implicit refusal or
//!   restriction is a decision of its own (`implicit_decision`, born on the legal date) and
//!   opens the next steps (the person's deadlines counted from it), a silence without legal
//!   meaning leaves the case overdue with the next steps
//!   offered without a deadline.

use chrono::NaiveDate;
use serde::Serialize;

use super::{CaseHistory, CaseId, Channel, EventKind, Outcome};
use crate::catalogue::{CountedFrom, DeadlineRule, Entry, Party, Route, Silence};
use crate::law::{self, DueDate, Region};

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum State {
    /// Nothing sent yet.
    #[serde(rename = "brouillon")]
    Brouillon,
    /// Sent; the recipient's time to answer runs.
    #[serde(rename = "en-attente")]
    EnAttente,
    /// The recipient's time to answer is over, and its silence has no legal meaning.
    #[serde(rename = "en-retard")]
    EnRetard,
    /// The person has something to do (a next step, documents to send…).
    #[serde(rename = "a-agir")]
    AAgir,
    /// This step is over (answered, or followed by the next step).
    #[serde(rename = "termine")]
    Termine,
    /// Closed by the user.
    #[serde(rename = "clos")]
    Clos,
}

impl State {
    pub const ALL: [State; 6] = [
        State::Brouillon,
        State::EnAttente,
        State::EnRetard,
        State::AAgir,
        State::Termine,
        State::Clos,
    ];

    /// The id used on the command line (`--statut`) and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            State::Brouillon => "brouillon",
            State::EnAttente => "en-attente",
            State::EnRetard => "en-retard",
            State::AAgir => "a-agir",
            State::Termine => "termine",
            State::Clos => "clos",
        }
    }

    pub fn from_id(id: &str) -> Option<State> {
        State::ALL
            .into_iter()
            .find(|s| s.id().eq_ignore_ascii_case(id.trim()))
    }
}

/// Why the case is in its state (worded in `crate::texts::cases`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Why {
    NotSent,
    AwaitingReply,
    AwaitingReplyExtended,
    /// Sent, and the catalogue gives the recipient no deadline.
    AwaitingNoDeadline,
    SilencePastDue,
    ImplicitRefusal,
    ImplicitRestriction,
    Refused,
    PartialCommunication,
    DocumentsRequested,
    Incompetent,
    Verifications,
    DataCommunicated,
    Erased,
    NoData,
    Escalated,
    /// The person let go the steps whose deadline ran (and took none in another case).
    Renounced,
    Closed,
}

/// A step the route opens next, with the person's deadline to take it when the law sets one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStep {
    /// Route id in the same entry.
    pub route: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DueDate>,
    /// The case opened for this step (the step is taken).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taken: Option<CaseId>,
    /// The day the person let this step go.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renounced: Option<NaiveDate>,
}

impl NextStep {
    /// Neither taken nor let go: still for the person to decide.
    pub fn is_open(&self) -> bool {
        self.taken.is_none() && self.renounced.is_none()
    }
}

/// The derived status of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub state: State,
    pub why: Why,
    /// Date of the last sending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<NaiveDate>,
    /// Date of the receipt, when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received: Option<NaiveDate>,
    /// The recipient's deadline to answer (while waiting, or the one that ran out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_due: Option<DueDate>,
    /// The decision (express reply, or implicit at the end of the silence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<NaiveDate>,
    /// The decision was born of the recipient's silence (implicit refusal or restriction),
    /// on the date `decision` gives: there is no reply to cite nor to enclose. Kept when
    /// the case is followed by its next step (`why` then says « escaladé »).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub implicit_decision: bool,
    /// Next steps offered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub next_steps: Vec<NextStep>,
    /// Cases opened as the next step of this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub escalated_to: Vec<CaseId>,
    /// False when the catalogue no longer has this case's entry or route (no deadlines then).
    pub route_known: bool,
}

/// The decision a step ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "nature", rename_all = "kebab-case")]
pub enum Decision {
    /// A reply, on this date.
    Express { date: NaiveDate },
    /// The recipient's silence with the meaning of a refusal or a restriction, born on this
    /// date; `estimated` when the receipt it counts from is only estimated.
    Implicit { born: NaiveDate, estimated: bool },
}

impl Decision {
    /// The date the person's deadlines count from.
    pub fn date(self) -> NaiveDate {
        match self {
            Decision::Express { date } => date,
            Decision::Implicit { born, .. } => born,
        }
    }

    /// The date is an estimate (an implicit decision counted from an estimated receipt).
    pub fn estimated(self) -> bool {
        matches!(
            self,
            Decision::Implicit {
                estimated: true,
                ..
            }
        )
    }
}

/// What a due date is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineKind {
    /// The recipient must answer.
    Reply,
    /// The person must take a next step (`route`).
    Step,
}

/// One dated deadline of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline<'a> {
    pub kind: DeadlineKind,
    /// For a step: its route id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<&'a str>,
    pub due: &'a DueDate,
}

impl Status {
    /// The decision this step ended with: express (a reply) or implicit (born of the
    /// recipient's silence), also once the next step is opened.
    pub fn decision_made(&self) -> Option<Decision> {
        let date = self.decision?;
        Some(if self.implicit_decision {
            Decision::Implicit {
                born: date,
                estimated: self.reply_due.as_ref().is_some_and(|d| d.estimated),
            }
        } else {
            Decision::Express { date }
        })
    }

    /// Whether the case still needs something (not finished, not closed).
    pub fn is_open(&self) -> bool {
        !matches!(self.state, State::Termine | State::Clos)
    }

    /// The deadlines that still matter: the reply's while waiting or overdue, the person's
    /// for each next step when the person must act (also after « vérifications effectuées »).
    pub fn deadlines(&self) -> Vec<Deadline<'_>> {
        self.deadlines_iter().collect()
    }

    /// [`Status::deadlines`] without collecting them.
    fn deadlines_iter(&self) -> impl Iterator<Item = Deadline<'_>> {
        let reply = self
            .reply_due
            .as_ref()
            .filter(|_| matches!(self.state, State::EnAttente | State::EnRetard))
            .map(|d| Deadline {
                kind: DeadlineKind::Reply,
                route: None,
                due: d,
            });
        let steps = if matches!(self.state, State::AAgir | State::Termine) {
            &self.next_steps[..]
        } else {
            &[]
        };
        reply
            .into_iter()
            .chain(steps.iter().filter(|s| s.is_open()).filter_map(|s| {
                s.deadline.as_ref().map(|d| Deadline {
                    kind: DeadlineKind::Step,
                    route: Some(s.route.as_str()),
                    due: d,
                })
            }))
    }

    /// The earliest date among [`Status::deadlines`].
    pub fn next_due(&self) -> Option<NaiveDate> {
        self.deadlines_iter().map(|d| d.due.due()).min()
    }

    /// Overdue on `today`: the recipient's silence has run out with no legal meaning, or a
    /// deadline of the person has passed.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.state == State::EnRetard || self.deadlines_iter().any(|d| d.due.is_past(today))
    }

    /// Open, yet nothing dated and nothing offered: the user must decide (record a reply,
    /// close, or open a step by hand).
    pub fn has_no_next_step(&self) -> bool {
        self.is_open()
            && self.state != State::Brouillon
            && self.deadlines_iter().next().is_none()
            && !self.next_steps.iter().any(NextStep::is_open)
    }

    /// The decision is express (a reply) or implicit (silence), with its date.
    pub fn decision(&self) -> Option<(NaiveDate, bool)> {
        self.decision.map(|d| (d, self.implicit_decision))
    }

    /// The person's deadline to take `route`, when this case offers it with one.
    pub fn step_deadline(&self, route: &str) -> Option<&DueDate> {
        self.next_steps
            .iter()
            .find(|s| s.route == route)
            .and_then(|s| s.deadline.as_ref())
    }
}

/// Derives the status of a case on `today`. `entry` is the case's catalogue entry (`None` if
/// the catalogue no longer has it); `region` comes from the person's département.
pub fn derive(h: &CaseHistory, entry: Option<&Entry>, region: Region, today: NaiveDate) -> Status {
    let standing = h.standing();
    let events: &[super::Event] = &standing;
    let route = entry.and_then(|e| e.route(&h.case.demarche));
    let mut st = Status {
        state: State::Brouillon,
        why: Why::NotSent,
        sent: None,
        received: None,
        reply_due: None,
        decision: None,
        implicit_decision: false,
        next_steps: Vec::new(),
        escalated_to: events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Escalade { dossier, .. } => Some(dossier),
                _ => None,
            })
            .collect(),
        route_known: route.is_some(),
    };

    let last_sent = events
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::Envoye { .. }));
    if let Some(i) = last_sent {
        let sent = &events[i];
        let channel = match &sent.kind {
            EventKind::Envoye { canal, .. } => canal.or(h.case.canal),
            _ => h.case.canal,
        };
        let after = &events[i + 1..];
        st.sent = Some(sent.date);
        st.received = after
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Recu))
            .map(|e| e.date)
            .next_back();
        let extended = after.iter().any(|e| {
            matches!(
                e.kind,
                EventKind::Reponse {
                    issue: Outcome::Prorogation
                }
            )
        });
        let rule = route.and_then(|r| r.deadline_for(Party::Administration));
        if let Some(rule) = rule {
            st.reply_due = reply_due(rule, sent.date, st.received, channel, extended, region);
        }
        let final_reply = after.iter().rev().find_map(|e| match e.kind {
            EventKind::Reponse { issue } if issue != Outcome::Prorogation => Some((issue, e.date)),
            _ => None,
        });
        match final_reply {
            Some((issue, date)) => {
                let (state, why, offer) = match issue {
                    Outcome::Refus => (State::AAgir, Why::Refused, true),
                    Outcome::CommunicationPartielle => {
                        (State::AAgir, Why::PartialCommunication, true)
                    }
                    Outcome::VerificationsEffectuees => (State::Termine, Why::Verifications, true),
                    Outcome::DonneesCommuniquees => (State::Termine, Why::DataCommunicated, false),
                    Outcome::EffacementFait => (State::Termine, Why::Erased, false),
                    Outcome::AucuneDonnee => (State::Termine, Why::NoData, false),
                    Outcome::DemandeDePieces => (State::AAgir, Why::DocumentsRequested, false),
                    Outcome::Incompetence => (State::AAgir, Why::Incompetent, false),
                    Outcome::Prorogation => (State::EnAttente, Why::AwaitingReplyExtended, false),
                };
                st.state = state;
                st.why = why;
                st.decision = Some(date);
                if offer {
                    st.next_steps = next_steps(entry, route, Some((date, false)), region);
                } else if issue == Outcome::DonneesCommuniquees {
                    // Once the data are known, correcting or erasing them is the next right:
                    // offered (without a deadline) when the route leads to such a step.
                    st.next_steps = next_steps(entry, route, Some((date, false)), region);
                    st.next_steps.retain(|s| is_correction_route(&s.route));
                }
            }
            None => match (&st.reply_due, rule) {
                (Some(due), Some(rule)) if today > due.due() => {
                    let implicit = match rule.silence {
                        Silence::Refusal => Some(Why::ImplicitRefusal),
                        Silence::Restriction => Some(Why::ImplicitRestriction),
                        Silence::Nothing => None,
                    };
                    match implicit {
                        Some(why) => {
                            // The person's deadlines run from the implicit decision: counted
                            // from the end of the recipient's period before any move, and,
                            // when the receipt is only estimated, from the sending (the
                            // earliest the decision can be), so the person is never late.
                            let decision = if due.estimated {
                                law::due_for_rule(rule, sent.date, extended, true, region)
                                    .map(|d| d.naive)
                                    .unwrap_or(due.naive)
                            } else {
                                due.naive
                            };
                            st.state = State::AAgir;
                            st.why = why;
                            st.decision = Some(decision);
                            st.implicit_decision = true;
                            st.next_steps =
                                next_steps(entry, route, Some((decision, due.estimated)), region);
                        }
                        None => {
                            st.state = State::EnRetard;
                            st.why = Why::SilencePastDue;
                            st.next_steps = next_steps(entry, route, None, region);
                        }
                    }
                }
                (Some(_), _) => {
                    st.state = State::EnAttente;
                    st.why = if extended {
                        Why::AwaitingReplyExtended
                    } else {
                        Why::AwaitingReply
                    };
                }
                (None, _) => {
                    st.state = State::EnAttente;
                    st.why = Why::AwaitingNoDeadline;
                }
            },
        }
    }

    // Steps taken (a follow-up case opened for the route) or let go.
    for e in events {
        match &e.kind {
            EventKind::Escalade {
                dossier,
                demarche: Some(r),
            } => {
                if let Some(s) = st.next_steps.iter_mut().find(|s| &s.route == r) {
                    s.taken.get_or_insert(*dossier);
                }
            }
            EventKind::Renonce { demarche } => {
                if let Some(s) = st.next_steps.iter_mut().find(|s| &s.route == demarche) {
                    s.renounced.get_or_insert(e.date);
                }
            }
            _ => {}
        }
    }
    let remedy_open = st
        .next_steps
        .iter()
        .any(|s| s.is_open() && s.deadline.is_some());
    let followed = !st.escalated_to.is_empty()
        || events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Renonce { .. }));
    if followed && !(remedy_open && matches!(st.state, State::AAgir | State::Termine)) {
        st.state = State::Termine;
        st.why = if st.escalated_to.is_empty() {
            Why::Renounced
        } else {
            Why::Escalated
        };
    }
    if events.iter().any(|e| matches!(e.kind, EventKind::Clos)) {
        st.state = State::Clos;
        st.why = Why::Closed;
    }
    st
}

/// Whether a route corrects or erases data (offered once the data are communicated).
fn is_correction_route(id: &str) -> bool {
    id.contains("effacement") || id.contains("rectification")
}

/// The recipient's deadline to answer a request sent on `sent` (`rule` is the route's
/// `party: administration` rule): counted from the sending when the rule says so, else from
/// the known receipt, else from the sending when the channel delivers at once (e-mail), else
/// from the receipt estimated from the sending (then every date is marked estimated);
/// extended when the notice of an extension was recorded.
pub fn reply_due(
    rule: &DeadlineRule,
    sent: NaiveDate,
    received: Option<NaiveDate>,
    channel: Option<Channel>,
    extended: bool,
    region: Region,
) -> Option<DueDate> {
    let (start, estimated) = match (rule.from, received) {
        (CountedFrom::Sending, _) => (sent, false),
        (_, Some(r)) => (r, false),
        (_, None) if channel.is_some_and(Channel::received_when_sent) => (sent, false),
        (_, None) => (law::estimate_receipt(sent, region), true),
    };
    law::due_for_rule(rule, start, extended, estimated, region).ok()
}

/// The route's next steps; with `decision`, each with the person's deadline counted from it.
fn next_steps(
    entry: Option<&Entry>,
    route: Option<&Route>,
    decision: Option<(NaiveDate, bool)>,
    region: Region,
) -> Vec<NextStep> {
    let (Some(entry), Some(route)) = (entry, route) else {
        return Vec::new();
    };
    route
        .next
        .iter()
        .map(|id| {
            let deadline = match (decision, entry.route(id)) {
                (Some((date, estimated)), Some(next)) => next
                    .deadlines
                    .iter()
                    .find(|d| d.party == Party::Person && d.from == CountedFrom::Decision)
                    .and_then(|rule| law::due_for_rule(rule, date, false, estimated, region).ok()),
                _ => None,
            };
            NextStep {
                route: id.clone(),
                deadline,
                taken: None,
                renounced: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
