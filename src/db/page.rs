//! Keyset pagination shared by every list: a page is read after or before a `(sort key, id)`
//! position, so pages never overlap or skip rows however the data changes between requests, and
//! a deep page costs no more than the first.
//!
//! A list that belongs to an owner (a company's subsidiaries, its agreements) is read for many
//! owners at once: [`List::pages`] reads one page per owner in a single statement (a window
//! over the owner), so a page of companies with their subsidiaries costs the same few
//! statements whatever its size.

use std::collections::HashMap;

use crate::db::sql::{Connection, params_from_iter};
use crate::db::sql::{ToSql, Value as SqlValue};

use super::rows::{Columns, id_array};
use crate::error::{AppError, AppResult};
use crate::model::PartialDate;

/// The sort text that stands for a missing value: it sorts after every date and name, so items
/// without a value come last going up and first going down.
pub const MISSING_LAST: &str = "'~'";

/// Which side of a date a date filter keeps.
#[derive(Debug, Clone, Copy)]
pub enum Side {
    /// Strictly after.
    After,
    /// Strictly before.
    Before,
}

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

/// One condition of a list, in the spelling a page reads best and the one a count (a read of
/// every row that holds) reads best: the same test, with the same parameters in the same order.
/// They differ where the engine cannot choose the plan itself: whether the agreements of a
/// market are gathered first (best for counting them all) or each agreement is tested along
/// the list's order (best for a page, which stops when it is full).
#[derive(Debug, Clone)]
pub struct Condition {
    /// For pages.
    pub page: String,
    /// For counts.
    pub count: String,
}

