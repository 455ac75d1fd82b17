//! `acces lettre` with the tracker: a person of the registre by number, `--dossier`, and
//! `--enregistrer` (a « brouillon » on the case, or on a new case). Temporary data
//! directories only.

use crate::common;

use std::path::{Path, PathBuf};

use common::{acces_in_cwd as acces, add_event, add_person, json, open_taj, person_file, stdout};
use predicates::prelude::*;

const NAME: &str = "Quintessence";

/// A data directory (`tmp/donnees`) with one person; returns it.
fn registre(tmp: &Path) -> PathBuf {
    let dir = tmp.join("donnees");
    assert_eq!(add_person(&dir, tmp, NAME), "1");
    dir
}

fn open_case(dir: &Path, route: &str) -> String {
    open_taj(dir, "1", route, &["--date", "2026-01-02"])
}

const PROCUREUR: [&str; 4] = [
    "--champ",
    "destinataire_adresse=Procureur de la République|1 rue du Palais|57000 Metz",
    "--champ",
    "decision_judiciaire=classement sans suite du 1er mars 2024",
];

#[test]
fn letter_for_a_person_of_the_registre() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    acces(&dir)
        .args(["lettre", "taj", "--personne", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(NAME))
        .stdout(predicate::str::contains("12 rue des Essais"))
        .stdout(predicate::str::contains("Place Beauvau"));
    // Nothing was recorded without --enregistrer.
    let cases = json(acces(&dir).args(["dossier", "liste", "--json"]));
    assert!(cases.as_array().unwrap().is_empty());
}

#[test]
fn an_existing_file_named_like_a_number_is_read_as_a_person_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    let other = person_file(tmp.path(), "Autrenom");
    std::fs::rename(&other, tmp.path().join("1")).unwrap();
    acces(&dir)
        .args(["lettre", "taj", "--personne", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Autrenom"))
        .stdout(predicate::str::contains(NAME).not());
}

#[test]
fn unknown_person_number_exits_2_and_store_problems_keep_their_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    acces(&dir)
        .args(["lettre", "taj", "--personne", "9"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("Aucune personne n° 9"));
    acces(&dir)
        .env("ACCES_PASSPHRASE", "pas la bonne")
        .args(["lettre", "taj", "--personne", "1"])
        .assert()
        .code(3)
        .stdout(predicate::str::is_empty());
    // No registre at all: said so (exit 4), and none is created by a letter.
    let empty = tmp.path().join("vide");
    acces(&empty)
        .args(["lettre", "taj", "--personne", "1"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("Aucun registre"));
    assert!(!empty.exists());
}

#[test]
fn enregistrer_opens_a_case_with_a_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    let out = acces(&dir)
        .args(["lettre", "taj", "--personne", "1", "--enregistrer"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Objet : Demande d’accès"))
        .stderr(predicate::str::contains(
            "Dossier n° 1 ouvert, brouillon noté",
        ))
        .get_output()
        .clone();
    assert!(
        !String::from_utf8(out.stdout)
            .unwrap()
            .contains("Dossier n°")
    );
    let case = json(acces(&dir).args(["dossier", "voir", "1", "--json"]));
    assert_eq!(case["dossier"]["personne"], 1);
    assert_eq!(case["dossier"]["fichier"], "TAJ");
    assert_eq!(case["dossier"]["demarche"], "acces");
    assert_eq!(case["dossier"]["canal"], "lrar");
    let events = case["evenements"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["type"], "brouillon");
    assert_eq!(events[0]["date"], case["dossier"]["ouvert"]);
    assert_eq!(case["etat"]["state"], "brouillon");

    // With --json, the letter and the new case's number together on stdout.
    let v = json(acces(&dir).args([
        "lettre",
        "taj",
        "--personne",
        "1",
        "--enregistrer",
        "--json",
    ]));
    assert_eq!(v["dossier"], 2);
    assert!(v["lettre"]["subject"].as_str().unwrap().contains("accès"));
    let cases = json(acces(&dir).args(["dossier", "liste", "--json"]));
    assert_eq!(cases.as_array().unwrap().len(), 2);
}

#[test]
fn enregistrer_needs_a_person_of_the_registre_and_a_case_for_a_reminder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    let file = person_file(tmp.path(), "Fichier");
    acces(&dir)
        .args([
            "lettre",
            "taj",
            "--personne",
            file.to_str().unwrap(),
            "--enregistrer",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("acces personne ajouter"));
    acces(&dir)
        .args([
            "lettre",
            "taj",
            "--personne",
            "1",
            "--relance",
            "--enregistrer",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("--dossier"));
    let cases = json(acces(&dir).args(["dossier", "liste", "--json"]));
    assert!(cases.as_array().unwrap().is_empty());
}

#[test]
fn dossier_gives_the_route_person_and_file_and_takes_the_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    let c = open_case(&dir, "effacement");
    let letter = tmp.path().join("lettre.txt");
    let mut cmd = acces(&dir);
    cmd.args(["lettre", "--dossier", &c, "--enregistrer", "--sortie"])
        .arg(&letter)
        .args(PROCUREUR);
    cmd.assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!(
            "Brouillon noté dans le dossier n° {c}"
        )));
    let text = std::fs::read_to_string(&letter).unwrap();
    assert!(text.contains("Objet : Demande d’effacement"), "{text}");
    assert!(text.contains(NAME));
    let case = json(acces(&dir).args(["dossier", "voir", &c, "--json"]));
    let events = case["evenements"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["type"], "brouillon");
    // No other case was opened.
    let cases = json(acces(&dir).args(["dossier", "liste", "--json"]));
    assert_eq!(cases.as_array().unwrap().len(), 1);

    // Giving what the case already says is fine.
    let mut cmd = acces(&dir);
    cmd.args([
        "lettre",
        "TAJ",
        "--dossier",
        &c,
        "--demarche",
        "EFFACEMENT",
        "--personne",
        "1",
    ])
    .args(PROCUREUR);
    cmd.assert()
        .success()
        .stdout(predicate::str::contains("Demande d’effacement"));
}

#[test]
fn dossier_disagreeing_with_code_route_or_person_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    stdout(acces(&dir).args([
        "personne",
        "ajouter",
        "--fichier",
        person_file(tmp.path(), "Deuxieme").to_str().unwrap(),
    ]));
    let c = open_case(&dir, "acces");
    let refused = |args: &[&str], says: &str| {
        acces(&dir)
            .args(["lettre", "--dossier", &c, "--enregistrer"])
            .args(args)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(says.to_string()));
    };
    refused(&["fpr"], "concerne TAJ");
    refused(&["--demarche", "effacement"], "suit la démarche « acces »");
    refused(
        &["--personne", "2"],
        "concerne la personne n° 1, pas la n° 2",
    );
    let file = person_file(tmp.path(), NAME);
    refused(
        &["--personne", file.to_str().unwrap()],
        "omettez --personne",
    );
    acces(&dir)
        .args(["lettre", "--dossier", "99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Aucun dossier n° 99"));
    // Nothing was recorded by the refused commands.
    let case = json(acces(&dir).args(["dossier", "voir", &c, "--json"]));
    assert!(case["evenements"].as_array().unwrap().is_empty());
}

