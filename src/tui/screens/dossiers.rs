//! The Dossiers tab: every case in a table, searched, filtered by status, sorted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::action::{Action, Nav};
use super::super::context::Context;
use super::super::keys::Ctx;
use super::super::layout::{self, list_offset};
use super::super::text::{truncate, width, wrap};
use super::super::tracker::{self, Sort};
use super::super::widgets::{
    caret_after, clicked_row, days_text, frame_size, update_search, urgency_style,
};
use super::{Title, step};
use std::collections::BTreeSet;

use crate::cases::CaseId;
use crate::cases::status::State;
use crate::texts::batch as tb;
use crate::texts::cases as tc;
use crate::texts::tui as t;

/// The Dossiers table: selection, search, status filter, order, and the rows they give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DossiersView {
    pub sel: usize,
    pub query: String,
    pub typing: bool,
    pub state: Option<State>,
    pub sort: Sort,
    /// The rows shown (indexes into `data.tracked`), kept in step with the view and the data.
    pub rows: Vec<usize>,
    /// The cases picked with Espace for « Rédiger les lettres ».
    pub picked: BTreeSet<CaseId>,
}

impl DossiersView {
    pub fn new(cx: &Context) -> DossiersView {
        let mut v = DossiersView::default();
        v.refresh(cx);
        v
    }

    /// Recomputes the rows after a change of data, search, filter or order.
    pub fn refresh(&mut self, cx: &Context) {
        self.rows = match &cx.data {
            Some(d) => tracker::dossier_rows(d, &self.query, self.state, self.sort, None),
            None => Vec::new(),
        };
        // A case deleted meanwhile is no longer picked.
        if let Some(d) = &cx.data {
            self.picked.retain(|id| d.case(*id).is_some());
        }
    }

