//! The Personnes tab: the persons the tracker follows, and the form that adds or changes
//! one.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::action::{Action, Nav, Pending};
use super::super::context::Context;
use super::super::form::{Field, Form};
use super::super::keys::Ctx;
use super::super::layout::{self, list_offset};
use super::super::text::{truncate, width, wrap};
use super::super::widgets::{clicked_row, form_screen, format_date, frame_size, list};
use super::{Title, step};
use crate::cases::PersonId;
use crate::letters::mandate;
use crate::person::{Identifiants, Person, Representant};
use crate::texts::mandate as tm;
use crate::texts::{cases as tc, tui as t};
use crate::validate;

/// The list of persons.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Personnes {
    pub sel: usize,
}

impl Personnes {
    pub fn ctx(&self) -> Ctx {
        Ctx::Personnes
    }

    fn len(cx: &Context) -> usize {
        cx.data.as_ref().map_or(0, |d| d.persons.len())
    }

    pub fn move_by(&mut self, delta: isize) {
        self.sel = step(self.sel, delta);
    }

    pub fn clamp(&mut self, cx: &Context) {
        self.sel = self.sel.min(Self::len(cx).saturating_sub(1));
    }

    /// The selected person's mandate for their open cases (`acces mandat --personne N`),
    /// one year long, as a PDF in the letters folder; never over an earlier file.
    fn mandate(&self, cx: &Context) -> Nav {
        let Some(data) = cx.data.as_ref() else {
            return Nav::Stay;
        };
        let Some(p) = data.persons.get(self.sel) else {
            return Nav::Stay;
        };
        let steps = match mandate::open_case_steps(&cx.catalogue, data.store.as_ref(), p.id) {
            Ok(s) if s.is_empty() => return Nav::Error(tm::MANDATE_NO_OPEN_CASE.into()),
            Ok(s) => s,
            Err(f) => return Nav::Error(f.message),
        };
        let until = mandate::default_end(cx.today);
        let letter = match mandate::write(&p.personne, &steps, cx.today, until) {
            Ok(l) => l,
            Err(e) => return Nav::Error(e.to_string()),
        };
        let written = (|| {
            let bytes = crate::letters::pdf::render(&letter).map_err(crate::letters::failure)?;
            let name = format!("mandat-{}.pdf", cx.today.format("%Y-%m-%d"));
            let path = crate::fsio::free_name(&cx.letters_dir, &name);
            // Never inside the data directory, as for `acces mandat --sortie`.
            if let Some(dir) = &cx.data_dir {
                crate::fsio::check_output_path(&path, dir)?;
            }
            std::fs::create_dir_all(&cx.letters_dir).map_err(|e| {
                crate::error::Failure::io(crate::texts::batch::cannot_create_dir(
                    &cx.letters_dir,
                    &e,
                ))
            })?;
            crate::fsio::write_atomic(&path, &bytes)?;
            Ok::<_, crate::error::Failure>(path)
        })();
        match written {
            Ok(path) => Nav::Said(tm::mandate_written_until(
                &path,
                &crate::texts::dates::date_fr(until),
            )),
            Err(f) => Nav::Error(f.message),
        }
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match action {
            Action::Open => cx
                .data
                .as_ref()
                .and_then(|d| d.persons.get(self.sel))
                .map_or(Nav::Stay, |p| Nav::EditPerson(Some(p.id))),
            Action::NewPerson => Nav::EditPerson(None),
            Action::OpenImport => Nav::Import,
            Action::WriteMandate => self.mandate(cx),
            Action::Delete => cx
                .data
                .as_ref()
                .and_then(|d| d.persons.get(self.sel))
                .map_or(Nav::Stay, |p| Nav::Confirm(Pending::DeletePerson(p.id))),
            Action::Back => Nav::Back,
            Action::Click(col, row) => {
                let area = layout::table_list(cx.size);
                match clicked_row(area, *col, *row, self.sel, Self::len(cx)) {
                    Some(i) if i == self.sel => self.update(&Action::Open, cx),
                    Some(i) => {
                        self.sel = i;
                        Nav::Stay
                    }
                    None => Nav::Stay,
                }
            }
            _ => Nav::Stay,
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let (th, size, sel) = (cx.theme, frame_size(f), self.sel);
        let data = cx.data.as_ref()?;
        let heading = Some((
            t::PERSONNES_TITLE.to_string(),
            t::person_count(data.persons.len()),
        ));
        let area = layout::table_list(size);
        if data.persons.is_empty() {
            let c = layout::content(size);
            let msg = wrap(&[(t::PERSONNES_EMPTY, th.plain())], usize::from(c.width), 0);
            f.render_widget(Paragraph::new(msg), c);
            return heading;
        }
        let w = usize::from(area.width).saturating_sub(2);
        let name_w = (w / 2).min(40);
        let head = format!("  {:<name_w$}{}", t::COL_PERSON, t::COL_TOWN);
        f.render_widget(
            Line::from(Span::styled(truncate(&head, w + 2), th.label())),
            layout::table_header(size),
        );
        // Only the visible rows are built (a group may follow thousands of persons); `list`
        // gets empty lines for the others.
        let h = usize::from(area.height);
        let offset = list_offset(sel, h);
        let rows: Vec<Line> = data
            .persons
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i < offset || i >= offset + h {
                    return Line::default();
                }
                let name = truncate(&tc::person_name(&p.personne), name_w.saturating_sub(1));
                let pad = name_w.saturating_sub(width(&name));
                let rest = format!(
                    "{} {} — {}",
                    p.personne.code_postal,
                    p.personne.commune,
                    t::person_cases(data.cases_of(p.id))
                );
                Line::from(vec![
                    Span::styled(name, th.label()),
                    Span::raw(" ".repeat(pad)),
                    Span::raw(truncate(&rest, w.saturating_sub(name_w))),
                ])
            })
            .collect();
        list(th, f, area, rows, sel);
        heading
    }
}

