//! Checks of what people type: dates, postal codes, e-mail addresses, départements.
//! Each returns the cleaned value or a French message meant to be shown next to the field.

use chrono::NaiveDate;

use crate::person::Person;
use crate::texts::validate as t;

/// A date typed as YYYY-MM-DD or JJ/MM/AAAA.
pub fn date(input: &str) -> Result<NaiveDate, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err(t::DATE_EMPTY.into());
    }
    let parsed = if s.contains('/') {
        NaiveDate::parse_from_str(s, "%d/%m/%Y")
    } else {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
    };
    match parsed {
        Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Ok(d),
        Ok(_) => Err(t::date_out_of_range(s)),
        Err(_) => Err(t::date_invalid(s)),
    }
}

/// A date that has happened: what was sent, received or decided cannot be dated after
/// `today`. The one rule for dates of past events; each face decides where it applies.
pub fn past_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    match date(input)? {
        d if d > today => Err(t::DATE_IN_FUTURE.into()),
        d => Ok(d),
    }
}

/// A French postal code: five digits.
pub fn postal_code(input: &str) -> Result<String, String> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() == 5 && s.chars().all(|c| c.is_ascii_digit()) {
        Ok(s)
    } else {
        Err(t::postal_code_invalid(input.trim()))
    }
}

/// An e-mail address: one @, a non-empty local part, a domain with a dot, no spaces.
pub fn email(input: &str) -> Result<String, String> {
    let s = input.trim();
    let ok = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        }
        None => false,
    };
    if ok {
        Ok(s.to_string())
    } else {
        Err(t::email_invalid(s))
    }
}

/// A département number: 01–95 (with 2A/2B), or 971–976.
pub fn departement(input: &str) -> Result<String, String> {
    let s = input.trim().to_uppercase();
    let valid = match s.as_str() {
        "2A" | "2B" => true,
        _ if s.len() == 2 && s.chars().all(|c| c.is_ascii_digit()) => {
            matches!(s.parse::<u32>(), Ok(n) if (1..=95).contains(&n) && n != 20)
        }
        _ if s.len() == 3 => matches!(s.parse::<u32>(), Ok(971..=976)),
        _ => false,
    };
    if valid {
        Ok(s)
    } else {
        Err(t::departement_invalid(input.trim()))
    }
}

/// A required free-text field.
pub fn required(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        Err(t::REQUIRED.into())
    } else {
        Ok(s.to_string())
    }
}

/// A date of birth: not in the future, and of a living person (at most 130 years ago).
pub fn birth_date(d: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    if d > today {
        return Err(t::BIRTH_IN_FUTURE.into());
    }
    match today.checked_sub_months(chrono::Months::new(130 * 12)) {
        Some(oldest) if d < oldest => Err(t::BIRTH_TOO_OLD.into()),
        _ => Ok(d),
    }
}

/// The dates of an event against the case's history, on `today` (the CLI and the TUI both
/// call this before recording): a sending, a receipt, a reply or a reminder cannot be in the
/// future; a receipt and a reply cannot come before the (first) sending; a reminder cannot
/// come before it either.
pub fn event_date(
    history: &crate::cases::CaseHistory,
    event: &crate::cases::NewEvent,
    today: NaiveDate,
) -> Result<(), String> {
    use crate::cases::EventKind;
    let happened = matches!(
        event.kind,
        EventKind::Envoye { .. }
            | EventKind::Recu
            | EventKind::Reponse { .. }
            | EventKind::Relance { .. }
    );
    if happened && event.date > today {
        return Err(t::event_in_future(event.date));
    }
    let first_sent = history
        .standing()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Envoye { .. }))
        .map(|e| e.date)
        .min();
    // A first sending cannot come after what answers it.
    if first_sent.is_none()
        && matches!(event.kind, EventKind::Envoye { .. })
        && let Some(after) = history
            .standing()
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Recu | EventKind::Reponse { .. }))
            .map(|e| e.date)
            .min()
        && event.date > after
    {
        return Err(t::sending_after_answer(event.date, after));
    }
    if let Some(sent) = first_sent
        && event.date < sent
    {
        match event.kind {
            EventKind::Recu => return Err(t::receipt_before_sending(event.date, sent)),
            EventKind::Reponse { .. } => return Err(t::reply_before_sending(event.date, sent)),
            EventKind::Relance { .. } => return Err(t::reminder_before_sending(event.date, sent)),
            _ => {}
        }
    }
    Ok(())
}

