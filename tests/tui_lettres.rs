//! « Rédiger les lettres » from Dossiers over a real encrypted store: cases picked with
//! Espace, then one PDF (or a folder) written and each letter recorded on its case, as
//! `acces lettres` does; the picks and the form as snapshots at 80×24 and 120×40.

use crate::common;

use acces::cases::{CaseId, Channel, EventKind, NewCase};
use acces::person::Person;
use acces::store::{self, LockMode, Passphrase, Store};
use acces::tui::action::Action;
use acces::tui::{App, StoreAccess};
use chrono::NaiveDate;
use common::{SIZES, app_on, draw, keys, screen_text as text, today};

fn pass() -> Passphrase {
    Passphrase::new("phrase de test")
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn person(nom: &str, prenoms: &str) -> Person {
    Person {
        civilite: Some("Madame".into()),
        nom: nom.into(),
        prenoms: prenoms.into(),
        date_naissance: Some(d("1990-03-12")),
        lieu_naissance: Some("Lyon".into()),
        adresse: vec!["12 rue des Lilas".into()],
        code_postal: "75011".into(),
        commune: "Paris".into(),
        departement: Some("75".into()),
        ..Person::default()
    }
}

struct Env {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
    letters: std::path::PathBuf,
    /// Three TAJ drafts, of two persons.
    cases: Vec<CaseId>,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let letters = dir.path().join("lettres");
    std::fs::create_dir_all(&letters).unwrap();
    let mut s = store::open(&data, &pass(), LockMode::Command, true).unwrap();
    let a = s.add_person(&person("Dupont", "Camille")).unwrap();
    let b = s.add_person(&person("Leroy", "Inès")).unwrap();
    let mut cases = Vec::new();
    for (p, when) in [(a, "2026-11-20"), (b, "2026-11-21"), (a, "2026-11-22")] {
        cases.push(
            s.open_case(&NewCase {
                personne: p,
                fichier: "TAJ".into(),
                demarche: "acces".into(),
                canal: Some(Channel::Lrar),
                references: vec![],
                suite_de: None,
                ouvert: d(when),
            })
            .unwrap(),
        );
    }
    Env {
        _dir: dir,
        data,
        letters,
        cases,
    }
}

fn app(e: &Env, size: (u16, u16)) -> App {
    let s = store::open(&e.data, &pass(), LockMode::Command, false).unwrap();
    app_on(size, StoreAccess::Open(Box::new(s)), e.letters.clone())
}

/// What the loop does while the screen is busy: the next letters, until all are written.
fn finish_work(a: &mut App) {
    let mut turns = 0;
    while a.busy() {
        a.update(Action::Work);
        turns += 1;
        assert!(turns < 100, "the work never ends");
    }
}

/// The kinds of the events of a case, as the store holds them now.
fn events(e: &Env, case: CaseId) -> Vec<EventKind> {
    let s = store::open(&e.data, &pass(), LockMode::Command, false).unwrap();
    s.case(case)
        .unwrap()
        .unwrap()
        .events
        .into_iter()
        .map(|ev| ev.kind)
        .collect()
}

fn snap(name: &str, script: &str) {
    let e = env();
    for size in SIZES {
        let mut a = app(&e, size);
        keys(&mut a, script);
        let shown = draw(&a)
            .backend()
            .to_string()
            .replace(&e.letters.display().to_string(), "[LETTRES]");
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), shown);
    }
}

#[test]
fn dossiers_with_two_cases_picked() {
    snap("dossiers_picked", "d  ");
}

#[test]
fn the_letters_form() {
    snap("lettres_form", "d  r");
}

#[test]
fn the_letters_being_written() {
    snap("lettres_writing", "d  r<Enter><Enter>");
}

/// Two cases picked → one PDF of their two letters, each recorded « brouillon » on its case
/// (dated today), the third case untouched; back on Dossiers, the count said, the picks gone.
#[test]
fn picked_cases_get_their_letters_in_one_pdf_recorded_on_each_case() {
    let e = env();
    let mut a = app(&e, (80, 24));
    // The table is sorted by due date then number: the drafts come in opening order.
    keys(&mut a, "d  ");
    assert!(text(&a).contains("2 choisis"), "{}", text(&a));
    let pdf = e.letters.join("lot.pdf");
    keys(&mut a, "r<Enter><C-u>");
    keys(&mut a, &pdf.display().to_string());
    keys(&mut a, "<Enter>");
    assert!(a.busy(), "the letters are written between frames");
    assert!(
        text(&a).contains("Rédaction des lettres… 0/2"),
        "{}",
        text(&a)
    );
    finish_work(&mut a);
    let shown = text(&a);
    assert!(shown.contains("2 lettres écrites dans"), "{shown}");
    assert!(!shown.contains("choisis"), "the picks stay: {shown}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    for (i, case) in e.cases.iter().enumerate() {
        let kinds = events(&e, *case);
        if i < 2 {
            assert_eq!(kinds, [EventKind::Brouillon], "case {case}");
        } else {
            assert!(kinds.is_empty(), "case {case} not picked: {kinds:?}");
        }
    }
    let s = store::open(&e.data, &pass(), LockMode::Command, false).unwrap();
    let drafted = s.case(e.cases[0]).unwrap().unwrap();
    assert_eq!(drafted.events[0].date, today());
}

