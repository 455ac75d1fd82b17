//! What every screen reads: the catalogue, today's date, the theme, the terminal size and
//! the tracker's data. Screens change only themselves; they write to the store through
//! `data` when saving, and ask the app for the rest with a `Nav`.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::docs;
use super::layout;
use super::theme::Theme;
use super::tracker::{self, CaseAction, Data};
use crate::cases::CaseId;
use crate::catalogue::Catalogue;

pub struct Context {
    pub catalogue: Catalogue,
    pub today: NaiveDate,
    pub theme: Theme,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The tracker, once its store is open.
    pub data: Option<Data>,
    /// Where the Assistant proposes to save letters.
    pub letters_dir: PathBuf,
    /// The data directory, where the letter journal is kept (`fsio::journal`); `None` for
    /// a store without one.
    pub data_dir: Option<PathBuf>,
    /// The tracker is a group's shared register (on a server), not the file on this
    /// computer: the passphrase asked for is the volunteer's identity's.
    pub shared_register: bool,
}

impl Context {
    pub fn doc_width(&self) -> usize {
        layout::doc_area(self.size).width as usize
    }

    pub fn doc_height(&self) -> usize {
        layout::doc_area(self.size).height as usize
    }

    /// Lines moved by Page up / Page down.
    pub fn page(&self) -> usize {
        (self.doc_height().max(2) - 1).max(1)
    }

    /// What one can do on a case now.
    pub fn case_actions(&self, id: CaseId) -> Vec<CaseAction> {
        self.data
            .as_ref()
            .and_then(|d| d.case(id))
            .map(|t| tracker::case_actions(t, &self.catalogue, self.today))
            .unwrap_or_default()
    }

    /// Whether acces writes the letter of this route.
    pub fn route_has_letter(&self, code: &str, route: &str) -> bool {
        self.catalogue
            .entry(code)
            .and_then(|e| e.route(route))
            .is_some_and(|r| r.letter.is_some())
    }

    /// The first line of a route's part in an entry's fiche (0 when unknown).
    pub fn fiche_scroll(&self, code: &str, route: Option<&str>) -> usize {
        let Some(route) = route else { return 0 };
        self.catalogue
            .entry(code)
            .and_then(|e| {
                let doc = docs::fiche(&self.catalogue, e, self.doc_width(), self.theme);
                let i = e.routes.iter().position(|r| r.id == route)?;
                doc.parts.get(i).map(|(start, _)| *start)
            })
            .unwrap_or(0)
    }
}
