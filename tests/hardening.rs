//! Issue #15 (hardening), through the real binary: restores killed at every file-system step,
//! kept copies never overwritten, leftovers swept, outputs refused inside the data directory,
//! catalogue directories that used to hang, .eml that used to panic.
//! Temporary data directories only.

use crate::common;

use common::{PASS, add_person, person_file, stdout, strace_available};

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;
use std::time::Duration;

use assert_cmd::Command;

/// The binary on the store in `dir`, stopped after a minute (a hang fails the test).
fn acces(dir: &Path) -> Command {
    let mut cmd = common::acces_in(dir);
    cmd.timeout(Duration::from_secs(60));
    cmd
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("acces")
}

fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn kept_copies(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with("acces-avant-restauration-") && n.ends_with(".db"))
        .collect()
}

fn person_count(dir: &Path) -> usize {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(acces(dir).args(["export", "--format", "json"]))).unwrap();
    v["personnes"].as_array().unwrap().len()
}

/// A store with `n` persons and a backup of a store with one person; returns the backup.
fn store_and_backup(tmp: &Path, dir: &Path, n: usize) -> PathBuf {
    let other = tmp.join("autre");
    add_person(&other, tmp, "Sauvegardée");
    let backup = tmp.join("sauvegarde.age");
    acces(&other)
        .args(["sauvegarde", backup.to_str().unwrap()])
        .assert()
        .success();
    for i in 0..n {
        add_person(dir, tmp, &format!("Personne{i}"));
    }
    backup
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// Runs acces under strace, killing it (SIGKILL) at the `when`-th call of `syscall`.
/// Returns whether it was killed.
fn run_killed_at(dir: &Path, args: &[&str], syscall: &str, when: u32) -> bool {
    let out = StdCommand::new("strace")
        .args([
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            &format!("trace={syscall}"),
            "-e",
            &format!("inject={syscall}:signal=KILL:when={when}"),
        ])
        .arg(bin())
        .args(args)
        .env("ACCES_DATA_DIR", dir)
        .env("ACCES_PASSPHRASE", PASS)
        .output()
        .unwrap();
    !out.status.success()
}

/// Defects B, F, 7: `restaurer --remplacer` killed at each rename, link, unlink and fsync it
/// makes. Before the fix, a kill between its two renames left no `acces.db`, and the next
/// command silently created an empty store. Now the directory always holds a store (the old
/// one or the new one, complete), and the restore's temporary files are swept at the next
/// start, with a message.
#[test]
fn restore_killed_at_every_step_always_leaves_a_whole_store() {
    if !strace_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let template = tmp.path().join("modele");
    let backup = store_and_backup(tmp.path(), &template, 2);
    let backup = backup.to_str().unwrap().to_string();
    let mut runs = 0;
    let mut kills = 0;
    for syscall in ["rename", "link", "unlink", "fsync"] {
        for when in 1..=12 {
            let dir = tmp.path().join(format!("d-{syscall}-{when}"));
            copy_dir(&template, &dir);
            runs += 1;
            let killed = run_killed_at(&dir, &["restaurer", &backup, "--remplacer"], syscall, when);
            let n = person_count(&dir);
            assert!(
                n == 2 || n == 1,
                "{syscall} #{when}: the store holds {n} persons (neither the old nor the new)"
            );
            let left = names(&dir);
            assert!(
                !left
                    .iter()
                    .any(|f| f.starts_with("acces-restauration-en-cours")),
                "{syscall} #{when}: {left:?}"
            );
            std::fs::remove_dir_all(&dir).unwrap();
            if !killed {
                break;
            }
            kills += 1;
        }
    }
    eprintln!("restaurer --remplacer: {runs} runs, {kills} killed, 0 stores lost");
    assert!(kills >= 4, "the kills did not happen ({kills})");
}

/// Defect B: a store missing beside a kept copy is not replaced by an empty one.
#[test]
fn a_missing_store_beside_a_kept_copy_is_not_silently_recreated() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    add_person(&dir, tmp.path(), "Gardée");
    std::fs::rename(
        dir.join("acces.db"),
        dir.join("acces-avant-restauration-20260101-120000.db"),
    )
    .unwrap();
    let err = stderr_of(
        acces(&dir).args([
            "personne",
            "ajouter",
            "--fichier",
            person_file(tmp.path(), "Nouvelle").to_str().unwrap(),
        ]),
        4,
    );
    assert!(err.contains("renommez-la en acces.db"), "{err}");
    assert!(!dir.join("acces.db").exists());
    // Following the advice gets the data back.
    std::fs::rename(
        dir.join("acces-avant-restauration-20260101-120000.db"),
        dir.join("acces.db"),
    )
    .unwrap();
    assert_eq!(person_count(&dir), 1);
}

