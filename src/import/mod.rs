//! Bringing a group's data into the register: the spreadsheet reader ([`sheet`]) and the
//! plan that turns its lines into what the store adds, without duplicates.
//!
//! No I/O: the CLI (and later the TUI) reads the file, calls [`sheet::parse`] and [`plan`],
//! shows the result and hands the plan's batch to [`crate::store::Store::add_batch`].

pub mod sheet;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::cases::{Case, NewCase, PersonId, PersonRecord};
use crate::catalogue::fold;
use crate::person::Person;
use crate::store::{BatchCase, BatchEntry, BatchPerson, BatchTarget};
use sheet::SheetRow;

/// What identifies a person across imports: name, first names (case and accents folded)
/// and date of birth.
fn person_key(p: &Person) -> (String, String, Option<NaiveDate>) {
    let squash = |s: &str| fold(s).split_whitespace().collect::<Vec<_>>().join(" ");
    (squash(&p.nom), squash(&p.prenoms), p.date_naissance)
}

/// What the import will write, and what it leaves because the register already has it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub batch: Vec<BatchEntry>,
    pub persons_added: usize,
    /// Persons of the file already in the register.
    pub persons_known: usize,
    pub cases_added: usize,
    /// Cases (same person, file and route) already in the register or on an earlier line.
    pub cases_known: usize,
    /// Sendings recorded on the new cases.
    pub sendings: usize,
}

/// Turns valid lines into a batch: a person already in the register (same name, first names
/// and date of birth) is not added again, a case the person already has (same file and
/// route) is not opened again; a person on several lines is added once, with each line's case.
/// Importing the same file twice therefore adds nothing the second time.
pub fn plan(rows: &[SheetRow], persons: &[PersonRecord], cases: &[Case]) -> Plan {
    let known: HashMap<_, PersonId> = persons
        .iter()
        .map(|r| (person_key(&r.personne), r.id))
        .collect();
    let mut open: HashSet<(PersonId, String, String)> = cases
        .iter()
        .map(|c| (c.personne, c.fichier.to_uppercase(), c.demarche.clone()))
        .collect();
    let mut out = Plan::default();
    // Index in the batch of each person met in the file.
    let mut met: HashMap<_, usize> = HashMap::new();
    // New persons' cases, by batch index.
    let mut new_cases: HashSet<(usize, String, String)> = HashSet::new();
    for row in rows {
        let key = person_key(&row.person);
        let index = match met.get(&key) {
            Some(&i) => i,
            None => {
                let person = match known.get(&key) {
                    Some(&id) => {
                        out.persons_known += 1;
                        BatchPerson::Existing(id)
                    }
                    None => {
                        out.persons_added += 1;
                        BatchPerson::New(Box::new(row.person.clone()))
                    }
                };
                out.batch.push(BatchEntry {
                    person,
                    cases: Vec::new(),
                });
                met.insert(key, out.batch.len() - 1);
                out.batch.len() - 1
            }
        };
        let Some(case) = &row.case else { continue };
        let code = case.fichier.to_uppercase();
        let fresh = match out.batch[index].person {
            BatchPerson::Existing(id) => open.insert((id, code, case.demarche.clone())),
            BatchPerson::New(_) => new_cases.insert((index, code, case.demarche.clone())),
        };
        if !fresh {
            out.cases_known += 1;
            continue;
        }
        out.cases_added += 1;
        out.sendings += usize::from(case.envoi.is_some());
        out.batch[index].cases.push(BatchCase {
            target: BatchTarget::Open(NewCase {
                personne: 0,
                fichier: case.fichier.clone(),
                demarche: case.demarche.clone(),
                canal: case.canal,
                references: Vec::new(),
                suite_de: None,
                ouvert: case.ouvert,
            }),
            events: case.envoi.iter().cloned().collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sheet::SheetCase;

    fn person(nom: &str, prenoms: &str) -> Person {
        Person {
            nom: nom.into(),
            prenoms: prenoms.into(),
            adresse: vec!["1 rue X".into()],
            code_postal: "75001".into(),
            commune: "Paris".into(),
            ..Person::default()
        }
    }

    fn row(line: u64, p: Person, code: Option<&str>) -> SheetRow {
        SheetRow {
            line,
            person: p,
            case: code.map(|c| SheetCase {
                fichier: c.into(),
                demarche: "acces".into(),
                canal: None,
                ouvert: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                envoi: None,
            }),
        }
    }

    #[test]
    fn known_persons_and_cases_are_not_added_twice() {
        let existing = vec![PersonRecord {
            uid: None,
            maj: None,
            id: 7,
            personne: person("Martin", "Paul"),
        }];
        let cases = vec![Case {
            uid: None,
            destinataire: None,
            id: 1,
            personne: 7,
            fichier: "TAJ".into(),
            demarche: "acces".into(),
            canal: None,
            references: vec![],
            suite_de: None,
            ouvert: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        }];
        let rows = vec![
            // Same person, other spelling of case and accents: known; TAJ already open.
            row(2, person("MARTIN", " paul "), Some("TAJ")),
            row(3, person("Martin", "Paul"), Some("FPR")),
            row(4, person("Durand", "Zoé"), Some("TAJ")),
            row(5, person("Durand", "Zoe"), Some("TAJ")),
            row(6, person("Durand", "Zoé"), Some("FPR")),
        ];
        let plan = plan(&rows, &existing, &cases);
        assert_eq!(plan.persons_added, 1);
        assert_eq!(plan.persons_known, 1);
        assert_eq!(plan.cases_added, 3);
        assert_eq!(plan.cases_known, 2);
        assert_eq!(plan.batch.len(), 2);
        assert_eq!(plan.batch[0].person, BatchPerson::Existing(7));
        assert_eq!(plan.batch[0].cases.len(), 1);
        assert_eq!(plan.batch[1].cases.len(), 2);
    }
}
