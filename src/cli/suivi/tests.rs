//! The lean read of `acces echeances` ([`due_agenda`]) gives what the full read gives: the
//! same agenda and the same text, on a varied register (every kind of event, cancellations,
//! follow-ups, closed cases, persons of every département and full profiles).

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::due_agenda;
use crate::cases::agenda::{Agenda, Section, agenda, track};
use crate::cases::{CaseFilter, Channel, EventKind, NewCase, NewEvent, Outcome, PersonId};
use crate::catalogue::Catalogue;
use crate::person::{Identifiants, Person, PersonHead, Representant};
use crate::store::Store;

/// A small deterministic generator (xorshift), so that the register is the same each run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn person(dice: &mut Dice, i: usize) -> Person {
    let noms = [
        "Martin",
        "N'Diaye",
        "Lefèvre",
        "Müller \"dit\" Schmitt",
        "O\\Brien",
        "Nguyễn",
    ];
    let departements = [
        None,
        Some("57"),
        Some("67"),
        Some(" 68 "),
        Some("75"),
        Some("2A"),
    ];
    Person {
        civilite: i.is_multiple_of(3).then(|| "Madame".to_string()),
        nom: format!("{} {i}", dice.pick(&noms)),
        prenoms: dice
            .pick(&["Léa", "Jean-Édouard", "Aïcha Marie", " Zoé "])
            .to_string(),
        date_naissance: Some(d("1980-02-29")),
        lieu_naissance: Some("Metz (57)".into()),
        adresse: vec!["3 rue de l’Église".into(), "Bâtiment \"B\"".into()],
        code_postal: "57000".into(),
        commune: "Metz".into(),
        email: i.is_multiple_of(2).then(|| format!("p{i}@exemple.fr")),
        departement: dice.pick(&departements).map(str::to_string),
        identifiants: Identifiants {
            caf: i.is_multiple_of(4).then(|| "1234567".to_string()),
            france_travail: None,
        },
        representant: i.is_multiple_of(5).then(|| Representant {
            nom: "Association".into(),
            qualite: Some("mandataire".into()),
            adresse: vec!["1 place".into()],
            email: None,
        }),
        ..Person::default()
    }
}

/// Appends a random history to `case` (events the store refuses are left out).
fn history(dice: &mut Dice, store: &mut dyn Store, case: i64, next: &[String], opened: NaiveDate) {
    let mut day = opened;
    let mut ids: Vec<i64> = Vec::new();
    for n in 0..dice.below(8) {
        // Sent soon after the opening, so that deadlines fall on the days chosen for them.
        day = day + Days::new(dice.below(if n == 0 { 2 } else { 70 }) as u64);
        let canal = *dice.pick(&[
            None,
            Some(Channel::Lrar),
            Some(Channel::Email),
            Some(Channel::Courrier),
        ]);
        let kind = match dice.below(12) {
            0 => EventKind::Brouillon,
            1..=3 => EventKind::Envoye {
                canal,
                recommande: Some("1A 234".into()),
            },
            4 => EventKind::Recu,
            5..=7 => EventKind::Reponse {
                issue: *dice.pick(&Outcome::ALL),
            },
            8 => EventKind::Relance {
                canal,
                recommande: None,
            },
            9 if !next.is_empty() => EventKind::Renonce {
                demarche: dice.pick(next).clone(),
            },
            9 => EventKind::Note,
            10 if !ids.is_empty() => EventKind::Annule {
                evenement: *dice.pick(&ids),
            },
            10 => EventKind::Note,
            _ => {
                if dice.below(3) == 0 {
                    EventKind::Clos
                } else {
                    EventKind::Note
                }
            }
        };
        let event = NewEvent {
            date: day,
            kind,
            texte: Some("texte, « guillemets »".into()),
        };
        if let Ok(id) = store.add_event(case, &event) {
            ids.push(id);
        }
    }
}

