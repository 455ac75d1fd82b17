//! Local recipients: communes and postal codes, courts by département, and where a person
//! finds the address of the local bodies acces does not know (`requests/local/`).
//!
//! Model floor: no I/O. The tables are parsed from text (the embedded copy, or the files of a
//! catalogue directory under verification) and only when a letter needs them. As in
//! `catalogue/load.rs`, the few parse messages are French inline (the ground floor does not
//! import `texts`); the verifier's checks are in `letters::check_local`.

mod embedded;
mod place;
mod resolve;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::catalogue::{Confidence, Problem};

pub use embedded::{EMBEDDED_LOCAL_FILES, embedded};
pub use place::{PlaceFrom, SearchPlace, depends_on_procedure_place};
pub use resolve::{Candidate, CommuneMatch, Proposal, Resolution, Why};

/// The files of `requests/local/` the program reads (paths relative to `requests/`).
pub const COMMUNES_FILE: &str = "local/communes.tsv";
pub const COURTS_FILE: &str = "local/juridictions.json";
pub const BODIES_FILE: &str = "local/organismes.json";

/// A current commune or a municipal arrondissement (Paris, Lyon, Marseille).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commune {
    /// INSEE code (« 69382 »); never guessed from the postal code.
    pub insee: String,
    pub nom: String,
    pub codes_postaux: Vec<String>,
    /// For an arrondissement: the INSEE code of its commune (« 69123 »).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl Commune {
    /// The département code: « 69 », « 2A », « 974 ».
    pub fn departement(&self) -> &str {
        departement_of(&self.insee)
    }
}

/// The département of an INSEE commune code (overseas codes have three digits).
pub fn departement_of(insee: &str) -> &str {
    let n = if insee.starts_with("97") || insee.starts_with("98") {
        3
    } else {
        2
    };
    insee.get(..n).unwrap_or(insee)
}

/// A court or a body with its published address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: String,
    /// `tribunal-judiciaire`, `cour-appel`, `tribunal-administratif`,
    /// `cour-administrative-appel`, `france-travail`.
    pub family: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat: Option<Seat>,
    /// Empty when no safe address is known: the person types it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address_lines: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Ministry of Justice SRJ code « orig/num ».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub srj: Option<String>,
    /// For a tribunal judiciaire: its cour d'appel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub confidence: Confidence,
    pub confidence_note: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seat {
    pub insee: String,
    pub commune: String,
}

/// A tribunal judiciaire competent for part of another département (Dinan area → Saint-Malo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TjAlso {
    pub id: String,
    pub note: String,
}

/// The courts of one département.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Departement {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tj: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tj_also: Vec<TjAlso>,
    /// TJ id → names of its chambres de proximité (hints for choosing among several TJ).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub chambres_de_proximite: BTreeMap<String, Vec<String>>,
    pub ta: String,
    pub caa: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CourtsFile {
    entities: Vec<Entity>,
    departements: BTreeMap<String, Departement>,
}

/// How a catalogue authority is found locally: a court family, or a hint only.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientRule {
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub hint: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BodiesFile {
    recipients: BTreeMap<String, RecipientRule>,
    entities: Vec<Entity>,
    hints: BTreeMap<String, String>,
}

/// The parsed tables, with their indexes.
#[derive(Debug, Clone)]
pub struct LocalData {
    communes: Vec<Commune>,
    by_insee: HashMap<String, usize>,
    by_postal_code: HashMap<String, Vec<usize>>,
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    departements: BTreeMap<String, Departement>,
    recipients: BTreeMap<String, RecipientRule>,
    hints: BTreeMap<String, String>,
}

