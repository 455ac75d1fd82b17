//! The French civil calendar as deadlines see it: public holidays, weekends, working days.
//!
//! Public holidays are the eleven of art. L3133-1 of the code du travail, plus the two days
//! local law adds in Alsace-Moselle (Moselle 57, Bas-Rhin 67, Haut-Rhin 68): Good Friday and
//! 26 December. The current list is applied to every year.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

/// Which list of public holidays applies to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    /// The eleven national holidays.
    #[default]
    General,
    /// Moselle, Bas-Rhin, Haut-Rhin: the national holidays plus Good Friday and 26 December.
    AlsaceMoselle,
}

impl Region {
    /// The region of a département number (« 57 », « 67 », « 68 » are Alsace-Moselle).
    /// An unknown département gives the national calendar.
    pub fn from_departement(dep: Option<&str>) -> Region {
        match dep.map(str::trim) {
            Some("57" | "67" | "68") => Region::AlsaceMoselle,
            _ => Region::General,
        }
    }
}

/// A French public holiday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holiday {
    NewYear,
    GoodFriday,
    EasterMonday,
    LabourDay,
    VictoryDay,
    Ascension,
    WhitMonday,
    BastilleDay,
    Assumption,
    AllSaints,
    Armistice,
    Christmas,
    SaintStephen,
}

impl Holiday {
    /// Holidays kept only in Alsace-Moselle.
    pub fn is_local(self) -> bool {
        matches!(self, Holiday::GoodFriday | Holiday::SaintStephen)
    }
}

/// Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, also known as
/// Meeus/Jones/Butcher). Years outside chrono's range are clamped to it.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let year = year.clamp(NaiveDate::MIN.year() + 1, NaiveDate::MAX.year() - 1);
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    // n is in 107..=149 by construction: month 3 or 4, day 1..=31.
    let month = n.div_euclid(31) as u32;
    let day = (n.rem_euclid(31) + 1) as u32;
    NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| NaiveDate::from_ymd_opt(year, 4, 1))
        .unwrap_or(NaiveDate::MIN)
}

fn offset(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    }
}

/// The public holiday on `d`, if any, in `region`.
pub fn holiday(d: NaiveDate, region: Region) -> Option<Holiday> {
    let fixed = match (d.month(), d.day()) {
        (1, 1) => Some(Holiday::NewYear),
        (5, 1) => Some(Holiday::LabourDay),
        (5, 8) => Some(Holiday::VictoryDay),
        (7, 14) => Some(Holiday::BastilleDay),
        (8, 15) => Some(Holiday::Assumption),
        (11, 1) => Some(Holiday::AllSaints),
        (11, 11) => Some(Holiday::Armistice),
        (12, 25) => Some(Holiday::Christmas),
        (12, 26) => Some(Holiday::SaintStephen),
        _ => None,
    };
    let found = fixed.or_else(|| {
        // Movable feasts fall between 20 March (Good Friday) and 14 June (Whit Monday).
        if !(3..=6).contains(&d.month()) {
            return None;
        }
        let easter = easter_sunday(d.year());
        [
            (-2, Holiday::GoodFriday),
            (1, Holiday::EasterMonday),
            (39, Holiday::Ascension),
            (50, Holiday::WhitMonday),
        ]
        .into_iter()
        .find(|(days, _)| offset(easter, *days) == Some(d))
        .map(|(_, h)| h)
    });
    found.filter(|h| !h.is_local() || region == Region::AlsaceMoselle)
}

/// Every public holiday of `year` in `region`, in date order.
pub fn holidays(year: i32, region: Region) -> Vec<(NaiveDate, Holiday)> {
    let Some(mut d) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while d.year() == year {
        if let Some(h) = holiday(d, region) {
            out.push((d, h));
        }
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

/// Why a day is not a working day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayOffReason {
    Saturday,
    Sunday,
    /// A public holiday (possibly also a Saturday or Sunday: the holiday is named).
    Holiday(Holiday),
}

/// A day that is not a working day, and why. Its JSON, which carries the French wording of
/// the reason, is written in `texts::law`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayOff {
    pub date: NaiveDate,
    pub reason: DayOffReason,
}

