//! Properties of the parsers not covered elsewhere (issue 15: fuzzing in the repository):
//! the person file, the JSON export read back by `import` and `restaurer`, the arguments of
//! `acces delai`, dates, a catalogue file, and the PDF writer. Whatever the input (random
//! bytes, random Unicode with control characters, a valid input mutated), they return a
//! value or a refusal, never a panic. The same parsers have `cargo fuzz` targets in `fuzz/`,
//! run on demand; these cases run with `cargo test`.

use acces::cases::Snapshot;
use acces::catalogue::{Catalogue, SourceFile};
use acces::cli::delai::{DelaiArgs, Pour, compute};
use acces::person::Person;
use acces::validate;
use proptest::prelude::*;

/// Any text, with control characters, bidirectional marks and separators mixed in.
fn nasty() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            any::<char>(),
            Just('\r'),
            Just('\n'),
            Just('\u{0}'),
            Just('\u{202e}'),
            Just('\u{2028}'),
            Just('"'),
            Just('\\'),
            Just('-'),
            proptest::char::range('0', '9'),
        ],
        0..40,
    )
    .prop_map(|v| v.into_iter().collect())
}

const PERSON: &str = r#"{"nom":"Kill","prenoms":"Zoé","date_naissance":"1990-04-01","lieu_naissance":"Metz","adresse":["1 rue"],"code_postal":"75001","commune":"Paris","email":"z@exemple.fr"}"#;

const SNAPSHOT: &str = r#"{"format":1,"personnes":[{"id":1,"personne":{"nom":"Kill","prenoms":"Zoé","adresse":["1 rue"],"code_postal":"75001","commune":"Paris"}}],"dossiers":[{"id":1,"personne":1,"fichier":"TAJ","demarche":"acces","canal":"lrar","ouvert":"2026-11-30"}],"evenements":[{"id":1,"dossier":1,"date":"2026-11-30","type":"brouillon","enregistre":"2026-11-30T01:37:14Z"}]}"#;

/// `text` with `with` put in place of the `len` bytes at `at` (on character boundaries).
fn mutate(text: &str, at: usize, len: usize, with: &str) -> String {
    let mut cut = at % (text.len() + 1);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut end = (cut + len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{}{}", &text[..cut], with, &text[end..])
}

/// What `import` and `restaurer` do with a file: read, refuse unknown fields, check.
fn read_snapshot(bytes: &[u8]) -> Result<Snapshot, String> {
    let snap: Snapshot = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let raw: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if !validate::unknown_fields(&raw, &snap).is_empty() {
        return Err("unknown fields".into());
    }
    let problems = validate::snapshot_problems(&snap, None);
    if problems.is_empty() {
        Ok(snap)
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn the_valid_inputs_are_read() {
    let p: Person = serde_json::from_str(PERSON).unwrap();
    assert!(validate::person_problems(&p).is_empty());
    read_snapshot(SNAPSHOT.as_bytes()).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A person file, mutated anywhere: read and checked, or refused.
    #[test]
    fn a_mutated_person_file_never_panics(at in 0usize..400, len in 0usize..12, with in nasty()) {
        let text = mutate(PERSON, at, len, &with);
        if let Ok(p) = serde_json::from_str::<Person>(&text) {
            let _ = validate::person_problems(&p);
            let _ = validate::person(&p);
        }
    }

    /// A person's every field holding anything: the checks word it, never panic.
    #[test]
    fn any_person_field_is_checked_without_panic(nom in nasty(), commune in nasty(), cp in nasty(), email in nasty()) {
        let mut p: Person = serde_json::from_str(PERSON).unwrap();
        p.nom = nom;
        p.commune = commune;
        p.code_postal = cp;
        p.email = Some(email);
        let _ = validate::person_problems(&p);
    }

    /// An export, mutated anywhere: read back and checked as `import` does, or refused.
    #[test]
    fn a_mutated_export_never_panics(at in 0usize..600, len in 0usize..16, with in nasty()) {
        let text = mutate(SNAPSHOT, at, len, &with);
        let _ = read_snapshot(text.as_bytes());
    }

    /// Any bytes as an export.
    #[test]
    fn any_bytes_as_an_export_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = read_snapshot(&bytes);
    }

    /// `acces delai` with any argument values: a due date or a French refusal.
    #[test]
    fn delai_arguments_never_panic(
        depuis in proptest::option::of(nasty()),
        envoi in proptest::option::of(nasty()),
        mois in proptest::option::of(prop_oneof![nasty(), (-5i64..200).prop_map(|n| n.to_string())]),
        jours in proptest::option::of(prop_oneof![nasty(), (-5i64..4000).prop_map(|n| n.to_string())]),
        franc in any::<bool>(),
        pour in proptest::option::of(prop_oneof![Just(Pour::Administration), Just(Pour::Personne)]),
        departement in proptest::option::of(prop_oneof![nasty(), Just("57".to_string())]),
    ) {
        let args = DelaiArgs { depuis, envoi, mois, jours, franc, pour, departement };
        if let Err(f) = compute(&args) {
            prop_assert_eq!(f.code, acces::error::exit::INVALID_INPUT);
            prop_assert!(!f.message.is_empty());
        }
    }

    /// Dates as typed: a date that reads is written back the same (AAAA-MM-JJ), and any text
    /// is read or refused.
    #[test]
    fn dates_read_or_are_refused(s in nasty(), y in 1i32..9999, m in 1u32..=12, d in 1u32..=28) {
        let _ = validate::date(&s);
        let typed = format!("{y:04}-{m:02}-{d:02}");
        if let Ok(date) = validate::date(&typed) {
            prop_assert_eq!(date.format("%Y-%m-%d").to_string(), typed);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// A catalogue file, mutated: the catalogue loads or says what is wrong.
    #[test]
    fn a_mutated_catalogue_file_never_panics(pick in 0usize..1000, at in 0usize..20_000, len in 0usize..40, with in nasty()) {
        let mut files = acces::catalogue::embedded_files();
        let i = pick % files.len();
        let f = &files[i];
        files[i] = SourceFile::new(f.path.clone(), mutate(&f.text, at, len, &with));
        let _ = Catalogue::from_files(&files);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// The PDF writer takes any text of a letter (krilla's PDF/A and PDF/UA checks included).
    #[test]
    fn the_pdf_writer_takes_any_text(sender in nasty(), subject in nasty(), para in nasty()) {
        let cat = Catalogue::embedded().unwrap();
        let entry = cat.entry("TAJ").unwrap();
        let route = entry.route("acces").unwrap();
        let target = acces::letters::Target::new(&cat, entry, route, false).unwrap();
        let person: Person = serde_json::from_str(PERSON).unwrap();
        let opts = acces::letters::RenderOptions {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            by_post: true,
        };
        let mut letter = acces::letters::render(&target, &person, &Default::default(), opts).unwrap();
        letter.sender[0] = sender;
        letter.subject = subject;
        letter.body.push(para);
        let bytes = acces::letters::pdf::render(&letter);
        prop_assert!(bytes.is_ok(), "{:?}", bytes.err());
    }
}
