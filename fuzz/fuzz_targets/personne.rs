//! A person file (`--personne FICHIER`, `personne ajouter --fichier`): read, then checked.
#![no_main]

use acces::person::Person;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = serde_json::from_slice::<Person>(data) {
        let _ = acces::validate::person_problems(&p);
    }
});
