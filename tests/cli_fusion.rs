//! Stable identities through the real binary: merging a JSON export (`acces import`) adds
//! nothing twice, `--simulation` writes nothing, and editing a stale copy of a person
//! (`acces personne voir --json`, then `personne modifier --fichier`) is refused.
//! Temporary data directories only.

use crate::common;

use common::{acces_in as acces, add_event, add_person, open_taj, run, run_json};

/// A register with one person and one TAJ case; its export.
fn exported(dir: &std::path::Path, work: &std::path::Path) -> std::path::PathBuf {
    let p = add_person(dir, work, "Martin");
    let c = open_taj(
        dir,
        &p,
        "acces",
        &["--canal", "lrar", "--date", "2026-01-02"],
    );
    add_event(dir, &c, "envoye", "2026-01-03", &["--canal", "lrar"]);
    let out = work.join("registre.json");
    run(
        dir,
        &[
            "export",
            "--format",
            "json",
            "--sortie",
            out.to_str().unwrap(),
        ],
    );
    out
}

#[test]
fn importing_a_volunteers_export_twice_adds_nothing_the_second_time() {
    let work = tempfile::tempdir().unwrap();
    let theirs = work.path().join("theirs");
    let mine = work.path().join("mine");
    let file = exported(&theirs, work.path());
    // Something of my own first, so that my register is not empty.
    add_person(&mine, work.path(), "Durand");

    let simulated = acces(&mine)
        .args(["import", file.to_str().unwrap(), "--simulation"])
        .assert()
        .success();
    let said = String::from_utf8_lossy(&simulated.get_output().stderr).to_string();
    assert!(said.contains("Simulation (rien n'a été écrit)"), "{said}");
    assert!(
        said.contains("ajoutés : 1 personne(s), 1 dossier(s), 1 événement(s)"),
        "{said}"
    );
    assert_eq!(
        run_json(&mine, &["personne", "liste"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let first = acces(&mine)
        .args(["import", file.to_str().unwrap()])
        .assert()
        .success();
    let said = String::from_utf8_lossy(&first.get_output().stderr).to_string();
    assert!(
        said.contains("ajoutés : 1 personne(s), 1 dossier(s), 1 événement(s)"),
        "{said}"
    );
    let again = acces(&mine)
        .args(["import", file.to_str().unwrap()])
        .assert()
        .success();
    let said = String::from_utf8_lossy(&again.get_output().stderr).to_string();
    assert!(
        said.contains("ajoutés : 0 personne(s), 0 dossier(s), 0 événement(s)"),
        "{said}"
    );
    assert!(
        said.contains("déjà dans le registre, laissés tels quels : 1 personne(s), 1 dossier(s), 1 événement(s)"),
        "{said}"
    );
    assert!(said.contains("Rien de nouveau à ajouter."), "{said}");
    let persons = run_json(&mine, &["personne", "liste"]);
    assert_eq!(persons.as_array().unwrap().len(), 2, "{persons}");
    assert_eq!(
        run_json(&mine, &["dossier", "liste"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn editing_a_stale_copy_of_a_person_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("data");
    let p = add_person(&dir, work.path(), "Martin");
    // Two copies read at the same moment.
    let mut copy = run_json(&dir, &["personne", "voir", &p]);
    assert!(
        copy["uid"].as_str().is_some_and(|u| u.len() == 36),
        "{copy}"
    );
    assert!(copy["maj"].as_str().is_some(), "{copy}");
    let stale = copy.clone();
    // The first edit goes through…
    copy["personne"]["commune"] = "Lyon".into();
    copy["personne"]["code_postal"] = "69002".into();
    let first = work.path().join("premiere.json");
    std::fs::write(&first, copy.to_string()).unwrap();
    run(
        &dir,
        &[
            "personne",
            "modifier",
            &p,
            "--fichier",
            first.to_str().unwrap(),
        ],
    );
    // …the second, made on a copy read before it, is refused, and nothing is lost.
    let mut other = stale;
    other["personne"]["email"] = "autre@exemple.fr".into();
    let second = work.path().join("seconde.json");
    std::fs::write(&second, other.to_string()).unwrap();
    let refused = acces(&dir)
        .args([
            "personne",
            "modifier",
            &p,
            "--fichier",
            second.to_str().unwrap(),
        ])
        .assert()
        .code(4);
    let said = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(
        said.contains("a été modifiée depuis que ce fichier a été lu"),
        "{said}"
    );
    let now = run_json(&dir, &["personne", "voir", &p]);
    assert_eq!(now["personne"]["commune"], "Lyon");
    assert_ne!(now["personne"]["email"], "autre@exemple.fr");
    // A copy read after the change goes through; a record of another person is refused.
    let mut fresh = now.clone();
    fresh["personne"]["email"] = "autre@exemple.fr".into();
    std::fs::write(&second, fresh.to_string()).unwrap();
    run(
        &dir,
        &[
            "personne",
            "modifier",
            &p,
            "--fichier",
            second.to_str().unwrap(),
        ],
    );
    acces(&dir)
        .args([
            "personne",
            "modifier",
            "99",
            "--fichier",
            second.to_str().unwrap(),
        ])
        .assert()
        .code(2);
}
