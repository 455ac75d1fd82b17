//! The store's behaviour, the same on both backends: each test here runs on the local
//! register (SQLCipher, in a temporary directory) and on a shared one (PostgreSQL, in a fresh
//! database of the test server started by `.ci/postgres`; skipped, saying so, without it —
//! and failing in CI).

use chrono::NaiveDate;

use super::*;
use crate::cases::{Channel, EventKind, Outcome, Uid};
use crate::error::exit;

/// A backend under test: its store, and more connections to the same register.
trait Bench {
    fn store(&mut self) -> &mut dyn Store;
    fn another(&self) -> Box<dyn Store>;
    /// A new, empty register of the same kind.
    fn empty(&self) -> Box<dyn Bench>;
}

struct Local {
    dir: tempfile::TempDir,
    store: SqliteStore,
}

fn pass() -> Passphrase {
    Passphrase::new("phrase de test")
}

impl Local {
    fn new() -> Local {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path(), &pass(), LockMode::Command, true).unwrap();
        Local { dir, store }
    }
}

impl Bench for Local {
    fn store(&mut self) -> &mut dyn Store {
        &mut self.store
    }
    fn another(&self) -> Box<dyn Store> {
        Box::new(open(self.dir.path(), &pass(), LockMode::Command, false).unwrap())
    }
    fn empty(&self) -> Box<dyn Bench> {
        Box::new(Local::new())
    }
}

struct Shared {
    store: PgStore,
    me: Identity,
    db: pg_testing::TestDatabase,
}

impl Shared {
    fn new(test: &str) -> Option<Shared> {
        let (db, me) = pg_testing::fresh_register(test)?;
        let store = PgStore::open(&db.url, &me).unwrap();
        Some(Shared { store, me, db })
    }
}

impl Bench for Shared {
    fn store(&mut self) -> &mut dyn Store {
        &mut self.store
    }
    fn another(&self) -> Box<dyn Store> {
        Box::new(PgStore::open(&self.db.url, &self.me).unwrap())
    }
    fn empty(&self) -> Box<dyn Bench> {
        Box::new(Shared::new("empty").expect("the test server is there"))
    }
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(&mut super::Local::new());
            }
            #[test]
            fn postgres() {
                if let Some(mut b) = super::Shared::new(stringify!($name)) {
                    super::$name(&mut b);
                }
            }
        }
    )*};
}

on_both!(
    persons_cases_and_events_round_trip,
    filters_select_by_person_and_file,
    a_cancelled_event_stays_and_a_cancelled_closing_reopens,
    a_closed_case_refuses_events,
    deleting_a_follow_up_reopens_the_step_in_its_parent,
    deleting_a_person_takes_their_cases,
    the_chosen_recipient_is_kept_with_the_case,
    another_connections_write_moves_the_data_version,
    a_batch_is_written_whole_or_not_at_all,
    the_deadline_listing_reads_open_cases_lean,
    an_event_before_the_opening_moves_it_back,
    every_write_judges_events_by_the_same_rules,
);

