//! How deadlines were counted, in French: holidays, moves, franc days, estimates, errors.
//! `law` returns the steps as values ([`Step`]); this file words them, and writes the JSON
//! of a due date and of a day off, which carry that wording.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde::ser::SerializeStruct;

use super::dates::{date_fr, date_fr_long, day_month_fr_long, month_fr};
use super::labels::length as length_fr;
use crate::catalogue::{Party, Unit};
use crate::law::calendar::{DayOff, DayOffReason, Holiday, Region};
use crate::law::deadline::{AppliedExtension, DueDate, LawError, MAX_DAYS, MAX_MONTHS, Step};

/// How a due date was counted, in French, one sentence a line.
pub fn explanation(due: &DueDate) -> Vec<String> {
    due.steps().iter().map(sentence).collect()
}

/// One step of the count, in French.
pub fn sentence(step: &Step) -> String {
    match step {
        Step::EstimatedStart {
            sent,
            start,
            working_days,
        } => estimated_start(*sent, *start, *working_days),
        Step::StartNotCounted(start) => start_not_counted(*start),
        Step::Extension {
            length,
            unit,
            extra,
            extra_unit,
            condition,
        } => extension_applied(*length, *unit, *extra, *extra_unit, condition),
        Step::Counted {
            start,
            length,
            unit,
            end,
        } => counted(*start, *length, *unit, *end),
        Step::CountedMixed {
            start,
            length,
            unit,
            extra,
            extra_unit,
            end,
        } => counted_mixed(*start, *length, *unit, *extra, *extra_unit, *end),
        Step::MonthTooShort { day, end } => month_too_short(*day, *end),
        Step::FrancDay(last) => franc_day(*last),
        Step::Moved { last, to, skipped } => moved(*last, *to, skipped),
        Step::AlsaceMoselle => alsace_moselle().to_string(),
        Step::AdministrationDue { legal, naive } => administration_due(*legal, *naive),
        Step::PersonDue { safe, legal } => person_due(*safe, *legal),
        Step::SafeDateOff { reason, before } => safe_date_off(*reason, *before),
        Step::EstimatedDates => estimated_dates().to_string(),
    }
}

/// Why a deadline cannot be computed, in French.
pub fn error(e: &LawError) -> String {
    match e {
        LawError::ZeroLength => zero_length(),
        LawError::TooLong { length, unit } => too_long(*length, *unit),
        LawError::DateOverflow => date_overflow(),
    }
}

impl fmt::Display for LawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&error(self))
    }
}

impl std::error::Error for LawError {}

/// The JSON form of a [`DueDate`]: its fields, then `explanation` (how it was counted, in
/// French, one sentence a line), built when serialized. The JSON of a due date carries
/// French, so it is written where the words are.
#[derive(Serialize)]
struct DueDateJson<'a> {
    start: NaiveDate,
    length: u32,
    unit: Unit,
    extension: &'a Option<AppliedExtension>,
    naive: NaiveDate,
    legal: NaiveDate,
    safe: NaiveDate,
    party: Party,
    franc: bool,
    estimated: bool,
    region: Region,
    moved_because: &'a [DayOff],
    explanation: Vec<String>,
}

impl Serialize for DueDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DueDateJson {
            start: self.start,
            length: self.length,
            unit: self.unit,
            extension: &self.extension,
            naive: self.naive,
            legal: self.legal,
            safe: self.safe,
            party: self.party,
            franc: self.franc,
            estimated: self.estimated,
            region: self.region,
            moved_because: &self.moved_because,
            explanation: explanation(self),
        }
        .serialize(serializer)
    }
}

