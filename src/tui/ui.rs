//! Drawing: reads the state, never changes it. The chrome (tab bar, title line or message,
//! key hints, popups) is drawn here; the content area by the screen shown.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::action::Pending;
use super::app::{App, Popup};
use super::keys::{self, Ctx};
use super::layout;
use super::text::{truncate, width, wrap};
use super::widgets::centered;
use crate::texts::tui as t;

pub fn render(app: &App, f: &mut Frame) {
    let size = (f.area().width, f.area().height);
    if layout::too_small(size) {
        let msg = Paragraph::new(t::too_small(layout::MIN_SIZE))
            .wrap(ratatui::widgets::Wrap { trim: true });
        f.render_widget(msg, f.area());
        return;
    }
    header(app, f, size);
    if let Some((left, right)) = app.screen().render(&app.cx, f) {
        title(app, f, size, &left, &right);
    }
    status(app, f, size);
    match &app.popup {
        Some(Popup::Help { scroll }) => help(app, f, size, *scroll),
        Some(Popup::ConfirmQuit) => confirm(
            app,
            f,
            size,
            (
                t::CONFIRM_QUIT_TITLE,
                t::CONFIRM_QUIT_TEXT,
                t::CONFIRM_QUIT_KEYS,
            ),
        ),
        Some(Popup::ConfirmDiscard) => confirm(
            app,
            f,
            size,
            (
                t::CONFIRM_DISCARD_TITLE,
                t::CONFIRM_QUIT_TEXT,
                t::CONFIRM_DISCARD_KEYS,
            ),
        ),
        Some(Popup::Confirm(pending)) => {
            let (title, text) = question(app, pending);
            confirm(app, f, size, (title, &text, t::CONFIRM_KEYS));
        }
        None => {}
    }
}

/// The title and the words of a question before something that cannot be undone.
fn question(app: &App, pending: &Pending) -> (&'static str, String) {
    let data = app.cx.data.as_ref();
    match pending {
        Pending::DeleteCase(id) => (t::CONFIRM_DELETE_CASE_TITLE, t::confirm_delete_case(*id)),
        Pending::DeletePerson(id) => (
            t::CONFIRM_DELETE_PERSON_TITLE,
            t::confirm_delete_person(
                &data.map(|d| d.person_name(*id)).unwrap_or_default(),
                data.map_or(0, |d| d.cases_of(*id)),
            ),
        ),
        Pending::Renounce(case, step) => {
            let tr = data.and_then(|d| d.case(*case));
            let entry = tr.and_then(|tr| app.cx.catalogue.entry(&tr.history.case.fichier));
            let title = entry
                .and_then(|e| e.route(step))
                .map_or(step.as_str(), |r| r.title.as_str());
            let due = tr
                .and_then(|tr| tr.status.next_steps.iter().find(|n| &n.route == step))
                .and_then(|n| n.deadline.as_ref())
                .map(|d| crate::texts::cases::date(d.due()));
            (
                t::CONFIRM_RENOUNCE_TITLE,
                t::confirm_renounce(title, due.as_deref()),
            )
        }
    }
}

