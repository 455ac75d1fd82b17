//! The interface's state and the one place it changes: `App::update(action)`.

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, MouseButton, MouseEventKind};

use super::action::{Action, Tab};
use super::docs;
use super::form::{Field, Form};
use super::keys::{self, Ctx};
use super::layout;
use super::theme::Theme;
use super::tracker::{self, CaseAction, Data, Sort};
use super::wizard::{self, Preset, Step, Wizard};
use crate::cases::status::State;
use crate::cases::{CaseId, Channel, EventKind, NewEvent, Outcome, PersonId};
use crate::catalogue::{Catalogue, Entry, Regime};
use crate::error::Failure;
use crate::person::{Identifiants, Person};
use crate::store::{Passphrase, Store};
use crate::texts::{cases as tc, tui as t};
use crate::validate;

/// The catalogue list: selection, search text, regime filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueView {
    pub sel: usize,
    pub query: String,
    pub regime: Option<Regime>,
    pub typing: bool,
}

/// The Dossiers table: selection, search, status filter, order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DossiersView {
    pub sel: usize,
    pub query: String,
    pub typing: bool,
    pub state: Option<State>,
    pub sort: Sort,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Actions,
    Timeline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventForm {
    Sent,
    Received,
    Reply,
    Close,
}

/// What to show once the store is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resume {
    Tab(Tab),
    Wizard(Preset),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Accueil {
        sel: usize,
    },
    Situation {
        idx: usize,
        sel: usize,
    },
    Catalogue(CatalogueView),
    Fiche {
        code: String,
        scroll: usize,
    },
    Unlock {
        form: Form,
        new_store: bool,
        then: Resume,
        error: Option<String>,
    },
    Personnes {
        sel: usize,
    },
    PersonForm {
        id: Option<PersonId>,
        form: Form,
    },
    Dossiers(DossiersView),
    Echeances {
        sel: usize,
    },
    Dossier {
        id: CaseId,
        pane: Pane,
        sel: usize,
        scroll: usize,
    },
    EventForm {
        case: CaseId,
        kind: EventForm,
        form: Form,
    },
    Wizard(Box<Wizard>),
}

impl Screen {
    pub fn tab(&self) -> Tab {
        match self {
            Screen::Accueil { .. } | Screen::Situation { .. } | Screen::Wizard(_) => Tab::Accueil,
            Screen::Catalogue(_) | Screen::Fiche { .. } => Tab::Catalogue,
            Screen::Unlock { then, .. } => match then {
                Resume::Tab(t) => *t,
                Resume::Wizard(_) => Tab::Accueil,
            },
            Screen::Personnes { .. } | Screen::PersonForm { .. } => Tab::Personnes,
            Screen::Dossiers(_) | Screen::Dossier { .. } | Screen::EventForm { .. } => {
                Tab::Dossiers
            }
            Screen::Echeances { .. } => Tab::Echeances,
        }
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        match self {
            Screen::Unlock { form, .. }
            | Screen::PersonForm { form, .. }
            | Screen::EventForm { form, .. } => Some(form),
            Screen::Wizard(w) => match w.step {
                Step::Fields => Some(&mut w.fields),
                Step::Save => Some(&mut w.save),
                _ => None,
            },
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help { scroll: usize },
    ConfirmQuit,
}

/// Opens the store with a passphrase; `true` when creating it.
pub type Opener = Box<dyn FnMut(&Passphrase, bool) -> Result<Box<dyn Store>, Failure>>;

/// How the app reaches the tracker.
pub enum StoreAccess {
    /// No tracker (guide and catalogue only).
    None,
    /// Already open (passphrase given by file or environment).
    Open(Box<dyn Store>),
    /// To be opened with a passphrase typed in the interface.
    Locked { opener: Opener, new_store: bool },
}

/// What the app needs from outside, injected so tests are deterministic.
pub struct Config {
    pub catalogue: Catalogue,
    pub today: NaiveDate,
    pub theme: Theme,
    /// Terminal size (columns, rows) at start.
    pub size: (u16, u16),
    pub store: StoreAccess,
    /// Where the Assistant proposes to save letters.
    pub letters_dir: PathBuf,
}

/// A message after an action: what happened (or went wrong), until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub error: bool,
    pub text: String,
}

pub struct App {
    pub catalogue: Catalogue,
    pub today: NaiveDate,
    pub theme: Theme,
    pub size: (u16, u16),
    /// Screens opened from a tab, the last one shown; never empty.
    pub stack: Vec<Screen>,
    /// The stacks of the other tabs, as they were left.
    parked: Vec<Vec<Screen>>,
    pub popup: Option<Popup>,
    pub quit: bool,
    pub data: Option<Data>,
    opener: Option<Opener>,
    new_store: bool,
    pub letters_dir: PathBuf,
    pub message: Option<Message>,
    /// Rows of the Dossiers table (indexes into `data.tracked`), kept in step with the view.
    pub rows: Vec<usize>,
}

fn unlock_form(new_store: bool) -> Form {
    let mut fields = vec![Field::masked(t::UNLOCK_FIELD).required()];
    if new_store {
        fields.push(Field::masked(t::UNLOCK_FIELD_CONFIRM).required());
    }
    Form::new(fields)
}

impl App {
    pub fn new(cfg: Config) -> App {
        let mut app = App {
            catalogue: cfg.catalogue,
            today: cfg.today,
            theme: cfg.theme,
            size: cfg.size,
            stack: vec![Screen::Accueil { sel: 0 }],
            parked: Vec::new(),
            popup: None,
            quit: false,
            data: None,
            opener: None,
            new_store: false,
            letters_dir: cfg.letters_dir,
            message: None,
            rows: Vec::new(),
        };
        match cfg.store {
            StoreAccess::None => {}
            StoreAccess::Open(store) => app.attach(store),
            StoreAccess::Locked { opener, new_store } => {
                app.opener = Some(opener);
                app.new_store = new_store;
                app.stack = vec![Screen::Unlock {
                    form: unlock_form(new_store),
                    new_store,
                    then: Resume::Tab(Tab::Accueil),
                    error: None,
                }];
            }
        }
        app
    }

