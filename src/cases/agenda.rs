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
    track_by(
        cat,
        |id| persons.get(&id).and_then(|p| p.departement.as_deref()),
        histories,
        today,
    )
}

/// [`track`] with each person's département given by `departement` (the listings read
/// only that of each person, see [`crate::person::PersonHead`]).
pub fn track_by<'p>(
    cat: &Catalogue,
    departement: impl Fn(PersonId) -> Option<&'p str>,
    histories: Vec<CaseHistory>,
    today: NaiveDate,
) -> Vec<Tracked> {
    histories
        .into_iter()
        .map(|history| track_one(cat, departement(history.case.personne), history, today))
        .collect()
}

/// The status of one case on `today`, for a person of `departement`.
pub fn track_one(
    cat: &Catalogue,
    departement: Option<&str>,
    history: CaseHistory,
    today: NaiveDate,
) -> Tracked {
    let region = Region::from_departement(departement);
    let entry = cat.entry(&history.case.fichier);
    let status = status::derive(&history, entry, region, today);
    Tracked { history, status }
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
    /// Days from today to `echeance` (negative once it has passed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jours_restants: Option<i64>,
    pub estimee: bool,
    /// For « AR non noté », « brouillons »: the day of the sending or of the draft.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depuis: Option<NaiveDate>,
}

/// The sections of `acces echeances` and of the TUI's Échéances, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The administration is late: its time to answer is over and its silence has no legal
    /// meaning.
    EnRetard,
    /// The person's deadlines (soonest first, passed ones included) and the cases waiting
    /// for them without a date.
    AVous,
    /// The recipients' deadlines to answer.
    AVenir,
    /// Letters drafted and not sent (a first letter, or a reminder).
    Brouillons,
    /// Sent by post more than [`AR_DAYS`] days ago, and no receipt noted.
    ArNonNote,
    /// Open, with nothing dated and nothing offered: the user must decide.
    SansSuite,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::EnRetard,
        Section::AVous,
        Section::AVenir,
        Section::Brouillons,
        Section::ArNonNote,
        Section::SansSuite,
    ];
}

/// Days after a postal sending from which a missing receipt is pointed out.
pub const AR_DAYS: i64 = 10;

/// The lists of `acces echeances` (JSON keys documented in the README).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Agenda {
    pub en_retard: Vec<DueItem>,
    pub a_vous: Vec<DueItem>,
    pub a_venir: Vec<DueItem>,
    pub brouillons: Vec<DueItem>,
    pub ar_non_note: Vec<DueItem>,
    pub sans_suite: Vec<DueItem>,
}

impl Agenda {
    pub fn section(&self, s: Section) -> &[DueItem] {
        match s {
            Section::EnRetard => &self.en_retard,
            Section::AVous => &self.a_vous,
            Section::AVenir => &self.a_venir,
            Section::Brouillons => &self.brouillons,
            Section::ArNonNote => &self.ar_non_note,
            Section::SansSuite => &self.sans_suite,
        }
    }

    /// Every item, in display order.
    pub fn items(&self) -> impl Iterator<Item = &DueItem> {
        Section::ALL.into_iter().flat_map(|s| self.section(s))
    }

    pub fn is_empty(&self) -> bool {
        self.items().next().is_none()
    }

    /// Keeps only what is late: the administration's delays and the person's passed
    /// deadlines (`acces echeances --en-retard`).
    pub fn only_late(&mut self, today: NaiveDate) {
        self.a_vous
            .retain(|i| i.echeance.is_some_and(|d| d < today));
        self.a_venir.clear();
        self.brouillons.clear();
        self.ar_non_note.clear();
        self.sans_suite.clear();
    }
}

/// The sections on `today` (one function for the CLI and the TUI). `days` only narrows the
/// recipients' deadlines « à venir » to those due within `days` days (`None`: all of them);
/// the person's deadlines are always all listed.
pub fn agenda(tracked: &[Tracked], today: NaiveDate, days: Option<u32>) -> Agenda {
    let mut b = AgendaBuilder::new(today, days);
    for x in tracked {
        b.add(x);
    }
    b.finish()
}

