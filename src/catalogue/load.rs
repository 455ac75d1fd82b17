//! Parsing and validation: JSON syntax, the schema, the Rust types, then cross-references.
//! Every problem is collected (not just the first), with its file and JSON pointer.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Catalogue;
use super::model::*;
use super::problems::Problem;

/// The JSON Schema every catalogue file declares.
pub const SCHEMA: &str = include_str!("../../requests/schema.json");

/// One catalogue file: its path relative to the catalogue directory and its text (the
/// embedded files are borrowed, not copied, at every start).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: Cow<'static, str>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Cow<'static, str>>) -> SourceFile {
        SourceFile {
            path: path.into().replace('\\', "/"),
            text: text.into(),
        }
    }
}

/// Everything wrong with a catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

#[derive(Clone, Copy)]
enum Kind {
    Entry,
    Authorities,
    Situations,
}

impl Kind {
    fn of(path: &str) -> Option<Kind> {
        if path == "situations.json" {
            Some(Kind::Situations)
        } else if path.starts_with("fichiers/") && path.ends_with(".json") {
            Some(Kind::Entry)
        } else if path.starts_with("autorites/") && path.ends_with(".json") {
            Some(Kind::Authorities)
        } else {
            None
        }
    }

    /// Index of this kind's branch in the schema's top-level `oneOf`.
    fn schema_branch(self) -> usize {
        match self {
            Kind::Entry => 0,
            Kind::Authorities => 1,
            Kind::Situations => 2,
        }
    }
}

pub(super) fn load(files: &[SourceFile], letter_kinds: &[&str]) -> Result<Catalogue, LoadError> {
    load_with(files, letter_kinds, true)
}

/// As [`load`]; `check_schema: false` skips the JSON Schema step (compiling the schema costs
/// more than the rest of the load) for the embedded files, which the test suite validates
/// against the schema (`tests/catalogue_files.rs`). The typed parse (unknown fields refused)
/// and the cross-references still run.
pub(super) fn load_with(
    files: &[SourceFile],
    letter_kinds: &[&str],
    check_schema: bool,
) -> Result<Catalogue, LoadError> {
    let mut problems = Vec::new();
    let validators = check_schema.then(Validators::new);
    let mut entries = Vec::new();
    let mut entry_files = Vec::new();
    let mut authorities = Vec::new();
    let mut authority_files = Vec::new();
    let mut situations = None;

    for file in files {
        // The local-recipient tables are checked by `crate::local::check`, the mandate's
        // rules by `crate::letters::mandate`.
        if file.path == "schema.json"
            || file.path.starts_with("local/")
            || file.path.starts_with("mandat/")
        {
            continue;
        }
        let Some(kind) = Kind::of(&file.path) else {
            problems.push(Problem::new(
                &file.path,
                "",
                "fichier inattendu : le catalogue contient schema.json, situations.json, \
                 fichiers/*.json, autorites/*.json, local/ et mandat/",
            ));
            continue;
        };
        // Without the schema check (the embedded catalogue, which the tests check), a file
        // read straight into its type skips the intermediate `Value`; one that does not
        // goes the long way below, which says what is wrong with it.
        if validators.is_none() {
            let read = match kind {
                Kind::Entry => serde_json::from_str::<Entry>(&file.text).map(|entry| {
                    entry_files.push(file.path.clone());
                    entries.push(entry);
                }),
                Kind::Authorities => {
                    serde_json::from_str::<AuthoritiesFile>(&file.text).map(|list| {
                        for a in list.authorities {
                            authority_files.push(file.path.clone());
                            authorities.push(a);
                        }
                    })
                }
                Kind::Situations => serde_json::from_str::<SituationsFile>(&file.text)
                    .map(|s| situations = Some(s.situations)),
            };
            if read.is_ok() {
                continue;
            }
        }
        let value: Value = match serde_json::from_str(&file.text) {
            Ok(v) => v,
            Err(e) => {
                problems.push(Problem::new(
                    &file.path,
                    "",
                    format!(
                        "JSON invalide à la ligne {}, colonne {} : {}",
                        e.line(),
                        e.column(),
                        json_error_fr(&e)
                    ),
                ));
                continue;
            }
        };
        let before = problems.len();
        if let Some(v) = &validators {
            v.check(kind, &file.path, &value, &mut problems);
        }
        if problems.len() > before {
            continue;
        }
        match kind {
            Kind::Entry => {
                if let Some(entry) = typed::<Entry>(&file.path, value, &mut problems) {
                    entry_files.push(file.path.clone());
                    entries.push(entry);
                }
            }
            Kind::Authorities => {
                if let Some(list) = typed::<AuthoritiesFile>(&file.path, value, &mut problems) {
                    for a in list.authorities {
                        authority_files.push(file.path.clone());
                        authorities.push(a);
                    }
                }
            }
            Kind::Situations => {
                if let Some(s) = typed::<SituationsFile>(&file.path, value, &mut problems) {
                    situations = Some(s.situations);
                }
            }
        }
    }

    if entries.is_empty() && problems.is_empty() {
        problems.push(Problem::new(
            "fichiers/",
            "",
            "le catalogue ne contient aucune fiche",
        ));
    }
    let situations = situations.unwrap_or_else(|| {
        problems.push(Problem::new("situations.json", "", "fichier manquant"));
        Vec::new()
    });

    // Cross-references are checked even when some files failed, so one run shows everything.
    {
        cross_check(
            &entries,
            &entry_files,
            &authorities,
            &authority_files,
            &situations,
            letter_kinds,
            &mut problems,
        );
    }
    if problems.is_empty() {
        Ok(Catalogue::new(entries, authorities, situations))
    } else {
        Err(LoadError { problems })
    }
}

