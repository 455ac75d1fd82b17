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

/// A person in Lyon (1er), a TAJ erasure: the assistant proposes the procureur près le
/// tribunal judiciaire de Lyon with its address and says where it comes from (80×24).
#[test]
fn the_recipient_of_a_taj_erasure_is_proposed_from_the_persons_commune() {
    let mut tr = testing::tracker();
    tr.cx.size = (80, 24);
    let w = wizard(
        &tr,
        Preset {
            person: Some(tr.person),
            file: Some("TAJ".into()),
            route: Some("effacement".into()),
            ..Preset::default()
        },
    );
    assert_eq!(w.step, Step::Fields, "{:?}", w.error);
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
    let mut w = w;
    w.fields.focus = i;
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| {
        w.render(&tr.cx, f);
    })
    .unwrap();
    insta::assert_snapshot!("wizard_recipient_proposed_80x24", term.backend());
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
