//! `acces export`, `acces import`, `acces sauvegarde`, `acces restaurer`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::context::{Context, day};
use super::suivi::persons;
use crate::cases::agenda::track;
use crate::cases::{CaseFilter, Snapshot};
use crate::error::Failure;
use crate::export::{ics, sheet};
use crate::fsio;
use crate::store::{self, Store};
use crate::texts::cases as t;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// json (tout le registre, réimportable) ou csv (un tableur : une ligne par dossier, « ; », réimportable)
    #[arg(long, value_name = "FORMAT", value_enum, ignore_case = true)]
    pub format: Option<DataFormat>,
    /// Écrire dans ce fichier plutôt qu'à l'écran
    #[arg(long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,
    /// Écrire les échéances dans ce fichier agenda (.ics)
    #[arg(long, value_name = "FICHIER", conflicts_with_all = ["format", "sortie"])]
    pub ics: Option<PathBuf>,
    /// Dans l'agenda, mettre les noms et les codes de fichier (sinon : numéros de dossier seulement)
    #[arg(long = "avec-details", requires = "ics")]
    pub avec_details: bool,
    /// Dans l'agenda, seulement les échéances de cette personne (son numéro)
    #[arg(long, value_name = "ID", requires = "ics")]
    pub personne: Option<i64>,
    /// Calculer les états et échéances à cette date plutôt qu'aujourd'hui (AAAA-MM-JJ)
    #[arg(long, value_name = "DATE")]
    pub au: Option<String>,
    /// Tableur (csv) : utf-8 (par défaut, avec BOM) ou windows-1252 (anciens tableurs)
    #[arg(long, value_name = "ENCODAGE", requires = "format", value_parser = super::values::encoding())]
    pub encodage: Option<sheet::Encodage>,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Un export JSON d'acces (acces export --format json) ou un tableur (CSV)
    pub fichier: PathBuf,
    /// json (un export d'acces) ou csv (un tableur) ; par défaut d'après l'extension du fichier
    #[arg(long, value_name = "FORMAT", value_enum, ignore_case = true)]
    pub format: Option<DataFormat>,
    /// Tableur : la colonne qui donne un champ, ID=COLONNE (nom=« Nom d'usage », code_postal=5)
    #[arg(long, value_name = "ID=COLONNE", num_args = 1..)]
    pub colonnes: Vec<String>,
    /// Montrer ce qui serait importé, sans rien écrire
    #[arg(long)]
    pub simulation: bool,
    /// Tableur : importer les lignes valides même si d'autres ont des erreurs
    #[arg(long = "ignorer-lignes-invalides")]
    pub ignorer_lignes_invalides: bool,
}

/// What `export` writes and `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// Tout le registre, réimportable
    Json,
    /// Un tableur : une ligne par dossier, « ; »
    Csv,
}

#[derive(Args, Debug)]
pub struct SauvegardeArgs {
    /// Le fichier de sauvegarde à écrire (chiffré avec age et la phrase de passe du registre)
    pub fichier: PathBuf,
}

#[derive(Args, Debug)]
pub struct RestaurerArgs {
    /// La sauvegarde à restaurer
    pub fichier: PathBuf,
    /// Remplacer le registre existant (l'ancien est gardé à côté)
    #[arg(long)]
    pub remplacer: bool,
}

fn output(bytes: &[u8], to: Option<&PathBuf>) -> Result<(), Failure> {
    match to {
        Some(path) => fsio::write_atomic(path, bytes),
        None => super::context::to_stdout(bytes),
    }
}

pub fn export(ctx: &Context, a: ExportArgs) -> Result<(), Failure> {
    let today = day(a.au.as_deref())?;
    for path in a.ics.iter().chain(a.sortie.iter()) {
        ctx.store.check_output(path)?;
    }
    if let Some(path) = &a.ics {
        let cat = ctx.catalogue()?;
        let store = ctx.store.open()?;
        let persons = persons(&store)?;
        if let Some(id) = a.personne
            && !persons.contains_key(&id)
        {
            return Err(Failure::invalid(crate::texts::store::unknown_person(id)));
        }
        let open = CaseFilter {
            personne: a.personne,
            ouverts_seulement: true,
            ..CaseFilter::default()
        };
        let tracked = track(&cat, &persons, store.cases(&open)?, today);
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
        let text = ics::calendar(&tracked, &persons, &cat, a.avec_details, &stamp);
        return fsio::write_atomic(path, text.as_bytes());
    }
    match a.format.unwrap_or(DataFormat::Json) {
        DataFormat::Json => {
            let store = ctx.store.open()?;
            let snap = store.snapshot()?;
            // Written as it is serialised: the register is not held a second time as text.
            let write = |w: &mut dyn std::io::Write| {
                serde_json::to_writer_pretty(&mut *w, &snap)?;
                w.write_all(b"\n")
            };
            match a.sortie.as_ref() {
                Some(path) => fsio::write_atomic_with(path, write),
                None => super::context::to_stdout_with(write),
            }
        }
        DataFormat::Csv => {
            let encodage = a.encodage.unwrap_or_default();
            let cat = ctx.catalogue()?;
            let store = ctx.store.open()?;
            let records = store.persons()?;
            let persons = persons(&store)?;
            let tracked = track(&cat, &persons, store.cases(&CaseFilter::default())?, today);
            let written = sheet::write(&sheet::register_rows(&records, &tracked), encodage)?;
            if written.replaced > 0 {
                eprintln!(
                    "{}",
                    crate::texts::import::replaced_characters(written.replaced)
                );
            }
            output(&written.bytes, a.sortie.as_ref())
        }
    }
}

