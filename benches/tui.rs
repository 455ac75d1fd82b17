//! Timings of the full-screen interface on a TestBackend (prints, asserts nothing).
//!
//! cargo bench --bench tui
//!
//! - start to first frame: embedded catalogue loaded, app built, first frame drawn (without
//!   the store, and with a 10,000-case store opened with its passphrase and loaded);
//! - one frame of each screen at 80×24 and 120×40, the tracker's screens on the tracker's
//!   10,000-case dataset (the generator of `benches/store.rs`: 10,000 persons, 10,000
//!   cases, 50,000 events);
//! - a key that re-sorts or re-filters the Dossiers table, then its frame;
//! - the real binary in a pseudo-terminal: 100 tab keys, each until its screen shows (p99;
//!   also on another store with `ACCES_BENCH_STORE` and `ACCES_BENCH_PASS`).
//!
//! Targets (issue #6): a frame under 8 ms, the first frame under 50 ms.

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use acces::catalogue::Catalogue;
use acces::store::{self, LockMode, Passphrase, Store};
use acces::tui::keys::parse_key_string;
use acces::tui::{App, Config, StoreAccess, Theme, ui};

#[path = "dataset/mod.rs"]
mod dataset;
// The pseudo-terminal the integration tests use; the bench uses only its opening.
#[allow(dead_code)]
#[path = "../tests/common/pty.rs"]
mod pty;
use chrono::NaiveDate;
use dataset::{CASES, EVENTS, PERSONS, generate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::Event as TermEvent;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn new_app(size: (u16, u16)) -> App {
    app_on(size, StoreAccess::None)
}

fn app_on(size: (u16, u16), store: StoreAccess) -> App {
    App::new(Config {
        catalogue: Catalogue::embedded().expect("embedded catalogue"),
        today: today(),
        theme: Theme { color: true },
        size,
        store,
        letters_dir: std::env::temp_dir(),
        data_dir: None,
    })
}

fn keys(app: &mut App, s: &str) {
    for k in parse_key_string(s).unwrap() {
        app.handle_event(&TermEvent::Key(k));
    }
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let median = samples[samples.len() / 2];
    let p95 = samples[samples.len() * 95 / 100];
    let max = samples[samples.len() - 1];
    println!(
        "{name:<44} median {:>8.3} ms   p95 {:>8.3} ms   max {:>8.3} ms   ({} runs)",
        median.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        samples.len()
    );
}

fn first_frame() {
    let mut samples = Vec::new();
    for _ in 0..30 {
        let start = Instant::now();
        let app = new_app((80, 24));
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| ui::render(&app, f)).unwrap();
        samples.push(start.elapsed());
        black_box(term.backend());
    }
    report("start to first frame (80x24)", samples);
}

fn frames(name: &str, script: &str) {
    frames_on(name, script, &|size| new_app(size));
}

fn frames_on(name: &str, script: &str, make: &dyn Fn((u16, u16)) -> App) {
    for size in [(80u16, 24u16), (120, 40)] {
        let mut app = make(size);
        keys(&mut app, script);
        let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        let mut samples = Vec::new();
        for _ in 0..200 {
            let start = Instant::now();
            term.draw(|f| ui::render(&app, f)).unwrap();
            samples.push(start.elapsed());
        }
        report(&format!("frame: {name} ({}x{})", size.0, size.1), samples);
    }
}

fn pass() -> Passphrase {
    Passphrase::new("banc d'essai")
}

fn open(dir: &std::path::Path) -> Box<dyn Store> {
    Box::new(store::open(dir, &pass(), LockMode::Command, true).expect("store"))
}

/// Time for a key that changes the Dossiers table (filter, sort), with the frame after it.
fn key_then_frame(name: &str, dir: &std::path::Path, setup: &str, key: &str) {
    let size = (120, 40);
    let mut app = app_on(size, StoreAccess::Open(open(dir)));
    keys(&mut app, setup);
    let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    let mut samples = Vec::new();
    for _ in 0..30 {
        let start = Instant::now();
        keys(&mut app, key);
        term.draw(|f| ui::render(&app, f)).unwrap();
        samples.push(start.elapsed());
    }
    report(&format!("key + frame: {name} (120x40)"), samples);
}

