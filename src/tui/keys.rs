//! The key table: `(context, key) → (action, French label)`.
//!
//! The same table turns key presses into actions, writes the status line and the Aide
//! screen, so the hints shown are the keys that work.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Tab};
use crate::texts::batch as tb;
use crate::texts::tui as t;

/// Where the focus is; decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// Bindings that work on every screen (unless a popup or text input has the focus).
    Global,
    Accueil,
    Situation,
    Catalogue,
    Fiche,
    /// Typing a search.
    SearchInput,
    /// The passphrase prompt.
    Unlock,
    /// Any form (person, event, the Assistant's fields and save step).
    Form,
    Personnes,
    Dossiers,
    Echeances,
    /// The Statistiques tab (its charts).
    Statistiques,
    Dossier,
    /// The Assistant choosing a person.
    WizardPerson,
    /// The Assistant choosing a file or a route.
    WizardList,
    WizardPreview,
    /// The Importer's preview (what the import would do).
    ImportPreview,
    Help,
    ConfirmQuit,
    /// Leaving a form that holds typed input.
    ConfirmDiscard,
    /// Before something that cannot be undone (a deletion, letting a step go).
    Confirm,
}

/// A key as the table names it (printable characters match with or without Shift, because
/// Windows and AZERTY layouts report `?` or `/` with Shift).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    /// Enter with Alt (a line break in a field on several lines).
    AltEnter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Backspace,
    Delete,
    F(u8),
}

impl Key {
    pub fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match (self, ev.code) {
            (Key::Char(c), KeyCode::Char(k)) => !ctrl && k == c,
            (Key::Ctrl(c), KeyCode::Char(k)) => ctrl && k.eq_ignore_ascii_case(&c),
            (Key::Enter, KeyCode::Enter) => !ev.modifiers.contains(KeyModifiers::ALT),
            (Key::AltEnter, KeyCode::Enter) => ev.modifiers.contains(KeyModifiers::ALT),
            (Key::Esc, KeyCode::Esc) => true,
            (Key::Tab, KeyCode::Tab) => !ev.modifiers.contains(KeyModifiers::SHIFT),
            (Key::BackTab, KeyCode::BackTab) => true,
            (Key::BackTab, KeyCode::Tab) => ev.modifiers.contains(KeyModifiers::SHIFT),
            (Key::Up, KeyCode::Up) => true,
            (Key::Down, KeyCode::Down) => true,
            (Key::Left, KeyCode::Left) => true,
            (Key::Right, KeyCode::Right) => true,
            (Key::PageUp, KeyCode::PageUp) => true,
            (Key::PageDown, KeyCode::PageDown) => true,
            (Key::Home, KeyCode::Home) => true,
            (Key::End, KeyCode::End) => true,
            (Key::Backspace, KeyCode::Backspace) => true,
            (Key::Delete, KeyCode::Delete) => true,
            (Key::F(n), KeyCode::F(k)) => n == k,
            _ => false,
        }
    }
}

/// One line of the key table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub ctx: Ctx,
    pub keys: &'static [Key],
    /// How the keys are written in hints (« ↑↓ j k », « Entrée »).
    pub shown: &'static str,
    pub action: Action,
    pub label: &'static str,
    /// Shown in the status line (all bindings are shown in the Aide screen).
    pub in_status: bool,
}

const fn b(
    ctx: Ctx,
    keys: &'static [Key],
    shown: &'static str,
    action: Action,
    label: &'static str,
    in_status: bool,
) -> Binding {
    Binding {
        ctx,
        keys,
        shown,
        action,
        label,
        in_status,
    }
}

/// Every context (for tests and the help screen).
pub const ALL_CTX: [Ctx; 21] = [
    Ctx::Global,
    Ctx::Accueil,
    Ctx::Situation,
    Ctx::Catalogue,
    Ctx::Fiche,
    Ctx::SearchInput,
    Ctx::Unlock,
    Ctx::Form,
    Ctx::Personnes,
    Ctx::Dossiers,
    Ctx::Echeances,
    Ctx::Statistiques,
    Ctx::Dossier,
    Ctx::WizardPerson,
    Ctx::WizardList,
    Ctx::WizardPreview,
    Ctx::ImportPreview,
    Ctx::Help,
    Ctx::ConfirmQuit,
    Ctx::ConfirmDiscard,
    Ctx::Confirm,
];