/// Why `d` is not a working day, or `None` when it is one.
pub fn day_off(d: NaiveDate, region: Region) -> Option<DayOff> {
    let reason = match (holiday(d, region), d.weekday()) {
        (Some(h), _) => DayOffReason::Holiday(h),
        (None, Weekday::Sat) => DayOffReason::Saturday,
        (None, Weekday::Sun) => DayOffReason::Sunday,
        (None, _) => return None,
    };
    Some(DayOff { date: d, reason })
}

/// Monday to Friday and not a public holiday of `region`.
pub fn is_working_day(d: NaiveDate, region: Region) -> bool {
    day_off(d, region).is_none()
}

/// The first working day on or after `d`, with the days skipped to reach it.
/// `None` only past the end of chrono's calendar.
pub fn next_working_day(d: NaiveDate, region: Region) -> Option<(NaiveDate, Vec<DayOff>)> {
    let mut skipped = Vec::new();
    let mut day = d;
    while let Some(off) = day_off(day, region) {
        skipped.push(off);
        day = day.succ_opt()?;
    }
    Some((day, skipped))
}

/// The last working day strictly before `d`. `None` only before the start of chrono's
/// calendar.
pub fn previous_working_day(d: NaiveDate, region: Region) -> Option<NaiveDate> {
    let mut day = d.pred_opt()?;
    while !is_working_day(day, region) {
        day = day.pred_opt()?;
    }
    Some(day)
}

