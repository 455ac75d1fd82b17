//! Plain-text views of the catalogue and the situation guide (CLI output).

use std::fmt::Write;

use super::labels;
use crate::catalogue::{Catalogue, Confidence, DeadlineRule, Entry, Problem, Route};

pub fn list_header() -> &'static str {
    "Fichiers et traitements du catalogue (acces catalogue CODE pour le détail) :"
}

/// One entry per line; `width` is the widest code, so names line up.
pub fn list_line(e: &Entry, width: usize) -> String {
    let warn = if e.confidence == Confidence::Low {
        "  [confiance faible]"
    } else {
        ""
    };
    format!(
        "  {:<width$}  {} — {}{}",
        e.code,
        e.name,
        labels::regimes_short(&e.regime),
        warn
    )
}

pub fn no_entry_for_regime() -> &'static str {
    "Aucune fiche ne relève de ce régime."
}

pub fn unknown_code(code: &str, closest: &[&str]) -> String {
    let mut msg = format!("Aucun fichier « {code} » dans le catalogue.");
    if closest.is_empty() {
        msg.push_str(" Tapez « acces catalogue » pour voir la liste.");
    } else {
        let _ = write!(msg, " Vouliez-vous dire : {} ?", closest.join(", "));
    }
    msg
}

fn marker(c: Confidence) -> &'static str {
    if c == Confidence::Low {
        " ⚠ confiance faible, à revérifier"
    } else {
        ""
    }
}

/// One deadline rule in one line.
pub fn deadline_line(d: &DeadlineRule) -> String {
    let mut s = format!(
        "{} : {} {}",
        labels::party(d.party),
        labels::length(d.length, d.unit),
        labels::counted_from(d.from)
    );
    if d.franc {
        s.push_str(" (délai franc)");
    }
    if let Some(ext) = &d.extension {
        let _ = write!(
            s,
            ", prolongeable de {} ({})",
            labels::length(ext.length, ext.unit),
            ext.condition
        );
    }
    if let Some(sil) = labels::silence(d.silence) {
        let _ = write!(s, " ; {sil}");
    }
    let _ = write!(s, " [{}]{}", d.basis, marker(d.confidence));
    s
}

fn route_block(out: &mut String, cat: &Catalogue, entry: &Entry, r: &Route) {
    let start = if r.start { " (point de départ)" } else { "" };
    let _ = writeln!(
        out,
        "  • {} [{}]{}{}",
        r.title,
        r.id,
        start,
        marker(r.confidence)
    );
    let _ = writeln!(out, "      {}", r.explanation);
    if let Some(a) = cat.authority(&r.recipient) {
        let dest = match &a.local_prompt {
            Some(p) => format!("{} (à préciser : {p})", a.name),
            None => {
                let mut d = a.name.clone();
                // Address blocks often repeat the name on their first line.
                let lines = match a.address_lines.first() {
                    Some(first) if *first == a.name => &a.address_lines[1..],
                    _ => &a.address_lines[..],
                };
                if !lines.is_empty() {
                    let _ = write!(d, ", {}", lines.join(", "));
                }
                d
            }
        };
        let _ = writeln!(out, "      Destinataire : {dest}{}", marker(a.confidence));
        if let Some(mail) = &a.email {
            let _ = writeln!(out, "      E-mail : {mail}");
        }
        if let Some(form) = &a.online_form {
            let _ = writeln!(out, "      En ligne : {form}");
        }
    }
    for b in &r.legal_basis {
        let _ = writeln!(
            out,
            "      Textes : {}, art. {}{}",
            b.text,
            b.articles.join(", "),
            marker(b.confidence)
        );
    }
    for d in &r.deadlines {
        let _ = writeln!(out, "      Délai — {}", deadline_line(d));
    }
    for c in &r.cautions {
        let when = match c.when_field.as_deref() {
            Some("decisions") => " (si votre lettre cite une décision)",
            Some(_) => " (selon le contenu de la lettre)",
            None => "",
        };
        let _ = writeln!(
            out,
            "      Attention{when} : {}{}",
            c.text,
            marker(c.confidence)
        );
    }
    if !r.enclose.is_empty() {
        let _ = writeln!(out, "      À joindre : {}", r.enclose.join(" ; "));
    }
    if r.letter.is_none() {
        let _ = writeln!(out, "      (acces ne rédige pas cette démarche)");
    }
    let next: Vec<String> = r
        .next
        .iter()
        .filter_map(|id| entry.route(id))
        .map(|n| format!("{} [{}]", n.title, n.id))
        .collect();
    if !next.is_empty() {
        let _ = writeln!(out, "      Ensuite : {}", next.join(" ; "));
    }
    if let Some(note) = &r.confidence_note {
        let _ = writeln!(out, "      Note : {note}");
    }
}

