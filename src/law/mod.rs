//! The French legal calendar: when a deadline of the catalogue ends, in two readings (the
//! legal date and the safe date), with the reasons in French. Pure: no I/O, no clock.

pub mod calendar;
pub mod deadline;

pub use calendar::{
    DayOff, DayOffReason, Holiday, Region, add_working_days, day_off, easter_sunday, holiday,
    holiday_name, holidays, is_working_day, next_working_day, previous_working_day,
};
pub use deadline::{
    AppliedExtension, DueDate, LawError, MAX_DAYS, MAX_MONTHS, Moved, RECEIPT_WORKING_DAYS,
    add_period, compute, compute_from_sending, due_for_rule, estimate_receipt,
};