    fn attach(&mut self, store: Box<dyn Store>) {
        match Data::load(store, &self.catalogue, self.today) {
            Ok(d) => self.data = Some(d),
            Err(f) => self.say_error(f.message),
        }
        self.refresh_rows();
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: false,
            text: text.into(),
        });
    }

    fn say_error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: true,
            text: text.into(),
        });
    }

    pub fn screen(&self) -> &Screen {
        self.stack.last().expect("the screen stack is never empty")
    }

    fn screen_mut(&mut self) -> &mut Screen {
        self.stack
            .last_mut()
            .expect("the screen stack is never empty")
    }

    /// Which bindings apply now.
    pub fn ctx(&self) -> Ctx {
        match &self.popup {
            Some(Popup::Help { .. }) => return Ctx::Help,
            Some(Popup::ConfirmQuit) => return Ctx::ConfirmQuit,
            None => {}
        }
        self.screen_ctx()
    }

    /// The bindings of the screen under any popup.
    pub fn screen_ctx(&self) -> Ctx {
        match self.screen() {
            Screen::Accueil { .. } => Ctx::Accueil,
            Screen::Situation { .. } => Ctx::Situation,
            Screen::Catalogue(v) if v.typing => Ctx::SearchInput,
            Screen::Catalogue(_) => Ctx::Catalogue,
            Screen::Fiche { .. } => Ctx::Fiche,
            Screen::Unlock { .. } => Ctx::Unlock,
            Screen::Personnes { .. } => Ctx::Personnes,
            Screen::PersonForm { .. } | Screen::EventForm { .. } => Ctx::Form,
            Screen::Dossiers(v) if v.typing => Ctx::SearchInput,
            Screen::Dossiers(_) => Ctx::Dossiers,
            Screen::Echeances { .. } => Ctx::Echeances,
            Screen::Dossier { .. } => Ctx::Dossier,
            Screen::Wizard(w) => match w.step {
                Step::Person => Ctx::WizardPerson,
                Step::File | Step::Route => Ctx::WizardList,
                Step::Fields | Step::Save => Ctx::Form,
                Step::Preview => Ctx::WizardPreview,
            },
        }
    }

    /// Whether a form holds input that quitting would lose.
    pub fn has_unsaved_input(&self) -> bool {
        self.stack.iter().any(|s| match s {
            Screen::PersonForm { form, .. } | Screen::EventForm { form, .. } => form.dirty,
            Screen::Wizard(w) => w.dirty(),
            _ => false,
        })
    }

    /// Turns a terminal event into an action (None when it means nothing here).
    pub fn action_for(&self, ev: &Event) -> Option<Action> {
        match ev {
            Event::Key(k) => keys::lookup(self.ctx(), k),
            Event::Paste(s) => Some(Action::Paste(s.clone())),
            Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::ScrollUp => Some(Action::ScrollUp),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown),
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Entries shown by the catalogue list with its search and filter.
    pub fn catalogue_rows(&self, v: &CatalogueView) -> Vec<&Entry> {
        self.catalogue
            .search(&v.query)
            .filter(|e| v.regime.is_none_or(|r| e.regime.contains(&r)))
            .collect()
    }

    /// Recomputes the Dossiers table's rows after a change of data, search, filter or order.
    fn refresh_rows(&mut self) {
        let view = self
            .stack
            .iter()
            .chain(self.parked.iter().flatten())
            .find_map(|s| match s {
                Screen::Dossiers(v) => Some(v.clone()),
                _ => None,
            });
        let v = view.unwrap_or_default();
        self.rows = match &self.data {
            Some(d) => tracker::dossier_rows(d, &v.query, v.state, v.sort, None),
            None => Vec::new(),
        };
    }

    /// The Échéances items in display order: (section, index in that section).
    pub fn agenda_len(&self) -> usize {
        self.data.as_ref().map_or(0, |d| {
            d.agenda.en_retard.len() + d.agenda.a_venir.len() + d.agenda.sans_suite.len()
        })
    }

    /// The case of the n-th Échéances item.
    pub fn agenda_case(&self, n: usize) -> Option<CaseId> {
        let a = &self.data.as_ref()?.agenda;
        a.en_retard
            .iter()
            .chain(&a.a_venir)
            .chain(&a.sans_suite)
            .nth(n)
            .map(|i| i.dossier)
    }

    pub fn case_actions(&self, id: CaseId) -> Vec<CaseAction> {
        self.data
            .as_ref()
            .and_then(|d| d.case(id))
            .map(|t| tracker::case_actions(t, &self.catalogue, self.today))
            .unwrap_or_default()
    }

    fn doc_width(&self) -> usize {
        layout::doc_area(self.size).width as usize
    }

    fn doc_height(&self) -> usize {
        layout::doc_area(self.size).height as usize
    }

    /// The number of lines of the document shown (fiche, dossier, preview), for scrolling.
    fn doc_len(&self) -> usize {
        match self.screen() {
            Screen::Fiche { code, .. } => self
                .catalogue
                .entry(code)
                .map(|e| docs::fiche(&self.catalogue, e, self.doc_width(), self.theme))
                .map_or(0, |d| d.lines.len()),
            Screen::Wizard(w) if w.step == Step::Preview => {
                docs::preview(w, layout::doc_area(self.size).width as usize, self.theme)
                    .lines
                    .len()
            }
            _ => 0,
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.clamp();
                return;
            }
            Action::Today(d) => {
                // Sent now and then by the loop: the date may have changed, and a CLI
                // command may have written to the store.
                self.today = d;
                self.reload();
                self.clamp();
                return;
            }
            Action::Quit => {
                if self.has_unsaved_input() {
                    self.popup = Some(Popup::ConfirmQuit);
                } else {
                    self.quit = true;
                }
                return;
            }
            Action::QuitConfirmed => {
                self.quit = true;
                return;
            }
            Action::Help => {
                self.popup = Some(Popup::Help { scroll: 0 });
                return;
            }
            Action::ClosePopup => {
                self.popup = None;
                return;
            }
            _ => {}
        }
        if let Some(Popup::Help { scroll }) = &mut self.popup {
            match action {
                Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
                Action::Down | Action::ScrollDown => *scroll += 1,
                _ => {}
            }
            return;
        }
        if self.popup.is_some() {
            return;
        }
        if !matches!(action, Action::ScrollUp | Action::ScrollDown) {
            self.message = None;
        }
        if self.screen_mut().form_mut().is_some() && self.update_form(&action) {
            self.clamp();
            return;
        }
        match action {
            Action::GoTo(tab) => self.go_to(tab),
            Action::Back => self.back(),
            Action::Click(col, row) => self.click(col, row),
            Action::ScrollUp => self.move_by(-3),
            Action::ScrollDown => self.move_by(3),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::Top => self.move_by(-(isize::MAX / 2)),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Open => self.open(),
            Action::OpenFiche => self.open_fiche(),
            Action::StartWizard => self.start_wizard_here(),
            Action::NewPerson => self.new_person(),
            Action::NextPane => {
                if let Screen::Dossier { pane, .. } = self.screen_mut() {
                    *pane = match pane {
                        Pane::Actions => Pane::Timeline,
                        Pane::Timeline => Pane::Actions,
                    };
                }
            }
            other => self.update_lists(other),
        }
        self.clamp();
    }

    fn reload(&mut self) {
        let (cat, today) = (&self.catalogue, self.today);
        if let Some(d) = &mut self.data
            && let Err(f) = d.reload(cat, today)
        {
            let msg = f.message;
            self.say_error(msg);
        }
        self.refresh_rows();
    }

    fn back(&mut self) {
        if let Screen::Wizard(w) = self.screen_mut()
            && w.back()
        {
            return;
        }
        if let Screen::Unlock { .. } = self.screen() {
            // Continue without the tracker.
            if self.stack.len() > 1 {
                self.stack.pop();
            } else {
                self.stack = vec![Screen::Accueil { sel: 0 }];
            }
            return;
        }
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    fn page(&self) -> usize {
        (self.doc_height().max(2) - 1).max(1)
    }

    /// The tab the shown screen belongs to (the root of the stack).
    pub fn tab(&self) -> Tab {
        self.stack[0].tab()
    }

    fn tab_root(&self, tab: Tab) -> Screen {
        let needs_store = matches!(tab, Tab::Personnes | Tab::Dossiers | Tab::Echeances);
        if needs_store && self.data.is_none() {
            return Screen::Unlock {
                form: unlock_form(self.new_store),
                new_store: self.new_store,
                then: Resume::Tab(tab),
                error: if self.opener.is_none() {
                    Some(t::NO_STORE.into())
                } else {
                    None
                },
            };
        }
        match tab {
            Tab::Accueil => Screen::Accueil { sel: 0 },
            Tab::Catalogue => Screen::Catalogue(CatalogueView::default()),
            Tab::Personnes => Screen::Personnes { sel: 0 },
            Tab::Dossiers => Screen::Dossiers(DossiersView::default()),
            Tab::Echeances => Screen::Echeances { sel: 0 },
        }
    }

    /// Switches tab, keeping where one was in the tab left; the current tab's key goes back
    /// to its first screen.
    fn go_to(&mut self, tab: Tab) {
        let current = self.tab();
        // The tracker's tabs re-read the store, so what a CLI command wrote shows up.
        let tracker_tab = matches!(tab, Tab::Personnes | Tab::Dossiers | Tab::Echeances);
        if current == tab {
            if self.stack.len() > 1 {
                self.stack.truncate(1);
            }
            if tracker_tab {
                self.reload();
            }
            return;
        }
        let left = std::mem::take(&mut self.stack);
        self.parked.retain(|s| s[0].tab() != current);
        if !matches!(left[0], Screen::Unlock { .. }) {
            self.parked.push(left);
        }
        self.stack = match self.parked.iter().position(|s| s[0].tab() == tab) {
            Some(i) => self.parked.remove(i),
            None => vec![self.tab_root(tab)],
        };
        if tracker_tab {
            self.reload();
        }
    }

    fn move_by(&mut self, delta: isize) {
        let step = |v: usize| v.saturating_add_signed(delta);
        match self.screen_mut() {
            Screen::Accueil { sel }
            | Screen::Situation { sel, .. }
            | Screen::Personnes { sel }
            | Screen::Echeances { sel } => *sel = step(*sel),
            Screen::Catalogue(v) => v.sel = step(v.sel),
            Screen::Dossiers(v) => v.sel = step(v.sel),
            Screen::Fiche { scroll, .. } => *scroll = step(*scroll),
            Screen::Dossier {
                pane, sel, scroll, ..
            } => match pane {
                Pane::Actions => *sel = step(*sel),
                Pane::Timeline => *scroll = step(*scroll),
            },
            Screen::Wizard(w) => match w.step {
                Step::Preview => w.scroll = step(w.scroll),
                _ => w.sel = step(w.sel),
            },
            Screen::Unlock { .. } | Screen::PersonForm { .. } | Screen::EventForm { .. } => {}
        }
    }

    /// Keeps selections and scroll offsets inside what exists.
    fn clamp(&mut self) {
        let last = |n: usize| n.saturating_sub(1);
        let n_situations = self.catalogue.situations().len();
        let max_scroll = self.doc_len().saturating_sub(self.doc_height());
        let n_persons = self.data.as_ref().map_or(0, |d| d.persons.len());
        let n_rows = self.rows.len();
        let n_agenda = self.agenda_len();
        let n = match self.screen() {
            Screen::Situation { idx, .. } => self
                .catalogue
                .situations()
                .get(*idx)
                .map_or(0, |s| s.suggestions.len()),
            Screen::Catalogue(v) => self.catalogue_rows(v).len(),
            Screen::Dossier { id, .. } => self.case_actions(*id).len(),
            Screen::Wizard(w) => match &self.data {
                Some(d) => w.list_len(&self.catalogue, d),
                None => 0,
            },
            _ => 0,
        };
        match self.screen_mut() {
            Screen::Accueil { sel } => *sel = (*sel).min(last(n_situations)),
            Screen::Situation { sel, .. } => *sel = (*sel).min(last(n)),
            Screen::Catalogue(v) => v.sel = v.sel.min(last(n)),
            Screen::Fiche { scroll, .. } => *scroll = (*scroll).min(max_scroll),
            Screen::Personnes { sel } => *sel = (*sel).min(last(n_persons)),
            Screen::Dossiers(v) => v.sel = v.sel.min(last(n_rows)),
            Screen::Echeances { sel } => *sel = (*sel).min(last(n_agenda)),
            Screen::Dossier { sel, .. } => *sel = (*sel).min(last(n)),
            Screen::Wizard(w) => match w.step {
                Step::Preview => w.scroll = w.scroll.min(max_scroll),
                _ => w.sel = w.sel.min(last(n)),
            },
            _ => {}
        }
    }

    fn open(&mut self) {
        let next = match self.screen() {
            Screen::Accueil { sel } => {
                if *sel < self.catalogue.situations().len() {
                    Some(Screen::Situation { idx: *sel, sel: 0 })
                } else {
                    None
                }
            }
            Screen::Situation { .. } => {
                self.start_wizard_here();
                None
            }
            Screen::Catalogue(v) => self.catalogue_rows(v).get(v.sel).map(|e| Screen::Fiche {
                code: e.code.clone(),
                scroll: 0,
            }),
            Screen::Personnes { sel } => {
                let rec = self.data.as_ref().and_then(|d| d.persons.get(*sel));
                rec.map(|r| Screen::PersonForm {
                    id: Some(r.id),
                    form: person_form(Some(&r.personne)),
                })
            }
            Screen::Dossiers(v) => self.rows.get(v.sel).and_then(|&i| {
                let d = self.data.as_ref()?;
                Some(dossier_screen(d.tracked.get(i)?.history.case.id))
            }),
            Screen::Echeances { sel } => self.agenda_case(*sel).map(dossier_screen),
            Screen::Dossier { id, sel, .. } => {
                let id = *id;
                if let Some(a) = self.case_actions(id).get(*sel).cloned() {
                    self.case_action(id, a);
                }
                None
            }
            Screen::Wizard(_) => {
                self.wizard_enter();
                None
            }
            _ => None,
        };
        if let Some(s) = next {
            self.stack.push(s);
        }
    }

    fn open_fiche(&mut self) {
        let Screen::Situation { idx, sel } = self.screen() else {
            return;
        };
        let next = self
            .catalogue
            .situations()
            .get(*idx)
            .and_then(|s| s.suggestions.get(*sel))
            .and_then(|sug| {
                let e = self.catalogue.entry(&sug.entry)?;
                let doc = docs::fiche(&self.catalogue, e, self.doc_width(), self.theme);
                let route = e.routes.iter().position(|r| r.id == sug.route);
                let scroll = route
                    .and_then(|i| doc.parts.get(i))
                    .map_or(0, |(start, _)| *start);
                Some(Screen::Fiche {
                    code: e.code.clone(),
                    scroll,
                })
            });
        if let Some(s) = next {
            self.stack.push(s);
        }
    }

    /// The wizard preset from where one stands (a suggestion, a fiche, a catalogue row).
    fn start_wizard_here(&mut self) {
        let preset = match self.screen() {
            Screen::Situation { idx, sel } => self
                .catalogue
                .situations()
                .get(*idx)
                .and_then(|s| s.suggestions.get(*sel))
                .map(|sug| Preset {
                    file: Some(sug.entry.clone()),
                    route: Some(sug.route.clone()),
                    ..Preset::default()
                }),
            Screen::Fiche { code, .. } => Some(Preset {
                file: Some(code.clone()),
                ..Preset::default()
            }),
            Screen::Catalogue(v) => self.catalogue_rows(v).get(v.sel).map(|e| Preset {
                file: Some(e.code.clone()),
                ..Preset::default()
            }),
            _ => None,
        };
        if let Some(p) = preset {
            self.start_wizard(p);
        }
    }

    fn start_wizard(&mut self, mut preset: Preset) {
        // A route without a letter (a court action) has nothing to write: let the user pick.
        if let (Some(f), Some(r)) = (&preset.file, &preset.route)
            && self
                .catalogue
                .entry(f)
                .and_then(|e| e.route(r))
                .is_none_or(|r| r.letter.is_none())
        {
            preset.route = None;
        }
        let Some(data) = &self.data else {
            let then = Resume::Wizard(preset);
            self.stack.push(Screen::Unlock {
                form: unlock_form(self.new_store),
                new_store: self.new_store,
                then,
                error: if self.opener.is_none() {
                    Some(t::NO_STORE.into())
                } else {
                    None
                },
            });
            return;
        };
        let mut w = Wizard::new(preset, &self.letters_dir);
        w.start(&self.catalogue, data, self.today);
        self.stack.push(Screen::Wizard(Box::new(w)));
    }

    fn wizard_enter(&mut self) {
        let (cat, today) = (&self.catalogue, self.today);
        let Some(data) = self.data.as_mut() else {
            return;
        };
        let Some(Screen::Wizard(w)) = self.stack.last_mut() else {
            return;
        };
        match w.step {
            Step::Person | Step::File | Step::Route => w.choose(cat, data, today),
            Step::Fields | Step::Preview => w.next(cat, data, today),
            Step::Save => {
                if let Some((case, msg)) = w.save(cat, data, today) {
                    self.stack.pop();
                    self.stack.push(dossier_screen(case));
                    self.reload();
                    self.say(msg);
                }
            }
        }
    }

    fn new_person(&mut self) {
        if self.data.is_none() {
            return;
        }
        self.stack.push(Screen::PersonForm {
            id: None,
            form: person_form(None),
        });
    }

    fn case_action(&mut self, id: CaseId, a: CaseAction) {
        let Some(tr) = self.data.as_ref().and_then(|d| d.case(id)) else {
            return;
        };
        let case = &tr.history.case;
        let (person, file, route) = (case.personne, case.fichier.clone(), case.demarche.clone());
        let form = |kind| Screen::EventForm {
            case: id,
            kind,
            form: event_form(kind, self.today),
        };
        match a {
            CaseAction::RecordSent => self.stack.push(form(EventForm::Sent)),
            CaseAction::RecordReceived => self.stack.push(form(EventForm::Received)),
            CaseAction::RecordReply => self.stack.push(form(EventForm::Reply)),
            CaseAction::Close => self.stack.push(form(EventForm::Close)),
            CaseAction::Reminder => self.start_wizard(Preset {
                person: Some(person),
                file: Some(file),
                route: Some(route),
                reminder_of: Some(id),
                follows: None,
            }),
            CaseAction::Next(next) if !self.route_has_letter(&file, &next) => {
                // A step acces does not write (a court action): its fiche says how.
                let scroll = self.catalogue.entry(&file).and_then(|e| {
                    let doc = docs::fiche(&self.catalogue, e, self.doc_width(), self.theme);
                    let i = e.routes.iter().position(|r| r.id == next)?;
                    doc.parts.get(i).map(|(start, _)| *start)
                });
                self.stack.push(Screen::Fiche {
                    code: file,
                    scroll: scroll.unwrap_or(0),
                });
            }
            CaseAction::Next(next) => self.start_wizard(Preset {
                person: Some(person),
                file: Some(file),
                route: Some(next),
                reminder_of: None,
                follows: Some(id),
            }),
        }
    }

    fn route_has_letter(&self, code: &str, route: &str) -> bool {
        self.catalogue
            .entry(code)
            .and_then(|e| e.route(route))
            .is_some_and(|r| r.letter.is_some())
    }

    /// Keys in a form. Returns false when the action is not the form's (then handled as
    /// usual: Échap, tabs…).
    fn update_form(&mut self, action: &Action) -> bool {
        let Some(form) = self.screen_mut().form_mut() else {
            return false;
        };
        match action {
            Action::Input(c) => form.input(*c),
            Action::Backspace => form.backspace(),
            Action::ClearField => form.clear(),
            Action::Paste(s) => form.paste(s),
            Action::NextField | Action::Down => form.next(),
            Action::PrevField | Action::Up => form.prev(),
            Action::ChoiceLeft => form.cycle(false),
            Action::ChoiceRight => form.cycle(true),
            Action::Submit => {
                if form.focus + 1 < form.fields.len() {
                    form.next();
                } else {
                    self.submit();
                }
            }
            _ => return false,
        }
        true
    }

    fn submit(&mut self) {
        match self.screen().clone() {
            Screen::Unlock {
                form,
                new_store,
                then,
                ..
            } => self.unlock(&form, new_store, then),
            Screen::PersonForm { id, form } => self.save_person(id, form),
            Screen::EventForm { case, kind, form } => self.save_event(case, kind, form),
            Screen::Wizard(_) => self.wizard_enter(),
            _ => {}
        }
    }

    fn set_unlock_error(&mut self, msg: String) {
        if let Screen::Unlock { form, error, .. } = self.screen_mut() {
            *error = Some(msg);
            *form = unlock_form(form.fields.len() > 1);
        }
    }

    fn unlock(&mut self, form: &Form, new_store: bool, then: Resume) {
        let pass = Passphrase::new(form.value(0));
        if pass.is_empty() {
            self.set_unlock_error(crate::texts::store::EMPTY_PASSPHRASE.into());
            return;
        }
        if new_store && form.value(0) != form.value(1) {
            self.set_unlock_error(t::UNLOCK_MISMATCH.into());
            return;
        }
        let Some(opener) = self.opener.as_mut() else {
            self.set_unlock_error(t::NO_STORE.into());
            return;
        };
        match opener(&pass, new_store) {
            Ok(store) => {
                self.opener = None;
                self.new_store = false;
                self.attach(store);
                // Every Unlock screen left in other tabs is now pointless.
                self.parked
                    .retain(|s| !matches!(s[0], Screen::Unlock { .. }));
                self.stack.pop();
                match then {
                    Resume::Tab(tab) => {
                        if self.stack.is_empty() {
                            self.stack = vec![self.tab_root(tab)];
                        }
                    }
                    Resume::Wizard(p) => {
                        if self.stack.is_empty() {
                            self.stack = vec![Screen::Accueil { sel: 0 }];
                        }
                        self.start_wizard(p);
                    }
                }
            }
            Err(f) => self.set_unlock_error(f.message),
        }
    }

    fn save_person(&mut self, id: Option<PersonId>, mut form: Form) {
        let original = id.and_then(|i| self.data.as_ref()?.person(i).cloned());
        let person = match person_from_form(&mut form, original.as_ref()) {
            Some(p) => p,
            None => {
                if let Screen::PersonForm { form: f, .. } = self.screen_mut() {
                    *f = form;
                }
                self.say_error(t::FORM_HAS_ERRORS);
                return;
            }
        };
        let Some(data) = self.data.as_mut() else {
            return;
        };
        let result = match id {
            Some(i) => data.store.update_person(i, &person),
            None => data.store.add_person(&person).map(|_| ()),
        };
        match result {
            Ok(()) => {
                self.stack.pop();
                self.reload();
                self.say(t::PERSON_SAVED);
            }
            Err(f) => self.say_error(f.message),
        }
    }

    fn save_event(&mut self, case: CaseId, kind: EventForm, mut form: Form) {
        form.clear_errors();
        let date = match validate::date(form.value(0)) {
            Ok(d) if d > self.today => {
                form.set_error(0, t::DATE_IN_FUTURE);
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                form.set_error(0, e);
                None
            }
        };
        let event = date.and_then(|date| match kind {
            EventForm::Sent => Some(NewEvent {
                date,
                kind: EventKind::Envoye {
                    canal: Channel::ALL.get(form.selected(1)).copied(),
                    recommande: form.optional(2),
                },
                texte: None,
            }),
            EventForm::Received => Some(NewEvent {
                date,
                kind: EventKind::Recu,
                texte: None,
            }),
            EventForm::Reply => Some(NewEvent {
                date,
                kind: EventKind::Reponse {
                    issue: Outcome::ALL
                        .get(form.selected(1))
                        .copied()
                        .unwrap_or(Outcome::Refus),
                },
                texte: form.optional(2),
            }),
            EventForm::Close => match form.optional(1) {
                Some(reason) => Some(NewEvent {
                    date,
                    kind: EventKind::Clos,
                    texte: Some(reason),
                }),
                None => {
                    form.set_error(1, crate::texts::validate::REQUIRED);
                    None
                }
            },
        });
        let Some(event) = event else {
            if let Screen::EventForm { form: f, .. } = self.screen_mut() {
                *f = form;
            }
            return;
        };
        let Some(data) = self.data.as_mut() else {
            return;
        };
        match data.store.add_event(case, &event) {
            Ok(_) => {
                self.stack.pop();
                self.reload();
                self.say(t::EF_SAVED);
            }
            Err(f) => {
                if let Screen::EventForm { form: fm, .. } = self.screen_mut() {
                    fm.set_error(0, f.message);
                }
            }
        }
    }

    fn update_lists(&mut self, action: Action) {
        let mut rows_changed = false;
        match self.screen_mut() {
            Screen::Catalogue(v) => update_search(&mut v.query, &mut v.typing, &mut v.sel, &action),
            Screen::Dossiers(v) => {
                rows_changed = true;
                match action {
                    Action::CycleStatus => {
                        v.state = match v.state {
                            None => Some(State::ALL[0]),
                            Some(s) => {
                                let i = State::ALL.iter().position(|x| *x == s).unwrap_or(0);
                                State::ALL.get(i + 1).copied()
                            }
                        };
                        v.sel = 0;
                    }
                    Action::CycleSort => {
                        v.sort = v.sort.next();
                        v.sel = 0;
                    }
                    Action::ClearFilter => {
                        v.state = None;
                        v.query.clear();
                        v.sel = 0;
                    }
                    _ => update_search(&mut v.query, &mut v.typing, &mut v.sel, &action),
                }
            }
            _ => {}
        }
        if let Screen::Catalogue(v) = self.screen_mut() {
            match action {
                Action::CycleRegime => {
                    v.regime = match v.regime {
                        None => Some(Regime::ALL[0]),
                        Some(r) => {
                            let i = Regime::ALL.iter().position(|x| *x == r).unwrap_or(0);
                            Regime::ALL.get(i + 1).copied()
                        }
                    };
                    v.sel = 0;
                }
                Action::ClearFilter => {
                    v.query.clear();
                    v.regime = None;
                    v.sel = 0;
                }
                _ => {}
            }
        }
        if rows_changed {
            self.refresh_rows();
        }
    }

    fn click(&mut self, col: u16, row: u16) {
        if let Some(tab) = layout::tab_at(self.size, col, row) {
            self.go_to(tab);
            return;
        }
        let area = match self.screen() {
            Screen::Accueil { .. } => {
                layout::accueil_list(self.size, self.catalogue.situations().len())
            }
            Screen::Catalogue(_) => layout::catalogue_list(self.size),
            Screen::Situation { .. } => layout::doc_area(self.size),
            Screen::Personnes { .. } | Screen::Dossiers(_) => layout::table_list(self.size),
            _ => return,
        };
        if !area.contains((col, row).into()) {
            return;
        }
        let line = usize::from(row - area.y);
        let height = usize::from(area.height);
        let (current, len) = match self.screen() {
            Screen::Accueil { sel } => (*sel, self.catalogue.situations().len()),
            Screen::Catalogue(v) => (v.sel, self.catalogue_rows(v).len()),
            Screen::Personnes { sel } => (*sel, self.data.as_ref().map_or(0, |d| d.persons.len())),
            Screen::Dossiers(v) => (v.sel, self.rows.len()),
            Screen::Situation { sel, .. } => (*sel, usize::MAX),
            _ => return,
        };
        let clicked = match self.screen() {
            Screen::Situation { idx, sel } => self.catalogue.situations().get(*idx).and_then(|s| {
                let doc = docs::situation(&self.catalogue, s, area.width as usize, self.theme);
                let offset = layout::doc_offset_for_part(&doc, *sel, height);
                doc.parts
                    .iter()
                    .position(|(a, b)| (*a..*b).contains(&(offset + line)))
            }),
            _ => Some(layout::list_offset(current, height) + line),
        };
        let Some(i) = clicked.filter(|i| *i < len) else {
            return;
        };
        if i == current {
            self.open();
        } else {
            match self.screen_mut() {
                Screen::Accueil { sel }
                | Screen::Situation { sel, .. }
                | Screen::Personnes { sel } => *sel = i,
                Screen::Catalogue(v) => v.sel = i,
                Screen::Dossiers(v) => v.sel = i,
                _ => {}
            }
        }
    }

    /// Applies a whole terminal event (used by the loop and by tests).
    pub fn handle_event(&mut self, ev: &Event) {
        if let Some(a) = self.action_for(ev) {
            self.update(a);
        }
    }
}

