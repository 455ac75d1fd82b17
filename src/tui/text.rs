//! Word wrapping of styled text into lines, so scrolling can be computed exactly.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Display width of a piece of text (accents count one column).
pub fn width(s: &str) -> usize {
    Span::raw(s).width()
}

/// Cuts `s` to at most `max` columns, ending with « … » when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Wraps styled pieces to `max` columns; continuation lines start with `indent` spaces.
/// Spaces are kept as written except where a line breaks. Words longer than a line (URLs)
/// are cut.
pub fn wrap(pieces: &[(&str, Style)], max: usize, indent: usize) -> Vec<Line<'static>> {
    let max = max.max(indent + 8);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut cur_w = 0usize;
    // Spaces seen since the last word, emitted only if the next word stays on this line.
    let mut pending: Vec<Span<'static>> = Vec::new();
    let mut pending_w = 0usize;

    let new_line = |lines: &mut Vec<Line<'static>>, cur: &mut Vec<Span<'static>>| {
        lines.push(Line::from(std::mem::take(cur)));
        cur.push(Span::raw(" ".repeat(indent)));
    };

    for (text, style) in pieces {
        let text = glue_french_punctuation(text);
        for token in split_keep_spaces(&text) {
            if token.starts_with(' ') {
                pending_w += token.len();
                pending.push(Span::styled(token.to_string(), *style));
                continue;
            }
            let mut word = token.to_string();
            loop {
                let ww = width(&word);
                if cur_w + pending_w + ww <= max {
                    cur.append(&mut pending);
                    cur_w += pending_w + ww;
                    pending_w = 0;
                    cur.push(Span::styled(word, *style));
                    break;
                }
                pending.clear();
                pending_w = 0;
                if cur_w > indent {
                    new_line(&mut lines, &mut cur);
                    cur_w = indent;
                    continue;
                }
                // A word longer than a whole line: cut it.
                let room = max - cur_w;
                let mut head = String::new();
                let mut hw = 0;
                let mut rest = String::new();
                for c in word.chars() {
                    let cw = width(c.encode_utf8(&mut [0; 4]));
                    if rest.is_empty() && hw + cw <= room {
                        head.push(c);
                        hw += cw;
                    } else {
                        rest.push(c);
                    }
                }
                cur.push(Span::styled(head, *style));
                new_line(&mut lines, &mut cur);
                cur_w = indent;
                word = rest;
                if word.is_empty() {
                    break;
                }
            }
        }
    }
    if cur_w > indent || lines.is_empty() {
        lines.push(Line::from(cur));
    }
    lines
}

/// French typography puts a space before « : ; ! ? » and inside guillemets; that space
/// must never become a line break.
fn glue_french_punctuation(s: &str) -> String {
    s.replace(" :", "\u{a0}:")
        .replace(" ;", "\u{a0};")
        .replace(" !", "\u{a0}!")
        .replace(" ?", "\u{a0}?")
        .replace(" »", "\u{a0}»")
        .replace("« ", "«\u{a0}")
}

/// Splits into words and runs of spaces, keeping both.
fn split_keep_spaces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in s.char_indices() {
        let sp = c == ' ';
        if in_space.is_some_and(|x| x != sp) {
            out.push(&s[start..i]);
            start = i;
        }
        in_space = Some(sp);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wraps_on_words_with_indent() {
        let s = Style::default();
        let got = wrap(
            &[("Délai : ", s), ("deux mois à compter de la réception", s)],
            20,
            2,
        );
        assert_eq!(
            plain(&got),
            vec!["Délai\u{a0}: deux mois à", "  compter de la", "  réception"]
        );
        for l in &got {
            assert!(l.width() <= 20);
        }
    }

    #[test]
    fn cuts_words_longer_than_a_line() {
        let s = Style::default();
        let got = wrap(&[("https://www.legifrance.gouv.fr/x", s)], 12, 0);
        assert!(got.len() >= 3);
        assert!(got.iter().all(|l| l.width() <= 12));
        let joined: String = plain(&got).concat();
        assert_eq!(joined, "https://www.legifrance.gouv.fr/x");
    }

    #[test]
    fn keeps_leading_spaces_and_drops_them_at_breaks() {
        let s = Style::default();
        let got = wrap(&[("  ", s), ("• ", s), ("un deux trois quatre", s)], 12, 4);
        assert_eq!(plain(&got), vec!["  • un deux", "    trois", "    quatre"]);
    }

    #[test]
    fn never_breaks_before_a_colon() {
        let s = Style::default();
        let got = wrap(&[("Consulté par ACCReD : art. 7", s)], 20, 0);
        assert_eq!(plain(&got)[1].trim_start().chars().next(), Some('A'));
    }

    #[test]
    fn truncates_with_ellipsis() {
        assert_eq!(truncate("Échéances", 5), "Éché…");
        assert_eq!(truncate("TAJ", 5), "TAJ");
    }
}
