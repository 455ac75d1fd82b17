//! The Statistiques tab: the anonymised counts of `acces statistiques` (the same function,
//! `crate::cases::stats::compute`, on the tracked cases) as horizontal bar charts, one at a
//! time: by file, by route, by outcome, by month of opening, and the answer times.
//!
//! No name, no identifier. A count from 1 to 4 is written « < 5 » and drawn without a bar,
//! so that its length does not give it away.

use ratatui::Frame;
use ratatui::layout::{Direction, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph};

use super::super::action::{Action, Nav};
use super::super::context::Context;
use super::super::keys::Ctx;
use super::super::layout;
use super::super::text::{truncate, width, wrap};
use super::super::widgets::frame_size;
use super::{Title, step};
use crate::cases::stats::{self, Count, Stats};
use crate::texts::stats as ts;

/// The charts, in the order of the chooser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chart {
    #[default]
    File,
    Route,
    Outcome,
    Month,
    AnswerTimes,
}

impl Chart {
    pub const ALL: [Chart; 5] = [
        Chart::File,
        Chart::Route,
        Chart::Outcome,
        Chart::Month,
        Chart::AnswerTimes,
    ];

    fn index(self) -> usize {
        Chart::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// Its name in the chooser.
    fn label(self) -> &'static str {
        ts::CHARTS[self.index()]
    }

    /// Its heading above the bars.
    fn heading(self) -> &'static str {
        match self {
            Chart::File => ts::BY_FILE,
            Chart::Route => ts::BY_ROUTE,
            Chart::Outcome => ts::BY_OUTCOME,
            Chart::Month => ts::BY_MONTH,
            Chart::AnswerTimes => ts::ANSWER_TIMES,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statistiques {
    pub chart: Chart,
    /// The first bar shown, when the chart is taller than the screen.
    pub scroll: usize,
}

/// One bar: its label, its figure as written (« 12 », « < 5 », « 33,3 % »), and its
/// length (0 when the figure is hidden).
struct Row {
    label: String,
    figure: String,
    value: u64,
}

/// Rows above the bars: the chooser, the note (one or two lines), a blank, the heading.
fn chart_area(size: (u16, u16)) -> Rect {
    let c = layout::content(size);
    let top = c.y + note_lines(size) + 3;
    Rect::new(c.x, top, c.width, c.bottom().saturating_sub(top))
}

fn note_lines(size: (u16, u16)) -> u16 {
    let c = layout::content(size);
    wrap(
        &[(ts::TUI_NOTE, ratatui::style::Style::new())],
        usize::from(c.width),
        0,
    )
    .len() as u16
}

impl Statistiques {
    pub fn ctx(&self) -> Ctx {
        Ctx::Statistiques
    }

    pub fn move_by(&mut self, delta: isize) {
        self.scroll = step(self.scroll, delta);
    }

    pub fn clamp(&mut self, cx: &Context) {
        let Some(data) = &cx.data else {
            self.scroll = 0;
            return;
        };
        let (intro, rows) = chart_rows(self.chart, data.stats());
        let h = usize::from(chart_area(cx.size).height).saturating_sub(intro.len());
        self.scroll = self.scroll.min(rows.len().saturating_sub(h));
    }

    pub fn update(&mut self, action: &Action, _cx: &mut Context) -> Nav {
        let n = Chart::ALL.len();
        let i = self.chart.index();
        let to = match action {
            Action::ChoiceRight => (i + 1) % n,
            Action::ChoiceLeft => (i + n - 1) % n,
            _ => return Nav::Stay,
        };
        self.chart = Chart::ALL[to];
        self.scroll = 0;
        Nav::Stay
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let th = cx.theme;
        let size = frame_size(f);
        let data = cx.data.as_ref()?;
        let s = data.stats();
        let c = layout::content(size);
        // The chooser: every chart's name, the one shown highlighted.
        let mut chooser = Vec::new();
        for chart in Chart::ALL {
            let style = if chart == self.chart {
                th.selected()
            } else {
                th.plain()
            };
            chooser.push(Span::styled(format!(" {} ", chart.label()), style));
            chooser.push(Span::raw(" "));
        }
        f.render_widget(Line::from(chooser), Rect::new(c.x, c.y, c.width, 1));
        let notes = note_lines(size);
        let note = wrap(&[(ts::TUI_NOTE, th.dim())], usize::from(c.width), 0);
        f.render_widget(
            Paragraph::new(note),
            Rect::new(c.x, c.y + 1, c.width, notes),
        );
        let area = chart_area(size);
        let (intro, rows) = chart_rows(self.chart, s);
        let h = usize::from(area.height).saturating_sub(intro.len());
        let scroll = self.scroll.min(rows.len().saturating_sub(h));
        // The heading, and where one is when the bars do not all fit.
        let mut heading = vec![Span::styled(self.chart.heading(), th.label())];
        if rows.len() > h && h > 0 {
            heading.push(Span::styled(
                format!(
                    "  {}",
                    ts::shown_rows(scroll + 1, (scroll + h).min(rows.len()), rows.len())
                ),
                th.dim(),
            ));
        }
        f.render_widget(Line::from(heading), Rect::new(c.x, area.y - 1, c.width, 1));
        let mut y = area.y;
        for line in intro.iter().take(usize::from(area.height)) {
            f.render_widget(Line::raw(line.clone()), Rect::new(area.x, y, area.width, 1));
            y += 1;
        }
        if rows.is_empty() {
            if intro.is_empty() {
                f.render_widget(
                    Line::styled(ts::NO_CASE, th.dim()),
                    Rect::new(area.x, y, area.width, 1),
                );
            }
        } else {
            let bars_area = Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y));
            bars(cx, f, bars_area, &rows, scroll);
        }
        Some((
            crate::texts::tui::TAB_STATISTIQUES.to_string(),
            ts::total(s.dossiers),
        ))
    }
}

