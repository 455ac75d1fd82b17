//! From a starting event and a rule of the catalogue to the dates a person can trust.
//!
//! Counting (social-scoring.md §5.2): the day of the event is not counted; months run *de
//! quantième à quantième* (the last day of a shorter month when the day does not exist); days
//! are calendar days; a délai franc gets one more day; a period ending on a Saturday, Sunday
//! or public holiday ends on the next working day.
//!
//! Two readings of one period: the *legal* date (franc day and move included), which is the
//! due date of a deadline the administration must meet (latest plausible date: no premature
//! complaint), and the *safe* date (neither franc day nor move), which is the due date of a
//! deadline the person must meet (earliest plausible date: no missed deadline).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use super::calendar::{self, DayOff, Region};
use crate::catalogue::{DeadlineRule, Party, Unit};
use crate::texts::law as t;

/// Longest period accepted, in months.
pub const MAX_MONTHS: u32 = 120;
/// Longest period accepted, in days.
pub const MAX_DAYS: u32 = 3650;
/// Working days assumed between the sending of a lettre recommandée and its receipt.
pub const RECEIPT_WORKING_DAYS: u32 = 2;

/// Why a deadline cannot be computed. `Display` is French.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LawError {
    #[error("{}", t::zero_length())]
    ZeroLength,
    #[error("{}", t::too_long(*.length, *.unit))]
    TooLong { length: u32, unit: Unit },
    #[error("{}", t::date_overflow())]
    DateOverflow,
}

/// The move of a period's last day to the next working day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// The last day before the move (start + length, + 1 when franc).
    pub from: NaiveDate,
    /// The next working day.
    pub to: NaiveDate,
    /// Each day skipped and why, in French (« samedi 15 mai 2027 : un samedi »).
    pub reasons: Vec<String>,
}

/// An extension applied to a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedExtension {
    /// The extra time.
    pub length: u32,
    pub unit: Unit,
    /// When the law allows it, in French, from the catalogue.
    pub condition: String,
}

/// The dates of one deadline. How they were counted is worded on demand
/// ([`DueDate::explanation`]): most due dates are only compared, never shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueDate {
    /// The starting event (not counted).
    pub start: NaiveDate,
    /// The period as the rule states it, without extension.
    pub length: u32,
    pub unit: Unit,
    /// The extension counted in, if the case recorded its notice.
    pub extension: Option<AppliedExtension>,
    /// start + length (+ extension): no franc day, no move.
    pub naive: NaiveDate,
    /// naive (+ 1 day when franc), moved to the next working day when needed.
    pub legal: NaiveDate,
    /// The date to act by for a deadline the person must meet: equal to `naive`.
    pub safe: NaiveDate,
    pub party: Party,
    pub franc: bool,
    /// The start is an estimate (receipt not known): every date here is an estimate.
    pub estimated: bool,
    pub region: Region,
    /// The non-working days the legal date was moved past, in order.
    pub moved_because: Vec<DayOff>,
    /// When `estimated` and the caller gave it: the sending the receipt was estimated from.
    pub estimated_from: Option<NaiveDate>,
}

/// The JSON form of a [`DueDate`]: its fields, then `explanation` (how it was counted, in
/// French, one sentence a line), built when serialized.
#[derive(Serialize)]
struct DueDateJson<'a> {
    start: NaiveDate,
    length: u32,
    unit: Unit,
    extension: &'a Option<AppliedExtension>,
    naive: NaiveDate,
    legal: NaiveDate,
    safe: NaiveDate,
    party: Party,
    franc: bool,
    estimated: bool,
    region: Region,
    moved_because: &'a [DayOff],
    explanation: Vec<String>,
}

impl Serialize for DueDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DueDateJson {
            start: self.start,
            length: self.length,
            unit: self.unit,
            extension: &self.extension,
            naive: self.naive,
            legal: self.legal,
            safe: self.safe,
            party: self.party,
            franc: self.franc,
            estimated: self.estimated,
            region: self.region,
            moved_because: &self.moved_because,
            explanation: self.explanation(),
        }
        .serialize(serializer)
    }
}

impl DueDate {
    /// The date that matters: the legal date for the administration, the safe date for the
    /// person.
    pub fn due(&self) -> NaiveDate {
        match self.party {
            Party::Administration => self.legal,
            Party::Person => self.safe,
        }
    }

