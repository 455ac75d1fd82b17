//! iCalendar (RFC 5545) export of deadlines, written by hand: one all-day VEVENT per
//! deadline of an open case: the person's own deadlines with two alarms (7 days and 1 day
//! before, at 09:00), the recipients' with one (the day before, at 09:00). Without `details`, events carry no name and
//! no file code: only the case number and what is due.

use std::collections::HashMap;
use std::fmt::Write;

use chrono::{Days, NaiveDate};

use crate::cases::PersonId;
use crate::cases::agenda::Tracked;
use crate::cases::status::DeadlineKind;
use crate::catalogue::Catalogue;
use crate::person::Person;
use crate::texts::agenda as t;
use crate::texts::cases::person_name;

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (never inside a UTF-8 character), CRLF-terminated.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        // The first line holds 75 octets; continuation lines start with a space, so 74 more.
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The calendar. `stamp` is the DTSTAMP (UTC, `YYYYMMDDTHHMMSSZ`).
pub fn calendar(
    tracked: &[Tracked],
    persons: &HashMap<PersonId, Person>,
    cat: &Catalogue,
    details: bool,
    stamp: &str,
) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//acces//suivi des demarches//FR".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    for x in tracked {
        let c = &x.history.case;
        for d in x.status.deadlines() {
            let due = d.due.due();
            let entry = cat.entry(&c.fichier);
            let step_title = d
                .route
                .map(|r| {
                    entry
                        .and_then(|e| e.route(r))
                        .map(|r| r.title.clone())
                        .unwrap_or_else(|| r.to_string())
                })
                .unwrap_or_default();
            let (summary, description) = if details {
                let who = persons.get(&c.personne).map(person_name);
                (
                    t::ics_summary_details(d.kind, c.id, &c.fichier, who.as_deref(), &step_title),
                    t::ics_description_details(d.kind, d.due, &step_title),
                )
            } else {
                (
                    t::ics_summary(d.kind, c.id),
                    t::ics_description(d.kind, d.due.estimated),
                )
            };
            let kind = match d.kind {
                DeadlineKind::Reply => "reponse".to_string(),
                DeadlineKind::Step => format!("etape-{}", d.route.unwrap_or("")),
            };
            // Relative to the start of an all-day event (00:00 local): 09:00 seven days
            // before is -P6DT15H, 09:00 the day before is -PT15H.
            let alarms: &[&str] = match d.kind {
                DeadlineKind::Reply => &["-PT15H"],
                DeadlineKind::Step => &["-P6DT15H", "-PT15H"],
            };
            lines.push("BEGIN:VEVENT".into());
            lines.push(format!("UID:acces-{}-{kind}@acces.invalid", c.id));
            lines.push(format!("DTSTAMP:{stamp}"));
            lines.push(format!("DTSTART;VALUE=DATE:{}", ymd(due)));
            lines.push(format!(
                "DTEND;VALUE=DATE:{}",
                ymd(due.checked_add_days(Days::new(1)).unwrap_or(due))
            ));
            lines.push(format!("SUMMARY:{}", escape(&summary)));
            lines.push(format!("DESCRIPTION:{}", escape(&description)));
            lines.push("TRANSP:TRANSPARENT".into());
            for trigger in alarms {
                lines.push("BEGIN:VALARM".into());
                lines.push("ACTION:DISPLAY".into());
                lines.push(format!("TRIGGER:{trigger}"));
                lines.push(format!("DESCRIPTION:{}", escape(&summary)));
                lines.push("END:VALARM".into());
            }
            lines.push("END:VEVENT".into());
        }
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in lines {
        let _ = write!(out, "{}", fold(&l));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&long);
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        assert_eq!(fold("SHORT"), "SHORT\r\n");
    }
}
