//! Messages and views of the tracker: persons, cases, events, deadlines (CLI output).

use std::fmt::Display;
use std::fmt::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::cases::status::{State, Status, Why};
use crate::cases::{Case, CaseHistory, Channel, EventKind, Outcome};
use crate::catalogue::Entry;
use crate::law::DueDate;
use crate::person::{Person, PersonHead};

pub const NO_PERSON: &str = "Aucune personne enregistrée (acces personne ajouter --fichier F).";
pub const NO_CASE: &str = "Aucun dossier ne correspond.";

pub fn cannot_read_file(path: &Path, e: &dyn Display) -> String {
    format!("Impossible de lire {} : {e}.", path.display())
}

/// What is wrong in a JSON file, without repeating any value from it (serde's messages for a
/// wrong type quote the value, which may be personal data).
pub fn json_problem(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let quoted = message.split('`').nth(1).unwrap_or("");
    if e.is_syntax() || e.is_eof() {
        "JSON mal formé (virgule, guillemet ou accolade manquant ?)".to_string()
    } else if message.starts_with("missing field") {
        format!("le champ obligatoire « {quoted} » manque")
    } else if message.starts_with("unknown field") {
        format!("le champ « {quoted} » est inconnu")
    } else if message.starts_with("duplicate field") {
        format!("le champ « {quoted} » apparaît deux fois")
    } else {
        "une valeur n'a pas le bon type ou la bonne forme (date AAAA-MM-JJ, texte, liste…)"
            .to_string()
    }
}

pub fn person_file_of_another(path: &Path, found: i64, asked: i64) -> String {
    format!(
        "{} est la fiche de la personne n° {found}, pas celle de la personne n° {asked} : rien \
         n'a été modifié.",
        path.display()
    )
}

pub fn person_json_invalid(path: &Path, e: &serde_json::Error) -> String {
    format!(
        "{} n'est pas un fichier personne valide (ligne {}, colonne {}) : {}. \
         Le format est décrit dans le README (« fichier personne »).",
        path.display(),
        e.line(),
        e.column(),
        json_problem(e)
    )
}

pub fn person_invalid(path: &Path, problems: &[String]) -> String {
    let mut s = format!(
        "{} contient des champs invalides ; rien n'a été enregistré :",
        path.display()
    );
    for p in problems {
        let _ = write!(s, "\n  - {p}");
    }
    s
}

pub fn person_updated(id: i64) -> String {
    format!("Personne n° {id} mise à jour.")
}

/// « Camille MARTIN ».
pub fn person_name(p: &Person) -> String {
    full_name(&p.prenoms, &p.nom)
}

/// « Camille MARTIN »: first names, then the family name in capitals.
pub fn full_name(prenoms: &str, nom: &str) -> String {
    format!("{} {}", prenoms.trim(), nom.trim().to_uppercase())
}

pub fn person_line(id: i64, p: &Person) -> String {
    format!(
        "  {id:>5}  {:<32} {} {}",
        person_name(p),
        p.code_postal,
        p.commune
    )
}

pub fn person_detail(id: i64, p: &Person) -> String {
    let mut s = format!("Personne n° {id}\n");
    let mut line = |label: &str, value: &str| {
        if !value.trim().is_empty() {
            let _ = writeln!(s, "  {label:<20} {value}");
        }
    };
    line("Civilité", p.civilite.as_deref().unwrap_or(""));
    line("Nom", &p.nom);
    line("Nom de naissance", p.nom_naissance.as_deref().unwrap_or(""));
    line("Prénoms", &p.prenoms);
    let born = p.date_naissance.map(date).unwrap_or_default();
    line("Né(e) le", &born);
    line("À", p.lieu_naissance.as_deref().unwrap_or(""));
    line("Adresse", &p.adresse.join(", "));
    line("Commune", &format!("{} {}", p.code_postal, p.commune));
    line("E-mail", p.email.as_deref().unwrap_or(""));
    line("Téléphone", p.telephone.as_deref().unwrap_or(""));
    line("Département", p.departement.as_deref().unwrap_or(""));
    line(
        "N° allocataire CAF",
        p.identifiants.caf.as_deref().unwrap_or(""),
    );
    line(
        "Id. France Travail",
        p.identifiants.france_travail.as_deref().unwrap_or(""),
    );
    if let Some(r) = &p.representant {
        line("Représenté(e) par", &r.nom);
    }
    s
}

