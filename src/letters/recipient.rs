//! The place a letter's local recipient is looked for, checked: the person's residence, or
//! the place of the proceedings the person gives. `acces lettre`, `acces destinataire` and
//! the Assistant build it here, so a postal code is read the same way everywhere. And the
//! recipient chosen, as a case keeps it ([`to_keep`]).

use std::collections::BTreeMap;

use super::fields::validate_field;
use super::{FieldValue, LetterError, Target};
use crate::local::{PlaceFrom, SearchPlace, depends_on_procedure_place};
use crate::person::Person;
use crate::validate;

/// The person's residence, as the person's record gives it.
pub fn residence(person: &Person) -> SearchPlace {
    SearchPlace {
        code_postal: person.code_postal.trim().to_string(),
        commune: Some(person.commune.trim().to_string()).filter(|c| !c.is_empty()),
        origine: PlaceFrom::Residence,
    }
}

/// A place the person gives (a postal code, and the commune's name when the code serves
/// several), checked with the one set of checks; the message is French, for the field or the
/// option that gave it.
pub fn given(code_postal: &str, commune: Option<&str>) -> Result<SearchPlace, String> {
    let code_postal = validate::postal_code(code_postal)?;
    let commune = match commune.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => {
            validate::line(c)?;
            Some(c.to_string())
        }
        None => None,
    };
    Ok(SearchPlace {
        code_postal,
        commune,
        origine: PlaceFrom::Given,
    })
}

/// Whether this letter's recipient is found from the place of the proceedings, which the
/// person is then asked for (the residence is only the quick answer).
pub fn asks_procedure_place(target: &Target<'_>) -> bool {
    target.recipient.address_lines.is_empty() && depends_on_procedure_place(target.route)
}

/// The recipient chosen for this letter, as its case keeps it (`Case::destinataire`): the
/// address proposed or typed (`destinataire_adresse`), checked as the letter checks it, one
/// line each — given back as `destinataire_adresse`, it writes the same recipient block.
/// `None` when the recipient is the catalogue's own authority with its published address
/// (nothing was chosen), or when no address was given.
pub fn to_keep(
    target: &Target<'_>,
    typed: &BTreeMap<String, String>,
) -> Result<Option<String>, LetterError> {
    if !target.recipient.address_lines.is_empty() {
        return Ok(None);
    }
    let Some(raw) = typed.get(KEY).filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    match validate_field(KEY, raw)? {
        FieldValue::Lines(lines) => Ok(Some(lines.join("\n"))),
        _ => Ok(None),
    }
}

/// The recipient a case kept (`Case::destinataire`) for a new letter of that case (a
/// reminder, a letter again), as its `destinataire_adresse`: only for the case's own route,
/// and only when the catalogue gives no fixed address (then nothing was chosen).
pub fn kept(case: &crate::cases::Case, target: &Target<'_>) -> Option<String> {
    (target.recipient.address_lines.is_empty() && case.demarche == target.route.id)
        .then(|| case.destinataire.clone())
        .flatten()
}

/// What to keep in the case after a letter to it: [`to_keep`], unless the case already
/// keeps exactly that.
pub fn to_keep_in(
    case: Option<&crate::cases::Case>,
    target: &Target<'_>,
    typed: &BTreeMap<String, String>,
) -> Result<Option<String>, LetterError> {
    let keep = to_keep(target, typed)?;
    Ok(keep.filter(|k| case.and_then(|c| c.destinataire.as_deref()) != Some(k.as_str())))
}

const KEY: &str = "destinataire_adresse";

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::catalogue::Catalogue;
    use crate::letters::RenderOptions;

    fn written(
        cat: &Catalogue,
        route: &str,
        typed: &[(&str, &str)],
    ) -> (Option<String>, Vec<String>) {
        let taj = cat.entry("TAJ").unwrap();
        let target = Target::new(cat, taj, taj.route(route).unwrap(), false).unwrap();
        let person = Person {
            nom: "Martin".into(),
            prenoms: "Alix".into(),
            date_naissance: chrono::NaiveDate::from_ymd_opt(1990, 4, 2),
            lieu_naissance: Some("Lyon".into()),
            adresse: vec!["1 rue de la Paix".into()],
            code_postal: "69001".into(),
            commune: "Lyon".into(),
            ..Person::default()
        };
        let typed: BTreeMap<String, String> = typed
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let options = RenderOptions {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            by_post: true,
        };
        let letter = crate::letters::render(&target, &person, &typed, options).unwrap();
        (to_keep(&target, &typed).unwrap(), letter.recipient)
    }

    #[test]
    fn the_chosen_recipient_is_kept_and_writes_the_same_recipient_again() {
        let cat = Catalogue::embedded().unwrap();
        let decision = ("decision_judiciaire", "Classement sans suite");
        let (kept, block) = written(
            &cat,
            "effacement",
            &[
                (
                    "destinataire_adresse",
                    "Tribunal judiciaire de Lyon | 67 RUE SERVIENT|69003 LYON",
                ),
                decision,
            ],
        );
        let kept = kept.expect("a local recipient is kept");
        assert_eq!(
            kept,
            "Tribunal judiciaire de Lyon\n67 RUE SERVIENT\n69003 LYON"
        );
        // Given back, the same recipient block (a reminder, a follow-up).
        let (again, block_again) = written(
            &cat,
            "effacement",
            &[("destinataire_adresse", kept.as_str()), decision],
        );
        assert_eq!(block_again, block);
        assert_eq!(again.as_deref(), Some(kept.as_str()));
        // The catalogue's own address: nothing chosen, nothing kept.
        let (kept, block) = written(&cat, "acces", &[]);
        assert!(!block.is_empty());
        assert_eq!(kept, None);
        // An address that the letter refuses is refused here too.
        let taj = cat.entry("TAJ").unwrap();
        let target = Target::new(&cat, taj, taj.route("effacement").unwrap(), false).unwrap();
        let bad = BTreeMap::from([(KEY.to_string(), "Tribunal\u{7}|1 rue X".to_string())]);
        assert!(to_keep(&target, &bad).is_err());
    }

    #[test]
    fn a_given_place_is_checked_like_every_postal_code() {
        let p = given(" 13 001 ", Some("  Marseille ")).unwrap();
        assert_eq!(p.code_postal, "13001");
        assert_eq!(p.commune.as_deref(), Some("Marseille"));
        assert_eq!(p.origine, PlaceFrom::Given);
        assert_eq!(
            given("1300", None),
            Err(validate::postal_code("1300").unwrap_err())
        );
        assert!(given("13001", Some("Mar\u{7}seille")).is_err());
        assert_eq!(given("13001", Some("  ")).unwrap().commune, None);
    }
}
