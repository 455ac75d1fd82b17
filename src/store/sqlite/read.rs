//! Reading cases and events: rows to model values.

use chrono::NaiveDate;
use rusqlite::types::{Value, ValueRef};

use super::{SqliteStore, db_err};
use crate::cases::{Case, CaseFilter, CaseHistory, CaseId, Channel, Event, Uid};
use crate::error::Failure;
use crate::store::rows::{Histories, KindColumns, corrupt, kind_from_columns};
use crate::store::schema;

/// The columns of an event for the lean read ([`lean_event_from_row`]): only those status
/// derivation reads, all in the index `events_status`.
/// The columns of a case, as [`case_from_row`] reads them (the whole row, also for the lean
/// read: the listings show references and recipients, and the row is read anyway).
const CASE: &str = "c.id, c.person_id, c.entry, c.route, c.channel, c.refs, c.escalated_from, \
     c.opened, c.uid, c.recipient";

/// The first column of the event in a row of [`SqliteStore::lean_query`].
const LEAN_EVENT_AT: usize = 10;

const LEAN_EVENT: &str =
    "e.id, e.date, e.kind, e.channel, e.outcome, e.linked_case, e.route, e.linked_event";

impl SqliteStore {
    /// The `WHERE` clause selecting the cases of a filter (and one id), with its arguments.
    /// For the open cases, it leaves out those surely closed ([`schema::CLOSED_CASES`], read
    /// from a small index); `histories` still drops those its events show closed.
    fn case_where(filter: &CaseFilter, id: Option<CaseId>) -> (String, Vec<Value>) {
        let mut sql = String::from(" WHERE 1=1");
        let mut args: Vec<Value> = Vec::new();
        if filter.ouverts_seulement {
            sql.push_str(" AND c.id NOT IN (");
            sql.push_str(schema::CLOSED_CASES);
            sql.push(')');
        }
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

    /// The query of the selected cases, in id order, with its arguments.
    pub(super) fn cases_query(filter: &CaseFilter, id: Option<CaseId>) -> (String, Vec<Value>) {
        let (clause, args) = Self::case_where(filter, id);
        (
            format!("SELECT {CASE} FROM cases c{clause} ORDER BY c.id"),
            args,
        )
    }

    pub(super) fn load_cases(
        &self,
        filter: &CaseFilter,
        id: Option<CaseId>,
    ) -> Result<Vec<Case>, Failure> {
        let (sql, args) = Self::cases_query(filter, id);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_err)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(db_err)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(db_err)? {
            out.push(case_from_row(r)?);
        }
        Ok(out)
    }

    /// The query of [`SqliteStore::stream_histories`], with its arguments.
    pub(super) fn lean_query(filter: &CaseFilter, id: Option<CaseId>) -> (String, Vec<Value>) {
        let (clause, args) = Self::case_where(filter, id);
        (
            format!(
                "SELECT {CASE}, {LEAN_EVENT} FROM cases c LEFT JOIN events e \
                 ON e.case_id = c.id{clause} ORDER BY c.id, e.date, e.id"
            ),
            args,
        )
    }