/// A list to page through: `SELECT {columns} FROM {from} WHERE {conditions}` ordered by
/// `{sort}, {id}`. `sort` must never be NULL (wrap nullable columns in `coalesce`).
#[derive(Debug, Clone)]
pub struct List {
    /// The selected columns, read by the row mapper by name.
    pub columns: &'static str,
    /// The FROM clause, with joins.
    pub from: &'static str,
    /// Conditions joined with AND.
    pub conditions: Vec<Condition>,
    /// Parameters for `?` placeholders in the conditions, in order.
    pub params: Vec<SqlValue>,
    /// The sort expression.
    pub sort: String,
    /// The id expression that breaks ties.
    pub id: &'static str,
    /// Whether the list runs from the highest sort key to the lowest.
    pub descending: bool,
    /// Entities a filter names, which must exist: (what, table, key).
    pub requires: Vec<(&'static str, &'static str, String)>,
    /// For a list read for many owners at once: the expression naming a row's owner. The
    /// owners are bound as `?1` (an `rarray`), which `from` may use too.
    pub owner: Option<&'static str>,
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
            owner: None,
        }
    }

    /// The same list read per owner: `owner` names the owner of a row, and [`List::pages`]
    /// reads a page for each of many owners at once.
    pub fn owned_by(mut self, owner: &'static str) -> Self {
        self.owner = Some(owner);
        self
    }

    /// Orders the list by `sort`, ascending or descending.
    pub fn ordered(mut self, sort: impl Into<String>, descending: bool) -> Self {
        self.sort = sort.into();
        self.descending = descending;
        self
    }

    /// Keeps rows whose partial-date `column` lies strictly after (or before) `date`, compared
    /// at the coarser of the two precisions: after `"2015"` means 2016 or later, so a date of
    /// `"2015-09"` is not after `"2015"`; a row known only to the year `"2015"` is neither
    /// after nor before `"2015-08"`. Rows without a date never match.
    pub fn date_filter(self, column: &str, side: Side, date: PartialDate) -> Self {
        let text = date.to_string();
        let len = text.len() as i64;
        let op = match side {
            Side::After => ">",
            Side::Before => "<",
        };
        // The shorter of the two lengths, in SQL both engines speak (SQLite's two-argument
        // `min` is PostgreSQL's `least`).
        let shorter = format!("CASE WHEN length({column}) < ? THEN length({column}) ELSE ? END");
        self.filter(
            format!(
                "{column} IS NOT NULL AND substr({column}, 1, {shorter}) {op} \
                 substr(?, 1, {shorter})"
            ),
            [
                SqlValue::Integer(len),
                SqlValue::Integer(len),
                SqlValue::Text(text),
                SqlValue::Integer(len),
                SqlValue::Integer(len),
            ],
        )
    }

    /// Records that the `what` with the key `key` (of its global id) in `table` must exist for
    /// the list to make sense.
    pub fn require(mut self, what: &'static str, table: &'static str, key: &str) -> Self {
        self.requires.push((what, table, key.to_owned()));
        self
    }

    /// Fails with `NOT_FOUND` when an entity a filter names does not exist, so a typo in an id
    /// is not mistaken for an empty result.
    pub fn check_requirements(&self, conn: &Connection) -> AppResult<()> {
        for (what, table, slug) in &self.requires {
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE key = ?1)");
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
        self,
        condition: impl Into<String>,
        params: impl IntoIterator<Item = SqlValue>,
    ) -> Self {
        let condition = condition.into();
        self.filter_spelled(condition.clone(), condition, params)
    }

    /// Adds a condition spelled one way for pages and another for counts ([`Condition`]),
    /// with the parameters both take.
    pub fn filter_spelled(
        mut self,
        page: impl Into<String>,
        count: impl Into<String>,
        params: impl IntoIterator<Item = SqlValue>,
    ) -> Self {
        self.conditions.push(Condition {
            page: page.into(),
            count: count.into(),
        });
        self.params.extend(params);
        self
    }

    /// Leaves out the rows `other` (a list over the same rows with conditions of its own)
    /// keeps. A row for which a condition of `other` is unknown (NULL) is kept, so the two
    /// lists split the rows between them exactly; the entities `other` names must exist too.
    pub fn excluding(mut self, other: List) -> Self {
        self.requires.extend(other.requires);
        let kept = |spelling: fn(&Condition) -> &str| {
            if other.conditions.is_empty() {
                "((1 = 1)) IS NOT TRUE".to_owned()
            } else {
                let all: Vec<&str> = other.conditions.iter().map(spelling).collect();
                format!("(({})) IS NOT TRUE", all.join(") AND ("))
            }
        };
        let (page, count) = (kept(|c| &c.page), kept(|c| &c.count));
        self.filter_spelled(page, count, other.params)
    }

    /// The WHERE clause of the list's conditions as a count spells them (empty when it has
    /// none), whose `?`s take [`List::params`] in order; for a statement of its own that
    /// reads every row that holds.
    pub fn where_sql(&self) -> String {
        self.counting_where(&[])
    }

    /// The WHERE clause for a page.
    fn where_clause(&self, extra: &[String]) -> String {
        self.spelled_where(extra, |c| &c.page)
    }

    /// The WHERE clause for a count.
    fn counting_where(&self, extra: &[String]) -> String {
        self.spelled_where(extra, |c| &c.count)
    }

    fn spelled_where(&self, extra: &[String], spelling: fn(&Condition) -> &str) -> String {
        let owned = self.owner.map(|owner| format!("{owner} IN rarray(?1)"));
        let all: Vec<&str> = owned
            .iter()
            .map(String::as_str)
            .chain(self.conditions.iter().map(spelling))
            .chain(extra.iter().map(String::as_str))
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
            self.counting_where(&[])
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

    /// Reads one page, each row with `read` (from the list's columns on).
    pub fn page<T>(
        &self,
        conn: &Connection,
        request: &PageRequest,
        read: impl Fn(&mut Columns<'_, '_>) -> crate::db::sql::Result<T>,
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
            "SELECT {} AS sort_key, {} AS row_id, {} FROM {}{} ORDER BY sort_key {dir}, row_id {dir} LIMIT ?",
            self.sort,
            self.id,
            self.columns,
            self.from,
            self.where_clause(&extra),
        );
        let limit = i64::try_from(request.limit.saturating_add(1)).unwrap_or(i64::MAX);
        let all: Vec<&SqlValue> = self.params.iter().chain(&params).collect();
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(
                params_from_iter(
                    all.into_iter()
                        .chain(std::iter::once(&SqlValue::Integer(limit))),
                ),
                |row| {
                    let mut columns = Columns::new(row);
                    let key = Key {
                        sort: columns.next()?,
                        id: columns.next()?,
                    };
                    Ok((key, read(&mut columns)?))
                },
            )?
            .collect::<crate::db::sql::Result<Vec<_>>>()?;
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

/// One owner's page of a list read for many owners.
pub type OwnedPages<T> = HashMap<i64, Page<T>>;

impl List {
    /// The parameters of a per-owner statement: the owners first (`?1`), then the conditions',
    /// then `extra`.
    fn owned_params<'a>(
        &'a self,
        owners: &'a crate::db::sql::Array,
        extra: &'a [SqlValue],
    ) -> Vec<&'a dyn ToSql> {
        std::iter::once(owners as &dyn ToSql)
            .chain(self.params.iter().map(|p| p as &dyn ToSql))
            .chain(extra.iter().map(|p| p as &dyn ToSql))
            .collect()
    }

    fn owner_expression(&self) -> AppResult<&'static str> {
        self.owner
            .ok_or_else(|| AppError::Internal("a list without owner read per owner".into()))
    }

    /// How many rows the list has for each of `owners` (owners without rows are left out).
    pub fn counts(&self, conn: &Connection, owners: &[i64]) -> AppResult<HashMap<i64, i64>> {
        let owner = self.owner_expression()?;
        let sql = format!(
            "SELECT {owner} AS owner, count(*) FROM {}{} GROUP BY 1",
            self.from,
            self.where_clause(&[])
        );
        let array = id_array(owners.iter().copied());
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(self.owned_params(&array, &[])), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        Ok(rows.collect::<crate::db::sql::Result<_>>()?)
    }

    /// The owners among `owners` that have a row at or beyond `key` going `forward`.
    fn owners_beyond(
        &self,
        conn: &Connection,
        array: &crate::db::sql::Array,
        key: &Key,
        forward: bool,
    ) -> AppResult<std::collections::HashSet<i64>> {
        let owner = self.owner_expression()?;
        let mut params = Vec::new();
        let at_or_beyond = format!("NOT {}", self.beyond(key, !forward, &mut params));
        let sql = format!(
            "SELECT DISTINCT {owner} FROM {}{}",
            self.from,
            self.where_clause(&[at_or_beyond])
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(self.owned_params(array, &params)), |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(rows.collect::<crate::db::sql::Result<_>>()?)
    }

    /// Reads one page for each of `owners` in one statement, each row with `read` (from the
    /// list's columns on). Every owner gets a page, empty when it has no rows.
    pub fn pages<T>(
        &self,
        conn: &Connection,
        owners: &[i64],
        request: &PageRequest,
        read: impl Fn(&mut Columns<'_, '_>) -> crate::db::sql::Result<T>,
    ) -> AppResult<OwnedPages<T>> {
        let owner = self.owner_expression()?;
        let mut extra = Vec::new();
        let mut params = Vec::new();
        if let Some(after) = &request.after {
            extra.push(self.beyond(after, true, &mut params));
        }
        if let Some(before) = &request.before {
            extra.push(self.beyond(before, false, &mut params));
        }
        let backwards = request.from_end != self.descending;
        let dir = if backwards { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT * FROM (SELECT {owner} AS owner, {} AS sort_key, {} AS row_id, {}, \
             row_number() OVER (PARTITION BY {owner} ORDER BY {} {dir}, {} {dir}) AS rank_in_owner \
             FROM {}{}) AS ranked WHERE rank_in_owner <= ? ORDER BY owner, rank_in_owner",
            self.sort,
            self.id,
            self.columns,
            self.sort,
            self.id,
            self.from,
            self.where_clause(&extra),
        );
        let limit = i64::try_from(request.limit.saturating_add(1)).unwrap_or(i64::MAX);
        params.push(SqlValue::Integer(limit));
        let array = id_array(owners.iter().copied());
        let mut pages: OwnedPages<T> = owners
            .iter()
            .map(|&o| {
                (
                    o,
                    Page {
                        rows: Vec::new(),
                        has_next: false,
                        has_previous: false,
                    },
                )
            })
            .collect();
        let mut more = std::collections::HashSet::new();
        {
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(
                params_from_iter(self.owned_params(&array, &params)),
                |row| {
                    let mut columns = Columns::new(row);
                    let owner: i64 = columns.next()?;
                    let key = Key {
                        sort: columns.next()?,
                        id: columns.next()?,
                    };
                    Ok((owner, key, read(&mut columns)?))
                },
            )?;
            for row in rows {
                let (owner, key, value) = row?;
                let page = pages.entry(owner).or_insert_with(|| Page {
                    rows: Vec::new(),
                    has_next: false,
                    has_previous: false,
                });
                if page.rows.len() < request.limit {
                    page.rows.push((key, value));
                } else {
                    more.insert(owner);
                }
            }
        }
        let bound = if request.from_end {
            request.before.as_ref().map(|k| (k, true))
        } else {
            request.after.as_ref().map(|k| (k, false))
        };
        let beyond = match bound {
            Some((key, forward)) => self.owners_beyond(conn, &array, key, forward)?,
            None => Default::default(),
        };
        for (owner, page) in &mut pages {
            if request.from_end {
                page.rows.reverse();
                page.has_next = beyond.contains(owner);
                page.has_previous = more.contains(owner);
            } else {
                page.has_next = more.contains(owner);
                page.has_previous = beyond.contains(owner);
            }
        }
        Ok(pages)
    }
}
