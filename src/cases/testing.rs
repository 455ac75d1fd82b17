//! Test fixtures shared by the model's and the services' unit tests: a case history built
//! from dated events, the embedded catalogue, a sending by registered letter.

use chrono::NaiveDate;

use super::{Case, CaseHistory, Channel, Event, EventKind};
use crate::catalogue::Catalogue;

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn cat() -> Catalogue {
    Catalogue::embedded().unwrap()
}

/// Case `id` of person `personne` on `code`/`route`, opened on 2 January 2026 and sent by
/// registered letter, with `events` in order.
pub fn history_of(
    id: i64,
    personne: i64,
    code: &str,
    route: &str,
    events: &[(&str, EventKind)],
) -> CaseHistory {
    CaseHistory {
        case: Case {
            uid: None,
            destinataire: None,
            id,
            personne,
            fichier: code.into(),
            demarche: route.into(),
            canal: Some(Channel::Lrar),
            references: vec![],
            suite_de: None,
            ouvert: d("2026-01-02"),
        },
        events: events
            .iter()
            .enumerate()
            .map(|(i, (date, kind))| Event {
                uid: None,
                id: i as i64 + 1,
                dossier: id,
                date: d(date),
                kind: kind.clone(),
                texte: None,
                enregistre: "2026-01-02T00:00:00Z".into(),
            })
            .collect(),
    }
}

/// A sending by registered letter with no number.
pub fn sent() -> EventKind {
    EventKind::Envoye {
        canal: Some(Channel::Lrar),
        recommande: None,
    }
}
