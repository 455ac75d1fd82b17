//! Recording a step that happened before the tracking began: the case's opening date moves
//! back to it. Temporary data directories only.

use crate::common;

use std::path::Path;

use common::{acces_in as acces, add_event, add_person, json, open_taj, record_sent};

fn show(dir: &Path, case: &str) -> serde_json::Value {
    json(acces(dir).args(["dossier", "voir", case, "--json"]))
}

/// A person and a TAJ case opened today (no `--date`); returns the case id.
fn case_opened_today(dir: &Path, work: &Path) -> String {
    let p = add_person(dir, work, "Essai");
    open_taj(dir, &p, "acces", &[])
}

#[test]
fn a_letter_sent_before_the_tracking_began_moves_the_opening_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("donnees");
    let c = case_opened_today(&dir, tmp.path());
    let today = show(&dir, &c)["dossier"]["ouvert"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(today.as_str() > "2025-09-01", "{today}");

    record_sent(&dir, &c, "2025-09-01", &["--canal", "lrar"]);
    let v = show(&dir, &c);
    assert_eq!(v["dossier"]["ouvert"], "2025-09-01");
    assert_eq!(v["evenements"][0]["type"], "envoye");
    assert_eq!(v["evenements"][0]["date"], "2025-09-01");

    // A later step leaves the opening where it is; an even earlier one moves it again.
    add_event(&dir, &c, "recu", "2025-09-04", &[]);
    assert_eq!(show(&dir, &c)["dossier"]["ouvert"], "2025-09-01");
    add_event(
        &dir,
        &c,
        "note",
        "2025-08-20",
        &["--texte", "lettre préparée"],
    );
    let v = show(&dir, &c);
    assert_eq!(v["dossier"]["ouvert"], "2025-08-20");
    assert_eq!(v["evenements"].as_array().unwrap().len(), 3);
}

#[test]
fn a_refused_event_leaves_the_opening_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("donnees");
    let c = case_opened_today(&dir, tmp.path());
    let before = show(&dir, &c)["dossier"]["ouvert"].clone();
    // A closing without a reason is refused: nothing is written, not even the opening.
    acces(&dir)
        .args([
            "evenement",
            "ajouter",
            "--dossier",
            &c,
            "--type",
            "clos",
            "--date",
            "2025-09-01",
        ])
        .assert()
        .code(2);
    let v = show(&dir, &c);
    assert_eq!(v["dossier"]["ouvert"], before);
    assert!(v["evenements"].as_array().unwrap().is_empty());
}