/// A date in French: 15/03/2026.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Courrier => "courrier simple",
        Channel::Lrar => "lettre recommandée avec AR",
        Channel::Email => "e-mail",
        Channel::Formulaire => "formulaire en ligne",
        Channel::MainPropre => "remise en main propre",
    }
}

pub fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::DonneesCommuniquees => "données communiquées",
        Outcome::CommunicationPartielle => "communication partielle",
        Outcome::Refus => "refus ou restriction",
        Outcome::VerificationsEffectuees => {
            "« les vérifications nécessaires ont été effectuées » (CNIL)"
        }
        Outcome::EffacementFait => "effacement ou rectification faite",
        Outcome::DemandeDePieces => "demande de pièces",
        Outcome::Prorogation => "prorogation du délai notifiée",
        Outcome::Incompetence => "incompétence ou transmission à une autre autorité",
        Outcome::AucuneDonnee => "aucune donnée vous concernant",
    }
}

pub fn event_kind(k: &EventKind) -> String {
    match k {
        EventKind::Brouillon => "brouillon préparé".into(),
        EventKind::Envoye { canal, recommande } => {
            let mut s = String::from("envoyé");
            if let Some(c) = canal {
                let _ = write!(s, " ({})", channel(*c));
            }
            if let Some(r) = recommande {
                let _ = write!(s, ", recommandé n° {r}");
            }
            s
        }
        EventKind::Recu => "reçu par le destinataire (AR)".into(),
        EventKind::Reponse { issue } => format!("réponse : {}", outcome(*issue)),
        EventKind::Relance { canal, recommande } => {
            let mut s = String::from("relance envoyée");
            if let Some(c) = canal {
                let _ = write!(s, " ({})", channel(*c));
            }
            if let Some(r) = recommande {
                let _ = write!(s, ", recommandé n° {r}");
            }
            s
        }
        EventKind::Escalade {
            dossier,
            demarche: Some(r),
        } => format!("suite donnée ({r}) : dossier n° {dossier}"),
        EventKind::Escalade { dossier, .. } => format!("suite donnée : dossier n° {dossier}"),
        EventKind::Renonce { demarche } => format!("renonce à l'étape « {demarche} »"),
        EventKind::Annule { evenement } => format!("annule l'événement n° {evenement}"),
        EventKind::Note => "note".into(),
        EventKind::Clos => "dossier clos".into(),
    }
}

pub fn unknown_channel(given: &str) -> String {
    format!(
        "Canal « {given} » inconnu. Valeurs possibles : courrier, lrar, email, formulaire, \
         main-propre."
    )
}

pub const OUTCOME_NEEDED: &str =
    "Pour une réponse, indiquez son issue avec --issue (par exemple --issue refus).";

pub fn option_not_for_type(option: &str, kind: &str) -> String {
    format!("L'option {option} ne s'utilise pas avec --type {kind}.")
}

pub fn unknown_route(code: &str, route: &str, routes: &[&str]) -> String {
    format!(
        "Le fichier {code} n'a pas de démarche « {route} ». Démarches possibles : {}.",
        routes.join(", ")
    )
}

pub fn route_needed(code: &str, routes: &[&str]) -> String {
    format!(
        "Plusieurs démarches sont possibles pour {code} : choisissez avec --demarche ({}).",
        routes.join(", ")
    )
}