fn typed<T: DeserializeOwned>(path: &str, value: Value, problems: &mut Vec<Problem>) -> Option<T> {
    match serde_json::from_value(value) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(Problem::new(
                path,
                "",
                format!("contenu illisible : {}", json_error_fr(&e)),
            ));
            None
        }
    }
}

/// serde_json's messages are English; keep its precise detail but say what it is in French.
fn json_error_fr(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Syntax => "erreur de syntaxe",
        Category::Eof => "fin de fichier inattendue",
        Category::Data => "donnée inattendue",
        Category::Io => "erreur de lecture",
    };
    let detail = e.to_string();
    let detail = detail.split(" at line ").next().unwrap_or(&detail);
    format!("{what} ({detail})")
}

struct Validators {
    by_branch: Vec<jsonschema::Validator>,
}

impl Validators {
    fn new() -> Validators {
        let schema: Value = serde_json::from_str(SCHEMA).expect("requests/schema.json is JSON");
        let branches = schema["oneOf"].as_array().expect("schema has a oneOf");
        let by_branch = branches
            .iter()
            .map(|branch| {
                // Validate against one branch so errors point at the real cause instead of
                // "matches none of the oneOf alternatives".
                let mut sub = schema.clone();
                let obj = sub.as_object_mut().expect("schema is an object");
                obj.remove("oneOf");
                for (k, v) in branch.as_object().expect("branch is an object") {
                    obj.insert(k.clone(), v.clone());
                }
                jsonschema::validator_for(&sub).expect("requests/schema.json compiles")
            })
            .collect();
        Validators { by_branch }
    }

    fn check(&self, kind: Kind, path: &str, value: &Value, problems: &mut Vec<Problem>) {
        for error in self.by_branch[kind.schema_branch()].iter_errors(value) {
            problems.push(Problem::new(
                path,
                error.instance_path().to_string(),
                schema_error_fr(error.kind()),
            ));
        }
    }
}

fn schema_error_fr(kind: &ValidationErrorKind) -> String {
    use ValidationErrorKind as K;
    match kind {
        K::Required { property } => format!("champ obligatoire manquant : {property}"),
        K::AdditionalProperties { unexpected } => {
            format!("champ inconnu : {}", unexpected.join(", "))
        }
        K::Type { kind } => format!("type attendu : {}", type_fr(kind)),
        K::Enum { options } => format!("valeur non autorisée ; valeurs possibles : {options}"),
        K::Pattern { pattern } => format!("format invalide (motif attendu : {pattern})"),
        K::MinItems { limit } => format!("la liste doit contenir au moins {limit} élément(s)"),
        K::MaxItems { limit } => format!("la liste doit contenir au plus {limit} élément(s)"),
        K::MinLength { .. } => "le texte ne doit pas être vide".to_string(),
        K::Minimum { limit } => format!("la valeur doit être au moins {limit}"),
        K::Maximum { limit } => format!("la valeur doit être au plus {limit}"),
        K::UniqueItems => "la liste contient des doublons".to_string(),
        K::OneOfNotValid { .. } | K::AnyOf { .. } => {
            "la valeur ne correspond à aucune forme autorisée".to_string()
        }
        other => format!("valeur refusée par le schéma ({other:?})"),
    }
}

fn type_fr(kind: &TypeKind) -> String {
    let name = |t: &jsonschema::JsonType| match t.to_string().as_str() {
        "string" => "texte".to_string(),
        "integer" => "nombre entier".to_string(),
        "number" => "nombre".to_string(),
        "boolean" => "booléen (true ou false)".to_string(),
        "array" => "liste".to_string(),
        "object" => "objet".to_string(),
        "null" => "null".to_string(),
        other => other.to_string(),
    };
    match kind {
        TypeKind::Single(t) => name(t),
        TypeKind::Multiple(ts) => ts.iter().map(|t| name(&t)).collect::<Vec<_>>().join(" ou "),
    }
}

