//! Reading rows: a row's columns in the order a statement selects them ([`Columns`]), and the
//! shapes repository files read rows in: one record, the rows of one owner, rows for many
//! owners at once grouped by owner ([`Grouped`]), rows keyed by id or slug, and the `rarray`
//! parameters that pass a list of ids or texts to one cached statement.

use crate::db::sql::Array;
use crate::db::sql::Connection;
use std::collections::HashMap;

use crate::error::{AppError, AppResult};

/// Rows read for many owners at once, by owner id, each owner's rows in order.
pub type Grouped<T> = HashMap<i64, Vec<T>>;

/// The distinct values of `ids`, in first-seen order: the keys of a batched read.
pub fn unique_ids(ids: impl IntoIterator<Item = i64>) -> Vec<i64> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}

/// An `rarray` parameter holding `ids`, for `… IN rarray(?1)`: one cached statement serves
/// lists of any length.
pub(crate) fn id_array(ids: impl IntoIterator<Item = i64>) -> Array {
    Array::Integers(ids.into_iter().collect())
}

/// A row's columns, read in the order the statement selects them.
///
/// Each repository type reads its columns with [`Columns::next`] in the order of its `COLUMNS`
/// constant, which sits beside it; a statement that selects more (an owner, a sort key, a
/// joined row) reads those first or after, in its own order. Columns are read by position
/// rather than by name because a driver finds a named column by comparing it with every column
/// name of the statement, for every value read: on a page of a hundred rows that lookup cost
/// more than SQLite's own work.
pub struct Columns<'a, 'stmt> {
    row: &'a crate::db::sql::Row<'stmt>,
    next: usize,
}

impl<'a, 'stmt> Columns<'a, 'stmt> {
    /// The columns of `row`, from the first.
    pub fn new(row: &'a crate::db::sql::Row<'stmt>) -> Self {
        Self { row, next: 0 }
    }

    /// The next column's value.
    #[allow(clippy::should_implement_trait)]
    pub fn next<T: crate::db::sql::FromSql>(&mut self) -> crate::db::sql::Result<T> {
        let value = self.row.get(self.next);
        self.next += 1;
        value
    }
}

/// Reads what one row holds, column after column (such as `CompanyRow::read`).
pub type ReadRow<T> = fn(&mut Columns<'_, '_>) -> crate::db::sql::Result<T>;

/// `read` as a row mapper for `query_row` and `query_map`, from the first column.
pub fn from_row<T>(
    read: ReadRow<T>,
) -> impl Fn(&crate::db::sql::Row<'_>) -> crate::db::sql::Result<T> {
    move |row| read(&mut Columns::new(row))
}

/// The rows `sql` selects for the one parameter `id`, each read with `read`.
pub(crate) fn rows_of<T>(
    conn: &Connection,
    sql: &str,
    id: i64,
    read: ReadRow<T>,
) -> AppResult<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], from_row(read))?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// The ids `sql` selects (one column) for the one parameter `id`: the records that belong to
/// it, or that it refers to.
pub(crate) fn ids_where(conn: &Connection, sql: &str, id: i64) -> AppResult<Vec<i64>> {
    rows_of(conn, sql, id, |r| r.next())
}

/// The one row `sql` selects for the record `id` (of the kind `what`), or `NOT_FOUND`.
pub(crate) fn row_of<T>(
    conn: &Connection,
    sql: &str,
    id: i64,
    what: &'static str,
    read: ReadRow<T>,
) -> AppResult<T> {
    rows_of(conn, sql, id, read)?
        .pop()
        .ok_or_else(|| AppError::NotFound {
            what,
            key: id.to_string(),
        })
}

/// Runs `sql` (whose one parameter is an `rarray` of `ids`, and whose first column is the
/// owner of the row) and groups the rows `map` reads from the next columns by owner, keeping
/// their order.
pub(crate) fn grouped<T>(
    conn: &Connection,
    sql: &str,
    ids: &[i64],
    map: impl Fn(&mut Columns<'_, '_>) -> crate::db::sql::Result<T>,
) -> AppResult<Grouped<T>> {
    // Run even for no ids: a relation then costs the same statements whatever the data.
    let mut groups: Grouped<T> = HashMap::new();
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id_array(ids.iter().copied())], |row| {
        let mut columns = Columns::new(row);
        let owner: i64 = columns.next()?;
        Ok((owner, map(&mut columns)?))
    })?;
    for row in rows {
        let (id, value) = row?;
        groups.entry(id).or_default().push(value);
    }
    Ok(groups)
}

/// Runs `sql` (whose one parameter is an `rarray` of `ids`) and keys the mapped rows by
/// `key`: rows looked up by id or slug, for many at once.
pub(crate) fn keyed<K, T>(
    conn: &Connection,
    sql: &str,
    ids: Array,
    read: ReadRow<T>,
    key: impl Fn(&T) -> K,
) -> AppResult<HashMap<K, T>>
where
    K: std::hash::Hash + Eq,
{
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([ids], from_row(read))?;
    let mut out = HashMap::new();
    for row in rows {
        let row = row?;
        out.insert(key(&row), row);
    }
    Ok(out)
}

/// An `rarray` parameter holding texts, such as slugs.
pub(crate) fn text_array<S: AsRef<str>>(texts: &[S]) -> Array {
    Array::Texts(texts.iter().map(|t| t.as_ref().to_owned()).collect())
}
