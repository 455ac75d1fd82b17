//! What the letter journey (`letters::journey`) tells the person, in the CLI and the TUI
//! alike: reminders refused, the deadline guard, what cannot be recorded.

use chrono::NaiveDate;

use super::dates::date_fr;
use super::letter_phrases::of_duration;
use crate::cases::status::Decision;
use crate::catalogue::Unit;
use crate::law::DueDate;

/// The text of the « brouillon » event recorded for a reminder letter.
pub const DRAFT_REMINDER_NOTE: &str = "lettre de relance";

pub const RECORD_CASE_CLOSED: &str = super::store::CASE_CLOSED;

pub const RECORD_SENT_IN_FUTURE: &str = super::tui::DATE_IN_FUTURE;

pub const REMINDER_NOT_SENT: &str =
    "Pas de relance possible : la demande n'est pas notée comme envoyée. Notez d'abord son envoi.";

pub const REMINDER_CLOSED: &str = "Pas de relance : ce dossier est clos.";

pub const REMINDER_NO_DEADLINE: &str = "Pas de relance pour cette démarche : les textes ne fixent pas de délai de réponse à son destinataire.";

pub fn reminder_answered(date: NaiveDate) -> String {
    format!(
        "Pas de relance : une réponse est notée au {}. Une relance sert quand le destinataire n'a pas répondu dans son délai ; rédigez plutôt la démarche suivante.",
        date_fr(date)
    )
}

/// A reminder asked for before the recipient's deadline has passed.
pub fn reminder_too_early(due: &DueDate) -> String {
    let last = due.due();
    let from = last.succ_opt().unwrap_or(last);
    let estimated = if due.estimated {
        " (date estimée : la réception de la demande n'est pas notée, elle est comptée deux jours ouvrés après l'envoi)"
    } else {
        ""
    };
    format!(
        "Trop tôt pour une relance : le destinataire a jusqu'au {}{estimated} pour répondre, et une relance ne peut pas dire que son délai est expiré avant cette date. Elle pourra être écrite à partir du {}.",
        date_fr(last),
        date_fr(from)
    )
}

/// Where the person's deadline counts from.
fn counted_from(decision: Decision, estimated: bool) -> String {
    let from = match decision {
        Decision::Express { date } => {
            format!("Compté à partir de la décision du {}", date_fr(date))
        }
        Decision::Implicit { born, .. } => format!(
            "Compté à partir du refus implicite né le {} du silence gardé sur la demande",
            date_fr(born)
        ),
    };
    if estimated {
        format!(
            "{from} ; date estimée, car la réception de la demande n'est pas notée : notez-la pour un calcul exact."
        )
    } else {
        format!("{from}.")
    }
}

/// The guard's lines for a dated deadline: the days left, or, past it, a plain warning and
/// what remains possible.
pub fn guard_dated(
    route_title: &str,
    due: &DueDate,
    decision: Decision,
    days_left: i64,
) -> Vec<String> {
    let last = date_fr(due.due());
    let from = counted_from(decision, due.estimated);
    if days_left < 0 {
        let late = -days_left;
        let days = if late == 1 { "jour" } else { "jours" };
        return vec![
            format!(
                "⚠ Délai probablement dépassé : cette démarche (« {route_title} ») devait être faite au plus tard le {last}, il y a {late} {days}. Envoyé maintenant, ce recours sera probablement déclaré irrecevable (tardif)."
            ),
            from,
            "Ce qui reste possible : faites vérifier votre situation par un avocat, une association ou un point-justice (aide juridictionnelle possible) ; un délai n'est pas toujours opposable (par exemple, pour une décision administrative qui n'indiquait pas les voies et délais de recours). Une nouvelle demande au premier destinataire obtient en principe une nouvelle décision, qui ouvre un nouveau délai (certains fichiers imposent d'attendre : voir leur fiche).".to_string(),
        ];
    }
    let left = match days_left {
        0 => "c'est aujourd'hui le dernier jour".to_string(),
        1 => "il reste 1 jour".to_string(),
        n => format!("il reste {n} jours"),
    };
    vec![
        format!("Délai pour cette démarche (« {route_title} ») : au plus tard le {last} — {left}."),
        from,
    ]
}

/// The guard when the decision's date is not known.
pub fn guard_undated(length: u32, unit: Unit) -> String {
    format!(
        "Cette démarche doit être faite dans un délai {} à compter de la décision contestée (ou du refus implicite né du silence) : vérifiez que vous êtes dans ce délai.",
        of_duration(length, unit)
    )
}
