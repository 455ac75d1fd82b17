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

pub const OPENING_STORE: &str = "Ouverture du registre chiffré…";

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

/// « 28/11/2026 » where the long form does not fit.
pub fn short_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

// ── Key names (status line and help) ─────────────────────────────────────────────────────

pub const KEY_UP_DOWN: &str = "↑↓ j k";
pub const KEY_ENTER: &str = "Entrée";
pub const KEY_ESC: &str = "Échap";
pub const KEY_PAGE: &str = "PgPréc PgSuiv";
pub const KEY_HOME_END: &str = "Début Fin";
pub const KEY_BACKSPACE: &str = "Retour arrière";
pub const KEY_TAB: &str = "Tab";

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
pub const ACT_CLEAR_FIELD: &str = "vider le champ";
pub const ACT_CLOSE: &str = "fermer";
pub const ACT_CONFIRM_QUIT: &str = "oui, quitter";
pub const ACT_STAY: &str = "non, rester";
pub const ACT_CONFIRM_DISCARD: &str = "oui, abandonner";

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
pub const FILTER_NO_SEARCH: &str = "aucune (/)";
pub const FILTER_REGIME_HINT: &str = " (r)";
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

pub const HELP_TITLE: &str = "Aide — les touches, puis comment ça marche";
pub const MORE_BELOW: &str = "  ▼ la suite plus bas (↓, PgSuiv, Fin ou molette)";
pub const HELP_FLOW_TITLE: &str = "Comment ça marche";
pub const HELP_FLOW: &[&str] = &[
    "1. Accueil : choisissez votre situation ; acces indique quoi demander et à qui.",
    "2. Assistant (touche n ou Entrée) : il écrit la lettre avec vos informations et \
     l'enregistre dans un dossier.",
    "3. Envoyez la lettre, puis notez-le dans le dossier (onglet Dossiers) : acces calcule \
     la date limite de réponse.",
    "4. Quand la réponse arrive, notez-la (« Réponse reçue ») : acces propose la suite, \
     avec son délai.",
    "5. Échéances : les dates à venir, la plus proche en haut.",
];
pub const HELP_STATUSES_TITLE: &str = "Les statuts d'un dossier";
pub const HELP_EVERYWHERE: &str = "Partout";
pub const HELP_HERE: &str = "Sur cet écran";
pub const HELP_FOOTER: &str = "La souris fonctionne aussi : molette pour faire défiler, clic \
pour choisir. ↑↓, PgPréc PgSuiv, Début Fin font défiler cette aide ; Échap ou ? la ferme.";

// ── Quit confirmation ────────────────────────────────────────────────────────────────────

pub const CONFIRM_QUIT_TITLE: &str = "Quitter ?";
pub const CONFIRM_QUIT_TEXT: &str = "Ce que vous avez saisi dans ce formulaire n'est pas \
enregistré et sera perdu.";
pub const CONFIRM_QUIT_KEYS: &str = "o : oui, quitter   ·   n ou Échap : non, rester";
pub const CONFIRM_DISCARD_TITLE: &str = "Abandonner la saisie ?";
pub const CONFIRM_DISCARD_KEYS: &str = "o : oui, abandonner   ·   n ou Échap : non, rester";

// ── Questions before what cannot be undone ───────────────────────────────────────────────

