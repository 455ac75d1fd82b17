//! The Assistant's last step: the letter written to a file (text, PDF or e-mail), then the
//! case opened, or the reminder noted, in the store.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::super::super::form::{Field, Form};
use super::super::super::tracker::Data;
use super::super::super::widgets::format_date;
use super::Wizard;
use crate::cases::{CaseId, Channel};
use crate::catalogue::Catalogue;
use crate::error::Failure;
use crate::fsio::journal::LetterJournal;
use crate::letters::journey::{self, Recording, Sending, Writing};
use crate::letters::{self, RenderOptions};
use crate::texts::{cases as tc, local as tl, tui as t};

/// Save form field indexes.
pub const SAVE_FORMAT: usize = 0;
pub const SAVE_FOLDER: usize = 1;
pub const SAVE_SENT: usize = 2;
pub const SAVE_DATE: usize = 3;
pub const SAVE_RECOMMANDE: usize = 4;

impl Wizard {
    pub(super) fn build_save(&mut self, today: NaiveDate) {
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

    /// The save step: opens the case (or notes the reminder), then writes the letter file,
    /// with the letter journal in `journal_dir` (the data directory) in between.
    /// Returns the case to show and the message to display.
    pub fn save(
        &mut self,
        cat: &Catalogue,
        data: &mut Data,
        today: NaiveDate,
        journal_dir: Option<&Path>,
    ) -> Option<(CaseId, String)> {
        self.save.clear_errors();
        self.error = None;
        let format = self.save.selected(SAVE_FORMAT);
        let sent_choice = self.save.selected(SAVE_SENT);
        let channel = sent_choice
            .checked_sub(1)
            .and_then(|i| Channel::ALL.get(i).copied());
        let recommande = self.save.optional(SAVE_RECOMMANDE);
        let sending = match channel {
            Some(channel) => match crate::validate::date(self.save.value(SAVE_DATE)) {
                Ok(date) => {
                    let s = Sending {
                        channel,
                        date,
                        recommande,
                    };
                    if let Err(e) = journey::check_sending(&s, today) {
                        self.save.set_error(SAVE_DATE, e.to_string());
                        return None;
                    }
                    Some(s)
                }
                Err(e) => {
                    self.save.set_error(SAVE_DATE, e);
                    return None;
                }
            },
            None => None,
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
        // The recipient chosen, kept in the case for its next letters.
        let reminded = self
            .preset
            .reminder_of
            .and_then(|id| data.case(id))
            .map(|tr| &tr.history.case);
        let keep = match letters::recipient::to_keep_in(reminded, &target, &self.typed()) {
            Ok(k) => k,
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
        let path = crate::fsio::free_name(&folder, &t::wiz_letter_file(&code, &kind, today, ext));
        let shown = path.display().to_string();
        // The store first, then the file (see `fsio::journal`): a kill in between leaves a
        // case whose letter can be written again, and the journal tells it at the next start.
        let mut journal = match journal_dir.map(|d| LetterJournal::begin(d, &path)) {
            Some(Err(f)) => {
                self.error = Some(t::wiz_cannot_save(&f.message));
                return None;
            }
            Some(Ok(j)) => Some(j),
            None => None,
        };
        let case = match self.record(data, &code, &route, sending.as_ref(), !by_post, today) {
            Ok(case) => case,
            Err(f) => {
                if let Some(j) = journal {
                    j.done();
                }
                self.error = Some(t::wiz_not_recorded(&f.message));
                return None;
            }
        };
        // A second, small write: the draft stands even if it fails, and the failure is told.
        let not_kept = keep
            .as_deref()
            .and_then(|k| data.store.set_recipient(case, Some(k)).err())
            .map(|f| tl::recipient_not_kept(&f.message));
        if let Some(j) = journal.as_mut() {
            // The case is in the store: if this note fails, the journal still says « perhaps ».
            let _ = j.recorded(case);
        }
        let written = crate::fsio::write_atomic(&path, &bytes);
        if let Some(j) = journal {
            j.done();
        }
        match written {
            Ok(()) => Some((
                case,
                match not_kept {
                    None => t::wiz_saved(&shown, case),
                    Some(why) => format!("{} {why}", t::wiz_saved(&shown, case)),
                },
            )),
            // Recorded but not written: the case is shown, with what to do.
            Err(f) => Some((case, t::wiz_recorded_not_written(case, &f.message))),
        }
    }

    /// Records what writing the letter means (`letters::journey::record`): the sending
    /// reported, or a draft; on the reminded case, or on a case opened for the letter.
    fn record(
        &self,
        data: &mut Data,
        code: &str,
        route: &str,
        sending: Option<&Sending>,
        by_email: bool,
        today: NaiveDate,
    ) -> Result<CaseId, Failure> {
        let writing = match self.preset.reminder_of {
            Some(id) => Writing::OnCase {
                history: &data
                    .case(id)
                    .ok_or_else(|| Failure::invalid(crate::texts::store::unknown_case(id)))?
                    .history,
                reminder: true,
            },
            None => Writing::NewCase {
                person: self
                    .person
                    .ok_or_else(|| Failure::invalid(t::WIZ_NO_PERSON))?,
                file: code,
                route,
                follows: self.preset.follows,
            },
        };
        let recording = journey::record(writing, sending, by_email, today)
            .map_err(|e| Failure::invalid(e.to_string()))?;
        // One user action, one transaction.
        match recording {
            Recording::OnCase { case, event } => {
                data.store.add_event(case, &event)?;
                Ok(case)
            }
            Recording::NewCase { case, event } => {
                Ok(data.store.open_case_with_event(&case, &event)?.0)
            }
        }
    }
}
