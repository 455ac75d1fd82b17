//! The command line: parsing (clap, French help and errors), then one handler per command.
//! Handlers call the same core functions as the TUI.

mod catalogue;
mod context;
mod delai;
mod guide;
pub mod lettre;
mod parse_error;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

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
    /// Rédiger une lettre (texte, PDF ou e-mail) pour une démarche du catalogue
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Lettre(lettre::LettreArgs),
    /// Calculer la fin d'un délai (jours fériés, délai franc, date sûre)
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Delai(delai::DelaiArgs),
}

#[derive(Args, Debug)]
pub struct GuideArgs {
    /// Identifiant de la situation (voir « acces guide »)
    pub situation: Option<String>,
}

/// French headings and help layout on every sub-command, however deeply nested.
fn localized(cmd: clap::Command) -> clap::Command {
    cmd.subcommand_help_heading(t::COMMANDS_HEADING)
        .subcommand_value_name(t::COMMAND_VALUE_NAME)
        .mut_subcommands(|sub| localized(sub.help_template(t::SUB_HELP_TEMPLATE)))
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = match localized(Cli::command())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
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
        Some(Command::Lettre(args)) => lettre::run(&ctx, args),
        Some(Command::Delai(args)) => delai::run(&ctx, args),
    }
}