    /// The last day before the move, when the legal date was moved.
    pub fn moved(&self) -> Option<Moved> {
        let first = self.moved_because.first()?;
        Some(Moved {
            from: first.date,
            to: self.legal,
            reasons: self.moved_because.iter().map(t::skipped_day).collect(),
        })
    }

    /// Whether `today` is past the due date.
    pub fn is_past(&self, today: NaiveDate) -> bool {
        today > self.due()
    }

    /// Days from `today` to the due date: 0 on the due date itself, negative once past.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.due() - today).num_days()
    }

    /// How it was counted, in French, one sentence a line.
    pub fn explanation(&self) -> Vec<String> {
        let (start, length, unit, naive, legal) =
            (self.start, self.length, self.unit, self.naive, self.legal);
        // The day the period ends before any move (`build` checked it exists).
        let last = if self.franc {
            naive.succ_opt().unwrap_or(naive)
        } else {
            naive
        };
        let mut explanation = Vec::new();
        if self.estimated {
            explanation.push(t::estimated_start(
                self.estimated_from,
                start,
                RECEIPT_WORKING_DAYS,
            ));
        }
        explanation.push(t::start_not_counted(start));
        if let Some(e) = &self.extension {
            explanation.push(t::extension_applied(
                length,
                unit,
                e.length,
                e.unit,
                &e.condition,
            ));
        }
        match &self.extension {
            Some(e) if e.unit != unit => {
                explanation.push(t::counted_mixed(
                    start, length, unit, e.length, e.unit, naive,
                ));
            }
            _ => {
                let total = length + self.extension.as_ref().map_or(0, |e| e.length);
                explanation.push(t::counted(start, total, unit, naive));
                if unit == Unit::Months && naive.day() < start.day() {
                    explanation.push(t::month_too_short(start.day(), naive));
                }
            }
        }
        if self.franc {
            explanation.push(t::franc_day(last));
        }
        if !self.moved_because.is_empty() {
            explanation.push(t::moved(last, legal, &self.moved_because));
        }
        if self.region == Region::AlsaceMoselle {
            explanation.push(t::alsace_moselle().to_string());
        }
        explanation.push(match self.party {
            Party::Administration => t::administration_due(legal, naive),
            Party::Person => t::person_due(naive, legal),
        });
        if self.party == Party::Person
            && let Some(off) = calendar::day_off(naive, self.region)
            && let Some(before) = calendar::previous_working_day(naive, self.region)
        {
            explanation.push(t::safe_date_off(off.reason, before));
        }
        if self.estimated {
            explanation.push(t::estimated_dates().to_string());
        }
        explanation
    }
}

/// Whether a length is between 1 and the maximum for its unit.
pub fn check_length(length: u32, unit: Unit) -> Result<(), LawError> {
    let max = match unit {
        Unit::Months => MAX_MONTHS,
        Unit::Days => MAX_DAYS,
    };
    if length == 0 {
        Err(LawError::ZeroLength)
    } else if length > max {
        Err(LawError::TooLong { length, unit })
    } else {
        Ok(())
    }
}

/// `start` + `length` `unit`, the day of `start` not counted; months *de quantième à
/// quantième*, on the last day of the month when the day does not exist.
pub fn add_period(start: NaiveDate, length: u32, unit: Unit) -> Result<NaiveDate, LawError> {
    let end = match unit {
        // chrono clamps to the last day of the target month, as the rule wants.
        Unit::Months => start.checked_add_months(Months::new(length)),
        Unit::Days => start.checked_add_days(Days::new(u64::from(length))),
    };
    end.ok_or(LawError::DateOverflow)
}

/// The dates of a period of `length` `unit` from `start`.
pub fn compute(
    start: NaiveDate,
    length: u32,
    unit: Unit,
    franc: bool,
    party: Party,
    region: Region,
) -> Result<DueDate, LawError> {
    build(
        start,
        length,
        unit,
        None,
        franc,
        party,
        Start::Known,
        region,
    )
}

