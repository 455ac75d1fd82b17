//! The PDF form of a letter: A4, French business layout, DejaVu Serif embedded (subset by
//! krilla). Lines are broken here, greedily, with the font's advance widths.
//!
//! The file is a tagged PDF/A-2b that is also PDF/UA-1, checked by krilla's validators when
//! it is written: every line is a span of its paragraph (`P`) in reading order, each letter
//! a `Part`; page headers and numbers are artifacts; title (the subject), language (`fr`)
//! and date are in the metadata, each letter's subject in the outline. A character the embedded font cannot draw (PDF/A forbids
//! the missing-glyph box) is written in its closest plain form (`京` → `Jing`, `😀` → `?`).

use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, Tag, TagGroup, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

use super::{Letter, LetterError};
use crate::texts::letter_phrases as t;

const REGULAR: &[u8] = include_bytes!("../../templates/fonts/DejaVuSerif.ttf");
const BOLD: &[u8] = include_bytes!("../../templates/fonts/DejaVuSerif-Bold.ttf");

/// A4 in PostScript points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;

const LEFT: f32 = 70.0;
const RIGHT: f32 = 57.0;
const TOP: f32 = 50.0;
const BOTTOM: f32 = 45.0;
/// Left edge of the recipient block, place and date, signature.
const COLUMN: f32 = 318.0;
/// Top of the recipient block (fits a window envelope).
const RECIPIENT_TOP: f32 = 140.0;
const SIZE: f32 = 10.0;
const LEADING: f32 = 13.0;
const PARAGRAPH_GAP: f32 = 5.0;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Weight {
    Regular,
    Bold,
}

/// Advance widths of one font, for line breaking (read with skrifa, the font reader
/// krilla itself uses).
struct Metrics<'a> {
    charmap: skrifa::charmap::Charmap<'a>,
    glyphs: skrifa::metrics::GlyphMetrics<'a>,
}

impl<'a> Metrics<'a> {
    fn new(data: &'a [u8]) -> Result<Metrics<'a>, LetterError> {
        use skrifa::MetadataProvider;
        let font =
            skrifa::FontRef::new(data).map_err(|e| LetterError::Pdf(format!("font: {e}")))?;
        Ok(Metrics {
            charmap: font.charmap(),
            glyphs: font.glyph_metrics(
                skrifa::instance::Size::new(SIZE),
                skrifa::instance::LocationRef::default(),
            ),
        })
    }

    /// Whether the font has a glyph for `c`.
    fn covers(&self, c: char) -> bool {
        self.charmap
            .map(c)
            .is_some_and(|g| g != skrifa::GlyphId::NOTDEF)
    }

    fn width(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| {
                let gid = self.charmap.map(c).unwrap_or(skrifa::GlyphId::NOTDEF);
                self.glyphs.advance_width(gid).unwrap_or(0.0)
            })
            .sum()
    }
}

/// One line of text placed on a page.
struct Placed {
    x: f32,
    /// Baseline, from the top of the page.
    y: f32,
    weight: Weight,
    text: String,
    /// The paragraph (logical line) it belongs to, numbered across the document.
    para: usize,
}

struct Layout<'a> {
    regular: Metrics<'a>,
    bold: Metrics<'a>,
    pages: Vec<Vec<Placed>>,
    y: f32,
    /// Paragraphs started so far.
    paras: usize,
    /// Each letter's first paragraph, first page and subject (for the outline).
    letters: Vec<(usize, usize, String)>,
}

/// Words that must stay with the previous one (French spacing: « x », x : y).
fn glue_before(word: &str) -> bool {
    matches!(word, ":" | ";" | "»" | "?" | "!" | "€") || word.starts_with('»')
}

fn glue_after(word: &str) -> bool {
    word.ends_with('«') || word == "n°" || word == "N°"
}