/// `{"date": "2027-05-15", "reason": "saturday" | "sunday" | "holiday",
/// "holiday": "easter-monday" | null, "text": "un samedi"}`.
impl Serialize for DayOff {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (reason, holiday) = match self.reason {
            DayOffReason::Saturday => ("saturday", None),
            DayOffReason::Sunday => ("sunday", None),
            DayOffReason::Holiday(h) => ("holiday", Some(h)),
        };
        let mut st = s.serialize_struct("DayOff", 4)?;
        st.serialize_field("date", &self.date)?;
        st.serialize_field("reason", reason)?;
        st.serialize_field("holiday", &holiday)?;
        st.serialize_field("text", &day_off(self.reason))?;
        st.end()
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::{compute, due_for_rule};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn admin(start: NaiveDate, n: u32, unit: Unit) -> DueDate {
        compute(
            start,
            n,
            unit,
            false,
            Party::Administration,
            Region::General,
        )
        .unwrap()
    }

    fn person(start: NaiveDate, n: u32, unit: Unit) -> DueDate {
        compute(start, n, unit, false, Party::Person, Region::General).unwrap()
    }

    #[test]
    fn a_month_too_short() {
        let common = admin(d(2027, 1, 31), 1, Unit::Months);
        assert!(
            explanation(&common).contains(
                &"Le 31 février n'existe pas : le délai finit le dernier jour du mois, le 28 \
                  février 2027."
                    .to_string()
            ),
            "{:?}",
            explanation(&common)
        );
    }

    #[test]
    fn a_person_is_told_to_act_before_a_day_off() {
        let p = person(d(2026, 9, 29), 2, Unit::Months);
        assert_eq!(
            explanation(&p).last().unwrap(),
            "Ce jour est un dimanche : postes et greffes peuvent être fermés, agissez de \
             préférence au plus tard le vendredi 27 novembre 2026."
        );
        let monday = person(d(2026, 9, 30), 2, Unit::Months);
        assert!(
            !explanation(&monday)
                .iter()
                .any(|l| l.contains("de préférence"))
        );
    }

    #[test]
    fn the_moved_sentence() {
        // 15 May 2021 was a Saturday.
        let due = admin(d(2021, 3, 15), 2, Unit::Months);
        assert!(explanation(&due).contains(
            &"15 mai 2021 tombe un samedi : reporté au lundi 17 mai, jour ouvré suivant.".into()
        ));
        // In 2027, Monday 17 May is Whit Monday: the deadline goes to Tuesday 18.
        let due = admin(d(2027, 3, 15), 2, Unit::Months);
        assert!(
            explanation(&due).contains(
                &"15 mai 2027 tombe un samedi ; le lundi 17 mai est férié (lundi de Pentecôte) : \
                  reporté au mardi 18 mai, jour ouvré suivant."
                    .into()
            ),
            "{:?}",
            explanation(&due)
        );
        // Across a year end, the year is written.
        let nye = admin(d(2022, 12, 21), 10, Unit::Days);
        assert!(
            explanation(&nye).contains(
                &"31 décembre 2022 tombe un samedi ; le dimanche 1er janvier est férié (jour de \
                  l'an) : reporté au lundi 2 janvier 2023, jour ouvré suivant."
                    .into()
            ),
            "{:?}",
            explanation(&nye)
        );
        // A holiday on a Sunday is named as the holiday.
        let toussaint = admin(d(2026, 10, 1), 1, Unit::Months);
        assert!(explanation(&toussaint).iter().any(|l| l
            == "1er novembre 2026 tombe un jour férié (Toussaint) : reporté au lundi 2 novembre, \
                jour ouvré suivant."));
    }

