//! CSV for French spreadsheets: `;` between cells, CRLF line ends, UTF-8 with a byte order
//! mark (so that a spreadsheet reads the accents) or Windows-1252 on request, and cells that a
//! spreadsheet would run as a formula neutralised. The import ([`crate::import::sheet`])
//! reads these files back.

use std::borrow::Cow;

use crate::cases::agenda::Tracked;
use crate::cases::{EventKind, PersonRecord};
use crate::error::Failure;
use crate::person::Person;

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
    pub const ALL: [Encodage; 2] = [Encodage::Utf8Bom, Encodage::Windows1252];

    /// The id `--encodage` takes.
    pub fn id(self) -> &'static str {
        match self {
            Encodage::Utf8Bom => "utf-8",
            Encodage::Windows1252 => "windows-1252",
        }
    }

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

/// What a column of the spreadsheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Civilite,
    Nom,
    NomNaissance,
    Prenoms,
    DateNaissance,
    LieuNaissance,
    Adresse,
    Complement,
    CodePostal,
    Commune,
    Departement,
    Email,
    Telephone,
    Caf,
    FranceTravail,
    Fichier,
    Demarche,
    Canal,
    DateEnvoi,
    Recommande,
}

impl Column {
    pub const ALL: [Column; 20] = [
        Column::Civilite,
        Column::Nom,
        Column::NomNaissance,
        Column::Prenoms,
        Column::DateNaissance,
        Column::LieuNaissance,
        Column::Adresse,
        Column::Complement,
        Column::CodePostal,
        Column::Commune,
        Column::Departement,
        Column::Email,
        Column::Telephone,
        Column::Caf,
        Column::FranceTravail,
        Column::Fichier,
        Column::Demarche,
        Column::Canal,
        Column::DateEnvoi,
        Column::Recommande,
    ];

    /// Columns every file must have.
    pub const REQUIRED: [Column; 5] = [
        Column::Nom,
        Column::Prenoms,
        Column::Adresse,
        Column::CodePostal,
        Column::Commune,
    ];

    /// The id used with `--colonnes ID=COLONNE`.
    pub fn id(self) -> &'static str {
        match self {
            Column::Civilite => "civilite",
            Column::Nom => "nom",
            Column::NomNaissance => "nom_naissance",
            Column::Prenoms => "prenoms",
            Column::DateNaissance => "date_naissance",
            Column::LieuNaissance => "lieu_naissance",
            Column::Adresse => "adresse",
            Column::Complement => "complement",
            Column::CodePostal => "code_postal",
            Column::Commune => "commune",
            Column::Departement => "departement",
            Column::Email => "email",
            Column::Telephone => "telephone",
            Column::Caf => "caf",
            Column::FranceTravail => "france_travail",
            Column::Fichier => "fichier",
            Column::Demarche => "demarche",
            Column::Canal => "canal",
            Column::DateEnvoi => "date_envoi",
            Column::Recommande => "recommande",
        }
    }

    pub fn from_id(id: &str) -> Option<Column> {
        let id = id.trim();
        Column::ALL
            .into_iter()
            .find(|c| c.id().eq_ignore_ascii_case(id))
    }

    /// The French heading: what the import recognises first and the export writes.
    pub fn heading(self) -> &'static str {
        match self {
            Column::Civilite => "Civilité",
            Column::Nom => "Nom",
            Column::NomNaissance => "Nom de naissance",
            Column::Prenoms => "Prénom(s)",
            Column::DateNaissance => "Date de naissance",
            Column::LieuNaissance => "Lieu de naissance",
            Column::Adresse => "Adresse",
            Column::Complement => "Complément",
            Column::CodePostal => "CP",
            Column::Commune => "Ville/Commune",
            Column::Departement => "Département",
            Column::Email => "Email",
            Column::Telephone => "Téléphone",
            Column::Caf => "N° allocataire CAF",
            Column::FranceTravail => "Identifiant France Travail",
            Column::Fichier => "Fichier",
            Column::Demarche => "Démarche",
            Column::Canal => "Canal",
            Column::DateEnvoi => "Date d'envoi",
            Column::Recommande => "N° de recommandé",
        }
    }

    /// The column headings recognised, folded (lower case, no accents, letters and digits
    /// only: « N° allocataire CAF » → `nallocatairecaf`).
    pub fn headings(self) -> &'static [&'static str] {
        match self {
            Column::Civilite => &["civilite", "titre"],
            Column::Nom => &["nom", "nomdusage", "nomusuel"],
            Column::NomNaissance => &["nomdenaissance", "nomnaissance", "nomdejeunefille"],
            Column::Prenoms => &["prenom", "prenoms"],
            Column::DateNaissance => &["datedenaissance", "datenaissance", "nele", "nee"],
            Column::LieuNaissance => &["lieudenaissance", "lieunaissance", "villedenaissance"],
            Column::Adresse => &["adresse", "adressepostale", "adresse1", "rue", "voie"],
            Column::Complement => &[
                "complement",
                "complementdadresse",
                "complementadresse",
                "adresse2",
            ],
            Column::CodePostal => &["cp", "codepostal"],
            Column::Commune => &[
                "ville",
                "commune",
                "villecommune",
                "communeville",
                "localite",
            ],
            Column::Departement => &["departement", "dept", "dep"],
            Column::Email => &[
                "email",
                "mail",
                "courriel",
                "adresseemail",
                "adressemail",
                "adressecourriel",
            ],
            Column::Telephone => &["telephone", "tel", "portable", "numerodetelephone"],
            Column::Caf => &[
                "nallocatairecaf",
                "noallocatairecaf",
                "numeroallocatairecaf",
                "numerodallocatairecaf",
                "allocatairecaf",
                "nallocataire",
                "numeroallocataire",
                "caf",
            ],
            Column::FranceTravail => &[
                "identifiantfrancetravail",
                "idfrancetravail",
                "francetravail",
                "identifiantpoleemploi",
            ],
            Column::Fichier => &["fichier", "codefichier", "codedufichier"],
            Column::Demarche => &["demarche"],
            Column::Canal => &["canal", "moyendenvoi", "moyenenvoi"],
            Column::DateEnvoi => &["datedenvoi", "dateenvoi", "envoyele", "envoile"],
            Column::Recommande => &[
                "nderecommande",
                "nrecommande",
                "norecommande",
                "numerorecommande",
                "numeroderecommande",
                "recommande",
                "nlrar",
            ],
        }
    }
}

