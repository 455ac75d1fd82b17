//! The letter wizard's core: which fields a letter needs, their validation, and the letter
//! itself (a [`Letter`] value, its canonical text, PDF and e-mail forms).
//!
//! No terminal, no file access: the CLI and the TUI drive these functions and write the
//! bytes they return. Articles, recipients, deadlines and enclosures come from the catalogue;
//! the wording of each letter kind is a tera template in `templates/<kind>.txt`, embedded
//! in the binary. What people type is only ever passed to templates as data.

pub mod batch;
mod context;
pub mod eml;
pub mod fields;
pub mod journey;
mod local_check;
pub mod mandate;
pub mod pdf;
pub mod recipient;
mod templates;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalogue::{Authority, Catalogue, Confidence, Entry, Party, Route};
use crate::person::Person;
use crate::texts::letter_phrases as lp;
use crate::texts::letters as t;

pub use fields::{FieldKind, FieldSource, FieldSpec, FieldValue, Values, needed_fields};
pub use local_check::check_local;
pub use templates::{KINDS, RELANCE};

/// The letter to write: one route of one entry, or the reminder (`relance`) for that route.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub catalogue: &'a Catalogue,
    pub entry: &'a Entry,
    pub route: &'a Route,
    pub recipient: &'a Authority,
    /// The reminder for `route` instead of `route`'s own letter.
    pub relance: bool,
    base_kind: &'a str,
}

impl<'a> Target<'a> {
    pub fn new(
        catalogue: &'a Catalogue,
        entry: &'a Entry,
        route: &'a Route,
        relance: bool,
    ) -> Result<Target<'a>, LetterError> {
        let Some(kind) = route.letter.as_deref() else {
            return Err(LetterError::NoLetter {
                route: route.title.clone(),
            });
        };
        // The CADA referral's deadline is the body's (its silence after the referral confirms
        // the refusal), not the CADA's: there is nobody to remind.
        if relance
            && (route.deadline_for(Party::Administration).is_none() || kind == "saisine_cada")
        {
            return Err(LetterError::NoDeadline {
                route: route.title.clone(),
            });
        }
        let recipient = catalogue
            .authority(&route.recipient)
            .ok_or_else(|| LetterError::UnknownRecipient(route.recipient.clone()))?;
        Ok(Target {
            catalogue,
            entry,
            route,
            recipient,
            relance,
            base_kind: kind,
        })
    }

    /// The template used: the route's letter kind, or `relance`.
    pub fn kind(&self) -> &'a str {
        if self.relance {
            RELANCE
        } else {
            self.base_kind
        }
    }

    /// The route's own letter kind (also for a reminder).
    pub fn base_kind(&self) -> &'a str {
        self.base_kind
    }

    /// The step that came before this one (the route whose `next` lists it), if any. When
    /// several lead to it, the one it is the first follow-up of (the CADA comes after the
    /// document request, which leads only there, before the RGPD request, which offers it
    /// among others); then the first in the catalogue.
    pub fn previous(&self) -> Option<&'a Route> {
        let id = self.route.id.as_str();
        self.entry
            .routes
            .iter()
            .filter_map(|r| r.next.iter().position(|n| n == id).map(|at| (at, r)))
            .min_by_key(|(at, _)| *at)
            .map(|(_, r)| r)
    }
}

/// How the letter will be sent, and today's date (the core does not read the clock).
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub today: NaiveDate,
    /// Sent by post (adds the « Lettre recommandée avec accusé de réception » mention).
    pub by_post: bool,
}

/// A written letter, in parts, so that each output lays it out its own way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Letter {
    /// The template used.
    pub kind: String,
    pub sender: Vec<String>,
    pub recipient: Vec<String>,
    /// « Lyon, le 3 mars 2027 ».
    pub place_date: String,
    pub date: NaiveDate,
    pub by_post: bool,
    /// Without the « Objet : » prefix.
    pub subject: String,
    /// Paragraphs; a paragraph may hold several lines (lists).
    pub body: Vec<String>,
    pub signature: Vec<String>,
    pub enclosures: Vec<String>,
    /// Enclosures the catalogue lists for some situations only (« Si vous êtes né à
    /// l’étranger… »): not in the letter, shown to the person to decide.
    pub conditional_enclosures: Vec<String>,
    /// What the person must know before sending (the catalogue's cautions for this step,
    /// e.g. that the letter does not stop a time limit): shown before output, not printed.
    pub cautions: Vec<String>,
    pub recipient_email: Option<String>,
    pub sender_email: Option<String>,
}

