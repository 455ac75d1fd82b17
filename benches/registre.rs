//! The overdue listing at 10,000 cases on the shared register (PostgreSQL) and on the local
//! one (SQLCipher): the same dataset as `benches/store.rs`, the same code path as `acces
//! echeances --en-retard` (persons, open cases with their events read lean, statuses
//! derived, overdue selected). Prints timings; asserts nothing about time.
//!
//! Needs the test server: `.ci/postgres cargo bench --bench registre` (release), or
//! `.ci/postgres cargo bench --bench registre --profile dev` (no release build).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use acces::cases::CaseFilter;
use acces::cases::agenda::{agenda, track};
use acces::catalogue::Catalogue;
use acces::person::Person;
use acces::store::{self, Identity, LockMode, Passphrase, PgStore, Store, pg_testing};
use chrono::NaiveDate;

#[path = "dataset/mod.rs"]
mod dataset;

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

fn measure(name: &str, st: &dyn Store, cat: &Catalogue, today: NaiveDate) {
    let open = CaseFilter {
        ouverts_seulement: true,
        statut_seulement: true,
        ..CaseFilter::default()
    };
    let (overdue_time, overdue) = best_of(15, || {
        let persons: HashMap<i64, Person> = st
            .persons()
            .expect("persons")
            .into_iter()
            .map(|p| (p.id, p.personne))
            .collect();
        let tracked = track(cat, &persons, st.cases(&open).expect("cases"), today);
        agenda(&tracked, today, Some(30)).en_retard.len()
    });
    let (t_persons, _) = best_of(5, || st.persons().expect("persons").len());
    let (t_open, n) = best_of(5, || st.cases(&open).expect("cases").len());
    println!(
        "{name}: overdue listing {} ({overdue} overdue); of which persons {}, open cases with \
         their events {} ({n} cases)",
        ms(overdue_time),
        ms(t_persons),
        ms(t_open)
    );
}

fn main() {
    let cat = Catalogue::embedded().expect("embedded catalogue");
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
    let snap = dataset::generate(&cat);
    println!(
        "dataset: {} persons, {} cases, {} events",
        snap.personnes.len(),
        snap.dossiers.len(),
        snap.evenements.len()
    );

    let tmp = tempfile::tempdir().expect("temporary directory");
    let pass = Passphrase::new("phrase de passe du banc d'essai");
    let mut local = store::open(tmp.path(), &pass, LockMode::Command, true).expect("create");
    let t = Instant::now();
    local.import(&snap, false).expect("import");
    println!("SQLCipher: import {}", ms(t.elapsed()));
    measure("SQLCipher", &local, &cat, today);

    let Some(db) = pg_testing::fresh_database("bench") else {
        return;
    };
    let me = Identity::generate("banc");
    store::create_shared(&db.url, &me).expect("create the shared register");
    let mut shared = PgStore::open(&db.url, &me).expect("open");
    let t = Instant::now();
    shared.import(&snap, false).expect("import");
    println!("PostgreSQL: import {}", ms(t.elapsed()));
    measure("PostgreSQL", &shared, &cat, today);
}
