//! The tracker through the real binary: encrypted store, persons, cases, events, exports,
//! backups, crashes and concurrent writers. Temporary data directories only.

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use common::{
    PASS, acces_in as acces, add_event, add_person, json, open_taj, person_file, record_sent,
    stdout,
};

const NAME: &str = "Quintessence";

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("acces")
}

/// A store with one person and one TAJ case; returns (person id, case id).
fn setup(dir: &Path, work: &Path) -> (String, String) {
    let p = add_person(dir, work, NAME);
    assert_eq!(p, "1");
    let c = open_taj(
        dir,
        &p,
        "acces",
        &["--canal", "lrar", "--date", "2026-01-02"],
    );
    (p, c)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn create_reopen_and_show_everything_in_json() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("donnees");
    let (p, c) = setup(&dir, tmp.path());
    let e = record_sent(
        &dir,
        &c,
        "2026-01-05",
        &["--canal", "lrar", "--recommande", "1A 234 567"],
    );
    assert_eq!(e.trim(), "1");
    add_event(&dir, &c, "recu", "2026-01-08", &[]);
    // Reopened by another process: everything is there.
    let persons: serde_json::Value = json(acces(&dir).args(["personne", "liste", "--json"]));
    assert_eq!(persons[0]["personne"]["nom"], NAME);
    let case: serde_json::Value =
        json(acces(&dir).args(["dossier", "voir", &c, "--json", "--au", "2026-01-20"]));
    assert_eq!(case["dossier"]["personne"].as_i64().unwrap().to_string(), p);
    assert_eq!(case["evenements"].as_array().unwrap().len(), 2);
    assert_eq!(case["evenements"][0]["recommande"], "1A 234 567");
    assert_eq!(case["etat"]["state"], "en-attente");
    // Receipt Thursday 8 January + 2 months = Sunday 8 March → Monday 9 March.
    assert_eq!(case["echeance"], "2026-03-09");
    let listed: serde_json::Value = json(acces(&dir).args([
        "dossier",
        "liste",
        "--statut",
        "en-attente",
        "--json",
        "--au",
        "2026-01-20",
    ]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let none: serde_json::Value =
        json(acces(&dir).args(["dossier", "liste", "--statut", "clos", "--json"]));
    assert!(none.as_array().unwrap().is_empty());
}

#[test]
fn wrong_passphrase_exits_3_and_leaves_the_file_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    setup(&dir, tmp.path());
    let db = dir.join("acces.db");
    let before = std::fs::read(&db).unwrap();
    let out = acces(&dir)
        .env("ACCES_PASSPHRASE", "pas la bonne")
        .args(["personne", "liste"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Phrase de passe incorrecte"), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read(&db).unwrap(), before);
    // The passphrase file option works too, and wins over the variable.
    let pf = tmp.path().join("pf");
    std::fs::write(&pf, format!("{PASS}\n")).unwrap();
    acces(&dir)
        .env("ACCES_PASSPHRASE", "pas la bonne")
        .args([
            "personne",
            "liste",
            "--passphrase-file",
            pf.to_str().unwrap(),
        ])
        .assert()
        .success();
}

#[test]
fn not_a_store_exits_4_and_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("acces.db");
    std::fs::write(&db, "ceci est un texte et pas un registre\n".repeat(200)).unwrap();
    let before = std::fs::read(&db).unwrap();
    acces(tmp.path())
        .args(["personne", "liste"])
        .assert()
        .code(4);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn raw_files_do_not_contain_the_persons_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    setup(&dir, tmp.path());
    // Keep a connection open so that the next writer's WAL file stays on disk to be searched.
    let holder = rusqlite::Connection::open(dir.join("acces.db")).unwrap();
    holder.pragma_update(None, "key", PASS).unwrap();
    let _: i64 = holder
        .query_row("SELECT count(*) FROM persons", [], |r| r.get(0))
        .unwrap();
    stdout(acces(&dir).args([
        "personne",
        "modifier",
        "1",
        "--fichier",
        person_file(tmp.path(), NAME).to_str().unwrap(),
    ]));
    assert!(
        dir.join("acces.db-wal").exists(),
        "the WAL file is there to be searched"
    );
    let mut searched = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        searched += bytes.len();
        for needle in [NAME, "Zéphyrine", "zephyrine@exemple.fr", "Metz", "TAJ"] {
            assert!(
                !contains(&bytes, needle.as_bytes()),
                "{needle} found in {}",
                path.display()
            );
        }
    }
    assert!(searched > 4096);
    // Sanity check of the search itself: the person file we wrote does contain the name.
    let plain = std::fs::read(tmp.path().join(format!("{NAME}.json"))).unwrap();
    assert!(contains(&plain, NAME.as_bytes()));
}

#[test]
fn export_import_round_trip_is_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let (p, c) = setup(&a, tmp.path());
    for (kind, date, extra) in [
        (
            "envoye",
            "2026-01-05",
            vec!["--canal", "lrar", "--recommande", "RR1"],
        ),
        ("recu", "2026-01-08", vec![]),
        (
            "reponse",
            "2026-02-20",
            vec!["--issue", "refus", "--texte", "refus, motif: « sûreté »"],
        ),
    ] {
        add_event(&a, &c, kind, date, &extra);
    }
    stdout(acces(&a).args([
        "dossier",
        "ouvrir",
        "--personne",
        &p,
        "--suite-de",
        &c,
        "--demarche",
        "cnil-108",
        "--reference",
        "CNIL-2026-1",
        "--date",
        "2026-02-25",
    ]));
    let export = tmp.path().join("export.json");
    acces(&a)
        .args([
            "export",
            "--format",
            "json",
            "--sortie",
            export.to_str().unwrap(),
        ])
        .assert()
        .success();
    let b = tmp.path().join("b");
    acces(&b)
        .args(["import", export.to_str().unwrap()])
        .assert()
        .success();
    let again = stdout(acces(&b).args(["export", "--format", "json"]));
    assert_eq!(again, std::fs::read_to_string(&export).unwrap());
    let v: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(v["evenements"].as_array().unwrap().len(), 4);
    assert_eq!(v["dossiers"][1]["suite_de"], 1);
    // CSV for a French spreadsheet: a byte order mark, one heading and one line per case.
    let csv = stdout(acces(&b).args(["export", "--format", "csv", "--au", "2026-02-26"]));
    let csv = csv
        .strip_prefix('\u{feff}')
        .expect("UTF-8 with a byte order mark");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("Civilité;Nom;"), "{}", lines[0]);
    assert!(lines[1].contains(";Quintessence;"), "{}", lines[1]);
    assert!(lines[1].contains(";TAJ;acces;lrar;"), "{}", lines[1]);
    // Refused, then the CNIL step: the tribunal stays open, so the case waits for the person.
    assert!(lines[1].contains(";à vous d'agir;"), "{}", lines[1]);
}

