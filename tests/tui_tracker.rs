//! The tracker screens and the Assistant on a TestBackend, over a real encrypted store in a
//! temporary directory: snapshots at 80×24 and 120×40, and key walks from the situation to
//! a letter file and a case.

use std::path::Path;

use acces::cases::{CaseFilter, Channel, EventKind, NewCase, NewEvent, Outcome};
use acces::catalogue::{Catalogue, SourceFile};
use acces::person::Person;
use acces::store::{self, LockMode, Passphrase, Store};
use acces::tui::keys::parse_key_string;
use acces::tui::{App, Config, StoreAccess, Theme, ui};
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::Event;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn fixture_catalogue() -> Catalogue {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalogue");
    let files: Vec<SourceFile> = acces::fsio::read_catalogue_dir(&dir).expect("fixture dir");
    Catalogue::from_files(&files).expect("fixture catalogue is valid")
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-28")
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
    App::new(Config {
        catalogue: fixture_catalogue(),
        today: today(),
        theme: Theme { color: true },
        size,
        store: access,
        letters_dir: e.letters.clone(),
    })
}

/// An app on a filled store.
fn app(e: &Env, size: (u16, u16)) -> App {
    let mut s = open_store(e);
    if s.persons().unwrap().is_empty() {
        fill(s.as_mut());
    }
    app_with(e, size, StoreAccess::Open(s))
}

fn keys(app: &mut App, s: &str) {
    for k in parse_key_string(s).expect("valid key string") {
        app.handle_event(&Event::Key(k));
    }
}

fn text(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(app.cx.size.0, app.cx.size.1)).unwrap();
    term.draw(|f| ui::render(app, f)).unwrap();
    term.backend().to_string()
}

fn snap(name: &str, script: &str) {
    let e = env();
    for size in SIZES {
        let mut a = app(&e, size);
        keys(&mut a, script);
        let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        term.draw(|f| ui::render(&a, f)).unwrap();
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
    snap(
        "person_form_errors",
        "pn<Tab>Martin<Tab><Tab><Tab>31/02/1990<Tab><Tab><Tab><Tab>750<Tab><Tab>2C<Tab>pas-un-email\
         <Tab><Tab><Tab><Enter>",
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
            let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
            term.draw(|f| ui::render(&a, f)).unwrap();
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

#[test]
fn adding_a_person_through_the_form() {
    let e = env();
    let mut a = app(&e, (120, 40));
    keys(
        &mut a,
        "pn<Right><Tab>Martin<Tab>Léa<Tab><Tab>1985-07-14<Tab>Nantes<Tab>8 quai de la Fosse<Tab><Tab>44000\
         <Tab>Nantes<Tab>44<Tab>lea@exemple.fr<Tab><Tab><Tab><Enter>",
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
