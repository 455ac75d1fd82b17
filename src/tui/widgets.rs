//! Pieces several screens draw: a selectable list, a form, a centred box, the colour of
//! an urgency; and the search box's keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::Action;
use super::context::Context;
use super::form::{FieldInput, Form};
use super::layout::{self, list_offset};
use super::text::{truncate, width, wrap};
use super::theme::Theme;
use super::tracker::Urgency;
use crate::texts::tui as t;

/// A one-line-per-item list with the selected row highlighted and kept visible.
pub fn list(th: Theme, f: &mut Frame, area: Rect, rows: Vec<Line<'static>>, sel: usize) {
    let h = usize::from(area.height);
    // `usize::MAX` means no selection (the list is not focused).
    let offset = if sel == usize::MAX {
        0
    } else {
        list_offset(sel, h)
    };
    for (i, row) in rows.into_iter().enumerate().skip(offset).take(h) {
        let r = Rect::new(area.x, area.y + (i - offset) as u16, area.width, 1);
        let marker = if i == sel { "▶ " } else { "  " };
        let mut line = Line::from(Span::raw(marker));
        line.spans.extend(row.spans);
        if i == sel {
            let pad = usize::from(area.width).saturating_sub(line.width());
            line.spans.push(Span::raw(" ".repeat(pad)));
            line = line.style(th.selected());
            // The terminal's own cursor on the selected row: screen readers and braille
            // displays follow it.
            f.set_cursor_position((r.x, r.y));
        }
        f.render_widget(line, r);
    }
}

/// Puts the terminal's cursor just after `before` (a prompt and what was typed) on `area`'s
/// first line, where the next character goes.
pub fn caret_after(f: &mut Frame, area: Rect, before: &str) {
    let x = area.x + (width(before) as u16).min(area.width.saturating_sub(1));
    f.set_cursor_position((x, area.y));
}

pub fn centered(size: (u16, u16), w: u16, h: u16) -> Rect {
    let w = w.min(size.0);
    let h = h.min(size.1);
    Rect::new((size.0 - w) / 2, (size.1 - h) / 2, w, h)
}

