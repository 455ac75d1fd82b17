//! A JSON export read back by `import` and `restaurer`: read, unknown fields, checks.
#![no_main]

use acces::cases::Snapshot;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (Ok(snap), Ok(raw)) = (
        serde_json::from_slice::<Snapshot>(data),
        serde_json::from_slice::<serde_json::Value>(data),
    ) else {
        return;
    };
    let _ = acces::validate::unknown_fields(&raw, &snap);
    let _ = acces::validate::snapshot_problems(&snap, None);
});