pub const CONFIRM_DELETE_CASE_TITLE: &str = "Supprimer ce dossier ?";
pub fn confirm_delete_case(id: i64) -> String {
    format!(
        "Le dossier n° {id} et tout son historique seront effacés du registre, sans retour \
         possible. Ses échéances ne seront plus affichées."
    )
}
pub const CONFIRM_DELETE_PERSON_TITLE: &str = "Supprimer cette personne ?";
pub fn confirm_delete_person(name: &str, cases: usize) -> String {
    let cases = match cases {
        0 => "aucun dossier".to_string(),
        1 => "son dossier".to_string(),
        n => format!("ses {n} dossiers"),
    };
    format!(
        "{name} et {cases} seront effacés du registre, sans retour possible (droit à \
         l'oubli)."
    )
}
pub const CONFIRM_RENOUNCE_TITLE: &str = "Renoncer à cette étape ?";
pub fn confirm_renounce(step: &str, due: Option<&str>) -> String {
    let due = due
        .map(|d| format!(" Son délai ({d}) ne sera plus affiché dans Échéances."))
        .unwrap_or_default();
    format!("Vous notez aujourd'hui que vous ne ferez pas « {step} ».{due}")
}
pub const CONFIRM_KEYS: &str = "o : oui   ·   n ou Échap : non, annuler";
pub const ACT_CONFIRM: &str = "oui";
pub const KEY_DELETE: &str = "Suppr";
pub const KEY_ALT_ENTER: &str = "Alt+Entrée";
pub const ACT_NEW_LINE: &str = "nouvelle ligne";
pub const ACT_DELETE_PERSON: &str = "supprimer la personne";
pub const ACT_DELETE_CASE: &str = "supprimer le dossier";
pub fn case_deleted(id: i64) -> String {
    format!("Dossier n° {id} supprimé.")
}
pub fn person_deleted(name: &str) -> String {
    format!("{name} et ses dossiers ont été supprimés.")
}
pub const RENOUNCED: &str = "Noté : vous renoncez à cette étape.";

// ── Tracker: tabs, unlock ────────────────────────────────────────────────────────────────

pub const TAB_PERSONNES: &str = "Personnes";
pub const TAB_DOSSIERS: &str = "Dossiers";
pub const TAB_ECHEANCES: &str = "Échéances";
pub const TAB_STATISTIQUES: &str = "Statistiques";
/// In the tab bar of a narrow terminal (80 columns), where the long name leaves no room.
pub const TAB_STATISTIQUES_SHORT: &str = "Stats";

pub const ACT_GO_PERSONNES: &str = "aller aux personnes";
pub const ACT_GO_DOSSIERS: &str = "aller aux dossiers";
pub const ACT_GO_ECHEANCES: &str = "aller aux échéances";
pub const ACT_GO_STATISTIQUES: &str = "aller aux statistiques";
pub const ACT_CHART: &str = "autre graphique";

pub const UNLOCK_TITLE: &str = "Ouvrir votre registre";
pub const UNLOCK_TITLE_NEW: &str = "Créer votre registre";
pub const UNLOCK_INTRO: &str = "Vos personnes, dossiers et échéances sont gardés dans un \
registre chiffré sur cet ordinateur. Tapez votre phrase de passe pour l'ouvrir.";
pub const UNLOCK_INTRO_NEW: &str = "acces va créer un registre chiffré sur cet ordinateur pour \
garder vos personnes, dossiers et échéances. Choisissez une phrase de passe (plusieurs mots, \
faciles à retenir pour vous). Retenez-la bien : sans elle, personne, pas même vous, ne pourra \
relire le registre.";
pub const UNLOCK_TITLE_SHARED: &str = "Ouvrir le registre partagé de votre groupe";
pub const UNLOCK_INTRO_SHARED: &str = "Les personnes, dossiers et échéances de votre groupe \
sont gardés sur son serveur ; ce qui désigne les personnes y est chiffré. Tapez la phrase de \
passe de votre identité de bénévole (celle choisie avec « acces benevole identite ») pour \
l'ouvrir.";
pub const UNLOCK_FIELD: &str = "Phrase de passe";
pub const UNLOCK_FIELD_CONFIRM: &str = "Retapez-la";
pub const UNLOCK_SKIP: &str = "Échap : continuer sans le registre (guide et catalogue seulement).";
pub const UNLOCK_MISMATCH: &str = "Les deux phrases ne sont pas identiques : retapez-les.";
pub const UNLOCK_LOCKED: &str = "Le registre n'est pas ouvert. Allez à l'onglet Personnes, \
Dossiers ou Échéances pour taper votre phrase de passe.";
pub const NO_STORE: &str = "Le registre n'est pas disponible dans cette session.";
pub const ACT_UNLOCK: &str = "ouvrir le registre";
pub const ACT_SKIP: &str = "continuer sans le registre";

// ── Forms ────────────────────────────────────────────────────────────────────────────────

