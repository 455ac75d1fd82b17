//! Files written for other programs: spreadsheets (CSV as French spreadsheets read it).

pub mod sheet;