fn dossier_screen(id: CaseId) -> Screen {
    Screen::Dossier {
        id,
        pane: Pane::Actions,
        sel: 0,
        scroll: 0,
    }
}

/// Typing a search in a list.
fn update_search(query: &mut String, typing: &mut bool, sel: &mut usize, action: &Action) {
    match action {
        Action::StartSearch => *typing = true,
        Action::SearchDone => *typing = false,
        Action::SearchCancel => {
            *typing = false;
            query.clear();
            *sel = 0;
        }
        Action::Input(c) if *typing => {
            query.push(*c);
            *sel = 0;
        }
        Action::Backspace if *typing => {
            query.pop();
            *sel = 0;
        }
        Action::Paste(s) if *typing => {
            query.extend(s.chars().filter(|c| !c.is_control()));
            *sel = 0;
        }
        _ => {}
    }
}

/// Person form field indexes.
mod pf {
    pub const CIVILITE: usize = 0;
    pub const NOM: usize = 1;
    pub const PRENOMS: usize = 2;
    pub const NOM_NAISSANCE: usize = 3;
    pub const DATE_NAISSANCE: usize = 4;
    pub const LIEU_NAISSANCE: usize = 5;
    pub const ADRESSE: usize = 6;
    pub const ADRESSE2: usize = 7;
    pub const CODE_POSTAL: usize = 8;
    pub const COMMUNE: usize = 9;
    pub const DEPARTEMENT: usize = 10;
    pub const EMAIL: usize = 11;
    pub const TELEPHONE: usize = 12;
    pub const CAF: usize = 13;
    pub const FT: usize = 14;
}

