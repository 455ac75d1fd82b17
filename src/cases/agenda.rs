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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{Case, Channel, Event, EventKind};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn case(id: i64, code: &str, route: &str, sent: &str) -> CaseHistory {
        CaseHistory {
            case: Case {
                id,
                personne: 1,
                fichier: code.into(),
                demarche: route.into(),
                canal: Some(Channel::Email),
                references: vec![],
                suite_de: None,
                ouvert: d("2026-01-01"),
            },
            events: vec![Event {
                id,
                dossier: id,
                date: d(sent),
                kind: EventKind::Envoye {
                    canal: Some(Channel::Email),
                    recommande: None,
                },
                texte: None,
                enregistre: "2026-01-01T00:00:00Z".into(),
            }],
        }
    }

    #[test]
    fn overdue_coming_and_stuck_cases_are_sorted_out() {
        let cat = Catalogue::embedded().unwrap();
        let persons = HashMap::new();
        let tracked = track(
            &cat,
            &persons,
            vec![
                // One month from 5 January: overdue on 20 February, silence means nothing.
                case(1, "FT-SUSPICION", "rgpd", "2026-01-05"),
                // One month from 10 February: due 10 March, within 30 days.
                case(2, "FT-SUSPICION", "rgpd", "2026-02-10"),
                // No deadline for a B3 request in the catalogue: nothing next.
                case(3, "CJN", "b3", "2026-01-05"),
                // Two months from 15 February: 15 April, beyond 30 days.
                case(4, "TAJ", "acces", "2026-02-15"),
            ],
            d("2026-02-20"),
        );
        let ag = agenda(&tracked, d("2026-02-20"), 30);
        let ids = |v: &[DueItem]| v.iter().map(|i| i.dossier).collect::<Vec<_>>();
        assert_eq!(ids(&ag.en_retard), [1]);
        assert_eq!(ag.en_retard[0].echeance, Some(d("2026-02-05")));
        assert_eq!(ids(&ag.a_venir), [2]);
        assert_eq!(ag.a_venir[0].echeance, Some(d("2026-03-10")));
        assert_eq!(ids(&ag.sans_suite), [3]);
        assert_eq!(agenda(&tracked, d("2026-02-20"), 60).a_venir.len(), 2);
    }
}