/// A register of about 240 persons and their cases on every starting route.
fn register(store: &mut dyn Store, cat: &Catalogue) {
    let mut dice = Dice(0x5eed_1234_abcd_ef01);
    let starts: Vec<(&str, &crate::catalogue::Route)> = cat
        .entries()
        .iter()
        .flat_map(|e| e.start_routes().map(move |r| (e.code.as_str(), r)))
        .collect();
    for i in 0..240 {
        let p = store.add_person(&person(&mut dice, i)).unwrap();
        for _ in 0..1 + dice.below(3) {
            let (code, route) = *dice.pick(&starts);
            // Some of the dates whose deadlines end on a holiday of Alsace-Moselle only
            // (Good Friday, 26 December), the others anywhere in 20 months.
            let near = [
                "2025-10-26",
                "2025-11-26",
                "2026-02-03",
                "2026-03-03",
                "2026-01-03",
            ];
            let opened = match dice.below(3) {
                0 => d(dice.pick::<&str>(&near)),
                _ => d("2025-03-01") + Days::new(dice.below(600) as u64),
            };
            let new = NewCase {
                personne: p,
                fichier: code.to_string(),
                demarche: route.id.clone(),
                canal: *dice.pick(&[None, Some(Channel::Lrar), Some(Channel::Formulaire)]),
                references: vec!["réf. 1".into()],
                suite_de: None,
                ouvert: opened,
            };
            let case = store.open_case(&new).unwrap();
            history(&mut dice, store, case, &route.next, opened);
            // Some follow-ups: a next step opened as a case of its own.
            if !route.next.is_empty() && dice.below(3) == 0 {
                let step = dice.pick(&route.next).clone();
                let later = opened + Days::new(60 + dice.below(200) as u64);
                let follow = NewCase {
                    demarche: step.clone(),
                    suite_de: Some(case),
                    ouvert: later,
                    ..new
                };
                if let Ok(f) = store.open_case(&follow) {
                    let next = cat
                        .entry(code)
                        .and_then(|e| e.route(&step))
                        .map(|r| r.next.clone())
                        .unwrap_or_default();
                    history(&mut dice, store, f, &next, later);
                }
            }
        }
    }
}

/// A new register in `dir`, filled by [`register`], and the embedded catalogue.
fn filled_register(dir: &std::path::Path) -> (crate::store::SqliteStore, Catalogue) {
    let mut store = crate::store::open_for_test(dir);
    let cat = Catalogue::embedded().unwrap();
    register(&mut store, &cat);
    (store, cat)
}

/// What `acces echeances` computed from the full read: every person's whole profile, every
/// case's whole history.
fn full_agenda(
    store: &dyn Store,
    cat: &Catalogue,
    today: NaiveDate,
    days: Option<u32>,
    only_late: bool,
) -> (Agenda, HashMap<PersonId, PersonHead>) {
    let persons: HashMap<PersonId, Person> = super::persons(store).unwrap();
    let open = CaseFilter {
        ouverts_seulement: true,
        ..CaseFilter::default()
    };
    let tracked = track(cat, &persons, store.cases(&open).unwrap(), today);
    let mut ag = agenda(&tracked, today, days);
    if only_late {
        ag.only_late(today);
    }
    let heads = persons
        .iter()
        .map(|(id, p)| (*id, PersonHead::from(p)))
        .collect();
    (ag, heads)
}

#[test]
fn the_lean_listing_prints_byte_for_byte_what_the_full_read_prints() {
    let dir = tempfile::tempdir().unwrap();
    let (store, cat) = filled_register(dir.path());
    let mut seen = [false; Section::ALL.len()];
    for today in ["2025-06-15", "2026-01-31", "2026-11-30", "2027-06-01"] {
        let today = d(today);
        for days in [None, Some(0), Some(30), Some(365)] {
            for only_late in [false, true] {
                let (lean, lean_persons) =
                    due_agenda(&store, &cat, today, days, only_late).unwrap();
                let (full, full_persons) = full_agenda(&store, &cat, today, days, only_late);
                assert!(
                    serde_json::to_string(&lean).unwrap() == serde_json::to_string(&full).unwrap(),
                    "the agendas differ on {today}, days {days:?}, late only {only_late}"
                );
                let text = |ag: &Agenda, p: &HashMap<PersonId, PersonHead>| {
                    crate::texts::agenda::agenda(ag, p, &cat, today, days, only_late)
                };
                assert_eq!(text(&lean, &lean_persons), text(&full, &full_persons));
                for (i, s) in Section::ALL.into_iter().enumerate() {
                    seen[i] |= !lean.section(s).is_empty();
                }
            }
        }
    }
    // The register is varied enough for the comparison to mean something: every section
    // is filled, and the persons' départements change some dates.
    assert_eq!(seen, [true; Section::ALL.len()], "a section never filled");
    let everywhere_general = |today: NaiveDate| {
        let open = CaseFilter {
            ouverts_seulement: true,
            ..CaseFilter::default()
        };
        let tracked = track(&cat, &HashMap::new(), store.cases(&open).unwrap(), today);
        serde_json::to_string(&agenda(&tracked, today, None)).unwrap()
    };
    assert!(
        ["2025-12-01", "2026-01-31", "2026-04-20"]
            .into_iter()
            .map(d)
            .any(|today| {
                let (lean, _) = due_agenda(&store, &cat, today, None, false).unwrap();
                serde_json::to_string(&lean).unwrap() != everywhere_general(today)
            }),
        "no date depends on the département"
    );
}

