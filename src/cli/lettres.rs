//! `acces lettres`: the letters of a selection in one go — the advised letters of a
//! situation for one person, or the tracked cases matching a filter — into one PDF (or text
//! file) or a folder of files. Every letter is recorded on its case (« brouillon »; a new
//! case for an advised letter the person has no case for), all in one transaction.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::context::Context;
use super::context::day;
use super::lettre::{letter_failure, parse_fields};
use super::suivi::persons;
use crate::cases::agenda::track;
use crate::cases::status::{State, Status};
use crate::cases::{CaseFilter, CaseHistory, PersonId};
use crate::catalogue::Catalogue;
use crate::error::Failure;
use crate::fsio;
use crate::letters::journey::{self, Recording, Writing};
use crate::letters::{self, Letter, RenderOptions, Target};
use crate::person::Person;
use crate::store::{BatchCase, BatchEntry, BatchPerson, BatchTarget, Store};
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

/// One letter to write.
struct Job {
    person_id: PersonId,
    person: Person,
    code: String,
    route: String,
    /// The tracked case it goes on, and its status; `None`: a case is opened for it.
    case: Option<(CaseHistory, Status)>,
    /// The case's reminder rather than its own letter.
    reminder: bool,
}

impl Job {
    fn case_id(&self) -> Option<i64> {
        self.case.as_ref().map(|(h, _)| h.case.id)
    }
}

pub fn run(ctx: &Context, a: LettresArgs) -> Result<(), Failure> {
    // Never inside the data directory (issue 15, defect C), checked before any work.
    if let Some(path) = &a.sortie {
        ctx.store.check_output(path)?;
    }
    if let Some(dir) = &a.dossier_sortie {
        ctx.store.check_output(&dir.join("lettre"))?;
    }
    let today = day(a.au.as_deref())?;
    let cat = ctx.catalogue()?;
    let typed = parse_fields(&super::champs::with_lines(
        &a.champs,
        &a.lignes,
        &a.lignes_apres,
    )?)?;
    let mut store = ctx.store.open()?;
    let jobs = match &a.situation {
        Some(id) => situation_jobs(&cat, &store, id, &a, today)?,
        None => case_jobs(&cat, &store, &a, today)?,
    };
    if jobs.is_empty() {
        return Err(Failure::invalid(t::NOTHING_SELECTED));
    }
    let options = RenderOptions {
        today,
        by_post: true,
    };
    let progress = std::io::stderr().is_terminal() && jobs.len() >= 20;
    let mut letters = Vec::with_capacity(jobs.len());
    let mut problems = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        match render(&cat, job, &typed, options) {
            Ok(l) => letters.push(l),
            Err(f) => problems.push(t::job_problem(
                job.case_id(),
                &job.code,
                &job.route,
                &f.message,
            )),
        }
        if progress && (i + 1) % 10 == 0 {
            eprint!("\r{}", t::progress(i + 1, jobs.len()));
        }
    }
    if progress {
        eprintln!();
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        return Err(Failure::invalid(t::nothing_written(problems.len())));
    }
    let batch = record(&jobs, today)?;
    let written = write(&a, &jobs, &letters)?;
    let ids = store
        .add_batch(&batch)
        .map_err(|f| Failure::new(f.code, t::written_not_recorded(&f.message)))?;
    let opened = jobs.iter().filter(|j| j.case.is_none()).count();
    eprintln!("{}", t::done(letters.len(), &written, opened));
    if ctx.json {
        super::context::print_json(
            &serde_json::json!({ "lettres": letters.len(), "dossiers": ids }),
        )?;
    }
    Ok(())
}

fn render(
    cat: &Catalogue,
    job: &Job,
    typed: &BTreeMap<String, String>,
    options: RenderOptions,
) -> Result<Letter, Failure> {
    let entry = cat
        .entry(&job.code)
        .ok_or_else(|| Failure::invalid(crate::texts::catalogue::unknown_code(&job.code, &[])))?;
    let route = entry.route(&job.route).ok_or_else(|| {
        Failure::invalid(crate::texts::cases::unknown_route(
            &entry.code,
            &job.route,
            &[],
        ))
    })?;
    let target = Target::new(cat, entry, route, job.reminder).map_err(letter_failure)?;
    let mut fields = typed.clone();
    if let (true, Some((_, status))) = (job.reminder, &job.case) {
        journey::check_reminder(status, options.today)
            .map_err(|e| Failure::invalid(e.to_string()))?;
        for (k, d) in journey::reminder_dates(status).fields_for(&target) {
            fields.entry(k.to_string()).or_insert(d.to_string());
        }
    }
    letters::render(&target, &job.person, &fields, options).map_err(letter_failure)
}

