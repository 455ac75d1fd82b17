//! The catalogue: files and processings, their authorities, routes and the situation guide.
//!
//! Loaded from JSON text (embedded in the binary, or read by the caller from another
//! directory); this module never touches the file system itself.

mod embedded;
mod load;
pub mod model;
mod problems;
pub mod sources;

use std::sync::OnceLock;

pub use embedded::EMBEDDED_FILES;
pub use load::{LoadError, SourceFile};
pub use model::*;
pub use problems::Problem;
pub use sources::{PRIMARY_HOSTS, STALE_AFTER_MONTHS};

/// The whole catalogue, validated (schema and cross-references; the embedded one by the
/// test suite, see [`Catalogue::embedded`]).
#[derive(Clone)]
pub struct Catalogue {
    entries: Entries,
    authorities: Vec<Authority>,
    situations: Vec<Situation>,
}

/// The entries: all of them, sorted by code, once read; for the embedded catalogue, each
/// file is also read alone when one entry is asked for first (a command about one case
/// reads one file, not the 23).
#[derive(Clone, Default)]
struct Entries {
    all: OnceLock<Vec<Entry>>,
    /// The embedded entry files: (code as the file is named, text, the entry once read).
    one_by_one: Vec<(&'static str, &'static str, OnceLock<Option<Entry>>)>,
}

impl Entries {
    fn read(text: &str) -> Option<Entry> {
        serde_json::from_str(text).ok()
    }

    fn all(&self) -> &[Entry] {
        self.all.get_or_init(|| {
            let mut all: Vec<Entry> = self
                .one_by_one
                .iter()
                .filter_map(|(_, text, one)| match one.get() {
                    Some(read) => read.clone(),
                    None => Entries::read(text),
                })
                .collect();
            all.sort_by_key(|e| e.code.to_lowercase());
            all
        })
    }

    fn one(&self, code: &str) -> Option<&Entry> {
        if let Some(all) = self.all.get() {
            return all.iter().find(|e| e.code.eq_ignore_ascii_case(code));
        }
        let (_, text, one) = self
            .one_by_one
            .iter()
            .find(|(named, _, _)| named.eq_ignore_ascii_case(code))?;
        one.get_or_init(|| Entries::read(text))
            .as_ref()
            .filter(|e| e.code.eq_ignore_ascii_case(code))
    }
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("entries", &self.entries())
            .field("authorities", &self.authorities)
            .field("situations", &self.situations)
            .finish()
    }
}

/// The embedded catalogue's files, as [`SourceFile`]s.
pub fn embedded_files() -> Vec<SourceFile> {
    EMBEDDED_FILES
        .iter()
        .map(|(path, text)| SourceFile::new(*path, *text))
        .collect()
}

impl Catalogue {
    /// The catalogue shipped inside the binary.
    ///
    /// The embedded files are checked (schema, types, cross-references) by the test suite
    /// and `acces catalogue verifier`, so at start-up only the authorities and situations
    /// are read; each entry file is read when first needed, from the text in the binary
    /// (named after its code: `tests/catalogue_files.rs` checks it). A file that does not
    /// read, a build defect, goes the checked way, which says why.
    pub fn embedded() -> Result<Catalogue, LoadError> {
        let mut one_by_one = Vec::new();
        let mut authorities = Vec::new();
        let mut situations = None;
        for (path, text) in EMBEDDED_FILES {
            let read = if let Some(file) = path.strip_prefix("fichiers/") {
                file.strip_suffix(".json")
                    .map(|code| one_by_one.push((code, *text, OnceLock::new())))
            } else if path.starts_with("autorites/") {
                serde_json::from_str::<AuthoritiesFile>(text)
                    .ok()
                    .map(|f| authorities.extend(f.authorities))
            } else if *path == "situations.json" {
                serde_json::from_str::<SituationsFile>(text)
                    .ok()
                    .map(|f| situations = Some(f.situations))
            } else {
                Some(())
            };
            if read.is_none() {
                return load::load_with(&embedded_files(), &[], false);
            }
        }
        let Some(situations) = situations else {
            return load::load_with(&embedded_files(), &[], false);
        };
        Ok(Catalogue {
            entries: Entries {
                all: OnceLock::new(),
                one_by_one,
            },
            authorities,
            situations,
        })
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
            entries: Entries {
                all: OnceLock::from(entries),
                one_by_one: Vec::new(),
            },
            authorities,
            situations,
        }
    }

    /// Entries sorted by code.
    pub fn entries(&self) -> &[Entry] {
        self.entries.all()
    }

    pub fn authorities(&self) -> &[Authority] {
        &self.authorities
    }

    pub fn situations(&self) -> &[Situation] {
        &self.situations
    }

    /// An entry by code, case-insensitively.
    pub fn entry(&self, code: &str) -> Option<&Entry> {
        self.entries.one(code.trim())
    }

    /// An entry to alter in a test (a broken catalogue without writing files).
    #[cfg(test)]
    pub(crate) fn entry_mut_for_tests(&mut self, code: &str) -> &mut Entry {
        self.entries.all();
        self.entries
            .all
            .get_mut()
            .expect("read just above")
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
        closest(code, self.entries().iter().map(|e| e.code.as_str()))
    }

    /// The situation ids closest to a mistyped one, best first (at most three).
    pub fn closest_situations(&self, id: &str) -> Vec<&str> {
        closest(id, self.situations.iter().map(|s| s.id.as_str()))
    }

    /// Entries matching a free-text query (code, name, summary), case- and accent-insensitive.
    pub fn search<'a>(&'a self, query: &str) -> impl Iterator<Item = &'a Entry> + 'a {
        let needle = fold(query);
        self.entries().iter().filter(move |e| {
            needle.is_empty()
                || fold(&e.code).contains(&needle)
                || fold(&e.name).contains(&needle)
                || fold(&e.summary).contains(&needle)
        })
    }
}