/// What `acces dossier liste` printed from the full read: every person's whole profile,
/// every case's whole history, the list built whole, then printed.
fn full_list(
    store: &dyn Store,
    cat: &Catalogue,
    filter: &CaseFilter,
    wanted: Option<crate::cases::status::State>,
    today: NaiveDate,
    json: bool,
) -> String {
    let persons: HashMap<PersonId, Person> = super::persons(store).unwrap();
    let full = CaseFilter {
        statut_seulement: false,
        ..filter.clone()
    };
    let tracked: Vec<_> = track(cat, &persons, store.cases(&full).unwrap(), today)
        .into_iter()
        .filter(|x| wanted.is_none_or(|w| x.status.state == w))
        .collect();
    if json {
        let out: Vec<_> = tracked
            .iter()
            .map(|x| super::CaseJson {
                dossier: &x.history.case,
                etat: &x.status,
                echeance: x.status.next_due(),
            })
            .collect();
        return serde_json::to_string_pretty(&out).unwrap() + "\n";
    }
    if tracked.is_empty() {
        return format!("{}\n", crate::texts::cases::NO_CASE);
    }
    tracked
        .iter()
        .map(|x| {
            let who = persons.get(&x.history.case.personne).map(PersonHead::from);
            let line = crate::texts::cases::case_line(&x.history.case, who.as_ref(), &x.status);
            format!("{}\n", crate::texts::terminal_safe(&line))
        })
        .collect()
}

#[test]
fn the_streamed_case_list_prints_byte_for_byte_what_the_full_read_prints() {
    use crate::cases::status::State;
    let dir = tempfile::tempdir().unwrap();
    let (store, cat) = filled_register(dir.path());
    let some_case = store.cases(&CaseFilter::default()).unwrap()[7].case.clone();
    let filters = [
        CaseFilter::default(),
        CaseFilter {
            personne: Some(some_case.personne),
            ..CaseFilter::default()
        },
        CaseFilter {
            fichier: Some(format!(" {} ", some_case.fichier.to_lowercase())),
            ..CaseFilter::default()
        },
        CaseFilter {
            personne: Some(9999),
            ..CaseFilter::default()
        },
    ];
    let mut states_seen = std::collections::HashSet::new();
    for today in ["2025-06-15", "2026-01-31", "2027-06-01"] {
        let today = d(today);
        for f in &filters {
            let lean = CaseFilter {
                statut_seulement: true,
                ..f.clone()
            };
            for wanted in [
                None,
                Some(State::EnRetard),
                Some(State::AAgir),
                Some(State::Clos),
            ] {
                for json in [false, true] {
                    let mut out = Vec::new();
                    super::write_list(&store, &cat, &lean, wanted, today, json, &mut out)
                        .unwrap()
                        .unwrap();
                    let out = String::from_utf8(out).unwrap();
                    assert!(
                        out == full_list(&store, &cat, f, wanted, today, json),
                        "the lists differ on {today}, {f:?}, {wanted:?}, json {json}"
                    );
                    if json && wanted.is_none() {
                        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                        for c in v.as_array().unwrap() {
                            states_seen.insert(c["etat"]["state"].as_str().unwrap().to_string());
                        }
                    }
                }
            }
        }
    }
    // Varied enough to mean something: cases in many states, and the whole case is shown.
    assert!(states_seen.len() >= 5, "{states_seen:?}");
    let mut out = Vec::new();
    super::write_list(
        &store,
        &cat,
        &CaseFilter {
            statut_seulement: true,
            ..CaseFilter::default()
        },
        None,
        d("2026-01-31"),
        true,
        &mut out,
    )
    .unwrap()
    .unwrap();
    assert!(String::from_utf8(out).unwrap().contains("réf. 1"));
}