/// An event about to be recorded on a case, by the CLI or the TUI: the date rules
/// ([`event_date`]) and, for « renonce », that the case's route offers that step.
pub fn new_event(
    history: &crate::cases::CaseHistory,
    event: &crate::cases::NewEvent,
    entry: Option<&crate::catalogue::Entry>,
    today: NaiveDate,
) -> Result<(), String> {
    event_date(history, event, today)?;
    if let crate::cases::EventKind::Renonce { demarche } = &event.kind {
        let next: Vec<String> = entry
            .and_then(|e| e.route(&history.case.demarche))
            .map(|r| r.next.clone())
            .unwrap_or_default();
        if !next.contains(demarche) {
            return Err(crate::texts::cases::not_a_next_route(
                demarche,
                history.case.id,
                &next,
            ));
        }
    }
    Ok(())
}

/// The longest one-line value (a name, an address line, a town, a reference, a field of a
/// letter): 300 characters.
pub const MAX_LINE: usize = 300;
/// The longest free text (a note, a letter field on several lines): 20,000 characters.
pub const MAX_TEXT: usize = 20_000;

/// A one-line value: at most [`MAX_LINE`] characters, no line break or other control
/// character (they would break a letter's layout, an e-mail header or the terminal).
pub fn line(input: &str) -> Result<(), String> {
    if input.chars().count() > MAX_LINE {
        return Err(t::too_long(MAX_LINE));
    }
    if input.contains(char::is_control) {
        return Err(t::CONTROL_CHARACTERS.into());
    }
    Ok(())
}

/// A free text: at most [`MAX_TEXT`] characters; line breaks and tabs allowed, no other
/// control character.
pub fn text(input: &str) -> Result<(), String> {
    if input.chars().count() > MAX_TEXT {
        return Err(t::too_long(MAX_TEXT));
    }
    if input.contains(|c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(t::CONTROL_CHARACTERS.into());
    }
    Ok(())
}

/// A recipient kept for a case (address lines separated by line breaks): a free text.
pub fn recipient(input: &str) -> Result<(), String> {
    if input.trim().is_empty() {
        return Err(t::EMPTY_RECIPIENT.into());
    }
    text(input)
}

/// What is wrong in a person's profile: one (field, French message) pair per field, the
/// field named as in the person file (`code_postal`, `representant.email`…). Both faces
/// check a person with this one function: the CLI prints `field : message`, the form puts
/// each message next to its field.
pub fn person(p: &Person) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut check = |field: &'static str, res: Result<String, String>| {
        if let Err(e) = res {
            out.push((field, e));
        }
    };
    check("nom", required(&p.nom));
    check("prenoms", required(&p.prenoms));
    check("commune", required(&p.commune));
    check("code_postal", postal_code(&p.code_postal));
    if p.adresse.iter().all(|l| l.trim().is_empty()) {
        check("adresse", required(""));
    }
    if let Some(e) = &p.email {
        check("email", email(e));
    }
    if let Some(d) = &p.departement {
        check("departement", departement(d));
    }
    if let Some(d) = p.date_naissance {
        check(
            "date_naissance",
            date(&d.to_string())
                .and_then(|d| birth_date(d, chrono::Local::now().date_naive()))
                .map(|_| String::new()),
        );
    }
    if let Some(r) = &p.representant {
        check("representant.nom", required(&r.nom));
        if let Some(e) = &r.email {
            check("representant.email", email(e));
        }
    }
    let mut lines: Vec<(&'static str, &str)> = vec![
        ("nom", p.nom.as_str()),
        ("prenoms", p.prenoms.as_str()),
        ("code_postal", p.code_postal.as_str()),
        ("commune", p.commune.as_str()),
    ];
    for (field, v) in [
        ("civilite", &p.civilite),
        ("nom_naissance", &p.nom_naissance),
        ("lieu_naissance", &p.lieu_naissance),
        ("email", &p.email),
        ("telephone", &p.telephone),
        ("departement", &p.departement),
        ("identifiants.caf", &p.identifiants.caf),
        (
            "identifiants.france_travail",
            &p.identifiants.france_travail,
        ),
    ] {
        if let Some(v) = v {
            lines.push((field, v.as_str()));
        }
    }
    for l in &p.adresse {
        lines.push(("adresse", l.as_str()));
    }
    if let Some(r) = &p.representant {
        lines.push(("representant.nom", r.nom.as_str()));
        for (field, v) in [
            ("representant.qualite", &r.qualite),
            ("representant.email", &r.email),
        ] {
            if let Some(v) = v {
                lines.push((field, v.as_str()));
            }
        }
        for l in &r.adresse {
            lines.push(("representant.adresse", l.as_str()));
        }
    }
    if p.adresse.len() > 10 {
        check("adresse", Err(t::too_many_lines(10)));
    }
    for (field, v) in lines {
        check(field, line(v).map(|()| String::new()));
    }
    out
}

