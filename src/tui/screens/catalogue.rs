//! The Catalogue tab: every file acces knows, searched and filtered by regime, with a
//! preview; and one file's fiche.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::action::{Action, Nav, Preset};
use super::super::context::Context;
use super::super::docs;
use super::super::keys::Ctx;
use super::super::layout;
use super::super::text::{truncate, width, wrap};
use super::super::widgets::{caret_after, clicked_row, frame_size, list, update_search};
use super::{Title, step};
use crate::catalogue::{Confidence, Entry, Regime};
use crate::texts::{labels, tui as t};

/// The catalogue list: selection, search text, regime filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueView {
    pub sel: usize,
    pub query: String,
    pub regime: Option<Regime>,
    pub typing: bool,
}

impl CatalogueView {
    pub fn ctx(&self) -> Ctx {
        if self.typing {
            Ctx::SearchInput
        } else {
            Ctx::Catalogue
        }
    }

    /// Entries shown with the search and the filter.
    pub fn rows<'a>(&self, cx: &'a Context) -> Vec<&'a Entry> {
        cx.catalogue
            .search(&self.query)
            .filter(|e| self.regime.is_none_or(|r| e.regime.contains(&r)))
            .collect()
    }

    pub fn move_by(&mut self, delta: isize) {
        self.sel = step(self.sel, delta);
    }

    pub fn clamp(&mut self, cx: &Context) {
        self.sel = self.sel.min(self.rows(cx).len().saturating_sub(1));
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        let code = |v: &Self| v.rows(cx).get(v.sel).map(|e| e.code.clone());
        match action {
            Action::Open => code(self).map_or(Nav::Stay, |code| Nav::Fiche { code, route: None }),
            Action::StartWizard => code(self).map_or(Nav::Stay, |code| {
                Nav::Wizard(Preset {
                    file: Some(code),
                    ..Preset::default()
                })
            }),
            Action::Back => Nav::Back,
            Action::Click(col, row) => {
                let area = layout::catalogue_list(cx.size);
                match clicked_row(area, *col, *row, self.sel, self.rows(cx).len()) {
                    Some(i) if i == self.sel => self.update(&Action::Open, cx),
                    Some(i) => {
                        self.sel = i;
                        Nav::Stay
                    }
                    None => Nav::Stay,
                }
            }
            Action::CycleRegime => {
                self.regime = match self.regime {
                    None => Some(Regime::ALL[0]),
                    Some(r) => {
                        let i = Regime::ALL.iter().position(|x| *x == r).unwrap_or(0);
                        Regime::ALL.get(i + 1).copied()
                    }
                };
                self.sel = 0;
                Nav::Stay
            }
            Action::ClearFilter => {
                self.query.clear();
                self.regime = None;
                self.sel = 0;
                Nav::Stay
            }
            other => {
                update_search(&mut self.query, &mut self.typing, &mut self.sel, other);
                Nav::Stay
            }
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let (th, size, v) = (cx.theme, frame_size(f), self);
        let rows = self.rows(cx);
        let total = cx.catalogue.entries().len();
        let heading = Some((
            t::CATALOGUE_TITLE.to_string(),
            t::entry_count(rows.len(), total),
        ));

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
        let filter_area = layout::catalogue_filter(size);
        f.render_widget(filter_line, filter_area);

        let area = layout::catalogue_list(size);
        if v.typing {
            caret_after(f, filter_area, &format!("{}{}", t::SEARCH_PROMPT, v.query));
        }
        if rows.is_empty() {
            let msg = wrap(
                &[(t::CATALOGUE_EMPTY, th.warn())],
                usize::from(area.width),
                0,
            );
            f.render_widget(Paragraph::new(msg), area);
            return heading;
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
        list(th, f, area, lines, v.sel);
        if v.typing {
            // While typing a search, the cursor stays at its caret (the last place wins).
            caret_after(f, filter_area, &format!("{}{}", t::SEARCH_PROMPT, v.query));
        }

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
        heading
    }
}

/// One file's fiche, scrolled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fiche {
    pub code: String,
    pub scroll: usize,
}

impl Fiche {
    /// The fiche of `code`, at the part of `route` when given.
    pub fn at(cx: &Context, code: String, route: Option<&str>) -> Fiche {
        let scroll = cx.fiche_scroll(&code, route);
        Fiche { code, scroll }
    }

