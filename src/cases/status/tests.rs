//! Unit tests of `status`.

use super::*;
use crate::cases::Event;
use crate::cases::testing::{cat, d, history_of, sent};
use crate::catalogue::Unit;

fn history(code: &str, route: &str, events: &[(&str, EventKind)]) -> CaseHistory {
    history_of(1, 1, code, route, events)
}

fn reply(o: Outcome) -> EventKind {
    EventKind::Reponse { issue: o }
}

fn status(code: &str, route: &str, events: &[(&str, EventKind)], today: &str) -> Status {
    let cat = cat();
    let entry = cat.entry(code).unwrap();
    derive(
        &history(code, route, events),
        Some(entry),
        Region::General,
        d(today),
    )
}

#[test]
fn draft_until_sent() {
    let s = status(
        "TAJ",
        "acces",
        &[("2026-01-02", EventKind::Brouillon)],
        "2026-01-03",
    );
    assert_eq!(s.state, State::Brouillon);
    assert!(s.deadlines().is_empty());
    assert!(!s.has_no_next_step());
}

#[test]
fn sent_without_receipt_counts_from_the_estimated_receipt() {
    // Monday 5 January 2026 + 2 working days = Wednesday 7 January; + 2 months = 7 March
    // 2026, a Saturday → Monday 9 March.
    let s = status("TAJ", "acces", &[("2026-01-05", sent())], "2026-01-06");
    assert_eq!(s.state, State::EnAttente);
    assert_eq!(s.why, Why::AwaitingReply);
    let due = s.reply_due.as_ref().unwrap();
    assert!(due.estimated);
    assert_eq!(due.start, d("2026-01-07"));
    assert_eq!(due.due(), d("2026-03-09"));
    assert_eq!(s.next_due(), Some(d("2026-03-09")));
    assert!(!s.is_overdue(d("2026-03-09")));
}

#[test]
fn known_receipt_is_the_start() {
    let s = status(
        "TAJ",
        "acces",
        &[("2026-01-05", sent()), ("2026-01-12", EventKind::Recu)],
        "2026-01-13",
    );
    let due = s.reply_due.as_ref().unwrap();
    assert!(!due.estimated);
    assert_eq!(due.start, d("2026-01-12"));
    // 12 March 2026 is a Thursday.
    assert_eq!(due.due(), d("2026-03-12"));
    assert_eq!(s.received, Some(d("2026-01-12")));
}

#[test]
fn e_mail_is_received_the_day_it_is_sent() {
    let s = status(
        "FT-SUSPICION",
        "rgpd",
        &[(
            "2026-01-05",
            EventKind::Envoye {
                canal: Some(Channel::Email),
                recommande: None,
            },
        )],
        "2026-01-06",
    );
    let due = s.reply_due.as_ref().unwrap();
    assert!(!due.estimated);
    assert_eq!(due.start, d("2026-01-05"));
    assert_eq!(due.due(), d("2026-02-05"));
}

#[test]
fn refusal_offers_the_next_steps_with_the_persons_deadline() {
    let s = status(
        "FIJAIS",
        "effacement",
        &[
            ("2026-01-05", sent()),
            ("2026-01-07", EventKind::Recu),
            ("2026-02-10", reply(Outcome::Refus)),
        ],
        "2026-02-11",
    );
    assert_eq!(s.state, State::AAgir);
    assert_eq!(s.why, Why::Refused);
    assert_eq!(s.decision, Some(d("2026-02-10")));
    assert_eq!(
        s.decision_made(),
        Some(Decision::Express {
            date: d("2026-02-10")
        })
    );
    assert_eq!(s.next_steps.len(), 1);
    assert_eq!(s.next_steps[0].route, "recours-ci");
    let dl = s.next_steps[0].deadline.as_ref().unwrap();
    assert_eq!(dl.party, Party::Person);
    assert_eq!(dl.unit, Unit::Days);
    // 10 days from 10 February: the safe date is 20 February.
    assert_eq!(dl.due(), d("2026-02-20"));
    assert_eq!(s.next_due(), Some(d("2026-02-20")));
    assert!(s.is_overdue(d("2026-02-21")));
    assert!(!s.is_overdue(d("2026-02-20")));
}

