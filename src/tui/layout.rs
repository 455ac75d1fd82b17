//! Where things go on screen, as pure functions of the terminal size, so rendering and
//! mouse clicks agree.
//!
//! Rows: 0 the tab bar, 1 the screen's title, 2 … h−2 the content, h−1 the key hints.

use ratatui::layout::Rect;

use super::action::Tab;
use super::text::width;
use super::text::wrap;
use crate::texts::tui as t;

/// Smallest size laid out normally; below, a message asks for a larger window.
pub const MIN_SIZE: (u16, u16) = (40, 10);

pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1
}

pub fn full(size: (u16, u16)) -> Rect {
    Rect::new(0, 0, size.0, size.1)
}

pub fn header(size: (u16, u16)) -> Rect {
    Rect::new(0, 0, size.0, 1)
}

pub fn title(size: (u16, u16)) -> Rect {
    Rect::new(0, 1, size.0, 1.min(size.1.saturating_sub(1)))
}

pub fn status(size: (u16, u16)) -> Rect {
    Rect::new(0, size.1.saturating_sub(1), size.0, 1)
}

/// The content rows, with a one-column margin.
pub fn content(size: (u16, u16)) -> Rect {
    Rect::new(1, 2, size.0.saturating_sub(2), size.1.saturating_sub(3))
}

/// Where a long text (fiche, situation) is shown.
pub fn doc_area(size: (u16, u16)) -> Rect {
    content(size)
}

/// Whether the tab bar starts with the program's name (when there is room).
pub fn show_brand(size: (u16, u16)) -> bool {
    size.0 >= 100
}

/// Below this width the tab bar is compact (« k Label » without the space after it, and
/// the short names) so that the date still fits at 80 columns.
const FULL_TABS_WIDTH: u16 = 90;

/// Whether the tab bar is drawn compact.
pub fn compact_tabs(size: (u16, u16)) -> bool {
    size.0 < FULL_TABS_WIDTH
}

/// The tab labels and their columns in the tab bar (each drawn as « k Label », with a
/// space after it unless compact).
pub fn tabs(size: (u16, u16)) -> Vec<(Tab, u16, u16)> {
    let mut x = if show_brand(size) {
        width(t::APP_NAME) as u16 + 3
    } else {
        0
    };
    let pad = if compact_tabs(size) { 3 } else { 4 };
    let mut out = Vec::new();
    for tab in Tab::ALL {
        let w = width(tab_label(tab, size)) as u16 + pad;
        out.push((tab, x, x + w));
        x += w;
    }
    out
}

/// A tab's name in the tab bar at this size.
pub fn tab_label(tab: Tab, size: (u16, u16)) -> &'static str {
    match tab {
        Tab::Accueil => t::TAB_ACCUEIL,
        Tab::Catalogue => t::TAB_CATALOGUE,
        Tab::Personnes => t::TAB_PERSONNES,
        Tab::Dossiers => t::TAB_DOSSIERS,
        Tab::Echeances => t::TAB_ECHEANCES,
        Tab::Statistiques if compact_tabs(size) => t::TAB_STATISTIQUES_SHORT,
        Tab::Statistiques => t::TAB_STATISTIQUES,
    }
}

/// The key that opens a tab (shown in the tab bar; the key table binds it).
pub fn tab_key(tab: Tab) -> char {
    match tab {
        Tab::Accueil => 'a',
        Tab::Catalogue => 'c',
        Tab::Personnes => 'p',
        Tab::Dossiers => 'd',
        Tab::Echeances => 'e',
        Tab::Statistiques => 's',
    }
}

pub fn tab_at(size: (u16, u16), col: u16, row: u16) -> Option<Tab> {
    if row != 0 {
        return None;
    }
    tabs(size)
        .into_iter()
        .find(|(_, a, b)| (*a..*b).contains(&col))
        .map(|(tab, _, _)| tab)
}

/// Accueil: the intro text, then the list of situations, then a preview of the selected one.
pub fn accueil_intro(size: (u16, u16)) -> Rect {
    let c = content(size);
    let lines = wrap(
        &[(t::ACCUEIL_INTRO, ratatui::style::Style::new())],
        c.width as usize,
        0,
    )
    .len() as u16;
    Rect::new(c.x, c.y, c.width, lines.min(c.height))
}

/// The list of `n` situations: one row each, at most half of the room left (at least 3).
pub fn accueil_list(size: (u16, u16), n: usize) -> Rect {
    let c = content(size);
    let intro = accueil_intro(size);
    let top = intro.bottom() + 1;
    let available = c.bottom().saturating_sub(top);
    let n = u16::try_from(n).unwrap_or(u16::MAX).max(1);
    let h = n.min((available / 2).max(3)).min(available);
    Rect::new(c.x, top, c.width, h)
}

