//! French text of the letters module: field labels and help, the fixed parts of a letter
//! (recipient headings, courtesy formulas, deadline sentences, sender lines) and errors.
//! The body of each letter is in `templates/<kind>.txt`.

use crate::catalogue::{Authority, CountedFrom, DeadlineRule, Extension, Silence, Unit};

/// Label and help of a field, independent of the letter.
pub fn field_label_help(key: &str) -> (&'static str, &'static str) {
    match key {
        "civilite" => ("Civilité", "« Madame », « Monsieur », ou rien. Facultatif."),
        "nom" => (
            "Nom",
            "Votre nom d’usage, tel qu’il figure sur votre pièce d’identité.",
        ),
        "nom_naissance" => (
            "Nom de naissance",
            "Seulement s’il diffère de votre nom d’usage.",
        ),
        "prenoms" => ("Prénoms", "Tous vos prénoms, dans l’ordre de l’état civil."),
        "date_naissance" => (
            "Date de naissance",
            "AAAA-MM-JJ ou JJ/MM/AAAA. Les fichiers de police et de justice vous identifient par vos date et lieu de naissance.",
        ),
        "lieu_naissance" => (
            "Lieu de naissance",
            "Commune (et département ou pays) de naissance, par exemple « Lyon (Rhône) ».",
        ),
        "adresse" => (
            "Adresse",
            "Numéro et rue, complément ; une ligne par élément (en ligne de commande, séparez les lignes par « | »).",
        ),
        "code_postal" => ("Code postal", "Cinq chiffres."),
        "commune" => ("Commune", "La commune de votre adresse."),
        "email" => (
            "Adresse e-mail",
            "Facultative pour une lettre postale ; obligatoire pour préparer un e-mail (.eml).",
        ),
        "telephone" => ("Téléphone", "Facultatif."),
        "identifiant_caf" => (
            "Numéro allocataire CAF",
            "Il figure sur vos courriers de la CAF et dans votre espace personnel caf.fr.",
        ),
        "identifiant_france_travail" => (
            "Identifiant France Travail",
            "Il figure sur vos courriers de France Travail et dans votre espace personnel.",
        ),
        "destinataire_adresse" => (
            "Adresse du destinataire",
            "Une ligne par élément : service ou tribunal, numéro et rue, code postal et ville (en ligne de commande, séparez les lignes par « | »).",
        ),
        "lieu" => (
            "Lieu d’écriture",
            "La ville écrite avant la date ; par défaut, votre commune.",
        ),
        "date_lettre" => (
            "Date de la lettre",
            "AAAA-MM-JJ ou JJ/MM/AAAA ; par défaut, la date du jour.",
        ),
        "date_demande" => (
            "Date de votre première demande",
            "La date d’envoi de la demande précédente (AAAA-MM-JJ ou JJ/MM/AAAA).",
        ),
        "date_reception" => (
            "Date de réception de votre demande",
            "La date portée sur l’accusé de réception, si vous l’avez. Facultatif.",
        ),
        "date_reponse" => (
            "Date de la réponse ou du refus",
            "Si vous avez reçu une réponse (refus, réponse limitée ou incomplète) : sa date. Laissez vide si vous n’avez rien reçu.",
        ),
        "reference_reponse" => (
            "Référence de la réponse",
            "La référence portée sur la réponse reçue, s’il y en a une. Facultatif.",
        ),
        "decision_judiciaire" => (
            "Décision judiciaire",
            "La décision qui justifie la demande, par exemple « classement sans suite », « non-lieu », « relaxe prononcée par le tribunal correctionnel de Lyon ».",
        ),
        "date_decision_judiciaire" => (
            "Date de la décision judiciaire",
            "AAAA-MM-JJ ou JJ/MM/AAAA. Facultatif.",
        ),
        "reference_procedure" => (
            "Référence de la procédure",
            "Numéro de procès-verbal, numéro de parquet, service enquêteur… Facultatif.",
        ),
        "motifs" => (
            "Motifs",
            "Pourquoi l’effacement est justifié : faits, ancienneté, situation personnelle et professionnelle. Un recours non motivé est irrecevable.",
        ),
        "decisions" => (
            "Décisions reçues",
            "Les décisions qui vous ont été notifiées (contrôle, suspension, radiation, sanction, indu), avec leur date. Facultatif.",
        ),
        "organisme_accreditation" => (
            "Employeur ou organisateur",
            "Qui a demandé l’autorisation, l’agrément ou l’accréditation (employeur, organisateur d’un grand événement…). Facultatif.",
        ),
        "date_refus_accreditation" => (
            "Date du refus d’accréditation",
            "Date de la décision de refus d’autorisation, d’agrément ou d’accréditation. Facultatif.",
        ),
        "documents_supplementaires" => (
            "Autres documents demandés",
            "Documents à ajouter à la liste de la lettre ; une ligne par document (en ligne de commande, séparez-les par « | »). Facultatif.",
        ),
        "precisions" => (
            "Précisions",
            "Tout élément utile à la recherche (autres noms utilisés, faits, dates). Facultatif.",
        ),
        _ => ("", ""),
    }
}

