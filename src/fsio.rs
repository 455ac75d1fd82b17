//! File-system access for the faces (CLI, TUI): reading a catalogue directory and writing
//! output files atomically. The core never calls this.

pub mod journal;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::catalogue::SourceFile;
use crate::error::Failure;
use crate::texts::fs as t;

/// The largest catalogue file read (the biggest real one is a few tens of kilobytes).
pub const MAX_CATALOGUE_FILE: u64 = 4 * 1024 * 1024;
/// How deep sub-directories are followed.
const MAX_DEPTH: usize = 8;
/// How many files are read at most.
const MAX_FILES: usize = 10_000;

/// Reads every catalogue file under `dir` (schema.json, situations.json, fichiers/*.json,
/// autorites/*.json and anything else, which validation will report). Only regular files
/// are read, each up to [`MAX_CATALOGUE_FILE`] bytes; linked directories are not followed
/// (no cycles), nor anything deeper than a few levels: a device, a pipe or a huge file is
/// refused with a French message instead of hanging or filling the memory.
pub fn read_catalogue_dir(dir: &Path) -> Result<Vec<SourceFile>, Failure> {
    if !dir.is_dir() {
        return Err(Failure::invalid(t::not_a_directory(dir)));
    }
    let mut files = Vec::new();
    collect(dir, dir, 0, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn collect(
    root: &Path,
    dir: &Path,
    depth: usize,
    out: &mut Vec<SourceFile>,
) -> Result<(), Failure> {
    let entries = fs::read_dir(dir).map_err(|e| Failure::io(t::cannot_read(dir, &e)))?;
    for entry in entries {
        let entry = entry.map_err(|e| Failure::io(t::cannot_read(dir, &e)))?;
        let path = entry.path();
        // The entry itself, links not followed.
        let kind = entry
            .file_type()
            .map_err(|e| Failure::io(t::cannot_read(&path, &e)))?;
        if kind.is_dir() {
            if depth >= MAX_DEPTH {
                return Err(Failure::invalid(t::catalogue_too_deep(&path)));
            }
            collect(root, &path, depth + 1, out)?;
            continue;
        }
        if path.extension().is_none_or(|e| e != "json" && e != "tsv") {
            continue;
        }
        if out.len() >= MAX_FILES {
            return Err(Failure::invalid(t::catalogue_too_many(root)));
        }
        let text = read_bounded(&path, MAX_CATALOGUE_FILE)?;
        let rel = path.strip_prefix(root).unwrap_or(&path);
        out.push(SourceFile::new(rel.to_string_lossy(), text));
    }
    Ok(())
}

/// The largest file read as an import, a backup or a person file: 256 MiB.
pub const MAX_INPUT_FILE: u64 = 256 * 1024 * 1024;

/// The largest small file read: a person file, a passphrase file (1 MiB).
pub const MAX_SMALL_FILE: u64 = 1024 * 1024;

/// Reads a regular file (a link to one is fine) of at most `max` bytes as UTF-8 text.
/// Anything else (a directory, a device, a pipe, a link loop, a bigger file) is refused
/// without blocking: the type is checked before opening, and opening does not wait.
pub fn read_bounded(path: &Path, max: u64) -> Result<String, Failure> {
    let bytes = read_bounded_bytes(path, max)?;
    String::from_utf8(bytes).map_err(|_| {
        Failure::io(t::cannot_read(
            path,
            &std::io::Error::from(std::io::ErrorKind::InvalidData),
        ))
    })
}

/// [`read_bounded`] without the UTF-8 check.
pub fn read_bounded_bytes(path: &Path, max: u64) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let meta = fs::metadata(path).map_err(|e| Failure::io(t::cannot_read(path, &e)))?;
    if !meta.is_file() {
        return Err(Failure::invalid(t::not_a_regular_file(path)));
    }
    if meta.len() > max {
        return Err(Failure::invalid(t::file_too_big(path, max)));
    }
    let mut opts = fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never wait on a pipe put in place after the check.
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let f = opts
        .open(path)
        .map_err(|e| Failure::io(t::cannot_read(path, &e)))?;
    let meta = f
        .metadata()
        .map_err(|e| Failure::io(t::cannot_read(path, &e)))?;
    if !meta.is_file() {
        return Err(Failure::invalid(t::not_a_regular_file(path)));
    }
    let mut bytes = Vec::new();
    f.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::io(t::cannot_read(path, &e)))?;
    if bytes.len() as u64 > max {
        return Err(Failure::invalid(t::file_too_big(path, max)));
    }
    Ok(bytes)
}

