//! The tracker screens and the Assistant on a TestBackend, over a real encrypted store in a
//! temporary directory: snapshots at 80×24 and 120×40, and key walks from the situation to
//! a letter file and a case.

use crate::common;

use acces::cases::{CaseFilter, Channel, EventKind, NewCase, NewEvent, Outcome};
use acces::person::Person;
use acces::store::{self, LockMode, Passphrase, Store};
use acces::tui::{App, StoreAccess, ui};
use chrono::NaiveDate;
use common::{SIZES, app_on, draw, fixture_catalogue, keys, screen_text as text, today};
use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn pass() -> Passphrase {
    Passphrase::new("phrase de test")
}

fn camille() -> Person {
    Person {
        civilite: Some("Madame".into()),
        nom: "Dupont".into(),
        prenoms: "Camille".into(),
        date_naissance: Some(d("1990-03-12")),
        lieu_naissance: Some("Lyon".into()),
        adresse: vec!["12 rue des Lilas".into()],
        code_postal: "75011".into(),
        commune: "Paris".into(),
        departement: Some("75".into()),
        email: Some("camille@exemple.fr".into()),
        ..Person::default()
    }
}

fn karim() -> Person {
    Person {
        nom: "Benali".into(),
        prenoms: "Karim".into(),
        adresse: vec!["3 place de l'Église".into()],
        code_postal: "57000".into(),
        commune: "Metz".into(),
        departement: Some("57".into()),
        ..Person::default()
    }
}

/// Two persons and four cases: one waiting (TAJ, sent and received), one past its reply
/// deadline (EASP), one draft (FT-SUSPICION), one closed.
fn fill(store: &mut dyn Store) {
    let c = store.add_person(&camille()).unwrap();
    let k = store.add_person(&karim()).unwrap();
    let open = |s: &mut dyn Store, p, f: &str, r: &str, when: &str| {
        s.open_case(&NewCase {
            personne: p,
            fichier: f.into(),
            demarche: r.into(),
            canal: Some(Channel::Lrar),
            references: vec![],
            suite_de: None,
            ouvert: d(when),
        })
        .unwrap()
    };
    let sent = |s: &mut dyn Store, case, when: &str| {
        s.add_event(
            case,
            &NewEvent {
                date: d(when),
                kind: EventKind::Envoye {
                    canal: Some(Channel::Lrar),
                    recommande: Some("1A 000 000 0001 2".into()),
                },
                texte: None,
            },
        )
        .unwrap();
    };
    let taj = open(store, c, "TAJ", "acces", "2026-11-02");
    sent(store, taj, "2026-11-02");
    store
        .add_event(
            taj,
            &NewEvent {
                date: d("2026-11-05"),
                kind: EventKind::Recu,
                texte: None,
            },
        )
        .unwrap();
    let easp = open(store, k, "EASP", "acces", "2026-06-01");
    sent(store, easp, "2026-06-01");
    open(store, c, "FT-SUSPICION", "rgpd", "2026-11-20");
    let done = open(store, k, "TAJ", "acces", "2026-03-01");
    sent(store, done, "2026-03-02");
    store
        .add_event(
            done,
            &NewEvent {
                date: d("2026-04-10"),
                kind: EventKind::Reponse {
                    issue: Outcome::DonneesCommuniquees,
                },
                texte: None,
            },
        )
        .unwrap();
    store
        .add_event(
            done,
            &NewEvent {
                date: d("2026-04-12"),
                kind: EventKind::Clos,
                texte: Some("Réponse complète reçue.".into()),
            },
        )
        .unwrap();
}

struct Env {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
    letters: std::path::PathBuf,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let letters = dir.path().join("lettres");
    std::fs::create_dir_all(&letters).unwrap();
    Env {
        _dir: dir,
        data,
        letters,
    }
}

fn open_store(e: &Env) -> Box<dyn Store> {
    Box::new(store::open(&e.data, &pass(), LockMode::Command, true).unwrap())
}

fn app_with(e: &Env, size: (u16, u16), access: StoreAccess) -> App {
    app_on(size, access, e.letters.clone())
}

/// An app on a filled store.
fn app(e: &Env, size: (u16, u16)) -> App {
    let mut s = open_store(e);
    if s.persons().unwrap().is_empty() {
        fill(s.as_mut());
    }
    app_with(e, size, StoreAccess::Open(s))
}

fn snap(name: &str, script: &str) {
    let e = env();
    for size in SIZES {
        let mut a = app(&e, size);
        keys(&mut a, script);
        let term = draw(&a);
        // The temporary folder's name changes each run.
        let shown = term
            .backend()
            .to_string()
            .replace(&e.letters.display().to_string(), "[LETTRES]");
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), shown);
        drop(a);
    }
}

#[test]
fn personnes() {
    snap("personnes", "p");
}

#[test]
fn person_form_with_messages_next_to_the_fields() {
    // Entrée on the last field (the representative's e-mail) validates.
    snap(
        "person_form_errors",
        "pn<Tab>Martin<Tab><Tab><Tab>31/02/1990<Tab><Tab><Tab><Tab>750<Tab><Tab>2C<Tab>pas-un-email\
         <Tab><Tab><Tab><Tab><Tab><Tab><Tab><Enter>",
    );
}