/// A form (under its title): some lines of explanation, then one row per field with its
/// message under it when the value is not accepted; the focused field's help at the bottom.
pub fn form_screen(
    cx: &Context,
    f: &mut Frame,
    intro: &[Line<'static>],
    form: &Form,
    help: Option<&str>,
) {
    let th = cx.theme;
    let area = layout::content(frame_size(f));
    let w = usize::from(area.width);
    let label_w = form
        .fields
        .iter()
        .map(|fl| width(&fl.label) + 3)
        .max()
        .unwrap_or(10)
        .min(w / 2);
    let mut lines: Vec<Line> = intro.to_vec();
    if !intro.is_empty() {
        lines.push(Line::default());
    }
    let mut focus_line = 0;
    // Where the caret goes on the focused field's line (column from the area's left).
    let mut caret_x = 0usize;
    for (i, fl) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        if focused {
            focus_line = lines.len();
        }
        let mut label = fl.label.clone();
        if fl.required {
            label.push_str(t::FORM_REQUIRED_MARK);
        }
        let label = format!("{:<label_w$}", truncate(&label, label_w.saturating_sub(1)));
        let marker = if focused { "▶ " } else { "  " };
        let label_style = if fl.error.is_some() {
            th.danger()
        } else if focused {
            th.label()
        } else {
            th.plain()
        };
        let mut spans = vec![
            Span::styled(marker, th.key()),
            Span::styled(label, label_style),
        ];
        let room = w.saturating_sub(label_w + 3);
        // The rows after the first of a field on several lines.
        let mut more: Vec<Line> = Vec::new();
        match &fl.input {
            FieldInput::Text { value, masked, .. } => {
                let shown = if *masked {
                    "•".repeat(value.chars().count())
                } else {
                    value.clone()
                };
                // Show the end of a long line (where one types).
                let tail = |line: &str| -> String {
                    let chars: Vec<char> = line.chars().collect();
                    let start = chars.len().saturating_sub(room.saturating_sub(1));
                    chars[start..].iter().collect()
                };
                let rows: Vec<String> = shown.split('\n').map(tail).collect();
                let style = if focused { th.selected() } else { th.plain() };
                let last = rows.len() - 1;
                for (k, visible) in rows.into_iter().enumerate() {
                    if focused && k == last {
                        caret_x = 2 + label_w + width(&visible);
                        focus_line = lines.len() + k;
                    }
                    if k == 0 {
                        spans.push(Span::styled(visible, style));
                    } else {
                        more.push(Line::from(vec![
                            Span::raw(" ".repeat(label_w + 2)),
                            Span::styled(visible, style),
                        ]));
                    }
                }
                let caret = Span::styled("▏", th.key());
                if focused && last == 0 {
                    spans.push(caret);
                } else if focused && let Some(row) = more.last_mut() {
                    row.spans.push(caret);
                }
                if value.is_empty()
                    && let Some(h) = &fl.hint
                {
                    spans.push(Span::styled(format!(" {h}"), th.dim()));
                }
            }
            FieldInput::Choice { options, selected } => {
                if focused {
                    caret_x = 2 + label_w + 2;
                }
                let v = options.get(*selected).cloned().unwrap_or_default();
                spans.push(Span::styled("◀ ", th.dim()));
                spans.push(Span::styled(
                    truncate(&v, room.saturating_sub(4)),
                    if focused { th.selected() } else { th.plain() },
                ));
                spans.push(Span::styled(" ▶", th.dim()));
            }
        }
        lines.push(Line::from(spans));
        lines.extend(more);
        if let Some(e) = &fl.error {
            let pad = " ".repeat(label_w + 2);
            let msg = format!("⚠ {e}");
            lines.extend(wrap(
                &[(&pad, th.plain()), (&msg, th.danger())],
                w,
                label_w + 4,
            ));
        }
    }
    lines.push(Line::default());
    let focused_help = help.map(str::to_string);
    if let Some(h) = &focused_help {
        lines.extend(wrap(&[(h, th.dim())], w, 0));
    }
    lines.extend(wrap(&[(t::FORM_FOOTER, th.dim())], w, 0));
    let h = usize::from(area.height);
    let offset = (focus_line + 2).saturating_sub(h);
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
    f.render_widget(Paragraph::new(shown), area);
    // The terminal's cursor at the caret of the focused field (screen readers, braille).
    if let Some(y) = focus_line.checked_sub(offset).filter(|y| *y < h) {
        let x = area.x + (caret_x as u16).min(area.width.saturating_sub(1));
        f.set_cursor_position((x, area.y + y as u16));
    }
}

pub fn urgency_style(th: Theme, u: Urgency) -> Style {
    match u {
        Urgency::Overdue => th.danger(),
        Urgency::Soon => th.warn(),
        Urgency::Waiting => th.plain(),
        Urgency::Done => th.dim(),
        Urgency::Other => th.plain(),
    }
}

pub fn days_text(today: chrono::NaiveDate, due: Option<chrono::NaiveDate>) -> String {
    due.map(|d| t::days_left((d - today).num_days()))
        .unwrap_or_default()
}

/// The size of the frame drawn (the terminal's, which the app learns by a resize event).
pub fn frame_size(f: &Frame) -> (u16, u16) {
    (f.area().width, f.area().height)
}

/// A date as typed in the forms (dd/mm/yyyy).
pub fn format_date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The row of a list a left click at (`col`, `row`) falls on: None outside the list or
/// past its end.
pub fn clicked_row(area: Rect, col: u16, row: u16, sel: usize, len: usize) -> Option<usize> {
    if !area.contains((col, row).into()) {
        return None;
    }
    let line = usize::from(row - area.y);
    Some(list_offset(sel, usize::from(area.height)) + line).filter(|i| *i < len)
}

/// Typing a search in a list.
pub fn update_search(query: &mut String, typing: &mut bool, sel: &mut usize, action: &Action) {
    match action {
        Action::StartSearch => *typing = true,
        Action::SearchDone => *typing = false,
        Action::SearchCancel => {
            *typing = false;
            query.clear();
            *sel = 0;
        }
        Action::Input(c) if *typing => {
            query.push(*c);
            *sel = 0;
        }
        Action::Backspace if *typing => {
            query.pop();
            *sel = 0;
        }
        Action::Paste(s) if *typing => {
            query.extend(s.chars().filter(|c| !c.is_control()));
            *sel = 0;
        }
        _ => {}
    }
}
