//! `acces lettre` through the real binary.

use crate::common;

use common::{acces, fixture};
use predicates::prelude::*;

fn person() -> String {
    fixture("personne.json")
}

#[test]
fn taj_letter_goes_to_stdout() {
    acces()
        .args(["lettre", "taj", "--personne", &person()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Objet : Demande d’accès aux données me concernant",
        ))
        .stdout(predicate::str::contains("Place Beauvau"))
        .stdout(predicate::str::contains("art. 104, 105, 106 et 107"))
        .stdout(predicate::str::contains(
            "Lettre recommandée avec accusé de réception",
        ))
        .stderr(predicate::str::is_empty());
}

#[test]
fn low_confidence_facts_are_warned_on_stderr_not_in_the_letter() {
    let out = acces()
        .args([
            "lettre",
            "FAED",
            "--personne",
            &person(),
            "--champ",
            "destinataire_adresse=Service national de police scientifique|Adresse vérifiée|69000 Lyon",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stderr.contains("confiance faible"), "{stderr}");
    assert!(stderr.contains("Destinataire : Service national de police scientifique"));
    assert!(!stdout.contains("confiance"), "{stdout}");
}

#[test]
fn missing_field_names_it_and_how_to_give_it() {
    acces()
        .args([
            "lettre",
            "TAJ",
            "--demarche",
            "cnil-108",
            "--personne",
            &person(),
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("Date de votre première demande"))
        .stderr(predicate::str::contains("--champ date_demande=valeur"));
}

#[test]
fn invalid_date_exits_2() {
    acces()
        .args([
            "lettre",
            "TAJ",
            "--demarche",
            "cnil-108",
            "--personne",
            &person(),
            "--champ",
            "date_demande=31/02/2026",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("date_demande"))
        .stderr(predicate::str::contains("n'existe pas"));
}

#[test]
fn person_file_problems_exit_2_without_repeating_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("p.json");
    std::fs::write(
        &bad,
        r#"{"nom": 12345678, "prenoms": "Secretprenom", "adresse": [], "code_postal": "75001", "commune": "Paris"}"#,
    )
    .unwrap();
    let out = acces()
        .args(["lettre", "TAJ", "--personne", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("n’est pas valide"), "{err}");
    assert!(
        !err.contains("12345678") && !err.contains("Secretprenom"),
        "{err}"
    );

    let unknown = dir.path().join("u.json");
    std::fs::write(
        &unknown,
        r#"{"nom": "A", "prenom": "B", "adresse": [], "code_postal": "75001", "commune": "Paris"}"#,
    )
    .unwrap();
    acces()
        .args(["lettre", "TAJ", "--personne", unknown.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("le champ « prenom » est inconnu"));

    acces()
        .args(["lettre", "TAJ", "--personne", "/nonexistent/p.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Fichier personne : Impossible de lire « /nonexistent/p.json » : fichier ou dossier \
             introuvable.",
        ));
}

#[test]
fn pdf_needs_output_and_is_written_atomically() {
    acces()
        .args(["lettre", "TAJ", "--personne", &person(), "--format", "pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--sortie"));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lettre.pdf");
    acces()
        .args([
            "lettre",
            "TAJ",
            "--personne",
            &person(),
            "--format",
            "pdf",
            "--sortie",
        ])
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn eml_for_a_recipient_with_an_email() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lettre.eml");
    acces()
        .args([
            "lettre",
            "TAJ",
            "--personne",
            &person(),
            "--format",
            "eml",
            "--sortie",
        ])
        .arg(&out)
        .assert()
        .success();
    let eml = std::fs::read_to_string(&out).unwrap();
    assert!(eml.contains("X-Unsent: 1"));
    assert!(eml.contains("To: delegue-protection-donnees@interieur.gouv.fr"));
    assert!(!eml.contains("recommandée"));

    acces()
        .args(["lettre", "CJN", "--personne", &person(), "--format", "eml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pas d’adresse e-mail connue"));
}

#[test]
fn relance_and_unknown_route() {
    acces()
        .args([
            "lettre",
            "TAJ",
            "--relance",
            "--personne",
            &person(),
            "--champ",
            "date_demande=2026-06-02",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Objet : Relance de ma demande d’accès du 2 juin 2026",
        ));

    acces()
        .args([
            "lettre",
            "TAJ",
            "--demarche",
            "nimporte",
            "--personne",
            &person(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Démarche inconnue"))
        .stderr(predicate::str::contains("cnil-108"));

    acces()
        .args([
            "lettre",
            "TAJ",
            "--demarche",
            "tribunal-administratif",
            "--personne",
            &person(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ne se fait pas par une lettre"));
}

#[test]
fn list_shows_every_kind_and_fields() {
    let out = acces()
        .args(["lettre", "--liste"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for kind in acces::letters::KINDS {
        assert!(
            text.contains(&format!("\n{kind}\n")),
            "{kind} missing:\n{text}"
        );
    }
    assert!(text.contains("date_demande"));
    assert!(text.contains("destinataire_adresse"));

    let out = acces()
        .args(["lettre", "--liste", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), acces::letters::KINDS.len());
}

#[test]
fn catalogue_check_includes_letters() {
    acces()
        .args(["catalogue", "verifier"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Aucun problème"));
}

/// `--ligne` adds a line to the `--champ` before it: the letter is the same as with `|`.
#[test]
fn repeated_ligne_equals_the_pipe() {
    let with = |args: &[&str]| {
        let out = acces()
            .args([
                "lettre",
                "FAED",
                "--personne",
                &person(),
                "--champ",
                "date_lettre=2026-11-29",
            ])
            .args(args)
            .assert()
            .success()
            .get_output()
            .clone();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let piped = with(&[
        "--champ",
        "destinataire_adresse=Service national de police scientifique|1 rue X|69000 Lyon",
    ]);
    assert!(
        piped
            .0
            .contains("Service national de police scientifique\n1 rue X\n69000 Lyon\n"),
        "{}",
        piped.0
    );
    let lines = with(&[
        "--champ",
        "destinataire_adresse=Service national de police scientifique",
        "--ligne",
        "1 rue X",
        "--ligne",
        "69000 Lyon",
    ]);
    assert_eq!(piped, lines);
    // The field's key alone, then its lines.
    let key_only = with(&[
        "--champ",
        "destinataire_adresse",
        "--ligne",
        "Service national de police scientifique",
        "--ligne",
        "1 rue X",
        "--ligne",
        "69000 Lyon",
    ]);
    assert_eq!(piped, key_only);
}

#[test]
fn ligne_goes_through_the_same_checks_and_needs_a_field_of_several_lines() {
    // Before any --champ.
    acces()
        .args([
            "lettre",
            "FAED",
            "--personne",
            &person(),
            "--ligne",
            "1 rue X",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "--ligne ajoute une ligne au --champ qui la précède",
        ));
    // After a one-line field.
    acces()
        .args(["lettre", "FAED", "--personne", &person()])
        .args(["--champ", "date_lettre=2026-11-29", "--ligne", "1 rue X"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "« date_lettre » tient sur une seule ligne",
        ));
    // A line with a control character is refused as in --champ.
    let by_pipe = acces()
        .args(["lettre", "FAED", "--personne", &person()])
        .args([
            "--champ",
            "destinataire_adresse=SNPS|1 rue\u{7} X|69000 Lyon",
        ])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    acces()
        .args(["lettre", "FAED", "--personne", &person()])
        .args([
            "--champ",
            "destinataire_adresse=SNPS",
            "--ligne",
            "1 rue\u{7} X",
        ])
        .args(["--ligne", "69000 Lyon"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::eq(by_pipe));
}