impl<'a> Layout<'a> {
    fn new() -> Result<Layout<'a>, LetterError> {
        Ok(Layout {
            regular: Metrics::new(REGULAR)?,
            bold: Metrics::new(BOLD)?,
            pages: Vec::new(),
            y: 0.0,
            paras: 0,
            letters: Vec::new(),
        })
    }

    /// `text` with every character the font cannot draw replaced by its plain form
    /// (`deunicode`), or `?`; control characters become spaces.
    fn printable(&self, text: &str, weight: Weight) -> String {
        let m = self.metrics(weight);
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_control() {
                out.push(' ');
            } else if m.covers(c) {
                out.push(c);
            } else {
                // Letters only: a symbol's plain form is an English word (😀 → grinning).
                match deunicode::deunicode_char(c).filter(|_| c.is_alphanumeric()) {
                    Some(plain) if !plain.is_empty() && plain.chars().all(|p| m.covers(p)) => {
                        out.push_str(plain)
                    }
                    _ => out.push('?'),
                }
            }
        }
        out
    }

    fn metrics(&self, weight: Weight) -> &Metrics<'a> {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Greedy line breaking of one line of text into lines at most `width` wide.
    fn wrap(&self, text: &str, width: f32, weight: Weight) -> Vec<String> {
        let m = self.metrics(weight);
        // Group words that must not be separated.
        let mut units: Vec<String> = Vec::new();
        let mut glue_next = false;
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            match units.last_mut() {
                Some(last) if glue_next || glue_before(word) => {
                    last.push(' ');
                    last.push_str(word);
                }
                _ => units.push(word.to_string()),
            }
            glue_next = glue_after(word);
        }
        let mut lines = Vec::new();
        let mut current = String::new();
        // The width of `current`, kept as units are added (measuring each candidate line
        // again from its start made long batches slow).
        let mut current_width = 0.0;
        let space = m.width(" ");
        for unit in units {
            let unit_width = m.width(&unit);
            let candidate_width = if current.is_empty() {
                unit_width
            } else {
                current_width + space + unit_width
            };
            if candidate_width <= width {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&unit);
                current_width = candidate_width;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            // A unit wider than the line (a long address, a URL) is cut by characters.
            if unit_width > width {
                let mut piece = String::new();
                for c in unit.chars() {
                    piece.push(c);
                    if m.width(&piece) > width {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                current_width = m.width(&piece);
                current = piece;
            } else {
                current_width = unit_width;
                current = unit;
            }
        }
        if !current.is_empty() || lines.is_empty() {
            lines.push(current);
        }
        lines
    }

    /// Width of `text` at `size` (regular weight).
    fn width_at(&self, text: &str, size: f32) -> f32 {
        self.regular.width(text) * size / SIZE
    }

    /// `text` cut with « … » to fit `width` at `size` (regular weight).
    fn fit(&self, text: &str, width: f32, size: f32) -> String {
        if self.width_at(text, size) <= width {
            return text.to_string();
        }
        let room = width - self.width_at("…", size);
        let mut used = 0.0;
        let mut out = String::new();
        for c in text.chars() {
            let mut buf = [0u8; 4];
            used += self.width_at(c.encode_utf8(&mut buf), size);
            if used > room {
                break;
            }
            out.push(c);
        }
        format!("{}…", out.trim_end())
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP + SIZE;
    }

    fn ensure_room(&mut self, height: f32) {
        if self.y + height > PAGE_HEIGHT - BOTTOM {
            self.new_page();
        }
    }

    fn place(&mut self, x: f32, weight: Weight, text: String) {
        self.ensure_room(0.0);
        let y = self.y;
        let para = self.paras - 1;
        if let Some(page) = self.pages.last_mut() {
            page.push(Placed {
                x,
                y,
                weight,
                text,
                para,
            });
        }
        self.y += LEADING;
    }

    /// A block of lines at `x`, each wrapped to the right margin, with a hanging indent for
    /// list items (« – », « 1. »).
    fn block(&mut self, x: f32, lines: &[String], weight: Weight) {
        let right = PAGE_WIDTH - RIGHT;
        for line in lines {
            let line = self.printable(line, weight);
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            // One paragraph of the tag tree per line given.
            self.paras += 1;
            let prefix = list_prefix(&line);
            let indent = prefix.map(|p| self.metrics(weight).width(p)).unwrap_or(0.0);
            // A list item's first line carries the prefix; the next ones hang under its text.
            let first = self.wrap(&line, right - x, weight);
            let wrapped = match (prefix, first.first()) {
                (Some(_), Some(first_line)) => {
                    let rest = line.get(first_line.len()..).unwrap_or("").trim_start();
                    let mut v = vec![first_line.clone()];
                    if !rest.is_empty() {
                        v.extend(self.wrap(rest, right - x - indent, weight));
                    }
                    v
                }
                _ => first,
            };
            for (i, l) in wrapped.into_iter().enumerate() {
                let dx = if i == 0 { 0.0 } else { indent };
                self.place(x + dx, weight, l);
            }
        }
    }

    /// Height a block of lines takes once wrapped.
    fn height(&self, lines: &[String], x: f32, weight: Weight) -> f32 {
        let width = PAGE_WIDTH - RIGHT - x;
        let n: usize = lines
            .iter()
            .map(|l| {
                self.wrap(
                    &self
                        .printable(l, weight)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    width,
                    weight,
                )
                .len()
            })
            .sum();
        n as f32 * LEADING
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }
}