/// The dates of a catalogue rule counted from `start` (the event the rule names: receipt,
/// sending or decision). `extended`: the case recorded the notice of the extension the rule
/// allows (ignored when the rule allows none). `estimated`: `start` is a receipt estimated
/// with [`estimate_receipt`] (the explanation states that assumption).
pub fn due_for_rule(
    rule: &DeadlineRule,
    start: NaiveDate,
    extended: bool,
    estimated: bool,
    region: Region,
) -> Result<DueDate, LawError> {
    let extension = if extended {
        rule.extension.as_ref().map(|e| AppliedExtension {
            length: e.length,
            unit: e.unit,
            condition: e.condition.clone(),
        })
    } else {
        None
    };
    build(
        start,
        rule.length,
        rule.unit,
        extension,
        rule.franc,
        rule.party,
        if estimated {
            Start::Estimated { sent: None }
        } else {
            Start::Known
        },
        region,
    )
}

/// The dates of a period counted from the receipt of a lettre recommandée whose receipt is
/// not known: receipt is estimated at `sent` + 2 working days, and every date is marked as
/// an estimate.
pub fn compute_from_sending(
    sent: NaiveDate,
    length: u32,
    unit: Unit,
    franc: bool,
    party: Party,
    region: Region,
) -> Result<DueDate, LawError> {
    let received = calendar::add_working_days(sent, RECEIPT_WORKING_DAYS, region)
        .ok_or(LawError::DateOverflow)?;
    build(
        received,
        length,
        unit,
        None,
        franc,
        party,
        Start::Estimated { sent: Some(sent) },
        region,
    )
}

/// The estimated receipt of a lettre recommandée sent on `sent`: two working days later.
/// Past the end of chrono's calendar, the last representable date.
pub fn estimate_receipt(sent: NaiveDate, region: Region) -> NaiveDate {
    calendar::add_working_days(sent, RECEIPT_WORKING_DAYS, region).unwrap_or(NaiveDate::MAX)
}

/// Whether the start date is known or estimated.
#[derive(Clone, Copy)]
enum Start {
    Known,
    /// An estimated receipt, from this sending date when the caller knows it.
    Estimated {
        sent: Option<NaiveDate>,
    },
}

