//! Issue #10 through the real binary: a case follows the procedure (a follow-up never hides
//! the other remedies), silence is an implicit decision, dates are checked and can be
//! corrected, reminders keep how they were sent, persons and cases can be deleted for real.
//! Temporary data directories only; every date is in the past and `--au` fixes « today ».

use crate::common;

use common::{acces_in as acces, add_event, refused, run, run_json as json};

use std::path::Path;

use serde_json::Value;

fn person(dir: &Path, work: &Path, nom: &str, extra: &str) -> String {
    let file = work.join(format!("{nom}.json"));
    std::fs::write(
        &file,
        format!(
            r#"{{"nom":"{nom}","prenoms":"Zéphyrine","adresse":["12 rue des Essais"],
               "code_postal":"57000","commune":"Metz","departement":"57"{extra}}}"#
        ),
    )
    .unwrap();
    run(
        dir,
        &["personne", "ajouter", "--fichier", file.to_str().unwrap()],
    )
}

fn open_case(dir: &Path, p: &str, code: &str, route: &str, date: &str) -> String {
    run(
        dir,
        &[
            "dossier",
            "ouvrir",
            "--personne",
            p,
            "--fichier",
            code,
            "--demarche",
            route,
            "--date",
            date,
        ],
    )
}

fn event(dir: &Path, case: &str, kind: &str, date: &str, extra: &[&str]) -> String {
    add_event(dir, case, kind, date, extra).trim().to_string()
}

/// Whether a JSON number is the id printed by a command.
fn same(v: &Value, id: &str) -> bool {
    v.as_i64() == id.parse().ok()
}

/// Every item of every list of `acces echeances --json`.
fn agenda_items(ag: &Value) -> Vec<Value> {
    ag.as_object()
        .unwrap()
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .cloned()
        .collect()
}

fn has_step(ag: &Value, case: &str, route: &str, due: &str) -> bool {
    agenda_items(ag)
        .iter()
        .any(|i| same(&i["dossier"], case) && i["etape"] == route && i["echeance"] == due)
}

/// A TAJ access request refused on 20/11/2026 (issue #10, defect 1).
fn refused_taj(dir: &Path, work: &Path) -> (String, String) {
    let p = person(dir, work, "Essai", "");
    let c = open_case(dir, &p, "taj", "acces", "2026-09-01");
    event(dir, &c, "envoye", "2026-09-01", &["--canal", "lrar"]);
    event(dir, &c, "reponse", "2026-11-20", &["--issue", "refus"]);
    (p, c)
}

#[test]
fn a_follow_up_never_hides_the_tribunal_deadline() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (_, c) = refused_taj(&dir, tmp.path());
    let ta = |au: &str| {
        let ag = json(&dir, &["echeances", "--au", au, "--jours", "120"]);
        has_step(&ag, &c, "tribunal-administratif", "2027-01-20")
    };
    assert!(ta("2026-11-21"), "the tribunal's two months are listed");
    // The CNIL step, drafted as a follow-up: the tribunal stays listed, the parent open.
    let cnil = run(
        &dir,
        &[
            "dossier",
            "ouvrir",
            "--suite-de",
            &c,
            "--demarche",
            "cnil-108",
            "--date",
            "2026-11-25",
        ],
    );
    assert!(ta("2026-11-26"), "still listed after the CNIL follow-up");
    let parent = json(&dir, &["dossier", "voir", &c, "--au", "2026-11-26"]);
    assert_eq!(parent["etat"]["state"], "a-agir", "{parent}");
    let steps = parent["etat"]["next_steps"].as_array().unwrap();
    let taken = steps.iter().find(|s| s["route"] == "cnil-108").unwrap();
    assert_eq!(taken["taken"].to_string(), cnil);
    // The ICS export carries it too.
    let ics = tmp.path().join("a.ics");
    run(
        &dir,
        &[
            "export",
            "--ics",
            ics.to_str().unwrap(),
            "--au",
            "2026-11-26",
        ],
    );
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.contains("20270120"), "{text}");
    // The person lets the tribunal go: it leaves the listings, the step is over.
    event(
        &dir,
        &c,
        "renonce",
        "2026-11-27",
        &["--demarche", "tribunal-administratif"],
    );
    assert!(!ta("2026-11-28"));
    let parent = json(&dir, &["dossier", "voir", &c, "--au", "2026-11-28"]);
    assert_eq!(parent["etat"]["state"], "termine", "{parent}");
    // Only a route the case offers can be let go.
    let msg = refused(
        &dir,
        &[
            "evenement",
            "ajouter",
            "--dossier",
            &c,
            "--type",
            "renonce",
            "--demarche",
            "recours-ci",
            "--date",
            "2026-11-27",
        ],
    );
    assert!(msg.contains("recours-ci"), "{msg}");
}