pub fn accueil_preview(size: (u16, u16), n: usize) -> Rect {
    let c = content(size);
    let list = accueil_list(size, n);
    let top = (list.bottom() + 1).min(c.bottom());
    Rect::new(c.x, top, c.width, c.bottom().saturating_sub(top))
}

/// Catalogue: a filter line, a column header, then the list (and a preview when wide).
pub fn catalogue_filter(size: (u16, u16)) -> Rect {
    let c = content(size);
    Rect::new(c.x, c.y, c.width, 1.min(c.height))
}

pub fn catalogue_header(size: (u16, u16)) -> Rect {
    let c = content(size);
    Rect::new(c.x, c.y + 2, list_width(size), 1)
}

fn list_width(size: (u16, u16)) -> u16 {
    let c = content(size);
    if c.width >= 110 {
        c.width * 3 / 5
    } else {
        c.width
    }
}

pub fn catalogue_list(size: (u16, u16)) -> Rect {
    let c = content(size);
    let top = c.y + 3;
    Rect::new(c.x, top, list_width(size), c.bottom().saturating_sub(top))
}

/// On wide terminals, the summary of the selected entry beside the list.
pub fn catalogue_preview(size: (u16, u16)) -> Option<Rect> {
    let c = content(size);
    let lw = list_width(size);
    if lw == c.width {
        return None;
    }
    let x = c.x + lw + 2;
    Some(Rect::new(
        x,
        c.y + 2,
        c.right().saturating_sub(x),
        c.height.saturating_sub(2),
    ))
}

/// Personnes and Dossiers: a filter line, a column header, then the rows.
pub fn table_filter(size: (u16, u16)) -> Rect {
    catalogue_filter(size)
}

pub fn table_header(size: (u16, u16)) -> Rect {
    let c = content(size);
    Rect::new(c.x, c.y + 2, c.width, 1)
}

pub fn table_list(size: (u16, u16)) -> Rect {
    let c = content(size);
    let top = c.y + 3;
    Rect::new(c.x, top, c.width, c.bottom().saturating_sub(top))
}

/// Dossier: the history above, the actions below.
pub fn dossier_split(size: (u16, u16), n_actions: usize) -> (Rect, Rect) {
    let c = content(size);
    let want = u16::try_from(n_actions).unwrap_or(8).max(1) + 2;
    let actions_h = want.min(c.height / 2);
    let top_h = c.height.saturating_sub(actions_h);
    (
        Rect::new(c.x, c.y, c.width, top_h),
        Rect::new(c.x, c.y + top_h, c.width, actions_h),
    )
}

/// First row shown of a list so that the selected row is visible.
pub fn list_offset(sel: usize, height: usize) -> usize {
    if height == 0 {
        return sel;
    }
    sel.saturating_add(1).saturating_sub(height)
}

/// First line shown of a document so that the selected part is fully visible (or its top,
/// when taller than the view), showing the document's top when possible.
pub fn doc_offset_for_part(doc: &super::docs::Doc, sel: usize, height: usize) -> usize {
    let Some((start, end)) = doc.parts.get(sel).copied() else {
        return 0;
    };
    let offset = end.saturating_sub(height);
    offset.min(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_fit_inside_the_screen() {
        for size in [(80, 24), (120, 40), (40, 10), (200, 60)] {
            let full = full(size);
            for r in [
                header(size),
                title(size),
                status(size),
                content(size),
                accueil_intro(size),
                accueil_list(size, 9),
                accueil_preview(size, 9),
                accueil_list(size, 200),
                accueil_preview(size, 1),
                catalogue_filter(size),
                catalogue_header(size),
                catalogue_list(size),
            ] {
                assert!(
                    full.contains(r.as_position()) || r.height == 0,
                    "{r:?} {size:?}"
                );
                assert!(r.right() <= full.right() && r.bottom() <= full.bottom());
            }
        }
    }

    #[test]
    fn the_tab_bar_leaves_room_for_the_date() {
        for size in [(80, 24), (89, 24), (90, 24), (120, 40)] {
            let end = tabs(size).last().unwrap().2;
            assert!(usize::from(end) + 12 <= usize::from(size.0), "{size:?}");
        }
    }

    #[test]
    fn tabs_are_found_where_drawn() {
        let tabs = tabs((80, 24));
        let (tab, a, _) = tabs[1];
        assert_eq!(tab_at((80, 24), a, 0), Some(tab));
        assert_eq!(tab_at((80, 24), a, 1), None);
    }

    #[test]
    fn list_offset_keeps_selection_visible() {
        assert_eq!(list_offset(0, 5), 0);
        assert_eq!(list_offset(4, 5), 0);
        assert_eq!(list_offset(5, 5), 1);
    }
}
