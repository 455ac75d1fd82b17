//! The interface's state and the one place it changes: `App::update(action)`. The app
//! keeps the global keys (tabs, quit, help), the popups, the forms' typing and the
//! passphrase prompt's store (opening it, re-reading it and the confirmed changes are in
//! `app/store.rs`); every other key goes to the screen shown, whose `Nav` the app applies
//! (`App::apply`).

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, MouseButton, MouseEventKind};

pub use super::action::EventForm;
use super::action::{Action, Nav, Pending, Preset, Tab};
use super::context::Context;
use super::keys::{self, Ctx};
use super::layout;
use super::screens::{
    Accueil, Echeances, Fiche, ImportScreen, PersonForm, Personnes, Situation, Statistiques,
};
pub use super::screens::{
    CatalogueView, Dossier, DossiersView, EventScreen, Pane, Resume, Screen, Unlock, Wizard,
};
use super::theme::Theme;
use super::tracker::CaseAction;
use crate::cases::CaseId;
use crate::catalogue::Catalogue;
use crate::error::Failure;
use crate::store::{Passphrase, Store};
use crate::texts::tui as t;

mod store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help {
        scroll: usize,
    },
    ConfirmQuit,
    /// Échap on a form holding typed input: leave it (losing the input) or stay.
    ConfirmDiscard,
    /// A question before something that cannot be undone.
    Confirm(Pending),
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
    /// Being opened and read on a worker thread (passphrase given, or key kept by
    /// `acces deverrouiller`); the result comes through [`App::loaded`].
    Opening,
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
    /// The data directory (letter journal), when the store has one.
    pub data_dir: Option<PathBuf>,
}

/// A message after an action: what happened (or went wrong), until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub error: bool,
    pub text: String,
}

pub struct App {
    /// What every screen reads: catalogue, date, theme, size, the tracker's data.
    pub cx: Context,
    /// Screens opened from a tab, the last one shown; never empty.
    pub stack: Vec<Screen>,
    /// The stacks of the other tabs, as they were left.
    parked: Vec<Vec<Screen>>,
    pub popup: Option<Popup>,
    pub quit: bool,
    opener: Option<Opener>,
    new_store: bool,
    pub message: Option<Message>,
    /// Set while carrying out an Échap the user confirmed on a form holding input.
    discarding: bool,
    /// The store is being opened on a worker thread; a tracker tab asked meanwhile waits here.
    opening: Option<Option<Tab>>,
    /// Why the app must end (the store could not be opened): reported after the terminal is
    /// restored, with its exit code.
    pub fatal: Option<Failure>,
}

