//! `acces lettre CODE [--demarche ROUTE] --personne FICHIER.json [--champ CLE=VALEUR ...]
//! [--format txt|pdf|eml] [--sortie FICHIER] [--relance]` and `acces lettre --liste`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::context::{Context, print_json};
use crate::catalogue::{Catalogue, Entry, Route};
use crate::error::{Failure, exit};
use crate::fsio;
use crate::letters::{self, LetterError, RenderOptions, Target};
use crate::person::Person;
use crate::texts::catalogue as tc;
use crate::texts::letters as t;

#[derive(Args, Debug)]
pub struct LettreArgs {
    /// Code du fichier (TAJ, FT-SUSPICION…), sans distinction de casse
    pub code: Option<String>,

    /// Identifiant de la démarche (voir « acces catalogue CODE ») ; par défaut, la première
    /// démarche par laquelle on peut commencer
    #[arg(long, value_name = "DEMARCHE")]
    pub demarche: Option<String>,

    /// Fichier personne (JSON, voir le README)
    #[arg(long, value_name = "FICHIER")]
    pub personne: Option<PathBuf>,

    /// Un champ de la lettre : --champ date_demande=2026-03-15 (répétable ; voir --liste)
    #[arg(long = "champ", value_name = "CLE=VALEUR")]
    pub champs: Vec<String>,

    /// Format de sortie : txt (texte, par défaut), pdf (A4 à imprimer et signer) ou eml
    /// (e-mail à ouvrir dans votre messagerie)
    #[arg(
        long,
        value_enum,
        default_value = "txt",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: Format,

    /// Fichier de sortie (obligatoire pour le PDF) ; sans lui, le texte va sur la sortie standard
    #[arg(long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,

    /// Écrire la lettre de relance de cette démarche (délai de réponse dépassé)
    #[arg(long)]
    pub relance: bool,

    /// Lister les modèles de lettres et les champs que chacun demande
    #[arg(long, conflicts_with_all = ["code", "demarche", "personne", "champs", "sortie", "relance"])]
    pub liste: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Texte brut
    Txt,
    /// PDF A4, à imprimer et signer
    Pdf,
    /// E-mail (.eml) à ouvrir dans votre messagerie
    Eml,
}

pub fn run(ctx: &Context, args: LettreArgs) -> Result<(), Failure> {
    let cat = ctx.catalogue()?;
    if args.liste {
        return list(ctx, &cat);
    }
    let Some(code) = args.code.as_deref() else {
        return Err(Failure::invalid(t::cli_code_needed()));
    };
    let Some(entry) = cat.entry(code) else {
        return Err(Failure::invalid(tc::unknown_code(
            code,
            &cat.closest_codes(code),
        )));
    };
    let route = pick_route(entry, args.demarche.as_deref())?;
    let target = Target::new(&cat, entry, route, args.relance).map_err(letter_failure)?;
    let Some(person_arg) = args.personne.as_deref() else {
        return Err(Failure::invalid(t::cli_person_needed()));
    };
    let person = load_person(person_arg)?;
    let typed = parse_fields(&args.champs)?;
    if args.format == Format::Pdf && args.sortie.is_none() {
        return Err(Failure::invalid(t::cli_pdf_needs_output()));
    }

    let options = RenderOptions {
        today: chrono::Local::now().date_naive(),
        by_post: args.format != Format::Eml,
    };
    let letter = letters::render(&target, &person, &typed, options).map_err(letter_failure)?;

    let warnings = letters::warnings(&target);
    if !warnings.is_empty() {
        eprintln!("{}", t::warnings_header());
        for w in &warnings {
            eprintln!("{}", t::warning_line(&w.fact, &w.why));
        }
        eprintln!();
    }

    if !letter.conditional_enclosures.is_empty() {
        eprintln!("{}", t::conditional_enclosures_header());
        for e in &letter.conditional_enclosures {
            eprintln!("  – {e}");
        }
        eprintln!();
    }

    if ctx.json && args.sortie.is_none() && args.format == Format::Txt {
        return print_json(&serde_json::json!({ "lettre": letter, "avertissements": warnings }));
    }

    let bytes = match args.format {
        Format::Txt => letter.text().into_bytes(),
        Format::Pdf => letters::pdf::render(&letter).map_err(letter_failure)?,
        Format::Eml => {
            letters::eml::render(&letter, &target.recipient.name).map_err(letter_failure)?
        }
    };
    match &args.sortie {
        Some(path) => {
            fsio::write_atomic(path, &bytes)?;
            eprintln!("{}", t::cli_written(path));
        }
        None => to_stdout(&bytes)?,
    }
    Ok(())
}