mod imports;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A person every store test may use (the local and shared registers' own tests too).
pub(super) fn person(nom: &str) -> Person {
    Person {
        nom: nom.into(),
        prenoms: "Camille".into(),
        adresse: vec!["1 rue de la Paix".into()],
        code_postal: "75002".into(),
        commune: "Paris".into(),
        email: Some("camille@exemple.fr".into()),
        departement: Some("75".into()),
        ..Person::default()
    }
}

fn case(p: PersonId, route: &str, suite_de: Option<CaseId>, opened: &str) -> NewCase {
    NewCase {
        personne: p,
        fichier: "TAJ".into(),
        demarche: route.into(),
        canal: Some(Channel::Lrar),
        references: vec!["réf. 2026/17".into()],
        suite_de,
        ouvert: d(opened),
    }
}

fn ev(date: &str, kind: EventKind, text: Option<&str>) -> NewEvent {
    NewEvent {
        date: d(date),
        kind,
        texte: text.map(str::to_string),
    }
}

fn persons_cases_and_events_round_trip(b: &mut dyn Bench) {
    let s = b.store();
    let p = s.add_person(&person("Zébulon")).unwrap();
    assert_eq!(s.person(p).unwrap(), Some(person("Zébulon")));
    let mut changed = person("Zébulon-Martin");
    changed.telephone = Some("06 00 00 00 00".into());
    s.update_person(p, &changed).unwrap();
    assert_eq!(s.person(p).unwrap(), Some(changed.clone()));
    assert_eq!(s.persons().unwrap().len(), 1);
    assert_eq!(s.persons().unwrap()[0].personne, changed);
    assert_eq!(s.person(p + 100).unwrap(), None);
    assert_eq!(
        s.update_person(p + 100, &changed).unwrap_err().code,
        exit::INVALID_INPUT
    );

    let c = s.open_case(&case(p, "acces", None, "2026-01-05")).unwrap();
    let sent = s
        .add_event(
            c,
            &ev(
                "2026-01-06",
                EventKind::Envoye {
                    canal: Some(Channel::Lrar),
                    recommande: Some("1A 123 456 7890 1".into()),
                },
                Some("envoyée par la poste de Belleville"),
            ),
        )
        .unwrap();
    let reply = s
        .add_event(
            c,
            &ev(
                "2026-02-20",
                EventKind::Reponse {
                    issue: Outcome::Refus,
                },
                None,
            ),
        )
        .unwrap();
    let h = s.case(c).unwrap().unwrap();
    assert_eq!(h.case.fichier, "TAJ");
    assert_eq!(h.case.canal, Some(Channel::Lrar));
    assert_eq!(h.case.references, vec!["réf. 2026/17".to_string()]);
    assert_eq!(h.case.ouvert, d("2026-01-05"));
    assert_eq!(
        h.events.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![sent, reply]
    );
    assert_eq!(
        h.events[0].kind,
        EventKind::Envoye {
            canal: Some(Channel::Lrar),
            recommande: Some("1A 123 456 7890 1".into()),
        }
    );
    assert_eq!(
        h.events[0].texte.as_deref(),
        Some("envoyée par la poste de Belleville")
    );
    assert!(!h.events[0].enregistre.is_empty());
    assert_eq!(s.case(c + 100).unwrap(), None);
    assert_eq!(
        s.add_event(c + 100, &ev("2026-03-01", EventKind::Note, Some("x")))
            .unwrap_err()
            .code,
        exit::INVALID_INPUT
    );
    let snap = s.snapshot().unwrap();
    assert_eq!(snap.personnes.len(), 1);
    assert_eq!(snap.dossiers, vec![h.case.clone()]);
    assert_eq!(snap.evenements, h.events);
    // A person that the checks of every input path refuse is not written.
    let mut bad = person("Contrôle");
    bad.nom = "a\u{1b}[2Jb".into();
    assert_eq!(s.add_person(&bad).unwrap_err().code, exit::INVALID_INPUT);
    assert_eq!(s.persons().unwrap().len(), 1);
}

fn filters_select_by_person_and_file(b: &mut dyn Bench) {
    let s = b.store();
    let p1 = s.add_person(&person("Un")).unwrap();
    let p2 = s.add_person(&person("Deux")).unwrap();
    let c1 = s.open_case(&case(p1, "acces", None, "2026-01-05")).unwrap();
    let mut other = case(p2, "rgpd", None, "2026-01-05");
    other.fichier = "FT-SUSPICION".into();
    let c2 = s.open_case(&other).unwrap();
    let ids =
        |f: CaseFilter| -> Vec<CaseId> { s.cases(&f).unwrap().iter().map(|h| h.case.id).collect() };
    assert_eq!(ids(CaseFilter::default()), vec![c1, c2]);
    assert_eq!(
        ids(CaseFilter {
            personne: Some(p2),
            ..Default::default()
        }),
        vec![c2]
    );
    assert_eq!(
        ids(CaseFilter {
            fichier: Some(" taj ".into()),
            ..Default::default()
        }),
        vec![c1]
    );
    assert!(
        ids(CaseFilter {
            personne: Some(p2),
            fichier: Some("TAJ".into()),
            ..Default::default()
        })
        .is_empty()
    );
}

fn a_cancelled_event_stays_and_a_cancelled_closing_reopens(b: &mut dyn Bench) {
    let s = b.store();
    let p = s.add_person(&person("Martin")).unwrap();
    let c = s.open_case(&case(p, "acces", None, "2026-01-05")).unwrap();
    let clos = s
        .add_event(
            c,
            &ev("2026-01-06", EventKind::Clos, Some("fermé par erreur")),
        )
        .unwrap();
    let ids = s
        .add_events(
            c,
            &[ev(
                "2026-01-07",
                EventKind::Annule { evenement: clos },
                Some("erreur"),
            )],
        )
        .unwrap();
    let h = s.case(c).unwrap().unwrap();
    assert!(!h.is_closed());
    assert!(h.is_cancelled(clos));
    assert_eq!(h.events.len(), 2);
    assert_eq!(h.events[1].id, ids[0]);
    s.add_event(c, &ev("2026-01-08", EventKind::Note, Some("suite")))
        .unwrap();
    // Cancelling twice, or cancelling a cancellation, is refused.
    for target in [clos, ids[0]] {
        let err = s
            .add_event(
                c,
                &ev("2026-01-09", EventKind::Annule { evenement: target }, None),
            )
            .unwrap_err();
        assert_eq!(err.code, exit::INVALID_INPUT);
    }
    // A correction: the cancellation and the corrected event, in one transaction.
    let note = s
        .add_event(c, &ev("2026-01-10", EventKind::Recu, None))
        .unwrap();
    let fixed = s
        .add_events(
            c,
            &[
                ev("2026-01-11", EventKind::Annule { evenement: note }, None),
                ev("2026-01-09", EventKind::Recu, None),
            ],
        )
        .unwrap();
    let h = s.case(c).unwrap().unwrap();
    assert!(h.is_cancelled(note));
    assert!(
        h.events
            .iter()
            .any(|e| e.id == fixed[1] && e.date == d("2026-01-09"))
    );
    let follow = s.open_case(&case(p, "cnil-108", Some(c), "2026-01-12"));
    assert!(follow.is_ok(), "a reopened case takes a follow-up");
}

fn a_closed_case_refuses_events(b: &mut dyn Bench) {
    let s = b.store();
    let p = s.add_person(&person("Martin")).unwrap();
    let c = s.open_case(&case(p, "acces", None, "2026-01-05")).unwrap();
    // A closing needs a reason.
    assert_eq!(
        s.add_event(c, &ev("2026-01-06", EventKind::Clos, None))
            .unwrap_err()
            .code,
        exit::INVALID_INPUT
    );
    s.add_event(c, &ev("2026-01-06", EventKind::Clos, Some("abandon")))
        .unwrap();
    let before = s.case(c).unwrap().unwrap();
    for e in [
        ev("2026-01-07", EventKind::Note, Some("trop tard")),
        ev("2026-01-07", EventKind::Recu, None),
    ] {
        assert_eq!(s.add_event(c, &e).unwrap_err().code, exit::INVALID_INPUT);
    }
    assert!(
        s.open_case(&case(p, "cnil-108", Some(c), "2026-01-08"))
            .is_err()
    );
    assert_eq!(s.case(c).unwrap().unwrap(), before, "nothing written");
}

fn deleting_a_follow_up_reopens_the_step_in_its_parent(b: &mut dyn Bench) {
    let s = b.store();
    let p = s.add_person(&person("Martin")).unwrap();
    let c1 = s.open_case(&case(p, "acces", None, "2026-01-05")).unwrap();
    let c2 = s
        .open_case(&case(p, "cnil-108", Some(c1), "2026-01-05"))
        .unwrap();
    let c3 = s
        .open_case(&case(p, "tribunal-administratif", Some(c2), "2026-01-05"))
        .unwrap();
    assert_eq!(s.case(c1).unwrap().unwrap().events.len(), 1);
    s.delete_case(c2).unwrap();
    assert!(s.case(c2).unwrap().is_none());
    assert!(s.case(c1).unwrap().unwrap().events.is_empty());
    assert_eq!(s.case(c3).unwrap().unwrap().case.suite_de, None);
    assert_eq!(s.delete_case(c2).unwrap_err().code, exit::INVALID_INPUT);
    // A follow-up for another person is refused.
    let q = s.add_person(&person("Autre")).unwrap();
    assert_eq!(
        s.open_case(&case(q, "cnil-108", Some(c1), "2026-01-05"))
            .unwrap_err()
            .code,
        exit::INVALID_INPUT
    );
}

fn deleting_a_person_takes_their_cases(b: &mut dyn Bench) {
    let s = b.store();
    let keep = s.add_person(&person("Gardé")).unwrap();
    let gone = s.add_person(&person("Parti")).unwrap();
    let kc = s
        .open_case(&case(keep, "acces", None, "2026-01-05"))
        .unwrap();
    let c1 = s
        .open_case(&case(gone, "acces", None, "2026-01-05"))
        .unwrap();
    s.open_case(&case(gone, "cnil-108", Some(c1), "2026-01-06"))
        .unwrap();
    s.add_event(c1, &ev("2026-01-06", EventKind::Note, Some("note")))
        .unwrap();
    assert_eq!(s.delete_person(gone).unwrap(), 2);
    let snap = s.snapshot().unwrap();
    assert_eq!(snap.personnes.len(), 1);
    assert_eq!(
        snap.dossiers.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![kc]
    );
    assert!(snap.evenements.is_empty());
    assert_eq!(s.delete_person(gone).unwrap_err().code, exit::INVALID_INPUT);
}

/// A register with one person, a case followed by another, and a cancelled note.
fn a_procedure(s: &mut dyn Store) -> (PersonId, CaseId, CaseId) {
    let p = s.add_person(&person("Martin")).unwrap();
    let c1 = s.open_case(&case(p, "acces", None, "2026-01-05")).unwrap();
    let c2 = s
        .open_case(&case(p, "cnil-108", Some(c1), "2026-04-05"))
        .unwrap();
    let x = s
        .add_event(c2, &ev("2026-04-06", EventKind::Note, Some("à annuler")))
        .unwrap();
    s.add_event(
        c2,
        &ev("2026-04-07", EventKind::Annule { evenement: x }, None),
    )
    .unwrap();
    (p, c1, c2)
}

fn the_chosen_recipient_is_kept_with_the_case(b: &mut dyn Bench) {
    let (_, c1, c2) = a_procedure(b.store());
    let s = b.store();
    assert_eq!(s.case(c1).unwrap().unwrap().case.destinataire, None);
    let to = "Monsieur le procureur de la République\nTribunal judiciaire de Lyon\n67 rue Servient\n69003 Lyon";
    s.set_recipient(c1, Some(to)).unwrap();
    assert_eq!(
        s.case(c1).unwrap().unwrap().case.destinataire.as_deref(),
        Some(to)
    );
    // Refused with the rules of every input path; nothing changed.
    let err = s.set_recipient(c1, Some("Tribunal\u{1b}[2J")).unwrap_err();
    assert_eq!(err.code, exit::INVALID_INPUT);
    assert!(s.set_recipient(c1, Some("  ")).is_err());
    assert_eq!(
        s.case(c1).unwrap().unwrap().case.destinataire.as_deref(),
        Some(to)
    );
    assert!(s.set_recipient(9999, Some(to)).is_err());
    // Through export and import.
    let snap = s.snapshot().unwrap();
    let mut other = b.empty();
    let t = other.store();
    t.import(&snap, false).unwrap();
    assert_eq!(
        t.case(c1).unwrap().unwrap().case.destinataire.as_deref(),
        Some(to)
    );
    // Forgotten on request.
    let s = b.store();
    s.set_recipient(c1, None).unwrap();
    assert_eq!(s.case(c1).unwrap().unwrap().case.destinataire, None);
    assert_eq!(s.case(c2).unwrap().unwrap().case.destinataire, None);
}

fn another_connections_write_moves_the_data_version(b: &mut dyn Bench) {
    let v0 = b.store().data_version().unwrap();
    // This connection's own writes leave it as is (the TUI then re-reads only what it wrote).
    let p = b.store().add_person(&person("Martin")).unwrap();
    let c = b
        .store()
        .open_case(&case(p, "acces", None, "2026-01-05"))
        .unwrap();
    b.store()
        .add_event(c, &ev("2026-01-06", EventKind::Note, Some("appel")))
        .unwrap();
    assert_eq!(b.store().data_version().unwrap(), v0, "own writes");
    // A write refused (nothing committed) leaves it as is too.
    assert!(
        b.store()
            .add_event(9999, &ev("2026-01-06", EventKind::Note, None))
            .is_err()
    );
    assert_eq!(b.store().data_version().unwrap(), v0, "a refused write");
    let mut cli = b.another();
    cli.add_person(&person("Durand")).unwrap();
    assert_ne!(
        b.store().data_version().unwrap(),
        v0,
        "another connection wrote"
    );
    assert_eq!(b.store().persons().unwrap().len(), 2);
}

fn a_batch_is_written_whole_or_not_at_all(b: &mut dyn Bench) {
    let s = b.store();
    let p = s.add_person(&person("Déjà")).unwrap();
    let c = s.open_case(&case(p, "acces", None, "2026-01-05")).unwrap();
    let q = s.add_person(&person("Autre")).unwrap();
    let before = s.snapshot().unwrap();
    let good = BatchEntry {
        person: BatchPerson::New(Box::new(person("Nouveau"))),
        cases: vec![BatchCase {
            target: BatchTarget::Open(case(0, "acces", None, "2026-02-01")),
            events: vec![ev("2026-02-01", EventKind::Brouillon, None)],
        }],
    };
    // Another person's case: the whole batch is refused.
    let bad = BatchEntry {
        person: BatchPerson::Existing(q),
        cases: vec![BatchCase {
            target: BatchTarget::Existing(c),
            events: vec![ev("2026-02-02", EventKind::Note, Some("x"))],
        }],
    };
    assert_eq!(
        s.add_batch(&[good.clone(), bad]).unwrap_err().code,
        exit::INVALID_INPUT
    );
    assert_eq!(s.snapshot().unwrap(), before);
    let mine = BatchEntry {
        person: BatchPerson::Existing(p),
        cases: vec![BatchCase {
            target: BatchTarget::Existing(c),
            events: vec![ev("2026-02-02", EventKind::Note, Some("y"))],
        }],
    };
    let ids = s.add_batch(&[good, mine]).unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[1], c);
    let after = s.snapshot().unwrap();
    assert_eq!(after.personnes.len(), 3);
    assert_eq!(after.personnes[2].personne.nom, "Nouveau");
    assert_eq!(
        s.case(ids[0]).unwrap().unwrap().case.personne,
        after.personnes[2].id
    );
    assert_eq!(s.case(c).unwrap().unwrap().events.len(), 1);
}

