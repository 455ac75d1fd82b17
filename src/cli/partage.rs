//! `acces registre`: a group's shared register on PostgreSQL — create it, move a local
//! register into it and back.

use clap::{Args, Subcommand};

use super::Context;
use crate::error::{Failure, exit};
use crate::store::{self, Identity, LockMode, Register, Store};
use crate::texts::registre as t;

#[derive(Args, Debug)]
pub struct RegistreArgs {
    #[command(subcommand)]
    action: RegistreAction,
}

#[derive(Subcommand, Debug)]
enum RegistreAction {
    /// Créer le registre partagé dans une base PostgreSQL vide (adresse : --registre ou ACCES_REGISTRE), avec vous comme premier bénévole, coordinateur
    #[command(name = "creer-partage")]
    CreerPartage {
        /// Votre nom de bénévole dans le groupe (lettres minuscules, chiffres, - et _ ; celui de votre rôle PostgreSQL)
        #[arg(long, value_name = "NOM")]
        benevole: String,
    },
    /// Verser le registre local dans un registre partagé vide (--vers), ou un registre partagé dans un registre local vide (--depuis), puis vérifier que tout y est
    Migrer {
        /// L'adresse du registre partagé à remplir (postgres://…)
        #[arg(
            long,
            value_name = "ADRESSE",
            conflicts_with = "depuis",
            required_unless_present = "depuis"
        )]
        vers: Option<String>,
        /// L'adresse du registre partagé à recopier dans le registre local
        #[arg(long, value_name = "ADRESSE")]
        depuis: Option<String>,
    },
}

pub fn run(ctx: &Context, args: RegistreArgs) -> Result<(), Failure> {
    match args.action {
        RegistreAction::CreerPartage { benevole } => create(ctx, &benevole),
        RegistreAction::Migrer { vers, depuis } => match (vers, depuis) {
            (Some(url), None) => migrate(ctx, &url, true),
            (None, Some(url)) => migrate(ctx, &url, false),
            _ => Err(Failure::invalid(t::MIGRATE_ONE_WAY)),
        },
    }
}

/// A volunteer's name: also their PostgreSQL role, so kept to what a role name can be
/// without quoting.
pub fn check_volunteer(name: &str) -> Result<(), Failure> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Failure::invalid(t::BAD_VOLUNTEER_NAME))
    }
}

fn create(ctx: &Context, volunteer: &str) -> Result<(), Failure> {
    check_volunteer(volunteer)?;
    let url = ctx
        .store
        .shared()
        .ok_or_else(|| Failure::invalid(t::NEED_REGISTER_URL))?;
    store::pg_config_check(&url)?;
    let dir = ctx.store.dir()?;
    let identity_file = store::crypt::identity_path(&dir);
    let identity = if identity_file.exists() {
        let passphrase = ctx.store.passphrase(false)?;
        let id = Identity::load(&dir, &passphrase)?;
        if id.volunteer != volunteer {
            return Err(Failure::invalid(t::identity_of_other(&id.volunteer)));
        }
        id
    } else {
        // The identity is protected by the local register's passphrase when there is one
        // (checked by opening it), else by a new one.
        let local = store::exists(&dir);
        let passphrase = ctx.store.passphrase(!local)?;
        if local {
            drop(store::open(&dir, &passphrase, LockMode::Command, false)?);
        }
        let id = Identity::generate(volunteer);
        id.save(&dir, &passphrase)?;
        id
    };
    store::create_shared(&url, &identity)?;
    eprintln!(
        "{}",
        t::created(volunteer, &store::crypt::identity_path(&dir))
    );
    Ok(())
}

fn counts(s: &crate::cases::Snapshot) -> (usize, usize, usize) {
    (s.personnes.len(), s.dossiers.len(), s.evenements.len())
}

fn migrate(ctx: &Context, url: &str, to_shared: bool) -> Result<(), Failure> {
    if ctx.store.shared().is_some() {
        return Err(Failure::invalid(t::MIGRATE_WITHOUT_REGISTRE));
    }
    store::pg_config_check(url)?;
    let dir = ctx.store.dir()?;
    if to_shared && !store::exists(&dir) {
        return Err(Failure::new(
            exit::STORE_UNAVAILABLE,
            crate::texts::store::no_store(&dir),
        ));
    }
    let passphrase = ctx.store.passphrase(!to_shared && !store::exists(&dir))?;
    let shared = store::open_shared(url, &dir, &passphrase)?;
    let local = super::registre::open_and_tell(&dir, &passphrase)?;
    let (from, mut to) = if to_shared {
        (Register::Local(local), Register::Shared(Box::new(shared)))
    } else {
        (Register::Shared(Box::new(shared)), Register::Local(local))
    };
    let before = to.snapshot()?;
    if counts(&before) != (0, 0, 0) {
        return Err(Failure::invalid(t::TARGET_NOT_EMPTY));
    }
    let snap = from.snapshot()?;
    let summary = to.import(&snap)?;
    let after = to.snapshot()?;
    let (p, c, e) = counts(&snap);
    let (p2, c2, e2) = counts(&after);
    println!("{}", t::migrated_counts(p, p2, c, c2, e, e2));
    if after != snap || !summary.ids_kept {
        return Err(Failure::new(exit::CHECK_FAILED, t::MIGRATION_MISMATCH));
    }
    eprintln!("{}", t::migrated(to_shared));
    Ok(())
}
