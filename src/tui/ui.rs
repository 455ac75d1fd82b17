//! Drawing: reads the state, never changes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::{App, CatalogueView, Popup, Screen};
use super::docs;
use super::keys::{self, Ctx};
use super::layout::{self, list_offset};
use super::text::{truncate, width, wrap};
use crate::catalogue::Confidence;
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
    let mut spans = vec![
        Span::styled(format!(" {} ", t::APP_NAME), th.heading()),
        Span::raw("│"),
    ];
    let mut x = width(t::APP_NAME) as u16 + 3;
    for (tab, a, b) in layout::tabs(size) {
        if a > x {
            spans.push(Span::raw(" ".repeat(usize::from(a - x))));
        }
        let label = format!(" {} ", layout::tab_label(tab));
        let style = if tab == app.tab() {
            th.tab_active()
        } else {
            th.plain()
        };
        spans.push(Span::styled(label, style));
        x = b;
    }
    let date = t::long_date(app.today);
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(size.0).saturating_sub(used + 1);
    if room > width(&date) {
        spans.push(Span::raw(" ".repeat(room - width(&date))));
        spans.push(Span::styled(date, th.dim()));
    }
    f.render_widget(Line::from(spans), layout::header(size));
}

fn title(app: &App, f: &mut Frame, size: (u16, u16), left: &str, right: &str) {
    let th = app.theme;
    let area = layout::title(size);
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
    let offset = list_offset(sel, h);
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
        lines.extend(wrap(&[(&s.description, th.plain())], pw, 0));
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
    if !matches!(under, Ctx::SearchInput) {
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
