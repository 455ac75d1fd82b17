//! An import as both faces run it (`acces import`, the TUI's Importer screen): a group's
//! spreadsheet or an acces JSON export read, checked, and written in one transaction — or,
//! as a simulation, only told. What is told is the same French text on both faces.

use std::path::Path;

use chrono::NaiveDate;

use super::sheet::{self, Sheet};
use super::{Plan, plan};
use crate::cases::{CaseFilter, Snapshot};
use crate::catalogue::Catalogue;
use crate::error::Failure;
use crate::store::{Counts, ImportSummary, Store};
use crate::texts::import as t;

/// What a spreadsheet import read, planned and did.
pub struct SheetImport {
    pub sheet: Sheet,
    pub plan: Plan,
    /// Lines read (valid and invalid).
    pub lines: usize,
    /// Some lines are invalid and the valid ones were not asked for: nothing written.
    pub refused: bool,
    /// Whether the batch was written.
    pub written: bool,
}

/// Reads a spreadsheet (`mapping`: the `--colonnes` pairs) and, unless `simulation` or
/// refused, writes what the register does not hold yet (see [`plan`]) in one transaction.
/// Without a register (`None`: a simulation before one exists) everything counts as new.
/// With `valid_lines_only`, invalid lines are left out instead of refusing the whole file.
pub fn sheet(
    store: Option<&mut dyn Store>,
    bytes: &[u8],
    mapping: &[String],
    cat: &Catalogue,
    today: NaiveDate,
    valid_lines_only: bool,
    simulation: bool,
) -> Result<SheetImport, Failure> {
    let sheet =
        sheet::parse(bytes, mapping, cat, today).map_err(|e| Failure::invalid(e.message()))?;
    let bad = sheet.bad_lines();
    let refused = bad > 0 && !valid_lines_only;
    let plan = match &store {
        Some(st) if !refused => {
            let persons = st.persons()?;
            let cases: Vec<_> = st
                .cases(&CaseFilter {
                    statut_seulement: true,
                    ..CaseFilter::default()
                })?
                .into_iter()
                .map(|h| h.case)
                .collect();
            plan(&sheet.rows, &persons, &cases)
        }
        _ => plan(&sheet.rows, &[], &[]),
    };
    let write = !refused && !simulation;
    let mut written = false;
    if write && let Some(st) = store {
        st.add_batch(&plan.batch)?;
        written = true;
    }
    Ok(SheetImport {
        lines: sheet.rows.len() + bad,
        sheet,
        plan,
        refused,
        written,
    })
}

impl SheetImport {
    /// What to tell, line by line: how the file was read, the columns (for a simulation),
    /// every problem with its line and column, and what was (or would be) added.
    pub fn report(&self, simulation: bool) -> Vec<String> {
        let s = &self.sheet;
        let mut out = vec![t::read_as(s.encoding.name(), s.separator, self.lines)];
        if simulation {
            let pairs: Vec<(&str, &str)> = s
                .columns
                .iter()
                .map(|&(c, i)| (c.id(), s.headings.get(i).map_or("", String::as_str)))
                .collect();
            out.push(t::columns_used(&pairs));
        }
        if !s.ignored.is_empty() {
            out.push(t::columns_ignored(&s.ignored));
        }
        out.extend(s.problems.iter().map(|p| p.message()));
        let bad = s.bad_lines();
        if self.refused {
            out.push(t::nothing_imported(bad, s.rows.len()));
            return out;
        }
        if bad > 0 {
            out.push(t::lines_left_out(bad));
        }
        let p = &self.plan;
        out.push(t::summary(
            simulation,
            p.persons_added,
            p.persons_known,
            p.cases_added,
            p.cases_known,
            p.sendings,
        ));
        out
    }
}

/// Reads and checks an acces JSON export (import) or a backup's content (restore) with the
/// rules used when the same things are typed. With `refuse_unknown_codes`, cases whose file
/// or route the catalogue does not know are refused (an import); else they are returned as
/// warnings and kept (a restore: a backup stays restorable after the catalogue renamed a
/// route).
pub fn read_export(
    bytes: &[u8],
    path: &Path,
    cat: &Catalogue,
    refuse_unknown_codes: bool,
) -> Result<(Snapshot, Vec<String>), Failure> {
    use crate::texts::cases as tc;
    use crate::texts::validate as tv;
    let snap: Snapshot = serde_json::from_slice(bytes)
        .map_err(|e| Failure::invalid(tc::snapshot_invalid(path, &e)))?;
    let raw: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Failure::invalid(tc::snapshot_invalid(path, &e)))?;
    let unknown = crate::validate::unknown_fields(&raw, &snap);
    if !unknown.is_empty() {
        return Err(Failure::invalid(tc::snapshot_unknown_fields(
            path, &unknown,
        )));
    }
    let problems = crate::validate::snapshot_problems(&snap, None);
    if !problems.is_empty() {
        return Err(Failure::invalid(tv::snapshot_invalid(&problems)));
    }
    let known = |code: &str, route: &str| cat.entry(code).is_some_and(|e| e.route(route).is_some());
    let codes = crate::validate::snapshot_problems(&snap, Some(&known));
    if codes.is_empty() {
        Ok((snap, Vec::new()))
    } else if refuse_unknown_codes {
        Err(Failure::invalid(tv::snapshot_invalid(&codes)))
    } else {
        Ok((snap, vec![tc::restore_unknown_codes(&codes)]))
    }
}

/// What a JSON import did (or, as a simulation, would do), told as both faces tell it.
pub fn export_report(sum: &ImportSummary, simulation: bool) -> String {
    let counts = |c: Counts| [c.persons, c.cases, c.events];
    crate::texts::cases::imported(&crate::texts::cases::Imported {
        simulation,
        added: counts(sum.added),
        skipped: counts(sum.skipped),
        updated: &sum.updated,
        kept_newer: &sum.kept_newer,
        refused: counts(sum.refused),
        ids_kept: sum.ids_kept,
    })
}

/// Whether a file is read as a spreadsheet: by its name (`.csv`, `.tsv`).
pub fn is_spreadsheet_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"))
}