/// The representative's fields at the end of the person form, checked as the person file's
/// `representant` is: a capacity without a name, a wrong e-mail.
#[test]
fn person_form_with_a_representative() {
    snap(
        "person_form_representative",
        "p<Enter><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>\
         association, mandataire<Tab><Tab>pas-un-email<Enter>",
    );
}

#[test]
fn dossiers() {
    snap("dossiers", "d");
}

#[test]
fn dossiers_filtered_by_status_and_searched() {
    snap("dossiers_filtered", "dff/dupont<Enter>");
}

#[test]
fn echeances() {
    snap("echeances", "e");
}

#[test]
fn a_letter_sent_today_shows_its_two_month_deadline_under_plus_tard() {
    let e = env();
    let mut s = open_store(&e);
    fill(s.as_mut());
    let p = s.persons().unwrap()[0].id;
    let case = s
        .open_case(&NewCase {
            personne: p,
            fichier: "TAJ".into(),
            demarche: "acces".into(),
            canal: Some(Channel::Lrar),
            references: vec![],
            suite_de: None,
            ouvert: today(),
        })
        .unwrap();
    for kind in [
        EventKind::Envoye {
            canal: Some(Channel::Lrar),
            recommande: None,
        },
        EventKind::Recu,
    ] {
        s.add_event(
            case,
            &NewEvent {
                date: today(),
                kind,
                texte: None,
            },
        )
        .unwrap();
    }
    let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
    keys(&mut a, "e");
    let screen = text(&a);
    let later = screen.find("Plus tard (1)").expect(&screen);
    // Received 28 November 2026 + 2 months = 28 January 2027, listed after the heading.
    assert!(screen[later..].contains("28/01/2027"), "{screen}");
}

#[test]
fn dossier_detail() {
    snap("dossier", "d<Enter>");
}

#[test]
fn dossier_history_pane() {
    snap("dossier_history", "d<Enter><Tab>");
}

#[test]
fn recording_a_reply() {
    snap("event_reply", "d<Enter>j<Enter>");
}

#[test]
fn wizard_person_step() {
    snap("wizard_person", "<Enter><Enter>");
}

#[test]
fn wizard_fields_step() {
    snap("wizard_fields", "<Enter><Enter><Enter>");
}

#[test]
fn wizard_preview() {
    snap(
        "wizard_preview",
        "<Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter>",
    );
}

#[test]
fn wizard_save_step() {
    snap(
        "wizard_save",
        "<Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter>",
    );
}

#[test]
fn unlock_screens() {
    let e = env();
    for (new_store, name) in [(true, "unlock_new"), (false, "unlock")] {
        for size in SIZES {
            let a = app_with(
                &e,
                size,
                StoreAccess::Locked {
                    opener: Box::new(|_, _| unreachable!("not submitted")),
                    new_store,
                },
            );
            let term = draw(&a);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), term.backend());
        }
    }
}

fn locked(e: &Env, size: (u16, u16)) -> App {
    let dir = e.data.clone();
    let new_store = !store::exists(&dir);
    app_with(
        e,
        size,
        StoreAccess::Locked {
            opener: Box::new(move |p: &Passphrase, create: bool| {
                store::open(&dir, p, LockMode::Command, create)
                    .map(|s| Box::new(s) as Box<dyn Store>)
            }),
            new_store,
        },
    )
}

#[test]
fn first_use_asks_twice_then_a_wrong_passphrase_is_refused_in_place() {
    let e = env();
    let mut a = locked(&e, (80, 24));
    keys(&mut a, "un<Enter>deux<Enter>");
    assert!(text(&a).contains("Les deux phrases ne sont pas identiques"));
    keys(&mut a, "phrase de test<Enter>phrase de test<Enter>");
    assert!(text(&a).contains("Que vous arrive-t-il ?"), "{}", text(&a));
    assert!(store::exists(&e.data));
    drop(a);

    let mut a = locked(&e, (80, 24));
    let screen = text(&a);
    assert!(screen.contains("Ouvrir votre registre"));
    assert!(
        !screen.contains("Retapez-la"),
        "an existing store asks once"
    );
    keys(&mut a, "mauvaise<Enter>");
    let screen = text(&a);
    assert!(screen.contains("Phrase de passe incorrecte"), "{screen}");
    assert!(
        !screen.contains("mauvaise"),
        "the passphrase is never shown"
    );
    keys(&mut a, "phrase de test<Enter>p");
    assert!(
        text(&a).contains("Aucune personne pour l'instant"),
        "{}",
        text(&a)
    );
}

#[test]
fn escape_on_the_prompt_continues_without_the_tracker_and_the_tabs_ask_again() {
    let e = env();
    let mut a = locked(&e, (80, 24));
    keys(&mut a, "<Esc>");
    assert!(text(&a).contains("Que vous arrive-t-il ?"));
    keys(&mut a, "d");
    assert!(text(&a).contains("Créer votre registre"));
}

