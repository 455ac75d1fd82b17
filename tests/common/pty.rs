//! The real binary in a pseudo-terminal of 24 × 80, read through a terminal emulator
//! (vt100): what the screen shows, and every byte the binary wrote.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, ExitStatus, PtySize, native_pty_system};

/// The passphrase a session gives through `ACCES_PASSPHRASE` unless told otherwise.
pub const PTY_PASS: &str = "correct horse battery staple";

pub struct Session {
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

/// The binary on the store in `data_dir`, its passphrase given by the environment or not.
pub fn command(data_dir: &Path, passphrase: Option<&str>) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_acces"));
    cmd.env("ACCES_DATA_DIR", data_dir);
    match passphrase {
        Some(p) => cmd.env("ACCES_PASSPHRASE", p),
        None => cmd.env_remove("ACCES_PASSPHRASE"),
    }
    cmd
}

/// A pseudo-terminal of 24 × 80 (the benchmark in `benches/tui.rs` opens it too).
pub fn open() -> portable_pty::PtyPair {
    native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty")
}

impl Session {
    /// The interface on the store in `data_dir`, its passphrase given by the environment.
    pub fn start(data_dir: &Path) -> Session {
        Session::start_with(data_dir, Some(PTY_PASS))
    }

    /// The interface on the store in `data_dir`; without a passphrase it asks for one.
    pub fn start_with(data_dir: &Path, passphrase: Option<&str>) -> Session {
        Session::spawn(command(data_dir, passphrase))
    }

    /// Runs `cmd` (the binary, or a tracer running it) in the terminal.
    pub fn spawn(mut cmd: CommandBuilder) -> Session {
        let pty = open();
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

    /// What the screen shows now.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits (60 s at most: a traced binary is slow) until the screen shows `text`.
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("« {text} » never appeared; screen:\n{}", self.screen());
    }

    /// Types `keys`.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits (30 s at most) until the binary exits, then lets the reader take its last bytes.
    pub fn wait_exit(&mut self, what: &str) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                break st;
            }
            assert!(Instant::now() < deadline, "{what}: acces did not stop");
            std::thread::sleep(Duration::from_millis(50));
        };
        std::thread::sleep(Duration::from_millis(200));
        status
    }
}
