//! The full-screen interface driven on a TestBackend: snapshots of every screen at 80×24
//! and 120×40 on a fixture catalogue, key-sequence walks, colours and NO_COLOR.

use acces::catalogue::{Catalogue, SourceFile};
use acces::tui::keys::parse_key_string;
use acces::tui::{App, Config, Input, StoreAccess, Theme, run_loop, ui};
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn fixture_catalogue() -> Catalogue {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalogue");
    let files: Vec<SourceFile> = acces::fsio::read_catalogue_dir(&dir).expect("fixture dir");
    Catalogue::from_files(&files).expect("fixture catalogue is valid")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn app(size: (u16, u16)) -> App {
    App::new(Config {
        catalogue: fixture_catalogue(),
        today: today(),
        theme: Theme { color: true },
        size,
        store: StoreAccess::None,
        letters_dir: std::env::temp_dir(),
    })
}

/// Sends a key string (`"c/taj<Enter>"`) to the app.
fn keys(app: &mut App, s: &str) {
    for k in parse_key_string(s).expect("valid key string") {
        app.handle_event(&Event::Key(k));
    }
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(app.cx.size.0, app.cx.size.1)).unwrap();
    term.draw(|f| ui::render(app, f)).unwrap();
    term
}

/// Snapshots the screen reached by `script` at both sizes.
fn snap(name: &str, script: &str) {
    for size in SIZES {
        let mut a = app(size);
        keys(&mut a, script);
        let term = draw(&a);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), term.backend());
    }
}

fn text_of(term: &Terminal<TestBackend>) -> String {
    term.backend().to_string()
}

#[test]
fn accueil() {
    snap("accueil", "");
}

#[test]
fn accueil_second_situation() {
    snap("accueil_second", "j");
}

#[test]
fn situation_page() {
    snap("situation", "<Enter>");
}

#[test]
fn situation_page_last_step_selected() {
    snap("situation_last", "<Enter>jjjjjj");
}

#[test]
fn catalogue_list() {
    snap("catalogue", "c");
}

#[test]
fn catalogue_search_typing() {
    snap("catalogue_search", "c/enqu");
}

#[test]
fn catalogue_regime_filter() {
    snap("catalogue_regime", "crr");
}

#[test]
fn catalogue_nothing_found() {
    snap("catalogue_empty", "c/zzz<Enter>");
}

#[test]
fn fiche_top() {
    snap("fiche_taj", "c/taj<Enter><Enter>");
}

#[test]
fn fiche_low_confidence() {
    snap("fiche_easp", "c<Enter>");
}

#[test]
fn fiche_opened_from_a_situation_shows_the_route() {
    snap("fiche_from_situation", "<Enter>jf");
}

#[test]
fn help_on_the_catalogue() {
    snap("help_catalogue", "c?");
}

#[test]
fn help_on_the_accueil() {
    snap("help_accueil", "?");
}

#[test]
fn too_small_a_window_says_so() {
    let mut a = app((30, 8));
    keys(&mut a, "c");
    let term = draw(&a);
    insta::assert_snapshot!("too_small", term.backend());
}

#[test]
fn escape_goes_back_and_tabs_remember_where_one_was() {
    let mut a = app((80, 24));
    keys(&mut a, "<Enter>jf");
    assert!(text_of(&draw(&a)).contains("Catalogue › TAJ"));
    keys(&mut a, "<Esc>");
    assert!(text_of(&draw(&a)).contains("démarche 2 sur 3"));
    keys(&mut a, "c/easp<Enter>a");
    assert!(text_of(&draw(&a)).contains("démarche 2 sur 3"));
    keys(&mut a, "c");
    assert!(text_of(&draw(&a)).contains("« easp »"));
    keys(&mut a, "<Esc>");
    assert!(text_of(&draw(&a)).contains("3 fiches"));
}

#[test]
fn fiche_scrolls_and_stops_at_the_end() {
    let mut a = app((80, 24));
    keys(&mut a, "c/taj<Enter><Enter>");
    keys(&mut a, "jjj");
    assert!(text_of(&draw(&a)).contains("ligne 4 sur"));
    keys(&mut a, "G");
    let end = text_of(&draw(&a));
    keys(&mut a, "j<PgDn>");
    assert_eq!(
        text_of(&draw(&a)),
        end,
        "scrolling past the end moves nothing"
    );
    keys(&mut a, "g");
    assert!(text_of(&draw(&a)).contains("ligne 1 sur"));
}

