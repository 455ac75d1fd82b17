//! The fields a letter needs, and their validation.
//!
//! One namespace of keys: person fields (they come from the « fichier personne » and can be
//! completed or overridden with `--champ`) and case fields (dates, references, the local
//! recipient's address…), which only come from the wizard or `--champ`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{LetterError, Target};
use crate::catalogue::Accred;
use crate::person::Person;
use crate::texts::letters as t;
use crate::validate;

/// What kind of value a field holds; decides the TUI widget and the validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// A paragraph of free text.
    LongText,
    /// A date, typed AAAA-MM-JJ or JJ/MM/AAAA.
    Date,
    /// Five digits.
    PostalCode,
    Email,
    /// Several lines; on the command line separated by « | ».
    Lines,
}

/// Where a field's value usually comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldSource {
    Person,
    Case,
}

/// One field the wizard asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSpec {
    pub key: &'static str,
    /// French label.
    pub label: String,
    /// French help: what to type, where to find it.
    pub help: String,
    pub kind: FieldKind,
    pub required: bool,
    pub source: FieldSource,
}

/// Every field key acces knows, with its kind and source.
pub const ALL_KEYS: &[(&str, FieldKind, FieldSource)] = &[
    ("civilite", FieldKind::Text, FieldSource::Person),
    ("nom", FieldKind::Text, FieldSource::Person),
    ("nom_naissance", FieldKind::Text, FieldSource::Person),
    ("prenoms", FieldKind::Text, FieldSource::Person),
    ("date_naissance", FieldKind::Date, FieldSource::Person),
    ("lieu_naissance", FieldKind::Text, FieldSource::Person),
    ("adresse", FieldKind::Lines, FieldSource::Person),
    ("code_postal", FieldKind::PostalCode, FieldSource::Person),
    ("commune", FieldKind::Text, FieldSource::Person),
    ("email", FieldKind::Email, FieldSource::Person),
    ("telephone", FieldKind::Text, FieldSource::Person),
    ("identifiant_caf", FieldKind::Text, FieldSource::Person),
    (
        "identifiant_france_travail",
        FieldKind::Text,
        FieldSource::Person,
    ),
    ("destinataire_adresse", FieldKind::Lines, FieldSource::Case),
    ("lieu", FieldKind::Text, FieldSource::Case),
    ("date_lettre", FieldKind::Date, FieldSource::Case),
    ("date_demande", FieldKind::Date, FieldSource::Case),
    ("date_reception", FieldKind::Date, FieldSource::Case),
    ("date_reponse", FieldKind::Date, FieldSource::Case),
    ("reference_reponse", FieldKind::Text, FieldSource::Case),
    ("decision_judiciaire", FieldKind::Text, FieldSource::Case),
    (
        "date_decision_judiciaire",
        FieldKind::Date,
        FieldSource::Case,
    ),
    ("reference_procedure", FieldKind::Text, FieldSource::Case),
    ("motifs", FieldKind::LongText, FieldSource::Case),
    ("decisions", FieldKind::LongText, FieldSource::Case),
    (
        "organisme_accreditation",
        FieldKind::Text,
        FieldSource::Case,
    ),
    (
        "date_refus_accreditation",
        FieldKind::Date,
        FieldSource::Case,
    ),
    (
        "documents_supplementaires",
        FieldKind::Lines,
        FieldSource::Case,
    ),
    ("precisions", FieldKind::LongText, FieldSource::Case),
    ("donnees_a_corriger", FieldKind::LongText, FieldSource::Case),
];

fn lookup(key: &str) -> Option<(&'static str, FieldKind, FieldSource)> {
    ALL_KEYS.iter().copied().find(|(k, _, _)| *k == key)
}

/// Letter kinds whose recipient must be able to identify the person by birth (police and
/// justice files, casier, Interpol).
fn needs_birth(kind: &str) -> bool {
    matches!(
        kind,
        "acces_titre3"
            | "cnil_108"
            | "cnil_118"
            | "effacement_procureur"
            | "recours_chambre_instruction"
            | "casier_b3"
            | "casier_releve_integral"
            | "ccf_interpol"
    )
}

