//! The real binary in a pseudo-terminal: it starts, opens the catalogue and the TAJ fiche,
//! quits, and leaves the terminal as it found it (main screen, cursor shown).

use crate::common::pty::{PTY_PASS, Session};
use portable_pty::CommandBuilder;

#[test]
fn opens_the_catalogue_and_taj_then_quits_restoring_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path());
    s.wait_for("Que vous arrive-t-il ?");
    s.send("c");
    s.wait_for("Catalogue des fichiers");
    s.send("/taj");
    s.wait_for("Chercher : taj");
    s.send("\r");
    s.wait_for("1 fiche sur");
    s.send("\r");
    s.wait_for("Catalogue › TAJ");
    s.wait_for("Traitement d’antécédents judiciaires");
    s.send("q");

    let status = s.wait_exit("q");
    assert!(status.success(), "exit status {status:?}");
    let parser = s.parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen(), "alternate screen left");
    assert!(!parser.screen().hide_cursor(), "cursor shown again");
    let raw = s.raw.lock().unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.contains("\x1b[?1049h"), "the alternate screen was used");
    assert!(raw.contains("\x1b[?1049l"), "and left");
    assert!(raw.contains("\x1b[?2004l"), "bracketed paste turned off");
    assert!(
        acces::store::exists(dir.path()),
        "the store was created in the temporary data directory"
    );
}

#[test]
fn without_a_scripted_passphrase_it_asks_twice_masked_then_opens() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start_with(dir.path(), None);
    s.wait_for("Créer votre registre");
    s.send("tournesol bleu\r");
    s.send("tournesol bleu\r");
    s.wait_for("Que vous arrive-t-il ?");
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    assert!(!raw.contains("tournesol"), "the passphrase is never echoed");
    s.send("p");
    s.wait_for("Aucune personne pour l'instant");
    s.send("q");
    s.wait_exit("q");
    assert!(acces::store::exists(dir.path()));
}

#[test]
fn without_a_terminal_it_refuses_in_french() {
    let dir = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("acces")
        .unwrap()
        .env("ACCES_DATA_DIR", dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "L'interface plein écran a besoin d'un terminal",
        ));
}

#[test]
fn a_wrong_scripted_passphrase_restores_the_terminal_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    drop(
        acces::store::open(
            dir.path(),
            &acces::store::Passphrase::new("la bonne"),
            acces::store::LockMode::Command,
            true,
        )
        .unwrap(),
    );
    let mut s = Session::start_with(dir.path(), Some("la mauvaise"));
    let status = s.wait_exit("wrong passphrase");
    assert_eq!(status.exit_code(), 3);
    let parser = s.parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen());
    assert!(!parser.screen().hide_cursor());
    assert!(
        parser
            .screen()
            .contents()
            .contains("Phrase de passe incorrecte"),
        "{}",
        parser.screen().contents()
    );
}

/// `acces --simple`: the same interface written as lines (for screen readers): no
/// alternate screen, no mouse reporting, no box drawing; the chosen tab between brackets.
#[test]
fn the_plain_mode_writes_lines_without_the_full_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_acces"));
    cmd.arg("--simple");
    cmd.env("ACCES_DATA_DIR", dir.path());
    cmd.env("ACCES_PASSPHRASE", PTY_PASS);
    let mut s = Session::spawn(cmd);
    s.wait_for("[a Accueil]");
    s.wait_for("Que vous arrive-t-il ?");
    s.send("c");
    s.wait_for("[c Catalogue]");
    s.wait_for("CAF-SCORE");
    s.send("q");
    let status = s.wait_exit("q");
    assert!(status.success(), "exit status {status:?}");
    let raw = s.raw.lock().unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(!raw.contains("\x1b[?1049h"), "no alternate screen");
    assert!(!raw.contains("\x1b[?1000h"), "no mouse reporting");
    assert!(
        !raw.chars().any(|c| ('\u{2500}'..='\u{259F}').contains(&c)),
        "no box drawing"
    );
    assert!(raw.contains("\r\n"), "lines, one after the other");
    assert!(acces::store::exists(dir.path()));
}