#[test]
fn silence_is_an_implicit_decision_born_on_the_legal_date() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let p = person(&dir, tmp.path(), "Essai", "");
    let c = open_case(&dir, &p, "taj", "acces", "2026-01-05");
    event(&dir, &c, "envoye", "2026-01-05", &["--canal", "lrar"]);
    event(&dir, &c, "recu", "2026-01-07", &[]);
    let v = json(&dir, &["dossier", "voir", &c, "--au", "2026-03-10"]);
    assert_eq!(v["etat"]["why"], "implicit-restriction");
    assert_eq!(v["etat"]["decision"], "2026-03-07");
    assert_eq!(v["etat"]["implicit_decision"], true);
    let text = run(&dir, &["dossier", "voir", &c, "--au", "2026-03-10"]);
    assert!(
        text.contains("Décision implicite née le 07/03/2026"),
        "{text}"
    );
    // Silence then CNIL: the tribunal's deadline (from the implicit decision) stays.
    run(
        &dir,
        &[
            "dossier",
            "ouvrir",
            "--suite-de",
            &c,
            "--demarche",
            "cnil-108",
            "--date",
            "2026-03-10",
        ],
    );
    let ag = json(&dir, &["echeances", "--au", "2026-03-11", "--jours", "120"]);
    assert!(
        agenda_items(&ag)
            .iter()
            .any(|i| same(&i["dossier"], &c) && i["etape"] == "tribunal-administratif"),
        "{ag}"
    );
}

#[test]
fn france_travail_silence_offers_the_cnil_the_cada_and_the_defenseur() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let p = person(&dir, tmp.path(), "Essai", "");
    let c = open_case(&dir, &p, "ft-suspicion", "rgpd", "2026-01-05");
    event(&dir, &c, "envoye", "2026-01-05", &["--canal", "lrar"]);
    event(&dir, &c, "recu", "2026-01-07", &[]);
    let v = json(&dir, &["dossier", "voir", &c, "--au", "2026-03-01"]);
    let routes: Vec<&str> = v["etat"]["next_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["route"].as_str().unwrap())
        .collect();
    // Rectification stays possible without a reply: the right does not depend on access.
    assert_eq!(
        routes,
        ["plainte-cnil", "cada", "defenseur-droits", "rectification"],
        "{v}"
    );
    // The CADA can be opened as its follow-up.
    run(
        &dir,
        &[
            "dossier",
            "ouvrir",
            "--suite-de",
            &c,
            "--demarche",
            "cada",
            "--date",
            "2026-03-01",
        ],
    );
}

#[test]
fn data_communicated_offers_the_erasure_step() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let p = person(&dir, tmp.path(), "Essai", "");
    let c = open_case(&dir, &p, "taj", "acces", "2026-01-05");
    event(&dir, &c, "envoye", "2026-01-05", &["--canal", "lrar"]);
    event(
        &dir,
        &c,
        "reponse",
        "2026-02-01",
        &["--issue", "donnees-communiquees"],
    );
    let v = json(&dir, &["dossier", "voir", &c, "--au", "2026-02-02"]);
    assert_eq!(v["etat"]["state"], "termine");
    let routes: Vec<&str> = v["etat"]["next_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["route"].as_str().unwrap())
        .collect();
    assert_eq!(routes, ["effacement"], "{v}");
}