impl LocalData {
    /// Parses the three files (communes TSV, courts JSON, bodies JSON). Every problem is
    /// reported with its file.
    pub fn parse(communes: &str, courts: &str, bodies: &str) -> Result<LocalData, Vec<Problem>> {
        let mut problems = Vec::new();
        let communes = parse_communes(communes, &mut problems);
        let courts: Option<CourtsFile> = parse_json(COURTS_FILE, courts, &mut problems);
        let bodies: Option<BodiesFile> = parse_json(BODIES_FILE, bodies, &mut problems);
        let (Some(courts), Some(bodies)) = (courts, bodies) else {
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut by_insee = HashMap::with_capacity(communes.len());
        let mut by_postal_code: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in communes.iter().enumerate() {
            if by_insee.insert(c.insee.clone(), i).is_some() {
                problems.push(Problem::new(
                    COMMUNES_FILE,
                    "",
                    format!("la commune {} apparaît deux fois", c.insee),
                ));
            }
            for cp in &c.codes_postaux {
                by_postal_code.entry(cp.clone()).or_default().push(i);
            }
        }
        let mut entities = courts.entities;
        entities.extend(bodies.entities);
        let mut by_id = HashMap::with_capacity(entities.len());
        for (i, e) in entities.iter().enumerate() {
            if by_id.insert(e.id.clone(), i).is_some() {
                problems.push(Problem::new(
                    COURTS_FILE,
                    "",
                    format!("l’identifiant « {} » apparaît deux fois", e.id),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(LocalData {
            communes,
            by_insee,
            by_postal_code,
            entities,
            by_id,
            departements: courts.departements,
            recipients: bodies.recipients,
            hints: bodies.hints,
        })
    }

    pub fn communes(&self) -> &[Commune] {
        &self.communes
    }

    pub fn commune(&self, insee: &str) -> Option<&Commune> {
        self.by_insee.get(insee).map(|&i| &self.communes[i])
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    pub fn departements(&self) -> &BTreeMap<String, Departement> {
        &self.departements
    }

    pub fn departement(&self, code: &str) -> Option<&Departement> {
        self.departements.get(code)
    }

    /// How the catalogue authority `id` is found locally, if it is.
    pub fn recipient_rule(&self, id: &str) -> Option<&RecipientRule> {
        self.recipients.get(id)
    }

    pub fn recipient_rules(&self) -> &BTreeMap<String, RecipientRule> {
        &self.recipients
    }

    pub fn hint(&self, key: &str) -> Option<&str> {
        self.hints.get(key).map(String::as_str)
    }

    pub fn hints(&self) -> &BTreeMap<String, String> {
        &self.hints
    }

    /// The communes a postal code serves. When a commune and one of its arrondissements
    /// share the code (Lyon and Lyon 2e for 69002), only the arrondissement is kept.
    pub fn communes_for_postal_code(&self, cp: &str) -> Vec<&Commune> {
        let Some(list) = self.by_postal_code.get(cp.trim()) else {
            return Vec::new();
        };
        let found: Vec<&Commune> = list.iter().map(|&i| &self.communes[i]).collect();
        found
            .iter()
            .copied()
            .filter(|c| {
                !found
                    .iter()
                    .any(|o| o.parent.as_deref() == Some(c.insee.as_str()))
            })
            .collect()
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match serde_json::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(Problem::new(
                file,
                "",
                format!(
                    "JSON invalide à la ligne {}, colonne {} : {e}",
                    e.line(),
                    e.column()
                ),
            ));
            None
        }
    }
}

fn parse_communes(text: &str, problems: &mut Vec<Problem>) -> Vec<Commune> {
    let mut out = Vec::with_capacity(36_000);
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(insee), Some(nom), Some(cps), Some(parent), None) = (
            cols.next(),
            cols.next(),
            cols.next(),
            cols.next(),
            cols.next(),
        ) else {
            problems.push(Problem::new(
                COMMUNES_FILE,
                format!("ligne {}", n + 1),
                "ligne mal formée : il faut quatre colonnes séparées par des tabulations \
                 (code INSEE, nom, codes postaux, commune parente)",
            ));
            continue;
        };
        out.push(Commune {
            insee: insee.to_string(),
            nom: nom.to_string(),
            codes_postaux: cps
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            parent: (!parent.is_empty()).then(|| parent.to_string()),
        });
    }
    out
}

#[cfg(test)]
mod tests;
