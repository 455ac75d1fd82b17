//! Recording a step that happened before the tracking began: the case's opening date moves
//! back to it. Temporary data directories only.

use std::path::Path;

use assert_cmd::Command;

const PASS: &str = "phrase de passe d'essai";

fn acces(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("acces").unwrap();
    cmd.env("ACCES_DATA_DIR", dir)
        .env("ACCES_PASSPHRASE", PASS)
        .env_remove("ACCES_PASSPHRASE_FILE");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap().trim().to_string()
}

fn show(dir: &Path, case: &str) -> serde_json::Value {
    serde_json::from_str(&stdout(
        acces(dir).args(["dossier", "voir", case, "--json"]),
    ))
    .unwrap()
}

/// A person and a TAJ case opened today (no `--date`); returns the case id.
fn case_opened_today(dir: &Path, work: &Path) -> String {
    let file = work.join("p.json");
    std::fs::write(
        &file,
        r#"{"nom":"Essai","prenoms":"Zéphyrine","adresse":["12 rue des Essais"],
            "code_postal":"57000","commune":"Metz","departement":"57"}"#,
    )
    .unwrap();
    let p = stdout(acces(dir).args(["personne", "ajouter", "--fichier", file.to_str().unwrap()]));
    stdout(acces(dir).args([
        "dossier",
        "ouvrir",
        "--personne",
        &p,
        "--fichier",
        "taj",
        "--demarche",
        "acces",
    ]))
}

#[test]
fn a_letter_sent_before_the_tracking_began_moves_the_opening_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("donnees");
    let c = case_opened_today(&dir, tmp.path());
    let today = show(&dir, &c)["dossier"]["ouvert"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(today.as_str() > "2025-09-01", "{today}");

    stdout(acces(&dir).args([
        "evenement",
        "ajouter",
        "--dossier",
        &c,
        "--type",
        "envoye",
        "--date",
        "2025-09-01",
        "--canal",
        "lrar",
    ]));
    let v = show(&dir, &c);
    assert_eq!(v["dossier"]["ouvert"], "2025-09-01");
    assert_eq!(v["evenements"][0]["type"], "envoye");
    assert_eq!(v["evenements"][0]["date"], "2025-09-01");

    // A later step leaves the opening where it is; an even earlier one moves it again.
    stdout(acces(&dir).args([
        "evenement",
        "ajouter",
        "--dossier",
        &c,
        "--type",
        "recu",
        "--date",
        "2025-09-04",
    ]));
    assert_eq!(show(&dir, &c)["dossier"]["ouvert"], "2025-09-01");
    stdout(acces(&dir).args([
        "evenement",
        "ajouter",
        "--dossier",
        &c,
        "--type",
        "note",
        "--date",
        "2025-08-20",
        "--texte",
        "lettre préparée",
    ]));
    let v = show(&dir, &c);
    assert_eq!(v["dossier"]["ouvert"], "2025-08-20");
    assert_eq!(v["evenements"].as_array().unwrap().len(), 3);
}

#[test]
fn a_refused_event_leaves_the_opening_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("donnees");
    let c = case_opened_today(&dir, tmp.path());
    let before = show(&dir, &c)["dossier"]["ouvert"].clone();
    // A closing without a reason is refused: nothing is written, not even the opening.
    acces(&dir)
        .args([
            "evenement",
            "ajouter",
            "--dossier",
            &c,
            "--type",
            "clos",
            "--date",
            "2025-09-01",
        ])
        .assert()
        .code(2);
    let v = show(&dir, &c);
    assert_eq!(v["dossier"]["ouvert"], before);
    assert!(v["evenements"].as_array().unwrap().is_empty());
}