/// « – » or « 12. » at the start of a line, with its space.
fn list_prefix(line: &str) -> Option<&str> {
    if line.starts_with("– ") {
        return Some(&line[..("– ").len()]);
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        return Some(&line[..digits + 2]);
    }
    None
}

/// Lays the letter out and writes the PDF bytes. From the second page on, a header (the
/// sender's name, the subject, « page x/y ») lets a loose page be matched to its letter.
pub fn render(letter: &Letter) -> Result<Vec<u8>, LetterError> {
    render_batch(&[letter])
}

/// A title for the metadata and the outline: the text, or « Lettre » when it has none
/// (PDF/UA needs one).
fn title(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if clean.is_empty() {
        t::UNTITLED_LETTER.to_string()
    } else {
        clean
    }
}

/// The document's metadata: its title, in French, dated.
fn metadata(title_text: String, date: chrono::NaiveDate) -> Metadata {
    use chrono::Datelike;
    Metadata::new()
        .title(title(&title_text))
        .language("fr".to_string())
        .creation_date(
            DateTime::new(u16::try_from(date.year()).unwrap_or(2000))
                .month(date.month() as u8)
                .day(date.day() as u8),
        )
}

/// Several letters in one PDF (a batch): each starts on a new page; every page from the
/// second on carries a header (the sender's name, the subject, « page x/y » within its
/// letter) so that a printed pile can be sorted back.
pub fn render_batch(letters: &[&Letter]) -> Result<Vec<u8>, LetterError> {
    let mut l = Layout::new()?;
    let mut marks = Vec::new();
    for letter in letters {
        let first = l.pages.len();
        lay_out(&mut l, letter);
        let count = l.pages.len() - first;
        let name = l.printable(
            letter.sender.first().map_or("", String::as_str),
            Weight::Regular,
        );
        let subject = l.printable(&letter.subject, Weight::Regular);
        for n in 0..count {
            let header = (first + n > 0).then(|| {
                // The subject is shortened to fit; the name and the page number stay whole.
                let frame = t::batch_header(&name, "", n + 1, count);
                let room = PAGE_WIDTH - LEFT - RIGHT - l.width_at(&frame, HEADER_SIZE);
                t::batch_header(&name, &l.fit(&subject, room, HEADER_SIZE), n + 1, count)
            });
            marks.push(Mark {
                header,
                footer: (count > 1).then(|| format!("{}/{}", n + 1, count)),
            });
        }
    }
    let meta = match letters {
        [one] => metadata(one.subject.clone(), one.date),
        _ => metadata(
            t::batch_title(letters.len()),
            letters.iter().map(|l| l.date).max().unwrap_or_default(),
        ),
    };
    draw(&l, &marks, meta)
}

