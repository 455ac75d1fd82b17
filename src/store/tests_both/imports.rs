//! Imports on both backends: into an empty register the ids are kept; into one holding
//! data the stable identities decide what is skipped, updated, refused or added
//! (`store/merge.rs`), and a simulation writes nothing.

use super::*;

on_both!(
    import_into_empty_keeps_ids_and_into_full_remaps,
    importing_the_same_export_twice_changes_nothing,
    merging_a_volunteers_export_adds_only_what_is_new,
    an_identity_used_here_for_another_case_is_refused,
    a_simulated_import_writes_nothing,
);

fn import_into_empty_keeps_ids_and_into_full_remaps(b: &mut dyn Bench) {
    let s = b.store();
    let (p, _, c2) = a_procedure(s);
    let snap = s.snapshot().unwrap();
    assert_eq!(
        snap.evenements[0].kind,
        EventKind::Escalade {
            dossier: c2,
            demarche: Some("cnil-108".into())
        }
    );
    let mut other = b.empty();
    let t = other.store();
    let sum = t.import(&snap, false).unwrap();
    assert!(sum.ids_kept);
    assert_eq!(counts(sum.added), (1, 2, 3));
    assert_eq!(t.snapshot().unwrap(), snap);
    // New rows continue after the kept ids.
    let q = t.add_person(&person("Suivant")).unwrap();
    assert!(q > p);
    // An export without identities (format 1): everything is new, with new ids.
    let sum = t.import(&without_identities(&snap), false).unwrap();
    assert!(!sum.ids_kept);
    assert_eq!(counts(sum.added), (1, 2, 3));
    let all = t.snapshot().unwrap();
    assert_eq!(all.personnes.len(), 3);
    let new_c2 = all.dossiers[3].clone();
    assert_eq!(new_c2.suite_de, Some(all.dossiers[2].id));
    assert_eq!(
        all.evenements[3].kind,
        EventKind::Escalade {
            dossier: new_c2.id,
            demarche: Some("cnil-108".into())
        }
    );
    assert_eq!(
        all.evenements[5].kind,
        EventKind::Annule {
            evenement: all.evenements[4].id
        }
    );
    // An export made before the route of a follow-up was recorded: filled on import.
    let mut old = snap.clone();
    old.evenements[0].kind = EventKind::Escalade {
        dossier: c2,
        demarche: None,
    };
    let mut third = b.empty();
    let u = third.store();
    u.import(&old, false).unwrap();
    assert_eq!(u.snapshot().unwrap(), snap);
}

fn counts(c: Counts) -> (usize, usize, usize) {
    (c.persons, c.cases, c.events)
}

/// The snapshot as an export of format 1 (before stable identities) held it.
fn without_identities(snap: &Snapshot) -> Snapshot {
    let mut old = snap.clone();
    old.format = 1;
    for p in &mut old.personnes {
        p.uid = None;
        p.maj = None;
    }
    for c in &mut old.dossiers {
        c.uid = None;
    }
    for e in &mut old.evenements {
        e.uid = None;
    }
    old
}

fn importing_the_same_export_twice_changes_nothing(b: &mut dyn Bench) {
    a_procedure(b.store());
    let snap = b.store().snapshot().unwrap();
    assert!(
        snap.personnes
            .iter()
            .all(|p| p.uid.is_some() && p.maj.is_some())
    );
    assert!(snap.dossiers.iter().all(|c| c.uid.is_some()));
    assert!(snap.evenements.iter().all(|e| e.uid.is_some()));
    // Into the register it came from: everything is already there.
    let sum = b.store().import(&snap, false).unwrap();
    assert_eq!(counts(sum.added), (0, 0, 0));
    assert_eq!(counts(sum.skipped), (1, 2, 3));
    assert!(sum.updated.is_empty() && sum.kept_newer.is_empty());
    assert_eq!(counts(sum.refused), (0, 0, 0));
    assert_eq!(b.store().snapshot().unwrap(), snap);
    // Into another register, twice: the second time adds nothing.
    let mut other = b.empty();
    let t = other.store();
    t.add_person(&person("Déjà là")).unwrap();
    let first = t.import(&snap, false).unwrap();
    assert_eq!(counts(first.added), (1, 2, 3));
    let after_first = t.snapshot().unwrap();
    let second = t.import(&snap, false).unwrap();
    assert_eq!(counts(second.added), (0, 0, 0));
    assert_eq!(counts(second.skipped), (1, 2, 3));
    assert_eq!(t.snapshot().unwrap(), after_first);
    // The identities came along; the ids are this register's.
    assert_eq!(after_first.personnes[1].uid, snap.personnes[0].uid);
    assert_ne!(after_first.personnes[1].id, snap.personnes[0].id);
}

