//! The floors of the house (see `src/lib.rs`), checked: no room of `src/` names a room of a
//! higher floor. Every `crate::room` path outside `#[cfg(test)]` items counts, in `use` lines
//! (grouped or not) and inline. Run alone with `cargo test --test integration floors::`.

use std::collections::BTreeSet;
use std::path::Path;

/// The floors, from the ground. A room may use any room of a lower floor.
const FLOORS: &[(&str, &[&str])] = &[
    (
        "model",
        &["catalogue", "local", "person", "error", "law", "cases"],
    ),
    ("texts", &["texts"]),
    (
        "services",
        &["store", "letters", "export", "import", "validate", "fsio"],
    ),
    ("faces", &["cli", "tui"]),
];

/// Uses between two rooms of one floor, each with why. Anything else on one floor fails, so
/// a new tie is seen and either written here or moved.
const SAME_FLOOR: &[(&str, &str, &str)] = &[
    (
        "law",
        "catalogue",
        "a deadline is counted from a catalogue rule",
    ),
    (
        "cases",
        "catalogue",
        "a case's status reads its entry and route",
    ),
    ("cases", "law", "a case's deadlines are counted by the law"),
    ("cases", "person", "a case belongs to a person"),
    (
        "local",
        "catalogue",
        "a court or office is proposed for a catalogue route",
    ),
    (
        "store",
        "validate",
        "the store refuses what the one set of checks refuses, whichever face wrote it",
    ),
    (
        "letters",
        "validate",
        "a letter checks its fields with the one set of checks",
    ),
    (
        "letters",
        "store",
        "a batch of letters is recorded as the store's batch, in one transaction, for both faces",
    ),
    (
        "letters",
        "fsio",
        "a batch of letters is written to its file or folder the same way for both faces",
    ),
    (
        "import",
        "validate",
        "an imported row is checked with the one set of checks",
    ),
    (
        "import",
        "store",
        "an import is written as the store's batch, in one transaction",
    ),
    (
        "import",
        "export",
        "a spreadsheet cell is read back with the writer's own escaping rule",
    ),
    (
        "cli",
        "tui",
        "clap parses --data-dir and the passphrase options before either face starts; \
         `acces` without a command then starts the TUI",
    ),
];

fn floor_of(room: &str) -> Option<usize> {
    FLOORS.iter().position(|(_, rooms)| rooms.contains(&room))
}

/// The file's text without `#[cfg(test)]` items and without comments.
fn code_outside_tests(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            // Skip the item: one line ending in `;`, or up to its closing brace.
            let mut depth = 0i32;
            for item in lines.by_ref() {
                let code = item.split("//").next().unwrap_or("");
                depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
                if depth <= 0 && (code.contains('}') || code.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        out.push_str(line.split("//").next().unwrap_or(""));
        out.push('\n');
    }
    out
}

/// The rooms a piece of code names: `crate::room…` and `use crate::{room, …}`.
fn rooms_named(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

/// A file its module declares under `#[cfg(test)]` (`mod tests;`, `pub(crate) mod
/// testing;`): test code, like the `#[cfg(test)]` items skipped inside files.
fn is_test_module_file(file: &Path) -> bool {
    let (Some(stem), Some(dir)) = (file.file_stem().and_then(|s| s.to_str()), file.parent()) else {
        return false;
    };
    // The declaring module: `dir/mod.rs`, or `dir.rs` beside the folder.
    let parents = [dir.join("mod.rs"), dir.with_extension("rs")];
    parents.iter().any(|parent| {
        std::fs::read_to_string(parent).is_ok_and(|text| {
            text.contains(&format!("#[cfg(test)]\nmod {stem};"))
                || text.contains(&format!("#[cfg(test)]\npub(crate) mod {stem};"))
        })
    })
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_room_uses_a_room_of_a_higher_floor() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut seen = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        let room = first.trim_end_matches(".rs");
        if room == "lib" || room == "main" || is_test_module_file(file) {
            continue;
        }
        let Some(floor) = floor_of(room) else {
            wrong.push(format!("{}: room `{room}` is on no floor", rel.display()));
            continue;
        };
        let code = code_outside_tests(&std::fs::read_to_string(file).unwrap());
        for used in rooms_named(&code) {
            if used == room {
                continue;
            }
            seen += 1;
            match floor_of(&used) {
                // Items of lib.rs itself (none should be needed).
                None => wrong.push(format!(
                    "{}: uses crate::{used}, which is on no floor",
                    rel.display()
                )),
                Some(f) if f > floor => wrong.push(format!(
                    "{}: `{room}` ({}) uses `{used}` ({}), a higher floor",
                    rel.display(),
                    FLOORS[floor].0,
                    FLOORS[f].0
                )),
                Some(f)
                    if f == floor
                        && !SAME_FLOOR.iter().any(|(a, b, _)| *a == room && *b == used) =>
                {
                    wrong.push(format!(
                        "{}: `{room}` uses `{used}` on the same floor ({}), which SAME_FLOOR \
                         does not list",
                        rel.display(),
                        FLOORS[floor].0
                    ))
                }
                Some(_) => {}
            }
        }
    }
    assert!(seen > 50, "only {seen} uses found: is the scan broken?");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_scan_sees_grouped_inline_and_test_only_uses() {
    let code = code_outside_tests(
        "use crate::{fsio, validate::date};\n\
         fn f() { crate::texts::store::internal(1); } // crate::tui in a comment\n\
         #[cfg(test)]\n\
         mod tests {\n    use crate::tui;\n    fn g() {}\n}\n\
         use crate::law::Region;\n",
    );
    let rooms: Vec<String> = rooms_named(&code).into_iter().collect();
    assert_eq!(rooms, ["fsio", "law", "texts", "validate"]);
}