    /// The lean histories ([`CaseFilter::statut_seulement`]) of the selected cases, in id
    /// order, each handed to `each` as soon as its events are read, so that only one is held
    /// at a time. One query: each selected case (from its table) joined to its events (from
    /// the index `events_status` alone, in date order).
    pub(super) fn stream_histories(
        &self,
        filter: &CaseFilter,
        id: Option<CaseId>,
        each: &mut dyn FnMut(CaseHistory),
    ) -> Result<(), Failure> {
        debug_assert!(filter.statut_seulement);
        if id.is_none() && filter.personne.is_none() && filter.fichier.is_none() {
            return self.merge_histories(filter, each);
        }
        let (sql, args) = Self::lean_query(filter, id);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_err)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(db_err)?;
        let mut current: Option<CaseHistory> = None;
        let mut hand = |h: CaseHistory| {
            if !(filter.ouverts_seulement && h.is_closed()) {
                each(h);
            }
        };
        while let Some(r) = rows.next().map_err(db_err)? {
            let case_id: CaseId = r.get(0).map_err(db_err)?;
            if current.as_ref().is_none_or(|h| h.case.id != case_id) {
                if let Some(h) = current.take() {
                    hand(h);
                }
                current = Some(CaseHistory {
                    case: case_from_row(r)?,
                    events: Vec::new(),
                });
            }
            // A case without events comes once, with NULL event columns.
            if let (Some(h), ValueRef::Integer(_)) =
                (&mut current, r.get_ref(LEAN_EVENT_AT).map_err(db_err)?)
            {
                h.events
                    .push(lean_event_from_row(r, LEAN_EVENT_AT, case_id)?);
            }
        }
        if let Some(h) = current.take() {
            hand(h);
        }
        Ok(())
    }

    /// [`SqliteStore::stream_histories`] over the whole register: the selected cases (in id
    /// order, from their table) and all events (in case order, from the index
    /// `events_status` read straight through), merged as they come; the events of cases not
    /// selected are passed over. Walking the index once costs less than looking up each
    /// case's events in it.
    fn merge_histories(
        &self,
        filter: &CaseFilter,
        each: &mut dyn FnMut(CaseHistory),
    ) -> Result<(), Failure> {
        let (cases_sql, args) = Self::cases_query(filter, None);
        let mut cases_stmt = self.conn.prepare_cached(&cases_sql).map_err(db_err)?;
        let mut cases = cases_stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(db_err)?;
        let events_sql = Self::events_in_case_order();
        let mut events_stmt = self.conn.prepare_cached(&events_sql).map_err(db_err)?;
        let mut events = events_stmt.query([]).map_err(db_err)?;
        let mut event = events.next().map_err(db_err)?;
        while let Some(r) = cases.next().map_err(db_err)? {
            let mut h = CaseHistory {
                case: case_from_row(r)?,
                events: Vec::new(),
            };
            while let Some(e) = event {
                let of: CaseId = e.get(0).map_err(db_err)?;
                if of > h.case.id {
                    break;
                }
                if of == h.case.id {
                    h.events.push(lean_event_from_row(e, 1, of)?);
                }
                event = events.next().map_err(db_err)?;
            }
            if !(filter.ouverts_seulement && h.is_closed()) {
                each(h);
            }
        }
        Ok(())
    }

    /// Every event, lean, in the order [`SqliteStore::merge_histories`] walks them: the
    /// index `events_status` read straight through (no sort).
    pub(super) fn events_in_case_order() -> String {
        format!("SELECT e.case_id, {LEAN_EVENT} FROM events e ORDER BY e.case_id, e.date, e.id")
    }

    /// The query of [`SqliteStore::load_events`], with its arguments: in id order (a plain
    /// scan of the table, without a lookup per row through an index).
    fn events_query(filter: Option<(&CaseFilter, Option<CaseId>)>) -> (String, Vec<Value>) {
        const ALL: &str = "SELECT e.id, e.case_id, e.date, e.kind, e.channel, e.recommande, \
             e.outcome, e.linked_case, e.text, e.recorded, e.route, e.linked_event, e.uid \
             FROM events e";
        match filter {
            Some((f, id)) if id.is_some() || f.personne.is_some() || f.fichier.is_some() => {
                let (clause, args) = Self::case_where(f, id);
                (
                    format!(
                        "{ALL} WHERE e.case_id IN (SELECT c.id FROM cases c{clause}) \
                         ORDER BY e.id"
                    ),
                    args,
                )
            }
            // Events of cases not read are dropped as they come.
            _ => (format!("{ALL} ORDER BY e.id"), Vec::new()),
        }
    }

    /// Events of the selected cases (all events when `filter` is `None`), in id order, each
    /// handed to `sink` as it is read (the lean read is [`SqliteStore::stream_histories`]).
    pub(super) fn load_events(
        &self,
        filter: Option<(&CaseFilter, Option<CaseId>)>,
        mut sink: impl FnMut(Event),
    ) -> Result<(), Failure> {
        let (sql, args) = Self::events_query(filter);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_err)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(db_err)?;
        while let Some(r) = rows.next().map_err(db_err)? {
            sink(event_from_row(r, 0)?);
        }
        Ok(())
    }

    pub(super) fn histories(
        &self,
        filter: &CaseFilter,
        id: Option<CaseId>,
    ) -> Result<Vec<CaseHistory>, Failure> {
        if filter.statut_seulement {
            let mut out = Vec::new();
            self.stream_histories(filter, id, &mut |h| out.push(h))?;
            return Ok(out);
        }
        let mut histories = Histories::new(self.load_cases(filter, id)?);
        self.load_events(Some((filter, id)), |e| histories.push(e))?;
        Ok(histories.finish(filter))
    }
}

