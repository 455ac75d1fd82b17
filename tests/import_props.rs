//! Properties of the spreadsheet reader: any bytes are read without a panic; persons written
//! by a spreadsheet (any of the three separators, UTF-8 with or without BOM, Windows-1252)
//! come back as they were.

use acces::catalogue::Catalogue;
use acces::import::sheet::{self, Encoding};
use acces::person::Person;
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

/// A name as a spreadsheet may hold it: accents, apostrophes, quotes, separators inside.
fn name() -> impl Strategy<Value = String> {
    "[A-Za-zéèàçôœÉÀ' \"\\-;,]{1,14}"
        .prop_map(|s| s.trim().to_string())
        // A cell that starts with « ' » then « - » reads back as neutralised by an export.
        .prop_filter("not empty", |s| !s.is_empty() && !s.starts_with('\''))
}

fn person() -> impl Strategy<Value = Person> {
    (
        name(),
        name(),
        name(),
        name(),
        "[0-9]{5}",
        proptest::option::of((1900i32..2100, 1u32..13, 1u32..29)),
    )
        .prop_map(|(nom, prenoms, rue, commune, cp, born)| Person {
            nom,
            prenoms,
            adresse: vec![rue],
            code_postal: cp,
            commune,
            date_naissance: born.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            ..Person::default()
        })
}

fn write(persons: &[Person], sep: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .from_writer(Vec::new());
    w.write_record([
        "Nom",
        "Prénom(s)",
        "Adresse",
        "CP",
        "Ville",
        "Date de naissance",
    ])
    .unwrap();
    for p in persons {
        let born = p
            .date_naissance
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        w.write_record([
            p.nom.as_str(),
            &p.prenoms,
            &p.adresse[0],
            &p.code_postal,
            &p.commune,
            &born,
        ])
        .unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

proptest! {
    #[test]
    fn any_bytes_are_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let cat = Catalogue::embedded().unwrap();
        let _ = sheet::parse(&bytes, &[], &cat, today());
    }

    #[test]
    fn persons_come_back_as_written(
        persons in proptest::collection::vec(person(), 1..12),
        sep in prop_oneof![Just(b';'), Just(b','), Just(b'\t')],
        enc in 0usize..3,
    ) {
        let text = write(&persons, sep);
        let (bytes, expected) = match enc {
            0 => (text.clone().into_bytes(), Encoding::Utf8),
            1 => ([b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(), Encoding::Utf8Bom),
            _ => (encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(), Encoding::Windows1252),
        };
        let cat = Catalogue::embedded().unwrap();
        let got = sheet::parse(&bytes, &[], &cat, today()).unwrap();
        prop_assert!(got.problems.is_empty(), "{:?}", got.problems);
        prop_assert_eq!(got.separator, sep);
        // Pure ASCII in Windows-1252 is also valid UTF-8, and is read as such.
        if enc != 2 || !text.is_ascii() {
            prop_assert_eq!(got.encoding, expected);
        }
        let back: Vec<Person> = got.rows.into_iter().map(|r| r.person).collect();
        prop_assert_eq!(back, persons);
    }
}
