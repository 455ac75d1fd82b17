//! Reading a group's spreadsheet, as a French spreadsheet saves it as CSV: the encoding
//! (UTF-8 with or without BOM, Windows-1252, ISO-8859-15) and the separator (`;`, `,`, tab)
//! are detected, French column names are recognised, every value is checked with the same
//! functions as the command line and the TUI (`crate::validate`). Cells that an export
//! neutralised against formulas (`'=…`) are read back as they were.
//!
//! No I/O: bytes come in; persons, the cases to open and the problems of each line come out.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;

use crate::cases::{Channel, EventKind, NewEvent};
use crate::catalogue::{Catalogue, fold};
pub use crate::export::sheet::Column;
use crate::export::sheet::restore;
use crate::person::{Identifiants, Person};
use crate::texts::import as t;
use crate::validate;

/// The character encoding a file was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 starting with a byte order mark (what spreadsheets write for « CSV UTF-8 »).
    Utf8Bom,
    Windows1252,
    Iso885915,
}

impl Encoding {
    /// The encoding's usual name, shown to the user.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 avec BOM",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Iso885915 => "ISO-8859-15",
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes that ISO-8859-15 changed from Latin-1 (€, Š, š, Ž, ž, Œ, œ, Ÿ). In Windows-1252 they
/// are ¤ ¦ ¨ ´ ¸ ¼ ½ ¾, signs that almost never appear in a name or an address.
const ISO_8859_15_ONLY: [u8; 8] = [0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE];

/// Decodes a file's bytes and says which encoding it was in.
///
/// Valid UTF-8 (with or without BOM) is UTF-8. Otherwise it is an 8-bit encoding: bytes
/// 0x80–0x9F are printable only in Windows-1252 (’, œ, €, …); without them, a byte that is a
/// letter in ISO-8859-15 but a rare sign in Windows-1252 (œ, €, Ÿ…) means ISO-8859-15; a file
/// with neither reads the same in both and is called Windows-1252.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    if let Some(rest) = bytes.strip_prefix(BOM)
        && let Ok(s) = std::str::from_utf8(rest)
    {
        return (Cow::Borrowed(s), Encoding::Utf8Bom);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(s), Encoding::Utf8);
    }
    let windows = bytes.iter().any(|b| (0x80..=0x9F).contains(b));
    let iso = !windows && bytes.iter().any(|b| ISO_8859_15_ONLY.contains(b));
    let (encoding, which) = if iso {
        (encoding_rs::ISO_8859_15, Encoding::Iso885915)
    } else {
        (encoding_rs::WINDOWS_1252, Encoding::Windows1252)
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (Cow::Owned(text.into_owned()), which)
}

/// The separator of a CSV text: the most frequent of `;`, `,` and tab on its first line
/// (outside quotes); `;` when there is none, as French spreadsheets write.
pub fn separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b';', b',', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    seps[best]
}

/// A heading folded for comparison: lower case, without accents, letters and digits only
/// (« N° allocataire CAF » → `nallocatairecaf`, « Prénom(s) » → `prenoms`).
fn heading_key(heading: &str) -> String {
    // Symbols go before folding: the fold spells some of them out (« ° » → « deg »).
    let letters: String = heading.chars().filter(|c| c.is_alphanumeric()).collect();
    fold(&letters)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The column a heading names, if it is one acces knows.
pub fn recognise(heading: &str) -> Option<Column> {
    let key = heading_key(heading);
    Column::ALL
        .into_iter()
        .find(|c| c.headings().contains(&key.as_str()))
}

/// Why a whole file cannot be read (nothing about a single line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// No heading line.
    Empty,
    /// `--colonnes` names a column acces does not know.
    UnknownColumnId(String),
    /// `--colonnes` is not `ID=COLONNE`.
    BadMapping(String),
    /// `--colonnes` names a heading that is not in the file.
    HeadingNotFound(String),
    /// Columns every file needs are missing; the file's headings are given.
    MissingColumns(Vec<Column>, Vec<String>),
    /// The CSV structure is broken at this line.
    Malformed(u64),
}