pub const ACT_NEXT_FIELD: &str = "champ suivant";
pub const ACT_PREV_FIELD: &str = "champ précédent";
pub const ACT_CHOOSE: &str = "changer le choix";
pub const ACT_SUBMIT_OR_NEXT: &str = "suivant / valider";
pub const ACT_SEE_FICHE: &str = "voir la fiche du fichier";
pub const ACT_CANCEL: &str = "annuler";
pub const KEY_NEXT_FIELD: &str = "Tab ↓";
pub const KEY_PREV_FIELD: &str = "Maj+Tab ↑";
pub const KEY_LEFT_RIGHT: &str = "← →";
pub const KEY_CTRL_C: &str = "Ctrl+C";
pub const KEY_CTRL_U: &str = "Ctrl+U";
pub const FORM_REQUIRED_MARK: &str = " *";
pub const FORM_FOOTER: &str = "* obligatoire. Entrée passe au champ suivant ; sur le dernier \
champ, Entrée valide.";
pub const FORM_HAS_ERRORS: &str =
    "Certains champs sont à corriger : voyez les messages ⚠ sous ces champs.";
pub const NONE_CHOICE: &str = "—";

// ── Personnes ────────────────────────────────────────────────────────────────────────────

pub const PERSONNES_TITLE: &str = "Personnes";
pub const PERSONNES_EMPTY: &str = "Aucune personne pour l'instant. Touche n : ajouter la \
personne pour qui écrire (vous-même, ou quelqu'un que vous aidez). Touche i : importer le \
tableur de votre groupe ou l'export d'un·e bénévole.";
pub const ACT_NEW_PERSON: &str = "ajouter une personne";
pub const ACT_IMPORT: &str = "importer (tableur, export)";
pub const ACT_MANDATE: &str = "rédiger le mandat de la personne (ses dossiers ouverts)";
pub const ACT_IMPORT_NOW: &str = "importer";
pub const ACT_IMPORT_VALID: &str = "importer les lignes valides";
pub const ACT_IMPORT_OTHER_FILE: &str = "autre fichier";

pub const IMPORT_TITLE: &str = "Importer";
pub const IMPORT_INTRO: &str = "Importez le tableur de votre groupe (CSV enregistré par un \
tableur : Nom, Prénom(s), Adresse, CP, Ville…) ou un export JSON d'acces (celui d'un·e \
bénévole, par exemple). Rien n'est écrit avant que vous ayez vu ce que l'import ferait et \
confirmé. Ce qui est déjà dans le registre n'est pas ajouté deux fois.";
pub const IMPORT_FILE_LABEL: &str = "Fichier";
pub const IMPORT_FILE_HINT: &str =
    "Chemin du fichier, par exemple ~/Documents/groupe.csv (vous pouvez le glisser ici)";
