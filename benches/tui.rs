//! Timings of the full-screen interface on a TestBackend (prints, asserts nothing).
//!
//! cargo bench --bench tui
//!
//! - start to first frame: embedded catalogue loaded, app built, first frame drawn;
//! - one frame of each catalogue screen at 80×24 and 120×40.
//!
//! Targets (issue #6): a frame under 8 ms, the first frame under 50 ms.

use std::hint::black_box;
use std::time::{Duration, Instant};

use acces::catalogue::Catalogue;
use acces::tui::keys::parse_key_string;
use acces::tui::{App, Config, StoreAccess, Theme, ui};
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::Event;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn new_app(size: (u16, u16)) -> App {
    App::new(Config {
        catalogue: Catalogue::embedded().expect("embedded catalogue"),
        today: today(),
        theme: Theme { color: true },
        size,
        store: StoreAccess::None,
        letters_dir: std::env::temp_dir(),
    })
}

fn keys(app: &mut App, s: &str) {
    for k in parse_key_string(s).unwrap() {
        app.handle_event(&Event::Key(k));
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
    for size in [(80u16, 24u16), (120, 40)] {
        let mut app = new_app(size);
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

fn main() {
    first_frame();
    frames("accueil", "");
    frames("situation", "<Enter>");
    frames("catalogue", "c");
    frames("fiche TAJ", "c/taj<Enter><Enter>");
}
