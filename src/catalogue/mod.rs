//! The catalogue: files and processings, their authorities, routes and the situation guide.
//!
//! Loaded from JSON text (embedded in the binary, or read by the caller from another
//! directory); this module never touches the file system itself.

mod embedded;
mod load;
pub mod model;
mod problems;

pub use embedded::EMBEDDED_FILES;
pub use load::{LoadError, SourceFile};
pub use model::*;
pub use problems::Problem;

/// The whole catalogue, validated (schema and cross-references).
#[derive(Debug, Clone)]
pub struct Catalogue {
    entries: Vec<Entry>,
    authorities: Vec<Authority>,
    situations: Vec<Situation>,
}

impl Catalogue {
    /// The catalogue shipped inside the binary.
    ///
    /// The embedded files are checked by the test suite, so a failure here is a build defect.
    pub fn embedded() -> Result<Catalogue, LoadError> {
        let files: Vec<SourceFile> = EMBEDDED_FILES
            .iter()
            .map(|(path, text)| SourceFile::new(*path, *text))
            .collect();
        Catalogue::from_files(&files)
    }

    /// Parses and validates a set of files (paths relative to the catalogue directory).
    pub fn from_files(files: &[SourceFile]) -> Result<Catalogue, LoadError> {
        load::load(files, &[])
    }

    /// As [`Catalogue::from_files`], also checking that every letter kind a route names is
    /// among `letter_kinds` (the templates that exist).
    pub fn from_files_with_letters(
        files: &[SourceFile],
        letter_kinds: &[&str],
    ) -> Result<Catalogue, LoadError> {
        load::load(files, letter_kinds)
    }

    pub(crate) fn new(
        mut entries: Vec<Entry>,
        authorities: Vec<Authority>,
        situations: Vec<Situation>,
    ) -> Catalogue {
        entries.sort_by_key(|e| e.code.to_lowercase());
        Catalogue {
            entries,
            authorities,
            situations,
        }
    }

    /// Entries sorted by code.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn authorities(&self) -> &[Authority] {
        &self.authorities
    }

    pub fn situations(&self) -> &[Situation] {
        &self.situations
    }

    /// An entry by code, case-insensitively.
    pub fn entry(&self, code: &str) -> Option<&Entry> {
        let code = code.trim();
        self.entries
            .iter()
            .find(|e| e.code.eq_ignore_ascii_case(code))
    }

    /// An entry to alter in a test (a broken catalogue without writing files).
    #[cfg(test)]
    pub(crate) fn entry_mut_for_tests(&mut self, code: &str) -> &mut Entry {
        self.entries
            .iter_mut()
            .find(|e| e.code.eq_ignore_ascii_case(code))
            .expect("entry exists")
    }

    pub fn authority(&self, id: &str) -> Option<&Authority> {
        self.authorities.iter().find(|a| a.id == id)
    }

    /// A situation by id, case-insensitively.
    pub fn situation(&self, id: &str) -> Option<&Situation> {
        self.situations
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(id.trim()))
    }

    /// The codes closest to a mistyped one, best first (at most three).
    pub fn closest_codes(&self, code: &str) -> Vec<&str> {
        closest(code, self.entries.iter().map(|e| e.code.as_str()))
    }

    /// The situation ids closest to a mistyped one, best first (at most three).
    pub fn closest_situations(&self, id: &str) -> Vec<&str> {
        closest(id, self.situations.iter().map(|s| s.id.as_str()))
    }

    /// Entries matching a free-text query (code, name, summary), case- and accent-insensitive.
    pub fn search<'a>(&'a self, query: &str) -> impl Iterator<Item = &'a Entry> + 'a {
        let needle = fold(query);
        self.entries.iter().filter(move |e| {
            needle.is_empty()
                || fold(&e.code).contains(&needle)
                || fold(&e.name).contains(&needle)
                || fold(&e.summary).contains(&needle)
        })
    }
}

impl Entry {
    pub fn route(&self, id: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.id == id)
    }

    /// Routes a person can begin with.
    pub fn start_routes(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter().filter(|r| r.start)
    }
}

impl Route {
    /// The deadline the given party must meet at this step, if any.
    pub fn deadline_for(&self, party: Party) -> Option<&DeadlineRule> {
        self.deadlines.iter().find(|d| d.party == party)
    }
}

fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.trim().to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|c| {
            let lower = c.to_lowercase();
            let mut score = strsim::normalized_damerau_levenshtein(&wanted, &lower)
                .max(strsim::jaro_winkler(&wanted, &lower) - 0.15);
            if !wanted.is_empty() && (lower.contains(&wanted) || wanted.contains(&lower)) {
                score += 0.2;
            }
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.6)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// Lowercase without French diacritics, for search.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ÿ' => 'y',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("Fichier ÉCHÉANCE ça"), "fichier echeance ca");
    }

    #[test]
    fn closest_prefers_near_codes() {
        let codes = ["TAJ", "PASP", "GIPASP", "FPR"];
        let got = closest("tja", codes.iter().copied());
        assert_eq!(got.first(), Some(&"TAJ"));
        assert!(closest("zzzzzz", codes.iter().copied()).is_empty());
    }
}
