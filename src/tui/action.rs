//! Every change of the interface's state is one of these, applied by `App::update`.

use chrono::NaiveDate;

/// The top-level screens reachable from the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Accueil,
    Catalogue,
    Personnes,
    Dossiers,
    Echeances,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Accueil,
        Tab::Catalogue,
        Tab::Personnes,
        Tab::Dossiers,
        Tab::Echeances,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Ask to quit (confirms first when a form holds unsaved input).
    Quit,
    QuitConfirmed,
    Help,
    ClosePopup,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    /// The catalogue fiche of the selected suggestion.
    OpenFiche,
    /// The Assistant, preset from where one stands.
    StartWizard,
    NewPerson,
    /// Dossier screen: between the history and the actions.
    NextPane,
    CycleStatus,
    CycleSort,
    /// Forms.
    NextField,
    PrevField,
    ChoiceLeft,
    ChoiceRight,
    /// Enter in a form: next field, or validate on the last one.
    Submit,
    GoTo(Tab),
    StartSearch,
    SearchDone,
    SearchCancel,
    CycleRegime,
    ClearFilter,
    /// A typed character for the focused text input.
    Input(char),
    Backspace,
    /// Empties the focused text field (a prefilled date, say).
    ClearField,
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// The terminal's new size in columns and rows.
    Resize(u16, u16),
    /// Mouse wheel.
    ScrollUp,
    ScrollDown,
    /// Left click at column, row.
    Click(u16, u16),
    /// The date changed (the loop checks the clock now and then).
    Today(NaiveDate),
}
