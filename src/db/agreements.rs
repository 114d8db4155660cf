//! Agreements between companies: their parties, scopes, markets, quotes and sources, and how
//! they nest (a partnership that is part of a programme).

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::page::List;
use super::rows_for;
use super::sources::SourceRow;
use crate::error::AppResult;
use crate::model::{AgreementKind, AgreementStatus, PartialDate, PartyRole, Scope};

/// One agreement as stored.
#[derive(Debug, Clone)]
pub struct AgreementRow {
    /// Internal id.
    pub id: i64,
    /// Stable human-readable key.
    pub slug: String,
    /// What kind of agreement.
    pub kind: AgreementKind,
    /// How far it has come.
    pub status: AgreementStatus,
    /// When it was announced.
    pub announced: Option<PartialDate>,
    /// When it was signed.
    pub signed: Option<PartialDate>,
    /// Whether it is planned in several stages.
    pub multi_stage: bool,
    /// How many partners the sources say it has, which may exceed the parties recorded.
    pub partner_count: Option<i64>,
    /// The country the sources say those partners come from.
    pub partner_country: Option<String>,
    /// The umbrella agreement or programme it belongs to.
    pub part_of_id: Option<i64>,
}

/// The columns [`AgreementRow::from_row`] reads, for table alias `a`.
pub const COLUMNS: &str = "a.id, a.slug, a.kind, a.status, a.announced, a.signed, a.multi_stage, \
                           a.partner_count, a.partner_country, a.part_of_id";

impl AgreementRow {
    /// Maps a row selected with [`COLUMNS`].
    pub fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            slug: row.get(1)?,
            kind: row.get(2)?,
            status: row.get(3)?,
            announced: row.get(4)?,
            signed: row.get(5)?,
            multi_stage: row.get(6)?,
            partner_count: row.get(7)?,
            partner_country: row.get(8)?,
            part_of_id: row.get(9)?,
        })
    }
}

/// A company's part in an agreement.
#[derive(Debug, Clone)]
pub struct PartyRow {
    /// The company.
    pub company_id: i64,
    /// What it is to the agreement.
    pub role: PartyRole,
    /// Whether the sources call it the first partner from its country.
    pub first_from_country: bool,
}

/// A field an agreement covers.
#[derive(Debug, Clone)]
pub struct ScopeRow {
    /// The field.
    pub scope: Scope,
    /// Whether the parties start with this field.
    pub initial_focus: bool,
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
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            text: row.get(1)?,
            language: row.get(2)?,
            speaker_id: row.get(3)?,
            agreement_id: row.get(4)?,
            source_id: row.get(5)?,
        })
    }
}

/// The agreement with this slug.
pub fn by_slug(conn: &Connection, slug: &str) -> AppResult<Option<AgreementRow>> {
    let sql = format!("SELECT {COLUMNS} FROM agreements a WHERE a.slug = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![slug], AgreementRow::from_row)
        .optional()?)
}

/// The agreement with this id.
pub fn by_id(conn: &Connection, id: i64) -> AppResult<Option<AgreementRow>> {
    let sql = format!("SELECT {COLUMNS} FROM agreements a WHERE a.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![id], AgreementRow::from_row)
        .optional()?)
}

/// All agreements, ordered by slug.
pub fn list() -> List {
    List::new(COLUMNS, "agreements a", "a.slug", "a.id")
}

/// The agreements `company_id` is party to, ordered by slug.
pub fn of_company(company_id: i64) -> List {
    list().filter(
        "a.id IN (SELECT agreement_id FROM parties WHERE company_id = ?)",
        [SqlValue::Integer(company_id)],
    )
}

/// The agreements that belong to `agreement_id`, ordered by slug.
pub fn components(conn: &Connection, agreement_id: i64) -> AppResult<Vec<AgreementRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM agreements a WHERE a.part_of_id = ?1 ORDER BY a.slug, a.id");
    rows_for(conn, &sql, agreement_id, AgreementRow::from_row)
}

/// The agreement's parties in the order recorded.
pub fn parties(conn: &Connection, agreement_id: i64) -> AppResult<Vec<PartyRow>> {
    rows_for(
        conn,
        "SELECT company_id, role, first_from_country FROM parties WHERE agreement_id = ?1 \
         ORDER BY position",
        agreement_id,
        |r| {
            Ok(PartyRow {
                company_id: r.get(0)?,
                role: r.get(1)?,
                first_from_country: r.get(2)?,
            })
        },
    )
}

/// The agreement's scopes in the order recorded.
pub fn scopes(conn: &Connection, agreement_id: i64) -> AppResult<Vec<ScopeRow>> {
    rows_for(
        conn,
        "SELECT scope, initial_focus FROM agreement_scopes WHERE agreement_id = ?1 ORDER BY position",
        agreement_id,
        |r| {
            Ok(ScopeRow {
                scope: r.get(0)?,
                initial_focus: r.get(1)?,
            })
        },
    )
}

/// The agreement's markets (country codes) in the order recorded.
pub fn markets(conn: &Connection, agreement_id: i64) -> AppResult<Vec<String>> {
    rows_for(
        conn,
        "SELECT country FROM agreement_markets WHERE agreement_id = ?1 ORDER BY position",
        agreement_id,
        |r| r.get(0),
    )
}

/// Quotes about the agreement in the order recorded.
pub fn quotes(conn: &Connection, agreement_id: i64) -> AppResult<Vec<QuoteRow>> {
    let sql =
        format!("SELECT {QUOTE_COLUMNS} FROM quotes q WHERE q.agreement_id = ?1 ORDER BY q.id");
    rows_for(conn, &sql, agreement_id, QuoteRow::from_row)
}

/// Quotes by the person in the order recorded.
pub fn quotes_by_person(conn: &Connection, person_id: i64) -> AppResult<Vec<QuoteRow>> {
    let sql = format!("SELECT {QUOTE_COLUMNS} FROM quotes q WHERE q.speaker_id = ?1 ORDER BY q.id");
    rows_for(conn, &sql, person_id, QuoteRow::from_row)
}

/// Quotes attributed to the company in the order recorded.
pub fn quotes_by_company(conn: &Connection, company_id: i64) -> AppResult<Vec<QuoteRow>> {
    let sql = format!(
        "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN quote_companies qc ON qc.quote_id = q.id \
         WHERE qc.company_id = ?1 ORDER BY q.id"
    );
    rows_for(conn, &sql, company_id, QuoteRow::from_row)
}

/// The ids of the companies a quote is attributed to, in the order recorded.
pub fn quote_companies(conn: &Connection, quote_id: i64) -> AppResult<Vec<i64>> {
    rows_for(
        conn,
        "SELECT company_id FROM quote_companies WHERE quote_id = ?1 ORDER BY position",
        quote_id,
        |r| r.get(0),
    )
}

/// The sources that report on the agreement.
pub fn sources(conn: &Connection, agreement_id: i64) -> AppResult<Vec<SourceRow>> {
    let sql = format!(
        "SELECT {} FROM sources s JOIN agreement_sources x ON x.source_id = s.id \
         WHERE x.agreement_id = ?1 ORDER BY s.id",
        super::sources::COLUMNS
    );
    rows_for(conn, &sql, agreement_id, SourceRow::from_row)
}