use Ctx as C;
use Key as K;

/// The whole table. Order matters: within a context, the first match wins and the status
/// line lists bindings in this order.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Accueil, situation, catalogue.
    b(C::Accueil, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_MOVE, true),
    b(C::Accueil, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_MOVE, false),
    b(C::Accueil, &[K::Enter, K::Right, K::Char('l')], t::KEY_ENTER, Action::Open, t::ACT_OPEN_SITUATION, true),
    b(C::Situation, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_MOVE, true),
    b(C::Situation, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_MOVE, false),
    b(C::Situation, &[K::Enter, K::Right, K::Char('l')], t::KEY_ENTER, Action::StartWizard, t::ACT_WIZARD, true),
    b(C::Situation, &[K::Char('f')], "f", Action::OpenFiche, t::ACT_SEE_FICHE, true),
    b(C::Situation, &[K::Esc, K::Left, K::Char('h')], t::KEY_ESC, Action::Back, t::ACT_BACK, true),
    b(C::Catalogue, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_MOVE, true),
    b(C::Catalogue, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_MOVE, false),
    b(C::Catalogue, &[K::Enter, K::Right, K::Char('l')], t::KEY_ENTER, Action::Open, t::ACT_OPEN_FICHE, true),
    b(C::Catalogue, &[K::Char('/')], "/", Action::StartSearch, t::ACT_SEARCH, true),
    b(C::Catalogue, &[K::Char('r')], "r", Action::CycleRegime, t::ACT_REGIME, true),
    b(C::Catalogue, &[K::Char('n')], "n", Action::StartWizard, t::ACT_WIZARD, true),
    b(C::Catalogue, &[K::Esc], t::KEY_ESC, Action::ClearFilter, t::ACT_CLEAR_FILTER, false),
    b(C::Fiche, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_SCROLL, true),
    b(C::Fiche, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_SCROLL, false),
    b(C::Fiche, &[K::Char('n')], "n", Action::StartWizard, t::ACT_WIZARD, true),
    b(C::Fiche, &[K::Esc, K::Left, K::Char('h')], t::KEY_ESC, Action::Back, t::ACT_BACK, true),
    // Typing a search.
    b(C::SearchInput, &[K::Enter], t::KEY_ENTER, Action::SearchDone, t::ACT_SEARCH_DONE, true),
    b(C::SearchInput, &[K::Esc], t::KEY_ESC, Action::SearchCancel, t::ACT_SEARCH_CANCEL, true),
    b(C::SearchInput, &[K::Backspace], t::KEY_BACKSPACE, Action::Backspace, t::ACT_ERASE, true),
    b(C::SearchInput, &[K::Up], "↑↓", Action::Up, t::ACT_MOVE, false),
    b(C::SearchInput, &[K::F(1)], "F1", Action::Help, t::ACT_HELP, false),
    b(C::SearchInput, &[K::Down], "↑↓", Action::Down, t::ACT_MOVE, false),
    // The passphrase prompt and forms: every printable key is typed.
    b(C::Unlock, &[K::Enter], t::KEY_ENTER, Action::Submit, t::ACT_UNLOCK, true),
    b(C::Unlock, &[K::Tab, K::Down], t::KEY_NEXT_FIELD, Action::NextField, t::ACT_NEXT_FIELD, false),
    b(C::Unlock, &[K::BackTab, K::Up], t::KEY_PREV_FIELD, Action::PrevField, t::ACT_PREV_FIELD, false),
    b(C::Unlock, &[K::Backspace], t::KEY_BACKSPACE, Action::Backspace, t::ACT_ERASE, false),
    b(C::Unlock, &[K::Esc], t::KEY_ESC, Action::Back, t::ACT_SKIP, true),
    b(C::Unlock, &[K::Ctrl('c')], t::KEY_CTRL_C, Action::Quit, t::ACT_QUIT, true),
    b(C::Unlock, &[K::F(1)], "F1", Action::Help, t::ACT_HELP, false),
    b(C::Form, &[K::Enter], t::KEY_ENTER, Action::Submit, t::ACT_SUBMIT_OR_NEXT, true),
    // In the status line only on a field on several lines (`ui::status`).
    b(C::Form, &[K::AltEnter, K::Ctrl('j')], t::KEY_ALT_ENTER, Action::NewLine, t::ACT_NEW_LINE, false),
    b(C::Form, &[K::Esc], t::KEY_ESC, Action::Back, t::ACT_CANCEL, true),
    b(C::Form, &[K::Tab, K::Down], t::KEY_NEXT_FIELD, Action::NextField, t::ACT_NEXT_FIELD, true),
    b(C::Form, &[K::BackTab, K::Up], t::KEY_PREV_FIELD, Action::PrevField, t::ACT_PREV_FIELD, false),
    b(C::Form, &[K::Left], t::KEY_LEFT_RIGHT, Action::ChoiceLeft, t::ACT_CHOOSE, true),
    b(C::Form, &[K::Right], t::KEY_LEFT_RIGHT, Action::ChoiceRight, t::ACT_CHOOSE, false),
    b(C::Form, &[K::Backspace], t::KEY_BACKSPACE, Action::Backspace, t::ACT_ERASE, false),
    b(C::Form, &[K::Ctrl('u')], t::KEY_CTRL_U, Action::ClearField, t::ACT_CLEAR_FIELD, false),
    b(C::Form, &[K::Ctrl('c')], t::KEY_CTRL_C, Action::Quit, t::ACT_QUIT, false),
    b(C::Form, &[K::F(1)], "F1", Action::Help, t::ACT_HELP, true),
    // Tracker lists.
    b(C::Personnes, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_MOVE, true),
    b(C::Personnes, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_MOVE, false),
    b(C::Personnes, &[K::Enter, K::Right, K::Char('l')], t::KEY_ENTER, Action::Open, t::ACT_EDIT_PERSON, true),
    b(C::Personnes, &[K::Char('n')], "n", Action::NewPerson, t::ACT_NEW_PERSON, true),
    b(C::Personnes, &[K::Delete], t::KEY_DELETE, Action::Delete, t::ACT_DELETE_PERSON, true),
    b(C::Personnes, &[K::Char('i')], "i", Action::OpenImport, t::ACT_IMPORT, true),
    b(C::Personnes, &[K::Char('m')], "m", Action::WriteMandate, t::ACT_MANDATE, true),
    b(C::ImportPreview, &[K::Enter], t::KEY_ENTER, Action::Submit, t::ACT_IMPORT_NOW, true),
    b(C::ImportPreview, &[K::Char('v')], "v", Action::ImportValidLines, t::ACT_IMPORT_VALID, true),
    b(C::ImportPreview, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_SCROLL, true),
    b(C::ImportPreview, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_SCROLL, false),
    b(C::ImportPreview, &[K::Esc], t::KEY_ESC, Action::Back, t::ACT_IMPORT_OTHER_FILE, true),
    b(C::Dossiers, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_MOVE, true),
    b(C::Dossiers, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_MOVE, false),
    b(C::Dossiers, &[K::Enter, K::Right, K::Char('l')], t::KEY_ENTER, Action::Open, t::ACT_OPEN_CASE, true),
    b(C::Dossiers, &[K::Char(' ')], tb::KEY_SPACE, Action::TogglePick, tb::ACT_PICK, true),
    b(C::Dossiers, &[K::Char('r')], "r", Action::WriteLetters, tb::ACT_WRITE, true),
    b(C::Dossiers, &[K::Char('/')], "/", Action::StartSearch, t::ACT_SEARCH, true),
    b(C::Dossiers, &[K::Char('f')], "f", Action::CycleStatus, t::ACT_FILTER_STATUS, true),
    b(C::Dossiers, &[K::Char('o')], "o", Action::CycleSort, t::ACT_SORT, true),
    b(C::Dossiers, &[K::Esc], t::KEY_ESC, Action::ClearFilter, t::ACT_CLEAR_FILTER, false),
    b(C::Echeances, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_MOVE, true),
    b(C::Echeances, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_MOVE, false),
    b(C::Echeances, &[K::Enter, K::Right, K::Char('l')], t::KEY_ENTER, Action::Open, t::ACT_OPEN_CASE, true),
    b(C::Statistiques, &[K::Right, K::Tab], t::KEY_LEFT_RIGHT, Action::ChoiceRight, t::ACT_CHART, true),
    b(C::Statistiques, &[K::Left, K::BackTab], t::KEY_LEFT_RIGHT, Action::ChoiceLeft, t::ACT_CHART, false),
    b(C::Statistiques, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_SCROLL, true),
    b(C::Statistiques, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_SCROLL, false),
    b(C::Dossier, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_MOVE, true),
    b(C::Dossier, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_MOVE, false),
    b(C::Dossier, &[K::Enter], t::KEY_ENTER, Action::Open, t::ACT_DO, true),
    b(C::Dossier, &[K::Tab, K::BackTab], t::KEY_TAB, Action::NextPane, t::ACT_PANE, true),
    b(C::Dossier, &[K::Delete], t::KEY_DELETE, Action::Delete, t::ACT_DELETE_CASE, false),
    b(C::Dossier, &[K::Esc, K::Left, K::Char('h')], t::KEY_ESC, Action::Back, t::ACT_BACK, true),
    // The Assistant.
    b(C::WizardPerson, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_MOVE, true),
    b(C::WizardPerson, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_MOVE, false),
    b(C::WizardPerson, &[K::Enter, K::Right, K::Char('l')], t::KEY_ENTER, Action::Open, t::ACT_CHOOSE_ITEM, true),
    b(C::WizardPerson, &[K::Char('n')], "n", Action::NewPerson, t::ACT_NEW_PERSON, true),
    b(C::WizardPerson, &[K::Esc, K::Left, K::Char('h')], t::KEY_ESC, Action::Back, t::ACT_BACK, true),
    b(C::WizardList, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_MOVE, true),
    b(C::WizardList, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_MOVE, false),
    b(C::WizardList, &[K::Enter, K::Right, K::Char('l')], t::KEY_ENTER, Action::Open, t::ACT_CHOOSE_ITEM, true),
    b(C::WizardList, &[K::Esc, K::Left, K::Char('h')], t::KEY_ESC, Action::Back, t::ACT_BACK, true),
    b(C::WizardPreview, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_SCROLL, true),
    b(C::WizardPreview, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_SCROLL, false),
    b(C::WizardPreview, &[K::Enter], t::KEY_ENTER, Action::Open, t::ACT_NEXT_STEP, true),
    b(C::WizardPreview, &[K::Esc, K::Left, K::Char('h')], t::KEY_ESC, Action::Back, t::ACT_BACK, true),
    // Popups.
    b(C::Help, &[K::Up, K::Char('k')], t::KEY_UP_DOWN, Action::Up, t::ACT_SCROLL, true),
    b(C::Help, &[K::Down, K::Char('j')], t::KEY_UP_DOWN, Action::Down, t::ACT_SCROLL, false),
    b(C::Help, &[K::PageUp], t::KEY_PAGE, Action::PageUp, t::ACT_PAGE, false),
    b(C::Help, &[K::PageDown], t::KEY_PAGE, Action::PageDown, t::ACT_PAGE, false),
    b(C::Help, &[K::Home, K::Char('g')], t::KEY_HOME_END, Action::Top, t::ACT_TOP_BOTTOM, false),
    b(C::Help, &[K::End, K::Char('G')], t::KEY_HOME_END, Action::Bottom, t::ACT_TOP_BOTTOM, false),
    b(C::Help, &[K::Esc, K::Char('?'), K::F(1), K::Char('q')], t::KEY_ESC, Action::ClosePopup, t::ACT_CLOSE, true),
    b(C::ConfirmQuit, &[K::Char('o'), K::Char('O'), K::Char('y')], "o", Action::QuitConfirmed, t::ACT_CONFIRM_QUIT, true),
    b(C::ConfirmQuit, &[K::Char('n'), K::Char('N'), K::Esc], "n", Action::ClosePopup, t::ACT_STAY, true),
    b(C::ConfirmDiscard, &[K::Char('o'), K::Char('O'), K::Char('y')], "o", Action::QuitConfirmed, t::ACT_CONFIRM_DISCARD, true),
    b(C::ConfirmDiscard, &[K::Char('n'), K::Char('N'), K::Esc], "n", Action::ClosePopup, t::ACT_STAY, true),
    b(C::Confirm, &[K::Char('o'), K::Char('O')], "o", Action::Confirmed, t::ACT_CONFIRM, true),
    b(C::Confirm, &[K::Char('n'), K::Char('N'), K::Esc], "n", Action::ClosePopup, t::ACT_CANCEL, true),
    // Everywhere (except while typing and in popups).
    b(C::Global, &[K::PageUp], t::KEY_PAGE, Action::PageUp, t::ACT_PAGE, false),
    b(C::Global, &[K::PageDown], t::KEY_PAGE, Action::PageDown, t::ACT_PAGE, false),
    b(C::Global, &[K::Home, K::Char('g')], t::KEY_HOME_END, Action::Top, t::ACT_TOP_BOTTOM, false),
    b(C::Global, &[K::End, K::Char('G')], t::KEY_HOME_END, Action::Bottom, t::ACT_TOP_BOTTOM, false),
    b(C::Global, &[K::Char('a'), K::F(2)], "a", Action::GoTo(Tab::Accueil), t::ACT_GO_ACCUEIL, false),
    b(C::Global, &[K::Char('c'), K::F(3)], "c", Action::GoTo(Tab::Catalogue), t::ACT_GO_CATALOGUE, false),
    b(C::Global, &[K::Char('p'), K::F(4)], "p", Action::GoTo(Tab::Personnes), t::ACT_GO_PERSONNES, false),
    b(C::Global, &[K::Char('d'), K::F(5)], "d", Action::GoTo(Tab::Dossiers), t::ACT_GO_DOSSIERS, false),
    b(C::Global, &[K::Char('e'), K::F(6)], "e", Action::GoTo(Tab::Echeances), t::ACT_GO_ECHEANCES, false),
    b(C::Global, &[K::Char('s'), K::F(7)], "s", Action::GoTo(Tab::Statistiques), t::ACT_GO_STATISTIQUES, false),
    b(C::Global, &[K::Char('?'), K::F(1)], "?", Action::Help, t::ACT_HELP, true),
    b(C::Global, &[K::Char('q'), K::Ctrl('c')], "q", Action::Quit, t::ACT_QUIT, true),
];

