//! SIGTERM, SIGHUP and SIGINT while the interface is on screen: the terminal is put back as
//! on a normal exit (main screen, cursor shown, mouse and paste modes off, the terminal's
//! own settings), then the process ends with the signal's usual status. Without this, a
//! `kill` or a closed window left the shell in the alternate screen with mouse reporting
//! on and no cursor.
//!
//! The handler only calls async-signal-safe functions (`write`, `tcsetattr`, `signal`,
//! `raise`); the store needs nothing: every recorded action is already committed, and the
//! OS releases the locks.

#![cfg(unix)]

use std::sync::OnceLock;

/// The terminal's settings before the interface started (raw mode off).
static SAVED: OnceLock<libc::termios> = OnceLock::new();

/// Mouse modes off, bracketed paste off, cursor shown, main screen (what crossterm's
/// commands write on a normal exit).
const RESTORE: &[u8] =
    b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?25h\x1b[?1049l";

extern "C" fn on_signal(sig: libc::c_int) {
    // SAFETY: only async-signal-safe calls, on constant data or data written before the
    // handler was installed.
    unsafe {
        let _ = libc::write(libc::STDOUT_FILENO, RESTORE.as_ptr().cast(), RESTORE.len());
        if let Some(t) = SAVED.get() {
            let _ = libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t);
        }
        // The default action now: the process ends as killed by `sig`.
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

/// Saves the terminal's settings and installs the handlers. Call before entering raw mode.
pub fn install() {
    // SAFETY: plain libc calls on a zeroed termios and a valid handler function.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut t) == 0 {
            let _ = SAVED.set(t);
        }
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_signal as *const () as usize;
        libc::sigemptyset(&mut action.sa_mask);
        for sig in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT, libc::SIGQUIT] {
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}
