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

/// A date of birth: not in the future, and of a living person (at most 130 years ago).
pub fn birth_date(d: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    if d > today {
        return Err(t::BIRTH_IN_FUTURE.into());
    }
    match today.checked_sub_months(chrono::Months::new(130 * 12)) {
        Some(oldest) if d < oldest => Err(t::BIRTH_TOO_OLD.into()),
        _ => Ok(d),
    }
}

/// The dates of an event against the case's history, on `today` (the CLI and the TUI both
/// call this before recording): a sending, a receipt, a reply or a reminder cannot be in the
/// future; a receipt and a reply cannot come before the (first) sending; a reminder cannot
/// come before it either.
pub fn event_date(
    history: &crate::cases::CaseHistory,
    event: &crate::cases::NewEvent,
    today: NaiveDate,
) -> Result<(), String> {
    use crate::cases::EventKind;
    let happened = matches!(
        event.kind,
        EventKind::Envoye { .. }
            | EventKind::Recu
            | EventKind::Reponse { .. }
            | EventKind::Relance { .. }
    );
    if happened && event.date > today {
        return Err(t::event_in_future(event.date));
    }
    let first_sent = history
        .standing()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Envoye { .. }))
        .map(|e| e.date)
        .min();
    // A first sending cannot come after what answers it.
    if first_sent.is_none()
        && matches!(event.kind, EventKind::Envoye { .. })
        && let Some(after) = history
            .standing()
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Recu | EventKind::Reponse { .. }))
            .map(|e| e.date)
            .min()
        && event.date > after
    {
        return Err(t::sending_after_answer(event.date, after));
    }
    if let Some(sent) = first_sent
        && event.date < sent
    {
        match event.kind {
            EventKind::Recu => return Err(t::receipt_before_sending(event.date, sent)),
            EventKind::Reponse { .. } => return Err(t::reply_before_sending(event.date, sent)),
            EventKind::Relance { .. } => return Err(t::reminder_before_sending(event.date, sent)),
            _ => {}
        }
    }
    Ok(())
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
    fn birth_dates_are_past_and_plausible() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let d = |y, m, j| NaiveDate::from_ymd_opt(y, m, j).unwrap();
        assert_eq!(birth_date(d(1990, 5, 1), today), Ok(d(1990, 5, 1)));
        assert_eq!(birth_date(today, today), Ok(today));
        assert!(
            birth_date(d(2026, 11, 30), today)
                .unwrap_err()
                .contains("futur")
        );
        assert!(birth_date(d(1890, 1, 1), today).is_err());
    }

    #[test]
    fn event_dates_against_the_history() {
        use crate::cases::{Case, CaseHistory, Channel, Event, EventKind, NewEvent, Outcome};
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let today = d("2026-11-29");
        let mut h = CaseHistory {
            case: Case {
                id: 1,
                personne: 1,
                fichier: "TAJ".into(),
                demarche: "acces".into(),
                canal: None,
                references: vec![],
                suite_de: None,
                ouvert: d("2026-09-01"),
            },
            events: vec![],
        };
        let ev = |date: &str, kind: EventKind| NewEvent {
            date: d(date),
            kind,
            texte: None,
        };
        let sent = EventKind::Envoye {
            canal: Some(Channel::Lrar),
            recommande: None,
        };
        assert!(event_date(&h, &ev("2026-11-30", sent.clone()), today).is_err());
        // A first sending after a receipt already noted (a correction of the sending).
        let mut answered = h.clone();
        answered.events.push(Event {
            id: 9,
            dossier: 1,
            date: d("2026-09-10"),
            kind: EventKind::Recu,
            texte: None,
            enregistre: String::new(),
        });
        assert!(event_date(&answered, &ev("2026-09-20", sent.clone()), today).is_err());
        assert!(event_date(&answered, &ev("2026-09-08", sent.clone()), today).is_ok());
        assert!(event_date(&h, &ev("2026-11-29", sent.clone()), today).is_ok());
        // A draft or a note may be dated later (a planned sending is not recorded).
        assert!(event_date(&h, &ev("2026-12-05", EventKind::Note), today).is_ok());
        h.events.push(Event {
            id: 1,
            dossier: 1,
            date: d("2026-09-01"),
            kind: sent,
            texte: None,
            enregistre: String::new(),
        });
        let e = event_date(&h, &ev("2026-08-30", EventKind::Recu), today).unwrap_err();
        assert!(e.contains("01/09/2026"), "{e}");
        let reply = EventKind::Reponse {
            issue: Outcome::Refus,
        };
        assert!(event_date(&h, &ev("2026-08-31", reply.clone()), today).is_err());
        assert!(event_date(&h, &ev("2026-09-01", reply.clone()), today).is_ok());
        assert!(event_date(&h, &ev("2026-12-01", reply), today).is_err());
        assert!(event_date(&h, &ev("2026-09-03", EventKind::Recu), today).is_ok());
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
