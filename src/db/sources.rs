//! Provenance: the articles and other publications every fact comes from, and the quotes they
//! print: their rows and batched readers, and the one declaration of what a source
//! ([`Source`]) and a quote ([`Quote`]) are.

use std::collections::HashMap;

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::fields::{Fields, columns, row};
use super::rows::{Grouped, grouped, id_array, keyed};
use crate::error::AppResult;
use crate::model::{EntityKind, PartialDate};

columns! {
    /// The plain fields of a source: the columns of its own row that hold values. The record
    /// files and the history name them as the struct does.
    pub struct SourceFields in "sources" {
        /// Headline (running text, checked when written).
        pub title: String,
        /// The line above the headline, if any.
        #[serde(default)]
        pub kicker: Option<String>,
        /// Publication date at the precision known.
        #[serde(default)]
        pub published_on: Option<PartialDate>,
        /// BCP 47 language of the text (checked when written).
        pub language: String,
        /// Where it can be read, if known (checked when written).
        #[serde(default)]
        pub url: Option<String>,
    }
}

row! {
    /// One source as stored: its identity and its plain fields (which it dereferences to, so
    /// `row.title` reads the field).
    pub struct SourceRow {
        /// Internal id.
        pub id: i64,
        /// The key its global id is made of: its first slug, which never changes.
        pub key: String,
        /// Human-readable key, which a rename changes (the old one goes on finding it).
        pub slug: String,
        /// Counts its changes.
        pub version: i64,
    }
    fields SourceFields;
    columns pub static COLUMNS as "s";
}

columns! {
    /// The plain fields of a quote: the columns of its own row that hold values.
    pub struct QuoteFields in "quotes" {
        /// The words quoted (running text, checked when written).
        pub text: String,
        /// BCP 47 language of the text (checked when written).
        pub language: String,
    }
}

row! {
    /// A quotation as stored: its identity, what it refers to, and its plain fields (which it
    /// dereferences to).
    pub struct QuoteRow {
        /// Internal id.
        pub id: i64,
        /// Who said it, if a person.
        pub speaker_id: Option<i64>,
        /// The agreement it is about.
        pub agreement_id: Option<i64>,
        /// Where it was printed.
        pub source_id: Option<i64>,
        /// Counts its changes.
        pub version: i64,
    }
    fields QuoteFields;
    columns static QUOTE_COLUMNS as "q";
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
// Writes: the records, each declared once. Their `Record` functions take a connection inside the
// caller's transaction, check the record under the rules the data must obey, and return the new
// row's id.
// ---------------------------------------------------------------------------------------------

use super::constraints::{Reference, distinct, execute};
use super::record::{Namer, Record, rewrite_list};
use crate::error::AppError;
use crate::model::{ChangeEntity, Slug, check_language, check_text, check_url};

/// A source: the one declaration of what a source is, in every form it takes. It names no
/// other record, so it is the same when written ([`Record`]), in the record files and in the
/// history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Human-readable key (checked when written).
    pub slug: String,
    /// Its plain fields.
    #[serde(flatten)]
    pub fields: SourceFields,
}

impl Source {
    /// The rules of a source: a well-formed slug, a title (and kicker) of running text, a
    /// language tag, a web address. A refusal is `BAD_USER_INPUT` naming the field.
    fn check(&self) -> AppResult<()> {
        Slug::parse(&self.slug, "slug")?;
        check_text(&self.fields.title, "title")?;
        if let Some(kicker) = &self.fields.kicker {
            check_text(kicker, "kicker")?;
        }
        check_language(&self.fields.language, "language")?;
        if let Some(url) = &self.fields.url {
            check_url(url, "url")?;
        }
        Ok(())
    }
}

impl Record for Source {
    const ENTITY: ChangeEntity = ChangeEntity::Source;
    type Named = Source;

    fn slug(&self) -> Option<&str> {
        Some(&self.slug)
    }

    /// Stores a source under the rules of `Source::check`.
    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        self.check()?;
        self.fields.insert(conn, &[("slug", &self.slug)], &[])
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        let (slug, fields) = SourceFields::stored(conn, id, "source", &["slug"], |r| r.next())?;
        Ok(Self { slug, fields })
    }

    fn rewrite(conn: &Connection, id: i64, _old: &Self, new: &Self) -> AppResult<()> {
        new.check()?;
        new.fields.update(conn, id, &[("slug", &new.slug)], &[])
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

    fn named(&self, _: &mut Namer<'_>) -> AppResult<Source> {
        Ok(self.clone())
    }
}

/// A quotation with what it refers to: the one declaration of what a quote is, in every form
/// it takes. `R` is how it names other records: by storage id when it is written
/// (`Quote<i64>`, the [`Record`]), by slug in the record files and the history
/// (`Quote<String>`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote<R = String> {
    /// Its plain fields.
    #[serde(flatten)]
    pub fields: QuoteFields,
    /// The person who said it, if known.
    #[serde(default)]
    pub speaker: Option<R>,
    /// The companies it is attributed to, in order, each once.
    #[serde(default)]
    pub companies: Vec<R>,
    /// The agreement it is about, if any.
    #[serde(default)]
    pub agreement: Option<R>,
    /// Where it was printed, if known.
    #[serde(default)]
    pub source: Option<R>,
}

