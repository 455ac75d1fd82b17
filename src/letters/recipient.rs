//! The place a letter's local recipient is looked for, checked: the person's residence, or
//! the place of the proceedings the person gives. `acces lettre`, `acces destinataire` and
//! the Assistant build it here, so a postal code is read the same way everywhere.

use super::{Letter, Target};
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

/// The recipient chosen for this letter, as its case keeps it: the letter's recipient block
/// (heading, then the address proposed or typed), one line each, exactly as the letter
/// prints it. `None` when the recipient is the catalogue's own authority with its published
/// address: nothing was chosen, the case's route already says who it is.
pub fn to_keep(target: &Target<'_>, letter: &Letter) -> Option<String> {
    if !target.recipient.address_lines.is_empty() || letter.recipient.is_empty() {
        return None;
    }
    Some(letter.recipient.join("\n"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::catalogue::Catalogue;
    use crate::letters::RenderOptions;

    fn written(cat: &Catalogue, route: &str, typed: &[(&str, &str)]) -> (Option<String>, Letter) {
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
        (to_keep(&target, &letter), letter)
    }

    #[test]
    fn the_chosen_recipient_is_kept_as_the_letter_prints_it() {
        let cat = Catalogue::embedded().unwrap();
        let (kept, letter) = written(
            &cat,
            "effacement",
            &[
                (
                    "destinataire_adresse",
                    "Tribunal judiciaire de Lyon | 67 RUE SERVIENT|69003 LYON",
                ),
                ("decision_judiciaire", "Classement sans suite"),
            ],
        );
        let kept = kept.expect("a local recipient is kept");
        assert_eq!(kept.lines().collect::<Vec<_>>(), letter.recipient);
        assert!(
            kept.ends_with("\nTribunal judiciaire de Lyon\n67 RUE SERVIENT\n69003 LYON"),
            "{kept}"
        );
        // The catalogue's own address: nothing chosen, nothing kept.
        let (kept, letter) = written(&cat, "acces", &[]);
        assert!(!letter.recipient.is_empty());
        assert_eq!(kept, None);
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
