//! Defect G (issue 15): a letter and its case are written in two steps, and a kill can fall
//! between them. The real binary is killed at the two moments that matter, with strace's
//! fault injection (skipped, saying why, without strace): at the store's first write (the
//! case being recorded) and at the rename that puts the letter in place. After either, a
//! letter on disk always has its case, and a case without its letter is told at the next
//! start, plainly and once.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{acces_in, add_person, strace_available};

/// `acces lettre taj --personne 1 --enregistrer --sortie LETTER` on the store in `dir`,
/// killed by SIGKILL at the first `syscalls` touching `watched`.
fn killed_at(dir: &Path, letter: &Path, watched: &Path, syscalls: &str) {
    let status = Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "-P"])
        .arg(watched)
        .arg(format!("-e trace={syscalls}").replace(' ', ""))
        .arg(format!("-einject={syscalls}:signal=KILL"))
        .arg(env!("CARGO_BIN_EXE_acces"))
        .args([
            "lettre",
            "taj",
            "--personne",
            "1",
            "--enregistrer",
            "--sortie",
        ])
        .arg(letter)
        .env("ACCES_DATA_DIR", dir)
        .env("ACCES_PASSPHRASE", common::PASS)
        .env_remove("ACCES_PASSPHRASE_FILE")
        .status()
        .unwrap();
    assert!(!status.success(), "the command was killed");
}

/// The cases in the store and what the next command says on stderr.
fn next_start(dir: &Path) -> (usize, String) {
    let out = acces_in(dir)
        .args(["dossier", "liste", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let cases: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        cases.as_array().unwrap().len(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("donnees");
    assert_eq!(add_person(&dir, tmp.path(), "Interrompue"), "1");
    let letter = tmp.path().join("lettre.txt");
    (tmp, dir, letter)
}

#[test]
fn killed_while_recording_no_letter_is_left_without_its_case() {
    if !strace_available() {
        return;
    }
    let (_tmp, dir, letter) = setup();
    killed_at(&dir, &letter, &dir.join("acces.db-wal"), "pwrite64,write");
    let (cases, told) = next_start(&dir);
    assert!(
        !letter.exists() || cases == 1,
        "a letter on disk whose case was never recorded ({cases} case), told: {told:?}"
    );
    if !letter.exists() {
        assert!(told.contains("interrompu"), "told: {told:?}");
    }
    // Told once.
    let (_, again) = next_start(&dir);
    assert!(!again.contains("interrompu"), "{again}");
}

#[test]
fn killed_before_the_letter_is_in_place_the_case_is_told_at_the_next_start() {
    if !strace_available() {
        return;
    }
    let (_tmp, dir, letter) = setup();
    killed_at(&dir, &letter, &letter, "rename,renameat,renameat2");
    assert!(!letter.exists());
    let (cases, told) = next_start(&dir);
    assert_eq!(cases, 1, "recorded before the letter is written");
    assert!(
        told.contains("interrompu") && told.contains("dossier n° 1"),
        "told: {told:?}"
    );
    assert!(
        !told.contains("Interrompue") && !told.contains("INTERROMPUE"),
        "no name"
    );
    // Once the letter is written again, nothing is left to tell.
    acces_in(&dir)
        .args(["lettre", "--dossier", "1", "--sortie"])
        .arg(&letter)
        .assert()
        .success();
    assert!(letter.exists());
    let (_, again) = next_start(&dir);
    assert!(!again.contains("interrompu"), "{again}");
}

/// The full-screen interface tells it too, once its store is open, at 80×24.
#[test]
fn the_interface_tells_a_letter_left_half_done_when_its_store_opens() {
    use acces::store::{self, LockMode, Passphrase};
    use acces::tui::{App, Config, StoreAccess, Theme};
    let (tmp, dir, letter) = setup();
    let mut journal = acces::fsio::journal::LetterJournal::begin(&dir, &letter).unwrap();
    journal.recorded(1).unwrap();
    drop(journal); // the interface was killed before the letter was written
    let s = store::open(
        &dir,
        &Passphrase::new(common::PASS),
        LockMode::Command,
        false,
    )
    .unwrap();
    let app = App::new(Config {
        catalogue: common::fixture_catalogue(),
        today: common::today(),
        theme: Theme { color: false },
        size: (80, 24),
        store: StoreAccess::Open(Box::new(s)),
        letters_dir: tmp.path().to_path_buf(),
        data_dir: Some(dir.clone()),
    });
    let message = app.message.clone().expect("told");
    assert!(message.error);
    assert!(message.text.contains("Dossier n° 1"), "{}", message.text);
    let screen = common::screen_text(&app);
    assert!(
        screen.contains("Dossier n° 1 : sa lettre n'a pas été écrite (interruption). Refaites-la."),
        "the whole message on one line at 80 columns: {screen}"
    );
    assert!(
        !dir.join(acces::fsio::journal::JOURNAL).exists(),
        "told once"
    );
}