pub const IMPORT_FILE_MISSING: &str = "Indiquez le fichier à importer.";
pub const IMPORT_ASK: &str = "Entrée : importer pour de bon. Échap : choisir un autre fichier.";
pub fn import_ask_valid_only(bad: usize, good: usize) -> String {
    let bad = if bad == 1 {
        "1 ligne a des erreurs".to_string()
    } else {
        format!("{bad} lignes ont des erreurs")
    };
    format!(
        "{bad} (ci-dessus, avec leur numéro) : rien n'est importé tel quel. Corrigez le tableur \
         puis Échap pour le relire, ou v : importer seulement les {good} lignes valides."
    )
}
pub const IMPORT_FIX_OR_VALID_ONLY: &str = "Des lignes ont des erreurs : corrigez le tableur, \
ou v pour n'importer que les lignes valides. Rien n'a été importé.";
pub const ACT_EDIT_PERSON: &str = "modifier";
pub const PERSON_NEW_TITLE: &str = "Nouvelle personne";
pub const PERSON_EDIT_TITLE: &str = "Modifier la personne";
pub const PF_CIVILITE: &str = "Civilité";
pub const PF_NOM: &str = "Nom";
pub const PF_PRENOMS: &str = "Prénoms";
pub const PF_NOM_NAISSANCE: &str = "Nom de naissance";
pub const PF_DATE_NAISSANCE: &str = "Date de naissance";
pub const PF_LIEU_NAISSANCE: &str = "Lieu de naissance";
pub const PF_ADRESSE: &str = "Adresse (numéro et rue)";
pub const PF_ADRESSE2: &str = "Complément d'adresse";
pub const PF_CODE_POSTAL: &str = "Code postal";
pub const PF_COMMUNE: &str = "Commune";
pub const PF_DEPARTEMENT: &str = "Département";
pub const PF_EMAIL: &str = "E-mail";
pub const PF_TELEPHONE: &str = "Téléphone";
pub const PF_CAF: &str = "N° allocataire CAF";
pub const PF_FT: &str = "Identifiant France Travail";
pub const PF_REP_NOM: &str = "Représenté(e) par";
pub const PF_REP_QUALITE: &str = "Qualité du représentant";
pub const PF_REP_ADRESSE: &str = "Adresse du représentant";
pub const PF_REP_EMAIL: &str = "E-mail du représentant";
pub const HINT_REP_NOM: &str = "association, avocat… ; vide : aucun";
pub const HINT_REP_QUALITE: &str = "ex. association X, mandataire";
pub const HINT_REP_ADRESSE: &str = "où va la réponse ; une ligne par ligne";
pub const CIVILITES: [&str; 2] = ["Madame", "Monsieur"];
pub const HINT_DATE: &str = "JJ/MM/AAAA";
pub const HINT_DEPARTEMENT: &str = "ex. 75, 2A, 974 (jours fériés locaux)";
pub const PERSON_SAVED: &str = "Personne enregistrée.";

pub fn person_count(n: usize) -> String {
    match n {
        0 | 1 => format!("{n} personne"),
        n => format!("{n} personnes"),
    }
}

pub fn person_cases(n: usize) -> String {
    match n {
        0 => "aucun dossier".into(),
        1 => "1 dossier".into(),
        n => format!("{n} dossiers"),
    }
}

// ── Dossiers ─────────────────────────────────────────────────────────────────────────────

pub const DOSSIERS_TITLE: &str = "Dossiers";
pub const DOSSIERS_EMPTY: &str = "Aucun dossier. Pour en ouvrir un : Accueil, choisissez votre \
situation, choisissez une démarche et appuyez sur Entrée pour rédiger la lettre.";
pub const DOSSIERS_NONE_MATCH: &str = "Aucun dossier ne correspond. Échap efface la recherche \
et le filtre.";
pub const COL_NUMBER: &str = "N°";
pub const COL_PERSON: &str = "Personne";
pub const COL_TOWN: &str = "Commune";
pub const COL_FILE: &str = "Fichier";
pub const COL_ROUTE: &str = "Démarche";
pub const COL_STATUS: &str = "Statut";
pub const COL_DUE: &str = "Échéance";
pub const COL_DAYS: &str = "Jours";
pub const FILTER_STATUS: &str = "Statut : ";
pub const FILTER_ALL_STATUS: &str = "tous";
pub const FILTER_STATUS_HINT: &str = " (f)";
pub const SORT_LABEL: &str = "Tri : ";
pub const SORT_HINT: &str = " (o)";
pub const SORT_DUE: &str = "échéance";
pub const SORT_PERSON: &str = "personne";
pub const SORT_FILE: &str = "fichier";
pub const SORT_STATUS: &str = "statut";
pub const ACT_FILTER_STATUS: &str = "filtrer par statut";
pub const ACT_SORT: &str = "changer le tri";
pub const ACT_OPEN_CASE: &str = "ouvrir le dossier";

pub fn case_count(shown: usize, total: usize) -> String {
    let word = |n: usize| if n <= 1 { "dossier" } else { "dossiers" };
    if shown == total {
        format!("{total} {}", word(total))
    } else {
        format!("{shown} {} sur {total}", word(shown))
    }
}

