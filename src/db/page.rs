//! Keyset pagination shared by every list: a page is read after or before a `(sort key, id)`
//! position, so pages never overlap or skip rows however the data changes between requests, and
//! a deep page costs no more than the first.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, Row, params_from_iter};

use crate::error::{AppError, AppResult};

/// A position in an ordered list: the row's sort key and its id, which breaks ties.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Key {
    /// The value of the ordering's sort expression for the row.
    pub sort: String,
    /// The row's id.
    pub id: i64,
}

/// Which rows of an ordered list to read.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    /// How many rows at most.
    pub limit: usize,
    /// Read from the end backwards (Relay's `last`), otherwise from the start forwards.
    pub from_end: bool,
    /// Only rows after this position.
    pub after: Option<Key>,
    /// Only rows before this position.
    pub before: Option<Key>,
}

/// One page of rows, in list order, each with its position.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows and their positions.
    pub rows: Vec<(Key, T)>,
    /// Whether rows follow the last one (within `before`, if given).
    pub has_next: bool,
    /// Whether rows precede the first one (within `after`, if given).
    pub has_previous: bool,
}

/// A list to page through: `SELECT {columns} FROM {from} WHERE {conditions}` ordered by
/// `{sort}, {id}`. `sort` must never be NULL (wrap nullable columns in `coalesce`).
#[derive(Debug, Clone)]
pub struct List {
    /// The selected columns, read by the row mapper from index 0.
    pub columns: &'static str,
    /// The FROM clause, with joins.
    pub from: &'static str,
    /// Conditions joined with AND.
    pub conditions: Vec<String>,
    /// Parameters for `?` placeholders in the conditions, in order.
    pub params: Vec<SqlValue>,
    /// The sort expression.
    pub sort: String,
    /// The id expression that breaks ties.
    pub id: &'static str,
    /// Whether the list runs from the highest sort key to the lowest.
    pub descending: bool,
    /// Entities a filter names, which must exist: (what, table, slug).
    pub requires: Vec<(&'static str, &'static str, String)>,
}

impl List {
    /// A list over `from` with no conditions, ordered by `sort` ascending.
    pub fn new(
        columns: &'static str,
        from: &'static str,
        sort: impl Into<String>,
        id: &'static str,
    ) -> Self {
        Self {
            columns,
            from,
            conditions: Vec::new(),
            params: Vec::new(),
            sort: sort.into(),
            id,
            descending: false,
            requires: Vec::new(),
        }
    }

    /// Records that the `what` with `slug` in `table` must exist for the list to make sense.
    pub fn require(mut self, what: &'static str, table: &'static str, slug: &str) -> Self {
        self.requires.push((what, table, slug.to_owned()));
        self
    }

    /// Fails with `NOT_FOUND` when an entity a filter names does not exist, so a typo in an id
    /// is not mistaken for an empty result.
    pub fn check_requirements(&self, conn: &Connection) -> AppResult<()> {
        for (what, table, slug) in &self.requires {
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE slug = ?1)");
            let exists: bool = conn.prepare_cached(&sql)?.query_row([slug], |r| r.get(0))?;
            if !exists {
                return Err(AppError::NotFound {
                    what,
                    key: slug.clone(),
                });
            }
        }
        Ok(())
    }

    /// Adds a condition with its parameters.
    pub fn filter(
        mut self,
        condition: impl Into<String>,
        params: impl IntoIterator<Item = SqlValue>,
    ) -> Self {
        self.conditions.push(condition.into());
        self.params.extend(params);
        self
    }

    fn where_clause(&self, extra: &[String]) -> String {
        let all: Vec<&str> = self
            .conditions
            .iter()
            .chain(extra)
            .map(String::as_str)
            .collect();
        if all.is_empty() {
            String::new()
        } else {
            format!(" WHERE ({})", all.join(") AND ("))
        }
    }

    /// Conditions selecting rows strictly beyond `key` in list order (`forward`) or strictly
    /// before it.
    fn beyond(&self, key: &Key, forward: bool, params: &mut Vec<SqlValue>) -> String {
        let op = if forward != self.descending { ">" } else { "<" };
        params.push(SqlValue::Text(key.sort.clone()));
        params.push(SqlValue::Integer(key.id));
        format!("({}, {}) {op} (?, ?)", self.sort, self.id)
    }

    /// How many rows the list has.
    pub fn count(&self, conn: &Connection) -> AppResult<i64> {
        let sql = format!(
            "SELECT count(*) FROM {}{}",
            self.from,
            self.where_clause(&[])
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(params_from_iter(self.params.iter()), |r| r.get(0))?)
    }

    fn exists(&self, conn: &Connection, extra: &[String], params: &[SqlValue]) -> AppResult<bool> {
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM {}{})",
            self.from,
            self.where_clause(extra)
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let all = self.params.iter().chain(params);
        Ok(stmt.query_row(params_from_iter(all), |r| r.get(0))?)
    }

    /// Reads one page, mapping each row (columns as listed, then the sort key) with `map`.
    pub fn page<T>(
        &self,
        conn: &Connection,
        request: &PageRequest,
        map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> AppResult<Page<T>> {
        let mut extra = Vec::new();
        let mut params = Vec::new();
        if let Some(after) = &request.after {
            extra.push(self.beyond(after, true, &mut params));
        }
        if let Some(before) = &request.before {
            extra.push(self.beyond(before, false, &mut params));
        }
        // Reading from the end runs the ordering backwards, then restores list order.
        let backwards = request.from_end != self.descending;
        let dir = if backwards { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT {}, {} AS sort_key, {} AS row_id FROM {}{} ORDER BY sort_key {dir}, row_id {dir} LIMIT ?",
            self.columns,
            self.sort,
            self.id,
            self.from,
            self.where_clause(&extra),
        );
        let limit = i64::try_from(request.limit.saturating_add(1)).unwrap_or(i64::MAX);
        let all: Vec<&SqlValue> = self.params.iter().chain(&params).collect();
        let mut stmt = conn.prepare_cached(&sql)?;
        let width = stmt.column_count();
        let mut rows = stmt
            .query_map(
                params_from_iter(
                    all.into_iter()
                        .chain(std::iter::once(&SqlValue::Integer(limit))),
                ),
                |row| {
                    let key = Key {
                        sort: row.get(width - 2)?,
                        id: row.get(width - 1)?,
                    };
                    Ok((key, map(row)?))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let more = rows.len() > request.limit;
        rows.truncate(request.limit);
        if request.from_end {
            rows.reverse();
        }

        // Whether anything lies on the far side of a bound the client gave.
        let beyond_bound = |key: &Option<Key>, forward: bool| -> AppResult<bool> {
            match key {
                None => Ok(false),
                Some(key) => {
                    let mut params = Vec::new();
                    let at_or_beyond = format!("NOT {}", self.beyond(key, !forward, &mut params));
                    self.exists(conn, &[at_or_beyond], &params)
                }
            }
        };
        let (has_next, has_previous) = if request.from_end {
            (beyond_bound(&request.before, true)?, more)
        } else {
            (more, beyond_bound(&request.after, false)?)
        };
        Ok(Page {
            rows,
            has_next,
            has_previous,
        })
    }
}