/// The advised letters of a situation for one person: on the person's open case for that
/// step when there is one, else on a new case.
fn situation_jobs(
    cat: &Catalogue,
    store: &dyn Store,
    id: &str,
    a: &LettresArgs,
    today: NaiveDate,
) -> Result<Vec<Job>, Failure> {
    let situation = cat.situation(id).ok_or_else(|| {
        Failure::invalid(crate::texts::catalogue::unknown_situation(
            id,
            &cat.closest_situations(id),
        ))
    })?;
    let Some(pid) = a.personne else {
        return Err(Failure::invalid(t::SITUATION_NEEDS_PERSON));
    };
    let person = store
        .person(pid)?
        .ok_or_else(|| Failure::invalid(crate::texts::store::unknown_person(pid)))?;
    let persons = persons(store)?;
    let existing = track(
        cat,
        &persons,
        store.cases(&CaseFilter {
            personne: Some(pid),
            ouverts_seulement: true,
            ..CaseFilter::default()
        })?,
        today,
    );
    let mut jobs = Vec::new();
    for s in &situation.suggestions {
        let Some(entry) = cat.entry(&s.entry) else {
            continue;
        };
        // Only steps that have a letter (advice such as « contest the refusal » has none).
        if entry.route(&s.route).is_none_or(|r| r.letter.is_none()) {
            continue;
        }
        let case = existing
            .iter()
            .find(|x| {
                x.history.case.fichier.eq_ignore_ascii_case(&entry.code)
                    && x.history.case.demarche == s.route
            })
            .map(|x| (x.history.clone(), x.status.clone()));
        jobs.push(Job {
            person_id: pid,
            person: person.clone(),
            code: entry.code.clone(),
            route: s.route.clone(),
            case,
            reminder: false,
        });
    }
    Ok(jobs)
}

/// The tracked cases matching the filter.
fn case_jobs(
    cat: &Catalogue,
    store: &dyn Store,
    a: &LettresArgs,
    today: NaiveDate,
) -> Result<Vec<Job>, Failure> {
    let wanted = match (a.statut, a.brouillons) {
        (Some(s), _) => Some(s),
        (None, true) => Some(State::Brouillon),
        (None, false) => None,
    };
    if wanted.is_none() && a.personne.is_none() && a.fichier.is_none() {
        return Err(Failure::invalid(t::FILTER_NEEDED));
    }
    let persons = persons(store)?;
    let filter = CaseFilter {
        personne: a.personne,
        fichier: a.fichier.clone(),
        ..CaseFilter::default()
    };
    let mut jobs = Vec::new();
    for x in track(cat, &persons, store.cases(&filter)?, today) {
        if wanted.is_some_and(|w| x.status.state != w) || !x.status.is_open() {
            continue;
        }
        let c = &x.history.case;
        let Some(person) = persons.get(&c.personne) else {
            continue;
        };
        jobs.push(Job {
            person_id: c.personne,
            person: person.clone(),
            code: c.fichier.clone(),
            route: c.demarche.clone(),
            case: Some((x.history.clone(), x.status.clone())),
            reminder: a.relance,
        });
    }
    Ok(jobs)
}

/// Writes the letters; returns where, for the summary.
fn write(a: &LettresArgs, jobs: &[Job], letters: &[Letter]) -> Result<PathBuf, Failure> {
    if let Some(path) = &a.sortie {
        let bytes = match a.format {
            BatchFormat::Pdf => letters::pdf::render_batch(letters).map_err(letter_failure)?,
            BatchFormat::Txt => {
                let texts: Vec<String> = letters.iter().map(Letter::text).collect();
                // A form feed between letters: each starts a new page when printed.
                texts.join("\x0c").into_bytes()
            }
        };
        fsio::write_atomic(path, &bytes)?;
        return Ok(path.clone());
    }
    let dir = a.dossier_sortie.clone().unwrap_or_default();
    std::fs::create_dir_all(&dir).map_err(|e| Failure::io(t::cannot_create_dir(&dir, &e)))?;
    let width = letters.len().to_string().len();
    for (i, (job, letter)) in jobs.iter().zip(letters).enumerate() {
        let (ext, bytes) = match a.format {
            BatchFormat::Pdf => ("pdf", letters::pdf::render(letter).map_err(letter_failure)?),
            BatchFormat::Txt => ("txt", letter.text().into_bytes()),
        };
        // No personal data in file names: the rank, the file and the step.
        let name = format!(
            "lettre-{:0width$}-{}-{}.{ext}",
            i + 1,
            job.code.to_lowercase(),
            job.route
        );
        fsio::write_atomic(&Path::new(&dir).join(name), &bytes)?;
    }
    Ok(dir)
}

/// What writing each letter records (the journey's rule: a « brouillon » on its case, or a
/// case opened for it), as one batch: one transaction.
fn record(jobs: &[Job], today: NaiveDate) -> Result<Vec<BatchEntry>, Failure> {
    jobs.iter()
        .map(|job| {
            let writing = match &job.case {
                Some((history, _)) => Writing::OnCase {
                    history,
                    reminder: job.reminder,
                },
                None => Writing::NewCase {
                    person: job.person_id,
                    file: &job.code,
                    route: &job.route,
                    follows: None,
                },
            };
            let (target, event) = match journey::record(writing, None, false, today)
                .map_err(|e| Failure::invalid(e.to_string()))?
            {
                Recording::OnCase { case, event } => (BatchTarget::Existing(case), event),
                Recording::NewCase { case, event } => (BatchTarget::Open(case), event),
            };
            Ok(BatchEntry {
                person: BatchPerson::Existing(job.person_id),
                cases: vec![BatchCase {
                    target,
                    events: vec![event],
                }],
            })
        })
        .collect()
}
