//! Command-line help and parse errors.

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