impl SheetError {
    /// What to tell the user, in French.
    pub fn message(&self) -> String {
        match self {
            SheetError::Empty => t::SHEET_EMPTY.into(),
            SheetError::UnknownColumnId(id) => {
                let ids: Vec<&str> = Column::ALL.iter().map(|c| c.id()).collect();
                t::unknown_column_id(id, &ids)
            }
            SheetError::BadMapping(m) => t::bad_mapping(m),
            SheetError::HeadingNotFound(h) => t::heading_not_found(h),
            SheetError::MissingColumns(missing, headings) => {
                let m: Vec<(&str, &str)> = missing.iter().map(|c| (c.heading(), c.id())).collect();
                t::missing_columns(&m, headings)
            }
            SheetError::Malformed(line) => t::sheet_malformed(*line),
        }
    }
}

/// One problem on one line: the line number in the file (the heading is line 1), the column,
/// and what is wrong, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub column: Column,
    pub message: String,
}

impl RowProblem {
    /// « Ligne 12, colonne « CP » : … ».
    pub fn message(&self) -> String {
        t::row_problem(self.line, self.column.heading(), &self.message)
    }
}

/// A case to open for the person of a line, and its sending when the line records one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCase {
    /// Catalogue code, as the catalogue spells it.
    pub fichier: String,
    pub demarche: String,
    pub canal: Option<Channel>,
    /// The day the case opens: the sending's date, or the import's day.
    pub ouvert: NaiveDate,
    /// The `envoye` event, when the line gives a date of sending.
    pub envoi: Option<NewEvent>,
}

/// A valid line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub line: u64,
    pub person: Person,
    pub case: Option<SheetCase>,
}

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub encoding: Encoding,
    pub separator: u8,
    /// The headings of the file, as written.
    pub headings: Vec<String>,
    /// Which column of the file each known column is read from.
    pub columns: Vec<(Column, usize)>,
    /// Headings that name nothing acces knows (left out).
    pub ignored: Vec<String>,
    pub rows: Vec<SheetRow>,
    /// Every problem of every invalid line.
    pub problems: Vec<RowProblem>,
}

impl Sheet {
    /// The number of lines with at least one problem.
    pub fn bad_lines(&self) -> usize {
        let mut lines: Vec<u64> = self.problems.iter().map(|p| p.line).collect();
        lines.dedup();
        lines.len()
    }
}

/// Reads a spreadsheet. `mapping` holds the `--colonnes ID=COLONNE` pairs (COLONNE: a
/// heading of the file, or its number from 1); `today` opens the cases of lines that give no
/// date of sending.
pub fn parse(
    bytes: &[u8],
    mapping: &[String],
    catalogue: &Catalogue,
    today: NaiveDate,
) -> Result<Sheet, SheetError> {
    let (text, encoding) = decode(bytes);
    let text = unix_line_ends(text);
    let separator = separator(&text);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headings: Vec<String> = match records.next() {
        Some(Ok(r)) => r.iter().map(|h| h.trim().to_string()).collect(),
        Some(Err(e)) => return Err(malformed(&e)),
        None => return Err(SheetError::Empty),
    };
    if headings.iter().all(String::is_empty) {
        return Err(SheetError::Empty);
    }
    let (columns, ignored) = map_columns(&headings, mapping)?;
    let at: HashMap<Column, usize> = columns.iter().copied().collect();
    let mut sheet = Sheet {
        encoding,
        separator,
        headings: headings.clone(),
        columns,
        ignored,
        rows: Vec::new(),
        problems: Vec::new(),
    };
    for record in records {
        let record = record.map_err(|e| malformed(&e))?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        let get = |c: Column| -> Option<&str> {
            at.get(&c)
                .and_then(|&i| record.get(i))
                .map(|v| restore(v.trim()).trim())
                .filter(|v| !v.is_empty())
        };
        let mut problems = Vec::new();
        match read_row(&get, catalogue, today, &mut problems) {
            Some((person, case)) if problems.is_empty() => {
                sheet.rows.push(SheetRow { line, person, case })
            }
            _ => sheet
                .problems
                .extend(problems.into_iter().map(|(column, message)| RowProblem {
                    line,
                    column,
                    message,
                })),
        }
    }
    Ok(sheet)
}