fn header(app: &App, f: &mut Frame, size: (u16, u16)) {
    let th = app.cx.theme;
    let mut spans = Vec::new();
    let mut x = 0u16;
    if layout::show_brand(size) {
        spans.push(Span::styled(format!(" {} ", t::APP_NAME), th.heading()));
        spans.push(Span::raw("│ "));
        x = width(t::APP_NAME) as u16 + 3;
    }
    for (tab, a, b) in layout::tabs(size) {
        if a > x {
            spans.push(Span::raw(" ".repeat(usize::from(a - x))));
        }
        let active = tab == app.tab();
        let style = if active { th.tab_active() } else { th.plain() };
        let key_style = if active { th.tab_active() } else { th.key() };
        let label = layout::tab_label(tab, size);
        // Compact, the space before a tab separates it from the one before and stays plain.
        let compact = layout::compact_tabs(size);
        spans.push(Span::styled(" ", if compact { th.plain() } else { style }));
        spans.push(Span::styled(layout::tab_key(tab).to_string(), key_style));
        let after = if compact { "" } else { " " };
        spans.push(Span::styled(format!(" {label}{after}"), style));
        x = b;
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(size.0).saturating_sub(used + 1);
    let long = t::long_date(app.cx.today);
    let short = t::short_date(app.cx.today);
    let date = if room > width(&long) + 1 { long } else { short };
    if room > width(&date) {
        spans.push(Span::raw(" ".repeat(room - width(&date))));
        spans.push(Span::styled(date, th.dim()));
    }
    f.render_widget(Line::from(spans), layout::header(size));
}

fn title(app: &App, f: &mut Frame, size: (u16, u16), left: &str, right: &str) {
    let th = app.cx.theme;
    let area = layout::title(size);
    // While the store opens, the screen keeps its title and the opening is said beside it:
    // the home screen is whole from the first frame and does not wait for the tracker.
    let opening = app
        .message
        .as_ref()
        .is_some_and(|m| !m.error && m.text == t::OPENING_STORE && !left.is_empty());
    let right = if opening { t::OPENING_STORE } else { right };
    if let Some(m) = app.message.as_ref().filter(|_| !opening) {
        let style = if m.error { th.danger() } else { th.ok() };
        let text = truncate(&m.text, usize::from(area.width).saturating_sub(2));
        f.render_widget(
            Line::from(vec![Span::raw(" "), Span::styled(text, style)]),
            area,
        );
        return;
    }
    let w = usize::from(area.width);
    let right_w = width(right);
    let left = truncate(left, w.saturating_sub(right_w + 3));
    let pad = w.saturating_sub(width(&left) + right_w + 2);
    let line = Line::from(vec![
        Span::raw(" "),
        Span::styled(left, th.heading()),
        Span::raw(" ".repeat(pad)),
        Span::styled(right.to_string(), th.dim()),
        Span::raw(" "),
    ]);
    f.render_widget(line, area);
}

fn status(app: &App, f: &mut Frame, size: (u16, u16)) {
    let th = app.cx.theme;
    let area = layout::status(size);
    let ctx = app.ctx();
    let mut hints = keys::status_hints(ctx);
    // On a field on several lines, the key for a new line comes right after Entrée.
    if ctx == Ctx::Form
        && app
            .screen()
            .form()
            .and_then(|form| form.fields.get(form.focus))
            .is_some_and(|field| field.is_multiline())
        && let Some(newline) = keys::hints(Ctx::Form)
            .into_iter()
            .find(|b| b.action == super::action::Action::NewLine)
    {
        hints.insert(1.min(hints.len()), newline);
    }
    // The help and quit hints always show, at the right end; the others fill what is left.
    let (tail, head): (Vec<_>, Vec<_>) = hints.into_iter().partition(|b| {
        b.ctx == Ctx::Global
            && matches!(
                b.action,
                super::action::Action::Help | super::action::Action::Quit
            )
    });
    let piece = |b: &keys::Binding| -> Vec<Span<'static>> {
        vec![
            Span::styled(b.shown.to_string(), th.key()),
            Span::raw(format!(" {}", b.label)),
        ]
    };
    let sep = || Span::styled("  ·  ", th.dim());
    let mut tail_spans: Vec<Span> = Vec::new();
    for b in &tail {
        if !tail_spans.is_empty() {
            tail_spans.push(sep());
        }
        tail_spans.extend(piece(b));
    }
    let tail_w: usize = tail_spans.iter().map(Span::width).sum();
    // At least two spaces between the last hint and the right-hand ones, so words never
    // run together (« Échap retour  ? aide »).
    let room = usize::from(area.width).saturating_sub(tail_w + 3);
    let mut spans = vec![Span::raw(" ")];
    let mut used = 0;
    for b in &head {
        let p = piece(b);
        let w: usize = p.iter().map(Span::width).sum::<usize>() + if used > 0 { 5 } else { 0 };
        if used + w > room {
            break;
        }
        if used > 0 {
            spans.push(sep());
        }
        spans.extend(p);
        used += w;
    }
    // Two spaces at least; a last blank column when there is room for it.
    let free = usize::from(area.width).saturating_sub(used + tail_w + 1);
    let pad = if free >= 3 { free - 1 } else { free };
    spans.push(Span::raw(" ".repeat(pad)));
    spans.extend(tail_spans);
    f.render_widget(Line::from(spans), area);
}

