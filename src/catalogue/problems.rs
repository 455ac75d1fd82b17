//! A catalogue problem, located by file and JSON pointer, described in French.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path relative to the catalogue directory, e.g. `fichiers/taj.json`.
    pub file: String,
    /// JSON pointer inside the file (`/routes/0/recipient`); empty for the whole file.
    pub pointer: String,
    /// What is wrong, in French.
    pub message: String,
}

impl Problem {
    pub fn new(file: &str, pointer: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{} {} : {}", self.file, pointer, self.message)
    }
}