/// The route named by `--demarche`, or the entry's first start route that has a letter.
fn pick_route<'a>(entry: &'a Entry, wanted: Option<&str>) -> Result<&'a Route, Failure> {
    let with_letter = || {
        entry
            .routes
            .iter()
            .filter(|r| r.letter.is_some())
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
    };
    match wanted {
        Some(id) => entry
            .routes
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(id.trim()))
            .ok_or_else(|| Failure::invalid(t::cli_unknown_route(id, &entry.code, &with_letter()))),
        None => entry
            .start_routes()
            .find(|r| r.letter.is_some())
            .or_else(|| entry.start_routes().next())
            .ok_or_else(|| Failure::invalid(t::cli_no_start_route(&entry.code, &with_letter()))),
    }
}

/// Reads the person a letter is written for. Kept small and alone: the tracker will let
/// `--personne` also name a person of the store.
pub fn load_person(arg: &Path) -> Result<Person, Failure> {
    let text = std::fs::read_to_string(arg)
        .map_err(|e| Failure::invalid(t::cli_person_unreadable(arg, &e)))?;
    serde_json::from_str::<Person>(&text)
        .map_err(|e| Failure::invalid(t::cli_person_invalid(arg, &json_problem(&e))))
}

/// What is wrong in the person file, without repeating any value from it (serde's messages
/// for a wrong type quote the value).
fn json_problem(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let quoted = message.split('`').nth(1).unwrap_or("");
    let what = if e.is_syntax() || e.is_eof() {
        t::JSON_SYNTAX.to_string()
    } else if message.starts_with("missing field") {
        t::json_missing_key(quoted)
    } else if message.starts_with("unknown field") {
        t::json_unknown_key(quoted)
    } else {
        t::JSON_BAD_VALUE.to_string()
    };
    t::json_where(&what, e.line(), e.column())
}

fn parse_fields(raw: &[String]) -> Result<BTreeMap<String, String>, Failure> {
    let mut out = BTreeMap::new();
    for item in raw {
        let Some((key, value)) = item.split_once('=') else {
            return Err(Failure::invalid(t::cli_bad_field(item)));
        };
        out.insert(key.trim().to_string(), value.to_string());
    }
    Ok(out)
}

fn letter_failure(e: LetterError) -> Failure {
    let code = match e {
        LetterError::Template { .. } | LetterError::Pdf(_) => exit::CHECK_FAILED,
        _ => exit::INVALID_INPUT,
    };
    Failure::new(code, e.to_string())
}

fn list(ctx: &Context, cat: &Catalogue) -> Result<(), Failure> {
    let kinds = letters::kinds_and_fields(cat);
    if ctx.json {
        let v: Vec<_> = kinds
            .iter()
            .map(|(k, f)| serde_json::json!({ "modele": k, "champs": f }))
            .collect();
        return print_json(&v);
    }
    let mut text = String::from(t::cli_list_header());
    text.push('\n');
    for (kind, fields) in &kinds {
        text.push('\n');
        text.push_str(kind);
        text.push('\n');
        for f in fields {
            text.push_str(&t::cli_list_field(f.key, &f.label, f.required, f.source));
            text.push('\n');
        }
    }
    to_stdout(text.as_bytes())?;
    Ok(())
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
fn to_stdout(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::io(t::cli_stdout_failed(&e))),
    }
}