/// Columns after those the import reads: for reading the file; the import ignores them.
const READING_COLUMNS: [&str; 4] = ["N° de dossier", "Ouvert le", "État", "Prochaine échéance"];

/// The register as a French spreadsheet, heading first: one row per case, and one for each
/// person without a case; the columns the import reads (so that the file imports back:
/// persons, cases, their first sending), then the case's number, opening day, state and next
/// due date for reading. Address lines after the first go, joined by « , », into
/// « Complément ». Events after the first sending are not in it (the JSON export has them).
pub fn register_rows(persons: &[PersonRecord], tracked: &[Tracked]) -> Vec<Vec<String>> {
    let day = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let mut heading: Vec<String> = Column::ALL
        .iter()
        .map(|c| c.heading().to_string())
        .collect();
    heading.extend(READING_COLUMNS.iter().map(|s| s.to_string()));
    let mut rows = vec![heading];
    let person_cells = |p: &Person| -> Vec<String> {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        Column::ALL
            .iter()
            .take_while(|c| **c != Column::Fichier)
            .map(|c| match c {
                Column::Civilite => opt(&p.civilite),
                Column::Nom => p.nom.clone(),
                Column::NomNaissance => opt(&p.nom_naissance),
                Column::Prenoms => p.prenoms.clone(),
                Column::DateNaissance => p.date_naissance.map(day).unwrap_or_default(),
                Column::LieuNaissance => opt(&p.lieu_naissance),
                Column::Adresse => p.adresse.first().cloned().unwrap_or_default(),
                Column::Complement => p
                    .adresse
                    .iter()
                    .skip(1)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                Column::CodePostal => p.code_postal.clone(),
                Column::Commune => p.commune.clone(),
                Column::Departement => opt(&p.departement),
                Column::Email => opt(&p.email),
                Column::Telephone => opt(&p.telephone),
                Column::Caf => opt(&p.identifiants.caf),
                Column::FranceTravail => opt(&p.identifiants.france_travail),
                _ => String::new(),
            })
            .collect()
    };
    for record in persons {
        let mine: Vec<&Tracked> = tracked
            .iter()
            .filter(|x| x.history.case.personne == record.id)
            .collect();
        let cells = person_cells(&record.personne);
        if mine.is_empty() {
            let mut row = cells.clone();
            row.resize(Column::ALL.len() + READING_COLUMNS.len(), String::new());
            rows.push(row);
        }
        for x in mine {
            let c = &x.history.case;
            let sent = x.history.standing().iter().find_map(|e| match &e.kind {
                EventKind::Envoye { recommande, .. } => Some((e.date, recommande.clone())),
                _ => None,
            });
            let due = x.status.deadlines().into_iter().map(|d| d.due.due()).min();
            let mut row = cells.clone();
            row.extend([
                c.fichier.clone(),
                c.demarche.clone(),
                c.canal.map(|k| k.id().to_string()).unwrap_or_default(),
                sent.as_ref().map(|(d, _)| day(*d)).unwrap_or_default(),
                sent.and_then(|(_, r)| r).unwrap_or_default(),
                c.id.to_string(),
                day(c.ouvert),
                crate::texts::cases::state(x.status.state).to_string(),
                due.map(day).unwrap_or_default(),
            ]);
            rows.push(row);
        }
    }
    rows
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
