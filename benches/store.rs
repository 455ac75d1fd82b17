//! Timing of the tracker on a large store: 10,000 persons, 10,000 cases, 50,000 events.
//! Prints timings; asserts nothing about time.
//!
//! Run: `cargo bench --bench store` (a temporary directory is used and removed).

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use acces::cases::agenda::{agenda, track};
use acces::cases::status::State;
use acces::cases::{Case, CaseFilter, Channel, Event, EventKind, Outcome, PersonRecord, Snapshot};
use acces::catalogue::Catalogue;
use acces::person::Person;
use acces::store::{self, LockMode, Passphrase, Store};
use chrono::{Days, NaiveDate};

const PERSONS: usize = 10_000;
const CASES: usize = 10_000;
const EVENTS: usize = 50_000;

/// A small deterministic generator (no dependency needed for a benchmark).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(cat: &Catalogue) -> Snapshot {
    let mut rng = Lcg(42);
    let deps = ["75", "93", "13", "57", "67", "69", "974", "2A"];
    let personnes: Vec<PersonRecord> = (1..=PERSONS as i64)
        .map(|id| PersonRecord {
            id,
            personne: Person {
                nom: format!("Nom{id}"),
                prenoms: format!("Prénom{}", rng.below(500)),
                adresse: vec![format!("{} rue de l'Essai", rng.below(200) + 1)],
                code_postal: format!("{:05}", 1000 + rng.below(90_000)),
                commune: "Commune".into(),
                departement: Some(deps[rng.below(deps.len())].to_string()),
                ..Person::default()
            },
        })
        .collect();
    let routes: Vec<(&str, &str)> = cat
        .entries()
        .iter()
        .flat_map(|e| {
            e.routes
                .iter()
                .map(move |r| (e.code.as_str(), r.id.as_str()))
        })
        .collect();
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let mut dossiers = Vec::with_capacity(CASES);
    for id in 1..=CASES as i64 {
        let (code, route) = routes[rng.below(routes.len())];
        dossiers.push(Case {
            id,
            personne: 1 + rng.below(PERSONS) as i64,
            fichier: code.to_string(),
            demarche: route.to_string(),
            canal: Some(Channel::ALL[rng.below(Channel::ALL.len())]),
            references: Vec::new(),
            suite_de: None,
            ouvert: first + Days::new(rng.below(880) as u64),
        });
    }
    // Five events a case: sent, receipt, then a mix of reminders, replies and notes.
    let mut evenements = Vec::with_capacity(EVENTS);
    let mut id = 0i64;
    for c in &dossiers {
        let mut date = c.ouvert;
        for i in 0..EVENTS / CASES {
            id += 1;
            date = date + Days::new(1 + rng.below(40) as u64);
            let kind = match i {
                0 => EventKind::Envoye {
                    canal: c.canal,
                    recommande: Some(format!("1A{id:09}")),
                },
                1 if rng.below(3) > 0 => EventKind::Recu,
                3 if rng.below(2) == 0 => EventKind::Reponse {
                    issue: Outcome::ALL[rng.below(Outcome::ALL.len())],
                },
                4 if rng.below(10) == 0 => EventKind::Clos,
                _ if rng.below(2) == 0 => EventKind::Relance,
                _ => EventKind::Note,
            };
            evenements.push(Event {
                id,
                dossier: c.id,
                date,
                texte: matches!(kind, EventKind::Note | EventKind::Clos)
                    .then(|| "texte libre de la note".to_string()),
                kind,
                enregistre: "2026-01-01T00:00:00Z".into(),
            });
        }
    }
    Snapshot {
        format: Snapshot::FORMAT,
        personnes,
        dossiers,
        evenements,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        last = Some(v);
    }
    (best, last.expect("at least one run"))
}

fn main() {
    let cat = Catalogue::embedded().expect("embedded catalogue");
    let tmp = tempfile::tempdir().expect("temporary directory");
    let dir = tmp.path();
    let pass = Passphrase::new("phrase de passe du banc d'essai");
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");

    let t = Instant::now();
    let snap = generate(&cat);
    let generated = t.elapsed();
    let t = Instant::now();
    {
        let mut st = store::open(dir, &pass, LockMode::Command, true).expect("create");
        st.import(&snap).expect("import");
    }
    let imported = t.elapsed();
    let size = std::fs::metadata(store::db_path(dir))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "generated {} persons, {} cases, {} events in {}; imported (one transaction) in {}; \
         store file {:.1} MiB",
        snap.personnes.len(),
        snap.dossiers.len(),
        snap.evenements.len(),
        ms(generated),
        ms(imported),
        size as f64 / (1024.0 * 1024.0)
    );

    let (open, st) = best_of(5, || {
        store::open(dir, &pass, LockMode::Command, false).expect("open")
    });
    println!(
        "open the store (key derivation, checks, pragmas): {}",
        ms(open)
    );

    let (t_persons, _) = best_of(5, || st.persons().expect("persons").len());
    let (t_cases, _) = best_of(5, || st.cases(&CaseFilter::default()).expect("cases").len());
    println!(
        "  of which: persons {}, cases with their events {}",
        ms(t_persons),
        ms(t_cases)
    );
    let (load, (persons, histories)) = best_of(5, || {
        let persons: HashMap<i64, Person> = st
            .persons()
            .expect("persons")
            .into_iter()
            .map(|p| (p.id, p.personne))
            .collect();
        let histories = st.cases(&CaseFilter::default()).expect("cases");
        (persons, histories)
    });
    println!("load all persons, cases and events: {}", ms(load));

    let (derive, tracked) = best_of(5, || track(&cat, &persons, histories.clone(), today));
    let with_due = tracked
        .iter()
        .filter(|x| x.status.next_due().is_some())
        .count();
    println!(
        "compute all statuses and due dates ({} cases, {} with a due date): {}",
        tracked.len(),
        with_due,
        ms(derive)
    );

    let (overdue_time, overdue) = best_of(5, || {
        let persons: HashMap<i64, Person> = st
            .persons()
            .expect("persons")
            .into_iter()
            .map(|p| (p.id, p.personne))
            .collect();
        let open = CaseFilter {
            ouverts_seulement: true,
            ..CaseFilter::default()
        };
        let tracked = track(&cat, &persons, st.cases(&open).expect("cases"), today);
        agenda(&tracked, today, 30).en_retard
    });
    println!(
        "list overdue cases from the open store (load open cases + derive + select; {} \
         overdue): {} (target < 50 ms)",
        overdue.len(),
        ms(overdue_time)
    );

    let mut by_state: HashMap<State, usize> = HashMap::new();
    for x in &tracked {
        *by_state.entry(x.status.state).or_default() += 1;
    }
    let mut states: Vec<_> = by_state.into_iter().collect();
    states.sort_by_key(|(s, _)| s.id());
    println!(
        "states: {}",
        states
            .iter()
            .map(|(s, n)| format!("{}={n}", s.id()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    black_box(overdue);
}
