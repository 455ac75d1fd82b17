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

use super::calendar::{self, DayOff, DayOffReason, Region};
use crate::catalogue::{DeadlineRule, Party, Unit};

/// Longest period accepted, in months.
pub const MAX_MONTHS: u32 = 120;
/// Longest period accepted, in days.
pub const MAX_DAYS: u32 = 3650;
/// Working days assumed between the sending of a lettre recommandée and its receipt.
pub const RECEIPT_WORKING_DAYS: u32 = 2;

/// Why a deadline cannot be computed. Its `Display` (French) is written in `texts::law`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LawError {
    ZeroLength,
    TooLong { length: u32, unit: Unit },
    DateOverflow,
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

/// The dates of one deadline. How they were counted is listed on demand
/// ([`DueDate::steps`], worded by `texts::law::explanation`): most due dates are only
/// compared, never shown. Its JSON, which carries that wording, is written in `texts::law`.
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

impl DueDate {
    /// The date that matters: the legal date for the administration, the safe date for the
    /// person.
    pub fn due(&self) -> NaiveDate {
        match self.party {
            Party::Administration => self.legal,
            Party::Person => self.safe,
        }
    }

    /// Whether `today` is past the due date.
    pub fn is_past(&self, today: NaiveDate) -> bool {
        today > self.due()
    }

    /// Days from `today` to the due date: 0 on the due date itself, negative once past.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.due() - today).num_days()
    }

    /// How it was counted, step by step, in the order a reader follows it.
    pub fn steps(&self) -> Vec<Step> {
        let (start, length, unit, naive, legal) =
            (self.start, self.length, self.unit, self.naive, self.legal);
        // The day the period ends before any move (`build` checked it exists).
        let last = if self.franc {
            naive.succ_opt().unwrap_or(naive)
        } else {
            naive
        };
        let mut steps = Vec::new();
        if self.estimated {
            steps.push(Step::EstimatedStart {
                sent: self.estimated_from,
                start,
                working_days: RECEIPT_WORKING_DAYS,
            });
        }
        steps.push(Step::StartNotCounted(start));
        if let Some(e) = &self.extension {
            steps.push(Step::Extension {
                length,
                unit,
                extra: e.length,
                extra_unit: e.unit,
                condition: e.condition.clone(),
            });
        }
        match &self.extension {
            Some(e) if e.unit != unit => {
                steps.push(Step::CountedMixed {
                    start,
                    length,
                    unit,
                    extra: e.length,
                    extra_unit: e.unit,
                    end: naive,
                });
            }
            _ => {
                let total = length + self.extension.as_ref().map_or(0, |e| e.length);
                steps.push(Step::Counted {
                    start,
                    length: total,
                    unit,
                    end: naive,
                });
                if unit == Unit::Months && naive.day() < start.day() {
                    steps.push(Step::MonthTooShort {
                        day: start.day(),
                        end: naive,
                    });
                }
            }
        }
        if self.franc {
            steps.push(Step::FrancDay(last));
        }
        if !self.moved_because.is_empty() {
            steps.push(Step::Moved {
                last,
                to: legal,
                skipped: self.moved_because.clone(),
            });
        }
        if self.region == Region::AlsaceMoselle {
            steps.push(Step::AlsaceMoselle);
        }
        steps.push(match self.party {
            Party::Administration => Step::AdministrationDue { legal, naive },
            Party::Person => Step::PersonDue { safe: naive, legal },
        });
        if self.party == Party::Person
            && let Some(off) = calendar::day_off(naive, self.region)
            && let Some(before) = calendar::previous_working_day(naive, self.region)
        {
            steps.push(Step::SafeDateOff {
                reason: off.reason,
                before,
            });
        }
        if self.estimated {
            steps.push(Step::EstimatedDates);
        }
        steps
    }
}

/// One step of how a due date was counted, as values; `texts::law::sentence` words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The receipt is not known: `start` is `sent` (when known) + `working_days`.
    EstimatedStart {
        sent: Option<NaiveDate>,
        start: NaiveDate,
        working_days: u32,
    },
    /// The day of the starting event, which is not counted.
    StartNotCounted(NaiveDate),
    /// The extension counted in: `extra` `extra_unit` on top of `length` `unit`.
    Extension {
        length: u32,
        unit: Unit,
        extra: u32,
        extra_unit: Unit,
        condition: String,
    },
    /// `start` + `length` `unit` = `end` (extension included when of the same unit).
    Counted {
        start: NaiveDate,
        length: u32,
        unit: Unit,
        end: NaiveDate,
    },
    /// A period and an extension in different units: months first, then days.
    CountedMixed {
        start: NaiveDate,
        length: u32,
        unit: Unit,
        extra: u32,
        extra_unit: Unit,
        end: NaiveDate,
    },
    /// The target month has no such `day`: the period ends on its last day, `end`.
    MonthTooShort { day: u32, end: NaiveDate },
    /// A délai franc: one more day, up to `.0`.
    FrancDay(NaiveDate),
    /// `last` is not a working day: moved to `to`, past the `skipped` days.
    Moved {
        last: NaiveDate,
        to: NaiveDate,
        skipped: Vec<DayOff>,
    },
    /// The Alsace-Moselle calendar was used.
    AlsaceMoselle,
    /// The administration's due date, and what it would be without franc day or move.
    AdministrationDue { legal: NaiveDate, naive: NaiveDate },
    /// The person's due date (safe) and the legal one.
    PersonDue { safe: NaiveDate, legal: NaiveDate },
    /// The person's safe date is a day off: act by `before`.
    SafeDateOff {
        reason: DayOffReason,
        before: NaiveDate,
    },
    /// Every date above is an estimate.
    EstimatedDates,
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
mod tests;
