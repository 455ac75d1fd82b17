//! What a letter itself says, besides its template: recipient headings, salutations, sender
//! lines, the mandate paragraph, durations and deadline sentences, citations of the law,
//! enclosures in the first person. The body of each letter is in `templates/<kind>.txt`.

use crate::catalogue::{Authority, CountedFrom, DeadlineRule, Extension, Silence, Unit};

/// Lines put above the user-supplied address of a local recipient.
pub fn recipient_heading(authority: &Authority) -> Vec<String> {
    let lines: &[&str] = match authority.id.as_str() {
        "procureur" => &["Madame, Monsieur le Procureur de la République"],
        "chambre-instruction" => &["Madame, Monsieur le Président de la chambre de l’instruction"],
        "caf" => &[
            "À l’attention de la directrice ou du directeur",
            "RGPD / Informatique et Libertés",
        ],
        "caf-prada" => &[
            "À l’attention de la personne responsable de l’accès aux documents administratifs (PRADA)",
        ],
        "agence-france-travail" => &["À l’attention de la directrice ou du directeur d’agence"],
        "cnaf" => &["À l’attention de la directrice ou du directeur général"],
        "cpam" => &["À l’attention de la directrice ou du directeur"],
        _ => return vec![authority.name.clone()],
    };
    lines.iter().map(|s| s.to_string()).collect()
}

/// The salutation and the form of address used in the closing formula.
pub fn salutation(authority_id: &str) -> (&'static str, &'static str) {
    match authority_id {
        "procureur" => (
            "Madame, Monsieur le Procureur de la République,",
            "Madame, Monsieur le Procureur de la République",
        ),
        "chambre-instruction" => (
            "Madame, Monsieur le Président,",
            "Madame, Monsieur le Président",
        ),
        _ => ("Madame, Monsieur,", "Madame, Monsieur"),
    }
}

pub const BY_POST: &str = "Lettre recommandée avec accusé de réception";
pub const SUBJECT_PREFIX: &str = "Objet : ";

/// The header of the pages of a batch PDF from the second on.
pub fn batch_header(sender: &str, subject: &str, page: usize, pages: usize) -> String {
    format!("{sender} — Objet : {subject} — page {page}/{pages}")
}
pub const ENCLOSURES: &str = "Pièces jointes :";

/// The title of a PDF letter without a subject.
pub const UNTITLED_LETTER: &str = "Lettre";

/// The title of a PDF holding several letters.
pub fn batch_title(letters: usize) -> String {
    format!("{letters} lettres de demande")
}

pub fn place_date(place: &str, date_fr: &str) -> String {
    format!("{place}, le {date_fr}")
}

pub fn sender_caf(id: &str) -> String {
    format!("N° allocataire CAF : {id}")
}

pub fn sender_france_travail(id: &str) -> String {
    format!("Identifiant France Travail : {id}")
}

pub fn sender_phone(phone: &str) -> String {
    format!("Tél. : {phone}")
}

/// How the letters name the representative presenting the request: « Association X
/// (association loi 1901) ».
pub fn representative(name: &str, capacity: Option<&str>) -> String {
    match capacity.filter(|c| !c.trim().is_empty()) {
        Some(c) => format!("{name} ({c})"),
        None => name.to_string(),
    }
}

/// Told before output when the person has a representative but the mandate cannot cover
/// this step (`letters::mandate::covers`).
pub const REPRESENTATIVE_NOT_COVERED: &str = "Cette démarche ne peut pas être confiée au mandataire : la lettre est écrite au nom de la personne, qui la signe et l’envoie elle-même (acces n’a pas trouvé de texte officiel qui permette à un mandataire de la faire).";

pub const MANDATE_ENCLOSURE: &str = "Mandat signé";

pub fn relance_enclosures(date_fr: &str, receipt: bool) -> Vec<String> {
    let mut v = vec![format!("Copie de ma demande du {date_fr}")];
    if receipt {
        v.push("Copie de l’accusé de réception".to_string());
    }
    v
}

/// What the reminded request was (feminine noun phrase, used after « une »).
pub fn request_noun(kind: &str) -> &'static str {
    match kind {
        "cnil_108" | "cnil_118" => "demande d’accès indirect",
        "rgpd_algorithme" => "demande d’accès à mes données personnelles",
        "rgpd_rectification" => "demande de rectification de mes données personnelles",
        "demande_documents" => "demande de communication de documents administratifs",
        "effacement_procureur" => "demande d’effacement",
        "recours_chambre_instruction" => "contestation d’un refus d’effacement",
        "saisine_cada" => "saisine",
        "plainte_cnil" => "plainte",
        _ => "demande d’accès",
    }
}