    #[test]
    fn franc_alsace_extension_and_estimates() {
        let thu = compute(
            d(2026, 1, 12),
            2,
            Unit::Months,
            true,
            Party::Administration,
            Region::General,
        )
        .unwrap();
        assert!(
            explanation(&thu)
                .contains(&"Délai franc : un jour de plus, soit le 13 mars 2026.".into())
        );
        let gf = compute(
            d(2026, 3, 3),
            1,
            Unit::Months,
            false,
            Party::Administration,
            Region::AlsaceMoselle,
        )
        .unwrap();
        assert!(
            explanation(&gf)
                .iter()
                .any(|l| l.contains("Alsace-Moselle"))
        );
        let ext = Step::Extension {
            length: 1,
            unit: Unit::Months,
            extra: 2,
            extra_unit: Unit::Months,
            condition: "notifiée dans le premier mois".into(),
        };
        assert_eq!(
            sentence(&ext),
            "Prolongation notifiée : 2 mois de plus, soit 3 mois au total (condition : notifiée \
             dans le premier mois)."
        );
        let rule = crate::catalogue::DeadlineRule {
            length: 1,
            unit: Unit::Months,
            from: crate::catalogue::CountedFrom::Receipt,
            party: Party::Administration,
            silence: crate::catalogue::Silence::Nothing,
            franc: false,
            extension: None,
            basis: "RGPD art. 12(3)".into(),
            source_url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj".into(),
            copy_url: None,
            confidence: crate::catalogue::Confidence::High,
            note: None,
            checked: None,
        };
        let due = due_for_rule(&rule, d(2026, 12, 1), false, true, Region::General).unwrap();
        let lines = explanation(&due);
        assert!(lines[0].contains("envoi + 2 jours ouvrés"), "{lines:?}");
        assert!(lines.last().unwrap().contains("estimées"));
    }

    #[test]
    fn errors_are_french() {
        assert!(LawError::ZeroLength.to_string().contains("au moins 1 jour"));
        let months = LawError::TooLong {
            length: 121,
            unit: Unit::Months,
        };
        assert!(months.to_string().contains("121 mois est trop long"));
        let days = LawError::TooLong {
            length: 3651,
            unit: Unit::Days,
        };
        assert!(days.to_string().contains("3651 jours est trop long"));
        assert!(LawError::DateOverflow.to_string().contains("calendrier"));
        assert_eq!(error(&LawError::DateOverflow), date_overflow());
    }

    #[test]
    fn holiday_names() {
        let names: Vec<_> = crate::law::holidays(2027, Region::General)
            .into_iter()
            .map(|(_, h)| holiday_name(h))
            .collect();
        assert_eq!(
            names,
            [
                "jour de l'an",
                "lundi de Pâques",
                "fête du Travail",
                "Ascension",
                "Victoire 1945",
                "lundi de Pentecôte",
                "fête nationale",
                "Assomption",
                "Toussaint",
                "Armistice 1918",
                "Noël",
            ]
        );
        assert_eq!(holiday_name(Holiday::SaintStephen), "Saint-Étienne");
    }

    #[test]
    fn serialized_due_date_has_the_stable_fields() {
        let due = admin(d(2021, 3, 15), 2, Unit::Months);
        let v = serde_json::to_value(&due).unwrap();
        assert_eq!(v["legal"], "2021-05-17");
        assert_eq!(v["safe"], "2021-05-15");
        assert_eq!(v["naive"], "2021-05-15");
        assert_eq!(v["party"], "administration");
        assert_eq!(v["region"], "general");
        assert_eq!(v["moved_because"][0]["reason"], "saturday");
        assert_eq!(v["moved_because"][1]["reason"], "sunday");
        assert_eq!(
            v["explanation"],
            serde_json::to_value(explanation(&due)).unwrap()
        );
        assert!(v["explanation"].as_array().unwrap().len() >= 3);
    }

    #[test]
    fn day_off_serializes_with_a_stable_shape() {
        let r = Region::General;
        let off = crate::law::day_off(d(2027, 3, 29), r).unwrap();
        assert_eq!(
            serde_json::to_value(off).unwrap(),
            serde_json::json!({
                "date": "2027-03-29",
                "reason": "holiday",
                "holiday": "easter-monday",
                "text": "un jour férié (lundi de Pâques)"
            })
        );
        let sat = crate::law::day_off(d(2027, 5, 15), r).unwrap();
        assert_eq!(
            serde_json::to_value(sat).unwrap(),
            serde_json::json!({"date": "2027-05-15", "reason": "saturday", "holiday": null, "text": "un samedi"})
        );
    }
}
