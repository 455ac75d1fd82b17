//! Closed lists of option values (a channel, an outcome, a state, a regime, an encoding) as
//! clap sees them. The values and their parsing stay written once, in the model: clap asks
//! the model's `from_id`, lists the model's ids in `--help` errors, and hands them to shell
//! completions (`acces completions`).

use std::ffi::OsStr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use crate::cases::status::State;
use crate::cases::{Channel, Outcome};
use crate::catalogue::Regime;
use crate::export::sheet::Encodage;

/// A value parser over one of the model's closed lists.
#[derive(Clone, Copy)]
pub struct Ids<T: 'static> {
    all: &'static [T],
    id: fn(T) -> &'static str,
    parse: fn(&str) -> Option<T>,
}

pub fn channel() -> Ids<Channel> {
    Ids {
        all: &Channel::ALL,
        id: Channel::id,
        parse: Channel::from_id,
    }
}

pub fn outcome() -> Ids<Outcome> {
    Ids {
        all: &Outcome::ALL,
        id: Outcome::id,
        parse: Outcome::from_id,
    }
}

pub fn state() -> Ids<State> {
    Ids {
        all: &State::ALL,
        id: State::id,
        parse: State::from_id,
    }
}

pub fn regime() -> Ids<Regime> {
    Ids {
        all: &Regime::ALL,
        id: Regime::id,
        parse: Regime::from_id,
    }
}

pub fn encoding() -> Ids<Encodage> {
    Ids {
        all: &Encodage::ALL,
        id: Encodage::id,
        parse: Encodage::from_id,
    }
}

impl<T: Copy + Send + Sync + 'static> TypedValueParser for Ids<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, Error> {
        let given = value.to_string_lossy();
        if let Some(v) = (self.parse)(&given) {
            return Ok(v);
        }
        // The same error clap gives for its own enums; `parse_error` words it in French.
        let mut err = Error::new(ErrorKind::InvalidValue).with_cmd(cmd);
        let name = arg.map(|a| a.to_string()).unwrap_or_default();
        err.insert(ContextKind::InvalidArg, ContextValue::String(name));
        err.insert(
            ContextKind::InvalidValue,
            ContextValue::String(given.into_owned()),
        );
        err.insert(
            ContextKind::ValidValue,
            ContextValue::Strings(self.all.iter().map(|v| (self.id)(*v).to_string()).collect()),
        );
        Err(err)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.all.iter().map(|v| PossibleValue::new((self.id)(*v))),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_parses_and_a_wrong_value_lists_the_model_ids() {
        let cmd = clap::Command::new("acces");
        let ids = channel();
        let ok = ids.parse_ref(&cmd, None, OsStr::new(" LRAR ")).unwrap();
        assert_eq!(ok, Channel::from_id("lrar").unwrap());
        let err = ids.parse_ref(&cmd, None, OsStr::new("pigeon")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        let Some(ContextValue::Strings(valid)) = err.get(ContextKind::ValidValue) else {
            panic!("no list of valid values");
        };
        let ids: Vec<&str> = Channel::ALL.iter().map(|c| c.id()).collect();
        assert_eq!(valid, &ids);
        let offered: Vec<String> = channel()
            .possible_values()
            .unwrap()
            .map(|p| p.get_name().to_string())
            .collect();
        assert_eq!(offered, ids);
    }
}
