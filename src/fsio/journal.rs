//! The letter journal: writing a letter is two steps, recording it in the store and writing
//! its file, and a kill can fall between them. The store is written first (a draft recorded
//! whose file is missing can be written again from its case; a letter on disk that the
//! tracker does not know would be forgotten), and a small journal file in the data directory
//! says what was under way, so that the next start can tell the user what was left half done.
//!
//! The journal holds the letter's path and, once recorded, the case number: nothing else
//! about the person. It is written before the store, completed once the store has the case,
//! and removed once the letter's file is written.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::write_atomic;
use crate::cases::CaseId;
use crate::error::Failure;
use crate::texts::fs as t;

/// The journal's name in the data directory.
pub const JOURNAL: &str = "lettre-en-cours.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// The letter file to be written.
    fichier: PathBuf,
    /// The case the letter was recorded on, once recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dossier: Option<CaseId>,
}

/// A letter being written: [`LetterJournal::begin`] before recording, then
/// [`LetterJournal::recorded`], then [`LetterJournal::done`] once the file is written.
#[derive(Debug)]
pub struct LetterJournal {
    path: PathBuf,
    entry: Entry,
}

impl LetterJournal {
    /// Notes, durably, that the letter `letter` is about to be recorded and written.
    pub fn begin(data_dir: &Path, letter: &Path) -> Result<LetterJournal, Failure> {
        let letter = std::path::absolute(letter).unwrap_or_else(|_| letter.to_path_buf());
        let j = LetterJournal {
            path: data_dir.join(JOURNAL),
            entry: Entry {
                fichier: letter,
                dossier: None,
            },
        };
        j.write()?;
        Ok(j)
    }

    /// Notes the case the letter was recorded on.
    pub fn recorded(&mut self, case: CaseId) -> Result<(), Failure> {
        self.entry.dossier = Some(case);
        self.write()
    }

    /// The letter's file is written: nothing is left to tell.
    pub fn done(self) {
        let _ = fs::remove_file(&self.path);
        if let Some(Ok(d)) = self.path.parent().map(fs::File::open) {
            let _ = d.sync_all();
        }
    }

    fn write(&self) -> Result<(), Failure> {
        // A letter path that is not UTF-8 cannot be written as JSON: said, never a panic.
        let text = serde_json::to_vec(&self.entry)
            .map_err(|_| Failure::invalid(t::JOURNAL_PATH_NOT_UTF8))?;
        write_atomic(&self.path, &text)
    }
}

/// What the last start left half done: a letter recorded (or perhaps recorded) whose file
/// was never written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interrupted {
    /// The case was recorded; the letter's file is missing.
    Recorded { letter: PathBuf, case: CaseId },
    /// Killed around the recording: the case may or may not be in the store.
    Perhaps { letter: PathBuf },
    /// The journal could not be read (cut by a full disk, edited by hand).
    Unreadable,
}

impl Interrupted {
    /// In full, for the command line.
    pub fn long(&self) -> String {
        match self {
            Interrupted::Recorded { letter, case } => t::letter_interrupted_recorded(letter, *case),
            Interrupted::Perhaps { letter } => t::letter_interrupted_maybe(letter),
            Interrupted::Unreadable => t::LETTER_INTERRUPTED_UNKNOWN.to_string(),
        }
    }

    /// On one line of the interface's message bar (80 columns).
    pub fn short(&self) -> String {
        match self {
            Interrupted::Recorded { case, .. } => t::letter_interrupted_short(*case),
            Interrupted::Perhaps { .. } | Interrupted::Unreadable => {
                t::LETTER_INTERRUPTED_SHORT.to_string()
            }
        }
    }
}

/// What the last start left half done, if anything: `None` when nothing was left, or when
/// the letter's file is there (only the journal's removal was missed). The journal is
/// removed once read: it is told once.
pub fn interrupted(data_dir: &Path) -> Option<Interrupted> {
    let path = data_dir.join(JOURNAL);
    let bytes = super::read_bounded_bytes(&path, 64 * 1024).ok()?;
    let entry: Option<Entry> = serde_json::from_slice(&bytes).ok();
    let _ = fs::remove_file(&path);
    let Some(entry) = entry else {
        return Some(Interrupted::Unreadable);
    };
    if entry.fichier.is_file() {
        return None;
    }
    Some(match entry.dossier {
        Some(case) => Interrupted::Recorded {
            letter: entry.fichier,
            case,
        },
        None => Interrupted::Perhaps {
            letter: entry.fichier,
        },
    })
}

#[cfg(test)]
mod tests {

    /// A letter path that is not UTF-8 (possible on Linux) is refused in French, not a panic.
    #[cfg(unix)]
    #[test]
    fn a_letter_path_that_is_not_utf8_is_refused_without_a_panic() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"lettre-\xff.txt");
        let e = LetterJournal::begin(dir.path(), &dir.path().join(name)).unwrap_err();
        assert_eq!(e.message, t::JOURNAL_PATH_NOT_UTF8);
        assert!(!dir.path().join(JOURNAL).exists());
    }
    use super::*;

    #[test]
    fn a_finished_letter_leaves_nothing_to_tell() {
        let dir = tempfile::tempdir().unwrap();
        let letter = dir.path().join("lettre.txt");
        let mut j = LetterJournal::begin(dir.path(), &letter).unwrap();
        j.recorded(7).unwrap();
        fs::write(&letter, "texte").unwrap();
        j.done();
        assert!(!dir.path().join(JOURNAL).exists());
        assert_eq!(interrupted(dir.path()), None);
    }

    #[test]
    fn a_recorded_letter_without_its_file_is_told_once_with_its_case() {
        let dir = tempfile::tempdir().unwrap();
        let letter = dir.path().join("acces-taj-acces-2026-11-28.pdf");
        let mut j = LetterJournal::begin(dir.path(), &letter).unwrap();
        j.recorded(42).unwrap();
        drop(j); // killed before the file was written
        let told = interrupted(dir.path()).expect("told").long();
        assert!(told.contains("dossier n° 42"), "{told}");
        assert!(told.contains("acces-taj-acces-2026-11-28.pdf"), "{told}");
        assert_eq!(interrupted(dir.path()), None, "told once");
    }

    #[test]
    fn a_letter_killed_before_recording_is_told_as_perhaps_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let letter = dir.path().join("l.txt");
        drop(LetterJournal::begin(dir.path(), &letter).unwrap());
        let told = interrupted(dir.path()).expect("told");
        assert!(told.long().contains("peut-être"), "{told:?}");
        assert!(told.short().chars().count() <= 78, "{}", told.short());
    }

    #[test]
    fn a_letter_written_but_journal_left_is_not_told() {
        let dir = tempfile::tempdir().unwrap();
        let letter = dir.path().join("l.txt");
        let mut j = LetterJournal::begin(dir.path(), &letter).unwrap();
        j.recorded(1).unwrap();
        fs::write(&letter, "x").unwrap();
        drop(j);
        assert_eq!(interrupted(dir.path()), None);
        assert!(!dir.path().join(JOURNAL).exists());
    }

    #[test]
    fn a_damaged_journal_is_told_plainly() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(JOURNAL), "{\"fich").unwrap();
        assert_eq!(interrupted(dir.path()), Some(Interrupted::Unreadable));
    }
}