/// `d` plus `n` working days: each following day that is a working day counts one.
/// `None` only past the end of chrono's calendar.
pub fn add_working_days(d: NaiveDate, n: u32, region: Region) -> Option<NaiveDate> {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        day = day.succ_opt()?;
        if is_working_day(day, region) {
            left -= 1;
        }
    }
    Some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_of_known_years() {
        for (y, m, day) in [
            (1961, 4, 2),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2030, 4, 21),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), d(y, m, day), "Easter {y}");
        }
    }

    #[test]
    fn easter_is_a_sunday_between_22_march_and_25_april() {
        for y in 1583..=4000 {
            let e = easter_sunday(y);
            assert_eq!(e.weekday(), Weekday::Sun, "{y}");
            assert!(e >= d(y, 3, 22) && e <= d(y, 4, 25), "{y}: {e}");
        }
    }

    #[test]
    fn easter_of_extreme_years_does_not_panic() {
        for y in [i32::MIN, -1, 0, i32::MAX] {
            let e = easter_sunday(y);
            assert!(e.month() == 3 || e.month() == 4, "{y}: {e}");
        }
    }

    #[test]
    fn movable_holidays_of_2026() {
        let r = Region::General;
        assert_eq!(holiday(d(2026, 4, 6), r), Some(Holiday::EasterMonday));
        assert_eq!(holiday(d(2026, 5, 14), r), Some(Holiday::Ascension));
        assert_eq!(holiday(d(2026, 5, 25), r), Some(Holiday::WhitMonday));
        assert_eq!(holiday(d(2026, 4, 3), r), None);
        assert_eq!(
            holiday(d(2026, 4, 3), Region::AlsaceMoselle),
            Some(Holiday::GoodFriday)
        );
    }

    #[test]
    fn eleven_national_and_thirteen_alsace_moselle_holidays() {
        for y in 2020..=2035 {
            let general = holidays(y, Region::General);
            let am = holidays(y, Region::AlsaceMoselle);
            assert_eq!(general.len(), 11, "{y}: {general:?}");
            assert_eq!(am.len(), 13, "{y}: {am:?}");
            assert!(am.iter().any(|(_, h)| *h == Holiday::GoodFriday));
            assert!(am.contains(&(d(y, 12, 26), Holiday::SaintStephen)));
        }
        let days: Vec<_> = holidays(2027, Region::General)
            .into_iter()
            .map(|(day, h)| (day.to_string(), h))
            .collect();
        assert_eq!(
            days,
            [
                ("2027-01-01", Holiday::NewYear),
                ("2027-03-29", Holiday::EasterMonday),
                ("2027-05-01", Holiday::LabourDay),
                ("2027-05-06", Holiday::Ascension),
                ("2027-05-08", Holiday::VictoryDay),
                ("2027-05-17", Holiday::WhitMonday),
                ("2027-07-14", Holiday::BastilleDay),
                ("2027-08-15", Holiday::Assumption),
                ("2027-11-01", Holiday::AllSaints),
                ("2027-11-11", Holiday::Armistice),
                ("2027-12-25", Holiday::Christmas),
            ]
            .map(|(a, b)| (a.to_string(), b))
        );
    }

    #[test]
    fn region_of_a_departement() {
        assert_eq!(Region::from_departement(Some("57")), Region::AlsaceMoselle);
        assert_eq!(Region::from_departement(Some("67")), Region::AlsaceMoselle);
        assert_eq!(
            Region::from_departement(Some(" 68 ")),
            Region::AlsaceMoselle
        );
        assert_eq!(Region::from_departement(Some("75")), Region::General);
        assert_eq!(Region::from_departement(Some("2A")), Region::General);
        assert_eq!(Region::from_departement(None), Region::General);
    }

    #[test]
    fn working_days() {
        let r = Region::General;
        assert!(is_working_day(d(2026, 11, 27), r)); // Friday
        assert!(!is_working_day(d(2026, 11, 28), r)); // Saturday
        assert!(!is_working_day(d(2026, 11, 29), r)); // Sunday
        assert!(!is_working_day(d(2026, 12, 25), r));
        assert!(is_working_day(d(2026, 12, 28), Region::AlsaceMoselle));
        assert_eq!(holiday(d(2026, 7, 14), r), Some(Holiday::BastilleDay));
        assert_eq!(holiday(d(2026, 12, 26), r), None);
        assert_eq!(
            holiday(d(2026, 12, 26), Region::AlsaceMoselle),
            Some(Holiday::SaintStephen)
        );
        // A holiday on a weekend is reported as the holiday.
        assert_eq!(
            day_off(d(2026, 11, 1), r).map(|o| o.reason),
            Some(DayOffReason::Holiday(Holiday::AllSaints))
        );
    }

    #[test]
    fn next_working_day_skips_weekend_and_whit_monday() {
        // Saturday 23 May 2026, Sunday 24, Whit Monday 25 → Tuesday 26.
        let (day, skipped) = next_working_day(d(2026, 5, 23), Region::General).unwrap();
        assert_eq!(day, d(2026, 5, 26));
        assert_eq!(
            skipped.iter().map(|o| o.reason).collect::<Vec<_>>(),
            [
                DayOffReason::Saturday,
                DayOffReason::Sunday,
                DayOffReason::Holiday(Holiday::WhitMonday)
            ]
        );
        let (same, none) = next_working_day(d(2026, 5, 22), Region::General).unwrap();
        assert_eq!((same, none.len()), (d(2026, 5, 22), 0));
        assert_eq!(
            previous_working_day(d(2026, 5, 26), Region::General),
            Some(d(2026, 5, 22))
        );
        assert_eq!(previous_working_day(NaiveDate::MIN, Region::General), None);
    }

    #[test]
    fn working_days_added() {
        let r = Region::General;
        // Friday + 2 working days → Tuesday.
        assert_eq!(
            add_working_days(d(2026, 11, 27), 2, r),
            Some(d(2026, 12, 1))
        );
        // Wednesday 23 Dec + 2 → Thursday 24, (25 Noël) Monday 28.
        assert_eq!(
            add_working_days(d(2026, 12, 23), 2, r),
            Some(d(2026, 12, 28))
        );
        // In Alsace-Moselle 28 Dec is a working day, 26 a Saturday anyway.
        assert_eq!(
            add_working_days(d(2026, 12, 23), 2, Region::AlsaceMoselle),
            Some(d(2026, 12, 28))
        );
        assert_eq!(add_working_days(NaiveDate::MAX, 1, r), None);
        assert_eq!(
            add_working_days(d(2026, 11, 28), 0, r),
            Some(d(2026, 11, 28))
        );
    }
}
