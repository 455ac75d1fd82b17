//! The local register's own behaviour: the file, its locks, its migration, what deleting
//! leaves in it. What both registers do alike is tested in `store/tests_both.rs`.

use chrono::NaiveDate;

use super::*;
use crate::cases::{
    CaseFilter, CaseId, Channel, EventKind, NewCase, NewEvent, Outcome, PersonId, Snapshot,
};
use crate::store::Store;
use crate::store::tests_both::person;

fn pass() -> Passphrase {
    Passphrase::new("phrase de test")
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn taj(personne: PersonId, route: &str, suite_de: Option<CaseId>) -> NewCase {
    NewCase {
        personne,
        fichier: "TAJ".into(),
        demarche: route.into(),
        canal: None,
        references: vec![],
        suite_de,
        ouvert: d("2026-01-05"),
    }
}

#[test]
fn create_write_reopen_and_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("donnees");
    let mut s = open(&data, &pass(), LockMode::Command, true).unwrap();
    let p = s.add_person(&person("Zébulon")).unwrap();
    let c = s
        .open_case(&NewCase {
            personne: p,
            fichier: "TAJ".into(),
            demarche: "acces".into(),
            canal: Some(Channel::Lrar),
            references: vec!["réf-1".into()],
            suite_de: None,
            ouvert: d("2026-01-05"),
        })
        .unwrap();
    s.add_event(
        c,
        &NewEvent {
            date: d("2026-01-06"),
            kind: EventKind::Envoye {
                canal: Some(Channel::Lrar),
                recommande: Some("1A2B".into()),
            },
            texte: None,
        },
    )
    .unwrap();
    drop(s);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&data).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        let mode = fs::metadata(db_path(&data)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let before = fs::read(db_path(&data)).unwrap();
    let err = open(&data, &Passphrase::new("mauvaise"), LockMode::Command, true).unwrap_err();
    assert_eq!(err.code, exit::WRONG_PASSPHRASE, "{}", err.message);
    assert_eq!(fs::read(db_path(&data)).unwrap(), before);

    let s = open(&data, &pass(), LockMode::Command, false).unwrap();
    assert_eq!(s.person(p).unwrap().unwrap().nom, "Zébulon");
    let h = s.case(c).unwrap().unwrap();
    assert_eq!(h.case.references, vec!["réf-1".to_string()]);
    assert_eq!(h.events.len(), 1);
    s.integrity_check().unwrap();
}

#[test]
fn plain_sqlite_and_garbage_are_not_stores_and_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(db_path(dir.path()), b"bonjour, je ne suis pas une base").unwrap();
    let err = open(dir.path(), &pass(), LockMode::Command, true).unwrap_err();
    assert_eq!(err.code, exit::STORE_UNAVAILABLE);
    assert_eq!(
        fs::read(db_path(dir.path())).unwrap(),
        b"bonjour, je ne suis pas une base"
    );
    let plain = tempfile::tempdir().unwrap();
    {
        let c = Connection::open(db_path(plain.path())).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let err = open(plain.path(), &pass(), LockMode::Command, true).unwrap_err();
    assert_eq!(err.code, exit::STORE_UNAVAILABLE);
}

#[test]
fn second_tui_is_refused_but_commands_coexist() {
    let dir = tempfile::tempdir().unwrap();
    let _tui = open(dir.path(), &pass(), LockMode::Interactive, true).unwrap();
    let err = open(dir.path(), &pass(), LockMode::Interactive, true).unwrap_err();
    assert_eq!(err.code, exit::STORE_UNAVAILABLE);
    assert!(err.message.contains("déjà ouvert"), "{}", err.message);
    let mut cli = open(dir.path(), &pass(), LockMode::Command, true).unwrap();
    cli.add_person(&person("Martin")).unwrap();
    let err = restore(dir.path(), &pass(), &pass(), &Snapshot::default()).unwrap_err();
    assert_eq!(err.code, exit::STORE_UNAVAILABLE);
}