pub fn person_form(p: Option<&Person>) -> Form {
    let def = Person::default();
    let p = p.unwrap_or(&def);
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut civ = vec![t::NONE_CHOICE.to_string()];
    civ.extend(t::CIVILITES.iter().map(|s| s.to_string()));
    let civ_sel = p
        .civilite
        .as_deref()
        .and_then(|c| t::CIVILITES.iter().position(|x| x.eq_ignore_ascii_case(c)))
        .map_or(0, |i| i + 1);
    let born = p
        .date_naissance
        .map(wizard::format_date)
        .unwrap_or_default();
    Form::new(vec![
        Field::choice(t::PF_CIVILITE, civ, civ_sel),
        Field::text(t::PF_NOM, p.nom.clone()).required(),
        Field::text(t::PF_PRENOMS, p.prenoms.clone()).required(),
        Field::text(t::PF_NOM_NAISSANCE, o(&p.nom_naissance)),
        Field::text(t::PF_DATE_NAISSANCE, born).hint(t::HINT_DATE),
        Field::text(t::PF_LIEU_NAISSANCE, o(&p.lieu_naissance)),
        Field::text(
            t::PF_ADRESSE,
            p.adresse.first().cloned().unwrap_or_default(),
        )
        .required(),
        Field::text(
            t::PF_ADRESSE2,
            p.adresse.get(1..).map(|l| l.join(", ")).unwrap_or_default(),
        ),
        Field::text(t::PF_CODE_POSTAL, p.code_postal.clone()).required(),
        Field::text(t::PF_COMMUNE, p.commune.clone()).required(),
        Field::text(t::PF_DEPARTEMENT, o(&p.departement)).hint(t::HINT_DEPARTEMENT),
        Field::text(t::PF_EMAIL, o(&p.email)),
        Field::text(t::PF_TELEPHONE, o(&p.telephone)),
        Field::text(t::PF_CAF, o(&p.identifiants.caf)),
        Field::text(t::PF_FT, o(&p.identifiants.france_travail)),
    ])
}

