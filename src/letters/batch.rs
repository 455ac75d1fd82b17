//! Letters in batches: the letters of a selection — the advised letters of a situation for
//! one person, or tracked cases (by filter, or picked one by one in the interface) — into
//! one PDF (or text file) or a folder of files, every letter recorded on its case
//! (« brouillon »; a new case for an advised letter the person has no case for), all in one
//! transaction. `acces lettres` and the interface's « Rédiger les lettres » both go through
//! [`Batch`]: choose the jobs, render them a few at a time (the faces show the progress),
//! then [`Batch::finish`] writes the files and records the letters.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::journey::{self, Recording, Writing};
use super::{Letter, RenderOptions, Target, mandate};
use crate::cases::agenda::track;
use crate::cases::status::{State, Status};
use crate::cases::{CaseFilter, CaseHistory, CaseId, PersonId};
use crate::catalogue::Catalogue;
use crate::error::Failure;
use crate::fsio;
use crate::person::Person;
use crate::store::{BatchCase, BatchEntry, BatchPerson, BatchTarget, Store};
use crate::texts::batch as t;

/// How the letters are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Pdf,
    Txt,
}

/// Where the letters go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// All the letters in this file (PDF: each letter starts a page).
    File(PathBuf),
    /// One file per letter in this folder.
    Folder(PathBuf),
}

impl Output {
    /// The path to check against the data directory before any work (never write inside it,
    /// issue 15): the file, or a file in the folder.
    pub fn probe(&self) -> PathBuf {
        match self {
            Output::File(p) => p.clone(),
            Output::Folder(d) => d.join("lettre"),
        }
    }
}

/// Which tracked cases get a letter. `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseChoice {
    pub personne: Option<PersonId>,
    pub fichier: Option<String>,
    pub state: Option<State>,
    /// Only these cases (picked in the interface).
    pub cases: Option<Vec<CaseId>>,
    /// The cases' reminders rather than their own letters.
    pub reminder: bool,
}

/// One letter to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
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
    fn case_id(&self) -> Option<CaseId> {
        self.case.as_ref().map(|(h, _)| h.case.id)
    }
}

fn persons(store: &dyn Store) -> Result<HashMap<PersonId, Person>, Failure> {
    Ok(store
        .persons()?
        .into_iter()
        .map(|p| (p.id, p.personne))
        .collect())
}

/// The advised letters of a situation for one person: on the person's open case for that
/// step when there is one, else on a new case.
pub fn situation_jobs(
    cat: &Catalogue,
    store: &dyn Store,
    id: &str,
    person: Option<PersonId>,
    today: NaiveDate,
) -> Result<Vec<Job>, Failure> {
    let situation = cat.situation(id).ok_or_else(|| {
        Failure::invalid(crate::texts::catalogue::unknown_situation(
            id,
            &cat.closest_situations(id),
        ))
    })?;
    let Some(pid) = person else {
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

/// The open tracked cases chosen, as the store holds them now.
pub fn case_jobs(
    cat: &Catalogue,
    store: &dyn Store,
    choice: &CaseChoice,
    today: NaiveDate,
) -> Result<Vec<Job>, Failure> {
    let persons = persons(store)?;
    let filter = CaseFilter {
        personne: choice.personne,
        fichier: choice.fichier.clone(),
        ..CaseFilter::default()
    };
    let mut jobs = Vec::new();
    for x in track(cat, &persons, store.cases(&filter)?, today) {
        let c = &x.history.case;
        if choice.state.is_some_and(|w| x.status.state != w)
            || !x.status.is_open()
            || choice
                .cases
                .as_ref()
                .is_some_and(|ids| !ids.contains(&c.id))
        {
            continue;
        }
        let Some(person) = persons.get(&c.personne) else {
            continue;
        };
        jobs.push(Job {
            person_id: c.personne,
            person: person.clone(),
            code: c.fichier.clone(),
            route: c.demarche.clone(),
            case: Some((x.history.clone(), x.status.clone())),
            reminder: choice.reminder,
        });
    }
    Ok(jobs)
}

/// A letter that cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub case: Option<CaseId>,
    pub code: String,
    pub route: String,
    /// Why, as the command says it.
    pub message: String,
    /// The labels of the fields missing, when that is why (the interface says only these).
    pub missing: Vec<String>,
}

impl Problem {
    /// The line `acces lettres` prints (naming the case, never the person).
    pub fn line(&self) -> String {
        t::job_problem(self.case, &self.code, &self.route, &self.message)
    }
}

/// What a finished batch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub letters: usize,
    /// The file or folder written.
    pub written: PathBuf,
    /// Cases opened for advised letters.
    pub opened: usize,
    /// The cases the letters were recorded on.
    pub cases: Vec<CaseId>,
    /// Mandates written with the letters (one per represented person, see [`mandates`]).
    pub mandates: usize,
}

