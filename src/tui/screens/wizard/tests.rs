//! Unit tests of `wizard`.

use super::super::testing;
use super::*;
use crate::cases::EventKind;
use crate::store::Store;

fn wizard(tr: &testing::Tracker, preset: Preset) -> Wizard {
    let mut w = Wizard::new(preset, &tr.cx.letters_dir);
    w.start(&tr.cx.catalogue, tr.cx.data.as_ref().unwrap(), tr.cx.today);
    w
}

fn taj_erasure(tr: &testing::Tracker) -> Wizard {
    wizard(
        tr,
        Preset {
            person: Some(tr.person),
            file: Some("TAJ".into()),
            route: Some("effacement".into()),
            ..Preset::default()
        },
    )
}

fn draw(w: &Wizard, tr: &testing::Tracker) -> ratatui::backend::TestBackend {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| {
        w.render(&tr.cx, f);
    })
    .unwrap();
    term.backend().clone()
}

fn type_in(w: &mut Wizard, text: &str) {
    text.chars().for_each(|c| w.place.input(c));
}

/// The address the fields step proposes for the recipient, and its help.
fn proposed(w: &Wizard) -> (String, String) {
    let i = w
        .keys
        .iter()
        .position(|k| *k == "destinataire_adresse")
        .expect("the recipient is asked");
    (w.fields.value(i).to_string(), w.helps[i].clone())
}

/// A person in Lyon (1er), a TAJ erasure: the assistant asks where the proceedings took
/// place; « même lieu que mon domicile » (Entrée) proposes the procureur près le tribunal
/// judiciaire de Lyon with its address and says where it comes from (80×24).
#[test]
fn the_recipient_of_a_taj_erasure_is_proposed_from_the_persons_commune() {
    let mut tr = testing::tracker();
    tr.cx.size = (80, 24);
    let mut w = taj_erasure(&tr);
    assert_eq!((w.step, w.ctx()), (Step::Place, Ctx::Form), "{:?}", w.error);
    assert_eq!(w.place.value(0), "Même lieu que mon domicile (69001 Lyon)");
    insta::assert_snapshot!("wizard_procedure_place_80x24", draw(&w, &tr));
    assert_eq!(w.update(&Action::Submit, &mut tr.cx), Nav::Stay);
    assert_eq!(w.step, Step::Fields, "{:?}", w.error);
    assert!(w.procedure_place.is_none());
    let (value, help) = proposed(&w);
    assert_eq!(
        value,
        "Tribunal judiciaire de Lyon\n67 RUE SERVIENT\n69003 LYON"
    );
    assert!(
        help.starts_with("Proposé : Tribunal judiciaire de Lyon"),
        "{help}"
    );
    assert!(help.contains("structures de la Justice"), "{help}");
    let i = w
        .keys
        .iter()
        .position(|k| *k == "destinataire_adresse")
        .expect("the recipient is asked");
    assert_eq!(
        w.fields.value(i),
        "Tribunal judiciaire de Lyon\n67 RUE SERVIENT\n69003 LYON"
    );
    assert!(
        w.helps[i].starts_with("Proposé : Tribunal judiciaire de Lyon"),
        "{}",
        w.helps[i]
    );
    assert!(
        w.helps[i].contains("structures de la Justice"),
        "{}",
        w.helps[i]
    );
    w.fields.focus = w
        .keys
        .iter()
        .position(|k| *k == "destinataire_adresse")
        .unwrap();
    insta::assert_snapshot!("wizard_recipient_proposed_80x24", draw(&w, &tr));
    // Échap goes back to the question, which keeps its answer.
    assert_eq!(w.update(&Action::Back, &mut tr.cx), Nav::Stay);
    assert_eq!(w.step, Step::Place);
    assert_eq!(w.place.selected(0), 0);
}

/// The proceedings took place in Marseille: the procureur of Marseille is proposed, said to
/// come from the place the person gave.
#[test]
fn a_place_of_proceedings_elsewhere_gives_that_places_tribunal() {
    let mut tr = testing::tracker();
    tr.cx.size = (80, 24);
    let mut w = taj_erasure(&tr);
    w.place.cycle(true);
    assert_eq!(w.update(&Action::Submit, &mut tr.cx), Nav::Stay);
    // The postal code is asked next.
    assert_eq!(
        (w.step, w.place.fields.len(), w.place.focus),
        (Step::Place, 2, 1)
    );
    // A wrong one is refused with the message every postal code gets.
    type_in(&mut w, "1300");
    w.update(&Action::Submit, &mut tr.cx);
    assert_eq!(w.step, Step::Place);
    assert_eq!(
        w.place.fields[1].error.as_deref(),
        Some(crate::validate::postal_code("1300").unwrap_err().as_str())
    );
    type_in(&mut w, "1");
    w.update(&Action::Submit, &mut tr.cx);
    assert_eq!(w.step, Step::Fields, "{:?}", w.place);
    let (value, help) = proposed(&w);
    assert!(
        value.starts_with("Tribunal judiciaire de Marseille\n"),
        "{value}"
    );
    assert!(help.contains("siège à Marseille"), "{help}");
    assert_eq!(
        w.procedure_place
            .as_ref()
            .and_then(|p| p.commune.as_deref()),
        Some("Marseille 1er Arrondissement")
    );
}

