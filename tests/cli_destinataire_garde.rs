//! The recipient chosen for a letter is kept in its case (issue 12): the next letter of the
//! case goes to the same place without asking, says so, and a recipient given again
//! replaces it. Through the real binary, temporary data directories only.

use crate::common;

use common::{acces_in as acces, add_person, run_json};

/// `acces lettre ARGS` with the field every TAJ erasure letter asks for; its stderr.
fn letter(dir: &std::path::Path, args: &[&str]) -> String {
    let out = acces(dir)
        .arg("lettre")
        .args(args)
        .args([
            "--champ",
            "decision_judiciaire=jugement du tribunal correctionnel de Metz du 3 mars 2025 (relaxe)",
        ])
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stderr).to_string()
}

#[test]
fn the_next_letter_of_a_case_goes_to_the_recipient_it_kept() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("data");
    let p = add_person(&dir, work.path(), "Martin");
    let first = work.path().join("l1.txt");
    letter(
        &dir,
        &[
            "TAJ",
            "--personne",
            &p,
            "--demarche",
            "effacement",
            "--enregistrer",
            "--sortie",
            first.to_str().unwrap(),
        ],
    );
    let case = run_json(&dir, &["dossier", "voir", "1"]);
    let kept = case["dossier"]["destinataire"]
        .as_str()
        .unwrap_or_else(|| panic!("{case}"))
        .to_string();
    assert!(kept.contains("Metz"), "{kept}");
    // Shown with the case.
    let shown = common::run(&dir, &["dossier", "voir", "1"]);
    assert!(
        shown.contains(&format!(
            "Destinataire      {}",
            kept.lines().next().unwrap()
        )),
        "{shown}"
    );
    assert!(
        std::fs::read_to_string(&first)
            .unwrap()
            .contains(kept.lines().next().unwrap())
    );

    // The same case again: the kept recipient, said, without a proposal.
    let second = work.path().join("l2.txt");
    let said = letter(
        &dir,
        &["--dossier", "1", "--sortie", second.to_str().unwrap()],
    );
    assert!(said.contains("celui choisi pour le dossier n° 1"), "{said}");
    let text = std::fs::read_to_string(&second).unwrap();
    for line in kept.lines() {
        assert!(text.contains(line), "{line} not in {text}");
    }

    // A recipient given replaces the kept one when the letter is recorded.
    let third = work.path().join("l3.txt");
    letter(
        &dir,
        &[
            "--dossier",
            "1",
            "--champ",
            "destinataire_adresse=Tribunal judiciaire de Metz|Service de l'exécution|3 rue Haute-Pierre|57000 Metz",
            "--enregistrer",
            "--sortie",
            third.to_str().unwrap(),
        ],
    );
    let case = run_json(&dir, &["dossier", "voir", "1"]);
    assert_eq!(
        case["dossier"]["destinataire"],
        "Tribunal judiciaire de Metz\nService de l'exécution\n3 rue Haute-Pierre\n57000 Metz"
    );

    // Letters in a batch take it too.
    let out = work.path().join("lot");
    acces(&dir)
        .args(["lettres", "--fichier", "TAJ", "--format", "txt", "--dossier-sortie"])
        .arg(&out)
        .args([
            "--champ",
            "decision_judiciaire=jugement du tribunal correctionnel de Metz du 3 mars 2025 (relaxe)",
        ])
        .assert()
        .success();
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
    assert!(text.contains("Service de l'exécution"), "{text}");
}
