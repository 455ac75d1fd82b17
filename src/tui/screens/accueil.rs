//! The Accueil tab: the situations one may be in, then the steps of one situation, each a
//! suggestion (a file and a route) to read on its fiche or to write with the Assistant.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::action::{Action, Nav, Preset};
use super::super::context::Context;
use super::super::docs;
use super::super::keys::Ctx;
use super::super::layout;
use super::super::text::{truncate, wrap};
use super::super::widgets::{clicked_row, frame_size, list};
use super::{Title, step};
use crate::catalogue::Suggestion;
use crate::texts::tui as t;

/// The list of situations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accueil {
    pub sel: usize,
}

impl Accueil {
    pub fn ctx(&self) -> Ctx {
        Ctx::Accueil
    }

    pub fn move_by(&mut self, delta: isize) {
        self.sel = step(self.sel, delta);
    }

    pub fn clamp(&mut self, cx: &Context) {
        self.sel = self
            .sel
            .min(cx.catalogue.situations().len().saturating_sub(1));
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        let n = cx.catalogue.situations().len();
        match action {
            Action::Open if self.sel < n => Nav::Situation(self.sel),
            Action::Back => Nav::Back,
            Action::Click(col, row) => {
                let area = layout::accueil_list(cx.size, n);
                match clicked_row(area, *col, *row, self.sel, n) {
                    Some(i) if i == self.sel => self.update(&Action::Open, cx),
                    Some(i) => {
                        self.sel = i;
                        Nav::Stay
                    }
                    None => Nav::Stay,
                }
            }
            _ => Nav::Stay,
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let (th, size, sel) = (cx.theme, frame_size(f), self.sel);
        let situations = cx.catalogue.situations();
        let heading = Some((t::ACCUEIL_TITLE.to_string(), String::new()));
        let intro = layout::accueil_intro(size);
        let lines = wrap(&[(t::ACCUEIL_INTRO, th.plain())], intro.width as usize, 0);
        f.render_widget(Paragraph::new(lines), intro);
        let area = layout::accueil_list(size, situations.len());
        let w = usize::from(area.width).saturating_sub(2);
        let rows: Vec<Line> = situations
            .iter()
            .map(|s| Line::from(truncate(&s.title, w)))
            .collect();
        list(th, f, area, rows, sel);

        let preview = layout::accueil_preview(size, situations.len());
        if preview.height == 0 {
            return heading;
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
        heading
    }
}

/// The steps of one situation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Situation {
    /// Which situation (its place in the catalogue's list).
    pub idx: usize,
    /// The step selected.
    pub sel: usize,
    /// Lines scrolled past the last step (down to the « À savoir » notes): moving down from
    /// the last step scrolls on, moving up scrolls back before changing step.
    pub tail: usize,
}

impl Situation {
    pub fn new(idx: usize) -> Situation {
        Situation {
            idx,
            sel: 0,
            tail: 0,
        }
    }

    pub fn ctx(&self) -> Ctx {
        Ctx::Situation
    }

    pub fn move_by(&mut self, delta: isize) {
        if delta < 0 && self.tail > 0 {
            let back = delta.unsigned_abs();
            let used = back.min(self.tail);
            self.tail -= used;
            self.sel = step(self.sel, -((back - used).min(isize::MAX as usize) as isize));
        } else {
            // Past the last step, `clamp` turns the rest into scrolling.
            self.sel = step(self.sel, delta);
        }
    }

    pub fn clamp(&mut self, cx: &Context) {
        let Some(s) = cx.catalogue.situations().get(self.idx) else {
            (self.sel, self.tail) = (0, 0);
            return;
        };
        let last = s.suggestions.len().saturating_sub(1);
        if self.sel > last {
            self.tail = self.tail.saturating_add(self.sel - last);
            self.sel = last;
        }
        if self.sel < last {
            self.tail = 0;
            return;
        }
        let area = layout::doc_area(cx.size);
        let doc = docs::situation(&cx.catalogue, s, usize::from(area.width), cx.theme);
        let h = usize::from(area.height);
        let base = layout::doc_offset_for_part(&doc, self.sel, h);
        let max = doc.lines.len().saturating_sub(h).saturating_sub(base);
        self.tail = self.tail.min(max);
    }