impl Done {
    /// The summary said to the user.
    pub fn summary(&self) -> String {
        t::done(self.letters, &self.written, self.opened, self.mandates)
    }
}

/// A batch under way: its jobs, the letters rendered so far, and the problems met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    jobs: Vec<Job>,
    fields: BTreeMap<String, String>,
    today: NaiveDate,
    letters: Vec<Letter>,
    problems: Vec<Problem>,
    next: usize,
}

impl Batch {
    /// A batch of these jobs with the fields typed for every letter, dated `today`;
    /// refused when there is nothing to write.
    pub fn new(
        jobs: Vec<Job>,
        fields: BTreeMap<String, String>,
        today: NaiveDate,
    ) -> Result<Batch, Failure> {
        if jobs.is_empty() {
            return Err(Failure::invalid(t::NOTHING_SELECTED));
        }
        Ok(Batch {
            letters: Vec::with_capacity(jobs.len()),
            jobs,
            fields,
            today,
            problems: Vec::new(),
            next: 0,
        })
    }

    /// The number of letters to write.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// The number of letters rendered (or refused) so far.
    pub fn done(&self) -> usize {
        self.next
    }

    pub fn is_rendered(&self) -> bool {
        self.next == self.jobs.len()
    }

    /// Why some letters cannot be written.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Renders up to `n` more letters; returns how many are done.
    pub fn render_next(&mut self, cat: &Catalogue, n: usize) -> usize {
        let options = RenderOptions {
            today: self.today,
            by_post: true,
        };
        let end = self.next.saturating_add(n).min(self.jobs.len());
        for job in &self.jobs[self.next..end] {
            match render(cat, job, &self.fields, options) {
                Ok(l) => self.letters.push(l),
                Err((f, missing)) => self.problems.push(Problem {
                    case: job.case_id(),
                    code: job.code.clone(),
                    route: job.route.clone(),
                    message: f.message,
                    missing,
                }),
            }
        }
        self.next = end;
        self.next
    }

    /// Once every letter is rendered without a problem: writes the files, then records the
    /// letters in one transaction.
    pub fn finish(
        mut self,
        cat: &Catalogue,
        store: &mut dyn Store,
        format: Format,
        output: &Output,
    ) -> Result<Done, Failure> {
        self.render_next(cat, usize::MAX);
        if !self.problems.is_empty() {
            return Err(Failure::invalid(t::nothing_written(self.problems.len())));
        }
        let batch = record(&self.jobs, self.today)?;
        let mandates = mandates(cat, &self.jobs, self.today);
        let written = write(format, output, &self.jobs, &self.letters, &mandates)?;
        let cases = store
            .add_batch(&batch)
            .map_err(|f| Failure::new(f.code, t::written_not_recorded(&f.message)))?;
        Ok(Done {
            letters: self.letters.len(),
            written,
            opened: self.jobs.iter().filter(|j| j.case.is_none()).count(),
            cases,
            mandates: mandates.len(),
        })
    }
}

/// One letter; on failure, why, and the labels of the fields missing if that is why.
fn render(
    cat: &Catalogue,
    job: &Job,
    typed: &BTreeMap<String, String>,
    options: RenderOptions,
) -> Result<Letter, (Failure, Vec<String>)> {
    render_one(cat, job, typed, options).map_err(|e| match e {
        Rendering::Letter(super::LetterError::Missing(fields)) => {
            let labels = fields.iter().map(|(_, label)| label.clone()).collect();
            (super::failure(super::LetterError::Missing(fields)), labels)
        }
        Rendering::Letter(e) => (super::failure(e), Vec::new()),
        Rendering::Other(f) => (f, Vec::new()),
    })
}

/// Why [`render_one`] failed: the letter's own error is kept whole for [`render`].
enum Rendering {
    Letter(super::LetterError),
    Other(Failure),
}

impl From<Failure> for Rendering {
    fn from(f: Failure) -> Rendering {
        Rendering::Other(f)
    }
}

fn render_one(
    cat: &Catalogue,
    job: &Job,
    typed: &BTreeMap<String, String>,
    options: RenderOptions,
) -> Result<Letter, Rendering> {
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
    let target = Target::new(cat, entry, route, job.reminder).map_err(Rendering::Letter)?;
    let mut fields = typed.clone();
    // The recipient the case kept, unless one is given for the whole batch.
    if let Some((history, _)) = &job.case
        && let Some(kept) = super::recipient::kept(&history.case, &target)
    {
        fields
            .entry("destinataire_adresse".to_string())
            .or_insert(kept);
    }
    if let (true, Some((_, status))) = (job.reminder, &job.case) {
        journey::check_reminder(status, options.today)
            .map_err(|e| Failure::invalid(e.to_string()))?;
        for (k, d) in journey::reminder_dates(status).fields_for(&target) {
            fields.entry(k.to_string()).or_insert(d.to_string());
        }
    }
    super::render(&target, &job.person, &fields, options).map_err(Rendering::Letter)
}