#[test]
fn impossible_dates_are_refused_and_a_wrong_one_is_corrected() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    // A birth date in the future.
    let file = tmp.path().join("futur.json");
    std::fs::write(
        &file,
        r#"{"nom":"Futur","prenoms":"A","adresse":["1 rue"],"code_postal":"75001",
            "commune":"Paris","date_naissance":"2100-01-01"}"#,
    )
    .unwrap();
    let msg = refused(
        &dir,
        &["personne", "ajouter", "--fichier", file.to_str().unwrap()],
    );
    assert!(
        msg.contains("date_naissance") && msg.contains("futur"),
        "{msg}"
    );

    let p = person(
        &dir,
        tmp.path(),
        "Essai",
        r#","date_naissance":"1980-04-02""#,
    );
    let c = open_case(&dir, &p, "taj", "acces", "2026-09-01");
    let sent = event(&dir, &c, "envoye", "2026-09-01", &["--canal", "lrar"]);
    let msg = refused(
        &dir,
        &[
            "evenement",
            "ajouter",
            "--dossier",
            &c,
            "--type",
            "recu",
            "--date",
            "2026-08-30",
        ],
    );
    assert!(msg.contains("précéder l'envoi"), "{msg}");
    let msg = refused(
        &dir,
        &[
            "evenement",
            "ajouter",
            "--dossier",
            &c,
            "--type",
            "reponse",
            "--issue",
            "refus",
            "--date",
            "2026-08-31",
        ],
    );
    assert!(msg.contains("précéder l'envoi"), "{msg}");
    let msg = refused(
        &dir,
        &[
            "evenement",
            "ajouter",
            "--dossier",
            &c,
            "--type",
            "recu",
            "--date",
            "2100-01-01",
        ],
    );
    assert!(msg.contains("futur"), "{msg}");
    let v = json(&dir, &["dossier", "voir", &c, "--au", "2026-09-02"]);
    assert_eq!(
        v["evenements"].as_array().unwrap().len(),
        1,
        "nothing recorded"
    );

    // The receipt was noted on the wrong day: corrected, the deadline moves, the history
    // keeps both.
    let recu = event(&dir, &c, "recu", "2026-09-03", &[]);
    let due = |v: &Value| v["etat"]["reply_due"]["naive"].clone();
    let before = json(&dir, &["dossier", "voir", &c, "--au", "2026-09-20"]);
    assert_eq!(due(&before), "2026-11-03", "{before}");
    let new = run(
        &dir,
        &[
            "evenement",
            "corriger",
            "--dossier",
            &c,
            "--evenement",
            &recu,
            "--date",
            "2026-09-10",
        ],
    );
    let after = json(&dir, &["dossier", "voir", &c, "--au", "2026-09-20"]);
    assert_eq!(due(&after), "2026-11-10", "{after}");
    let evs = after["evenements"].as_array().unwrap();
    assert_eq!(evs.len(), 4, "{after}");
    assert!(evs.iter().any(|e| same(&e["id"], &recu)));
    assert!(
        evs.iter()
            .any(|e| e["type"] == "annule" && same(&e["evenement_annule"], &recu))
    );
    assert!(evs.iter().any(|e| same(&e["id"], &new)));
    let text = run(&dir, &["dossier", "voir", &c, "--au", "2026-09-20"]);
    assert!(text.contains("[annulé]"), "{text}");
    // A correction goes through the same date rules.
    let msg = refused(
        &dir,
        &[
            "evenement",
            "corriger",
            "--dossier",
            &c,
            "--evenement",
            &sent,
            "--date",
            "2026-09-20",
        ],
    );
    assert!(msg.contains("ne peut pas suivre la réception"), "{msg}");
    // Cancelling the sending: back to draft.
    run(
        &dir,
        &[
            "evenement",
            "annuler",
            "--dossier",
            &c,
            "--evenement",
            &sent,
        ],
    );
    let v = json(&dir, &["dossier", "voir", &c, "--au", "2026-09-20"]);
    assert_eq!(v["etat"]["state"], "brouillon", "{v}");
}

#[test]
fn a_reminder_keeps_its_channel_and_registered_number() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let p = person(&dir, tmp.path(), "Essai", "");
    let c = open_case(&dir, &p, "ft-suspicion", "rgpd", "2026-01-05");
    event(&dir, &c, "envoye", "2026-01-05", &["--canal", "email"]);
    // A reminder drafted, then sent by registered letter.
    event(&dir, &c, "brouillon", "2026-02-10", &["--texte", "relance"]);
    event(
        &dir,
        &c,
        "relance",
        "2026-02-12",
        &["--canal", "lrar", "--recommande", "1A 123 456 7890 1"],
    );
    let v = json(&dir, &["dossier", "voir", &c, "--au", "2026-02-13"]);
    let relance = v["evenements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "relance")
        .cloned()
        .unwrap();
    assert_eq!(relance["canal"], "lrar", "{v}");
    assert_eq!(relance["recommande"], "1A 123 456 7890 1");
    let text = run(&dir, &["dossier", "voir", &c, "--au", "2026-02-13"]);
    assert!(text.contains("recommandé n° 1A 123 456 7890 1"), "{text}");
    // A reminder before the request itself is refused.
    let msg = refused(
        &dir,
        &[
            "evenement",
            "ajouter",
            "--dossier",
            &c,
            "--type",
            "relance",
            "--date",
            "2026-01-01",
        ],
    );
    assert!(msg.contains("relance"), "{msg}");
}

