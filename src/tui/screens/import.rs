//! Importer: a group's spreadsheet (CSV) or an acces JSON export into the register, shown
//! first as the import would go (the same simulation and the same French report as
//! `acces import --simulation`), written only once the person has read it and confirmed.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Title, step};
use crate::cases::Snapshot;
use crate::error::Failure;
use crate::import::run;
use crate::texts::tui as t;
use crate::tui::action::{Action, Nav};
use crate::tui::context::Context;
use crate::tui::form::{Field, Form};
use crate::tui::keys::Ctx;
use crate::tui::layout;
use crate::tui::text::wrap;
use crate::tui::widgets::{form_screen, frame_size};

/// Where the screen is: asking for the file, or showing what importing it would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportScreen {
    Path { form: Form },
    Preview(Preview),
}

/// What importing the file would do, and whether it can be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub file: PathBuf,
    /// The report, as the CLI words it.
    pub lines: Vec<String>,
    pub kind: Kind,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A spreadsheet: `refused` when some lines are invalid (only the valid lines can then
    /// be imported, on request).
    Sheet {
        refused: bool,
        bad: usize,
        good: usize,
    },
    /// An acces export, checked.
    Export(Box<Snapshot>),
}

impl Default for ImportScreen {
    fn default() -> Self {
        ImportScreen::Path {
            form: Form::new(vec![
                Field::text(t::IMPORT_FILE_LABEL, "")
                    .required()
                    .hint(t::IMPORT_FILE_HINT),
            ]),
        }
    }
}

/// A path as typed (`~/` for the home folder, as the hint shows) or dropped into the
/// terminal (quoted by some terminals).
fn typed_path(s: &str) -> PathBuf {
    let s = s.trim();
    let s = s
        .strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .or_else(|| s.strip_prefix('"').and_then(|x| x.strip_suffix('"')))
        .unwrap_or(s);
    match (s.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(s),
    }
}

impl ImportScreen {
    pub fn ctx(&self) -> Ctx {
        match self {
            ImportScreen::Path { .. } => Ctx::Form,
            ImportScreen::Preview(_) => Ctx::ImportPreview,
        }
    }

    pub fn form(&self) -> Option<&Form> {
        match self {
            ImportScreen::Path { form } => Some(form),
            ImportScreen::Preview(_) => None,
        }
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self {
            ImportScreen::Path { form } => Some(form),
            ImportScreen::Preview(_) => None,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        if let ImportScreen::Preview(p) = self {
            p.scroll = step(p.scroll, delta).min(p.lines.len().saturating_sub(1));
        }
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match (&mut *self, action) {
            (ImportScreen::Path { form }, Action::Submit) => {
                let file = typed_path(form.value(0));
                if file.as_os_str().is_empty() {
                    form.set_error(0, t::IMPORT_FILE_MISSING);
                    return Nav::Error(t::FORM_HAS_ERRORS.into());
                }
                match preview(cx, &file) {
                    Ok(p) => {
                        *self = ImportScreen::Preview(p);
                        Nav::Stay
                    }
                    Err(f) => {
                        form.set_error(0, f.message.clone());
                        Nav::Error(f.message)
                    }
                }
            }
            (ImportScreen::Path { .. }, Action::Back) => Nav::Back,
            (ImportScreen::Preview(p), Action::Submit) => match &p.kind {
                Kind::Sheet { refused: true, .. } => Nav::Error(t::IMPORT_FIX_OR_VALID_ONLY.into()),
                _ => import(cx, p, false),
            },
            (ImportScreen::Preview(p), Action::ImportValidLines) => match &p.kind {
                Kind::Sheet { bad, .. } if *bad > 0 => import(cx, p, true),
                _ => Nav::Stay,
            },
            (ImportScreen::Preview(p), Action::Up) => {
                p.scroll = p.scroll.saturating_sub(1);
                Nav::Stay
            }
            (ImportScreen::Preview(_), Action::Down) => {
                self.move_by(1);
                Nav::Stay
            }
            (ImportScreen::Preview(p), Action::Back) => {
                let mut back = ImportScreen::default();
                if let Some(form) = back.form_mut() {
                    form.paste(&p.file.to_string_lossy());
                }
                *self = back;
                Nav::Stay
            }
            _ => Nav::Stay,
        }
    }

    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        match self {
            ImportScreen::Path { form } => {
                let intro = wrap(
                    &[(t::IMPORT_INTRO, cx.theme.plain())],
                    usize::from(layout::content(frame_size(f)).width),
                    0,
                );
                form_screen(cx, f, &intro, form, None);
                Some((t::IMPORT_TITLE.to_string(), String::new()))
            }
            ImportScreen::Preview(p) => {
                let area = layout::doc_area(frame_size(f));
                let w = usize::from(area.width);
                let th = cx.theme;
                let mut doc: Vec<Line> = Vec::new();
                for l in &p.lines {
                    doc.extend(wrap(&[(l, th.plain())], w, 2));
                }
                doc.push(Line::default());
                let ask = match &p.kind {
                    Kind::Sheet { bad, good, .. } if *bad > 0 => {
                        t::import_ask_valid_only(*bad, *good)
                    }
                    _ => t::IMPORT_ASK.to_string(),
                };
                doc.extend(wrap(&[(&ask, th.label())], w, 0));
                let pos = t::scroll_position(p.scroll, doc.len());
                let shown: Vec<Line> = doc
                    .into_iter()
                    .skip(p.scroll)
                    .take(usize::from(area.height))
                    .collect();
                f.render_widget(Paragraph::new(shown), area);
                let name = p
                    .file
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().to_string());
                Some((format!("{} › {}", t::IMPORT_TITLE, name), pos))
            }
        }
    }
}

