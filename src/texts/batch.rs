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

pub fn done(n: usize, to: &Path, opened: usize) -> String {
    let mut s = format!(
        "{n} lettre{p} écrite{p} dans « {} » et notée{p} dans {} (brouillon).",
        to.display(),
        if n > 1 {
            "leurs dossiers"
        } else {
            "son dossier"
        },
        p = if n > 1 { "s" } else { "" },
    );
    if opened > 0 {
        s.push_str(&format!(
            " {opened} dossier{p} ouvert{p} pour elles.",
            p = if opened > 1 { "s" } else { "" }
        ));
    }
    s
}