#[test]
fn ctrl_u_empties_a_prefilled_field() {
    let e = env();
    let mut a = app(&e, (80, 24));
    keys(&mut a, "pn<Tab>Martinez");
    assert!(text(&a).contains("Martinez"));
    keys(&mut a, "<C-u>Lopez");
    let screen = text(&a);
    assert!(
        screen.contains("Lopez") && !screen.contains("Martinez"),
        "{screen}"
    );
}

#[test]
fn quitting_with_a_half_filled_form_asks_first() {
    let e = env();
    let mut a = app(&e, (80, 24));
    keys(&mut a, "pn<Tab>Mar");
    keys(&mut a, "<C-c>");
    assert!(!a.quit);
    assert!(text(&a).contains("Quitter ?"));
    keys(&mut a, "n");
    assert!(!a.quit);
    assert!(text(&a).contains("Mar"));
    keys(&mut a, "<C-c>o");
    assert!(a.quit);
}

/// Échap on a half-filled form asks, as Ctrl+C does: the person form, the letter's fields,
/// « Réponse reçue ».
#[test]
fn escape_on_a_half_filled_form_asks_first() {
    let e = env();
    for (start, typed) in [
        ("pn", "<Tab>Mar"),
        ("<Enter><Enter><Enter>", "Mar"),
        ("d<Enter>j<Enter>", "<Tab><Tab>Mar"),
    ] {
        let mut a = app(&e, (80, 24));
        keys(&mut a, start);
        let form = text(&a);
        keys(&mut a, typed);
        keys(&mut a, "<Esc>");
        let shown = text(&a);
        assert!(shown.contains("Abandonner la saisie ?"), "{start}: {shown}");
        assert!(shown.contains("oui, abandonner"), "{start}: {shown}");
        // No: the form and what was typed stay.
        keys(&mut a, "n");
        assert!(text(&a).contains("Mar"), "{start}");
        keys(&mut a, "<Esc><Esc>");
        assert!(
            text(&a).contains("Mar"),
            "{start}: Échap on the question means no"
        );
        // Yes: the form is left.
        keys(&mut a, "<Esc>o");
        assert!(!text(&a).contains("Mar"), "{start}: {}", text(&a));
        assert!(!a.quit);
        // An untouched form leaves at once.
        let mut b = app(&e, (80, 24));
        keys(&mut b, start);
        assert_eq!(text(&b), form);
        keys(&mut b, "<Esc>");
        assert!(!text(&b).contains("Abandonner"), "{start}");
    }
}

/// The terminal's cursor at the caret of the focused field (screen readers, braille).
#[test]
fn the_terminal_cursor_sits_at_the_caret_of_the_field() {
    let e = env();
    let mut a = app(&e, (80, 24));
    keys(&mut a, "pn<Tab>Marti");
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| ui::render(&a, f)).unwrap();
    let c = term.backend_mut().get_cursor_position().unwrap();
    let line: String = term
        .backend()
        .to_string()
        .lines()
        .nth(usize::from(c.y))
        .unwrap()
        .trim_start_matches('"')
        .chars()
        .take(usize::from(c.x))
        .collect();
    assert!(line.ends_with("Marti"), "{line:?} {c:?}");
}

/// At 80×24 the Dossiers table shows whole names and each case's number.
#[test]
fn dossiers_at_80x24_show_whole_names_and_numbers() {
    let e = env();
    let mut a = app(&e, (80, 24));
    keys(&mut a, "d");
    let shown = text(&a);
    assert!(shown.contains("N°"), "{shown}");
    assert!(!shown.contains(" …"), "{shown}");
}

#[test]
fn adding_a_person_through_the_form() {
    let e = env();
    let mut a = app(&e, (120, 40));
    keys(
        &mut a,
        "pn<Right><Tab>Martin<Tab>Léa<Tab><Tab>1985-07-14<Tab>Nantes<Tab>8 quai de la Fosse<Tab><Tab>44000\
         <Tab>Nantes<Tab>44<Tab>lea@exemple.fr<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Enter>",
    );
    let screen = text(&a);
    assert!(screen.contains("Personne enregistrée."), "{screen}");
    assert!(screen.contains("Léa MARTIN"));
    drop(a);
    let s = open_store(&e);
    let p = s
        .persons()
        .unwrap()
        .into_iter()
        .find(|p| p.personne.nom == "Martin")
        .expect("saved");
    assert_eq!(p.personne.civilite.as_deref(), Some("Madame"));
    assert_eq!(p.personne.date_naissance, Some(d("1985-07-14")));
    assert_eq!(p.personne.departement.as_deref(), Some("44"));
}