#[allow(clippy::too_many_arguments)]
fn cross_check(
    entries: &[Entry],
    entry_files: &[String],
    authorities: &[Authority],
    authority_files: &[String],
    situations: &[Situation],
    letter_kinds: &[&str],
    problems: &mut Vec<Problem>,
) {
    let mut authority_ids: HashMap<&str, &Authority> = HashMap::new();
    for (i, (a, file)) in authorities.iter().zip(authority_files).enumerate() {
        if authority_ids.insert(a.id.as_str(), a).is_some() {
            problems.push(Problem::new(
                file,
                format!("/authorities/{}/id", index_in_file(authority_files, i)),
                format!("l'identifiant d'autorité « {} » est déjà utilisé", a.id),
            ));
        }
        let pointer = format!("/authorities/{}", index_in_file(authority_files, i));
        match a.kind {
            AuthorityKind::Local if a.local_prompt.is_none() => problems.push(Problem::new(
                file,
                pointer,
                "une autorité locale doit avoir « local_prompt » (ce que la personne doit indiquer)",
            )),
            _ => {}
        }
    }

    let mut codes: HashMap<String, &str> = HashMap::new();
    for (entry, file) in entries.iter().zip(entry_files) {
        if let Some(other) = codes.insert(entry.code.to_lowercase(), file) {
            problems.push(Problem::new(
                file,
                "/code",
                format!("le code « {} » est déjà utilisé par {other}", entry.code),
            ));
        }
        let route_ids: HashSet<&str> = entry.routes.iter().map(|r| r.id.as_str()).collect();
        let mut seen = HashSet::new();
        if !entry.routes.iter().any(|r| r.start) {
            problems.push(Problem::new(
                file,
                "/routes",
                "aucune démarche ne peut servir de point de départ (« start »: true)",
            ));
        }
        for (i, route) in entry.routes.iter().enumerate() {
            let at = |field: &str| format!("/routes/{i}/{field}");
            if !seen.insert(route.id.as_str()) {
                problems.push(Problem::new(
                    file,
                    at("id"),
                    format!("la démarche « {} » est définie deux fois", route.id),
                ));
            }
            match authority_ids.get(route.recipient.as_str()) {
                None => problems.push(Problem::new(
                    file,
                    at("recipient"),
                    format!(
                        "le destinataire « {} » n'existe pas dans autorites/",
                        route.recipient
                    ),
                )),
                Some(a) => {
                    let reachable = !a.address_lines.is_empty()
                        || a.email.is_some()
                        || a.online_form.is_some()
                        || a.kind == AuthorityKind::Local;
                    if route.letter.is_some() && !reachable {
                        problems.push(Problem::new(
                            file,
                            at("recipient"),
                            format!(
                                "une lettre est prévue mais l'autorité « {} » n'a ni adresse, ni \
                                 e-mail, ni formulaire en ligne",
                                a.id
                            ),
                        ));
                    }
                }
            }
            for (j, next) in route.next.iter().enumerate() {
                if !route_ids.contains(next.as_str()) {
                    problems.push(Problem::new(
                        file,
                        format!("/routes/{i}/next/{j}"),
                        format!(
                            "l'étape suivante « {next} » n'est pas une démarche de cette fiche"
                        ),
                    ));
                }
            }
            if let Some(letter) = &route.letter
                && !letter_kinds.is_empty()
                && !letter_kinds.contains(&letter.as_str())
            {
                problems.push(Problem::new(
                    file,
                    at("letter"),
                    format!("aucun modèle de lettre « {letter} » dans templates/"),
                ));
            }
            let mut parties = HashSet::new();
            for (j, rule) in route.deadlines.iter().enumerate() {
                if !parties.insert(rule.party) {
                    problems.push(Problem::new(
                        file,
                        format!("/routes/{i}/deadlines/{j}/party"),
                        "deux délais pour la même partie dans une même démarche",
                    ));
                }
            }
        }
    }

    for (i, situation) in situations.iter().enumerate() {
        for (j, s) in situation.suggestions.iter().enumerate() {
            let pointer = format!("/situations/{i}/suggestions/{j}");
            match entries
                .iter()
                .find(|e| e.code.eq_ignore_ascii_case(&s.entry))
            {
                None => problems.push(Problem::new(
                    "situations.json",
                    format!("{pointer}/entry"),
                    format!("la fiche « {} » n'existe pas", s.entry),
                )),
                Some(e) if e.route(&s.route).is_none() => problems.push(Problem::new(
                    "situations.json",
                    format!("{pointer}/route"),
                    format!("la fiche {} n'a pas de démarche « {} »", e.code, s.route),
                )),
                Some(_) => {}
            }
        }
    }
    let mut ids = HashSet::new();
    for (i, s) in situations.iter().enumerate() {
        if !ids.insert(s.id.as_str()) {
            problems.push(Problem::new(
                "situations.json",
                format!("/situations/{i}/id"),
                format!("la situation « {} » est définie deux fois", s.id),
            ));
        }
    }
}

/// Position of the i-th authority within its own file.
fn index_in_file(files: &[String], i: usize) -> usize {
    files[..i].iter().filter(|f| **f == files[i]).count()
}