pub fn not_a_next_route(route: &str, parent: i64, next: &[String]) -> String {
    if next.is_empty() {
        format!(
            "La démarche du dossier n° {parent} n'ouvre pas d'étape suivante dans le catalogue : \
             « {route} » ne peut pas en être la suite."
        )
    } else {
        format!(
            "« {route} » n'est pas une suite prévue du dossier n° {parent}. Suites possibles : {}.",
            next.join(", ")
        )
    }
}

pub const ROUTE_TO_RENOUNCE_NEEDED: &str = "Pour « renonce », indiquez l'étape à laquelle vous \
renoncez avec --demarche (les étapes possibles sont dans « acces dossier voir ID »).";

/// The text of the `annule` event recorded with a correction.
pub fn correction_note() -> String {
    "corrigé par l'événement suivant".to_string()
}

pub fn confirm_delete_case(id: i64) -> String {
    format!(
        "Supprimer le dossier n° {id} et tout son historique, sans retour possible ? Tapez \
         « oui » pour confirmer :"
    )
}

pub fn confirm_delete_person(id: i64, cases: usize) -> String {
    format!(
        "Supprimer la personne n° {id} et ses {cases} dossier(s), sans retour possible ? Tapez \
         « oui » pour confirmer :"
    )
}

pub const CONFIRM_NEEDS_OUI: &str = "La suppression est définitive : confirmez-la avec --oui \
(aucune confirmation ne peut être demandée hors d'un terminal). Rien n'a été supprimé.";

pub const NOT_CONFIRMED: &str = "Non confirmé : rien n'a été supprimé.";

pub fn cannot_read_answer(e: &dyn Display) -> String {
    format!("Impossible de lire la réponse : {e}.")
}

pub fn case_deleted(id: i64) -> String {
    format!("Dossier n° {id} supprimé.")
}

pub fn person_deleted(id: i64, cases: usize) -> String {
    format!(
        "Personne n° {id} supprimée, avec {cases} dossier(s). Les sauvegardes faites avant \
         (acces-avant-*.db, acces sauvegarde) la contiennent encore : supprimez-les aussi si \
         besoin."
    )
}

pub const PERSON_NEEDED: &str =
    "Indiquez la personne concernée avec --personne ID (acces personne liste).";

pub const ENTRY_NEEDED: &str =
    "Indiquez le fichier concerné avec --fichier CODE (ou --suite-de ID).";

pub fn other_entry_for_follow_up(code: &str, parent_code: &str) -> String {
    format!("Le dossier d'origine concerne {parent_code} : sa suite ne peut pas concerner {code}.")
}

pub fn case_closed_msg(id: i64) -> String {
    format!("Dossier n° {id} clos.")
}

pub fn state(s: State) -> &'static str {
    match s {
        State::Brouillon => "brouillon",
        State::EnAttente => "en attente",
        State::EnRetard => "en retard",
        State::AAgir => "à vous d'agir",
        State::Termine => "terminé",
        State::Clos => "clos",
    }
}

/// What a status means, in a sentence (the help screen).
pub fn state_meaning(s: State) -> &'static str {
    match s {
        State::Brouillon => "la lettre est prête mais pas encore envoyée.",
        State::EnAttente => {
            "la lettre est envoyée ; l'administration a jusqu'à l'échéance \
             pour répondre. Rien à faire, sinon noter sa réponse quand elle arrive."
        }
        State::EnRetard => {
            "l'échéance est passée sans réponse. Vous pouvez relancer ou \
             passer à l'étape suivante."
        }
        State::AAgir => {
            "c'est à vous de faire quelque chose : contester un refus, envoyer \
             un document demandé… Ouvrez le dossier pour voir quoi et avant quelle date."
        }
        State::Termine => {
            "cette démarche est finie (réponse reçue, ou étape suivante \
             ouverte dans un autre dossier)."
        }
        State::Clos => "vous avez fermé ce dossier.",
    }
}

