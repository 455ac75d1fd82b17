//! `acces delai` arguments (dates, lengths, party, département), as typed: the input is
//! split on NUL bytes into the option values.
#![no_main]

use acces::cli::delai::{DelaiArgs, compute};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text
        .split('\0')
        .map(|s| (!s.is_empty()).then(|| s.to_string()));
    let mut next = || parts.next().flatten();
    let args = DelaiArgs {
        depuis: next(),
        envoi: next(),
        mois: next(),
        jours: next(),
        franc: data.first().is_some_and(|b| b & 1 == 1),
        pour: next(),
        departement: next(),
    };
    let _ = compute(&args);
    let _ = acces::validate::date(&text);
});
