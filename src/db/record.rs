//! The one way a record is written: [`Record`], implemented by every kind of record the API,
//! the importer and the seed loader change. A record is a value in the shape it is written in
//! (slugs checked, references resolved to ids); it can be read back in that same shape, so an
//! update is "read, change, write what differs" and an import is "compare, write if different".

use rusqlite::{Connection, OptionalExtension};

use crate::error::{AppError, AppResult};
use crate::model::ChangeEntity;

/// A kind of record with its storage: how it is inserted, read back, replaced and deleted.
/// Every function takes a connection inside the caller's transaction.
pub trait Record: Sized + Clone + PartialEq + Send + 'static {
    /// The kind of record, as the history names it; its table is [`table_of`] it.
    const ENTITY: ChangeEntity;

    /// Stores a new record; returns its id.
    fn insert(&self, conn: &Connection) -> AppResult<i64>;

    /// The record `id` as stored, in the shape it is written in.
    fn stored(conn: &Connection, id: i64) -> AppResult<Self>;

    /// Makes the stored record `id`, which is `old`, into `new` (the two differ): rewrites what
    /// differs, under the same rules as [`Record::insert`]. The version is counted by the
    /// caller ([`replace`]).
    fn rewrite(conn: &Connection, id: i64, old: &Self, new: &Self) -> AppResult<()>;

    /// Deletes the record `id` with the rows that only describe it.
    fn delete(conn: &Connection, id: i64) -> AppResult<()>;

    /// The key the API names it by: its slug, or else its id.
    fn key(&self, id: i64) -> String;
}

/// Makes the stored record `id` into `new` and counts a new version, unless it is `new`
/// already. Returns whether anything changed.
pub fn replace<R: Record>(conn: &Connection, id: i64, new: &R) -> AppResult<bool> {
    let old = R::stored(conn, id)?;
    if old == *new {
        return Ok(false);
    }
    R::rewrite(conn, id, &old, new)?;
    let sql = format!(
        "UPDATE {} SET version = version + 1 WHERE id = ?1",
        table_of(R::ENTITY)
    );
    conn.prepare_cached(&sql)?.execute([id])?;
    Ok(true)
}

/// Checks that the record `id` of `entity` exists and, when the caller names the version it
/// last read, that it is still at that version: `NOT_FOUND` or `CONFLICT` on `version`.
pub fn check_version(
    conn: &Connection,
    entity: ChangeEntity,
    id: i64,
    expected: Option<i64>,
) -> AppResult<()> {
    // The table name comes from `table_of`, never from input.
    let sql = format!("SELECT version FROM {} WHERE id = ?1", table_of(entity));
    let current: i64 = conn
        .prepare_cached(&sql)?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| AppError::NotFound {
            what: entity.as_str(),
            key: id.to_string(),
        })?;
    match expected {
        Some(expected) if expected != current => Err(AppError::conflict(
            "version",
            format!(
                "the {} was changed since version {expected} was read; it is at version \
                 {current}: read it again and reapply the change",
                entity.as_str()
            ),
        )),
        _ => Ok(()),
    }
}

/// The id of the record of `entity` the key names (a slug, or an id in decimal), if there is
/// one.
pub fn find(conn: &Connection, entity: ChangeEntity, key: &str) -> AppResult<Option<i64>> {
    let table = table_of(entity);
    if entity.has_slug() {
        // The table name comes from `table_of`, never from input.
        let sql = format!("SELECT id FROM {table} WHERE slug = ?1");
        return Ok(conn
            .prepare_cached(&sql)?
            .query_row([key], |r| r.get(0))
            .optional()?);
    }
    let Ok(id) = key.parse::<i64>() else {
        return Ok(None);
    };
    let sql = format!("SELECT id FROM {table} WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The id of the record of `entity` the key names, or `NOT_FOUND`.
pub fn existing(conn: &Connection, entity: ChangeEntity, key: &str) -> AppResult<i64> {
    find(conn, entity, key)?.ok_or_else(|| AppError::NotFound {
        what: entity.as_str(),
        key: key.to_owned(),
    })
}

/// The id of the record of `entity` the key names, as a reference from the input field
/// `field`: a record that does not exist is bad input naming the field.
pub fn reference(
    conn: &Connection,
    entity: ChangeEntity,
    field: &'static str,
    key: &str,
) -> AppResult<i64> {
    find(conn, entity, key)?.ok_or_else(|| {
        AppError::bad_input(
            field,
            format!("there is no {} with the id given", entity.as_str()),
        )
    })
}

/// The table the records of `entity` live in.
pub fn table_of(entity: ChangeEntity) -> &'static str {
    match entity {
        ChangeEntity::Company => "companies",
        ChangeEntity::Person => "people",
        ChangeEntity::Role => "roles",
        ChangeEntity::Agreement => "agreements",
        ChangeEntity::Source => "sources",
        ChangeEntity::Quote => "quotes",
        ChangeEntity::Event => "events",
        ChangeEntity::Rivalry => "competitors",
    }
}

/// Rewrites the rows of a list that hangs off a record, when the list changed: deletes them
/// with `delete` (whose one parameter is the owner's id) and stores each of `new` with `store`.
pub(crate) fn rewrite_list<T: PartialEq>(
    conn: &Connection,
    owner: i64,
    old: &[T],
    new: &[T],
    delete: &str,
    mut store: impl FnMut(i64, &T) -> AppResult<()>,
) -> AppResult<()> {
    if old == new {
        return Ok(());
    }
    super::constraints::execute(conn, delete, [owner], &[])?;
    for (position, item) in (0_i64..).zip(new) {
        store(position, item)?;
    }
    Ok(())
}
