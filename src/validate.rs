//! Checks of what people type: dates, postal codes, e-mail addresses, départements.
//! Each returns the cleaned value or a French message meant to be shown next to the field.

use chrono::NaiveDate;

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
}
