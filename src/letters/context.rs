//! Builds the template context from the catalogue and the validated values, fills the
//! template and assembles the [`Letter`].

use serde_json::{Value, json};
use tera::Context;

use super::fields::{ALL_KEYS, FieldKind, FieldSource, Values};
use super::{Letter, LetterError, RenderOptions, Target, mandate, templates};
use crate::catalogue::{Authority, Confidence, Entry, Party, Regime, Route};
use crate::person::Person;
use crate::texts::dates::date_fr;
use crate::texts::letter_phrases as t;

fn text_or_empty(values: &Values, key: &str) -> String {
    values.text(key).unwrap_or("").to_string()
}

/// Every top-level variable the templates may read.
pub(super) const PROVIDED: &[&str] = &[
    "personne",
    "champs",
    "fichier",
    "demarche",
    "destinataire",
    "fondements",
    "delai",
    "precedente",
    "suites",
    "relance",
    "identifiant",
    "appel",
    "politesse",
    "documents",
    "envoi_postal",
    "pieces_jointes",
    "magistrat",
    "mandataire",
];

/// Free text the templates follow with their own full stop.
const ENDS_IN_TEMPLATE: &[&str] = &[
    "precisions",
    "decisions",
    "decision_judiciaire",
    "organisme_accreditation",
    "reference_procedure",
    "reference_reponse",
];

/// The letter for `person` on `target`, from the checked `values`: each block of the
/// template context is built by its own function below, then the template is filled and
/// the sender, recipient and closing are laid out.
pub(super) fn build(
    target: &Target<'_>,
    person: &Person,
    values: &Values,
    options: RenderOptions,
) -> Result<Letter, LetterError> {
    let entry = target.entry;
    let route = target.route;
    let recipient = target.recipient;

    let full_name = format!(
        "{} {}",
        text_or_empty(values, "prenoms"),
        text_or_empty(values, "nom")
    );
    let (appel, politesse) = t::salutation(&recipient.id);
    let (enclosures, conditional) = enclosures(target, person, values);

    let mut ctx = Context::new();
    ctx.insert("personne", &person_block(values, &full_name));
    ctx.insert("champs", &case_fields(values));
    ctx.insert("fichier", &file_block(entry));
    ctx.insert(
        "demarche",
        &json!({ "titre": route.title, "destinataire": recipient.name }),
    );
    ctx.insert(
        "destinataire",
        &json!({ "nom": recipient.name, "id": recipient.id }),
    );
    ctx.insert("fondements", &legal_bases(route));
    ctx.insert("delai", &deadline_block(route));
    ctx.insert("precedente", &previous_block(target));
    ctx.insert("suites", &next_routes(entry, route));
    ctx.insert("relance", &reminder_block(target));
    ctx.insert("identifiant", &identifier_block(recipient, values));
    ctx.insert("appel", appel);
    ctx.insert("politesse", politesse);
    ctx.insert("documents", &documents(target, values));
    ctx.insert("envoi_postal", &options.by_post);
    ctx.insert(
        "magistrat",
        &matches!(recipient.id.as_str(), "procureur" | "chambre-instruction"),
    );
    ctx.insert("pieces_jointes", &!enclosures.is_empty());
    // The representative a mandate lets act for this step, and where answers then go.
    let acting = person
        .representant
        .as_ref()
        .filter(|_| mandate::covers(target.route));
    ctx.insert(
        "mandataire",
        &json!({
            "nom": acting.map(|r| r.nom.as_str()).unwrap_or(""),
            "designation": acting
                .map(|r| t::representative(&r.nom, r.qualite.as_deref()))
                .unwrap_or_default(),
            "reponse": acting.and_then(mandate::reply_contact).unwrap_or_default(),
        }),
    );

    let filled = templates::fill(target.kind(), &ctx).map_err(|detail| LetterError::Template {
        kind: target.kind().to_string(),
        detail,
    })?;
    let (subject, body) = split(&filled);

    let date = values.date("date_lettre").unwrap_or(options.today);
    let place = values
        .text("lieu")
        .or(values.text("commune"))
        .unwrap_or("")
        .to_string();

    // A represented person whose step a mandate cannot cover is told so (the letter, in
    // their name only, does not mention the representative).
    let mut cautions = cautions(target, values);
    if person.representant.is_some() && !mandate::covers(target.route) {
        cautions.push(t::REPRESENTATIVE_NOT_COVERED.to_string());
    }

    Ok(Letter {
        kind: target.kind().to_string(),
        sender: sender_lines(recipient, values, &full_name),
        recipient: recipient_lines(recipient, values),
        place_date: t::place_date(&place, &date_fr(date)),
        date,
        by_post: options.by_post,
        subject,
        body,
        signature: vec![full_name],
        enclosures,
        conditional_enclosures: conditional,
        cautions,
        recipient_email: recipient.email.clone(),
        sender_email: values.text("email").map(str::to_string),
    })
}

