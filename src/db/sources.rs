//! Provenance: the articles and other publications every fact comes from, and the quotes they
//! print.

use std::collections::HashMap;

use rusqlite::Connection;

use super::{Columns, Grouped, grouped, id_array, keyed};
use crate::error::AppResult;
use crate::model::{EntityKind, PartialDate};

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

/// The columns [`SourceRow::read`] reads, for table alias `s`.
pub const COLUMNS: &str = "s.id, s.slug, s.title, s.kicker, s.published_on, s.language, s.url";

impl SourceRow {
    /// Reads a row selected with [`COLUMNS`], from its next column on.
    pub fn read(row: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.next()?,
            slug: row.next()?,
            title: row.next()?,
            kicker: row.next()?,
            published_on: row.next()?,
            language: row.next()?,
            url: row.next()?,
        })
    }
}

/// A quotation as stored.
#[derive(Debug, Clone)]
pub struct QuoteRow {
    /// Internal id.
    pub id: i64,
    /// The words quoted.
    pub text: String,
    /// BCP 47 language of the text.
    pub language: String,
    /// Who said it, if a person.
    pub speaker_id: Option<i64>,
    /// The agreement it is about.
    pub agreement_id: Option<i64>,
    /// Where it was printed.
    pub source_id: Option<i64>,
}

const QUOTE_COLUMNS: &str = "q.id, q.text, q.language, q.speaker_id, q.agreement_id, q.source_id";

impl QuoteRow {
    fn read(row: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.next()?,
            text: row.next()?,
            language: row.next()?,
            speaker_id: row.next()?,
            agreement_id: row.next()?,
            source_id: row.next()?,
        })
    }
}

/// The sources with these ids, by id.
pub fn by_ids(conn: &Connection, ids: &[i64]) -> AppResult<HashMap<i64, SourceRow>> {
    let sql = format!("SELECT {COLUMNS} FROM sources s WHERE s.id IN rarray(?1)");
    keyed(
        conn,
        &sql,
        id_array(ids.iter().copied()),
        SourceRow::read,
        |r| r.id,
    )
}

/// The sources that report on each of `ids` (of the kind `owner`), in the order recorded.
pub fn sources_of(
    conn: &Connection,
    owner: EntityKind,
    ids: &[i64],
) -> AppResult<Grouped<SourceRow>> {
    let (table, column) = match owner {
        EntityKind::Company => ("company_sources", "company_id"),
        EntityKind::Person => ("person_sources", "person_id"),
        EntityKind::Agreement => ("agreement_sources", "agreement_id"),
    };
    let sql = format!(
        "SELECT x.{column} AS owner, {COLUMNS} FROM sources s JOIN {table} x ON x.source_id = s.id \
         WHERE x.{column} IN rarray(?1) ORDER BY x.{column}, s.id"
    );
    grouped(conn, &sql, ids, SourceRow::read)
}

/// The quotes of each of `ids` (of the kind `owner`: said by a person, attributed to a
/// company, or about an agreement), in the order recorded.
pub fn quotes_of(
    conn: &Connection,
    owner: EntityKind,
    ids: &[i64],
) -> AppResult<Grouped<QuoteRow>> {
    let sql = match owner {
        EntityKind::Person => format!(
            "SELECT q.speaker_id AS owner, {QUOTE_COLUMNS} FROM quotes q \
             WHERE q.speaker_id IN rarray(?1) ORDER BY q.speaker_id, q.id"
        ),
        EntityKind::Agreement => format!(
            "SELECT q.agreement_id AS owner, {QUOTE_COLUMNS} FROM quotes q \
             WHERE q.agreement_id IN rarray(?1) ORDER BY q.agreement_id, q.id"
        ),
        EntityKind::Company => format!(
            "SELECT qc.company_id AS owner, {QUOTE_COLUMNS} FROM quotes q \
             JOIN quote_companies qc ON qc.quote_id = q.id \
             WHERE qc.company_id IN rarray(?1) ORDER BY qc.company_id, q.id"
        ),
    };
    grouped(conn, &sql, ids, QuoteRow::read)
}

