//! Events in a company's history (such as its IPO): the one declaration of what an event is
//! ([`Event`], as its company lists it in the record files, and [`CompanyEvent`], on its own
//! with its company: the record the event mutations and the import write), their rows and
//! batched readers.

use crate::db::sql::Connection;
use serde::{Deserialize, Serialize};

use super::constraints::Reference;
use super::fields::{Fields, columns, row};
use super::record::{Namer, Record};
use super::rows::{Grouped, grouped};
use crate::error::AppResult;
use crate::model::{ChangeEntity, EventKind, PartialDate};

columns! {
    /// The plain fields of an event: the columns of its own row that hold values. The record
    /// files and the history name them as the struct does, but for `occurred`, which they
    /// call `date`.
    pub struct EventFields in "events" {
        /// What happened.
        pub kind: EventKind,
        /// When, at the precision known.
        #[serde(default, rename = "date")]
        pub occurred: Option<PartialDate>,
        /// Whether the source calls it the largest of its kind in history.
        #[serde(default)]
        pub record: bool,
    }
}

row! {
    /// An event in a company's history as stored: its identity, its company and source, and its
    /// plain fields (which it dereferences to, so `row.kind` reads the field).
    pub struct EventRow {
        /// Internal id.
        pub id: i64,
        /// The company it happened to.
        pub company_id: i64,
        /// The source that reports it.
        pub source_id: Option<i64>,
        /// Counts its changes.
        pub version: i64,
    }
    fields EventFields;
    columns static COLUMNS as "e";
}

/// The events of each of `ids`, oldest first.
pub fn events_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<EventRow>> {
    let sql = format!(
        "SELECT e.company_id AS owner, {COLUMNS} FROM events e WHERE e.company_id IN rarray(?1) \
         {ORDER}"
    );
    grouped(conn, &sql, ids, EventRow::read)
}

/// Oldest first within each company.
const ORDER: &str = "ORDER BY e.company_id, coalesce(e.occurred, ''), e.id";

/// The event `id`, if there is one.
pub fn event_by_id(conn: &Connection, id: i64) -> AppResult<Option<EventRow>> {
    let sql = format!("SELECT {COLUMNS} FROM events e WHERE e.id = ?1");
    Ok(super::rows::rows_of(conn, &sql, id, EventRow::read)?.pop())
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
        "SELECT e.company_id AS owner, {COLUMNS} FROM events e WHERE e.company_id IN rarray(?1) \
         AND e.kind = '{}' {ORDER}",
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

/// An event as its company lists it in the record files: what happened, and the source that
/// reports it. `R` is how it names the source: by storage id when it is written, by slug in
/// the files and the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event<R = String> {
    /// Its plain fields.
    #[serde(flatten)]
    pub fields: EventFields,
    /// The source that reports it.
    #[serde(default)]
    pub source: Option<R>,
}

impl<R> Event<R> {
    /// The same event naming its source as `name` turns it into; `name` is told the kind of
    /// record referred to and the field (as the API spells it) that refers.
    pub fn map_refs<S>(
        self,
        name: &mut impl FnMut(ChangeEntity, &'static str, R) -> AppResult<S>,
    ) -> AppResult<Event<S>> {
        Ok(Event {
            fields: self.fields,
            source: self
                .source
                .map(|s| name(ChangeEntity::Source, "source", s))
                .transpose()?,
        })
    }
}

/// An event on its own, with the company it happened to: the record the event mutations and
/// the import write, and its form in the history. `R` is how it names other records, as in
/// [`Event`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompanyEvent<R = String> {
    /// The company.
    pub company: R,
    /// The event.
    #[serde(flatten)]
    pub event: Event<R>,
}

impl CompanyEvent<i64> {
    /// The columns of its own row that refer to other records, and those references by input
    /// field.
    fn references(
        &self,
    ) -> (
        [(&'static str, &dyn crate::db::sql::ToSql); 2],
        [Reference; 2],
    ) {
        (
            [
                ("company_id", &self.company),
                ("source_id", &self.event.source),
            ],
            [
                Reference::company("company", self.company),
                Reference::source("source", self.event.source),
            ],
        )
    }
}

impl Record for CompanyEvent<i64> {
    const ENTITY: ChangeEntity = ChangeEntity::Event;
    type Named = CompanyEvent<String>;

    fn slug(&self) -> Option<&str> {
        None
    }

    /// Stores an event in the history of its company.
    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        let (columns, references) = self.references();
        self.event.fields.insert(conn, &columns, &references)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        let ((company, source), fields) =
            EventFields::stored(conn, id, "event", &["company_id", "source_id"], |r| {
                Ok((r.next()?, r.next()?))
            })?;
        Ok(Self {
            company,
            event: Event { fields, source },
        })
    }

    fn rewrite(conn: &Connection, id: i64, _old: &Self, new: &Self) -> AppResult<()> {
        let (columns, references) = new.references();
        new.event.fields.update(conn, id, &columns, &references)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        super::constraints::execute_each(conn, &["DELETE FROM events WHERE id = ?1"], id)
    }

    fn named(&self, name: &mut Namer<'_>) -> AppResult<CompanyEvent<String>> {
        Ok(CompanyEvent {
            company: name(ChangeEntity::Company, self.company)?,
            event: self
                .event
                .clone()
                .map_refs(&mut |entity, _, id| name(entity, id))?,
        })
    }
}