/// Label and help of a field for a given letter (the recipient's address help names the
/// recipient and repeats the catalogue's prompt).
pub fn field_text(key: &str, kind: &str, relance: bool, recipient: &Authority) -> (String, String) {
    let (label, help) = field_label_help(key);
    match key {
        "destinataire_adresse" => {
            let prompt = recipient
                .local_prompt
                .as_deref()
                .unwrap_or("")
                .trim_end_matches('.');
            let help = if prompt.is_empty() {
                format!("{} — {help}", recipient.name)
            } else {
                format!("{} — {prompt}. {help}", recipient.name)
            };
            (label.to_string(), help)
        }
        "date_demande" if kind == "recours_chambre_instruction" && !relance => (
            "Date de votre demande au procureur".to_string(),
            "La date d’envoi de votre demande d’effacement ou de rectification.".to_string(),
        ),
        "date_demande" if relance => (
            "Date de la demande restée sans réponse".to_string(),
            "La date d’envoi de la demande que vous relancez.".to_string(),
        ),
        "date_reponse" if kind == "recours_chambre_instruction" => (
            "Date du refus du procureur".to_string(),
            "Laissez vide si le procureur n’a pas répondu dans les 2 mois (refus implicite)."
                .to_string(),
        ),
        _ => (label.to_string(), help.to_string()),
    }
}

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

/// The paragraph saying who presents the request under a mandate.
pub fn representative(
    name: &str,
    capacity: Option<&str>,
    address: &[String],
    email: Option<&str>,
) -> String {
    let mut s = format!("Cette demande vous est présentée par {name}");
    if let Some(c) = capacity.filter(|c| !c.trim().is_empty()) {
        s.push_str(&format!(" ({c})"));
    }
    s.push_str(", qui agit pour mon compte en vertu du mandat joint");
    let mut contact: Vec<String> = Vec::new();
    if !address.is_empty() {
        contact.push(address.join(", "));
    }
    if let Some(e) = email.filter(|e| !e.trim().is_empty()) {
        contact.push(e.to_string());
    }
    if contact.is_empty() {
        s.push('.');
    } else {
        s.push_str(&format!(
            " ; vous pouvez lui adresser votre réponse : {}.",
            contact.join(" ; ")
        ));
    }
    s
}

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

// Warnings shown before output.

pub fn warn_entry(code: &str) -> String {
    format!("Fiche {code}")
}

pub fn warn_route(title: &str) -> String {
    format!("Démarche « {title} »")
}

pub fn warn_recipient(name: &str) -> String {
    format!("Destinataire : {name}")
}

pub fn warn_basis(text: &str, articles: &str) -> String {
    format!("Texte cité : {}", citation(text, articles))
}

pub fn warn_deadline(basis: &str) -> String {
    format!("Délai de réponse ({basis})")
}

pub const WARN_NO_NOTE: &str =
    "Confiance faible dans le catalogue, sans explication : vérifiez ce point avant d’envoyer.";

pub fn caution_unknown_field(code: &str, route: &str, key: &str) -> String {
    format!("{code} / {route} : la mise en garde dépend du champ « {key} », qui n’existe pas")
}

pub fn cautions_header() -> &'static str {
    "À savoir avant d’envoyer cette lettre :"
}

pub fn caution_line(text: &str) -> String {
    format!("  – {text}")
}

pub fn warnings_header() -> &'static str {
    "Attention : cette lettre s’appuie sur des faits de confiance faible. Vérifiez-les avant d’envoyer :"
}

pub fn warning_line(fact: &str, why: &str) -> String {
    format!("  – {fact} : {why}")
}

// Errors.

pub fn no_letter(route_title: &str) -> String {
    format!(
        "La démarche « {route_title} » ne se fait pas par une lettre qu’acces rédige ; lisez son explication dans la fiche (acces catalogue CODE)."
    )
}

pub fn no_deadline(route_title: &str) -> String {
    format!(
        "La démarche « {route_title} » n’a pas de délai de réponse du destinataire à rappeler : acces ne prépare pas de relance pour elle."
    )
}

