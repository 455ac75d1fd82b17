//! `acces catalogue [CODE] [--regime R]` and `acces catalogue verifier [DIR]`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::context::{Context, find_entry, print_json};
use crate::catalogue::{Catalogue, EMBEDDED_FILES, Regime, SourceFile};
use crate::error::{Failure, exit};
use crate::fsio;
use crate::texts::catalogue as t;

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CatalogueArgs {
    /// Code d'un fichier (TAJ, FPR…), sans distinction de casse
    pub code: Option<String>,

    /// Ne lister que les fiches d'un régime : rgpd, lil-titre3, lil-titre4, cpp, crpa, autre
    #[arg(long, value_name = "REGIME", value_parser = super::values::regime())]
    pub regime: Option<Regime>,

    #[command(subcommand)]
    pub action: Option<CatalogueAction>,
}

#[derive(Subcommand, Debug)]
pub enum CatalogueAction {
    /// Vérifier un dossier de catalogue (schéma, renvois, sources primaires, dates) ; sans DOSSIER, le catalogue intégré
    Verifier {
        /// Dossier à vérifier
        dossier: Option<PathBuf>,
    },
}

pub fn run(ctx: &Context, args: CatalogueArgs) -> Result<(), Failure> {
    if let Some(CatalogueAction::Verifier { dossier }) = args.action {
        return verify(dossier);
    }
    let cat = ctx.catalogue()?;
    match args.code {
        Some(code) => show(ctx, &cat, &code),
        None => list(ctx, &cat, args.regime),
    }
}

fn list(ctx: &Context, cat: &Catalogue, regime: Option<Regime>) -> Result<(), Failure> {
    let entries: Vec<_> = cat
        .entries()
        .iter()
        .filter(|e| regime.is_none_or(|r| e.regime.contains(&r)))
        .collect();
    if ctx.json {
        return print_json(&entries);
    }
    if entries.is_empty() {
        println!("{}", t::no_entry_for_regime());
        return Ok(());
    }
    println!("{}", t::list_header());
    let width = entries
        .iter()
        .map(|e| e.code.chars().count())
        .max()
        .unwrap_or(0);
    for e in entries {
        println!("{}", t::list_line(e, width));
    }
    Ok(())
}

fn show(ctx: &Context, cat: &Catalogue, code: &str) -> Result<(), Failure> {
    let entry = find_entry(cat, code)?;
    if ctx.json {
        return print_json(entry);
    }
    print!("{}", t::entry_detail(cat, entry));
    Ok(())
}

fn verify(dir: Option<PathBuf>) -> Result<(), Failure> {
    let files = match dir {
        Some(dir) => fsio::read_catalogue_dir(&dir)?,
        None => EMBEDDED_FILES
            .iter()
            .map(|(p, text)| SourceFile::new(*p, *text))
            .collect(),
    };
    match Catalogue::from_files_with_letters(&files, crate::letters::KINDS) {
        Ok(cat) => {
            let sources = cat.source_problems();
            if !sources.is_empty() {
                return Err(Failure::new(exit::CHECK_FAILED, t::verify_failed(&sources)));
            }
            let problems = crate::letters::check_catalogue(&cat);
            if !problems.is_empty() {
                return Err(Failure::new(
                    exit::CHECK_FAILED,
                    crate::texts::letters::letters_check_failed(&problems),
                ));
            }
            let problems = verify_local(&files, &cat);
            if !problems.is_empty() {
                return Err(Failure::new(
                    exit::CHECK_FAILED,
                    t::verify_failed(&problems),
                ));
            }
            let stale = cat.stale_facts(chrono::Local::now().date_naive());
            if !stale.is_empty() {
                eprint!("{}", t::verify_stale(&stale));
            }
            println!("{}", t::verify_ok(files.len(), cat.entries().len()));
            Ok(())
        }
        Err(e) => Err(Failure::new(
            exit::CHECK_FAILED,
            t::verify_failed(&e.problems),
        )),
    }
}

/// The local-recipient tables of the verified directory (or the embedded ones when it has
/// none), checked alone and against the catalogue's routes.
fn verify_local(files: &[SourceFile], cat: &Catalogue) -> Vec<crate::catalogue::Problem> {
    use crate::local::{self, LocalData};
    let names = [local::COMMUNES_FILE, local::COURTS_FILE, local::BODIES_FILE];
    let found: Vec<Option<&str>> = names
        .iter()
        .map(|n| files.iter().find(|f| f.path == *n).map(|f| f.text.as_ref()))
        .collect();
    let parsed = if found.iter().all(Option::is_none) {
        local::embedded()
            .map(std::borrow::Cow::Borrowed)
            .map_err(<[_]>::to_vec)
    } else if let [Some(c), Some(j), Some(o)] = found[..] {
        LocalData::parse(c, j, o).map(std::borrow::Cow::Owned)
    } else {
        return names
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(n, _)| {
                crate::catalogue::Problem::new(n, "", crate::texts::local::missing_local_file())
            })
            .collect();
    };
    match parsed {
        Ok(data) => crate::letters::check_local(&data, cat),
        Err(problems) => problems,
    }
}