/// A person's form: a new person (`id` None) or one already followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonForm {
    pub id: Option<PersonId>,
    pub form: Form,
}

impl PersonForm {
    /// The form for a new person, or for this one (None when the tracker is closed or the
    /// person unknown).
    pub fn open(cx: &Context, id: Option<PersonId>) -> Option<PersonForm> {
        let data = cx.data.as_ref()?;
        let person = match id {
            Some(i) => Some(data.person(i)?),
            None => None,
        };
        Some(PersonForm {
            id,
            form: person_form(person),
        })
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match action {
            Action::Submit => self.save(cx),
            Action::Back => Nav::Back,
            _ => Nav::Stay,
        }
    }

    /// Checks the form and saves the person; messages go next to the wrong fields.
    fn save(&mut self, cx: &mut Context) -> Nav {
        let Some(data) = cx.data.as_mut() else {
            return Nav::Stay;
        };
        // Checked on a copy: a store failure leaves the form as it was.
        let mut form = self.form.clone();
        let Some(person) = person_from_form(&mut form) else {
            self.form = form;
            return Nav::Error(t::FORM_HAS_ERRORS.into());
        };
        let result = match self.id {
            Some(i) => data.store.update_person(i, &person),
            None => data.store.add_person(&person).map(|_| ()),
        };
        match result {
            Ok(()) => Nav::Saved(t::PERSON_SAVED.into()),
            Err(f) => Nav::Error(f.message),
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        form_screen(cx, f, &[], &self.form, None);
        let title = if self.id.is_some() {
            t::PERSON_EDIT_TITLE
        } else {
            t::PERSON_NEW_TITLE
        };
        Some((title.to_string(), String::new()))
    }
}

/// Person form field indexes.
mod pf {
    pub const CIVILITE: usize = 0;
    pub const NOM: usize = 1;
    pub const PRENOMS: usize = 2;
    pub const NOM_NAISSANCE: usize = 3;
    pub const DATE_NAISSANCE: usize = 4;
    pub const LIEU_NAISSANCE: usize = 5;
    pub const ADRESSE: usize = 6;
    pub const ADRESSE2: usize = 7;
    pub const CODE_POSTAL: usize = 8;
    pub const COMMUNE: usize = 9;
    pub const DEPARTEMENT: usize = 10;
    pub const EMAIL: usize = 11;
    pub const TELEPHONE: usize = 12;
    pub const CAF: usize = 13;
    pub const FT: usize = 14;
    pub const REP_NOM: usize = 15;
    pub const REP_QUALITE: usize = 16;
    pub const REP_ADRESSE: usize = 17;
    pub const REP_EMAIL: usize = 18;