impl Catalogue {
    /// Every fact whose `source_url` is not a primary publisher ([`PRIMARY_HOSTS`]) and that is
    /// not marked low confidence with a note explaining why. Located by the data's usual file
    /// names (`fichiers/<code>.json`, `situations.json`).
    pub fn source_problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut check =
            |file: &str, at: String, url: &str, confidence: Confidence, note: Option<&str>| {
                if sources::is_primary(url) || (confidence == Confidence::Low && note.is_some()) {
                    return;
                }
                let host = sources::host(url).unwrap_or_else(|| url.to_string());
                out.push(Problem::new(
                    file,
                    format!("{at}/source_url"),
                    format!(
                        "source hors des éditeurs primaires ({host}) : indiquez la page de \
                         l’éditeur primaire (Légifrance, cnil.fr, service-public.fr…) et gardez \
                         la copie lue dans « copy_url », ou marquez ce fait de confiance faible \
                         avec une note"
                    ),
                ));
            };
        for e in self.entries() {
            let file = format!("fichiers/{}.json", e.code.to_lowercase());
            for (i, b) in e.legal_basis.iter().enumerate() {
                let at = format!("/legal_basis/{i}");
                check(&file, at, &b.source_url, b.confidence, b.note.as_deref());
            }
            for (i, c) in e.coming_law.iter().enumerate() {
                let at = format!("/coming_law/{i}");
                check(&file, at, &c.source_url, Confidence::High, None);
            }
            for (i, r) in e.routes.iter().enumerate() {
                for (j, b) in r.legal_basis.iter().enumerate() {
                    let at = format!("/routes/{i}/legal_basis/{j}");
                    check(&file, at, &b.source_url, b.confidence, b.note.as_deref());
                }
                for (j, d) in r.deadlines.iter().enumerate() {
                    let at = format!("/routes/{i}/deadlines/{j}");
                    check(&file, at, &d.source_url, d.confidence, d.note.as_deref());
                }
                for (j, c) in r.cautions.iter().enumerate() {
                    let at = format!("/routes/{i}/cautions/{j}");
                    check(&file, at, &c.source_url, c.confidence, c.note.as_deref());
                }
            }
        }
        for (i, s) in self.situations.iter().enumerate() {
            for (j, a) in s.advice.iter().enumerate() {
                let at = format!("/situations/{i}/advice/{j}");
                check(
                    "situations.json",
                    at,
                    &a.source_url,
                    a.confidence,
                    a.note.as_deref(),
                );
            }
        }
        out
    }

    /// Every fact not checked again for more than [`STALE_AFTER_MONTHS`] on `today`: entries,
    /// their legal bases, deadlines and cautions (a fact without its own date has its
    /// entry's), authorities and the guide's advice. Located by the data's usual file names.
    pub fn stale_facts(&self, today: chrono::NaiveDate) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut check = |file: &str, at: String, checked: chrono::NaiveDate| {
            if sources::is_stale(checked, today) {
                out.push(Problem::new(
                    file,
                    at,
                    format!(
                        "fait vérifié le {} : plus de {STALE_AFTER_MONTHS} mois, à revérifier",
                        checked.format("%d/%m/%Y")
                    ),
                ));
            }
        };
        for e in self.entries() {
            let file = format!("fichiers/{}.json", e.code.to_lowercase());
            check(&file, "/checked".into(), e.checked);
            for (i, b) in e.legal_basis.iter().enumerate() {
                if let Some(d) = b.checked {
                    check(&file, format!("/legal_basis/{i}/checked"), d);
                }
            }
            for (i, c) in e.coming_law.iter().enumerate() {
                check(&file, format!("/coming_law/{i}/checked"), c.checked);
            }
            for (i, r) in e.routes.iter().enumerate() {
                let dates = r
                    .legal_basis
                    .iter()
                    .enumerate()
                    .map(|(j, b)| (format!("legal_basis/{j}"), b.checked))
                    .chain(
                        r.deadlines
                            .iter()
                            .enumerate()
                            .map(|(j, d)| (format!("deadlines/{j}"), d.checked)),
                    )
                    .chain(
                        r.cautions
                            .iter()
                            .enumerate()
                            .map(|(j, c)| (format!("cautions/{j}"), c.checked)),
                    );
                for (at, d) in dates {
                    if let Some(d) = d {
                        check(&file, format!("/routes/{i}/{at}/checked"), d);
                    }
                }
            }
        }
        for a in &self.authorities {
            check(
                "autorites/",
                format!("/authorities/{}/checked", a.id),
                a.checked,
            );
        }
        for (i, s) in self.situations.iter().enumerate() {
            for (j, a) in s.advice.iter().enumerate() {
                check(
                    "situations.json",
                    format!("/situations/{i}/advice/{j}/checked"),
                    a.checked,
                );
            }
        }
        out
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

