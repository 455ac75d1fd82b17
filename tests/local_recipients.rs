//! Local recipients (requests/local/): the embedded copy, `acces destinataire`, the verifier
//! on a broken table, `acces lettre` proposing the recipient, and the regeneration script.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Std;

use assert_cmd::Command;
use predicates::prelude::*;

use acces::local::EMBEDDED_LOCAL_FILES;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn acces(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("acces").unwrap();
    cmd.env("ACCES_DATA_DIR", data)
        .env_remove("ACCES_PASSPHRASE");
    cmd
}

#[test]
fn the_embedded_tables_are_the_files_of_requests_local() {
    for (path, text) in EMBEDDED_LOCAL_FILES {
        let on_disk = fs::read_to_string(root().join("requests").join(path)).unwrap();
        assert_eq!(on_disk, *text, "{path}");
    }
    let mut data_files: Vec<String> = fs::read_dir(root().join("requests/local"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") || n.ends_with(".tsv"))
        .collect();
    data_files.sort();
    // sources.json is read by people and the script, not by the program.
    assert_eq!(
        data_files,
        [
            "communes.tsv",
            "juridictions.json",
            "organismes.json",
            "sources.json"
        ]
    );
}

#[test]
fn destinataire_for_lyon_2e_and_a_taj_erasure_is_the_procureur_of_lyon() {
    let tmp = tempfile::tempdir().unwrap();
    acces(tmp.path())
        .args([
            "destinataire",
            "--demarche",
            "taj/effacement",
            "--code-postal",
            "69002",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Proposé : Tribunal judiciaire de Lyon",
        ))
        .stdout(predicate::str::contains("67 RUE SERVIENT"))
        .stdout(predicate::str::contains("69003 LYON"))
        .stdout(predicate::str::contains(
            "Lieu qui compte : le lieu de la procédure",
        ))
        .stdout(predicate::str::contains("structures de la Justice"));
}

#[test]
fn destinataire_json_gives_the_entity_the_rule_and_the_commune() {
    let tmp = tempfile::tempdir().unwrap();
    let out = acces(tmp.path())
        .args([
            "destinataire",
            "--demarche",
            "TAJ/recours-ci",
            "--code-postal",
            "69002",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["resolution"], "propose");
    assert_eq!(v["entite"]["id"], "ca-lyon");
    assert_eq!(v["raison"]["regle"], "departement");
    assert_eq!(v["communes"][0]["insee"], "69382");
    assert_eq!(v["lieu"]["place"], "procedure");
}

#[test]
fn destinataire_for_a_ministers_decision_is_ta_paris() {
    let tmp = tempfile::tempdir().unwrap();
    acces(tmp.path())
        .args([
            "destinataire",
            "--demarche",
            "pasp/tribunal-administratif",
            "--code-postal",
            "13001",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Proposé : Tribunal administratif de Paris",
        ))
        .stdout(predicate::str::contains("R.312-1"))
        .stdout(predicate::str::contains("7 RUE DE JOUY"));
}

#[test]
fn destinataire_in_a_multi_tribunal_departement_lists_them() {
    let tmp = tempfile::tempdir().unwrap();
    acces(tmp.path())
        .args([
            "destinataire",
            "--demarche",
            "fnaeg/effacement",
            "--code-postal",
            "59268",
            "--commune",
            "abancourt",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Plusieurs tribunaux possibles"))
        .stdout(predicate::str::contains(
            "Tribunal judiciaire de Lille — chambre(s) de proximité : Roubaix, Tourcoing",
        ))
        .stdout(predicate::str::contains(
            "Tribunal judiciaire d'Avesnes-sur-Helpe",
        ));
}

#[test]
fn destinataire_asks_for_the_commune_when_the_postal_code_serves_several() {
    let tmp = tempfile::tempdir().unwrap();
    acces(tmp.path())
        .args([
            "destinataire",
            "--demarche",
            "taj/effacement",
            "--code-postal",
            "01200",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plusieurs communes"))
        .stderr(predicate::str::contains("--commune"));
    acces(tmp.path())
        .args([
            "destinataire",
            "--demarche",
            "taj/effacement",
            "--code-postal",
            "00000",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Aucune commune"));
    acces(tmp.path())
        .args([
            "destinataire",
            "--demarche",
            "taj",
            "--code-postal",
            "69002",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("CODE/DEMARCHE"));
}

#[test]
fn destinataire_for_a_caf_says_where_the_address_is_printed() {
    let tmp = tempfile::tempdir().unwrap();
    acces(tmp.path())
        .args([
            "destinataire",
            "--demarche",
            "caf-score/rgpd",
            "--code-postal",
            "69002",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("saisissez-la"))
        .stdout(predicate::str::contains("sur vos courriers de la CAF"));
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn verifier_accepts_the_tables_and_rejects_a_court_whose_postal_code_is_not_its_communes() {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("requests");
    copy_dir(&root().join("requests"), &cat);
    acces(tmp.path())
        .args(["catalogue", "verifier"])
        .arg(&cat)
        .assert()
        .success();
    let courts = cat.join("local/juridictions.json");
    let text = fs::read_to_string(&courts).unwrap();
    // The « ST NAZAIRE » fault of the upstream file, put back.
    let broken = text.replacen("\"44600 ST NAZAIRE\"", "\"30200 ST NAZAIRE\"", 1);
    assert_ne!(text, broken);
    fs::write(&courts, broken).unwrap();
    acces(tmp.path())
        .args(["catalogue", "verifier"])
        .arg(&cat)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("local/juridictions.json"))
        .stderr(predicate::str::contains("tj-saint-nazaire"))
        .stderr(predicate::str::contains("30200"));
}

#[test]
fn verifier_rejects_a_route_of_a_local_recipient_without_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("requests");
    copy_dir(&root().join("requests"), &cat);
    let taj = cat.join("fichiers/taj.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&taj).unwrap()).unwrap();
    for r in v["routes"].as_array_mut().unwrap() {
        if r["id"] == "effacement" {
            r.as_object_mut().unwrap().remove("locality");
        }
    }
    fs::write(&taj, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    acces(tmp.path())
        .args(["catalogue", "verifier"])
        .arg(&cat)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("fichiers/taj.json"))
        .stderr(predicate::str::contains("locality"));
}

fn person_file(dir: &Path, cp: &str, commune: &str) -> PathBuf {
    let p = dir.join("personne.json");
    fs::write(
        &p,
        serde_json::json!({
            "nom": "Martin", "prenoms": "Camille",
            "date_naissance": "1990-04-02", "lieu_naissance": "Lyon",
            "adresse": ["3 rue Exemple"], "code_postal": cp, "commune": commune
        })
        .to_string(),
    )
    .unwrap();
    p
}

#[test]
fn lettre_proposes_the_procureur_and_says_where_it_comes_from() {
    let tmp = tempfile::tempdir().unwrap();
    let person = person_file(tmp.path(), "69002", "Lyon");
    acces(tmp.path())
        .args(["lettre", "taj", "--demarche", "effacement", "--personne"])
        .arg(&person)
        .args(["--champ", "date_lettre=2026-11-29"])
        .args(["--champ", "decision_judiciaire=Classement sans suite du 3 mars 2025"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Madame, Monsieur le Procureur de la République\nTribunal judiciaire de Lyon\n67 RUE SERVIENT\n69003 LYON",
        ))
        .stderr(predicate::str::contains("Destinataire proposé : Tribunal judiciaire de Lyon"))
        .stderr(predicate::str::contains("La procédure a eu lieu ailleurs"));
    // --champ still wins.
    acces(tmp.path())
        .args(["lettre", "taj", "--demarche", "effacement", "--personne"])
        .arg(&person)
        .args([
            "--champ",
            "destinataire_adresse=Tribunal judiciaire de Nantes|19 quai François Mitterrand|44000 Nantes",
            "--champ",
            "decision_judiciaire=Classement sans suite du 3 mars 2025",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Tribunal judiciaire de Nantes\n19 quai François Mitterrand"))
        .stdout(predicate::str::contains("RUE SERVIENT").not())
        .stderr(predicate::str::contains("Destinataire proposé").not());
}

#[test]
fn lettre_in_a_multi_tribunal_departement_lists_the_choice_and_asks_for_it() {
    let tmp = tempfile::tempdir().unwrap();
    let person = person_file(tmp.path(), "59268", "Abancourt");
    acces(tmp.path())
        .args(["lettre", "taj", "--demarche", "effacement", "--personne"])
        .arg(&person)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Plusieurs tribunaux possibles"))
        .stderr(predicate::str::contains("--champ \"destinataire_adresse="));
}

fn python() -> Option<&'static str> {
    ["python3", "python"].into_iter().find(|p| {
        Std::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The regeneration script on small upstream fixtures: twice the same bytes, and the
/// upstream postal-code fault of Saint-Nazaire corrected, said and marked low.
#[test]
fn regeneration_is_deterministic_and_corrects_a_wrong_postal_code() {
    let py = python().expect("python 3 is needed by requests/local/regenerer.py");
    let fixtures = root().join("tests/fixtures/local");
    let tmp = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for n in 1..=2 {
        let out = tmp.path().join(format!("sortie{n}"));
        fs::create_dir(&out).unwrap();
        let status = Std::new(py)
            .arg(root().join("requests/local/regenerer.py"))
            .arg("--paquet")
            .arg(fixtures.join("paquet"))
            .arg("--amont")
            .arg(fixtures.join("amont"))
            .arg("--sortie")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        outputs.push(out);
    }
    for name in ["communes.tsv", "juridictions.json", "sources.json"] {
        let a = fs::read(outputs[0].join(name)).unwrap();
        let b = fs::read(outputs[1].join(name)).unwrap();
        assert!(!a.is_empty(), "{name}");
        assert_eq!(a, b, "{name} differs between two runs");
    }
    let courts: serde_json::Value =
        serde_json::from_slice(&fs::read(outputs[0].join("juridictions.json")).unwrap()).unwrap();
    let stn = courts["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "tj-saint-nazaire")
        .unwrap();
    assert_eq!(stn["address_lines"][2], "44600 ST NAZAIRE");
    assert_eq!(stn["confidence"], "low");
    assert!(stn["confidence_note"].as_str().unwrap().contains("30200"));
    // The commune-deleguee is not a commune of its own.
    let communes = fs::read_to_string(outputs[0].join("communes.tsv")).unwrap();
    assert!(!communes.contains("Commune déléguée"));
    assert!(communes.contains("69382\tLyon 2e Arrondissement\t69002\t69123\n"));
}

/// The TAJ erasure letter for a person of Lyon 2e, with extra arguments.
fn erasure_letter(tmp: &Path, extra: &[&str]) -> Command {
    let person = person_file(tmp, "69002", "Lyon");
    let mut cmd = acces(tmp);
    cmd.args(["lettre", "taj", "--demarche", "effacement", "--personne"])
        .arg(&person)
        .args(["--champ", "date_lettre=2026-11-29"])
        .args([
            "--champ",
            "decision_judiciaire=Classement sans suite du 3 mars 2025",
        ])
        .args(extra);
    cmd
}

#[test]
fn lettre_takes_the_recipient_from_the_place_of_the_proceedings() {
    let tmp = tempfile::tempdir().unwrap();
    erasure_letter(tmp.path(), &["--lieu-procedure", "13 001"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Madame, Monsieur le Procureur de la République\nTribunal judiciaire de Marseille\n",
        ))
        .stdout(predicate::str::contains("RUE SERVIENT").not())
        .stderr(predicate::str::contains(
            "Destinataire proposé : Tribunal judiciaire de Marseille",
        ))
        .stderr(predicate::str::contains(
            "Lieu de la procédure : 13001 Marseille 1er Arrondissement, comme vous l’avez indiqué.",
        ))
        .stderr(predicate::str::contains("La procédure a eu lieu ailleurs").not());
    // Without the option, the residence, said to stand for the place of the proceedings.
    erasure_letter(tmp.path(), &[])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Lieu de la procédure : le même que votre domicile (69002 Lyon).",
        ))
        .stderr(predicate::str::contains("--lieu-procedure CP"));
}

#[test]
fn lettre_asks_which_commune_when_the_place_of_the_proceedings_serves_several() {
    let tmp = tempfile::tempdir().unwrap();
    erasure_letter(tmp.path(), &["--lieu-procedure", "01200"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("plusieurs communes"))
        .stderr(predicate::str::contains("--commune-procedure NOM"))
        .stderr(predicate::str::contains("Billiat (01200, 01044)"));
    erasure_letter(
        tmp.path(),
        &[
            "--lieu-procedure",
            "01200",
            "--commune-procedure",
            "billiat",
        ],
    )
    .assert()
    .success()
    .stdout(predicate::str::contains(
        "Tribunal judiciaire de Bourg-en-Bresse\n",
    ))
    .stderr(predicate::str::contains(
        "Lieu de la procédure : 01200 Billiat, comme vous l’avez indiqué.",
    ));
    erasure_letter(tmp.path(), &["--lieu-procedure", "00000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Aucune commune"));
    // The commune alone means nothing.
    erasure_letter(tmp.path(), &["--commune-procedure", "Billiat"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());
}

/// `acces destinataire --code-postal` and `acces lettre --lieu-procedure` read a postal
/// code with the same checks and find the same recipient.
#[test]
fn destinataire_and_lettre_agree_on_a_place() {
    let tmp = tempfile::tempdir().unwrap();
    for cp in ["13001", "59000", "2A004", "97400"] {
        let shown = acces(tmp.path())
            .args([
                "destinataire",
                "--demarche",
                "taj/effacement",
                "--code-postal",
                cp,
                "--json",
            ])
            .output()
            .unwrap();
        let written = erasure_letter(tmp.path(), &["--lieu-procedure", cp])
            .output()
            .unwrap();
        assert_eq!(
            shown.status.code(),
            written.status.code(),
            "{cp}: {}",
            String::from_utf8_lossy(&written.stderr)
        );
        if !shown.status.success() {
            // The same message for the same bad value.
            let said = String::from_utf8_lossy(&shown.stderr);
            let message = said.split_once(" : ").map_or(&*said, |(_, m)| m);
            assert!(
                String::from_utf8_lossy(&written.stderr).contains(message.trim()),
                "{cp}: {said}"
            );
            continue;
        }
        let v: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        assert_eq!(v["origine"], "given");
        let name = v["entite"]["name"].as_str().expect("one tribunal proposed");
        let letter = String::from_utf8_lossy(&written.stdout);
        assert!(
            letter.contains(&format!("\n{name}\n")),
            "{cp}: {name} not in\n{letter}"
        );
    }
}

#[test]
fn a_bad_postal_code_gets_the_same_message_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let expected = acces::validate::postal_code("1300").unwrap_err();
    acces(tmp.path())
        .args([
            "destinataire",
            "--demarche",
            "taj/effacement",
            "--code-postal",
            "1300",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "--code-postal : {expected}"
        )));
    erasure_letter(tmp.path(), &["--lieu-procedure", "1300"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!(
            "--lieu-procedure : {expected}"
        )));
}

#[test]
fn lettre_refuses_a_place_of_proceedings_the_route_does_not_use() {
    let tmp = tempfile::tempdir().unwrap();
    let person = person_file(tmp.path(), "69002", "Lyon");
    acces(tmp.path())
        .args(["lettre", "taj", "--demarche", "acces", "--personne"])
        .arg(&person)
        .args(["--lieu-procedure", "13001"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "--lieu-procedure ne sert qu’aux démarches",
        ));
}
