//! `acces import --format csv`: a group's spreadsheet into the register, in one transaction.

use serde::Serialize;

use super::context::{Context, print_json};
use super::donnees::ImportArgs;
use crate::cases::CaseFilter;
use crate::error::Failure;
use crate::import::{self, sheet};
use crate::store::Store;
use crate::texts::import as t;

/// The `--json` report (stable keys).
#[derive(Serialize)]
struct Report<'a> {
    encodage: &'a str,
    separateur: String,
    lignes: usize,
    simulation: bool,
    importe: bool,
    personnes_ajoutees: usize,
    personnes_deja_presentes: usize,
    dossiers_ouverts: usize,
    dossiers_deja_suivis: usize,
    envois: usize,
    erreurs: Vec<ReportProblem>,
}

#[derive(Serialize)]
struct ReportProblem {
    ligne: u64,
    colonne: &'static str,
    message: String,
}

pub fn import_csv(ctx: &Context, a: &ImportArgs) -> Result<(), Failure> {
    // Bounded: a device, a pipe or a huge file is refused, never read for ever.
    let bytes = crate::fsio::read_bounded_bytes(&a.fichier, crate::fsio::MAX_INPUT_FILE)?;
    let cat = ctx.catalogue()?;
    let today = chrono::Local::now().date_naive();
    let sheet = sheet::parse(&bytes, &a.colonnes, &cat, today)
        .map_err(|e| Failure::invalid(e.message()))?;
    let bad = sheet.bad_lines();
    let refused = bad > 0 && !a.ignorer_lignes_invalides;
    // The register is read only to leave out what it already has; a simulation on a
    // register that does not exist yet does not create it.
    let mut st = if a.simulation && !ctx.store.register_exists()? {
        None
    } else {
        Some(ctx.store.open()?)
    };
    let plan = match &st {
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
            import::plan(&sheet.rows, &persons, &cases)
        }
        _ => import::plan(&sheet.rows, &[], &[]),
    };
    let write = !refused && !a.simulation;
    if write && let Some(st) = st.as_mut() {
        st.add_batch(&plan.batch)?;
    }
    let lines = sheet.rows.len() + bad;
    if ctx.json {
        print_json(&Report {
            encodage: sheet.encoding.name(),
            separateur: (sheet.separator as char).to_string(),
            lignes: lines,
            simulation: a.simulation,
            importe: write,
            personnes_ajoutees: plan.persons_added,
            personnes_deja_presentes: plan.persons_known,
            dossiers_ouverts: plan.cases_added,
            dossiers_deja_suivis: plan.cases_known,
            envois: plan.sendings,
            erreurs: sheet
                .problems
                .iter()
                .map(|p| ReportProblem {
                    ligne: p.line,
                    colonne: p.column.id(),
                    message: p.message.clone(),
                })
                .collect(),
        })?;
    } else {
        eprintln!(
            "{}",
            t::read_as(sheet.encoding.name(), sheet.separator, lines)
        );
        if a.simulation {
            let headings = &sheet.headings;
            let pairs: Vec<(&str, &str)> = sheet
                .columns
                .iter()
                .map(|&(c, i)| (c.id(), headings.get(i).map_or("", String::as_str)))
                .collect();
            eprintln!("{}", t::columns_used(&pairs));
        }
        if !sheet.ignored.is_empty() {
            eprintln!("{}", t::columns_ignored(&sheet.ignored));
        }
        for p in &sheet.problems {
            eprintln!("{}", p.message());
        }
    }
    if refused {
        return Err(Failure::invalid(t::nothing_imported(bad, sheet.rows.len())));
    }
    if !ctx.json {
        if bad > 0 {
            eprintln!("{}", t::lines_left_out(bad));
        }
        eprintln!(
            "{}",
            t::summary(
                a.simulation,
                plan.persons_added,
                plan.persons_known,
                plan.cases_added,
                plan.cases_known,
                plan.sendings,
            )
        );
    }
    Ok(())
}
