//! The « mandat »: the person authorises their representative (an association, a union, a
//! lawyer: `Person::representant`) to exercise their data-protection rights for precise
//! steps, until a stated date, the representative accepting it by signing too.
//!
//! The wording is `templates/mandat.txt`. Which steps a mandate may cover, its sources and
//! what the person is told before printing it are data: `requests/mandat/mandat.json`.
//! A letter written for a represented person says the representative presents it only when
//! the mandate covers its step ([`covers`]), and both the letter and the mandate say the same
//! thing about where answers go ([`reply_contact`]).

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;
use tera::Context;

use super::context::designation;
use super::{Letter, LetterError, templates};
use crate::cases::{Case, CaseFilter, PersonId};
use crate::catalogue::{Catalogue, Confidence, Entry, Route};
use crate::error::Failure;
use crate::person::{Person, Representant};
use crate::store::Store;
use crate::texts::dates::date_fr;
use crate::texts::letter_phrases::place_date;
use crate::texts::mandate as t;

/// The template's name.
pub const KIND: &str = "mandat";

/// `requests/mandat/mandat.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub checked: NaiveDate,
    pub covers: Covers,
    pub sources: Vec<Source>,
    /// Shown before the mandate is written, never printed in it.
    pub cautions: Vec<String>,
}

/// Which steps a mandate covers: those whose legal basis cites one of these texts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Covers {
    pub texts: Vec<String>,
    pub why: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub text: String,
    pub articles: Vec<String>,
    /// What the source says that the mandate relies on, in French.
    pub says: String,
    pub source_url: String,
    #[serde(default)]
    pub copy_url: Option<String>,
    pub confidence: Confidence,
    #[serde(default)]
    pub note: Option<String>,
}

const RULES_JSON: &str = include_str!("../../requests/mandat/mandat.json");

static RULES: LazyLock<Result<Rules, String>> =
    LazyLock::new(|| serde_json::from_str(RULES_JSON).map_err(|e| e.to_string()));

/// The mandate's rules and sources (checked by the tests; an error only if the embedded file
/// is broken).
pub fn rules() -> Result<&'static Rules, LetterError> {
    RULES.as_ref().map_err(|detail| LetterError::Template {
        kind: KIND.to_string(),
        detail: detail.clone(),
    })
}

/// Whether a mandate may cover this step: it has a letter, and its legal basis is one of the
/// data-protection texts (`covers.texts`).
pub fn covers(route: &Route) -> bool {
    let Ok(rules) = rules() else {
        return false;
    };
    route.letter.is_some()
        && route.legal_basis.iter().any(|b| {
            rules
                .covers
                .texts
                .iter()
                .any(|t| b.text.contains(t.as_str()))
        })
}

/// Where answers may go when the representative receives them: its address and e-mail, as
/// the letters and the mandate both print them. `None`: answers go to the person.
pub fn reply_contact(rep: &Representant) -> Option<String> {
    let mut contact: Vec<String> = Vec::new();
    if !rep.adresse.is_empty() {
        contact.push(rep.adresse.join(", "));
    }
    if let Some(e) = rep.email.as_deref().filter(|e| !e.trim().is_empty()) {
        contact.push(e.to_string());
    }
    (!contact.is_empty()).then(|| contact.join(" ; "))
}

/// One step the mandate names: a file, a route, and the recipient a case kept, if any.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub entry: &'a Entry,
    pub route: &'a Route,
    /// Whom the step goes to, on one line: the recipient the case kept, else the
    /// catalogue's authority when it has a name of its own (not « Votre CAF »).
    pub recipient: Option<String>,
}

/// The steps of tracked cases (their file, route and kept recipient); a case whose file or
/// route the catalogue no longer has is left out.
pub fn case_steps<'a>(cat: &'a Catalogue, cases: &[Case]) -> Vec<Step<'a>> {
    cases
        .iter()
        .filter_map(|c| {
            let entry = cat.entry(&c.fichier)?;
            let route = entry.route(&c.demarche)?;
            Some(step(cat, entry, route, c.destinataire.clone()))
        })
        .collect()
}

/// The steps of a person's open cases, as the register holds them now (`acces mandat
/// --personne N` and the interface's Personnes `m`).
pub fn open_case_steps<'a>(
    cat: &'a Catalogue,
    store: &dyn Store,
    person: PersonId,
) -> Result<Vec<Step<'a>>, Failure> {
    let cases: Vec<Case> = store
        .cases(&CaseFilter {
            personne: Some(person),
            ouverts_seulement: true,
            statut_seulement: true,
            ..CaseFilter::default()
        })?
        .into_iter()
        .map(|h| h.case)
        .collect();
    Ok(case_steps(cat, &cases))
}

