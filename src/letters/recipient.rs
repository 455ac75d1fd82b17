//! The place a letter's local recipient is looked for, checked: the person's residence, or
//! the place of the proceedings the person gives. `acces lettre`, `acces destinataire` and
//! the Assistant build it here, so a postal code is read the same way everywhere.

use super::Target;
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

#[cfg(test)]
mod tests {
    use super::*;

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
