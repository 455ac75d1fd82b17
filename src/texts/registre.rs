//! The shared register (PostgreSQL): connection, volunteers, group key, conflicts.

use std::fmt::Display;
use std::path::Path;

pub const BAD_URL: &str = "L'adresse du registre partagé n'est pas valable. Elle s'écrit \
postgres://ROLE@SERVEUR:PORT/BASE ; le mot de passe du rôle vient de la variable PGPASSWORD \
(ou suit le rôle dans l'adresse : ROLE:MOT@SERVEUR).";

pub const TLS_REQUIRED: &str = "Le registre partagé est sur un autre ordinateur : la connexion \
doit être chiffrée (TLS). Retirez « sslmode=disable » de l'adresse ; acces exige alors TLS et \
vérifie le certificat du serveur.";

pub fn tls_setup_failed(e: &dyn Display) -> String {
    format!("Impossible de préparer la connexion chiffrée (TLS) au registre partagé : {e}.")
}

pub const SERVER_UNREACHABLE: &str = "Le serveur du registre partagé ne répond pas (adresse, \
port, réseau ou certificat). Rien n'a été enregistré ; réessayez plus tard ou vérifiez \
l'adresse.";

pub const SERVER_REFUSED_LOGIN: &str = "Le serveur du registre partagé refuse la connexion : \
rôle ou mot de passe incorrect (PGPASSWORD), ou connexion que sa configuration n'accepte pas \
(pg_hba.conf).";

pub const NO_SUCH_DATABASE: &str = "Cette base n'existe pas sur le serveur du registre \
partagé. Demandez à la personne qui gère le serveur de la créer (voir le README).";

pub const NOT_ALLOWED: &str = "Votre rôle n'a pas le droit de faire cela sur le registre \
partagé. Rien n'a été enregistré.";

pub fn server_error(code: &str) -> String {
    format!(
        "Le serveur du registre partagé a refusé l'opération (code {code}). Rien n'a été \
         enregistré."
    )
}

pub fn server_failure(e: &dyn Display) -> String {
    format!("Erreur de connexion au registre partagé : {e}. Rien n'a été enregistré.")
}

pub const MIGRATION_NEEDS_OWNER: &str = "Ce registre partagé a été créé par une version \
précédente d'acces et doit être mis à jour. Seul le rôle propriétaire de la base peut le faire : \
la personne qui a créé le registre (acces registre creer-partage) doit l'ouvrir une fois avec \
cette version. Rien n'a été modifié.";

pub const NOT_A_SHARED_REGISTER: &str = "Cette base n'est pas un registre partagé acces (ou \
d'une autre version). Pour en créer un dans une base vide : acces registre creer-partage.";

pub const ALREADY_SHARED: &str = "Cette base contient déjà un registre partagé acces. Rien n'a \
été modifié.";

pub const NOT_A_MEMBER: &str = "Vous ne faites pas (ou plus) partie du groupe de ce registre \
partagé : votre identité de bénévole n'y a pas de clé. Demandez à la coordination de vous \
ajouter.";

pub const UNREADABLE_FIELD: &str = "Une donnée chiffrée du registre partagé ne se déchiffre \
pas avec la clé du groupe : elle a été modifiée ou déplacée sur le serveur. Rien n'a été \
enregistré ; prévenez la coordination.";

pub const NO_CURRENT_KEY: &str = "Vous n'avez pas la clé actuelle du groupe (vous avez été \
retiré du groupe, ou la clé a changé sans vous). Demandez à la coordination.";

pub const KEY_VERSION_MISSING: &str = "Une donnée du registre partagé a été écrite avec une \
clé du groupe que vous n'avez pas (écrite avant votre arrivée ou après votre retrait).";

pub const KEY_NOT_FOR_YOU: &str = "La clé du groupe enregistrée pour vous ne s'ouvre pas avec \
votre identité de bénévole (fichier d'identité d'un autre bénévole ?).";

pub const BAD_RECIPIENT: &str = "Ce n'est pas une clé publique de bénévole (elle commence par \
« age1 »).";

pub fn wrap_failed(e: &dyn Display) -> String {
    format!("Impossible de chiffrer la clé du groupe pour ce bénévole : {e}.")
}

pub fn identity_exists(path: &Path) -> String {
    format!(
        "Une identité de bénévole existe déjà ({}). Elle n'a pas été remplacée.",
        path.display()
    )
}