#[test]
fn age_backup_restores_identically_and_restore_keeps_the_old_store() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let (_, c) = setup(&a, tmp.path());
    record_sent(&a, &c, "2026-01-05", &[]);
    let backup = tmp.path().join("sauvegarde.age");
    acces(&a)
        .args(["sauvegarde", backup.to_str().unwrap()])
        .assert()
        .success();
    let raw = std::fs::read(&backup).unwrap();
    assert!(raw.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    assert!(!contains(&raw, NAME.as_bytes()));
    let original = stdout(acces(&a).args(["export", "--format", "json"]));

    let b = tmp.path().join("b");
    acces(&b)
        .args(["restaurer", backup.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        stdout(acces(&b).args(["export", "--format", "json"])),
        original
    );

    // Wrong passphrase: exit 3, nothing touched.
    acces(&b)
        .env("ACCES_PASSPHRASE", "autre")
        .args(["restaurer", backup.to_str().unwrap(), "--remplacer"])
        .assert()
        .code(3);
    // An existing store is not replaced without --remplacer…
    acces(&b)
        .args(["restaurer", backup.to_str().unwrap()])
        .assert()
        .code(2);
    add_event(
        &b,
        &c,
        "note",
        "2026-01-06",
        &["--texte", "ajout après la sauvegarde"],
    );
    // …and with it, the old one is kept beside the new one.
    acces(&b)
        .args(["restaurer", backup.to_str().unwrap(), "--remplacer"])
        .assert()
        .success();
    assert_eq!(
        stdout(acces(&b).args(["export", "--format", "json"])),
        original
    );
    let kept: Vec<PathBuf> = std::fs::read_dir(&b)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            n.starts_with("acces-avant-restauration-") && n.ends_with(".db")
        })
        .collect();
    assert_eq!(kept.len(), 1);
}

