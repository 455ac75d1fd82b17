//! `acces import --format csv` through the real binary, on a spreadsheet saved as a French
//! spreadsheet saves it (Windows-1252, `;`, CRLF). Temporary data directories only.

use crate::common;

use common::{acces_in as acces, json};

use std::path::{Path, PathBuf};

use predicates::prelude::*;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tableur/groupe-40.csv")
}

fn counts(dir: &Path) -> (usize, usize, usize) {
    let snap = json(acces(dir).args(["export", "--format", "json"]));
    let n = |k: &str| snap[k].as_array().unwrap().len();
    (n("personnes"), n("dossiers"), n("evenements"))
}

#[test]
fn bad_rows_are_reported_by_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    acces(dir.path())
        .args(["import", "--format", "csv"])
        .arg(fixture())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Fichier lu : encodage Windows-1252, séparateur « ; », 40 lignes de données.",
        ))
        .stderr(predicate::str::contains(
            "Ligne 14, colonne « CP » : « 5900 »",
        ))
        .stderr(predicate::str::contains(
            "Ligne 29, colonne « Date de naissance » : « 31/02/1987 »",
        ))
        .stderr(
            predicate::str::contains("Colonnes ignorées")
                .and(predicate::str::contains("« Remarques »")),
        )
        .stderr(predicate::str::contains(
            "2 lignes invalides : rien n'a été importé.",
        ));
    // The register was created (to compare with it) but holds nothing.
    assert_eq!(counts(dir.path()), (0, 0, 0));
}

#[test]
fn valid_rows_are_imported_once_and_a_second_import_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let first = json(
        acces(dir.path())
            .args(["--json", "import", "--ignorer-lignes-invalides"])
            .arg(fixture()),
    );
    assert_eq!(first["encodage"], "Windows-1252");
    assert_eq!(first["separateur"], ";");
    assert_eq!(first["lignes"], 40);
    assert_eq!(first["importe"], true);
    assert_eq!(first["personnes_ajoutees"], 38);
    assert_eq!(first["dossiers_ouverts"], 30);
    assert_eq!(first["envois"], 15);
    let errors: Vec<(u64, &str)> = first["erreurs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["ligne"].as_u64().unwrap(), e["colonne"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, vec![(14, "code_postal"), (29, "date_naissance")]);
    assert_eq!(counts(dir.path()), (38, 30, 15));

    // The names came through the Windows-1252 decoding, the d' and the accents intact.
    let list = String::from_utf8(
        acces(dir.path())
            .args(["personne", "liste"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(list.contains("Aïcha D'ALMEIDA"), "{list}");
    assert!(
        list.contains("LEFEBVRE") && list.contains("Capucine GUÉRIN"),
        "{list}"
    );

    // The same file again: nothing added.
    let second = json(
        acces(dir.path())
            .args(["--json", "import", "--ignorer-lignes-invalides"])
            .arg(fixture()),
    );
    assert_eq!(second["personnes_ajoutees"], 0);
    assert_eq!(second["personnes_deja_presentes"], 38);
    assert_eq!(second["dossiers_ouverts"], 0);
    assert_eq!(second["dossiers_deja_suivis"], 30);
    assert_eq!(counts(dir.path()), (38, 30, 15));
}

#[test]
fn a_sending_is_recorded_with_its_registered_number() {
    let dir = tempfile::tempdir().unwrap();
    acces(dir.path())
        .args(["import", "--ignorer-lignes-invalides"])
        .arg(fixture())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Import terminé : 38 personnes ajoutées (0 déjà dans le registre) ; 30 dossiers ouverts (0 déjà suivis) ; 15 envois notés.",
        ));
    let snap = json(acces(dir.path()).args(["export", "--format", "json"]));
    // Line 2: Zoé Martin, TAJ, sent 01/10/2026 by registered letter 1A 100000 0.
    let case = &snap["dossiers"][0];
    assert_eq!(case["fichier"], "TAJ");
    assert_eq!(case["demarche"], "acces");
    assert_eq!(case["ouvert"], "2026-10-01");
    let event = &snap["evenements"][0];
    assert_eq!(event["type"], "envoye");
    assert_eq!(event["canal"], "lrar");
    assert_eq!(event["recommande"], "1A 100000 0");
    assert_eq!(event["date"], "2026-10-01");
}

#[test]
fn simulation_writes_nothing_and_does_not_create_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("donnees");
    acces(&data)
        .args(["import", "--simulation", "--ignorer-lignes-invalides"])
        .arg(fixture())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Colonnes lues : civilite ← « Civilité », nom ← « Nom »",
        ))
        .stderr(predicate::str::contains(
            "Simulation, rien n'a été écrit : 38 personnes ajoutées",
        ));
    assert!(!data.join("acces.db").exists());
}

