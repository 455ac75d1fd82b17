//! The command line: parsing (clap, French help and errors), then one handler per command.
//! Handlers call the same core functions as the TUI.

mod catalogue;
mod context;
mod delai;
mod guide;
mod parse_error;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::error::Failure;
use crate::texts::cli as t;
pub use context::Context;

#[derive(Parser, Debug)]
#[command(
    name = "acces",
    version,
    about = t::ABOUT,
    help_template = t::HELP_TEMPLATE,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Cli {
    /// Utiliser les données du catalogue d'un autre dossier (pour essayer une correction)
    #[arg(long, global = true, value_name = "DOSSIER")]
    pub catalogue: Option<PathBuf>,

    /// Sortie JSON (champs stables, voir le README)
    #[arg(long, global = true)]
    pub json: bool,

    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true, help = t::HELP_FLAG)]
    help: Option<bool>,

    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version, help = t::VERSION_FLAG)]
    version: Option<bool>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Le catalogue des fichiers : liste, détail d'une fiche, vérification
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Catalogue(catalogue::CatalogueArgs),
    /// Le guide : que vous arrive-t-il ? Quelles démarches faire ?
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Guide(GuideArgs),
    /// Calculer la fin d'un délai (jours fériés, délai franc, date sûre)
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Delai(delai::DelaiArgs),
}

#[derive(Args, Debug)]
pub struct GuideArgs {
    /// Identifiant de la situation (voir « acces guide »)
    pub situation: Option<String>,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return parse_error::report(e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("{}", f.message);
            f.exit_code()
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let ctx = Context::new(cli.catalogue.clone(), cli.json);
    match cli.command {
        None => crate::tui::run(ctx.catalogue()?),
        Some(Command::Catalogue(args)) => catalogue::run(&ctx, args),
        Some(Command::Guide(args)) => guide::run(&ctx, args),
        Some(Command::Delai(args)) => delai::run(&ctx, args),
    }
}
