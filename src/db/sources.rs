//! The articles and other publications every fact comes from.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::error::AppResult;
use crate::model::PartialDate;

/// One source as stored.
#[derive(Debug, Clone)]
pub struct SourceRow {
    /// Internal id.
    pub id: i64,
    /// Stable human-readable key.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// The line above the headline, if any.
    pub kicker: Option<String>,
    /// Publication date at the precision known.
    pub published_on: Option<PartialDate>,
    /// BCP 47 language of the text.
    pub language: String,
    /// Where it can be read, if known.
    pub url: Option<String>,
}

/// The columns [`SourceRow::from_row`] reads, for table alias `s`.
pub const COLUMNS: &str = "s.id, s.slug, s.title, s.kicker, s.published_on, s.language, s.url";

impl SourceRow {
    /// Maps a row selected with [`COLUMNS`].
    pub fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Self::from_row_at(row, 0)
    }

    /// Maps the [`COLUMNS`] of a row that starts at column `at`.
    pub fn from_row_at(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(at)?,
            slug: row.get(at + 1)?,
            title: row.get(at + 2)?,
            kicker: row.get(at + 3)?,
            published_on: row.get(at + 4)?,
            language: row.get(at + 5)?,
            url: row.get(at + 6)?,
        })
    }
}

/// The source with this id.
pub fn by_id(conn: &Connection, id: i64) -> AppResult<Option<SourceRow>> {
    let sql = format!("SELECT {COLUMNS} FROM sources s WHERE s.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![id], SourceRow::from_row)
        .optional()?)
}
