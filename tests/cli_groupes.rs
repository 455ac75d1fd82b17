//! What a group does after importing its spreadsheet: one person's calendar, anonymised
//! statistics. Through the real binary, temporary data directories only.

use crate::common;

use common::{acces_in as acces, stdout};

use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tableur/groupe-40.csv")
}

fn imported() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    acces(dir.path())
        .args(["import", "--ignorer-lignes-invalides"])
        .arg(fixture())
        .assert()
        .success();
    dir
}

#[test]
fn a_calendar_for_one_person_has_only_their_deadlines() {
    let dir = imported();
    // Outside the data directory: acces refuses to write there (issue 15, defect C).
    let out = tempfile::tempdir().unwrap();
    let ics = out.path().join("agenda.ics");
    let count = |args: &[&str]| {
        acces(dir.path())
            .args(["export", "--ics"])
            .arg(&ics)
            .args(["--au", "2026-10-05"])
            .args(args)
            .assert()
            .success();
        std::fs::read_to_string(&ics)
            .unwrap()
            .matches("BEGIN:VEVENT")
            .count()
    };
    let all = count(&[]);
    // Person 1 (line 2) sent one letter: one deadline. Person 2 (line 3) sent nothing yet.
    assert_eq!(count(&["--personne", "1"]), 1);
    assert_eq!(count(&["--personne", "2"]), 0);
    assert!(all > 1, "{all}");
    acces(dir.path())
        .args(["export", "--ics"])
        .arg(&ics)
        .args(["--personne", "999"])
        .assert()
        .code(2);
}

#[test]
fn statistics_name_no_one_and_hide_small_counts() {
    let dir = imported();
    let text = stdout(acces(dir.path()).args(["statistiques", "--au", "2026-12-01"]));
    let json = stdout(acces(dir.path()).args(["--json", "statistiques", "--au", "2026-12-01"]));
    let csv = stdout(acces(dir.path()).args(["statistiques", "--csv", "--au", "2026-12-01"]));
    for out in [&text, &json, &csv] {
        for needle in [
            "Martin",
            "d'Almeida",
            "Zoé",
            "1A 100000",
            "exemple.fr",
            "75011",
        ] {
            assert!(!out.contains(needle), "{needle} in {out}");
        }
    }
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["dossiers"], 30);
    let files: Vec<(String, serde_json::Value)> = v["par_fichier"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["valeur"].as_str().unwrap().to_string(),
                l["dossiers"].clone(),
            )
        })
        .collect();
    assert_eq!(
        files,
        vec![
            ("ACCReD".to_string(), 8.into()),
            ("FSPRT".to_string(), 6.into()),
            ("PASP".to_string(), 8.into()),
            ("TAJ".to_string(), 8.into()),
        ]
    );
    assert_eq!(v["delais"]["envoyes"], 15);
    assert_eq!(v["delais"]["repondus"], 0);
    assert_eq!(v["delais"]["part_sans_reponse"], 100.0);
    assert!(v["delais"]["mediane_jours"].is_null());
    assert!(text.contains("Par fichier\n  ACCReD       8\n"), "{text}");
    assert!(
        csv.starts_with("\u{feff}categorie;valeur;dossiers\r\ntotal;dossiers;30\r\n"),
        "{csv}"
    );

    // Three cases only: every count is hidden.
    let small = tempfile::tempdir().unwrap();
    let file = small.path().join("trois.csv");
    std::fs::write(
        &file,
        "Nom;Prénom;Adresse;CP;Ville;Fichier;Démarche\n\
         A;B;1 rue X;75001;Paris;TAJ;acces\n\
         C;D;1 rue X;75001;Paris;TAJ;acces\n\
         E;F;1 rue X;75001;Paris;PASP;acces\n",
    )
    .unwrap();
    let data = small.path().join("d");
    acces(&data).arg("import").arg(&file).assert().success();
    let v: serde_json::Value =
        serde_json::from_str(&stdout(acces(&data).args(["--json", "statistiques"]))).unwrap();
    assert_eq!(v["dossiers"], "< 5");
    assert_eq!(v["par_fichier"][0]["dossiers"], "< 5");
    assert_eq!(v["par_fichier"][1]["dossiers"], "< 5");
    let text = stdout(acces(&data).arg("statistiques"));
    assert!(text.contains("Dossiers : < 5"), "{text}");
}
