//! Long texts laid out as wrapped lines (the situation page and the catalogue fiche), with
//! the line ranges of the parts one can select or jump to.

use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::text::wrap;
use super::theme::Theme;
use crate::catalogue::{Catalogue, Confidence, Entry, Situation};
use crate::letters::Letter;
use crate::texts::catalogue::deadline_line;
use crate::texts::{labels, tui as t};

/// Wrapped lines plus, for each selectable part, its first line and one past its last.
pub struct Doc {
    pub lines: Vec<Line<'static>>,
    pub parts: Vec<(usize, usize)>,
}

struct Builder {
    width: usize,
    theme: Theme,
    lines: Vec<Line<'static>>,
}

impl Builder {
    fn new(width: usize, theme: Theme) -> Builder {
        Builder {
            width,
            theme,
            lines: Vec::new(),
        }
    }

    fn push(&mut self, pieces: &[(&str, Style)], indent: usize) {
        let mut first = wrap(pieces, self.width, indent);
        self.lines.append(&mut first);
    }

    /// « Label : value » with the label in bold.
    fn field(&mut self, label: &str, value: &str, indent: usize) {
        let pad = " ".repeat(indent);
        let label_style = self.theme.label();
        self.push(
            &[
                (&pad, Style::new()),
                (label, label_style),
                (value, Style::new()),
            ],
            indent + 2,
        );
    }

    fn heading(&mut self, text: &str) {
        if !self.lines.is_empty() {
            self.blank();
        }
        let s = self.theme.heading();
        self.push(&[(text, s)], 0);
    }

    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    fn low(&self, c: Confidence) -> &'static str {
        if c == Confidence::Low {
            t::LOW_CONFIDENCE
        } else {
            ""
        }
    }
}

/// The page of one situation: its text, the suggested steps (selectable), the advice.
pub fn situation(cat: &Catalogue, s: &Situation, width: usize, theme: Theme) -> Doc {
    let mut b = Builder::new(width, theme);
    let title = theme.heading();
    b.push(&[(&s.title, title)], 0);
    b.blank();
    b.push(&[(&s.description, Style::new())], 0);
    b.heading(t::SITUATION_STEPS);
    let mut parts = Vec::new();
    for sug in &s.suggestions {
        let start = b.lines.len();
        let (code, route_title, low) = match cat.entry(&sug.entry) {
            Some(e) => {
                let route = e.route(&sug.route);
                (
                    e.code.as_str(),
                    route.map(|r| r.title.as_str()).unwrap_or(""),
                    route.is_some_and(|r| r.confidence == Confidence::Low)
                        || e.confidence == Confidence::Low,
                )
            }
            None => (sug.entry.as_str(), "", false),
        };
        let code_style = theme.label();
        let warn = theme.warn();
        let mut pieces: Vec<(&str, Style)> = vec![
            ("• ", Style::new()),
            (code, code_style),
            (" — ", Style::new()),
        ];
        pieces.push((route_title, Style::new()));
        if low {
            pieces.push((" ", Style::new()));
            pieces.push((t::LOW_CONFIDENCE_SHORT, warn));
        }
        b.push(&pieces, 2);
        let dim = theme.dim();
        b.push(
            &[
                ("  ", Style::new()),
                (t::SITUATION_WHY, dim),
                (&sug.why, dim),
            ],
            4,
        );
        parts.push((start, b.lines.len()));
    }
    if !s.advice.is_empty() {
        b.heading(t::SITUATION_ADVICE);
        for a in &s.advice {
            let warn = theme.warn();
            let low = b.low(a.confidence);
            let mut pieces: Vec<(&str, Style)> =
                vec![("• ", Style::new()), (&a.text, Style::new())];
            if !low.is_empty() {
                pieces.push((" ", Style::new()));
                pieces.push((low, warn));
            }
            b.push(&pieces, 2);
            let dim = theme.dim();
            b.push(
                &[
                    ("  ", Style::new()),
                    (t::SITUATION_SOURCE, dim),
                    (&a.source_url, dim),
                ],
                4,
            );
        }
    }
    Doc {
        lines: b.lines,
        parts,
    }
}

