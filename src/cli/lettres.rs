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
use super::dossier::day;
use super::lettre::{letter_failure, parse_fields, reminder_fields};
use super::suivi::persons;
use crate::cases::agenda::track;
use crate::cases::status::State;
use crate::cases::{CaseFilter, CaseId, Channel, EventKind, NewCase, NewEvent, PersonId};
use crate::catalogue::Catalogue;
use crate::error::Failure;
use crate::fsio;
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
    #[arg(long, value_name = "STATUT")]
    pub statut: Option<String>,
    /// Seulement les dossiers dont la lettre n'est pas encore envoyée (comme --statut brouillon)
    #[arg(long)]
    pub brouillons: bool,
    /// Les lettres de relance de ces dossiers (destinataire en retard)
    #[arg(long)]
    pub relance: bool,
    /// Un champ pour toutes les lettres, CLE=VALEUR ; répétable
    #[arg(long = "champ", value_name = "CLE=VALEUR")]
    pub champs: Vec<String>,
    /// pdf (par défaut) ou txt
    #[arg(long, value_enum, default_value = "pdf", hide_possible_values = true)]
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
    /// The case it goes on; `None`: a case is opened for it.
    case: Option<CaseId>,
    /// Dates of the case's sending and receipt, for a reminder.
    dates: Vec<(&'static str, NaiveDate)>,
}

pub fn run(ctx: &Context, a: LettresArgs) -> Result<(), Failure> {
    let today = day(a.au.as_deref())?;
    let cat = ctx.catalogue()?;
    let typed = parse_fields(&a.champs)?;
    let mut store = ctx.store.open()?;
    let jobs = match &a.situation {
        Some(id) => situation_jobs(&cat, &store, id, &a)?,
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
            Err(f) => problems.push(t::job_problem(job.case, &job.code, &job.route, &f.message)),
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
    let written = write(&a, &jobs, &letters)?;
    let batch = record(&jobs, today);
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
    let relance = !job.dates.is_empty();
    let target = Target::new(cat, entry, route, relance).map_err(letter_failure)?;
    let mut fields = typed.clone();
    for (k, d) in &job.dates {
        fields.entry(k.to_string()).or_insert(d.to_string());
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
    let existing = store.cases(&CaseFilter {
        personne: Some(pid),
        ouverts_seulement: true,
        statut_seulement: true,
        ..CaseFilter::default()
    })?;
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
            .find(|h| {
                h.case.fichier.eq_ignore_ascii_case(&entry.code) && h.case.demarche == s.route
            })
            .map(|h| h.case.id);
        jobs.push(Job {
            person_id: pid,
            person: person.clone(),
            code: entry.code.clone(),
            route: s.route.clone(),
            case,
            dates: Vec::new(),
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
    let wanted = match (a.statut.as_deref(), a.brouillons) {
        (Some(s), _) => Some(
            State::from_id(s)
                .ok_or_else(|| Failure::invalid(crate::texts::cases::unknown_state(s)))?,
        ),
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
            case: Some(c.id),
            dates: if a.relance {
                reminder_fields(&x.history)
            } else {
                Vec::new()
            },
        });
    }
    if a.relance
        && let Some(j) = jobs.iter().find(|j| j.dates.is_empty())
    {
        return Err(Failure::invalid(t::reminder_needs_sending(
            j.case.unwrap_or(0),
        )));
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

/// One « brouillon » event per letter, on its case (opened when needed), in one batch.
fn record(jobs: &[Job], today: NaiveDate) -> Vec<BatchEntry> {
    jobs.iter()
        .map(|job| {
            let draft = NewEvent {
                date: today,
                kind: EventKind::Brouillon,
                texte: (!job.dates.is_empty())
                    .then(|| crate::texts::letters::DRAFT_REMINDER_NOTE.to_string()),
            };
            let target = match job.case {
                Some(id) => BatchTarget::Existing(id),
                None => BatchTarget::Open(NewCase {
                    personne: job.person_id,
                    fichier: job.code.clone(),
                    demarche: job.route.clone(),
                    canal: Some(Channel::Lrar),
                    references: Vec::new(),
                    suite_de: None,
                    ouvert: today,
                }),
            };
            BatchEntry {
                person: BatchPerson::Existing(job.person_id),
                cases: vec![BatchCase {
                    target,
                    events: vec![draft],
                }],
            }
        })
        .collect()
}
