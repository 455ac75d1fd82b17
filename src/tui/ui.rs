//! Drawing: reads the state, never changes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::{App, CatalogueView, DossiersView, EventForm, Pane, Popup, Screen};
use super::docs;
use super::form::{FieldInput, Form};
use super::keys::{self, Ctx};
use super::layout::{self, list_offset};
use super::text::{truncate, width, wrap};
use super::tracker::{self, CaseAction, Sort, Urgency};
use super::wizard::{self, Step, Wizard};
use crate::cases::agenda::DueItem;
use crate::cases::status::DeadlineKind;
use crate::catalogue::Confidence;
use crate::texts::cases as tc;
use crate::texts::{labels, tui as t};

pub fn render(app: &App, f: &mut Frame) {
    let size = (f.area().width, f.area().height);
    if layout::too_small(size) {
        let msg = Paragraph::new(t::too_small(layout::MIN_SIZE))
            .wrap(ratatui::widgets::Wrap { trim: true });
        f.render_widget(msg, f.area());
        return;
    }
    header(app, f, size);
    match app.screen() {
        Screen::Accueil { sel } => accueil(app, f, size, *sel),
        Screen::Situation { idx, sel } => situation(app, f, size, *idx, *sel),
        Screen::Catalogue(v) => catalogue(app, f, size, v),
        Screen::Fiche { code, scroll } => fiche(app, f, size, code, *scroll),
        Screen::Unlock {
            form,
            new_store,
            error,
            ..
        } => unlock(app, f, size, form, *new_store, error.as_deref()),
        Screen::Personnes { sel } => personnes(app, f, size, *sel),
        Screen::PersonForm { id, form } => {
            let title = if id.is_some() {
                t::PERSON_EDIT_TITLE
            } else {
                t::PERSON_NEW_TITLE
            };
            form_screen(app, f, size, title, &[], form, None);
        }
        Screen::Dossiers(v) => dossiers(app, f, size, v),
        Screen::Echeances { sel } => echeances(app, f, size, *sel),
        Screen::Dossier {
            id,
            pane,
            sel,
            scroll,
        } => dossier(app, f, size, *id, *pane, *sel, *scroll),
        Screen::EventForm { case, kind, form } => {
            let title = match kind {
                EventForm::Sent => t::EF_SENT_TITLE,
                EventForm::Received => t::EF_RECEIVED_TITLE,
                EventForm::Reply => t::EF_REPLY_TITLE,
                EventForm::Close => t::EF_CLOSE_TITLE,
            };
            let title = format!("{} › {title}", t::dossier_title(*case));
            form_screen(app, f, size, &title, &[], form, None);
        }
        Screen::Wizard(w) => wizard(app, f, size, w),
    }
    status(app, f, size);
    match &app.popup {
        Some(Popup::Help { scroll }) => help(app, f, size, *scroll),
        Some(Popup::ConfirmQuit) => confirm_quit(app, f, size),
        None => {}
    }
}

fn header(app: &App, f: &mut Frame, size: (u16, u16)) {
    let th = app.theme;
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
        spans.push(Span::styled(" ", style));
        spans.push(Span::styled(layout::tab_key(tab).to_string(), key_style));
        spans.push(Span::styled(format!(" {} ", layout::tab_label(tab)), style));
        x = b;
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(size.0).saturating_sub(used + 1);
    let long = t::long_date(app.today);
    let short = t::short_date(app.today);
    let date = if room > width(&long) + 1 { long } else { short };
    if room > width(&date) {
        spans.push(Span::raw(" ".repeat(room - width(&date))));
        spans.push(Span::styled(date, th.dim()));
    }
    f.render_widget(Line::from(spans), layout::header(size));
}

fn title(app: &App, f: &mut Frame, size: (u16, u16), left: &str, right: &str) {
    let th = app.theme;
    let area = layout::title(size);
    if let Some(m) = &app.message {
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
    let th = app.theme;
    let area = layout::status(size);
    let ctx = app.ctx();
    let hints = keys::status_hints(ctx);
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
    let room = usize::from(area.width).saturating_sub(tail_w + 2);
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
    let pad = usize::from(area.width).saturating_sub(used + tail_w + 2);
    spans.push(Span::raw(" ".repeat(pad)));
    spans.extend(tail_spans);
    f.render_widget(Line::from(spans), area);
}

/// A one-line-per-item list with the selected row highlighted and kept visible.
fn list(app: &App, f: &mut Frame, area: Rect, rows: Vec<Line<'static>>, sel: usize) {
    let th = app.theme;
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
        }
        f.render_widget(line, r);
    }
}