#[test]
fn notified_extension_extends_the_reply_deadline() {
    let events = [
        ("2026-01-05", sent()),
        ("2026-01-07", EventKind::Recu),
        ("2026-03-01", reply(Outcome::Prorogation)),
    ];
    let s = status("FPR", "cnil-108", &events, "2026-03-02");
    assert_eq!(s.state, State::EnAttente);
    assert_eq!(s.why, Why::AwaitingReplyExtended);
    let due = s.reply_due.as_ref().unwrap();
    let ext = due.extension.as_ref().expect("extension applied");
    let plain = status("FPR", "cnil-108", &events[..2], "2026-03-02");
    let plain_due = plain.reply_due.unwrap();
    assert!(plain_due.extension.is_none());
    assert_eq!(
        law::add_period(plain_due.naive, ext.length, ext.unit).unwrap(),
        due.naive
    );
    assert!(due.due() > plain_due.due());
}

#[test]
fn cnil_verifications_close_the_step_and_offer_the_next_remedy() {
    let s = status(
        "TAJ",
        "cnil-108",
        &[
            ("2026-01-05", sent()),
            ("2026-01-07", EventKind::Recu),
            ("2026-04-15", reply(Outcome::VerificationsEffectuees)),
        ],
        "2026-04-16",
    );
    assert_eq!(s.state, State::Termine);
    assert_eq!(s.why, Why::Verifications);
    assert!(!s.is_open());
    assert_eq!(s.next_steps.len(), 1);
    assert_eq!(s.next_steps[0].route, "tribunal-administratif");
    let dl = s.next_steps[0].deadline.as_ref().unwrap();
    assert_eq!(dl.start, d("2026-04-15"));
    assert_eq!(dl.party, Party::Person);
    assert_eq!(s.deadlines().len(), 1, "the remedy's deadline is tracked");
}

#[test]
fn silence_meaning_restriction_opens_the_next_steps_after_the_deadline() {
    let events = [("2026-01-05", sent()), ("2026-01-07", EventKind::Recu)];
    let s = status("TAJ", "acces", &events, "2026-03-10");
    assert_eq!(s.state, State::AAgir);
    assert_eq!(s.why, Why::ImplicitRestriction);
    assert_eq!(
        s.decision_made(),
        Some(Decision::Implicit {
            born: d("2026-03-07"),
            estimated: false
        })
    );
    let routes: Vec<&str> = s.next_steps.iter().map(|n| n.route.as_str()).collect();
    assert_eq!(routes, ["cnil-108", "tribunal-administratif", "effacement"]);
    let ta = s.next_steps[1].deadline.as_ref().unwrap();
    assert_eq!(ta.start, d("2026-03-07"));
    assert!(s.next_steps[0].deadline.is_none());
}

#[test]
fn silence_without_meaning_is_overdue_with_steps_offered() {
    let s = status(
        "FT-SUSPICION",
        "rgpd",
        &[("2026-01-05", sent()), ("2026-01-07", EventKind::Recu)],
        "2026-03-01",
    );
    assert_eq!(s.state, State::EnRetard);
    assert!(s.is_overdue(d("2026-03-01")));
    assert!(!s.next_steps.is_empty());
}

#[test]
fn closed_and_escalated() {
    // Followed before any decision: this step is over.
    let s = status(
        "TAJ",
        "acces",
        &[
            ("2026-01-05", sent()),
            (
                "2026-02-20",
                EventKind::Escalade {
                    dossier: 2,
                    demarche: Some("cnil-108".into()),
                },
            ),
        ],
        "2026-02-21",
    );
    assert_eq!(s.state, State::Termine);
    assert_eq!(s.why, Why::Escalated);
    assert_eq!(s.escalated_to, vec![2]);
    assert!(s.deadlines().is_empty());
    let s = status(
        "TAJ",
        "acces",
        &[("2026-01-05", sent()), ("2026-01-06", EventKind::Clos)],
        "2026-01-07",
    );
    assert_eq!(s.state, State::Clos);
}

#[test]
fn no_deadline_in_the_catalogue_means_no_next_step() {
    let s = status("CJN", "b3", &[("2026-01-05", sent())], "2026-06-01");
    assert_eq!(s.why, Why::AwaitingNoDeadline);
    assert!(s.has_no_next_step());
}

fn escalade(case: CaseId, route: &str) -> EventKind {
    EventKind::Escalade {
        dossier: case,
        demarche: Some(route.into()),
    }
}

