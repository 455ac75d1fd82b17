//! The real binary in a pseudo-terminal: it starts, opens the catalogue and the TAJ fiche,
//! quits, and leaves the terminal as it found it (main screen, cursor shown).

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(data_dir: &std::path::Path) -> Session {
        Session::start_with(data_dir, Some("correct horse battery staple"))
    }

    fn start_with(data_dir: &std::path::Path, passphrase: Option<&str>) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_acces"));
        cmd.env("ACCES_DATA_DIR", data_dir);
        match passphrase {
            Some(p) => cmd.env("ACCES_PASSPHRASE", p),
            None => cmd.env_remove("ACCES_PASSPHRASE"),
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).expect("spawn acces");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(24).unwrap(),
            NonZeroU16::new(80).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        // Keep the master alive as long as the session (dropping it hangs up the child).
        std::mem::forget(pty.master);
        Session {
            parser,
            raw,
            writer,
            child,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("« {text} » never appeared; screen:\n{}", self.screen());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }
}

#[test]
fn opens_the_catalogue_and_taj_then_quits_restoring_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path());
    s.wait_for("Que vous arrive-t-il ?");
    s.send("c");
    s.wait_for("Catalogue des fichiers");
    s.send("/taj");
    s.wait_for("Chercher : taj");
    s.send("\r");
    s.wait_for("1 fiche sur");
    s.send("\r");
    s.wait_for("Catalogue › TAJ");
    s.wait_for("Traitement d’antécédents judiciaires");
    s.send("q");

    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(Instant::now() < deadline, "acces did not quit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    // Let the reader thread drain the last bytes.
    std::thread::sleep(Duration::from_millis(200));
    let parser = s.parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen(), "alternate screen left");
    assert!(!parser.screen().hide_cursor(), "cursor shown again");
    let raw = s.raw.lock().unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.contains("\x1b[?1049h"), "the alternate screen was used");
    assert!(raw.contains("\x1b[?1049l"), "and left");
    assert!(raw.contains("\x1b[?2004l"), "bracketed paste turned off");
    assert!(
        acces::store::exists(dir.path()),
        "the store was created in the temporary data directory"
    );
}

#[test]
fn without_a_scripted_passphrase_it_asks_twice_masked_then_opens() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start_with(dir.path(), None);
    s.wait_for("Créer votre registre");
    s.send("tournesol bleu\r");
    s.send("tournesol bleu\r");
    s.wait_for("Que vous arrive-t-il ?");
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    assert!(!raw.contains("tournesol"), "the passphrase is never echoed");
    s.send("p");
    s.wait_for("Aucune personne pour l'instant");
    s.send("q");
    let deadline = Instant::now() + Duration::from_secs(30);
    while s.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "acces did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(acces::store::exists(dir.path()));
}

#[test]
fn without_a_terminal_it_refuses_in_french() {
    let dir = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("acces")
        .unwrap()
        .env("ACCES_DATA_DIR", dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "L'interface plein écran a besoin d'un terminal",
        ));
}

#[test]
fn a_wrong_scripted_passphrase_restores_the_terminal_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    drop(
        acces::store::open(
            dir.path(),
            &acces::store::Passphrase::new("la bonne"),
            acces::store::LockMode::Command,
            true,
        )
        .unwrap(),
    );
    let mut s = Session::start_with(dir.path(), Some("la mauvaise"));
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(Instant::now() < deadline, "acces did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.exit_code(), 3);
    std::thread::sleep(Duration::from_millis(200));
    let parser = s.parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen());
    assert!(!parser.screen().hide_cursor());
    assert!(
        parser
            .screen()
            .contents()
            .contains("Phrase de passe incorrecte"),
        "{}",
        parser.screen().contents()
    );
}