/// Days left before a due date, as a short marker that also reads without colour.
pub fn days_left(days: i64) -> String {
    match days {
        d if d < 0 => format!("⚠ retard {} j", -d),
        0 => "⚠ aujourd'hui".into(),
        1 => "● demain".into(),
        d if d <= 7 => format!("● {d} j"),
        d => format!("{d} j"),
    }
}

/// How long a draft or a sending has waited, beside its date (Échéances).
pub fn waited(days: i64) -> String {
    format!("depuis {days} j")
}

// ── Échéances ────────────────────────────────────────────────────────────────────────────

pub const ECHEANCES_TITLE: &str = "Échéances";
pub const ECHEANCES_LATER: &str = "Plus tard";
pub const ECHEANCES_NONE: &str = "  (aucun)";
pub const ECHEANCES_EMPTY: &str = "Rien à surveiller pour l'instant : aucun dossier envoyé. \
Quand vous notez l'envoi d'une lettre, ses échéances apparaissent ici.";
pub const DUE_REPLY: &str = "réponse attendue";
pub const DUE_STEP: &str = "à vous : ";
pub const DUE_ESTIMATED: &str = " (estimée)";

pub fn section_count(title: &str, n: usize) -> String {
    format!("{title} ({n})")
}

// ── Dossier ──────────────────────────────────────────────────────────────────────────────

pub const DOSSIER_TITLE: &str = "Dossier";
pub const DOSSIER_PERSON: &str = "Pour : ";
pub const DOSSIER_FILE: &str = "Fichier : ";
pub const DOSSIER_ROUTE: &str = "Démarche : ";
pub const DOSSIER_RECIPIENT: &str = "Destinataire : ";
pub const DOSSIER_STATUS: &str = "Statut : ";
pub const DOSSIER_SENT: &str = "Envoyé le : ";
pub const DOSSIER_RECEIVED: &str = "Reçu le : ";
pub const DOSSIER_REPLY_DUE: &str = "Réponse attendue au plus tard le : ";
pub const DOSSIER_NEXT: &str = "Étape suivante possible : ";
pub const DOSSIER_REFERENCES: &str = "Références : ";
pub const DOSSIER_FOLLOWS: &str = "Suite du dossier n° ";
pub const DOSSIER_TIMELINE: &str = "Historique";
pub const DOSSIER_OPENED: &str = "dossier ouvert";
pub const DOSSIER_ACTIONS: &str = "Que voulez-vous faire ?";
pub const DOSSIER_NO_ACTION: &str = "Ce dossier est clos : plus rien à faire.";
pub const ACT_PANE: &str = "historique / actions";
pub const ACT_DO: &str = "faire";

pub fn dossier_title(id: i64) -> String {
    format!("Dossier n° {id}")
}

pub const DA_SENT: &str = "Noter l'envoi de la lettre (date, moyen, n° de recommandé)";
pub const DA_RECEIVED: &str = "Noter la réception par le destinataire (date de l'accusé de \
réception)";
pub const DA_REPLY: &str = "Noter la réponse reçue et ce qu'elle dit";
pub const DA_REMINDER: &str = "Rédiger une relance";
pub const DA_NEXT: &str = "Rédiger la suite : ";
pub const DA_NEXT_NO_LETTER: &str = "Voir comment faire la suite : ";
pub const DA_CLOSE: &str = "Clore le dossier";
pub const DA_RENOUNCE: &str = "Renoncer à : ";
/// Beside an event cancelled by a later one (the history keeps both).
pub const EVENT_CANCELLED: &str = " [annulé]";

pub const EF_SENT_TITLE: &str = "Envoi de la lettre";
pub const EF_RECEIVED_TITLE: &str = "Réception par le destinataire";
pub const EF_REPLY_TITLE: &str = "Réponse reçue";
pub const EF_CLOSE_TITLE: &str = "Clore le dossier";
pub const EF_DATE: &str = "Date";
pub const EF_SENT_DATE: &str = "Date d'envoi";
pub const EF_CHANNEL: &str = "Moyen d'envoi";
pub const EF_RECOMMANDE: &str = "N° du recommandé";
pub const EF_RECEIVED_DATE: &str = "Date de l'accusé de réception";
pub const EF_REPLY_DATE: &str = "Date de la réponse";
pub const EF_OUTCOME: &str = "Ce qu'elle dit";
pub const EF_NOTE: &str = "Remarque (facultatif)";
pub const EF_REASON: &str = "Pourquoi clore";
pub const EF_SAVED: &str = "Enregistré.";