/// A step of a file, with the recipient its case kept (address lines separated by line
/// breaks), if any.
pub fn step<'a>(
    cat: &'a Catalogue,
    entry: &'a Entry,
    route: &'a Route,
    kept: Option<String>,
) -> Step<'a> {
    let recipient = kept
        .map(|r| r.replace('\n', ", "))
        .or_else(|| authority_name(cat, route));
    Step {
        entry,
        route,
        recipient,
    }
}

/// Every step of a file that has a letter (a file named without a case); [`write`] keeps
/// those a mandate covers and names the others.
pub fn file_steps<'a>(cat: &'a Catalogue, entry: &'a Entry) -> Vec<Step<'a>> {
    entry
        .routes
        .iter()
        .filter(|r| r.letter.is_some())
        .map(|route| Step {
            entry,
            route,
            recipient: authority_name(cat, route),
        })
        .collect()
}

/// The route's authority by its name, unless the name is the reader's own (« Votre CAF »)
/// or the authority is local (its name says nothing of which one).
fn authority_name(cat: &Catalogue, route: &Route) -> Option<String> {
    cat.authority(&route.recipient)
        .filter(|a| !a.address_lines.is_empty() && !a.name.starts_with("Votre"))
        .map(|a| a.name.clone())
}

/// The end a mandate gets when none is given: one year after its date (the person sees it
/// and can choose another).
pub fn default_end(date: NaiveDate) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(12))
        .unwrap_or(date)
}

/// The steps split into those the mandate covers and those it cannot (their titles, for the
/// person to be told); duplicates (the same file and route twice) are named once.
pub fn split_steps<'a>(steps: &[Step<'a>]) -> (Vec<Step<'a>>, Vec<String>) {
    let mut covered: Vec<Step<'a>> = Vec::new();
    let mut left: Vec<String> = Vec::new();
    for s in steps {
        if covers(s.route) {
            let seen = covered.iter().any(|c| {
                c.entry.code == s.entry.code
                    && c.route.id == s.route.id
                    && c.recipient == s.recipient
            });
            if !seen {
                covered.push(s.clone());
            }
        } else {
            let title = step_words(s);
            if !left.contains(&title) {
                left.push(title);
            }
        }
    }
    (covered, left)
}

/// A step as the mandate names it.
fn step_words(s: &Step<'_>) -> String {
    t::mandate_step(
        &designation(s.entry),
        s.route.letter.as_deref().unwrap_or(""),
        &s.route.title,
        s.recipient.as_deref(),
    )
}

/// Why a mandate cannot be written; `Display` is the French message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MandateError {
    /// The person has no representative to give the mandate to.
    NoRepresentative,
    /// No step the mandate could cover: its object would not be precise.
    NothingCovered {
        left: Vec<String>,
    },
    /// The end date is not after the date of the mandate.
    EndsTooSoon {
        until: NaiveDate,
        date: NaiveDate,
    },
    Letter(LetterError),
}