#[test]
fn the_wizard_end_to_end_writes_the_letter_and_opens_the_case() {
    let e = env();
    let mut a = app(&e, (80, 24));
    // Accueil → accreditation refused → TAJ access → the Assistant.
    keys(&mut a, "<Enter><Enter>");
    assert!(text(&a).contains("1. Pour qui ?"));
    // Camille; then the fields the letter needs.
    keys(&mut a, "<Enter>");
    assert!(text(&a).contains("4. Ce que la lettre doit dire"));
    keys(&mut a, "<Tab><Tab>Paris 2026<Tab>15/10/2026<Tab><Enter>");
    let preview = text(&a);
    assert!(preview.contains("5. Relisez la lettre"), "{preview}");
    keys(&mut a, "G");
    assert!(text(&a).contains("ligne"));
    // Save as text, sent by registered letter on 2 November with its number.
    keys(&mut a, "<Enter><Tab><Tab><Right><Right><Tab>");
    for _ in 0..10 {
        keys(&mut a, "<BS>");
    }
    keys(&mut a, "02/11/2026<Tab>1A 234 567 8901 2<Enter>");
    let screen = text(&a);
    assert!(screen.contains("Lettre enregistrée"), "{screen}");
    assert!(screen.contains("en attente"));

    let file = e.letters.join("acces-taj-acces-2026-11-28.txt");
    let letter = std::fs::read_to_string(&file).expect("letter written");
    assert!(letter.contains("Traitement d’antécédents judiciaires"));
    assert!(letter.contains("Paris 2026"));
    assert!(letter.contains("Camille"));
    drop(a);

    let s = open_store(&e);
    let cases = s.cases(&CaseFilter::default()).unwrap();
    let new = cases
        .iter()
        .find(|h| h.case.ouvert == d("2026-11-02") && h.case.fichier == "TAJ" && h.case.id > 4)
        .expect("case opened");
    assert_eq!(new.case.demarche, "acces");
    assert!(new.events.iter().any(|ev| matches!(
        &ev.kind,
        EventKind::Envoye { canal: Some(Channel::Lrar), recommande: Some(r) } if r == "1A 234 567 8901 2"
    ) && ev.date == d("2026-11-02")));
}

#[test]
fn a_letter_not_yet_sent_opens_a_draft_case_and_never_overwrites_a_file() {
    let e = env();
    let mut a = app(&e, (80, 24));
    // Situation, Assistant, person; five fields; preview; five save fields.
    let script = "<Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter>";
    keys(&mut a, script);
    assert!(text(&a).contains("brouillon"), "{}", text(&a));
    keys(&mut a, "a");
    keys(&mut a, script);
    assert!(e.letters.join("acces-taj-acces-2026-11-28.txt").exists());
    assert!(e.letters.join("acces-taj-acces-2026-11-28-2.txt").exists());
}

#[test]
fn recording_the_receipt_moves_the_deadline_onto_echeances() {
    let e = env();
    let mut a = app(&e, (120, 40));
    // The draft FT-SUSPICION case: note it sent today.
    keys(&mut a, "dfo");
    keys(&mut a, "<Esc>");
    keys(&mut a, "/suspicion<Enter><Enter><Enter>");
    assert!(text(&a).contains("Envoi de la lettre"), "{}", text(&a));
    keys(&mut a, "<Enter><Enter><Enter>");
    let screen = text(&a);
    assert!(screen.contains("Enregistré."), "{screen}");
    assert!(screen.contains("Réponse attendue au plus tard le"));
    keys(&mut a, "e");
    let screen = text(&a);
    assert!(screen.contains("FT-SUSPICION"), "{screen}");
}

#[test]
fn an_event_dated_in_the_future_is_refused_next_to_the_date() {
    let e = env();
    let mut a = app(&e, (80, 24));
    keys(&mut a, "d<Enter><Enter>");
    for _ in 0..10 {
        keys(&mut a, "<BS>");
    }
    keys(&mut a, "01/01/2030<Enter>");
    let screen = text(&a);
    assert!(screen.contains("dans le futur"), "{screen}");
}

#[test]
fn a_next_step_acces_does_not_write_opens_its_fiche_and_a_written_one_the_assistant() {
    use acces::tui::tracker::CaseAction;
    let e = env();
    let mut a = app(&e, (120, 40));
    keys(&mut a, "d<Enter>");
    let id = match a.screen() {
        acces::tui::app::Screen::Dossier(d) => d.id,
        other => panic!("not a case: {other:?}"),
    };
    let actions = a.case_actions(id);
    let cat = fixture_catalogue();
    let entry = cat.entry("EASP").unwrap();
    let pos = |letter: bool| {
        actions.iter().position(|x| {
            matches!(x, CaseAction::Next(r) if entry.route(r).unwrap().letter.is_some() == letter)
        })
    };
    let court = pos(false).expect("a step without a letter");
    keys(&mut a, &"j".repeat(court));
    keys(&mut a, "<Enter>");
    assert!(text(&a).contains("Catalogue › EASP"), "{}", text(&a));
    keys(&mut a, "<Esc>");
    let letter = pos(true).expect("a step with a letter");
    keys(&mut a, "g");
    keys(&mut a, &"j".repeat(letter));
    keys(&mut a, "<Enter>");
    let screen = text(&a);
    assert!(screen.contains("Rédiger une lettre"), "{screen}");
    assert!(
        screen.contains("Karim BENALI · EASP"),
        "the person and file come from the case"
    );
}

