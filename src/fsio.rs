//! File-system access for the faces (CLI, TUI): reading a catalogue directory and writing
//! output files atomically. The core never calls this.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::catalogue::SourceFile;
use crate::error::Failure;
use crate::texts::fs as t;

/// Reads every catalogue file under `dir` (schema.json, situations.json, fichiers/*.json,
/// autorites/*.json and anything else, which validation will report).
pub fn read_catalogue_dir(dir: &Path) -> Result<Vec<SourceFile>, Failure> {
    if !dir.is_dir() {
        return Err(Failure::invalid(t::not_a_directory(dir)));
    }
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) -> Result<(), Failure> {
    let entries = fs::read_dir(dir).map_err(|e| Failure::io(t::cannot_read(dir, &e)))?;
    for entry in entries {
        let entry = entry.map_err(|e| Failure::io(t::cannot_read(dir, &e)))?;
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "json" || e == "tsv") {
            let text =
                fs::read_to_string(&path).map_err(|e| Failure::io(t::cannot_read(&path, &e)))?;
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(SourceFile::new(rel.to_string_lossy(), text));
        }
    }
    Ok(())
}

/// Writes `bytes` to `target` so that the file is either the old one or the complete new one:
/// temporary file in the same directory, fsync, rename, fsync of the directory.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| Failure::io(t::cannot_write(target, &e));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(target).map_err(|e| fail(e.error))?;
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("lettre.txt");
        write_atomic(&target, b"premier").unwrap();
        write_atomic(&target, b"second").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "second");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn missing_directory_is_reported_in_french() {
        let err = read_catalogue_dir(Path::new("/nonexistent/acces")).unwrap_err();
        assert!(
            err.message.contains("n'est pas un dossier"),
            "{}",
            err.message
        );
    }
}
