//! clap's parse errors are English; say them in French, keeping clap's exit code (2).

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::error::exit;
use crate::texts::cli as t;

pub fn report(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(exit::INVALID_INPUT)
            } else {
                ExitCode::SUCCESS
            };
        }
        _ => {}
    }
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let mut message = match e.kind() {
        ErrorKind::UnknownArgument => t::unknown_argument(&get(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => t::unknown_command(&get(ContextKind::InvalidSubcommand)),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
            if get(ContextKind::InvalidValue).is_empty() =>
        {
            t::missing_value(&get(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => t::invalid_value(
            &get(ContextKind::InvalidArg),
            &get(ContextKind::InvalidValue),
        ),
        ErrorKind::MissingRequiredArgument => t::missing_argument(&get(ContextKind::InvalidArg)),
        ErrorKind::ArgumentConflict => {
            t::conflict(&get(ContextKind::InvalidArg), &get(ContextKind::PriorArg))
        }
        ErrorKind::NoEquals | ErrorKind::TooFewValues => {
            t::missing_value(&get(ContextKind::InvalidArg))
        }
        _ => t::BAD_ARGUMENTS.to_string(),
    };
    let valid = get(ContextKind::ValidValue);
    if !valid.is_empty() {
        message.push(' ');
        message.push_str(&t::possible_values(&valid));
    }
    // The message can repeat what was typed: made safe for the terminal.
    eprintln!(
        "{}\n{}",
        crate::texts::terminal_safe(&message),
        t::USAGE_HINT
    );
    ExitCode::from(exit::INVALID_INPUT)
}