/// [`agenda`] one case at a time: the listings add each case as it is read and keep only
/// its items.
pub struct AgendaBuilder {
    today: NaiveDate,
    horizon: NaiveDate,
    out: Agenda,
}

impl AgendaBuilder {
    pub fn new(today: NaiveDate, days: Option<u32>) -> AgendaBuilder {
        let horizon = days
            .and_then(|n| today.checked_add_days(chrono::Days::new(u64::from(n))))
            .unwrap_or(NaiveDate::MAX);
        AgendaBuilder {
            today,
            horizon,
            out: Agenda::default(),
        }
    }

    /// Adds the items of one case.
    pub fn add(&mut self, x: &Tracked) {
        let (today, horizon, out) = (self.today, self.horizon, &mut self.out);
        let c = &x.history.case;
        let st = &x.status;
        let item = |kind: Option<DeadlineKind>,
                    route: Option<&str>,
                    due: Option<&crate::law::DueDate>| DueItem {
            dossier: c.id,
            personne: c.personne,
            fichier: c.fichier.clone(),
            demarche: c.demarche.clone(),
            etat: st.state,
            type_echeance: kind,
            etape: route.map(str::to_string),
            echeance: due.map(|d| d.due()),
            jours_restants: due.map(|d| (d.due() - today).num_days()),
            estimee: due.is_some_and(|d| d.estimated),
            depuis: None,
        };
        if st.state == State::EnRetard {
            out.en_retard
                .push(item(Some(DeadlineKind::Reply), None, st.reply_due.as_ref()));
        }
        let mut dated_step = false;
        for d in st.deadlines() {
            match d.kind {
                DeadlineKind::Step => {
                    dated_step = true;
                    out.a_vous.push(item(Some(d.kind), d.route, Some(d.due)));
                }
                DeadlineKind::Reply if st.state == State::EnAttente => {
                    if d.due.due() <= horizon {
                        out.a_venir.push(item(Some(d.kind), None, Some(d.due)));
                    }
                }
                DeadlineKind::Reply => {}
            }
        }
        if st.state == State::AAgir && !dated_step {
            out.a_vous.push(item(None, None, None));
        }
        if let Some(drafted) = unsent_draft(x) {
            let mut i = item(None, None, None);
            i.depuis = Some(drafted);
            out.brouillons.push(i);
        }
        if st.state == State::EnAttente
            && st.received.is_none()
            && let Some(sent) = st.sent
            && (today - sent).num_days() > AR_DAYS
            && !sent_electronically(x)
        {
            let mut i = item(None, None, None);
            i.depuis = Some(sent);
            out.ar_non_note.push(i);
        }
        if st.has_no_next_step() {
            out.sans_suite.push(item(None, None, None));
        }
    }

    /// The sections, each in display order.
    pub fn finish(self) -> Agenda {
        let mut out = self.out;
        out.en_retard.sort_by_key(|i| (i.echeance, i.dossier));
        // Dated first, soonest first; then the cases waiting for the person without a date.
        out.a_vous
            .sort_by_key(|i| (i.echeance.is_none(), i.echeance, i.dossier));
        out.a_venir.sort_by_key(|i| (i.echeance, i.dossier));
        out.brouillons.sort_by_key(|i| (i.depuis, i.dossier));
        out.ar_non_note.sort_by_key(|i| (i.depuis, i.dossier));
        out
    }
}

/// The day of the last draft not followed by a sending or a reminder, if any; a case opened
/// and never sent is a draft since its opening.
fn unsent_draft(x: &Tracked) -> Option<NaiveDate> {
    use super::EventKind;
    if x.status.state == State::Clos {
        return None;
    }
    let events = x.history.standing();
    let last_draft = events
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::Brouillon));
    let last_sent = events
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::Envoye { .. } | EventKind::Relance { .. }));
    match (last_draft, last_sent) {
        (Some(d), None) => Some(events[d].date),
        (Some(d), Some(s)) if d > s => Some(events[d].date),
        (None, None) if x.status.state == State::Brouillon && x.status.escalated_to.is_empty() => {
            Some(x.history.case.ouvert)
        }
        _ => None,
    }
}