/// The fields `target`'s letter needs, in the order a wizard asks them.
pub fn needed_fields(target: &Target<'_>) -> Vec<FieldSpec> {
    let mut out: Vec<(&'static str, bool)> = vec![
        ("civilite", false),
        ("nom", true),
        ("nom_naissance", false),
        ("prenoms", true),
    ];
    let base = target.base_kind();
    let birth = needs_birth(base);
    out.push(("date_naissance", birth));
    out.push(("lieu_naissance", birth));
    out.extend([
        ("adresse", true),
        ("code_postal", true),
        ("commune", true),
        ("email", false),
        ("telephone", false),
    ]);
    let recipient = target.recipient.id.as_str();
    if matches!(recipient, "caf" | "caf-prada") {
        out.push(("identifiant_caf", true));
    }
    if recipient == "agence-france-travail" {
        out.push(("identifiant_france_travail", true));
    }
    if target.recipient.address_lines.is_empty() {
        out.push(("destinataire_adresse", true));
    }
    out.push(("lieu", false));
    out.push(("date_lettre", false));

    if target.relance {
        out.push(("date_demande", true));
        out.push(("date_reception", false));
    } else {
        match base {
            "acces_titre3" | "cnil_108" | "cnil_118" => {
                if base == "cnil_108" {
                    out.push(("date_demande", true));
                    out.push(("date_reponse", false));
                    out.push(("reference_reponse", false));
                }
                if target.entry.accred == Accred::Yes {
                    out.push(("organisme_accreditation", false));
                    out.push(("date_refus_accreditation", false));
                }
                out.push(("precisions", false));
            }
            "plainte_cnil" => {
                out.push(("date_demande", true));
                out.push(("date_reception", false));
                out.push(("date_reponse", false));
                out.push(("precisions", false));
            }
            "saisine_cada" => {
                out.push(("date_demande", true));
                out.push(("date_reponse", false));
                out.push(("documents_supplementaires", false));
            }
            "demande_documents" => out.push(("documents_supplementaires", false)),
            "effacement_procureur" => {
                out.push(("decision_judiciaire", true));
                out.push(("date_decision_judiciaire", false));
                out.push(("reference_procedure", false));
                out.push(("motifs", false));
            }
            "recours_chambre_instruction" => {
                out.push(("date_demande", true));
                out.push(("date_reponse", false));
                out.push(("decision_judiciaire", false));
                out.push(("reference_procedure", false));
                out.push(("motifs", true));
            }
            "rgpd_algorithme" => out.push(("decisions", false)),
            "rgpd_rectification" => {
                out.push(("date_demande", false));
                out.push(("date_reponse", false));
                out.push(("donnees_a_corriger", true));
            }
            "casier_b3" | "casier_releve_integral" | "ccf_interpol" => {
                out.push(("precisions", false));
            }
            _ => {}
        }
    }
    out.into_iter()
        .filter_map(|(key, required)| {
            let (key, kind, source) = lookup(key)?;
            let (label, help) = t::field_text(key, base, target.relance, target.recipient);
            Some(FieldSpec {
                key,
                label,
                help,
                kind,
                required,
                source,
            })
        })
        .collect()
}

/// A validated value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    Date(NaiveDate),
    Lines(Vec<String>),
}