fn merging_a_volunteers_export_adds_only_what_is_new(b: &mut dyn Bench) {
    let (p, c1, _) = a_procedure(b.store());
    let shared = b.store().snapshot().unwrap();
    // A volunteer starts from the same register and works on it.
    let mut theirs = b.empty();
    let v = theirs.store();
    v.import(&shared, false).unwrap();
    v.add_event(c1, &ev("2026-01-20", EventKind::Recu, None))
        .unwrap();
    let c3 = v
        .open_case(&case(p, "rectification", Some(c1), "2026-02-01"))
        .unwrap();
    let q = v.add_person(&person("Nouvelle")).unwrap();
    v.open_case(&case(q, "acces", None, "2026-03-01")).unwrap();
    let mut moved = person("Martin");
    moved.commune = "Lyon".into();
    moved.code_postal = "69002".into();
    v.update_person(p, &moved).unwrap();
    let mut export = v.snapshot().unwrap();
    // Their change is later than the register's version (to the second, as stored).
    let here = shared.personnes[0].maj.clone().unwrap();
    let later = chrono::DateTime::parse_from_rfc3339(&here).unwrap() + chrono::Duration::hours(1);
    export.personnes[0].maj = Some(later.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));

    let s = b.store();
    let sum = s.import(&export, false).unwrap();
    // New: the person, two cases, the received event and the follow-up link.
    assert_eq!(counts(sum.added), (1, 2, 2));
    assert_eq!(counts(sum.skipped), (0, 2, 3));
    assert_eq!(sum.updated, vec![p]);
    assert_eq!(counts(sum.refused), (0, 0, 0));
    assert_eq!(s.person(p).unwrap().unwrap().commune, "Lyon");
    let all = s.snapshot().unwrap();
    assert_eq!(all.personnes.len(), 2);
    assert_eq!(all.dossiers.len(), 4);
    // The follow-up opened by the volunteer follows the register's case, linked both ways.
    let follow = all
        .dossiers
        .iter()
        .find(|c| c.demarche == "rectification")
        .unwrap();
    assert_eq!(follow.suite_de, Some(c1));
    let h = s.case(c1).unwrap().unwrap();
    assert!(h.events.iter().any(|e| e.kind
        == EventKind::Escalade {
            dossier: follow.id,
            demarche: Some("rectification".into())
        }));
    assert!(h.events.iter().any(|e| e.kind == EventKind::Recu));
    assert_eq!(
        all.dossiers.iter().find(|c| c.id == follow.id).unwrap().uid,
        export.dossiers.iter().find(|c| c.id == c3).unwrap().uid
    );
    // Once more: nothing new.
    let again = s.import(&export, false).unwrap();
    assert_eq!(counts(again.added), (0, 0, 0));
    assert!(again.updated.is_empty());
    assert_eq!(s.snapshot().unwrap(), all);
    // An older version that differs is not taken: kept as it is here, and said.
    let mut older = export.clone();
    older.personnes[0].personne.commune = "Marseille".into();
    older.personnes[0].maj = Some("2020-01-01T00:00:00Z".into());
    let sum = s.import(&older, false).unwrap();
    assert_eq!(sum.kept_newer, vec![p]);
    assert_eq!(s.person(p).unwrap().unwrap().commune, "Lyon");
}

fn an_identity_used_here_for_another_case_is_refused(b: &mut dyn Bench) {
    let (_, c1, _) = a_procedure(b.store());
    let snap = b.store().snapshot().unwrap();
    // A file whose case claims the identity of this register's case, for another person.
    let mut odd = snap.clone();
    odd.personnes[0].uid = Some(Uid::new_v4());
    let sum = b.store().import(&odd, false).unwrap();
    assert_eq!(counts(sum.added), (1, 0, 0));
    // Both cases refused, and their events with them.
    assert_eq!(counts(sum.refused), (0, 2, 3));
    assert_eq!(b.store().case(c1).unwrap().unwrap().events.len(), 1);
}

fn a_simulated_import_writes_nothing(b: &mut dyn Bench) {
    a_procedure(b.store());
    let snap = b.store().snapshot().unwrap();
    let mut other = b.empty();
    let t = other.store();
    t.add_person(&person("Déjà là")).unwrap();
    let before = t.snapshot().unwrap();
    let simulated = t.import(&snap, true).unwrap();
    assert_eq!(counts(simulated.added), (1, 2, 3));
    assert_eq!(t.snapshot().unwrap(), before);
    // The real import does what the simulation said.
    assert_eq!(t.import(&snap, false).unwrap(), simulated);
}
