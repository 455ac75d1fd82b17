//! Case listings, case detail and `acces echeances`: everything that shows derived statuses.

use std::collections::HashMap;
use std::io::Write;

use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::context::{Context, day, print_json, to_stdout_with};
use crate::cases::agenda::{Agenda, AgendaBuilder, Tracked, track_one};
use crate::cases::status::{self, State, Status};
use crate::cases::{Case, CaseFilter, PersonId};
use crate::error::Failure;
use crate::law::Region;
use crate::person::{Person, PersonHead};
use crate::store::Store;
use crate::texts::cases as t;

/// Cases that can still carry a deadline, with what their status needs.
const OPEN: CaseFilter = CaseFilter {
    personne: None,
    fichier: None,
    ouverts_seulement: true,
    statut_seulement: true,
};

/// The persons by id.
pub fn persons(store: &dyn Store) -> Result<HashMap<PersonId, Person>, Failure> {
    Ok(store
        .persons()?
        .into_iter()
        .map(|p| (p.id, p.personne))
        .collect())
}

#[derive(Serialize)]
struct CaseJson<'a> {
    dossier: &'a Case,
    etat: &'a Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    echeance: Option<NaiveDate>,
}

#[derive(Serialize)]
struct CaseDetailJson<'a> {
    dossier: &'a Case,
    evenements: &'a [crate::cases::Event],
    etat: &'a Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    echeance: Option<NaiveDate>,
}

#[derive(Args, Debug)]
pub struct ListeArgs {
    /// Seulement les dossiers de cette personne
    #[arg(long, value_name = "ID")]
    pub personne: Option<i64>,
    /// Seulement les dossiers de ce fichier
    #[arg(long, value_name = "CODE")]
    pub fichier: Option<String>,
    /// Seulement les dossiers dans cet état : brouillon, en-attente, en-retard, a-agir,
    /// termine, clos
    #[arg(long, value_name = "STATUT", value_parser = super::values::state())]
    pub statut: Option<State>,
    /// Calculer les états à cette date plutôt qu'aujourd'hui (AAAA-MM-JJ)
    #[arg(long, value_name = "DATE")]
    pub au: Option<String>,
}

/// Cases for `liste`, filtered by person and file: the whole case, with only the events
/// its status reads (see [`CaseFilter::statut_seulement`]).
fn filter(a: &ListeArgs) -> CaseFilter {
    CaseFilter {
        personne: a.personne,
        fichier: a.fichier.clone(),
        ouverts_seulement: false,
        statut_seulement: true,
    }
}

pub fn list(ctx: &Context, a: ListeArgs) -> Result<(), Failure> {
    let today = day(a.au.as_deref())?;
    let cat = ctx.catalogue()?;
    let store = ctx.store.open()?;
    // A failure to read the register keeps its own message and exit code; writing goes
    // through the one stdout rule (a closed pipe is not an error).
    let mut read = Ok(());
    to_stdout_with(|out| {
        match write_list(&store, &cat, &filter(&a), a.statut, today, ctx.json, out) {
            Ok(written) => written,
            Err(f) => {
                read = Err(f);
                Ok(())
            }
        }
    })?;
    read
}

/// `acces dossier liste`, written to `out` as each case is read: one history at a time is
/// held (and only each person's name and département), whatever the register's size. The
/// JSON is what [`print_json`] writes of the whole list. The outer result is the register's
/// reading, the inner one the writing (which stops at its first failure).
pub fn write_list(
    store: &dyn Store,
    cat: &crate::catalogue::Catalogue,
    filter: &CaseFilter,
    wanted: Option<State>,
    today: NaiveDate,
    json: bool,
    out: &mut dyn Write,
) -> Result<std::io::Result<()>, Failure> {
    use serde::ser::{SerializeSeq, Serializer};
    let persons: HashMap<PersonId, PersonHead> = store.person_heads()?.into_iter().collect();
    // Each case read is tracked, and handed to `show` when its state is the one wanted.
    let mut failed: Option<std::io::Error> = None;
    let mut each = |show: &mut dyn FnMut(&Tracked) -> std::io::Result<()>| {
        store.each_case(filter, &mut |history| {
            if failed.is_some() {
                return;
            }
            let dep = persons
                .get(&history.case.personne)
                .and_then(|p| p.departement.as_deref());
            let x = track_one(cat, dep, history, today);
            if wanted.is_none_or(|w| x.status.state == w) {
                failed = show(&x).err();
            }
        })
    };
    if json {
        let mut ser = serde_json::Serializer::pretty(&mut *out);
        let mut seq = match ser.serialize_seq(None) {
            Ok(seq) => seq,
            Err(e) => return Ok(Err(e.into())),
        };
        each(&mut |x| {
            seq.serialize_element(&CaseJson {
                dossier: &x.history.case,
                etat: &x.status,
                echeance: x.status.next_due(),
            })
            .map_err(std::io::Error::from)
        })?;
        if let Some(e) = failed {
            return Ok(Err(e));
        }
        return Ok(seq
            .end()
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)));
    }
    let mut shown = false;
    each(&mut |x| {
        shown = true;
        let case = &x.history.case;
        let line = t::case_line(case, persons.get(&case.personne), &x.status);
        writeln!(out, "{}", crate::texts::terminal_safe(&line))
    })?;
    if let Some(e) = failed {
        return Ok(Err(e));
    }
    Ok(if shown {
        Ok(())
    } else {
        writeln!(out, "{}", t::NO_CASE)
    })
}

