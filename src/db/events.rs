//! Events in a company's history (such as its IPO): their rows and batched readers, and their
//! writes, both as part of a company ([`super::companies::NewCompany`]) and on their own
//! ([`CompanyEvent`], what the event mutations write).

use rusqlite::{Connection, params};

use super::constraints::{Reference, execute, insert};
use super::record::Record;
use super::rows::{Columns, Grouped, grouped};
use crate::error::AppResult;
use crate::model::{ChangeEntity, EventKind, PartialDate};

/// An event in a company's history.
#[derive(Debug, Clone)]
pub struct EventRow {
    /// Internal id.
    pub id: i64,
    /// The company it happened to.
    pub company_id: i64,
    /// What happened.
    pub kind: EventKind,
    /// When, at the precision known.
    pub occurred: Option<PartialDate>,
    /// Whether the source calls it the largest of its kind in history.
    pub record: bool,
    /// The source that reports it.
    pub source_id: Option<i64>,
    /// Counts its changes.
    pub version: i64,
}

/// The events of each of `ids`, oldest first.
pub fn events_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<EventRow>> {
    let sql = format!("{EVENTS_SELECT} {EVENTS_ORDER}");
    grouped(conn, &sql, ids, EventRow::read)
}

/// The events of many companies, by owner, for [`EventRow::read`]; a condition may follow.
const EVENTS_SELECT: &str = "SELECT company_id AS owner, id, company_id, kind, occurred, record, \
     source_id, version FROM events WHERE company_id IN rarray(?1)";
/// Oldest first within each company.
const EVENTS_ORDER: &str = "ORDER BY company_id, coalesce(occurred, ''), id";

impl EventRow {
    /// Reads an event selected as in [`EVENTS_SELECT`], from its next column on.
    fn read(r: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.next()?,
            company_id: r.next()?,
            kind: r.next()?,
            occurred: r.next()?,
            record: r.next()?,
            source_id: r.next()?,
            version: r.next()?,
        })
    }
}

/// The event `id`, if there is one.
pub fn event_by_id(conn: &Connection, id: i64) -> AppResult<Option<EventRow>> {
    let mut rows = super::rows::rows_of(
        conn,
        "SELECT id, company_id, kind, occurred, record, source_id, version FROM events \
         WHERE id = ?1",
        id,
        EventRow::read,
    )?;
    Ok(rows.pop())
}

/// The events of kind `kind` of each of `ids`, oldest first (a summary names only some kinds).
pub fn events_of_kind(
    conn: &Connection,
    ids: &[i64],
    kind: EventKind,
) -> AppResult<Grouped<EventRow>> {
    // The kind is one of the vocabulary's own codes, never input text; as a literal it keeps
    // the statement's one parameter the id array.
    let sql = format!(
        "{EVENTS_SELECT} AND kind = '{}' {EVENTS_ORDER}",
        kind.as_str()
    );
    grouped(conn, &sql, ids, EventRow::read)
}

/// The events in the history of the company `id`, by id.
pub fn event_ids_of(conn: &Connection, id: i64) -> AppResult<Vec<i64>> {
    super::rows::ids_where(
        conn,
        "SELECT id FROM events WHERE company_id = ?1 ORDER BY id",
        id,
    )
}

// ---------------------------------------------------------------------------------------------
// Writes.
// ---------------------------------------------------------------------------------------------

/// An event in a company's history.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// What happened.
    pub kind: EventKind,
    /// When, at the precision known.
    pub date: Option<PartialDate>,
    /// Whether the source calls it the largest of its kind in history.
    pub record: bool,
    /// The id of the source that reports it.
    pub source: Option<i64>,
}

impl NewEvent {
    /// Reads `kind, occurred, record, source_id`, from the next column on.
    pub(super) fn read(r: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            kind: r.next()?,
            date: r.next()?,
            record: r.next()?,
            source: r.next()?,
        })
    }
}

/// Stores an event in the history of the company `company`.
pub fn insert_event(conn: &Connection, company: i64, event: &NewEvent) -> AppResult<i64> {
    insert(
        conn,
        "INSERT INTO events (company_id, kind, occurred, record, source_id) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![company, event.kind, event.date, event.record, event.source],
        &[
            Reference::company("company", company),
            Reference::source("source", event.source),
        ],
    )
}

/// An event on its own, with the company it happened to: what the event mutations write.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyEvent {
    /// The id of the company.
    pub company: i64,
    /// The event.
    pub event: NewEvent,
}

impl Record for CompanyEvent {
    const ENTITY: ChangeEntity = ChangeEntity::Event;

    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        insert_event(conn, self.company, &self.event)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        super::rows::row_of(
            conn,
            "SELECT company_id, kind, occurred, record, source_id FROM events WHERE id = ?1",
            id,
            "event",
            |r| {
                Ok(CompanyEvent {
                    company: r.next()?,
                    event: NewEvent::read(r)?,
                })
            },
        )
    }

    fn rewrite(conn: &Connection, id: i64, _old: &Self, new: &Self) -> AppResult<()> {
        execute(
            conn,
            "UPDATE events SET company_id = ?1, kind = ?2, occurred = ?3, record = ?4, \
               source_id = ?5 WHERE id = ?6",
            params![
                new.company,
                new.event.kind,
                new.event.date,
                new.event.record,
                new.event.source,
                id
            ],
            &[
                Reference::company("company", new.company),
                Reference::source("source", new.event.source),
            ],
        )
        .map(drop)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        super::constraints::execute_each(conn, &["DELETE FROM events WHERE id = ?1"], id)
    }

    // Not yet declared as one struct: its history snapshot is written by SQL.
    type Named = ();

    fn slug(&self) -> Option<&str> {
        None
    }

    fn named(&self, _: &mut super::record::Namer<'_>) -> AppResult<()> {
        Ok(())
    }
}