fn accueil(app: &App, f: &mut Frame, size: (u16, u16), sel: usize) {
    let th = app.theme;
    let situations = app.catalogue.situations();
    title(app, f, size, t::ACCUEIL_TITLE, "");
    let intro = layout::accueil_intro(size);
    let lines = wrap(&[(t::ACCUEIL_INTRO, th.plain())], intro.width as usize, 0);
    f.render_widget(Paragraph::new(lines), intro);
    let area = layout::accueil_list(size, situations.len());
    let w = usize::from(area.width).saturating_sub(2);
    let rows: Vec<Line> = situations
        .iter()
        .map(|s| Line::from(truncate(&s.title, w)))
        .collect();
    list(app, f, area, rows, sel);

    let preview = layout::accueil_preview(size, situations.len());
    if preview.height == 0 {
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    if let Some(s) = situations.get(sel) {
        let pw = usize::from(preview.width);
        lines.push(Line::from(Span::styled("─".repeat(pw), th.border())));
        let count = t::suggestion_count(s.suggestions.len());
        let codes: Vec<&str> = s.suggestions.iter().map(|x| x.entry.as_str()).collect();
        let mut codes_dedup: Vec<&str> = Vec::new();
        for c in codes {
            if !codes_dedup.contains(&c) {
                codes_dedup.push(c);
            }
        }
        let files = codes_dedup.join(", ");
        lines.extend(wrap(
            &[
                (&count, th.label()),
                (" : ", th.plain()),
                (&files, th.plain()),
                (" — ", th.plain()),
                (t::ACCUEIL_ENTER_HINT, th.dim()),
            ],
            pw,
            0,
        ));
        // What to do first, then the description (cut at the bottom on small screens).
        lines.extend(wrap(&[(&s.description, th.plain())], pw, 0));
    }
    let room = usize::from(preview.height);
    if lines.len() < room {
        let extra = room - lines.len();
        lines.extend(std::iter::repeat_n(
            Line::default(),
            extra.saturating_sub(1),
        ));
        lines.push(Line::from(Span::styled(t::ACCUEIL_OR_CATALOGUE, th.dim())));
    }
    f.render_widget(Paragraph::new(lines), preview);
}

fn situation(app: &App, f: &mut Frame, size: (u16, u16), idx: usize, sel: usize) {
    let Some(s) = app.catalogue.situations().get(idx) else {
        return;
    };
    let area = layout::doc_area(size);
    let doc = docs::situation(&app.catalogue, s, usize::from(area.width), app.theme);
    let h = usize::from(area.height);
    let offset = layout::doc_offset_for_part(&doc, sel, h);
    let pos = t::step_position(sel, doc.parts.len());
    title(
        app,
        f,
        size,
        &format!("{} › {}", t::TAB_ACCUEIL, t::SITUATION_STEPS),
        &pos,
    );
    let mut lines: Vec<Line> = doc.lines.clone();
    if let Some((a, b)) = doc.parts.get(sel).copied() {
        // A marker as well as the highlight, readable without colours.
        if let Some(first) = lines.get_mut(a).and_then(|l| l.spans.first_mut())
            && first.content == "•"
        {
            first.content = "▶".into();
        }
        for l in &mut lines[a..b] {
            let pad = usize::from(area.width).saturating_sub(l.width());
            l.spans.push(Span::raw(" ".repeat(pad)));
            *l = std::mem::take(l).style(app.theme.selected());
        }
    }
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
    f.render_widget(Paragraph::new(shown), area);
}

fn catalogue(app: &App, f: &mut Frame, size: (u16, u16), v: &CatalogueView) {
    let th = app.theme;
    let rows = app.catalogue_rows(v);
    let total = app.catalogue.entries().len();
    title(
        app,
        f,
        size,
        t::CATALOGUE_TITLE,
        &t::entry_count(rows.len(), total),
    );

    let regime = v.regime.map_or(t::FILTER_ALL_REGIMES, labels::regime_short);
    let filter_line = if v.typing {
        Line::from(vec![
            Span::styled(t::SEARCH_PROMPT, th.key()),
            Span::raw(v.query.clone()),
            Span::styled("▏", th.key()),
        ])
    } else {
        let search = if v.query.is_empty() {
            Span::styled(t::FILTER_NO_SEARCH, th.dim())
        } else {
            Span::raw(format!("« {} »", v.query))
        };
        Line::from(vec![
            Span::styled(t::FILTER_REGIME, th.label()),
            Span::raw(regime),
            Span::styled(t::FILTER_REGIME_HINT, th.dim()),
            Span::raw("    "),
            Span::styled(t::FILTER_SEARCH, th.label()),
            search,
        ])
    };
    f.render_widget(filter_line, layout::catalogue_filter(size));

    let area = layout::catalogue_list(size);
    if rows.is_empty() {
        let msg = wrap(
            &[(t::CATALOGUE_EMPTY, th.warn())],
            usize::from(area.width),
            0,
        );
        f.render_widget(Paragraph::new(msg), area);
        return;
    }
    let w = usize::from(area.width).saturating_sub(2);
    let code_w = 17usize;
    let regime_w = 18usize.min(w / 4);
    let name_w = w.saturating_sub(code_w + regime_w + 2);
    let head = format!(
        "  {:<code_w$}{:<name_w$}  {}",
        t::COL_CODE,
        t::COL_NAME,
        t::COL_REGIME
    );
    f.render_widget(
        Line::from(Span::styled(head, th.label())),
        layout::catalogue_header(size),
    );
    let lines: Vec<Line> = rows
        .iter()
        .map(|e| {
            let low = e.confidence == Confidence::Low;
            let mut name = e.name.clone();
            if low {
                name = format!("⚠ {name}");
            }
            let name = truncate(&name, name_w);
            let name_pad = name_w.saturating_sub(width(&name));
            let style = if low { th.warn() } else { th.plain() };
            Line::from(vec![
                Span::styled(format!("{:<code_w$}", e.code), th.label()),
                Span::styled(name, style),
                Span::raw(" ".repeat(name_pad + 2)),
                Span::styled(
                    truncate(&labels::regimes_short(&e.regime), regime_w),
                    th.dim(),
                ),
            ])
        })
        .collect();
    list(app, f, area, lines, v.sel);

    if let (Some(p), Some(e)) = (layout::catalogue_preview(size), rows.get(v.sel)) {
        let pw = usize::from(p.width);
        let mut lines = wrap(
            &[(&format!("{} — {}", e.code, e.name), th.heading())],
            pw,
            0,
        );
        if e.confidence == Confidence::Low {
            lines.extend(wrap(&[(t::LOW_CONFIDENCE, th.warn())], pw, 0));
        }
        lines.push(Line::default());
        lines.extend(wrap(
            &[(t::FICHE_SUMMARY, th.label()), (&e.summary, th.plain())],
            pw,
            0,
        ));
        lines.push(Line::default());
        lines.extend(wrap(
            &[(t::FICHE_WHO, th.label()), (&e.who, th.plain())],
            pw,
            0,
        ));
        lines.push(Line::default());
        let n = t::route_count(e.routes.len());
        lines.extend(wrap(
            &[
                (&n, th.label()),
                (" — ", th.plain()),
                (t::PREVIEW_OPEN_HINT, th.dim()),
            ],
            pw,
            0,
        ));
        lines.truncate(usize::from(p.height));
        f.render_widget(Paragraph::new(lines), p);
    }
}

fn fiche(app: &App, f: &mut Frame, size: (u16, u16), code: &str, scroll: usize) {
    let Some(e) = app.catalogue.entry(code) else {
        return;
    };
    let area = layout::doc_area(size);
    let doc = docs::fiche(&app.catalogue, e, usize::from(area.width), app.theme);
    let h = usize::from(area.height);
    let pos = t::scroll_position(scroll, doc.lines.len());
    title(
        app,
        f,
        size,
        &format!("{} › {}", t::TAB_CATALOGUE, e.code),
        &pos,
    );
    let shown: Vec<Line> = doc.lines.into_iter().skip(scroll).take(h).collect();
    f.render_widget(Paragraph::new(shown), area);
}

fn centered(size: (u16, u16), w: u16, h: u16) -> Rect {
    let w = w.min(size.0);
    let h = h.min(size.1);
    Rect::new((size.0 - w) / 2, (size.1 - h) / 2, w, h)
}

fn help(app: &App, f: &mut Frame, size: (u16, u16), scroll: usize) {
    let th = app.theme;
    let area = centered(
        size,
        size.0.saturating_sub(4).min(76),
        size.1.saturating_sub(2),
    );
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.focus_border())
        .title(Span::styled(format!(" {} ", t::HELP_TITLE), th.heading()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let under = app.screen_ctx();
    let mut lines: Vec<Line> = Vec::new();
    let key_w = 14usize;
    let section = |name: &str, ctx: Ctx, lines: &mut Vec<Line<'static>>| {
        let bindings = keys::hints(ctx);
        if bindings.is_empty() {
            return;
        }
        lines.push(Line::from(Span::styled(name.to_string(), th.label())));
        for b in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<key_w$}", b.shown), th.key()),
                Span::raw(b.label.to_string()),
            ]));
        }
        lines.push(Line::default());
    };
    section(t::HELP_HERE, under, &mut lines);
    if !keys::is_modal(under) {
        section(t::HELP_EVERYWHERE, Ctx::Global, &mut lines);
    }
    lines.extend(wrap(
        &[(t::HELP_FOOTER, th.dim())],
        usize::from(inner.width),
        0,
    ));
    let h = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(h));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
    f.render_widget(Paragraph::new(shown), inner);
}

