//! `acces delai`: when does a period end? The first line is the due date (YYYY-MM-DD), then
//! how it was counted, in French.

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::context::{Context, print_json};
use crate::catalogue::{Party, Unit};
use crate::error::Failure;
use crate::law::{self, DueDate, Region};
use crate::texts::cli as t;
use crate::texts::law as tl;
use crate::validate;

#[derive(Args, Debug)]
pub struct DelaiArgs {
    /// Date de départ, AAAA-MM-JJ (réception, décision…) ; ce jour-là ne compte pas
    #[arg(long, value_name = "DATE")]
    pub depuis: Option<String>,
    /// Ou : date d'envoi d'une lettre recommandée dont on ignore la réception (estimée à l'envoi + 2 jours ouvrés)
    #[arg(long, value_name = "DATE")]
    pub envoi: Option<String>,
    /// Durée du délai en mois (1 à 120)
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub mois: Option<String>,
    /// Durée du délai en jours (1 à 3650)
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub jours: Option<String>,
    /// Délai franc : un jour de plus
    #[arg(long)]
    pub franc: bool,
    /// Qui doit respecter le délai : administration (par défaut) ou personne
    #[arg(long, value_name = "QUI", value_enum, ignore_case = true)]
    pub pour: Option<Pour>,
    /// Votre département (57, 67, 68 : jours fériés d'Alsace-Moselle)
    #[arg(long, value_name = "NN")]
    pub departement: Option<String>,
}

/// Who must keep to the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Pour {
    /// Le délai que l'administration doit respecter
    Administration,
    /// Le délai que vous devez respecter
    Personne,
}

/// The JSON output: the due date, then every field of the computation.
#[derive(Serialize)]
struct Output<'a> {
    due: chrono::NaiveDate,
    #[serde(flatten)]
    dates: &'a DueDate,
}

pub fn run(ctx: &Context, args: DelaiArgs) -> Result<(), Failure> {
    let due = compute(&args)?;
    if ctx.json {
        return print_json(&Output {
            due: due.due(),
            dates: &due,
        });
    }
    println!("{}", due.due().format("%Y-%m-%d"));
    for line in tl::explanation(&due) {
        println!("{line}");
    }
    Ok(())
}

/// The due date `acces delai` prints, from its arguments as typed (the fuzz targets and the
/// property tests call it too).
pub fn compute(args: &DelaiArgs) -> Result<DueDate, Failure> {
    let (length, unit) = match (&args.mois, &args.jours) {
        (Some(_), Some(_)) => return Err(Failure::invalid(t::CLI_BOTH_UNITS)),
        (None, None) => return Err(Failure::invalid(t::CLI_NO_UNIT)),
        (Some(n), None) => (parse_length(n, Unit::Months)?, Unit::Months),
        (None, Some(n)) => (parse_length(n, Unit::Days)?, Unit::Days),
    };
    let party = match args.pour {
        None | Some(Pour::Administration) => Party::Administration,
        Some(Pour::Personne) => Party::Person,
    };
    let region = match &args.departement {
        None => Region::General,
        Some(dep) => {
            let dep = validate::departement(dep)
                .map_err(|m| Failure::invalid(t::cli_option_error("--departement", &m)))?;
            Region::from_departement(Some(&dep))
        }
    };
    let parse_date = |flag: &str, s: &str| {
        validate::date(s).map_err(|m| Failure::invalid(t::cli_option_error(flag, &m)))
    };
    let result = match (&args.depuis, &args.envoi) {
        (Some(_), Some(_)) => return Err(Failure::invalid(t::CLI_BOTH_STARTS)),
        (None, None) => return Err(Failure::invalid(t::CLI_NO_START)),
        (Some(s), None) => {
            let start = parse_date("--depuis", s)?;
            law::compute(start, length, unit, args.franc, party, region)
        }
        (None, Some(s)) => {
            let sent = parse_date("--envoi", s)?;
            law::compute_from_sending(sent, length, unit, args.franc, party, region)
        }
    };
    result.map_err(|e| Failure::invalid(e.to_string()))
}

/// A length typed on the command line: a whole number within the engine's limits.
fn parse_length(input: &str, unit: Unit) -> Result<u32, Failure> {
    let flag = match unit {
        Unit::Months => "--mois",
        Unit::Days => "--jours",
    };
    let n: u32 = input
        .trim()
        .parse()
        .map_err(|_| Failure::invalid(t::cli_bad_length(flag, input.trim(), unit)))?;
    // The engine checks 0 and the maximum, with the same French message everywhere.
    law::deadline::check_length(n, unit).map_err(|e| Failure::invalid(e.to_string()))?;
    Ok(n)
}
