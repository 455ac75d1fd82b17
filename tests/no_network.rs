//! Issue #15, defect 10: acces never opens a network socket. CLI commands, and a walk
//! through the interface in a pseudo-terminal, run under `strace -f -e trace=socket`; any
//! AF_INET or AF_INET6 socket fails the test (the local `socketpair` the terminal library
//! uses for signals is not a `socket` call). Skipped, saying why, without strace.

use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const PASS: &str = "phrase de passe d'essai";

fn strace_available() -> bool {
    Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

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
        eprintln!("SKIPPED: strace is not installed (apt-get install strace)");
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
        eprintln!("SKIPPED: strace is not installed (apt-get install strace)");
        return;
    }
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let tmp = tempfile::tempdir().unwrap();
    let trace = tmp.path().join("trace");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new("strace");
    cmd.args(["-f", "-qq", "-e", "trace=socket,connect", "-o"]);
    cmd.arg(trace.to_str().unwrap());
    cmd.arg(env!("CARGO_BIN_EXE_acces"));
    cmd.env("ACCES_DATA_DIR", tmp.path().join("d"));
    cmd.env("ACCES_PASSPHRASE", PASS);
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let screen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let s2 = screen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            s2.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let wait_for = |text: &str| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !screen.lock().unwrap().contains(text) {
            assert!(Instant::now() < deadline, "« {text} » never appeared");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("Que vous arrive-t-il");
    // Catalogue, a fiche, the persons and cases tabs, then quit.
    for keys in ["c", "\r", "\x1b", "p", "d", "g"] {
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(300));
    }
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::mem::forget(pty.master);
    assert!(trace.exists(), "strace wrote no trace");
    let bad = inet_lines(&trace);
    assert!(
        bad.is_empty(),
        "the interface opened a network socket: {bad:?}"
    );
}

use std::io::Write;
