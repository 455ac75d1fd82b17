//! `acces lettres`: the letters of a selection in one go — the advised letters of a
//! situation for one person, or the tracked cases matching a filter — into one PDF (or text
//! file) or a folder of files. The arguments are read here; the batch itself is
//! `crate::letters::batch`, which the interface's « Rédiger les lettres » calls too.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::context::Context;
use super::context::day;
use super::lettre::parse_fields;
use crate::cases::PersonId;
use crate::cases::status::State;
use crate::error::Failure;
use crate::letters::batch::{self, Batch, CaseChoice, Format, Output};
use crate::texts::batch as t;

#[derive(Args, Debug)]
pub struct LettresArgs {
    /// Les démarches conseillées pour cette situation (voir « acces guide »), pour la personne --personne
    #[arg(long, value_name = "SITUATION")]
    pub situation: Option<String>,
    /// La personne (son numéro) : avec --situation, celle pour qui écrire ; sinon, seulement ses dossiers
    #[arg(long, value_name = "ID")]
    pub personne: Option<PersonId>,
    /// Seulement les dossiers de ce fichier
    #[arg(long, value_name = "CODE")]
    pub fichier: Option<String>,
    /// Seulement les dossiers dans cet état : brouillon, en-attente, en-retard, a-agir, termine, clos
    #[arg(long, value_name = "STATUT", value_parser = super::values::state())]
    pub statut: Option<State>,
    /// Seulement les dossiers dont la lettre n'est pas encore envoyée (comme --statut brouillon)
    #[arg(long)]
    pub brouillons: bool,
    /// Les lettres de relance de ces dossiers (destinataire en retard)
    #[arg(long)]
    pub relance: bool,
    /// Un champ pour toutes les lettres, CLE=VALEUR ; répétable
    #[arg(long = "champ", value_name = "CLE=VALEUR")]
    pub champs: Vec<String>,
    /// Une ligne de plus pour le --champ qui précède (adresse, texte sur plusieurs lignes) :
    /// --champ "destinataire_adresse=Tribunal judiciaire de Nantes" --ligne "19 quai François
    /// Mitterrand" --ligne "44000 Nantes" revient à séparer les lignes par « | » (répétable)
    #[arg(long = "ligne", value_name = "LIGNE")]
    pub lignes: Vec<String>,
    /// For each `--ligne`, how many `--champ` precede it (`champs::lines_after`).
    #[arg(skip)]
    pub lignes_apres: Vec<usize>,
    /// pdf (par défaut) ou txt
    #[arg(long, value_enum, default_value = "pdf", hide_default_value = true)]
    pub format: BatchFormat,
    /// Toutes les lettres dans ce fichier (PDF : chaque lettre commence une page)
    #[arg(
        long,
        value_name = "FICHIER",
        required_unless_present = "dossier_sortie"
    )]
    pub sortie: Option<PathBuf>,
    /// Un fichier par lettre dans ce dossier
    #[arg(
        long = "dossier-sortie",
        value_name = "DOSSIER",
        conflicts_with = "sortie"
    )]
    pub dossier_sortie: Option<PathBuf>,
    /// La date des lettres et des états (AAAA-MM-JJ ; par défaut aujourd'hui)
    #[arg(long, value_name = "DATE")]
    pub au: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    Pdf,
    Txt,
}

impl From<BatchFormat> for Format {
    fn from(f: BatchFormat) -> Format {
        match f {
            BatchFormat::Pdf => Format::Pdf,
            BatchFormat::Txt => Format::Txt,
        }
    }
}

pub fn run(ctx: &Context, a: LettresArgs) -> Result<(), Failure> {
    let output = match (&a.sortie, &a.dossier_sortie) {
        (Some(path), _) => Output::File(path.clone()),
        (None, Some(dir)) => Output::Folder(dir.clone()),
        // clap requires one of them.
        (None, None) => return Err(Failure::invalid(t::NOTHING_SELECTED)),
    };
    // Never inside the data directory (issue 15, defect C), checked before any work.
    ctx.store.check_output(&output.probe())?;
    let today = day(a.au.as_deref())?;
    let cat = ctx.catalogue()?;
    let typed = parse_fields(&super::champs::with_lines(
        &a.champs,
        &a.lignes,
        &a.lignes_apres,
    )?)?;
    let mut store = ctx.store.open()?;
    let jobs = match &a.situation {
        Some(id) => batch::situation_jobs(&cat, &store, id, a.personne, today)?,
        None => {
            let state = match (a.statut, a.brouillons) {
                (Some(s), _) => Some(s),
                (None, true) => Some(State::Brouillon),
                (None, false) => None,
            };
            if state.is_none() && a.personne.is_none() && a.fichier.is_none() {
                return Err(Failure::invalid(t::FILTER_NEEDED));
            }
            let choice = CaseChoice {
                personne: a.personne,
                fichier: a.fichier.clone(),
                state,
                cases: None,
                reminder: a.relance,
            };
            batch::case_jobs(&cat, &store, &choice, today)?
        }
    };
    let mut b = Batch::new(jobs, typed, today)?;
    let progress = std::io::stderr().is_terminal() && b.len() >= 20;
    while !b.is_rendered() {
        let done = b.render_next(&cat, 10);
        if progress {
            eprint!("\r{}", t::progress(done, b.len()));
        }
    }
    if progress {
        eprintln!();
    }
    if !b.problems().is_empty() {
        for p in b.problems() {
            eprintln!("{}", p.line());
        }
        return Err(Failure::invalid(t::nothing_written(b.problems().len())));
    }
    let done = b.finish(&cat, &mut store, a.format.into(), &output)?;
    eprintln!("{}", done.summary());
    if ctx.json {
        super::context::print_json(
            &serde_json::json!({ "lettres": done.letters, "dossiers": done.cases }),
        )?;
    }
    Ok(())
}