/// `personne`: who writes, dates in French.
fn person_block(values: &Values, full_name: &str) -> Value {
    json!({
        "civilite": text_or_empty(values, "civilite"),
        "nom": text_or_empty(values, "nom"),
        "prenoms": text_or_empty(values, "prenoms"),
        "nom_complet": full_name,
        "nom_naissance": text_or_empty(values, "nom_naissance"),
        "date_naissance": values.date("date_naissance").map(date_fr).unwrap_or_default(),
        "lieu_naissance": text_or_empty(values, "lieu_naissance"),
        "adresse": values.lines("adresse"),
        "code_postal": text_or_empty(values, "code_postal"),
        "commune": text_or_empty(values, "commune"),
        "email": text_or_empty(values, "email"),
        "telephone": text_or_empty(values, "telephone"),
        "identifiant_caf": text_or_empty(values, "identifiant_caf"),
        "identifiant_france_travail": text_or_empty(values, "identifiant_france_travail"),
    })
}

/// `champs`: every case key is present (empty when not given), dates in French.
fn case_fields(values: &Values) -> Value {
    let mut champs = serde_json::Map::new();
    for (key, kind, source) in ALL_KEYS {
        if *source != FieldSource::Case {
            continue;
        }
        let v = match kind {
            FieldKind::Date => Value::String(values.date(key).map(date_fr).unwrap_or_default()),
            FieldKind::Lines => json!(values.lines(key)),
            _ if ENDS_IN_TEMPLATE.contains(key) => Value::String(
                text_or_empty(values, key)
                    .trim_end_matches(['.', ' '])
                    .to_string(),
            ),
            _ => Value::String(text_or_empty(values, key)),
        };
        champs.insert(key.to_string(), v);
    }
    Value::Object(champs)
}

/// `fichier`: the entry, named as a letter names it.
/// How letters name a file: its name, with its code when the texts use it.
pub(super) fn designation(entry: &Entry) -> String {
    let official_code = entry
        .regime
        .iter()
        .any(|r| matches!(r, Regime::LilTitre3 | Regime::LilTitre4 | Regime::Cpp));
    t::designation(&entry.name, &entry.code, official_code)
}

fn file_block(entry: &Entry) -> Value {
    json!({
        "code": entry.code,
        "nom": entry.name,
        "designation": designation(entry),
        "responsable": entry.controller,
        "regimes": entry
            .regime
            .iter()
            .map(|r| crate::texts::labels::regime_short(*r))
            .collect::<Vec<_>>()
            .join(" et "),
    })
}

/// `fondements`: each legal basis of the route, with its citation.
fn legal_bases(route: &Route) -> Vec<Value> {
    route
        .legal_basis
        .iter()
        .map(|b| {
            // An article number of low confidence is never printed: the text alone is cited
            // (the warning shown before output names the unverified article).
            let articles = if b.confidence == Confidence::Low {
                String::new()
            } else {
                t::articles(&b.articles)
            };
            json!({
                "texte": b.text,
                "articles": articles,
                "citation": t::citation(&b.text, &articles),
            })
        })
        .collect()
}

/// `delai`: the administration's deadline, worded.
fn deadline_block(route: &Route) -> Value {
    match route.deadline_for(Party::Administration) {
        Some(rule) => json!({
            "present": true,
            "phrase": t::deadline_sentence(rule),
            "duree": t::duration(rule.length, rule.unit),
            "d_duree": t::of_duration(rule.length, rule.unit),
            "depart": t::counted_from(rule.from),
            "prolongation": rule.extension.as_ref().map(t::extension).unwrap_or_default(),
        }),
        None => json!({ "present": false, "phrase": "", "duree": "", "d_duree": "",
                        "depart": "", "prolongation": "" }),
    }
}

/// `precedente`: the route this one follows, if any.
fn previous_block(target: &Target<'_>) -> Value {
    match target.previous() {
        Some(p) => {
            let name = target
                .catalogue
                .authority(&p.recipient)
                .map(|a| t::recipient_in_sentence(&a.name))
                .unwrap_or_default();
            let d_duree = p
                .deadline_for(Party::Administration)
                .map(|d| t::of_duration(d.length, d.unit))
                .unwrap_or_default();
            json!({ "present": true, "titre": p.title, "destinataire": name, "d_duree": d_duree })
        }
        None => json!({ "present": false, "titre": "", "destinataire": "", "d_duree": "" }),
    }
}

/// `relance`: what a reminder says of the request it reminds.
fn reminder_block(target: &Target<'_>) -> Value {
    match target.route.deadline_for(Party::Administration) {
        Some(rule) if target.relance => json!({
            "objet": t::request_noun(target.base_kind()),
            "depart": t::counted_from_earlier(rule.from),
            "silence": t::silence_in_reminder(rule.silence),
        }),
        _ => json!({ "objet": "", "depart": "", "silence": "" }),
    }
}

/// `identifiant`: the person's number at a social body, when the recipient is one.
fn identifier_block(recipient: &Authority, values: &Values) -> Value {
    match t::body_identifier(&recipient.id) {
        Some((label, key)) => json!({ "libelle": label, "valeur": text_or_empty(values, key) }),
        None => json!({ "libelle": "", "valeur": "" }),
    }
}

