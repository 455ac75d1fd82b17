use super::testing::fresh_register;
use super::*;
use crate::cases::EventKind;
use crate::store::tests_both::person;

#[test]
fn an_address_off_this_machine_needs_tls_and_is_checked_without_contact() {
    let c = config("postgres://alice@registre.exemple.org/groupe").unwrap();
    assert_eq!(c.get_ssl_mode(), SslMode::Require, "forced");
    let f = config("postgres://alice@registre.exemple.org/groupe?sslmode=disable");
    assert_eq!(f.unwrap_err().code, exit::INVALID_INPUT);
    let f = config("postgres://alice@10.1.2.3/groupe?sslmode=disable");
    assert_eq!(f.unwrap_err().code, exit::INVALID_INPUT);
    // On this machine, the choice stays the user's.
    for local in [
        "postgres://alice@127.0.0.1:5433/groupe?sslmode=disable",
        "postgres://alice@localhost/groupe?sslmode=disable",
        "postgres://alice@[::1]/groupe?sslmode=disable",
        "postgresql://alice@%2Frun%2Fpostgresql/groupe?sslmode=disable",
    ] {
        assert_eq!(
            config(local).unwrap().get_ssl_mode(),
            SslMode::Disable,
            "{local}"
        );
    }
    // Not an address: refused without repeating it (it may hold a password).
    for bad in ["mysql://a@b/c", "postgres://", "alice:secret@host/db", ""] {
        let f = config(bad).unwrap_err();
        assert_eq!(f.code, exit::INVALID_INPUT);
        assert!(!f.message.contains("secret"));
    }
}

#[test]
fn a_stale_person_edit_is_refused_naming_who_wrote() {
    let Some((db, me)) = fresh_register("stale_person_edit") else {
        return;
    };
    let mut a = PgStore::open(&db.url, &me).unwrap();
    let mut b = PgStore::open(&db.url, &me).unwrap();
    let p = a.add_person(&person("Avant")).unwrap();
    assert_eq!(b.person(p).unwrap().unwrap().nom, "Avant");
    a.update_person(p, &person("Changé par A")).unwrap();
    let f = b.update_person(p, &person("Changé par B")).unwrap_err();
    assert_eq!(f.code, exit::STORE_UNAVAILABLE);
    assert!(f.message.contains("modifiée par alice"), "{}", f.message);
    assert_eq!(a.person(p).unwrap().unwrap().nom, "Changé par A", "kept");
    // Once B has read the change, B's edit goes through.
    assert_eq!(b.person(p).unwrap().unwrap().nom, "Changé par A");
    b.update_person(p, &person("Changé par B")).unwrap();
    assert_eq!(a.person(p).unwrap().unwrap().nom, "Changé par B");
}

#[test]
fn a_volunteer_outside_the_group_cannot_open() {
    let Some((db, _)) = fresh_register("outsider") else {
        return;
    };
    let mallory = Identity::generate("mallory");
    assert_eq!(
        PgStore::open(&db.url, &mallory).unwrap_err().code,
        exit::WRONG_PASSPHRASE
    );
    // Claiming alice's name without her identity does not unwrap the key either.
    let fake = Identity::generate("alice");
    assert_eq!(
        PgStore::open(&db.url, &fake).unwrap_err().code,
        exit::WRONG_PASSPHRASE
    );
}

#[test]
fn a_sealed_value_moved_on_the_server_is_refused() {
    let Some((db, me)) = fresh_register("moved_value") else {
        return;
    };
    let mut s = PgStore::open(&db.url, &me).unwrap();
    let p1 = s.add_person(&person("Un")).unwrap();
    let p2 = s.add_person(&person("Deux")).unwrap();
    // Whoever controls the server swaps the two persons' sealed data.
    let mut admin = connect(&db.url).unwrap();
    admin
        .execute(
            "UPDATE persons SET data = (SELECT data FROM persons WHERE id = $2) WHERE id = $1",
            &[&p1, &p2],
        )
        .unwrap();
    let f = s.person(p1).unwrap_err();
    assert_eq!(f.code, exit::STORE_UNAVAILABLE);
    assert_eq!(s.person(p2).unwrap().unwrap().nom, "Deux");
    assert_eq!(s.verify().unwrap().len(), 1, "acces verifier reports it");
    // And the server's own columns hold no name.
    let rows = admin
        .query(
            "SELECT coalesce(encode(data, 'escape'), '') FROM persons",
            &[],
        )
        .unwrap();
    for r in rows {
        let t: String = r.get(0);
        assert!(!t.contains("Deux") && !t.contains("Camille"));
    }
}

