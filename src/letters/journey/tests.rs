//! Unit tests of `journey`.

use super::*;
use crate::cases::Outcome;
use crate::cases::testing::{cat, d, history_of, sent};
use crate::catalogue::Catalogue;

fn history(code: &str, route: &str, events: &[(&str, EventKind)]) -> CaseHistory {
    history_of(7, 3, code, route, events)
}

fn status_of(h: &CaseHistory, today: &str) -> Status {
    let cat = cat();
    status::derive(h, cat.entry(&h.case.fichier), Region::General, d(today))
}

fn target<'a>(cat: &'a Catalogue, code: &str, route: &str, relance: bool) -> Target<'a> {
    let e = cat.entry(code).unwrap();
    Target::new(cat, e, e.route(route).unwrap(), relance).unwrap()
}

#[test]
fn default_route_is_the_first_start_route_with_a_letter() {
    let cat = cat();
    assert_eq!(
        default_route(cat.entry("TAJ").unwrap()).unwrap().id,
        "acces"
    );
    // FIJAIT's access route has no letter: its erasure request is the default.
    let fijait = cat.entry("FIJAIT").unwrap();
    assert_eq!(default_route(fijait).unwrap().id, "effacement");
    let routes: Vec<&str> = letter_routes(fijait)
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(routes, ["effacement", "recours-ci"]);
}

#[test]
fn after_silence_a_next_step_takes_no_reply_date_and_knows_the_decision_is_implicit() {
    // FT-SUSPICION documents request: sent 5 January, received 7 January; one month of
    // silence is an implicit refusal, born 7 February.
    let h = history(
        "FT-SUSPICION",
        "crpa",
        &[("2026-01-05", sent()), ("2026-01-07", EventKind::Recu)],
    );
    let st = status_of(&h, "2026-03-01");
    let dates = follow_up_dates(&st);
    assert_eq!(
        dates.decision,
        Some(Decision::Implicit {
            born: d("2026-02-07"),
            estimated: false
        })
    );
    assert_eq!(
        dates.fields(),
        vec![
            ("date_demande", d("2026-01-05")),
            ("date_reception", d("2026-01-07"))
        ]
    );
    // The CADA referral asks no receipt date: only the request's date is filled.
    let cat = cat();
    let cada = target(&cat, "FT-SUSPICION", "cada", false);
    assert_eq!(
        dates.fields_for(&cada),
        vec![("date_demande", d("2026-01-05"))]
    );
}

#[test]
fn after_an_express_refusal_a_next_step_takes_its_date() {
    let h = history(
        "TAJ",
        "acces",
        &[
            ("2026-01-05", sent()),
            (
                "2026-02-20",
                EventKind::Reponse {
                    issue: Outcome::Refus,
                },
            ),
        ],
    );
    let st = status_of(&h, "2026-03-01");
    let dates = follow_up_dates(&st);
    assert_eq!(
        dates.decision,
        Some(Decision::Express {
            date: d("2026-02-20")
        })
    );
    assert!(dates.fields().contains(&("date_reponse", d("2026-02-20"))));
    // A reminder takes the request's dates only.
    assert_eq!(reminder_dates(&st).decision, None);
}

#[test]
fn the_implicit_decision_is_kept_once_the_next_step_is_opened() {
    let h = history(
        "TAJ",
        "acces",
        &[
            ("2026-01-05", sent()),
            ("2026-01-07", EventKind::Recu),
            (
                "2026-04-01",
                EventKind::Escalade {
                    dossier: 8,
                    demarche: Some("cnil-108".into()),
                },
            ),
        ],
    );
    let st = status_of(&h, "2026-04-02");
    assert!(matches!(
        follow_up_dates(&st).decision,
        Some(Decision::Implicit { .. })
    ));
}

#[test]
fn a_reminder_waits_for_the_recipients_deadline() {
    // Received 7 January + 2 months = 7 March 2026, a Saturday: legal date Monday 9 March.
    let h = history(
        "TAJ",
        "acces",
        &[("2026-01-05", sent()), ("2026-01-07", EventKind::Recu)],
    );
    let early = check_reminder(&status_of(&h, "2026-03-09"), d("2026-03-09"));
    let Err(ReminderProblem::TooEarly(due)) = &early else {
        panic!("{early:?}")
    };
    assert_eq!(due.due(), d("2026-03-09"));
    assert!(early.unwrap_err().to_string().contains("10 mars 2026"));
    assert_eq!(
        check_reminder(&status_of(&h, "2026-03-10"), d("2026-03-10")),
        Ok(())
    );
    // Not sent, answered: no reminder.
    let draft = history("TAJ", "acces", &[("2026-01-05", EventKind::Brouillon)]);
    assert_eq!(
        check_reminder(&status_of(&draft, "2026-06-01"), d("2026-06-01")),
        Err(ReminderProblem::NotSent)
    );
    let answered = history(
        "TAJ",
        "acces",
        &[
            ("2026-01-05", sent()),
            (
                "2026-02-01",
                EventKind::Reponse {
                    issue: Outcome::Refus,
                },
            ),
        ],
    );
    assert_eq!(
        check_reminder(&status_of(&answered, "2026-06-01"), d("2026-06-01")),
        Err(ReminderProblem::Answered(d("2026-02-01")))
    );
    // From the dates typed, without a case: the receipt estimated from the sending.
    let cat = cat();
    let route = cat.entry("TAJ").unwrap().route("acces").unwrap();
    let r = check_reminder_dates(
        route,
        d("2026-01-05"),
        None,
        Region::General,
        d("2026-03-09"),
    );
    assert!(matches!(r, Err(ReminderProblem::TooEarly(ref due)) if due.estimated));
    assert_eq!(
        check_reminder_dates(
            route,
            d("2026-01-05"),
            None,
            Region::General,
            d("2026-03-10")
        ),
        Ok(())
    );
}