#[allow(clippy::too_many_arguments)]
fn build(
    start: NaiveDate,
    length: u32,
    unit: Unit,
    extension: Option<AppliedExtension>,
    franc: bool,
    party: Party,
    start_kind: Start,
    region: Region,
) -> Result<DueDate, LawError> {
    let estimated = matches!(start_kind, Start::Estimated { .. });
    check_length(length, unit)?;
    if let Some(e) = &extension {
        check_length(e.length, e.unit)?;
    }
    // Same unit: one period of the total length (31 Jan + 1 + 2 months = 30 April, not
    // 28 April). Different units: months first, then days, both from the start.
    let naive = match &extension {
        Some(e) if e.unit == unit => add_period(start, length + e.length, unit)?,
        Some(e) => {
            let (months, days) = match unit {
                Unit::Months => (length, e.length),
                Unit::Days => (e.length, length),
            };
            add_period(add_period(start, months, Unit::Months)?, days, Unit::Days)?
        }
        None => add_period(start, length, unit)?,
    };
    let last = if franc {
        naive.succ_opt().ok_or(LawError::DateOverflow)?
    } else {
        naive
    };
    let (legal, moved_because) =
        calendar::next_working_day(last, region).ok_or(LawError::DateOverflow)?;

    Ok(DueDate {
        start,
        length,
        unit,
        extension,
        naive,
        legal,
        safe: naive,
        party,
        franc,
        estimated,
        region,
        moved_because,
        estimated_from: match start_kind {
            Start::Estimated { sent } => sent,
            Start::Known => None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Confidence, CountedFrom, Extension, Silence};
    use crate::law::calendar::{DayOffReason, Holiday, is_working_day};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn admin(start: NaiveDate, n: u32, unit: Unit) -> DueDate {
        compute(
            start,
            n,
            unit,
            false,
            Party::Administration,
            Region::General,
        )
        .unwrap()
    }

    fn reasons(due: &DueDate) -> Vec<DayOffReason> {
        due.moved_because.iter().map(|o| o.reason).collect()
    }

    #[test]
    fn month_counting_quantieme_a_quantieme() {
        let due = admin(d(2027, 3, 15), 2, Unit::Months);
        assert_eq!(due.naive, d(2027, 5, 15));
        assert_eq!(due.safe, due.naive);
        // 31 Jan + 1 month: 28 Feb in a common year (a Sunday in 2027: moved to 1 March)…
        let common = admin(d(2027, 1, 31), 1, Unit::Months);
        assert_eq!(common.naive, d(2027, 2, 28));
        assert_eq!(common.legal, d(2027, 3, 1));
        assert_eq!(reasons(&common), [DayOffReason::Sunday]);
        assert!(
            common
                .explanation()
                .contains(&"Le 31 février n'existe pas : le délai finit le dernier jour du mois, le 28 février 2027.".to_string()),
            "{:?}",
            common.explanation()
        );
        // …29 Feb in a leap year (a Tuesday in 2028).
        let leap = admin(d(2028, 1, 31), 1, Unit::Months);
        assert_eq!((leap.naive, leap.legal), (d(2028, 2, 29), d(2028, 2, 29)));
        assert!(leap.moved_because.is_empty());
        // 30 Nov + 3 months.
        let nov = admin(d(2026, 11, 30), 3, Unit::Months);
        assert_eq!((nov.naive, nov.legal), (d(2027, 2, 28), d(2027, 3, 1)));
        let nov_leap = admin(d(2027, 11, 30), 3, Unit::Months);
        assert_eq!(
            (nov_leap.naive, nov_leap.legal),
            (d(2028, 2, 29), d(2028, 2, 29))
        );
        // 31 March + 1 month → 30 April.
        assert_eq!(admin(d(2026, 3, 31), 1, Unit::Months).naive, d(2026, 4, 30));
    }

    #[test]
    fn starts_on_29_february() {
        assert_eq!(admin(d(2028, 2, 29), 1, Unit::Months).naive, d(2028, 3, 29));
        assert_eq!(
            admin(d(2028, 2, 29), 12, Unit::Months).naive,
            d(2029, 2, 28)
        );
        assert_eq!(
            admin(d(2028, 2, 29), 48, Unit::Months).naive,
            d(2032, 2, 29)
        );
        assert_eq!(admin(d(2024, 2, 29), 10, Unit::Days).naive, d(2024, 3, 10));
        // 29 Feb 2024 + 2 months, franc, for the person: safe 29 April (Monday), legal 30 April.
        let p = compute(
            d(2024, 2, 29),
            2,
            Unit::Months,
            true,
            Party::Person,
            Region::General,
        )
        .unwrap();
        assert_eq!(
            (p.safe, p.legal, p.due()),
            (d(2024, 4, 29), d(2024, 4, 30), d(2024, 4, 29))
        );
    }

    #[test]
    fn days_are_calendar_days() {
        let due = admin(d(2026, 3, 2), 10, Unit::Days);
        assert_eq!((due.naive, due.legal), (d(2026, 3, 12), d(2026, 3, 12)));
        // 15 Dec + 10 days = Friday 25 December → Monday 28.
        let xmas = admin(d(2026, 12, 15), 10, Unit::Days);
        assert_eq!((xmas.naive, xmas.legal), (d(2026, 12, 25), d(2026, 12, 28)));
        assert_eq!(
            reasons(&xmas),
            [
                DayOffReason::Holiday(Holiday::Christmas),
                DayOffReason::Saturday,
                DayOffReason::Sunday
            ]
        );
    }

    #[test]
    fn saturday_and_sunday_ends() {
        // Saturday 28 November 2026 → Monday 30.
        let sat = admin(d(2026, 10, 28), 1, Unit::Months);
        assert_eq!((sat.naive, sat.legal), (d(2026, 11, 28), d(2026, 11, 30)));
        assert_eq!(
            reasons(&sat),
            [DayOffReason::Saturday, DayOffReason::Sunday]
        );
        // Sunday 29 November 2026 → Monday 30.
        let sun = admin(d(2026, 9, 29), 2, Unit::Months);
        assert_eq!((sun.naive, sun.legal), (d(2026, 11, 29), d(2026, 11, 30)));
        assert_eq!(reasons(&sun), [DayOffReason::Sunday]);
        // A person's deadline is never moved.
        let p = compute(
            d(2026, 9, 29),
            2,
            Unit::Months,
            false,
            Party::Person,
            Region::General,
        )
        .unwrap();
        assert_eq!((p.due(), p.legal), (d(2026, 11, 29), d(2026, 11, 30)));
        assert_eq!(
            p.explanation().last().unwrap(),
            "Ce jour est un dimanche : postes et greffes peuvent être fermés, agissez de \
             préférence au plus tard le vendredi 27 novembre 2026."
        );
        // No such advice when the safe date is a working day.
        let monday = compute(
            d(2026, 9, 30),
            2,
            Unit::Months,
            false,
            Party::Person,
            Region::General,
        )
        .unwrap();
        assert!(
            !monday
                .explanation()
                .iter()
                .any(|l| l.contains("de préférence"))
        );
    }

    #[test]
    fn the_moved_sentence() {
        // 15 May 2021 was a Saturday, and Whit Monday was on 24 May.
        let due = admin(d(2021, 3, 15), 2, Unit::Months);
        assert_eq!(due.legal, d(2021, 5, 17));
        assert!(due.explanation().contains(
            &"15 mai 2021 tombe un samedi : reporté au lundi 17 mai, jour ouvré suivant.".into()
        ));
        // In 2027, Monday 17 May is Whit Monday: the deadline goes to Tuesday 18.
        let due = admin(d(2027, 3, 15), 2, Unit::Months);
        assert_eq!(due.legal, d(2027, 5, 18));
        assert!(
            due.explanation().contains(
                &"15 mai 2027 tombe un samedi ; le lundi 17 mai est férié (lundi de Pentecôte) : \
                  reporté au mardi 18 mai, jour ouvré suivant."
                    .into()
            ),
            "{:?}",
            due.explanation()
        );
        let moved = due.moved().unwrap();
        assert_eq!((moved.from, moved.to), (d(2027, 5, 15), d(2027, 5, 18)));
        assert_eq!(
            moved.reasons,
            [
                "samedi 15 mai 2027 : un samedi",
                "dimanche 16 mai 2027 : un dimanche",
                "lundi 17 mai 2027 : un jour férié (lundi de Pentecôte)"
            ]
        );
        // Across a year end, the year is written.
        let nye = admin(d(2022, 12, 21), 10, Unit::Days);
        assert_eq!((nye.naive, nye.legal), (d(2022, 12, 31), d(2023, 1, 2)));
        assert!(
            nye.explanation().contains(
                &"31 décembre 2022 tombe un samedi ; le dimanche 1er janvier est férié (jour de \
                  l'an) : reporté au lundi 2 janvier 2023, jour ouvré suivant."
                    .into()
            ),
            "{:?}",
            nye.explanation()
        );
    }

    /// A period ending on `end`: one month from the same day of the month before, or 30 days
    /// when that day does not exist (29–31).
    fn ending_on(end: NaiveDate, region: Region) -> DueDate {
        let start = end.checked_sub_months(Months::new(1)).unwrap();
        let due = if start.day() == end.day() {
            compute(start, 1, Unit::Months, false, Party::Administration, region)
        } else {
            let start = end - Days::new(30);
            compute(start, 30, Unit::Days, false, Party::Administration, region)
        }
        .unwrap();
        assert_eq!(due.naive, end);
        due
    }

    #[test]
    fn periods_ending_on_each_fixed_holiday() {
        let fixed = [
            (1, 1, Holiday::NewYear),
            (5, 1, Holiday::LabourDay),
            (5, 8, Holiday::VictoryDay),
            (7, 14, Holiday::BastilleDay),
            (8, 15, Holiday::Assumption),
            (11, 1, Holiday::AllSaints),
            (11, 11, Holiday::Armistice),
            (12, 25, Holiday::Christmas),
        ];
        for year in 2025..=2032 {
            for (m, day, h) in fixed {
                let end = d(year, m, day);
                let due = ending_on(end, Region::General);
                assert_eq!(due.naive, end);
                assert!(due.legal > end, "{end}");
                assert!(is_working_day(due.legal, Region::General), "{end}");
                assert_eq!(
                    due.moved_because[0].reason,
                    DayOffReason::Holiday(h),
                    "{end}"
                );
                // Every day between is a day off, and listed.
                assert_eq!(
                    due.moved_because.len() as i64,
                    (due.legal - end).num_days(),
                    "{end}"
                );
            }
        }
        // Worked examples.
        assert_eq!(
            ending_on(d(2026, 7, 14), Region::General).legal,
            d(2026, 7, 15)
        );
        assert_eq!(
            ending_on(d(2026, 5, 1), Region::General).legal,
            d(2026, 5, 4)
        );
        assert_eq!(
            ending_on(d(2026, 5, 8), Region::General).legal,
            d(2026, 5, 11)
        );
        assert_eq!(
            ending_on(d(2026, 8, 15), Region::General).legal,
            d(2026, 8, 17)
        );
        assert_eq!(
            ending_on(d(2026, 11, 11), Region::General).legal,
            d(2026, 11, 12)
        );
        assert_eq!(
            ending_on(d(2027, 1, 1), Region::General).legal,
            d(2027, 1, 4)
        );
        assert_eq!(
            ending_on(d(2025, 12, 25), Region::General).legal,
            d(2025, 12, 26)
        );
        // 1 November 2026 is a Sunday and a holiday: the holiday is named.
        let toussaint = ending_on(d(2026, 11, 1), Region::General);
        assert_eq!(toussaint.legal, d(2026, 11, 2));
        assert!(toussaint.explanation().iter().any(|l| l
            == "1er novembre 2026 tombe un jour férié (Toussaint) : reporté au lundi 2 novembre, jour ouvré suivant."));
    }

    #[test]
    fn periods_ending_on_easter_monday_ascension_and_whit_monday() {
        let cases = [
            // (Easter Monday, Ascension, Whit Monday)
            (d(2024, 4, 1), d(2024, 5, 9), d(2024, 5, 20)),
            (d(2025, 4, 21), d(2025, 5, 29), d(2025, 6, 9)),
            (d(2026, 4, 6), d(2026, 5, 14), d(2026, 5, 25)),
            (d(2027, 3, 29), d(2027, 5, 6), d(2027, 5, 17)),
            (d(2030, 4, 22), d(2030, 5, 30), d(2030, 6, 10)),
        ];
        for (monday, ascension, whit) in cases {
            let e = ending_on(monday, Region::General);
            assert_eq!(e.legal, monday.succ_opt().unwrap(), "{monday}");
            assert_eq!(reasons(&e), [DayOffReason::Holiday(Holiday::EasterMonday)]);
            let a = ending_on(ascension, Region::General);
            assert_eq!(a.legal, ascension.succ_opt().unwrap(), "{ascension}");
            assert_eq!(reasons(&a), [DayOffReason::Holiday(Holiday::Ascension)]);
            let w = ending_on(whit, Region::General);
            assert_eq!(w.legal, whit.succ_opt().unwrap(), "{whit}");
            assert_eq!(reasons(&w), [DayOffReason::Holiday(Holiday::WhitMonday)]);
        }
    }

    #[test]
    fn franc_periods() {
        // Naive end Thursday 12 March 2026, franc → Friday 13: not moved.
        let thu = compute(
            d(2026, 1, 12),
            2,
            Unit::Months,
            true,
            Party::Administration,
            Region::General,
        )
        .unwrap();
        assert_eq!((thu.naive, thu.legal), (d(2026, 3, 12), d(2026, 3, 13)));
        assert!(thu.moved_because.is_empty());
        assert!(
            thu.explanation()
                .contains(&"Délai franc : un jour de plus, soit le 13 mars 2026.".into())
        );
        // For the person: the safe date ignores the franc day.
        let person = compute(
            d(2026, 1, 12),
            2,
            Unit::Months,
            true,
            Party::Person,
            Region::General,
        )
        .unwrap();
        assert_eq!(
            (person.due(), person.legal),
            (d(2026, 3, 12), d(2026, 3, 13))
        );
        // Naive end Friday 13 March 2026, franc → Saturday 14 → Monday 16.
        let fri = compute(
            d(2026, 1, 13),
            2,
            Unit::Months,
            true,
            Party::Administration,
            Region::General,
        )
        .unwrap();
        assert_eq!((fri.naive, fri.legal), (d(2026, 3, 13), d(2026, 3, 16)));
        assert_eq!(fri.moved().unwrap().from, d(2026, 3, 14));
    }

    #[test]
    fn alsace_moselle_good_friday_and_26_december() {
        let am = Region::AlsaceMoselle;
        // Good Friday 3 April 2026, then the weekend and Easter Monday → Tuesday 7 April.
        assert_eq!(
            ending_on(d(2026, 4, 3), Region::General).legal,
            d(2026, 4, 3)
        );
        let gf = ending_on(d(2026, 4, 3), am);
        assert_eq!(gf.legal, d(2026, 4, 7));
        assert_eq!(
            reasons(&gf),
            [
                DayOffReason::Holiday(Holiday::GoodFriday),
                DayOffReason::Saturday,
                DayOffReason::Sunday,
                DayOffReason::Holiday(Holiday::EasterMonday)
            ]
        );
        assert!(
            gf.explanation()
                .iter()
                .any(|l| l.contains("Alsace-Moselle"))
        );
        // Good Friday 18 April 2025.
        assert_eq!(ending_on(d(2025, 4, 18), am).legal, d(2025, 4, 22));
        // Christmas 2025 is a Thursday: Friday 26 is a working day except in Alsace-Moselle.
        assert_eq!(
            ending_on(d(2025, 12, 25), Region::General).legal,
            d(2025, 12, 26)
        );
        assert_eq!(ending_on(d(2025, 12, 25), am).legal, d(2025, 12, 29));
        assert_eq!(ending_on(d(2025, 12, 26), am).legal, d(2025, 12, 29));
        assert_eq!(
            ending_on(d(2025, 12, 26), Region::General).legal,
            d(2025, 12, 26)
        );
    }

    fn rule(
        length: u32,
        unit: Unit,
        party: Party,
        franc: bool,
        ext: Option<(u32, Unit)>,
    ) -> DeadlineRule {
        DeadlineRule {
            length,
            unit,
            from: CountedFrom::Receipt,
            party,
            silence: Silence::Nothing,
            franc,
            extension: ext.map(|(length, unit)| Extension {
                length,
                unit,
                condition: "notifiée dans le premier mois".into(),
            }),
            basis: "RGPD art. 12(3)".into(),
            source_url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj".into(),
            copy_url: None,
            confidence: Confidence::High,
            note: None,
            checked: None,
        }
    }

    #[test]
    fn rgpd_extension_adds_two_months_to_the_one() {
        let r = rule(
            1,
            Unit::Months,
            Party::Administration,
            false,
            Some((2, Unit::Months)),
        );
        let plain = due_for_rule(&r, d(2027, 1, 31), false, false, Region::General).unwrap();
        assert_eq!((plain.naive, plain.legal), (d(2027, 2, 28), d(2027, 3, 1)));
        assert_eq!(plain.extension, None);
        // Extended: 3 months from the start (30 April), not 28 Feb + 2 months (28 April).
        let ext = due_for_rule(&r, d(2027, 1, 31), true, false, Region::General).unwrap();
        assert_eq!((ext.naive, ext.legal), (d(2027, 4, 30), d(2027, 4, 30)));
        assert_eq!(ext.extension.as_ref().map(|e| e.length), Some(2));
        assert!(
            ext.explanation()
                .iter()
                .any(|l| l
                    .starts_with("Prolongation notifiée : 2 mois de plus, soit 3 mois au total")),
            "{:?}",
            ext.explanation()
        );
        // A rule without extension ignores the flag.
        let none = rule(2, Unit::Months, Party::Administration, false, None);
        let a = due_for_rule(&none, d(2026, 3, 2), true, false, Region::General).unwrap();
        let b = due_for_rule(&none, d(2026, 3, 2), false, false, Region::General).unwrap();
        assert_eq!(a, b);
        // Mixed units: months first, then days.
        let mixed = rule(
            1,
            Unit::Months,
            Party::Administration,
            false,
            Some((10, Unit::Days)),
        );
        let m = due_for_rule(&mixed, d(2027, 1, 31), true, false, Region::General).unwrap();
        assert_eq!(m.naive, d(2027, 3, 10));
    }

    #[test]
    fn estimated_receipt_and_estimated_dates() {
        // Friday 27 Nov 2026 + 2 working days → Tuesday 1 December.
        assert_eq!(
            estimate_receipt(d(2026, 11, 27), Region::General),
            d(2026, 12, 1)
        );
        // Thursday 30 April 2026: 1 May holiday, weekend → Monday 4, Tuesday 5 May.
        assert_eq!(
            estimate_receipt(d(2026, 4, 30), Region::General),
            d(2026, 5, 5)
        );
        // Wednesday 1 April 2026 → Friday 3 April; in Alsace-Moselle Good Friday and Easter
        // Monday are skipped → Tuesday 7 April.
        assert_eq!(
            estimate_receipt(d(2026, 4, 1), Region::General),
            d(2026, 4, 3)
        );
        assert_eq!(
            estimate_receipt(d(2026, 4, 1), Region::AlsaceMoselle),
            d(2026, 4, 7)
        );
        assert_eq!(
            estimate_receipt(NaiveDate::MAX, Region::General),
            NaiveDate::MAX
        );

        let r = rule(1, Unit::Months, Party::Administration, false, None);
        let start = estimate_receipt(d(2026, 11, 27), Region::General);
        let due = due_for_rule(&r, start, false, true, Region::General).unwrap();
        assert!(due.estimated);
        assert_eq!(due.legal, d(2027, 1, 4)); // 1 Jan 2027 is a Friday holiday.
        assert!(
            due.explanation()[0].contains("envoi + 2 jours ouvrés"),
            "{:?}",
            due.explanation()
        );
        assert!(due.explanation().last().unwrap().contains("estimées"));
    }

    #[test]
    fn errors_are_french() {
        let start = d(2026, 3, 2);
        let e = compute(start, 0, Unit::Days, false, Party::Person, Region::General).unwrap_err();
        assert_eq!(e, LawError::ZeroLength);
        assert!(e.to_string().contains("au moins 1 jour"));
        let e = compute(
            start,
            121,
            Unit::Months,
            false,
            Party::Person,
            Region::General,
        )
        .unwrap_err();
        assert!(e.to_string().contains("121 mois est trop long"), "{e}");
        assert!(
            compute(
                start,
                120,
                Unit::Months,
                false,
                Party::Person,
                Region::General
            )
            .is_ok()
        );
        let e = compute(
            start,
            3651,
            Unit::Days,
            false,
            Party::Person,
            Region::General,
        )
        .unwrap_err();
        assert!(e.to_string().contains("3651 jours est trop long"), "{e}");
        assert!(
            compute(
                start,
                3650,
                Unit::Days,
                false,
                Party::Person,
                Region::General
            )
            .is_ok()
        );
        let e = compute(
            NaiveDate::MAX,
            1,
            Unit::Days,
            false,
            Party::Person,
            Region::General,
        )
        .unwrap_err();
        assert_eq!(e, LawError::DateOverflow);
        assert!(e.to_string().contains("calendrier"));
        let last = NaiveDate::MAX.pred_opt().unwrap();
        assert_eq!(
            compute(last, 1, Unit::Days, true, Party::Person, Region::General).unwrap_err(),
            LawError::DateOverflow
        );
        let r = rule(
            1,
            Unit::Months,
            Party::Administration,
            false,
            Some((0, Unit::Months)),
        );
        assert_eq!(
            due_for_rule(&r, start, true, false, Region::General).unwrap_err(),
            LawError::ZeroLength
        );
    }

    #[test]
    fn days_left_and_past() {
        let due = admin(d(2021, 3, 15), 2, Unit::Months); // legal: Monday 17 May 2021
        assert_eq!(due.days_left(d(2021, 5, 10)), 7);
        assert_eq!(due.days_left(d(2021, 5, 17)), 0);
        assert!(!due.is_past(d(2021, 5, 17)));
        assert_eq!(due.days_left(d(2021, 5, 18)), -1);
        assert!(due.is_past(d(2021, 5, 18)));
    }

    #[test]
    fn serialized_due_date_has_the_stable_fields() {
        let due = admin(d(2021, 3, 15), 2, Unit::Months);
        let v = serde_json::to_value(&due).unwrap();
        assert_eq!(v["legal"], "2021-05-17");
        assert_eq!(v["safe"], "2021-05-15");
        assert_eq!(v["naive"], "2021-05-15");
        assert_eq!(v["party"], "administration");
        assert_eq!(v["region"], "general");
        assert_eq!(v["moved_because"][0]["reason"], "saturday");
        assert_eq!(v["moved_because"][1]["reason"], "sunday");
        assert!(v["explanation"].as_array().unwrap().len() >= 3);
    }
}