#[test]
fn what_another_program_writes_shows_up_on_the_tracker_tabs() {
    let e = env();
    let mut a = app(&e, (80, 24));
    keys(&mut a, "p");
    assert!(text(&a).contains("2 personnes"));
    {
        let mut other = open_store(&e);
        let mut p = karim();
        p.prenoms = "Inès".into();
        other.add_person(&p).unwrap();
    }
    keys(&mut a, "a");
    keys(&mut a, "p");
    assert!(text(&a).contains("3 personnes"), "{}", text(&a));
    {
        let mut other = open_store(&e);
        other.add_person(&camille()).unwrap();
    }
    a.update(acces::tui::Action::Today(today()));
    assert!(
        text(&a).contains("4 personnes"),
        "the idle refresh re-reads"
    );
}

/// A store with Camille and one case on `file`/`route`, with `events` (date, kind).
fn one_case(e: &Env, file: &str, route: &str, events: &[(&str, EventKind)]) -> Box<dyn Store> {
    let mut s = open_store(e);
    let p = s.add_person(&camille()).unwrap();
    let case = s
        .open_case(&NewCase {
            personne: p,
            fichier: file.into(),
            demarche: route.into(),
            canal: Some(Channel::Lrar),
            references: vec![],
            suite_de: None,
            ouvert: d("2026-01-02"),
        })
        .unwrap();
    for (date, kind) in events {
        s.add_event(
            case,
            &NewEvent {
                date: d(date),
                kind: kind.clone(),
                texte: None,
            },
        )
        .unwrap();
    }
    s
}

fn lrar() -> EventKind {
    EventKind::Envoye {
        canal: Some(Channel::Lrar),
        recommande: None,
    }
}

fn refus() -> EventKind {
    EventKind::Reponse {
        issue: Outcome::Refus,
    }
}

/// Opens the only case and takes its action `which`; panics when it is not offered.
fn take_action(a: &mut App, which: &acces::tui::tracker::CaseAction) {
    keys(a, "d<Enter>");
    let id = match a.screen() {
        acces::tui::app::Screen::Dossier(d) => d.id,
        other => panic!("not a case: {other:?}"),
    };
    let actions = a.case_actions(id);
    let pos = actions
        .iter()
        .position(|x| x == which)
        .unwrap_or_else(|| panic!("{which:?} not offered: {actions:?}"));
    keys(a, &"j".repeat(pos));
    keys(a, "<Enter>");
}

/// Enter through the fields the wizard asks (each Enter goes to the next field; on the
/// last one, to the preview).
fn submit_fields(a: &mut App) {
    for _ in 0..20 {
        match a.screen() {
            acces::tui::app::Screen::Wizard(w)
                if w.step == acces::tui::screens::wizard::Step::Fields =>
            {
                keys(a, "<Enter>")
            }
            _ => return,
        }
    }
}

/// The letter of the wizard's preview.
fn previewed(a: &App) -> String {
    match a.screen() {
        acces::tui::app::Screen::Wizard(w) => w
            .letter
            .as_ref()
            .map(|l| l.text())
            .unwrap_or_else(|| panic!("no letter: {w:?}")),
        other => panic!("not the wizard: {other:?}"),
    }
}

/// Issue 10, defect 2 (TUI face): after silence, « Rédiger la suite » filled the reply date
/// with the deadline's date, so the CADA letter said « Par une décision du … » and enclosed
/// « Copie du refus ». France Travail documents request sent 1 September 2026, received 3
/// September: one month of silence is an implicit refusal.
#[test]
fn after_silence_the_next_step_words_an_implicit_refusal_and_encloses_no_refusal() {
    use acces::tui::tracker::CaseAction;
    let e = env();
    let s = one_case(
        &e,
        "FT-SUSPICION",
        "crpa",
        &[("2026-09-01", lrar()), ("2026-09-03", EventKind::Recu)],
    );
    let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
    take_action(&mut a, &CaseAction::Next("cada".into()));
    submit_fields(&mut a);
    let letter = previewed(&a);
    assert!(
        letter.contains("Le 1er septembre 2026, j’ai demandé"),
        "{letter}"
    );
    assert!(letter.contains("ce qui vaut refus implicite"), "{letter}");
    assert!(!letter.contains("Par une décision du"), "{letter}");
    assert!(!letter.contains("Copie du refus"), "{letter}");

    // The RGPD request left unanswered (a silence without legal meaning): the CNIL
    // complaint says so, with no reply date and no reply enclosed.
    let e = env();
    let s = one_case(
        &e,
        "FT-SUSPICION",
        "rgpd",
        &[("2026-09-01", lrar()), ("2026-09-03", EventKind::Recu)],
    );
    let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
    take_action(&mut a, &CaseAction::Next("plainte-cnil".into()));
    submit_fields(&mut a);
    let letter = previewed(&a);
    assert!(letter.contains("Le 1er septembre 2026"), "{letter}");
    assert!(letter.contains("Je n’ai reçu aucune réponse"), "{letter}");
    assert!(!letter.contains("La réponse que j’ai reçue"), "{letter}");
    assert!(!letter.contains("Réponse de l’organisme"), "{letter}");

    // TAJ access left unanswered: the CNIL letter words the restriction.
    let e = env();
    let s = one_case(
        &e,
        "TAJ",
        "acces",
        &[("2026-09-01", lrar()), ("2026-09-03", EventKind::Recu)],
    );
    let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
    take_action(&mut a, &CaseAction::Next("cnil-108".into()));
    submit_fields(&mut a);
    let letter = previewed(&a);
    assert!(letter.contains("Le 1er septembre 2026"), "{letter}");
    assert!(letter.contains("Je n’ai reçu aucune réponse"), "{letter}");
    assert!(!letter.contains("Par une réponse du"), "{letter}");
    assert!(!letter.contains("Copie de la réponse négative"), "{letter}");
}

