//! The Statistiques tab over a real encrypted store: snapshots of its charts at 80×24 and
//! 120×40, the same figures as `acces statistiques`, small counts hidden without a bar, and
//! its text in the plain line mode (`acces --simple`).

use crate::common;

use acces::cases::agenda::track;
use acces::cases::stats;
use acces::cases::{CaseFilter, CaseId, Channel, EventKind, NewCase, NewEvent, Outcome};
use acces::person::Person;
use acces::store::{self, LockMode, Passphrase, Store};
use acces::tui::plain::frame_lines;
use acces::tui::{App, StoreAccess, Theme};
use chrono::NaiveDate;
use common::{SIZES, app_on, draw, keys, screen_text as text, today};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn event(store: &mut dyn Store, case: CaseId, date: NaiveDate, kind: EventKind) {
    store
        .add_event(
            case,
            &NewEvent {
                date,
                kind,
                texte: None,
            },
        )
        .unwrap();
}

/// 24 cases of one person over 20 months: five TAJ requests of January 2025 refused after
/// 41 days, five more sent one a month and unanswered, six EASP requests sent and
/// unanswered, eight FT-SUSPICION drafts.
fn fill(store: &mut dyn Store) {
    let p = store
        .add_person(&Person {
            nom: "Dupont".into(),
            prenoms: "Camille".into(),
            adresse: vec!["12 rue des Lilas".into()],
            code_postal: "75011".into(),
            commune: "Paris".into(),
            ..Person::default()
        })
        .unwrap();
    let open = |s: &mut dyn Store, fichier: &str, demarche: &str, ouvert: NaiveDate| {
        s.open_case(&NewCase {
            personne: p,
            fichier: fichier.into(),
            demarche: demarche.into(),
            canal: Some(Channel::Lrar),
            references: vec![],
            suite_de: None,
            ouvert,
        })
        .unwrap()
    };
    let sent = EventKind::Envoye {
        canal: Some(Channel::Lrar),
        recommande: Some("1A 000 000 0001 2".into()),
    };
    for _ in 0..5 {
        let c = open(store, "TAJ", "acces", d(2025, 1, 10));
        event(store, c, d(2025, 1, 10), sent.clone());
        event(
            store,
            c,
            d(2025, 2, 20),
            EventKind::Reponse {
                issue: Outcome::Refus,
            },
        );
    }
    for m in 2..=6 {
        let c = open(store, "TAJ", "acces", d(2025, m, 3));
        event(store, c, d(2025, m, 3), sent.clone());
    }
    for m in 7..=12 {
        let c = open(store, "EASP", "acces", d(2025, m, 5));
        event(store, c, d(2025, m, 5), sent.clone());
    }
    for m in 1..=8 {
        open(store, "FT-SUSPICION", "rgpd", d(2026, m, 7));
    }
}

struct Env {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut s = store::open(
        &data,
        &Passphrase::new("phrase de test"),
        LockMode::Command,
        true,
    )
    .unwrap();
    fill(&mut s);
    Env { _dir: dir, data }
}

fn app(e: &Env, size: (u16, u16)) -> App {
    let s = store::open(
        &e.data,
        &Passphrase::new("phrase de test"),
        LockMode::Command,
        false,
    )
    .unwrap();
    app_on(size, StoreAccess::Open(Box::new(s)), e.data.clone())
}

fn snap(name: &str, script: &str) {
    let e = env();
    for size in SIZES {
        let mut a = app(&e, size);
        keys(&mut a, script);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), draw(&a).backend());
    }
}

#[test]
fn statistiques_by_file() {
    snap("statistiques", "s");
}

#[test]
fn statistiques_by_month_scrolled_to_the_end() {
    snap("statistiques_mois_fin", "s<Left><Left><End>");
}

#[test]
fn statistiques_answer_times() {
    snap("statistiques_delais", "s<Left>");
}

