//! Messages of `acces lettres` (letters in batches).

use std::path::Path;

pub const NOTHING_SELECTED: &str = "Aucune lettre à écrire : aucun dossier ne correspond (ou la situation ne conseille aucune lettre).";
pub const SITUATION_NEEDS_PERSON: &str = "Avec --situation, indiquez pour qui écrire : --personne NUMERO (voir « acces personne liste »).";
pub const FILTER_NEEDED: &str = "Choisissez les dossiers : --situation SITUATION --personne ID, \
     ou un filtre (--statut, --brouillons, --fichier, --personne).";

pub fn job_problem(case: Option<i64>, code: &str, route: &str, why: &str) -> String {
    match case {
        Some(id) => format!("Dossier {id} ({code}, {route}) : {why}"),
        None => format!("{code}, {route} : {why}"),
    }
}

pub fn nothing_written(n: usize) -> String {
    format!(
        "{n} lettre{s} ne peu{v} pas être écrite{s} : aucune lettre n'a été écrite ni notée. \
         Donnez les champs manquants avec --champ CLE=VALEUR (« acces lettre --liste » les montre).",
        s = if n > 1 { "s" } else { "" },
        v = if n > 1 { "vent" } else { "t" },
    )
}

pub fn progress(done: usize, total: usize) -> String {
    format!("Lettres : {done}/{total}")
}

pub fn cannot_create_dir(dir: &Path, e: &dyn std::fmt::Display) -> String {
    format!(
        "Impossible de créer le dossier « {} » : {e}.",
        dir.display()
    )
}

pub fn written_not_recorded(why: &str) -> String {
    format!("Les lettres sont écrites, mais elles n'ont pas été notées dans le registre : {why}")
}

pub fn done(n: usize, to: &Path, opened: usize, mandates: usize) -> String {
    let p = if n > 1 { "s" } else { "" };
    let cases = if n > 1 {
        "leurs dossiers"
    } else {
        "son dossier"
    };
    // The mandates first: the interface's status line may cut the end of the sentence.
    let mut s = if mandates > 0 {
        format!(
            "{n} lettre{p} et {mandates} mandat{mp} à faire signer écrits dans « {} » ; \
             lettre{p} notée{p} dans {cases} (brouillon).",
            to.display(),
            mp = if mandates > 1 { "s" } else { "" },
        )
    } else {
        format!(
            "{n} lettre{p} écrite{p} dans « {} » et notée{p} dans {cases} (brouillon).",
            to.display(),
        )
    };
    if opened > 0 {
        s.push_str(&format!(
            " {opened} dossier{p} ouvert{p} pour elles.",
            p = if opened > 1 { "s" } else { "" }
        ));
    }
    s
}

// ── « Rédiger les lettres » in the full-screen interface ──────────────────────────────────

pub const KEY_SPACE: &str = "Espace";
pub const ACT_PICK: &str = "cocher";
pub const ACT_WRITE: &str = "rédiger les lettres";
pub const TUI_TITLE: &str = "Rédiger les lettres";
pub const TUI_OUTPUT: &str = "Écrire dans";
pub const TUI_ONE_PDF: &str = "un seul fichier PDF";
pub const TUI_FOLDER: &str = "un dossier (un PDF par lettre)";
pub const TUI_PATH: &str = "Chemin";
pub const TUI_PATH_HINT: &str = "fichier .pdf ou dossier";

/// The right side of the Dossiers title when cases are picked.
pub fn picked(n: usize) -> String {
    format!("{n} choisi{}", if n > 1 { "s" } else { "" })
}

/// What the form says before the fields.
pub fn tui_intro(n: usize) -> String {
    let which = if n == 1 {
        "La lettre du dossier choisi".to_string()
    } else {
        format!("La lettre de chacun des {n} dossiers choisis")
    };
    format!(
        "{which}, datée d'aujourd'hui, dans un seul PDF (chaque lettre commence une page) ou \
         un dossier. Chaque lettre est notée « brouillon » dans son dossier ; un dossier clos \
         n'en a pas. Entrée sur le chemin : rédiger."
    )
}

/// While the letters are written.
pub fn tui_writing(done: usize, total: usize) -> String {
    format!("Rédaction des lettres… {done}/{total}")
}

/// Letters that cannot be written from the interface (the reasons are listed below).
pub fn tui_nothing_written(n: usize) -> String {
    format!(
        "{n} lettre{s} ne peu{v} pas être écrite{s} : rien n'a été écrit ni noté.",
        s = if n > 1 { "s" } else { "" },
        v = if n > 1 { "vent" } else { "t" },
    )
}

/// A letter that cannot be written, in the interface: the fields missing when that is why
/// (the command's wording names its own options).
pub fn tui_problem(
    case: Option<i64>,
    code: &str,
    route: &str,
    why: &str,
    missing: &[String],
) -> String {
    if missing.is_empty() {
        return job_problem(case, code, route, why);
    }
    job_problem(
        case,
        code,
        route,
        &format!("il manque : {}.", missing.join(", ")),
    )
}

pub const TUI_PROBLEMS: &str = "Rien n'a été écrit. Complétez ce qui manque (la fiche de la \
personne, onglet Personnes), puis recommencez :";

pub fn more_problems(n: usize) -> String {
    format!(
        "… et {n} autre{s} lettre{s} dans le même cas ou un autre.",
        s = if n > 1 { "s" } else { "" }
    )
}