    pub fn ctx(&self) -> Ctx {
        Ctx::Fiche
    }

    pub fn move_by(&mut self, delta: isize) {
        self.scroll = step(self.scroll, delta);
    }

    pub fn clamp(&mut self, cx: &Context) {
        let len = cx.catalogue.entry(&self.code).map_or(0, |e| {
            docs::fiche(&cx.catalogue, e, cx.doc_width(), cx.theme)
                .lines
                .len()
        });
        self.scroll = self.scroll.min(len.saturating_sub(cx.doc_height()));
    }

    pub fn update(&mut self, action: &Action, _cx: &mut Context) -> Nav {
        match action {
            Action::StartWizard => Nav::Wizard(Preset {
                file: Some(self.code.clone()),
                ..Preset::default()
            }),
            Action::Back => Nav::Back,
            _ => Nav::Stay,
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let e = cx.catalogue.entry(&self.code)?;
        let scroll = self.scroll;
        let area = layout::doc_area(frame_size(f));
        let doc = docs::fiche(&cx.catalogue, e, usize::from(area.width), cx.theme);
        let h = usize::from(area.height);
        let pos = t::scroll_position(scroll, doc.lines.len());
        let shown: Vec<Line> = doc.lines.into_iter().skip(scroll).take(h).collect();
        f.render_widget(Paragraph::new(shown), area);
        Some((format!("{} › {}", t::TAB_CATALOGUE, e.code), pos))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing;
    use super::*;

    fn typed(v: &mut CatalogueView, cx: &mut Context, s: &str) {
        for c in s.chars() {
            v.update(&Action::Input(c), cx);
        }
    }

    #[test]
    fn typing_a_search_filters_the_rows_and_escape_clears_it() {
        let mut cx = testing::cx();
        let mut v = CatalogueView::default();
        let all = v.rows(&cx).len();
        // Letters typed before `/` are not a search.
        typed(&mut v, &mut cx, "taj");
        assert_eq!(v.query, "");
        v.update(&Action::StartSearch, &mut cx);
        assert_eq!(v.ctx(), Ctx::SearchInput);
        typed(&mut v, &mut cx, "taj");
        v.update(&Action::SearchDone, &mut cx);
        assert_eq!(v.ctx(), Ctx::Catalogue);
        let rows: Vec<String> = v.rows(&cx).iter().map(|e| e.code.clone()).collect();
        assert!(
            rows.contains(&"TAJ".to_string()) && rows.len() < all,
            "{rows:?}"
        );
        assert_eq!(
            v.update(&Action::Open, &mut cx),
            Nav::Fiche {
                code: rows[0].clone(),
                route: None
            }
        );
        v.update(&Action::ClearFilter, &mut cx);
        assert_eq!(v.rows(&cx).len(), all);
    }

    #[test]
    fn the_regime_filter_goes_round_every_regime_then_back_to_all() {
        let mut cx = testing::cx();
        let mut v = CatalogueView::default();
        for r in Regime::ALL {
            v.update(&Action::CycleRegime, &mut cx);
            assert_eq!(v.regime, Some(r));
            assert!(v.rows(&cx).iter().all(|e| e.regime.contains(&r)));
        }
        v.update(&Action::CycleRegime, &mut cx);
        assert_eq!(v.regime, None);
    }

    #[test]
    fn a_fiche_scrolls_within_its_text_and_writes_from_its_file() {
        let mut cx = testing::cx();
        let mut f = Fiche::at(&cx, "TAJ".into(), None);
        f.move_by(10_000);
        f.clamp(&cx);
        let len = docs::fiche(
            &cx.catalogue,
            cx.catalogue.entry("TAJ").unwrap(),
            cx.doc_width(),
            cx.theme,
        )
        .lines
        .len();
        assert_eq!(f.scroll, len.saturating_sub(cx.doc_height()));
        assert_eq!(
            f.update(&Action::StartWizard, &mut cx),
            Nav::Wizard(Preset {
                file: Some("TAJ".into()),
                ..Preset::default()
            })
        );
        // At a route: its part of the fiche.
        let at = Fiche::at(&cx, "TAJ".into(), Some("effacement"));
        assert!(at.scroll > 0);
    }
}