/// Size of the batch header.
const HEADER_SIZE: f32 = 8.0;

/// What is drawn on a page besides the letter.
struct Mark {
    header: Option<String>,
    footer: Option<String>,
}

/// Lays one letter out, from a new page.
fn lay_out(l: &mut Layout<'_>, letter: &Letter) {
    l.new_page();
    let subject = title(&l.printable(&letter.subject, Weight::Regular));
    l.letters.push((l.paras, l.pages.len() - 1, subject));

    // Sender, top left.
    l.block(LEFT, &letter.sender, Weight::Regular);
    let after_sender = l.y;

    // Recipient, right column.
    l.y = RECIPIENT_TOP.max(after_sender + LEADING);
    l.block(COLUMN, &letter.recipient, Weight::Regular);
    l.gap(LEADING);
    l.block(
        COLUMN,
        std::slice::from_ref(&letter.place_date),
        Weight::Regular,
    );
    l.gap(LEADING);

    if letter.by_post {
        l.block(LEFT, &[t::BY_POST.to_string()], Weight::Bold);
    }
    l.block(
        LEFT,
        &[format!("{}{}", t::SUBJECT_PREFIX, letter.subject)],
        Weight::Bold,
    );
    l.gap(LEADING);

    let last = letter.body.len().saturating_sub(1);
    for (i, paragraph) in letter.body.iter().enumerate() {
        let lines: Vec<String> = paragraph.lines().map(str::to_string).collect();
        if i == last {
            // The closing formula stays on the page of the signature.
            let height = l.height(&lines, LEFT, Weight::Regular)
                + PARAGRAPH_GAP
                + LEADING * (letter.signature.len() as f32 + 3.0);
            l.ensure_room(height);
        } else {
            // Keep a paragraph's first two lines together.
            l.ensure_room(LEADING * 2.0);
        }
        l.block(LEFT, &lines, Weight::Regular);
        l.gap(PARAGRAPH_GAP);
    }

    // Signature, right column, with room to sign by hand.
    l.ensure_room(LEADING * (letter.signature.len() as f32 + 3.0));
    l.gap(LEADING * 2.5);
    l.block(COLUMN, &letter.signature, Weight::Regular);

    if !letter.enclosures.is_empty() {
        l.gap(LEADING * 0.5);
        l.ensure_room(LEADING * 2.0);
        l.block(LEFT, &[t::ENCLOSURES.to_string()], Weight::Bold);
        let items: Vec<String> = letter.enclosures.iter().map(|e| format!("– {e}")).collect();
        l.block(LEFT, &items, Weight::Regular);
    }
}

/// How the PDF is written: PDF/A-2b (archival) and PDF/UA-1 (accessible), both checked by
/// krilla when the file is written; tagged.
fn settings() -> Result<SerializeSettings, LetterError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| LetterError::Pdf(format!("{e:?}")))?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    })
}