#[test]
fn deleting_a_person_removes_them_and_their_cases_for_real() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let keep = person(&dir, tmp.path(), "Garde", "");
    let gone = person(&dir, tmp.path(), "Xylophonique", "");
    let c1 = open_case(&dir, &gone, "taj", "acces", "2026-09-01");
    event(
        &dir,
        &c1,
        "note",
        "2026-09-02",
        &["--texte", "appel de Xylophonique"],
    );
    run(
        &dir,
        &[
            "dossier",
            "ouvrir",
            "--suite-de",
            &c1,
            "--demarche",
            "cnil-108",
            "--date",
            "2026-09-03",
        ],
    );
    let c3 = open_case(&dir, &keep, "taj", "acces", "2026-09-01");
    // Without a terminal, the deletion needs --oui; nothing is deleted before.
    let msg = refused(&dir, &["personne", "supprimer", &gone]);
    assert!(msg.contains("--oui"), "{msg}");
    assert_eq!(
        json(&dir, &["personne", "liste"]).as_array().unwrap().len(),
        2
    );
    acces(&dir)
        .args(["personne", "supprimer", &gone, "--oui"])
        .assert()
        .success();
    let persons = json(&dir, &["personne", "liste"]);
    assert_eq!(persons.as_array().unwrap().len(), 1);
    let export = run(&dir, &["export", "--format", "json"]);
    assert!(!export.contains("Xylophonique"), "{export}");
    let cases = json(&dir, &["dossier", "liste"]);
    assert_eq!(cases.as_array().unwrap().len(), 1);
    assert_eq!(cases[0]["dossier"]["id"].to_string(), c3);
    // Neither the file nor its log holds the name (encrypted anyway; the store's own test
    // checks the bytes are gone on an unencrypted file).
    for name in ["acces.db", "acces.db-wal"] {
        let raw = std::fs::read(dir.join(name)).unwrap_or_default();
        assert!(!raw.windows(12).any(|w| w == b"Xylophonique"), "{name}");
    }
    // A case alone.
    acces(&dir)
        .args(["dossier", "supprimer", &c3, "--oui"])
        .assert()
        .success();
    assert!(
        json(&dir, &["dossier", "liste"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let msg = refused(&dir, &["dossier", "supprimer", &c3, "--oui"]);
    assert!(msg.contains(&c3), "{msg}");
}

/// Échéances (issue #10, defect 4): the person's deadlines are always listed, whatever
/// `--jours`; drafts never sent and postal sendings without a noted receipt have their own
/// sections; the same lists in text and JSON.
#[test]
fn echeances_list_the_persons_deadlines_drafts_and_missing_receipts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (p, refused_case) = refused_taj(&dir, tmp.path());
    // Sent by registered letter on 06/11, no receipt noted.
    let waiting = open_case(&dir, &p, "taj", "acces", "2026-11-06");
    event(&dir, &waiting, "envoye", "2026-11-06", &["--canal", "lrar"]);
    // Opened on 10/11 and never sent.
    let draft = open_case(&dir, &p, "fpr", "acces", "2026-11-10");

    let ag = json(&dir, &["echeances", "--au", "2026-11-21", "--jours", "7"]);
    let ids = |key: &str| -> Vec<String> {
        ag[key]
            .as_array()
            .unwrap_or_else(|| panic!("no {key} in {ag}"))
            .iter()
            .map(|i| i["dossier"].to_string())
            .collect()
    };
    // A 7-day window narrows the answers to come, never the person's own deadlines.
    let ta = ag["a_vous"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["etape"] == "tribunal-administratif")
        .unwrap_or_else(|| panic!("the tribunal is listed: {ag}"));
    assert!(same(&ta["dossier"], &refused_case));
    assert_eq!(ta["echeance"], "2027-01-20");
    assert_eq!(ta["jours_restants"], 60);
    assert!(ids("a_venir").is_empty(), "{ag}");
    assert_eq!(ids("brouillons"), [draft]);
    assert_eq!(ag["brouillons"][0]["depuis"], "2026-11-10");
    assert_eq!(ids("ar_non_note"), std::slice::from_ref(&waiting));
    assert_eq!(ag["ar_non_note"][0]["depuis"], "2026-11-06");
    // Without a window, the answer to come is listed too.
    let all = json(&dir, &["echeances", "--au", "2026-11-21"]);
    assert!(
        all["a_venir"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| same(&i["dossier"], &waiting)),
        "{all}"
    );

    let text = run(&dir, &["echeances", "--au", "2026-11-21", "--jours", "7"]);
    for heading in [
        "À vous d'agir :",
        "Brouillons non envoyés :",
        "AR non noté (envoyé il y a plus de 10 jours) :",
        "À venir (réponses attendues), dans les 7 prochains jours :",
    ] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    assert!(text.contains("20/01/2027"), "{text}");
    assert!(text.contains("dans 60 jours"), "{text}");
    assert!(text.contains("depuis le 10/11/2026"), "{text}");
    // The receipt noted: the case leaves « AR non noté ».
    event(&dir, &waiting, "recu", "2026-11-09", &[]);
    let ag = json(&dir, &["echeances", "--au", "2026-11-21"]);
    assert!(ag["ar_non_note"].as_array().unwrap().is_empty(), "{ag}");
    // Late: once passed, the person's deadline stays listed, as late, with --en-retard.
    let late = json(&dir, &["echeances", "--au", "2027-01-25", "--en-retard"]);
    let ta = &late["a_vous"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["etape"] == "tribunal-administratif")
        .cloned()
        .unwrap_or_else(|| panic!("a passed deadline stays listed: {late}"));
    assert_eq!(ta["jours_restants"], -5);
    assert!(late["brouillons"].as_array().unwrap().is_empty());
}

/// The calendar (issue #10): the person's deadline with two alarms, 7 days and 1 day
/// before at 09:00.
#[test]
fn the_calendar_rings_twice_before_the_persons_deadline() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (_, c) = refused_taj(&dir, tmp.path());
    let ics = tmp.path().join("a.ics");
    let out = ics.to_str().unwrap();
    run(&dir, &["export", "--ics", out, "--au", "2026-11-21"]);
    let text = std::fs::read_to_string(&ics).unwrap();
    let event = text
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("DTSTART;VALUE=DATE:20270120"))
        .unwrap_or_else(|| panic!("the tribunal's deadline: {text}"));
    assert!(event.contains(&format!("dossier {c}")), "{event}");
    assert_eq!(event.matches("BEGIN:VALARM").count(), 2, "{event}");
    assert!(event.contains("TRIGGER:-P6DT15H\r\n"), "{event}");
    assert!(event.contains("TRIGGER:-PT15H\r\n"), "{event}");
}