pub fn unknown_recipient(id: &str) -> String {
    format!("Le destinataire « {id} » est absent du catalogue.")
}

pub fn missing(fields: &[(String, String)]) -> String {
    let mut s = String::from("Il manque des informations pour rédiger cette lettre :\n");
    for (key, label) in fields {
        // A label may carry a help line after a line break.
        let (label, help) = label.split_once('\n').unwrap_or((label.as_str(), ""));
        s.push_str(&format!("  – {label} : ajoutez --champ {key}=valeur"));
        if is_person_key(key) {
            s.push_str(&format!(
                " (ou la clé « {} » du fichier personne)",
                person_file_key(key)
            ));
        }
        s.push('\n');
        if !help.is_empty() {
            s.push_str(&format!("    ({help})\n"));
        }
    }
    s.push_str("Les champs de chaque lettre : acces lettre --liste");
    s
}

fn is_person_key(key: &str) -> bool {
    matches!(
        key,
        "civilite"
            | "nom"
            | "nom_naissance"
            | "prenoms"
            | "date_naissance"
            | "lieu_naissance"
            | "adresse"
            | "code_postal"
            | "commune"
            | "email"
            | "telephone"
            | "identifiant_caf"
            | "identifiant_france_travail"
    )
}

fn person_file_key(key: &str) -> String {
    match key {
        "identifiant_caf" => "identifiants.caf".into(),
        "identifiant_france_travail" => "identifiants.france_travail".into(),
        k => k.into(),
    }
}

pub fn invalid(key: &str, message: &str) -> String {
    format!("Champ « {key} » : {message}")
}

pub fn unknown_field(key: &str) -> String {
    format!(
        "Champ inconnu : « {key} ». La liste des champs de chaque lettre : acces lettre --liste"
    )
}

pub fn template_failed(kind: &str) -> String {
    format!(
        "Le modèle de lettre « {kind} » n’a pas pu être rempli : c’est un défaut d’acces, signalez-le."
    )
}

pub fn letters_check_failed(problems: &[String]) -> String {
    let mut s = format!(
        "Le catalogue est valide, mais {} lettre(s) ne peuvent pas être rédigées :\n",
        problems.len()
    );
    for p in problems {
        s.push_str("  – ");
        s.push_str(p);
        s.push('\n');
    }
    s
}

pub fn template_unknown_variable(kind: &str, var: &str) -> String {
    format!("Le modèle « {kind} » utilise la variable « {var} », que acces ne fournit pas.")
}

pub fn pdf_failed() -> String {
    "Le PDF n’a pas pu être produit : c’est un défaut d’acces, signalez-le.".to_string()
}

pub fn eml_needs_email() -> String {
    "Pour préparer un e-mail, indiquez votre adresse e-mail (clé « email » du fichier personne, ou --champ email=…).".to_string()
}

pub fn eml_no_recipient_email(name: &str) -> String {
    format!(
        "Le destinataire ({name}) n’a pas d’adresse e-mail connue : envoyez cette lettre par la poste (--format pdf ou txt)."
    )
}

pub fn eml_failed() -> String {
    "L’e-mail n’a pas pu être préparé : vérifiez les adresses e-mail.".to_string()
}

// The `acces lettre` command.

pub fn cli_code_needed() -> String {
    "Indiquez le code du fichier : acces lettre CODE --personne FICHIER.json (les codes : acces catalogue), ou le dossier suivi : acces lettre --dossier ID.".to_string()
}

pub fn cli_person_needed() -> String {
    "Indiquez la personne : --personne FICHIER.json (son format est décrit dans le README) ou --personne NUMERO (une personne du registre : acces personne liste)."
        .to_string()
}

pub fn cli_case_other_entry(given: &str, case: i64, case_code: &str) -> String {
    format!(
        "Le dossier n° {case} concerne {case_code}, pas « {given} » : omettez le code ou corrigez --dossier."
    )
}

pub fn cli_case_other_route(given: &str, case: i64, case_route: &str) -> String {
    format!(
        "Le dossier n° {case} suit la démarche « {case_route} », pas « {given} » : omettez --demarche ou corrigez --dossier."
    )
}

pub fn cli_case_other_person(given: i64, case: i64, case_person: i64) -> String {
    format!(
        "Le dossier n° {case} concerne la personne n° {case_person}, pas la n° {given} : omettez --personne ou corrigez --dossier."
    )
}

pub fn cli_case_person_file(case: i64, case_person: i64) -> String {
    format!(
        "Avec --dossier, la lettre est pour la personne du dossier n° {case} (n° {case_person}) : omettez --personne, ou donnez son numéro. Pour changer son adresse : acces personne modifier {case_person} --fichier FICHIER.json."
    )
}