    fn suggestion<'a>(&self, cx: &'a Context) -> Option<&'a Suggestion> {
        cx.catalogue
            .situations()
            .get(self.idx)
            .and_then(|s| s.suggestions.get(self.sel))
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match action {
            // Enter writes the suggested letter; the fiche is one key away.
            Action::Open | Action::StartWizard => match self.suggestion(cx) {
                Some(sug) => Nav::Wizard(Preset {
                    file: Some(sug.entry.clone()),
                    route: Some(sug.route.clone()),
                    ..Preset::default()
                }),
                None => Nav::Stay,
            },
            Action::OpenFiche => match self.suggestion(cx) {
                Some(sug) if cx.catalogue.entry(&sug.entry).is_some() => Nav::Fiche {
                    code: sug.entry.clone(),
                    route: Some(sug.route.clone()),
                },
                _ => Nav::Stay,
            },
            Action::Back => Nav::Back,
            Action::Click(col, row) => {
                let area = layout::doc_area(cx.size);
                if !area.contains((*col, *row).into()) {
                    return Nav::Stay;
                }
                let line = usize::from(row - area.y);
                let clicked = cx.catalogue.situations().get(self.idx).and_then(|s| {
                    let doc = docs::situation(&cx.catalogue, s, area.width as usize, cx.theme);
                    let h = usize::from(area.height);
                    let offset = (layout::doc_offset_for_part(&doc, self.sel, h) + self.tail)
                        .min(doc.lines.len().saturating_sub(h));
                    doc.parts
                        .iter()
                        .position(|(a, b)| (*a..*b).contains(&(offset + line)))
                });
                match clicked {
                    Some(i) if i == self.sel => self.update(&Action::Open, cx),
                    Some(i) => {
                        self.sel = i;
                        Nav::Stay
                    }
                    None => Nav::Stay,
                }
            }
            _ => Nav::Stay,
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let (size, sel) = (frame_size(f), self.sel);
        let s = cx.catalogue.situations().get(self.idx)?;
        let area = layout::doc_area(size);
        let doc = docs::situation(&cx.catalogue, s, usize::from(area.width), cx.theme);
        let h = usize::from(area.height);
        let offset = layout::doc_offset_for_part(&doc, sel, h) + self.tail;
        let offset = offset.min(doc.lines.len().saturating_sub(h));
        let pos = t::step_position(sel, doc.parts.len());
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
                *l = std::mem::take(l).style(cx.theme.selected());
            }
        }
        let more_below = lines.len() > offset + h;
        let mut shown: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
        if more_below && let Some(last) = shown.last_mut() {
            // Say there is more, readable without colours.
            *last = Line::from(Span::styled(t::MORE_BELOW, cx.theme.dim()));
        }
        f.render_widget(Paragraph::new(shown), area);
        // The terminal's cursor on the selected step, or at the top of the notes scrolled to
        // (screen readers, braille).
        let y = doc
            .parts
            .get(sel)
            .and_then(|(a, _)| a.checked_sub(offset))
            .filter(|y| *y < h)
            .unwrap_or(0);
        f.set_cursor_position((area.x, area.y + y as u16));
        Some((format!("{} › {}", t::TAB_ACCUEIL, t::SITUATION_STEPS), pos))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing;
    use super::*;

    #[test]
    fn enter_opens_the_selected_situation_and_the_selection_stays_in_the_list() {
        let mut cx = testing::cx();
        let n = cx.catalogue.situations().len();
        let mut s = Accueil::default();
        s.move_by(1);
        assert_eq!(s.update(&Action::Open, &mut cx), Nav::Situation(1));
        s.move_by(isize::MAX / 2);
        s.clamp(&cx);
        assert_eq!(s.sel, n - 1);
        s.move_by(-(isize::MAX / 2));
        assert_eq!(s.sel, 0);
    }

    #[test]
    fn a_step_of_a_situation_opens_the_assistant_preset_or_its_fiche_at_the_route() {
        let mut cx = testing::cx();
        let sug = cx.catalogue.situations()[0].suggestions[1].clone();
        let mut s = Situation::new(0);
        s.move_by(1);
        let wizard = Nav::Wizard(Preset {
            file: Some(sug.entry.clone()),
            route: Some(sug.route.clone()),
            ..Preset::default()
        });
        assert_eq!(s.update(&Action::StartWizard, &mut cx), wizard);
        assert_eq!(s.update(&Action::Open, &mut cx), wizard);
        assert_eq!(
            s.update(&Action::OpenFiche, &mut cx),
            Nav::Fiche {
                code: sug.entry,
                route: Some(sug.route)
            }
        );
        assert_eq!(s.update(&Action::Back, &mut cx), Nav::Back);
    }

    /// The « À savoir » notes come after the last step: End, PgSuiv and the wheel reach
    /// them, and going up comes back to the steps.
    #[test]
    fn the_notes_after_the_last_step_can_be_scrolled_to_and_back() {
        let mut cx = testing::cx();
        cx.size = (80, 24);
        let idx = cx
            .catalogue
            .situations()
            .iter()
            .position(|s| !s.advice.is_empty())
            .expect("a situation with notes");
        let sit = &cx.catalogue.situations()[idx];
        let last = sit.suggestions.len() - 1;
        let area = layout::doc_area(cx.size);
        let doc = docs::situation(&cx.catalogue, sit, usize::from(area.width), cx.theme);
        let h = usize::from(area.height);
        let mut s = Situation::new(idx);
        s.move_by(isize::MAX / 2);
        s.clamp(&cx);
        assert_eq!(s.sel, last);
        let bottom = layout::doc_offset_for_part(&doc, last, h) + s.tail;
        assert_eq!(bottom + h, doc.lines.len().max(h), "the last line is shown");
        s.move_by(-1);
        s.clamp(&cx);
        if s.tail == 0 {
            // The notes fitted already: one step up is the step before.
            assert_eq!(s.sel, last.saturating_sub(1));
        } else {
            assert_eq!(s.sel, last);
        }
        s.move_by(-(isize::MAX / 2));
        s.clamp(&cx);
        assert_eq!((s.sel, s.tail), (0, 0));
    }
}
