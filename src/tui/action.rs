//! Every change of the interface's state is one of these, applied by `App::update`; and
//! what a screen asks of the app in return (`Nav`).

use chrono::NaiveDate;

use crate::cases::{CaseId, PersonId};

/// The top-level screens reachable from the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Accueil,
    Catalogue,
    Personnes,
    Dossiers,
    Echeances,
    Statistiques,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Accueil,
        Tab::Catalogue,
        Tab::Personnes,
        Tab::Dossiers,
        Tab::Echeances,
        Tab::Statistiques,
    ];

    /// Whether the tab shows the tracker (it needs the store open).
    pub fn needs_store(self) -> bool {
        !matches!(self, Tab::Accueil | Tab::Catalogue)
    }
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
    /// Personnes: the Importer screen (a spreadsheet or an acces export).
    OpenImport,
    /// Personnes: the mandate of the selected person for their open cases.
    WriteMandate,
    /// Importer: import only the spreadsheet's valid lines (the others are reported).
    ImportValidLines,
    /// Delete what is selected (a person), after a question.
    Delete,
    /// « oui » to the question of a [`Pending`] action.
    Confirmed,
    /// Dossier screen: between the history and the actions.
    NextPane,
    CycleStatus,
    CycleSort,
    /// Dossiers: pick the case under the cursor for the letters, or drop it.
    TogglePick,
    /// Dossiers: « Rédiger les lettres » of the cases picked.
    WriteLetters,
    /// Sent by the loop while a screen is busy (letters being written), between frames.
    Work,
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
    /// A line break in a field on several lines (an address).
    NewLine,
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

/// What a screen asks of the app after a key (gitui's `InternalEvent`). A screen changes
/// only its own state; moving between screens, re-reading the store and the message line
/// are the app's (`App::apply`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nav {
    Stay,
    /// Close this screen (Échap).
    Back,
    /// The steps of the n-th situation.
    Situation(usize),
    /// A catalogue fiche, scrolled to one route's part when given.
    Fiche {
        code: String,
        route: Option<String>,
    },
    /// One case.
    Case(CaseId),
    /// The Assistant, preset from where one stands.
    Wizard(Preset),
    /// The person form: a new person, or this one.
    EditPerson(Option<PersonId>),
    /// The Importer screen.
    Import,
    /// « Rédiger les lettres » of these cases.
    WriteLetters(Vec<CaseId>),
    /// The form that records an event on a case.
    RecordEvent(CaseId, EventForm),
    /// Try the passphrase typed on the Unlock screen.
    Unlock,
    /// Saved: close this screen, re-read the store, say so.
    Saved(String),
    /// Saved on this case (an event): close this screen, re-read the case, say so.
    CaseSaved(CaseId, String),
    /// « Rédiger les lettres » wrote them: back to Dossiers, the cases no longer picked,
    /// re-read the store, say so.
    LettersWritten(String),
    /// The Assistant saved its letter: show the case instead, re-read the store, say so.
    CaseInstead(CaseId, String),
    /// Done: say so (the screen stays).
    Said(String),
    /// Something went wrong: say so (the screen stays).
    Error(String),
    /// Ask first, then do it (something that cannot be undone).
    Confirm(Pending),
}

/// What waits for « oui »: it cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Delete a case and its history for good.
    DeleteCase(CaseId),
    /// Delete a person and all their cases for good.
    DeletePerson(PersonId),
    /// The person lets this step of the case go: its deadline is no longer listed.
    Renounce(CaseId, String),
}

/// Where the Assistant starts from.
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

/// The events a case's form records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventForm {
    Sent,
    Received,
    Reply,
    Close,
}