/// The start of the names of [`write_atomic`]'s temporary files (hidden, recognisable).
const TEMP_PREFIX: &str = ".acces-ecriture-";

/// `dir/name`, or `dir/name-2.ext`… when taken: never overwrite an earlier letter.
pub fn free_name(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Writes `bytes` to `target` so that the file is either the old one or the complete new one:
/// temporary file in the same directory, fsync, rename, fsync of the directory. On failure
/// the temporary file is removed. While it is written, the temporary file is locked: the
/// temporary files of a writer killed before it could clean up are found (unlocked) and
/// removed by the next write into the same directory.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    write_atomic_batch(dir, vec![(target.to_path_buf(), bytes)])
}

/// [`write_atomic`], the content written by `write` as it is produced (a whole register's
/// export is not held twice in memory). Either the old file or the complete new one.
pub fn write_atomic_with(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sweep_stale_temps(dir);
    let fail = |e: std::io::Error| Failure::io(t::cannot_write(target, &e));
    let tmp = temp_in(dir).map_err(fail)?;
    {
        let mut out = std::io::BufWriter::new(tmp.as_file());
        write(&mut out).map_err(fail)?;
        out.flush().map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(target).map_err(|e| fail(e.error))?;
    sync_dir(dir)
}

/// A temporary file in `dir`, named so that [`sweep_stale_temps`] knows it, locked for as
/// long as it exists under this name (released when closed).
fn temp_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let _ = tmp.as_file().try_lock();
    Ok(tmp)
}

/// Makes the renames in `dir` durable.
fn sync_dir(dir: &Path) -> Result<(), Failure> {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        d.sync_all()
            .map_err(|e| Failure::io(t::cannot_write(dir, &e)))?;
    }
    Ok(())
}

/// How many files [`write_atomic_batch`] keeps open at once (well under the usual limit of
/// 1,024 open files).
pub const BATCH_CHUNK: usize = 128;

/// Writes several files of one directory, each as [`write_atomic`] does (either the old file
/// or the complete new one), but paying the disk's flush once per chunk rather than twice per
/// file: the temporary files of a chunk are written, then synced (the first sync commits the
/// others' data with it), then renamed, then the directory is synced once. 300 text letters
/// took 615 fsyncs one by one. At most [`BATCH_CHUNK`] files are given at once.
pub fn write_atomic_batch<B: AsRef<[u8]>>(
    dir: &Path,
    files: Vec<(PathBuf, B)>,
) -> Result<(), Failure> {
    debug_assert!(files.len() <= BATCH_CHUNK);
    sweep_stale_temps(dir);
    let mut written = Vec::with_capacity(files.len());
    for (target, bytes) in files {
        let fail = |e: std::io::Error| Failure::io(t::cannot_write(&target, &e));
        let mut tmp = temp_in(dir).map_err(fail)?;
        tmp.write_all(bytes.as_ref()).map_err(fail)?;
        written.push((target, tmp));
    }
    for (target, tmp) in &written {
        tmp.as_file()
            .sync_all()
            .map_err(|e| Failure::io(t::cannot_write(target, &e)))?;
    }
    for (target, tmp) in written {
        tmp.persist(&target)
            .map_err(|e| Failure::io(t::cannot_write(&target, &e.error)))?;
    }
    sync_dir(dir)
}