#[test]
fn ics_has_no_names_or_codes_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (_, c) = setup(&dir, tmp.path());
    record_sent(&dir, &c, "2026-01-05", &[]);
    let ics = tmp.path().join("agenda.ics");
    acces(&dir)
        .args([
            "export",
            "--ics",
            ics.to_str().unwrap(),
            "--au",
            "2026-01-10",
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    assert_eq!(text.matches("BEGIN:VALARM").count(), 1);
    // Estimated receipt Wednesday 7 January + 2 months = Saturday 7 March → Monday 9 March.
    assert!(text.contains("DTSTART;VALUE=DATE:20260309\r\n"), "{text}");
    for needle in [NAME, "Zéphyrine", "TAJ", "taj"] {
        assert!(!text.contains(needle), "{needle} in the calendar");
    }
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets", line.len());
    }
    acces(&dir)
        .args([
            "export",
            "--ics",
            ics.to_str().unwrap(),
            "--avec-details",
            "--au",
            "2026-01-10",
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(&ics).unwrap();
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains("TAJ — Zéphyrine QUINTESSENCE"),
        "{unfolded}"
    );
}

#[test]
fn echeances_lists_overdue_and_coming_deadlines() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (p, c) = setup(&dir, tmp.path());
    record_sent(&dir, &c, "2026-01-05", &["--canal", "email"]);
    // A social-scoring request by e-mail: one month, silence without legal meaning.
    let c2 = stdout(acces(&dir).args([
        "dossier",
        "ouvrir",
        "--personne",
        &p,
        "--fichier",
        "ft-suspicion",
        "--demarche",
        "rgpd",
        "--date",
        "2026-01-02",
    ]));
    record_sent(&dir, c2.trim(), "2026-01-05", &["--canal", "email"]);
    let ag: serde_json::Value =
        json(acces(&dir).args(["echeances", "--json", "--au", "2026-02-20", "--jours", "30"]));
    let late = ag["en_retard"].as_array().unwrap();
    assert_eq!(late.len(), 1, "{ag}");
    assert_eq!(late[0]["dossier"].as_i64().unwrap().to_string(), c2.trim());
    assert_eq!(late[0]["echeance"], "2026-02-05");
    let coming = ag["a_venir"].as_array().unwrap();
    assert_eq!(coming.len(), 1, "{ag}");
    assert_eq!(coming[0]["echeance"], "2026-03-05");
    let only_late: serde_json::Value =
        json(acces(&dir).args(["echeances", "--en-retard", "--json", "--au", "2026-02-20"]));
    assert!(only_late["a_venir"].as_array().unwrap().is_empty());
    assert_eq!(only_late["en_retard"].as_array().unwrap().len(), 1);
}

#[test]
fn bad_input_is_refused_in_french_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (_, c) = setup(&dir, tmp.path());
    let err = acces(&dir)
        .args([
            "evenement",
            "ajouter",
            "--dossier",
            &c,
            "--type",
            "recu",
            "--date",
            "31/02/2026",
        ])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(
        String::from_utf8(err)
            .unwrap()
            .contains("n'est pas une date valide")
    );
    acces(&dir)
        .args([
            "evenement",
            "ajouter",
            "--dossier",
            "99",
            "--type",
            "note",
            "--date",
            "2026-01-05",
        ])
        .assert()
        .code(2);
    acces(&dir)
        .args(["dossier", "clore", &c, "--motif", "  "])
        .assert()
        .code(2);
    acces(&dir)
        .args([
            "dossier",
            "clore",
            &c,
            "--motif",
            "abandon",
            "--date",
            "2026-01-06",
        ])
        .assert()
        .success();
    let err = acces(&dir)
        .args([
            "evenement",
            "ajouter",
            "--dossier",
            &c,
            "--type",
            "note",
            "--date",
            "2026-01-07",
        ])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(err).unwrap().contains("clos"));
    let bad = tmp.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"nom":"X","prenoms":"Y","adresse":["1 rue"],"code_postal":"123","commune":"Z"}"#,
    )
    .unwrap();
    let err = acces(&dir)
        .args(["personne", "ajouter", "--fichier", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(err).unwrap().contains("code_postal"));
}

/// Runs `acces evenement ajouter` in a loop under `sh`, in its own process group; returns
/// the child and a thread collecting the event ids printed (each printed only after commit).
fn writer_loop(
    dir: &Path,
    case: &str,
    count: Option<u32>,
) -> (std::process::Child, std::thread::JoinHandle<Vec<i64>>) {
    use std::os::unix::process::CommandExt;
    let bin = bin();
    let cond = match count {
        Some(n) => format!("i=0; while [ $i -lt {n} ]; do i=$((i+1)); "),
        None => "while true; do ".to_string(),
    };
    let script = format!(
        "{cond}\"{}\" evenement ajouter --dossier {case} --type note --date 2026-01-05 \
         --texte essai || exit 1; done",
        bin.display()
    );
    let mut child = StdCommand::new("sh")
        .arg("-c")
        .arg(script)
        .env("ACCES_DATA_DIR", dir)
        .env("ACCES_PASSPHRASE", PASS)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        BufReader::new(out)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| l.trim().parse().ok())
            .collect()
    });
    (child, reader)
}

