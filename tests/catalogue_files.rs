//! The embedded catalogue: every file in requests/ is embedded, validates against the schema
//! (checked here with an independent validator), deserialises into the Rust types, and all
//! cross-references hold.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use acces::catalogue::{Catalogue, EMBEDDED_FILES, Entry, SourceFile};

fn requests_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/requests"))
}

fn files_on_disk() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let root = requests_dir();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                // requests/local/ has its own files, list and checks (tests/local_recipients.rs);
                // requests/mandat/ is the mandate's, checked by `letters::mandate`.
                if p != root.join("local") && p != root.join("mandat") {
                    stack.push(p);
                }
            } else {
                out.insert(
                    p.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out
}

#[test]
fn every_file_in_requests_is_embedded() {
    let embedded: BTreeSet<String> = EMBEDDED_FILES.iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(
        files_on_disk(),
        embedded,
        "update src/catalogue/embedded.rs"
    );
}

#[test]
fn every_file_validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(requests_dir().join("schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for path in files_on_disk() {
        if path == "schema.json" {
            continue;
        }
        let text = fs::read_to_string(requests_dir().join(&path)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} {}", e.instance_path(), e))
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
        let declared = value["$schema"].as_str().unwrap_or("");
        assert!(
            declared.ends_with("schema.json"),
            "{path} declares its schema"
        );
        if path.starts_with("fichiers/") {
            // Unknown fields are rejected by the types too.
            let _: Entry = serde_json::from_value(value).unwrap();
        }
    }
}

#[test]
fn embedded_catalogue_loads_with_all_cross_references() {
    let files: Vec<SourceFile> = EMBEDDED_FILES
        .iter()
        .map(|(p, t)| SourceFile::new(*p, *t))
        .collect();
    match Catalogue::from_files_with_letters(&files, acces::letters::KINDS) {
        Ok(cat) => assert!(!cat.entries().is_empty()),
        Err(e) => panic!("{e}"),
    }
}

/// The start-up catalogue reads an entry's file alone when that entry is asked for first,
/// finding it by its name: each entry file is named after its code, and gives, read alone,
/// the entry the fully checked catalogue gives.
#[test]
fn each_entry_file_is_named_after_its_code_and_reads_alone_as_checked() {
    let files: Vec<SourceFile> = EMBEDDED_FILES
        .iter()
        .map(|(p, t)| SourceFile::new(*p, *t))
        .collect();
    let checked = Catalogue::from_files_with_letters(&files, acces::letters::KINDS).unwrap();
    for (path, text) in EMBEDDED_FILES {
        let Some(name) = path.strip_prefix("fichiers/") else {
            continue;
        };
        let entry: Entry = serde_json::from_str(text).unwrap();
        assert_eq!(
            name,
            format!("{}.json", entry.code.to_lowercase()),
            "{path}: a file of the catalogue is named after its code"
        );
        // A fresh catalogue each time: the entry is read alone, nothing else yet.
        for asked in [
            entry.code.clone(),
            entry.code.to_lowercase(),
            format!(" {} ", entry.code),
        ] {
            let fresh = Catalogue::embedded().unwrap();
            assert_eq!(fresh.entry(&asked), checked.entry(&entry.code), "{asked}");
        }
    }
    let fresh = Catalogue::embedded().unwrap();
    assert!(fresh.entry("TAJ").is_some());
    assert_eq!(fresh.entries(), checked.entries());
    assert_eq!(fresh.authorities(), checked.authorities());
    assert_eq!(fresh.situations(), checked.situations());
    for unknown in ["", "taj.json", "../taj", "fichiers/taj", "ZZZ"] {
        assert!(fresh.entry(unknown).is_none(), "{unknown}");
        assert!(
            Catalogue::embedded().unwrap().entry(unknown).is_none(),
            "{unknown}"
        );
    }
}
