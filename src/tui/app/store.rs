//! The app's side of the tracker's store: opening it (read on a worker thread, or behind the
//! passphrase prompt), re-reading it after a write, and carrying out the changes the user
//! confirmed in a popup, with the store functions the CLI calls.

use super::{App, Resume, Screen, Unlock};
use crate::cases::{EventKind, NewEvent};
use crate::error::Failure;
use crate::store::Store;
use crate::texts::tui as t;
use crate::tui::action::Pending;
use crate::tui::screens::Accueil;
use crate::tui::tracker::Data;

impl App {
    /// The worker thread's result: the tracker's data, or why the store did not open (the
    /// app then ends, and the caller reports it as a command would).
    pub fn loaded(&mut self, result: Result<Data, Failure>) {
        let waiting = self.opening.take().flatten();
        match result {
            Ok(d) => {
                self.cx.data = Some(d);
                if self
                    .message
                    .as_ref()
                    .is_some_and(|m| m.text == t::OPENING_STORE)
                {
                    self.message = None;
                }
                self.tell_interrupted();
                self.refresh_rows();
                if let Some(tab) = waiting {
                    self.go_to(tab);
                }
            }
            Err(f) => {
                self.fatal = Some(f);
                self.quit = true;
            }
        }
    }

    /// Whether the store is still being opened.
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    pub(super) fn attach(&mut self, store: Box<dyn Store>) {
        match Data::load(store, &self.cx.catalogue, self.cx.today) {
            Ok(d) => {
                self.cx.data = Some(d);
                self.tell_interrupted();
            }
            Err(f) => self.say_error(f.message),
        }
        self.refresh_rows();
    }

    /// Once the store is open: what the last start left half done (a letter recorded whose
    /// file was never written), said plainly.
    pub(super) fn tell_interrupted(&mut self) {
        if let Some(told) = self
            .cx
            .data_dir
            .as_deref()
            .and_then(crate::fsio::journal::interrupted)
        {
            self.say_error(told.short());
        }
    }

    /// Recomputes the Dossiers table's rows after a change of data (in every tab).
    pub(super) fn refresh_rows(&mut self) {
        let cx = &self.cx;
        for s in self
            .stack
            .iter_mut()
            .chain(self.parked.iter_mut().flatten())
        {
            if let Screen::Dossiers(v) = s {
                v.refresh(cx);
            }
        }
    }

    /// Does what the user confirmed, with the store functions the CLI calls.
    pub(super) fn carry_out(&mut self, pending: Pending) {
        let today = self.cx.today;
        let Some(data) = self.cx.data.as_mut() else {
            return;
        };
        let done = match &pending {
            Pending::DeleteCase(id) => data.store.delete_case(*id).map(|()| t::case_deleted(*id)),
            Pending::DeletePerson(id) => {
                let name = data.person_name(*id);
                data.store
                    .delete_person(*id)
                    .map(|_| t::person_deleted(&name))
            }
            Pending::Renounce(case, step) => {
                let event = NewEvent {
                    date: today,
                    kind: EventKind::Renonce {
                        demarche: step.clone(),
                    },
                    texte: None,
                };
                let checked = data.case(*case).map(|tr| {
                    let entry = self.cx.catalogue.entry(&tr.history.case.fichier);
                    crate::validate::new_event(&tr.history, &event, entry, today)
                });
                match checked {
                    Some(Err(e)) => Err(Failure::invalid(e)),
                    _ => data
                        .store
                        .add_event(*case, &event)
                        .map(|_| t::RENOUNCED.to_string()),
                }
            }
        };
        match done {
            Ok(msg) => {
                match pending {
                    Pending::Renounce(case, _) => self.refresh_cases(&[case]),
                    Pending::DeleteCase(_) | Pending::DeletePerson(_) => self.reload(),
                }
                self.forget_deleted_cases();
                self.say(msg);
            }
            Err(f) => self.say_error(f.message),
        }
    }

    /// After a deletion: no screen stays open on a case that is gone (each stack keeps its
    /// tab's first screen).
    pub(super) fn forget_deleted_cases(&mut self) {
        let Some(data) = &self.cx.data else {
            return;
        };
        let gone = |s: &Screen| match s {
            Screen::Dossier(d) => data.case(d.id).is_none(),
            Screen::EventForm(e) => data.case(e.case).is_none(),
            _ => false,
        };
        for stack in std::iter::once(&mut self.stack).chain(self.parked.iter_mut()) {
            if let Some(at) = stack.iter().skip(1).position(gone) {
                stack.truncate(at + 1);
            }
        }
    }

    pub(super) fn reload(&mut self) {
        let (cat, today) = (&self.cx.catalogue, self.cx.today);
        if let Some(d) = &mut self.cx.data
            && let Err(f) = d.reload(cat, today)
        {
            let msg = f.message;
            self.say_error(msg);
        }
        self.refresh_rows();
    }

    /// After this program's own write to some cases: only they are re-read (see
    /// [`crate::tui::tracker::Data::refresh_cases`]).
    pub(super) fn refresh_cases(&mut self, ids: &[crate::cases::CaseId]) {
        let (cat, today) = (&self.cx.catalogue, self.cx.today);
        if let Some(d) = &mut self.cx.data
            && let Err(f) = d.refresh_cases(ids, cat, today)
        {
            let msg = f.message;
            self.say_error(msg);
        }
        self.refresh_rows();
    }

    /// As [`App::reload`], only when the store or the day changed since the last read (tab
    /// changes and the loop's ticks); the screens' own writes call `reload`.
    pub(super) fn reload_if_changed(&mut self) {
        let (cat, today) = (&self.cx.catalogue, self.cx.today);
        let Some(d) = &mut self.cx.data else { return };
        match d.reload_if_changed(cat, today) {
            Ok(false) => {}
            Ok(true) => self.refresh_rows(),
            Err(f) => {
                let msg = f.message;
                self.say_error(msg);
                self.refresh_rows();
            }
        }
    }

    /// The passphrase prompt, before going to `then`.
    pub(super) fn unlock_screen(&self, then: Resume) -> Screen {
        let error = self.opener.is_none().then(|| t::NO_STORE.to_string());
        Screen::Unlock(Unlock::new(self.new_store, then, error))
    }

    pub(super) fn set_unlock_error(&mut self, msg: String) {
        if let Screen::Unlock(u) = self.screen_mut() {
            u.fail(msg);
        }
    }

    /// Opens the store with the passphrase typed on the Unlock screen (which checked it is
    /// there, and typed twice alike when creating).
    pub(super) fn unlock(&mut self) {
        let Screen::Unlock(u) = self.screen() else {
            return;
        };
        let (pass, new_store, then) = (u.passphrase(), u.new_store, u.then.clone());
        let Some(opener) = self.opener.as_mut() else {
            self.set_unlock_error(t::NO_STORE.into());
            return;
        };
        match opener(&pass, new_store) {
            Ok(store) => {
                self.opener = None;
                self.new_store = false;
                self.attach(store);
                // Every Unlock screen left in other tabs is now pointless.
                self.parked.retain(|s| !matches!(s[0], Screen::Unlock(_)));
                self.stack.pop();
                match then {
                    Resume::Tab(tab) => {
                        if self.stack.is_empty() {
                            self.stack = vec![self.tab_root(tab)];
                        }
                    }
                    Resume::Wizard(p) => {
                        if self.stack.is_empty() {
                            self.stack = vec![Screen::Accueil(Accueil::default())];
                        }
                        self.start_wizard(p);
                    }
                }
            }
            Err(f) => self.set_unlock_error(f.message),
        }
    }
}
