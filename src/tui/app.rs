//! The interface's state and the one place it changes: `App::update(action)`.

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, MouseButton, MouseEventKind};

use super::action::{Action, Tab};
use super::docs;
use super::keys::{self, Ctx};
use super::layout;
use super::theme::Theme;
use crate::catalogue::{Catalogue, Entry, Regime};

/// The catalogue list: selection, search text, regime filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueView {
    pub sel: usize,
    pub query: String,
    pub regime: Option<Regime>,
    pub typing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Accueil { sel: usize },
    Situation { idx: usize, sel: usize },
    Catalogue(CatalogueView),
    Fiche { code: String, scroll: usize },
}

impl Screen {
    pub fn tab(&self) -> Tab {
        match self {
            Screen::Accueil { .. } | Screen::Situation { .. } => Tab::Accueil,
            Screen::Catalogue(_) | Screen::Fiche { .. } => Tab::Catalogue,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help { scroll: usize },
    ConfirmQuit,
}

/// What the app needs from outside, injected so tests are deterministic.
pub struct Config {
    pub catalogue: Catalogue,
    pub today: NaiveDate,
    pub theme: Theme,
    /// Terminal size (columns, rows) at start.
    pub size: (u16, u16),
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
}

impl App {
    pub fn new(cfg: Config) -> App {
        App {
            catalogue: cfg.catalogue,
            today: cfg.today,
            theme: cfg.theme,
            size: cfg.size,
            stack: vec![Screen::Accueil { sel: 0 }],
            parked: Vec::new(),
            popup: None,
            quit: false,
        }
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
        }
    }

    /// Whether a form holds input that quitting would lose.
    pub fn has_unsaved_input(&self) -> bool {
        false
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

    fn doc_width(&self) -> usize {
        layout::doc_area(self.size).width as usize
    }

    fn doc_height(&self) -> usize {
        layout::doc_area(self.size).height as usize
    }

    /// The number of lines of the document shown (fiche, situation), for scrolling.
    fn doc_len(&self) -> usize {
        match self.screen() {
            Screen::Fiche { code, .. } => self
                .catalogue
                .entry(code)
                .map(|e| docs::fiche(&self.catalogue, e, self.doc_width(), self.theme))
                .map_or(0, |d| d.lines.len()),
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
                self.today = d;
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
        match action {
            Action::GoTo(tab) => self.go_to(tab),
            Action::Back => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
            }
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
            other => self.update_catalogue(other),
        }
        self.clamp();
    }

    fn page(&self) -> usize {
        (self.doc_height().max(2) - 1).max(1)
    }

    /// The tab the shown screen belongs to (the root of the stack).
    pub fn tab(&self) -> Tab {
        self.stack[0].tab()
    }

    /// Switches tab, keeping where one was in the tab left; the current tab's key goes back
    /// to its first screen.
    fn go_to(&mut self, tab: Tab) {
        let current = self.tab();
        if current == tab {
            self.stack.truncate(1);
            return;
        }
        let left = std::mem::take(&mut self.stack);
        self.parked.retain(|s| s[0].tab() != current);
        self.parked.push(left);
        self.stack = match self.parked.iter().position(|s| s[0].tab() == tab) {
            Some(i) => self.parked.remove(i),
            None => vec![match tab {
                Tab::Accueil => Screen::Accueil { sel: 0 },
                Tab::Catalogue => Screen::Catalogue(CatalogueView::default()),
            }],
        };
    }

    fn move_by(&mut self, delta: isize) {
        let step = |v: usize| v.saturating_add_signed(delta);
        match self.screen_mut() {
            Screen::Accueil { sel } => *sel = step(*sel),
            Screen::Situation { sel, .. } => *sel = step(*sel),
            Screen::Catalogue(v) => v.sel = step(v.sel),
            Screen::Fiche { scroll, .. } => *scroll = step(*scroll),
        }
    }

    /// Keeps selections and scroll offsets inside what exists.
    fn clamp(&mut self) {
        let n_situations = self.catalogue.situations().len();
        let max_scroll = self.doc_len().saturating_sub(self.doc_height());
        let n_suggestions = match self.screen() {
            Screen::Situation { idx, .. } => self
                .catalogue
                .situations()
                .get(*idx)
                .map_or(0, |s| s.suggestions.len()),
            _ => 0,
        };
        let n_rows = match self.screen() {
            Screen::Catalogue(v) => self.catalogue_rows(v).len(),
            _ => 0,
        };
        match self.screen_mut() {
            Screen::Accueil { sel } => *sel = (*sel).min(n_situations.saturating_sub(1)),
            Screen::Situation { sel, .. } => *sel = (*sel).min(n_suggestions.saturating_sub(1)),
            Screen::Catalogue(v) => v.sel = v.sel.min(n_rows.saturating_sub(1)),
            Screen::Fiche { scroll, .. } => *scroll = (*scroll).min(max_scroll),
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
            Screen::Situation { idx, sel } => self
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
                }),
            Screen::Catalogue(v) => self.catalogue_rows(v).get(v.sel).map(|e| Screen::Fiche {
                code: e.code.clone(),
                scroll: 0,
            }),
            Screen::Fiche { .. } => None,
        };
        if let Some(s) = next {
            self.stack.push(s);
        }
    }

    fn update_catalogue(&mut self, action: Action) {
        let Screen::Catalogue(v) = self.screen_mut() else {
            return;
        };
        match action {
            Action::StartSearch => v.typing = true,
            Action::SearchDone => v.typing = false,
            Action::SearchCancel => {
                v.typing = false;
                v.query.clear();
            }
            Action::Input(c) if v.typing => {
                v.query.push(c);
                v.sel = 0;
            }
            Action::Backspace if v.typing => {
                v.query.pop();
                v.sel = 0;
            }
            Action::Paste(s) if v.typing => {
                v.query.extend(s.chars().filter(|c| !c.is_control()));
                v.sel = 0;
            }
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
            Screen::Fiche { .. } => return,
        };
        if !area.contains((col, row).into()) {
            return;
        }
        let line = usize::from(row - area.y);
        let height = usize::from(area.height);
        let clicked = match self.screen() {
            Screen::Accueil { sel } => Some(layout::list_offset(*sel, height) + line),
            Screen::Catalogue(v) => Some(layout::list_offset(v.sel, height) + line),
            Screen::Situation { idx, sel } => self.catalogue.situations().get(*idx).and_then(|s| {
                let doc = docs::situation(&self.catalogue, s, area.width as usize, self.theme);
                let offset = layout::doc_offset_for_part(&doc, *sel, height);
                doc.parts
                    .iter()
                    .position(|(a, b)| (*a..*b).contains(&(offset + line)))
            }),
            Screen::Fiche { .. } => None,
        };
        let Some(i) = clicked else { return };
        let current = match self.screen() {
            Screen::Accueil { sel } | Screen::Situation { sel, .. } => *sel,
            Screen::Catalogue(v) => v.sel,
            Screen::Fiche { .. } => return,
        };
        let exists = match self.screen() {
            Screen::Accueil { .. } => i < self.catalogue.situations().len(),
            Screen::Catalogue(v) => i < self.catalogue_rows(v).len(),
            _ => true,
        };
        if !exists {
            return;
        }
        if i == current {
            self.open();
        } else {
            match self.screen_mut() {
                Screen::Accueil { sel } | Screen::Situation { sel, .. } => *sel = i,
                Screen::Catalogue(v) => v.sel = i,
                Screen::Fiche { .. } => {}
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
