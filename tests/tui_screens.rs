//! The full-screen interface driven on a TestBackend: snapshots of every screen at 80×24
//! and 120×40 on a fixture catalogue, key-sequence walks, colours and NO_COLOR.

use crate::common;

use acces::tui::keys::parse_key_string;
use acces::tui::{App, Input, StoreAccess, Theme, run_loop};
use chrono::NaiveDate;
use common::{SIZES, app_on, draw, keys};
use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

/// The app without a store.
fn app(size: (u16, u16)) -> App {
    app_on(size, StoreAccess::None, std::env::temp_dir())
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

/// The « À savoir » notes after the last step: End reaches them (they were out of reach).
#[test]
fn situation_notes_reached_with_end() {
    snap("situation_notes", "<Enter>G");
    for size in SIZES {
        let mut a = app(size);
        keys(&mut a, "<Enter>G");
        let shown = text_of(&draw(&a));
        // The last note's source, the document's last line.
        assert!(shown.contains("pjpmlqf9hq9"), "{shown}");
        // Up from the notes comes back to the steps.
        keys(&mut a, "g");
        assert!(text_of(&draw(&a)).contains("▶"));
    }
}

/// The help scrolled to its end: how it works and what the statuses mean, not only keys.
#[test]
fn help_explains_the_flow_and_the_statuses() {
    snap("help_end", "?G");
    let mut a = app((80, 24));
    keys(&mut a, "?G");
    let shown = text_of(&draw(&a));
    assert!(shown.contains("à vous d'agir"), "{shown}");
}

/// The status line never runs two hints together, at any width.
#[test]
fn the_status_line_keeps_words_apart() {
    for w in 60..=140 {
        for script in ["", "<Enter>", "c", "c<Enter>", "c/"] {
            let mut a = app((w, 24));
            keys(&mut a, script);
            let shown = text_of(&draw(&a));
            let status = shown.lines().nth(22).unwrap_or_default();
            for glued in [
                "retour?",
                "retour ?",
                "filtre?",
                "fiche?",
                "aide?",
                "q quitter?",
            ] {
                assert!(!status.contains(glued), "{w}: {status}");
            }
            assert!(
                !status.contains("r?") && !status.contains("e?"),
                "{w}: {status}"
            );
        }
    }
}

/// The key column of the help never touches the action (« Retour arrièreeffacer »).
#[test]
fn help_keys_stand_apart_from_their_actions() {
    let mut a = app((80, 24));
    keys(&mut a, "c/<F1>");
    let shown = text_of(&draw(&a));
    assert!(shown.contains("Retour arrière  effacer"), "{shown}");
}

/// The terminal's own cursor sits on the selected row (screen readers and braille follow
/// it), and at the caret while typing a search.
#[test]
fn the_terminal_cursor_follows_the_selection_and_the_caret() {
    let mut a = app((80, 24));
    keys(&mut a, "c");
    let mut term = draw(&a);
    let at = |term: &mut Terminal<TestBackend>| term.backend_mut().get_cursor_position().unwrap();
    let first = at(&mut term);
    keys(&mut a, "j");
    let mut term = draw(&a);
    let second = at(&mut term);
    assert_eq!((second.x, second.y), (first.x, first.y + 1));
    let row: String = text_of(&term)
        .lines()
        .nth(usize::from(second.y))
        .unwrap()
        .into();
    assert!(row.contains("▶"), "{row}");
    keys(&mut a, "/enq");
    let mut term = draw(&a);
    let caret = at(&mut term);
    let line: String = text_of(&term)
        .lines()
        .nth(usize::from(caret.y))
        .unwrap()
        .into();
    // The cursor is just after what was typed.
    let before: String = line
        .trim_start_matches('"')
        .chars()
        .take(usize::from(caret.x))
        .collect();
    assert!(before.ends_with("enq"), "{line:?} {caret:?}");
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

/// The plain line mode (`acces --simple`, for screen readers) prints the same screens as
/// lines of text: no box drawing, the chosen tab and row between brackets; moving the
/// selection prints only the lines that changed; another tab prints the whole screen.
#[test]
fn the_plain_mode_prints_the_screens_as_text() {
    use acces::tui::plain::{changes, frame_lines};
    let mut a = app((80, 24));
    a.cx.theme = Theme { color: false };
    let home = frame_lines(draw(&a).backend().buffer());
    assert!(
        home.iter()
            .flat_map(|l| l.chars())
            .all(|c| !('\u{2500}'..='\u{259F}').contains(&c)),
        "{home:#?}"
    );
    assert!(
        home.iter().any(|l| l == "Que vous arrive-t-il ?"),
        "{home:#?}"
    );
    assert!(home[0].contains("[a Accueil]"), "{home:#?}");
    assert!(home.iter().all(|l| l.trim() == l && !l.contains("   ")));

    // The catalogue's rows: the selected one is bracketed, and « j » moves it.
    keys(&mut a, "c");
    let catalogue = frame_lines(draw(&a).backend().buffer());
    let printed = changes(&home, &catalogue, false);
    assert_eq!(
        printed.first().map(String::as_str),
        Some(""),
        "a new screen"
    );
    assert_eq!(&printed[1..], &catalogue[..]);
    let selected: Vec<&String> = catalogue
        .iter()
        .filter(|l| l.starts_with('[') && !l.contains("Accueil"))
        .collect();
    assert_eq!(selected.len(), 1, "{catalogue:#?}");
    keys(&mut a, "j");
    let moved = frame_lines(draw(&a).backend().buffer());
    let printed = changes(&catalogue, &moved, false);
    assert!(!printed.is_empty() && printed.len() <= 3, "{printed:#?}");
    assert!(printed.iter().any(|l| l.starts_with('[')), "{printed:#?}");
    assert!(
        !printed.contains(selected[0]),
        "the old selection is not printed as selected"
    );
}

/// While the store opens behind the first frame, the home screen is already whole (its
/// title, its situations) and the opening is said beside the title, at 80×24 too.
#[test]
fn the_home_screen_does_not_wait_for_the_store() {
    for size in SIZES {
        let a = app_on(size, StoreAccess::Opening, std::env::temp_dir());
        let text = text_of(&draw(&a));
        assert!(text.contains("Que vous arrive-t-il ?"), "{text}");
        assert!(text.contains("Ouverture du registre chiffré…"), "{text}");
        assert!(text.contains("On m’a refusé une accréditation"), "{text}");
    }
}

/// A popup in the plain mode is printed alone, then the keys' line: what is behind it would
/// be read mixed with it.
#[test]
fn the_plain_mode_prints_a_popup_alone() {
    use acces::tui::plain::popup_lines;
    use acces::tui::ui::popup_area;
    let mut a = app((80, 24));
    a.cx.theme = Theme { color: false };
    assert!(popup_area(&a, (80, 24)).is_none());
    keys(&mut a, "?");
    let term = draw(&a);
    let area = popup_area(&a, (80, 24)).expect("the help is a popup");
    let lines = popup_lines(term.backend().buffer(), area);
    assert!(lines[0].contains("Aide"), "{lines:#?}");
    assert!(
        lines.iter().all(|l| !l.contains("Choisissez")),
        "the home screen behind shows through: {lines:#?}"
    );
    assert!(lines.last().unwrap().contains("Échap fermer"), "{lines:#?}");
}