/// Every write checks events with the same rules: a batch appends to a case whose closing
/// was cancelled, as a single event does (the local register once counted the cancelled
/// `clos`), and a list of events is held to the texts' rules (the local register once let a
/// list through unchecked).
fn every_write_judges_events_by_the_same_rules(b: &mut dyn Bench) {
    let s = b.store();
    let p = s.add_person(&person("Martin")).unwrap();
    let c = s.open_case(&case(p, "acces", None, "2026-01-05")).unwrap();
    let clos = s
        .add_event(c, &ev("2026-01-06", EventKind::Clos, Some("par erreur")))
        .unwrap();
    let note = BatchEntry {
        person: BatchPerson::Existing(p),
        cases: vec![BatchCase {
            target: BatchTarget::Existing(c),
            events: vec![ev("2026-01-08", EventKind::Note, Some("x"))],
        }],
    };
    let refused = s.add_batch(std::slice::from_ref(&note)).unwrap_err();
    assert_eq!(refused.code, exit::INVALID_INPUT, "closed");
    s.add_event(
        c,
        &ev("2026-01-07", EventKind::Annule { evenement: clos }, None),
    )
    .unwrap();
    assert_eq!(s.add_batch(&[note]).unwrap(), vec![c], "reopened");
    let before = s.snapshot().unwrap();
    let bell = [
        ev("2026-01-09", EventKind::Note, Some("bien")),
        ev("2026-01-10", EventKind::Note, Some("sonnerie \u{7}")),
    ];
    let refused = s.add_events(c, &bell).unwrap_err();
    assert_eq!(refused.code, exit::INVALID_INPUT, "a control character");
    assert_eq!(s.snapshot().unwrap(), before, "nothing written");
}

