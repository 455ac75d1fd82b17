//! One case: its history and where it stands (a document), the actions it offers, and
//! the form that records an event (sent, received, a reply, closed).

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::action::{Action, EventForm, Nav, Pending, Preset};
use super::super::context::Context;
use super::super::docs;
use super::super::form::{Field, Form};
use super::super::keys::Ctx;
use super::super::layout;
use super::super::tracker::CaseAction;
use super::super::widgets::{form_screen, format_date, frame_size, list};
use super::{Title, step};
use crate::cases::{CaseId, Channel, EventKind, NewEvent, Outcome};
use crate::texts::{cases as tc, tui as t};
use crate::validate;

/// Which part of the case screen has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Actions,
    Timeline,
}

/// One case: the history (scrolled) above, the actions (one selected) below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    pub id: CaseId,
    pub pane: Pane,
    pub sel: usize,
    pub scroll: usize,
}

impl Dossier {
    pub fn new(id: CaseId) -> Dossier {
        Dossier {
            id,
            pane: Pane::Actions,
            sel: 0,
            scroll: 0,
        }
    }

    pub fn ctx(&self) -> Ctx {
        Ctx::Dossier
    }

    pub fn move_by(&mut self, delta: isize) {
        match self.pane {
            Pane::Actions => self.sel = step(self.sel, delta),
            Pane::Timeline => self.scroll = step(self.scroll, delta),
        }
    }

    pub fn clamp(&mut self, cx: &Context) {
        self.sel = self
            .sel
            .min(cx.case_actions(self.id).len().saturating_sub(1));
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match action {
            Action::Open => match cx.case_actions(self.id).get(self.sel) {
                Some(a) => self.act(cx, a),
                None => Nav::Stay,
            },
            Action::NextPane => {
                self.pane = match self.pane {
                    Pane::Actions => Pane::Timeline,
                    Pane::Timeline => Pane::Actions,
                };
                Nav::Stay
            }
            Action::Delete => Nav::Confirm(Pending::DeleteCase(self.id)),
            Action::Back => Nav::Back,
            _ => Nav::Stay,
        }
    }

    /// What an action of the case asks for.
    fn act(&self, cx: &Context, a: &CaseAction) -> Nav {
        let id = self.id;
        let Some(tr) = cx.data.as_ref().and_then(|d| d.case(id)) else {
            return Nav::Stay;
        };
        let case = &tr.history.case;
        let (person, file, route) = (case.personne, case.fichier.clone(), case.demarche.clone());
        match a {
            CaseAction::RecordSent => Nav::RecordEvent(id, EventForm::Sent),
            CaseAction::RecordReceived => Nav::RecordEvent(id, EventForm::Received),
            CaseAction::RecordReply => Nav::RecordEvent(id, EventForm::Reply),
            CaseAction::Close => Nav::RecordEvent(id, EventForm::Close),
            CaseAction::Renounce(step) => Nav::Confirm(Pending::Renounce(id, step.clone())),
            CaseAction::Reminder => Nav::Wizard(Preset {
                person: Some(person),
                file: Some(file),
                route: Some(route),
                reminder_of: Some(id),
                follows: None,
            }),
            // A step acces does not write (a court action): its fiche says how.
            CaseAction::Next(next) if !cx.route_has_letter(&file, next) => Nav::Fiche {
                code: file,
                route: Some(next.clone()),
            },
            CaseAction::Next(next) => Nav::Wizard(Preset {
                person: Some(person),
                file: Some(file),
                route: Some(next.clone()),
                reminder_of: None,
                follows: Some(id),
            }),
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        let (th, size, id, pane, sel) = (cx.theme, frame_size(f), self.id, self.pane, self.sel);
        let data = cx.data.as_ref()?;
        let tr = data.case(id)?;
        let actions = cx.case_actions(id);
        let (top, bottom) = layout::dossier_split(size, actions.len());
        let doc = docs::dossier(&cx.catalogue, data, tr, usize::from(top.width), th);
        let h = usize::from(top.height);
        let scroll = self.scroll.min(doc.lines.len().saturating_sub(h));
        let heading = Some((
            format!("{} › {}", t::TAB_DOSSIERS, t::dossier_title(id)),
            t::scroll_position(scroll, doc.lines.len()),
        ));
        let shown: Vec<Line> = doc.lines.into_iter().skip(scroll).take(h).collect();
        f.render_widget(Paragraph::new(shown), top);

        let border = if pane == Pane::Actions {
            th.focus_border()
        } else {
            th.border()
        };
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(border)
            .title(Span::styled(
                format!(" {} ", t::DOSSIER_ACTIONS),
                th.heading(),
            ));
        let inner = block.inner(bottom);
        f.render_widget(block, bottom);
        if actions.is_empty() {
            f.render_widget(
                Line::from(Span::styled(t::DOSSIER_NO_ACTION, th.dim())),
                inner,
            );
            return heading;
        }
        let entry = cx.catalogue.entry(&tr.history.case.fichier);
        let rows: Vec<Line> = actions
            .iter()
            .map(|a| {
                Line::from(match a {
                    CaseAction::RecordSent => t::DA_SENT.to_string(),
                    CaseAction::RecordReceived => t::DA_RECEIVED.to_string(),
                    CaseAction::RecordReply => t::DA_REPLY.to_string(),
                    CaseAction::Reminder => t::DA_REMINDER.to_string(),
                    CaseAction::Next(r) => {
                        let route = entry.and_then(|e| e.route(r));
                        let label = if route.is_some_and(|x| x.letter.is_some()) {
                            t::DA_NEXT
                        } else {
                            t::DA_NEXT_NO_LETTER
                        };
                        format!("{label}{}", route.map_or(r.as_str(), |x| x.title.as_str()))
                    }
                    CaseAction::Renounce(r) => {
                        let title = entry
                            .and_then(|e| e.route(r))
                            .map_or(r.as_str(), |x| x.title.as_str());
                        format!("{}{title}", t::DA_RENOUNCE)
                    }
                    CaseAction::Close => t::DA_CLOSE.to_string(),
                })
            })
            .collect();
        let sel = if pane == Pane::Actions {
            sel
        } else {
            usize::MAX
        };
        list(th, f, inner, rows, sel);
        heading
    }
}

/// The form recording one event on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventScreen {
    pub case: CaseId,
    pub kind: EventForm,
    pub form: Form,
}