pub fn cannot_write_identity(path: &Path, e: &dyn Display) -> String {
    format!(
        "Impossible d'écrire l'identité de bénévole {} : {e}.",
        path.display()
    )
}

pub fn cannot_read_identity(path: &Path, e: &dyn Display) -> String {
    format!(
        "Impossible de lire l'identité de bénévole {} : {e}.",
        path.display()
    )
}

pub fn identity_damaged(path: &Path) -> String {
    format!(
        "L'identité de bénévole {} est abîmée ou n'en est pas une.",
        path.display()
    )
}

pub const IDENTITY_WRONG_PASSPHRASE: &str = "Phrase de passe incorrecte pour votre identité de \
bénévole.";

pub fn no_identity(dir: &Path) -> String {
    format!(
        "Pas d'identité de bénévole dans {}. Pour rejoindre un groupe : acces benevole identite \
         --benevole NOM, puis donnez la clé affichée à la coordination. Pour créer le registre \
         partagé d'un groupe : acces registre creer-partage --benevole NOM.",
        dir.display()
    )
}

pub fn person_changed_meanwhile(id: i64, who: &str) -> String {
    format!(
        "La personne n° {id} a été modifiée par {who} depuis que vous l'avez lue. Votre \
         modification n'a pas été enregistrée, pour ne pas effacer la sienne : relisez la \
         fiche (acces personne voir {id}) puis recommencez."
    )
}

pub fn case_changed_meanwhile(id: i64, who: &str, why: &str) -> String {
    format!(
        "Le dossier n° {id} a été modifié par {who} pendant votre saisie, et votre événement \
         ne s'accorde plus avec lui : {why} Rien n'a été enregistré ; relisez le dossier \
         (acces dossier voir {id})."
    )
}

pub fn case_deleted_meanwhile(id: i64) -> String {
    format!(
        "Le dossier n° {id} a été supprimé par un autre bénévole pendant votre saisie. Rien n'a \
         été enregistré."
    )
}

pub const LOCAL_ONLY: &str = "Cette commande concerne le registre local (le fichier chiffré de \
votre ordinateur) ; elle ne s'applique pas au registre partagé. Relancez-la sans --registre \
(et sans la variable ACCES_REGISTRE).";

pub const MIGRATE_ONE_WAY: &str = "Indiquez soit --vers ADRESSE (du registre local vers le \
registre partagé), soit --depuis ADRESSE (du registre partagé vers le registre local).";

pub const MIGRATE_WITHOUT_REGISTRE: &str = "acces registre migrer va d'un registre à l'autre : \
donnez l'adresse du registre partagé avec --vers ou --depuis, sans --registre ni \
ACCES_REGISTRE.";

pub const BAD_VOLUNTEER_NAME: &str = "Nom de bénévole invalide : de 1 à 63 caractères, des \
lettres minuscules sans accent, des chiffres, « - » ou « _ », en commençant par une lettre \
(c'est aussi le nom de son rôle PostgreSQL).";

pub const NEED_REGISTER_URL: &str = "Donnez l'adresse de la base PostgreSQL du registre \
partagé : --registre postgres://ROLE@SERVEUR/BASE (ou la variable ACCES_REGISTRE).";

pub fn identity_of_other(volunteer: &str) -> String {
    format!(
        "L'identité de bénévole de ce dossier de données est celle de « {volunteer} ». \
         Utilisez --benevole {volunteer}, ou un autre dossier de données (--data-dir)."
    )
}

pub fn created(volunteer: &str, identity: &Path) -> String {
    format!(
        "Registre partagé créé. Vous y êtes « {volunteer} », coordinateur ou coordinatrice. \
         Votre identité de bénévole est dans {} : elle est protégée par votre phrase de passe, \
         et sans elle vous ne pourrez plus lire le registre partagé ; sauvegardez-la.",
        identity.display()
    )
}

pub const TARGET_NOT_EMPTY: &str = "Le registre de destination n'est pas vide : acces registre \
migrer ne verse que dans un registre vide, pour garder les numéros. Rien n'a été modifié.";

pub fn migrated_counts(p: usize, p2: usize, c: usize, c2: usize, e: usize, e2: usize) -> String {
    format!(
        "personnes : {p} lues, {p2} dans la destination\n\
         dossiers : {c} lus, {c2} dans la destination\n\
         événements : {e} lus, {e2} dans la destination"
    )
}

