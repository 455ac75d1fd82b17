//! How an event's kind is laid out in the columns of the `events` table, both ways, and how
//! read rows become case histories: the same layout on both backends.

use crate::cases::{Case, CaseFilter, CaseHistory, Channel, Event, EventKind, Outcome};
use crate::error::{Failure, exit};
use crate::texts::store as t;

/// A stored value that cannot be what the code wrote: the register is damaged.
pub(super) fn corrupt() -> Failure {
    Failure::new(exit::STORE_UNAVAILABLE, t::CORRUPTED)
}

/// The columns of an event kind besides its id.
#[derive(Default)]
pub(super) struct KindColumns<'a> {
    pub(super) channel: Option<&'a str>,
    pub(super) recommande: Option<&'a str>,
    pub(super) outcome: Option<&'a str>,
    pub(super) linked_case: Option<i64>,
    pub(super) route: Option<&'a str>,
    pub(super) linked_event: Option<i64>,
}

pub(super) fn kind_columns(kind: &EventKind) -> KindColumns<'_> {
    match kind {
        EventKind::Envoye { canal, recommande } | EventKind::Relance { canal, recommande } => {
            KindColumns {
                channel: canal.map(Channel::id),
                recommande: recommande.as_deref(),
                ..KindColumns::default()
            }
        }
        EventKind::Reponse { issue } => KindColumns {
            outcome: Some(issue.id()),
            ..KindColumns::default()
        },
        EventKind::Escalade { dossier, demarche } => KindColumns {
            linked_case: Some(*dossier),
            route: demarche.as_deref(),
            ..KindColumns::default()
        },
        EventKind::Renonce { demarche } => KindColumns {
            route: Some(demarche),
            ..KindColumns::default()
        },
        EventKind::Annule { evenement } => KindColumns {
            linked_event: Some(*evenement),
            ..KindColumns::default()
        },
        _ => KindColumns::default(),
    }
}

/// The kind stored as `id` with the columns `c` (the inverse of [`kind_columns`]).
/// `recommande` is asked for only by the kinds that have one (the shared register unseals it).
pub(super) fn kind_from_columns(
    id: &str,
    c: KindColumns<'_>,
    recommande: impl FnOnce() -> Result<Option<String>, Failure>,
) -> Result<EventKind, Failure> {
    let channel = || {
        c.channel
            .map(|ch| Channel::from_id(ch).ok_or_else(corrupt))
            .transpose()
    };
    Ok(match id {
        "brouillon" => EventKind::Brouillon,
        "envoye" => EventKind::Envoye {
            canal: channel()?,
            recommande: recommande()?,
        },
        "recu" => EventKind::Recu,
        "reponse" => EventKind::Reponse {
            issue: c.outcome.and_then(Outcome::from_id).ok_or_else(corrupt)?,
        },
        "relance" => EventKind::Relance {
            canal: channel()?,
            recommande: recommande()?,
        },
        "escalade" => EventKind::Escalade {
            dossier: c.linked_case.ok_or_else(corrupt)?,
            demarche: c.route.map(str::to_string),
        },
        "renonce" => EventKind::Renonce {
            demarche: c.route.ok_or_else(corrupt)?.to_string(),
        },
        "annule" => EventKind::Annule {
            evenement: c.linked_event.ok_or_else(corrupt)?,
        },
        "note" => EventKind::Note,
        "clos" => EventKind::Clos,
        _ => return Err(corrupt()),
    })
}

/// Case histories built from cases read in id order and their events, handed one by one.
pub(super) struct Histories {
    out: Vec<CaseHistory>,
    at: usize,
}

impl Histories {
    pub(super) fn new(cases: Vec<Case>) -> Histories {
        let out = cases
            .into_iter()
            .map(|case| CaseHistory {
                case,
                events: Vec::new(),
            })
            .collect();
        Histories { out, at: 0 }
    }

    /// Adds an event to its case (dropped if its case was not read). Events in id order
    /// mostly come case by case: an event goes to the case of the previous one, or else
    /// finds its case by binary search.
    pub(super) fn push(&mut self, e: Event) {
        if self.out.get(self.at).is_none_or(|h| h.case.id != e.dossier) {
            match self.out.binary_search_by_key(&e.dossier, |h| h.case.id) {
                Ok(i) => self.at = i,
                Err(_) => return,
            }
        }
        let events = &mut self.out[self.at].events;
        if events.capacity() == 0 {
            // A case usually has a few events: one allocation instead of two or three.
            events.reserve(8);
        }
        events.push(e);
    }

    /// Puts each history's events in order (date, then recording order) and applies the
    /// open-cases filter, which needs the events.
    pub(super) fn finish(mut self, filter: &CaseFilter) -> Vec<CaseHistory> {
        for h in &mut self.out {
            // Id order is nearly the date order: a cheap stable sort.
            h.events.sort_by_key(|e| (e.date, e.id));
        }
        if filter.ouverts_seulement {
            self.out.retain(|h| !h.is_closed());
        }
        self.out
    }
}