/// The same problems as [`person`], one French line per field (`field : problem`), for
/// the CLI and the snapshot checks.
pub fn person_problems(p: &Person) -> Vec<String> {
    person(p)
        .into_iter()
        .map(|(field, e)| format!("{field} : {e}"))
        .collect()
}

/// Whether the catalogue knows a file code and one of its routes.
pub type KnownRoute<'a> = dyn Fn(&str, &str) -> bool + 'a;

/// What is wrong in a snapshot (an import or a backup), one French line per problem: every
/// person, case and event is checked with the functions the CLI and the TUI use when they
/// are typed — the person's fields, the event rules (nothing after « clos », a reason to
/// close, no escalation without its next case), dates, lengths, catalogue codes and
/// routes (when `known_route` is given), positive ids, and follow-ups without cycles.
pub fn snapshot_problems(
    snap: &crate::cases::Snapshot,
    known_route: Option<&KnownRoute<'_>>,
) -> Vec<String> {
    use crate::cases::{CaseHistory, EventKind, NewEvent, check_new_event};
    use std::collections::HashMap;
    const MAX_PROBLEMS: usize = 20;
    let mut out = Vec::new();
    let day_ok = |d: NaiveDate| date(&d.format("%Y-%m-%d").to_string()).is_ok();
    for p in &snap.personnes {
        if p.id <= 0 {
            out.push(t::snapshot_bad_id("personne", p.id));
        }
        if let Some(maj) = &p.maj
            && chrono::DateTime::parse_from_rfc3339(maj).is_err()
        {
            out.push(t::snapshot_person(
                p.id,
                &format!("maj : {}", t::BAD_TIMESTAMP),
            ));
        }
        for prob in person_problems(&p.personne) {
            out.push(t::snapshot_person(p.id, &prob));
        }
    }
    let mut cases: HashMap<i64, &crate::cases::Case> = HashMap::new();
    for c in &snap.dossiers {
        if c.id <= 0 {
            out.push(t::snapshot_bad_id("dossier", c.id));
        }
        cases.insert(c.id, c);
        if !day_ok(c.ouvert) {
            out.push(t::snapshot_case(
                c.id,
                &t::date_out_of_range(&c.ouvert.to_string()),
            ));
        }
        for (field, v) in [("fichier", &c.fichier), ("demarche", &c.demarche)] {
            if let Err(e) = required(v).and_then(|v| line(&v).map(|()| v)) {
                out.push(t::snapshot_case(c.id, &format!("{field} : {e}")));
            }
        }
        for r in &c.references {
            if let Err(e) = line(r) {
                out.push(t::snapshot_case(c.id, &format!("references : {e}")));
            }
        }
        if let Some(Err(e)) = c.destinataire.as_deref().map(recipient) {
            out.push(t::snapshot_case(c.id, &format!("destinataire : {e}")));
        }
        if let Some(known) = known_route
            && !known(&c.fichier, &c.demarche)
        {
            out.push(t::snapshot_case(
                c.id,
                &t::unknown_code(&c.fichier, &c.demarche),
            ));
        }
    }
    // Identities: one thing each.
    let mut uids = std::collections::HashSet::new();
    let all = (snap.personnes.iter().map(|p| p.uid))
        .chain(snap.dossiers.iter().map(|c| c.uid))
        .chain(snap.evenements.iter().map(|e| e.uid));
    for uid in all.flatten() {
        if !uids.insert(uid) {
            out.push(t::duplicate_uid(&uid.to_string()));
        }
    }
    // Follow-ups: each chain must end (no case is, through its earlier cases, its own).
    for c in &snap.dossiers {
        let mut seen = 0;
        let mut at = c.suite_de;
        while let Some(p) = at {
            seen += 1;
            if p == c.id || seen > snap.dossiers.len() {
                out.push(t::snapshot_case(c.id, t::FOLLOW_UP_CYCLE));
                break;
            }
            at = cases.get(&p).and_then(|x| x.suite_de);
        }
    }
    // Events, replayed case by case in their order, through the rule used when they are
    // recorded one by one.
    let mut histories: HashMap<i64, CaseHistory> = HashMap::new();
    let mut events: Vec<&crate::cases::Event> = snap.evenements.iter().collect();
    events.sort_by_key(|e| e.id);
    for e in events {
        if e.id <= 0 {
            out.push(t::snapshot_bad_id("événement", e.id));
        }
        if !day_ok(e.date) {
            out.push(t::snapshot_event(
                e.id,
                &t::date_out_of_range(&e.date.to_string()),
            ));
        }
        if let Some(txt) = &e.texte
            && let Err(err) = text(txt)
        {
            out.push(t::snapshot_event(e.id, &err));
        }
        if let EventKind::Envoye {
            recommande: Some(r),
            ..
        } = &e.kind
            && let Err(err) = line(r)
        {
            out.push(t::snapshot_event(e.id, &err));
        }
        let Some(case) = cases.get(&e.dossier) else {
            continue; // reported by the store's link check
        };
        let h = histories.entry(e.dossier).or_insert_with(|| CaseHistory {
            case: (*case).clone(),
            events: Vec::new(),
        });
        let as_new = NewEvent {
            date: e.date,
            // An escalation is recorded by opening the next case: here it is checked as
            // such (it must name a case that follows this one).
            kind: match e.kind {
                EventKind::Escalade { .. } => EventKind::Note,
                ref k => k.clone(),
            },
            texte: e.texte.clone(),
        };
        if let Err(problem) = check_new_event(h, &as_new) {
            out.push(t::snapshot_event(e.id, &t::event_rule(&problem)));
        }
        if let EventKind::Escalade { dossier, .. } = e.kind
            && cases
                .get(&dossier)
                .is_some_and(|n| n.suite_de != Some(e.dossier))
        {
            out.push(t::snapshot_event(e.id, t::ESCALATION_WITHOUT_FOLLOW_UP));
        }
        h.events.push(e.clone());
        if out.len() > MAX_PROBLEMS {
            break;
        }
    }
    out.truncate(MAX_PROBLEMS);
    out
}

