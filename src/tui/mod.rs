//! The full-screen interface. The only module that imports ratatui and crossterm.
//!
//! Shape: one `App` state changed only by `App::update(Action)`; `ui::render` reads it;
//! `run_loop` is generic over the ratatui backend so tests drive the real app on a
//! `TestBackend`; today's date is injected.
//!
//! Rooms: `app` (global keys, popups, forms' typing, the tab stacks), `ui` (the chrome),
//! `screens/` (one file per screen: its state, its keys, its drawing, over the read-only
//! `context::Context`, asking the app for the rest with an `action::Nav`), `widgets`
//! (what several screens draw), `docs` (long texts: fiche, situation, case, preview),
//! `keys` (the key table), `layout` (where things go), `tracker` (the store's data as the
//! screens need it).

pub mod action;
pub mod app;
pub mod context;
mod docs;
pub mod form;
pub mod keys;
pub mod layout;
pub mod screens;
#[cfg(unix)]
mod signals;
mod text;
pub mod theme;
pub mod tracker;
pub mod ui;
pub mod widgets;

use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::{cursor, execute};

pub use action::{Action, Nav, Tab};
pub use app::{App, Config, StoreAccess};
pub use context::Context;
pub use screens::Screen;
pub use theme::Theme;

use std::path::PathBuf;

use crate::catalogue::Catalogue;
use crate::error::Failure;
use crate::store::{self, LockMode, Passphrase, Store};
use crate::texts::tui as t;

/// What the loop waits for: a terminal event, or nothing for a while (time to check the date).
pub enum Input {
    Event(Event),
    Idle,
}

/// Draws, waits for input, applies it; until the app asks to quit or input ends.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    mut next: impl FnMut() -> io::Result<Option<Input>>,
    today: &dyn Fn() -> NaiveDate,
) -> Result<(), String>
where
    B::Error: std::fmt::Display,
{
    loop {
        terminal
            .draw(|f| ui::render(app, f))
            .map_err(|e| e.to_string())?;
        if app.quit {
            return Ok(());
        }
        match next().map_err(|e| e.to_string())? {
            Some(Input::Event(ev)) => app.handle_event(&ev),
            Some(Input::Idle) => app.update(Action::Today(today())),
            None => return Ok(()),
        }
    }
}

fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Leaves the terminal as it was: mouse and paste modes off, cursor shown, raw mode off,
/// main screen back.
fn restore_terminal() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        cursor::Show
    );
    ratatui::restore();
}

/// Opens the interface on the real terminal, with the tracker's store in `data_dir`.
/// With a passphrase given by file or environment the store is opened (created on first
/// use) behind a first frame saying so; a wrong passphrase restores the terminal and ends
/// with the plain message and exit code. Otherwise the interface asks for it, masked (twice
/// when creating the store).
pub fn run(
    catalogue: Catalogue,
    data_dir: PathBuf,
    scripted: Option<Passphrase>,
) -> Result<(), Failure> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(Failure::invalid(t::NOT_A_TERMINAL));
    }
    let access = match &scripted {
        // Opened below, once the first frame is on screen (key derivation takes a moment).
        Some(_) => StoreAccess::None,
        None => {
            let new_store = !store::exists(&data_dir);
            let dir = data_dir.clone();
            StoreAccess::Locked {
                opener: Box::new(move |p: &Passphrase, create: bool| {
                    store::open(&dir, p, LockMode::Interactive, create)
                        .map(|s| Box::new(s) as Box<dyn Store>)
                }),
                new_store,
            }
        }
    };
    // Letters go to the user's documents folder (or home), not wherever acces was started
    // from: `cargo run` in a source checkout must not drop personal letters into it.
    let letters_dir = directories::UserDirs::new()
        .and_then(|u| {
            u.document_dir()
                .filter(|d| d.is_dir())
                .map(PathBuf::from)
                .or_else(|| Some(u.home_dir().to_path_buf()))
        })
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| data_dir.clone());
    // Our hook runs after ratatui's restore (ratatui::init wraps the existing hook). It says
    // what happened in French, without the panic payload, which could hold personal data.
    std::panic::set_hook(Box::new(|info| {
        let _ = execute!(
            io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste,
            cursor::Show
        );
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(io::stderr(), "{}{place}", t::PANIC);
    }));
    #[cfg(unix)]
    signals::install();
    let mut terminal =
        ratatui::try_init().map_err(|e| Failure::io(t::terminal_failed(&e.to_string())))?;
    if let Err(e) = execute!(io::stdout(), EnableBracketedPaste, EnableMouseCapture) {
        restore_terminal();
        return Err(Failure::io(t::terminal_failed(&e.to_string())));
    }
    let size = terminal
        .size()
        .map(|s| (s.width, s.height))
        .unwrap_or((80, 24));
    let access = match scripted {
        Some(p) => {
            let _ = terminal.draw(|f| {
                f.render_widget(
                    ratatui::text::Line::from(format!(" {}", t::OPENING_STORE)),
                    f.area(),
                );
            });
            match store::open(&data_dir, &p, LockMode::Interactive, true) {
                Ok(s) => StoreAccess::Open(Box::new(s)),
                Err(f) => {
                    restore_terminal();
                    return Err(f);
                }
            }
        }
        None => access,
    };
    let mut app = App::new(Config {
        catalogue,
        today: local_today(),
        theme: Theme::from_env(),
        size,
        store: access,
        letters_dir,
    });
    let result = run_loop(
        &mut terminal,
        &mut app,
        || {
            if event::poll(Duration::from_secs(60))? {
                Ok(Some(Input::Event(event::read()?)))
            } else {
                Ok(Some(Input::Idle))
            }
        },
        &local_today,
    );
    restore_terminal();
    result.map_err(|e| Failure::io(t::terminal_failed(&e)))
}
