//! How deadlines were counted, in French: holidays, moves, franc days, estimates, errors.

use chrono::{Datelike, NaiveDate};

use super::dates::{date_fr, date_fr_long, day_month_fr_long, month_fr};
use super::labels::length as length_fr;
use crate::catalogue::Unit;
use crate::law::calendar::{DayOff, DayOffReason, Holiday};
use crate::law::deadline::{MAX_DAYS, MAX_MONTHS};

pub fn holiday_name(h: Holiday) -> &'static str {
    match h {
        Holiday::NewYear => "jour de l'an",
        Holiday::GoodFriday => "Vendredi saint",
        Holiday::EasterMonday => "lundi de Pâques",
        Holiday::LabourDay => "fête du Travail",
        Holiday::VictoryDay => "Victoire 1945",
        Holiday::Ascension => "Ascension",
        Holiday::WhitMonday => "lundi de Pentecôte",
        Holiday::BastilleDay => "fête nationale",
        Holiday::Assumption => "Assomption",
        Holiday::AllSaints => "Toussaint",
        Holiday::Armistice => "Armistice 1918",
        Holiday::Christmas => "Noël",
        Holiday::SaintStephen => "Saint-Étienne",
    }
}

/// « un samedi », « un dimanche », « un jour férié (lundi de Pâques) ».
pub fn day_off(reason: DayOffReason) -> String {
    match reason {
        DayOffReason::Saturday => "un samedi".into(),
        DayOffReason::Sunday => "un dimanche".into(),
        DayOffReason::Holiday(h) => format!("un jour férié ({})", holiday_name(h)),
    }
}

/// « samedi 15 mai 2027 : un samedi ».
pub fn skipped_day(off: &DayOff) -> String {
    format!("{} : {}", date_fr_long(off.date), day_off(off.reason))
}

pub fn zero_length() -> String {
    "Un délai dure au moins 1 jour ou 1 mois : la durée 0 n'a pas de sens.".into()
}

pub fn too_long(length: u32, unit: Unit) -> String {
    format!(
        "Un délai de {} est trop long : acces compte au plus {MAX_MONTHS} mois ou {MAX_DAYS} \
         jours. Vérifiez la durée.",
        length_fr(length, unit)
    )
}

pub fn date_overflow() -> String {
    "La date d'arrivée sort du calendrier que acces sait compter : vérifiez la date de départ."
        .into()
}

/// The start is an estimated receipt (from `sent` when known).
pub fn estimated_start(sent: Option<NaiveDate>, start: NaiveDate, working_days: u32) -> String {
    let sending = match sent {
        Some(sent) => format!("la date d'envoi ({})", date_fr(sent)),
        None => "la date d'envoi".to_string(),
    };
    format!(
        "Date de réception inconnue : elle est estimée à {sending} + {working_days} jours \
         ouvrés (délai habituel d'une lettre recommandée), soit le {}.",
        date_fr(start)
    )
}

pub fn estimated_dates() -> &'static str {
    "Toutes ces dates sont estimées : remplacez-les dès que vous connaissez la date de réception \
     (avis de réception de la lettre recommandée)."
}

pub fn start_not_counted(start: NaiveDate) -> String {
    format!(
        "Point de départ : {} (ce jour-là ne compte pas).",
        date_fr(start)
    )
}

pub fn extension_applied(
    length: u32,
    unit: Unit,
    extra: u32,
    extra_unit: Unit,
    condition: &str,
) -> String {
    let total = if unit == extra_unit {
        format!("{} au total", length_fr(length + extra, unit))
    } else {
        format!(
            "{} puis {}",
            length_fr(length, unit),
            length_fr(extra, extra_unit)
        )
    };
    format!(
        "Prolongation notifiée : {} de plus, soit {total} (condition : {condition}).",
        length_fr(extra, extra_unit)
    )
}

/// « 15 mars 2027 + 2 mois = 15 mai 2027 (de quantième à quantième). »
pub fn counted(start: NaiveDate, length: u32, unit: Unit, end: NaiveDate) -> String {
    let how = match unit {
        Unit::Months => "de quantième à quantième",
        Unit::Days => "jours calendaires",
    };
    format!(
        "{} + {} = {} ({how}).",
        date_fr(start),
        length_fr(length, unit),
        date_fr(end)
    )
}

/// A period in months and an extension in days (or the reverse): months first.
pub fn counted_mixed(
    start: NaiveDate,
    length: u32,
    unit: Unit,
    extra: u32,
    extra_unit: Unit,
    end: NaiveDate,
) -> String {
    let (first, second) = if unit == Unit::Months {
        (length_fr(length, unit), length_fr(extra, extra_unit))
    } else {
        (length_fr(extra, extra_unit), length_fr(length, unit))
    };
    format!(
        "{} + {first} + {second} = {} (les mois d'abord, de quantième à quantième, puis les \
         jours).",
        date_fr(start),
        date_fr(end)
    )
}