/// Whether the last sending went by e-mail, online form or by hand (no receipt to wait for).
fn sent_electronically(x: &Tracked) -> bool {
    use super::EventKind;
    x.history
        .standing()
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            EventKind::Envoye { canal, .. } => Some(canal.or(x.history.case.canal)),
            _ => None,
        })
        .flatten()
        .is_some_and(super::Channel::received_when_sent)
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
                uid: None,
                destinataire: None,
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
                uid: None,
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
        let ag = agenda(&tracked, d("2026-02-20"), Some(30));
        let ids = |v: &[DueItem]| v.iter().map(|i| i.dossier).collect::<Vec<_>>();
        assert_eq!(ids(&ag.en_retard), [1]);
        assert_eq!(ag.en_retard[0].echeance, Some(d("2026-02-05")));
        assert_eq!(ids(&ag.a_venir), [2]);
        assert_eq!(ag.a_venir[0].echeance, Some(d("2026-03-10")));
        assert_eq!(ag.a_venir[0].jours_restants, Some(18));
        assert_eq!(ids(&ag.sans_suite), [3]);
        assert_eq!(agenda(&tracked, d("2026-02-20"), Some(60)).a_venir.len(), 2);
        assert_eq!(agenda(&tracked, d("2026-02-20"), None).a_venir.len(), 2);
    }

    fn with(mut h: CaseHistory, events: &[(&str, EventKind)]) -> CaseHistory {
        for (date, kind) in events {
            let id = h.events.len() as i64 + 100;
            h.events.push(Event {
                uid: None,
                id,
                dossier: h.case.id,
                date: d(date),
                kind: kind.clone(),
                texte: None,
                enregistre: String::new(),
            });
        }
        h
    }

    #[test]
    fn the_persons_deadlines_drafts_and_missing_receipts_each_have_their_section() {
        use crate::cases::Outcome;
        let cat = Catalogue::embedded().unwrap();
        let persons = HashMap::new();
        let lrar = |id, route: &str, sent: &str| {
            let mut h = case(id, "TAJ", route, sent);
            h.case.canal = Some(Channel::Lrar);
            h.events[0].kind = EventKind::Envoye {
                canal: Some(Channel::Lrar),
                recommande: None,
            };
            h
        };
        let mut draft = case(3, "TAJ", "acces", "2026-11-01");
        draft.events[0].kind = EventKind::Brouillon;
        let tracked = track(
            &cat,
            &persons,
            vec![
                // Refused on 20/11/2026: the tribunal's two months, 61 days away.
                with(
                    lrar(1, "acces", "2026-09-01"),
                    &[(
                        "2026-11-20",
                        EventKind::Reponse {
                            issue: Outcome::Refus,
                        },
                    )],
                ),
                // Sent by registered letter 15 days ago, no receipt noted.
                lrar(2, "acces", "2026-11-06"),
                // Drafted, never sent.
                draft,
                // Sent, then a reminder drafted and not sent.
                with(
                    lrar(4, "acces", "2026-11-19"),
                    &[
                        ("2026-11-20", EventKind::Recu),
                        ("2026-11-20", EventKind::Brouillon),
                    ],
                ),
            ],
            d("2026-11-21"),
        );
        let ag = agenda(&tracked, d("2026-11-21"), None);
        let ids = |v: &[DueItem]| v.iter().map(|i| i.dossier).collect::<Vec<_>>();
        let ta = ag
            .a_vous
            .iter()
            .find(|i| i.etape.as_deref() == Some("tribunal-administratif"))
            .expect("the tribunal is listed whatever the window");
        assert_eq!(ta.echeance, Some(d("2027-01-20")));
        assert_eq!(ta.jours_restants, Some(60));
        assert!(ids(&ag.a_venir).contains(&2));
        assert_eq!(ids(&ag.brouillons), [3, 4]);
        assert_eq!(ids(&ag.ar_non_note), [2]);
        // A narrow window narrows only the recipients' deadlines.
        let narrow = agenda(&tracked, d("2026-11-21"), Some(7));
        assert!(narrow.a_venir.is_empty());
        assert_eq!(narrow.a_vous.len(), ag.a_vous.len());
    }
}
