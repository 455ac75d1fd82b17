//! Issue #15, defect 5: SIGTERM, SIGHUP or SIGINT sent to the interface used to leave the
//! terminal in the alternate screen, with mouse reporting on and the cursor hidden. The real
//! binary in a pseudo-terminal, then each signal: the terminal is restored as on a normal
//! exit.

#![cfg(unix)]

use std::io::Read;
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn run_and_signal(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_acces"));
    cmd.env("ACCES_DATA_DIR", dir.path());
    cmd.env("ACCES_PASSPHRASE", "correct horse battery staple");
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).expect("spawn acces");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("pty reader");
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
    let deadline = Instant::now() + Duration::from_secs(30);
    while !parser
        .lock()
        .unwrap()
        .screen()
        .contents()
        .contains("Que vous arrive-t-il ?")
    {
        assert!(Instant::now() < deadline, "the interface never appeared");
        std::thread::sleep(Duration::from_millis(50));
    }
    {
        let p = parser.lock().unwrap();
        assert!(
            p.screen().alternate_screen(),
            "{signal}: started in the alternate screen"
        );
    }
    let pid = child.process_id().unwrap().to_string();
    let ok = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "{signal}: acces did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let p = parser.lock().unwrap();
    assert!(
        !p.screen().alternate_screen(),
        "{signal}: alternate screen left"
    );
    assert!(!p.screen().hide_cursor(), "{signal}: cursor shown again");
    assert_eq!(
        p.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "{signal}: mouse reporting off"
    );
    assert!(
        !p.screen().bracketed_paste(),
        "{signal}: bracketed paste off"
    );
    std::mem::forget(pty.master);
}

#[test]
fn sigterm_restores_the_terminal() {
    run_and_signal("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    run_and_signal("HUP");
}

#[test]
fn sigint_restores_the_terminal() {
    run_and_signal("INT");
}