#[test]
fn a_closed_case_takes_no_draft_and_no_letter_file_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    let c = open_case(&dir, "acces");
    stdout(acces(&dir).args([
        "dossier",
        "clore",
        &c,
        "--motif",
        "abandon",
        "--date",
        "2026-02-01",
    ]));
    let letter = tmp.path().join("lettre.txt");
    acces(&dir)
        .args(["lettre", "--dossier", &c, "--enregistrer", "--sortie"])
        .arg(&letter)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("clos"));
    assert!(!letter.exists());
    // Without --enregistrer the letter can still be written for it.
    acces(&dir)
        .args(["lettre", "--dossier", &c])
        .assert()
        .success()
        .stdout(predicate::str::contains("Demande d’accès"));
}

#[test]
fn a_reminder_for_a_case_takes_the_sending_and_receipt_dates_from_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    let c = open_case(&dir, "acces");
    // Without a recorded sending, there is nothing to remind yet.
    acces(&dir)
        .args(["lettre", "--dossier", &c, "--relance"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("n'est pas notée comme envoyée"));
    for (kind, date) in [("envoye", "2026-01-05"), ("recu", "2026-01-08")] {
        add_event(&dir, &c, kind, date, &[]);
    }
    let text = stdout(acces(&dir).args(["lettre", "--dossier", &c, "--relance"]));
    assert!(text.contains("5 janvier 2026"), "{text}");
    assert!(text.contains("8 janvier 2026"), "{text}");
    // --champ wins over the case.
    let text = stdout(acces(&dir).args([
        "lettre",
        "--dossier",
        &c,
        "--relance",
        "--champ",
        "date_demande=2026-01-04",
    ]));
    assert!(text.contains("4 janvier 2026"), "{text}");
    assert!(!text.contains("5 janvier 2026"), "{text}");
}

