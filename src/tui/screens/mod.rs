//! One file per screen. Each holds its state, its keys (`update`, which changes only the
//! screen and returns a `Nav` the app applies) and its drawing (`render`, which reads the
//! `Context`, draws the content area and returns the title line); `Screen` names them all
//! and dispatches.
//!
//! The places, as the user meets them (French): Accueil and its situations, Catalogue and
//! its fiches, Personnes and the person form, Dossiers, one Dossier and its event forms,
//! Échéances, Statistiques, the Assistant, the passphrase prompt.

pub mod accueil;
pub mod catalogue;
pub mod dossier;
pub mod dossiers;
pub mod echeances;
pub mod import;
pub mod lettres;
pub mod personnes;
pub mod statistiques;
#[cfg(test)]
pub(crate) mod testing;
pub mod unlock;
pub mod wizard;

use ratatui::Frame;

use super::action::{Action, Nav, Tab};
use super::context::Context;
use super::form::Form;
use super::keys::Ctx;

pub use accueil::{Accueil, Situation};
pub use catalogue::{CatalogueView, Fiche};
pub use dossier::{Dossier, EventScreen, Pane};
pub use dossiers::DossiersView;
pub use echeances::Echeances;
pub use import::ImportScreen;
pub use lettres::LettersForm;
pub use personnes::{PersonForm, Personnes};
pub use statistiques::Statistiques;
pub use unlock::{Resume, Unlock};
pub use wizard::Wizard;

/// A selection or scroll offset moved by `delta`, never below 0.
pub fn step(v: usize, delta: isize) -> usize {
    v.saturating_add_signed(delta)
}

/// The title line a screen asks for: its heading on the left, a count or a position on
/// the right. None draws no title.
pub type Title = Option<(String, String)>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Accueil(Accueil),
    Situation(Situation),
    Catalogue(CatalogueView),
    Fiche(Fiche),
    Unlock(Unlock),
    Personnes(Personnes),
    PersonForm(PersonForm),
    Import(ImportScreen),
    Dossiers(DossiersView),
    Echeances(Echeances),
    Statistiques(Statistiques),
    Dossier(Dossier),
    EventForm(EventScreen),
    Letters(LettersForm),
    Wizard(Box<Wizard>),
}

impl Screen {
    /// The tab this screen belongs to.
    pub fn tab(&self) -> Tab {
        match self {
            Screen::Accueil(_) | Screen::Situation(_) | Screen::Wizard(_) => Tab::Accueil,
            Screen::Catalogue(_) | Screen::Fiche(_) => Tab::Catalogue,
            Screen::Unlock(s) => s.tab(),
            Screen::Personnes(_) | Screen::PersonForm(_) | Screen::Import(_) => Tab::Personnes,
            Screen::Dossiers(_)
            | Screen::Dossier(_)
            | Screen::EventForm(_)
            | Screen::Letters(_) => Tab::Dossiers,
            Screen::Echeances(_) => Tab::Echeances,
            Screen::Statistiques(_) => Tab::Statistiques,
        }
    }

    /// Which key bindings apply.
    pub fn ctx(&self) -> Ctx {
        match self {
            Screen::Accueil(s) => s.ctx(),
            Screen::Situation(s) => s.ctx(),
            Screen::Catalogue(s) => s.ctx(),
            Screen::Fiche(s) => s.ctx(),
            Screen::Unlock(s) => s.ctx(),
            Screen::Personnes(s) => s.ctx(),
            Screen::PersonForm(_) | Screen::EventForm(_) | Screen::Letters(_) => Ctx::Form,
            Screen::Import(s) => s.ctx(),
            Screen::Dossiers(s) => s.ctx(),
            Screen::Echeances(s) => s.ctx(),
            Screen::Statistiques(s) => s.ctx(),
            Screen::Dossier(s) => s.ctx(),
            Screen::Wizard(s) => s.ctx(),
        }
    }

    /// The form that has the keys, if any (typing, moving between fields).
    pub fn form(&self) -> Option<&Form> {
        match self {
            Screen::Unlock(Unlock { form, .. })
            | Screen::PersonForm(PersonForm { form, .. })
            | Screen::EventForm(EventScreen { form, .. })
            | Screen::Letters(LettersForm { form, .. }) => Some(form),
            Screen::Wizard(w) => w.form(),
            Screen::Import(s) => s.form(),
            _ => None,
        }
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self {
            Screen::Unlock(Unlock { form, .. })
            | Screen::PersonForm(PersonForm { form, .. })
            | Screen::EventForm(EventScreen { form, .. })
            | Screen::Letters(LettersForm { form, .. }) => Some(form),
            Screen::Wizard(w) => w.form_mut(),
            Screen::Import(s) => s.form_mut(),
            _ => None,
        }
    }

