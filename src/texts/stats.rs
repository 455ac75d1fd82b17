//! The wording of `acces statistiques` (text and CSV forms).

use std::fmt::Write;

use crate::cases::Outcome;
use crate::cases::stats::{Count, Line, NO_REPLY, Stats};

/// How an outcome id of [`Stats::par_issue`] is written.
pub fn outcome_label(id: &str) -> &str {
    if id == NO_REPLY {
        return "pas de réponse";
    }
    match Outcome::from_id(id) {
        Some(o) => super::cases::outcome(o),
        None => id,
    }
}

/// A share in %, or why it is not computed.
pub fn percent(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{} %", format!("{v:.1}").replace('.', ",")),
        None => NO_SHARE.into(),
    }
}

/// A median in days, or why it is not computed.
pub fn median(days: Option<i64>) -> String {
    match days {
        Some(n) => format!("{n} jour{}", if n > 1 { "s" } else { "" }),
        None => NO_MEDIAN.into(),
    }
}

pub const NO_SHARE: &str = "non calculé (moins de 5 dossiers envoyés)";
pub const NO_MEDIAN: &str = "non calculé (moins de 5 réponses)";
pub const NO_CASE: &str = "(aucun dossier)";
pub const BY_FILE: &str = "Par fichier";
pub const BY_ROUTE: &str = "Par démarche";
pub const BY_OUTCOME: &str = "Par issue (dernière réponse reçue)";
pub const BY_MONTH: &str = "Par mois d'ouverture";
pub const ANSWER_TIMES: &str = "Délais de réponse";
pub const MEDIAN: &str = "Délai médian entre l'envoi et la réponse";
pub const LATE: &str = "Réponse après le délai, ou toujours attendue après lui";
pub const NEVER: &str = "Jamais de réponse";

/// The cases the answer times are computed on.
pub fn answer_base(sent: Count, answered: Count) -> String {
    format!("dossiers envoyés : {sent}, avec réponse : {answered}")
}

fn section(out: &mut String, title: &str, lines: &[Line], label: &dyn Fn(&str) -> String) {
    let _ = writeln!(out, "\n{title}");
    if lines.is_empty() {
        let _ = writeln!(out, "  {NO_CASE}");
    }
    let width = lines
        .iter()
        .map(|l| label(&l.valeur).chars().count())
        .max()
        .unwrap_or(0);
    for l in lines {
        let name = label(&l.valeur);
        let pad = width - name.chars().count();
        let _ = writeln!(
            out,
            "  {name}{}  {:>6}",
            " ".repeat(pad),
            l.dossiers.to_string()
        );
    }
}

/// The text report.
pub fn report(s: &Stats) -> String {
    let mut out = String::from(
        "Statistiques du registre : anonymes (ni nom ni numéro) ; un nombre de 1 à 4 est \
         affiché « < 5 ».\n",
    );
    let _ = writeln!(out, "\nDossiers : {}", s.dossiers);
    section(&mut out, BY_FILE, &s.par_fichier, &|v| v.to_string());
    section(&mut out, BY_ROUTE, &s.par_demarche, &|v| v.to_string());
    section(&mut out, BY_OUTCOME, &s.par_issue, &|v| {
        outcome_label(v).to_string()
    });
    section(&mut out, BY_MONTH, &s.par_mois, &|v| v.to_string());
    let d = &s.delais;
    let _ = writeln!(
        out,
        "\n{ANSWER_TIMES} ({})",
        answer_base(d.envoyes, d.repondus)
    );
    let _ = writeln!(out, "  {MEDIAN} : {}", median(d.mediane_jours));
    let _ = writeln!(out, "  {LATE} : {}", percent(d.part_en_retard));
    let _ = writeln!(out, "  {NEVER} : {}", percent(d.part_sans_reponse));
    out
}

/// The CSV rows (`categorie`, `valeur`, `dossiers`), without the heading.
pub fn csv_rows(s: &Stats) -> Vec<[String; 3]> {
    let mut rows = vec![[
        "total".to_string(),
        "dossiers".to_string(),
        s.dossiers.to_string(),
    ]];
    for (cat, lines) in [
        ("fichier", &s.par_fichier),
        ("demarche", &s.par_demarche),
        ("issue", &s.par_issue),
        ("mois", &s.par_mois),
    ] {
        for l in lines {
            rows.push([cat.to_string(), l.valeur.clone(), l.dossiers.to_string()]);
        }
    }
    let d = &s.delais;
    let opt = |v: Option<String>| v.unwrap_or_else(|| crate::cases::stats::HIDDEN.to_string());
    rows.push(["delais".into(), "envoyes".into(), d.envoyes.to_string()]);
    rows.push(["delais".into(), "repondus".into(), d.repondus.to_string()]);
    rows.push([
        "delais".into(),
        "mediane_jours".into(),
        opt(d.mediane_jours.map(|n| n.to_string())),
    ]);
    rows.push([
        "delais".into(),
        "part_en_retard".into(),
        opt(d
            .part_en_retard
            .map(|v| format!("{v:.1}").replace('.', ","))),
    ]);
    rows.push([
        "delais".into(),
        "part_sans_reponse".into(),
        opt(d
            .part_sans_reponse
            .map(|v| format!("{v:.1}").replace('.', ","))),
    ]);
    rows
}

pub const CSV_HEADING: [&str; 3] = ["categorie", "valeur", "dossiers"];

// ── The Statistiques tab of the full-screen interface ─────────────────────────────────────

/// The charts' names in the tab's chooser.
pub const CHARTS: [&str; 5] = [
    "Par fichier",
    "Par démarche",
    "Par issue",
    "Par mois",
    "Délais de réponse",
];
pub const TUI_NOTE: &str = "Ni nom ni numéro. Un nombre de 1 à 4 s'affiche « < 5 », sans barre.";
pub const OVERDUE: &str = "Hors délai";
pub const OVERDUE_MEANS: &str = "Hors délai : réponse arrivée après le délai, ou toujours \
attendue après lui.";
pub const NOT_COMPUTED: &str = "non calculé";
pub const SHARES_NOT_COMPUTED: &str = "Parts non calculées : moins de 5 dossiers envoyés.";

/// The title line's right side.
pub fn total(n: Count) -> String {
    format!("Dossiers : {n}")
}

/// Which bars are shown when they do not all fit.
pub fn shown_rows(first: usize, last: usize, of: usize) -> String {
    format!("(lignes {first} à {last} sur {of})")
}

/// The first line of the answer times in the tab.
pub fn answer_base_sentence(sent: Count, answered: Count) -> String {
    format!("Dossiers envoyés : {sent} ; avec réponse : {answered}")
}

/// A month of [`Stats::par_mois`] (`AAAA-MM`) as read: « mars 2026 ».
pub fn month_label(value: &str) -> String {
    match value.split_once('-') {
        Some((y, m)) => match m.parse::<u32>().map(super::dates::month_fr) {
            Ok(name) if !name.is_empty() => format!("{name} {y}"),
            _ => value.to_string(),
        },
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_are_written_in_french() {
        assert_eq!(super::month_label("2026-03"), "mars 2026");
        assert_eq!(super::month_label("2026-13"), "2026-13");
        assert_eq!(super::month_label("autre"), "autre");
    }
}