    /// The form's field for a field of the person file, as `validate::person` names it.
    pub fn of(name: &str) -> Option<usize> {
        Some(match name {
            "civilite" => CIVILITE,
            "nom" => NOM,
            "prenoms" => PRENOMS,
            "nom_naissance" => NOM_NAISSANCE,
            "date_naissance" => DATE_NAISSANCE,
            "lieu_naissance" => LIEU_NAISSANCE,
            "adresse" => ADRESSE,
            "code_postal" => CODE_POSTAL,
            "commune" => COMMUNE,
            "departement" => DEPARTEMENT,
            "email" => EMAIL,
            "telephone" => TELEPHONE,
            "identifiants.caf" => CAF,
            "identifiants.france_travail" => FT,
            "representant.nom" => REP_NOM,
            "representant.qualite" => REP_QUALITE,
            "representant.adresse" => REP_ADRESSE,
            "representant.email" => REP_EMAIL,
            _ => return None,
        })
    }
}

pub fn person_form(p: Option<&Person>) -> Form {
    let def = Person::default();
    let p = p.unwrap_or(&def);
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut civ = vec![t::NONE_CHOICE.to_string()];
    civ.extend(t::CIVILITES.iter().map(|s| s.to_string()));
    let civ_sel = p
        .civilite
        .as_deref()
        .and_then(|c| t::CIVILITES.iter().position(|x| x.eq_ignore_ascii_case(c)))
        .map_or(0, |i| i + 1);
    let born = p.date_naissance.map(format_date).unwrap_or_default();
    let rep = p.representant.as_ref();
    Form::new(vec![
        Field::choice(t::PF_CIVILITE, civ, civ_sel),
        Field::text(t::PF_NOM, p.nom.clone()).required(),
        Field::text(t::PF_PRENOMS, p.prenoms.clone()).required(),
        Field::text(t::PF_NOM_NAISSANCE, o(&p.nom_naissance)),
        Field::text(t::PF_DATE_NAISSANCE, born).hint(t::HINT_DATE),
        Field::text(t::PF_LIEU_NAISSANCE, o(&p.lieu_naissance)),
        Field::text(
            t::PF_ADRESSE,
            p.adresse.first().cloned().unwrap_or_default(),
        )
        .required(),
        // Every line after the first, each on its own line: saving never merges them.
        Field::lines(
            t::PF_ADRESSE2,
            p.adresse.get(1..).map(|l| l.join("\n")).unwrap_or_default(),
        ),
        Field::text(t::PF_CODE_POSTAL, p.code_postal.clone()).required(),
        Field::text(t::PF_COMMUNE, p.commune.clone()).required(),
        Field::text(t::PF_DEPARTEMENT, o(&p.departement)).hint(t::HINT_DEPARTEMENT),
        Field::text(t::PF_EMAIL, o(&p.email)),
        Field::text(t::PF_TELEPHONE, o(&p.telephone)),
        Field::text(t::PF_CAF, o(&p.identifiants.caf)),
        Field::text(t::PF_FT, o(&p.identifiants.france_travail)),
        // The representative (a group or a lawyer acting under a mandate), as the person
        // file's `representant`: none while its fields are empty.
        Field::text(
            t::PF_REP_NOM,
            rep.map(|r| r.nom.clone()).unwrap_or_default(),
        )
        .hint(t::HINT_REP_NOM),
        Field::text(
            t::PF_REP_QUALITE,
            rep.map(|r| o(&r.qualite)).unwrap_or_default(),
        )
        .hint(t::HINT_REP_QUALITE),
        Field::lines(
            t::PF_REP_ADRESSE,
            rep.map(|r| r.adresse.join("\n")).unwrap_or_default(),
        )
        .hint(t::HINT_REP_ADRESSE),
        Field::text(
            t::PF_REP_EMAIL,
            rep.map(|r| o(&r.email)).unwrap_or_default(),
        ),
    ])
}

/// The person typed in the form, or None with messages next to the wrong fields.
pub fn person_from_form(form: &mut Form) -> Option<Person> {
    form.clear_errors();
    let check = |form: &mut Form, i: usize, r: Result<String, String>| match r {
        Ok(v) => Some(v),
        Err(e) => {
            form.set_error(i, e);
            None
        }
    };
    let nom = check(form, pf::NOM, validate::required(form.value(pf::NOM)));
    let prenoms = check(
        form,
        pf::PRENOMS,
        validate::required(form.value(pf::PRENOMS)),
    );
    let adresse = check(
        form,
        pf::ADRESSE,
        validate::required(form.value(pf::ADRESSE)),
    );
    let cp = check(
        form,
        pf::CODE_POSTAL,
        validate::postal_code(form.value(pf::CODE_POSTAL)),
    );
    let commune = check(
        form,
        pf::COMMUNE,
        validate::required(form.value(pf::COMMUNE)),
    );
    let born = match form.optional(pf::DATE_NAISSANCE) {
        None => Some(None),
        Some(s) => match validate::date(&s) {
            Ok(d) => Some(Some(d)),
            Err(e) => {
                form.set_error(pf::DATE_NAISSANCE, e);
                None
            }
        },
    };
    let optional =
        |form: &mut Form, i: usize, f: fn(&str) -> Result<String, String>| match form.optional(i) {
            None => Some(None),
            Some(s) => match f(&s) {
                Ok(v) => Some(Some(v)),
                Err(e) => {
                    form.set_error(i, e);
                    None
                }
            },
        };
    let dep = optional(form, pf::DEPARTEMENT, validate::departement);
    let email = optional(form, pf::EMAIL, validate::email);
    let representant = representant_from_form(form);
    if form.has_errors() {
        return None;
    }
    let mut adresse_lines = vec![adresse?];
    adresse_lines.extend(
        form.value(pf::ADRESSE2)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string),
    );
    let civ = form.selected(pf::CIVILITE);
    let person = Person {
        civilite: civ
            .checked_sub(1)
            .and_then(|i| t::CIVILITES.get(i))
            .map(|s| s.to_string()),
        nom: nom?,
        nom_naissance: form.optional(pf::NOM_NAISSANCE),
        prenoms: prenoms?,
        date_naissance: born?,
        lieu_naissance: form.optional(pf::LIEU_NAISSANCE),
        adresse: adresse_lines,
        code_postal: cp?,
        commune: commune?,
        email: email?,
        telephone: form.optional(pf::TELEPHONE),
        departement: dep?,
        identifiants: Identifiants {
            caf: form.optional(pf::CAF),
            france_travail: form.optional(pf::FT),
        },
        representant: representant?,
    };
    // Then every rule of the person file (lengths, characters…), the one set of checks the
    // CLI and the store apply, each message next to its field.
    for (field, message) in validate::person(&person) {
        form.set_error(pf::of(field).unwrap_or(pf::NOM), message);
    }
    (!form.has_errors()).then_some(person)
}