/// Back from the fields to the question, then to the routes: the place answered is shown
/// only once asked, in the steps after the question.
#[test]
fn the_place_is_shown_with_what_is_chosen_only_after_the_question() {
    let mut tr = testing::tracker();
    tr.cx.size = (80, 24);
    let mut w = wizard(
        &tr,
        Preset {
            person: Some(tr.person),
            file: Some("TAJ".into()),
            ..Preset::default()
        },
    );
    assert_eq!(w.step, Step::Route);
    let entry = tr.cx.catalogue.entry("TAJ").unwrap();
    w.sel = letter_routes(entry)
        .iter()
        .position(|r| r.id == "effacement")
        .unwrap();
    w.update(&Action::Open, &mut tr.cx);
    assert_eq!(w.step, Step::Place);
    w.place.cycle(true);
    w.update(&Action::Submit, &mut tr.cx);
    type_in(&mut w, "13001");
    w.update(&Action::Submit, &mut tr.cx);
    assert_eq!(w.step, Step::Fields);
    // (The screen's text keeps « : » with a no-break space.)
    let shown = draw(&w, &tr).to_string();
    assert!(
        shown.contains("· procédure\u{a0}: 13001 Marseille"),
        "{shown}"
    );
    w.update(&Action::Back, &mut tr.cx);
    assert_eq!(w.step, Step::Place);
    assert!(
        !draw(&w, &tr).to_string().contains("· procédure"),
        "{}",
        draw(&w, &tr).to_string()
    );
    w.update(&Action::Back, &mut tr.cx);
    assert_eq!(w.step, Step::Route);
    assert!(
        !draw(&w, &tr).to_string().contains("· procédure"),
        "{}",
        draw(&w, &tr).to_string()
    );
}

/// A postal code that serves several communes: a short choice, then the tribunal of the
/// chosen commune; a code no commune has is refused.
#[test]
fn a_postal_code_of_several_communes_asks_which_one() {
    let mut tr = testing::tracker();
    tr.cx.size = (80, 24);
    let mut w = taj_erasure(&tr);
    w.place.cycle(true);
    w.update(&Action::Submit, &mut tr.cx);
    type_in(&mut w, "00000");
    w.update(&Action::Submit, &mut tr.cx);
    assert_eq!(w.step, Step::Place);
    assert!(
        w.place.fields[1]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("Aucune commune")),
        "{:?}",
        w.place.fields[1]
    );
    w.place.clear();
    type_in(&mut w, "01200");
    w.update(&Action::Submit, &mut tr.cx);
    assert_eq!(
        (w.step, w.place.fields.len(), w.place.focus),
        (Step::Place, 3, 2)
    );
    let crate::tui::form::FieldInput::Choice { options, .. } = &w.place.fields[2].input else {
        panic!("a choice of communes");
    };
    assert!(options.len() > 1, "{options:?}");
    insta::assert_snapshot!("wizard_procedure_place_communes_80x24", draw(&w, &tr));
    let chosen = options[1].clone();
    w.place.cycle(true);
    w.update(&Action::Submit, &mut tr.cx);
    assert_eq!(w.step, Step::Fields, "{:?}", w.place);
    assert_eq!(
        w.procedure_place.as_ref().and_then(|p| p.commune.clone()),
        Some(chosen.clone())
    );
    let (_, help) = proposed(&w);
    assert!(help.contains(&chosen), "{help}");
}

/// A route whose recipient does not depend on the place of the proceedings asks nothing.
#[test]
fn the_place_is_asked_only_when_the_route_needs_it() {
    let tr = testing::tracker();
    let w = wizard(
        &tr,
        Preset {
            person: Some(tr.person),
            file: Some("TAJ".into()),
            route: Some("acces".into()),
            ..Preset::default()
        },
    );
    assert!(
        matches!(w.step, Step::Fields | Step::Preview),
        "{:?}",
        w.step
    );
    assert!(w.place.fields.is_empty());
}

#[test]
fn enter_chooses_and_escape_goes_back_one_step_then_out() {
    let mut tr = testing::tracker();
    let mut w = wizard(&tr, Preset::default());
    assert_eq!((w.step, w.ctx()), (Step::Person, Ctx::WizardPerson));
    assert_eq!(
        w.update(&Action::NewPerson, &mut tr.cx),
        Nav::EditPerson(None)
    );
    assert_eq!(w.update(&Action::Open, &mut tr.cx), Nav::Stay);
    assert_eq!((w.step, w.person), (Step::File, Some(tr.person)));
    let n = letter_entries(&tr.cx.catalogue).len();
    w.move_by(n as isize + 3);
    w.clamp(&tr.cx);
    assert_eq!(w.sel, n - 1);
    assert_eq!(w.update(&Action::Back, &mut tr.cx), Nav::Stay);
    assert_eq!((w.step, w.sel), (Step::Person, 0));
    assert_eq!(w.update(&Action::Back, &mut tr.cx), Nav::Back);
}