/// Parses and checks a snapshot (import, restore): see [`crate::import::run::read_export`];
/// the warnings of a restore go to stderr.
fn read_snapshot(
    ctx: &Context,
    bytes: &[u8],
    path: &std::path::Path,
    refuse_unknown_codes: bool,
) -> Result<Snapshot, Failure> {
    let cat = ctx.catalogue()?;
    let (snap, warnings) =
        crate::import::run::read_export(bytes, path, &cat, refuse_unknown_codes)?;
    for w in warnings {
        eprintln!("{w}");
    }
    Ok(snap)
}

pub fn import(ctx: &Context, a: ImportArgs) -> Result<(), Failure> {
    let csv_by_name = crate::import::run::is_spreadsheet_name(&a.fichier);
    match a.format {
        Some(DataFormat::Csv) => return super::tableur::import_csv(ctx, &a),
        None if csv_by_name => return super::tableur::import_csv(ctx, &a),
        Some(DataFormat::Json) | None => {}
    }
    if !a.colonnes.is_empty() || a.ignorer_lignes_invalides {
        return Err(Failure::invalid(crate::texts::import::CSV_ONLY_OPTIONS));
    }
    let bytes = fsio::read_bounded_bytes(&a.fichier, fsio::MAX_INPUT_FILE)?;
    let snap = read_snapshot(ctx, &bytes, &a.fichier, true)?;
    let mut store = ctx.store.open()?;
    let sum = store.import(&snap, a.simulation)?;
    eprintln!("{}", crate::import::run::export_report(&sum, a.simulation));
    Ok(())
}

pub fn sauvegarde(ctx: &Context, a: SauvegardeArgs) -> Result<(), Failure> {
    let dir = ctx.store.dir()?;
    fsio::check_output_path(&a.fichier, &dir)?;
    // The shared register is saved under the volunteer's passphrase, like a local one
    // (`acces restaurer` reads it into a local register).
    let shared = ctx.store.shared();
    let passphrase = ctx
        .store
        .passphrase(shared.is_none() && !store::exists(&dir))?;
    let snap = match &shared {
        Some(url) => store::open_shared(url, &dir, &passphrase)?.snapshot()?,
        None => super::registre::open_and_tell(&dir, &passphrase)?.snapshot()?,
    };
    let json =
        serde_json::to_vec(&snap).map_err(|e| Failure::io(crate::texts::store::internal(&e)))?;
    let cipher = store::encrypt_backup(&json, &passphrase)?;
    fsio::write_atomic(&a.fichier, &cipher)?;
    eprintln!(
        "{}",
        t::backup_written(
            &a.fichier,
            snap.personnes.len(),
            snap.dossiers.len(),
            snap.evenements.len()
        )
    );
    Ok(())
}

pub fn restaurer(ctx: &Context, a: RestaurerArgs) -> Result<(), Failure> {
    ctx.store.local_only()?;
    let dir = ctx.store.dir()?;
    if store::exists(&dir) && !a.remplacer {
        return Err(Failure::invalid(t::RESTORE_WOULD_REPLACE));
    }
    let cipher = fsio::read_bounded_bytes(&a.fichier, fsio::MAX_INPUT_FILE)?;
    let passphrase = match ctx.store.scripted_passphrase()? {
        Some(p) => p,
        None => ctx.store.passphrase(false)?,
    };
    let plain = store::decrypt_backup(&cipher, &passphrase)?;
    let snap = read_snapshot(ctx, &plain, &a.fichier, false)?;
    let current = if store::exists(&dir) {
        ctx.store.current_passphrase(&dir, &passphrase)?
    } else {
        passphrase.clone()
    };
    let kept = store::restore(&dir, &passphrase, &current, &snap)?;
    eprintln!(
        "{}",
        t::restored(
            snap.personnes.len(),
            snap.dossiers.len(),
            snap.evenements.len(),
            kept.as_deref()
        )
    );
    Ok(())
}

/// `acces verifier`: every page, the structure and the links of the store.
pub fn verifier(ctx: &Context) -> Result<(), Failure> {
    use crate::texts::store as ts;
    let store = ctx.store.open()?;
    let problems = store.verify()?;
    if problems.is_empty() {
        println!("{}", ts::VERIFY_OK);
        Ok(())
    } else {
        Err(Failure::new(
            crate::error::exit::CHECK_FAILED,
            ts::verify_failed(&problems),
        ))
    }
}
