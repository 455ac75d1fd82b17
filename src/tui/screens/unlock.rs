//! The passphrase prompt that opens the tracker's store (twice when creating it), and
//! what to show once it is open.

use ratatui::Frame;
use ratatui::text::Line;

use super::super::action::{Action, Nav, Preset, Tab};
use super::super::context::Context;
use super::super::form::{Field, Form};
use super::super::keys::Ctx;
use super::super::layout;
use super::super::text::wrap;
use super::super::widgets::{form_screen, frame_size};
use super::Title;
use crate::store::Passphrase;
use crate::texts::tui as t;

/// What to show once the store is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resume {
    Tab(Tab),
    Wizard(Preset),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlock {
    pub form: Form,
    /// Creating the store: the passphrase is typed twice.
    pub new_store: bool,
    pub then: Resume,
    pub error: Option<String>,
}

fn unlock_form(new_store: bool) -> Form {
    let mut fields = vec![Field::masked(t::UNLOCK_FIELD).required()];
    if new_store {
        fields.push(Field::masked(t::UNLOCK_FIELD_CONFIRM).required());
    }
    Form::new(fields)
}

impl Unlock {
    pub fn new(new_store: bool, then: Resume, error: Option<String>) -> Unlock {
        Unlock {
            form: unlock_form(new_store),
            new_store,
            then,
            error,
        }
    }

    pub fn ctx(&self) -> Ctx {
        Ctx::Unlock
    }

    /// The tab this prompt stands in for.
    pub fn tab(&self) -> Tab {
        match &self.then {
            Resume::Tab(t) => *t,
            Resume::Wizard(_) => Tab::Accueil,
        }
    }

    /// The passphrase typed.
    pub fn passphrase(&self) -> Passphrase {
        Passphrase::new(self.form.value(0))
    }

    /// Says why the store did not open, and empties the fields.
    pub fn fail(&mut self, msg: impl Into<String>) {
        self.error = Some(msg.into());
        self.form = unlock_form(self.form.fields.len() > 1);
    }

    pub fn update(&mut self, action: &Action, _cx: &mut Context) -> Nav {
        match action {
            Action::Submit => {
                if self.passphrase().is_empty() {
                    self.fail(crate::texts::store::EMPTY_PASSPHRASE);
                    Nav::Stay
                } else if self.new_store && self.form.value(0) != self.form.value(1) {
                    self.fail(t::UNLOCK_MISMATCH);
                    Nav::Stay
                } else {
                    Nav::Unlock
                }
            }
            Action::Back => Nav::Back,
            _ => Nav::Stay,
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let th = cx.theme;
        let w = usize::from(layout::content(frame_size(f)).width);
        let (heading, intro) = if cx.shared_register {
            (t::UNLOCK_TITLE_SHARED, t::UNLOCK_INTRO_SHARED)
        } else if self.new_store {
            (t::UNLOCK_TITLE_NEW, t::UNLOCK_INTRO_NEW)
        } else {
            (t::UNLOCK_TITLE, t::UNLOCK_INTRO)
        };
        let mut lines = wrap(&[(intro, th.plain())], w, 0);
        if let Some(e) = &self.error {
            lines.push(Line::default());
            lines.extend(wrap(&[("⚠ ", th.danger()), (e, th.danger())], w, 2));
        }
        lines.push(Line::default());
        lines.extend(wrap(&[(t::UNLOCK_SKIP, th.dim())], w, 0));
        form_screen(cx, f, &lines, &self.form, None);
        Some((heading.to_string(), String::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing;
    use super::*;

    fn typed(u: &mut Unlock, field: usize, s: &str) {
        u.form.focus = field;
        s.chars().for_each(|c| u.form.input(c));
    }

    #[test]
    fn an_empty_passphrase_is_refused_before_the_store_is_tried() {
        let mut cx = testing::cx();
        let mut u = Unlock::new(false, Resume::Tab(Tab::Dossiers), None);
        assert_eq!(u.update(&Action::Submit, &mut cx), Nav::Stay);
        assert_eq!(
            u.error.as_deref(),
            Some(crate::texts::store::EMPTY_PASSPHRASE)
        );
        typed(&mut u, 0, "secret");
        assert_eq!(u.update(&Action::Submit, &mut cx), Nav::Unlock);
        assert_eq!(u.tab(), Tab::Dossiers);
    }

    #[test]
    fn a_new_store_needs_the_passphrase_twice_alike() {
        let mut cx = testing::cx();
        let mut u = Unlock::new(true, Resume::Wizard(Preset::default()), None);
        assert_eq!(u.form.fields.len(), 2);
        typed(&mut u, 0, "secret");
        typed(&mut u, 1, "secreT");
        assert_eq!(u.update(&Action::Submit, &mut cx), Nav::Stay);
        assert_eq!(u.error.as_deref(), Some(t::UNLOCK_MISMATCH));
        assert_eq!(u.form.value(0), "", "the fields are emptied");
        assert_eq!(u.form.fields.len(), 2);
        typed(&mut u, 0, "secret");
        typed(&mut u, 1, "secret");
        assert_eq!(u.update(&Action::Submit, &mut cx), Nav::Unlock);
        assert_eq!(u.tab(), Tab::Accueil);
    }

    #[test]
    fn the_shared_register_asks_for_the_volunteer_identity_passphrase() {
        let u = Unlock::new(false, Resume::Tab(Tab::Dossiers), None);
        let mut cx = testing::cx();
        for shared in [false, true] {
            cx.shared_register = shared;
            let mut term =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
            let mut title = None;
            term.draw(|f| title = u.render(&cx, f)).unwrap();
            let text = term.backend().to_string();
            let (heading, _) = title.unwrap();
            if shared {
                assert_eq!(heading, t::UNLOCK_TITLE_SHARED);
                assert!(text.contains("identité de bénévole"), "{text}");
                assert!(!text.contains("sur cet ordinateur"), "{text}");
            } else {
                assert_eq!(heading, t::UNLOCK_TITLE);
                assert!(text.contains("sur cet ordinateur"), "{text}");
            }
        }
    }
}