/// Issue 10, defect 3 (TUI face): a reminder is offered only once the recipient's deadline
/// has passed (received 5 November + 2 months: not before 5 January 2027).
#[test]
fn a_reminder_is_offered_only_after_the_recipients_deadline() {
    use acces::tui::tracker::CaseAction;
    let e = env();
    let s = one_case(
        &e,
        "TAJ",
        "acces",
        &[("2026-11-02", lrar()), ("2026-11-05", EventKind::Recu)],
    );
    let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
    keys(&mut a, "d<Enter>");
    let id = match a.screen() {
        acces::tui::app::Screen::Dossier(d) => d.id,
        other => panic!("not a case: {other:?}"),
    };
    assert!(
        !a.case_actions(id).contains(&CaseAction::Reminder),
        "{:?}",
        a.case_actions(id)
    );
    // Past the deadline (sent 2 June, silence): the reminder is there, and takes the dates.
    let e = env();
    let s = one_case(
        &e,
        "TAJ",
        "acces",
        &[("2026-06-02", lrar()), ("2026-06-04", EventKind::Recu)],
    );
    let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
    take_action(&mut a, &CaseAction::Reminder);
    submit_fields(&mut a);
    let letter = previewed(&a);
    assert!(
        letter.contains("Relance de ma demande d’accès du 2 juin 2026"),
        "{letter}"
    );
    assert!(
        letter.contains("que vous avez reçue le 4 juin 2026"),
        "{letter}"
    );
}

/// Issue 10, defect 8 (TUI face): the recourse to the chambre de l'instruction (one month
/// from the procureur's refusal for the TAJ) shows its deadline above the letter: the days
/// left, or, past it, that it is probably late.
#[test]
fn the_recourse_preview_shows_its_deadline_and_warns_when_late() {
    use acces::tui::tracker::CaseAction;
    let fill_fields = "Cour d’appel de Paris|34 quai des Orfèvres|75001 Paris\
                       <Tab><Tab><Tab><Tab><Tab><Tab><Tab>Classement sans suite.<Enter>";
    for (refused, says) in [
        ("2026-09-01", "Délai probablement dépassé"),
        ("2026-11-20", "il reste 22 jours"),
    ] {
        let e = env();
        let s = one_case(
            &e,
            "TAJ",
            "effacement",
            &[("2026-06-01", lrar()), (refused, refus())],
        );
        let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
        take_action(&mut a, &CaseAction::Next("recours-ci".into()));
        keys(&mut a, fill_fields);
        let letter = previewed(&a);
        assert!(letter.contains("Objet : Recours"), "{letter}");
        let screen = text(&a);
        assert!(screen.contains(says), "{screen}");
    }
}

/// What writing a letter records (letters::journey::record), TUI face: a letter not yet
/// sent opens its case with a « brouillon », as `acces lettre --enregistrer` does.
#[test]
fn a_letter_not_yet_sent_records_a_draft_on_its_new_case() {
    let e = env();
    let mut a = app(&e, (80, 24));
    let script = "<Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter><Enter>";
    keys(&mut a, script);
    drop(a);
    let s = open_store(&e);
    let cases = s.cases(&CaseFilter::default()).unwrap();
    let new = cases.iter().max_by_key(|h| h.case.id).unwrap();
    assert_eq!(new.case.ouvert, today());
    assert_eq!(new.events.len(), 1, "{:?}", new.events);
    assert_eq!(new.events[0].kind, EventKind::Brouillon);
    assert_eq!(new.events[0].date, today());
}

/// Issue 10 (TUI face): a step whose deadline runs can be let go from the case, after a
/// question; it then leaves Échéances, and the history says so.
#[test]
fn letting_the_tribunal_go_asks_first_then_leaves_echeances() {
    use acces::tui::tracker::CaseAction;
    let e = env();
    let s = one_case(
        &e,
        "TAJ",
        "acces",
        &[("2026-09-01", lrar()), ("2026-11-20", refus())],
    );
    let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
    keys(&mut a, "e");
    assert!(text(&a).contains("20/01/2027"), "{}", text(&a));
    let renounce = CaseAction::Renounce("tribunal-administratif".into());
    take_action(&mut a, &renounce);
    let asked = text(&a);
    assert!(asked.contains("Renoncer à cette étape ?"), "{asked}");
    assert!(
        asked.contains("20/01/2027"),
        "the question names the deadline: {asked}"
    );
    // « n » changes nothing.
    keys(&mut a, "n");
    assert!(!text(&a).contains("Renoncer à cette étape ?"));
    keys(&mut a, "e");
    assert!(text(&a).contains("20/01/2027"), "{}", text(&a));
    take_action(&mut a, &renounce);
    keys(&mut a, "o");
    assert!(text(&a).contains("vous renoncez"), "{}", text(&a));
    assert!(
        // (The screen keeps « and » to their word with no-break spaces.)
        text(&a).contains("renonce à l'étape") && text(&a).contains("tribunal-administratif"),
        "the history says it: {}",
        text(&a)
    );
    keys(&mut a, "e");
    assert!(!text(&a).contains("20/01/2027"), "{}", text(&a));
}

