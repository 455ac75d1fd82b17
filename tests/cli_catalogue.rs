//! `acces catalogue` and `acces guide` through the real binary.

use assert_cmd::Command;
use predicates::prelude::*;

fn acces() -> Command {
    let mut cmd = Command::cargo_bin("acces").unwrap();
    cmd.env_remove("ACCES_DATA_DIR")
        .env_remove("ACCES_PASSPHRASE");
    cmd
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn broken_catalogue_is_rejected_with_file_and_pointer_in_french() {
    let out = acces()
        .args(["catalogue", "verifier", &fixture("catalogue-casse")])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("fichiers/essai.json / : champ obligatoire manquant : \"controller\""),
        "{err}"
    );
    assert!(
        err.contains("fichiers/essai.json /accred : valeur non autorisée"),
        "{err}"
    );
    assert!(
        err.contains("fichiers/renvois.json /routes/0/recipient : le destinataire « nulle-part » n'existe pas"),
        "{err}"
    );
    assert!(
        err.contains(
            "fichiers/renvois.json /routes/0/next/0 : l'étape suivante « plainte-inexistante »"
        ),
        "{err}"
    );
}

#[test]
fn missing_catalogue_directory_is_a_french_error() {
    acces()
        .args(["catalogue", "verifier", "/nonexistent/catalogue"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("n'est pas un dossier"));
}

#[test]
fn unknown_option_is_reported_in_french_with_exit_2() {
    acces()
        .args(["catalogue", "--nimporte"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Option ou argument inconnu"));
}
