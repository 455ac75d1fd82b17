//! `acces completions SHELL` and `acces manuel`: shell completions (clap_complete) and the
//! manual page (clap_mangen, roff) written to the standard output, both generated from the
//! same French command definitions the parser uses.

use super::context::to_stdout;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::error::Failure;
use crate::texts::cli as t;

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// Interpréteur de commandes : bash, zsh, fish, elvish ou powershell
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The completion script of `shell` for `acces`.
pub fn completions(args: CompletionsArgs) -> Result<(), Failure> {
    let mut cmd = super::localized(super::Cli::command());
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "acces", &mut out);
    to_stdout(&out)
}

/// The manual page (section 1, roff), its section titles in French.
pub fn manuel() -> Result<(), Failure> {
    let cmd = super::localized(super::Cli::command());
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .manual(t::MANUAL_NAME)
        .render(&mut out)
        .map_err(|e| Failure::io(t::cli_stdout_failed(&e)))?;
    // The name line reads « acces \- acces — … » since the description starts with the name.
    let page = String::from_utf8_lossy(&out)
        .replacen("acces \\- acces — ", "acces \\- ", 1)
        .lines()
        .map(|l| match l {
            ".SH NAME" => ".SH NOM",
            ".SH EXTRA" => ".SH VOIR AUSSI",
            ".SH AUTHORS" => ".SH AUTEURS",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("\n");
    to_stdout(format!("{page}\n").as_bytes())
}