/// The catalogue fiche of one entry; `parts` are the routes, in order.
pub fn fiche(cat: &Catalogue, e: &Entry, width: usize, theme: Theme) -> Doc {
    let mut b = Builder::new(width, theme);
    let heading = theme.heading();
    let title = format!("{} — {}", e.code, e.name);
    b.push(&[(&title, heading)], 0);
    if e.confidence == Confidence::Low {
        let warn = theme.warn();
        b.push(&[(t::LOW_CONFIDENCE, warn)], 0);
    }
    b.blank();
    b.field(t::FICHE_SUMMARY, &e.summary, 0);
    b.field(t::FICHE_WHO, &e.who, 0);
    b.field(t::FICHE_CONTROLLER, &e.controller, 0);
    let regimes: Vec<&str> = e.regime.iter().map(|r| labels::regime(*r)).collect();
    b.field(t::FICHE_REGIME, &regimes.join(" ; "), 0);
    let accred = match &e.accred_note {
        Some(n) => format!("{} ({n})", labels::accred(e.accred)),
        None => labels::accred(e.accred).to_string(),
    };
    b.field(t::FICHE_ACCRED, &accred, 0);
    b.field(t::FICHE_RETENTION, &e.retention, 0);

    b.heading(t::FICHE_LEGAL);
    for l in &e.legal_basis {
        legal_line(&mut b, &l.text, &l.articles, l.confidence, 0);
        let dim = theme.dim();
        b.push(&[("  ", Style::new()), (&l.source_url, dim)], 2);
        if let Some(n) = &l.note {
            b.field(t::FICHE_NOTE, n, 2);
        }
    }

    if !e.enclose.is_empty() {
        b.heading(t::FICHE_ENCLOSE);
        for x in &e.enclose {
            b.push(&[("• ", Style::new()), (x, Style::new())], 2);
        }
    }

    b.heading(t::FICHE_ROUTES);
    let mut parts = Vec::new();
    for r in &e.routes {
        let start = b.lines.len();
        let label = theme.label();
        let warn = theme.warn();
        let dim = theme.dim();
        let mut pieces: Vec<(&str, Style)> = vec![("▸ ", label), (&r.title, label)];
        let start_tag = format!(" ({})", t::FICHE_START);
        if r.start {
            pieces.push((&start_tag, dim));
        }
        let low = b.low(r.confidence);
        if !low.is_empty() {
            pieces.push((" ", Style::new()));
            pieces.push((low, warn));
        }
        b.push(&pieces, 2);
        b.push(&[("  ", Style::new()), (&r.explanation, Style::new())], 2);
        if let Some(a) = cat.authority(&r.recipient) {
            let dest = match &a.local_prompt {
                Some(p) => format!("{} ({}{p})", a.name, t::FICHE_TO_SPECIFY),
                None if a.address_lines.is_empty() => a.name.clone(),
                None => {
                    // Address lines often begin with the name itself.
                    let lines: Vec<&str> = a
                        .address_lines
                        .iter()
                        .map(String::as_str)
                        .filter(|l| *l != a.name)
                        .collect();
                    format!("{}, {}", a.name, lines.join(", "))
                }
            };
            let low = b.low(a.confidence);
            let mut pieces: Vec<(&str, Style)> = vec![
                ("  ", Style::new()),
                (t::FICHE_RECIPIENT, theme.label()),
                (&dest, Style::new()),
            ];
            if !low.is_empty() {
                pieces.push((" ", Style::new()));
                pieces.push((low, warn));
            }
            b.push(&pieces, 4);
            if let Some(m) = &a.email {
                b.field(t::FICHE_EMAIL, m, 2);
            }
            if let Some(f) = &a.online_form {
                b.field(t::FICHE_ONLINE, f, 2);
            }
        }
        for l in &r.legal_basis {
            legal_line(&mut b, &l.text, &l.articles, l.confidence, 2);
        }
        for d in &r.deadlines {
            let line = deadline_line(d);
            b.field(t::FICHE_DEADLINE, &line, 2);
        }
        if !r.enclose.is_empty() {
            b.field(t::FICHE_ROUTE_ENCLOSE, &r.enclose.join(" ; "), 2);
        }
        if r.letter.is_none() {
            b.push(&[("  ", Style::new()), (t::FICHE_NO_LETTER, dim)], 4);
        }
        let next: Vec<&str> = r
            .next
            .iter()
            .filter_map(|id| e.route(id))
            .map(|n| n.title.as_str())
            .collect();
        if !next.is_empty() {
            b.field(t::FICHE_NEXT, &next.join(" ; "), 2);
        }
        if let Some(n) = &r.confidence_note {
            b.field(t::FICHE_NOTE, n, 2);
        }
        parts.push((start, b.lines.len()));
        b.blank();
    }

    b.heading(t::FICHE_CONFIDENCE);
    let conf = t::fiche_confidence(labels::confidence(e.confidence), e.checked);
    let style = if e.confidence == Confidence::Low {
        theme.warn()
    } else {
        Style::new()
    };
    b.push(&[(&conf, style)], 2);
    if let Some(n) = &e.confidence_note {
        b.push(&[("  ", Style::new()), (n, Style::new())], 2);
    }
    if let Some(n) = &e.notes {
        b.field(t::FICHE_REMARKS, n, 0);
    }
    b.heading(t::FICHE_SOURCES);
    for s in &e.sources {
        let dim = theme.dim();
        b.push(&[("• ", Style::new()), (s, dim)], 2);
    }
    Doc {
        lines: b.lines,
        parts,
    }
}