#[test]
fn a_follow_up_takes_its_step_and_leaves_the_other_remedies_open() {
    // Issue #10, defect 1: refusal on 20/11/2026, CNIL follow-up opened; the tribunal's
    // two months (to 20/01/2027) stay listed.
    let mut events = vec![
        ("2026-09-01", sent()),
        ("2026-09-03", EventKind::Recu),
        ("2026-11-20", reply(Outcome::Refus)),
    ];
    let before = status("TAJ", "acces", &events, "2026-11-21");
    let ta = before
        .step_deadline("tribunal-administratif")
        .unwrap()
        .due();
    assert_eq!(ta, d("2027-01-20"));
    events.push(("2026-11-25", escalade(2, "cnil-108")));
    let s = status("TAJ", "acces", &events, "2026-11-26");
    assert_eq!(s.state, State::AAgir);
    assert_eq!(s.why, Why::Refused);
    assert_eq!(s.escalated_to, vec![2]);
    let cnil = s.next_steps.iter().find(|n| n.route == "cnil-108").unwrap();
    assert_eq!(cnil.taken, Some(2));
    let dl = s.deadlines();
    assert!(
        dl.iter()
            .any(|d| d.route == Some("tribunal-administratif") && d.due.due() == ta),
        "{dl:?}"
    );
    assert!(s.is_open());
    // Letting the tribunal go: nothing dated is left, the step is over.
    events.push((
        "2026-12-01",
        EventKind::Renonce {
            demarche: "tribunal-administratif".into(),
        },
    ));
    let s = status("TAJ", "acces", &events, "2026-12-02");
    assert_eq!(s.state, State::Termine);
    assert_eq!(s.why, Why::Escalated);
    assert!(s.deadlines().is_empty());
    let ta_step = s
        .next_steps
        .iter()
        .find(|n| n.route == "tribunal-administratif")
        .unwrap();
    assert_eq!(ta_step.renounced, Some(d("2026-12-01")));
}

#[test]
fn silence_gives_an_implicit_decision_born_on_the_legal_date() {
    let events = [("2026-01-05", sent()), ("2026-01-07", EventKind::Recu)];
    let s = status("TAJ", "acces", &events, "2026-03-10");
    assert!(s.implicit_decision);
    assert_eq!(s.decision(), Some((d("2026-03-07"), true)));
    let express = status(
        "TAJ",
        "acces",
        &[
            ("2026-01-05", sent()),
            ("2026-02-01", reply(Outcome::Refus)),
        ],
        "2026-03-10",
    );
    assert_eq!(express.decision(), Some((d("2026-02-01"), false)));
    // After silence, a follow-up keeps the tribunal's deadline counted from the implicit
    // decision.
    let mut events = events.to_vec();
    events.push(("2026-03-10", escalade(2, "cnil-108")));
    let s = status("TAJ", "acces", &events, "2026-03-11");
    assert_eq!(s.state, State::AAgir);
    assert_eq!(
        s.deadlines()[0].due.start,
        d("2026-03-07"),
        "{:?}",
        s.deadlines()
    );
}

#[test]
fn a_cancelled_event_no_longer_counts_and_deadlines_recompute() {
    let mut h = history(
        "FIJAIS",
        "effacement",
        &[
            ("2026-01-05", sent()),
            ("2026-01-07", EventKind::Recu),
            ("2026-02-10", reply(Outcome::Refus)),
        ],
    );
    let cat = cat();
    let entry = cat.entry("FIJAIS");
    let st = derive(&h, entry, Region::General, d("2026-02-11"));
    assert_eq!(st.next_due(), Some(d("2026-02-20")));
    // The reply was recorded with the wrong date: cancelled and recorded again.
    for (id, date, kind) in [
        (4, "2026-02-12", EventKind::Annule { evenement: 3 }),
        (5, "2026-02-12", reply(Outcome::Refus)),
    ] {
        h.events.push(Event {
            uid: None,
            id,
            dossier: 1,
            date: d(date),
            kind,
            texte: None,
            enregistre: String::new(),
        });
    }
    let st = derive(&h, entry, Region::General, d("2026-02-13"));
    assert_eq!(st.decision, Some(d("2026-02-12")));
    assert_eq!(st.next_due(), Some(d("2026-02-22")));
    // Cancelling the reply alone: waiting again for it.
    h.events.pop();
    let st = derive(&h, entry, Region::General, d("2026-02-13"));
    assert_eq!(st.state, State::EnAttente);
}

#[test]
fn letting_the_only_dated_step_go_ends_the_case_and_says_so() {
    let s = status(
        "TAJ",
        "acces",
        &[
            ("2026-01-05", sent()),
            ("2026-02-20", reply(Outcome::Refus)),
            (
                "2026-02-25",
                EventKind::Renonce {
                    demarche: "tribunal-administratif".into(),
                },
            ),
        ],
        "2026-02-26",
    );
    assert_eq!(s.state, State::Termine);
    // Not « followed in another case »: no other case exists.
    assert_eq!(s.why, Why::Renounced);
    assert!(s.escalated_to.is_empty());
    assert!(
        s.deadlines()
            .iter()
            .all(|d| d.route != Some("tribunal-administratif"))
    );
}