impl std::fmt::Display for MandateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MandateError::NoRepresentative => f.write_str(t::MANDATE_NO_REPRESENTATIVE),
            MandateError::NothingCovered { left } => f.write_str(&t::mandate_nothing_covered(left)),
            MandateError::EndsTooSoon { until, date } => {
                f.write_str(&t::mandate_ends_too_soon(&date_fr(*until), &date_fr(*date)))
            }
            MandateError::Letter(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for MandateError {}

impl From<LetterError> for MandateError {
    fn from(e: LetterError) -> Self {
        MandateError::Letter(e)
    }
}

/// The mandate as a [`Letter`] (no recipient: the representative encloses it with each
/// letter), for the covered steps. `date` is the day it is written; `until` its end.
pub fn write(
    person: &Person,
    steps: &[Step<'_>],
    date: NaiveDate,
    until: NaiveDate,
) -> Result<Letter, MandateError> {
    let rep = person
        .representant
        .as_ref()
        .ok_or(MandateError::NoRepresentative)?;
    let (covered, left) = split_steps(steps);
    if covered.is_empty() {
        return Err(MandateError::NothingCovered { left });
    }
    if until <= date {
        return Err(MandateError::EndsTooSoon { until, date });
    }
    let rules = rules()?;

    let mut address: Vec<String> = person.adresse.clone();
    address.push(format!("{} {}", person.code_postal, person.commune));
    let reply = reply_contact(rep);
    let objects: Vec<String> = covered.iter().map(step_words).collect();

    let mut ctx = Context::new();
    ctx.insert(
        "mandant",
        &json!({
            "nom": person.nom,
            "nom_naissance": person.nom_naissance.clone().unwrap_or_default(),
            "prenoms": person.prenoms,
            "date_naissance": person.date_naissance.map(date_fr).unwrap_or_default(),
            "lieu_naissance": person.lieu_naissance.clone().unwrap_or_default(),
            "adresse": address.join(", "),
        }),
    );
    ctx.insert(
        "mandataire",
        &json!({
            "nom": rep.nom,
            "qualite": rep.qualite.clone().unwrap_or_default(),
            "adresse": rep.adresse.join(", "),
            "email": rep.email.clone().unwrap_or_default(),
        }),
    );
    ctx.insert("objets", &objects);
    ctx.insert("reponse_mandataire", &reply.is_some());
    ctx.insert("reponse_contact", &reply.clone().unwrap_or_default());
    ctx.insert("jusqu_au", &date_fr(until));

    let filled = templates::fill(KIND, &ctx).map_err(|detail| LetterError::Template {
        kind: KIND.to_string(),
        detail,
    })?;
    let (subject, body) = super::context::split(&filled);
    let full_name = format!("{} {}", person.prenoms, person.nom);

    let mut sender = vec![full_name.clone()];
    sender.extend(address);
    let mut cautions = rules.cautions.clone();
    if !left.is_empty() {
        cautions.push(t::mandate_left_out(&left));
    }
    Ok(Letter {
        kind: KIND.to_string(),
        sender,
        recipient: Vec::new(),
        place_date: place_date(&person.commune, &date_fr(date)),
        date,
        by_post: false,
        subject,
        body,
        signature: t::mandate_signatures(&full_name, &rep.nom),
        enclosures: Vec::new(),
        conditional_enclosures: Vec::new(),
        cautions,
        recipient_email: None,
        sender_email: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::sources;

    fn cat() -> Catalogue {
        Catalogue::embedded().unwrap()
    }

    fn person(rep: Option<Representant>) -> Person {
        Person {
            civilite: Some("Madame".into()),
            nom: "N’Diaye".into(),
            prenoms: "Awa".into(),
            date_naissance: NaiveDate::from_ymd_opt(1990, 4, 2),
            lieu_naissance: Some("Dakar (Sénégal)".into()),
            adresse: vec!["3 rue des Lilas".into()],
            code_postal: "93200".into(),
            commune: "Saint-Denis".into(),
            representant: rep,
            ..Person::default()
        }
    }

    fn association(address: bool, email: bool) -> Representant {
        Representant {
            nom: "Association Droits Devant".into(),
            qualite: Some("association loi 1901, mandataire".into()),
            adresse: if address {
                vec!["12 rue Basse".into(), "75011 Paris".into()]
            } else {
                Vec::new()
            },
            email: email.then(|| "juridique@droits.example".into()),
        }
    }

    fn steps<'a>(cat: &'a Catalogue, which: &[(&str, &str)]) -> Vec<Step<'a>> {
        which
            .iter()
            .map(|(code, route)| {
                let entry = cat.entry(code).unwrap();
                Step {
                    entry,
                    route: entry.route(route).unwrap(),
                    recipient: None,
                }
            })
            .collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_rules_load_and_every_source_is_primary_or_explained() {
        let rules = rules().unwrap();
        assert!(!rules.covers.texts.is_empty());
        assert!(!rules.cautions.is_empty());
        for s in &rules.sources {
            assert!(sources::is_primary(&s.source_url), "{}", s.source_url);
            if s.confidence != Confidence::High {
                assert!(s.note.is_some(), "{}: a lower confidence says why", s.text);
            }
        }
    }

    #[test]
    fn only_data_protection_steps_are_covered() {
        let cat = cat();
        let taj = cat.entry("TAJ").unwrap();
        assert!(covers(taj.route("acces").unwrap()));
        assert!(covers(taj.route("cnil-108").unwrap()));
        // Code de procédure pénale: erasure by the prosecutor, the appeal.
        assert!(!covers(taj.route("effacement").unwrap()));
        assert!(!covers(taj.route("recours-ci").unwrap()));
        // A court action has no letter.
        assert!(!covers(taj.route("tribunal-administratif").unwrap()));
        let caf = cat.entry("CAF-SCORE").unwrap();
        assert!(covers(caf.route("rgpd").unwrap()));
        assert!(!covers(caf.route("cada").unwrap()));
    }

    #[test]
    fn the_mandate_names_both_parties_the_steps_the_end_and_where_answers_go() {
        let cat = cat();
        let p = person(Some(association(true, true)));
        let s = steps(
            &cat,
            &[("TAJ", "acces"), ("FPR", "acces"), ("TAJ", "effacement")],
        );
        let m = write(&p, &s, day(2026, 11, 30), day(2027, 11, 30)).unwrap();
        let text = m.text();
        for needle in [
            "Nom : N’Diaye",
            "Prénoms : Awa",
            "Date de naissance : 2 avril 1990",
            "Adresse : 3 rue des Lilas, 93200 Saint-Denis",
            "Nom : Association Droits Devant",
            "Qualité : association loi 1901, mandataire",
            "jusqu’au 30 novembre 2027",
            "elles peuvent être adressées au mandataire (12 rue Basse, 75011 Paris ; \
             juridique@droits.example)",
            "Bon pour mandat",
        ] {
            assert!(text.contains(needle), "{needle}\n{text}");
        }
        assert!(text.contains("(TAJ)"), "{text}");
        assert!(text.contains("(FPR)"), "{text}");
        // The prosecutor's erasure is not in the object, and the person is told why.
        assert!(!text.contains("effacement"), "{text}");
        assert!(
            m.cautions.iter().any(|c| c.contains("TAJ")),
            "{:?}",
            m.cautions
        );
        assert!(m.recipient.is_empty());
        assert!(m.enclosures.is_empty());
    }

    #[test]
    fn without_a_contact_for_the_representative_answers_go_to_the_person() {
        let cat = cat();
        let p = person(Some(association(false, false)));
        let m = write(
            &p,
            &steps(&cat, &[("TAJ", "acces")]),
            day(2026, 11, 30),
            day(2027, 5, 30),
        )
        .unwrap();
        let text = m.text();
        assert!(
            text.contains("Les réponses doivent m’être adressées"),
            "{text}"
        );
        assert!(!text.contains("adressées au mandataire"), "{text}");
    }

    #[test]
    fn a_mandate_is_refused_without_representative_covered_step_or_future_end() {
        let cat = cat();
        let s = steps(&cat, &[("TAJ", "acces")]);
        assert_eq!(
            write(&person(None), &s, day(2026, 11, 30), day(2027, 1, 1)).unwrap_err(),
            MandateError::NoRepresentative
        );
        let p = person(Some(association(true, false)));
        let e = write(
            &p,
            &steps(&cat, &[("TAJ", "effacement")]),
            day(2026, 11, 30),
            day(2027, 1, 1),
        )
        .unwrap_err();
        assert!(matches!(e, MandateError::NothingCovered { .. }));
        assert!(e.to_string().contains("TAJ"), "{e}");
        let e = write(&p, &s, day(2026, 11, 30), day(2026, 11, 30)).unwrap_err();
        assert!(matches!(e, MandateError::EndsTooSoon { .. }));
    }

    #[test]
    fn a_kept_recipient_is_named_and_the_same_step_is_listed_once() {
        let cat = cat();
        let caf = cat.entry("CAF-SCORE").unwrap();
        let step = Step {
            entry: caf,
            route: caf.route("rgpd").unwrap(),
            recipient: Some("CAF de la Gironde, Rue du Docteur, 33000 Bordeaux".into()),
        };
        let p = person(Some(association(true, false)));
        let m = write(
            &p,
            &[step.clone(), step],
            day(2026, 11, 30),
            day(2027, 1, 1),
        )
        .unwrap();
        let text = m.text();
        assert_eq!(
            text.matches("CAF de la Gironde, Rue du Docteur").count(),
            1,
            "{text}"
        );
    }

    #[test]
    fn a_register_persons_open_cases_give_their_steps_with_the_recipient_each_kept() {
        use crate::cases::{NewCase, NewEvent};
        let dir = tempfile::tempdir().unwrap();
        let mut s = crate::store::open_for_test(dir.path());
        let p = s
            .add_person(&person(Some(association(true, true))))
            .unwrap();
        let case = |route: &str| NewCase {
            personne: p,
            fichier: "TAJ".into(),
            demarche: route.into(),
            canal: None,
            references: Vec::new(),
            suite_de: None,
            ouvert: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        };
        let kept = s.open_case(&case("acces")).unwrap();
        s.set_recipient(kept, Some("Ministère de l’intérieur\nPlace Beauvau"))
            .unwrap();
        let closed = s.open_case(&case("cnil-108")).unwrap();
        s.add_event(
            closed,
            &NewEvent {
                date: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                kind: crate::cases::EventKind::Clos,
                texte: Some("réglé".into()),
            },
        )
        .unwrap();
        let cat = cat();
        let steps = open_case_steps(&cat, &s, p).unwrap();
        let got: Vec<_> = steps
            .iter()
            .map(|st| (st.route.id.as_str(), st.recipient.as_deref()))
            .collect();
        // The closed case is left out; the open one names the recipient it kept.
        assert_eq!(
            got,
            [("acces", Some("Ministère de l’intérieur, Place Beauvau"))]
        );
    }
}