/// A folder: one PDF per letter under the proposed name (the date, no `.pdf`), nothing
/// personal in the file names; with nothing picked, the case under the cursor.
#[test]
fn a_folder_of_letters_for_the_case_under_the_cursor() {
    let e = env();
    let mut a = app(&e, (120, 40));
    keys(&mut a, "dr<Right><Enter><Enter>");
    finish_work(&mut a);
    let dir = e.letters.join("lettres-2026-11-28");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err} — {}", dir.display(), text(&a)))
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["lettre-1-taj-acces.pdf"]);
    assert!(text(&a).contains("1 lettre écrite dans"), "{}", text(&a));
    assert_eq!(events(&e, e.cases[0]), [EventKind::Brouillon]);
}

/// A letter that cannot be written (the person's birth is missing): nothing is written or
/// recorded, and the form says which case lacks what.
#[test]
fn a_letter_that_cannot_be_written_stops_the_batch_and_says_why() {
    let e = env();
    {
        let mut s = store::open(&e.data, &pass(), LockMode::Command, false).unwrap();
        let p = s.persons().unwrap()[1].id;
        let mut incomplete = person("Leroy", "Inès");
        incomplete.date_naissance = None;
        s.update_person(p, &incomplete).unwrap();
    }
    let mut a = app(&e, (80, 24));
    let pdf = e.letters.join("lot.pdf");
    keys(&mut a, "d  r<Enter><C-u>");
    keys(&mut a, &pdf.display().to_string());
    keys(&mut a, "<Enter>");
    finish_work(&mut a);
    // Wrapped text glues « : » to its word with a no-break space.
    let shown = text(&a).replace('\u{a0}', " ");
    assert!(
        shown.contains("1 lettre ne peut pas être écrite"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "Dossier {} (TAJ, acces) : il manque : Date de naissance.",
            e.cases[1]
        )),
        "{shown}"
    );
    assert!(!pdf.exists());
    assert!(events(&e, e.cases[0]).is_empty() && events(&e, e.cases[1]).is_empty());
}

/// The letters never go inside the data directory, as for `acces lettres`.
#[test]
fn the_data_directory_is_refused_as_a_destination() {
    let e = env();
    let s = store::open(&e.data, &pass(), LockMode::Command, false).unwrap();
    let mut a = App::new(acces::tui::Config {
        catalogue: common::fixture_catalogue(),
        today: today(),
        theme: acces::tui::Theme { color: false },
        size: (100, 30),
        store: StoreAccess::Open(Box::new(s)),
        letters_dir: e.letters.clone(),
        data_dir: Some(e.data.clone()),
    });
    keys(&mut a, "d r<Enter><C-u>");
    keys(&mut a, &e.data.join("lot.pdf").display().to_string());
    keys(&mut a, "<Enter>");
    assert!(!a.busy());
    assert!(
        text(&a).contains("est dans le dossier de données d'acces"),
        "{}",
        text(&a)
    );
    assert!(events(&e, e.cases[0]).is_empty());
}

/// The loop itself carries the work on between frames: once Entrée starts the batch, the
/// letters are written before the loop reads another key, and every frame meanwhile is
/// drawn (the progress shows; nothing waits silently).
#[test]
fn the_loop_writes_the_letters_without_waiting_for_a_key() {
    use acces::tui::keys::parse_key_string;
    use acces::tui::{Input, run_loop};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::Event;
    let e = env();
    let mut a = app(&e, (80, 24));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut script = parse_key_string("d  r<Enter><Enter>")
        .unwrap()
        .into_iter()
        .map(|k| Input::Event(Event::Key(k)));
    // The script ends right after Entrée: the loop must not need another key.
    run_loop(&mut term, &mut a, || Ok(script.next()), &today).unwrap();
    assert!(!a.busy());
    assert!(e.letters.join("lettres-2026-11-28.pdf").exists());
    assert_eq!(events(&e, e.cases[1]), [EventKind::Brouillon]);
}
