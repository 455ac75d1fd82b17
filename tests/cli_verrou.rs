//! `acces deverrouiller` / `verrouiller` through the real binary: the derived key is kept in
//! the kernel keyring, later commands need no passphrase, `verrouiller` forgets it. Skipped
//! (with the reason printed) where the system has no keyring acces can use.

use std::path::Path;

use assert_cmd::Command;

const PASS: &str = "phrase de passe d'essai";

fn acces(dir: &Path, pass: Option<&str>) -> Command {
    let mut cmd = Command::cargo_bin("acces").unwrap();
    cmd.env("ACCES_DATA_DIR", dir)
        .env_remove("ACCES_PASSPHRASE")
        .env_remove("ACCES_PASSPHRASE_FILE");
    if let Some(p) = pass {
        cmd.env("ACCES_PASSPHRASE", p);
    }
    cmd
}

/// A new store holding one person; `None` if the keyring is not usable here.
fn unlocked_store(dir: &Path, work: &Path) -> Option<()> {
    let person = work.join("p.json");
    std::fs::write(
        &person,
        r#"{"nom":"Verrou","prenoms":"Ada","adresse":["1 rue X"],"code_postal":"75001","commune":"Paris"}"#,
    )
    .unwrap();
    acces(dir, Some(PASS))
        .args(["personne", "ajouter", "--fichier", person.to_str().unwrap()])
        .assert()
        .success();
    let out = acces(dir, Some(PASS))
        .args(["deverrouiller", "--duree", "2m"])
        .output()
        .unwrap();
    if out.status.code() == Some(4) {
        eprintln!(
            "trousseau indisponible ici, test sauté : {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("déverrouillé pour 2 min"));
    Some(())
}

#[test]
fn unlocked_store_opens_without_passphrase_until_locked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    if unlocked_store(&dir, tmp.path()).is_none() {
        return;
    }
    // No passphrase anywhere, no terminal: the kept key opens the store.
    let out = acces(&dir, None)
        .args(["personne", "liste"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("VERROU"));
    // Writes work too.
    acces(&dir, None)
        .args(["personne", "voir", "1", "--json"])
        .assert()
        .success();
    // The key file never reaches the disk: nothing new in the data directory.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n.starts_with("acces")),
        "unexpected files: {names:?}"
    );

    let out = acces(&dir, None).arg("verrouiller").assert().success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("Registre verrouillé"));
    // Locked again: without a passphrase (and no terminal to ask) the command fails.
    let out = acces(&dir, None)
        .args(["personne", "liste"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("VERROU"));
    // A second lock says there was nothing to forget.
    let out = acces(&dir, None).arg("verrouiller").assert().success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("n'était pas"));
}

#[test]
fn wrong_passphrase_keeps_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    if unlocked_store(&dir, tmp.path()).is_none() {
        return;
    }
    acces(&dir, None).arg("verrouiller").assert().success();
    acces(&dir, Some("pas la bonne"))
        .args(["deverrouiller"])
        .assert()
        .code(3);
    let out = acces(&dir, None)
        .args(["personne", "liste"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "nothing may have been kept");
}

#[test]
fn bad_duration_and_missing_store_are_refused_in_french() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("rien");
    let out = acces(&dir, Some(PASS))
        .args(["deverrouiller", "--duree", "3 jours"])
        .assert()
        .code(2);
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr).contains("Durée « 3 jours » invalide")
    );
    let out = acces(&dir, Some(PASS))
        .arg("deverrouiller")
        .assert()
        .code(4);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("pas encore de registre"));
    assert!(!dir.exists(), "unlocking must not create a store");
}
