//! The one way a record is written: [`Record`], implemented by every kind of record the API,
//! the importer and the seed loader change. A record is a value in the shape it is written in
//! (references resolved to ids; checked when it is written); it can be read back in that same
//! shape, so an update is "read, change, write what differs" and an import is "compare, write
//! if different".

use crate::db::sql::{Connection, OptionalExtension};

use crate::error::{AppError, AppResult};
use crate::model::ChangeEntity;

/// A kind of record with its storage: how it is inserted, read back, replaced and deleted.
/// Every function takes a connection inside the caller's transaction.
pub trait Record: Sized + Clone + PartialEq + Send + 'static {
    /// The kind of record, as the history names it; its table is [`table_of`] it.
    const ENTITY: ChangeEntity;

    /// The record naming other records by slug: its form in the record files and, with its
    /// version and key, in the history.
    type Named: serde::Serialize;

    /// Its slug, for the kinds of records that have one.
    fn slug(&self) -> Option<&str>;

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

    /// The record with its references named by slug, each as `name` names the record of a
    /// kind with an id ([`slug_of`], or a table of the slugs read beforehand).
    fn named(&self, name: &mut Namer<'_>) -> AppResult<Self::Named>;
}

/// Names a record of a kind by its id: its slug.
pub type Namer<'a> = dyn FnMut(ChangeEntity, i64) -> AppResult<String> + 'a;

/// Stores `value` as a new record: its slug must not be one another record of its kind had;
/// returns its id.
pub fn insert<R: Record>(conn: &Connection, value: &R) -> AppResult<i64> {
    if let Some(slug) = value.slug() {
        check_slug_free::<R>(conn, slug, None)?;
    }
    value.insert(conn)
}

/// Refuses `slug` for the record `id` (none for a new one) when another record of the kind had
/// it before: links made with it lead to that record for good. A `CONFLICT` naming `slug`.
fn check_slug_free<R: Record>(conn: &Connection, slug: &str, id: Option<i64>) -> AppResult<()> {
    let owner: Option<i64> = conn
        .prepare_cached("SELECT entity_id FROM former_slugs WHERE entity_kind = ?1 AND slug = ?2")?
        .query_row(crate::params![R::ENTITY.as_str(), slug], |r| r.get(0))
        .optional()?;
    match owner {
        Some(owner) if Some(owner) != id => Err(AppError::conflict(
            "slug",
            format!(
                "another {} had this slug; links made with it still lead there",
                R::ENTITY.as_str()
            ),
        )),
        _ => Ok(()),
    }
}

/// Keeps the slug `old` of the record `id` among its former slugs, so that it still finds the
/// record, and no other record of its kind can take it.
fn keep_former_slug<R: Record>(conn: &Connection, id: i64, old: &str) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO former_slugs (entity_kind, slug, entity_id, position) \
         SELECT ?1, ?2, ?3, coalesce(max(position) + 1, 0) FROM former_slugs \
         WHERE entity_kind = ?1 AND entity_id = ?3 \
         ON CONFLICT DO NOTHING",
    )?
    .execute(crate::params![R::ENTITY.as_str(), old, id])?;
    Ok(())
}

/// The SQL expression for the id of the record of `entity` that had the slug bound as `?1`
/// before a rename.
pub fn former_slug_owner(entity: ChangeEntity) -> String {
    format!(
        "(SELECT entity_id FROM former_slugs WHERE entity_kind = '{}' AND slug = ?1)",
        entity.as_str()
    )
}

/// The former slugs of the record `id` of `entity`, oldest first.
pub fn former_slugs(conn: &Connection, entity: ChangeEntity, id: i64) -> AppResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT slug FROM former_slugs WHERE entity_kind = ?1 AND entity_id = ?2 \
         ORDER BY position",
    )?;
    let rows = stmt.query_map(crate::params![entity.as_str(), id], |r| r.get(0))?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// Gives the record `id` of the kind `R` the former slugs `slugs` (from a record file) it
/// does not have yet; a record `created` by the import takes the first as its key, so the ids
/// issued for it before it was exported stay valid (a stored record's key never changes).
pub fn restore_former_slugs<R: Record>(
    conn: &Connection,
    id: i64,
    slugs: &[String],
    created: bool,
) -> AppResult<()> {
    for slug in slugs {
        check_slug_free::<R>(conn, slug, Some(id))?;
        keep_former_slug::<R>(conn, id, slug)?;
    }
    if let (Some(first), true) = (slugs.first(), created) {
        let sql = format!("UPDATE {} SET key = ?1 WHERE id = ?2", table_of(R::ENTITY));
        super::constraints::execute(conn, &sql, crate::params![first, id], &[])?;
    }
    Ok(())
}

/// The key the API names the record `id` of `entity` by: the key of its global id (its first
/// slug) for the kinds with slugs, else its id in decimal.
pub fn key_of(conn: &Connection, entity: ChangeEntity, id: i64) -> AppResult<String> {
    if !entity.has_slug() {
        return Ok(id.to_string());
    }
    // The table name comes from `table_of`, never from input.
    let sql = format!("SELECT key FROM {} WHERE id = ?1", table_of(entity));
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

/// The slug of the record `id` of `entity` (which has slugs): how records name each other in
/// the record files and the history.
pub fn slug_of(conn: &Connection, entity: ChangeEntity, id: i64) -> AppResult<String> {
    // The table name comes from `table_of`, never from input.
    let sql = format!("SELECT slug FROM {} WHERE id = ?1", table_of(entity));
    conn.prepare_cached(&sql)?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| AppError::Internal(format!("{} {id} is named but missing", entity.as_str())))
}