/// CR LF and lone CR become LF, so that the csv reader's line numbers are the rows the
/// person sees in their spreadsheet (after CR LF its count lags by one, BurntSushi/rust-csv
/// issue 395, and a lone CR is never counted). A line break inside a quoted cell stays one.
fn unix_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    }
}

fn malformed(e: &::csv::Error) -> SheetError {
    SheetError::Malformed(e.position().map_or(0, |p| p.line()))
}

type Columns = (Vec<(Column, usize)>, Vec<String>);

/// Which file column each known column comes from: `--colonnes` first, then the headings.
fn map_columns(headings: &[String], mapping: &[String]) -> Result<Columns, SheetError> {
    let mut chosen: Vec<(Column, usize)> = Vec::new();
    for m in mapping {
        let Some((id, heading)) = m.split_once('=') else {
            return Err(SheetError::BadMapping(m.clone()));
        };
        let column =
            Column::from_id(id).ok_or_else(|| SheetError::UnknownColumnId(id.trim().into()))?;
        let heading = heading.trim();
        let index = headings
            .iter()
            .position(|h| h == heading)
            .or_else(|| {
                let key = heading_key(heading);
                headings.iter().position(|h| heading_key(h) == key)
            })
            .or_else(|| {
                heading
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| (1..=headings.len()).contains(&n))
                    .map(|n| n - 1)
            })
            .ok_or_else(|| SheetError::HeadingNotFound(heading.into()))?;
        chosen.retain(|(c, _)| *c != column);
        chosen.push((column, index));
    }
    let mut ignored = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        if chosen.iter().any(|&(_, j)| j == i) {
            continue;
        }
        match recognise(h) {
            Some(c) if !chosen.iter().any(|&(k, _)| k == c) => chosen.push((c, i)),
            _ if h.is_empty() => {}
            _ => ignored.push(h.clone()),
        }
    }
    let missing: Vec<Column> = Column::REQUIRED
        .into_iter()
        .filter(|c| !chosen.iter().any(|&(k, _)| k == *c))
        .collect();
    if !missing.is_empty() {
        return Err(SheetError::MissingColumns(missing, headings.to_vec()));
    }
    chosen.sort();
    Ok((chosen, ignored))
}

/// « M. », « Mme »… as the person form writes it: « Monsieur », « Madame ».
fn civilite(input: &str) -> Result<String, String> {
    match heading_key(input).as_str() {
        "m" | "mr" | "monsieur" => Ok("Monsieur".into()),
        "mme" | "madame" => Ok("Madame".into()),
        _ => Err(t::civilite_invalid(input)),
    }
}

type Problems = Vec<(Column, String)>;