pub fn show(ctx: &Context, id: i64, au: Option<&str>) -> Result<(), Failure> {
    let today = day(au)?;
    let cat = ctx.catalogue()?;
    let store = ctx.store.open()?;
    let history = store
        .case(id)?
        .ok_or_else(|| Failure::invalid(crate::texts::store::unknown_case(id)))?;
    let person = store.person(history.case.personne)?;
    let region = Region::from_departement(person.as_ref().and_then(|p| p.departement.as_deref()));
    let entry = cat.entry(&history.case.fichier);
    let st = status::derive(&history, entry, region, today);
    if ctx.json {
        return print_json(&CaseDetailJson {
            dossier: &history.case,
            evenements: &history.events,
            etat: &st,
            echeance: st.next_due(),
        });
    }
    print!(
        "{}",
        crate::texts::terminal_safe(&t::case_detail(
            &history,
            person.as_ref(),
            entry,
            &st,
            today
        ))
    );
    Ok(())
}

#[derive(Args, Debug)]
pub struct EcheancesArgs {
    /// Seulement ce qui est en retard (l'administration, ou vos délais dépassés)
    #[arg(long = "en-retard")]
    pub en_retard: bool,
    /// Seulement les réponses attendues dans les N prochains jours (toutes par défaut ; vos
    /// propres délais sont toujours tous listés)
    #[arg(long, value_name = "N")]
    pub jours: Option<u32>,
    /// Calculer à cette date plutôt qu'aujourd'hui (AAAA-MM-JJ)
    #[arg(long, value_name = "DATE")]
    pub au: Option<String>,
}

/// The agenda of `acces echeances` and the persons it names, read lean: the open cases with
/// only what their status needs (see [`CaseFilter::statut_seulement`]) and each person's name
/// and département ([`Store::person_heads`]). The statuses are those of
/// [`crate::cases::status::derive`], as everywhere.
pub fn due_agenda(
    store: &dyn Store,
    cat: &crate::catalogue::Catalogue,
    today: NaiveDate,
    days: Option<u32>,
    only_late: bool,
) -> Result<(Agenda, HashMap<PersonId, PersonHead>), Failure> {
    let persons: HashMap<PersonId, PersonHead> = store.person_heads()?.into_iter().collect();
    let mut b = AgendaBuilder::new(today, days);
    store.each_case(&OPEN, &mut |history| {
        let dep = persons
            .get(&history.case.personne)
            .and_then(|p| p.departement.as_deref());
        b.add(&track_one(cat, dep, history, today));
    })?;
    let mut ag = b.finish();
    if only_late {
        ag.only_late(today);
    }
    Ok((ag, persons))
}

pub fn echeances(ctx: &Context, a: EcheancesArgs) -> Result<(), Failure> {
    let today = day(a.au.as_deref())?;
    let cat = ctx.catalogue()?;
    let store = ctx.store.open()?;
    let (ag, persons) = due_agenda(&store, &cat, today, a.jours, a.en_retard)?;
    if ctx.json {
        return print_json(&ag);
    }
    print!(
        "{}",
        crate::texts::terminal_safe(&crate::texts::agenda::agenda(
            &ag,
            &persons,
            &cat,
            today,
            a.jours,
            a.en_retard
        ))
    );
    Ok(())
}

#[cfg(test)]
mod tests;
