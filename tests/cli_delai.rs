//! `acces delai` through the real binary: the first-line contract, the JSON fields, and every
//! input error → exit 2 with a French message.

use crate::common;

use common::{acces, json, stdout};
use predicates::prelude::*;

fn stdout_of(args: &[&str]) -> String {
    stdout(acces().args(args))
}

fn json_of(args: &[&str]) -> serde_json::Value {
    json(acces().args(args))
}

#[test]
fn first_line_is_the_due_date_and_nothing_else() {
    // 15 May 2027 is a Saturday and 17 May Whit Monday: the administration has until Tuesday.
    let out = stdout_of(&["delai", "--depuis", "2027-03-15", "--mois", "2"]);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("2027-05-18"));
    let rest: Vec<&str> = lines.collect();
    assert!(
        rest.contains(
            &"15 mai 2027 tombe un samedi ; le lundi 17 mai est férié (lundi de Pentecôte) : \
              reporté au mardi 18 mai, jour ouvré suivant."
        ),
        "{out}"
    );
    // Explicit --pour administration is the default.
    let explicit = stdout_of(&[
        "delai",
        "--depuis",
        "2027-03-15",
        "--mois",
        "2",
        "--pour",
        "administration",
    ]);
    assert_eq!(explicit, out);
}

#[test]
fn for_the_person_the_first_line_is_the_safe_date() {
    let out = stdout_of(&[
        "delai",
        "--depuis",
        "2026-01-13",
        "--mois",
        "2",
        "--franc",
        "--pour",
        "personne",
    ]);
    assert_eq!(out.lines().next(), Some("2026-03-13"));
    assert!(
        out.contains("Délai franc : un jour de plus, soit le 14 mars 2026."),
        "{out}"
    );
    assert!(
        out.contains("La date légale est le lundi 16 mars 2026"),
        "{out}"
    );
    // The same period for the administration: the legal date.
    let admin = stdout_of(&["delai", "--depuis", "2026-01-13", "--mois", "2", "--franc"]);
    assert_eq!(admin.lines().next(), Some("2026-03-16"));
}

#[test]
fn month_end_days_and_alsace_moselle() {
    let feb = stdout_of(&["delai", "--depuis", "2028-01-31", "--mois", "1"]);
    assert_eq!(feb.lines().next(), Some("2028-02-29"));
    let days = stdout_of(&["delai", "--depuis", "2026-12-15", "--jours", "10"]);
    assert_eq!(days.lines().next(), Some("2026-12-28"));
    // Good Friday 2026 counts only in Alsace-Moselle.
    let paris = stdout_of(&[
        "delai",
        "--depuis",
        "2026-03-03",
        "--mois",
        "1",
        "--departement",
        "75",
    ]);
    assert_eq!(paris.lines().next(), Some("2026-04-03"));
    let metz = stdout_of(&[
        "delai",
        "--depuis",
        "2026-03-03",
        "--mois",
        "1",
        "--departement",
        "57",
    ]);
    assert_eq!(metz.lines().next(), Some("2026-04-07"));
    assert!(metz.contains("Vendredi saint"), "{metz}");
}

#[test]
fn receipt_estimated_from_sending() {
    let out = stdout_of(&["delai", "--envoi", "2026-11-27", "--mois", "1"]);
    assert_eq!(out.lines().next(), Some("2027-01-04"));
    assert!(out.contains("+ 2 jours ouvrés"), "{out}");
    assert!(out.contains("soit le 1er décembre 2026"), "{out}");
    assert!(out.contains("Toutes ces dates sont estimées"), "{out}");
    let v = json_of(&["delai", "--envoi", "2026-11-27", "--mois", "1", "--json"]);
    assert_eq!(v["estimated"], true);
    assert_eq!(v["start"], "2026-12-01");
}