/// The action a key press stands for in `ctx`, looking at the context's bindings, then at
/// the global ones (except in popups and while typing, which take every key).
pub fn lookup(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
    if ev.kind != KeyEventKind::Press {
        return None;
    }
    let found = |c: Ctx| {
        BINDINGS
            .iter()
            .find(|b| b.ctx == c && b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action.clone())
    };
    if let Some(a) = found(ctx) {
        return Some(a);
    }
    match ctx {
        Ctx::Help | Ctx::ConfirmQuit | Ctx::ConfirmDiscard | Ctx::Confirm => None,
        Ctx::SearchInput | Ctx::Form | Ctx::Unlock => match ev.code {
            KeyCode::Char(c) if !ev.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::Input(c))
            }
            KeyCode::Char('c') => Some(Action::Quit),
            _ => None,
        },
        _ => found(Ctx::Global),
    }
}

/// Bindings of one context with duplicates of the same hint merged (↑ and ↓ share a line).
pub fn hints(ctx: Ctx) -> Vec<&'static Binding> {
    let mut out: Vec<&'static Binding> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.ctx == ctx) {
        if !out.iter().any(|o| o.shown == b.shown && o.label == b.label) {
            out.push(b);
        }
    }
    out
}

/// Contexts that take every key (no global bindings).
pub fn is_modal(ctx: Ctx) -> bool {
    matches!(
        ctx,
        Ctx::Help
            | Ctx::ConfirmQuit
            | Ctx::ConfirmDiscard
            | Ctx::Confirm
            | Ctx::SearchInput
            | Ctx::Form
            | Ctx::Unlock
    )
}

