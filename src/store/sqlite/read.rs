//! Reading cases and events: rows to model values.

use chrono::NaiveDate;
use rusqlite::types::{Value, ValueRef};

use super::{SqliteStore, db_err};
use crate::cases::{Case, CaseFilter, CaseHistory, CaseId, Channel, Event, Uid};
use crate::error::Failure;
use crate::store::rows::{Histories, KindColumns, corrupt, kind_from_columns};

impl SqliteStore {
    /// The `WHERE` clause selecting the cases of a filter (and one id), with its arguments.
    /// The open-cases condition is not in it: `histories` applies it to the events it reads
    /// anyway (cheaper than a subquery scanning every event).
    fn case_where(filter: &CaseFilter, id: Option<CaseId>) -> (String, Vec<Value>) {
        let mut sql = String::from(" WHERE 1=1");
        let mut args: Vec<Value> = Vec::new();
        if let Some(id) = id {
            sql.push_str(" AND c.id = ?");
            args.push(id.into());
        }
        if let Some(p) = filter.personne {
            sql.push_str(" AND c.person_id = ?");
            args.push(p.into());
        }
        if let Some(f) = &filter.fichier {
            sql.push_str(" AND c.entry = ? COLLATE NOCASE");
            args.push(f.trim().to_string().into());
        }
        (sql, args)
    }

    pub(super) fn load_cases(
        &self,
        filter: &CaseFilter,
        id: Option<CaseId>,
    ) -> Result<Vec<Case>, Failure> {
        let (clause, args) = Self::case_where(filter, id);
        let sql = format!(
            "SELECT c.id, c.person_id, c.entry, c.route, c.channel, c.refs, c.escalated_from, \
             c.opened, c.uid, c.recipient FROM cases c{clause} ORDER BY c.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_err)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok(RawCase {
                    id: r.get(0)?,
                    person: r.get(1)?,
                    entry: r.get(2)?,
                    route: r.get(3)?,
                    channel: r.get(4)?,
                    refs: r.get(5)?,
                    escalated_from: r.get(6)?,
                    opened: r.get(7)?,
                    uid: r.get(8)?,
                    recipient: r.get(9)?,
                })
            })
            .map_err(db_err)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row.map_err(db_err)?.into_case()?);
        }
        Ok(out)
    }

    /// Events of the selected cases (all events when `filter` is `None`), in id order (a
    /// plain scan of the table, without a lookup per row through an index), each handed to
    /// `sink` as it is read.
    pub(super) fn load_events(
        &self,
        filter: Option<(&CaseFilter, Option<CaseId>)>,
        mut sink: impl FnMut(Event),
    ) -> Result<(), Failure> {
        const ALL: &str = "SELECT e.id, e.case_id, e.date, e.kind, e.channel, e.recommande, \
             e.outcome, e.linked_case, e.text, e.recorded, e.route, e.linked_event, e.uid \
             FROM events e";
        // The same columns, with constants for those status derivation does not read.
        const LEAN: &str = "SELECT e.id, e.case_id, e.date, e.kind, e.channel, NULL, \
             e.outcome, e.linked_case, NULL, '', e.route, e.linked_event, NULL FROM events e";
        let cols = match filter {
            Some((f, _)) if f.statut_seulement => LEAN,
            _ => ALL,
        };
        let (sql, args) = match filter {
            Some((f, id)) if id.is_some() || f.personne.is_some() || f.fichier.is_some() => {
                let (clause, args) = Self::case_where(f, id);
                (
                    format!(
                        "{cols} WHERE e.case_id IN (SELECT c.id FROM cases c{clause}) \
                         ORDER BY e.id"
                    ),
                    args,
                )
            }
            _ => (format!("{cols} ORDER BY e.id"), Vec::new()),
        };
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_err)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(db_err)?;
        while let Some(r) = rows.next().map_err(db_err)? {
            sink(event_from_row(r)?);
        }
        Ok(())
    }

    pub(super) fn histories(
        &self,
        filter: &CaseFilter,
        id: Option<CaseId>,
    ) -> Result<Vec<CaseHistory>, Failure> {
        let mut histories = Histories::new(self.load_cases(filter, id)?);
        self.load_events(Some((filter, id)), |e| histories.push(e))?;
        Ok(histories.finish(filter))
    }
}

struct RawCase {
    id: i64,
    person: i64,
    entry: String,
    route: String,
    channel: Option<String>,
    refs: String,
    escalated_from: Option<i64>,
    opened: String,
    uid: Option<String>,
    recipient: Option<String>,
}

impl RawCase {
    fn into_case(self) -> Result<Case, Failure> {
        Ok(Case {
            id: self.id,
            personne: self.person,
            fichier: self.entry,
            demarche: self.route,
            canal: match self.channel {
                None => None,
                Some(c) => Some(Channel::from_id(&c).ok_or_else(corrupt)?),
            },
            references: if self.refs == "[]" {
                Vec::new()
            } else {
                serde_json::from_str(&self.refs).map_err(|_| corrupt())?
            },
            suite_de: self.escalated_from,
            ouvert: parse_date(&self.opened)?,
            uid: self.uid.as_deref().map(parse_uid).transpose()?,
            destinataire: self.recipient,
        })
    }
}

/// Reads one event row without copying what is only matched (kind, channel, outcome, date).
fn event_from_row(r: &rusqlite::Row<'_>) -> Result<Event, Failure> {
    let text = |i: usize| -> Result<Option<&str>, Failure> {
        match r.get_ref(i).map_err(db_err)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(t) => std::str::from_utf8(t).map(Some).map_err(|_| corrupt()),
            _ => Err(corrupt()),
        }
    };
    let columns = KindColumns {
        channel: text(4)?,
        recommande: None,
        outcome: text(6)?,
        linked_case: r.get(7).map_err(db_err)?,
        route: text(10)?,
        linked_event: r.get(11).map_err(db_err)?,
    };
    let kind = kind_from_columns(text(3)?.ok_or_else(corrupt)?, columns, || {
        Ok(text(5)?.map(str::to_string))
    })?;
    Ok(Event {
        id: r.get(0).map_err(db_err)?,
        uid: text(12)?.map(parse_uid).transpose()?,
        dossier: r.get(1).map_err(db_err)?,
        date: parse_date(text(2)?.ok_or_else(corrupt)?)?,
        kind,
        texte: text(8)?.map(str::to_string),
        enregistre: text(9)?.ok_or_else(corrupt)?.to_string(),
    })
}

/// Parses a stored identity.
pub(super) fn parse_uid(s: &str) -> Result<Uid, Failure> {
    Uid::try_parse(s).map_err(|_| corrupt())
}

/// Parses the stored `YYYY-MM-DD` form (fast path; chrono's parser as the fallback).
pub(super) fn parse_date(s: &str) -> Result<NaiveDate, Failure> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
        && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
    {
        return Ok(date);
    }
    s.parse().map_err(|_| corrupt())
}
