//! Importing a snapshot (an acces export, a backup, a volunteer's register): into an empty
//! register everything is written with its ids; into one that holds data, the stable
//! identities (`uid`) decide what is already there. What is there is skipped (a person is
//! updated when the incoming version is newer and differs), what is new is added with new
//! ids and the links follow them, and an identity that the register holds for another
//! person's case (or another case's event) is refused with what depends on it. Importing the
//! same file twice therefore changes nothing. Runs inside the backend's transaction.

use std::collections::HashMap;

use chrono::DateTime;

use super::ImportSummary;
use super::rules::person_json;
use super::writes::{CaseRow, EventRow, PersonRow, Writes, new_uid};
use crate::cases::{CaseId, EventId, EventKind, NewCase, PersonId, Snapshot};
use crate::error::Failure;

/// Writes a snapshot checked with [`super::rules::check_import`]. Into an empty register
/// (`keep_ids`) the ids are kept; else identities are looked up and new ids given.
pub(super) fn import(
    w: &mut impl Writes,
    snap: &Snapshot,
    keep_ids: bool,
) -> Result<ImportSummary, Failure> {
    let mut sum = ImportSummary {
        ids_kept: keep_ids,
        ..ImportSummary::default()
    };
    let persons = persons(w, snap, keep_ids, &mut sum)?;
    let cases = cases(w, snap, keep_ids, &persons, &mut sum)?;
    events(w, snap, keep_ids, &cases, &mut sum)?;
    Ok(sum)
}

/// Whether `incoming` is a later change than `here` (both RFC 3339). An incoming person
/// without a change time (format 1) is never newer.
fn is_newer(incoming: Option<&str>, here: &str) -> bool {
    let parse = |s: &str| DateTime::parse_from_rfc3339(s).ok();
    matches!((incoming.and_then(parse), parse(here)), (Some(a), Some(b)) if a > b)
}

fn persons(
    w: &mut impl Writes,
    snap: &Snapshot,
    keep_ids: bool,
    sum: &mut ImportSummary,
) -> Result<HashMap<PersonId, PersonId>, Failure> {
    let mut ids = HashMap::with_capacity(snap.personnes.len());
    for p in &snap.personnes {
        let known = match p.uid {
            Some(uid) if !keep_ids => w.person_by_uid(uid)?,
            _ => None,
        };
        let id = match known {
            Some(k) => {
                if k.person == p.personne {
                    sum.skipped.persons += 1;
                } else if let Some(maj) = p.maj.as_deref()
                    && is_newer(Some(maj), &k.updated)
                {
                    w.replace_person(k.id, &person_json(&p.personne)?, maj)?;
                    sum.updated.push(k.id);
                } else {
                    sum.kept_newer.push(k.id);
                }
                k.id
            }
            None => {
                sum.added.persons += 1;
                w.insert_person(PersonRow {
                    id: keep_ids.then_some(p.id),
                    uid: p.uid.unwrap_or_else(new_uid),
                    json: &person_json(&p.personne)?,
                    updated: p.maj.as_deref(),
                })?
            }
        };
        ids.insert(p.id, id);
    }
    Ok(ids)
}

/// Maps the snapshot's case ids to the register's (`None`: refused).
fn cases(
    w: &mut impl Writes,
    snap: &Snapshot,
    keep_ids: bool,
    persons: &HashMap<PersonId, PersonId>,
    sum: &mut ImportSummary,
) -> Result<HashMap<CaseId, Option<CaseId>>, Failure> {
    let mut ids = HashMap::with_capacity(snap.dossiers.len());
    let mut added = Vec::new();
    for c in &snap.dossiers {
        let person = persons[&c.personne];
        let known = match c.uid {
            Some(uid) if !keep_ids => w.case_by_uid(uid)?,
            _ => None,
        };
        let id = match known {
            Some((id, owner)) if owner == person => {
                sum.skipped.cases += 1;
                Some(id)
            }
            Some(_) => {
                sum.refused.cases += 1;
                None
            }
            None => {
                sum.added.cases += 1;
                let row = NewCase {
                    personne: person,
                    fichier: c.fichier.clone(),
                    demarche: c.demarche.clone(),
                    canal: c.canal,
                    references: c.references.clone(),
                    // Linked below, once every case has its id.
                    suite_de: None,
                    ouvert: c.ouvert,
                };
                added.push(c);
                Some(w.insert_case(CaseRow {
                    id: keep_ids.then_some(c.id),
                    uid: c.uid.unwrap_or_else(new_uid),
                    case: &row,
                    recipient: c.destinataire.as_deref(),
                })?)
            }
        };
        ids.insert(c.id, id);
    }
    for c in added {
        if let (Some(Some(id)), Some(Some(earlier))) =
            (ids.get(&c.id), c.suite_de.and_then(|e| ids.get(&e)))
        {
            w.set_follows(*id, *earlier)?;
        }
    }
    Ok(ids)
}

fn events(
    w: &mut impl Writes,
    snap: &Snapshot,
    keep_ids: bool,
    cases: &HashMap<CaseId, Option<CaseId>>,
    sum: &mut ImportSummary,
) -> Result<(), Failure> {
    let mut ids: HashMap<EventId, Option<EventId>> = HashMap::with_capacity(snap.evenements.len());
    for e in &snap.evenements {
        let known = match e.uid {
            Some(uid) if !keep_ids => w.event_by_uid(uid)?,
            _ => None,
        };
        let case = cases[&e.dossier];
        // The links, followed to the register's ids; a link to something refused refuses.
        let linked = match &e.kind {
            EventKind::Escalade { dossier, .. } => cases[dossier].map(|c| (Some(c), None)),
            EventKind::Annule { evenement } => ids[evenement].map(|x| (None, Some(x))),
            _ => Some((None, None)),
        };
        let id = match (case, known, linked) {
            (Some(case), Some((id, owner)), _) if owner == case => {
                sum.skipped.events += 1;
                Some(id)
            }
            (Some(case), None, Some(linked)) => {
                sum.added.events += 1;
                let filled;
                let kind = match &e.kind {
                    // Exports made before the route of a follow-up was recorded: from its case.
                    EventKind::Escalade {
                        dossier,
                        demarche: None,
                    } => {
                        filled = EventKind::Escalade {
                            dossier: *dossier,
                            demarche: snap
                                .dossiers
                                .iter()
                                .find(|c| c.id == *dossier)
                                .map(|c| c.demarche.clone()),
                        };
                        &filled
                    }
                    k => k,
                };
                let id = w.insert_event(&EventRow {
                    id: keep_ids.then_some(e.id),
                    uid: e.uid.unwrap_or_else(new_uid),
                    case,
                    date: e.date,
                    kind,
                    text: e.texte.as_deref(),
                    recorded: &e.enregistre,
                    linked,
                })?;
                if !keep_ids {
                    // Added to a case already here: an earlier event moves its opening back.
                    w.move_opening_back(case, e.date)?;
                }
                Some(id)
            }
            _ => {
                sum.refused.events += 1;
                None
            }
        };
        ids.insert(e.id, id);
    }
    Ok(())
}