/// Issue 10 (TUI face): a case can be deleted for good, after a question; no screen stays
/// open on it.
#[test]
fn deleting_a_case_asks_then_forgets_it() {
    let e = env();
    let mut a = app(&e, (80, 24));
    keys(&mut a, "d<Enter><Del>");
    let asked = text(&a);
    assert!(asked.contains("Supprimer ce dossier ?"), "{asked}");
    keys(&mut a, "<Esc>");
    let mut s = open_store(&e);
    assert_eq!(s.cases(&CaseFilter::default()).unwrap().len(), 4);
    drop(s);
    keys(&mut a, "<Del>o");
    let shown = text(&a);
    assert!(shown.contains("supprimé"), "{shown}");
    assert!(
        matches!(a.screen(), acces::tui::app::Screen::Dossiers(_)),
        "back on the list: {shown}"
    );
    s = open_store(&e);
    assert_eq!(s.cases(&CaseFilter::default()).unwrap().len(), 3);
}

/// Issue 10 (TUI face): Suppr on a person deletes them and their cases, after a question.
#[test]
fn deleting_a_person_with_suppr_asks_then_removes_their_cases() {
    let e = env();
    let mut a = app(&e, (80, 24));
    keys(&mut a, "p<Del>");
    let asked = text(&a);
    assert!(asked.contains("Supprimer cette personne ?"), "{asked}");
    assert!(asked.contains("ses 2 dossiers"), "{asked}");
    keys(&mut a, "o");
    let shown = text(&a);
    assert!(
        shown.contains("Camille DUPONT et ses dossiers ont été supprimés."),
        "{shown}"
    );
    assert!(shown.contains("Karim BENALI"), "{shown}");
    keys(&mut a, "ap");
    assert!(text(&a).contains("1 personne"), "{}", text(&a));
    let s = open_store(&e);
    assert_eq!(s.persons().unwrap().len(), 1);
    assert_eq!(s.cases(&CaseFilter::default()).unwrap().len(), 2);
}

/// Issue 10, defect 5 (TUI face): the date rules are the CLI's, with its words: a receipt
/// before the sending is refused next to the date.
#[test]
fn a_receipt_before_the_sending_is_refused_with_the_clis_words() {
    use acces::tui::tracker::CaseAction;
    let e = env();
    let s = one_case(&e, "TAJ", "acces", &[("2026-09-01", lrar())]);
    let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
    take_action(&mut a, &CaseAction::RecordReceived);
    keys(&mut a, "<C-u>30/08/2026<Enter>");
    let shown = text(&a);
    let expected = acces::texts::validate::receipt_before_sending(d("2026-08-30"), d("2026-09-01"));
    let start: String = expected.chars().take(40).collect();
    assert!(shown.contains(&start), "{expected}\n{shown}");
    let s = open_store(&e);
    let h = s.cases(&CaseFilter::default()).unwrap();
    assert_eq!(h[0].events.len(), 1, "nothing recorded");
    drop(s);
}

