//! The history of writes: one row per change, recorded in the write's own transaction, with
//! the record's state before and after as JSON: the record as its kind declares it, read back
//! from the stored rows and naming others by slug (so the history shows what was stored, not
//! what was asked for).

use crate::db::sql::{Connection, params};
use crate::db::sql::{FromSql, FromSqlError, FromSqlResult, ValueRef};

use super::agreements::Agreement;
use super::companies::Company;
use super::constraints::insert;
use super::events::CompanyEvent;
use super::now;
use super::page::List;
use super::people::{Person, PersonRole};
use super::record::{Record, slug_of, table_of};
use super::rivalries::Rivalry;
use super::rows::Columns;
use super::sources::{Quote, Source};
use crate::error::AppError;
use crate::error::AppResult;
use crate::model::{ChangeEntity, Operation};

/// One change as stored.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    /// Its id, in commit order.
    pub id: i64,
    /// When (RFC 3339, UTC, milliseconds).
    pub at: String,
    /// Who: the API key's name, or the command-line tool's.
    pub actor: String,
    /// What kind of record.
    pub entity: ChangeEntity,
    /// The record's id.
    pub entity_id: i64,
    /// What was done.
    pub operation: Operation,
    /// The record before, as JSON; none for a creation.
    pub before: Option<String>,
    /// The record after, as JSON; none for a deletion.
    pub after: Option<String>,
    /// The `clientMutationId` of the mutation that made it, if it had one.
    pub client_mutation_id: Option<String>,
}

/// The columns [`ChangeRow::read`] reads, for table alias `h`.
pub const COLUMNS: &str = "h.id, h.at, h.actor, h.entity_kind, h.entity_id, h.operation, \
                           h.before, h.after, h.client_mutation_id";

impl ChangeRow {
    /// Reads a row selected with [`COLUMNS`], from its next column on.
    pub fn read(r: &mut Columns<'_, '_>) -> crate::db::sql::Result<Self> {
        Ok(Self {
            id: r.next()?,
            at: r.next()?,
            actor: r.next()?,
            entity: r.next()?,
            entity_id: r.next()?,
            operation: r.next()?,
            before: r.next()?,
            after: r.next()?,
            client_mutation_id: r.next()?,
        })
    }
}

/// A value stored under its storage name, read back with `parse`.
fn stored<T>(value: ValueRef<'_>, parse: fn(&str) -> Option<T>) -> FromSqlResult<T> {
    let text = value.as_str()?;
    parse(text).ok_or_else(|| FromSqlError::Other(format!("unknown stored value {text:?}").into()))
}

impl FromSql for ChangeEntity {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        stored(value, Self::from_str_opt)
    }
}

impl FromSql for Operation {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        stored(value, Self::from_str_opt)
    }
}

/// The stored state of the record `id` of the kind `R` as JSON, as the history keeps it: the
/// record naming others by slug ([`Record::named`]), with its version and, for the kinds with
/// slugs, the key of its global id; every field in camelCase, as the API spells it. None when
/// there is no such record.
pub fn snapshot<R: Record>(conn: &Connection, id: i64) -> AppResult<Option<String>> {
    let record = match R::stored(conn, id) {
        Ok(record) => record,
        Err(AppError::NotFound { .. }) => return Ok(None),
        Err(error) => return Err(error),
    };
    let named = record.named(&mut |entity, id| slug_of(conn, entity, id))?;
    let mut state = serde_json::to_value(named)
        .map_err(|e| AppError::Internal(format!("writing a snapshot: {e}")))?;
    camel_case_keys(&mut state);
    if let serde_json::Value::Object(fields) = &mut state {
        // One read for both; the table name comes from `table_of`, never from input.
        let key = if R::ENTITY.has_slug() { "key" } else { "NULL" };
        let sql = format!(
            "SELECT version, {key} FROM {} WHERE id = ?1",
            table_of(R::ENTITY)
        );
        let (version, key): (i64, Option<String>) = conn
            .prepare_cached(&sql)?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        fields.insert("version".into(), version.into());
        if let Some(key) = key {
            fields.insert("key".into(), key.into());
        }
    }
    Ok(Some(state.to_string()))
}

/// Renames every object key of `value` from snake_case to camelCase, at every depth.
fn camel_case_keys(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(fields) => {
            let old = std::mem::take(fields);
            for (key, mut inner) in old {
                camel_case_keys(&mut inner);
                let mut camel = String::with_capacity(key.len());
                let mut upper = false;
                for c in key.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        camel.extend(c.to_uppercase());
                        upper = false;
                    } else {
                        camel.push(c);
                    }
                }
                fields.insert(camel, inner);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(camel_case_keys),
        _ => {}
    }
}