/// Defect D: two restores in a row (the same second) keep two distinct copies; the first
/// is never overwritten.
#[test]
fn two_restores_in_the_same_second_keep_both_old_stores() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let backup = store_and_backup(tmp.path(), &dir, 3);
    let backup = backup.to_str().unwrap();
    for _ in 0..2 {
        acces(&dir)
            .args(["restaurer", backup, "--remplacer"])
            .assert()
            .success();
    }
    let kept = kept_copies(&dir);
    assert_eq!(kept.len(), 2, "{kept:?}");
    // One kept copy is the original store (3 persons), the other the first restore (1).
    let mut counts = Vec::new();
    for (i, k) in kept.iter().enumerate() {
        let d = tmp.path().join(format!("copie-{i}"));
        std::fs::create_dir(&d).unwrap();
        std::fs::copy(dir.join(k), d.join("acces.db")).unwrap();
        counts.push(person_count(&d));
    }
    counts.sort();
    assert_eq!(counts, vec![1, 3]);
}

/// Defect 7: a refused restore (here: a backup whose content breaks the rules) leaves no
/// file behind and the store as it was.
#[test]
fn a_refused_restore_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    add_person(&dir, tmp.path(), "Restée");
    let before = names(&dir);
    // A snapshot with a case pointing at a person that is not there.
    let snap = r#"{"format":1,"personnes":[],"dossiers":[{"id":1,"personne":7,"fichier":"TAJ",
        "demarche":"acces","references":[],"ouvert":"2026-01-02"}],"evenements":[]}"#;
    let plain = tmp.path().join("export.json");
    std::fs::write(&plain, snap).unwrap();
    let age = tmp.path().join("mauvaise.age");
    let cipher = acces::store::encrypt_backup(
        snap.as_bytes(),
        &acces::store::Passphrase::new(PASS.to_string()),
    )
    .unwrap();
    std::fs::write(&age, cipher).unwrap();
    acces(&dir)
        .args(["restaurer", age.to_str().unwrap(), "--remplacer"])
        .assert()
        .code(2);
    assert_eq!(names(&dir), before);
    assert_eq!(person_count(&dir), 1);
}

/// `restaurer --remplacer` asks for the passphrase of the store it replaces (defect 8).
#[test]
fn restore_over_a_store_needs_that_stores_passphrase() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    add_person(&dir, tmp.path(), "Protégée");
    let backup = tmp.path().join("autre.age");
    let snap = r#"{"format":1,"personnes":[],"dossiers":[],"evenements":[]}"#;
    let cipher = acces::store::encrypt_backup(
        snap.as_bytes(),
        &acces::store::Passphrase::new("une autre phrase de passe"),
    )
    .unwrap();
    std::fs::write(&backup, cipher).unwrap();
    let before = names(&dir);
    let err = stderr_of(
        acces(&dir)
            .env("ACCES_PASSPHRASE", "une autre phrase de passe")
            .args(["restaurer", backup.to_str().unwrap(), "--remplacer"]),
        3,
    );
    assert!(err.contains("registre actuel"), "{err}");
    assert_eq!(names(&dir), before);
    assert_eq!(person_count(&dir), 1);
}

/// Defect C: no output file inside the data directory (it used to replace the store, and
/// `export --format json` left the register in plaintext in its place).
#[test]
fn outputs_inside_the_data_directory_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    add_person(&dir, tmp.path(), "Intacte");
    let db = dir.join("acces.db");
    let before = std::fs::read(&db).unwrap();
    let via_dots = dir.join("..").join("d").join("acces.db");
    let cases: Vec<Vec<String>> = vec![
        vec![
            "export".into(),
            "--format".into(),
            "json".into(),
            "--sortie".into(),
            db.display().to_string(),
        ],
        vec![
            "export".into(),
            "--format".into(),
            "csv".into(),
            "--sortie".into(),
            via_dots.display().to_string(),
        ],
        vec![
            "export".into(),
            "--ics".into(),
            dir.join("agenda.ics").display().to_string(),
        ],
        vec!["sauvegarde".into(), db.display().to_string()],
        vec![
            "lettre".into(),
            "TAJ".into(),
            "--personne".into(),
            "1".into(),
            "--sortie".into(),
            db.display().to_string(),
        ],
    ];
    for args in cases {
        let err = stderr_of(acces(&dir).args(&args), 2);
        assert!(err.contains("dossier de données"), "{args:?}: {err}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "{args:?}");
    }
    assert_eq!(person_count(&dir), 1);
}

