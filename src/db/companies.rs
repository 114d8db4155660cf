//! Companies and what hangs off them: business areas, markets, productions, competitors,
//! events and market positions.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::page::List;
use super::rows_for as collect;
use super::sources::SourceRow;
use crate::error::AppResult;
use crate::model::{BusinessArea, CompanyKind, EventKind, MarketPositionKind, PartialDate};

/// One company as stored.
#[derive(Debug, Clone)]
pub struct CompanyRow {
    /// Internal id.
    pub id: i64,
    /// Stable human-readable key.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// What kind of organisation it is.
    pub kind: CompanyKind,
    /// Legal form, such as `AG`.
    pub legal_form: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Headquarters city.
    pub headquarters: Option<String>,
    /// Founding date at the precision known.
    pub founded: Option<PartialDate>,
    /// The parent company's id.
    pub parent_id: Option<i64>,
}

/// The columns [`CompanyRow::from_row`] reads, for table alias `c`.
pub const COLUMNS: &str =
    "c.id, c.slug, c.name, c.kind, c.legal_form, c.country, c.headquarters, c.founded, c.parent_id";

impl CompanyRow {
    /// Maps a row selected with [`COLUMNS`].
    pub fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Self::from_row_at(row, 0)
    }

    /// Maps the [`COLUMNS`] of a row that starts at column `at`.
    pub fn from_row_at(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(at)?,
            slug: row.get(at + 1)?,
            name: row.get(at + 2)?,
            kind: row.get(at + 3)?,
            legal_form: row.get(at + 4)?,
            country: row.get(at + 5)?,
            headquarters: row.get(at + 6)?,
            founded: row.get(at + 7)?,
            parent_id: row.get(at + 8)?,
        })
    }
}

/// An event in a company's history.
#[derive(Debug, Clone)]
pub struct EventRow {
    /// Internal id.
    pub id: i64,
    /// What happened.
    pub kind: EventKind,
    /// When, at the precision known.
    pub occurred: Option<PartialDate>,
    /// Whether the source calls it the largest of its kind in history.
    pub record: bool,
    /// The source that reports it.
    pub source_id: Option<i64>,
}

/// A company's standing in a market, as a source reports it.
#[derive(Debug, Clone)]
pub struct MarketPositionRow {
    /// What standing.
    pub kind: MarketPositionKind,
    /// The market (country code); none means worldwide.
    pub market: Option<String>,
    /// The company whose ranking or study reports it.
    pub reported_by: Option<i64>,
    /// The article that cites it.
    pub source_id: Option<i64>,
}

/// The company with this slug.
pub fn by_slug(conn: &Connection, slug: &str) -> AppResult<Option<CompanyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM companies c WHERE c.slug = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![slug], CompanyRow::from_row)
        .optional()?)
}

/// The company with this id.
pub fn by_id(conn: &Connection, id: i64) -> AppResult<Option<CompanyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM companies c WHERE c.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![id], CompanyRow::from_row)
        .optional()?)
}

/// All companies, ordered by name.
pub fn list() -> List {
    List::new(COLUMNS, "companies c", "c.sort_name", "c.id")
}

/// The companies whose parent is `parent_id`, ordered by name.
pub fn subsidiaries(parent_id: i64) -> List {
    list().filter("c.parent_id = ?", [SqlValue::Integer(parent_id)])
}

/// The companies that belong to `ancestor_id` at any depth, ordered by name.
pub fn descendants(ancestor_id: i64) -> List {
    list().filter(
        "c.id IN (WITH RECURSIVE below(id) AS ( \
           SELECT id FROM companies WHERE parent_id = ? \
           UNION SELECT child.id FROM companies child JOIN below ON child.parent_id = below.id) \
         SELECT id FROM below)",
        [SqlValue::Integer(ancestor_id)],
    )
}

/// The most parent links [`ancestors`] follows; deeper chains are cut off there, and so is a
/// cycle that bad data might contain.
const MAX_DEPTH: i64 = 64;

