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

/// This volunteer's identity in the data directory: read, or created (protected by the
/// local register's passphrase when there is one, checked by opening it, else by a new one).
fn ensure_identity(ctx: &Context, volunteer: &str) -> Result<Identity, Failure> {
    store::check_volunteer(volunteer)?;
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
    Ok(identity)
}

fn need_url(ctx: &Context) -> Result<String, Failure> {
    let url = ctx
        .store
        .shared()
        .ok_or_else(|| Failure::invalid(t::NEED_REGISTER_URL))?;
    store::pg_config_check(&url)?;
    Ok(url)
}

fn create(ctx: &Context, volunteer: &str) -> Result<(), Failure> {
    store::check_volunteer(volunteer)?;
    let url = need_url(ctx)?;
    let identity = ensure_identity(ctx, volunteer)?;
    let closed = store::create_shared(&url, &identity)?;
    let dir = ctx.store.dir()?;
    eprintln!(
        "{}",
        t::created(volunteer, &store::crypt::identity_path(&dir))
    );
    if !closed {
        eprintln!("{}", t::DATABASE_LEFT_OPEN);
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct BenevoleArgs {
    #[command(subcommand)]
    action: BenevoleAction,
}

#[derive(Subcommand, Debug)]
enum BenevoleAction {
    /// Créer votre identité de bénévole (dans votre dossier de données, protégée par votre phrase de passe) et afficher votre clé publique, à donner à la coordination
    Identite {
        /// Votre nom de bénévole dans le groupe (celui de votre rôle PostgreSQL)
        #[arg(long, value_name = "NOM")]
        benevole: String,
    },
    /// Ajouter un bénévole au groupe (coordination) : sa clé publique reçoit la clé du groupe, son rôle PostgreSQL les droits sur le registre
    Ajouter {
        /// Son nom de bénévole (celui de son rôle PostgreSQL)
        nom: String,
        /// Sa clé publique (age1…), affichée par « acces benevole identite » sur son ordinateur
        #[arg(long, value_name = "CLE")]
        cle: String,
        /// Il ou elle fait partie de la coordination (peut ajouter et retirer des bénévoles)
        #[arg(long)]
        coordination: bool,
    },
    /// Retirer un bénévole (coordination) : la clé du groupe change, il ne lira rien de ce qui sera écrit ensuite, et son rôle perd ses droits
    Retirer {
        /// Son nom de bénévole
        nom: String,
    },
    /// Les bénévoles du groupe
    Liste,
}

pub fn benevole(ctx: &Context, args: BenevoleArgs) -> Result<(), Failure> {
    if let BenevoleAction::Identite { benevole } = &args.action {
        let id = ensure_identity(ctx, benevole)?;
        println!("{}", id.recipient());
        if !ctx.json {
            eprintln!("{}", t::identity_ready(&id.volunteer));
        }
        return Ok(());
    }
    let url = need_url(ctx)?;
    let dir = ctx.store.dir()?;
    store::crypt::require_identity(&dir)?;
    let passphrase = ctx.store.passphrase(false)?;
    let mut reg = store::open_shared(&url, &dir, &passphrase)?;
    match args.action {
        // Handled above, before any connection.
        BenevoleAction::Identite { .. } => {}
        BenevoleAction::Ajouter {
            nom,
            cle,
            coordination,
        } => {
            let recipient = store::crypt::recipient(&cle)?;
            let change = reg.add_volunteer(&nom, &recipient, coordination)?;
            eprintln!("{}", t::volunteer_added(&nom, change.role));
        }
        BenevoleAction::Retirer { nom } => {
            let change = reg.remove_volunteer(&nom)?;
            eprintln!(
                "{}",
                t::volunteer_removed(&nom, change.key_version, change.role)
            );
        }
        BenevoleAction::Liste => {
            let list = reg.volunteers()?;
            if ctx.json {
                return super::context::print_json(&list);
            }
            for v in &list {
                println!(
                    "{}",
                    t::volunteer_line(
                        &v.name,
                        &v.added,
                        v.coordinator,
                        v.removed.as_deref(),
                        v.has_current_key
                    )
                );
            }
        }
    }
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
    store::crypt::require_identity(&dir)?;
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
    let summary = to.import(&snap, false)?;
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
