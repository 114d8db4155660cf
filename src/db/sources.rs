//! Provenance: the articles and other publications every fact comes from, and the quotes they
//! print.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::rows::{Columns, Grouped, grouped, id_array, keyed};
use crate::error::AppResult;
use crate::model::{EntityKind, PartialDate};

/// One source as stored.
#[derive(Debug, Clone)]
pub struct SourceRow {
    /// Internal id.
    pub id: i64,
    /// The key its global id is made of: its first slug, which never changes.
    pub key: String,
    /// Human-readable key, which a rename changes (the old one goes on finding it).
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
    /// Counts its changes.
    pub version: i64,
}

/// The columns [`SourceRow::read`] reads, for table alias `s`.
pub const COLUMNS: &str =
    "s.id, s.key, s.slug, s.title, s.kicker, s.published_on, s.language, s.url, s.version";

impl SourceRow {
    /// Reads a row selected with [`COLUMNS`], from its next column on.
    pub fn read(row: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.next()?,
            key: row.next()?,
            slug: row.next()?,
            title: row.next()?,
            kicker: row.next()?,
            published_on: row.next()?,
            language: row.next()?,
            url: row.next()?,
            version: row.next()?,
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
    /// Counts its changes.
    pub version: i64,
}

const QUOTE_COLUMNS: &str =
    "q.id, q.text, q.language, q.speaker_id, q.agreement_id, q.source_id, q.version";

impl QuoteRow {
    fn read(row: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.next()?,
            text: row.next()?,
            language: row.next()?,
            speaker_id: row.next()?,
            agreement_id: row.next()?,
            source_id: row.next()?,
            version: row.next()?,
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

/// The quotes with these ids, by id.
pub fn quotes_by_ids(conn: &Connection, ids: &[i64]) -> AppResult<HashMap<i64, QuoteRow>> {
    let sql = format!("SELECT {QUOTE_COLUMNS} FROM quotes q WHERE q.id IN rarray(?1)");
    keyed(
        conn,
        &sql,
        id_array(ids.iter().copied()),
        QuoteRow::read,
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

use super::constraints::{Reference, distinct, execute, insert};
use super::record::{Record, rewrite_list};
use crate::error::AppError;
use crate::model::{ChangeEntity, Slug, check_language, check_text, check_url};

/// A source in the shape it is written in.
#[derive(Debug, Clone, PartialEq)]
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

impl NewSource {
    /// The rules of a source: a title of running text, a language tag, a web address.
    fn check(&self) -> AppResult<()> {
        check_text(&self.title, "title")?;
        if let Some(kicker) = &self.kicker {
            check_text(kicker, "kicker")?;
        }
        check_language(&self.language, "language")?;
        if let Some(url) = &self.url {
            check_url(url, "url")?;
        }
        Ok(())
    }
}

/// Stores a source under the rules of [`NewSource`]. A slug another source has is a
/// `CONFLICT` naming `slug`.
pub fn insert_source(conn: &Connection, source: &NewSource) -> AppResult<i64> {
    source.check()?;
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

/// A quotation in the shape it is written in.
#[derive(Debug, Clone, PartialEq)]
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
    quote.check()?;
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
        &quote.references(),
    )?;
    quote.write_companies(conn, id, &[])?;
    Ok(id)
}

impl NewQuote {
    /// The rules of a quote of its own.
    fn check(&self) -> AppResult<()> {
        check_text(&self.text, "text")?;
        check_language(&self.language, "language")?;
        if self.speaker.is_none() && self.companies.is_empty() {
            return Err(AppError::bad_input(
                "speaker",
                "a quote names a speaker or at least one company",
            ));
        }
        distinct(&self.companies, "companies")
    }

    /// What a quote refers to, by input field.
    fn references(&self) -> [Reference; 3] {
        [
            Reference::person("speaker", self.speaker),
            Reference::agreement("agreement", self.agreement),
            Reference::source("source", self.source),
        ]
    }

    /// Rewrites the companies of the quote `id` when they changed from `old`.
    fn write_companies(&self, conn: &Connection, id: i64, old: &[i64]) -> AppResult<()> {
        rewrite_list(
            conn,
            id,
            old,
            &self.companies,
            "DELETE FROM quote_companies WHERE quote_id = ?1",
            |position, company| {
                execute(
                    conn,
                    "INSERT INTO quote_companies (quote_id, company_id, position) \
                     VALUES (?1, ?2, ?3)",
                    params![id, company, position],
                    &[Reference::company("companies", *company)],
                )
                .map(drop)
            },
        )
    }
}

impl Record for NewQuote {
    const ENTITY: ChangeEntity = ChangeEntity::Quote;

    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        insert_quote(conn, self)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        let mut quote = super::rows::row_of(
            conn,
            "SELECT text, language, speaker_id, agreement_id, source_id FROM quotes \
             WHERE id = ?1",
            id,
            "quote",
            |r| {
                Ok(NewQuote {
                    text: r.next()?,
                    language: r.next()?,
                    speaker: r.next()?,
                    companies: Vec::new(),
                    agreement: r.next()?,
                    source: r.next()?,
                })
            },
        )?;
        quote.companies = super::rows::rows_of(
            conn,
            "SELECT company_id FROM quote_companies WHERE quote_id = ?1 ORDER BY position",
            id,
            |r| r.next(),
        )?;
        Ok(quote)
    }

    fn rewrite(conn: &Connection, id: i64, old: &Self, new: &Self) -> AppResult<()> {
        new.check()?;
        execute(
            conn,
            "UPDATE quotes SET text = ?1, language = ?2, speaker_id = ?3, agreement_id = ?4, \
               source_id = ?5 WHERE id = ?6",
            params![
                new.text,
                new.language,
                new.speaker,
                new.agreement,
                new.source,
                id
            ],
            &new.references(),
        )?;
        new.write_companies(conn, id, &old.companies)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        super::constraints::execute_each(
            conn,
            &[
                "DELETE FROM quote_companies WHERE quote_id = ?1",
                "DELETE FROM quotes WHERE id = ?1",
            ],
            id,
        )
    }

    // Not yet declared as one struct: its history snapshot is written by SQL.
    type Named = ();

    fn slug(&self) -> Option<&str> {
        None
    }

    fn named(&self, _: &mut super::record::Namer<'_>) -> AppResult<()> {
        Ok(())
    }
}

/// The id of the quote with this text from this source, if there is one: how an import finds
/// a quote again, since quotes have no slug.
pub fn quote_id(conn: &Connection, text: &str, source: Option<i64>) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM quotes WHERE text = ?1 AND source_id IS ?2 ORDER BY id LIMIT 1",
        )?
        .query_row(params![text, source], |r| r.get(0))
        .optional()?)
}