pub fn why(w: Why) -> &'static str {
    match w {
        Why::NotSent => "La lettre n'est pas encore envoyée.",
        Why::AwaitingReply => "Le destinataire a jusqu'à l'échéance pour répondre.",
        Why::AwaitingReplyExtended => {
            "Le destinataire a notifié une prorogation : son délai est prolongé."
        }
        Why::AwaitingNoDeadline => {
            "Envoyé. Le catalogue ne fixe pas de délai de réponse pour cette démarche : \
             notez la réponse quand elle arrive, ou décidez de la suite."
        }
        Why::SilencePastDue => {
            "Le délai de réponse est dépassé sans réponse. Vous pouvez relancer ou passer à \
             l'étape suivante."
        }
        Why::ImplicitRefusal => {
            "Sans réponse dans le délai, la demande est considérée comme refusée (décision \
             implicite de rejet). Vous pouvez passer à l'étape suivante."
        }
        Why::ImplicitRestriction => {
            "Sans réponse dans le délai, l'accès est considéré comme restreint. Vous pouvez \
             passer à l'étape suivante."
        }
        Why::Refused => "Le destinataire a refusé ou restreint : vous pouvez contester.",
        Why::PartialCommunication => "La communication est partielle : vous pouvez contester.",
        Why::DocumentsRequested => {
            "Le destinataire demande des pièces : envoyez-les, puis notez le nouvel envoi."
        }
        Why::Incompetent => {
            "Le destinataire se dit incompétent ou a transmis la demande : vérifiez à qui \
             écrire."
        }
        Why::Verifications => {
            "La CNIL indique que « les vérifications nécessaires ont été effectuées » : cette \
             étape est terminée. Un recours reste possible."
        }
        Why::DataCommunicated => "Les données ont été communiquées.",
        Why::Erased => "L'effacement ou la rectification a été fait.",
        Why::NoData => "Le destinataire indique ne détenir aucune donnée vous concernant.",
        Why::Escalated => "La suite a été donnée dans un autre dossier.",
        Why::Renounced => {
            "Vous avez renoncé à l'étape dont le délai courait ; les étapes sans délai restent \
             possibles."
        }
        Why::Closed => "Dossier clos.",
    }
}

/// A due date as the CLI and the TUI both word it: the day in full, and whether it is
/// estimated.
pub fn due_text(d: &DueDate) -> String {
    let mut s = crate::texts::dates::date_fr_long(d.due());
    if d.estimated {
        s.push_str(" (estimée : réception non confirmée)");
    }
    s
}

/// The person's date for a next step (its safe date), in the CLI and the TUI alike.
pub fn act_by(d: &DueDate) -> String {
    format!("à faire au plus tard le {}", due_text(d))
}

pub(super) fn route_title<'a>(entry: Option<&'a Entry>, route: &'a str) -> &'a str {
    entry
        .and_then(|e| e.route(route))
        .map(|r| r.title.as_str())
        .unwrap_or(route)
}

pub fn case_line(c: &Case, who: Option<&PersonHead>, st: &Status) -> String {
    let due = st
        .next_due()
        .map(|d| format!("  échéance {}", date(d)))
        .unwrap_or_default();
    format!(
        "  {:>5}  {:<14} {:<28} {}{}",
        c.id,
        state(st.state),
        format!("{} / {}", c.fichier, c.demarche),
        who.map(|p| full_name(&p.prenoms, &p.nom))
            .unwrap_or_default(),
        due
    )
}

/// Where a next step stands (the CLI and the TUI): taken in another case, let go, or its
/// date; nothing for an open step without a deadline.
pub fn next_step_state(n: &crate::cases::status::NextStep) -> Option<String> {
    match (&n.taken, &n.renounced, &n.deadline) {
        (Some(case), _, _) => Some(format!("engagée, dossier n° {case}")),
        (None, Some(d), _) => Some(format!("vous y avez renoncé le {}", date(*d))),
        (None, None, Some(d)) => Some(act_by(d)),
        (None, None, None) => None,
    }
}

