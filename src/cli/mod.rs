//! The command line: parsing (clap, French help and errors), then one handler per command.
//! Handlers call the same core functions as the TUI.

mod catalogue;
mod champs;
mod context;
pub mod delai;
mod destinataire;
mod donnees;
mod dossier;
mod evenement;
mod guide;
pub mod lettre;
mod lettres;
mod mandat;
mod manuel;
mod parse_error;
mod partage;
mod personne;
mod phrase;
mod registre;
mod statistiques;
mod suivi;
mod tableur;
mod values;
mod verrou;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::error::Failure;
use crate::texts::cli as t;
pub use context::Context;
pub use registre::StoreOptions;

#[derive(Parser, Debug)]
#[command(
    name = "acces",
    version,
    about = t::ABOUT,
    help_template = t::HELP_TEMPLATE,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    // clap would list them in English; each option's French help says them.
    hide_possible_values = true
)]
pub struct Cli {
    /// Utiliser les données du catalogue d'un autre dossier (pour essayer une correction)
    #[arg(long, global = true, value_name = "DOSSIER")]
    pub catalogue: Option<PathBuf>,

    /// Sortie JSON (champs stables, voir le README)
    #[arg(long, global = true)]
    pub json: bool,

    /// Dossier des données du suivi (sinon ACCES_DATA_DIR, sinon le dossier habituel)
    #[arg(long = "data-dir", global = true, value_name = "DOSSIER")]
    pub data_dir: Option<PathBuf>,

    /// Lire la phrase de passe du registre dans ce fichier (sinon ACCES_PASSPHRASE, sinon elle est demandée)
    #[arg(long = "passphrase-file", global = true, value_name = "FICHIER")]
    pub passphrase_file: Option<PathBuf>,

    /// Travailler sur le registre partagé d'un groupe (postgres://ROLE@SERVEUR/BASE ; sinon ACCES_REGISTRE, sinon le registre local)
    #[arg(long = "registre", global = true, value_name = "ADRESSE")]
    pub registre: Option<String>,

    /// Interface en lignes de texte simples, sans cadres, pour les lecteurs d'écran et les plages braille (sinon ACCES_SIMPLE=1)
    #[arg(long)]
    pub simple: bool,

    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true, help = t::HELP_FLAG)]
    help: Option<bool>,

    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version, help = t::VERSION_FLAG)]
    version: Option<bool>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// ACCES_SIMPLE set to anything but empty or « 0 » asks for the plain line mode.
fn simple_from_env() -> bool {
    std::env::var_os("ACCES_SIMPLE").is_some_and(|v| !v.is_empty() && v != "0")
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Le catalogue des fichiers : liste, détail d'une fiche, vérification
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Catalogue(catalogue::CatalogueArgs),
    /// Le guide : que vous arrive-t-il ? Quelles démarches faire ?
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Guide(GuideArgs),
    /// Les personnes suivies : ajouter, lister, voir, modifier
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Personne(personne::PersonneArgs),
    /// Rédiger une lettre (texte, PDF ou e-mail) pour une démarche du catalogue
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Lettre(lettre::LettreArgs),
    /// Rédiger les lettres d'une sélection (situation d'une personne, ou dossiers filtrés) en un PDF ou un dossier
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Lettres(lettres::LettresArgs),
    /// Rédiger le mandat par lequel une personne confie ses démarches à son représentant
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Mandat(mandat::MandatArgs),
    /// Le destinataire local d'une démarche (procureur, tribunal…) pour une commune
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Destinataire(destinataire::DestinataireArgs),
    /// Calculer la fin d'un délai (jours fériés, délai franc, date sûre)
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Delai(delai::DelaiArgs),
    /// Les dossiers (une démarche pour une personne) : ouvrir, lister, voir, clore
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Dossier(dossier::DossierArgs),
    /// Noter un événement dans un dossier (envoi, AR, réponse, relance, note, clôture)
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Evenement(evenement::EvenementArgs),
    /// Les échéances : dossiers en retard, délais à venir, dossiers sans suite prévue
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Echeances(suivi::EcheancesArgs),
    /// Exporter le registre (json, csv) ou les échéances (agenda .ics)
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Export(donnees::ExportArgs),
    /// Importer un export JSON d'acces ou le tableur (CSV) d'un groupe
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Import(donnees::ImportArgs),
    /// La phrase de passe du registre : la changer
    #[command(name = "phrase-de-passe", help_template = t::SUB_HELP_TEMPLATE)]
    PhraseDePasse(phrase::PhraseArgs),
    /// Statistiques anonymes du registre (par fichier, démarche, issue, mois ; délais de réponse)
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Statistiques(statistiques::StatistiquesArgs),
    /// Écrire une sauvegarde chiffrée (age) du registre
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Sauvegarde(donnees::SauvegardeArgs),
    /// Restaurer une sauvegarde
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Restaurer(donnees::RestaurerArgs),
    /// Garder le registre ouvert un moment (15 min par défaut) : les commandes suivantes ne
    /// demandent plus la phrase de passe et démarrent plus vite
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Deverrouiller(verrou::DeverrouillerArgs),
    /// Refermer tout de suite le registre gardé ouvert par « acces deverrouiller »
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Verrouiller,
    /// Vérifier que le registre n'est pas abîmé (pages, structure, liens)
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Verifier,
    /// Le registre partagé d'un groupe (PostgreSQL) : le créer, y verser le registre local
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Registre(partage::RegistreArgs),
    /// Les bénévoles d'un registre partagé : votre identité, ajouter, retirer, liste
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Benevole(partage::BenevoleArgs),
    /// Écrire sur la sortie standard la complétion des commandes pour un interpréteur
    /// (bash, zsh, fish, elvish, powershell)
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Completions(manuel::CompletionsArgs),
    /// Écrire sur la sortie standard la page de manuel (man) d'acces
    #[command(help_template = t::SUB_HELP_TEMPLATE)]
    Manuel,
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
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| with_line_places(cli, &m)))
    {
        Ok(cli) => cli,
        Err(e) => return parse_error::report(e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("{}", crate::texts::terminal_safe(&f.message));
            f.exit_code()
        }
    }
}