#[test]
fn the_guard_counts_the_persons_deadline_from_the_decision() {
    let cat = cat();
    // TAJ: one month from the procureur's refusal (R.40-31-1 CPP).
    let taj = target(&cat, "TAJ", "recours-ci", false);
    let refused = Decision::Express {
        date: d("2026-11-20"),
    };
    let g = guard(&taj, Some(refused), Region::General, d("2026-12-01")).unwrap();
    assert_eq!(g.days_left(), Some(19));
    assert!(!g.is_late());
    assert!(
        g.lines("x")[0].contains("20 décembre 2026"),
        "{:?}",
        g.lines("x")
    );
    let g = guard(&taj, Some(refused), Region::General, d("2027-03-01")).unwrap();
    assert!(g.is_late());
    assert!(g.lines("x")[0].contains("irrecevable"));
    // FIJAIS: ten days.
    let fijais = target(&cat, "FIJAIS", "recours-ci", false);
    let g = guard(&fijais, Some(refused), Region::General, d("2026-12-01")).unwrap();
    assert_eq!(g.days_left(), Some(-1));
    // After silence: counted from the implicit decision, and said so.
    let born = Decision::Implicit {
        born: d("2026-11-20"),
        estimated: false,
    };
    let g = guard(&fijais, Some(born), Region::General, d("2026-11-25")).unwrap();
    assert_eq!(g.days_left(), Some(5));
    assert!(g.lines("x")[1].contains("refus implicite né le 20 novembre 2026"));
    // No date known: the rule is recalled; no deadline for the person: no guard.
    assert_eq!(
        guard(&taj, None, Region::General, d("2026-12-01")),
        Some(Guard::Undated {
            length: 1,
            unit: Unit::Months
        })
    );
    let access = target(&cat, "TAJ", "acces", false);
    assert_eq!(
        guard(&access, Some(refused), Region::General, d("2026-12-01")),
        None
    );
    let reminder = target(&cat, "TAJ", "acces", true);
    assert_eq!(
        guard(&reminder, Some(refused), Region::General, d("2026-12-01")),
        None
    );
}

#[test]
fn writing_records_a_draft_unless_the_sending_is_reported() {
    let today = d("2026-03-10");
    let new = Writing::NewCase {
        person: 3,
        file: "TAJ",
        route: "cnil-108",
        follows: Some(7),
    };
    let Recording::NewCase { case, event } = record(new, None, false, today).unwrap() else {
        panic!("a new case")
    };
    assert_eq!(case.suite_de, Some(7));
    assert_eq!(case.canal, Some(Channel::Lrar));
    assert_eq!((event.date, event.kind), (today, EventKind::Brouillon));

    let sending = Sending {
        channel: Channel::Lrar,
        date: d("2026-03-02"),
        recommande: Some("1A 2".into()),
    };
    let Recording::NewCase { case, event } = record(new, Some(&sending), false, today).unwrap()
    else {
        panic!("a new case")
    };
    assert_eq!(case.ouvert, d("2026-03-02"));
    assert_eq!(
        event.kind,
        EventKind::Envoye {
            canal: Some(Channel::Lrar),
            recommande: Some("1A 2".into())
        }
    );

    let h = history("TAJ", "acces", &[("2026-01-05", sent())]);
    let reminder = Writing::OnCase {
        history: &h,
        reminder: true,
    };
    let Recording::OnCase { case, event } = record(reminder, None, false, today).unwrap() else {
        panic!("on the case")
    };
    assert_eq!(case, 7);
    assert_eq!(event.kind, EventKind::Brouillon);
    assert_eq!(event.texte.as_deref(), Some(t::DRAFT_REMINDER_NOTE));
    let Recording::OnCase { event, .. } = record(reminder, Some(&sending), false, today).unwrap()
    else {
        panic!("on the case")
    };
    assert_eq!(
        (event.date, event.kind),
        (
            d("2026-03-02"),
            EventKind::Relance {
                canal: sending.channel.into(),
                recommande: sending.recommande.clone()
            }
        )
    );

    let future = Sending {
        date: d("2026-03-11"),
        ..sending
    };
    assert_eq!(
        record(new, Some(&future), false, today),
        Err(RecordProblem::SentInFuture)
    );
    let closed = history(
        "TAJ",
        "acces",
        &[("2026-01-05", sent()), ("2026-01-06", EventKind::Clos)],
    );
    let on_closed = Writing::OnCase {
        history: &closed,
        reminder: false,
    };
    assert_eq!(
        record(on_closed, None, true, today),
        Err(RecordProblem::CaseClosed)
    );
}