/// Makes the stored record `id` into `new` and counts a new version, unless it is `new`
/// already. Returns whether anything changed.
pub fn replace<R: Record>(conn: &Connection, id: i64, new: &R) -> AppResult<bool> {
    let old = R::stored(conn, id)?;
    if old == *new {
        return Ok(false);
    }
    if let (Some(before), Some(after)) = (old.slug(), new.slug())
        && before != after
    {
        check_slug_free::<R>(conn, after, Some(id))?;
        keep_former_slug::<R>(conn, id, before)?;
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

/// The id of the record of `entity` with the slug `slug`, now or before a rename, if there is
/// one: how the record files name records.
pub fn find_slug(conn: &Connection, entity: ChangeEntity, slug: &str) -> AppResult<Option<i64>> {
    // The table name comes from `table_of`, never from input.
    let sql = format!(
        "SELECT id FROM {} WHERE slug = ?1 UNION ALL SELECT {} LIMIT 1",
        table_of(entity),
        former_slug_owner(entity)
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([slug], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten())
}

/// The id of the record of `entity` the key names (the key of its global id, or an id in
/// decimal), if there is one.
pub fn find(conn: &Connection, entity: ChangeEntity, key: &str) -> AppResult<Option<i64>> {
    let table = table_of(entity);
    if entity.has_slug() {
        // The table name comes from `table_of`, never from input.
        let sql = format!("SELECT id FROM {table} WHERE key = ?1");
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

/// A list of values that hangs off a record, one row each in a table of its own: a company's
/// markets, an agreement's sources. An ordered list keeps its order in a `position` column;
/// a list of sources is kept in id order.
pub(crate) struct ValueList {
    table: &'static str,
    owner: &'static str,
    value: &'static str,
    ordered: bool,
    /// The input field whose ids name sources, for a list of sources: a missing one is bad
    /// input naming it.
    sources: Option<&'static str>,
}

impl ValueList {
    /// The list kept in `table`, whose column `owner` names the record and `value` holds a
    /// value, in the order of its `position` column.
    pub(crate) const fn ordered(
        table: &'static str,
        owner: &'static str,
        value: &'static str,
    ) -> Self {
        Self {
            table,
            owner,
            value,
            ordered: true,
            sources: None,
        }
    }

    /// The sources a record cites, kept in `table` (`owner`, `source_id`) in id order; the
    /// input field is `sources`.
    pub(crate) const fn sources(table: &'static str, owner: &'static str) -> Self {
        Self {
            table,
            owner,
            value: "source_id",
            ordered: false,
            sources: Some("sources"),
        }
    }

    /// The list of the record `id`, in its order.
    pub(crate) fn read<T: crate::db::sql::FromSql>(
        &self,
        conn: &Connection,
        id: i64,
    ) -> AppResult<Vec<T>> {
        let order = if self.ordered { "position" } else { self.value };
        // The names are this type's constants, never input.
        let sql = format!(
            "SELECT {} FROM {} WHERE {} = ?1 ORDER BY {order}",
            self.value, self.table, self.owner
        );
        super::rows::rows_of(conn, &sql, id, |r| r.next())
    }

    /// Rewrites the list of the record `id` from `old` to `new`, when they differ.
    pub(crate) fn rewrite<T: PartialEq + crate::db::sql::ToSql>(
        &self,
        conn: &Connection,
        id: i64,
        old: &[T],
        new: &[T],
    ) -> AppResult<()> {
        self.rewrite_with(conn, id, old, new, |_| None)
    }

    /// Rewrites the sources of the record `id` from `old` to `new`, when they differ; a
    /// source that does not exist is bad input naming the list's field.
    pub(crate) fn rewrite_sources(
        &self,
        conn: &Connection,
        id: i64,
        old: &[i64],
        new: &[i64],
    ) -> AppResult<()> {
        self.rewrite_with(conn, id, old, new, |source| Some(*source))
    }

    fn rewrite_with<T: PartialEq + crate::db::sql::ToSql>(
        &self,
        conn: &Connection,
        id: i64,
        old: &[T],
        new: &[T],
        source: impl Fn(&T) -> Option<i64>,
    ) -> AppResult<()> {
        // The names are this type's constants, never input. An unordered list binds the
        // position too, unused (`?2`), so both statements take the same parameters.
        let delete = format!("DELETE FROM {} WHERE {} = ?1", self.table, self.owner);
        let insert = if self.ordered {
            format!(
                "INSERT INTO {} ({}, position, {}) VALUES (?1, ?2, ?3)",
                self.table, self.owner, self.value
            )
        } else {
            format!(
                "INSERT INTO {} ({}, {}) VALUES (?1, ?3)",
                self.table, self.owner, self.value
            )
        };
        rewrite_list(conn, id, old, new, &delete, |position, value| {
            let references: Vec<super::constraints::Reference> = self
                .sources
                .zip(source(value))
                .map(|(field, source)| super::constraints::Reference::source(field, source))
                .into_iter()
                .collect();
            let params: [&dyn crate::db::sql::ToSql; 3] = [&id, &position, value];
            super::constraints::execute(conn, &insert, params.as_slice(), &references).map(drop)
        })
    }
}
