//! `acces catalogue` and `acces guide` through the real binary.

use crate::common;

use common::{acces, fixture, json};
use predicates::prelude::*;

#[test]
fn broken_catalogue_is_rejected_with_file_and_pointer_in_french() {
    let out = acces()
        .args(["catalogue", "verifier", &fixture("catalogue-casse")])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("fichiers/essai.json / : champ obligatoire manquant : \"controller\""),
        "{err}"
    );
    assert!(
        err.contains("fichiers/essai.json /accred : valeur non autorisée"),
        "{err}"
    );
    assert!(
        err.contains("fichiers/renvois.json /routes/0/recipient : le destinataire « nulle-part » n'existe pas"),
        "{err}"
    );
    assert!(
        err.contains(
            "fichiers/renvois.json /routes/0/next/0 : l'étape suivante « plainte-inexistante »"
        ),
        "{err}"
    );
}

#[test]
fn missing_catalogue_directory_is_a_french_error() {
    acces()
        .args(["catalogue", "verifier", "/nonexistent/catalogue"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("n'est pas un dossier"));
}

#[test]
fn unknown_option_is_reported_in_french_with_exit_2() {
    acces()
        .args(["catalogue", "--nimporte"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Option ou argument inconnu"));
}

fn json_of(args: &[&str]) -> serde_json::Value {
    json(acces().args(args))
}

#[test]
fn catalogue_json_lists_the_seed_files_with_legal_basis_and_routes() {
    let list = json_of(&["catalogue", "--json"]);
    let list = list.as_array().unwrap();
    for code in ["TAJ", "PASP", "GIPASP", "FPR", "FT-SUSPICION", "FT-JRE"] {
        let e = list
            .iter()
            .find(|e| e["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing"));
        assert!(!e["controller"].as_str().unwrap().is_empty(), "{code}");
        let basis = e["legal_basis"].as_array().unwrap();
        assert!(!basis.is_empty(), "{code}");
        assert!(
            basis
                .iter()
                .all(|b| !b["articles"].as_array().unwrap().is_empty()
                    && b["source_url"].as_str().unwrap().starts_with("http"))
        );
        assert!(!e["regime"].as_array().unwrap().is_empty());
        assert!(!e["sources"].as_array().unwrap().is_empty());
        assert!(e["confidence"].is_string());
        let routes = e["routes"].as_array().unwrap();
        let with_rule = routes
            .iter()
            .flat_map(|r| r["deadlines"].as_array().unwrap())
            .next()
            .unwrap_or_else(|| panic!("{code} has no deadline rule"));
        for field in ["length", "unit", "from", "party", "silence", "franc"] {
            assert!(!with_rule[field].is_null(), "{code} rule lacks {field}");
        }
    }
}

#[test]
fn taj_routes_follow_the_law() {
    let taj = json_of(&["catalogue", "taj", "--json"]);
    let route = |id: &str| {
        taj["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("route {id}"))
            .clone()
    };
    let access = route("acces");
    assert_eq!(access["deadlines"][0]["length"], 2);
    assert_eq!(access["deadlines"][0]["unit"], "months");
    assert_eq!(access["deadlines"][0]["silence"], "restriction");
    assert!(
        access["next"]
            .as_array()
            .unwrap()
            .contains(&"cnil-108".into())
    );
    let erasure = route("effacement");
    assert!(erasure["legal_basis"].to_string().contains("230-8"));
    let appeal = route("recours-ci");
    let person = appeal["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["party"] == "person")
        .unwrap();
    assert_eq!(
        (person["length"].as_u64(), person["unit"].as_str()),
        (Some(1), Some("months"))
    );
}

#[test]
fn code_lookup_is_case_insensitive_and_unknown_codes_suggest() {
    acces()
        .args(["catalogue", "fpr"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("FPR — "));
    acces()
        .args(["catalogue", "tja"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Vouliez-vous dire : TAJ"));
}

#[test]
fn regime_filter_keeps_only_that_regime() {
    let list = json_of(&["catalogue", "--regime", "lil-titre4", "--json"]);
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"FSPRT") && codes.contains(&"CRISTINA"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"FT-SUSPICION"));
    acces()
        .args(["catalogue", "--regime", "zzz"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Valeur invalide « zzz » pour --regime",
        ))
        .stderr(predicate::str::contains(
            "Valeurs possibles : rgpd, lil-titre3, lil-titre4, cpp, crpa, autre.",
        ));
}

#[test]
fn guide_covers_every_situation_of_the_issue() {
    let list = json_of(&["guide", "--json"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for id in [
        "accreditation-refusee",
        "garde-a-vue-sans-poursuite",
        "militantisme-manifestations",
        "fiche-s",
        "demandeur-emploi",
        "allocataire-caf",
        "titre-sejour-naturalisation",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
        acces()
            .args(["guide", id])
            .assert()
            .success()
            .stdout(predicate::str::contains("Pourquoi :"));
    }
    let accred = json_of(&["guide", "accreditation-refusee", "--json"]);
    let suggested: Vec<&str> = accred["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["entry"].as_str().unwrap())
        .collect();
    for code in ["TAJ", "PASP", "GIPASP", "FPR"] {
        assert!(
            suggested.contains(&code),
            "{code} not suggested after a refused accreditation"
        );
    }
    let fiche_s = json_of(&["guide", "fiche-s", "--json"]);
    assert!(
        fiche_s["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["entry"] == "FPR" && s["route"] == "cnil-118")
    );
}

#[test]
fn verifier_accepts_the_shipped_catalogue_directory() {
    acces()
        .args([
            "catalogue",
            "verifier",
            &format!("{}/requests", env!("CARGO_MANIFEST_DIR")),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Catalogue valide"));
}

#[test]
fn help_is_in_french() {
    let out = acces()
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).unwrap();
    assert!(help.contains("Utilisation : acces"), "{help}");
    assert!(help.contains("Commandes :"), "{help}");
    assert!(
        !help.contains("Usage:") && !help.contains("Print help"),
        "{help}"
    );
    let out = acces()
        .args(["catalogue", "--help"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).unwrap();
    assert!(
        help.contains("Commandes") && help.contains("verifier"),
        "{help}"
    );
    assert!(!help.contains("Commands:"), "{help}");
}

/// A copy of the shipped catalogue in a fresh temporary directory, with one replacement in
/// `fichiers/taj.json`.
fn catalogue_copy(name: &str, from: &str, to: &str) -> std::path::PathBuf {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("requests");
    let dir = std::env::temp_dir().join(format!("acces-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["", "fichiers", "autorites"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for f in std::fs::read_dir(src.join(sub)).unwrap() {
            let f = f.unwrap();
            if f.file_type().unwrap().is_file() {
                std::fs::copy(f.path(), dir.join(sub).join(f.file_name())).unwrap();
            }
        }
    }
    let taj = dir.join("fichiers/taj.json");
    let text = std::fs::read_to_string(&taj).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&taj, text.replacen(from, to, 1)).unwrap();
    dir
}

#[test]
fn verifier_reports_a_source_outside_the_primary_publishers() {
    let dir = catalogue_copy(
        "source",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000023709615",
        "https://legal.tricoteuses.fr/articles/LEGIARTI000023709615",
    );
    let out = acces()
        .args(["catalogue", "verifier", dir.to_str().unwrap()])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    std::fs::remove_dir_all(&dir).unwrap();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("fichiers/taj.json /routes/")
            && err.contains("source hors des éditeurs primaires (legal.tricoteuses.fr)"),
        "{err}"
    );
}

#[test]
fn verifier_warns_about_facts_not_checked_for_twelve_months() {
    let dir = catalogue_copy(
        "stale",
        "\"checked\": \"2026-11-29\",",
        "\"checked\": \"2001-01-01\",",
    );
    let out = acces()
        .args(["catalogue", "verifier", dir.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Catalogue valide"))
        .get_output()
        .stderr
        .clone();
    std::fs::remove_dir_all(&dir).unwrap();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("fichiers/taj.json /checked : fait vérifié le 01/01/2001 : plus de 12 mois"),
        "{err}"
    );
}