fn event_ids(dir: &Path, case: &str) -> Vec<i64> {
    let v = json(acces(dir).args(["dossier", "voir", case, "--json"]));
    v["evenements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

fn integrity_ok(dir: &Path) {
    let conn = rusqlite::Connection::open(dir.join("acces.db")).unwrap();
    conn.pragma_update(None, "key", PASS).unwrap();
    let report: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(report, "ok");
}

#[test]
fn sigkill_during_writes_loses_no_acknowledged_event() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (_, c) = setup(&dir, tmp.path());
    let mut acknowledged = Vec::new();
    // Deterministic pseudo-random kill times between 150 and 1350 ms (one write takes a few
    // hundred milliseconds, most of it the key derivation), so kills land everywhere: while
    // opening, inside a transaction, during the commit, while printing.
    let mut seed: u64 = 0x5eed;
    // At least 60 rounds; more on a loaded machine, where fewer writes finish before their
    // kill, until enough were acknowledged to mean something (bounded).
    let mut rounds = 0;
    while rounds < 60 || (acknowledged.len() < 10 && rounds < 400) {
        rounds += 1;
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let wait = 150 + (seed >> 33) % 1200;
        let (mut child, reader) = writer_loop(&dir, &c, None);
        std::thread::sleep(Duration::from_millis(wait));
        let pgid = child.id().to_string();
        let status = StdCommand::new("kill")
            .args(["-s", "KILL", "--", &format!("-{pgid}")])
            .status()
            .unwrap();
        assert!(status.success());
        child.wait().unwrap();
        acknowledged.extend(reader.join().unwrap());
    }
    let stored = event_ids(&dir, &c);
    for id in &acknowledged {
        assert!(stored.contains(id), "acknowledged event {id} lost");
    }
    assert!(
        acknowledged.len() >= 10,
        "too few writes acknowledged to mean anything: {}",
        acknowledged.len()
    );
    integrity_ok(&dir);
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (_, c) = setup(&dir, tmp.path());
    let (mut a, ra) = writer_loop(&dir, &c, Some(15));
    let (mut b, rb) = writer_loop(&dir, &c, Some(15));
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let mut ids = ra.join().unwrap();
    ids.extend(rb.join().unwrap());
    assert_eq!(ids.len(), 30);
    let mut stored = event_ids(&dir, &c);
    stored.sort();
    ids.sort();
    assert_eq!(stored, ids);
    integrity_ok(&dir);
}

#[test]
fn older_schema_fixture_is_migrated_by_the_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    {
        // Version 1 of the schema, as the first release wrote it.
        let conn = rusqlite::Connection::open(dir.join("acces.db")).unwrap();
        conn.pragma_update(None, "key", PASS).unwrap();
        conn.execute_batch(
            "CREATE TABLE persons (id INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL,
                 created TEXT NOT NULL, updated TEXT NOT NULL);
             CREATE TABLE cases (id INTEGER PRIMARY KEY AUTOINCREMENT,
                 person_id INTEGER NOT NULL REFERENCES persons(id), entry TEXT NOT NULL,
                 route TEXT NOT NULL, channel TEXT, opened TEXT NOT NULL);
             CREATE INDEX cases_person ON cases(person_id);
             CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT,
                 case_id INTEGER NOT NULL REFERENCES cases(id), date TEXT NOT NULL,
                 kind TEXT NOT NULL, channel TEXT, recommande TEXT, outcome TEXT, text TEXT,
                 recorded TEXT NOT NULL);
             PRAGMA application_id = 1633903475;
             PRAGMA user_version = 1;
             INSERT INTO persons (data, created, updated) VALUES
                 ('{\"nom\":\"Ancien\",\"prenoms\":\"A\",\"adresse\":[\"1 rue\"],\"code_postal\":\"75001\",\"commune\":\"Paris\"}', 'x', 'x');
             INSERT INTO cases (person_id, entry, route, channel, opened)
                 VALUES (1, 'FIJAIS', 'effacement', 'lrar', '2025-06-01');
             INSERT INTO events (case_id, date, kind, channel, recorded)
                 VALUES (1, '2025-06-02', 'envoye', 'lrar', '2025-06-02T10:00:00Z');",
        )
        .unwrap();
    }
    let v: serde_json::Value =
        json(acces(dir).args(["dossier", "voir", "1", "--json", "--au", "2025-06-10"]));
    assert_eq!(v["dossier"]["fichier"], "FIJAIS");
    assert_eq!(v["etat"]["state"], "en-attente");
    // New columns are usable after the migration.
    stdout(acces(dir).args([
        "dossier",
        "ouvrir",
        "--personne",
        "1",
        "--suite-de",
        "1",
        "--demarche",
        "recours-ci",
        "--reference",
        "CI-1",
        "--date",
        "2025-09-01",
    ]));
    let backups = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("acces-avant-migration-v1-")
        })
        .count();
    assert_eq!(backups, 1);
    integrity_ok(dir);
}
