//! Unit tests of `deadline`.

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
        common.steps().contains(&Step::MonthTooShort {
            day: 31,
            end: d(2027, 2, 28)
        }),
        "{:?}",
        common.steps()
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
        p.steps().last(),
        Some(&Step::SafeDateOff {
            reason: DayOffReason::Sunday,
            before: d(2026, 11, 27)
        })
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
            .steps()
            .iter()
            .any(|s| matches!(s, Step::SafeDateOff { .. }))
    );
}

#[test]
fn the_moved_step() {
    // 15 May 2021 was a Saturday, and Whit Monday was on 24 May.
    let due = admin(d(2021, 3, 15), 2, Unit::Months);
    assert_eq!(due.legal, d(2021, 5, 17));
    assert!(due.steps().contains(&Step::Moved {
        last: d(2021, 5, 15),
        to: d(2021, 5, 17),
        skipped: due.moved_because.clone(),
    }));
    // In 2027, Monday 17 May is Whit Monday: the deadline goes to Tuesday 18.
    let due = admin(d(2027, 3, 15), 2, Unit::Months);
    assert_eq!(due.legal, d(2027, 5, 18));
    assert_eq!(
        reasons(&due),
        [
            DayOffReason::Saturday,
            DayOffReason::Sunday,
            DayOffReason::Holiday(Holiday::WhitMonday)
        ]
    );
    assert!(
        due.steps().contains(&Step::Moved {
            last: d(2027, 5, 15),
            to: d(2027, 5, 18),
            skipped: due.moved_because.clone(),
        }),
        "{:?}",
        due.steps()
    );
    // Across a year end.
    let nye = admin(d(2022, 12, 21), 10, Unit::Days);
    assert_eq!((nye.naive, nye.legal), (d(2022, 12, 31), d(2023, 1, 2)));
    assert_eq!(
        reasons(&nye),
        [
            DayOffReason::Saturday,
            DayOffReason::Holiday(Holiday::NewYear)
        ]
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
    assert_eq!(
        reasons(&toussaint),
        [DayOffReason::Holiday(Holiday::AllSaints)]
    );
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
    assert!(thu.steps().contains(&Step::FrancDay(d(2026, 3, 13))));
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
    assert_eq!(fri.moved_because[0].date, d(2026, 3, 14));
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
    assert!(gf.steps().contains(&Step::AlsaceMoselle));
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
        ext.steps().contains(&Step::Extension {
            length: 1,
            unit: Unit::Months,
            extra: 2,
            extra_unit: Unit::Months,
            condition: "notifiée dans le premier mois".into(),
        }),
        "{:?}",
        ext.steps()
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
    let steps = due.steps();
    assert_eq!(
        steps[0],
        Step::EstimatedStart {
            sent: None,
            start,
            working_days: 2
        }
    );
    assert_eq!(steps.last(), Some(&Step::EstimatedDates));
}

#[test]
fn errors_are_values() {
    let start = d(2026, 3, 2);
    let e = compute(start, 0, Unit::Days, false, Party::Person, Region::General).unwrap_err();
    assert_eq!(e, LawError::ZeroLength);
    let e = compute(
        start,
        121,
        Unit::Months,
        false,
        Party::Person,
        Region::General,
    )
    .unwrap_err();
    assert_eq!(
        e,
        LawError::TooLong {
            length: 121,
            unit: Unit::Months
        }
    );
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
    assert_eq!(
        e,
        LawError::TooLong {
            length: 3651,
            unit: Unit::Days
        }
    );
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