/// Opens a case for person 1 on `file`/`route`, following `parent` when given.
fn open(dir: &Path, file: &str, route: &str, parent: Option<&str>) -> String {
    let mut cmd = acces(dir);
    cmd.args([
        "dossier",
        "ouvrir",
        "--personne",
        "1",
        "--fichier",
        file,
        "--demarche",
        route,
        "--date",
        "2026-01-02",
    ]);
    if let Some(p) = parent {
        cmd.args(["--suite-de", p]);
    }
    stdout(&mut cmd).trim().to_string()
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Issue 10, defect 2 (CLI face): France Travail, RGPD and CRPA requests both left
/// unanswered; the CADA referral and the CNIL complaint written from the cases that follow
/// them take the request's date from the case, word the silence (an implicit refusal for
/// the CRPA request) and cite no reply date nor enclose a refusal.
#[test]
fn after_silence_the_next_letters_word_the_silence_and_enclose_no_refusal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    let crpa = open(&dir, "ft-suspicion", "crpa", None);
    add_event(&dir, &crpa, "envoye", "2026-01-05", &[]);
    add_event(&dir, &crpa, "recu", "2026-01-07", &[]);
    let rgpd = open(&dir, "ft-suspicion", "rgpd", None);
    add_event(&dir, &rgpd, "envoye", "2026-01-06", &[]);
    let cada = open(&dir, "ft-suspicion", "cada", Some(&crpa));
    let plainte = open(&dir, "ft-suspicion", "plainte-cnil", Some(&rgpd));

    let out = acces(&dir)
        .args(["lettre", "--dossier", &cada])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Le 5 janvier 2026, j’ai demandé"), "{text}");
    assert!(text.contains("ce qui vaut refus implicite"), "{text}");
    assert!(!text.contains("Par une décision du"), "{text}");
    assert!(!text.contains("Copie du refus"), "{text}");

    let text = stdout(acces(&dir).args(["lettre", "--dossier", &plainte]));
    assert!(text.contains("Le 6 janvier 2026"), "{text}");
    assert!(text.contains("Je n’ai reçu aucune réponse"), "{text}");
    assert!(!text.contains("La réponse que j’ai reçue"), "{text}");
    assert!(!text.contains("Réponse de l’organisme"), "{text}");
}

/// Issue 10, defect 2 (CLI face), express refusal: the next step takes the reply's date.
#[test]
fn after_a_refusal_the_next_letter_cites_the_reply_and_encloses_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    let acces_case = open(&dir, "taj", "acces", None);
    add_event(&dir, &acces_case, "envoye", "2026-01-05", &[]);
    add_event(
        &dir,
        &acces_case,
        "reponse",
        "2026-02-20",
        &["--issue", "refus"],
    );
    let cnil = open(&dir, "taj", "cnil-108", Some(&acces_case));
    let text = stdout(acces(&dir).args(["lettre", "--dossier", &cnil]));
    assert!(
        text.contains("Par une réponse du 20 février 2026"),
        "{text}"
    );
    assert!(text.contains("Copie de la réponse négative"), "{text}");
}

/// Issue 10, defect 3 (CLI face): a reminder before the recipient's deadline is refused,
/// with the date from which it can be written; nothing is printed nor recorded.
#[test]
fn an_early_reminder_is_refused_with_the_day_it_becomes_possible() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    let c = open_case(&dir, "acces");
    let sent = today().to_string();
    add_event(&dir, &c, "envoye", &sent, &[]);
    acces(&dir)
        .args(["lettre", "--dossier", &c, "--relance", "--enregistrer"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("Trop tôt pour une relance"))
        .stderr(predicate::str::contains("pourra être écrite à partir du"));
    let case = json(acces(&dir).args(["dossier", "voir", &c, "--json"]));
    assert_eq!(case["evenements"].as_array().unwrap().len(), 1);
    // Without a case, from the date typed.
    acces(&dir)
        .args(["lettre", "taj", "--personne", "1", "--relance", "--champ"])
        .arg(format!("date_demande={sent}"))
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("Trop tôt pour une relance"));
}

const COUR: &str = "destinataire_adresse=Cour d’appel de Metz|3 rue Haute-Pierre|57000 Metz";
const MOTIFS: &str = "motifs=Classement sans suite pour absence d’infraction.";

/// Issue 10, defect 8 (CLI face): a recourse to the chambre de l'instruction dated past the
/// person's deadline (one month from the procureur's refusal for the TAJ, R.40-31-1 CPP; ten
/// days for the FIJAIS) is flagged before the letter; in time, the days left are shown.
#[test]
fn a_late_recourse_is_flagged_before_the_letter_and_an_early_one_shows_the_days_left() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = registre(tmp.path());
    for file in ["taj", "fijais"] {
        acces(&dir)
            .args([
                "lettre",
                file,
                "--demarche",
                "recours-ci",
                "--personne",
                "1",
            ])
            .args(["--champ", COUR, "--champ", MOTIFS])
            .args(["--champ", "date_demande=2020-01-06"])
            .args(["--champ", "date_reponse=2020-03-02"])
            .assert()
            .success()
            .stdout(predicate::str::contains("la décision du 2 mars 2020"))
            .stderr(predicate::str::contains("Délai probablement dépassé"))
            .stderr(predicate::str::contains("irrecevable"))
            .stderr(predicate::str::contains("Ce qui reste possible"));
    }
    let refused = today() - chrono::Days::new(3);
    let v = json(
        acces(&dir)
            .args([
                "lettre",
                "taj",
                "--demarche",
                "recours-ci",
                "--personne",
                "1",
            ])
            .args(["--champ", COUR, "--champ", MOTIFS, "--json"])
            .args(["--champ", "date_demande=2020-01-06", "--champ"])
            .arg(format!("date_reponse={refused}")),
    );
    assert_eq!(v["delai"]["depasse"], false);
    assert!(v["delai"]["jours_restants"].as_i64().unwrap() >= 25);
    assert!(
        v["delai"]["texte"][0]
            .as_str()
            .unwrap()
            .contains("il reste"),
        "{v}"
    );
}