/// « à compter de sa réception », for a request sent earlier.
pub fn counted_from_earlier(from: CountedFrom) -> &'static str {
    match from {
        CountedFrom::Receipt => "à compter de sa réception",
        CountedFrom::Sending => "à compter de son envoi",
        CountedFrom::Decision => "à compter de la décision",
    }
}

/// What the silence means, in a reminder.
pub fn silence_in_reminder(silence: Silence) -> &'static str {
    match silence {
        Silence::Refusal => {
            "Votre silence vaut décision implicite de refus ; je me réserve la possibilité de la contester."
        }
        Silence::Restriction => {
            "Votre silence vaut restriction de mon droit d’accès ; à défaut de réponse rapide, je saisirai la Commission nationale de l’informatique et des libertés."
        }
        Silence::Nothing => {
            "À défaut de réponse rapide, je me réserve la possibilité de saisir l’autorité compétente."
        }
    }
}

/// How a local recipient's name reads inside a sentence (« Votre CAF » → « CAF »).
pub fn recipient_in_sentence(name: &str) -> String {
    match name.strip_prefix("Votre ") {
        Some(rest) => {
            let mut c = rest.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        }
        None => name.to_string(),
    }
}

/// The identifier line for letters to a social body: (label, which person field).
pub fn body_identifier(authority_id: &str) -> Option<(&'static str, &'static str)> {
    match authority_id {
        "caf" | "caf-prada" => Some(("Numéro allocataire CAF", "identifiant_caf")),
        "agence-france-travail" => {
            Some(("Identifiant France Travail", "identifiant_france_travail"))
        }
        _ => None,
    }
}

/// Documents asked for in a CRPA request (and repeated in the CADA referral).
pub fn documents_crpa(personal_file: bool) -> Vec<String> {
    let mut docs = Vec::new();
    if personal_file {
        docs.push("la copie de mon dossier, y compris les rapports de contrôle et les notes me concernant ;".to_string());
        docs.push("pour chaque décision prise à mon égard après un contrôle, les règles définissant le traitement algorithmique utilisé et les principales caractéristiques de sa mise en œuvre ;".to_string());
    }
    docs.push(
        "la fiche du registre des activités de traitement relative à ce traitement ;".to_string(),
    );
    docs.push(
        "l’analyse d’impact relative à la protection des données (AIPD) de ce traitement ;"
            .to_string(),
    );
    docs.push("les règles définissant ce traitement algorithmique et ses principales caractéristiques, y compris celles publiées en ligne ;".to_string());
    docs.push("la documentation technique du modèle (variables utilisées, pondérations, versions successives et dates de mise en service) et, s’il existe, son code source.".to_string());
    docs
}

fn number(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze",
    ];
    WORDS
        .get(n as usize)
        .map(|w| w.to_string())
        .unwrap_or_else(|| n.to_string())
}

/// « deux mois », « un mois », « quinze jours ».
pub fn duration(n: u32, unit: Unit) -> String {
    let unit = match (unit, n) {
        (Unit::Months, _) => "mois",
        (Unit::Days, 1) => "jour",
        (Unit::Days, _) => "jours",
    };
    format!("{} {unit}", number(n))
}

/// « d’un mois », « de deux mois ».
pub fn of_duration(n: u32, unit: Unit) -> String {
    let d = duration(n, unit);
    if d.starts_with(['u', 'o']) {
        format!("d’{d}")
    } else {
        format!("de {d}")
    }
}

pub fn counted_from(from: CountedFrom) -> &'static str {
    match from {
        CountedFrom::Receipt => "à compter de la réception de la présente lettre",
        CountedFrom::Sending => "à compter de l’envoi de la présente lettre",
        CountedFrom::Decision => "à compter de la décision",
    }
}

/// « Ce délai peut être prolongé de deux mois (condition). »
pub fn extension(ext: &Extension) -> String {
    let condition = ext.condition.trim().trim_end_matches('.');
    let condition = if condition.starts_with("si ") {
        condition.to_string()
    } else {
        format!("prolongation {condition}")
    };
    format!(
        "Ce délai peut être prolongé {} ({condition}).",
        of_duration(ext.length, ext.unit)
    )
}

/// The sentence stating the recipient's deadline, with the extension and what silence means.
pub fn deadline_sentence(rule: &DeadlineRule) -> String {
    let mut s = format!(
        "Je vous rappelle que vous disposez d’un délai {} {} pour répondre.",
        of_duration(rule.length, rule.unit),
        counted_from(rule.from)
    );
    if let Some(ext) = &rule.extension {
        s.push(' ');
        s.push_str(&extension(ext));
    }
    match rule.silence {
        Silence::Refusal => s.push_str(
            " À défaut de réponse dans ce délai, votre silence vaudra décision implicite de refus, que je pourrai contester.",
        ),
        Silence::Restriction => s.push_str(
            " À défaut de réponse dans ce délai, je considérerai que mon droit d’accès fait l’objet d’une restriction et je saisirai la Commission nationale de l’informatique et des libertés.",
        ),
        Silence::Nothing => {}
    }
    s
}