/// The companies above `company_id`: its parent first, then the parent's parent.
pub fn ancestors(conn: &Connection, company_id: i64) -> AppResult<Vec<CompanyRow>> {
    let sql = format!(
        "WITH RECURSIVE above(id, depth) AS ( \
           SELECT parent_id, 1 FROM companies WHERE id = ?1 AND parent_id IS NOT NULL \
           UNION ALL SELECT c.parent_id, above.depth + 1 FROM companies c \
             JOIN above ON c.id = above.id WHERE c.parent_id IS NOT NULL AND above.depth < {MAX_DEPTH}) \
         SELECT {COLUMNS} FROM above JOIN companies c ON c.id = above.id ORDER BY above.depth"
    );
    collect(conn, &sql, company_id, CompanyRow::from_row)
}

/// The companies that are party to at least one agreement with `company_id`, ordered by name.
pub fn partners(company_id: i64) -> List {
    list().filter(
        "c.id <> ? AND c.id IN (SELECT other.company_id FROM parties mine \
         JOIN parties other ON other.agreement_id = mine.agreement_id WHERE mine.company_id = ?)",
        [SqlValue::Integer(company_id), SqlValue::Integer(company_id)],
    )
}

/// The companies set against `company_id` as rivals, ordered by name.
pub fn competitors(conn: &Connection, company_id: i64) -> AppResult<Vec<CompanyRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM companies c WHERE c.id IN ( \
           SELECT competitor_id FROM competitors WHERE company_id = ?1 \
           UNION SELECT company_id FROM competitors WHERE competitor_id = ?1) \
         ORDER BY c.sort_name, c.id"
    );
    collect(conn, &sql, company_id, CompanyRow::from_row)
}

/// The company's lines of business, in the order recorded.
pub fn business_areas(conn: &Connection, company_id: i64) -> AppResult<Vec<BusinessArea>> {
    collect(
        conn,
        "SELECT area FROM company_business_areas WHERE company_id = ?1 ORDER BY position",
        company_id,
        |r| r.get(0),
    )
}

/// The country codes of the markets the company serves, in the order recorded.
pub fn markets(conn: &Connection, company_id: i64) -> AppResult<Vec<String>> {
    collect(
        conn,
        "SELECT country FROM company_markets WHERE company_id = ?1 ORDER BY position",
        company_id,
        |r| r.get(0),
    )
}

/// Names of what the company produces, in the order recorded.
pub fn productions(conn: &Connection, company_id: i64) -> AppResult<Vec<String>> {
    collect(
        conn,
        "SELECT name FROM company_productions WHERE company_id = ?1 ORDER BY position",
        company_id,
        |r| r.get(0),
    )
}

/// The company's events, oldest first.
pub fn events(conn: &Connection, company_id: i64) -> AppResult<Vec<EventRow>> {
    collect(
        conn,
        "SELECT id, kind, occurred, record, source_id FROM events WHERE company_id = ?1 \
         ORDER BY coalesce(occurred, ''), id",
        company_id,
        |r| {
            Ok(EventRow {
                id: r.get(0)?,
                kind: r.get(1)?,
                occurred: r.get(2)?,
                record: r.get(3)?,
                source_id: r.get(4)?,
            })
        },
    )
}

/// The company's reported market positions.
pub fn market_positions(conn: &Connection, company_id: i64) -> AppResult<Vec<MarketPositionRow>> {
    collect(
        conn,
        "SELECT kind, market, reported_by, source_id FROM market_positions WHERE company_id = ?1 \
         ORDER BY id",
        company_id,
        |r| {
            Ok(MarketPositionRow {
                kind: r.get(0)?,
                market: r.get(1)?,
                reported_by: r.get(2)?,
                source_id: r.get(3)?,
            })
        },
    )
}

/// The sources that report on the company.
pub fn sources(conn: &Connection, company_id: i64) -> AppResult<Vec<SourceRow>> {
    let sql = format!(
        "SELECT {} FROM sources s JOIN company_sources cs ON cs.source_id = s.id \
         WHERE cs.company_id = ?1 ORDER BY s.id",
        super::sources::COLUMNS
    );
    collect(conn, &sql, company_id, SourceRow::from_row)
}