/// Issue 10, defect 7: once France Travail communicates the data, correcting or erasing
/// them is offered (RGPD art. 16 to 19), and its letter takes the dates from the case.
#[test]
fn communicated_data_offer_their_rectification_with_its_letter() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let p = person(&dir, tmp.path(), "Essai", "");
    let c = open_case(&dir, &p, "ft-suspicion", "rgpd", "2026-09-01");
    event(&dir, &c, "envoye", "2026-09-01", &["--canal", "lrar"]);
    event(
        &dir,
        &c,
        "reponse",
        "2026-09-25",
        &["--issue", "donnees-communiquees"],
    );
    let v = json(&dir, &["dossier", "voir", &c, "--au", "2026-10-01"]);
    let steps: Vec<&str> = v["etat"]["next_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["route"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["rectification"], "{v}");
    let next = run(
        &dir,
        &[
            "dossier",
            "ouvrir",
            "--suite-de",
            &c,
            "--demarche",
            "rectification",
            "--date",
            "2026-10-01",
        ],
    );
    let letter = tmp.path().join("rectification.txt");
    run(
        &dir,
        &[
            "lettre",
            "--dossier",
            &next,
            "--champ",
            "destinataire_adresse=Agence France Travail|1 rue de l'Essai|57000 Metz",
            "--champ",
            "identifiant_france_travail=7654321X",
            "--champ",
            "donnees_a_corriger=Situation familiale : enregistrée « seule », je vis en couple.",
            "--sortie",
            letter.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&letter).unwrap();
    assert!(
        text.contains("Par votre réponse du 25 septembre 2026"),
        "{text}"
    );
    assert!(
        text.contains("ma demande d’accès du 1er septembre 2026"),
        "{text}"
    );
    assert!(text.contains("art. 16, 17, 18 et 19"), "{text}");
    assert!(text.contains("je vis en couple"), "{text}");
}
