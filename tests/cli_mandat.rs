//! The « mandat » (issue 13): a person's representative gets a mandate naming both parties,
//! the precise steps a mandate can cover, its end and where answers go; the letters say the
//! same. Through the real binary, temporary data directories only.

use std::path::{Path, PathBuf};

use crate::common;

use common::{acces_in as acces, open_taj, refused, stdout};

/// A person file with a representative (with an address when `contact`).
fn represented(work: &Path, contact: bool) -> PathBuf {
    let path = work.join(if contact { "rep.json" } else { "rep-sans.json" });
    let adresse = if contact {
        r#","adresse":["12 rue Basse","75011 Paris"],"email":"juridique@droits.example""#
    } else {
        ""
    };
    std::fs::write(
        &path,
        format!(
            r#"{{"nom":"N'Diaye","prenoms":"Awa","adresse":["3 rue des Lilas"],
               "code_postal":"93200","commune":"Saint-Denis","departement":"93",
               "date_naissance":"1990-04-02","lieu_naissance":"Dakar (Sénégal)",
               "representant":{{"nom":"Association Droits Devant",
                                "qualite":"association loi 1901"{adresse}}}}}"#
        ),
    )
    .unwrap();
    path
}

fn add(dir: &Path, file: &Path) -> String {
    stdout(acces(dir).args(["personne", "ajouter", "--fichier", file.to_str().unwrap()]))
        .trim()
        .to_string()
}

#[test]
fn a_mandate_for_a_person_file_names_the_parties_the_steps_and_the_end() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("data");
    let file = represented(work.path(), true);
    let out = acces(&dir)
        .args([
            "mandat",
            "--personne",
            file.to_str().unwrap(),
            "--fichier",
            "TAJ",
        ])
        .args(["--date", "2026-11-30", "--jusqu-au", "31/05/2027"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    for needle in [
        "Objet : Mandat pour exercer mes droits sur mes données personnelles",
        "Nom : N'Diaye",
        "Nom : Association Droits Devant",
        "(TAJ) : demander l’accès aux données me concernant, auprès de : Ministère de l’intérieur",
        "(TAJ) : saisir la CNIL après un refus ou un silence",
        "vaut jusqu’au 31 mai 2027",
        "adressées au mandataire (12 rue Basse, 75011 Paris ; juridique@droits.example)",
        "« Bon pour mandat »",
        "« Mandat accepté »",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
    // The prosecutor's erasure and its appeal (code de procédure pénale) are not in it.
    assert!(!text.contains("effacement"), "{text}");
    assert!(!text.contains("chambre"), "{text}");
    assert!(err.contains("Ce mandat ne couvre que"), "{err}");
    // No store was needed, and none was created.
    assert!(!dir.exists());
}

#[test]
fn a_register_person_gets_a_mandate_for_their_open_cases_that_a_mandate_can_cover() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("data");
    let p = add(&dir, &represented(work.path(), false));
    open_taj(&dir, &p, "acces", &[]);
    open_taj(&dir, &p, "effacement", &[]);
    let pdf = work.path().join("mandat.pdf");
    let out = acces(&dir)
        .args(["mandat", "--personne", &p, "--format", "pdf", "--sortie"])
        .arg(&pdf)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("Mandat écrit dans"), "{err}");
    // Left out, and the person told so, with the step's name.
    assert!(err.contains("Non couvertes par ce mandat"), "{err}");
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("demander l’accès aux données me concernant"),
        "{flat}"
    );
    assert!(!flat.contains("effacement"), "{flat}");
    // No contact for the representative: answers go to the person.
    assert!(
        flat.contains("Les réponses doivent m’être adressées"),
        "{flat}"
    );
    assert!(flat.contains("Bon pour mandat"), "{flat}");
}

#[test]
fn a_mandate_is_refused_with_a_french_reason() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("data");
    let with = add(&dir, &represented(work.path(), true));
    let other = common::add_person(&dir, work.path(), "Martin");
    let case_of_other = open_taj(&dir, &other, "acces", &[]);

    // A person file is checked as every input path checks a person.
    let bad = work.path().join("bad.json");
    let good = std::fs::read_to_string(represented(work.path(), true)).unwrap();
    std::fs::write(&bad, good.replace("93200", "9320")).unwrap();
    let bad_file: &[&str] = &["--personne", bad.to_str().unwrap(), "--fichier", "TAJ"];
    let no_rep: &[&str] = &["--personne", &other, "--fichier", "TAJ"];
    let others_case: &[&str] = &["--personne", &with, "--dossier", &case_of_other];
    let nothing: &[&str] = &["--personne", &with];
    let not_covered: &[&str] = &["--personne", &with, "--fichier", "CJN"];
    let ends_before: &[&str] = &[
        "--personne",
        &with,
        "--fichier",
        "TAJ",
        "--date",
        "2026-11-30",
        "--jusqu-au",
        "2026-11-01",
    ];
    let bad_date: &[&str] = &[
        "--personne",
        &with,
        "--fichier",
        "TAJ",
        "--jusqu-au",
        "31/02/2027",
    ];
    for (args, why) in [
        (bad_file, "code_postal"),
        (no_rep, "n’a pas de mandataire"),
        (others_case, "n’est pas un dossier de la personne"),
        (nothing, "Rien à mettre dans le mandat"),
        (not_covered, "Aucune démarche choisie"),
        (ends_before, "doit venir après"),
        (bad_date, "--jusqu-au"),
    ] {
        let e = refused(&dir, &[&["mandat"], args].concat());
        assert!(e.contains(why), "{args:?}: {e}");
    }
}