/// Reads the file and simulates its import on the open register.
fn preview(cx: &mut Context, file: &Path) -> Result<Preview, Failure> {
    let bytes = crate::fsio::read_bounded_bytes(file, crate::fsio::MAX_INPUT_FILE)?;
    let Some(data) = cx.data.as_mut() else {
        return Err(Failure::invalid(t::NO_STORE));
    };
    if run::is_spreadsheet_name(file) || !bytes.trim_ascii_start().starts_with(b"{") {
        let done = run::sheet(
            Some(&mut *data.store),
            &bytes,
            &[],
            &cx.catalogue,
            cx.today,
            false,
            true,
        )?;
        let bad = done.sheet.bad_lines();
        let mut lines = done.report(true);
        if done.refused {
            // The command line's way out (an option) is a key here: said below the report.
            lines.pop();
        }
        return Ok(Preview {
            file: file.to_path_buf(),
            lines,
            kind: Kind::Sheet {
                refused: done.refused,
                bad,
                good: done.sheet.rows.len(),
            },
            scroll: 0,
        });
    }
    let (snap, warnings) = run::read_export(&bytes, file, &cx.catalogue, true)?;
    let sum = data.store.import(&snap, true)?;
    let mut lines = warnings;
    lines.extend(run::export_report(&sum, true).lines().map(str::to_string));
    Ok(Preview {
        file: file.to_path_buf(),
        lines,
        kind: Kind::Export(Box::new(snap)),
        scroll: 0,
    })
}