/// The target month has no such day.
pub fn month_too_short(wanted_day: u32, end: NaiveDate) -> String {
    format!(
        "Le {wanted_day} {} n'existe pas : le délai finit le dernier jour du mois, le {}.",
        month_fr(end.month()),
        date_fr(end)
    )
}

pub fn franc_day(last: NaiveDate) -> String {
    format!("Délai franc : un jour de plus, soit le {}.", date_fr(last))
}

/// « 15 mai 2027 tombe un samedi : reporté au lundi 17 mai. »
pub fn moved(last: NaiveDate, to: NaiveDate, skipped: &[DayOff]) -> String {
    let mut s = format!("{} tombe ", date_fr(last));
    match skipped.first() {
        Some(first) => s.push_str(&day_off(first.reason)),
        None => s.push_str("un jour non ouvré"),
    }
    for off in skipped.iter().skip(1) {
        if let DayOffReason::Holiday(h) = off.reason {
            s.push_str(&format!(
                " ; le {} est férié ({})",
                day_month_fr_long(off.date),
                holiday_name(h)
            ));
        }
    }
    let to_text = if to.year() == last.year() {
        day_month_fr_long(to)
    } else {
        date_fr_long(to)
    };
    s.push_str(&format!(" : reporté au {to_text}, jour ouvré suivant."));
    s
}

pub fn alsace_moselle() -> &'static str {
    "Calendrier d'Alsace-Moselle : le Vendredi saint et le 26 décembre sont aussi fériés."
}

/// The due date of a deadline the administration must meet.
pub fn administration_due(legal: NaiveDate, naive: NaiveDate) -> String {
    let mut s = format!(
        "Délai de l'administration : elle a jusqu'au {} inclus (date légale).",
        date_fr_long(legal)
    );
    if naive != legal {
        s.push_str(&format!(
            " Sans jour franc ni report, ce serait le {}.",
            date_fr(naive)
        ));
    }
    s
}

/// The due date of a deadline the person must meet.
pub fn person_due(safe: NaiveDate, legal: NaiveDate) -> String {
    if safe == legal {
        format!(
            "Délai à respecter par vous : agissez au plus tard le {}.",
            date_fr_long(safe)
        )
    } else {
        format!(
            "Délai à respecter par vous : agissez au plus tard le {} (date sûre, sans jour franc \
             ni report). La date légale est le {}, mais ne comptez pas sur ces jours de plus.",
            date_fr_long(safe),
            date_fr_long(legal)
        )
    }
}

/// A person's safe date on a day off: advise acting on the working day before.
pub fn safe_date_off(reason: DayOffReason, before: NaiveDate) -> String {
    format!(
        "Ce jour est {} : postes et greffes peuvent être fermés, agissez de préférence au plus \
         tard le {}.",
        day_off(reason),
        date_fr_long(before)
    )
}

// `acces delai` on the command line.

pub const CLI_BOTH_UNITS: &str =
    "Indiquez la durée soit en mois (--mois N), soit en jours (--jours N), pas les deux.";
pub const CLI_NO_UNIT: &str =
    "Indiquez la durée du délai : --mois N (1 à 120) ou --jours N (1 à 3650).";
pub const CLI_BOTH_STARTS: &str = "Indiquez soit la date de départ (--depuis AAAA-MM-JJ), soit la \
     date d'envoi (--envoi AAAA-MM-JJ), pas les deux.";
pub const CLI_NO_START: &str = "Indiquez la date de départ du délai : --depuis AAAA-MM-JJ (par \
     exemple la date de réception), ou --envoi AAAA-MM-JJ si vous ne connaissez que la date \
     d'envoi.";

pub fn cli_bad_party(value: &str) -> String {
    format!(
        "--pour : « {value} » n'est pas reconnu. Écrivez --pour administration (délai que \
         l'administration doit respecter) ou --pour personne (délai que vous devez respecter)."
    )
}

pub fn cli_bad_length(flag: &str, value: &str, unit: Unit) -> String {
    let max = match unit {
        Unit::Months => format!("{MAX_MONTHS}"),
        Unit::Days => format!("{MAX_DAYS}"),
    };
    format!("{flag} : « {value} » n'est pas une durée. Écrivez un nombre entier de 1 à {max}.")
}

/// A field message from `validate`, prefixed by the option it is about.
pub fn cli_option_error(flag: &str, message: &str) -> String {
    format!("{flag} : {message}")
}
