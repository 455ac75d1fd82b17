//! Files written from the tracker for other programs: the calendar of deadlines (ICS) and
//! spreadsheets as French spreadsheet programs read them (`sheet`: the register, one row per
//! case, and the statistics). The JSON export is the store's `Snapshot`, written by serde.

pub mod ics;
pub mod sheet;