impl<R> Quote<R> {
    /// The same quote naming other records as `name` turns each reference into; `name` is
    /// told the kind of record referred to and the field (as the API spells it) that refers.
    pub fn map_refs<S>(
        self,
        name: &mut impl FnMut(ChangeEntity, &'static str, R) -> AppResult<S>,
    ) -> AppResult<Quote<S>> {
        Ok(Quote {
            fields: self.fields,
            speaker: self
                .speaker
                .map(|p| name(ChangeEntity::Person, "speaker", p))
                .transpose()?,
            companies: self
                .companies
                .into_iter()
                .map(|c| name(ChangeEntity::Company, "companies", c))
                .collect::<AppResult<_>>()?,
            agreement: self
                .agreement
                .map(|a| name(ChangeEntity::Agreement, "agreement", a))
                .transpose()?,
            source: self
                .source
                .map(|s| name(ChangeEntity::Source, "source", s))
                .transpose()?,
        })
    }
}

impl Quote<i64> {
    /// The rules of a quote of its own: a text of running text, a language tag, a speaker or
    /// at least one company (a quote by nobody cannot be shown with anyone), each company
    /// once. A refusal is `BAD_USER_INPUT` naming the field.
    fn check(&self) -> AppResult<()> {
        check_text(&self.fields.text, "text")?;
        check_language(&self.fields.language, "language")?;
        if self.speaker.is_none() && self.companies.is_empty() {
            return Err(AppError::bad_input(
                "speaker",
                "a quote names a speaker or at least one company",
            ));
        }
        distinct(&self.companies, "companies")
    }

    /// What a quote refers to in its own row, by column, and as references by input field.
    fn references(
        &self,
    ) -> (
        [(&'static str, &dyn crate::db::sql::ToSql); 3],
        [Reference; 3],
    ) {
        (
            [
                ("speaker_id", &self.speaker),
                ("agreement_id", &self.agreement),
                ("source_id", &self.source),
            ],
            [
                Reference::person("speaker", self.speaker),
                Reference::agreement("agreement", self.agreement),
                Reference::source("source", self.source),
            ],
        )
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

impl Record for Quote<i64> {
    const ENTITY: ChangeEntity = ChangeEntity::Quote;
    type Named = Quote<String>;

    fn slug(&self) -> Option<&str> {
        None
    }

    /// Stores a quote with the companies it is attributed to, under the rules of
    /// `Quote::check`.
    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        self.check()?;
        let (columns, references) = self.references();
        let id = self.fields.insert(conn, &columns, &references)?;
        self.write_companies(conn, id, &[])?;
        Ok(id)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        let ((speaker, agreement, source), fields) = QuoteFields::stored(
            conn,
            id,
            "quote",
            &["speaker_id", "agreement_id", "source_id"],
            |r| Ok((r.next()?, r.next()?, r.next()?)),
        )?;
        Ok(Self {
            fields,
            speaker,
            companies: super::rows::rows_of(
                conn,
                "SELECT company_id FROM quote_companies WHERE quote_id = ?1 ORDER BY position",
                id,
                |r| r.next(),
            )?,
            agreement,
            source,
        })
    }

    fn rewrite(conn: &Connection, id: i64, old: &Self, new: &Self) -> AppResult<()> {
        new.check()?;
        let (columns, references) = new.references();
        new.fields.update(conn, id, &columns, &references)?;
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

    fn named(&self, name: &mut Namer<'_>) -> AppResult<Quote<String>> {
        self.clone().map_refs(&mut |entity, _, id| name(entity, id))
    }
}

/// The id of the `nth` (from 0, oldest first) quote with this text from this source, if there
/// is one: how an import finds a quote again, since quotes have no slug. A file may hold the
/// same words from the same source more than once (said by different people, or about different
/// agreements): its `nth` such quote is the `nth` stored.
pub fn quote_id(
    conn: &Connection,
    text: &str,
    source: Option<i64>,
    nth: usize,
) -> AppResult<Option<i64>> {
    let nth = i64::try_from(nth).unwrap_or(i64::MAX);
    Ok(conn
        .prepare_cached(
            "SELECT id FROM quotes WHERE text = ?1 AND source_id IS NOT DISTINCT FROM ?2 \
             ORDER BY id LIMIT 1 OFFSET ?3",
        )?
        .query_row(params![text, source, nth], |r| r.get(0))
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

#[cfg(test)]
mod write_tests {
    use super::*;
    use crate::db::test_connection;

    #[test]
    fn a_quote_names_a_speaker_or_a_company() {
        let conn = test_connection();
        let quote = Quote {
            fields: QuoteFields {
                text: "Words.".into(),
                language: "de".into(),
            },
            speaker: None,
            companies: Vec::new(),
            agreement: None,
            source: None,
        };
        match quote.insert(&conn) {
            Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "speaker"),
            other => panic!("{other:?}"),
        }
        match (Quote {
            companies: vec![7],
            ..quote
        })
        .insert(&conn)
        {
            Err(AppError::BadInput { argument, reason }) => {
                assert_eq!(argument, "companies");
                assert_eq!(reason, "there is no company with id 7");
            }
            other => panic!("{other:?}"),
        }
    }
}