#[test]
fn data_version_moves_only_with_another_connections_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = open(dir.path(), &pass(), LockMode::Interactive, true).unwrap();
    let v0 = tui.data_version().unwrap();
    tui.add_person(&person("Martin")).unwrap();
    assert_eq!(tui.data_version().unwrap(), v0, "own write");
    let mut cli = open(dir.path(), &pass(), LockMode::Command, true).unwrap();
    cli.add_person(&person("Durand")).unwrap();
    assert_ne!(tui.data_version().unwrap(), v0, "another process wrote");
}

#[test]
fn events_are_append_only_in_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path(), &pass(), LockMode::Command, true).unwrap();
    let p = s.add_person(&person("Martin")).unwrap();
    let c = s.open_case(&taj(p, "acces", None)).unwrap();
    s.add_event(
        c,
        &NewEvent {
            date: d("2026-01-05"),
            kind: EventKind::Note,
            texte: Some("x".into()),
        },
    )
    .unwrap();
    assert!(s.conn.execute("DELETE FROM events", []).is_err());
    assert!(s.conn.execute("UPDATE events SET text = 'y'", []).is_err());
}

#[test]
fn migrates_a_version_1_store_after_an_encrypted_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "key", "phrase de test").unwrap();
        c.execute_batch(schema::V1).unwrap();
        c.execute_batch(&format!(
            "PRAGMA application_id = {}; PRAGMA user_version = 1;",
            schema::APPLICATION_ID
        ))
        .unwrap();
        c.execute(
            "INSERT INTO persons (data, created, updated) VALUES (?1, 'x', 'x')",
            [serde_json::to_string(&person("Ancien")).unwrap()],
        )
        .unwrap();
        c.execute_batch(
            "INSERT INTO cases (person_id, entry, route, channel, opened) \
             VALUES (1, 'TAJ', 'acces', 'lrar', '2025-06-01');
             INSERT INTO events (case_id, date, kind, channel, text, recorded) \
             VALUES (1, '2025-06-02', 'envoye', 'lrar', NULL, '2025-06-02T10:00:00Z');
             INSERT INTO events (case_id, date, kind, outcome, recorded) \
             VALUES (1, '2025-07-20', 'reponse', 'refus', '2025-07-20T10:00:00Z');",
        )
        .unwrap();
    }
    let s = open(dir.path(), &pass(), LockMode::Command, false).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::CURRENT);
    let h = s.case(1).unwrap().unwrap();
    assert_eq!(h.case.references, Vec::<String>::new());
    assert_eq!(h.case.canal, Some(Channel::Lrar));
    assert_eq!(h.events.len(), 2);
    assert_eq!(
        h.events[1].kind,
        EventKind::Reponse {
            issue: Outcome::Refus
        }
    );
    s.integrity_check().unwrap();
    drop(s);
    let backups: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("acces-avant-migration-v1-")
        })
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let raw = fs::read(&backups[0]).unwrap();
    assert!(!raw.starts_with(b"SQLite format 3"), "backup is encrypted");
    let c = Connection::open(&backups[0]).unwrap();
    c.pragma_update(None, "key", "phrase de test").unwrap();
    let v: i32 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    let n: i64 = c
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}

