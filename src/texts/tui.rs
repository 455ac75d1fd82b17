//! Everything the full-screen interface says, in French.

use chrono::NaiveDate;

// ── Terminal and start-up ────────────────────────────────────────────────────────────────

pub const NOT_A_TERMINAL: &str = "L'interface plein écran a besoin d'un terminal : la sortie \
n'en est pas un (redirection, tube…). Utilisez les commandes à la place (acces --help).";

pub fn terminal_failed(detail: &str) -> String {
    format!(
        "Impossible de préparer le terminal ({detail}). Essayez un autre terminal, ou utilisez \
         les commandes (acces --help)."
    )
}

pub const PANIC: &str = "acces a rencontré une erreur interne et s'est arrêté. Vos données \
enregistrées ne sont pas touchées. Merci de signaler le problème (sans y joindre de données \
personnelles).";

pub fn too_small(min: (u16, u16)) -> String {
    format!(
        "Fenêtre trop petite : agrandissez-la (au moins {} colonnes sur {} lignes).",
        min.0, min.1
    )
}

// ── Tabs and header ──────────────────────────────────────────────────────────────────────

pub const TAB_ACCUEIL: &str = "Accueil";
pub const TAB_CATALOGUE: &str = "Catalogue";

pub const APP_NAME: &str = "acces";

/// « samedi 28 novembre 2026 », « lundi 1er juin 2026 ».
pub fn long_date(d: NaiveDate) -> String {
    super::dates::date_fr_long(d)
}

// ── Key names (status line and help) ─────────────────────────────────────────────────────

pub const KEY_UP_DOWN: &str = "↑↓ j k";
pub const KEY_ENTER: &str = "Entrée";
pub const KEY_ESC: &str = "Échap";
pub const KEY_PAGE: &str = "PgPréc PgSuiv";
pub const KEY_HOME_END: &str = "Début Fin";
pub const KEY_BACKSPACE: &str = "Retour arrière";

// ── Key labels ───────────────────────────────────────────────────────────────────────────

pub const ACT_QUIT: &str = "quitter";
pub const ACT_HELP: &str = "aide";
pub const ACT_BACK: &str = "retour";
pub const ACT_MOVE: &str = "se déplacer";
pub const ACT_SCROLL: &str = "faire défiler";
pub const ACT_PAGE: &str = "page précédente / suivante";
pub const ACT_TOP_BOTTOM: &str = "début / fin";
pub const ACT_OPEN_SITUATION: &str = "voir les démarches";
pub const ACT_OPEN_FICHE: &str = "ouvrir la fiche";
pub const ACT_SEARCH: &str = "chercher";
pub const ACT_REGIME: &str = "filtrer par régime";
pub const ACT_CLEAR_FILTER: &str = "effacer recherche et filtre";
pub const ACT_GO_ACCUEIL: &str = "aller à l'accueil";
pub const ACT_GO_CATALOGUE: &str = "aller au catalogue";
pub const ACT_SEARCH_DONE: &str = "garder la recherche";
pub const ACT_SEARCH_CANCEL: &str = "annuler la recherche";
pub const ACT_ERASE: &str = "effacer un caractère";
pub const ACT_CLOSE: &str = "fermer";
pub const ACT_CONFIRM_QUIT: &str = "oui, quitter";
pub const ACT_STAY: &str = "non, rester";

// ── Accueil ──────────────────────────────────────────────────────────────────────────────

pub const ACCUEIL_TITLE: &str = "Que vous arrive-t-il ?";
pub const ACCUEIL_INTRO: &str = "Choisissez la situation qui vous ressemble le plus : acces \
vous dira quels fichiers peuvent vous concerner, à qui écrire et dans quels délais.";
pub const ACCUEIL_OR_CATALOGUE: &str = "Vous connaissez déjà le nom du fichier ? Touche c : \
le catalogue.";

pub const ACCUEIL_ENTER_HINT: &str = "Entrée pour les voir.";

pub fn step_position(sel: usize, total: usize) -> String {
    if total == 0 {
        String::new()
    } else {
        format!("démarche {} sur {total}", sel + 1)
    }
}

pub const SITUATION_STEPS: &str = "Démarches conseillées";
pub const SITUATION_WHY: &str = "Pourquoi : ";
pub const SITUATION_ADVICE: &str = "À savoir";
pub const SITUATION_SOURCE: &str = "Source : ";

pub fn suggestion_count(n: usize) -> String {
    match n {
        0 => "aucune démarche".into(),
        1 => "1 démarche".into(),
        n => format!("{n} démarches"),
    }
}

// ── Catalogue ────────────────────────────────────────────────────────────────────────────