/// Defect F, found again by `benches/attaque`: a passphrase change killed before its rename
/// (the moment it takes effect) left its copy of the store, which nothing removed. The next
/// opening removes it and says so; the store keeps its old passphrase and its content.
#[test]
fn a_killed_passphrase_change_leaves_no_copy_behind() {
    if !strace_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    add_person(&dir, tmp.path(), "Gardée");
    let new = tmp.path().join("nouvelle");
    std::fs::write(&new, "une toute nouvelle phrase de passe").unwrap();
    let args = [
        "phrase-de-passe",
        "changer",
        "--nouvelle-fichier",
        new.to_str().unwrap(),
    ];
    assert!(run_killed_at(&dir, &args, "rename", 1));
    let copies = |d: &Path| {
        names(d)
            .into_iter()
            .filter(|n| n.starts_with("acces-nouvelle-phrase-en-cours"))
            .collect::<Vec<_>>()
    };
    assert!(!copies(&dir).is_empty(), "the kill left the copy");
    let out = acces(&dir).args(["personne", "liste"]).assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("acces-nouvelle-phrase-en-cours.db"), "{err}");
    assert!(copies(&dir).is_empty(), "{:?}", names(&dir));
    assert_eq!(person_count(&dir), 1);
}

/// Defect F: a writer killed while writing its output leaves a temporary file; the next
/// write into the same folder removes it (it used to stay forever, in plaintext).
#[test]
fn temporary_files_of_a_killed_export_are_swept() {
    if !strace_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    add_person(&dir, tmp.path(), "Exportée");
    let out = tmp.path().join("sorties");
    std::fs::create_dir(&out).unwrap();
    let target = out.join("export.json");
    let args = [
        "export",
        "--format",
        "json",
        "--sortie",
        target.to_str().unwrap(),
    ];
    // fsync #1 is the temporary file's (the store is only read).
    assert!(run_killed_at(&dir, &args, "fsync", 1));
    let left = names(&out);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(!target.exists());
    acces(&dir).args(args).assert().success();
    assert_eq!(names(&out), vec!["export.json".to_string()]);
}

/// Defect 2: a catalogue folder with a link cycle, a link to /dev/zero or a FIFO is refused
/// at once in French (it used to hang, or fill the memory).
#[cfg(unix)]
#[test]
fn catalogue_folders_that_used_to_hang_are_refused() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    type Setup = Box<dyn Fn(&Path)>;
    let setups: Vec<(&str, Setup)> = vec![
        (
            "cycle",
            Box::new(|d: &Path| {
                symlink(d.join("b.json"), d.join("a.json")).unwrap();
                symlink(d.join("a.json"), d.join("b.json")).unwrap();
            }),
        ),
        (
            "dir-cycle",
            Box::new(|d: &Path| {
                std::fs::create_dir(d.join("x")).unwrap();
                symlink(d, d.join("x").join("retour")).unwrap();
                symlink(d, d.join("x").join("encore")).unwrap();
                std::fs::write(d.join("x").join("vide.json"), "{").unwrap();
            }),
        ),
        (
            "zero",
            Box::new(|d: &Path| symlink("/dev/zero", d.join("zero.json")).unwrap()),
        ),
        (
            "fifo",
            Box::new(|d: &Path| {
                let ok = StdCommand::new("mkfifo")
                    .arg(d.join("tube.json"))
                    .status()
                    .unwrap()
                    .success();
                assert!(ok);
            }),
        ),
    ];
    for (name, make) in setups {
        let d = tmp.path().join(name);
        std::fs::create_dir(&d).unwrap();
        make(&d);
        let out = Command::cargo_bin("acces")
            .unwrap()
            .args(["--catalogue", d.to_str().unwrap(), "catalogue", "liste"])
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(1 | 2 | 5)),
            "{name}: {code:?} (killed by the timeout?)"
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.is_empty(),
            "{name}: {err}"
        );
    }
}

/// Defect 1: a name with a line break made `lettre --format eml` panic (exit 101).
#[test]
fn eml_with_a_line_break_in_the_name_does_not_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("p.json");
    std::fs::write(
        &p,
        r#"{"nom":"Martin\r\nBcc: x@exemple.fr","prenoms":"Zoé\u200f","adresse":["1 rue"],
           "code_postal":"75001","commune":"Paris","email":"zoe@exemple.fr"}"#,
    )
    .unwrap();
    let out = tmp.path().join("l.eml");
    let res = Command::cargo_bin("acces")
        .unwrap()
        .env("ACCES_DATA_DIR", tmp.path().join("d"))
        .args([
            "lettre",
            "TAJ",
            "--personne",
            p.to_str().unwrap(),
            "--format",
            "eml",
            "--sortie",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let code = res.status.code();
    assert!(
        matches!(code, Some(0 | 2)),
        "{code:?}: {}",
        String::from_utf8_lossy(&res.stderr)
    );
    if code == Some(0) {
        let eml = std::fs::read_to_string(&out).unwrap();
        let head = eml.split("\r\n\r\n").next().unwrap();
        assert!(!head.lines().any(|l| l.starts_with("Bcc:")), "{head}");
    }
}
