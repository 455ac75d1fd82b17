//! The one error type the CLI and the TUI show: a French message and an exit code.

use std::fmt;
use std::process::ExitCode;

/// Exit codes, stable for scripts.
pub mod exit {
    /// A check found problems (e.g. `acces catalogue verifier`).
    pub const CHECK_FAILED: u8 = 1;
    /// Invalid input: unknown code, bad date, missing field, bad option.
    pub const INVALID_INPUT: u8 = 2;
    /// Wrong passphrase.
    pub const WRONG_PASSPHRASE: u8 = 3;
    /// The store cannot be used: held by another process, corrupted, not an acces store.
    pub const STORE_UNAVAILABLE: u8 = 4;
    /// A file could not be read or written.
    pub const IO: u8 = 5;
}

/// Something the user must be told, in French, and the exit code that goes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure::new(exit::INVALID_INPUT, message)
    }

    pub fn io(message: impl Into<String>) -> Failure {
        Failure::new(exit::IO, message)
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}
