//! `acces deverrouiller` / `acces verrouiller`: keep the store's derived key for a while in
//! the system keyring (see `store::unlock`), or forget it.

use clap::Args;

use super::Context;
use crate::error::{Failure, exit};
use crate::store::{self, LockMode, Passphrase, unlock};
use crate::texts::store as t;

#[derive(Args, Debug)]
pub struct DeverrouillerArgs {
    /// Combien de temps garder le registre ouvert : 30m, 2h… (entre 1 minute et 12 heures ;
    /// 15m par défaut)
    #[arg(
        long,
        default_value = "15m",
        value_name = "DURÉE",
        hide_default_value = true
    )]
    pub duree: String,
}

/// Longest time a key is kept: a working day.
const MAX_SECONDS: u32 = 12 * 3600;

/// « 15m », « 2h », « 90s » → seconds, between one minute and [`MAX_SECONDS`].
pub fn parse_duration(input: &str) -> Result<u32, Failure> {
    let bad = || Failure::invalid(t::bad_duration(input));
    let s = input.trim();
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u32 = digits.parse().map_err(|_| bad())?;
    let factor = match unit.trim() {
        "s" => 1,
        "m" | "min" | "" => 60,
        "h" => 3600,
        _ => return Err(bad()),
    };
    let secs = n.checked_mul(factor).ok_or_else(bad)?;
    if !(60..=MAX_SECONDS).contains(&secs) {
        return Err(bad());
    }
    Ok(secs)
}

pub fn deverrouiller(ctx: &Context, args: DeverrouillerArgs) -> Result<(), Failure> {
    ctx.store.local_only()?;
    let seconds = parse_duration(&args.duree)?;
    let dir = ctx.store.dir()?;
    if !store::exists(&dir) {
        return Err(Failure::new(exit::STORE_UNAVAILABLE, t::UNLOCK_NEEDS_STORE));
    }
    if !unlock::available() {
        return Err(Failure::new(exit::STORE_UNAVAILABLE, t::NO_KEYRING));
    }
    let passphrase = ctx.store.passphrase(false)?;
    let text = passphrase.text().unwrap_or_default().to_owned();
    // Opening checks the passphrase (exit 3 when wrong) and migrates an older store first.
    drop(store::open(&dir, &passphrase, LockMode::Command, false)?);
    let salt = unlock::salt_of(&store::db_path(&dir))
        .map_err(|e| Failure::io(t::cannot_read_store(&store::db_path(&dir), &e)))?;
    let key = unlock::derive(&text, &salt);
    // The derived key must open the store before it is kept.
    drop(store::open(
        &dir,
        &Passphrase::from_raw_key(key.clone()),
        LockMode::Command,
        false,
    )?);
    unlock::remember(&dir, &key, seconds)
        .map_err(|e| Failure::new(exit::STORE_UNAVAILABLE, t::keyring_failed(&e)))?;
    println!("{}", t::unlocked(seconds / 60));
    Ok(())
}

pub fn verrouiller(ctx: &Context) -> Result<(), Failure> {
    ctx.store.local_only()?;
    let dir = ctx.store.dir()?;
    if unlock::forget(&dir) {
        println!("{}", t::LOCKED);
    } else {
        println!("{}", t::ALREADY_LOCKED);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m").unwrap(), 900);
        assert_eq!(parse_duration("2h").unwrap(), 7200);
        assert_eq!(parse_duration("90s").unwrap(), 90);
        assert_eq!(parse_duration("30").unwrap(), 1800);
        assert_eq!(parse_duration("12h").unwrap(), 43200);
        for bad in [
            "",
            "m",
            "0m",
            "59s",
            "13h",
            "1j",
            "-5m",
            "99999999999h",
            "1.5h",
        ] {
            let e = parse_duration(bad).unwrap_err();
            assert_eq!(e.code, exit::INVALID_INPUT, "{bad}");
            assert!(e.message.contains("Durée"), "{bad}");
        }
    }
}
