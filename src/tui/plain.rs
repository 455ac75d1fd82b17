//! The plain line mode (`acces --simple`, `ACCES_SIMPLE=1`) for screen readers and braille
//! displays: the same app and the same screens, drawn off screen, then printed as lines of
//! text, without box drawing, one after the other as in a normal terminal, so that a screen
//! reader reads what is new. What is selected (drawn reversed) is put between brackets.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::Span;

/// The text of a drawn frame: one string per line that holds something, borders and
/// scrollbars removed, runs of spaces shortened, the selection between « [ » and « ] ».
pub fn frame_lines(buf: &Buffer) -> Vec<String> {
    area_lines(buf, buf.area)
}

/// The text of a popup alone (what is behind it would be read mixed with it), then the
/// frame's last line, which says the keys.
pub fn popup_lines(buf: &Buffer, popup: Rect) -> Vec<String> {
    let mut lines = area_lines(buf, popup.intersection(buf.area));
    let last = buf.area.bottom().saturating_sub(1);
    if !popup.contains(Position::new(buf.area.x, last)) {
        let status = Rect::new(buf.area.x, last, buf.area.width, 1);
        lines.extend(area_lines(buf, status.intersection(buf.area)));
    }
    lines
}

fn area_lines(buf: &Buffer, area: Rect) -> Vec<String> {
    let mut lines = Vec::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut in_selection = false;
        // Cells hidden behind a wide character (its second column) carry no symbol of
        // their own.
        let mut hidden = 0usize;
        for x in area.left()..area.right() {
            if hidden > 0 {
                hidden -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            hidden = Span::raw(symbol).width().saturating_sub(1);
            let drawing = symbol.chars().all(is_drawing);
            let selected = cell.modifier.contains(Modifier::REVERSED) && !drawing;
            if selected != in_selection {
                line.push(if selected { '[' } else { ']' });
                in_selection = selected;
            }
            if drawing {
                line.push(' ');
            } else {
                line.push_str(symbol);
            }
        }
        if in_selection {
            line.push(']');
        }
        let line = squeeze(&line);
        if !line.is_empty() && line != "[]" {
            lines.push(line);
        }
    }
    lines
}

/// Box drawing, block elements and the scrollbar's marks: layout, not content.
fn is_drawing(c: char) -> bool {
    matches!(c, '\u{2500}'..='\u{259F}' | '▲' | '▼' | '◄' | '►')
}

/// Trims the line and shortens every run of spaces to two (one stays one), so that columns
/// stay apart without a screen reader pausing on forty blanks.
fn squeeze(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut spaces = 0;
    for c in line.trim().chars() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        if spaces > 0 {
            out.push_str(if spaces == 1 { " " } else { "  " });
            spaces = 0;
        }
        out.push(c);
    }
    // A selection that began or ended on blanks: « [ Nom » reads better as « [Nom ».
    out.replace("[ ", "[")
        .replace("  ]", "]")
        .replace(" ]", "]")
}

/// What to print after a frame, given the lines printed last: nothing when nothing changed;
/// the changed lines alone when the screen stayed the same but for a few lines (a selection
/// that moved, a count that changed); otherwise the whole screen after an empty line.
/// `typing` says the last key typed a character in a field: the screen reader already
/// spoke it, so the field's line (and a count beside it) is not printed again; a list that
/// the typing filtered is.
pub fn changes(before: &[String], after: &[String], typing: bool) -> Vec<String> {
    if before == after {
        return Vec::new();
    }
    if before.len() == after.len() && !before.is_empty() {
        let changed: Vec<&String> = before
            .iter()
            .zip(after)
            .filter(|(b, a)| b != a)
            .map(|(_, a)| a)
            .collect();
        // The first line names the screen (the tabs, or the form's title).
        if changed.len() <= 3 && before[0] == after[0] {
            if typing {
                return Vec::new();
            }
            return changed.into_iter().cloned().collect();
        }
    }
    let mut all = Vec::with_capacity(after.len() + 1);
    all.push(String::new());
    all.extend(after.iter().cloned());
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;
    use ratatui::widgets::{Block, Borders, Widget};

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn borders_and_blank_lines_go_and_the_selection_is_bracketed() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 6));
        Block::default()
            .borders(Borders::ALL)
            .title("Dossiers")
            .render(buf.area, &mut buf);
        buf.set_string(2, 1, "12   Martin    TAJ", Style::new());
        buf.set_string(
            2,
            2,
            "13   Nguyễn    FPR   ",
            Style::new().add_modifier(Modifier::REVERSED),
        );
        assert_eq!(
            frame_lines(&buf),
            lines(&["Dossiers", "12  Martin  TAJ", "[13  Nguyễn  FPR]"])
        );
    }

    #[test]
    fn a_wide_character_is_printed_once() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "⚠ 日本 a", Style::new());
        assert_eq!(frame_lines(&buf), lines(&["⚠ 日本 a"]));
    }

    #[test]
    fn only_what_changed_is_printed() {
        let screen = lines(&["Échéances", "[1 Martin]", "2 Durand", "3 Petit", "4 Leroy"]);
        let moved = lines(&["Échéances", "1 Martin", "[2 Durand]", "3 Petit", "4 Leroy"]);
        assert!(changes(&screen, &screen, false).is_empty());
        assert_eq!(
            changes(&screen, &moved, false),
            lines(&["1 Martin", "[2 Durand]"])
        );
        let other = lines(&["Catalogue", "TAJ", "FPR"]);
        assert_eq!(
            changes(&screen, &other, false),
            lines(&["", "Catalogue", "TAJ", "FPR"])
        );
        let typed = lines(&["Échéances", "[1 Martin]", "2 Durand", "3 Petit", "4 Leroyx"]);
        assert!(changes(&screen, &typed, true).is_empty());
        assert_eq!(changes(&screen, &typed, false), lines(&["4 Leroyx"]));
    }
}