/// The real binary running in a pseudo-terminal of 24 × 80: each chunk it writes arrives on
/// `output` as it comes (not `pty::Session`, so that a screen shown for a few milliseconds,
/// such as « Ouverture… », is not missed), keys go through `keys`.
struct Spawned {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    keys: Box<dyn std::io::Write + Send>,
    output: std::sync::mpsc::Receiver<Vec<u8>>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    screen: vt100::Parser,
}

impl Spawned {
    fn start(data_dir: &std::path::Path, passphrase: Option<&str>) -> Spawned {
        use std::io::Read;
        let pty = pty::open();
        let mut cmd = pty::command(data_dir, passphrase);
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let keys = pty.master.take_writer().expect("writer");
        let (tx, output) = std::sync::mpsc::channel::<Vec<u8>>();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let screen = vt100::Parser::new(
            std::num::NonZeroU16::new(24).unwrap(),
            std::num::NonZeroU16::new(80).unwrap(),
            0,
        );
        Spawned {
            child,
            keys,
            output,
            master: pty.master,
            screen,
        }
    }

    /// Reads what came for up to `wait`; returns the screen's text.
    fn read(&mut self, wait: Duration) -> String {
        if let Ok(bytes) = self.output.recv_timeout(wait) {
            self.screen.process(&bytes);
        }
        self.screen.screen().contents()
    }

    /// Whether `text` shows within 10 s.
    fn wait_for(&mut self, text: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.screen.screen().contents().contains(text) {
                return true;
            }
            self.read(Duration::from_millis(5));
        }
        false
    }

    fn stop(mut self, key: &[u8]) {
        let _ = self.keys.write_all(key);
        let _ = self.child.wait();
        drop(self.master);
    }
}

/// The real binary in a pseudo-terminal: time from spawning it until `text` is on screen.
/// Returns None if it never shows within 20 s.
fn binary_until(
    data_dir: &std::path::Path,
    passphrase: Option<&str>,
    texts: &[&str],
) -> Vec<Option<Duration>> {
    let start = Instant::now();
    let mut bin = Spawned::start(data_dir, passphrase);
    let mut found = vec![None; texts.len()];
    let deadline = Instant::now() + Duration::from_secs(20);
    while found.iter().any(Option::is_none) && Instant::now() < deadline {
        let screen = bin.read(Duration::from_millis(20));
        for (i, t) in texts.iter().enumerate() {
            if found[i].is_none() && screen.contains(t) {
                found[i] = Some(start.elapsed());
            }
        }
    }
    bin.stop(b"\x03");
    found
}

/// The real binary in a pseudo-terminal, its store opened: `presses` tab keys (Dossiers,
/// Échéances, Accueil in turn), each timed from writing the key until its screen is shown.
/// Returns None when a screen never showed within 10 s.
fn binary_tab_keys(
    data_dir: &std::path::Path,
    passphrase: &str,
    presses: usize,
) -> Option<Vec<Duration>> {
    let mut bin = Spawned::start(data_dir, Some(passphrase));
    let mut samples = Vec::with_capacity(presses);
    let home = bin.wait_for("Que vous arrive-t-il");
    std::thread::sleep(Duration::from_millis(500));
    let screens = [
        (b"d", "Statut : tous (f)"),
        (b"e", "En retard ("),
        (b"a", "Que vous arrive-t-il"),
    ];
    if home {
        for i in 0..presses {
            let (key, text) = screens[i % screens.len()];
            let start = Instant::now();
            bin.keys.write_all(key).expect("key");
            if !bin.wait_for(text) {
                samples.clear();
                break;
            }
            samples.push(start.elapsed());
        }
    }
    bin.stop(b"q");
    (samples.len() == presses).then_some(samples)
}

