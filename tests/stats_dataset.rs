//! Statistics on the 10,000-case benchmark dataset: no name or identifier in the output, and
//! small cells hidden.

#[allow(dead_code)]
#[path = "../benches/dataset/mod.rs"]
mod dataset;

use std::collections::HashMap;

use acces::cases::agenda::track;
use acces::cases::stats::{self, Count};
use acces::cases::{CaseHistory, PersonId};
use acces::catalogue::Catalogue;
use acces::person::Person;
use chrono::NaiveDate;

#[test]
fn the_bench_dataset_gives_anonymous_statistics() {
    let cat = Catalogue::embedded().unwrap();
    let snap = dataset::generate(&cat);
    let persons: HashMap<PersonId, Person> = snap
        .personnes
        .iter()
        .map(|p| (p.id, p.personne.clone()))
        .collect();
    let mut events: HashMap<i64, Vec<_>> = HashMap::new();
    for e in &snap.evenements {
        events.entry(e.dossier).or_default().push(e.clone());
    }
    let histories: Vec<CaseHistory> = snap
        .dossiers
        .iter()
        .map(|c| CaseHistory {
            case: c.clone(),
            events: events.remove(&c.id).unwrap_or_default(),
        })
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let s = stats::compute(&track(&cat, &persons, histories, today));
    assert_eq!(s.dossiers, Count::Shown(dataset::CASES));
    let json = serde_json::to_string(&s).unwrap();
    let text = acces::texts::stats::report(&s);
    for out in [&json, &text] {
        assert!(!out.contains("Nom1"), "a name in the output");
        assert!(!out.contains("Prénom"), "a first name in the output");
        assert!(
            !out.contains("1A0"),
            "a registered-letter number in the output"
        );
        assert!(!out.contains("rue de l'Essai"), "an address in the output");
    }
    // Every shown count is 0 or at least 5; the months are 2024-01 … 2026-05.
    for l in s
        .par_fichier
        .iter()
        .chain(&s.par_demarche)
        .chain(&s.par_issue)
        .chain(&s.par_mois)
    {
        if let Count::Shown(n) = l.dossiers {
            assert!(n == 0 || n >= stats::THRESHOLD, "{} {n}", l.valeur);
        }
    }
    assert!(s.par_mois.iter().all(|l| l.valeur.len() == 7));
    assert!(s.delais.mediane_jours.is_some());
    let total: usize = s.par_fichier.iter().map(|l| l.dossiers.value()).sum();
    assert!(total <= dataset::CASES);
}