fn legal_line(b: &mut Builder, text: &str, articles: &[String], c: Confidence, indent: usize) {
    let pad = " ".repeat(indent);
    let arts = format!(", {}{}", t::FICHE_ARTICLES, articles.join(", "));
    let warn = b.theme.warn();
    let low = b.low(c);
    let label = b.theme.label();
    let mut pieces: Vec<(&str, Style)> = vec![(&pad, Style::new())];
    if indent > 0 {
        pieces.push((t::FICHE_TEXTS, label));
    } else {
        pieces.push(("• ", Style::new()));
    }
    pieces.push((text, Style::new()));
    if !articles.is_empty() {
        pieces.push((&arts, Style::new()));
    }
    if !low.is_empty() {
        pieces.push((" ", Style::new()));
        pieces.push((low, warn));
    }
    b.push(&pieces, indent + 2);
}

/// The Assistant's preview: warnings first, then the letter as it will be printed.
/// The Assistant's preview: the person's deadline for the step (`guard`: its lines, and
/// whether it has passed) first, then the low-confidence facts, then the letter.
pub fn preview(
    letter: Option<&Letter>,
    warnings: &[(String, String)],
    guard: (&[String], bool),
    width: usize,
    theme: Theme,
) -> Doc {
    let mut b = Builder::new(width, theme);
    let (guard, late) = guard;
    if !guard.is_empty() {
        let first = if late { theme.danger() } else { theme.label() };
        for (i, line) in guard.iter().enumerate() {
            let style = if i == 0 { first } else { Style::new() };
            b.push(&[(line, style)], 0);
        }
        b.blank();
    }
    if !warnings.is_empty() {
        let warn = theme.warn();
        b.push(&[(t::WIZ_WARNINGS, warn)], 0);
        for (fact, why) in warnings {
            b.push(
                &[
                    ("  – ", warn),
                    (fact, warn),
                    (" : ", warn),
                    (why, Style::new()),
                ],
                4,
            );
        }
        b.blank();
    }
    if let Some(letter) = letter {
        if !letter.cautions.is_empty() {
            let warn = theme.warn();
            b.push(&[(crate::texts::letters::cautions_header(), warn)], 0);
            for c in &letter.cautions {
                b.push(&[("  – ", warn), (c, Style::new())], 4);
            }
            b.blank();
        }
        if !letter.conditional_enclosures.is_empty() {
            let label = theme.label();
            b.push(&[(t::WIZ_ENCLOSE_IF, label)], 0);
            for e in &letter.conditional_enclosures {
                b.push(&[("  – ", Style::new()), (e, Style::new())], 4);
            }
            b.blank();
        }
        let rule = "─".repeat(width.min(72));
        b.push(&[(&rule, theme.border())], 0);
        for line in letter.text().lines() {
            if line.is_empty() {
                b.blank();
            } else {
                b.push(&[(line, Style::new())], 0);
            }
        }
        b.push(&[(&rule, theme.border())], 0);
    }
    Doc {
        lines: b.lines,
        parts: Vec::new(),
    }
}