fn draw(l: &Layout<'_>, marks: &[Mark], metadata: Metadata) -> Result<Vec<u8>, LetterError> {
    let regular = Font::new(REGULAR.into(), 0).ok_or_else(|| LetterError::Pdf("font".into()))?;
    let bold = Font::new(BOLD.into(), 0).ok_or_else(|| LetterError::Pdf("font".into()))?;
    let mut document = Document::new_with(settings()?);
    document.set_metadata(metadata);
    // The spans of each paragraph, in reading order.
    let mut paras: Vec<Vec<Identifier>> = vec![Vec::new(); l.paras];
    for (items, mark) in l.pages.iter().zip(marks) {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| LetterError::Pdf("page".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        if let Some(header) = &mark.header {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Header,
            )));
            surface.draw_text(
                Point::from_xy(LEFT, TOP - 18.0),
                regular.clone(),
                HEADER_SIZE,
                header,
                false,
                TextDirection::LeftToRight,
            );
            surface.end_tagged();
        }
        for item in items {
            let font = match item.weight {
                Weight::Regular => regular.clone(),
                Weight::Bold => bold.clone(),
            };
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            surface.draw_text(
                Point::from_xy(item.x, item.y),
                font,
                SIZE,
                &item.text,
                false,
                TextDirection::LeftToRight,
            );
            surface.end_tagged();
            if let Some(p) = paras.get_mut(item.para) {
                p.push(id);
            }
        }
        if let Some(label) = &mark.footer {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::PageNumber,
            )));
            surface.draw_text(
                Point::from_xy(PAGE_WIDTH - RIGHT - 20.0, PAGE_HEIGHT - 25.0),
                regular.clone(),
                SIZE - 2.0,
                label,
                false,
                TextDirection::LeftToRight,
            );
            surface.end_tagged();
        }
        surface.finish();
        page.finish();
    }
    // Each letter a part, each of its lines given a paragraph.
    let mut tree = TagTree::new();
    let bounds = l
        .letters
        .iter()
        .map(|(para, _, _)| *para)
        .chain([l.paras])
        .collect::<Vec<_>>();
    let mut paras = paras.into_iter();
    for w in bounds.windows(2) {
        let mut part = TagGroup::new(Tag::Part);
        for ids in paras.by_ref().take(w[1] - w[0]) {
            if ids.is_empty() {
                continue;
            }
            let mut p = TagGroup::new(Tag::P);
            for id in ids {
                p.push(id);
            }
            part.push(p);
        }
        tree.push(part);
    }
    document.set_tag_tree(tree);
    // An outline (bookmarks), one entry per letter: its subject, at its first page.
    let mut outline = Outline::new();
    for (_, page, subject) in &l.letters {
        outline.push_child(OutlineNode::new(
            subject.clone(),
            XyzDestination::new(*page, Point::from_xy(0.0, 0.0)),
        ));
    }
    document.set_outline(outline);
    document
        .finish()
        .map_err(|e| LetterError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout<'static> {
        let mut l = Layout::new().unwrap();
        l.pages = vec![Vec::new()];
        l.y = TOP;
        l
    }

    #[test]
    fn printable_keeps_what_the_font_draws_and_spells_the_rest_plainly() {
        let l = layout();
        assert_eq!(
            l.printable("Œlia Lefèvre « n° »", Weight::Regular),
            "Œlia Lefèvre « n° »"
        );
        assert_eq!(l.printable("京😀\u{e000}\t", Weight::Regular), "Jing ?? ");
    }

    #[test]
    fn wrap_respects_width_and_keeps_french_punctuation_attached() {
        let l = layout();
        let text = "Je vous demande de me communiquer les données du fichier « Traitement d’antécédents judiciaires » : toutes, sans exception ; merci (« score de suspicion ») n° 3.";
        let lines = l.wrap(text, 150.0, Weight::Regular);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(l.regular.width(line) <= 150.0, "{line}");
            assert!(!line.starts_with('»') && !line.starts_with(':') && !line.starts_with(';'));
            assert!(!line.ends_with('«') && !line.ends_with("n°"));
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn overlong_word_is_cut() {
        let l = layout();
        let lines = l.wrap(&"x".repeat(200), 100.0, Weight::Regular);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "x".repeat(200));
    }

    #[test]
    fn list_prefixes() {
        assert_eq!(list_prefix("– a"), Some("– "));
        assert_eq!(list_prefix("12. b"), Some("12. "));
        assert_eq!(list_prefix("2026. x"), Some("2026. "));
        assert_eq!(list_prefix("Objet"), None);
    }
}