pub const MIGRATION_MISMATCH: &str = "La destination ne contient pas exactement ce qui a été \
lu (voir les nombres ci-dessus). Le registre d'origine n'a pas été modifié ; ne l'effacez pas \
et demandez de l'aide.";

pub fn migrated(to_shared: bool) -> String {
    if to_shared {
        "Le registre local a été versé dans le registre partagé, et tout y est. Le registre \
         local n'a pas été modifié : gardez-le comme copie, ou supprimez-le quand le groupe \
         travaille sur le registre partagé."
            .to_string()
    } else {
        "Le registre partagé a été recopié dans le registre local, et tout y est. Le registre \
         partagé n'a pas été modifié."
            .to_string()
    }
}

pub const COORDINATORS_ONLY: &str = "Seule la coordination du groupe peut ajouter ou retirer \
des bénévoles. Rien n'a été modifié.";

pub const CANNOT_REMOVE_ONESELF: &str = "Vous ne pouvez pas vous retirer vous-même : demandez à \
une autre personne de la coordination.";

pub fn already_member(name: &str) -> String {
    format!("« {name} » fait déjà partie du groupe. Rien n'a été modifié.")
}

pub fn not_a_member(name: &str) -> String {
    format!("« {name} » ne fait pas partie du groupe (acces benevole liste). Rien n'a été modifié.")
}

pub const TLS_FAILED: &str = "La connexion chiffrée (TLS) au serveur du registre partagé a \
échoué : son certificat n'a pas pu être vérifié. Si le serveur a son propre certificat, donnez \
le fichier de son autorité dans la variable ACCES_REGISTRE_CA. Rien n'a été enregistré.";

pub const DATABASE_LEFT_OPEN: &str = "Attention : votre rôle ne possède pas cette base, acces \
n'a donc pas pu la fermer aux autres rôles du serveur. Demandez à l'administration du serveur : \
REVOKE ALL ON DATABASE … FROM PUBLIC (voir le README).";

pub fn identity_ready(volunteer: &str) -> String {
    format!(
        "Votre identité de bénévole « {volunteer} » est prête. Donnez la clé publique ci-dessus \
         (elle ne permet de rien lire) à la coordination, qui vous ajoutera : acces benevole \
         ajouter {volunteer} --cle age1…"
    )
}

pub fn volunteer_added(name: &str, role: bool) -> String {
    let role = if role {
        format!(" Son rôle PostgreSQL « {name} » a reçu les droits sur le registre.")
    } else {
        format!(
            " Aucun rôle PostgreSQL « {name} » n'existe sur le serveur : faites-le créer (voir \
             le README), puis relancez cette commande pour lui donner ses droits."
        )
    };
    format!("« {name} » fait maintenant partie du groupe et peut lire le registre partagé.{role}")
}

pub fn volunteer_removed(name: &str, version: u32, role: bool) -> String {
    let role = if role {
        " Son rôle PostgreSQL a perdu ses droits sur le registre.".to_string()
    } else {
        String::new()
    };
    format!(
        "« {name} » ne fait plus partie du groupe. La clé du groupe a changé (version \
         {version}) : ce qui sera écrit désormais lui est illisible ; ce qu'il ou elle a déjà \
         pu lire reste connu de lui ou d'elle.{role}"
    )
}

/// One line of `acces benevole liste` (dates as `YYYY-MM-DD…`).
pub fn volunteer_line(
    name: &str,
    added: &str,
    coordinator: bool,
    removed: Option<&str>,
    has_current_key: bool,
) -> String {
    let day = |d: &str| d.get(..10).unwrap_or(d).to_string();
    let mut line = format!("{name}  ajouté le {}", day(added));
    if coordinator {
        line.push_str("  coordination");
    }
    match removed {
        Some(r) => line.push_str(&format!("  retiré le {}", day(r))),
        None if !has_current_key => line.push_str("  sans la clé actuelle"),
        None => {}
    }
    line
}

pub const IDENTITY_KEPT_ITS_PASSPHRASE: &str = "Votre identité de bénévole (registre partagé) \
n'était pas protégée par la même phrase de passe que le registre local : elle garde la sienne.";

pub const IDENTITY_PASSPHRASE_CHANGED: &str = "Phrase de passe changée. Seule la nouvelle ouvre \
désormais votre identité de bénévole (et donc le registre partagé) ; les sauvegardes faites \
avant restent chiffrées avec l'ancienne.";
