//! Checks of what people type: dates, postal codes, e-mail addresses, départements.
//! Each returns the cleaned value or a French message meant to be shown next to the field.

use chrono::NaiveDate;

use crate::person::Person;
use crate::texts::validate as t;

/// A date typed as YYYY-MM-DD or JJ/MM/AAAA.
pub fn date(input: &str) -> Result<NaiveDate, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err(t::DATE_EMPTY.into());
    }
    let parsed = if s.contains('/') {
        NaiveDate::parse_from_str(s, "%d/%m/%Y")
    } else {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
    };
    match parsed {
        Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Ok(d),
        Ok(_) => Err(t::date_out_of_range(s)),
        Err(_) => Err(t::date_invalid(s)),
    }
}

/// A date that has happened: what was sent, received or decided cannot be dated after
/// `today`. The one rule for dates of past events; each face decides where it applies.
pub fn past_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    match date(input)? {
        d if d > today => Err(t::DATE_IN_FUTURE.into()),
        d => Ok(d),
    }
}

/// A French postal code: five digits.
pub fn postal_code(input: &str) -> Result<String, String> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() == 5 && s.chars().all(|c| c.is_ascii_digit()) {
        Ok(s)
    } else {
        Err(t::postal_code_invalid(input.trim()))
    }
}

/// An e-mail address: one @, a non-empty local part, a domain with a dot, no spaces.
pub fn email(input: &str) -> Result<String, String> {
    let s = input.trim();
    let ok = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        }
        None => false,
    };
    if ok {
        Ok(s.to_string())
    } else {
        Err(t::email_invalid(s))
    }
}

/// A département number: 01–95 (with 2A/2B), or 971–976.
pub fn departement(input: &str) -> Result<String, String> {
    let s = input.trim().to_uppercase();
    let valid = match s.as_str() {
        "2A" | "2B" => true,
        _ if s.len() == 2 && s.chars().all(|c| c.is_ascii_digit()) => {
            matches!(s.parse::<u32>(), Ok(n) if (1..=95).contains(&n) && n != 20)
        }
        _ if s.len() == 3 => matches!(s.parse::<u32>(), Ok(971..=976)),
        _ => false,
    };
    if valid {
        Ok(s)
    } else {
        Err(t::departement_invalid(input.trim()))
    }
}

/// A required free-text field.
pub fn required(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        Err(t::REQUIRED.into())
    } else {
        Ok(s.to_string())
    }
}

/// What is wrong in a person's profile: one (field, French message) pair per field, the
/// field named as in the person file (`code_postal`, `representant.email`…). Both faces
/// check a person with this one function: the CLI prints `field : message`, the form puts
/// each message next to its field.
pub fn person(p: &Person) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut check = |field: &'static str, res: Result<String, String>| {
        if let Err(e) = res {
            out.push((field, e));
        }
    };
    check("nom", required(&p.nom));
    check("prenoms", required(&p.prenoms));
    check("commune", required(&p.commune));
    check("code_postal", postal_code(&p.code_postal));
    if p.adresse.iter().all(|l| l.trim().is_empty()) {
        check("adresse", required(""));
    }
    if let Some(e) = &p.email {
        check("email", email(e));
    }
    if let Some(d) = &p.departement {
        check("departement", departement(d));
    }
    if let Some(d) = p.date_naissance {
        check(
            "date_naissance",
            date(&d.to_string()).map(|_| String::new()),
        );
    }
    if let Some(r) = &p.representant {
        check("representant.nom", required(&r.nom));
        if let Some(e) = &r.email {
            check("representant.email", email(e));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms_and_invalid_ones() {
        assert_eq!(
            date("2026-03-15"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap())
        );
        assert_eq!(
            date("15/03/2026"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap())
        );
        assert!(date("2026-02-30").unwrap_err().contains("n'existe pas"));
        assert!(date("").is_err());
        assert!(date("1850-01-01").is_err());
    }

    #[test]
    fn past_dates_stop_after_today() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        assert_eq!(past_date("2026-03-15", today), Ok(today));
        assert_eq!(
            past_date("14/03/2026", today),
            Ok(today.pred_opt().unwrap())
        );
        assert_eq!(
            past_date("2026-03-16", today),
            Err(t::DATE_IN_FUTURE.to_string())
        );
        assert_eq!(past_date("", today), Err(t::DATE_EMPTY.to_string()));
    }

    #[test]
    fn postal_codes() {
        assert_eq!(postal_code("75 008"), Ok("75008".into()));
        assert!(postal_code("7500").is_err());
        assert!(postal_code("7500A").is_err());
    }

    #[test]
    fn emails() {
        assert!(email("camille@exemple.fr").is_ok());
        assert!(email("camille@exemple").is_err());
        assert!(email("camille exemple.fr").is_err());
        assert!(email("a@b@c.fr").is_err());
    }

    #[test]
    fn departements() {
        for ok in ["75", "01", "2A", "2b", "974", "57"] {
            assert!(departement(ok).is_ok(), "{ok}");
        }
        for bad in ["20", "00", "96", "977", "7", "abc"] {
            assert!(departement(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn person_problems_name_the_field() {
        let p = Person {
            nom: "Martin".into(),
            prenoms: "Camille".into(),
            adresse: vec!["1 rue X".into()],
            code_postal: "7500".into(),
            commune: "Paris".into(),
            email: Some("pas-un-email".into()),
            ..Person::default()
        };
        let probs = person(&p);
        let fields: Vec<&str> = probs.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["code_postal", "email"], "{probs:?}");
        assert_eq!(probs[0].1, t::postal_code_invalid("7500"));
    }
}
