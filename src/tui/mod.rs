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
pub mod plain;
pub mod screens;
#[cfg(unix)]
mod signals;
mod text;
pub mod theme;
pub mod tracker;
pub mod ui;
pub mod widgets;

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::{cursor, execute, terminal};

pub use action::{Action, Nav, Tab};
pub use app::{App, Config, StoreAccess};
pub use context::Context;
pub use screens::Screen;
pub use theme::Theme;

use std::path::PathBuf;

use crate::catalogue::Catalogue;
use crate::error::Failure;
use crate::store::{self, LockMode, Passphrase};
use crate::texts::tui as t;

/// What the loop waits for: a terminal event, or nothing for a while (time to check the date).
pub enum Input {
    Event(Event),
    Idle,
    /// The store opened and read on the worker thread (or why it could not be).
    Loaded(Box<Result<tracker::Data, Failure>>),
    /// Nothing yet from the worker: nothing to draw, keep waiting.
    Nothing,
}

/// Draws, waits for input, applies it; until the app asks to quit or input ends.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    next: impl FnMut() -> io::Result<Option<Input>>,
    today: &dyn Fn() -> NaiveDate,
) -> Result<(), String>
where
    B::Error: std::fmt::Display,
{
    run_loop_with(terminal, app, next, today, |_, _, _| Ok(()))
}