    /// Whether a form holds input that quitting would lose.
    pub fn dirty(&self) -> bool {
        match self {
            Screen::PersonForm(PersonForm { form, .. })
            | Screen::EventForm(EventScreen { form, .. }) => form.dirty,
            Screen::Wizard(w) => w.dirty(),
            _ => false,
        }
    }

    /// Whether the screen has work under way (letters being written): the loop then sends
    /// `Action::Work` between frames instead of waiting for a key.
    pub fn busy(&self) -> bool {
        matches!(self, Screen::Letters(s) if s.busy())
    }

    /// Moves the selection (lists) or the scroll (documents).
    pub fn move_by(&mut self, delta: isize) {
        match self {
            Screen::Accueil(s) => s.move_by(delta),
            Screen::Situation(s) => s.move_by(delta),
            Screen::Catalogue(s) => s.move_by(delta),
            Screen::Fiche(s) => s.move_by(delta),
            Screen::Personnes(s) => s.move_by(delta),
            Screen::Dossiers(s) => s.move_by(delta),
            Screen::Echeances(s) => s.move_by(delta),
            Screen::Statistiques(s) => s.move_by(delta),
            Screen::Dossier(s) => s.move_by(delta),
            Screen::Wizard(s) => s.move_by(delta),
            Screen::Import(s) => s.move_by(delta),
            Screen::Unlock(_)
            | Screen::PersonForm(_)
            | Screen::EventForm(_)
            | Screen::Letters(_) => {}
        }
    }

    /// Keeps the selection and the scroll inside what exists.
    pub fn clamp(&mut self, cx: &Context) {
        match self {
            Screen::Accueil(s) => s.clamp(cx),
            Screen::Situation(s) => s.clamp(cx),
            Screen::Catalogue(s) => s.clamp(cx),
            Screen::Fiche(s) => s.clamp(cx),
            Screen::Personnes(s) => s.clamp(cx),
            Screen::Dossiers(s) => s.clamp(),
            Screen::Echeances(s) => s.clamp(cx),
            Screen::Statistiques(s) => s.clamp(cx),
            Screen::Dossier(s) => s.clamp(cx),
            Screen::Wizard(s) => s.clamp(cx),
            Screen::Unlock(_)
            | Screen::PersonForm(_)
            | Screen::EventForm(_)
            | Screen::Import(_)
            | Screen::Letters(_) => {}
        }
    }

    /// The screen's keys; what it asks of the app in return.
    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match self {
            Screen::Accueil(s) => s.update(action, cx),
            Screen::Situation(s) => s.update(action, cx),
            Screen::Catalogue(s) => s.update(action, cx),
            Screen::Fiche(s) => s.update(action, cx),
            Screen::Unlock(s) => s.update(action, cx),
            Screen::Personnes(s) => s.update(action, cx),
            Screen::PersonForm(s) => s.update(action, cx),
            Screen::Dossiers(s) => s.update(action, cx),
            Screen::Echeances(s) => s.update(action, cx),
            Screen::Statistiques(s) => s.update(action, cx),
            Screen::Dossier(s) => s.update(action, cx),
            Screen::EventForm(s) => s.update(action, cx),
            Screen::Letters(s) => s.update(action, cx),
            Screen::Wizard(s) => s.update(action, cx),
            Screen::Import(s) => s.update(action, cx),
        }
    }

    /// Draws the content area; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        match self {
            Screen::Accueil(s) => s.render(cx, f),
            Screen::Situation(s) => s.render(cx, f),
            Screen::Catalogue(s) => s.render(cx, f),
            Screen::Fiche(s) => s.render(cx, f),
            Screen::Unlock(s) => s.render(cx, f),
            Screen::Personnes(s) => s.render(cx, f),
            Screen::PersonForm(s) => s.render(cx, f),
            Screen::Dossiers(s) => s.render(cx, f),
            Screen::Echeances(s) => s.render(cx, f),
            Screen::Statistiques(s) => s.render(cx, f),
            Screen::Dossier(s) => s.render(cx, f),
            Screen::EventForm(s) => s.render(cx, f),
            Screen::Letters(s) => s.render(cx, f),
            Screen::Wizard(s) => s.render(cx, f),
            Screen::Import(s) => s.render(cx, f),
        }
    }
}