/// The tab shows what `acces statistiques` computes (the same function), with no name.
#[test]
fn the_tab_shows_the_figures_of_the_statistics_command() {
    let e = env();
    let mut a = app(&e, (120, 40));
    let data = a.cx.data.as_ref().unwrap();
    let persons = data
        .persons
        .iter()
        .map(|p| (p.id, p.personne.clone()))
        .collect();
    let filter = CaseFilter {
        statut_seulement: true,
        ..CaseFilter::default()
    };
    let cases = data.store.cases(&filter).unwrap();
    let s = stats::compute(&track(&a.cx.catalogue, &persons, cases, today()));
    assert_eq!(s.dossiers, stats::Count::Shown(24));
    let by_file: Vec<String> = s
        .par_fichier
        .iter()
        .map(|l| format!("{}  {}", l.valeur, l.dossiers))
        .collect();
    assert_eq!(by_file, ["EASP  6", "FT-SUSPICION  8", "TAJ  10"]);
    a.cx.theme = Theme { color: false };
    keys(&mut a, "s");
    let lines = frame_lines(draw(&a).backend().buffer());
    assert!(
        lines.iter().any(|l| l.ends_with("Dossiers : 24")),
        "{lines:#?}"
    );
    for row in &by_file {
        assert!(lines.contains(row), "{row} not in {lines:#?}");
    }
    // The median of the five replies and the shares, as the command computes them.
    keys(&mut a, "<Left>");
    let shown = text(&a);
    let d = &s.delais;
    assert_eq!(d.mediane_jours, Some(41));
    assert!(
        shown.contains("Délai médian entre l'envoi et la réponse : 41 jours"),
        "{shown}"
    );
    assert!(
        shown.contains("Dossiers envoyés : 16 ; avec réponse : 5"),
        "{shown}"
    );
    let never = format!("{:.1} %", d.part_sans_reponse.unwrap()).replace('.', ",");
    assert!(shown.contains(&never), "{never} not in {shown}");
    for screen in [&shown, &lines.join("\n")] {
        assert!(!screen.contains("Dupont") && !screen.contains("Camille"));
        assert!(!screen.contains("1A 000"), "a letter number is shown");
    }
}

/// A month with 1 to 4 cases reads « < 5 » and has no bar; one with 5 has its bar. In the
/// plain line mode the bars (block characters) go, the labels and figures stay.
#[test]
fn a_small_count_is_hidden_and_has_no_bar() {
    let e = env();
    let mut a = app(&e, (120, 40));
    keys(&mut a, "s<Left><Left>");
    let term = draw(&a);
    let screen = term.backend().to_string();
    let row = |label: &str| {
        screen
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label} not in {screen}"))
            .to_string()
    };
    let january = row("janvier 2025");
    assert!(
        january.contains(" 5 ") && january.contains('█'),
        "{january}"
    );
    let february = row("février 2025");
    assert!(february.contains("< 5"), "{february}");
    assert!(
        !february
            .chars()
            .any(|c| ('\u{2580}'..='\u{259F}').contains(&c)),
        "a hidden count has a bar: {february}"
    );
    a.cx.theme = Theme { color: false };
    let lines = frame_lines(draw(&a).backend().buffer());
    assert!(lines.contains(&"janvier 2025  5".to_string()), "{lines:#?}");
    assert!(
        lines.contains(&"février 2025  < 5".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("[Par mois]")),
        "the chart shown is bracketed: {lines:#?}"
    );
}

/// At 80×24 the 20 months do not fit: the arrows scroll, and the heading says which rows
/// are shown.
#[test]
fn a_long_chart_scrolls() {
    let e = env();
    let mut a = app(&e, (80, 24));
    keys(&mut a, "s<Left><Left>");
    let top = text(&a);
    assert!(
        top.contains("janvier 2025") && !top.contains("août 2026"),
        "{top}"
    );
    assert!(top.contains("(lignes 1 à"), "{top}");
    keys(&mut a, "<End>");
    let end = text(&a);
    assert!(
        end.contains("août 2026") && !end.contains("janvier 2025"),
        "{end}"
    );
    assert!(end.contains("sur 20)"), "{end}");
}

/// The tab needs the register: without it, the passphrase is asked first.
#[test]
fn the_tab_asks_for_the_passphrase_first() {
    let e = env();
    let mut a = app_on(
        (80, 24),
        StoreAccess::Locked {
            opener: Box::new(|_, _| unreachable!("not submitted")),
            new_store: false,
        },
        e.data.clone(),
    );
    keys(&mut a, "<Esc>s");
    assert!(text(&a).contains("Ouvrir votre registre"), "{}", text(&a));
}

/// A case added by another process (a CLI command) shows in the figures at the next tab key:
/// the statistics are computed again after each read of the store.
#[test]
fn the_figures_follow_a_write_by_another_process() {
    let e = env();
    let mut a = app(&e, (80, 24));
    keys(&mut a, "s");
    assert!(text(&a).contains("Dossiers : 24"), "{}", text(&a));
    let mut cli = store::open(
        &e.data,
        &Passphrase::new("phrase de test"),
        LockMode::Command,
        false,
    )
    .unwrap();
    let p = cli.persons().unwrap()[0].id;
    cli.open_case(&NewCase {
        personne: p,
        fichier: "EASP".into(),
        demarche: "acces".into(),
        canal: None,
        references: vec![],
        suite_de: None,
        ouvert: d(2026, 11, 1),
    })
    .unwrap();
    drop(cli);
    keys(&mut a, "s");
    assert!(text(&a).contains("Dossiers : 25"), "{}", text(&a));
    assert!(text(&a).contains("EASP           7"), "{}", text(&a));
}