/// The person and case of one line; every problem found is pushed (the person is `None`
/// when a required value is missing).
fn read_row<'a>(
    get: &dyn Fn(Column) -> Option<&'a str>,
    catalogue: &Catalogue,
    today: NaiveDate,
    problems: &mut Problems,
) -> Option<(Person, Option<SheetCase>)> {
    let mut check = |column: Column, res: Result<String, String>| match res {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push((column, e));
            None
        }
    };
    let value = |c: Column| get(c).unwrap_or("");
    let optional = |c: Column| get(c).map(str::to_string);
    let nom = check(Column::Nom, validate::required(value(Column::Nom)));
    let prenoms = check(Column::Prenoms, validate::required(value(Column::Prenoms)));
    let civ = get(Column::Civilite).and_then(|v| check(Column::Civilite, civilite(v)));
    let born = get(Column::DateNaissance).and_then(|v| {
        check(
            Column::DateNaissance,
            validate::date(v).map(|d| d.to_string()),
        )
    });
    let adresse = check(Column::Adresse, validate::required(value(Column::Adresse)));
    let cp = check(
        Column::CodePostal,
        validate::postal_code(value(Column::CodePostal)),
    );
    let commune = check(Column::Commune, validate::required(value(Column::Commune)));
    let dep =
        get(Column::Departement).and_then(|v| check(Column::Departement, validate::departement(v)));
    let email = get(Column::Email).and_then(|v| check(Column::Email, validate::email(v)));
    let case = read_case(get, catalogue, today, &mut check);
    let mut lines = vec![adresse?];
    lines.extend(optional(Column::Complement));
    let person = Person {
        civilite: civ,
        nom: nom?,
        nom_naissance: optional(Column::NomNaissance),
        prenoms: prenoms?,
        date_naissance: born.and_then(|d| d.parse().ok()),
        lieu_naissance: optional(Column::LieuNaissance),
        adresse: lines,
        code_postal: cp?,
        commune: commune?,
        email,
        telephone: optional(Column::Telephone),
        departement: dep,
        identifiants: Identifiants {
            caf: optional(Column::Caf),
            france_travail: optional(Column::FranceTravail),
        },
        representant: None,
    };
    Some((person, case))
}

/// The case a line opens, if it names a file; problems go through `check`.
fn read_case<'a>(
    get: &dyn Fn(Column) -> Option<&'a str>,
    catalogue: &Catalogue,
    today: NaiveDate,
    check: &mut dyn FnMut(Column, Result<String, String>) -> Option<String>,
) -> Option<SheetCase> {
    let Some(code) = get(Column::Fichier) else {
        for c in [
            Column::Demarche,
            Column::Canal,
            Column::DateEnvoi,
            Column::Recommande,
        ] {
            if get(c).is_some() {
                check(Column::Fichier, Err(t::FILE_NEEDED.into()));
                break;
            }
        }
        return None;
    };
    let entry = catalogue.entry(code);
    if entry.is_none() {
        check(
            Column::Fichier,
            Err(crate::texts::catalogue::unknown_code(
                code,
                &catalogue.closest_codes(code),
            )),
        );
    }
    let demarche = entry.and_then(|entry| {
        let routes: Vec<&str> = entry.routes.iter().map(|r| r.id.as_str()).collect();
        match get(Column::Demarche) {
            Some(d) => match entry.route(d.trim()) {
                Some(r) => Some(r.id.clone()),
                None => check(
                    Column::Demarche,
                    Err(crate::texts::cases::unknown_route(&entry.code, d, &routes)),
                ),
            },
            None => {
                let starts: Vec<&str> = entry.start_routes().map(|r| r.id.as_str()).collect();
                match starts.as_slice() {
                    [only] => Some(only.to_string()),
                    _ => check(Column::Demarche, Err(t::route_needed(&entry.code, &starts))),
                }
            }
        }
    });
    let canal = match get(Column::Canal) {
        None => None,
        Some(c) => match Channel::from_id(c) {
            Some(ch) => Some(ch),
            None => {
                check(Column::Canal, Err(crate::texts::cases::unknown_channel(c)));
                None
            }
        },
    };
    let recommande = get(Column::Recommande).map(str::to_string);
    let sent = match get(Column::DateEnvoi) {
        Some(d) => match validate::date(d) {
            Ok(d) => Some(d),
            Err(e) => {
                check(Column::DateEnvoi, Err(e));
                None
            }
        },
        None => {
            if recommande.is_some() {
                check(Column::DateEnvoi, Err(t::SENDING_DATE_NEEDED.into()));
            }
            None
        }
    };
    let canal = canal.or(recommande.as_ref().map(|_| Channel::Lrar));
    Some(SheetCase {
        fichier: entry?.code.clone(),
        demarche: demarche?,
        canal,
        ouvert: sent.unwrap_or(today),
        envoi: sent.map(|date| NewEvent {
            date,
            kind: EventKind::Envoye { canal, recommande },
            texte: None,
        }),
    })
}

#[cfg(test)]
mod tests;