/// How many records cite the source `id`.
pub fn citations_of(conn: &Connection, id: i64) -> AppResult<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM company_sources WHERE source_id = ?1) \
               + (SELECT count(*) FROM person_sources WHERE source_id = ?1) \
               + (SELECT count(*) FROM agreement_sources WHERE source_id = ?1) \
               + (SELECT count(*) FROM quotes WHERE source_id = ?1) \
               + (SELECT count(*) FROM events WHERE source_id = ?1) \
               + (SELECT count(*) FROM market_positions WHERE source_id = ?1) \
               + (SELECT count(*) FROM roles WHERE source_id = ?1) \
               + (SELECT count(*) FROM competitors WHERE source_id = ?1)",
        )?
        .query_row([id], |r| r.get(0))?)
}

impl Record for NewSource {
    const ENTITY: ChangeEntity = ChangeEntity::Source;

    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        insert_source(conn, self)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        super::rows::row_of(
            conn,
            "SELECT slug, title, kicker, published_on, language, url FROM sources WHERE id = ?1",
            id,
            "source",
            |r| {
                Ok(NewSource {
                    slug: r.next()?,
                    title: r.next()?,
                    kicker: r.next()?,
                    published_on: r.next()?,
                    language: r.next()?,
                    url: r.next()?,
                })
            },
        )
    }

    fn rewrite(conn: &Connection, id: i64, _old: &Self, new: &Self) -> AppResult<()> {
        new.check()?;
        execute(
            conn,
            "UPDATE sources SET slug = ?1, title = ?2, kicker = ?3, published_on = ?4, \
               language = ?5, url = ?6 WHERE id = ?7",
            params![
                new.slug,
                new.title,
                new.kicker,
                new.published_on,
                new.language,
                new.url,
                id
            ],
            &[],
        )
        .map(drop)
    }

    /// Deletes a source no record cites; one that is cited is a `CONFLICT` naming `id`, since
    /// deleting it would leave facts without their provenance.
    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        let citations = citations_of(conn, id)?;
        if citations > 0 {
            return Err(AppError::conflict(
                "id",
                format!(
                    "{citations} record(s) cite this source; change them to cite another one \
                     first"
                ),
            ));
        }
        super::constraints::execute_each(conn, &["DELETE FROM sources WHERE id = ?1"], id)
    }

    // Not yet declared as one struct: its history snapshot is written by SQL.
    type Named = ();

    fn slug(&self) -> Option<&str> {
        Some(self.slug.as_str())
    }

    fn named(&self, _: &mut super::record::Namer<'_>) -> AppResult<()> {
        Ok(())
    }
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
