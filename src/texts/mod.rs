//! Every sentence a user reads, in French, in one place.
//!
//! One file per area; the code elsewhere builds values, these functions word them. `texts`
//! sits just above the model: it may name model types, and the model never calls it.
//!
//! One exception: the catalogue loader (`catalogue/load.rs`) words its own validation
//! problems. The catalogue is on the ground floor, so it cannot call `texts` without a
//! circle; those messages are read by whoever checks a catalogue directory
//! (`acces catalogue verifier`).

pub mod agenda;
pub mod batch;
pub mod cases;
pub mod catalogue;
pub mod cli;
pub mod dates;
pub mod fs;
pub mod import;
pub mod journey;
pub mod labels;
pub mod law;
pub mod letter_phrases;
pub mod letters;
pub mod local;
pub mod mandate;
pub mod passphrase;
pub mod registre;
pub mod stats;
pub mod store;
pub mod tui;
pub mod validate;

/// Text safe to show on a terminal: control characters other than line breaks and tabs
/// (ESC, BEL, backspace, C1 controls…, which an imported name could hold to move the
/// cursor, change colours or retitle the window) become visible symbols (`␛` for ESC, `�`
/// for the others beyond ASCII). So do the bidirectional overrides and isolates (U+202A–E,
/// U+2066–9), which make a terminal show text in another order than it is written (a value
/// repeated in a refusal, an imported name). Used on every plain-text output.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.contains(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if !bad(c) {
                    c
                } else if (c as u32) < 0x20 {
                    char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')
                } else if c == '\u{7f}' {
                    '\u{2421}'
                } else {
                    '\u{fffd}'
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(super::terminal_safe("Martin"), "Martin");
        assert_eq!(
            super::terminal_safe("A\u{1b}]0;x\u{7}B\r\n\tC\u{9b}D\u{7f}"),
            "A\u{241b}]0;x\u{2407}B\u{240d}\n\tC\u{fffd}D\u{2421}"
        );
        // Right-to-left override and isolate: shown, not obeyed; marks (LRM) kept.
        assert_eq!(
            super::terminal_safe("abc\u{202e}fed\u{2067}x\u{200e}"),
            "abc\u{fffd}fed\u{fffd}x\u{200e}"
        );
    }
}