impl Letter {
    /// The canonical plain text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let block = |out: &mut String, lines: &[String]| {
            for l in lines {
                out.push_str(l);
                out.push('\n');
            }
            out.push('\n');
        };
        block(&mut out, &self.sender);
        block(&mut out, &self.recipient);
        out.push_str(&self.place_date);
        out.push_str("\n\n");
        if self.by_post {
            out.push_str(lp::BY_POST);
            out.push('\n');
        }
        out.push_str(lp::SUBJECT_PREFIX);
        out.push_str(&self.subject);
        out.push_str("\n\n");
        out.push_str(&self.body_text());
        out
    }

    /// From the first paragraph to the enclosures: the body of an e-mail.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for p in &self.body {
            out.push_str(p);
            out.push_str("\n\n");
        }
        for l in &self.signature {
            out.push_str(l);
            out.push('\n');
        }
        if !self.enclosures.is_empty() {
            out.push('\n');
            out.push_str(lp::ENCLOSURES);
            out.push('\n');
            for e in &self.enclosures {
                out.push_str("– ");
                out.push_str(e);
                out.push('\n');
            }
        }
        out
    }
}

/// A letter that cannot be written, as a command's failure: a template or PDF defect is a
/// failed check, anything else bad input.
pub fn failure(e: LetterError) -> crate::error::Failure {
    use crate::error::{Failure, exit};
    let code = match e {
        LetterError::Template { .. } | LetterError::Pdf(_) => exit::CHECK_FAILED,
        _ => exit::INVALID_INPUT,
    };
    Failure::new(code, e.to_string())
}

/// Why a letter cannot be written; `Display` is the French message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterError {
    NoLetter {
        route: String,
    },
    NoDeadline {
        route: String,
    },
    UnknownRecipient(String),
    /// Required fields without a value: (key, French label).
    Missing(Vec<(String, String)>),
    Invalid {
        key: String,
        message: String,
    },
    UnknownField(String),
    Template {
        kind: String,
        detail: String,
    },
    Pdf(String),
    EmlNeedsEmail,
    EmlNoRecipientEmail(String),
    Eml(String),
}

impl fmt::Display for LetterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            LetterError::NoLetter { route } => t::no_letter(route),
            LetterError::NoDeadline { route } => t::no_deadline(route),
            LetterError::UnknownRecipient(id) => t::unknown_recipient(id),
            LetterError::Missing(fields) => t::missing(fields),
            LetterError::Invalid { key, message } => t::invalid(key, message),
            LetterError::UnknownField(key) => t::unknown_field(key),
            LetterError::Template { kind, .. } => t::template_failed(kind),
            LetterError::Pdf(_) => t::pdf_failed(),
            LetterError::EmlNeedsEmail => t::eml_needs_email(),
            LetterError::EmlNoRecipientEmail(name) => t::eml_no_recipient_email(name),
            LetterError::Eml(_) => t::eml_failed(),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for LetterError {}

/// A fact of low confidence the letter relies on; shown before output, never in the letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Which fact, in French.
    pub fact: String,
    /// Why it is uncertain (the catalogue's note).
    pub why: String,
}

/// The low-confidence facts `target`'s letter uses.
pub fn warnings(target: &Target<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    let why = |note: Option<&String>| note.cloned().unwrap_or_else(|| t::WARN_NO_NOTE.to_string());
    let entry = target.entry;
    if entry.confidence == Confidence::Low {
        out.push(Warning {
            fact: t::warn_entry(&entry.code),
            why: why(entry.confidence_note.as_ref()),
        });
    }
    let route = target.route;
    if route.confidence == Confidence::Low {
        out.push(Warning {
            fact: t::warn_route(&route.title),
            why: why(route.confidence_note.as_ref()),
        });
    }
    let rec = target.recipient;
    if rec.confidence == Confidence::Low {
        out.push(Warning {
            fact: t::warn_recipient(&rec.name),
            why: why(rec.confidence_note.as_ref()),
        });
    }
    for b in &route.legal_basis {
        if b.confidence == Confidence::Low {
            out.push(Warning {
                fact: t::warn_basis(&b.text, &lp::articles(&b.articles)),
                why: why(b.note.as_ref()),
            });
        }
    }
    if let Some(d) = route.deadline_for(Party::Administration)
        && d.confidence == Confidence::Low
    {
        out.push(Warning {
            fact: t::warn_deadline(&d.basis),
            why: why(d.note.as_ref()),
        });
    }
    out
}

