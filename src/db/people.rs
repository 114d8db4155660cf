//! People and the roles they hold at companies.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::page::List;
use super::rows_for;
use super::sources::SourceRow;
use crate::error::AppResult;
use crate::model::{PartialDate, RoleTitle};

/// One person as stored.
#[derive(Debug, Clone)]
pub struct PersonRow {
    /// Internal id.
    pub id: i64,
    /// Stable human-readable key.
    pub slug: String,
    /// Full name as commonly written.
    pub name: String,
}

/// The columns [`PersonRow::from_row`] reads, for table alias `p`.
pub const COLUMNS: &str = "p.id, p.slug, p.name";

impl PersonRow {
    /// Maps a row selected with [`COLUMNS`].
    pub fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            slug: row.get(1)?,
            name: row.get(2)?,
        })
    }
}

/// A person's position at a company.
#[derive(Debug, Clone)]
pub struct RoleRow {
    /// The person.
    pub person_id: i64,
    /// The company.
    pub company_id: i64,
    /// The position.
    pub title: RoleTitle,
    /// Since when, at the precision known.
    pub since: Option<PartialDate>,
    /// Until when, at the precision known.
    pub until: Option<PartialDate>,
}

const ROLE_COLUMNS: &str = "r.person_id, r.company_id, r.title, r.since, r.until";

impl RoleRow {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            person_id: row.get(0)?,
            company_id: row.get(1)?,
            title: row.get(2)?,
            since: row.get(3)?,
            until: row.get(4)?,
        })
    }
}

/// The person with this slug.
pub fn by_slug(conn: &Connection, slug: &str) -> AppResult<Option<PersonRow>> {
    let sql = format!("SELECT {COLUMNS} FROM people p WHERE p.slug = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![slug], PersonRow::from_row)
        .optional()?)
}

/// The person with this id.
pub fn by_id(conn: &Connection, id: i64) -> AppResult<Option<PersonRow>> {
    let sql = format!("SELECT {COLUMNS} FROM people p WHERE p.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![id], PersonRow::from_row)
        .optional()?)
}

/// All people, ordered by name.
pub fn list() -> List {
    List::new(COLUMNS, "people p", "p.sort_name", "p.id")
}

/// The person's roles, founders first, then by company name.
pub fn roles_of_person(conn: &Connection, person_id: i64) -> AppResult<Vec<RoleRow>> {
    let sql = format!(
        "SELECT {ROLE_COLUMNS} FROM roles r JOIN companies c ON c.id = r.company_id \
         WHERE r.person_id = ?1 ORDER BY c.sort_name, r.title, r.id"
    );
    rows_for(conn, &sql, person_id, RoleRow::from_row)
}

/// The roles held at the company, ordered by person name.
pub fn roles_at_company(conn: &Connection, company_id: i64) -> AppResult<Vec<RoleRow>> {
    let sql = format!(
        "SELECT {ROLE_COLUMNS} FROM roles r JOIN people p ON p.id = r.person_id \
         WHERE r.company_id = ?1 ORDER BY r.title, p.sort_name, r.id"
    );
    rows_for(conn, &sql, company_id, RoleRow::from_row)
}

/// The people who founded the company, ordered by name.
pub fn founders(conn: &Connection, company_id: i64) -> AppResult<Vec<PersonRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM people p JOIN roles r ON r.person_id = p.id \
         WHERE r.company_id = ?1 AND r.title = 'FOUNDER' ORDER BY p.sort_name, p.id"
    );
    rows_for(conn, &sql, company_id, PersonRow::from_row)
}

/// The sources that report on the person.
pub fn sources(conn: &Connection, person_id: i64) -> AppResult<Vec<SourceRow>> {
    let sql = format!(
        "SELECT {} FROM sources s JOIN person_sources ps ON ps.source_id = s.id \
         WHERE ps.person_id = ?1 ORDER BY s.id",
        super::sources::COLUMNS
    );
    rows_for(conn, &sql, person_id, SourceRow::from_row)
}