pub fn cli_case_route_gone(case: i64, route: &str, code: &str) -> String {
    format!(
        "Le dossier n° {case} suit la démarche « {route} », que le catalogue ne connaît plus pour {code} : écrivez la lettre sans --dossier (acces lettre {code} --demarche …)."
    )
}

pub fn cli_record_needs_stored_person() -> String {
    "--enregistrer note la lettre dans le registre : la personne doit y être. Ajoutez-la (acces personne ajouter --fichier FICHIER.json), puis donnez son numéro : --personne NUMERO.".to_string()
}

pub fn cli_record_reminder_needs_case() -> String {
    "Une relance se note dans le dossier de la première demande : ajoutez --dossier ID (acces dossier liste).".to_string()
}

pub fn cli_draft_recorded(case: i64) -> String {
    format!("Brouillon noté dans le dossier n° {case}.")
}

pub fn cli_draft_recorded_new_case(case: i64) -> String {
    format!(
        "Dossier n° {case} ouvert, brouillon noté. Une fois la lettre envoyée : acces evenement ajouter --dossier {case} --type envoye --date AAAA-MM-JJ."
    )
}

pub fn cli_written_not_recorded(why: &str) -> String {
    format!("La lettre est écrite, mais le brouillon n’a pas été noté dans le registre : {why}")
}

pub fn cli_pdf_needs_output() -> String {
    "Le PDF doit être écrit dans un fichier : ajoutez --sortie lettre.pdf.".to_string()
}

pub fn cli_person_unreadable(path: &std::path::Path, e: &std::io::Error) -> String {
    format!(
        "Impossible de lire le fichier personne « {} » : {e}.",
        path.display()
    )
}

/// The JSON error names a line and column and the problem (unknown key, missing key,
/// wrong type); it never repeats the person's data.
pub fn cli_person_invalid(path: &std::path::Path, detail: &str) -> String {
    format!(
        "Le fichier personne « {} » n’est pas valide ({detail}). Son format est décrit dans le README (clés : civilite, nom, nom_naissance, prenoms, date_naissance AAAA-MM-JJ, lieu_naissance, adresse, code_postal, commune, email, telephone, departement, identifiants, representant).",
        path.display()
    )
}

pub const JSON_SYNTAX: &str = "JSON mal formé";
pub const JSON_BAD_VALUE: &str =
    "valeur invalide (texte attendu, liste de lignes pour « adresse », date AAAA-MM-JJ)";

pub fn json_missing_key(key: &str) -> String {
    format!("clé obligatoire absente : « {key} »")
}

pub fn json_unknown_key(key: &str) -> String {
    format!("clé inconnue : « {key} »")
}

pub fn json_where(what: &str, line: usize, column: usize) -> String {
    format!("{what}, ligne {line}, colonne {column}")
}

pub fn cli_bad_field(item: &str) -> String {
    format!(
        "--champ attend CLE=VALEUR, par exemple --champ date_demande=2026-03-15 (reçu : « {item} »)."
    )
}

pub fn cli_unknown_route(id: &str, code: &str, with_letter: &[&str]) -> String {
    format!(
        "Démarche inconnue pour {code} : « {id} ». Démarches avec une lettre : {}.",
        with_letter.join(", ")
    )
}

pub fn cli_no_start_route(code: &str, with_letter: &[&str]) -> String {
    format!(
        "{code} n’a pas de démarche par laquelle commencer ; choisissez-en une avec --demarche ({}).",
        with_letter.join(", ")
    )
}

pub fn cli_written(path: &std::path::Path) -> String {
    format!("Lettre écrite dans « {} ».", path.display())
}

pub fn cli_stdout_failed(e: &std::io::Error) -> String {
    format!("Impossible d’écrire sur la sortie standard : {e}.")
}

pub fn conditional_enclosures_header() -> &'static str {
    "Pièces à joindre selon votre situation (la lettre ne les mentionne pas ; ajoutez-les à la liste « Pièces jointes » si elles vous concernent) :"
}

pub fn cli_list_header() -> &'static str {
    "Modèles de lettres et champs demandés (* obligatoire). Donnez un champ avec --champ CLE=VALEUR ; les champs « personne » viennent aussi du fichier personne."
}

pub fn cli_list_field(
    key: &str,
    label: &str,
    required: bool,
    source: crate::letters::FieldSource,
) -> String {
    let mark = if required { "*" } else { " " };
    let source = match source {
        crate::letters::FieldSource::Person => "personne",
        crate::letters::FieldSource::Case => "démarche",
    };
    format!("  {mark} {key:<28} {label} ({source})")
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