#[test]
fn a_preset_skips_the_steps_it_fixes_and_escape_leaves_from_the_first_one_left() {
    let mut tr = testing::tracker();
    let mut w = wizard(
        &tr,
        Preset {
            person: Some(tr.person),
            file: Some("TAJ".into()),
            route: Some("acces".into()),
            ..Preset::default()
        },
    );
    assert!(
        matches!(w.step, Step::Fields | Step::Preview),
        "{:?}",
        w.step
    );
    assert!(w.form_mut().is_some() == (w.step == Step::Fields));
    if w.step == Step::Fields {
        assert_eq!(w.update(&Action::Back, &mut tr.cx), Nav::Back);
    }
}

#[test]
fn a_reminder_writes_its_letter_and_notes_the_reminder_on_the_same_case() {
    let mut tr = testing::tracker();
    let mut w = wizard(
        &tr,
        Preset {
            person: Some(tr.person),
            file: Some("TAJ".into()),
            route: Some("acces".into()),
            reminder_of: Some(tr.case),
            follows: None,
        },
    );
    // The dates come from the case; whatever else the letter needs is typed.
    assert_eq!(w.step, Step::Fields);
    for i in 0..w.fields.fields.len() {
        if w.fields.value(i).is_empty() {
            let date = w.fields.fields[i].hint.as_deref() == Some(t::HINT_DATE);
            w.fields.focus = i;
            let v = if date { "15/10/2026" } else { "Paris" };
            v.chars().for_each(|c| w.fields.input(c));
        }
    }
    assert_eq!(w.update(&Action::Submit, &mut tr.cx), Nav::Stay);
    assert_eq!(w.step, Step::Preview, "{:?} {:?}", w.error, w.fields);
    assert!(w.letter.is_some());
    w.update(&Action::Open, &mut tr.cx);
    assert_eq!(w.step, Step::Save);
    // Sent today, by the first channel offered.
    w.save.focus = save::SAVE_SENT;
    w.save.cycle(true);
    let Nav::CaseInstead(case, _) = w.update(&Action::Submit, &mut tr.cx) else {
        panic!("not saved: {:?} {:?}", w.error, w.save);
    };
    assert_eq!(case, tr.case);
    assert!(
        !tr.dir().join(crate::fsio::journal::JOURNAL).exists(),
        "the letter journal is removed once the letter is written"
    );
    let files: Vec<_> = std::fs::read_dir(&tr.cx.letters_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].contains("relance"), "{files:?}");
    let data = tr.cx.data.as_mut().unwrap();
    let history = data.store.case(tr.case).unwrap().unwrap();
    assert!(
        history
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Relance { .. }) && e.date == tr.cx.today)
    );
}

/// Defect G (issue 15): the store is written before the letter's file. When the store
/// refuses (here the case was removed by another process meanwhile), no letter is left on
/// disk that the tracker does not know, and the journal is gone.
#[test]
fn a_letter_the_store_refuses_is_not_written() {
    let mut tr = testing::tracker();
    let mut w = wizard(
        &tr,
        Preset {
            person: Some(tr.person),
            file: Some("TAJ".into()),
            route: Some("acces".into()),
            reminder_of: Some(tr.case),
            follows: None,
        },
    );
    for i in 0..w.fields.fields.len() {
        if w.fields.value(i).is_empty() {
            let date = w.fields.fields[i].hint.as_deref() == Some(t::HINT_DATE);
            w.fields.focus = i;
            let v = if date { "15/10/2026" } else { "Paris" };
            v.chars().for_each(|c| w.fields.input(c));
        }
    }
    w.update(&Action::Submit, &mut tr.cx);
    w.update(&Action::Open, &mut tr.cx);
    assert_eq!(w.step, Step::Save);
    // Another process deletes the case; the screen still shows it.
    let pass = crate::store::Passphrase::new("phrase de test");
    let mut other =
        crate::store::open(tr.dir(), &pass, crate::store::LockMode::Command, false).unwrap();
    other.delete_case(tr.case).unwrap();
    drop(other);
    assert_eq!(w.update(&Action::Submit, &mut tr.cx), Nav::Stay);
    let error = w.error.clone().expect("the refusal is said");
    assert!(error.contains("n'a pas été enregistrée"), "{error}");
    let files: Vec<_> = std::fs::read_dir(&tr.cx.letters_dir).unwrap().collect();
    assert!(files.is_empty(), "no letter without its case: {files:?}");
    assert!(!tr.dir().join(crate::fsio::journal::JOURNAL).exists());
}
