//! Timing of the deadline engine: every deadline rule of the embedded catalogue, from every
//! day of 2026–2030, in both regions, with and without extension. Prints timings; asserts
//! nothing about time.
//!
//! Run: `cargo bench --bench law`

use std::hint::black_box;
use std::time::Instant;

use acces::catalogue::Catalogue;
use acces::law::{self, Region};
use chrono::NaiveDate;

fn main() {
    let cat = Catalogue::embedded().expect("embedded catalogue");
    let rules: Vec<_> = cat
        .entries()
        .iter()
        .flat_map(|e| e.routes.iter())
        .flat_map(|r| r.deadlines.iter())
        .collect();
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let days: Vec<NaiveDate> = first.iter_days().take(5 * 365).collect();

    let t = Instant::now();
    let mut n = 0u64;
    for rule in &rules {
        for day in &days {
            for region in [Region::General, Region::AlsaceMoselle] {
                for extended in [false, true] {
                    let due = law::due_for_rule(rule, *day, extended, false, region)
                        .expect("every catalogue rule computes");
                    black_box(due.due());
                    n += 1;
                }
            }
        }
    }
    let elapsed = t.elapsed();
    println!(
        "due_for_rule: {n} computations ({} rules × {} start days × 2 regions × 2) in {:.1} ms, {:.2} µs each",
        rules.len(),
        days.len(),
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e6 / n as f64
    );

    let t = Instant::now();
    let mut count = 0usize;
    for year in 1900..=2200 {
        count += black_box(law::holidays(year, Region::AlsaceMoselle)).len();
    }
    let elapsed = t.elapsed();
    println!(
        "holidays: 301 years ({count} holidays) in {:.1} ms",
        elapsed.as_secs_f64() * 1e3
    );
}
