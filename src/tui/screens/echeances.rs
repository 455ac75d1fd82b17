//! The Échéances tab: the sections of `crate::cases::agenda` (the same as `acces
//! echeances`): the administration's delays, the person's deadlines (soonest first), the
//! answers to come (the next weeks, then « Plus tard »), unsent drafts, missing receipts, and
//! the cases waiting with nothing next.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::action::{Action, Nav};
use super::super::context::Context;
use super::super::keys::Ctx;
use super::super::layout;
use super::super::text::{truncate, width, wrap};
use super::super::tracker;
use super::super::widgets::{days_text, frame_size};
use super::{Title, step};
use crate::cases::CaseId;
use crate::cases::agenda::{DueItem, Section};
use crate::cases::status::DeadlineKind;
use crate::texts::cases as tc;
use crate::texts::tui as t;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Echeances {
    pub sel: usize,
}

impl Echeances {
    pub fn ctx(&self) -> Ctx {
        Ctx::Echeances
    }

    /// The number of items (all sections).
    pub fn len(&self, cx: &Context) -> usize {
        cx.data.as_ref().map_or(0, |d| d.agenda.items().count())
    }

    /// The case of the n-th item, in display order.
    pub fn case(&self, cx: &Context, n: usize) -> Option<CaseId> {
        cx.data.as_ref()?.agenda.items().nth(n).map(|i| i.dossier)
    }

    pub fn move_by(&mut self, delta: isize) {
        self.sel = step(self.sel, delta);
    }

    pub fn clamp(&mut self, cx: &Context) {
        self.sel = self.sel.min(self.len(cx).saturating_sub(1));
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match action {
            Action::Open => self.case(cx, self.sel).map_or(Nav::Stay, Nav::Case),
            Action::Back => Nav::Back,
            _ => Nav::Stay,
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let sel = self.sel;
        let th = cx.theme;
        let size = frame_size(f);
        let data = cx.data.as_ref()?;
        let heading = || Some((t::ECHEANCES_TITLE.to_string(), String::new()));
        let area = layout::content(size);
        let w = usize::from(area.width).saturating_sub(2);
        let a = &data.agenda;
        if a.is_empty() {
            let lines = wrap(
                &[(t::ECHEANCES_EMPTY, th.plain())],
                usize::from(area.width),
                0,
            );
            f.render_widget(Paragraph::new(lines), area);
            return heading();
        }
        // The rows are laid out first (cheap), and only the visible ones are drawn: the screen
        // stays fast with thousands of deadlines.
        let mut rows: Vec<AgendaRow> = Vec::new();
        let mut n = 0;
        let mut sel_row = 0;
        let horizon = cx.today + chrono::Days::new(u64::from(tracker::AGENDA_DAYS));
        for section in Section::ALL {
            let items = a.section(section);
            let heading = crate::texts::agenda::agenda_section(section);
            let (style, splits_later) = match section {
                Section::EnRetard => (th.danger(), false),
                Section::AVous => (th.warn(), false),
                Section::AVenir => (th.heading(), true),
                _ => (th.heading(), false),
            };
            if !rows.is_empty() {
                rows.push(AgendaRow::Blank);
            }
            // Upcoming deadlines are sorted by date: those beyond the first weeks go under a
            // « Plus tard » heading, in the same list so selection indexes do not change.
            let is_later =
                |item: &DueItem| splits_later && item.echeance.is_some_and(|d| d > horizon);
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
                    let mut line = agenda_line(cx, item, w);
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
        heading()
    }
}

/// One row of the Échéances screen, before it is drawn.
enum AgendaRow<'a> {
    Heading(&'static str, usize, Style),
    Nothing,
    Blank,
    Item(usize, &'a DueItem),
}

fn agenda_line(cx: &Context, item: &DueItem, w: usize) -> Line<'static> {
    let th = cx.theme;
    let Some(data) = &cx.data else {
        return Line::default();
    };
    // A draft or a sending without receipt shows the day it has waited since.
    let date = item
        .echeance
        .or(item.depuis)
        .map(tc::date)
        .unwrap_or_else(|| " ".repeat(10));
    let days = match (item.echeance, item.depuis) {
        (None, Some(since)) => t::waited((cx.today - since).num_days()),
        (due, _) => days_text(cx.today, due),
    };
    let what = match (item.type_echeance, &item.etape) {
        (Some(DeadlineKind::Step), Some(step)) => {
            let title = cx
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
    let overdue = item.echeance.is_some_and(|d| d < cx.today)
        || item.etat == crate::cases::status::State::EnRetard;
    let soon = item
        .echeance
        .is_some_and(|d| (d - cx.today).num_days() <= 7);
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

#[cfg(test)]
mod tests {
    use super::super::testing;
    use super::*;

    #[test]
    fn enter_opens_the_case_of_the_selected_deadline() {
        let mut tr = testing::tracker();
        let mut s = Echeances::default();
        assert_eq!(s.len(&tr.cx), 1);
        assert_eq!(s.update(&Action::Open, &mut tr.cx), Nav::Case(tr.case));
    }

    #[test]
    fn the_selection_stays_on_an_item() {
        let tr = testing::tracker();
        let mut s = Echeances::default();
        s.move_by(5);
        assert_eq!(s.sel, 5);
        s.clamp(&tr.cx);
        assert_eq!(s.sel, 0);
        // Without a tracker there is nothing to open.
        let mut cx = testing::cx();
        assert_eq!(s.update(&Action::Open, &mut cx), Nav::Stay);
    }
}