    pub fn ctx(&self) -> Ctx {
        if self.typing {
            Ctx::SearchInput
        } else {
            Ctx::Dossiers
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        self.sel = step(self.sel, delta);
    }

    pub fn clamp(&mut self) {
        self.sel = self.sel.min(self.rows.len().saturating_sub(1));
    }

    /// The case on the selected row.
    fn current(&self, cx: &Context) -> Option<CaseId> {
        let i = *self.rows.get(self.sel)?;
        Some(cx.data.as_ref()?.tracked.get(i)?.history.case.id)
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match action {
            Action::Open => return self.current(cx).map_or(Nav::Stay, Nav::Case),
            Action::TogglePick => {
                if let Some(id) = self.current(cx) {
                    if !self.picked.remove(&id) {
                        self.picked.insert(id);
                    }
                    // On to the next row, as in a file manager.
                    self.sel += 1;
                }
            }
            // The cases picked, or the one on the selected row when none is.
            Action::WriteLetters => {
                let cases: Vec<CaseId> = if self.picked.is_empty() {
                    self.current(cx).into_iter().collect()
                } else {
                    self.picked.iter().copied().collect()
                };
                if cases.is_empty() {
                    return Nav::Stay;
                }
                return Nav::WriteLetters(cases);
            }
            Action::Back => return Nav::Back,
            Action::Click(col, row) => {
                let area = layout::table_list(cx.size);
                return match clicked_row(area, *col, *row, self.sel, self.rows.len()) {
                    Some(i) if i == self.sel => self.update(&Action::Open, cx),
                    Some(i) => {
                        self.sel = i;
                        Nav::Stay
                    }
                    None => Nav::Stay,
                };
            }
            Action::CycleStatus => {
                self.state = match self.state {
                    None => Some(State::ALL[0]),
                    Some(s) => {
                        let i = State::ALL.iter().position(|x| *x == s).unwrap_or(0);
                        State::ALL.get(i + 1).copied()
                    }
                };
                self.sel = 0;
            }
            Action::CycleSort => {
                self.sort = self.sort.next();
                self.sel = 0;
            }
            // Échap clears the filter and the search; when there is none, the cases picked.
            Action::ClearFilter => {
                if self.state.is_none() && self.query.is_empty() {
                    self.picked.clear();
                } else {
                    self.state = None;
                    self.query.clear();
                    self.sel = 0;
                }
            }
            other => update_search(&mut self.query, &mut self.typing, &mut self.sel, other),
        }
        self.refresh(cx);
        Nav::Stay
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let (th, size, v) = (cx.theme, frame_size(f), self);
        let data = cx.data.as_ref()?;
        let total = data.tracked.len();
        let mut count = t::case_count(self.rows.len(), total);
        if !self.picked.is_empty() {
            count = format!("{} · {count}", tb::picked(self.picked.len()));
        }
        let heading = Some((t::DOSSIERS_TITLE.to_string(), count));
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
        let filter_area = layout::table_filter(size);
        f.render_widget(filter_line, filter_area);
        if v.typing {
            caret_after(f, filter_area, &format!("{}{}", t::SEARCH_PROMPT, v.query));
        }
        let area = layout::table_list(size);
        if self.rows.is_empty() {
            let msg = if total == 0 {
                t::DOSSIERS_EMPTY
            } else {
                t::DOSSIERS_NONE_MATCH
            };
            let lines = wrap(&[(msg, th.plain())], usize::from(area.width), 0);
            f.render_widget(Paragraph::new(lines), area);
            return heading;
        }
        // Columns: case number, person, file, route, status, due date, days left. Narrow
        // terminals drop the route (shown on the case) so names and numbers stay whole.
        let w = usize::from(area.width).saturating_sub(2);
        let wide = w >= 100;
        let file_w = if wide { 17usize } else { 13 };
        // « à vous d'agir », « 01/01/2027 », « ⚠ retard 99 j »: each fits with a space.
        let (num_w, status_w, due_w, days_w) = (5usize, 14usize, 11usize, 13usize);
        let flex = w.saturating_sub(num_w + file_w + status_w + due_w + days_w);
        let (person_w, route_w) = if wide {
            let p = (flex * 2 / 5).max(8);
            (p, flex.saturating_sub(p))
        } else {
            (flex.max(8), 0)
        };
        let cell = |s: &str, n: usize| {
            let s = truncate(s, n.saturating_sub(1));
            let pad = n.saturating_sub(width(&s));
            format!("{s}{}", " ".repeat(pad))
        };
        let head = format!(
            "  {}{}{}{}{}{}{}",
            cell(t::COL_NUMBER, num_w),
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
        let visible: Vec<Line> = self
            .rows
            .iter()
            .skip(offset)
            .take(h)
            .filter_map(|&i| data.tracked.get(i))
            .map(|tr| {
                let pick = if self.picked.contains(&tr.history.case.id) {
                    "✓"
                } else {
                    " "
                };
                let c = &tr.history.case;
                let st = &tr.status;
                let u = tracker::urgency(tr, cx.today);
                let route = cx
                    .catalogue
                    .entry(&c.fichier)
                    .and_then(|e| e.route(&c.demarche))
                    .map_or(c.demarche.as_str(), |r| r.title.as_str());
                let due = st.next_due();
                let status = tc::state(st.state).to_string();
                Line::from(vec![
                    Span::styled(pick, th.ok()),
                    Span::styled(cell(&c.id.to_string(), num_w), th.dim()),
                    Span::raw(cell(&data.person_name(c.personne), person_w)),
                    Span::styled(cell(&c.fichier, file_w), th.label()),
                    Span::raw(cell(route, route_w)),
                    Span::styled(cell(&status, status_w), urgency_style(th, u)),
                    Span::raw(cell(&due.map(tc::date).unwrap_or_default(), due_w)),
                    Span::styled(days_text(cx.today, due), urgency_style(th, u)),
                ])
            })
            .collect();
        // `list` expects all rows; give it the visible ones with the selection shifted.
        for (k, row) in visible.into_iter().enumerate() {
            let i = offset + k;
            let r = Rect::new(area.x, area.y + k as u16, area.width, 1);
            // The selection marker, then the pick mark (in the row's first span).
            let marker = if i == v.sel { "▶" } else { " " };
            let mut line = Line::from(Span::raw(marker));
            line.spans.extend(row.spans);
            if i == v.sel {
                let pad = usize::from(area.width).saturating_sub(line.width());
                line.spans.push(Span::raw(" ".repeat(pad)));
                line = line.style(th.selected());
                if !v.typing {
                    // The terminal's cursor on the selected row (screen readers, braille).
                    f.set_cursor_position((r.x, r.y));
                }
            }
            f.render_widget(line, r);
        }
        heading
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing;
    use super::*;

    #[test]
    fn the_status_filter_goes_round_every_status_and_the_rows_follow() {
        let mut tr = testing::tracker();
        let mut v = DossiersView::new(&tr.cx);
        assert_eq!(v.rows, [0]);
        let state = tr.cx.data.as_ref().unwrap().tracked[0].status.state;
        for s in State::ALL {
            v.update(&Action::CycleStatus, &mut tr.cx);
            assert_eq!(v.state, Some(s));
            assert_eq!(v.rows.len(), usize::from(s == state), "{s:?}");
        }
        v.update(&Action::CycleStatus, &mut tr.cx);
        assert_eq!(v.state, None);
        assert_eq!(v.update(&Action::Open, &mut tr.cx), Nav::Case(tr.case));
    }

    #[test]
    fn espace_picks_a_case_r_asks_for_its_letters_and_escape_drops_the_picks() {
        let mut tr = testing::tracker();
        let mut v = DossiersView::new(&tr.cx);
        // Nothing picked: the case on the selected row.
        assert_eq!(
            v.update(&Action::WriteLetters, &mut tr.cx),
            Nav::WriteLetters(vec![tr.case])
        );
        v.update(&Action::TogglePick, &mut tr.cx);
        assert!(v.picked.contains(&tr.case));
        v.clamp();
        v.update(&Action::TogglePick, &mut tr.cx);
        assert!(v.picked.is_empty(), "Espace again drops it");
        v.update(&Action::TogglePick, &mut tr.cx);
        v.update(&Action::ClearFilter, &mut tr.cx);
        assert!(v.picked.is_empty());
    }

    #[test]
    fn a_search_that_matches_nothing_leaves_no_row_to_open() {
        let mut tr = testing::tracker();
        let mut v = DossiersView::new(&tr.cx);
        v.update(&Action::StartSearch, &mut tr.cx);
        for c in "zzz".chars() {
            v.update(&Action::Input(c), &mut tr.cx);
        }
        assert!(v.rows.is_empty());
        assert_eq!(v.update(&Action::Open, &mut tr.cx), Nav::Stay);
        v.update(&Action::SearchCancel, &mut tr.cx);
        assert_eq!((v.query.as_str(), v.rows.len()), ("", 1));
        // The person's name finds the case, without accents or capitals.
        v.update(&Action::StartSearch, &mut tr.cx);
        for c in "MARTIN".chars() {
            v.update(&Action::Input(c), &mut tr.cx);
        }
        assert_eq!(v.rows, [0]);
    }

    #[test]
    fn a_name_with_vietnamese_letters_is_found_by_its_plain_form() {
        let mut tr = testing::tracker();
        let data = tr.cx.data.as_mut().unwrap();
        let mut p = testing::person();
        p.nom = "Nguyễn".into();
        p.prenoms = "Thị Hœ".into();
        data.store.update_person(tr.person, &p).unwrap();
        data.reload(&tr.cx.catalogue, tr.cx.today).unwrap();
        let mut v = DossiersView::new(&tr.cx);
        v.update(&Action::StartSearch, &mut tr.cx);
        // Shown « Thị Hœ NGUYỄN »; typed on a plain keyboard.
        for c in "thi hoe nguyen".chars() {
            v.update(&Action::Input(c), &mut tr.cx);
        }
        assert_eq!(v.rows, [0]);
    }
}
