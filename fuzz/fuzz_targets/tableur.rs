//! A spreadsheet (`import --format csv`): any bytes, any encoding, any separator.
#![no_main]

use std::sync::OnceLock;

use acces::catalogue::Catalogue;
use libfuzzer_sys::fuzz_target;

fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| Catalogue::embedded().expect("embedded catalogue"))
}

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let _ = acces::import::sheet::parse(data, &[], catalogue(), today);
});
