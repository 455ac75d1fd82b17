//! What the integration tests share, written once: the real binary with or without a
//! temporary store, its output, a person file, a case with a sending, and the full-screen
//! app on a fixture catalogue. `tests/integration.rs` declares it once; each test file takes
//! it with `use crate::common;` and uses a part.
//!
//! Insta snapshots stay asserted in the test files themselves: their names carry the file's
//! module path, so a `snap` helper here would rename every snapshot.
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use acces::catalogue::{Catalogue, SourceFile};
use acces::letters::RenderOptions;
use acces::person::Person;
use acces::tui::keys::parse_key_string;
use acces::tui::{App, Config, StoreAccess, Theme, ui};
use assert_cmd::Command;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::Event;

/// The passphrase of every temporary store the CLI tests create.
pub const PASS: &str = "phrase de passe d'essai";

/// The binary with no store: nothing from the environment says where one is or how to open it.
pub fn acces() -> Command {
    let mut cmd = Command::cargo_bin("acces").unwrap();
    cmd.env_remove("ACCES_DATA_DIR")
        .env_remove("ACCES_PASSPHRASE")
        .env_remove("ACCES_PASSPHRASE_FILE")
        .env_remove("ACCES_REGISTRE");
    cmd
}

/// The binary on the temporary store in `dir`, unlocked with [`PASS`].
pub fn acces_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("acces").unwrap();
    cmd.env("ACCES_DATA_DIR", dir)
        .env("ACCES_PASSPHRASE", PASS)
        .env_remove("ACCES_PASSPHRASE_FILE")
        .env_remove("ACCES_REGISTRE");
    cmd
}

/// [`acces_in`], run from `dir`'s parent: files a command writes to the current directory
/// land in the temporary directory.
pub fn acces_in_cwd(dir: &Path) -> Command {
    let mut cmd = acces_in(dir);
    cmd.current_dir(dir.parent().unwrap());
    cmd
}

/// The standard output of a command that must succeed.
pub fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// The standard output of a command that must succeed, read as JSON.
pub fn json(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout(cmd)).unwrap()
}

/// The trimmed standard output of `acces ARGS` on the store in `dir`, which must succeed.
pub fn run(dir: &Path, args: &[&str]) -> String {
    stdout(acces_in(dir).args(args)).trim().to_string()
}

/// `acces ARGS --json` on the store in `dir`, read as JSON.
pub fn run_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    json(acces_in(dir).args(args).arg("--json"))
}

/// The French message of `acces ARGS` on the store in `dir`, which must be refused (exit 2).
pub fn refused(dir: &Path, args: &[&str]) -> String {
    let out = acces_in(dir)
        .args(args)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    String::from_utf8(out).unwrap()
}

/// A file or directory under `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The person of `tests/fixtures/personne.json`.
pub fn fixture_person() -> Person {
    serde_json::from_str(&std::fs::read_to_string(fixture("personne.json")).unwrap()).unwrap()
}

/// Typed letter fields from `(key, value)` pairs.
pub fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// How the letter tests render: dated 1 March 2027, by post or not.
pub fn letter_options(by_post: bool) -> RenderOptions {
    RenderOptions {
        today: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        by_post,
    }
}

/// Writes a person file named `<nom>.json` in `dir` (Metz, Moselle, with birth and e-mail).
pub fn person_file(dir: &Path, nom: &str) -> PathBuf {
    let path = dir.join(format!("{nom}.json"));
    std::fs::write(
        &path,
        format!(
            r#"{{"nom":"{nom}","prenoms":"Zéphyrine","adresse":["12 rue des Essais"],
               "code_postal":"57000","commune":"Metz","departement":"57",
               "date_naissance":"1990-04-01","lieu_naissance":"Metz (Moselle)",
               "email":"zephyrine@exemple.fr"}}"#
        ),
    )
    .unwrap();
    path
}

/// Adds the person `nom` (its file written in `work`) to the store in `dir`; returns its id.
pub fn add_person(dir: &Path, work: &Path, nom: &str) -> String {
    let file = person_file(work, nom);
    stdout(acces_in(dir).args(["personne", "ajouter", "--fichier", file.to_str().unwrap()]))
        .trim()
        .to_string()
}

/// Opens a TAJ case for `person` on `route`, then `extra` (`--date`, `--canal`…); returns
/// its id.
pub fn open_taj(dir: &Path, person: &str, route: &str, extra: &[&str]) -> String {
    stdout(
        acces_in(dir)
            .args([
                "dossier",
                "ouvrir",
                "--personne",
                person,
                "--fichier",
                "taj",
                "--demarche",
                route,
            ])
            .args(extra),
    )
    .trim()
    .to_string()
}

/// Records an event on `case`: `acces evenement ajouter --dossier CASE --type KIND --date
/// DATE`, then `extra`; returns its output.
pub fn add_event(dir: &Path, case: &str, kind: &str, date: &str, extra: &[&str]) -> String {
    stdout(
        acces_in(dir)
            .args([
                "evenement",
                "ajouter",
                "--dossier",
                case,
                "--type",
                kind,
                "--date",
                date,
            ])
            .args(extra),
    )
}

/// Records the sending of `case` on `date`, then `extra` (`--canal lrar`…).
pub fn record_sent(dir: &Path, case: &str, date: &str, extra: &[&str]) -> String {
    add_event(dir, case, "envoye", date, extra)
}

// The full-screen interface on a TestBackend.

/// The two terminal sizes every screen is snapshotted at.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The catalogue of `tests/fixtures/catalogue`.
pub fn fixture_catalogue() -> Catalogue {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalogue");
    let files: Vec<SourceFile> = acces::fsio::read_catalogue_dir(&dir).expect("fixture dir");
    Catalogue::from_files(&files).expect("fixture catalogue is valid")
}

/// The day every TUI test runs on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// The app on the fixture catalogue, in colour, at `size`, with `store`, writing letters to
/// `letters_dir`.
pub fn app_on(size: (u16, u16), store: StoreAccess, letters_dir: PathBuf) -> App {
    App::new(Config {
        catalogue: fixture_catalogue(),
        today: today(),
        theme: Theme { color: true },
        size,
        store,
        letters_dir,
        data_dir: None,
    })
}

/// Sends a key string (`"c/taj<Enter>"`) to the app.
pub fn keys(app: &mut App, s: &str) {
    for k in parse_key_string(s).expect("valid key string") {
        app.handle_event(&Event::Key(k));
    }
}

/// The app drawn once on a TestBackend of its size.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(app.cx.size.0, app.cx.size.1)).unwrap();
    term.draw(|f| ui::render(app, f)).unwrap();
    term
}

/// The text of the screen, as drawn.
pub fn screen_text(app: &App) -> String {
    draw(app).backend().to_string()
}

/// Whether `strace` can run the tests that kill acces at a given system call or watch its
/// sockets (`.ci/run` installs it when it can). Without it they are skipped, saying so here.
pub fn strace_available() -> bool {
    let found = std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: strace is not installed (apt-get install strace)");
    }
    found
}