fn the_deadline_listing_reads_open_cases_lean(b: &mut dyn Bench) {
    let s = b.store();
    let p = s.add_person(&person("Martin")).unwrap();
    let open = s.open_case(&case(p, "acces", None, "2026-01-05")).unwrap();
    s.add_event(
        open,
        &ev(
            "2026-01-06",
            EventKind::Envoye {
                canal: Some(Channel::Lrar),
                recommande: Some("1A".into()),
            },
            Some("texte"),
        ),
    )
    .unwrap();
    s.set_recipient(
        open,
        Some("Procureur de la République\nTribunal judiciaire de Lyon"),
    )
    .unwrap();
    let closed = s.open_case(&case(p, "rgpd", None, "2026-01-05")).unwrap();
    s.add_event(closed, &ev("2026-01-07", EventKind::Clos, Some("fini")))
        .unwrap();
    // Closed, then the closing cancelled: open again, so listed.
    let reopened = s
        .open_case(&case(p, "cnil-108", None, "2026-01-05"))
        .unwrap();
    let clos = s
        .add_event(reopened, &ev("2026-01-07", EventKind::Clos, Some("fini")))
        .unwrap();
    s.add_event(
        reopened,
        &ev("2026-01-08", EventKind::Annule { evenement: clos }, None),
    )
    .unwrap();
    let lean = s
        .cases(&CaseFilter {
            ouverts_seulement: true,
            statut_seulement: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        lean.iter().map(|h| h.case.id).collect::<Vec<_>>(),
        [open, reopened]
    );
    assert_eq!(lean[1].events.len(), 2, "the reopened case's events");
    // Only the events are lean: the case is whole (the listings and the mandate show its
    // references and the recipient it kept).
    let whole = s.case(open).unwrap().unwrap().case;
    assert_eq!(lean[0].case, whole);
    assert_eq!(
        (whole.references.as_slice(), whole.destinataire.as_deref()),
        (
            ["réf. 2026/17".to_string()].as_slice(),
            Some("Procureur de la République\nTribunal judiciaire de Lyon")
        )
    );
    let e = &lean[0].events[0];
    assert_eq!(
        e.kind,
        EventKind::Envoye {
            canal: Some(Channel::Lrar),
            recommande: None
        }
    );
    assert_eq!((e.texte.as_deref(), e.enregistre.as_str()), (None, ""));
    // The agenda computed from it lists the open case (the catalogue is the embedded one;
    // which section depends on the procedure rules, not on the backend).
    let cat = crate::catalogue::Catalogue::embedded().unwrap();
    let persons = s
        .persons()
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.personne))
        .collect();
    let tracked = crate::cases::agenda::track(&cat, &persons, lean, d("2026-06-01"));
    let agenda = crate::cases::agenda::agenda(&tracked, d("2026-06-01"), Some(30));
    assert!(agenda.items().any(|i| i.dossier == open));
    assert!(!agenda.items().any(|i| i.dossier == closed));
}

fn an_event_before_the_opening_moves_it_back(b: &mut dyn Bench) {
    let s = b.store();
    let p = s.add_person(&person("Martin")).unwrap();
    let (c, e) = s
        .open_case_with_event(
            &case(p, "acces", None, "2026-03-01"),
            &ev("2026-03-01", EventKind::Brouillon, None),
        )
        .unwrap();
    assert_eq!(s.case(c).unwrap().unwrap().events[0].id, e);
    s.add_event(c, &ev("2026-02-15", EventKind::Note, Some("avant")))
        .unwrap();
    assert_eq!(s.case(c).unwrap().unwrap().case.ouvert, d("2026-02-15"));
    // An escalation cannot be recorded as an event.
    assert_eq!(
        s.add_event(
            c,
            &ev(
                "2026-03-02",
                EventKind::Escalade {
                    dossier: c,
                    demarche: None
                },
                None
            )
        )
        .unwrap_err()
        .code,
        exit::INVALID_INPUT
    );
}