/// The ids of the companies each of the quotes `ids` is attributed to, in the order recorded.
pub fn quote_companies_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<i64>> {
    grouped(
        conn,
        "SELECT quote_id AS owner, company_id FROM quote_companies \
         WHERE quote_id IN rarray(?1) ORDER BY quote_id, position",
        ids,
        |r| r.next(),
    )
}

// ---------------------------------------------------------------------------------------------
// Writes. Each takes a connection inside the caller's transaction and checked input, enforces
// the rules the data must obey, and returns the new row's id.
// ---------------------------------------------------------------------------------------------

use rusqlite::params;

use super::{Reference, distinct, execute, insert};
use crate::error::AppError;
use crate::model::Slug;

/// A source to store.
#[derive(Debug, Clone)]
pub struct NewSource {
    /// Stable human-readable key.
    pub slug: Slug,
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

/// Stores a source. A slug another source has is a `CONFLICT` naming `slug`.
pub fn insert_source(conn: &Connection, source: &NewSource) -> AppResult<i64> {
    insert(
        conn,
        "INSERT INTO sources (slug, title, kicker, published_on, language, url) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            source.slug,
            source.title,
            source.kicker,
            source.published_on,
            source.language,
            source.url
        ],
        &[],
    )
}

/// A quotation to store.
#[derive(Debug, Clone)]
pub struct NewQuote {
    /// The words quoted.
    pub text: String,
    /// BCP 47 language of the text.
    pub language: String,
    /// The person who said it, if known.
    pub speaker: Option<i64>,
    /// The companies it is attributed to, in order.
    pub companies: Vec<i64>,
    /// The agreement it is about, if any.
    pub agreement: Option<i64>,
    /// Where it was printed, if known.
    pub source: Option<i64>,
}

/// Stores a quote with the companies it is attributed to. A quote must name a speaker or at
/// least one company (`BAD_USER_INPUT` naming `speaker`), since a quote by nobody cannot be
/// shown with anyone.
pub fn insert_quote(conn: &Connection, quote: &NewQuote) -> AppResult<i64> {
    if quote.speaker.is_none() && quote.companies.is_empty() {
        return Err(AppError::bad_input(
            "speaker",
            "a quote names a speaker or at least one company",
        ));
    }
    distinct(&quote.companies, "companies")?;
    let id = insert(
        conn,
        "INSERT INTO quotes (text, language, speaker_id, agreement_id, source_id) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            quote.text,
            quote.language,
            quote.speaker,
            quote.agreement,
            quote.source
        ],
        &[
            Reference::person("speaker", quote.speaker),
            Reference::agreement("agreement", quote.agreement),
            Reference::source("source", quote.source),
        ],
    )?;
    for (position, company) in (0_i64..).zip(&quote.companies) {
        execute(
            conn,
            "INSERT INTO quote_companies (quote_id, company_id, position) VALUES (?1, ?2, ?3)",
            params![id, company, position],
            &[Reference::company("companies", *company)],
        )?;
    }
    Ok(id)
}

#[cfg(test)]
mod write_tests {
    use super::*;
    use crate::db::test_connection;

    #[test]
    fn a_quote_names_a_speaker_or_a_company() {
        let conn = test_connection();
        let quote = NewQuote {
            text: "Words.".into(),
            language: "de".into(),
            speaker: None,
            companies: Vec::new(),
            agreement: None,
            source: None,
        };
        match insert_quote(&conn, &quote) {
            Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "speaker"),
            other => panic!("{other:?}"),
        }
        match insert_quote(
            &conn,
            &NewQuote {
                companies: vec![7],
                ..quote
            },
        ) {
            Err(AppError::BadInput { argument, reason }) => {
                assert_eq!(argument, "companies");
                assert_eq!(reason, "there is no company with id 7");
            }
            other => panic!("{other:?}"),
        }
    }
}