/// The representative typed, `Some(None)` when its fields are empty, or None with messages
/// next to the wrong fields (a name is needed once anything is typed).
fn representant_from_form(form: &mut Form) -> Option<Option<Representant>> {
    let adresse: Vec<String> = form
        .value(pf::REP_ADRESSE)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let qualite = form.optional(pf::REP_QUALITE);
    let email = form.optional(pf::REP_EMAIL);
    let nom = form.optional(pf::REP_NOM);
    if nom.is_none() && qualite.is_none() && email.is_none() && adresse.is_empty() {
        return Some(None);
    }
    let nom = match validate::required(nom.as_deref().unwrap_or("")) {
        Ok(n) => Some(n),
        Err(e) => {
            form.set_error(pf::REP_NOM, e);
            None
        }
    };
    let email = match email.map(|e| validate::email(&e)).transpose() {
        Ok(e) => Some(e),
        Err(e) => {
            form.set_error(pf::REP_EMAIL, e);
            None
        }
    };
    Some(Some(Representant {
        nom: nom?,
        qualite,
        adresse,
        email: email?,
    }))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::super::testing;
    use super::*;

    fn type_in(form: &mut Form, field: usize, s: &str) {
        form.focus = field;
        form.clear();
        s.chars().for_each(|c| form.input(c));
    }

    #[test]
    fn an_incomplete_person_is_not_saved_and_the_fields_say_why() {
        let mut tr = testing::tracker();
        let mut s = PersonForm::open(&tr.cx, None).unwrap();
        type_in(&mut s.form, pf::NOM, "Durand");
        type_in(&mut s.form, pf::CODE_POSTAL, "7500");
        let nav = s.update(&Action::Submit, &mut tr.cx);
        assert_eq!(nav, Nav::Error(t::FORM_HAS_ERRORS.into()));
        assert!(s.form.fields[pf::PRENOMS].error.is_some());
        assert!(s.form.fields[pf::CODE_POSTAL].error.is_some());
        assert!(s.form.fields[pf::NOM].error.is_none());
        let persons = tr.cx.data.as_mut().unwrap().store.persons().unwrap();
        assert_eq!(persons.len(), 1);
    }

    #[test]
    fn a_complete_person_is_saved_in_the_store() {
        let mut tr = testing::tracker();
        let mut s = PersonForm::open(&tr.cx, None).unwrap();
        for (i, v) in [
            (pf::NOM, "Durand"),
            (pf::PRENOMS, "Lou"),
            (pf::ADRESSE, "2 rue Haute"),
            (pf::CODE_POSTAL, "75011"),
            (pf::COMMUNE, "Paris"),
            (pf::DATE_NAISSANCE, "02/03/1990"),
        ] {
            type_in(&mut s.form, i, v);
        }
        let nav = s.update(&Action::Submit, &mut tr.cx);
        assert_eq!(nav, Nav::Saved(t::PERSON_SAVED.into()));
        let persons = tr.cx.data.as_mut().unwrap().store.persons().unwrap();
        let lou = persons.iter().find(|p| p.personne.nom == "Durand").unwrap();
        assert_eq!(lou.personne.commune, "Paris");
        assert_eq!(
            lou.personne.date_naissance,
            NaiveDate::from_ymd_opt(1990, 3, 2)
        );
    }

    #[test]
    fn the_representative_is_saved_read_back_and_checked_like_the_person_file() {
        let mut tr = testing::tracker();
        let mut s = PersonForm::open(&tr.cx, Some(tr.person)).unwrap();
        // A capacity without a name: the name is asked for; a wrong e-mail is refused.
        type_in(&mut s.form, pf::REP_QUALITE, "association, mandataire");
        type_in(&mut s.form, pf::REP_EMAIL, "pas-un-email");
        let nav = s.update(&Action::Submit, &mut tr.cx);
        assert_eq!(nav, Nav::Error(t::FORM_HAS_ERRORS.into()));
        assert!(s.form.fields[pf::REP_NOM].error.is_some());
        assert!(s.form.fields[pf::REP_EMAIL].error.is_some());
        type_in(&mut s.form, pf::REP_NOM, "Ligue des droits");
        type_in(&mut s.form, pf::REP_EMAIL, "juridique@exemple.org");
        s.form.focus = pf::REP_ADRESSE;
        s.form.clear();
        s.form.paste("5 rue Lecomte\n75017 Paris");
        let nav = s.update(&Action::Submit, &mut tr.cx);
        assert_eq!(nav, Nav::Saved(t::PERSON_SAVED.into()));
        let data = tr.cx.data.as_mut().unwrap();
        data.reload(&tr.cx.catalogue, tr.cx.today).unwrap();
        let rep = data
            .person(tr.person)
            .unwrap()
            .representant
            .clone()
            .unwrap();
        assert_eq!(rep.nom, "Ligue des droits");
        assert_eq!(rep.qualite.as_deref(), Some("association, mandataire"));
        assert_eq!(rep.adresse, ["5 rue Lecomte", "75017 Paris"]);
        assert_eq!(rep.email.as_deref(), Some("juridique@exemple.org"));
        // Read back into the form; emptied, the person has no representative any more.
        let mut s = PersonForm::open(&tr.cx, Some(tr.person)).unwrap();
        assert_eq!(s.form.value(pf::REP_ADRESSE), "5 rue Lecomte\n75017 Paris");
        for i in [pf::REP_NOM, pf::REP_QUALITE, pf::REP_ADRESSE, pf::REP_EMAIL] {
            type_in(&mut s.form, i, "");
        }
        assert_eq!(
            s.update(&Action::Submit, &mut tr.cx),
            Nav::Saved(t::PERSON_SAVED.into())
        );
        let data = tr.cx.data.as_mut().unwrap();
        data.reload(&tr.cx.catalogue, tr.cx.today).unwrap();
        assert!(data.person(tr.person).unwrap().representant.is_none());
    }

    #[test]
    fn a_line_too_long_is_refused_next_to_its_field_by_the_person_file_rules() {
        let mut tr = testing::tracker();
        let mut s = PersonForm::open(&tr.cx, Some(tr.person)).unwrap();
        type_in(
            &mut s.form,
            pf::REP_NOM,
            &"x".repeat(validate::MAX_LINE + 1),
        );
        let nav = s.update(&Action::Submit, &mut tr.cx);
        assert_eq!(nav, Nav::Error(t::FORM_HAS_ERRORS.into()));
        assert!(s.form.fields[pf::REP_NOM].error.is_some());
    }

    #[test]
    fn the_list_opens_the_selected_person_and_n_a_new_one() {
        let mut tr = testing::tracker();
        let mut s = Personnes::default();
        assert_eq!(
            s.update(&Action::Open, &mut tr.cx),
            Nav::EditPerson(Some(tr.person))
        );
        assert_eq!(
            s.update(&Action::NewPerson, &mut tr.cx),
            Nav::EditPerson(None)
        );
        let form = PersonForm::open(&tr.cx, Some(tr.person)).unwrap();
        assert_eq!(form.form.value(pf::NOM), "Martin");
        // Without a tracker there is no form.
        assert!(PersonForm::open(&testing::cx(), None).is_none());
    }

    #[test]
    fn m_writes_the_mandate_of_a_represented_person_and_says_where() {
        let mut tr = testing::tracker();
        let letters = tempfile::tempdir().unwrap();
        tr.cx.letters_dir = letters.path().join("lettres");
        let mut s = Personnes::default();
        // Without a representative: refused, nothing written.
        let nav = s.update(&Action::WriteMandate, &mut tr.cx);
        assert_eq!(nav, Nav::Error(tm::MANDATE_NO_REPRESENTATIVE.into()));
        assert!(!tr.cx.letters_dir.exists());

        let mut person = testing::person();
        person.representant = Some(Representant {
            nom: "Association Droits Devant".into(),
            qualite: None,
            adresse: vec!["12 rue Basse".into(), "75011 Paris".into()],
            email: None,
        });
        let data = tr.cx.data.as_mut().unwrap();
        data.store.update_person(tr.person, &person).unwrap();
        data.reload(&tr.cx.catalogue, testing::today()).unwrap();

        let mut written = Vec::new();
        for _ in 0..2 {
            let nav = s.update(&Action::WriteMandate, &mut tr.cx);
            let Nav::Said(msg) = nav else {
                panic!("no mandate written: {nav:?}");
            };
            assert!(msg.contains("jusqu’au 28 novembre 2027"), "{msg}");
            written.push(msg);
        }
        // The second never replaces the first.
        let mut files: Vec<String> = std::fs::read_dir(&tr.cx.letters_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(
            files,
            vec!["mandat-2026-11-28-2.pdf", "mandat-2026-11-28.pdf"]
        );
        assert!(
            written[0].contains("mandat-2026-11-28.pdf"),
            "{}",
            written[0]
        );
        let bytes = std::fs::read(tr.cx.letters_dir.join("mandat-2026-11-28.pdf")).unwrap();
        assert!(bytes.starts_with(b"%PDF"));

        // Never into the data directory.
        tr.cx.letters_dir = tr.dir().join("lettres");
        let nav = s.update(&Action::WriteMandate, &mut tr.cx);
        assert!(
            matches!(&nav, Nav::Error(m) if m.contains("dossier de données")),
            "{nav:?}"
        );
    }
}
