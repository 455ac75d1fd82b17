//! The Assistant: person → file → route → the fields the letter needs → preview → save
//! the letter and open (or update) its case in the same step.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::action::{Action, Nav, Preset};
use super::super::context::Context;
use super::super::docs;
use super::super::form::{Field, Form};
use super::super::keys::Ctx;
use super::super::layout;
use super::super::text::{truncate, wrap};
use super::super::tracker::Data;
use super::super::widgets::{form_screen, format_date, frame_size, list};
use super::{Title, step};
use crate::cases::PersonId;
use crate::catalogue::{Catalogue, Entry};
use crate::law::Region;
use crate::letters::journey::{self, CaseDates};
use crate::letters::{
    self, FieldKind, FieldSource, Letter, LetterError, RenderOptions, Target, recipient,
};
use crate::local::{Resolution, SearchPlace};
use crate::texts::local as tl;
use crate::texts::{cases as tc, tui as t};

mod place;
mod save;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Person,
    File,
    Route,
    /// Where the proceedings took place, asked only when the route's recipient is the one of
    /// that place (`letters::recipient::asks_procedure_place`).
    Place,
    Fields,
    Preview,
    Save,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wizard {
    pub step: Step,
    pub preset: Preset,
    pub sel: usize,
    pub person: Option<PersonId>,
    pub file: Option<String>,
    pub route: Option<String>,
    /// The question of the place of the proceedings (empty when not asked).
    pub place: Form,
    /// The postal code whose communes the place form's commune choice lists.
    place_communes_of: Option<String>,
    /// The place of the proceedings the person gave; `None`: the residence.
    pub procedure_place: Option<crate::local::SearchPlace>,
    pub fields: Form,
    pub keys: Vec<&'static str>,
    pub helps: Vec<String>,
    pub letter: Option<Letter>,
    pub warnings: Vec<(String, String)>,
    /// The person's deadline for this step (`letters::journey::guard`), shown above the
    /// letter; `guard_late` when it has passed.
    pub guard: Vec<String>,
    pub guard_late: bool,
    pub scroll: usize,
    pub save: Form,
    /// Where letters are saved unless the user types another folder.
    pub folder: String,
    pub error: Option<String>,
}

/// Entries for which acces writes at least one letter.
pub fn letter_entries(cat: &Catalogue) -> Vec<&Entry> {
    cat.entries()
        .iter()
        .filter(|e| e.routes.iter().any(|r| r.letter.is_some()))
        .collect()
}

pub use crate::letters::journey::letter_routes;

impl Wizard {
    pub fn new(preset: Preset, folder: &Path) -> Wizard {
        Wizard {
            step: Step::Person,
            sel: 0,
            person: preset.person,
            file: preset.file.clone(),
            route: preset.route.clone(),
            preset,
            place: Form::new(Vec::new()),
            place_communes_of: None,
            procedure_place: None,
            fields: Form::new(Vec::new()),
            keys: Vec::new(),
            helps: Vec::new(),
            letter: None,
            warnings: Vec::new(),
            guard: Vec::new(),
            guard_late: false,
            scroll: 0,
            save: Form::new(Vec::new()),
            folder: folder.display().to_string(),
            error: None,
        }
    }

    pub fn ctx(&self) -> Ctx {
        match self.step {
            Step::Person => Ctx::WizardPerson,
            Step::File | Step::Route => Ctx::WizardList,
            Step::Place | Step::Fields | Step::Save => Ctx::Form,
            Step::Preview => Ctx::WizardPreview,
        }
    }

