//! Issue #15, defect 5: SIGTERM, SIGHUP or SIGINT sent to the interface used to leave the
//! terminal in the alternate screen, with mouse reporting on and the cursor hidden. The real
//! binary in a pseudo-terminal, then each signal: the terminal is restored as on a normal
//! exit.

#![cfg(unix)]

use crate::common::pty::Session;

fn run_and_signal(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path());
    s.wait_for("Que vous arrive-t-il ?");
    assert!(
        s.parser.lock().unwrap().screen().alternate_screen(),
        "{signal}: started in the alternate screen"
    );
    let pid = s.child.process_id().unwrap().to_string();
    let ok = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    s.wait_exit(signal);
    let p = s.parser.lock().unwrap();
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