#[test]
fn volunteers_roles_groups_and_key_rotation() {
    let Some((db, alice)) = fresh_register("volunteers") else {
        return;
    };
    let mut a = PgStore::open(&db.url, &alice).unwrap();
    let before = a.add_person(&person("Avant")).unwrap();
    let (bob_name, bob_url) = db.login_role("bob");
    let bob = Identity::generate(&bob_name);
    // Not in the group yet: the database is closed to his role.
    assert_eq!(
        PgStore::open(&bob_url, &bob).unwrap_err().code,
        exit::STORE_UNAVAILABLE
    );
    let change = a.add_volunteer(&bob_name, &bob.recipient(), false).unwrap();
    assert_eq!(
        change,
        MembershipChange {
            key_version: 1,
            role: true
        }
    );
    assert_eq!(
        a.add_volunteer(&bob_name, &bob.recipient(), false)
            .unwrap_err()
            .code,
        exit::INVALID_INPUT
    );
    let mut b = PgStore::open(&bob_url, &bob).unwrap();
    assert_eq!(
        b.person(before).unwrap().unwrap().nom,
        "Avant",
        "reads the history"
    );
    let by_bob = b.add_person(&person("Par Bob")).unwrap();
    assert_eq!(a.person(by_bob).unwrap().unwrap().nom, "Par Bob");
    // His role cannot make him a coordinator behind acces's back, and what he writes is
    // recorded as his, whatever the client claims.
    let mut bob_sql = connect(&bob_url).unwrap();
    assert!(
        bob_sql
            .execute("UPDATE volunteers SET coordinator = true", &[])
            .is_err()
    );
    bob_sql
        .execute(
            "INSERT INTO persons (data, written_by, uid) \
             VALUES ('\\x00', 'alice', gen_random_uuid())",
            &[],
        )
        .unwrap();
    let who: String = bob_sql
        .query_one(
            "SELECT written_by FROM persons ORDER BY id DESC LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(who, bob_name);
    bob_sql
        .execute(
            "DELETE FROM persons WHERE written_by = $1 AND data = '\\x00'",
            &[&who],
        )
        .unwrap();
    drop(bob_sql);
    // Only coordinators add or remove.
    let eve = Identity::generate("eve");
    assert_eq!(
        b.add_volunteer("eve", &eve.recipient(), false)
            .unwrap_err()
            .code,
        exit::STORE_UNAVAILABLE
    );
    // Group B: another register, another database; bob's role cannot even connect.
    let Some((db2, _carol)) = fresh_register("volunteers_b") else {
        return;
    };
    // The same role and password, on group B's database.
    let (_, bob_login) = bob_url.split_once("://").unwrap();
    let (bob_user, _) = bob_login.split_once('@').unwrap();
    let (_, b_host) = db2.url.split_once('@').unwrap();
    let bob_url_b = format!("postgres://{bob_user}@{b_host}");
    assert_eq!(
        connect(&bob_url_b).err().map(|f| f.message),
        Some(r::NOT_ALLOWED.to_string()),
        "group B is closed to group A's volunteer"
    );

    // Removal: the key rotates, the role loses its rights.
    let change = a.remove_volunteer(&bob_name).unwrap();
    assert_eq!(
        change,
        MembershipChange {
            key_version: 2,
            role: true
        }
    );
    assert_eq!(
        a.remove_volunteer("alice").unwrap_err().code,
        exit::INVALID_INPUT
    );
    let after = a.add_person(&person("Après")).unwrap();
    assert_eq!(a.person(after).unwrap().unwrap().nom, "Après");
    assert_eq!(
        a.person(before).unwrap().unwrap().nom,
        "Avant",
        "old entries stay readable"
    );
    // Bob's open connection has lost its rights…
    assert!(b.persons().is_err());
    // …and the keys he held do not open what was written after his removal.
    let mut admin = connect(&db.url).unwrap();
    let sealed: Vec<u8> = admin
        .query_one("SELECT data FROM persons WHERE id = $1", &[&after])
        .unwrap()
        .get(0);
    let f = b.keys.open("persons", after, "data", &sealed).unwrap_err();
    assert_eq!(f.message, r::KEY_VERSION_MISSING);
    // Nor can he open the register again, through his role or any other.
    assert!(PgStore::open(&bob_url, &bob).is_err());
    assert_eq!(
        PgStore::open(&db.url, &bob).unwrap_err().code,
        exit::WRONG_PASSPHRASE
    );
    let list = a.volunteers().unwrap();
    assert_eq!(list.len(), 2);
    let bob_row = list.iter().find(|v| v.name == bob_name).unwrap();
    assert!(bob_row.removed.is_some() && !bob_row.has_current_key);
    let alice_row = list.iter().find(|v| v.name == "alice").unwrap();
    assert!(alice_row.coordinator && alice_row.has_current_key && alice_row.removed.is_none());
}

#[test]
fn the_faces_open_the_shared_register_with_the_identity_in_the_data_dir() {
    let Some((db, me)) = fresh_register("open_boxed") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pass = super::super::Passphrase::new("phrase de passe du bénévole");
    me.save(dir.path(), &pass).unwrap();
    let mut st = super::super::open_boxed(
        dir.path(),
        Some(&db.url),
        &pass,
        super::super::LockMode::Interactive,
        true,
    )
    .unwrap();
    st.add_person(&person("Par la face")).unwrap();
    assert_eq!(st.persons().unwrap().len(), 1);
    assert!(
        !super::super::exists(dir.path()),
        "no local register created"
    );
    let wrong = super::super::open_boxed(
        dir.path(),
        Some(&db.url),
        &super::super::Passphrase::new("autre"),
        super::super::LockMode::Interactive,
        true,
    );
    assert_eq!(wrong.err().map(|f| f.code), Some(exit::WRONG_PASSPHRASE));
}

#[test]
fn five_connections_writing_as_fast_as_they_can_lose_nothing() {
    let Some((db, me)) = fresh_register("five_connections") else {
        return;
    };
    let mut s = PgStore::open(&db.url, &me).unwrap();
    let p = s.add_person(&person("Concurrence")).unwrap();
    let c = s
        .open_case(&NewCase {
            personne: p,
            fichier: "TAJ".into(),
            demarche: "acces".into(),
            canal: None,
            references: vec![],
            suite_de: None,
            ouvert: "2026-01-05".parse().unwrap(),
        })
        .unwrap();
    let me = std::sync::Arc::new(me);
    let until = std::time::Instant::now() + std::time::Duration::from_secs(3);
    let threads: Vec<_> = (0..5)
        .map(|t| {
            let (url, me) = (db.url.clone(), me.clone());
            std::thread::spawn(move || {
                let mut st = PgStore::open(&url, &me).unwrap();
                let mut ids = Vec::new();
                let mut n = 0;
                while std::time::Instant::now() < until {
                    n += 1;
                    let e = NewEvent {
                        date: "2026-02-01".parse().unwrap(),
                        kind: EventKind::Note,
                        texte: Some(format!("t{t}-{n}")),
                    };
                    // Every write either lands or says so; none is lost silently.
                    ids.push(st.add_event(c, &e).unwrap());
                }
                ids
            })
        })
        .collect();
    let mut written: Vec<i64> = threads
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    written.sort();
    let stored: Vec<i64> = s
        .case(c)
        .unwrap()
        .unwrap()
        .events
        .iter()
        .map(|e| e.id)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(written.len() >= 50, "{} writes", written.len());
    assert_eq!(stored, written);
    eprintln!(
        "five connections: {} events in 3 s, all stored",
        written.len()
    );
    // Ten connections cancel the same event at once: exactly one cancellation stands.
    let target = written[0];
    let threads: Vec<_> = (0..10)
        .map(|_| {
            let (url, me) = (db.url.clone(), me.clone());
            std::thread::spawn(move || {
                let mut st = PgStore::open(&url, &me).unwrap();
                st.add_event(
                    c,
                    &NewEvent {
                        date: "2026-02-02".parse().unwrap(),
                        kind: EventKind::Annule { evenement: target },
                        texte: None,
                    },
                )
                .map_err(|f| f.code)
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        assert!([exit::INVALID_INPUT, exit::STORE_UNAVAILABLE].contains(r));
    }
    let h = s.case(c).unwrap().unwrap();
    assert_eq!(
        h.events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Annule { .. }))
            .count(),
        1
    );
}

#[test]
fn a_register_of_schema_1_gets_its_identities_when_opened() {
    let Some((db, me)) = fresh_register("schema_1_migration") else {
        return;
    };
    let mut s = PgStore::open(&db.url, &me).unwrap();
    let p = s.add_person(&person("Avant")).unwrap();
    let c = s
        .open_case(&NewCase {
            personne: p,
            fichier: "TAJ".into(),
            demarche: "acces".into(),
            canal: None,
            references: Vec::new(),
            suite_de: None,
            ouvert: "2026-01-05".parse().unwrap(),
        })
        .unwrap();
    s.add_event(
        c,
        &NewEvent {
            date: "2026-01-06".parse().unwrap(),
            kind: EventKind::Note,
            texte: Some("gardée".into()),
        },
    )
    .unwrap();
    drop(s);
    // The register as schema 1 left it: no identities, no kept recipient.
    let mut admin = connect(&db.url).unwrap();
    admin
        .batch_execute(
            "ALTER TABLE persons DROP COLUMN uid; \
             ALTER TABLE cases DROP COLUMN uid, DROP COLUMN recipient; \
             ALTER TABLE events DROP COLUMN uid; \
             UPDATE acces_meta SET value = '1' WHERE key = 'schema';",
        )
        .unwrap();
    let before = db.column("SELECT written_by FROM persons");
    let s = PgStore::open(&db.url, &me).unwrap();
    assert_eq!(
        db.column("SELECT value FROM acces_meta WHERE key = 'schema'"),
        ["2"]
    );
    let snap = s.snapshot().unwrap();
    assert!(snap.personnes[0].uid.is_some());
    assert!(snap.dossiers[0].uid.is_some());
    assert!(snap.evenements.iter().all(|e| e.uid.is_some()));
    assert_eq!(snap.evenements[0].texte.as_deref(), Some("gardée"));
    // Who wrote each row stays as it was; events stay append-only.
    assert_eq!(db.column("SELECT written_by FROM persons"), before);
    assert!(
        admin
            .batch_execute("UPDATE events SET date = date + 1")
            .is_err()
    );
    // Opening again finds nothing to do.
    drop(s);
    PgStore::open(&db.url, &me).unwrap();
}