/// Where each `--ligne` stands among the `--champ` of `acces lettre` and `acces lettres`.
fn with_line_places(mut cli: Cli, m: &clap::ArgMatches) -> Cli {
    match (&mut cli.command, m.subcommand()) {
        (Some(Command::Lettre(a)), Some((_, sub))) => a.lignes_apres = champs::lines_after(sub),
        (Some(Command::Lettres(a)), Some((_, sub))) => a.lignes_apres = champs::lines_after(sub),
        _ => {}
    }
    cli
}

fn run(cli: Cli) -> Result<(), Failure> {
    let ctx = Context::new(cli.catalogue.clone(), cli.json).with_store(registre::StoreOptions {
        data_dir: cli.data_dir.clone(),
        passphrase_file: cli.passphrase_file.clone(),
        registre: cli.registre.clone(),
        ..Default::default()
    });
    match cli.command {
        None => crate::tui::run(
            ctx.catalogue()?,
            ctx.store.dir()?,
            match ctx.store.kept_key()? {
                Some(key) => Some(key),
                None => ctx.store.scripted_passphrase()?,
            },
            ctx.store.shared(),
            cli.simple || simple_from_env(),
        ),
        Some(Command::Catalogue(args)) => catalogue::run(&ctx, args),
        Some(Command::Guide(args)) => guide::run(&ctx, args),
        Some(Command::Personne(args)) => personne::run(&ctx, args),
        Some(Command::Lettre(args)) => lettre::run(&ctx, args),
        Some(Command::Lettres(args)) => lettres::run(&ctx, args),
        Some(Command::Mandat(args)) => mandat::run(&ctx, args),
        Some(Command::Destinataire(args)) => destinataire::run(&ctx, args),
        Some(Command::Delai(args)) => delai::run(&ctx, args),
        Some(Command::Dossier(args)) => dossier::run(&ctx, args),
        Some(Command::Evenement(args)) => evenement::run(&ctx, args),
        Some(Command::Echeances(args)) => suivi::echeances(&ctx, args),
        Some(Command::Export(args)) => donnees::export(&ctx, args),
        Some(Command::Import(args)) => donnees::import(&ctx, args),
        Some(Command::PhraseDePasse(args)) => phrase::run(&ctx, args),
        Some(Command::Statistiques(args)) => statistiques::run(&ctx, args),
        Some(Command::Sauvegarde(args)) => donnees::sauvegarde(&ctx, args),
        Some(Command::Restaurer(args)) => donnees::restaurer(&ctx, args),
        Some(Command::Deverrouiller(args)) => verrou::deverrouiller(&ctx, args),
        Some(Command::Verrouiller) => verrou::verrouiller(&ctx),
        Some(Command::Verifier) => donnees::verifier(&ctx),
        Some(Command::Registre(args)) => partage::run(&ctx, args),
        Some(Command::Benevole(args)) => partage::benevole(&ctx, args),
        Some(Command::Completions(args)) => manuel::completions(args),
        Some(Command::Manuel) => manuel::manuel(),
    }
}
