//! `acces import --format csv`: a group's spreadsheet into the register, in one transaction.

use serde::Serialize;

use super::context::{Context, print_json};
use super::donnees::ImportArgs;
use crate::error::Failure;
use crate::import::run;
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
    // The register is read only to leave out what it already has; a simulation on a
    // register that does not exist yet does not create it.
    let mut st = if a.simulation && !ctx.store.register_exists()? {
        None
    } else {
        Some(ctx.store.open()?)
    };
    let done = run::sheet(
        st.as_mut().map(|s| s as &mut dyn crate::store::Store),
        &bytes,
        &a.colonnes,
        &cat,
        today,
        a.ignorer_lignes_invalides,
        a.simulation,
    )?;
    let (sheet, plan) = (&done.sheet, &done.plan);
    if ctx.json {
        print_json(&Report {
            encodage: sheet.encoding.name(),
            separateur: (sheet.separator as char).to_string(),
            lignes: done.lines,
            simulation: a.simulation,
            importe: done.written,
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
        if done.refused {
            return Err(Failure::invalid(t::nothing_imported(
                sheet.bad_lines(),
                sheet.rows.len(),
            )));
        }
        return Ok(());
    }
    let mut report = done.report(a.simulation);
    if done.refused {
        // The last line says why nothing was imported: the command's error.
        let why = report.pop().unwrap_or_default();
        for line in report {
            eprintln!("{line}");
        }
        return Err(Failure::invalid(why));
    }
    for line in report {
        eprintln!("{line}");
    }
    Ok(())
}