/// Issue 10 (TUI face): a cancelled event stays in the history, struck through and said.
#[test]
fn a_cancelled_event_is_struck_through_and_said() {
    let e = env();
    let mut s = one_case(
        &e,
        "TAJ",
        "acces",
        &[("2026-09-01", lrar()), ("2026-09-03", EventKind::Recu)],
    );
    let h = s.cases(&CaseFilter::default()).unwrap().remove(0);
    let received = h.events[1].id;
    s.add_event(
        h.case.id,
        &NewEvent {
            date: d("2026-09-04"),
            kind: EventKind::Annule {
                evenement: received,
            },
            texte: None,
        },
    )
    .unwrap();
    let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
    keys(&mut a, "d<Enter>");
    let shown = text(&a);
    let line = shown
        .lines()
        .find(|l| l.contains("reçu par le destinataire"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(line.contains("[annulé]"), "{line}");
    let term = draw(&a);
    let buf = term.backend().buffer();
    let struck = buf
        .content()
        .iter()
        .any(|c| c.modifier.contains(ratatui::style::Modifier::CROSSED_OUT));
    assert!(struck, "the cancelled event is struck through");
}

/// Issue 10, defect 1 (TUI face): after a refusal, drafting the CNIL step from the case
/// leaves the tribunal's deadline on Échéances, and the new letter waits under « Brouillons
/// non envoyés ».
#[test]
fn drafting_the_cnil_step_keeps_the_tribunal_deadline_listed() {
    use acces::tui::tracker::CaseAction;
    let e = env();
    let s = one_case(
        &e,
        "TAJ",
        "acces",
        &[("2026-09-01", lrar()), ("2026-11-20", refus())],
    );
    let mut a = app_with(&e, (120, 40), StoreAccess::Open(s));
    take_action(&mut a, &CaseAction::Next("cnil-108".into()));
    submit_fields(&mut a);
    assert!(text(&a).contains("Relisez la lettre"), "{}", text(&a));
    // Preview, then the save step left as it comes: written, not yet sent.
    keys(&mut a, "<Enter>");
    for _ in 0..8 {
        if !matches!(a.screen(), acces::tui::app::Screen::Wizard(_)) {
            break;
        }
        keys(&mut a, "<Enter>");
    }
    let s = open_store(&e);
    let cases = s.cases(&CaseFilter::default()).unwrap();
    assert_eq!(cases.len(), 2, "the CNIL step is its own case");
    let cnil = cases
        .iter()
        .find(|h| h.case.demarche == "cnil-108")
        .unwrap();
    assert_eq!(cnil.case.suite_de, Some(cases[0].case.id));
    drop(s);
    keys(&mut a, "e");
    let shown = text(&a);
    let vous = shown.find("À vous d'agir").expect("the section");
    let drafts = shown.find("Brouillons non envoyés").expect("the section");
    let ta = shown
        .find("20/01/2027")
        .expect("the tribunal's deadline stays listed");
    assert!(vous < ta && ta < drafts, "{shown}");
    let draft_section = &shown[drafts..];
    let draft_row = draft_section.lines().nth(1).unwrap_or_default();
    assert!(draft_row.contains("TAJ"), "{shown}");
}

/// Issue 12: an address is edited on several lines (Alt+Entrée, or pasted lines), and
/// saving a person never merges its lines; the status line shows the key on such a field.
#[test]
fn address_lines_stay_separate_through_the_person_form() {
    let e = env();
    let mut s = open_store(&e);
    let mut p = camille();
    p.adresse = vec![
        "12 rue des Lilas".into(),
        "Bâtiment B".into(),
        "Appartement 3".into(),
    ];
    s.add_person(&p).unwrap();
    let mut a = app_with(&e, (80, 24), StoreAccess::Open(s));
    // Personnes → Camille → the field after « Adresse ».
    keys(&mut a, "p<Enter>");
    for _ in 0..7 {
        keys(&mut a, "<Tab>");
    }
    let shown = text(&a);
    assert!(shown.contains("Bâtiment B"), "{shown}");
    assert!(shown.contains("Appartement 3"), "{shown}");
    assert!(shown.contains("Alt+Entrée nouvelle ligne"), "{shown}");
    keys(&mut a, "<M-Enter>Escalier C");
    a.update(acces::tui::Action::Paste("Porte 2\r\nInterphone 14".into()));
    let shown = text(&a);
    assert!(
        shown.contains("Escalier CPorte 2"),
        "pasted at the caret: {shown}"
    );
    // Save from the last field.
    for _ in 0..20 {
        keys(&mut a, "<Enter>");
        if !matches!(a.screen(), acces::tui::app::Screen::PersonForm(_)) {
            break;
        }
    }
    drop(a);
    let s = open_store(&e);
    let saved = &s.persons().unwrap()[0].personne;
    assert_eq!(
        saved.adresse,
        [
            "12 rue des Lilas",
            "Bâtiment B",
            "Appartement 3",
            "Escalier CPorte 2",
            "Interphone 14"
        ]
    );
}

/// Issue 12: the Assistant asks where the proceedings took place for a TAJ erasure; the
/// quick answer is the residence; « Ailleurs » and a postal code of Lyon 2e give the procureur
/// près le tribunal judiciaire de Lyon for a person living in Paris (80×24).
#[test]
fn the_wizard_asks_the_place_of_the_proceedings_and_proposes_its_tribunal() {
    let e = env();
    let mut a = app(&e, (80, 24));
    // Catalogue → TAJ → the Assistant → Camille (Paris 11e) → the erasure.
    keys(&mut a, "c/taj<Enter><Enter>n<Enter>");
    assert!(text(&a).contains("3. Quelle démarche ?"), "{}", text(&a));
    keys(&mut a, "j<Enter>");
    let asked = text(&a);
    assert!(
        asked.contains("3 bis. Où a eu lieu la procédure ?"),
        "{asked}"
    );
    assert!(
        asked.contains("Même lieu que mon domicile (75011 Paris)"),
        "{asked}"
    );
    keys(&mut a, "<Right><Enter>69002<Enter>");
    let shown = draw(&a).backend().to_string();
    assert!(shown.contains("Tribunal judiciaire de Lyon"), "{shown}");
    assert!(shown.contains("67 RUE SERVIENT"), "{shown}");
    insta::assert_snapshot!("wizard_procedure_elsewhere_80x24", shown);
}
