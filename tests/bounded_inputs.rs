//! Every file a command reads is bounded (issue 15, defect 2): a device (`/dev/zero`), a pipe
//! or a huge file given as a person file, a spreadsheet or a new passphrase file is refused
//! at once with a French message, never read for ever nor into all the memory.

use crate::common;

use std::time::Duration;

use common::{acces, acces_in, add_person};

/// Runs `args` on the store in `dir` (or without a store), which must be refused quickly
/// with `code` and a French message; returns the message.
fn refused_quickly(cmd: &mut assert_cmd::Command, code: i32) -> String {
    let out = cmd
        .timeout(Duration::from_secs(30))
        .assert()
        .code(code)
        .get_output()
        .clone();
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_person_file_that_is_a_device_or_a_pipe_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("tube.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut inputs = vec![std::path::PathBuf::from("/dev/zero")];
    if made {
        inputs.push(fifo);
    } else {
        eprintln!("SKIPPED (pipe only): mkfifo is not available");
    }
    for input in &inputs {
        let msg = refused_quickly(acces().args(["lettre", "TAJ", "--personne"]).arg(input), 2);
        assert!(msg.contains("n'est pas un fichier ordinaire"), "{msg}");
        let dir = tmp.path().join("donnees");
        let msg = refused_quickly(
            acces_in(&dir)
                .args(["personne", "ajouter", "--fichier"])
                .arg(input),
            2,
        );
        assert!(msg.contains("n'est pas un fichier ordinaire"), "{msg}");
        let msg = refused_quickly(
            acces_in(&dir)
                .args(["import", "--format", "csv"])
                .arg(input),
            2,
        );
        assert!(msg.contains("n'est pas un fichier ordinaire"), "{msg}");
    }
}

#[test]
fn a_new_passphrase_file_that_is_a_device_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("donnees");
    add_person(&dir, tmp.path(), "Borne");
    let msg = refused_quickly(
        acces_in(&dir).args([
            "phrase-de-passe",
            "changer",
            "--nouvelle-fichier",
            "/dev/zero",
        ]),
        2,
    );
    assert!(msg.contains("Nouvelle phrase de passe"), "{msg}");
    assert!(msg.contains("n'est pas un fichier ordinaire"), "{msg}");
}

#[test]
fn a_person_file_too_big_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("gros.json");
    std::fs::write(&big, vec![b' '; 2 * 1024 * 1024]).unwrap();
    let msg = refused_quickly(acces().args(["lettre", "TAJ", "--personne"]).arg(&big), 2);
    assert!(msg.contains("trop gros"), "{msg}");
}