fn tab_keys_report(name: &str, samples: Option<Vec<Duration>>) {
    match samples {
        Some(mut s) => {
            s.sort();
            let p99 = s[(s.len() * 99).div_ceil(100).saturating_sub(1)];
            println!(
                "{name:<44} median {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms   ({} presses)",
                s[s.len() / 2].as_secs_f64() * 1e3,
                p99.as_secs_f64() * 1e3,
                s[s.len() - 1].as_secs_f64() * 1e3,
                s.len()
            );
        }
        None => println!("{name:<44} a screen never showed"),
    }
}

fn binary_report(name: &str, runs: Vec<Option<Duration>>) {
    let ok: Vec<Duration> = runs.iter().flatten().copied().collect();
    if ok.len() == runs.len() {
        report(name, ok);
    } else {
        println!(
            "{name:<44} not seen in {} of {} runs",
            runs.len() - ok.len(),
            runs.len()
        );
    }
}

fn main() {
    first_frame();
    frames("accueil", "");
    frames("situation", "<Enter>");
    frames("catalogue", "c");
    frames("fiche TAJ", "c/taj<Enter><Enter>");

    let cat = Catalogue::embedded().expect("embedded catalogue");
    let dir = tempfile::tempdir().expect("temporary directory");
    let t = Instant::now();
    {
        let mut s = open(dir.path());
        s.import(&generate(&cat), false).expect("import");
    }
    println!(
        "(dataset: {PERSONS} persons, {CASES} cases, {EVENTS} events imported in {:.0} ms)",
        t.elapsed().as_secs_f64() * 1e3
    );

    let mut samples = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let app = app_on((80, 24), StoreAccess::Open(open(dir.path())));
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| ui::render(&app, f)).unwrap();
        samples.push(start.elapsed());
        black_box(term.backend());
        drop(app);
    }
    report("store opened + 10k cases loaded + first frame", samples);

    let tracker = |size| app_on(size, StoreAccess::Open(open(dir.path())));
    frames_on("Dossiers, 10k cases", "d", &tracker);
    frames_on("Dossiers, 10k cases, end of table", "dG", &tracker);
    frames_on("Échéances, 10k cases", "e", &tracker);
    frames_on("Statistiques, 10k cases", "s<Left><Left>", &tracker);
    frames_on("Dossier (one case)", "d<Enter>", &tracker);
    frames_on("Personnes, 10k persons", "p", &tracker);
    // The real binary (release build of this bench), from spawn to what the screen shows.
    let mut prompt = Vec::new();
    for _ in 0..10 {
        let empty = tempfile::tempdir().expect("temporary directory");
        prompt.extend(binary_until(empty.path(), None, &["Créer votre registre"]));
    }
    binary_report("binary: spawn to first frame (prompt)", prompt);
    let (mut opening, mut accueil) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let got = binary_until(
            dir.path(),
            Some("banc d'essai"),
            &["Ouverture du registre", "Que vous arrive-t-il"],
        );
        opening.push(got[0]);
        accueil.push(got[1]);
    }
    binary_report("binary, 10k store: first frame", opening);
    binary_report("binary, 10k store: store open, Accueil shown", accueil);

    tab_keys_report(
        "binary, 10k store: tab key to its screen",
        binary_tab_keys(dir.path(), "banc d'essai", 100),
    );
    // Another store, e.g. 100,000 cases made with benches/compare/gen_dataset.py and
    // `acces import`: ACCES_BENCH_STORE=DIR ACCES_BENCH_PASS=PHRASE cargo bench --bench tui
    if let (Ok(other), Ok(phrase)) = (
        std::env::var("ACCES_BENCH_STORE"),
        std::env::var("ACCES_BENCH_PASS"),
    ) {
        tab_keys_report(
            "binary, ACCES_BENCH_STORE: tab key to its screen",
            binary_tab_keys(std::path::Path::new(&other), &phrase, 100),
        );
    }

    key_then_frame("Dossiers re-sort", dir.path(), "d", "o");
    key_then_frame("Dossiers status filter", dir.path(), "d", "f");
    // Changing tab re-reads the store (so CLI changes show up): the worst case of a key.
    key_then_frame(
        "two tab changes, each re-reading the store",
        dir.path(),
        "d",
        "ed",
    );
}