/// Fields of a snapshot that its types do not know (they would be dropped silently): a key
/// of the file that is not in the re-serialised value, unless it holds nothing (null, empty
/// list or object, false, empty text). Returned as « dossiers[2].champ » paths.
pub fn unknown_fields(raw: &serde_json::Value, snap: &crate::cases::Snapshot) -> Vec<String> {
    use serde_json::Value;
    fn empty(v: &Value) -> bool {
        match v {
            Value::Null | Value::Bool(false) => true,
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            Value::String(s) => s.is_empty(),
            _ => false,
        }
    }
    fn walk(raw: &Value, known: &Value, path: &str, out: &mut Vec<String>) {
        match (raw, known) {
            (Value::Object(r), Value::Object(k)) => {
                for (key, v) in r {
                    let here = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    match k.get(key) {
                        Some(kv) => walk(v, kv, &here, out),
                        None if empty(v) => {}
                        None => out.push(here),
                    }
                }
            }
            (Value::Array(r), Value::Array(k)) => {
                for (i, (rv, kv)) in r.iter().zip(k).enumerate() {
                    walk(rv, kv, &format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    let Ok(known) = serde_json::to_value(snap) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(raw, &known, "", &mut out);
    out.truncate(20);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms_and_invalid_ones() {
        assert_eq!(
            date("2026-03-15"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap())
        );
        assert_eq!(
            date("15/03/2026"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap())
        );
        assert!(date("2026-02-30").unwrap_err().contains("n'existe pas"));
        assert!(date("").is_err());
        assert!(date("1850-01-01").is_err());
    }

    #[test]
    fn past_dates_stop_after_today() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        assert_eq!(past_date("2026-03-15", today), Ok(today));
        assert_eq!(
            past_date("14/03/2026", today),
            Ok(today.pred_opt().unwrap())
        );
        assert_eq!(
            past_date("2026-03-16", today),
            Err(t::DATE_IN_FUTURE.to_string())
        );
        assert_eq!(past_date("", today), Err(t::DATE_EMPTY.to_string()));
    }

    #[test]
    fn birth_dates_are_past_and_plausible() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let d = |y, m, j| NaiveDate::from_ymd_opt(y, m, j).unwrap();
        assert_eq!(birth_date(d(1990, 5, 1), today), Ok(d(1990, 5, 1)));
        assert_eq!(birth_date(today, today), Ok(today));
        assert!(
            birth_date(d(2026, 11, 30), today)
                .unwrap_err()
                .contains("futur")
        );
        assert!(birth_date(d(1890, 1, 1), today).is_err());
    }

    #[test]
    fn event_dates_against_the_history() {
        use crate::cases::{Case, CaseHistory, Channel, Event, EventKind, NewEvent, Outcome};
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let today = d("2026-11-29");
        let mut h = CaseHistory {
            case: Case {
                uid: None,
                destinataire: None,
                id: 1,
                personne: 1,
                fichier: "TAJ".into(),
                demarche: "acces".into(),
                canal: None,
                references: vec![],
                suite_de: None,
                ouvert: d("2026-09-01"),
            },
            events: vec![],
        };
        let ev = |date: &str, kind: EventKind| NewEvent {
            date: d(date),
            kind,
            texte: None,
        };
        let sent = EventKind::Envoye {
            canal: Some(Channel::Lrar),
            recommande: None,
        };
        assert!(event_date(&h, &ev("2026-11-30", sent.clone()), today).is_err());
        // A first sending after a receipt already noted (a correction of the sending).
        let mut answered = h.clone();
        answered.events.push(Event {
            uid: None,
            id: 9,
            dossier: 1,
            date: d("2026-09-10"),
            kind: EventKind::Recu,
            texte: None,
            enregistre: String::new(),
        });
        assert!(event_date(&answered, &ev("2026-09-20", sent.clone()), today).is_err());
        assert!(event_date(&answered, &ev("2026-09-08", sent.clone()), today).is_ok());
        assert!(event_date(&h, &ev("2026-11-29", sent.clone()), today).is_ok());
        // A draft or a note may be dated later (a planned sending is not recorded).
        assert!(event_date(&h, &ev("2026-12-05", EventKind::Note), today).is_ok());
        h.events.push(Event {
            uid: None,
            id: 1,
            dossier: 1,
            date: d("2026-09-01"),
            kind: sent,
            texte: None,
            enregistre: String::new(),
        });
        let e = event_date(&h, &ev("2026-08-30", EventKind::Recu), today).unwrap_err();
        assert!(e.contains("01/09/2026"), "{e}");
        let reply = EventKind::Reponse {
            issue: Outcome::Refus,
        };
        assert!(event_date(&h, &ev("2026-08-31", reply.clone()), today).is_err());
        assert!(event_date(&h, &ev("2026-09-01", reply.clone()), today).is_ok());
        assert!(event_date(&h, &ev("2026-12-01", reply), today).is_err());
        assert!(event_date(&h, &ev("2026-09-03", EventKind::Recu), today).is_ok());
    }

    #[test]
    fn postal_codes() {
        assert_eq!(postal_code("75 008"), Ok("75008".into()));
        assert!(postal_code("7500").is_err());
        assert!(postal_code("7500A").is_err());
    }

    #[test]
    fn emails() {
        assert!(email("camille@exemple.fr").is_ok());
        assert!(email("camille@exemple").is_err());
        assert!(email("camille exemple.fr").is_err());
        assert!(email("a@b@c.fr").is_err());
    }

    #[test]
    fn departements() {
        for ok in ["75", "01", "2A", "2b", "974", "57"] {
            assert!(departement(ok).is_ok(), "{ok}");
        }
        for bad in ["20", "00", "96", "977", "7", "abc"] {
            assert!(departement(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn person_problems_name_the_field() {
        let p = Person {
            nom: "Martin".into(),
            prenoms: "Camille".into(),
            adresse: vec!["1 rue X".into()],
            code_postal: "7500".into(),
            commune: "Paris".into(),
            email: Some("pas-un-email".into()),
            ..Person::default()
        };
        let probs = person(&p);
        let fields: Vec<&str> = probs.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["code_postal", "email"], "{probs:?}");
        assert_eq!(probs[0].1, t::postal_code_invalid("7500"));
    }
}
