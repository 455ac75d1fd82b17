//! What every command needs: the catalogue (embedded or from --catalogue), the output mode,
//! and the small helpers several commands share (today or `--au`, an entry by its code).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::catalogue::{Catalogue, Entry};
use crate::error::{Failure, exit};
use crate::texts::catalogue as t;
use crate::{fsio, validate};

pub struct Context {
    catalogue_dir: Option<PathBuf>,
    pub json: bool,
    /// Where the tracker's store is and how to unlock it.
    pub store: super::registre::StoreOptions,
}

impl Context {
    pub fn new(catalogue_dir: Option<PathBuf>, json: bool) -> Context {
        Context {
            catalogue_dir,
            json,
            store: Default::default(),
        }
    }

    /// The same context with the store options of the command line.
    pub fn with_store(mut self, store: super::registre::StoreOptions) -> Context {
        self.store = store;
        self
    }

    /// The catalogue to use: the one in --catalogue DIR if given, else the embedded one.
    pub fn catalogue(&self) -> Result<Catalogue, Failure> {
        match &self.catalogue_dir {
            Some(dir) => {
                let files = fsio::read_catalogue_dir(dir)?;
                Catalogue::from_files(&files)
                    .map_err(|e| Failure::new(exit::CHECK_FAILED, t::verify_failed(&e.problems)))
            }
            None => Catalogue::embedded()
                .map_err(|_| Failure::new(exit::CHECK_FAILED, t::embedded_catalogue_broken())),
        }
    }
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::io(format!("Sortie JSON impossible : {e}")))?;
    println!("{text}");
    Ok(())
}

/// Today, or the date given (validated).
pub fn day(given: Option<&str>) -> Result<NaiveDate, Failure> {
    match given {
        Some(s) => validate::date(s).map_err(Failure::invalid),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// The catalogue entry with this code, or a French message with the closest codes.
pub fn find_entry<'c>(cat: &'c Catalogue, code: &str) -> Result<&'c Entry, Failure> {
    cat.entry(code)
        .ok_or_else(|| Failure::invalid(t::unknown_code(code, &cat.closest_codes(code))))
}

/// Asks « oui » on the terminal unless `--oui` was given; refuses without a terminal.
pub fn confirm(given: bool, question: &str) -> Result<(), Failure> {
    use std::io::{BufRead, IsTerminal, Write};
    if given {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::invalid(crate::texts::cases::CONFIRM_NEEDS_OUI));
    }
    eprint!("{question} ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::io(crate::texts::cases::cannot_read_answer(&e)))?;
    if answer.trim().eq_ignore_ascii_case("oui") {
        Ok(())
    } else {
        Err(Failure::invalid(crate::texts::cases::NOT_CONFIRMED))
    }
}

/// Writes a line for the user on the standard error, made safe for the terminal: it can
/// repeat what was typed or imported (control characters, bidirectional overrides).
pub fn note(line: &str) {
    eprintln!("{}", crate::texts::terminal_safe(line));
}

/// Writes bytes (a letter, an export, a completion script) to the standard output; a closed
/// pipe (`| head`) is not an error.
pub fn to_stdout(bytes: &[u8]) -> Result<(), Failure> {
    to_stdout_with(|out| out.write_all(bytes))
}

/// [`to_stdout`], the output written by `write` as it is produced (buffered).
pub fn to_stdout_with(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::io(crate::texts::cli::cli_stdout_failed(&e))),
    }
}
