//! `acces phrase-de-passe changer`, and the rule on short passphrases (asked on creation too).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::context::Context;
use crate::error::Failure;
use crate::store::{self, Identity, Passphrase};
use crate::texts::passphrase as t;

#[derive(Args, Debug)]
pub struct PhraseArgs {
    #[command(subcommand)]
    pub action: PhraseAction,
}

#[derive(Subcommand, Debug)]
pub enum PhraseAction {
    /// Changer la phrase de passe du registre (l'ancienne est demandée, puis la nouvelle deux fois)
    Changer {
        /// Lire la nouvelle phrase de passe dans ce fichier (sinon ACCES_NOUVELLE_PASSPHRASE, sinon elle est demandée)
        #[arg(long = "nouvelle-fichier", value_name = "FICHIER")]
        nouvelle_fichier: Option<PathBuf>,
        /// Accepter une nouvelle phrase de passe de moins de 12 caractères
        #[arg(long = "phrase-courte")]
        phrase_courte: bool,
    },
}

fn prompt(text: &str) -> Result<Passphrase, Failure> {
    rpassword::prompt_password(text)
        .map(Passphrase::new)
        .map_err(|e| Failure::io(crate::texts::store::cannot_read_prompt(&e)))
}

/// Says why a short passphrase is weak and asks the person to confirm it (on the terminal).
pub fn confirm_short(p: &Passphrase) -> Result<(), Failure> {
    if !p.is_short() {
        return Ok(());
    }
    eprintln!("{}", t::SHORT_WHY);
    eprint!("{}", t::CONFIRM_SHORT);
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| Failure::io(crate::texts::store::cannot_read_prompt(&e)))?;
    if answer.trim().eq_ignore_ascii_case("oui") {
        Ok(())
    } else {
        Err(Failure::invalid(t::SHORT_NOT_CONFIRMED))
    }
}

pub fn run(ctx: &Context, a: PhraseArgs) -> Result<(), Failure> {
    let PhraseAction::Changer {
        nouvelle_fichier,
        phrase_courte,
    } = a.action;
    let dir = ctx.store.dir()?;
    let old = match ctx.store.scripted_passphrase()? {
        Some(p) => p,
        None => prompt(t::PROMPT_CURRENT)?,
    };
    let scripted_new = match &nouvelle_fichier {
        Some(path) => Some(Passphrase::new(
            crate::fsio::read_bounded(path, crate::fsio::MAX_SMALL_FILE)
                .map_err(|f| Failure::new(f.code, t::cannot_read_new(&f.message)))?,
        )),
        None => std::env::var("ACCES_NOUVELLE_PASSPHRASE")
            .ok()
            .map(Passphrase::new),
    };
    let new = match scripted_new {
        Some(p) => {
            if p.is_short() && !phrase_courte {
                return Err(Failure::invalid(t::SHORT_SCRIPTED));
            }
            p
        }
        None => {
            let first = prompt(t::PROMPT_NEW)?;
            if first.is_empty() {
                return Err(Failure::invalid(crate::texts::store::EMPTY_PASSPHRASE));
            }
            if first != prompt(t::PROMPT_CONFIRM)? {
                return Err(Failure::invalid(t::MISMATCH));
            }
            if !phrase_courte {
                confirm_short(&first)?;
            }
            first
        }
    };
    // The data directory's secrets share the passphrase: the local register, and the
    // volunteer's identity for a shared register (either or both).
    let local = store::exists(&dir);
    let identity = store::crypt::identity_path(&dir).exists();
    if new == old {
        // Still checks the current passphrase, so that a mistyped one is not reported as fine.
        if local || !identity {
            drop(store::open(&dir, &old, store::LockMode::Command, false)?);
        } else {
            Identity::load(&dir, &old)?;
        }
        eprintln!("{}", t::SAME);
        return Ok(());
    }
    if local || !identity {
        store::change_passphrase(&dir, &old, &new)?;
    }
    if identity {
        match Identity::change_passphrase(&dir, &old, &new) {
            Ok(()) => {}
            // The identity kept a passphrase of its own: left as it is, and said.
            Err(f) if local && f.code == crate::error::exit::WRONG_PASSPHRASE => {
                eprintln!("{}", crate::texts::registre::IDENTITY_KEPT_ITS_PASSPHRASE);
            }
            Err(f) => return Err(f),
        }
    }
    eprintln!(
        "{}",
        if local || !identity {
            t::CHANGED
        } else {
            crate::texts::registre::IDENTITY_PASSPHRASE_CHANGED
        }
    );
    Ok(())
}
