//! Files written from the tracker for other programs: the calendar of deadlines (ICS), the
//! spreadsheet of cases (CSV, RFC 4180) and spreadsheets as French spreadsheet programs read
//! them (`sheet`). The JSON export is the store's `Snapshot`, written by serde.

pub mod csv;
pub mod ics;
pub mod sheet;