impl App {
    pub fn new(cfg: Config) -> App {
        let mut app = App {
            cx: Context {
                catalogue: cfg.catalogue,
                today: cfg.today,
                theme: cfg.theme,
                size: cfg.size,
                data: None,
                letters_dir: cfg.letters_dir,
                data_dir: cfg.data_dir,
                shared_register: false,
            },
            stack: vec![Screen::Accueil(Accueil::default())],
            parked: Vec::new(),
            popup: None,
            quit: false,
            opener: None,
            new_store: false,
            message: None,
            discarding: false,
            opening: None,
            fatal: None,
        };
        match cfg.store {
            StoreAccess::None => {}
            StoreAccess::Open(store) => app.attach(store),
            StoreAccess::Opening => {
                app.opening = Some(None);
                app.say(t::OPENING_STORE.to_string());
            }
            StoreAccess::Locked { opener, new_store } => {
                app.opener = Some(opener);
                app.new_store = new_store;
                app.stack = vec![Screen::Unlock(Unlock::new(
                    new_store,
                    Resume::Tab(Tab::Accueil),
                    None,
                ))];
            }
        }
        app
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
            Some(Popup::ConfirmDiscard) => return Ctx::ConfirmDiscard,
            Some(Popup::Confirm(_)) => return Ctx::Confirm,
            None => {}
        }
        self.screen_ctx()
    }

    /// The bindings of the screen under any popup.
    pub fn screen_ctx(&self) -> Ctx {
        self.screen().ctx()
    }

    /// Whether a form holds input that quitting would lose.
    pub fn has_unsaved_input(&self) -> bool {
        self.stack.iter().any(Screen::dirty)
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

    /// Whether the screen shown has work under way (see `Screen::busy`).
    pub fn busy(&self) -> bool {
        self.popup.is_none() && self.screen().busy()
    }

    /// What one can do on a case now.
    pub fn case_actions(&self, id: CaseId) -> Vec<CaseAction> {
        self.cx.case_actions(id)
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Resize(w, h) => {
                self.cx.size = (w, h);
                self.clamp();
                return;
            }
            Action::Today(d) => {
                // Sent now and then by the loop: the date may have changed, and a CLI
                // command may have written to the store.
                self.cx.today = d;
                self.reload_if_changed();
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
                if self.popup == Some(Popup::ConfirmDiscard) {
                    // Échap again, its input dropped as asked.
                    self.popup = None;
                    self.discarding = true;
                    self.dispatch(Action::Back);
                    self.discarding = false;
                    self.clamp();
                } else {
                    self.quit = true;
                }
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
            Action::Confirmed => {
                if let Some(Popup::Confirm(pending)) = self.popup.take() {
                    self.carry_out(pending);
                    self.clamp();
                }
                return;
            }
            _ => {}
        }
        let help_max = match self.popup {
            Some(Popup::Help { .. }) => super::ui::help_max_scroll(self),
            _ => 0,
        };
        if let Some(Popup::Help { scroll }) = &mut self.popup {
            match action {
                Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
                Action::Down | Action::ScrollDown => *scroll += 1,
                Action::PageUp => *scroll = scroll.saturating_sub(self.cx.page()),
                Action::PageDown => *scroll += self.cx.page(),
                Action::Top => *scroll = 0,
                Action::Bottom => *scroll = help_max,
                _ => {}
            }
            *scroll = (*scroll).min(help_max);
            return;
        }
        if self.popup.is_some() {
            return;
        }
        if !matches!(action, Action::ScrollUp | Action::ScrollDown) {
            self.message = None;
        }
        // Échap on a form holding typed input asks first, as quitting does (leaving the form
        // or stepping back in the Assistant both drop what was typed).
        if action == Action::Back
            && !self.discarding
            && self.screen().dirty()
            && self.screen_mut().form_mut().is_some_and(|f| f.dirty)
        {
            self.popup = Some(Popup::ConfirmDiscard);
            return;
        }
        if self.screen_mut().form_mut().is_some() && self.update_form(&action) {
            self.clamp();
            return;
        }
        match action {
            Action::GoTo(tab) => self.go_to(tab),
            Action::ScrollUp => self.move_by(-3),
            Action::ScrollDown => self.move_by(3),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.cx.page() as isize)),
            Action::PageDown => self.move_by(self.cx.page() as isize),
            Action::Top => self.move_by(-(isize::MAX / 2)),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Click(col, row) => match layout::tab_at(self.cx.size, col, row) {
                Some(tab) => self.go_to(tab),
                None => self.dispatch(action),
            },
            other => self.dispatch(other),
        }
        self.clamp();
    }

    /// Hands the action to the screen shown, then does what it asks.
    fn dispatch(&mut self, action: Action) {
        let screen = self
            .stack
            .last_mut()
            .expect("the screen stack is never empty");
        let nav = screen.update(&action, &mut self.cx);
        self.apply(nav);
    }

    /// What a screen asked for.
    fn apply(&mut self, nav: Nav) {
        match nav {
            Nav::Stay => {}
            // A form holding typed input asks first, as quitting does.
            Nav::Back if self.screen().dirty() && !self.discarding => {
                self.popup = Some(Popup::ConfirmDiscard);
            }
            Nav::Back => self.back(),
            Nav::Situation(idx) => self.stack.push(Screen::Situation(Situation::new(idx))),
            Nav::Fiche { code, route } => {
                let fiche = Fiche::at(&self.cx, code, route.as_deref());
                self.stack.push(Screen::Fiche(fiche));
            }
            Nav::Case(id) => self.stack.push(Screen::Dossier(Dossier::new(id))),
            Nav::Wizard(preset) => self.start_wizard(preset),
            Nav::EditPerson(id) => {
                if let Some(s) = PersonForm::open(&self.cx, id) {
                    self.stack.push(Screen::PersonForm(s));
                }
            }
            Nav::Import => self.stack.push(Screen::Import(ImportScreen::default())),
            Nav::WriteLetters(cases) => {
                let form = super::screens::LettersForm::new(&self.cx, cases);
                self.stack.push(Screen::Letters(form));
            }
            Nav::RecordEvent(case, kind) => {
                let form = EventScreen::new(case, kind, self.cx.today);
                self.stack.push(Screen::EventForm(form));
            }
            Nav::Unlock => self.unlock(),
            Nav::Saved(msg) => {
                self.stack.pop();
                self.reload();
                self.say(msg);
            }
            Nav::CaseSaved(case, msg) => {
                self.stack.pop();
                self.refresh_cases(&[case]);
                self.say(msg);
            }
            Nav::LettersWritten(msg) => {
                self.stack.pop();
                if let Screen::Dossiers(v) = self.screen_mut() {
                    v.picked.clear();
                }
                self.reload();
                self.say(msg);
            }
            Nav::CaseInstead(case, msg) => {
                self.stack.pop();
                self.stack.push(Screen::Dossier(Dossier::new(case)));
                self.refresh_cases(&[case]);
                self.say(msg);
            }
            Nav::Said(msg) => self.say(msg),
            Nav::Error(msg) => self.say_error(msg),
            Nav::Confirm(pending) => self.popup = Some(Popup::Confirm(pending)),
        }
    }

    fn back(&mut self) {
        if let Screen::Unlock(_) = self.screen() {
            // Continue without the tracker.
            if self.stack.len() > 1 {
                self.stack.pop();
            } else {
                self.stack = vec![Screen::Accueil(Accueil::default())];
            }
            return;
        }
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// The tab the shown screen belongs to (the root of the stack).
    pub fn tab(&self) -> Tab {
        self.stack[0].tab()
    }

    fn tab_root(&self, tab: Tab) -> Screen {
        if tab.needs_store() && self.cx.data.is_none() {
            return self.unlock_screen(Resume::Tab(tab));
        }
        match tab {
            Tab::Accueil => Screen::Accueil(Accueil::default()),
            Tab::Catalogue => Screen::Catalogue(CatalogueView::default()),
            Tab::Personnes => Screen::Personnes(Personnes::default()),
            Tab::Dossiers => Screen::Dossiers(DossiersView::new(&self.cx)),
            Tab::Echeances => Screen::Echeances(Echeances::default()),
            Tab::Statistiques => Screen::Statistiques(Statistiques::default()),
        }
    }

    /// Switches tab, keeping where one was in the tab left; the current tab's key goes back
    /// to its first screen.
    fn go_to(&mut self, tab: Tab) {
        let tracker_tab = tab.needs_store();
        if tracker_tab && let Some(waiting) = &mut self.opening {
            // Shown as soon as the store is read.
            *waiting = Some(tab);
            self.say(t::OPENING_STORE.to_string());
            return;
        }
        let current = self.tab();
        // The tracker's tabs re-read the store if a CLI command wrote to it meanwhile.
        if current == tab {
            if self.stack.len() > 1 {
                self.stack.truncate(1);
            }
            if tracker_tab {
                self.reload_if_changed();
            }
            return;
        }
        let left = std::mem::take(&mut self.stack);
        self.parked.retain(|s| s[0].tab() != current);
        if !matches!(left[0], Screen::Unlock(_)) {
            self.parked.push(left);
        }
        self.stack = match self.parked.iter().position(|s| s[0].tab() == tab) {
            Some(i) => self.parked.remove(i),
            None => vec![self.tab_root(tab)],
        };
        if tracker_tab {
            self.reload_if_changed();
        }
    }

    fn move_by(&mut self, delta: isize) {
        self.screen_mut().move_by(delta);
    }

    /// Keeps selections and scroll offsets inside what exists.
    fn clamp(&mut self) {
        let screen = self
            .stack
            .last_mut()
            .expect("the screen stack is never empty");
        screen.clamp(&self.cx);
    }

    /// Opens the Assistant (behind the passphrase prompt when the store is still closed).
    fn start_wizard(&mut self, mut preset: Preset) {
        // A route without a letter (a court action) has nothing to write: let the user pick.
        if let (Some(f), Some(r)) = (&preset.file, &preset.route)
            && self
                .cx
                .catalogue
                .entry(f)
                .and_then(|e| e.route(r))
                .is_none_or(|r| r.letter.is_none())
        {
            preset.route = None;
        }
        if self.opening.is_some() {
            self.say(t::OPENING_STORE.to_string());
            return;
        }
        let Some(data) = &self.cx.data else {
            let unlock = self.unlock_screen(Resume::Wizard(preset));
            self.stack.push(unlock);
            return;
        };
        let mut w = Wizard::new(preset, &self.cx.letters_dir);
        w.start(&self.cx.catalogue, data, self.cx.today);
        self.stack.push(Screen::Wizard(Box::new(w)));
    }

    /// Keys in a form. Returns false when the action is not the form's (then handled by the
    /// screen: Échap, Enter on the last field, tabs…).
    fn update_form(&mut self, action: &Action) -> bool {
        let Some(form) = self.screen_mut().form_mut() else {
            return false;
        };
        match action {
            Action::Input(c) => form.input(*c),
            Action::Backspace => form.backspace(),
            Action::NewLine => form.newline(),
            Action::ClearField => form.clear(),
            Action::Paste(s) => form.paste(s),
            Action::NextField | Action::Down => form.next(),
            Action::PrevField | Action::Up => form.prev(),
            Action::ChoiceLeft => form.cycle(false),
            Action::ChoiceRight => form.cycle(true),
            // Enter on the last field: the screen's own (it checks and saves).
            Action::Submit if form.focus + 1 < form.fields.len() => form.next(),
            _ => return false,
        }
        true
    }

    /// Applies a whole terminal event (used by the loop and by tests).
    pub fn handle_event(&mut self, ev: &Event) {
        if let Some(a) = self.action_for(ev) {
            self.update(a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::testing;

    fn opening_app() -> (App, testing::Tracker) {
        let tr = testing::tracker();
        let app = App::new(Config {
            catalogue: tr.cx.catalogue.clone(),
            today: testing::today(),
            theme: Theme { color: false },
            size: (100, 30),
            store: StoreAccess::Opening,
            letters_dir: std::env::temp_dir(),
            data_dir: None,
        });
        (app, tr)
    }

    #[test]
    fn a_tracker_tab_asked_while_opening_is_shown_once_the_data_is_read() {
        let (mut app, mut tr) = opening_app();
        assert!(app.is_opening());
        assert!(matches!(app.screen(), Screen::Accueil(_)), "home at once");
        app.update(Action::GoTo(Tab::Dossiers));
        assert!(
            matches!(app.screen(), Screen::Accueil(_)),
            "waits for the data"
        );
        assert_eq!(app.message.as_ref().unwrap().text, t::OPENING_STORE);
        app.loaded(Ok(tr.cx.data.take().unwrap()));
        assert!(!app.is_opening());
        assert!(matches!(app.screen(), Screen::Dossiers(_)));
        assert_eq!(app.cx.data.as_ref().unwrap().tracked.len(), 1);
    }

    #[test]
    fn a_store_that_does_not_open_ends_the_app_with_its_failure() {
        let (mut app, _tr) = opening_app();
        app.loaded(Err(Failure::new(
            crate::error::exit::WRONG_PASSPHRASE,
            "non",
        )));
        assert!(app.quit);
        assert_eq!(app.fatal.as_ref().unwrap().code, 3);
    }

    #[test]
    fn tab_keys_reread_only_when_another_process_wrote() {
        let (mut app, mut tr) = opening_app();
        app.loaded(Ok(tr.cx.data.take().unwrap()));
        let dir = tr.dir().to_path_buf();
        // Nothing written since the last read: a tab key keeps the data in memory (marked
        // here, to see it is not re-read).
        app.cx.data.as_mut().unwrap().persons.clear();
        app.update(Action::GoTo(Tab::Personnes));
        app.update(Action::GoTo(Tab::Dossiers));
        assert!(
            app.cx.data.as_ref().unwrap().persons.is_empty(),
            "re-read for nothing"
        );
        // Another process (a CLI command) adds a person: the next tab key shows it.
        let mut cli = crate::store::open(
            &dir,
            &Passphrase::new("phrase de test"),
            crate::store::LockMode::Command,
            false,
        )
        .unwrap();
        cli.add_person(&testing::person()).unwrap();
        app.update(Action::GoTo(Tab::Personnes));
        assert_eq!(app.cx.data.as_ref().unwrap().persons.len(), 2);
    }
}