// ── Assistant (wizard) ───────────────────────────────────────────────────────────────────

pub const ACT_WIZARD: &str = "rédiger la lettre";
pub const WIZ_TITLE: &str = "Rédiger une lettre";
pub const WIZ_STEP_PERSON: &str = "1. Pour qui ?";
pub const WIZ_STEP_FILE: &str = "2. Quel fichier ?";
pub const WIZ_STEP_ROUTE: &str = "3. Quelle démarche ?";
pub const WIZ_STEP_FIELDS: &str = "4. Ce que la lettre doit dire";
pub const WIZ_STEP_PREVIEW: &str = "5. Relisez la lettre";
pub const WIZ_STEP_SAVE: &str = "6. Enregistrer et suivre";
pub const WIZ_NO_PERSON: &str = "Aucune personne enregistrée. Touche n : ajouter la personne \
pour qui écrire.";
pub const WIZ_NO_LETTER_ROUTE: &str = "acces ne rédige aucune lettre pour ce fichier : voyez \
sa fiche dans le catalogue.";
pub const WIZ_NO_FIELD: &str = "La lettre n'a besoin de rien d'autre : Entrée pour la relire.";
pub const WIZ_WARNINGS: &str = "⚠ Attention : cette lettre s'appuie sur des faits de \
confiance faible. Vérifiez-les avant d'envoyer :";
pub const WIZ_ENCLOSE_IF: &str = "Pièces à joindre selon votre situation : ";
pub const WIZ_PREVIEW_HINT: &str = "Entrée : continuer vers l'enregistrement.";
pub const WIZ_FORMAT: &str = "Format";
pub const WIZ_FORMATS: [&str; 3] = [
    "texte (.txt)",
    "PDF à imprimer (.pdf)",
    "e-mail à ouvrir dans votre messagerie (.eml)",
];
pub const WIZ_FOLDER: &str = "Dossier où enregistrer";
pub const WIZ_SENT: &str = "Déjà envoyée ?";
pub const WIZ_NOT_SENT: &str = "pas encore envoyé";
pub const WIZ_SENT_DATE: &str = "Date d'envoi";
pub const WIZ_RECOMMANDE: &str = "N° du recommandé";
pub const ACT_NEXT_STEP: &str = "continuer";
pub const ACT_CHOOSE_ITEM: &str = "choisir";

pub fn wiz_sent_by(channel: &str) -> String {
    format!("oui, par {channel}")
}

pub fn wiz_saved(path: &str, case: i64) -> String {
    format!("Lettre enregistrée : {path} — dossier n° {case} ouvert.")
}

pub fn wiz_cannot_save(detail: &str) -> String {
    format!("La lettre n'a pas pu être enregistrée : {detail}")
}

/// The letter's file name: no personal data in it.
pub fn wiz_letter_file(code: &str, kind: &str, date: NaiveDate, ext: &str) -> String {
    format!(
        "acces-{}-{kind}-{}.{ext}",
        code.to_lowercase(),
        date.format("%Y-%m-%d")
    )
}

pub fn wiz_not_recorded(detail: &str) -> String {
    format!(
        "Le dossier n'a pas pu être noté dans le registre, et la lettre n'a pas été \
         enregistrée : {detail}"
    )
}

pub fn wiz_recorded_not_written(case: i64, detail: &str) -> String {
    format!(
        "Attention : le dossier n° {case} est noté, mais la lettre n'a pas pu être enregistrée : \
         {detail} Refaites la lettre depuis ce dossier."
    )
}

pub const WIZ_LINES_HINT: &str = "une ligne de plus : Alt+Entrée";
pub use super::validate::DATE_IN_FUTURE;

pub fn folder_missing(dir: &str) -> String {
    format!("Le dossier « {dir} » n'existe pas : indiquez un dossier existant.")
}

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
