//! The French legal calendar: when a deadline of the catalogue ends, in two readings (the
//! legal date and the safe date), with the reasons as values (`Step`, `DayOff`), worded in
//! `texts::law`. Pure: no I/O, no clock, no French.

pub mod calendar;
pub mod deadline;

pub use calendar::{
    DayOff, DayOffReason, Holiday, Region, add_working_days, day_off, easter_sunday, holiday,
    holidays, is_working_day, next_working_day, previous_working_day,
};
pub use deadline::{
    AppliedExtension, DueDate, LawError, MAX_DAYS, MAX_MONTHS, RECEIPT_WORKING_DAYS, Step,
    add_period, compute, compute_from_sending, due_for_rule, estimate_receipt,
};
