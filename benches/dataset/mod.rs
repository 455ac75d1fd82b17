//! The benchmarks' shared dataset: 10,000 persons, 10,000 cases, 50,000 events, generated
//! deterministically from the embedded catalogue (the tracker's and the TUI's benchmarks
//! measure the same data).

use acces::cases::{Case, Channel, Event, EventKind, Outcome, PersonRecord, Snapshot};
use acces::catalogue::Catalogue;
use acces::person::Person;
use chrono::{Days, NaiveDate};

pub const PERSONS: usize = 10_000;
pub const CASES: usize = 10_000;
pub const EVENTS: usize = 50_000;

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

pub fn generate(cat: &Catalogue) -> Snapshot {
    let mut rng = Lcg(42);
    let deps = ["75", "93", "13", "57", "67", "69", "974", "2A"];
    let personnes: Vec<PersonRecord> = (1..=PERSONS as i64)
        .map(|id| PersonRecord {
            uid: None,
            maj: None,
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
            uid: None,
            destinataire: None,
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
                _ if rng.below(2) == 0 => EventKind::Relance {
                    canal: None,
                    recommande: None,
                },
                _ => EventKind::Note,
            };
            evenements.push(Event {
                uid: None,
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