#[test]
fn letters_for_a_represented_person_name_the_mandate_only_where_it_covers_the_step() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("data");
    let file = represented(work.path(), true);
    let covered = stdout(acces(&dir).args(["lettre", "TAJ", "--personne", file.to_str().unwrap()]));
    assert!(covered.contains("en vertu du mandat joint"), "{covered}");
    // Where answers go, said once, as the mandate says it.
    assert!(
        covered.contains(
            "Cette demande vous est présentée par Association Droits Devant (association loi \
             1901), qui agit pour mon compte en vertu du mandat joint. Je vous remercie de lui \
             adresser votre réponse : 12 rue Basse, 75011 Paris ; juridique@droits.example."
        ),
        "{covered}"
    );
    assert!(
        !covered.contains("à l’adresse indiquée en tête"),
        "{covered}"
    );
    assert!(covered.contains("– Mandat signé"), "{covered}");

    let out = acces(&dir)
        .args(["lettre", "TAJ", "--demarche", "effacement", "--personne", file.to_str().unwrap()])
        .args(["--champ", "decision_judiciaire=jugement du tribunal correctionnel de Bobigny du 3 mars 2025 (relaxe)"])
        .args(["--champ", "destinataire_adresse=Tribunal judiciaire de Bobigny|173 avenue Paul Vaillant-Couturier|93000 Bobigny"])
        .assert()
        .success();
    let letter = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(!letter.contains("mandat"), "{letter}");
    assert!(!letter.contains("Droits Devant"), "{letter}");
    assert!(
        err.contains("ne peut pas être confiée au mandataire"),
        "{err}"
    );
}

#[test]
fn letters_in_a_batch_come_with_the_mandate_of_each_represented_person() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("data");
    let rep = add(&dir, &represented(work.path(), true));
    let alone = common::add_person(&dir, work.path(), "Martin");
    open_taj(&dir, &alone, "acces", &[]);
    open_taj(&dir, &rep, "acces", &[]);
    open_taj(&dir, &rep, "cnil-108", &[]);

    let folder = work.path().join("lettres");
    let out = acces(&dir)
        .args([
            "lettres",
            "--brouillons",
            "--champ",
            "date_demande=2026-09-01",
        ])
        .args(["--format", "txt", "--dossier-sortie"])
        .arg(&folder)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("3 lettres et 1 mandat à faire signer écrits"),
        "{err}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mandates: Vec<&String> = names.iter().filter(|n| n.contains("mandat")).collect();
    assert_eq!(mandates.len(), 1, "{names:?}");
    // Just before the represented person's first letter.
    let at = names.iter().position(|n| n.contains("mandat")).unwrap();
    let next = std::fs::read_to_string(folder.join(&names[at + 1])).unwrap();
    assert!(next.contains("N'Diaye"), "{next}");
    let mandate = std::fs::read_to_string(folder.join(mandates[0])).unwrap();
    assert!(
        mandate.contains("demander l’accès aux données me concernant"),
        "{mandate}"
    );
    assert!(
        mandate.contains("saisir la CNIL après un refus ou un silence"),
        "{mandate}"
    );
    assert!(!mandate.contains("Martin"), "{mandate}");

    // One PDF: the mandate is a document of its own, before the person's letters.
    let pdf = work.path().join("lettres.pdf");
    acces(&dir)
        .args([
            "lettres",
            "--brouillons",
            "--champ",
            "date_demande=2026-09-01",
            "--sortie",
        ])
        .arg(&pdf)
        .assert()
        .success();
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    // Lines are joined without a space by the extraction: compare without any.
    let flat: String = text.split_whitespace().collect();
    let mandate_at = flat.find("Mandatpourexercermesdroits").expect(&flat);
    let first_letter_of_rep = flat.find("quiagitpourmoncompte").expect(&flat);
    assert!(mandate_at < first_letter_of_rep, "{flat}");
}