impl FieldValue {
    pub fn text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Validates one typed value for `key`; the error is a French message for that field.
pub fn validate_field(key: &str, raw: &str) -> Result<FieldValue, LetterError> {
    let Some((key, kind, _)) = lookup(key) else {
        return Err(LetterError::UnknownField(key.to_string()));
    };
    let invalid = |message: String| LetterError::Invalid {
        key: key.to_string(),
        message,
    };
    // Lengths and control characters first, for every kind (one-line kinds get the line
    // rule; texts and address lines may hold line breaks).
    match kind {
        FieldKind::LongText | FieldKind::Lines => validate::text(raw).map_err(invalid)?,
        _ => validate::line(raw.trim()).map_err(invalid)?,
    }
    match kind {
        FieldKind::Text | FieldKind::LongText => validate::required(raw)
            .map(FieldValue::Text)
            .map_err(invalid),
        FieldKind::Date => validate::date(raw).map(FieldValue::Date).map_err(invalid),
        FieldKind::PostalCode => validate::postal_code(raw)
            .map(FieldValue::Text)
            .map_err(invalid),
        FieldKind::Email => validate::email(raw).map(FieldValue::Text).map_err(invalid),
        FieldKind::Lines => {
            let lines: Vec<String> = raw
                .split(['|', '\n'])
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            if lines.is_empty() {
                Err(invalid(crate::texts::validate::REQUIRED.into()))
            } else {
                Ok(FieldValue::Lines(lines))
            }
        }
    }
}

/// Validated values, person fields included (taken from the person, then overridden by
/// what was typed).
#[derive(Debug, Clone, Default)]
pub struct Values(BTreeMap<&'static str, FieldValue>);

impl Values {
    /// Collects the person's fields, then the typed ones; every value is validated.
    pub fn collect(
        person: &Person,
        typed: &BTreeMap<String, String>,
    ) -> Result<Values, LetterError> {
        let mut map = BTreeMap::new();
        let mut put = |key: &'static str, raw: Option<String>| -> Result<(), LetterError> {
            if let Some(raw) = raw.filter(|r| !r.trim().is_empty()) {
                map.insert(key, validate_field(key, &raw)?);
            }
            Ok(())
        };
        put("civilite", person.civilite.clone())?;
        put("nom", Some(person.nom.clone()))?;
        put("nom_naissance", person.nom_naissance.clone())?;
        put("prenoms", Some(person.prenoms.clone()))?;
        put(
            "date_naissance",
            person
                .date_naissance
                .map(|d| d.format("%Y-%m-%d").to_string()),
        )?;
        put("lieu_naissance", person.lieu_naissance.clone())?;
        put("adresse", Some(person.adresse.join("|")))?;
        put("code_postal", Some(person.code_postal.clone()))?;
        put("commune", Some(person.commune.clone()))?;
        put("email", person.email.clone())?;
        put("telephone", person.telephone.clone())?;
        put("identifiant_caf", person.identifiants.caf.clone())?;
        put(
            "identifiant_france_travail",
            person.identifiants.france_travail.clone(),
        )?;
        for (key, raw) in typed {
            let Some((key, _, _)) = lookup(key.trim()) else {
                return Err(LetterError::UnknownField(key.clone()));
            };
            map.insert(key, validate_field(key, raw)?);
        }
        Ok(Values(map))
    }

    pub fn get(&self, key: &str) -> Option<&FieldValue> {
        self.0.get(key)
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(FieldValue::text)
    }

    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        match self.get(key) {
            Some(FieldValue::Date(d)) => Some(*d),
            _ => None,
        }
    }

    pub fn lines(&self, key: &str) -> Vec<String> {
        match self.get(key) {
            Some(FieldValue::Lines(l)) => l.clone(),
            Some(FieldValue::Text(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_french_text() {
        for (key, _, _) in ALL_KEYS {
            let (label, help) = t::field_label_help(key);
            assert!(!label.is_empty() && !help.is_empty(), "{key}");
        }
    }

    #[test]
    fn lines_split_on_bar() {
        assert_eq!(
            validate_field("destinataire_adresse", "Tribunal | 1 rue X |").unwrap(),
            FieldValue::Lines(vec!["Tribunal".into(), "1 rue X".into()])
        );
    }

    #[test]
    fn invalid_date_names_the_field() {
        let err = validate_field("date_demande", "2026-02-30").unwrap_err();
        assert!(matches!(&err, LetterError::Invalid { key, .. } if key == "date_demande"));
        assert!(err.to_string().contains("date_demande"), "{err}");
    }

    #[test]
    fn unknown_key_is_refused() {
        assert!(matches!(
            validate_field("nimporte", "x"),
            Err(LetterError::UnknownField(_))
        ));
    }
}
