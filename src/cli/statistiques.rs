//! `acces statistiques`: anonymised counts for advocacy (no names, no identifiers).

use clap::Args;

use super::context::day;
use super::context::{Context, print_json};
use super::suivi::persons;
use crate::cases::CaseFilter;
use crate::cases::agenda::track;
use crate::cases::stats;
use crate::error::Failure;
use crate::export::sheet::{self, Encodage};
use crate::store::Store;
use crate::texts::stats as t;

#[derive(Args, Debug)]
pub struct StatistiquesArgs {
    /// Écrire un tableau CSV (« ; », pour un tableur) plutôt que le texte
    #[arg(long)]
    pub csv: bool,
    /// Calculer les états à cette date plutôt qu'aujourd'hui (AAAA-MM-JJ)
    #[arg(long, value_name = "DATE")]
    pub au: Option<String>,
}

pub fn run(ctx: &Context, a: StatistiquesArgs) -> Result<(), Failure> {
    let today = day(a.au.as_deref())?;
    let cat = ctx.catalogue()?;
    let store = ctx.store.open()?;
    let persons = persons(&store)?;
    let filter = CaseFilter {
        statut_seulement: true,
        ..CaseFilter::default()
    };
    let tracked = track(&cat, &persons, store.cases(&filter)?, today);
    let s = stats::compute(&tracked);
    if ctx.json {
        return print_json(&s);
    }
    if a.csv {
        let mut rows = vec![t::CSV_HEADING.map(String::from)];
        rows.extend(t::csv_rows(&s));
        let written = sheet::write(&rows, Encodage::Utf8Bom)?;
        return super::context::to_stdout(&written.bytes);
    }
    print!("{}", t::report(&s));
    Ok(())
}