/// Lowercase plain letters (no diacritics, ligatures spelled out, one apostrophe), for search.
pub fn fold(text: &str) -> String {
    // deunicode writes every letter in plain ASCII (é → e, œ → oe, ễ → e, ’ → '), so what
    // one types on any keyboard finds what the catalogue and the register spell.
    deunicode::deunicode(text).to_lowercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_catalogue_reads_the_same_straight_as_through_the_schema_check() {
        let straight = super::Catalogue::embedded().unwrap();
        let checked = super::load::load_with(&super::embedded_files(), &[], true).unwrap();
        assert_eq!(straight.entries(), checked.entries());
        assert_eq!(straight.authorities(), checked.authorities());
        assert_eq!(straight.situations(), checked.situations());
    }

    use super::*;

    #[test]
    fn embedded_fast_path_gives_the_catalogue_the_full_check_gives() {
        // The start-up path skips the schema; the result must be the same catalogue.
        let fast = Catalogue::embedded().unwrap();
        let full = Catalogue::from_files(&embedded_files()).unwrap();
        assert_eq!(format!("{fast:?}"), format!("{full:?}"));
        assert!(fast.entry("TAJ").is_some());
    }

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("Fichier ÉCHÉANCE ça"), "fichier echeance ca");
    }

    #[test]
    fn fold_finds_ligatures_apostrophes_and_vietnamese_letters_by_their_plain_forms() {
        // Typographic apostrophe in the text, a plain one typed (and the other way round).
        assert!(fold("Traitement d’infractions").contains(&fold("d'infractions")));
        assert!(fold("d'infractions").contains(&fold("d’infractions")));
        assert_eq!(fold("Œuvre, cœur"), "oeuvre, coeur");
        assert!(fold("cœur").contains(&fold("coeur")));
        assert_eq!(fold("Nguyễn"), "nguyen");
        assert_eq!(fold("NGUYỄN Thị"), "nguyen thi");
    }

    #[test]
    fn the_catalogue_search_finds_typographic_spellings_by_what_one_types() {
        let cat = Catalogue::embedded().unwrap();
        let codes = |q: &str| cat.search(q).map(|e| e.code.clone()).collect::<Vec<_>>();
        // The catalogue writes « d’infractions » with a typographic apostrophe.
        let found = codes("d'infractions");
        assert!(found.iter().any(|c| c == "FIJAIS"), "{found:?}");
        assert_eq!(found, codes("D’INFRACTIONS"));
    }

    #[test]
    fn closest_prefers_near_codes() {
        let codes = ["TAJ", "PASP", "GIPASP", "FPR"];
        let got = closest("tja", codes.iter().copied());
        assert_eq!(got.first(), Some(&"TAJ"));
        assert!(closest("zzzzzz", codes.iter().copied()).is_empty());
    }
}
