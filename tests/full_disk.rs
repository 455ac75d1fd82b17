//! Issue #15, defect 3 (and A): writes on a full disk. On a small tmpfs (mounted when the
//! test runs as root, else skipped with the reason printed), the disk is filled to within a
//! few kilobytes, then events are added, the register is exported and a backup restored
//! over it. Every command either succeeds — and then what it wrote is there afterwards — or
//! fails with exit 5 and a French message, leaving the store whole (integrity check) and no
//! temporary file behind. Reading (listings) works on the full disk.

#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;

const PASS: &str = "phrase de passe d'essai";

struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = StdCommand::new("umount").arg(&self.0).status();
    }
}

fn mount_tmpfs(at: &Path, size: &str) -> Result<Mount, String> {
    let out = StdCommand::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .output()
        .map_err(|e| format!("mount: {e}"))?;
    if out.status.success() {
        Ok(Mount(at.to_path_buf()))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn acces(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("acces").unwrap();
    cmd.env("ACCES_DATA_DIR", dir)
        .env("ACCES_PASSPHRASE", PASS)
        .timeout(std::time::Duration::from_secs(60));
    cmd
}

fn ok(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Runs a write: `true` if acknowledged (exit 0); else it must be exit 5 in French.
fn write(cmd: &mut Command, what: &str, failures: &mut usize) -> bool {
    let out = cmd.output().unwrap();
    match out.status.code() {
        Some(0) => true,
        Some(5) => {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("disque") || err.contains("place"),
                "{what}: exit 5 without saying the disk is full: {err}"
            );
            *failures += 1;
            false
        }
        other => panic!(
            "{what}: exit {other:?} on a full disk: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn fill(path: &Path, leave: u64) {
    // Fill the file system, then give back `leave` bytes.
    let _ = StdCommand::new("dd")
        .args(["if=/dev/zero", "bs=4096"])
        .arg(format!("of={}", path.display()))
        .output();
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.set_len(len.saturating_sub(leave)).unwrap();
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with(".acces-ecriture-") || n.starts_with("acces-restauration-en-cours")
        })
        .collect()
}

fn event_count(dir: &Path) -> usize {
    let v: serde_json::Value =
        serde_json::from_str(&ok(acces(dir).args(["export", "--format", "json"]))).unwrap();
    v["evenements"].as_array().unwrap().len()
}

#[test]
fn full_disk_loses_no_acknowledged_write_and_leaves_no_temporary_file() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!(
            "SKIPPED: mounting a small tmpfs needs root; run the tests as root to check full disks"
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("petit");
    std::fs::create_dir(&mnt).unwrap();
    let _mount = match mount_tmpfs(&mnt, "2m") {
        Ok(m) => m,
        Err(e) => {
            eprintln!("SKIPPED: cannot mount a tmpfs here ({e})");
            return;
        }
    };
    // A backup of a store with 1 event, on the ordinary disk.
    let person = tmp.path().join("p.json");
    std::fs::write(
        &person,
        r#"{"nom":"Pleine","prenoms":"Zoé","adresse":["1 rue"],"code_postal":"75001",
           "commune":"Paris"}"#,
    )
    .unwrap();
    let other = tmp.path().join("autre");
    ok(acces(&other).args(["personne", "ajouter", "--fichier", person.to_str().unwrap()]));
    ok(acces(&other).args([
        "dossier",
        "ouvrir",
        "--personne",
        "1",
        "--fichier",
        "TAJ",
        "--demarche",
        "acces",
        "--date",
        "2026-01-02",
    ]));
    ok(acces(&other).args([
        "evenement",
        "ajouter",
        "--dossier",
        "1",
        "--type",
        "note",
        "--date",
        "2026-01-03",
        "--texte",
        "sauvegardée",
    ]));
    let backup = tmp.path().join("s.age");
    ok(acces(&other).args(["sauvegarde", backup.to_str().unwrap()]));

    let (mut runs, mut failures, mut lost, mut integrity) = (0, 0, 0, 0);
    let note = "x".repeat(3000);
    for leave in (0..=96u64).step_by(16).map(|k| k * 1024) {
        let data = mnt.join("donnees");
        let out = mnt.join("sorties");
        let filler = mnt.join("remplissage");
        let _ = std::fs::remove_dir_all(&data);
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_file(&filler);
        std::fs::create_dir(&out).unwrap();
        ok(acces(&data).args(["personne", "ajouter", "--fichier", person.to_str().unwrap()]));
        ok(acces(&data).args([
            "dossier",
            "ouvrir",
            "--personne",
            "1",
            "--fichier",
            "TAJ",
            "--demarche",
            "acces",
            "--date",
            "2026-01-02",
        ]));
        fill(&filler, leave);
        let mut acknowledged = 0;
        for i in 0..8 {
            runs += 1;
            if write(
                acces(&data).args([
                    "evenement",
                    "ajouter",
                    "--dossier",
                    "1",
                    "--type",
                    "note",
                    "--date",
                    "2026-01-04",
                    "--texte",
                    &format!("{i} {note}"),
                ]),
                "evenement ajouter",
                &mut failures,
            ) {
                acknowledged += 1;
            }
        }
        runs += 1;
        let exported = write(
            acces(&data).args([
                "export",
                "--format",
                "json",
                "--sortie",
                out.join("export.json").to_str().unwrap(),
            ]),
            "export",
            &mut failures,
        );
        runs += 1;
        let restored = write(
            acces(&data).args(["restaurer", backup.to_str().unwrap(), "--remplacer"]),
            "restaurer",
            &mut failures,
        );
        // Reading still works on the full disk: the person, her case, the deadlines (reads
        // used to fail, SQLite being unable to create its log's index).
        assert!(ok(acces(&data).args(["personne", "liste"])).contains("PLEINE"));
        assert!(ok(acces(&data).args(["dossier", "liste"])).contains("TAJ"));
        ok(acces(&data).args(["echeances", "--jours", "60"]));
        std::fs::remove_file(&filler).unwrap();
        // Checks, with room again.
        let left: Vec<String> = temp_files(&data)
            .into_iter()
            .chain(temp_files(&out))
            .collect();
        assert!(
            left.is_empty(),
            "{leave} bytes free: temporary files left: {left:?}"
        );
        let verified = acces(&data).arg("verifier").output().unwrap();
        if !verified.status.success() {
            integrity += 1;
        }
        let n = event_count(&data);
        let expected = if restored { 1 } else { acknowledged };
        if n != expected {
            lost += 1;
        }
        assert!(
            verified.status.success(),
            "{leave} bytes free: {}",
            String::from_utf8_lossy(&verified.stderr)
        );
        assert_eq!(
            n, expected,
            "{leave} bytes free: acknowledged writes lost (restored: {restored})"
        );
        if exported {
            let text = std::fs::read_to_string(out.join("export.json")).unwrap();
            assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
        }
    }
    eprintln!(
        "full disk: {runs} writes, {failures} refused with exit 5, {lost} acknowledged lost, \
         {integrity} integrity failures"
    );
    assert!(
        failures > 0,
        "the disk was never full: the test did not test anything"
    );
}
