//! A store written by the previous release (schema 2, acces at commit c7cb124; how it was
//! made: tests/fixtures/store-v2/README.md) is migrated by today's binary: nothing lost, the
//! follow-up links learn the route they took, the new kinds of events can be recorded.
//! Works on a copy in a temporary directory.

use crate::common;

use common::{acces_in as acces, run, run_json as json};

use std::path::Path;

use serde_json::Value;

fn fixture_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v2/acces.db");
    std::fs::copy(&from, tmp.path().join("acces.db")).unwrap();
    tmp
}

#[test]
fn a_store_of_the_previous_release_is_migrated_with_nothing_lost() {
    let tmp = fixture_copy();
    let dir = tmp.path();
    let before = std::fs::read(dir.join("acces.db")).unwrap();
    let snap = json(dir, &["export", "--format", "json"]);
    assert_eq!(snap["personnes"].as_array().unwrap().len(), 1);
    assert_eq!(snap["dossiers"].as_array().unwrap().len(), 4);
    assert_eq!(snap["evenements"].as_array().unwrap().len(), 10);
    // Every person, case and event now has its own stable identity (schema 4).
    let mut uids = std::collections::HashSet::new();
    for table in ["personnes", "dossiers", "evenements"] {
        for row in snap[table].as_array().unwrap() {
            let uid = row["uid"].as_str().unwrap_or_else(|| panic!("{row}"));
            assert_eq!(uid.len(), 36, "{uid}");
            assert_eq!(&uid[14..15], "4", "a random (version 4) UUID: {uid}");
            assert!(uids.insert(uid.to_string()), "{uid} twice");
        }
    }
    assert_eq!(snap["format"], 2);
    // The encrypted copy made before migrating is the old file, byte for byte readable
    // with the same passphrase.
    let backups: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("acces-avant-migration-v2-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(!before.starts_with(b"SQLite format 3"));

    // The follow-up opened by the old release now names the route it took…
    let parent = json(dir, &["dossier", "voir", "1", "--au", "2026-11-26"]);
    let esc = parent["evenements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "escalade")
        .cloned()
        .unwrap();
    assert_eq!(esc["dossier_suivant"], 2);
    assert_eq!(esc["demarche_suivante"], "cnil-108");
    // …so the tribunal's deadline, hidden by the old release, is listed again.
    assert_eq!(parent["etat"]["state"], "a-agir", "{parent}");
    let ag = json(dir, &["echeances", "--au", "2026-11-26", "--jours", "120"]);
    let listed = ag
        .as_object()
        .unwrap()
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .any(|i| i["dossier"] == 1 && i["etape"] == "tribunal-administratif");
    assert!(listed, "{ag}");
    // The old events read back as they were written.
    let ft = json(dir, &["dossier", "voir", "3", "--au", "2026-11-26"]);
    let kinds: Vec<&str> = ft["evenements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["envoye", "relance", "note"]);
    let closed = json(dir, &["dossier", "voir", "4", "--au", "2026-11-26"]);
    assert_eq!(closed["etat"]["state"], "clos");

    // What the new schema adds works on the migrated store.
    run(
        dir,
        &[
            "evenement",
            "ajouter",
            "--dossier",
            "3",
            "--type",
            "relance",
            "--date",
            "2026-11-20",
            "--canal",
            "lrar",
            "--recommande",
            "1A 999",
        ],
    );
    run(
        dir,
        &[
            "evenement",
            "ajouter",
            "--dossier",
            "1",
            "--type",
            "renonce",
            "--demarche",
            "tribunal-administratif",
            "--date",
            "2026-11-26",
        ],
    );
    run(
        dir,
        &[
            "evenement",
            "annuler",
            "--dossier",
            "4",
            "--evenement",
            "10",
        ],
    );
    assert_eq!(
        json(dir, &["dossier", "voir", "4", "--au", "2026-11-26"])["etat"]["state"],
        "brouillon"
    );
    acces(dir)
        .args(["dossier", "supprimer", "2", "--oui"])
        .assert()
        .success();
    let parent = json(dir, &["dossier", "voir", "1", "--au", "2026-11-26"]);
    assert!(
        !parent["evenements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["type"] == "escalade")
    );
    // A second run does not migrate again.
    run(dir, &["personne", "liste"]);
    let backups = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("acces-avant-migration-")
        })
        .count();
    assert_eq!(backups, 1);
}
