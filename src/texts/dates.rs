//! Dates written the French way: « 1er mai 2027 », « samedi 3 mars 2027 ».

use chrono::{Datelike, NaiveDate, Weekday};

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// « 3 mars 2027 », « 1er mai 2027 » (without « le »).
pub fn date_fr(d: NaiveDate) -> String {
    let day = match d.day() {
        1 => "1er".to_string(),
        n => n.to_string(),
    };
    format!("{day} {} {}", MONTHS[d.month0() as usize], d.year())
}

/// « mercredi 3 mars 2027 » (without « le »).
pub fn date_fr_long(d: NaiveDate) -> String {
    let weekday = match d.weekday() {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    };
    format!("{weekday} {}", date_fr(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn first_of_month_is_premier() {
        assert_eq!(date_fr(d(2027, 5, 1)), "1er mai 2027");
        assert_eq!(date_fr(d(2027, 3, 3)), "3 mars 2027");
        assert_eq!(date_fr(d(2026, 8, 31)), "31 août 2026");
        assert_eq!(date_fr(d(2026, 12, 21)), "21 décembre 2026");
    }

    #[test]
    fn long_form_has_weekday() {
        assert_eq!(date_fr_long(d(2027, 3, 3)), "mercredi 3 mars 2027");
        assert_eq!(date_fr_long(d(2026, 11, 28)), "samedi 28 novembre 2026");
    }
}
