//! No dependency listed in `advisories.tsv` (RustSec advisories, with their sources) is in
//! the build: offline, from `Cargo.toml` and `Cargo.lock` (issue 15: cargo audit and cargo
//! deny need the advisory database from GitHub, out of reach of the build machines).

use std::collections::BTreeSet;
use std::path::Path;

struct Advisory {
    id: String,
    package: String,
    versions: String,
    direct_only: bool,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn advisories(text: &str) -> Vec<Advisory> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(cols.len() >= 6, "six tab-separated columns: {l}");
            assert!(cols[0].starts_with("RUSTSEC-"), "an id: {l}");
            assert!(
                ["vulnerability", "unmaintained", "unsound"].contains(&cols[3]),
                "a kind: {l}"
            );
            assert!(["lock", "direct"].contains(&cols[4]), "a scope: {l}");
            assert!(cols[5].contains("rustsec.org/advisories/"), "a source: {l}");
            Advisory {
                id: cols[0].into(),
                package: cols[1].into(),
                versions: cols[2].into(),
                direct_only: cols[4] == "direct",
            }
        })
        .collect()
}

/// `(name, version)` of every package of a lock file.
fn locked(lock: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut name = None;
    for line in lock.lines() {
        if line == "[[package]]" {
            name = None;
        } else if let Some(v) = line.strip_prefix("name = ") {
            name = Some(v.trim_matches('"').to_string());
        } else if let (Some(v), Some(n)) = (line.strip_prefix("version = "), name.take()) {
            out.push((n, v.trim_matches('"').to_string()));
        }
    }
    out
}

/// The dependencies named in a manifest's dependency tables.
fn direct(manifest: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line.ends_with("dependencies]");
            continue;
        }
        if let (true, false, Some((name, _))) =
            (in_deps, line.starts_with('#'), line.split_once('='))
        {
            out.insert(name.trim().to_string());
        }
    }
    out
}

fn parse(v: &str) -> Vec<u64> {
    v.split(['.', '-', '+'])
        .take(3)
        .map(|p| p.parse().unwrap_or(0))
        .collect()
}

fn affected(versions: &str, version: &str) -> bool {
    versions.split(',').map(str::trim).any(|req| {
        if req == "*" {
            true
        } else if let Some(v) = req.strip_prefix('=') {
            v == version
        } else if let Some(v) = req.strip_prefix('<') {
            parse(version) < parse(v)
        } else {
            panic!("unknown version requirement « {req} »")
        }
    })
}

/// The advisories `lock` and `manifest` fall under.
fn findings(list: &[Advisory], manifest: &str, lock: &str) -> Vec<String> {
    let names = direct(manifest);
    let packages = locked(lock);
    let mut out = Vec::new();
    for a in list {
        for (name, version) in &packages {
            if *name == a.package
                && affected(&a.versions, version)
                && (!a.direct_only || names.contains(name))
            {
                out.push(format!("{} {name} {version}", a.id));
            }
        }
    }
    out
}

#[test]
fn no_listed_advisory_is_in_the_build() {
    let list = advisories(&std::fs::read_to_string(root().join("advisories.tsv")).unwrap());
    assert!(!list.is_empty());
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    assert!(locked(&lock).len() > 100, "the lock file was read");
    assert!(
        direct(&manifest).contains("krilla"),
        "the manifest was read"
    );
    let found = findings(&list, &manifest, &lock);
    assert!(found.is_empty(), "advisories in the build: {found:?}");
}

/// The check itself: a manifest naming ttf-parser again, as before issue 15, fails it.
#[test]
fn a_direct_ttf_parser_is_found() {
    let list = advisories(&std::fs::read_to_string(root().join("advisories.tsv")).unwrap());
    let lock = "[[package]]\nname = \"ttf-parser\"\nversion = \"0.25.1\"\n";
    let manifest = "[dependencies]\nttf-parser = { version = \"0.25\" }\n";
    assert_eq!(
        findings(&list, manifest, lock),
        ["RUSTSEC-2026-0192 ttf-parser 0.25.1"]
    );
    // As a dependency of a dependency only, it is tolerated (scope `direct`).
    assert!(findings(&list, "[dependencies]\nkrilla = \"0.8\"\n", lock).is_empty());
    assert!(affected("<1.2.3", "1.2.2") && !affected("<1.2.3", "1.2.3"));
    assert!(affected("=0.1.0, =0.2.0", "0.2.0"));
}