/// A case: who, what, where it stands, and its history.
pub fn dossier(
    cat: &Catalogue,
    data: &super::tracker::Data,
    tr: &crate::cases::agenda::Tracked,
    width: usize,
    theme: Theme,
) -> Doc {
    use crate::texts::cases as tc;
    let mut b = Builder::new(width, theme);
    let c = &tr.history.case;
    let st = &tr.status;
    let entry = cat.entry(&c.fichier);
    let route_title = |id: &str| {
        entry
            .and_then(|e| e.route(id))
            .map_or_else(|| id.to_string(), |r| r.title.clone())
    };
    b.field(t::DOSSIER_PERSON, &data.person_name(c.personne), 0);
    let file = match entry {
        Some(e) => format!("{} — {}", e.code, e.name),
        None => c.fichier.clone(),
    };
    b.field(t::DOSSIER_FILE, &file, 0);
    b.field(t::DOSSIER_ROUTE, &route_title(&c.demarche), 0);
    if let Some(to) = &c.destinataire {
        // Kept from the last letter: where the next one goes.
        b.field(
            t::DOSSIER_RECIPIENT,
            &to.lines().collect::<Vec<_>>().join(", "),
            0,
        );
    }
    let state = format!("{} — {}", tc::state(st.state), tc::why(st.why));
    let style = match st.state {
        crate::cases::status::State::EnRetard => theme.danger(),
        crate::cases::status::State::AAgir => theme.warn(),
        _ => Style::new(),
    };
    let label = theme.label();
    b.push(&[(t::DOSSIER_STATUS, label), (&state, style)], 2);
    if let Some(d) = st.sent {
        b.field(t::DOSSIER_SENT, &crate::texts::dates::date_fr(d), 0);
    }
    if let Some(d) = st.received {
        b.field(t::DOSSIER_RECEIVED, &crate::texts::dates::date_fr(d), 0);
    }
    if let Some(d) = &st.reply_due
        && matches!(
            st.state,
            crate::cases::status::State::EnAttente | crate::cases::status::State::EnRetard
        )
    {
        b.field(t::DOSSIER_REPLY_DUE, &crate::texts::cases::due_text(d), 0);
    }
    for n in &st.next_steps {
        let mut s = route_title(&n.route);
        if let Some(state) = crate::texts::cases::next_step_state(n) {
            s.push_str(" — ");
            s.push_str(&state);
        }
        b.field(t::DOSSIER_NEXT, &s, 0);
    }
    if let Some(p) = c.suite_de {
        b.field(t::DOSSIER_FOLLOWS, &p.to_string(), 0);
    }
    if !c.references.is_empty() {
        b.field(t::DOSSIER_REFERENCES, &c.references.join(", "), 0);
    }
    b.heading(t::DOSSIER_TIMELINE);
    let opened = tc::date(c.ouvert);
    b.push(
        &[
            ("  ", Style::new()),
            (&opened, theme.label()),
            ("  ", Style::new()),
            (t::DOSSIER_OPENED, Style::new()),
        ],
        14,
    );
    for e in &tr.history.events {
        let date = tc::date(e.date);
        let what = tc::event_kind(&e.kind);
        // A cancelled event stays in the history, struck through and said in words (a
        // screen reader does not read the strike-through).
        let cancelled = tr.history.is_cancelled(e.id);
        let struck = |s: Style| {
            if cancelled {
                s.add_modifier(Modifier::CROSSED_OUT)
            } else {
                s
            }
        };
        let mut pieces: Vec<(&str, Style)> = vec![
            ("  ", Style::new()),
            (&date, struck(theme.label())),
            ("  ", Style::new()),
            (&what, struck(Style::new())),
        ];
        let text;
        if let Some(x) = &e.texte {
            text = format!(" — {x}");
            pieces.push((&text, struck(theme.dim())));
        }
        if cancelled {
            pieces.push((t::EVENT_CANCELLED, theme.dim()));
        }
        b.push(&pieces, 14);
    }
    Doc {
        lines: b.lines,
        parts: Vec::new(),
    }
}