/// The stored state of the record `id` of `entity` as JSON ([`snapshot`] of the kind's
/// record); none when there is no such record.
pub fn snapshot_of(conn: &Connection, entity: ChangeEntity, id: i64) -> AppResult<Option<String>> {
    match entity {
        ChangeEntity::Company => snapshot::<Company<i64>>(conn, id),
        ChangeEntity::Person => snapshot::<Person<i64>>(conn, id),
        ChangeEntity::Role => snapshot::<PersonRole<i64>>(conn, id),
        ChangeEntity::Agreement => snapshot::<Agreement<i64>>(conn, id),
        ChangeEntity::Source => snapshot::<Source>(conn, id),
        ChangeEntity::Quote => snapshot::<Quote<i64>>(conn, id),
        ChangeEntity::Event => snapshot::<CompanyEvent<i64>>(conn, id),
        ChangeEntity::Rivalry => snapshot::<Rivalry<i64>>(conn, id),
    }
}

/// Records a change by `actor` to the record `id` of `entity`, in the caller's transaction, with
/// the `clientMutationId` of the mutation that made it (so that a client whose connection broke
/// while it committed can look for it); returns the change's id.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &Connection,
    actor: &str,
    client_mutation_id: Option<&str>,
    entity: ChangeEntity,
    id: i64,
    operation: Operation,
    before: Option<String>,
    after: Option<String>,
) -> AppResult<i64> {
    insert(
        conn,
        "INSERT INTO changes (at, actor, entity_kind, entity_id, operation, before, after, \
         client_mutation_id) VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6, ?8) RETURNING id",
        params![
            actor,
            entity.as_str(),
            id,
            operation.as_str(),
            before,
            after,
            now(),
            client_mutation_id
        ],
        &[],
    )
}

/// The id of the record of `entity` that had the slug `slug` in its latest change, if it was
/// ever changed (also after it was deleted).
pub fn id_in_history(
    conn: &Connection,
    entity: ChangeEntity,
    slug: &str,
) -> AppResult<Option<i64>> {
    use crate::db::sql::{Dialect, OptionalExtension};
    // The snapshots are JSON text; each engine reads a key of it in its own way.
    let sql = match conn.dialect() {
        Dialect::Sqlite => {
            "SELECT entity_id FROM changes WHERE entity_kind = ?1 \
             AND ?2 IN (json_extract(after, '$.key'), json_extract(before, '$.key'), \
               json_extract(after, '$.slug'), json_extract(before, '$.slug')) \
             ORDER BY id DESC LIMIT 1"
        }
        Dialect::Postgres => {
            "SELECT entity_id FROM changes WHERE entity_kind = ?1 \
             AND ?2 IN (CAST(after AS jsonb) ->> 'key', CAST(before AS jsonb) ->> 'key', \
               CAST(after AS jsonb) ->> 'slug', CAST(before AS jsonb) ->> 'slug') \
             ORDER BY id DESC LIMIT 1"
        }
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![entity.as_str(), slug], |r| r.get(0))
        .optional()?)
}

/// The id of the latest change, or 0.
pub fn last_id(conn: &Connection) -> AppResult<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM changes")?
        .query_row([], |r| r.get(0))?)
}

/// The first `most` changes after the change `id`, in commit order.
pub fn after(conn: &Connection, id: i64, most: usize) -> AppResult<Vec<ChangeRow>> {
    let sql = format!("SELECT {COLUMNS} FROM changes h WHERE h.id > ?1 ORDER BY h.id LIMIT ?2");
    let most = i64::try_from(most).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        crate::params![id, most],
        super::rows::from_row(ChangeRow::read),
    )?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// Commit order as the text sort key paging works with: the id, zero-padded to 20 digits, in
/// SQL both engines speak.
const SORT: &str = "substr('00000000000000000000' || CAST(h.id AS TEXT), \
                    length(CAST(h.id AS TEXT)) + 1)";

/// Every change, for a connection; narrowed with [`select`].
pub fn list() -> List {
    List::new(COLUMNS, "changes h", SORT, "h.id")
}

/// What [`select`] narrows the history to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Changes to records of this kind.
    pub entity: Option<ChangeEntity>,
    /// Changes to the record with this id (of the kind above).
    pub entity_id: Option<i64>,
    /// Changes made at or after this time, written as the history stores its times (UTC, to
    /// the millisecond, fixed width: `model::Instant::stored`), so that the text comparison
    /// is one of instants and can use the index on `at`.
    pub since: Option<String>,
    /// Changes made before this time.
    pub until: Option<String>,
    /// Changes made by the mutation with this `clientMutationId`.
    pub client_mutation_id: Option<String>,
}

/// Narrows `list` to `filter`, newest or oldest first.
pub fn select(mut list: List, filter: &Filter, newest_first: bool) -> List {
    use crate::db::sql::Value as SqlValue;
    if let Some(entity) = filter.entity {
        list = list.filter(
            "h.entity_kind = ?",
            [SqlValue::Text(entity.as_str().into())],
        );
    }
    if let Some(id) = filter.entity_id {
        list = list.filter("h.entity_id = ?", [SqlValue::Integer(id)]);
    }
    if let Some(since) = &filter.since {
        list = list.filter("h.at >= ?", [SqlValue::Text(since.clone())]);
    }
    if let Some(until) = &filter.until {
        list = list.filter("h.at < ?", [SqlValue::Text(until.clone())]);
    }
    if let Some(id) = &filter.client_mutation_id {
        list = list.filter("h.client_mutation_id = ?", [SqlValue::Text(id.clone())]);
    }
    list.ordered(SORT, newest_first)
}