pub fn case_detail(
    h: &CaseHistory,
    who: Option<&Person>,
    entry: Option<&Entry>,
    st: &Status,
    today: NaiveDate,
) -> String {
    let c = &h.case;
    let mut s = format!("Dossier n° {}\n", c.id);
    let _ = writeln!(
        s,
        "  Personne          n° {} {}",
        c.personne,
        who.map(person_name).unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "  Fichier           {}{}",
        c.fichier,
        entry.map(|e| format!(" — {}", e.name)).unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "  Démarche          {} ({})",
        route_title(entry, &c.demarche),
        c.demarche
    );
    if let Some(ch) = c.canal {
        let _ = writeln!(s, "  Canal             {}", channel(ch));
    }
    for r in &c.references {
        let _ = writeln!(s, "  Référence         {r}");
    }
    if let Some(p) = c.suite_de {
        let _ = writeln!(s, "  Suite du dossier  n° {p}");
    }
    if let Some(to) = &c.destinataire {
        let _ = writeln!(
            s,
            "  Destinataire      {}",
            to.lines().collect::<Vec<_>>().join(", ")
        );
    }
    let _ = writeln!(s, "  Ouvert le         {}", date(c.ouvert));
    if !st.route_known {
        let _ = writeln!(
            s,
            "  ⚠ Le catalogue ne connaît plus cette démarche : aucun délai n'est calculé."
        );
    }
    s.push_str("\nHistorique :\n");
    if h.events.is_empty() {
        s.push_str("  (aucun événement)\n");
    }
    for e in &h.events {
        let cancelled = if h.is_cancelled(e.id) {
            " [annulé]"
        } else {
            ""
        };
        let _ = write!(
            s,
            "  {:>4}  {}  {}{cancelled}",
            e.id,
            date(e.date),
            event_kind(&e.kind)
        );
        if let Some(txt) = &e.texte {
            let _ = write!(s, " — {txt}");
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "\nÉtat au {} : {}\n  {}",
        date(today),
        state(st.state),
        why(st.why)
    );
    if let Some(d) = &st.reply_due
        && matches!(st.state, State::EnAttente | State::EnRetard)
    {
        let _ = writeln!(s, "  Réponse attendue au plus tard le {}", due_text(d));
        for line in super::law::explanation(d) {
            let _ = writeln!(s, "    {line}");
        }
    }
    if let Some(d) = st.decision {
        let _ = writeln!(s, "  {}", decision_line(d, st.implicit_decision));
    }
    let open = st.next_steps.iter().any(|n| n.is_open());
    let offered = open && st.state != State::Clos;
    if !st.next_steps.is_empty() && (offered || !st.escalated_to.is_empty()) {
        s.push_str("\nSuite possible :\n");
        for n in &st.next_steps {
            let _ = write!(s, "  - {} ({})", route_title(entry, &n.route), n.route);
            match next_step_state(n) {
                Some(state) => {
                    let _ = writeln!(s, " : {state}");
                }
                None => s.push('\n'),
            }
        }
        if offered {
            let _ = writeln!(
                s,
                "  Pour l'ouvrir : acces dossier ouvrir --suite-de {} --demarche ETAPE\n  \
                 Pour y renoncer : acces evenement ajouter --dossier {} --type renonce \
                 --demarche ETAPE --date DATE",
                c.id, c.id
            );
        }
    }
    s
}

/// « Décision implicite née le 07/03/2026 (silence gardé par le destinataire) » or
/// « Décision du 10/02/2026 ».
pub fn decision_line(d: NaiveDate, implicit: bool) -> String {
    if implicit {
        format!(
            "Décision implicite née le {} (silence gardé par le destinataire) : il n'y a pas de \
             lettre de refus à citer ni à joindre.",
            date(d)
        )
    } else {
        format!("Décision du {}.", date(d))
    }
}

pub fn snapshot_invalid(path: &Path, e: &serde_json::Error) -> String {
    format!(
        "{} n'est pas un export acces valide (ligne {}, colonne {}) : {}. Rien n'a été \
         importé.",
        path.display(),
        e.line(),
        e.column(),
        json_problem(e)
    )
}

/// What an import did, for [`imported`]: counts of persons, cases and events.
pub struct Imported<'a> {
    pub simulation: bool,
    pub added: [usize; 3],
    pub skipped: [usize; 3],
    /// Persons updated from a newer version (their numbers).
    pub updated: &'a [i64],
    /// Persons changed here later than in the file: kept (their numbers).
    pub kept_newer: &'a [i64],
    pub refused: [usize; 3],
    pub ids_kept: bool,
}

