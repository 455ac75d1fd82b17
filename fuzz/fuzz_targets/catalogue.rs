//! A catalogue file (`--catalogue DOSSIER`): the input replaces one file of the embedded
//! catalogue (chosen by its first byte); the catalogue loads or says what is wrong.
#![no_main]

use acces::catalogue::{Catalogue, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mut files = acces::catalogue::embedded_files();
    let i = usize::from(pick) % files.len();
    let path = files[i].path.clone();
    files[i] = SourceFile::new(path, String::from_utf8_lossy(rest));
    let _ = Catalogue::from_files(&files);
});