/// `run_loop`, with `drawn` called after each frame with the app, told whether the last key
/// typed a character in a field (the plain line mode prints the frame as text).
fn run_loop_with<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    mut next: impl FnMut() -> io::Result<Option<Input>>,
    today: &dyn Fn() -> NaiveDate,
    mut drawn: impl FnMut(&mut Terminal<B>, &App, bool) -> io::Result<()>,
) -> Result<(), String>
where
    B::Error: std::fmt::Display,
{
    let mut redraw = true;
    let mut typing = false;
    loop {
        if redraw {
            terminal
                .draw(|f| ui::render(app, f))
                .map_err(|e| e.to_string())?;
            drawn(terminal, app, typing).map_err(|e| e.to_string())?;
        }
        if app.quit {
            return Ok(());
        }
        redraw = true;
        typing = false;
        // Letters being written: the next part now, drawn before any key is read.
        if app.busy() {
            app.update(Action::Work);
            continue;
        }
        match next().map_err(|e| e.to_string())? {
            Some(Input::Event(ev)) => {
                typing = matches!(
                    app.action_for(&ev),
                    Some(Action::Input(_) | Action::Backspace)
                );
                app.handle_event(&ev)
            }
            Some(Input::Idle) => app.update(Action::Today(today())),
            Some(Input::Loaded(res)) => app.loaded(*res),
            Some(Input::Nothing) => redraw = false,
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

/// Opens the interface on the real terminal, with the tracker's store in `data_dir` (or the
/// group's shared register `shared`, the volunteer's identity in `data_dir`).
/// With a passphrase given by file or environment the store is opened (created on first
/// use) behind a first frame saying so; a wrong passphrase restores the terminal and ends
/// with the plain message and exit code. Otherwise the interface asks for it, masked (twice
/// when creating the store). `simple`: the plain line mode (see `plain`) instead of the
/// full screen.
pub fn run(
    catalogue: Catalogue,
    data_dir: PathBuf,
    scripted: Option<Passphrase>,
    shared: Option<String>,
    simple: bool,
) -> Result<(), Failure> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(Failure::invalid(t::NOT_A_TERMINAL));
    }
    let shared_register = shared.is_some();
    let access = match &scripted {
        // Opened below, once the first frame is on screen (key derivation takes a moment).
        Some(_) => StoreAccess::None,
        None => {
            let new_store = shared.is_none() && !store::exists(&data_dir);
            let (dir, shared) = (data_dir.clone(), shared.clone());
            StoreAccess::Locked {
                opener: Box::new(move |p: &Passphrase, create: bool| {
                    store::open_boxed(&dir, shared.as_deref(), p, LockMode::Interactive, create)
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
        // The plain mode has no ratatui hook to leave raw mode.
        let _ = terminal::disable_raw_mode();
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
    let size = terminal::size().unwrap_or((80, 24));
    // With a passphrase given (or a key kept by `acces deverrouiller`), the store is opened
    // and read on a worker thread: the home screen is drawn at once, the tracker's tabs
    // follow when the data is there.
    let (access, loading) = match scripted {
        Some(p) => {
            let (tx, rx) = mpsc::channel();
            let (cat, dir, today) = (catalogue.clone(), data_dir.clone(), local_today());
            std::thread::spawn(move || {
                let res =
                    store::open_boxed(&dir, shared.as_deref(), &p, LockMode::Interactive, true)
                        .and_then(|s| tracker::Data::load(s, &cat, today));
                let _ = tx.send(res);
            });
            (StoreAccess::Opening, Some(rx))
        }
        None => (access, None),
    };
    let mut app = App::new(Config {
        catalogue,
        today: local_today(),
        // The plain mode reads the selection from reverse video, the colourless style.
        theme: if simple {
            Theme { color: false }
        } else {
            Theme::from_env()
        },
        size,
        store: access,
        letters_dir,
        data_dir: Some(data_dir.clone()),
    });
    app.cx.shared_register = shared_register;
    let mut loading = loading;
    let next = || {
        // While the worker reads the store, look at its result between short waits.
        if let Some(rx) = &loading {
            if event::poll(Duration::from_millis(20))? {
                return Ok(Some(Input::Event(event::read()?)));
            }
            return Ok(match rx.try_recv() {
                Ok(res) => {
                    loading = None;
                    Some(Input::Loaded(Box::new(res)))
                }
                Err(mpsc::TryRecvError::Empty) => Some(Input::Nothing),
                Err(mpsc::TryRecvError::Disconnected) => {
                    loading = None;
                    Some(Input::Nothing)
                }
            });
        }
        if event::poll(Duration::from_secs(60))? {
            Ok(Some(Input::Event(event::read()?)))
        } else {
            Ok(Some(Input::Idle))
        }
    };
    let result = if simple {
        plain_session(&mut app, next, size)
    } else {
        full_session(&mut app, next)
    };
    // Quitting while the store is still being opened (or created, on first use): let the
    // worker finish, so that the process never ends in the middle of writing a new store.
    if let Some(rx) = loading {
        let _ = rx.recv();
    }
    if let Some(f) = app.fatal.take() {
        return Err(f);
    }
    result
}

/// The full-screen interface: alternate screen, mouse and paste modes; the terminal is put
/// back as it was however the loop ends.
fn full_session(
    app: &mut App,
    next: impl FnMut() -> io::Result<Option<Input>>,
) -> Result<(), Failure> {
    let mut terminal =
        ratatui::try_init().map_err(|e| Failure::io(t::terminal_failed(&e.to_string())))?;
    if let Err(e) = execute!(io::stdout(), EnableBracketedPaste, EnableMouseCapture) {
        restore_terminal();
        return Err(Failure::io(t::terminal_failed(&e.to_string())));
    }
    let result = run_loop(&mut terminal, app, next, &local_today);
    restore_terminal();
    result.map_err(|e| Failure::io(t::terminal_failed(&e)))
}

/// The plain line mode: keys are read as in the full-screen interface, each frame is drawn
/// off screen (ratatui's in-memory backend) and what changed is printed as lines of text.
fn plain_session(
    app: &mut App,
    next: impl FnMut() -> io::Result<Option<Input>>,
    (width, height): (u16, u16),
) -> Result<(), Failure> {
    let failed = |e: &dyn std::fmt::Display| Failure::io(t::terminal_failed(&e.to_string()));
    terminal::enable_raw_mode().map_err(|e| failed(&e))?;
    let mut terminal = match execute!(io::stdout(), EnableBracketedPaste)
        .and_then(|()| Terminal::new(TestBackend::new(width, height)).map_err(io::Error::other))
    {
        Ok(t) => t,
        Err(e) => {
            restore_plain();
            return Err(failed(&e));
        }
    };
    let mut printed: Vec<String> = Vec::new();
    let mut out = io::stdout();
    let result = run_loop_with(
        &mut terminal,
        app,
        next,
        &local_today,
        |term, app, typing| {
            let buf = term.backend().buffer();
            let now = match ui::popup_area(app, (buf.area.width, buf.area.height)) {
                Some(popup) => plain::popup_lines(buf, popup),
                None => plain::frame_lines(buf),
            };
            for line in plain::changes(&printed, &now, typing) {
                write!(out, "{line}\r\n")?;
            }
            printed = now;
            out.flush()?;
            // The next frame follows the window's size, as the full-screen one does.
            if let Ok((w, h)) = terminal::size() {
                let area = term.backend().buffer().area;
                if (w, h) != (area.width, area.height) {
                    term.backend_mut().resize(w, h);
                }
            }
            Ok(())
        },
    );
    restore_plain();
    result.map_err(|e| failed(&e))
}

/// Leaves the plain mode: paste mode and raw mode off.
fn restore_plain() {
    let _ = execute!(io::stdout(), DisableBracketedPaste, cursor::Show);
    let _ = terminal::disable_raw_mode();
}