/// The full plain-text view of one entry.
pub fn entry_detail(cat: &Catalogue, e: &Entry) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", e.code, e.name);
    let _ = writeln!(out);
    let _ = writeln!(out, "Ce que c'est : {}", e.summary);
    let _ = writeln!(out, "Qui y figure : {}", e.who);
    let _ = writeln!(out, "Responsable : {}", e.controller);
    let regimes: Vec<&str> = e.regime.iter().map(|r| labels::regime(*r)).collect();
    let _ = writeln!(out, "Régime : {}", regimes.join(" ; "));
    let accred_note = e
        .accred_note
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Consulté lors des enquêtes ACCReD : {}{accred_note}",
        labels::accred(e.accred)
    );
    let _ = writeln!(out, "Conservation : {}", e.retention);
    let _ = writeln!(out);
    let _ = writeln!(out, "Base légale :");
    for b in &e.legal_basis {
        let _ = writeln!(
            out,
            "  • {}, art. {}{}\n    {}",
            b.text,
            b.articles.join(", "),
            marker(b.confidence),
            b.source_url
        );
        if let Some(copy) = &b.copy_url {
            let _ = writeln!(out, "    Copie consultée : {copy}");
        }
        if let Some(n) = &b.note {
            let _ = writeln!(out, "    Note : {n}");
        }
        let _ = writeln!(
            out,
            "    Vérifié le {}",
            b.checked.unwrap_or(e.checked).format("%d/%m/%Y")
        );
    }
    if !e.enclose.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "À joindre à une première demande :");
        for x in &e.enclose {
            let _ = writeln!(out, "  • {x}");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Démarches possibles :");
    for r in &e.routes {
        route_block(&mut out, cat, e, r);
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Confiance : {} (vérifié le {})",
        labels::confidence(e.confidence),
        e.checked.format("%d/%m/%Y")
    );
    if let Some(n) = &e.confidence_note {
        let _ = writeln!(out, "  {n}");
    }
    if let Some(n) = &e.notes {
        let _ = writeln!(out, "Remarques : {n}");
    }
    for c in &e.coming_law {
        let _ = writeln!(
            out,
            "À venir (entrée en vigueur annoncée le {}, non appliqué ici ; note vérifiée le {}) : {}",
            c.in_force.format("%d/%m/%Y"),
            c.checked.format("%d/%m/%Y"),
            c.text
        );
        let _ = writeln!(out, "  {}", c.source_url);
    }
    let _ = writeln!(out, "Sources :");
    for s in &e.sources {
        let _ = writeln!(out, "  {s}");
    }
    out
}

pub fn guide_header() -> &'static str {
    "Que vous arrive-t-il ? (acces guide SITUATION pour les démarches conseillées)"
}

pub fn guide_line(id: &str, title: &str, width: usize) -> String {
    format!("  {id:<width$}  {title}")
}

pub fn unknown_situation(id: &str, closest: &[&str]) -> String {
    let mut msg = format!("Aucune situation « {id} ».");
    if closest.is_empty() {
        msg.push_str(" Tapez « acces guide » pour voir la liste.");
    } else {
        let _ = write!(msg, " Vouliez-vous dire : {} ?", closest.join(", "));
    }
    msg
}

pub fn situation_detail(cat: &Catalogue, id: &str) -> Option<String> {
    let s = cat.situation(id)?;
    let mut out = String::new();
    let _ = writeln!(out, "{}", s.title);
    let _ = writeln!(out, "{}", s.description);
    let _ = writeln!(out);
    let _ = writeln!(out, "Démarches conseillées :");
    for sug in &s.suggestions {
        let (code, title) = match cat.entry(&sug.entry) {
            Some(e) => (
                e.code.as_str(),
                e.route(&sug.route).map(|r| r.title.as_str()).unwrap_or(""),
            ),
            None => (sug.entry.as_str(), ""),
        };
        let _ = writeln!(out, "  • {code} — {title}");
        let _ = writeln!(out, "      Pourquoi : {}", sug.why);
        let _ = writeln!(
            out,
            "      Lettre : acces lettre {code} --demarche {} --personne …",
            sug.route
        );
    }
    if !s.advice.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "À savoir :");
        for a in &s.advice {
            let _ = writeln!(out, "  • {}{}", a.text, marker(a.confidence));
            if let Some(n) = &a.note {
                let _ = writeln!(out, "      Note : {n}");
            }
            let _ = writeln!(
                out,
                "      Source : {} (vérifié le {})",
                a.source_url,
                a.checked.format("%d/%m/%Y")
            );
        }
    }
    Some(out)
}

pub fn verify_ok(files: usize, entries: usize) -> String {
    format!("Catalogue valide : {files} fichiers, {entries} fiches. Aucun problème trouvé.")
}

pub fn verify_stale(problems: &[Problem]) -> String {
    let mut out = format!(
        "Attention : {} fait(s) n’ont pas été revérifiés depuis plus de 12 mois :\n",
        problems.len()
    );
    for p in problems {
        let _ = writeln!(out, "  {p}");
    }
    out
}

pub fn verify_failed(problems: &[Problem]) -> String {
    let mut out = format!("Le catalogue contient {} problème(s) :\n", problems.len());
    for p in problems {
        let _ = writeln!(out, "  {p}");
    }
    out
}

pub fn embedded_catalogue_broken() -> &'static str {
    "Le catalogue intégré au programme est invalide : ce programme a été mal construit. \
     Lancez « acces catalogue verifier » pour le détail."
}
