//! The words of Échéances (`acces echeances` and the TUI's tab) and of the calendar export.

use std::collections::HashMap;
use std::fmt::Write;

use chrono::NaiveDate;

use super::cases::{date, full_name, route_title, state};
use crate::cases::PersonId;
use crate::cases::agenda::{Agenda, DueItem, Section};
use crate::cases::status::{DeadlineKind, State};
use crate::catalogue::Catalogue;
use crate::law::DueDate;
use crate::person::PersonHead;

fn agenda_item(i: &DueItem, persons: &HashMap<PersonId, PersonHead>, cat: &Catalogue) -> String {
    let entry = cat.entry(&i.fichier);
    let what = match (i.type_echeance, &i.etape) {
        (Some(DeadlineKind::Step), Some(r)) => format!("à faire : {}", route_title(entry, r)),
        (Some(DeadlineKind::Reply), _) => "réponse attendue".to_string(),
        _ => match i.depuis {
            Some(d) => since(d),
            None => why_short(i.etat).to_string(),
        },
    };
    let due = match i.echeance {
        Some(d) if i.estimee => format!("{} (estimée)", date(d)),
        Some(d) => date(d),
        None => "—".into(),
    };
    let left = i.jours_restants.map(days_left).unwrap_or_default();
    format!(
        "  {:<24} {:<20} dossier {:>5}  {:<22} {}  {}",
        due,
        left,
        i.dossier,
        format!("{} / {}", i.fichier, i.demarche),
        persons
            .get(&i.personne)
            .map(|p| full_name(&p.prenoms, &p.nom))
            .unwrap_or_default(),
        what
    )
}

/// « depuis le 05/11/2026 » (a draft, a sending without receipt).
pub fn since(d: NaiveDate) -> String {
    format!("depuis le {}", date(d))
}

/// « dans 3 jours », « aujourd'hui », « dépassé de 2 jours ».
pub fn days_left(n: i64) -> String {
    match n {
        0 => "aujourd'hui".into(),
        1 => "demain".into(),
        n if n > 1 => format!("dans {n} jours"),
        -1 => "dépassé d'1 jour".into(),
        n => format!("dépassé de {} jours", -n),
    }
}

fn why_short(s: State) -> &'static str {
    match s {
        State::EnAttente => "envoyé, sans délai fixé : notez la réponse",
        State::AAgir => "à vous d'agir (voir le dossier)",
        _ => state(s),
    }
}

/// The heading of an agenda section (CLI and TUI).
pub fn agenda_section(s: Section) -> &'static str {
    match s {
        Section::EnRetard => "En retard (l'administration n'a pas répondu à temps)",
        Section::AVous => "À vous d'agir",
        Section::AVenir => "À venir (réponses attendues)",
        Section::Brouillons => "Brouillons non envoyés",
        Section::ArNonNote => "AR non noté (envoyé il y a plus de 10 jours)",
        Section::SansSuite => "Sans prochaine étape : à vous de décider",
    }
}

/// `acces echeances`: every section, in order; with `only_late`, the administration's delays
/// and the person's passed deadlines only.
pub fn agenda(
    a: &Agenda,
    persons: &HashMap<PersonId, PersonHead>,
    cat: &Catalogue,
    today: NaiveDate,
    days: Option<u32>,
    only_late: bool,
) -> String {
    let mut s = format!("Échéances au {}\n", date(today));
    for section in Section::ALL {
        if only_late && !matches!(section, Section::EnRetard | Section::AVous) {
            continue;
        }
        let items = a.section(section);
        let mut heading = agenda_section(section).to_string();
        if let (Section::AVenir, Some(n)) = (section, days) {
            let _ = write!(heading, ", dans les {n} prochains jours");
        }
        let _ = writeln!(s, "\n{heading} :");
        if items.is_empty() {
            s.push_str("  (aucun)\n");
        }
        for i in items {
            let _ = writeln!(s, "{}", agenda_item(i, persons, cat));
        }
    }
    s
}

pub fn ics_summary(kind: DeadlineKind, case: i64) -> String {
    match kind {
        DeadlineKind::Reply => format!("acces : réponse attendue (dossier {case})"),
        DeadlineKind::Step => format!("acces : dernier jour pour agir (dossier {case})"),
    }
}

pub fn ics_description(kind: DeadlineKind, estimated: bool) -> String {
    let mut s = match kind {
        DeadlineKind::Reply => {
            "Le destinataire doit avoir répondu au plus tard ce jour. Voir : acces dossier voir."
                .to_string()
        }
        DeadlineKind::Step => {
            "Dernier jour conseillé pour la démarche suivante. Voir : acces dossier voir."
                .to_string()
        }
    };
    if estimated {
        s.push_str(" Date estimée (réception non confirmée).");
    }
    s
}

pub fn ics_summary_details(
    kind: DeadlineKind,
    case: i64,
    code: &str,
    who: Option<&str>,
    step: &str,
) -> String {
    let who = who.map(|w| format!(" — {w}")).unwrap_or_default();
    match kind {
        DeadlineKind::Reply => format!("{code}{who} : réponse attendue (dossier {case})"),
        DeadlineKind::Step => format!("{code}{who} : {step} (dossier {case})"),
    }
}

pub fn ics_description_details(kind: DeadlineKind, due: &DueDate, step: &str) -> String {
    let mut s = ics_description(kind, due.estimated);
    if kind == DeadlineKind::Step && !step.is_empty() {
        s = format!("{step}. {s}");
    }
    for line in super::law::explanation(due) {
        s.push('\n');
        s.push_str(&line);
    }
    s
}
