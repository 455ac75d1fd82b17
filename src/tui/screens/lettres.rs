//! « Rédiger les lettres »: the letters of the cases picked in Dossiers, into one PDF or a
//! folder of PDFs, each recorded on its case in one transaction — `acces lettres`'s batch
//! (`crate::letters::batch`), the same choice of cases, checks and records. The letters are
//! rendered a few at a time between frames (the loop sends `Action::Work` while the screen
//! is busy), so a long batch shows its progress.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::super::action::{Action, Nav};
use super::super::context::Context;
use super::super::form::{Field, Form};
use super::super::text::wrap;
use super::super::widgets::form_screen;
use super::Title;
use crate::cases::CaseId;
use crate::letters::batch::{self, Batch, CaseChoice, Format, Output, Problem};
use crate::texts::batch as t;
use crate::texts::tui as tt;

const OUTPUT: usize = 0;
const PATH: usize = 1;

/// The letters whose problems are listed (the others are counted).
const MAX_PROBLEMS: usize = 5;

/// Letters rendered between two frames.
const STEP: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LettersForm {
    pub cases: Vec<CaseId>,
    pub form: Form,
    /// The proposed file; the folder proposed is its name without `.pdf`.
    default_file: PathBuf,
    /// The batch being written, and where.
    writing: Option<Box<(Batch, Output)>>,
    /// Why the last try wrote nothing (one entry per letter that cannot be written).
    problems: Vec<Problem>,
}

impl LettersForm {
    pub fn new(cx: &Context, cases: Vec<CaseId>) -> LettersForm {
        let default_file = cx
            .letters_dir
            .join(format!("lettres-{}.pdf", cx.today.format("%Y-%m-%d")));
        let form = Form::new(vec![
            Field::choice(
                t::TUI_OUTPUT,
                vec![t::TUI_ONE_PDF.to_string(), t::TUI_FOLDER.to_string()],
                0,
            ),
            Field::text(t::TUI_PATH, default_file.display().to_string())
                .required()
                .hint(t::TUI_PATH_HINT),
        ]);
        LettersForm {
            cases,
            form,
            default_file,
            writing: None,
            problems: Vec::new(),
        }
    }

    /// Whether letters are being written (the loop then sends `Action::Work`).
    pub fn busy(&self) -> bool {
        self.writing.is_some()
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match action {
            Action::Work => self.work(cx),
            Action::Submit if !self.busy() => self.start(cx),
            Action::Back if !self.busy() => Nav::Back,
            _ => Nav::Stay,
        }
    }

    /// Where the letters go, as the form says.
    fn output(&self) -> Option<Output> {
        let typed = PathBuf::from(self.form.value(PATH).trim());
        if typed.as_os_str().is_empty() {
            return None;
        }
        Some(if self.form.selected(OUTPUT) == 0 {
            Output::File(typed)
        } else if typed == self.default_file {
            // The proposed name follows the choice: a folder has no `.pdf`.
            Output::Folder(self.default_file.with_extension(""))
        } else {
            Output::Folder(typed)
        })
    }

    /// Checks the form, chooses the letters; the work starts at the next frame.
    fn start(&mut self, cx: &mut Context) -> Nav {
        self.form.clear_errors();
        self.problems.clear();
        let Some(output) = self.output() else {
            self.form.set_error(PATH, crate::texts::validate::REQUIRED);
            return Nav::Stay;
        };
        // Never inside the data directory, as for `acces lettres`.
        if let Some(dir) = &cx.data_dir
            && let Err(f) = crate::fsio::check_output_path(&output.probe(), dir)
        {
            self.form.set_error(PATH, f.message);
            return Nav::Stay;
        }
        let Some(data) = cx.data.as_ref() else {
            return Nav::Stay;
        };
        let choice = CaseChoice {
            cases: Some(self.cases.clone()),
            ..CaseChoice::default()
        };
        let jobs = batch::case_jobs(&cx.catalogue, data.store.as_ref(), &choice, cx.today);
        match jobs.and_then(|jobs| Batch::new(jobs, Default::default(), cx.today)) {
            Ok(b) => {
                self.writing = Some(Box::new((b, output)));
                Nav::Stay
            }
            Err(f) => Nav::Error(f.message),
        }
    }

    /// Renders the next letters; once all are, writes and records them.
    fn work(&mut self, cx: &mut Context) -> Nav {
        let Some(w) = self.writing.as_mut() else {
            return Nav::Stay;
        };
        let (b, _) = w.as_mut();
        if !b.is_rendered() {
            b.render_next(&cx.catalogue, STEP);
            if !b.is_rendered() {
                return Nav::Stay;
            }
        }
        let Some(w) = self.writing.take() else {
            return Nav::Stay;
        };
        let (b, output) = *w;
        if !b.problems().is_empty() {
            self.problems = b.problems().to_vec();
            return Nav::Error(t::tui_nothing_written(self.problems.len()));
        }
        let Some(data) = cx.data.as_mut() else {
            return Nav::Stay;
        };
        match b.finish(&cx.catalogue, data.store.as_mut(), Format::Pdf, &output) {
            Ok(done) => Nav::LettersWritten(done.summary()),
            Err(f) => Nav::Error(f.message),
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let th = cx.theme;
        let w = usize::from(super::super::layout::content(cx.size).width);
        let intro = t::tui_intro(self.cases.len());
        let mut lines = wrap(&[(intro.as_str(), th.plain())], w, 0);
        if let Some(b) = self.writing.as_deref().map(|(b, _)| b) {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                t::tui_writing(b.done(), b.len()),
                th.warn(),
            )));
        }
        // Why nothing was written: the first letters' reasons, as many as fit.
        if !self.problems.is_empty() {
            lines.push(Line::default());
            lines.extend(wrap(&[(t::TUI_PROBLEMS, th.label())], w, 0));
            let mut shown = 0;
            for p in self.problems.iter().take(MAX_PROBLEMS) {
                let text = t::tui_problem(p.case, &p.code, &p.route, &p.message, &p.missing);
                for l in text.lines() {
                    lines.extend(wrap(&[(l, th.danger())], w, 4));
                }
                shown += 1;
            }
            if self.problems.len() > shown {
                lines.push(Line::from(Span::styled(
                    t::more_problems(self.problems.len() - shown),
                    th.dim(),
                )));
            }
        }
        form_screen(cx, f, &lines, &self.form, None);
        Some((
            format!("{} › {}", tt::DOSSIERS_TITLE, t::TUI_TITLE),
            t::picked(self.cases.len()),
        ))
    }
}
