//! Issue #15, defect 10: acces never opens a network socket. CLI commands, and a walk
//! through the interface in a pseudo-terminal, run under `strace -f -e trace=socket`; any
//! AF_INET or AF_INET6 socket fails the test (the local `socketpair` the terminal library
//! uses for signals is not a `socket` call). Skipped, saying why, without strace.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::pty::Session;
use crate::common::strace_available;

const PASS: &str = "phrase de passe d'essai";

fn inet_lines(trace: &Path) -> Vec<String> {
    std::fs::read_to_string(trace)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("AF_INET"))
        .map(str::to_string)
        .collect()
}

#[test]
fn cli_commands_open_no_network_socket() {
    if !strace_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("d");
    let person = tmp.path().join("p.json");
    std::fs::write(
        &person,
        r#"{"nom":"Réseau","prenoms":"Zoé","adresse":["1 rue"],"code_postal":"75001",
           "commune":"Paris","email":"zoe@exemple.fr"}"#,
    )
    .unwrap();
    let p = person.to_str().unwrap();
    let out = |name: &str| tmp.path().join(name).to_str().unwrap().to_string();
    let commands: Vec<Vec<String>> = vec![
        vec!["catalogue".into(), "liste".into()],
        vec!["catalogue".into(), "voir".into(), "TAJ".into()],
        vec!["guide".into()],
        vec![
            "personne".into(),
            "ajouter".into(),
            "--fichier".into(),
            p.into(),
        ],
        vec!["personne".into(), "liste".into()],
        vec![
            "dossier".into(),
            "ouvrir".into(),
            "--personne".into(),
            "1".into(),
            "--fichier".into(),
            "TAJ".into(),
            "--demarche".into(),
            "acces".into(),
        ],
        vec!["dossier".into(), "liste".into()],
        vec![
            "lettre".into(),
            "TAJ".into(),
            "--personne".into(),
            "1".into(),
            "--format".into(),
            "pdf".into(),
            "--sortie".into(),
            out("l.pdf"),
        ],
        vec![
            "lettre".into(),
            "TAJ".into(),
            "--personne".into(),
            "1".into(),
            "--format".into(),
            "eml".into(),
            "--sortie".into(),
            out("l.eml"),
        ],
        vec![
            "delai".into(),
            "--depuis".into(),
            "2026-01-05".into(),
            "--mois".into(),
            "2".into(),
        ],
        vec!["echeances".into()],
        vec!["export".into(), "--format".into(), "csv".into()],
        vec!["sauvegarde".into(), out("s.age")],
        vec!["verifier".into()],
    ];
    let mut traced = 0;
    for args in &commands {
        let trace = tmp.path().join("trace");
        let status = Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=socket,connect", "-o"])
            .arg(&trace)
            .arg(assert_cmd::cargo::cargo_bin("acces"))
            .args(args)
            .env("ACCES_DATA_DIR", &data)
            .env("ACCES_PASSPHRASE", PASS)
            .output()
            .unwrap();
        assert!(trace.exists(), "strace wrote no trace for {args:?}");
        let bad = inet_lines(&trace);
        assert!(bad.is_empty(), "{args:?} opened a network socket: {bad:?}");
        traced += 1;
        let _ = status;
    }
    eprintln!("{traced} commands traced, 0 network sockets");
}

#[test]
fn the_interface_opens_no_network_socket() {
    if !strace_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let trace = tmp.path().join("trace");
    let mut cmd = portable_pty::CommandBuilder::new("strace");
    cmd.args(["-f", "-qq", "-e", "trace=socket,connect", "-o"]);
    cmd.arg(trace.to_str().unwrap());
    cmd.arg(env!("CARGO_BIN_EXE_acces"));
    cmd.env("ACCES_DATA_DIR", tmp.path().join("d"));
    cmd.env("ACCES_PASSPHRASE", PASS);
    let mut s = Session::spawn(cmd);
    s.wait_for("Que vous arrive-t-il");
    // Catalogue, a fiche, the persons and cases tabs, then quit.
    for keys in ["c", "\r", "\x1b", "p", "d", "g"] {
        s.send(keys);
        std::thread::sleep(Duration::from_millis(300));
    }
    s.send("q");
    let deadline = Instant::now() + Duration::from_secs(30);
    while s.child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = s.child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(trace.exists(), "strace wrote no trace");
    let bad = inet_lines(&trace);
    assert!(
        bad.is_empty(),
        "the interface opened a network socket: {bad:?}"
    );
}