/// The lines written above the bars (answer times only) and the bars of a chart.
fn chart_rows(chart: Chart, s: &Stats) -> (Vec<String>, Vec<Row>) {
    let counts = |lines: &[stats::Line], label: &dyn Fn(&str) -> String| -> Vec<Row> {
        lines
            .iter()
            .map(|l| Row {
                label: label(&l.valeur),
                figure: l.dossiers.to_string(),
                value: match l.dossiers {
                    Count::Shown(n) => n as u64,
                    Count::Hidden => 0,
                },
            })
            .collect()
    };
    let same = |v: &str| v.to_string();
    match chart {
        Chart::File => (Vec::new(), counts(&s.par_fichier, &same)),
        Chart::Route => (Vec::new(), counts(&s.par_demarche, &same)),
        Chart::Outcome => (
            Vec::new(),
            counts(&s.par_issue, &|v| ts::outcome_label(v).to_string()),
        ),
        Chart::Month => (Vec::new(), counts(&s.par_mois, &ts::month_label)),
        Chart::AnswerTimes => {
            let d = &s.delais;
            let mut intro = vec![
                ts::answer_base_sentence(d.envoyes, d.repondus),
                format!("{} : {}", ts::MEDIAN, ts::median(d.mediane_jours)),
                ts::OVERDUE_MEANS.to_string(),
            ];
            if d.part_en_retard.is_none() {
                intro.push(ts::SHARES_NOT_COMPUTED.to_string());
            }
            intro.push(String::new());
            // Shares in tenths of a percent, on a scale of 100 %.
            let share = |label: &str, v: Option<f64>| Row {
                label: label.to_string(),
                figure: v.map_or_else(|| ts::NOT_COMPUTED.to_string(), |_| ts::percent(v)),
                value: v.map_or(0, |p| (p * 10.0).round() as u64),
            };
            let rows = vec![
                share(ts::OVERDUE, d.part_en_retard),
                share(ts::NEVER, d.part_sans_reponse),
            ];
            (intro, rows)
        }
    }
}

/// The bars from `scroll` on, each label then its figure, aligned, before the bar.
fn bars(cx: &Context, f: &mut Frame, area: Rect, rows: &[Row], scroll: usize) {
    let th = cx.theme;
    let w = usize::from(area.width);
    let figure_w = rows.iter().map(|r| width(&r.figure)).max().unwrap_or(0);
    // The label column takes what it needs, up to three fifths of the width; the bars the rest.
    let label_w = rows
        .iter()
        .map(|r| width(&r.label))
        .max()
        .unwrap_or(0)
        .min((w * 3 / 5).saturating_sub(figure_w + 2));
    let max = if rows.iter().any(|r| r.figure.ends_with('%')) {
        1000
    } else {
        rows.iter().map(|r| r.value).max().unwrap_or(0).max(1)
    };
    let shown: Vec<Bar> = rows
        .iter()
        .skip(scroll)
        .take(usize::from(area.height))
        .map(|r| {
            let name = truncate(&r.label, label_w);
            let pad = label_w.saturating_sub(width(&name)) + 2;
            let fpad = figure_w.saturating_sub(width(&r.figure));
            let label = Line::from(vec![
                Span::raw(format!("{name}{}", " ".repeat(pad + fpad))),
                Span::styled(r.figure.clone(), th.label()),
            ]);
            // No figure inside the bar: it is in the label, and a hidden count has no bar.
            Bar::default()
                .value(r.value)
                .label(label)
                .text_value(String::new())
        })
        .collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .max(max)
        .bar_style(th.heading())
        .data(ratatui::widgets::BarGroup::default().bars(&shown));
    f.render_widget(chart, area);
}

#[cfg(test)]
mod tests {
    use super::super::testing;
    use super::*;

    #[test]
    fn left_and_right_go_round_the_charts_and_reset_the_scroll() {
        let mut tr = testing::tracker();
        let mut s = Statistiques {
            scroll: 3,
            ..Statistiques::default()
        };
        s.update(&Action::ChoiceLeft, &mut tr.cx);
        assert_eq!(s.chart, Chart::AnswerTimes);
        assert_eq!(s.scroll, 0);
        s.update(&Action::ChoiceRight, &mut tr.cx);
        assert_eq!(s.chart, Chart::File);
    }

    #[test]
    fn a_hidden_count_has_no_bar_and_reads_less_than_five() {
        let tr = testing::tracker();
        let s = stats::compute(&tr.cx.data.as_ref().unwrap().tracked);
        assert_eq!(
            &s,
            tr.cx.data.as_ref().unwrap().stats(),
            "the same function"
        );
        let (_, rows) = chart_rows(Chart::File, &s);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].figure, "< 5");
        assert_eq!(rows[0].value, 0);
    }

    #[test]
    fn the_scroll_stays_within_the_bars() {
        let tr = testing::tracker();
        let mut s = Statistiques::default();
        s.move_by(40);
        s.clamp(&tr.cx);
        assert_eq!(s.scroll, 0, "one bar fits");
    }
}
