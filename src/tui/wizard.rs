//! The Assistant: person → file → route → the fields the letter needs → preview → save
//! the letter and open (or update) its case in the same step.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::form::{Field, Form};
use super::tracker::Data;
use crate::cases::{CaseId, Channel, EventKind, NewCase, NewEvent, PersonId};
use crate::catalogue::{Catalogue, Entry};
use crate::error::Failure;
use crate::letters::{self, FieldKind, FieldSource, Letter, LetterError, RenderOptions, Target};
use crate::texts::{cases as tc, tui as t};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Person,
    File,
    Route,
    Fields,
    Preview,
    Save,
}

/// Where the wizard starts from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preset {
    pub person: Option<PersonId>,
    pub file: Option<String>,
    pub route: Option<String>,
    /// A reminder for this case (same route, `relance` letter).
    pub reminder_of: Option<CaseId>,
    /// The next step of this case (a new case, linked).
    pub follows: Option<CaseId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wizard {
    pub step: Step,
    pub preset: Preset,
    pub sel: usize,
    pub person: Option<PersonId>,
    pub file: Option<String>,
    pub route: Option<String>,
    pub fields: Form,
    pub keys: Vec<&'static str>,
    pub helps: Vec<String>,
    pub letter: Option<Letter>,
    pub warnings: Vec<(String, String)>,
    pub scroll: usize,
    pub save: Form,
    /// Where letters are saved unless the user types another folder.
    pub folder: String,
    pub error: Option<String>,
}

/// Save form field indexes.
pub const SAVE_FORMAT: usize = 0;
pub const SAVE_FOLDER: usize = 1;
pub const SAVE_SENT: usize = 2;
pub const SAVE_DATE: usize = 3;
pub const SAVE_RECOMMANDE: usize = 4;

pub fn format_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Entries for which acces writes at least one letter.
pub fn letter_entries(cat: &Catalogue) -> Vec<&Entry> {
    cat.entries()
        .iter()
        .filter(|e| e.routes.iter().any(|r| r.letter.is_some()))
        .collect()
}

/// Route ids of an entry that have a letter, start routes first.
pub fn letter_routes(e: &Entry) -> Vec<&crate::catalogue::Route> {
    let mut v: Vec<_> = e.routes.iter().filter(|r| r.letter.is_some()).collect();
    v.sort_by_key(|r| !r.start);
    v
}

impl Wizard {
    pub fn new(preset: Preset, folder: &Path) -> Wizard {
        Wizard {
            step: Step::Person,
            sel: 0,
            person: preset.person,
            file: preset.file.clone(),
            route: preset.route.clone(),
            preset,
            fields: Form::new(Vec::new()),
            keys: Vec::new(),
            helps: Vec::new(),
            letter: None,
            warnings: Vec::new(),
            scroll: 0,
            save: Form::new(Vec::new()),
            folder: folder.display().to_string(),
            error: None,
        }
    }

    /// Whether something typed would be lost.
    pub fn dirty(&self) -> bool {
        self.fields.dirty || self.save.dirty
    }