/// Wording of one legal basis: « Texte — art. 104, 105 et 106 ».
pub fn citation(text: &str, articles: &str) -> String {
    if articles.is_empty() {
        text.to_string()
    } else {
        format!("{text} — {articles}")
    }
}

/// « art. 104, 105 et 107 » for bare numbers; qualified items (« RGPD art. 15 ») as they
/// are; consecutive bare numbers share one « art. ».
pub fn articles(items: &[String]) -> String {
    let bare = |a: &str| {
        a.starts_with(|c: char| c.is_ascii_digit())
            || ["L.", "R.", "D.", "A."].iter().any(|p| a.starts_with(p))
    };
    let mut parts: Vec<String> = Vec::new();
    let mut in_bare_run = false;
    for a in items {
        if bare(a) {
            if in_bare_run {
                parts.push(a.clone());
            } else {
                parts.push(format!("art. {a}"));
            }
            in_bare_run = true;
        } else {
            parts.push(a.clone());
            in_bare_run = false;
        }
    }
    match parts.len() {
        0 => String::new(),
        1 => parts.remove(0),
        n => format!("{} et {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// An enclosure as the catalogue words it for the user, reworded for the letter (first
/// person). `None` when it only applies in a case the letter cannot know (« Si vous… »),
/// or when it depends on an answer the person did not report.
pub fn enclosure_in_letter(item: &str, has_answer: bool) -> Option<String> {
    let item = item.trim();
    if item.starts_with("Si vous") || item.contains(", si vous ") {
        return None;
    }
    let mut s = item.to_string();
    for suffix in [", s’il y en a une", ", s’il y en a un"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            if !has_answer {
                return None;
            }
            s = stripped.to_string();
        }
    }
    let words: Vec<String> = s
        .split(' ')
        .map(|w| match w {
            "votre" => "ma".to_string(),
            "vos" => "mes".to_string(),
            other => other.to_string(),
        })
        .collect();
    Some(words.join(" "))
}

/// The entry as a letter names it: « Traitement d’antécédents judiciaires (TAJ) » for police
/// and justice files, whose codes are official acronyms; the name alone otherwise.
pub fn designation(name: &str, code: &str, official_code: bool) -> String {
    if official_code && !name.contains(&format!("({code})")) {
        format!("{name} ({code})")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_elide() {
        assert_eq!(of_duration(1, Unit::Months), "d’un mois");
        assert_eq!(of_duration(2, Unit::Months), "de deux mois");
        assert_eq!(of_duration(11, Unit::Days), "d’onze jours");
        assert_eq!(of_duration(30, Unit::Days), "de 30 jours");
    }

    #[test]
    fn articles_are_listed() {
        let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(articles(&v(&["104", "105", "107"])), "art. 104, 105 et 107");
        assert_eq!(articles(&v(&["R.40-33"])), "art. R.40-33");
        assert_eq!(
            articles(&v(&["RGPD art. 15", "loi 78-17 art. 49"])),
            "RGPD art. 15 et loi 78-17 art. 49"
        );
        assert_eq!(
            articles(&v(&["loi 78-17 art. 47", "L.311-3-1"])),
            "loi 78-17 art. 47 et art. L.311-3-1"
        );
        assert_eq!(
            articles(&v(&["L.300-2", "L.311-1", "RGPD art. 30", "RGPD art. 35"])),
            "art. L.300-2, L.311-1, RGPD art. 30 et RGPD art. 35"
        );
    }

    #[test]
    fn enclosures_in_first_person() {
        assert_eq!(
            enclosure_in_letter("Copie de votre demande initiale", false).as_deref(),
            Some("Copie de ma demande initiale")
        );
        assert_eq!(
            enclosure_in_letter(
                "Copie recto-verso d’une pièce d’identité indiquant vos date et lieu de naissance",
                false
            )
            .as_deref(),
            Some(
                "Copie recto-verso d’une pièce d’identité indiquant mes date et lieu de naissance"
            )
        );
        assert_eq!(
            enclosure_in_letter("Si vous êtes né à l’étranger : copie", true),
            None
        );
        assert_eq!(
            enclosure_in_letter(
                "Mandat signé, si vous agissez pour une autre personne",
                true
            ),
            None
        );
        assert_eq!(
            enclosure_in_letter("Copie du refus, s’il y en a un", false),
            None
        );
        assert_eq!(
            enclosure_in_letter("Copie du refus, s’il y en a un", true).as_deref(),
            Some("Copie du refus")
        );
    }
}
