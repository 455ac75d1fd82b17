//! `acces lettres`: letters in batches through the real binary, one PDF or a folder, each
//! letter recorded on its case. Temporary data directories only.

use crate::common;

use common::acces_in as acces;

use std::path::Path;

use predicates::prelude::*;

/// A register of `n` persons, each with a TAJ access case not sent yet.
fn register(root: &Path, n: usize) -> std::path::PathBuf {
    let mut csv = String::from(
        "Civilité;Nom;Prénom(s);Date de naissance;Lieu de naissance;Adresse;CP;Ville;Fichier;Démarche\n",
    );
    for i in 0..n {
        csv.push_str(&format!(
            "Mme;Personne{i};Camille;12/05/1990;Lyon;{} rue de l'Essai;75011;Paris;TAJ;acces\n",
            i + 1
        ));
    }
    let file = root.join("groupe.csv");
    std::fs::write(&file, csv).unwrap();
    let data = root.join("donnees");
    acces(&data).arg("import").arg(&file).assert().success();
    data
}

fn drafts(data: &Path) -> usize {
    let out = acces(data)
        .args(["export", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    v["evenements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "brouillon")
        .count()
}

#[test]
fn twenty_letters_in_one_pdf_with_a_header_from_page_two() {
    let root = tempfile::tempdir().unwrap();
    let data = register(root.path(), 20);
    let pdf = root.path().join("lettres.pdf");
    acces(&data)
        .args(["lettres", "--brouillons", "--au", "2026-11-02", "--sortie"])
        .arg(&pdf)
        .assert()
        .success()
        .stderr(predicate::str::contains("20 lettres écrites"));
    let bytes = std::fs::read(&pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    assert!(pages.len() >= 20, "{} pages", pages.len());
    // Each page's own text: the first page has no header, every later one has it.
    for n in pages.keys() {
        let text = doc.extract_text(&[*n]).unwrap();
        let has_header = text.contains("page ") && text.contains("Objet :");
        if *n == 1 {
            assert!(!text.contains("— page "), "header on page 1: {text}");
        } else {
            assert!(
                has_header && text.contains("— page "),
                "no header on page {n}: {text}"
            );
        }
    }
    let all = pdf_extract::extract_text_from_mem(&bytes)
        .unwrap()
        .to_lowercase();
    for i in 0..20 {
        assert!(all.contains(&format!("personne{i}")), "letter {i} missing");
    }
    // Every letter recorded on its case, once.
    assert_eq!(drafts(&data), 20);
}

#[test]
fn a_folder_of_text_letters_named_without_personal_data() {
    let root = tempfile::tempdir().unwrap();
    let data = register(root.path(), 3);
    let out = root.path().join("sortie");
    acces(&data)
        .args([
            "lettres",
            "--fichier",
            "TAJ",
            "--format",
            "txt",
            "--dossier-sortie",
        ])
        .arg(&out)
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "lettre-1-taj-acces.txt",
            "lettre-2-taj-acces.txt",
            "lettre-3-taj-acces.txt"
        ]
    );
    let text = std::fs::read_to_string(out.join("lettre-2-taj-acces.txt")).unwrap();
    assert!(text.to_lowercase().contains("personne1"), "{text}");
    assert_eq!(drafts(&data), 3);
}

#[test]
fn a_selection_without_filter_or_with_nothing_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let data = register(root.path(), 1);
    let pdf = root.path().join("l.pdf");
    acces(&data)
        .args(["lettres", "--sortie"])
        .arg(&pdf)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Choisissez les dossiers"));
    acces(&data)
        .args(["lettres", "--fichier", "FPR", "--sortie"])
        .arg(&pdf)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Aucune lettre à écrire"));
    assert!(!pdf.exists());
    assert_eq!(drafts(&data), 0);
}

/// `--ligne` joins the `--champ` before it here too, with the same checks as `acces lettre`.
#[test]
fn ligne_is_read_as_in_acces_lettre() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("sortie");
    acces(&root.path().join("donnees"))
        .args([
            "lettres",
            "--fichier",
            "TAJ",
            "--format",
            "txt",
            "--dossier-sortie",
        ])
        .arg(&out)
        .args(["--champ", "lieu=Paris", "--ligne", "1 rue X"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "« lieu » tient sur une seule ligne",
        ));
    assert!(!out.exists(), "nothing written");
}