#[test]
fn json_fields() {
    let v = json_of(&["delai", "--depuis", "2027-03-15", "--mois", "2", "--json"]);
    assert_eq!(v["legal"], "2027-05-18");
    assert_eq!(v["safe"], "2027-05-15");
    assert_eq!(v["naive"], "2027-05-15");
    assert_eq!(v["due"], "2027-05-18");
    assert_eq!(v["party"], "administration");
    assert_eq!(v["franc"], false);
    assert_eq!(v["estimated"], false);
    let moved = v["moved_because"].as_array().unwrap();
    let reasons: Vec<&str> = moved
        .iter()
        .map(|m| m["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["saturday", "sunday", "holiday"]);
    assert_eq!(moved[2]["holiday"], "whit-monday");
    assert_eq!(moved[2]["date"], "2027-05-17");
    assert!(v["explanation"].as_array().unwrap().len() >= 3);

    // Global --json before the command, for the person.
    let p = json_of(&[
        "--json",
        "delai",
        "--depuis",
        "2027-03-15",
        "--mois",
        "2",
        "--pour",
        "personne",
    ]);
    assert_eq!(p["due"], "2027-05-15");
    assert_eq!(p["party"], "person");
}

fn fails_with(args: &[&str], needle: &str) {
    let out = acces()
        .args(args)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains(needle), "{args:?}: {err}");
}

#[test]
fn input_errors_exit_2_in_french() {
    fails_with(
        &["delai", "--depuis", "2026-02-30", "--mois", "2"],
        "--depuis : « 2026-02-30 » n'est pas une date valide",
    );
    fails_with(
        &["delai", "--envoi", "2026-13-01", "--mois", "2"],
        "--envoi : « 2026-13-01 » n'est pas une date valide",
    );
    fails_with(
        &["delai", "--depuis", "2026-03-01", "--mois", "0"],
        "la durée 0 n'a pas de sens",
    );
    fails_with(
        &["delai", "--depuis", "2026-03-01", "--jours", "0"],
        "la durée 0 n'a pas de sens",
    );
    fails_with(
        &["delai", "--depuis", "2026-03-01", "--mois", "121"],
        "Un délai de 121 mois est trop long",
    );
    fails_with(
        &["delai", "--depuis", "2026-03-01", "--jours", "3651"],
        "Un délai de 3651 jours est trop long",
    );
    fails_with(
        &[
            "delai",
            "--depuis",
            "2026-03-01",
            "--mois",
            "2",
            "--jours",
            "3",
        ],
        "soit en mois (--mois N), soit en jours (--jours N), pas les deux",
    );
    fails_with(
        &["delai", "--depuis", "2026-03-01"],
        "Indiquez la durée du délai",
    );
    fails_with(
        &["delai", "--mois", "2"],
        "Indiquez la date de départ du délai",
    );
    fails_with(
        &[
            "delai",
            "--depuis",
            "2026-03-01",
            "--envoi",
            "2026-03-01",
            "--mois",
            "2",
        ],
        "pas les deux",
    );
    fails_with(
        &[
            "delai",
            "--depuis",
            "2026-03-01",
            "--mois",
            "2",
            "--pour",
            "moi",
        ],
        "Valeur invalide « moi » pour --pour <QUI>. Valeurs possibles : administration, personne.",
    );
    fails_with(
        &[
            "delai",
            "--depuis",
            "2026-03-01",
            "--mois",
            "2",
            "--departement",
            "99",
        ],
        "--departement : « 99 » n'est pas un numéro de département",
    );
    fails_with(
        &["delai", "--depuis", "2026-03-01", "--mois", "-1"],
        "--mois : « -1 » n'est pas une durée",
    );
    fails_with(
        &["delai", "--depuis", "2026-03-01", "--jours", "dix"],
        "--jours : « dix » n'est pas une durée",
    );
    fails_with(
        &["delai", "--depuis", "2026-03-01", "--mois"],
        "Il manque la valeur de --mois",
    );
    // Errors are also plain French with --json.
    fails_with(
        &["delai", "--depuis", "2026-02-30", "--mois", "2", "--json"],
        "n'est pas une date valide",
    );
}