/// What the status line shows in `ctx`: the context's own hints, then the global ones
/// (popups and typing show only their own).
pub fn status_hints(ctx: Ctx) -> Vec<&'static Binding> {
    let mut out: Vec<&'static Binding> = hints(ctx).into_iter().filter(|b| b.in_status).collect();
    if !is_modal(ctx) {
        out.extend(hints(Ctx::Global).into_iter().filter(|b| b.in_status));
    }
    out
}

/// Key presses written as text, for tests and scripted demos: plain characters stand for
/// themselves; `<F1>`, `<Enter>`, `<Esc>`, `<Tab>`, `<S-Tab>`, `<Up>`, `<Down>`, `<Left>`, `<Right>`,
/// `<PgUp>`, `<PgDn>`, `<Home>`, `<End>`, `<BS>`, `<Del>`, `<F1>`…`<F12>`, `<C-x>` and `<lt>`
/// (a literal `<`) are named keys. An unknown name is an error.
pub fn parse_key_string(s: &str) -> Result<Vec<KeyEvent>, String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let name = &rest[1..end];
            let ev = match name {
                "Enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                "M-Enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT),
                "Esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                "Tab" => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                "S-Tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
                "Up" => KeyEvent::new(KeyCode::Up, KeyModifiers::NONE),
                "Down" => KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
                "Left" => KeyEvent::new(KeyCode::Left, KeyModifiers::NONE),
                "Right" => KeyEvent::new(KeyCode::Right, KeyModifiers::NONE),
                "PgUp" => KeyEvent::new(KeyCode::PageUp, KeyModifiers::NONE),
                "PgDn" => KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE),
                "Home" => KeyEvent::new(KeyCode::Home, KeyModifiers::NONE),
                "End" => KeyEvent::new(KeyCode::End, KeyModifiers::NONE),
                "BS" => KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
                "Del" => KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE),
                "lt" => KeyEvent::new(KeyCode::Char('<'), KeyModifiers::NONE),
                "F1" => KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE),
                n if n.starts_with("C-") && n.chars().count() == 3 => KeyEvent::new(
                    KeyCode::Char(n.chars().nth(2).unwrap_or('c')),
                    KeyModifiers::CONTROL,
                ),
                n if n.starts_with('F') && n[1..].parse::<u8>().is_ok() => {
                    KeyEvent::new(KeyCode::F(n[1..].parse().unwrap_or(1)), KeyModifiers::NONE)
                }
                other => return Err(format!("unknown key <{other}>")),
            };
            out.push(ev);
            rest = &rest[end + 1..];
        } else {
            out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let all = ALL_CTX;
        for ctx in all {
            let keys: Vec<Key> = BINDINGS
                .iter()
                .filter(|b| b.ctx == ctx)
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(k), "{k:?} bound twice in {ctx:?}");
            }
        }
    }

    #[test]
    fn screen_keys_win_over_global_ones_and_popups_swallow_the_rest() {
        assert_eq!(
            lookup(Ctx::Catalogue, &press(KeyCode::Char('/'))),
            Some(Action::StartSearch)
        );
        assert_eq!(
            lookup(Ctx::Catalogue, &press(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert_eq!(
            lookup(Ctx::Help, &press(KeyCode::Char('q'))),
            Some(Action::ClosePopup)
        );
        assert_eq!(lookup(Ctx::ConfirmQuit, &press(KeyCode::Char('c'))), None);
        assert_eq!(
            lookup(Ctx::SearchInput, &press(KeyCode::Char('q'))),
            Some(Action::Input('q'))
        );
    }

    #[test]
    fn shifted_question_mark_still_opens_help() {
        let ev = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Ctx::Accueil, &ev), Some(Action::Help));
    }

    #[test]
    fn key_strings() {
        let got = parse_key_string("a<Enter><C-c><lt>é<F1>").unwrap();
        assert_eq!(got.len(), 6);
        assert_eq!(got[1].code, KeyCode::Enter);
        assert_eq!(got[2].modifiers, KeyModifiers::CONTROL);
        assert_eq!(got[3].code, KeyCode::Char('<'));
        assert_eq!(got[4].code, KeyCode::Char('é'));
        assert_eq!(got[5].code, KeyCode::F(1));
        assert!(parse_key_string("<Nope>").is_err());
    }

    #[test]
    fn releases_are_ignored() {
        let mut ev = press(KeyCode::Char('q'));
        ev.kind = KeyEventKind::Release;
        assert_eq!(lookup(Ctx::Accueil, &ev), None);
    }

    #[test]
    fn every_status_hint_is_a_real_binding_of_that_context() {
        for b in status_hints(Ctx::Catalogue) {
            assert!(b.ctx == Ctx::Catalogue || b.ctx == Ctx::Global);
            let key = b.keys[0];
            let code = match key {
                Key::Char(c) => KeyCode::Char(c),
                Key::Enter => KeyCode::Enter,
                Key::Esc => KeyCode::Esc,
                Key::Up => KeyCode::Up,
                Key::F(n) => KeyCode::F(n),
                other => panic!("unexpected first key {other:?}"),
            };
            assert_eq!(lookup(Ctx::Catalogue, &press(code)), Some(b.action.clone()));
        }
    }
}