/// Removes the temporary files of [`write_atomic`] in `dir` that no writer holds any more
/// (left by a process killed while writing). Returns how many were removed.
pub fn sweep_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(TEMP_PREFIX) || !name.ends_with(".tmp") {
            continue;
        }
        let path = entry.path();
        let Ok(f) = fs::OpenOptions::new().read(true).open(&path) else {
            continue;
        };
        if f.try_lock().is_ok() && fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Refuses an output file inside the data directory (`lettre --sortie`, `export`,
/// `sauvegarde`): writing there could replace the store, or leave a plaintext copy of the
/// register beside it. Paths are compared once resolved (links, `..`).
pub fn check_output_path(target: &Path, data_dir: &Path) -> Result<(), Failure> {
    let Ok(data) = fs::canonicalize(data_dir) else {
        // No data directory yet: nothing in it to protect.
        return Ok(());
    };
    let resolved = resolve(target);
    if resolved.starts_with(&data) {
        return Err(Failure::invalid(t::output_in_data_dir(target, data_dir)));
    }
    Ok(())
}

/// `path` with its existing part resolved (the file itself may not exist yet).
fn resolve(path: &Path) -> std::path::PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut tail = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(p) = fs::canonicalize(cur) {
            let mut out = p;
            for part in tail.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (cur.parent(), cur.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(name.to_os_string());
                cur = parent;
            }
            _ => return abs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_writes_every_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("lettre-2.txt");
        fs::write(&old, "ancienne").unwrap();
        let files: Vec<(PathBuf, Vec<u8>)> = (1..=3)
            .map(|i| {
                (
                    dir.path().join(format!("lettre-{i}.txt")),
                    format!("lettre {i}").into_bytes(),
                )
            })
            .collect();
        write_atomic_batch(dir.path(), files).unwrap();
        for i in 1..=3 {
            let p = dir.path().join(format!("lettre-{i}.txt"));
            assert_eq!(fs::read_to_string(p).unwrap(), format!("lettre {i}"));
        }
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        // A target that cannot be replaced (a directory of that name): the error names it,
        // and the files renamed before it are whole.
        fs::create_dir(dir.path().join("lettre-5.txt")).unwrap();
        let files = vec![
            (dir.path().join("lettre-4.txt"), b"quatre".to_vec()),
            (dir.path().join("lettre-5.txt"), b"cinq".to_vec()),
        ];
        let f = write_atomic_batch(dir.path(), files).unwrap_err();
        assert!(f.message.contains("lettre-5.txt"), "{}", f.message);
        assert_eq!(
            fs::read_to_string(dir.path().join("lettre-4.txt")).unwrap(),
            "quatre"
        );
        assert_eq!(
            sweep_stale_temps(dir.path()),
            0,
            "the failed one's temporary file went"
        );
    }

    #[test]
    fn a_streamed_write_gives_the_whole_new_file_or_leaves_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("export.json");
        fs::write(&target, "ancien").unwrap();
        let names = || {
            let mut n: Vec<_> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            n.sort();
            n
        };
        // A writer that fails half-way: the old file stays, whole, and no temporary file.
        let err = write_atomic_with(&target, |w| {
            w.write_all(b"moit")?;
            Err(std::io::Error::other("disque plein"))
        })
        .unwrap_err();
        assert!(err.message.contains("disque plein"), "{}", err.message);
        assert_eq!(fs::read_to_string(&target).unwrap(), "ancien");
        assert_eq!(names(), ["export.json"]);
        // Many small writes, more than the buffer holds: all of them, in order.
        write_atomic_with(&target, |w| (0..20_000).try_for_each(|i| write!(w, "{i},"))).unwrap();
        let text = fs::read_to_string(&target).unwrap();
        assert!(text.starts_with("0,1,2,") && text.ends_with("19998,19999,"));
        assert_eq!(text.split(',').count(), 20_001);
        assert_eq!(names(), ["export.json"]);
    }

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