/// The mandate each represented person's letters list as an enclosure
/// (`letters::mandate`): one per person, covering the steps of their letters that a mandate
/// covers, until a year after `today`; with the index of the person's first letter, before
/// which it goes. A person none of whose steps a mandate covers gets none (their letters do
/// not list it).
fn mandates(cat: &Catalogue, jobs: &[Job], today: NaiveDate) -> Vec<(usize, Letter)> {
    let mut out = Vec::new();
    let mut seen: Vec<PersonId> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        if seen.contains(&job.person_id) || job.person.representant.is_none() {
            continue;
        }
        seen.push(job.person_id);
        let steps: Vec<mandate::Step<'_>> = jobs
            .iter()
            .filter(|j| j.person_id == job.person_id)
            .filter_map(|j| {
                let entry = cat.entry(&j.code)?;
                let route = entry.route(&j.route)?;
                let kept = j
                    .case
                    .as_ref()
                    .and_then(|(h, _)| h.case.destinataire.clone());
                Some(mandate::step(cat, entry, route, kept))
            })
            .collect();
        if let Ok(m) = mandate::write(&job.person, &steps, today, mandate::default_end(today)) {
            out.push((i, m));
        }
    }
    out
}

/// Writes the letters, each person's mandate before their first letter; returns where, for
/// the summary.
fn write(
    format: Format,
    output: &Output,
    jobs: &[Job],
    letters: &[Letter],
    mandates: &[(usize, Letter)],
) -> Result<PathBuf, Failure> {
    let dir = match output {
        Output::File(path) => {
            let mut all: Vec<&Letter> = Vec::with_capacity(letters.len() + mandates.len());
            for (i, letter) in letters.iter().enumerate() {
                all.extend(mandates.iter().filter(|(at, _)| *at == i).map(|(_, m)| m));
                all.push(letter);
            }
            let bytes = match format {
                Format::Pdf => super::pdf::render_batch(&all).map_err(super::failure)?,
                Format::Txt => {
                    let texts: Vec<String> = all.iter().map(|l| l.text()).collect();
                    // A form feed between letters: each starts a new page when printed.
                    texts.join("\x0c").into_bytes()
                }
            };
            fsio::write_atomic(path, &bytes)?;
            return Ok(path.clone());
        }
        Output::Folder(dir) => dir,
    };
    std::fs::create_dir_all(dir).map_err(|e| Failure::io(t::cannot_create_dir(dir, &e)))?;
    let width = letters.len().to_string().len();
    let mut chunk = Vec::with_capacity(fsio::BATCH_CHUNK);
    let ext = match format {
        Format::Pdf => "pdf",
        Format::Txt => "txt",
    };
    let bytes_of = |letter: &Letter| match format {
        Format::Pdf => super::pdf::render(letter).map_err(super::failure),
        Format::Txt => Ok(letter.text().into_bytes()),
    };
    for (i, (job, letter)) in jobs.iter().zip(letters).enumerate() {
        // A person's mandate sorts just before their first letter.
        for (_, m) in mandates.iter().filter(|(at, _)| *at == i) {
            let name = format!("lettre-{:0width$}-0-mandat.{ext}", i + 1);
            chunk.push((Path::new(dir).join(name), bytes_of(m)?));
        }
        let bytes = bytes_of(letter)?;
        // No personal data in file names: the rank, the file and the step.
        let name = format!(
            "lettre-{:0width$}-{}-{}.{ext}",
            i + 1,
            job.code.to_lowercase(),
            job.route
        );
        chunk.push((Path::new(dir).join(name), bytes));
        if chunk.len() >= fsio::BATCH_CHUNK {
            fsio::write_atomic_batch(dir, std::mem::take(&mut chunk))?;
        }
    }
    if !chunk.is_empty() {
        fsio::write_atomic_batch(dir, chunk)?;
    }
    Ok(dir.clone())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_selection_is_refused_and_a_folder_is_checked_by_a_file_in_it() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let err = Batch::new(Vec::new(), BTreeMap::new(), today).unwrap_err();
        assert_eq!(err.message, t::NOTHING_SELECTED);
        assert_eq!(
            Output::Folder("sortie".into()).probe(),
            Path::new("sortie").join("lettre")
        );
        assert_eq!(Output::File("a.pdf".into()).probe(), Path::new("a.pdf"));
    }
}
