//! Command-line help and parse errors, and the lines of the commands that have their own
//! (`acces lettre`, `acces delai`).

use crate::catalogue::Unit;
use crate::law::{MAX_DAYS, MAX_MONTHS};

pub const ABOUT: &str = "acces — connaître et faire corriger ce que la police, le renseignement \
et les organismes sociaux savent de vous. Sans commande, ouvre l'interface plein écran.";

pub const HELP_TEMPLATE: &str = "\
{about}

Utilisation : {usage}

Commandes :
{subcommands}

Options :
{options}
";

pub const SUB_HELP_TEMPLATE: &str = "\
{about}

Utilisation : {usage}

{all-args}
";

/// Heading of the list of sub-commands (clap says « Commands »).
pub const COMMANDS_HEADING: &str = "Commandes";
pub const COMMAND_VALUE_NAME: &str = "COMMANDE";

pub const HELP_FLAG: &str = "Afficher l'aide";
pub const VERSION_FLAG: &str = "Afficher la version";

pub const USAGE_HINT: &str = "Pour l'aide : acces --help (ou acces COMMANDE --help).";

pub fn unknown_argument(arg: &str) -> String {
    format!("Option ou argument inconnu : « {arg} ».")
}

pub fn unknown_command(cmd: &str) -> String {
    format!("Commande inconnue : « {cmd} ».")
}

pub fn invalid_value(arg: &str, value: &str) -> String {
    format!("Valeur invalide « {value} » pour {arg}.")
}

pub fn missing_argument(args: &str) -> String {
    format!("Il manque : {args}.")
}

pub fn conflict(a: &str, b: &str) -> String {
    format!("{a} et {b} ne peuvent pas être utilisés ensemble.")
}

pub fn missing_value(arg: &str) -> String {
    format!("Il manque la valeur de {arg}.")
}

pub fn possible_values(values: &str) -> String {
    format!("Valeurs possibles : {values}.")
}

pub const BAD_ARGUMENTS: &str = "Arguments incorrects.";

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

pub fn cli_recorded_not_written(case: i64, why: &str) -> String {
    format!(
        "Le brouillon est noté dans le registre (dossier n° {case}), mais la lettre n’a pas été \
         écrite : {why} Refaites-la avec « acces lettre --dossier {case} --sortie FICHIER »."
    )
}

pub fn cli_pdf_needs_output() -> String {
    "Le PDF doit être écrit dans un fichier : ajoutez --sortie lettre.pdf.".to_string()
}

/// `why`: the reading problem, worded by `texts::fs` (it names the file).
pub fn cli_person_unreadable(why: &str) -> String {
    format!("Fichier personne : {why}")
}

/// The JSON error names a line and column and the problem (unknown key, missing key,
/// wrong type); it never repeats the person's data.
pub fn cli_person_invalid(path: &std::path::Path, detail: &str) -> String {
    format!(
        "Le fichier personne « {} » n’est pas valide ({detail}). Son format est décrit dans le README (clés : civilite, nom, nom_naissance, prenoms, date_naissance AAAA-MM-JJ, lieu_naissance, adresse, code_postal, commune, email, telephone, departement, identifiants, representant).",
        path.display()
    )
}

pub fn json_where(what: &str, line: usize, column: usize) -> String {
    format!("{what}, ligne {line}, colonne {column}")
}

pub fn cli_bad_field(item: &str) -> String {
    format!(
        "--champ attend CLE=VALEUR, par exemple --champ date_demande=2026-03-15 (reçu : « {item} »)."
    )
}

pub fn cli_line_without_field() -> String {
    "--ligne ajoute une ligne au --champ qui la précède : donnez d'abord le champ, par exemple \
     --champ \"destinataire_adresse=Tribunal judiciaire de Nantes\" --ligne \"19 quai François \
     Mitterrand\" --ligne \"44000 Nantes\"."
        .into()
}

pub fn cli_line_on_one_line_field(key: &str) -> String {
    format!(
        "--ligne : le champ « {key} » tient sur une seule ligne ; --ligne sert aux adresses et \
         aux textes sur plusieurs lignes."
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

/// The manual's name, in the page's footer (`acces manuel`).
pub const MANUAL_NAME: &str = "Manuel d'acces";

pub fn cli_stdout_failed(e: &std::io::Error) -> String {
    format!("Impossible d’écrire sur la sortie standard : {e}.")
}

pub fn conditional_enclosures_header() -> &'static str {
    "Pièces à joindre selon votre situation (la lettre ne les mentionne pas ; ajoutez-les à la liste « Pièces jointes » si elles vous concernent) :"
}

pub fn cli_list_header() -> &'static str {
    "Modèles de lettres et champs demandés (* obligatoire). Donnez un champ avec --champ CLE=VALEUR ; les champs « personne » viennent aussi du fichier personne."
}

/// Where a letter field's value comes from, in `acces lettre --liste`.
pub const SOURCE_PERSON: &str = "personne";
pub const SOURCE_CASE: &str = "démarche";

/// One field in `acces lettre --liste`; `source` is [`SOURCE_PERSON`] or [`SOURCE_CASE`].
pub fn cli_list_field(key: &str, label: &str, required: bool, source: &str) -> String {
    let mark = if required { "*" } else { " " };
    format!("  {mark} {key:<28} {label} ({source})")
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