/// Reads the case columns ([`CASE`]) of a row of [`SqliteStore::cases_query`] or
/// [`SqliteStore::lean_query`].
fn case_from_row(r: &rusqlite::Row<'_>) -> Result<Case, Failure> {
    RawCase {
        id: r.get(0).map_err(db_err)?,
        person: r.get(1).map_err(db_err)?,
        entry: r.get(2).map_err(db_err)?,
        route: r.get(3).map_err(db_err)?,
        channel: r.get(4).map_err(db_err)?,
        refs: r.get(5).map_err(db_err)?,
        escalated_from: r.get(6).map_err(db_err)?,
        opened: r.get(7).map_err(db_err)?,
        uid: r.get(8).map_err(db_err)?,
        recipient: r.get(9).map_err(db_err)?,
    }
    .into_case()
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

/// A text column of a row, borrowed (NULL: `None`; anything else but text: corrupt).
fn text_column<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>, Failure> {
    match r.get_ref(i).map_err(db_err)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => std::str::from_utf8(t).map(Some).map_err(|_| corrupt()),
        _ => Err(corrupt()),
    }
}

/// Reads one event from the columns of a row starting at `at`, without copying what is
/// only matched (kind, channel, outcome, date).
fn event_from_row(r: &rusqlite::Row<'_>, at: usize) -> Result<Event, Failure> {
    let text = |i: usize| text_column(r, at + i);
    let columns = KindColumns {
        channel: text(4)?,
        recommande: None,
        outcome: text(6)?,
        linked_case: r.get(at + 7).map_err(db_err)?,
        route: text(10)?,
        linked_event: r.get(at + 11).map_err(db_err)?,
    };
    let kind = kind_from_columns(text(3)?.ok_or_else(corrupt)?, columns, || {
        Ok(text(5)?.map(str::to_string))
    })?;
    Ok(Event {
        id: r.get(at).map_err(db_err)?,
        uid: text(12)?.map(parse_uid).transpose()?,
        dossier: r.get(at + 1).map_err(db_err)?,
        date: parse_date(text(2)?.ok_or_else(corrupt)?)?,
        kind,
        texte: text(8)?.map(str::to_string),
        enregistre: text(9)?.ok_or_else(corrupt)?.to_string(),
    })
}

/// Reads the event of case `case` from the [`LEAN_EVENT`] columns of a row, starting at
/// `at`: no note text, letter number, identity nor recording time.
fn lean_event_from_row(r: &rusqlite::Row<'_>, at: usize, case: CaseId) -> Result<Event, Failure> {
    let text = |i: usize| text_column(r, at + i);
    let columns = KindColumns {
        channel: text(3)?,
        recommande: None,
        outcome: text(4)?,
        linked_case: r.get(at + 5).map_err(db_err)?,
        route: text(6)?,
        linked_event: r.get(at + 7).map_err(db_err)?,
    };
    Ok(Event {
        id: r.get(at).map_err(db_err)?,
        uid: None,
        dossier: case,
        date: parse_date(text(1)?.ok_or_else(corrupt)?)?,
        kind: kind_from_columns(text(2)?.ok_or_else(corrupt)?, columns, || Ok(None))?,
        texte: None,
        enregistre: String::new(),
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