/// Imports for real what the preview showed (read again: the file may have changed).
fn import(cx: &mut Context, p: &Preview, valid_lines_only: bool) -> Nav {
    let Some(data) = cx.data.as_mut() else {
        return Nav::Error(t::NO_STORE.into());
    };
    let done = match &p.kind {
        Kind::Export(snap) => data
            .store
            .import(snap, false)
            .map(|sum| run::export_report(&sum, false)),
        Kind::Sheet { .. } => crate::fsio::read_bounded_bytes(&p.file, crate::fsio::MAX_INPUT_FILE)
            .and_then(|bytes| {
                run::sheet(
                    Some(&mut *data.store),
                    &bytes,
                    &[],
                    &cx.catalogue,
                    cx.today,
                    valid_lines_only,
                    false,
                )
            })
            .and_then(|done| {
                if done.written {
                    Ok(done.report(false).pop().unwrap_or_default())
                } else {
                    Err(Failure::invalid(t::IMPORT_FIX_OR_VALID_ONLY))
                }
            }),
    };
    match done {
        // The summary's lines in one message line.
        Ok(said) => Nav::Saved(said.lines().map(str::trim).collect::<Vec<_>>().join(" ")),
        Err(f) => Nav::Error(f.message),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing;
    use super::*;

    fn submit_path(s: &mut ImportScreen, cx: &mut Context, path: &Path) -> Nav {
        s.form_mut()
            .unwrap()
            .paste(&format!("'{}'", path.display()));
        s.update(&Action::Submit, cx)
    }

    fn persons(tr: &testing::Tracker) -> usize {
        tr.cx.data.as_ref().unwrap().store.persons().unwrap().len()
    }

    const SHEET: &str = "Nom;Prénom(s);Adresse;CP;Ville;Date de naissance\n\
                         Durand;Lou;2 rue Haute;75011;Paris;02/03/1990\n\
                         d'Artagnan;Charles;1 place du Marché;3200;Auch;01/01/1985\n\
                         Petit;Zoé;5 quai Est;69002;Lyon;12/12/2001\n";

    /// A spreadsheet with a bad line: the preview says which, Entrée refuses, `v` imports
    /// the valid lines; the screen is read at 80×24.
    #[test]
    fn a_spreadsheet_is_previewed_then_imported_valid_lines_only_on_request() {
        let mut tr = testing::tracker();
        tr.cx.size = (80, 24);
        let file = tr.dir().join("groupe.csv");
        std::fs::write(&file, SHEET).unwrap();
        let mut s = ImportScreen::default();
        assert_eq!(submit_path(&mut s, &mut tr.cx, &file), Nav::Stay);
        let ImportScreen::Preview(p) = &s else {
            panic!("{s:?}")
        };
        assert!(
            p.lines
                .iter()
                .any(|l| l.starts_with("Ligne 3, colonne « CP »")),
            "{:?}",
            p.lines
        );
        assert_eq!(
            p.kind,
            Kind::Sheet {
                refused: true,
                bad: 1,
                good: 2
            }
        );
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        term.draw(|f| {
            s.render(&tr.cx, f);
        })
        .unwrap();
        insta::assert_snapshot!("import_preview_bad_line_80x24", term.backend());
        // Nothing is written before the person confirms, nor by Entrée while a line is bad.
        assert_eq!(persons(&tr), 1);
        assert_eq!(
            s.update(&Action::Submit, &mut tr.cx),
            Nav::Error(t::IMPORT_FIX_OR_VALID_ONLY.into())
        );
        assert_eq!(persons(&tr), 1);
        let Nav::Saved(said) = s.update(&Action::ImportValidLines, &mut tr.cx) else {
            panic!("not saved")
        };
        assert!(
            said.starts_with("Import terminé : 2 personnes ajoutées"),
            "{said}"
        );
        assert_eq!(persons(&tr), 3);
    }

    /// The register's own export: the preview says everything is already there, and
    /// importing it adds nothing.
    #[test]
    fn an_export_already_held_adds_nothing() {
        let mut tr = testing::tracker();
        let snap = tr.cx.data.as_ref().unwrap().store.snapshot().unwrap();
        let file = tr.dir().join("registre.json");
        std::fs::write(&file, serde_json::to_vec(&snap).unwrap()).unwrap();
        let mut s = ImportScreen::default();
        assert_eq!(submit_path(&mut s, &mut tr.cx, &file), Nav::Stay);
        let ImportScreen::Preview(p) = &s else {
            panic!("{s:?}")
        };
        assert!(
            p.lines.iter().any(|l| l.contains("déjà dans le registre")),
            "{:?}",
            p.lines
        );
        let Nav::Saved(said) = s.update(&Action::Submit, &mut tr.cx) else {
            panic!("not saved")
        };
        assert!(said.contains("Rien de nouveau à ajouter."), "{said}");
        assert_eq!(tr.cx.data.as_ref().unwrap().store.snapshot().unwrap(), snap);
    }

    #[test]
    fn a_typed_path_may_be_quoted_or_start_at_home() {
        assert_eq!(
            typed_path(" '/tmp/a b.csv' "),
            PathBuf::from("/tmp/a b.csv")
        );
        assert_eq!(typed_path("\"x.json\""), PathBuf::from("x.json"));
        if let Some(home) = std::env::var_os("HOME") {
            assert_eq!(typed_path("~/g.csv"), PathBuf::from(home).join("g.csv"));
        }
    }

    #[test]
    fn a_missing_file_is_said_next_to_the_field() {
        let mut tr = testing::tracker();
        let mut s = ImportScreen::default();
        let absent = tr.dir().join("absent.csv");
        let nav = submit_path(&mut s, &mut tr.cx, &absent);
        assert!(matches!(nav, Nav::Error(_)), "{nav:?}");
        assert!(s.form().unwrap().fields[0].error.is_some());
        // Échap from the preview comes back to the path, filled in.
        let file = tr.dir().join("groupe.csv");
        std::fs::write(&file, SHEET).unwrap();
        s.form_mut().unwrap().clear();
        submit_path(&mut s, &mut tr.cx, &file);
        s.update(&Action::Back, &mut tr.cx);
        assert_eq!(s.form().unwrap().value(0), file.to_string_lossy());
    }
}
