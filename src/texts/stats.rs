//! The wording of `acces statistiques` (text and CSV forms).

use std::fmt::Write;

use crate::cases::Outcome;
use crate::cases::stats::{Line, NO_REPLY, Stats};

fn outcome_label(id: &str) -> &str {
    if id == NO_REPLY {
        return "pas de réponse";
    }
    match Outcome::from_id(id) {
        Some(o) => super::cases::outcome(o),
        None => id,
    }
}

fn percent(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{} %", format!("{v:.1}").replace('.', ",")),
        None => "non calculé (moins de 5 dossiers envoyés)".into(),
    }
}

fn section(out: &mut String, title: &str, lines: &[Line], label: &dyn Fn(&str) -> String) {
    let _ = writeln!(out, "\n{title}");
    if lines.is_empty() {
        let _ = writeln!(out, "  (aucun dossier)");
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
    section(&mut out, "Par fichier", &s.par_fichier, &|v| v.to_string());
    section(&mut out, "Par démarche", &s.par_demarche, &|v| {
        v.to_string()
    });
    section(
        &mut out,
        "Par issue (dernière réponse reçue)",
        &s.par_issue,
        &|v| outcome_label(v).to_string(),
    );
    section(&mut out, "Par mois d'ouverture", &s.par_mois, &|v| {
        v.to_string()
    });
    let d = &s.delais;
    let _ = writeln!(
        out,
        "\nDélais de réponse (dossiers envoyés : {}, avec réponse : {})",
        d.envoyes, d.repondus
    );
    let _ = writeln!(
        out,
        "  Délai médian entre l'envoi et la réponse : {}",
        match d.mediane_jours {
            Some(n) => format!("{n} jour{}", if n > 1 { "s" } else { "" }),
            None => "non calculé (moins de 5 réponses)".into(),
        }
    );
    let _ = writeln!(
        out,
        "  Réponse après le délai, ou toujours attendue après lui : {}",
        percent(d.part_en_retard)
    );
    let _ = writeln!(
        out,
        "  Jamais de réponse : {}",
        percent(d.part_sans_reponse)
    );
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