/// The person typed in the form, or None with messages next to the wrong fields.
pub fn person_from_form(form: &mut Form, original: Option<&Person>) -> Option<Person> {
    form.clear_errors();
    let check = |form: &mut Form, i: usize, r: Result<String, String>| match r {
        Ok(v) => Some(v),
        Err(e) => {
            form.set_error(i, e);
            None
        }
    };
    let nom = check(form, pf::NOM, validate::required(form.value(pf::NOM)));
    let prenoms = check(
        form,
        pf::PRENOMS,
        validate::required(form.value(pf::PRENOMS)),
    );
    let adresse = check(
        form,
        pf::ADRESSE,
        validate::required(form.value(pf::ADRESSE)),
    );
    let cp = check(
        form,
        pf::CODE_POSTAL,
        validate::postal_code(form.value(pf::CODE_POSTAL)),
    );
    let commune = check(
        form,
        pf::COMMUNE,
        validate::required(form.value(pf::COMMUNE)),
    );
    let born = match form.optional(pf::DATE_NAISSANCE) {
        None => Some(None),
        Some(s) => match validate::date(&s) {
            Ok(d) => Some(Some(d)),
            Err(e) => {
                form.set_error(pf::DATE_NAISSANCE, e);
                None
            }
        },
    };
    let optional =
        |form: &mut Form, i: usize, f: fn(&str) -> Result<String, String>| match form.optional(i) {
            None => Some(None),
            Some(s) => match f(&s) {
                Ok(v) => Some(Some(v)),
                Err(e) => {
                    form.set_error(i, e);
                    None
                }
            },
        };
    let dep = optional(form, pf::DEPARTEMENT, validate::departement);
    let email = optional(form, pf::EMAIL, validate::email);
    if form.has_errors() {
        return None;
    }
    let mut adresse_lines = vec![adresse?];
    if let Some(l2) = form.optional(pf::ADRESSE2) {
        adresse_lines.push(l2);
    }
    let civ = form.selected(pf::CIVILITE);
    Some(Person {
        civilite: civ
            .checked_sub(1)
            .and_then(|i| t::CIVILITES.get(i))
            .map(|s| s.to_string()),
        nom: nom?,
        nom_naissance: form.optional(pf::NOM_NAISSANCE),
        prenoms: prenoms?,
        date_naissance: born?,
        lieu_naissance: form.optional(pf::LIEU_NAISSANCE),
        adresse: adresse_lines,
        code_postal: cp?,
        commune: commune?,
        email: email?,
        telephone: form.optional(pf::TELEPHONE),
        departement: dep?,
        identifiants: Identifiants {
            caf: form.optional(pf::CAF),
            france_travail: form.optional(pf::FT),
        },
        representant: original.and_then(|p| p.representant.clone()),
    })
}

