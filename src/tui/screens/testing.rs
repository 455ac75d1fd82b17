//! For the screens' unit tests: a `Context` over the test catalogue, with or without a
//! real store (SQLCipher, in a temporary directory) holding one person and one case.

use std::path::Path;

use chrono::NaiveDate;
use tempfile::TempDir;

use super::super::context::Context;
use super::super::theme::Theme;
use super::super::tracker::Data;
use crate::cases::{CaseId, Channel, EventKind, NewCase, NewEvent, PersonId};
use crate::catalogue::Catalogue;
use crate::person::Person;
use crate::store::{self, LockMode, Passphrase, Store};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn catalogue() -> Catalogue {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalogue");
    let files = crate::fsio::read_catalogue_dir(&dir).expect("test catalogue");
    Catalogue::from_files(&files).expect("test catalogue is valid")
}

/// No tracker: the guide and the catalogue only.
pub fn cx() -> Context {
    Context {
        catalogue: catalogue(),
        today: today(),
        theme: Theme { color: false },
        size: (100, 30),
        data: None,
        // Nothing is written without a tracker; `tracker()` gives a folder of its own.
        letters_dir: "lettres".into(),
        data_dir: None,
        shared_register: false,
    }
}

pub fn person() -> Person {
    Person {
        nom: "Martin".into(),
        prenoms: "Alix".into(),
        adresse: vec!["1 rue de la Paix".into()],
        code_postal: "69001".into(),
        commune: "Lyon".into(),
        ..Person::default()
    }
}

/// A tracker with one person and one TAJ access request sent in June (its reply is
/// overdue), as the store holds it.
pub struct Tracker {
    pub cx: Context,
    pub person: PersonId,
    pub case: CaseId,
    _dir: TempDir,
}

impl Tracker {
    /// The store's data directory.
    pub fn dir(&self) -> &Path {
        self._dir.path()
    }
}

pub fn tracker() -> Tracker {
    let dir = tempfile::tempdir().unwrap();
    let pass = Passphrase::new("phrase de test");
    let mut s = store::open(dir.path(), &pass, LockMode::Command, true).unwrap();
    let person = s.add_person(&person()).unwrap();
    let sent = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let (case, _) = s
        .open_case_with_event(
            &NewCase {
                personne: person,
                fichier: "TAJ".into(),
                demarche: "acces".into(),
                canal: Some(Channel::Lrar),
                references: Vec::new(),
                suite_de: None,
                ouvert: sent,
            },
            &NewEvent {
                date: sent,
                kind: EventKind::Envoye {
                    canal: Some(Channel::Lrar),
                    recommande: None,
                },
                texte: None,
            },
        )
        .unwrap();
    let mut cx = cx();
    cx.data = Some(Data::load(Box::new(s), &cx.catalogue, today()).unwrap());
    cx.letters_dir = dir.path().join("lettres");
    cx.data_dir = Some(dir.path().to_path_buf());
    std::fs::create_dir(&cx.letters_dir).unwrap();
    Tracker {
        cx,
        person,
        case,
        _dir: dir,
    }
}