/// `suites`: the titles of the routes that may follow this one.
fn next_routes(entry: &Entry, route: &Route) -> Vec<String> {
    route
        .next
        .iter()
        .filter_map(|id| entry.route(id))
        .map(|r| r.title.clone())
        .collect()
}

/// `documents`: what a CRPA request asks for, then the documents the person added.
fn documents(target: &Target<'_>, values: &Values) -> Vec<String> {
    let personal_file = target.recipient.id == "caf-prada"
        || (target.base_kind() == "saisine_cada"
            && target
                .previous()
                .is_some_and(|p| p.recipient == "caf-prada"));
    let mut documents = t::documents_crpa(personal_file);
    let extra = values.lines("documents_supplementaires");
    if !extra.is_empty() {
        if let Some(last) = documents.last_mut()
            && let Some(stripped) = last.strip_suffix('.')
        {
            *last = format!("{stripped} ;");
        }
        let n = extra.len();
        for (i, d) in extra.into_iter().enumerate() {
            let end = if i + 1 == n { "." } else { " ;" };
            documents.push(format!("{}{end}", d.trim_end_matches(['.', ';', ' '])));
        }
    }
    documents
}

/// The enclosures the letter lists, and those it leaves to the person because they depend
/// on the person's situation.
fn enclosures(target: &Target<'_>, person: &Person, values: &Values) -> (Vec<String>, Vec<String>) {
    let route = target.route;
    let has_answer = values.contains("date_reponse");
    let mut enclosures: Vec<String> = if target.relance {
        let sent = values.date("date_demande").map(date_fr).unwrap_or_default();
        t::relance_enclosures(&sent, values.contains("date_reception"))
    } else {
        route
            .enclose
            .iter()
            .filter_map(|e| t::enclosure_in_letter(e, has_answer))
            .collect()
    };
    let conditional: Vec<String> = if target.relance {
        Vec::new()
    } else {
        route
            .enclose
            .iter()
            .filter(|e| t::enclosure_in_letter(e, has_answer).is_none())
            .cloned()
            .collect()
    };
    if person.representant.is_some()
        && mandate::covers(target.route)
        && !enclosures.iter().any(|e| e.contains("andat"))
    {
        enclosures.push(t::MANDATE_ENCLOSURE.to_string());
    }
    (enclosures, conditional)
}

/// What the person must know before sending, never printed in the letter.
fn cautions(target: &Target<'_>, values: &Values) -> Vec<String> {
    if target.relance {
        Vec::new()
    } else {
        target
            .route
            .cautions
            .iter()
            .filter(|c| c.when_field.as_deref().is_none_or(|k| values.contains(k)))
            .map(|c| c.text.clone())
            .collect()
    }
}

/// The sender block: name, address, then the contacts and identifiers the recipient needs.
fn sender_lines(recipient: &Authority, values: &Values, full_name: &str) -> Vec<String> {
    let mut sender = vec![full_name.to_string()];
    sender.extend(values.lines("adresse"));
    sender.push(format!(
        "{} {}",
        text_or_empty(values, "code_postal"),
        text_or_empty(values, "commune")
    ));
    if let Some(email) = values.text("email") {
        sender.push(email.to_string());
    }
    if let Some(phone) = values.text("telephone") {
        sender.push(t::sender_phone(phone));
    }
    if matches!(recipient.id.as_str(), "caf" | "caf-prada")
        && let Some(id) = values.text("identifiant_caf")
    {
        sender.push(t::sender_caf(id));
    }
    if recipient.id == "agence-france-travail"
        && let Some(id) = values.text("identifiant_france_travail")
    {
        sender.push(t::sender_france_travail(id));
    }
    sender
}

/// The recipient block: the catalogue's address, or for a local recipient a heading and
/// the address the person typed.
fn recipient_lines(recipient: &Authority, values: &Values) -> Vec<String> {
    if recipient.address_lines.is_empty() {
        let mut lines = t::recipient_heading(recipient);
        lines.extend(values.lines("destinataire_adresse"));
        lines
    } else {
        recipient.address_lines.clone()
    }
}

/// Splits the filled template into the subject (first line, « Objet : » removed) and the
/// body paragraphs (separated by blank lines; lines inside a paragraph are kept).
pub(super) fn split(filled: &str) -> (String, Vec<String>) {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in filled.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join("\n"));
    }
    let mut iter = paragraphs.into_iter();
    let first = iter.next().unwrap_or_default();
    let subject = first
        .strip_prefix(t::SUBJECT_PREFIX)
        .unwrap_or(&first)
        .to_string();
    (subject, iter.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_list_lines_and_drops_empty_paragraphs() {
        let (s, b) = split("Objet : X\n\n\n\nA\n1. a\n2. b  \n\n   \n\nB\n");
        assert_eq!(s, "X");
        assert_eq!(b, vec!["A\n1. a\n2. b".to_string(), "B".to_string()]);
    }
}