fn counted([persons, cases, events]: [usize; 3]) -> String {
    format!("{persons} personne(s), {cases} dossier(s), {events} événement(s)")
}

fn numbers(ids: &[i64]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn imported(i: &Imported<'_>) -> String {
    let mut out = String::from(if i.simulation {
        "Simulation (rien n'a été écrit) :\n"
    } else {
        "Import terminé :\n"
    });
    out.push_str(&format!("  ajoutés : {}\n", counted(i.added)));
    if i.skipped != [0; 3] {
        out.push_str(&format!(
            "  déjà dans le registre, laissés tels quels : {}\n",
            counted(i.skipped)
        ));
    }
    if !i.updated.is_empty() {
        out.push_str(&format!(
            "  mises à jour (la version du fichier est plus récente) : personne(s) n° {}\n",
            numbers(i.updated)
        ));
    }
    if !i.kept_newer.is_empty() {
        out.push_str(&format!(
            "  différentes dans le fichier mais modifiées ici plus récemment, gardées telles \
             quelles : personne(s) n° {}\n",
            numbers(i.kept_newer)
        ));
    }
    if i.refused != [0; 3] {
        out.push_str(&format!(
            "  refusés (leur identité est déjà, ici, celle d'un autre dossier ou d'un autre \
             événement, ou ils en dépendent) : {}\n",
            counted(i.refused)
        ));
    }
    out.push_str(if i.ids_kept {
        "Les numéros sont conservés."
    } else if i.added == [0; 3] {
        "Rien de nouveau à ajouter."
    } else {
        "Le registre n'était pas vide : les ajouts ont reçu de nouveaux numéros."
    });
    out
}

pub fn backup_written(path: &Path, persons: usize, cases: usize, events: usize) -> String {
    format!(
        "Sauvegarde écrite dans {} : {persons} personne(s), {cases} dossier(s), {events} \
         événement(s). Elle est chiffrée avec la phrase de passe du registre (lisible aussi \
         avec l'outil age : age -d FICHIER).",
        path.display()
    )
}

pub const RESTORE_WOULD_REPLACE: &str = "Un registre existe déjà ici. Pour le remplacer par la \
sauvegarde, ajoutez --remplacer (l'ancien sera gardé à côté, sous un autre nom).";

pub fn restored(persons: usize, cases: usize, events: usize, kept: Option<&Path>) -> String {
    let mut s = format!(
        "Registre restauré : {persons} personne(s), {cases} dossier(s), {events} événement(s)."
    );
    if let Some(k) = kept {
        let _ = write!(s, " L'ancien registre est gardé dans {}.", k.display());
    }
    s
}

pub fn snapshot_unknown_fields(path: &Path, fields: &[String]) -> String {
    format!(
        "{} contient des champs qu'acces ne connaît pas ({}) : ils seraient perdus. Rien n'a \
         été importé ni restauré. Ce fichier vient-il d'une autre version d'acces ?",
        path.display(),
        fields.join(", ")
    )
}

pub fn restore_unknown_codes(problems: &[String]) -> String {
    let mut s = String::from(
        "Attention : le catalogue de cette version ne connaît plus certaines démarches de la \
         sauvegarde ; les dossiers sont restaurés tels quels :\n",
    );
    for p in problems {
        s.push_str("  – ");
        s.push_str(p);
        s.push('\n');
    }
    s.pop();
    s
}