fn confirm_quit(app: &App, f: &mut Frame, size: (u16, u16)) {
    let th = app.theme;
    let area = centered(size, 50, 7);
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.warn())
        .title(Span::styled(
            format!(" {} ", t::CONFIRM_QUIT_TITLE),
            th.warn(),
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut lines = wrap(
        &[(t::CONFIRM_QUIT_TEXT, Style::new())],
        usize::from(inner.width),
        0,
    );
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(t::CONFIRM_QUIT_KEYS, th.key())));
    f.render_widget(Paragraph::new(lines), inner);
}

/// A form: title, some lines of explanation, then one row per field with its message
/// under it when the value is not accepted; the focused field's help at the bottom.
#[allow(clippy::too_many_arguments)]
fn form_screen(
    app: &App,
    f: &mut Frame,
    size: (u16, u16),
    heading: &str,
    intro: &[Line<'static>],
    form: &Form,
    help: Option<&str>,
) {
    let th = app.theme;
    title(app, f, size, heading, "");
    let area = layout::content(size);
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
        match &fl.input {
            FieldInput::Text { value, masked } => {
                let shown = if *masked {
                    "•".repeat(value.chars().count())
                } else {
                    value.clone()
                };
                // Show the end of a long value (where one types).
                let chars: Vec<char> = shown.chars().collect();
                let start = chars.len().saturating_sub(room.saturating_sub(1));
                let visible: String = chars[start..].iter().collect();
                spans.push(Span::styled(
                    visible,
                    if focused { th.selected() } else { th.plain() },
                ));
                if focused {
                    spans.push(Span::styled("▏", th.key()));
                }
                if value.is_empty()
                    && let Some(h) = &fl.hint
                {
                    spans.push(Span::styled(format!(" {h}"), th.dim()));
                }
            }
            FieldInput::Choice { options, selected } => {
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
}

fn unlock(
    app: &App,
    f: &mut Frame,
    size: (u16, u16),
    form: &Form,
    new_store: bool,
    error: Option<&str>,
) {
    let th = app.theme;
    let w = usize::from(layout::content(size).width);
    let (heading, intro) = if new_store {
        (t::UNLOCK_TITLE_NEW, t::UNLOCK_INTRO_NEW)
    } else {
        (t::UNLOCK_TITLE, t::UNLOCK_INTRO)
    };
    let mut lines = wrap(&[(intro, th.plain())], w, 0);
    if let Some(e) = error {
        lines.push(Line::default());
        lines.extend(wrap(&[("⚠ ", th.danger()), (e, th.danger())], w, 2));
    }
    lines.push(Line::default());
    lines.extend(wrap(&[(t::UNLOCK_SKIP, th.dim())], w, 0));
    form_screen(app, f, size, heading, &lines, form, None);
}

fn personnes(app: &App, f: &mut Frame, size: (u16, u16), sel: usize) {
    let th = app.theme;
    let Some(data) = &app.data else { return };
    title(
        app,
        f,
        size,
        t::PERSONNES_TITLE,
        &t::person_count(data.persons.len()),
    );
    let area = layout::table_list(size);
    if data.persons.is_empty() {
        let c = layout::content(size);
        let msg = wrap(&[(t::PERSONNES_EMPTY, th.plain())], usize::from(c.width), 0);
        f.render_widget(Paragraph::new(msg), c);
        return;
    }
    let w = usize::from(area.width).saturating_sub(2);
    let name_w = (w / 2).min(40);
    let head = format!("  {:<name_w$}{}", t::COL_PERSON, t::COL_TOWN);
    f.render_widget(
        Line::from(Span::styled(truncate(&head, w + 2), th.label())),
        layout::table_header(size),
    );
    // Only the visible rows are built (a group may follow thousands of persons); `list`
    // gets empty lines for the others.
    let h = usize::from(area.height);
    let offset = list_offset(sel, h);
    let rows: Vec<Line> = data
        .persons
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i < offset || i >= offset + h {
                return Line::default();
            }
            let name = truncate(&tc::person_name(&p.personne), name_w.saturating_sub(1));
            let pad = name_w.saturating_sub(width(&name));
            let rest = format!(
                "{} {} — {}",
                p.personne.code_postal,
                p.personne.commune,
                t::person_cases(data.cases_of(p.id))
            );
            Line::from(vec![
                Span::styled(name, th.label()),
                Span::raw(" ".repeat(pad)),
                Span::raw(truncate(&rest, w.saturating_sub(name_w))),
            ])
        })
        .collect();
    list(app, f, area, rows, sel);
}

fn urgency_style(app: &App, u: Urgency) -> Style {
    let th = app.theme;
    match u {
        Urgency::Overdue => th.danger(),
        Urgency::Soon => th.warn(),
        Urgency::Waiting => th.plain(),
        Urgency::Done => th.dim(),
        Urgency::Other => th.plain(),
    }
}

fn days_text(app: &App, due: Option<chrono::NaiveDate>) -> String {
    due.map(|d| t::days_left((d - app.today).num_days()))
        .unwrap_or_default()
}

fn dossiers(app: &App, f: &mut Frame, size: (u16, u16), v: &DossiersView) {
    let th = app.theme;
    let Some(data) = &app.data else { return };
    let total = data.tracked.len();
    title(
        app,
        f,
        size,
        t::DOSSIERS_TITLE,
        &t::case_count(app.rows.len(), total),
    );
    let filter_line = if v.typing {
        Line::from(vec![
            Span::styled(t::SEARCH_PROMPT, th.key()),
            Span::raw(v.query.clone()),
            Span::styled("▏", th.key()),
        ])
    } else {
        let state = v.state.map_or(t::FILTER_ALL_STATUS, tc::state);
        let sort = match v.sort {
            Sort::Due => t::SORT_DUE,
            Sort::Person => t::SORT_PERSON,
            Sort::File => t::SORT_FILE,
            Sort::Status => t::SORT_STATUS,
        };
        let search = if v.query.is_empty() {
            Span::styled(t::FILTER_NO_SEARCH, th.dim())
        } else {
            Span::raw(format!("« {} »", v.query))
        };
        Line::from(vec![
            Span::styled(t::FILTER_STATUS, th.label()),
            Span::raw(state),
            Span::styled(t::FILTER_STATUS_HINT, th.dim()),
            Span::raw("   "),
            Span::styled(t::SORT_LABEL, th.label()),
            Span::raw(sort),
            Span::styled(t::SORT_HINT, th.dim()),
            Span::raw("   "),
            Span::styled(t::FILTER_SEARCH, th.label()),
            search,
        ])
    };
    f.render_widget(filter_line, layout::table_filter(size));
    let area = layout::table_list(size);
    if app.rows.is_empty() {
        let msg = if total == 0 {
            t::DOSSIERS_EMPTY
        } else {
            t::DOSSIERS_NONE_MATCH
        };
        let lines = wrap(&[(msg, th.plain())], usize::from(area.width), 0);
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    // Columns: person, file, route, status, due date, days left.
    let w = usize::from(area.width).saturating_sub(2);
    let file_w = if w >= 100 { 17usize } else { 13 };
    let (status_w, due_w, days_w) = (15usize, 11usize, 14usize);
    let flex = w.saturating_sub(file_w + status_w + due_w + days_w);
    let person_w = (flex * 2 / 5).max(8);
    let route_w = flex.saturating_sub(person_w);
    let cell = |s: &str, n: usize| {
        let s = truncate(s, n.saturating_sub(1));
        let pad = n.saturating_sub(width(&s));
        format!("{s}{}", " ".repeat(pad))
    };
    let head = format!(
        "  {}{}{}{}{}{}",
        cell(t::COL_PERSON, person_w),
        cell(t::COL_FILE, file_w),
        cell(t::COL_ROUTE, route_w),
        cell(t::COL_STATUS, status_w),
        cell(t::COL_DUE, due_w),
        t::COL_DAYS
    );
    f.render_widget(
        Line::from(Span::styled(truncate(&head, w + 2), th.label())),
        layout::table_header(size),
    );
    let h = usize::from(area.height);
    let offset = list_offset(v.sel, h);
    // Only the visible rows are built: the table stays fast with thousands of cases.
    let visible: Vec<Line> = app
        .rows
        .iter()
        .skip(offset)
        .take(h)
        .filter_map(|&i| data.tracked.get(i))
        .map(|tr| {
            let c = &tr.history.case;
            let st = &tr.status;
            let u = tracker::urgency(tr, app.today);
            let route = app
                .catalogue
                .entry(&c.fichier)
                .and_then(|e| e.route(&c.demarche))
                .map_or(c.demarche.as_str(), |r| r.title.as_str());
            let due = st.next_due();
            let status = tc::state(st.state).to_string();
            Line::from(vec![
                Span::raw(cell(&data.person_name(c.personne), person_w)),
                Span::styled(cell(&c.fichier, file_w), th.label()),
                Span::raw(cell(route, route_w)),
                Span::styled(cell(&status, status_w), urgency_style(app, u)),
                Span::raw(cell(&due.map(tc::date).unwrap_or_default(), due_w)),
                Span::styled(days_text(app, due), urgency_style(app, u)),
            ])
        })
        .collect();
    // `list` expects all rows; give it the visible ones with the selection shifted.
    for (k, row) in visible.into_iter().enumerate() {
        let i = offset + k;
        let r = Rect::new(area.x, area.y + k as u16, area.width, 1);
        let marker = if i == v.sel { "▶ " } else { "  " };
        let mut line = Line::from(Span::raw(marker));
        line.spans.extend(row.spans);
        if i == v.sel {
            let pad = usize::from(area.width).saturating_sub(line.width());
            line.spans.push(Span::raw(" ".repeat(pad)));
            line = line.style(th.selected());
        }
        f.render_widget(line, r);
    }
}

fn agenda_line(app: &App, item: &DueItem, w: usize) -> Line<'static> {
    let th = app.theme;
    let Some(data) = &app.data else {
        return Line::default();
    };
    let date = item
        .echeance
        .map(tc::date)
        .unwrap_or_else(|| " ".repeat(10));
    let days = days_text(app, item.echeance);
    let what = match (item.type_echeance, &item.etape) {
        (Some(DeadlineKind::Step), Some(step)) => {
            let title = app
                .catalogue
                .entry(&item.fichier)
                .and_then(|e| e.route(step))
                .map_or(step.as_str(), |r| r.title.as_str());
            format!("{}{title}", t::DUE_STEP)
        }
        (Some(_), _) => t::DUE_REPLY.to_string(),
        (None, _) => tc::state(item.etat).to_string(),
    };
    let est = if item.estimee { t::DUE_ESTIMATED } else { "" };
    let overdue = item.echeance.is_some_and(|d| d < app.today)
        || item.etat == crate::cases::status::State::EnRetard;
    let soon = item
        .echeance
        .is_some_and(|d| (d - app.today).num_days() <= 7);
    let style = if overdue {
        th.danger()
    } else if soon {
        th.warn()
    } else {
        th.plain()
    };
    let who = format!("{} · {} · ", data.person_name(item.personne), item.fichier);
    let left = format!("{date}{est}  {:<18}", days);
    let rest = w.saturating_sub(width(&left) + width(&who));
    Line::from(vec![
        Span::styled(left, style),
        Span::styled(who, th.label()),
        Span::raw(truncate(&what, rest)),
    ])
}

/// One row of the Échéances screen, before it is drawn.
enum AgendaRow<'a> {
    Heading(&'static str, usize, Style),
    Nothing,
    Blank,
    Item(usize, &'a DueItem),
}

fn echeances(app: &App, f: &mut Frame, size: (u16, u16), sel: usize) {
    let th = app.theme;
    let Some(data) = &app.data else { return };
    title(app, f, size, t::ECHEANCES_TITLE, "");
    let area = layout::content(size);
    let w = usize::from(area.width).saturating_sub(2);
    let a = &data.agenda;
    if a.en_retard.is_empty() && a.a_venir.is_empty() && a.sans_suite.is_empty() {
        let lines = wrap(
            &[(t::ECHEANCES_EMPTY, th.plain())],
            usize::from(area.width),
            0,
        );
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    // The rows are laid out first (cheap), and only the visible ones are drawn: the screen
    // stays fast with thousands of deadlines.
    let mut rows: Vec<AgendaRow> = Vec::new();
    let mut n = 0;
    let mut sel_row = 0;
    let horizon = app.today + chrono::Days::new(u64::from(tracker::AGENDA_DAYS));
    for (heading, items, style, splits_later) in [
        (t::ECHEANCES_OVERDUE, &a.en_retard, th.danger(), false),
        (t::ECHEANCES_COMING, &a.a_venir, th.heading(), true),
        (t::ECHEANCES_NO_NEXT, &a.sans_suite, th.heading(), false),
    ] {
        if !rows.is_empty() {
            rows.push(AgendaRow::Blank);
        }
        // Upcoming deadlines are sorted by date: those beyond the first weeks go under a
        // « Plus tard » heading, in the same list so selection indexes do not change.
        let is_later = |item: &DueItem| splits_later && item.echeance.is_some_and(|d| d > horizon);
        let later = items.iter().filter(|i| is_later(i)).count();
        rows.push(AgendaRow::Heading(heading, items.len() - later, style));
        if items.len() == later {
            rows.push(AgendaRow::Nothing);
        }
        for (k, item) in items.iter().enumerate() {
            if is_later(item) && (k == 0 || !is_later(&items[k - 1])) {
                rows.push(AgendaRow::Blank);
                rows.push(AgendaRow::Heading(t::ECHEANCES_LATER, later, th.heading()));
            }
            if n == sel {
                sel_row = rows.len();
            }
            rows.push(AgendaRow::Item(n, item));
            n += 1;
        }
    }
    let h = usize::from(area.height);
    let offset = (sel_row + 1).saturating_sub(h);
    let shown: Vec<Line> = rows
        .iter()
        .skip(offset)
        .take(h)
        .map(|row| match row {
            AgendaRow::Heading(title, count, style) => {
                Line::from(Span::styled(t::section_count(title, *count), *style))
            }
            AgendaRow::Nothing => Line::from(Span::styled(t::ECHEANCES_NONE, th.dim())),
            AgendaRow::Blank => Line::default(),
            AgendaRow::Item(i, item) => {
                let mut line = agenda_line(app, item, w);
                let marker = if *i == sel { "▶ " } else { "  " };
                line.spans.insert(0, Span::raw(marker));
                if *i == sel {
                    let pad = usize::from(area.width).saturating_sub(line.width());
                    line.spans.push(Span::raw(" ".repeat(pad)));
                    line = line.style(th.selected());
                }
                line
            }
        })
        .collect();
    f.render_widget(Paragraph::new(shown), area);
}

#[allow(clippy::too_many_arguments)]
fn dossier(
    app: &App,
    f: &mut Frame,
    size: (u16, u16),
    id: crate::cases::CaseId,
    pane: Pane,
    sel: usize,
    scroll: usize,
) {
    let th = app.theme;
    let Some(data) = &app.data else { return };
    let Some(tr) = data.case(id) else { return };
    let actions = app.case_actions(id);
    let (top, bottom) = layout::dossier_split(size, actions.len());
    let doc = docs::dossier(&app.catalogue, data, tr, usize::from(top.width), th);
    let h = usize::from(top.height);
    let scroll = scroll.min(doc.lines.len().saturating_sub(h));
    title(
        app,
        f,
        size,
        &format!("{} › {}", t::TAB_DOSSIERS, t::dossier_title(id)),
        &t::scroll_position(scroll, doc.lines.len()),
    );
    let shown: Vec<Line> = doc.lines.into_iter().skip(scroll).take(h).collect();
    f.render_widget(Paragraph::new(shown), top);

    let border = if pane == Pane::Actions {
        th.focus_border()
    } else {
        th.border()
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(border)
        .title(Span::styled(
            format!(" {} ", t::DOSSIER_ACTIONS),
            th.heading(),
        ));
    let inner = block.inner(bottom);
    f.render_widget(block, bottom);
    if actions.is_empty() {
        f.render_widget(
            Line::from(Span::styled(t::DOSSIER_NO_ACTION, th.dim())),
            inner,
        );
        return;
    }
    let entry = app.catalogue.entry(&tr.history.case.fichier);
    let rows: Vec<Line> = actions
        .iter()
        .map(|a| {
            Line::from(match a {
                CaseAction::RecordSent => t::DA_SENT.to_string(),
                CaseAction::RecordReceived => t::DA_RECEIVED.to_string(),
                CaseAction::RecordReply => t::DA_REPLY.to_string(),
                CaseAction::Reminder => t::DA_REMINDER.to_string(),
                CaseAction::Next(r) => {
                    let route = entry.and_then(|e| e.route(r));
                    let label = if route.is_some_and(|x| x.letter.is_some()) {
                        t::DA_NEXT
                    } else {
                        t::DA_NEXT_NO_LETTER
                    };
                    format!("{label}{}", route.map_or(r.as_str(), |x| x.title.as_str()))
                }
                CaseAction::Close => t::DA_CLOSE.to_string(),
            })
        })
        .collect();
    let sel = if pane == Pane::Actions {
        sel
    } else {
        usize::MAX
    };
    list(app, f, inner, rows, sel);
}

fn wizard(app: &App, f: &mut Frame, size: (u16, u16), w: &Wizard) {
    let th = app.theme;
    let Some(data) = &app.data else { return };
    let step = match w.step {
        Step::Person => t::WIZ_STEP_PERSON,
        Step::File => t::WIZ_STEP_FILE,
        Step::Route => t::WIZ_STEP_ROUTE,
        Step::Fields => t::WIZ_STEP_FIELDS,
        Step::Preview => t::WIZ_STEP_PREVIEW,
        Step::Save => t::WIZ_STEP_SAVE,
    };
    let mut chosen: Vec<String> = Vec::new();
    if let Some(p) = w.person {
        chosen.push(data.person_name(p));
    }
    if let Some(c) = &w.file {
        chosen.push(c.clone());
    }
    let heading = format!("{} › {step}", t::WIZ_TITLE);
    let area = layout::content(size);
    let aw = usize::from(area.width);
    // What is chosen so far, and any problem, above the step.
    let mut intro: Vec<Line> = Vec::new();
    if !chosen.is_empty() {
        let mut s = chosen.join(" · ");
        if let (Some(code), Some(r)) = (&w.file, &w.route)
            && let Some(route) = app.catalogue.entry(code).and_then(|e| e.route(r))
        {
            s.push_str(" · ");
            s.push_str(&route.title);
        }
        intro.extend(wrap(&[(&s, th.label())], aw, 0));
    }
    if let Some(e) = &w.error {
        intro.extend(wrap(&[("⚠ ", th.danger()), (e, th.danger())], aw, 2));
    }
    match w.step {
        Step::Person | Step::File | Step::Route => {
            title(app, f, size, &heading, "");
            let rows: Vec<Line> = match w.step {
                Step::Person => data
                    .persons
                    .iter()
                    .map(|p| {
                        Line::from(format!(
                            "{} — {} {}",
                            tc::person_name(&p.personne),
                            p.personne.code_postal,
                            p.personne.commune
                        ))
                    })
                    .collect(),
                Step::File => wizard::letter_entries(&app.catalogue)
                    .iter()
                    .map(|e| {
                        Line::from(vec![
                            Span::styled(format!("{:<17}", e.code), th.label()),
                            Span::raw(truncate(&e.name, aw.saturating_sub(20))),
                        ])
                    })
                    .collect(),
                _ => w
                    .file
                    .as_deref()
                    .and_then(|c| app.catalogue.entry(c))
                    .map(|e| {
                        wizard::letter_routes(e)
                            .iter()
                            .map(|r| {
                                let mut s = r.title.clone();
                                if r.start {
                                    s.push_str(&format!(" ({})", t::FICHE_START));
                                }
                                Line::from(truncate(&s, aw.saturating_sub(2)))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            let top = intro.len() as u16 + u16::from(!intro.is_empty());
            f.render_widget(Paragraph::new(intro), area);
            let list_area = Rect::new(
                area.x,
                area.y + top.min(area.height),
                area.width,
                area.height.saturating_sub(top),
            );
            if rows.is_empty() {
                let msg = if w.step == Step::Person {
                    t::WIZ_NO_PERSON
                } else {
                    t::WIZ_NO_LETTER_ROUTE
                };
                let lines = wrap(&[(msg, th.plain())], aw, 0);
                f.render_widget(Paragraph::new(lines), list_area);
            } else {
                list(app, f, list_area, rows, w.sel);
            }
        }
        Step::Fields => {
            let help = w.helps.get(w.fields.focus).map(String::as_str);
            if w.fields.fields.is_empty() {
                intro.extend(wrap(&[(t::WIZ_NO_FIELD, th.plain())], aw, 0));
            }
            form_screen(app, f, size, &heading, &intro, &w.fields, help);
        }
        Step::Preview => {
            let doc = docs::preview(w, aw, th);
            let h = usize::from(area.height);
            let scroll = w.scroll.min(doc.lines.len().saturating_sub(h));
            title(
                app,
                f,
                size,
                &heading,
                &t::scroll_position(scroll, doc.lines.len()),
            );
            let shown: Vec<Line> = doc.lines.into_iter().skip(scroll).take(h).collect();
            f.render_widget(Paragraph::new(shown), area);
        }
        Step::Save => {
            form_screen(app, f, size, &heading, &intro, &w.save, None);
        }
    }
}