impl EventScreen {
    pub fn new(case: CaseId, kind: EventForm, today: NaiveDate) -> EventScreen {
        EventScreen {
            case,
            kind,
            form: event_form(kind, today),
        }
    }

    pub fn update(&mut self, action: &Action, cx: &mut Context) -> Nav {
        match action {
            Action::Submit => self.save(cx),
            Action::Back => Nav::Back,
            _ => Nav::Stay,
        }
    }

    /// Checks the form and records the event; messages go next to the wrong fields.
    fn save(&mut self, cx: &mut Context) -> Nav {
        let (case, kind) = (self.case, self.kind);
        // Checked on a copy: a store failure leaves the form as it was.
        let mut form = self.form.clone();
        form.clear_errors();
        let date = match validate::date(form.value(0)) {
            Ok(d) => Some(d),
            Err(e) => {
                form.set_error(0, e);
                None
            }
        };
        let event = date.and_then(|date| match kind {
            EventForm::Sent => Some(NewEvent {
                date,
                kind: EventKind::Envoye {
                    canal: Channel::ALL.get(form.selected(1)).copied(),
                    recommande: form.optional(2),
                },
                texte: None,
            }),
            EventForm::Received => Some(NewEvent {
                date,
                kind: EventKind::Recu,
                texte: None,
            }),
            EventForm::Reply => Some(NewEvent {
                date,
                kind: EventKind::Reponse {
                    issue: Outcome::ALL
                        .get(form.selected(1))
                        .copied()
                        .unwrap_or(Outcome::Refus),
                },
                texte: form.optional(2),
            }),
            EventForm::Close => match form.optional(1) {
                Some(reason) => Some(NewEvent {
                    date,
                    kind: EventKind::Clos,
                    texte: Some(reason),
                }),
                None => {
                    form.set_error(1, crate::texts::validate::REQUIRED);
                    None
                }
            },
        });
        // The date rules of the CLI, against the case's history (no future sending, no
        // receipt or reply before the sending…), written once in `validate`.
        let event = event.and_then(|event| {
            let history = &cx.data.as_ref()?.case(case)?.history;
            let entry = cx.catalogue.entry(&history.case.fichier);
            match validate::new_event(history, &event, entry, cx.today) {
                Ok(()) => Some(event),
                Err(e) => {
                    form.set_error(0, e);
                    None
                }
            }
        });
        let Some(event) = event else {
            self.form = form;
            return Nav::Stay;
        };
        let Some(data) = cx.data.as_mut() else {
            return Nav::Stay;
        };
        match data.store.add_event(case, &event) {
            Ok(_) => Nav::CaseSaved(case, t::EF_SAVED.into()),
            Err(f) => {
                self.form.set_error(0, f.message);
                Nav::Stay
            }
        }
    }

    /// Draws the content; returns the title line.
    pub fn render(&self, cx: &Context, f: &mut Frame) -> Title {
        form_screen(cx, f, &[], &self.form, None);
        let title = match self.kind {
            EventForm::Sent => t::EF_SENT_TITLE,
            EventForm::Received => t::EF_RECEIVED_TITLE,
            EventForm::Reply => t::EF_REPLY_TITLE,
            EventForm::Close => t::EF_CLOSE_TITLE,
        };
        let title = format!("{} › {title}", t::dossier_title(self.case));
        Some((title, String::new()))
    }
}

