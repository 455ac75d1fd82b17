//! Properties of the deadline engine over random dates and lengths, and every deadline rule
//! of the embedded catalogue.

use acces::catalogue::{Catalogue, CountedFrom, Party, Unit};
use acces::law::{self, Region};
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 1 January 1950 .. about 2150.
    (0u64..73_000).prop_map(|n| NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + Days::new(n))
}

fn any_period() -> impl Strategy<Value = (u32, Unit)> {
    prop_oneof![
        (1u32..=law::MAX_MONTHS).prop_map(|n| (n, Unit::Months)),
        (1u32..=law::MAX_DAYS).prop_map(|n| (n, Unit::Days)),
    ]
}

fn any_party() -> impl Strategy<Value = Party> {
    prop_oneof![Just(Party::Administration), Just(Party::Person)]
}

fn any_region() -> impl Strategy<Value = Region> {
    prop_oneof![Just(Region::General), Just(Region::AlsaceMoselle)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn legal_never_before_safe_and_safe_is_naive(
        start in any_date(),
        (length, unit) in any_period(),
        franc in any::<bool>(),
        party in any_party(),
        region in any_region(),
    ) {
        let due = law::compute(start, length, unit, franc, party, region).unwrap();
        prop_assert!(due.legal >= due.safe);
        prop_assert_eq!(due.safe, due.naive);
        prop_assert_eq!(due.naive, law::add_period(start, length, unit).unwrap());
        prop_assert!(due.naive > start);
        // At most: one franc day + a long weekend of holidays.
        prop_assert!((due.legal - due.naive).num_days() <= 6);
        match party {
            Party::Administration => prop_assert_eq!(due.due(), due.legal),
            Party::Person => prop_assert_eq!(due.due(), due.safe),
        }
    }

    #[test]
    fn administration_legal_date_is_a_working_day(
        start in any_date(),
        (length, unit) in any_period(),
        franc in any::<bool>(),
        region in any_region(),
    ) {
        let due = law::compute(start, length, unit, franc, Party::Administration, region).unwrap();
        prop_assert!(law::is_working_day(due.legal, region));
        prop_assert!(due.legal.weekday().number_from_monday() <= 5);
        prop_assert_eq!(law::holiday(due.legal, region), None);
        // Every day skipped is a day off, and they are consecutive up to the legal date.
        let last = if franc { due.naive.succ_opt().unwrap() } else { due.naive };
        prop_assert_eq!(due.moved_because.len() as i64, (due.legal - last).num_days());
        for (i, off) in due.moved_because.iter().enumerate() {
            prop_assert_eq!(off.date, last + Days::new(i as u64));
            prop_assert!(!law::is_working_day(off.date, region));
        }
    }

    #[test]
    fn month_periods_keep_the_day_or_end_the_month(
        start in any_date(),
        months in 1u32..=law::MAX_MONTHS,
    ) {
        let end = law::add_period(start, months, Unit::Months).unwrap();
        let month_index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        prop_assert_eq!(month_index(end) - month_index(start), months as i32);
        if end.day() != start.day() {
            prop_assert!(end.day() < start.day());
            prop_assert_eq!(end.succ_opt().unwrap().day(), 1, "not the last day of its month");
        }
    }

    #[test]
    fn estimated_receipt_is_two_working_days_later(sent in any_date(), region in any_region()) {
        let received = law::estimate_receipt(sent, region);
        prop_assert!(law::is_working_day(received, region));
        let working_between = (1..=(received - sent).num_days())
            .filter(|n| law::is_working_day(sent + Days::new(*n as u64), region))
            .count();
        prop_assert_eq!(working_between, 2);
    }
}

#[test]
fn every_rule_of_every_route_of_the_catalogue_computes() {
    let cat = Catalogue::embedded().expect("embedded catalogue loads");
    let starts = [
        NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        NaiveDate::from_ymd_opt(2027, 12, 24).unwrap(),
        NaiveDate::from_ymd_opt(2028, 2, 29).unwrap(),
    ];
    let mut rules = 0;
    let mut extended = 0;
    for entry in cat.entries() {
        for route in &entry.routes {
            for rule in &route.deadlines {
                rules += 1;
                for start in starts {
                    for region in [Region::General, Region::AlsaceMoselle] {
                        let plain = law::due_for_rule(rule, start, false, false, region)
                            .unwrap_or_else(|e| panic!("{} {}: {e}", entry.code, route.id));
                        let with = law::due_for_rule(rule, start, true, true, region)
                            .unwrap_or_else(|e| panic!("{} {}: {e}", entry.code, route.id));
                        assert_eq!(plain.party, rule.party);
                        assert_eq!(plain.franc, rule.franc);
                        assert!(plain.legal >= plain.safe);
                        assert!(with.estimated);
                        if rule.extension.is_some() {
                            assert!(with.naive > plain.naive, "{} {}", entry.code, route.id);
                            assert!(with.legal >= plain.legal);
                        } else {
                            assert_eq!(with.naive, plain.naive);
                        }
                    }
                }
                if rule.extension.is_some() {
                    extended += 1;
                }
                // A receipt-based rule can start from an estimated receipt.
                if rule.from == CountedFrom::Receipt {
                    let received = law::estimate_receipt(starts[0], Region::General);
                    assert!(
                        law::due_for_rule(rule, received, false, true, Region::General).is_ok()
                    );
                }
            }
            // The rule each party must meet is one the engine computes.
            for party in [Party::Administration, Party::Person] {
                if let Some(rule) = route.deadline_for(party) {
                    let due =
                        law::due_for_rule(rule, starts[0], false, false, Region::General).unwrap();
                    assert_eq!(due.party, party);
                }
            }
        }
    }
    assert!(rules > 50, "only {rules} rules: is the catalogue embedded?");
    assert!(extended > 0, "no rule with an extension");
}