/// Writes the letter: validates the person and the typed fields, checks that every
/// required field has a value, fills the template.
pub fn render(
    target: &Target<'_>,
    person: &Person,
    typed: &BTreeMap<String, String>,
    options: RenderOptions,
) -> Result<Letter, LetterError> {
    let values = Values::collect(person, typed)?;
    let missing: Vec<(String, String)> = needed_fields(target)
        .into_iter()
        .filter(|f| f.required && !values.contains(f.key))
        .map(|f| {
            // Which recipient, and where to find its address, is part of the question.
            let label = if f.key == "destinataire_adresse" {
                format!("{}\n{}", f.label, f.help)
            } else {
                f.label
            };
            (f.key.to_string(), label)
        })
        .collect();
    if !missing.is_empty() {
        return Err(LetterError::Missing(missing));
    }
    context::build(target, person, &values, options)
}

/// Each letter kind with the fields its letters need (union over the catalogue's routes,
/// required if required for one of them), for `acces lettre --liste`.
pub fn kinds_and_fields(catalogue: &Catalogue) -> Vec<(String, Vec<FieldSpec>)> {
    let mut out: Vec<(String, Vec<FieldSpec>)> = Vec::new();
    let mut add = |kind: &str, specs: Vec<FieldSpec>| {
        let slot = match out.iter().position(|(k, _)| k == kind) {
            Some(i) => i,
            None => {
                out.push((kind.to_string(), Vec::new()));
                out.len() - 1
            }
        };
        for s in specs {
            let list = &mut out[slot].1;
            match list.iter_mut().find(|x| x.key == s.key) {
                Some(x) => x.required |= s.required,
                None => list.push(s),
            }
        }
    };
    for entry in catalogue.entries() {
        for route in &entry.routes {
            if let Ok(target) = Target::new(catalogue, entry, route, false) {
                add(target.kind(), needed_fields(&target));
            }
            if let Ok(target) = Target::new(catalogue, entry, route, true) {
                add(target.kind(), needed_fields(&target));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Renders every route's letter (and reminder) of `catalogue` with a complete fictional
/// person and case: a template that names a variable the code does not provide, or a route
/// whose letter kind has no template, shows up here. Returns French problem lines.
pub fn check_catalogue(catalogue: &Catalogue) -> Vec<String> {
    let person = sample_person();
    let typed = sample_case();
    let options = RenderOptions {
        today: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap_or_default(),
        by_post: true,
    };
    let mut problems = Vec::new();
    for kind in KINDS {
        match templates::variables(kind) {
            Ok(vars) => {
                for v in vars {
                    if !context::PROVIDED.contains(&v.as_str()) {
                        problems.push(t::template_unknown_variable(kind, &v));
                    }
                }
            }
            Err(detail) => problems.push(format!("{}: {detail}", t::template_failed(kind))),
        }
    }
    for entry in catalogue.entries() {
        for route in &entry.routes {
            for c in &route.cautions {
                if let Some(key) = &c.when_field
                    && !fields::ALL_KEYS.iter().any(|(k, _, _)| k == key)
                {
                    problems.push(t::caution_unknown_field(&entry.code, &route.id, key));
                }
            }
            if route.letter.is_none() {
                continue;
            }
            for relance in [false, true] {
                let target = match Target::new(catalogue, entry, route, relance) {
                    Ok(t) => t,
                    Err(LetterError::NoDeadline { .. }) => continue,
                    Err(e) => {
                        problems.push(format!("{} / {} : {e}", entry.code, route.id));
                        continue;
                    }
                };
                match render(&target, &person, &typed, options) {
                    // The sample person is represented: the letter names the mandate exactly
                    // when a mandate covers the step (`mandate::covers`).
                    Ok(letter) => {
                        let covered = mandate::covers(route);
                        if letter.text().contains(MANDATE_WORDS) != covered {
                            problems.push(t::mandate_mismatch(
                                &entry.code,
                                &route.id,
                                target.kind(),
                                covered,
                            ));
                        }
                    }
                    Err(e) => {
                        let detail = match &e {
                            LetterError::Template { detail, .. } => format!(" ({detail})"),
                            _ => String::new(),
                        };
                        problems.push(format!(
                            "{} / {} ({}) : {e}{detail}",
                            entry.code,
                            route.id,
                            target.kind()
                        ));
                    }
                }
            }
        }
    }
    problems
}

/// What every letter presented under a mandate says (its templates' `mandataire` sentence).
const MANDATE_WORDS: &str = "en vertu du mandat joint";

fn sample_person() -> Person {
    Person {
        civilite: Some("Madame".into()),
        nom: "Exemple".into(),
        nom_naissance: Some("Modèle".into()),
        prenoms: "Camille".into(),
        date_naissance: NaiveDate::from_ymd_opt(1990, 1, 1),
        lieu_naissance: Some("Lyon".into()),
        adresse: vec!["1 rue de l’Exemple".into()],
        code_postal: "69001".into(),
        commune: "Lyon".into(),
        email: Some("camille@exemple.fr".into()),
        telephone: Some("0600000000".into()),
        departement: Some("69".into()),
        identifiants: crate::person::Identifiants {
            caf: Some("1234567".into()),
            france_travail: Some("1234567A".into()),
        },
        representant: Some(crate::person::Representant {
            nom: "Association exemple".into(),
            qualite: Some("mandataire".into()),
            adresse: vec!["2 rue de l’Exemple".into(), "69001 Lyon".into()],
            email: Some("asso@exemple.fr".into()),
        }),
    }
}

fn sample_case() -> BTreeMap<String, String> {
    fields::ALL_KEYS
        .iter()
        .filter(|(_, _, source)| *source == FieldSource::Case)
        .map(|(key, kind, _)| {
            let v = match kind {
                FieldKind::Date => "2027-01-04",
                FieldKind::Lines => "Ligne 1|Ligne 2",
                FieldKind::PostalCode => "69001",
                FieldKind::Email => "a@exemple.fr",
                FieldKind::Text | FieldKind::LongText => "Texte",
            };
            (key.to_string(), v.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_of_the_embedded_catalogue_renders() {
        let cat = Catalogue::embedded().unwrap();
        let problems = check_catalogue(&cat);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn relance_needs_an_administration_deadline() {
        let cat = Catalogue::embedded().unwrap();
        let cjn = cat.entry("CJN").unwrap();
        let b3 = cjn.route("b3").unwrap();
        assert!(matches!(
            Target::new(&cat, cjn, b3, true),
            Err(LetterError::NoDeadline { .. })
        ));
    }

    #[test]
    fn no_reminder_to_the_cada() {
        let cat = Catalogue::embedded().unwrap();
        let ft = cat.entry("FT-SUSPICION").unwrap();
        assert!(matches!(
            Target::new(&cat, ft, ft.route("cada").unwrap(), true),
            Err(LetterError::NoDeadline { .. })
        ));
        assert!(Target::new(&cat, ft, ft.route("crpa").unwrap(), true).is_ok());
    }

    #[test]
    fn route_without_letter_is_refused() {
        let cat = Catalogue::embedded().unwrap();
        let taj = cat.entry("TAJ").unwrap();
        let ta = taj.route("tribunal-administratif").unwrap();
        let err = Target::new(&cat, taj, ta, false).unwrap_err();
        assert!(err.to_string().contains("ne se fait pas par une lettre"));
    }

    #[test]
    fn low_confidence_facts_are_warned() {
        let cat = Catalogue::embedded().unwrap();
        let faed = cat.entry("FAED").unwrap();
        let target = Target::new(&cat, faed, faed.route("acces").unwrap(), false).unwrap();
        let w = warnings(&target);
        assert!(
            w.iter()
                .any(|w| w.fact.contains("Service national de police scientifique")),
            "{w:#?}"
        );
        let taj = cat.entry("TAJ").unwrap();
        let target = Target::new(&cat, taj, taj.route("acces").unwrap(), false).unwrap();
        assert!(warnings(&target).is_empty());
    }
}
