//! `acces phrase-de-passe changer` through the real binary. Temporary data directories only.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const PASS: &str = "phrase de passe d'essai";
const NEW: &str = "une toute nouvelle phrase";

fn acces(dir: &Path, pass: &str) -> Command {
    let mut cmd = Command::cargo_bin("acces").unwrap();
    cmd.env("ACCES_DATA_DIR", dir)
        .env("ACCES_PASSPHRASE", pass)
        .env_remove("ACCES_NOUVELLE_PASSPHRASE");
    cmd
}

fn with_one_person(dir: &Path) {
    let file = dir.join("p.json");
    std::fs::write(
        &file,
        r#"{"nom":"Lune","prenoms":"Zoé","adresse":["1 rue X"],"code_postal":"75001","commune":"Paris"}"#,
    )
    .unwrap();
    let data = dir.join("donnees");
    acces(&data, PASS)
        .args(["personne", "ajouter", "--fichier"])
        .arg(&file)
        .assert()
        .success();
}

fn persons(data: &Path, pass: &str) -> String {
    let out = acces(data, pass)
        .args(["personne", "liste"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_new_passphrase_opens_the_register_and_the_old_one_no_longer_does() {
    let dir = tempfile::tempdir().unwrap();
    with_one_person(dir.path());
    let data = dir.path().join("donnees");
    // A copy left by an interrupted change: the register still opens with the old one.
    std::fs::write(data.join("acces-nouvelle-phrase-en-cours.db"), b"partiel").unwrap();
    assert!(persons(&data, PASS).contains("LUNE"));
    acces(&data, PASS)
        .args(["phrase-de-passe", "changer"])
        .env("ACCES_NOUVELLE_PASSPHRASE", NEW)
        .assert()
        .success()
        .stderr(predicate::str::contains("Phrase de passe changée."));
    assert!(!data.join("acces-nouvelle-phrase-en-cours.db").exists());
    assert!(persons(&data, NEW).contains("LUNE"));
    acces(&data, PASS)
        .args(["personne", "liste"])
        .assert()
        .code(3);
}

#[test]
fn a_wrong_current_passphrase_or_a_short_new_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    with_one_person(dir.path());
    let data = dir.path().join("donnees");
    acces(&data, "pas la bonne")
        .args(["phrase-de-passe", "changer"])
        .env("ACCES_NOUVELLE_PASSPHRASE", NEW)
        .assert()
        .code(3);
    acces(&data, PASS)
        .args(["phrase-de-passe", "changer"])
        .env("ACCES_NOUVELLE_PASSPHRASE", "courte")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("moins de 12 caractères"))
        .stderr(predicate::str::contains("--phrase-courte"));
    assert!(persons(&data, PASS).contains("LUNE"));
    acces(&data, PASS)
        .args(["phrase-de-passe", "changer", "--phrase-courte"])
        .env("ACCES_NOUVELLE_PASSPHRASE", "courte")
        .assert()
        .success();
    assert!(persons(&data, "courte").contains("LUNE"));
}
