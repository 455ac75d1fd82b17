//! The .eml writer never panics and never lets a value break out of its header line, whatever
//! the person's name, the letter's subject or its text hold (CR, LF, control characters,
//! bidirectional marks, Unicode separators). Issue #15, defect 1: 48 of 20,000 fuzzed inputs
//! made `acces lettre --format eml` panic (exit 101).

use std::collections::BTreeMap;
use std::path::PathBuf;

use acces::catalogue::Catalogue;
use acces::letters::{self, Letter, RenderOptions, Target};
use acces::person::Person;
use chrono::NaiveDate;
use proptest::prelude::*;

fn person() -> Person {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/personne.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn base_letter() -> (Letter, String) {
    static BASE: std::sync::OnceLock<(Letter, String)> = std::sync::OnceLock::new();
    BASE.get_or_init(make_base_letter).clone()
}

fn catalogue() -> &'static Catalogue {
    static CAT: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CAT.get_or_init(|| Catalogue::embedded().unwrap())
}

fn make_base_letter() -> (Letter, String) {
    let cat = catalogue();
    let entry = cat.entry("TAJ").unwrap();
    let route = entry.route("acces").unwrap();
    let target = Target::new(cat, entry, route, false).unwrap();
    let options = RenderOptions {
        today: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        by_post: false,
    };
    let letter = letters::render(&target, &person(), &BTreeMap::new(), options).unwrap();
    (letter, target.recipient.name.clone())
}

/// Text mixing ordinary letters with what broke the writer.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{200f}".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{7}".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("=?utf-8?q?x?=".to_string()),
        Just("Bcc: x@exemple.fr".to_string()),
        "[a-zA-Zéèçœ ,.<>@()]{0,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

/// Every header line (before the blank line) is one line: it ends in CRLF, holds no bare
/// CR or LF, and the injected `Bcc:` never becomes a header of its own.
fn check_headers(eml: &str) {
    let head = eml.split("\r\n\r\n").next().unwrap();
    for line in head.split("\r\n") {
        assert!(!line.contains('\r') && !line.contains('\n'), "{line:?}");
        assert!(!line.starts_with("Bcc:"), "{head}");
    }
}

#[test]
fn a_name_with_a_line_break_no_longer_panics() {
    let (mut letter, recipient) = base_letter();
    letter.signature[0] = "Camille\r\nBcc: x@exemple.fr".into();
    let eml = String::from_utf8(letters::eml::render(&letter, &recipient).unwrap()).unwrap();
    check_headers(&eml);
    assert!(eml.contains("From: "), "{eml}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn eml_writer_never_panics(name in nasty(), subject in nasty(), para in nasty(), sender in nasty()) {
        let (mut letter, recipient) = base_letter();
        letter.signature[0] = name;
        letter.subject = subject;
        letter.body.push(para);
        letter.sender.push(sender);
        let bytes = letters::eml::render(&letter, &recipient).unwrap();
        let eml = String::from_utf8(bytes).unwrap();
        check_headers(&eml);
    }

    #[test]
    fn rendering_a_person_with_odd_names_never_panics(nom in nasty(), prenoms in nasty()) {
        let cat = catalogue();
        let entry = cat.entry("TAJ").unwrap();
        let route = entry.route("acces").unwrap();
        let target = Target::new(cat, entry, route, false).unwrap();
        let mut p = person();
        p.nom = nom;
        p.prenoms = prenoms;
        let options = RenderOptions {
            today: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            by_post: false,
        };
        // Refusing the person is fine; panicking is not.
        if let Ok(letter) = letters::render(&target, &p, &BTreeMap::new(), options) {
            let bytes = letters::eml::render(&letter, &target.recipient.name).unwrap();
            check_headers(&String::from_utf8(bytes).unwrap());
        }
    }
}