#[test]
fn quit_from_anywhere_without_a_form_quits_at_once() {
    let mut a = app((80, 24));
    keys(&mut a, "c<Enter>q");
    assert!(a.quit);
    let mut a = app((80, 24));
    keys(&mut a, "<C-c>");
    assert!(a.quit);
}

#[test]
fn typing_a_search_takes_every_letter() {
    let mut a = app((80, 24));
    keys(&mut a, "c/qa?");
    assert!(!a.quit);
    assert!(text_of(&draw(&a)).contains("Chercher : qa?"));
}

#[test]
fn pasting_into_the_search() {
    let mut a = app((80, 24));
    keys(&mut a, "c/");
    a.handle_event(&Event::Paste("suspicion\n".into()));
    keys(&mut a, "<Enter>");
    let screen = text_of(&draw(&a));
    assert!(screen.contains("FT-SUSPICION"));
    assert!(screen.contains("1 fiche sur 3"));
}

#[test]
fn mouse_click_selects_then_opens_and_tab_bar_switches() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let click = |col, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let mut a = app((80, 24));
    let (_, x, _) = acces::tui::layout::tabs(a.cx.size)[1];
    a.handle_event(&click(x + 1, 0));
    let list = acces::tui::layout::catalogue_list(a.cx.size);
    a.handle_event(&click(list.x + 3, list.y + 2));
    assert!(text_of(&draw(&a)).contains("▶ TAJ"));
    a.handle_event(&click(list.x + 3, list.y + 2));
    assert!(text_of(&draw(&a)).contains("Catalogue › TAJ"));
    a.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row: 10,
        modifiers: KeyModifiers::NONE,
    }));
    assert!(text_of(&draw(&a)).contains("ligne 4 sur"));
}

#[test]
fn resize_keeps_the_screen_usable() {
    let mut a = app((120, 40));
    keys(&mut a, "c/taj<Enter><Enter>G");
    a.handle_event(&Event::Resize(80, 24));
    let small = text_of(&draw(&a));
    assert!(small.contains("Catalogue › TAJ"));
    a.handle_event(&Event::Resize(200, 60));
    assert!(text_of(&draw(&a)).contains("Catalogue › TAJ"));
}

#[test]
fn low_confidence_is_yellow_with_colour_and_marked_in_text_without() {
    for color in [true, false] {
        let mut a = app((80, 24));
        a.cx.theme = Theme { color };
        keys(&mut a, "c<Enter>");
        let term = draw(&a);
        let buf = term.backend().buffer();
        let text = text_of(&term);
        assert!(text.contains("⚠ confiance faible, à revérifier"));
        let (x, y) = find(buf, "⚠ confiance faible").expect("marker on screen");
        let fg = buf[(x, y)].fg;
        if color {
            assert_eq!(fg, Color::Yellow);
        } else {
            assert_eq!(fg, Color::Reset);
            for cell in buf.content() {
                assert_eq!(cell.fg, Color::Reset, "no colour under NO_COLOR");
                assert!(cell.bg == Color::Reset, "no background under NO_COLOR");
            }
        }
    }
}

fn find(buf: &ratatui::buffer::Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(byte) = row.find(needle) {
            let col = row[..byte].chars().count() as u16;
            return Some((col, y));
        }
    }
    None
}

#[test]
fn the_generic_loop_runs_the_app_on_a_test_backend() {
    let mut a = app((80, 24));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut script: Vec<Input> = parse_key_string("c/taj<Enter><Enter>")
        .unwrap()
        .into_iter()
        .map(|k| Input::Event(Event::Key(k)))
        .collect();
    script.push(Input::Idle);
    script.push(Input::Event(Event::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::NONE,
    ))));
    let mut script = script.into_iter();
    let later = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    run_loop(&mut term, &mut a, || Ok(script.next()), &|| later).unwrap();
    assert!(a.quit);
    assert_eq!(a.cx.today, later, "an idle turn picks up the new date");
    let screen = text_of(&term);
    assert!(screen.contains("Catalogue › TAJ"));
    assert!(screen.contains("29/11/2026"));
}
