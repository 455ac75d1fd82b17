//! Dates written the French way: « 3 mars 2027 », « 1er mai 2027 », « lundi 17 mai 2027 ».
//!
//! Letters, the TUI and the deadline explanations all use these, so a date reads the same
//! everywhere.

use chrono::{Datelike, NaiveDate, Weekday};

/// The French month name, lower case (« janvier »…). `month` is 1–12; anything else gives "".
pub fn month_fr(month: u32) -> &'static str {
    match month {
        1 => "janvier",
        2 => "février",
        3 => "mars",
        4 => "avril",
        5 => "mai",
        6 => "juin",
        7 => "juillet",
        8 => "août",
        9 => "septembre",
        10 => "octobre",
        11 => "novembre",
        12 => "décembre",
        _ => "",
    }
}

/// The French weekday name, lower case (« lundi »…).
pub fn weekday_fr(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    }
}

/// « 1er » for the first of the month, the bare number otherwise.
fn day_fr(day: u32) -> String {
    if day == 1 {
        "1er".to_string()
    } else {
        day.to_string()
    }
}

/// « 3 mars 2027 », « 1er mai 2027 ».
pub fn date_fr(d: NaiveDate) -> String {
    format!("{} {} {}", day_fr(d.day()), month_fr(d.month()), d.year())
}

/// « lundi 17 mai 2027 », « vendredi 1er mai 2026 ».
pub fn date_fr_long(d: NaiveDate) -> String {
    format!("{} {}", weekday_fr(d.weekday()), date_fr(d))
}

/// « 3 mars », « 1er mai »: when the year is obvious from the sentence.
pub fn day_month_fr(d: NaiveDate) -> String {
    format!("{} {}", day_fr(d.day()), month_fr(d.month()))
}

/// « lundi 17 mai »: weekday, day and month, without the year.
pub fn day_month_fr_long(d: NaiveDate) -> String {
    format!("{} {}", weekday_fr(d.weekday()), day_month_fr(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn plain_dates() {
        assert_eq!(date_fr(d(2027, 3, 3)), "3 mars 2027");
        assert_eq!(date_fr(d(2027, 5, 1)), "1er mai 2027");
        assert_eq!(date_fr(d(2026, 8, 15)), "15 août 2026");
        assert_eq!(date_fr(d(2026, 12, 31)), "31 décembre 2026");
        assert_eq!(date_fr(d(2028, 2, 29)), "29 février 2028");
    }

    #[test]
    fn dates_with_weekday() {
        assert_eq!(date_fr_long(d(2027, 5, 17)), "lundi 17 mai 2027");
        assert_eq!(date_fr_long(d(2026, 5, 1)), "vendredi 1er mai 2026");
        assert_eq!(date_fr_long(d(2027, 5, 15)), "samedi 15 mai 2027");
        assert_eq!(date_fr_long(d(2026, 11, 29)), "dimanche 29 novembre 2026");
    }

    #[test]
    fn dates_without_year() {
        assert_eq!(day_month_fr(d(2027, 5, 1)), "1er mai");
        assert_eq!(day_month_fr_long(d(2027, 5, 17)), "lundi 17 mai");
    }

    #[test]
    fn every_month_and_weekday_is_named() {
        for m in 1..=12 {
            assert!(!month_fr(m).is_empty());
        }
        assert_eq!(month_fr(13), "");
        let names: std::collections::BTreeSet<_> = (0..7)
            .map(|i| weekday_fr(d(2026, 11, 23 + i).weekday()))
            .collect();
        assert_eq!(names.len(), 7);
    }
}
