//! Messages of the spreadsheet import (`acces import --format csv`).

pub const FILE_NEEDED: &str =
    "indiquez le code du fichier (TAJ, FPR…) pour ouvrir un dossier sur cette ligne.";
pub const SENDING_DATE_NEEDED: &str =
    "un n° de recommandé est donné sans date d'envoi : indiquez la date (JJ/MM/AAAA).";

pub fn civilite_invalid(s: &str) -> String {
    format!("« {s} » : écrivez Madame (ou Mme), Monsieur (ou M.), ou laissez vide.")
}

pub fn route_needed(code: &str, routes: &[&str]) -> String {
    format!(
        "plusieurs démarches sont possibles pour {code} : indiquez-la dans une colonne « Démarche » ({}).",
        routes.join(", ")
    )
}

fn separator_name(sep: u8) -> &'static str {
    match sep {
        b';' => "« ; »",
        b',' => "« , »",
        b'\t' => "tabulation",
        _ => "?",
    }
}

/// The first line of the report: how the file was read.
pub fn read_as(encoding: &str, sep: u8, lines: usize) -> String {
    format!(
        "Fichier lu : encodage {encoding}, séparateur {}, {lines} ligne{} de données.",
        separator_name(sep),
        if lines > 1 { "s" } else { "" }
    )
}

/// `pairs`: (field id, the file's heading).
pub fn columns_used(pairs: &[(&str, &str)]) -> String {
    let list: Vec<String> = pairs
        .iter()
        .map(|(id, h)| format!("{id} ← « {h} »"))
        .collect();
    format!("Colonnes lues : {}.", list.join(", "))
}

pub fn columns_ignored(headings: &[String]) -> String {
    let list: Vec<String> = headings.iter().map(|h| format!("« {h} »")).collect();
    format!(
        "Colonnes ignorées (inconnues d'acces ; --colonnes ID=COLONNE pour en lire une) : {}.",
        list.join(", ")
    )
}

/// One problem of one line; `heading`: the column's French heading.
pub fn row_problem(line: u64, heading: &str, message: &str) -> String {
    format!("Ligne {line}, colonne « {heading} » : {message}")
}

pub fn nothing_imported(bad: usize, good: usize) -> String {
    format!(
        "{bad} ligne{s} invalide{s} : rien n'a été importé. Corrigez {ces} dans le tableur, ou \
         relancez avec --ignorer-lignes-invalides pour importer les {good} autre{s2}.",
        s = if bad > 1 { "s" } else { "" },
        ces = if bad > 1 { "ces lignes" } else { "cette ligne" },
        s2 = if good > 1 { "s" } else { "" },
    )
}

pub fn lines_left_out(bad: usize) -> String {
    format!(
        "{bad} ligne{s} invalide{s} laissée{s} de côté.",
        s = if bad > 1 { "s" } else { "" }
    )
}

fn n(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count > 1 { many } else { one })
}

/// The summary of what was (or, with `--simulation`, would be) written.
pub fn summary(
    simulation: bool,
    persons_added: usize,
    persons_known: usize,
    cases_added: usize,
    cases_known: usize,
    sendings: usize,
) -> String {
    format!(
        "{} : {} ({} déjà dans le registre) ; {} ({} déjà suivis) ; {}.",
        if simulation {
            "Simulation, rien n'a été écrit"
        } else {
            "Import terminé"
        },
        n(persons_added, "personne ajoutée", "personnes ajoutées"),
        persons_known,
        n(cases_added, "dossier ouvert", "dossiers ouverts"),
        cases_known,
        n(sendings, "envoi noté", "envois notés"),
    )
}

pub const CSV_ONLY_OPTIONS: &str =
    "--colonnes et --ignorer-lignes-invalides ne valent que pour un tableur (--format csv).";

pub const SHEET_EMPTY: &str = "Le tableur est vide : la première ligne doit donner les noms des colonnes (Nom, Prénom(s), Adresse, CP, Ville…).";

pub fn unknown_column_id(id: &str, ids: &[&str]) -> String {
    format!(
        "--colonnes : acces ne connaît pas de champ « {id} ». Champs possibles : {}.",
        ids.join(", ")
    )
}

pub fn bad_mapping(m: &str) -> String {
    format!(
        "--colonnes : « {m} » ne se lit pas. Écrivez ID=COLONNE, par exemple nom=\"Nom d'usage\" \
         ou code_postal=5 (le numéro de la colonne), après le nom du fichier."
    )
}

pub fn heading_not_found(h: &str) -> String {
    format!("--colonnes : le tableur n'a pas de colonne « {h} » (ni de colonne numéro {h}).")
}

/// `missing`: (French heading, field id) of each missing column; `headings`: the file's.
pub fn missing_columns(missing: &[(&str, &str)], headings: &[String]) -> String {
    let m: Vec<String> = missing
        .iter()
        .map(|(h, id)| format!("« {h} » ({id})"))
        .collect();
    let h: Vec<String> = headings.iter().map(|h| format!("« {h} »")).collect();
    format!(
        "Le tableur n'a pas de colonne pour {}. Ses colonnes : {}. Renommez la colonne dans le \
         tableur, ou indiquez-la avec --colonnes ID=COLONNE (par exemple --colonnes {}=\"{}\").",
        m.join(", "),
        h.join(", "),
        missing.first().map_or("nom", |x| x.1),
        headings.first().map_or("…", String::as_str),
    )
}

pub fn sheet_malformed(line: u64) -> String {
    format!(
        "Le tableur est mal formé vers la ligne {line} (guillemet non refermé ?). Enregistrez-le \
         à nouveau au format CSV depuis le tableur."
    )
}

/// `--encodage` with a value acces does not write.
/// Characters Windows-1252 cannot write.
pub fn replaced_characters(n: usize) -> String {
    format!(
        "Attention : {n} caractère(s) qui n'existent pas en windows-1252 ont été écrits « ? ». \
         Pour les garder, exportez en utf-8 (par défaut)."
    )
}
