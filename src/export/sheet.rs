//! CSV for French spreadsheets: `;` between cells, CRLF line ends, UTF-8 with a byte order
//! mark (so that a spreadsheet reads the accents) or Windows-1252 on request, and cells that a
//! spreadsheet would run as a formula neutralised. The import ([`crate::import::sheet`])
//! reads these files back.

use std::borrow::Cow;

use crate::error::Failure;

/// The encoding of a written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encodage {
    /// UTF-8 with a byte order mark (the default: every character, and spreadsheets detect it).
    #[default]
    Utf8Bom,
    /// Windows-1252, for older spreadsheets; characters it lacks are written `?`.
    Windows1252,
}

impl Encodage {
    /// Parses `--encodage` (`utf-8`, `windows-1252`; case and dashes ignored).
    pub fn from_id(id: &str) -> Option<Encodage> {
        let key: String = id
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match key.as_str() {
            "utf8" | "utf8bom" => Some(Encodage::Utf8Bom),
            "windows1252" | "cp1252" | "latin1" => Some(Encodage::Windows1252),
            _ => None,
        }
    }
}

/// The first characters that make a spreadsheet read a cell as a formula (or split it).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The prefix that makes a spreadsheet show such a cell as text.
pub const TEXT_PREFIX: char = '\'';

/// A cell as written: one that starts with `=`, `+`, `-`, `@`, tab or carriage return gets a
/// leading `'`, so that a spreadsheet shows it as text and never runs it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_START) {
        Cow::Owned(format!("{TEXT_PREFIX}{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise`] on a cell read back.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix(TEXT_PREFIX) {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

/// What [`write`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub bytes: Vec<u8>,
    /// Characters Windows-1252 lacks, written `?`.
    pub replaced: usize,
}

/// Writes rows (the first one is the heading) as a French spreadsheet reads them.
pub fn write<R: AsRef<[S]>, S: AsRef<str>>(
    rows: &[R],
    encodage: Encodage,
) -> Result<Written, Failure> {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        w.write_record(
            row.as_ref()
                .iter()
                .map(|c| neutralise(c.as_ref()).into_owned()),
        )
        .map_err(|e| Failure::io(crate::texts::store::internal(&e)))?;
    }
    let utf8 = w
        .into_inner()
        .map_err(|e| Failure::io(crate::texts::store::internal(&e)))?;
    Ok(match encodage {
        Encodage::Utf8Bom => {
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend_from_slice(&utf8);
            Written { bytes, replaced: 0 }
        }
        Encodage::Windows1252 => {
            // The csv writer only ever produces valid UTF-8 from &str cells.
            let text = String::from_utf8_lossy(&utf8);
            windows_1252(&text)
        }
    })
}

fn windows_1252(text: &str) -> Written {
    let mut encoder = encoding_rs::WINDOWS_1252.new_encoder();
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text;
    let mut replaced = 0;
    loop {
        bytes.reserve(rest.len() + 8);
        let (result, read) =
            encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut bytes, true);
        rest = &rest[read..];
        match result {
            encoding_rs::EncoderResult::InputEmpty => break,
            encoding_rs::EncoderResult::OutputFull => {}
            encoding_rs::EncoderResult::Unmappable(_) => {
                bytes.push(b'?');
                replaced += 1;
            }
        }
    }
    Written { bytes, replaced }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        for cell in ["=1+1", "+33 6 12", "-2", "@SOMME(A1)", "\tx", "\rx"] {
            let n = neutralise(cell);
            assert_eq!(n.chars().next(), Some('\''), "{cell:?}");
            assert_eq!(restore(&n), cell);
        }
        for cell in ["Martin", "d'Almeida", "'quoted", ""] {
            assert_eq!(neutralise(cell), cell);
            assert_eq!(restore(cell), cell);
        }
    }

    #[test]
    fn utf8_has_a_bom_and_semicolons() {
        let rows = [["Nom", "Ville"], ["Zoé", "Saint-Denis; Réunion"]];
        let w = write(&rows, Encodage::Utf8Bom).unwrap();
        assert_eq!(
            w.bytes,
            "\u{feff}Nom;Ville\r\nZoé;\"Saint-Denis; Réunion\"\r\n".as_bytes()
        );
    }

    #[test]
    fn windows_1252_replaces_what_it_lacks() {
        let rows = [["Cœur", "ŕ€"]];
        let w = write(&rows, Encodage::Windows1252).unwrap();
        assert_eq!(w.bytes, b"C\x9Cur;?\x80\r\n");
        assert_eq!(w.replaced, 1);
        assert_eq!(
            Encodage::from_id("Windows-1252"),
            Some(Encodage::Windows1252)
        );
        assert_eq!(Encodage::from_id("UTF-8"), Some(Encodage::Utf8Bom));
        assert_eq!(Encodage::from_id("ebcdic"), None);
    }
}