pub const CATALOGUE_TITLE: &str = "Catalogue des fichiers";
pub const FILTER_ALL_REGIMES: &str = "tous";
pub const FILTER_REGIME: &str = "Régime : ";
pub const FILTER_SEARCH: &str = "Recherche : ";
pub const FILTER_NO_SEARCH: &str = "aucune (touche /)";
pub const FILTER_REGIME_HINT: &str = " (touche r)";
pub const COL_CODE: &str = "Code";
pub const COL_NAME: &str = "Nom";
pub const COL_REGIME: &str = "Régime";
pub const PREVIEW_OPEN_HINT: &str = "Entrée pour la fiche complète.";

pub fn route_count(n: usize) -> String {
    match n {
        0 => "Aucune démarche".into(),
        1 => "1 démarche possible".into(),
        n => format!("{n} démarches possibles"),
    }
}

pub const SEARCH_PROMPT: &str = "Chercher : ";
pub const CATALOGUE_EMPTY: &str = "Aucune fiche ne correspond. Échap efface la recherche et le \
filtre.";
pub const LOW_CONFIDENCE_SHORT: &str = "⚠ à revérifier";
pub const LOW_CONFIDENCE: &str = "⚠ confiance faible, à revérifier";

pub fn entry_count(shown: usize, total: usize) -> String {
    if shown == total {
        format!("{total} fiches")
    } else if shown <= 1 {
        format!("{shown} fiche sur {total}")
    } else {
        format!("{shown} fiches sur {total}")
    }
}

// ── Fiche (catalogue detail) ─────────────────────────────────────────────────────────────

pub const FICHE_SUMMARY: &str = "Ce que c'est : ";
pub const FICHE_WHO: &str = "Qui y figure : ";
pub const FICHE_CONTROLLER: &str = "Responsable : ";
pub const FICHE_REGIME: &str = "Régime : ";
pub const FICHE_ACCRED: &str = "Consulté lors des enquêtes administratives (ACCReD) : ";
pub const FICHE_RETENTION: &str = "Conservation : ";
pub const FICHE_LEGAL: &str = "Base légale";
pub const FICHE_ARTICLES: &str = "art. ";
pub const FICHE_NOTE: &str = "Note : ";
pub const FICHE_ENCLOSE: &str = "À joindre à une première demande";
pub const FICHE_ROUTES: &str = "Démarches possibles";
pub const FICHE_START: &str = "point de départ";
pub const FICHE_RECIPIENT: &str = "Destinataire : ";
pub const FICHE_TO_SPECIFY: &str = "à préciser : ";
pub const FICHE_EMAIL: &str = "E-mail : ";
pub const FICHE_ONLINE: &str = "En ligne : ";
pub const FICHE_TEXTS: &str = "Textes : ";
pub const FICHE_DEADLINE: &str = "Délai : ";
pub const FICHE_ROUTE_ENCLOSE: &str = "À joindre : ";
pub const FICHE_NO_LETTER: &str = "acces ne rédige pas cette démarche : suivez l'explication \
ci-dessus.";
pub const FICHE_NEXT: &str = "Ensuite : ";
pub const FICHE_CONFIDENCE: &str = "Fiabilité de ces informations";
pub const FICHE_REMARKS: &str = "Remarques : ";
pub const FICHE_SOURCES: &str = "Sources";

pub fn fiche_confidence(level: &str, checked: NaiveDate) -> String {
    format!(
        "Confiance : {level} (vérifié le {})",
        checked.format("%d/%m/%Y")
    )
}

pub fn scroll_position(first: usize, total: usize) -> String {
    format!("ligne {} sur {total}", first + 1)
}

// ── Aide ─────────────────────────────────────────────────────────────────────────────────

pub const HELP_TITLE: &str = "Aide — les touches de cet écran";
pub const HELP_EVERYWHERE: &str = "Partout";
pub const HELP_HERE: &str = "Sur cet écran";
pub const HELP_FOOTER: &str = "La souris fonctionne aussi : molette pour faire défiler, clic \
pour choisir. Échap ou ? ferme cette aide.";

// ── Quit confirmation ────────────────────────────────────────────────────────────────────

pub const CONFIRM_QUIT_TITLE: &str = "Quitter ?";
pub const CONFIRM_QUIT_TEXT: &str = "Ce que vous avez saisi dans ce formulaire n'est pas \
enregistré et sera perdu.";
pub const CONFIRM_QUIT_KEYS: &str = "o : oui, quitter   ·   n ou Échap : non, rester";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_in_french() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(long_date(d), "samedi 28 novembre 2026");
        let d = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        assert_eq!(long_date(d), "lundi 1er juin 2026");
    }
}