#[test]
fn columns_can_be_named_and_missing_ones_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("liste.csv");
    std::fs::write(
        &file,
        "Qui,Prénom,Rue,Code,Commune\nMartin,Paul,1 rue X,75001,Paris\n",
    )
    .unwrap();
    let data = dir.path().join("donnees");
    acces(&data)
        .arg("import")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Le tableur n'a pas de colonne pour « Nom » (nom), « CP » (code_postal).",
        ));
    acces(&data)
        .arg("import")
        .arg(&file)
        .args(["--colonnes", "nom=Qui", "code_postal=4"])
        .assert()
        .success()
        .stderr(predicate::str::contains("encodage UTF-8, séparateur « , »"))
        .stderr(predicate::str::contains("1 personne ajoutée"));
    acces(&data)
        .arg("import")
        .arg(&file)
        .args(["--colonnes", "pointure=Qui"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "acces ne connaît pas de champ « pointure »",
        ));
}

/// Issue 13: the register exported for a French spreadsheet (`;`, UTF-8 with BOM, or
/// Windows-1252 on request) imports back: the same persons, cases and sendings, in both
/// encodings; what a spreadsheet would run as a formula is written as text.
#[test]
fn the_spreadsheet_export_imports_back_in_both_encodings() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    acces(&a)
        .args(["import", "--ignorer-lignes-invalides"])
        .arg(fixture())
        .assert()
        .success();
    let before = json(acces(&a).args(["export", "--format", "json"]));
    for encodage in ["utf-8", "windows-1252"] {
        let sheet = tmp.path().join(format!("registre-{encodage}.csv"));
        acces(&a)
            .args([
                "export",
                "--format",
                "csv",
                "--encodage",
                encodage,
                "--sortie",
            ])
            .arg(&sheet)
            .assert()
            .success();
        let bytes = std::fs::read(&sheet).unwrap();
        assert_eq!(bytes.starts_with(b"\xEF\xBB\xBF"), encodage == "utf-8");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&bytes[..]);
        // Windows-1252 is not UTF-8: read as bytes.
        let headers = reader.byte_headers().unwrap().clone();
        assert!(headers.iter().any(|h| h == b"Nom"), "{headers:?}");
        // One row per case, and one for each person without a case.
        let cases = before["dossiers"].as_array().unwrap();
        let without_case = before["personnes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| !cases.iter().any(|c| c["personne"] == p["id"]))
            .count();
        assert!(without_case > 0 && !cases.is_empty());
        assert_eq!(reader.byte_records().count(), cases.len() + without_case);

        let b = tmp.path().join(format!("b-{encodage}"));
        acces(&b)
            .args(["import", "--format", "csv"])
            .arg(&sheet)
            .assert()
            .success();
        let after = json(acces(&b).args(["export", "--format", "json"]));
        let people = |v: &serde_json::Value| {
            let mut p: Vec<serde_json::Value> = v["personnes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["personne"].clone())
                .collect();
            p.sort_by_key(|p| p.to_string());
            p
        };
        assert_eq!(people(&after), people(&before), "{encodage}");
        let cases = |v: &serde_json::Value| {
            let mut c: Vec<String> = v["dossiers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| format!("{} {} {}", c["fichier"], c["demarche"], c["canal"]))
                .collect();
            c.sort();
            c
        };
        assert_eq!(cases(&after), cases(&before), "{encodage}");
        let sendings = |v: &serde_json::Value| {
            let mut s: Vec<String> = v["evenements"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["type"] == "envoye")
                .map(|e| format!("{} {}", e["date"], e["recommande"]))
                .collect();
            s.sort();
            s
        };
        assert_eq!(sendings(&after), sendings(&before), "{encodage}");
    }
}