    /// The form of the step, if it has one.
    pub fn form(&self) -> Option<&Form> {
        match self.step {
            Step::Place => Some(&self.place),
            Step::Fields => Some(&self.fields),
            Step::Save => Some(&self.save),
            _ => None,
        }
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self.step {
            Step::Place => Some(&mut self.place),
            Step::Fields => Some(&mut self.fields),
            Step::Save => Some(&mut self.save),
            _ => None,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        match self.step {
            Step::Preview => self.scroll = step(self.scroll, delta),
            _ => self.sel = step(self.sel, delta),
        }
    }

    pub fn clamp(&mut self, cx: &Context) {
        match self.step {
            Step::Preview => {
                let len = docs::preview(
                    self.letter.as_ref(),
                    &self.warnings,
                    (&self.guard, self.guard_late),
                    cx.doc_width(),
                    cx.theme,
                )
                .lines
                .len();
                self.scroll = self.scroll.min(len.saturating_sub(cx.doc_height()));
            }
            _ => {
                let n = match &cx.data {
                    Some(d) => self.list_len(&cx.catalogue, d),
                    None => 0,
                };
                self.sel = self.sel.min(n.saturating_sub(1));
            }
        }
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match action {
            Action::Open | Action::Submit => self.enter(cx),
            // Échap: one step back, or out of the Assistant from its first step.
            Action::Back if self.back() => Nav::Stay,
            Action::Back => Nav::Back,
            Action::NewPerson => Nav::EditPerson(None),
            _ => Nav::Stay,
        }
    }

    /// Enter: choose the item, go on, or save on the last step.
    fn enter(&mut self, cx: &mut Context) -> Nav {
        let (cat, today, journal) = (&cx.catalogue, cx.today, cx.data_dir.as_deref());
        let Some(data) = cx.data.as_mut() else {
            return Nav::Stay;
        };
        match self.step {
            Step::Person | Step::File | Step::Route => self.choose(cat, data, today),
            Step::Place | Step::Fields | Step::Preview => self.next(cat, data, today),
            Step::Save => {
                if let Some((case, msg)) = self.save(cat, data, today, journal) {
                    return Nav::CaseInstead(case, msg);
                }
            }
        }
        Nav::Stay
    }

    /// Whether something typed would be lost.
    pub fn dirty(&self) -> bool {
        self.place.dirty || self.fields.dirty || self.save.dirty
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
                if self.build_place(cat, data) {
                    Step::Place
                } else {
                    self.build_fields(cat, data);
                    Step::Fields
                }
            }
            Step::Place => {
                if self.take_place() {
                    self.build_fields(cat, data);
                    Step::Fields
                } else {
                    Step::Place
                }
            }
            Step::Fields => {
                if self.write_letter(cat, data, today) {
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
        // The step before the place and the fields: the last one the preset left.
        let chosen_last = match (&self.preset.file, &self.preset.route) {
            (Some(_), Some(_)) => Step::Person,
            (None, Some(_)) => Step::File,
            _ => Step::Route,
        };
        let asked_place = !self.place.fields.is_empty();
        let prev = match self.step {
            Step::Person => return false,
            Step::File => Step::Person,
            Step::Route if self.preset.file.is_some() => Step::Person,
            Step::Route => Step::File,
            Step::Place => chosen_last,
            Step::Fields if asked_place => Step::Place,
            Step::Fields => chosen_last,
            Step::Preview if self.fields.fields.is_empty() && asked_place => Step::Place,
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
        let prefill = self.prefill(data, &target);
        // The local recipient acces finds for the person's commune (the same function as
        // `acces lettre`): the address to start from, and where it comes from.
        let recipient = person
            .as_ref()
            .filter(|_| target.recipient.address_lines.is_empty())
            .and_then(|p| {
                let place = self
                    .procedure_place
                    .clone()
                    .unwrap_or_else(|| recipient::residence(p));
                recipient_proposal(&target, &place)
            });
        let mut fields = Vec::new();
        for spec in letters::needed_fields(&target) {
            let from_person = spec.source == FieldSource::Person;
            if from_person
                && (!spec.required || known.as_ref().is_some_and(|k| k.contains(spec.key)))
            {
                continue;
            }
            let mut value = prefill.get(spec.key).cloned().unwrap_or_default();
            let mut help = spec.help.clone();
            if spec.key == "destinataire_adresse"
                && let Some(id) = self.preset.reminder_of
                && prefill.contains_key(spec.key)
            {
                help = tl::kept_in_case(id);
            } else if spec.key == "destinataire_adresse"
                && let Some((proposed, said)) = &recipient
            {
                if value.is_empty()
                    && let Some(lines) = proposed
                {
                    value = lines.clone();
                }
                help = said.clone();
            }
            let mut f = if spec.kind == FieldKind::Lines {
                Field::lines(spec.label.clone(), value)
            } else {
                Field::text(spec.label.clone(), value)
            };
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
            self.helps.push(help);
        }
        self.fields = Form::new(fields);
    }

    /// What the letter takes from the case it reminds or follows (`letters::journey`).
    fn case_dates(&self, data: &Data) -> CaseDates {
        if let Some(tr) = self.preset.reminder_of.and_then(|id| data.case(id)) {
            return journey::reminder_dates(&tr.status);
        }
        if let Some(tr) = self.preset.follows.and_then(|id| data.case(id)) {
            return journey::follow_up_dates(&tr.status);
        }
        CaseDates::default()
    }

    /// The fields filled from the case: its dates, and for a reminder the recipient the
    /// case kept.
    fn prefill(&self, data: &Data, target: &Target<'_>) -> BTreeMap<&'static str, String> {
        let mut m: BTreeMap<&'static str, String> = self
            .case_dates(data)
            .fields_for(target)
            .into_iter()
            .map(|(k, d)| (k, format_date(d)))
            .collect();
        if let Some(kept) = self.kept_recipient(data, target) {
            m.insert("destinataire_adresse", kept);
        }
        m
    }

    /// The recipient the reminded case kept, if any (`letters::recipient::kept`).
    fn kept_recipient(&self, data: &Data, target: &Target<'_>) -> Option<String> {
        let tr = self.preset.reminder_of.and_then(|id| data.case(id))?;
        recipient::kept(&tr.history.case, target)
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
    fn write_letter(&mut self, cat: &Catalogue, data: &Data, today: NaiveDate) -> bool {
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
                let typed = self.typed();
                let decision = journey::typed_decision(&typed).or(self.case_dates(data).decision);
                let region = Region::from_departement(person.departement.as_deref());
                let on = journey::letter_day(&typed, today);
                let guard = journey::guard(&target, decision, region, on);
                self.guard = guard
                    .as_ref()
                    .map(|g| g.lines(&target.route.title))
                    .unwrap_or_default();
                self.guard_late = guard.is_some_and(|g| g.is_late());
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

    /// Enter on the fields or preview step.
    pub fn next(&mut self, cat: &Catalogue, data: &Data, today: NaiveDate) {
        self.advance(cat, data, today);
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let (w, th, size) = (self, cx.theme, frame_size(f));
        let data = cx.data.as_ref()?;
        let step = match w.step {
            Step::Person => t::WIZ_STEP_PERSON,
            Step::File => t::WIZ_STEP_FILE,
            Step::Route => t::WIZ_STEP_ROUTE,
            Step::Place => crate::texts::local::WIZ_STEP_PLACE,
            Step::Fields => t::WIZ_STEP_FIELDS,
            Step::Preview => t::WIZ_STEP_PREVIEW,
            Step::Save => t::WIZ_STEP_SAVE,
        };
        let mut chosen: Vec<String> = Vec::new();
        if let Some(p) = w.person {
            chosen.push(data.person_name(p));
        }
        if let Some(c) = &w.file {
            chosen.push(c.clone());
        }
        let heading = format!("{} › {step}", t::WIZ_TITLE);
        let area = layout::content(size);
        let aw = usize::from(area.width);
        // What is chosen so far, and any problem, above the step.
        let mut intro: Vec<Line> = Vec::new();
        if !chosen.is_empty() {
            let mut s = chosen.join(" · ");
            if let (Some(code), Some(r)) = (&w.file, &w.route)
                && let Some(route) = cx.catalogue.entry(code).and_then(|e| e.route(r))
            {
                s.push_str(" · ");
                s.push_str(&route.title);
            }
            if !w.place.fields.is_empty()
                && matches!(w.step, Step::Fields | Step::Preview | Step::Save)
            {
                s.push_str(" · ");
                s.push_str(&tl::place_chosen(w.procedure_place.as_ref()));
            }
            intro.extend(wrap(&[(&s, th.label())], aw, 0));
        }
        if let Some(e) = &w.error {
            intro.extend(wrap(&[("⚠ ", th.danger()), (e, th.danger())], aw, 2));
        }
        match w.step {
            Step::Person | Step::File | Step::Route => {
                let rows: Vec<Line> = match w.step {
                    Step::Person => data
                        .persons
                        .iter()
                        .map(|p| {
                            Line::from(format!(
                                "{} — {} {}",
                                tc::person_name(&p.personne),
                                p.personne.code_postal,
                                p.personne.commune
                            ))
                        })
                        .collect(),
                    Step::File => letter_entries(&cx.catalogue)
                        .iter()
                        .map(|e| {
                            Line::from(vec![
                                Span::styled(format!("{:<17}", e.code), th.label()),
                                Span::raw(truncate(&e.name, aw.saturating_sub(20))),
                            ])
                        })
                        .collect(),
                    _ => w
                        .file
                        .as_deref()
                        .and_then(|c| cx.catalogue.entry(c))
                        .map(|e| {
                            letter_routes(e)
                                .iter()
                                .map(|r| {
                                    let mut s = r.title.clone();
                                    if r.start {
                                        s.push_str(&format!(" ({})", t::FICHE_START));
                                    }
                                    Line::from(truncate(&s, aw.saturating_sub(2)))
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                };
                let top = intro.len() as u16 + u16::from(!intro.is_empty());
                f.render_widget(Paragraph::new(intro), area);
                let list_area = Rect::new(
                    area.x,
                    area.y + top.min(area.height),
                    area.width,
                    area.height.saturating_sub(top),
                );
                if rows.is_empty() {
                    let msg = if w.step == Step::Person {
                        t::WIZ_NO_PERSON
                    } else {
                        t::WIZ_NO_LETTER_ROUTE
                    };
                    let lines = wrap(&[(msg, th.plain())], aw, 0);
                    f.render_widget(Paragraph::new(lines), list_area);
                } else {
                    list(th, f, list_area, rows, w.sel);
                }
                Some((heading, String::new()))
            }
            Step::Place => {
                let help = w.place_help(&cx.catalogue);
                form_screen(cx, f, &intro, &w.place, Some(&help));
                Some((heading, String::new()))
            }
            Step::Fields => {
                let help = w.helps.get(w.fields.focus).map(String::as_str);
                if w.fields.fields.is_empty() {
                    intro.extend(wrap(&[(t::WIZ_NO_FIELD, th.plain())], aw, 0));
                }
                form_screen(cx, f, &intro, &w.fields, help);
                Some((heading, String::new()))
            }
            Step::Preview => {
                let doc = docs::preview(
                    w.letter.as_ref(),
                    &w.warnings,
                    (&w.guard, w.guard_late),
                    aw,
                    th,
                );
                let h = usize::from(area.height);
                let scroll = w.scroll.min(doc.lines.len().saturating_sub(h));
                let pos = t::scroll_position(scroll, doc.lines.len());
                let shown: Vec<Line> = doc.lines.into_iter().skip(scroll).take(h).collect();
                f.render_widget(Paragraph::new(shown), area);
                Some((heading, pos))
            }
            Step::Save => {
                form_screen(cx, f, &intro, &w.save, None);
                Some((heading, String::new()))
            }
        }
    }
}

/// The proposed recipient lines (one per line, as the field is edited) and the help that
/// says where they come from and from which place; or, when acces cannot choose, the help
/// that lists the choice or says where the address is printed.
fn recipient_proposal(
    target: &Target<'_>,
    place: &SearchPlace,
) -> Option<(Option<String>, String)> {
    let data = crate::local::embedded().ok()?;
    let proposal = data.propose_at(target.route, place);
    let locality = target.route.locality.as_ref();
    match (&proposal.resolution, proposal.resolution.address_lines()) {
        (Resolution::NotLocal, _) => None,
        (Resolution::Proposed { entity, why }, Some(lines)) => {
            Some((Some(lines.join("\n")), tl::tui_proposed(entity, why)))
        }
        (resolution, _) => Some((
            None,
            tl::report(
                &target.recipient.name,
                locality,
                proposal.commune(),
                resolution,
                target.recipient.local_prompt.as_deref(),
            ),
        )),
    }
}

#[cfg(test)]
mod tests;