/// A store without encryption (empty key), so that the test can look for bytes in the
/// file: what `secure_delete` and the emptied log must have removed.
fn plain_store(dir: &Path) -> SqliteStore {
    let conn = Connection::open(db_path(dir)).unwrap();
    configure(&conn, LockMode::Command).unwrap();
    let mut conn = conn;
    initialise(&mut conn).unwrap();
    SqliteStore {
        conn,
        dir: dir.to_path_buf(),
        _locks: Locks::none(),
        swept: Vec::new(),
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn deleting_a_person_leaves_no_byte_of_them_in_the_file_nor_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = plain_store(dir.path());
    let keep = s.add_person(&person("Gardé")).unwrap();
    let gone = s.add_person(&person("Quetzalcoatlus")).unwrap();
    let mut cases = Vec::new();
    for (p, route) in [(gone, "acces"), (keep, "acces"), (gone, "cnil-108")] {
        let mut case = taj(p, route, (route == "cnil-108").then(|| cases[0]));
        if p == gone {
            case.references = vec!["REF-Quetzalcoatlus".into()];
        }
        cases.push(s.open_case(&case).unwrap());
    }
    s.add_event(
        cases[0],
        &NewEvent {
            date: d("2026-01-06"),
            kind: EventKind::Note,
            texte: Some("appel de Quetzalcoatlus".into()),
        },
    )
    .unwrap();
    let wal = PathBuf::from(format!("{}-wal", db_path(dir.path()).display()));
    let raw = || {
        let mut all = fs::read(db_path(dir.path())).unwrap();
        all.extend(fs::read(&wal).unwrap_or_default());
        all
    };
    assert!(
        contains(&raw(), b"Quetzalcoatlus"),
        "the test sees plain bytes"
    );
    assert_eq!(s.delete_person(gone).unwrap(), 2);
    assert!(!contains(&raw(), b"Quetzalcoatlus"));
    assert!(s.person(gone).unwrap().is_none());
    assert!(s.case(cases[0]).unwrap().is_none());
    assert!(s.case(cases[2]).unwrap().is_none());
    assert_eq!(s.persons().unwrap().len(), 1);
    assert_eq!(s.case(cases[1]).unwrap().unwrap().case.personne, keep);
    s.integrity_check().unwrap();
    let broken: i64 = s
        .conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0, "no link left to what was deleted");
    drop(s);
    assert!(!contains(&raw(), b"Quetzalcoatlus"));
}

/// SQLite's plan for `sql`, one line per step.
fn plan(s: &SqliteStore, sql: &str) -> String {
    let mut stmt = s
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_deadline_listings_read_indexes_not_whole_tables() {
    let dir = tempfile::tempdir().unwrap();
    let s = plain_store(dir.path());
    let filter = CaseFilter {
        ouverts_seulement: true,
        statut_seulement: true,
        ..CaseFilter::default()
    };
    let (lean, _) = SqliteStore::lean_query(&filter, None);
    let p = plan(&s, &lean);
    assert!(p.contains("SCAN c\n"), "{p}");
    assert!(
        p.contains("SEARCH e USING COVERING INDEX events_status"),
        "{p}"
    );
    assert!(
        p.contains("SCAN events USING COVERING INDEX events_closing"),
        "{p}"
    );
    assert!(!p.contains("TEMP B-TREE"), "{p}");
    // The whole register's listings: the cases' table and the index, each walked once.
    let (cases, _) = SqliteStore::cases_query(&filter, None);
    let p = plan(&s, &cases);
    assert!(p.contains("SCAN c\n"), "{p}");
    assert!(!p.contains("TEMP B-TREE"), "{p}");
    let p = plan(&s, &SqliteStore::events_in_case_order());
    assert!(
        p.contains("SCAN e USING COVERING INDEX events_status"),
        "{p}"
    );
    assert!(!p.contains("TEMP B-TREE"), "{p}");
    let p = plan(&s, schema::PERSON_HEADS);
    assert!(p.contains("COVERING INDEX persons_head"), "{p}");
}

#[test]
fn person_heads_are_read_as_the_profiles_say() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir.path().join("d"), &pass(), LockMode::Command, true).unwrap();
    let mut p = person("O\\Brien \"dit\" Nguyễn");
    p.prenoms = " Zoé  Marie ".into();
    p.departement = Some("67".into());
    let a = s.add_person(&p).unwrap();
    let b = s.add_person(&person("Martin")).unwrap();
    let mut heads = s.person_heads().unwrap();
    heads.sort_by_key(|h| h.0);
    assert_eq!(
        heads,
        [
            (a, crate::person::PersonHead::from(&p)),
            (b, crate::person::PersonHead::from(&person("Martin")))
        ]
    );
    // A changed profile changes its head in the same write.
    p.departement = None;
    s.update_person(a, &p).unwrap();
    assert_eq!(s.person_heads().unwrap()[0].1.departement, None);
}
