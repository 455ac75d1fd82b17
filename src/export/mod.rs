//! Export formats written from the tracker: the calendar of deadlines (ICS) and the
//! spreadsheet of cases (CSV). The JSON export is the store's `Snapshot`, written by serde.

pub mod csv;
pub mod ics;