pub fn event_form(kind: EventForm, today: NaiveDate) -> Form {
    let today = wizard::format_date(today);
    match kind {
        EventForm::Sent => Form::new(vec![
            Field::text(t::EF_SENT_DATE, today)
                .required()
                .hint(t::HINT_DATE),
            Field::choice(
                t::EF_CHANNEL,
                Channel::ALL
                    .iter()
                    .map(|c| tc::channel(*c).to_string())
                    .collect(),
                Channel::ALL
                    .iter()
                    .position(|c| *c == Channel::Lrar)
                    .unwrap_or(0),
            ),
            Field::text(t::EF_RECOMMANDE, ""),
        ]),
        EventForm::Received => Form::new(vec![
            Field::text(t::EF_RECEIVED_DATE, today)
                .required()
                .hint(t::HINT_DATE),
        ]),
        EventForm::Reply => Form::new(vec![
            Field::text(t::EF_REPLY_DATE, today)
                .required()
                .hint(t::HINT_DATE),
            Field::choice(
                t::EF_OUTCOME,
                Outcome::ALL
                    .iter()
                    .map(|o| tc::outcome(*o).to_string())
                    .collect(),
                0,
            ),
            Field::text(t::EF_NOTE, ""),
        ]),
        EventForm::Close => Form::new(vec![
            Field::text(t::EF_DATE, today).required().hint(t::HINT_DATE),
            Field::text(t::EF_REASON, "").required(),
        ]),
    }
}