    fn target<'a>(&self, cat: &'a Catalogue) -> Result<Target<'a>, String> {
        let entry = self
            .file
            .as_deref()
            .and_then(|c| cat.entry(c))
            .ok_or_else(|| t::WIZ_NO_LETTER_ROUTE.to_string())?;
        let route = self
            .route
            .as_deref()
            .and_then(|r| entry.route(r))
            .ok_or_else(|| t::WIZ_NO_LETTER_ROUTE.to_string())?;
        Target::new(cat, entry, route, self.preset.reminder_of.is_some()).map_err(|e| e.to_string())
    }

    /// The first step still to do after `from`, skipping what the preset fixed.
    fn advance(&mut self, cat: &Catalogue, data: &Data, today: NaiveDate) {
        self.error = None;
        self.sel = 0;
        self.step = match self.step {
            Step::Person if self.file.is_none() => Step::File,
            Step::Person | Step::File if self.route.is_none() => Step::Route,
            Step::Person | Step::File | Step::Route => {
                self.build_fields(cat, data);
                Step::Fields
            }
            Step::Fields => {
                if self.render(cat, data, today) {
                    self.scroll = 0;
                    Step::Preview
                } else {
                    Step::Fields
                }
            }
            Step::Preview => {
                self.build_save(today);
                Step::Save
            }
            Step::Save => Step::Save,
        };
        if self.step == Step::Fields && self.fields.fields.is_empty() {
            // Nothing to ask: straight to the preview.
            self.advance(cat, data, today);
        }
    }

    /// Starts: skips the steps the preset fixed.
    pub fn start(&mut self, cat: &Catalogue, data: &Data, today: NaiveDate) {
        if self.person.is_some() {
            self.advance(cat, data, today);
        }
    }

    /// Échap: one step back (false when already at the first step: leave the wizard).
    pub fn back(&mut self) -> bool {
        self.error = None;
        let prev = match self.step {
            Step::Person => return false,
            Step::File => Step::Person,
            Step::Route if self.preset.file.is_some() => Step::Person,
            Step::Route => Step::File,
            Step::Fields if self.preset.route.is_some() && self.preset.file.is_some() => {
                Step::Person
            }
            Step::Fields if self.preset.route.is_some() => Step::File,
            Step::Fields => Step::Route,
            Step::Preview if self.fields.fields.is_empty() => Step::Route,
            Step::Preview => Step::Fields,
            Step::Save => Step::Preview,
        };
        if prev == Step::Person && self.preset.person.is_some() {
            return false;
        }
        match prev {
            Step::Person => self.person = self.preset.person,
            Step::File => self.file = self.preset.file.clone(),
            Step::Route => self.route = self.preset.route.clone(),
            _ => {}
        }
        self.step = prev;
        self.sel = 0;
        true
    }

    /// Enter on a list step.
    pub fn choose(&mut self, cat: &Catalogue, data: &Data, today: NaiveDate) {
        match self.step {
            Step::Person => {
                let Some(p) = data.persons.get(self.sel) else {
                    return;
                };
                self.person = Some(p.id);
            }
            Step::File => {
                let Some(e) = letter_entries(cat).get(self.sel).map(|e| e.code.clone()) else {
                    return;
                };
                self.file = Some(e);
            }
            Step::Route => {
                let Some(e) = self.file.as_deref().and_then(|c| cat.entry(c)) else {
                    return;
                };
                let Some(r) = letter_routes(e).get(self.sel).map(|r| r.id.clone()) else {
                    return;
                };
                self.route = Some(r);
            }
            _ => {}
        }
        self.advance(cat, data, today);
    }

    /// How many items the current list step offers.
    pub fn list_len(&self, cat: &Catalogue, data: &Data) -> usize {
        match self.step {
            Step::Person => data.persons.len(),
            Step::File => letter_entries(cat).len(),
            Step::Route => self
                .file
                .as_deref()
                .and_then(|c| cat.entry(c))
                .map_or(0, |e| letter_routes(e).len()),
            _ => 0,
        }
    }

    fn build_fields(&mut self, cat: &Catalogue, data: &Data) {
        self.keys.clear();
        self.helps.clear();
        let target = match self.target(cat) {
            Ok(t) => t,
            Err(e) => {
                self.error = Some(e);
                self.fields = Form::new(Vec::new());
                return;
            }
        };
        let person = self.person.and_then(|id| data.person(id)).cloned();
        let known = person
            .as_ref()
            .and_then(|p| letters::Values::collect(p, &BTreeMap::new()).ok());
        let prefill = self.prefill(data);
        let mut fields = Vec::new();
        for spec in letters::needed_fields(&target) {
            let from_person = spec.source == FieldSource::Person;
            if from_person
                && (!spec.required || known.as_ref().is_some_and(|k| k.contains(spec.key)))
            {
                continue;
            }
            let value = prefill.get(spec.key).cloned().unwrap_or_default();
            let mut f = Field::text(spec.label.clone(), value);
            if spec.required {
                f = f.required();
            }
            match spec.kind {
                FieldKind::Date => f = f.hint(t::HINT_DATE),
                FieldKind::Lines => f = f.hint(t::WIZ_LINES_HINT),
                _ => {}
            }
            fields.push(f);
            self.keys.push(spec.key);
            self.helps.push(spec.help.clone());
        }
        self.fields = Form::new(fields);
    }

    /// Dates known from the case this letter follows or reminds.
    fn prefill(&self, data: &Data) -> BTreeMap<&'static str, String> {
        let mut m = BTreeMap::new();
        let case = self.preset.reminder_of.or(self.preset.follows);
        if let Some(tr) = case.and_then(|id| data.case(id)) {
            let st = &tr.status;
            if let Some(d) = st.sent {
                m.insert("date_demande", format_date(d));
            }
            if let Some(d) = st.received {
                m.insert("date_reception", format_date(d));
            }
            if self.preset.follows.is_some()
                && let Some(d) = st.decision
            {
                m.insert("date_reponse", format_date(d));
            }
        }
        m
    }

    fn typed(&self) -> BTreeMap<String, String> {
        self.keys
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.fields.value(*i).trim().is_empty())
            .map(|(i, k)| (k.to_string(), self.fields.value(i).to_string()))
            .collect()
    }

    /// Writes the letter for the preview; on a problem, puts the message next to the field.
    fn render(&mut self, cat: &Catalogue, data: &Data, today: NaiveDate) -> bool {
        self.fields.clear_errors();
        let Some(person) = self.person.and_then(|id| data.person(id)).cloned() else {
            self.error = Some(t::WIZ_NO_PERSON.into());
            return false;
        };
        let target = match self.target(cat) {
            Ok(t) => t,
            Err(e) => {
                self.error = Some(e);
                return false;
            }
        };
        let opts = RenderOptions {
            today,
            by_post: true,
        };
        match letters::render(&target, &person, &self.typed(), opts) {
            Ok(letter) => {
                self.warnings = letters::warnings(&target)
                    .into_iter()
                    .map(|w| (w.fact, w.why))
                    .collect();
                self.letter = Some(letter);
                true
            }
            Err(LetterError::Missing(missing)) => {
                for (key, label) in missing {
                    match self.keys.iter().position(|k| *k == key) {
                        Some(i) => self.fields.set_error(i, crate::texts::validate::REQUIRED),
                        None => {
                            self.error = Some(LetterError::Missing(vec![(key, label)]).to_string())
                        }
                    }
                }
                false
            }
            Err(LetterError::Invalid { key, message }) => {
                match self.keys.iter().position(|k| *k == key) {
                    Some(i) => self.fields.set_error(i, message),
                    None => self.error = Some(message),
                }
                false
            }
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }

    fn build_save(&mut self, today: NaiveDate) {
        let mut sent = vec![t::WIZ_NOT_SENT.to_string()];
        sent.extend(Channel::ALL.iter().map(|c| t::wiz_sent_by(tc::channel(*c))));
        self.save = Form::new(vec![
            Field::choice(
                t::WIZ_FORMAT,
                t::WIZ_FORMATS.iter().map(|s| s.to_string()).collect(),
                0,
            ),
            Field::text(t::WIZ_FOLDER, self.folder.clone()).required(),
            Field::choice(t::WIZ_SENT, sent, 0),
            Field::text(t::WIZ_SENT_DATE, format_date(today)).hint(t::HINT_DATE),
            Field::text(t::WIZ_RECOMMANDE, ""),
        ]);
    }

    /// Enter on the fields or preview step.
    pub fn next(&mut self, cat: &Catalogue, data: &Data, today: NaiveDate) {
        self.advance(cat, data, today);
    }

    /// The save step: writes the letter file, then opens the case (or notes the reminder).
    /// Returns the case to show and the message to display.
    pub fn save(
        &mut self,
        cat: &Catalogue,
        data: &mut Data,
        today: NaiveDate,
    ) -> Option<(CaseId, String)> {
        self.save.clear_errors();
        self.error = None;
        let format = self.save.selected(SAVE_FORMAT);
        let sent_choice = self.save.selected(SAVE_SENT);
        let channel = sent_choice
            .checked_sub(1)
            .and_then(|i| Channel::ALL.get(i).copied());
        let sent_date = if channel.is_some() {
            match crate::validate::date(self.save.value(SAVE_DATE)) {
                Ok(d) if d > today => {
                    self.save.set_error(SAVE_DATE, t::DATE_IN_FUTURE);
                    return None;
                }
                Ok(d) => Some(d),
                Err(e) => {
                    self.save.set_error(SAVE_DATE, e);
                    return None;
                }
            }
        } else {
            None
        };
        let folder = PathBuf::from(self.save.value(SAVE_FOLDER).trim());
        if folder.as_os_str().is_empty() {
            self.save
                .set_error(SAVE_FOLDER, crate::texts::validate::REQUIRED);
            return None;
        }
        if !folder.is_dir() {
            self.save.set_error(
                SAVE_FOLDER,
                t::folder_missing(&folder.display().to_string()),
            );
            return None;
        }
        let recommande = self.save.optional(SAVE_RECOMMANDE);
        let Some(person) = self.person.and_then(|id| data.person(id)).cloned() else {
            self.error = Some(t::WIZ_NO_PERSON.into());
            return None;
        };
        let target = match self.target(cat) {
            Ok(t) => t,
            Err(e) => {
                self.error = Some(e);
                return None;
            }
        };
        let by_post = format != 2;
        let opts = RenderOptions { today, by_post };
        let letter = match letters::render(&target, &person, &self.typed(), opts) {
            Ok(l) => l,
            Err(e) => {
                self.error = Some(e.to_string());
                return None;
            }
        };
        let (bytes, ext) = match format {
            1 => (letters::pdf::render(&letter), "pdf"),
            2 => (letters::eml::render(&letter, &target.recipient.name), "eml"),
            _ => (Ok(letter.text().into_bytes()), "txt"),
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                self.error = Some(e.to_string());
                return None;
            }
        };
        let code = target.entry.code.clone();
        let route = target.route.id.clone();
        let kind = if self.preset.reminder_of.is_some() {
            "relance".to_string()
        } else {
            route.clone()
        };
        self.folder = folder.display().to_string();
        let path = free_name(&folder, &t::wiz_letter_file(&code, &kind, today, ext));
        if let Err(f) = crate::fsio::write_atomic(&path, &bytes) {
            self.error = Some(t::wiz_cannot_save(&f.message));
            return None;
        }
        let shown = path.display().to_string();
        let result = self.record(data, &code, &route, channel, sent_date, recommande, today);
        match result {
            Ok(case) => Some((case, t::wiz_saved(&shown, case))),
            Err(f) => {
                self.error = Some(t::wiz_saved_not_recorded(&shown, &f.message));
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        data: &mut Data,
        code: &str,
        route: &str,
        channel: Option<Channel>,
        sent: Option<NaiveDate>,
        recommande: Option<String>,
        today: NaiveDate,
    ) -> Result<CaseId, Failure> {
        let sent_event = |d: NaiveDate| NewEvent {
            date: d,
            kind: EventKind::Envoye {
                canal: channel,
                recommande: recommande.clone(),
            },
            texte: None,
        };
        if let Some(case) = self.preset.reminder_of {
            if let Some(d) = sent {
                data.store.add_event(
                    case,
                    &NewEvent {
                        date: d,
                        kind: EventKind::Relance {
                            canal: channel,
                            recommande: recommande.clone(),
                        },
                        texte: None,
                    },
                )?;
            }
            return Ok(case);
        }
        let person = self
            .person
            .ok_or_else(|| Failure::invalid(t::WIZ_NO_PERSON))?;
        let opened = sent.map_or(today, |d| d.min(today));
        let new_case = NewCase {
            personne: person,
            fichier: code.to_string(),
            demarche: route.to_string(),
            canal: channel,
            references: Vec::new(),
            suite_de: self.preset.follows,
            ouvert: opened,
        };
        // One user action, one transaction: the case and its sending land together or not
        // at all.
        match sent {
            Some(d) => Ok(data
                .store
                .open_case_with_event(&new_case, &sent_event(d))?
                .0),
            None => data.store.open_case(&new_case),
        }
    }
}

/// `dir/name`, or `dir/name-2.ext`… when taken: never overwrite an earlier letter.
fn free_name(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}
