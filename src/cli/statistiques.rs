//! `acces statistiques`: anonymised counts for advocacy (no names, no identifiers).

use std::collections::HashMap;

use clap::Args;

use super::context::day;
use super::context::{Context, print_json};
use crate::cases::CaseFilter;
use crate::cases::agenda::track_one;
use crate::cases::stats;
use crate::error::Failure;
use crate::export::sheet::{self, Encodage};
use crate::person::PersonHead;
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
    // Only each person's département is needed (the profiles are not parsed).
    let persons: HashMap<_, PersonHead> = store.person_heads()?.into_iter().collect();
    let filter = CaseFilter {
        statut_seulement: true,
        ..CaseFilter::default()
    };
    // One history at a time: the register's size does not change what is held.
    let mut b = stats::StatsBuilder::default();
    store.each_case(&filter, &mut |history| {
        let dep = persons
            .get(&history.case.personne)
            .and_then(|p| p.departement.as_deref());
        b.add(&track_one(&cat, dep, history, today));
    })?;
    let s = b.finish();
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