/// The fields of an event's form, the date today's.
pub fn event_form(kind: EventForm, today: NaiveDate) -> Form {
    let today = format_date(today);
    match kind {
        EventForm::Sent => Form::new(vec![
            Field::text(t::EF_SENT_DATE, today)
                .required()
                .hint(t::HINT_DATE),
            Field::choice(
                t::EF_CHANNEL,
                Channel::ALL
                    .iter()
                    .map(|c| tc::channel(*c).to_string())
                    .collect(),
                Channel::ALL
                    .iter()
                    .position(|c| *c == Channel::Lrar)
                    .unwrap_or(0),
            ),
            Field::text(t::EF_RECOMMANDE, ""),
        ]),
        EventForm::Received => Form::new(vec![
            Field::text(t::EF_RECEIVED_DATE, today)
                .required()
                .hint(t::HINT_DATE),
        ]),
        EventForm::Reply => Form::new(vec![
            Field::text(t::EF_REPLY_DATE, today)
                .required()
                .hint(t::HINT_DATE),
            Field::choice(
                t::EF_OUTCOME,
                Outcome::ALL
                    .iter()
                    .map(|o| tc::outcome(*o).to_string())
                    .collect(),
                0,
            ),
            Field::text(t::EF_NOTE, ""),
        ]),
        EventForm::Close => Form::new(vec![
            Field::text(t::EF_DATE, today).required().hint(t::HINT_DATE),
            Field::text(t::EF_REASON, "").required(),
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing;
    use super::*;

    #[test]
    fn tab_moves_the_keys_between_the_actions_and_the_history() {
        let mut tr = testing::tracker();
        let mut d = Dossier::new(tr.case);
        d.move_by(1);
        assert_eq!((d.sel, d.scroll), (1, 0));
        d.update(&Action::NextPane, &mut tr.cx);
        d.move_by(3);
        assert_eq!((d.pane, d.sel, d.scroll), (Pane::Timeline, 1, 3));
        d.move_by(100);
        d.clamp(&tr.cx);
        assert_eq!(
            d.sel, 1,
            "the clamp keeps the action, the history scrolls on"
        );
    }

    #[test]
    fn each_action_asks_for_its_form_or_the_assistant() {
        let mut tr = testing::tracker();
        let actions = tr.cx.case_actions(tr.case);
        let mut d = Dossier::new(tr.case);
        for (i, a) in actions.iter().enumerate() {
            d.sel = i;
            let nav = d.update(&Action::Open, &mut tr.cx);
            let expected = match a {
                CaseAction::RecordReceived => Nav::RecordEvent(tr.case, EventForm::Received),
                CaseAction::RecordReply => Nav::RecordEvent(tr.case, EventForm::Reply),
                CaseAction::RecordSent => Nav::RecordEvent(tr.case, EventForm::Sent),
                CaseAction::Close => Nav::RecordEvent(tr.case, EventForm::Close),
                CaseAction::Renounce(r) => Nav::Confirm(Pending::Renounce(tr.case, r.clone())),
                CaseAction::Reminder => Nav::Wizard(Preset {
                    person: Some(tr.person),
                    file: Some("TAJ".into()),
                    route: Some("acces".into()),
                    reminder_of: Some(tr.case),
                    follows: None,
                }),
                CaseAction::Next(r) if cx_letter(&tr.cx, r) => Nav::Wizard(Preset {
                    person: Some(tr.person),
                    file: Some("TAJ".into()),
                    route: Some(r.clone()),
                    reminder_of: None,
                    follows: Some(tr.case),
                }),
                CaseAction::Next(r) => Nav::Fiche {
                    code: "TAJ".into(),
                    route: Some(r.clone()),
                },
            };
            assert_eq!(nav, expected, "{a:?}");
        }
        assert!(actions.contains(&CaseAction::RecordReply));
    }

    fn cx_letter(cx: &Context, route: &str) -> bool {
        cx.route_has_letter("TAJ", route)
    }

    #[test]
    fn a_reply_in_the_future_is_refused_and_one_today_is_recorded() {
        let mut tr = testing::tracker();
        let mut s = EventScreen::new(tr.case, EventForm::Reply, tr.cx.today);
        assert_eq!(s.form.value(0), "28/11/2026");
        s.form.clear();
        "01/12/2026".chars().for_each(|c| s.form.input(c));
        assert_eq!(s.update(&Action::Submit, &mut tr.cx), Nav::Stay);
        // The CLI's message, from the one rule (`validate::event_date`).
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(
            s.form.fields[0].error.as_deref(),
            Some(crate::texts::validate::event_in_future(d).as_str())
        );
        s.form.clear();
        "27/11/2026".chars().for_each(|c| s.form.input(c));
        assert_eq!(
            s.update(&Action::Submit, &mut tr.cx),
            Nav::CaseSaved(tr.case, t::EF_SAVED.into())
        );
        let data = tr.cx.data.as_mut().unwrap();
        let history = data.store.case(tr.case).unwrap().unwrap();
        assert!(
            history
                .events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Reponse { .. }))
        );
    }

    #[test]
    fn closing_a_case_needs_a_reason() {
        let mut tr = testing::tracker();
        let mut s = EventScreen::new(tr.case, EventForm::Close, tr.cx.today);
        assert_eq!(s.update(&Action::Submit, &mut tr.cx), Nav::Stay);
        assert!(s.form.fields[1].error.is_some());
    }
}
