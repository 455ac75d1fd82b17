//! Queries over derived statuses: overdue cases, deadlines to come, cases with nothing next.
//! Pure: the caller loads the cases and persons from the store.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::status::{self, DeadlineKind, State, Status};
use super::{CaseHistory, PersonId};
use crate::catalogue::Catalogue;
use crate::law::Region;
use crate::person::Person;

/// A case, its status, and who it is for.
pub struct Tracked {
    pub history: CaseHistory,
    pub status: Status,
}

/// Derives the status of each case on `today`.
pub fn track(
    cat: &Catalogue,
    persons: &HashMap<PersonId, Person>,
    histories: Vec<CaseHistory>,
    today: NaiveDate,
) -> Vec<Tracked> {
    histories
        .into_iter()
        .map(|history| {
            let region = Region::from_departement(
                persons
                    .get(&history.case.personne)
                    .and_then(|p| p.departement.as_deref()),
            );
            let entry = cat.entry(&history.case.fichier);
            let status = status::derive(&history, entry, region, today);
            Tracked { history, status }
        })
        .collect()
}

/// One line of `acces echeances`.
#[derive(Debug, Clone, Serialize)]
pub struct DueItem {
    pub dossier: i64,
    pub personne: PersonId,
    pub fichier: String,
    pub demarche: String,
    pub etat: State,
    /// `reply` (the recipient must answer) or `step` (the person must act).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_echeance: Option<DeadlineKind>,
    /// For a step: the route to take.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etape: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub echeance: Option<NaiveDate>,
    pub estimee: bool,
}

/// The three lists of `acces echeances`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Agenda {
    pub en_retard: Vec<DueItem>,
    pub a_venir: Vec<DueItem>,
    pub sans_suite: Vec<DueItem>,
}

/// Overdue cases, deadlines in `[today, today + days]`, and open cases with nothing next.
pub fn agenda(tracked: &[Tracked], today: NaiveDate, days: u32) -> Agenda {
    let horizon = today
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX);
    let mut out = Agenda::default();
    for x in tracked {
        let c = &x.history.case;
        let item = |kind: Option<DeadlineKind>,
                    route: Option<&str>,
                    due: Option<&crate::law::DueDate>| DueItem {
            dossier: c.id,
            personne: c.personne,
            fichier: c.fichier.clone(),
            demarche: c.demarche.clone(),
            etat: x.status.state,
            type_echeance: kind,
            etape: route.map(str::to_string),
            echeance: due.map(|d| d.due()),
            estimee: due.is_some_and(|d| d.estimated),
        };
        let deadlines = x.status.deadlines();
        if x.status.is_overdue(today) {
            let past = deadlines.iter().find(|d| d.due.is_past(today));
            out.en_retard.push(match past {
                Some(d) => item(Some(d.kind), d.route, Some(d.due)),
                None => item(Some(DeadlineKind::Reply), None, x.status.reply_due.as_ref()),
            });
        }
        for d in &deadlines {
            let due = d.due.due();
            if due >= today && due <= horizon {
                out.a_venir.push(item(Some(d.kind), d.route, Some(d.due)));
            }
        }
        if x.status.has_no_next_step() {
            out.sans_suite.push(item(None, None, None));
        }
    }
    out.en_retard.sort_by_key(|i| (i.echeance, i.dossier));
    out.a_venir.sort_by_key(|i| (i.echeance, i.dossier));
    out
}