/// Where a question popup goes (its frame).
fn confirm_area(size: (u16, u16)) -> ratatui::layout::Rect {
    centered(size, 58, 8)
}

/// The frame of the popup on screen, if any (the plain line mode prints it alone).
pub fn popup_area(app: &App, size: (u16, u16)) -> Option<ratatui::layout::Rect> {
    match app.popup {
        None => None,
        Some(Popup::Help { .. }) => Some(help_area(size)),
        Some(_) => Some(confirm_area(size)),
    }
}

/// Where the help popup goes (its frame).
fn help_area(size: (u16, u16)) -> ratatui::layout::Rect {
    centered(
        size,
        size.0.saturating_sub(4).min(76),
        size.1.saturating_sub(2),
    )
}

/// How far the help can scroll at the app's size (the last line at the bottom).
pub fn help_max_scroll(app: &App) -> usize {
    let inner = Block::default()
        .borders(Borders::ALL)
        .inner(help_area(app.cx.size));
    help_lines(app, usize::from(inner.width))
        .len()
        .saturating_sub(usize::from(inner.height))
}

fn help(app: &App, f: &mut Frame, size: (u16, u16), scroll: usize) {
    let th = app.cx.theme;
    let area = help_area(size);
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.focus_border())
        .title(Span::styled(format!(" {} ", t::HELP_TITLE), th.heading()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let lines = help_lines(app, usize::from(inner.width));
    let h = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(h));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
    f.render_widget(Paragraph::new(shown), inner);
}

/// The help's text: the keys of the screen under it, the keys that work everywhere, then
/// how things go and what a case's statuses mean.
fn help_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let th = app.cx.theme;
    let under = app.screen_ctx();
    let mut lines: Vec<Line> = Vec::new();
    let section = |name: &str, ctx: Ctx, lines: &mut Vec<Line<'static>>| {
        let bindings = keys::hints(ctx);
        if bindings.is_empty() {
            return;
        }
        // The key column is as wide as its longest key, then two spaces: « Retour arrière »
        // never touches its action.
        let key_w = bindings.iter().map(|b| width(b.shown)).max().unwrap_or(0);
        lines.push(Line::from(Span::styled(name.to_string(), th.label())));
        for b in bindings {
            let pad = " ".repeat(key_w - width(b.shown) + 2);
            lines.push(Line::from(vec![
                Span::styled(format!("  {}{pad}", b.shown), th.key()),
                Span::raw(b.label.to_string()),
            ]));
        }
        lines.push(Line::default());
    };
    section(t::HELP_HERE, under, &mut lines);
    if !keys::is_modal(under) {
        section(t::HELP_EVERYWHERE, Ctx::Global, &mut lines);
    }
    lines.push(Line::from(Span::styled(t::HELP_FLOW_TITLE, th.label())));
    for step in t::HELP_FLOW {
        lines.extend(wrap(&[(step, Style::new())], w, 3));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(t::HELP_STATUSES_TITLE, th.label())));
    for s in crate::cases::status::State::ALL {
        let label = crate::texts::cases::state(s);
        let text = format!("  {label} : {}", crate::texts::cases::state_meaning(s));
        lines.extend(wrap(&[(&text, Style::new())], w, 4));
    }
    lines.push(Line::default());
    lines.extend(wrap(&[(t::HELP_FOOTER, th.dim())], w, 0));
    lines
}

/// A question before input is lost: title, what happens, the keys.
fn confirm(app: &App, f: &mut Frame, size: (u16, u16), words: (&str, &str, &str)) {
    let (title, text, keys) = words;
    let th = app.cx.theme;
    let area = confirm_area(size);
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.warn())
        .title(Span::styled(format!(" {title} "), th.warn()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut lines = wrap(&[(text, Style::new())], usize::from(inner.width), 0);
    lines.push(Line::default());
    lines.extend(wrap(&[(keys, th.key())], usize::from(inner.width), 0));
    // The terminal's cursor on the question's keys (screen readers, braille).
    let y = inner.y
        + (lines.len() as u16)
            .saturating_sub(1)
            .min(inner.height.saturating_sub(1));
    f.render_widget(Paragraph::new(lines), inner);
    f.set_cursor_position((inner.x, y));
}
