//! Agreements between companies: their parties, scopes, markets, quotes and sources, and how
//! they nest (a partnership that is part of a programme).

use rusqlite::types::Value as SqlValue;
use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::companies::CompanyRow;
use super::page::List;
use super::sources::SourceRow;
use super::{grouped, id_array, rows_for};
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
        Self::from_row_at(row, 0)
    }

    /// Maps the [`COLUMNS`] of a row that starts at column `at`.
    pub fn from_row_at(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(at)?,
            slug: row.get(at + 1)?,
            kind: row.get(at + 2)?,
            status: row.get(at + 3)?,
            announced: row.get(at + 4)?,
            signed: row.get(at + 5)?,
            multi_stage: row.get(at + 6)?,
            partner_count: row.get(at + 7)?,
            partner_country: row.get(at + 8)?,
            part_of_id: row.get(at + 9)?,
        })
    }
}

/// A company's part in an agreement.
#[derive(Debug, Clone)]
pub struct PartyRow {
    /// The agreement.
    pub agreement_id: i64,
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
        Self::from_row_at(row, 0)
    }

    fn from_row_at(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(at)?,
            text: row.get(at + 1)?,
            language: row.get(at + 2)?,
            speaker_id: row.get(at + 3)?,
            agreement_id: row.get(at + 4)?,
            source_id: row.get(at + 5)?,
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

/// An agreement related to another (its umbrella or a component), with its parties.
#[derive(Debug, Clone)]
pub struct Related {
    /// The related agreement.
    pub row: AgreementRow,
    /// Its parties and their companies, in order.
    pub parties: Vec<(PartyRow, CompanyRow)>,
}

/// Everything about an agreement beyond its own row that its fields and summary read, loaded
/// for a whole page at once by [`bundles`].
#[derive(Debug, Clone, Default)]
pub struct AgreementBundle {
    /// Its parties and their companies, in order.
    pub parties: Vec<(PartyRow, CompanyRow)>,
    /// Its scopes, in order.
    pub scopes: Vec<ScopeRow>,
    /// Its markets (country codes), in order.
    pub markets: Vec<String>,
    /// The umbrella it belongs to.
    pub part_of: Option<Related>,
    /// The agreements that belong to it, by slug.
    pub components: Vec<Related>,
    /// Quotes about it, in order.
    pub quotes: Vec<QuoteRow>,
    /// The sources that report it.
    pub sources: Vec<SourceRow>,
}

/// Loads the bundles of `rows` in a fixed number of statements, whatever their number: the
/// related agreements, then parties (with companies) of all of them, scopes, markets, quotes
/// and sources.
pub fn bundles(
    conn: &Connection,
    rows: &[AgreementRow],
) -> AppResult<HashMap<i64, AgreementBundle>> {
    let page = id_array(rows.iter().map(|r| r.id));
    let components = grouped(
        conn,
        &format!(
            "SELECT a.part_of_id, {COLUMNS} FROM agreements a WHERE a.part_of_id IN rarray(?1) ORDER BY a.slug, a.id"
        ),
        &page,
        |r| {
            let mut row = AgreementRow::from_row_at(r, 1)?;
            row.part_of_id = r.get(0)?;
            Ok(row)
        },
    )?;
    let umbrella_ids = id_array(rows.iter().filter_map(|r| r.part_of_id));
    let umbrellas = grouped(
        conn,
        &format!("SELECT a.id, {COLUMNS} FROM agreements a WHERE a.id IN rarray(?1)"),
        &umbrella_ids,
        |r| AgreementRow::from_row_at(r, 1),
    )?;
    let all = id_array(
        rows.iter()
            .map(|r| r.id)
            .chain(umbrellas.keys().copied())
            .chain(components.values().flatten().map(|c| c.id)),
    );
    let mut parties = grouped(
        conn,
        &format!(
            "SELECT p.agreement_id, p.company_id, p.role, p.first_from_country, {} \
             FROM parties p JOIN companies c ON c.id = p.company_id \
             WHERE p.agreement_id IN rarray(?1) ORDER BY p.agreement_id, p.position",
            super::companies::COLUMNS
        ),
        &all,
        |r| {
            Ok((
                PartyRow {
                    agreement_id: r.get(0)?,
                    company_id: r.get(1)?,
                    role: r.get(2)?,
                    first_from_country: r.get(3)?,
                },
                CompanyRow::from_row_at(r, 4)?,
            ))
        },
    )?;
    let mut scopes = grouped(
        conn,
        "SELECT agreement_id, scope, initial_focus FROM agreement_scopes \
         WHERE agreement_id IN rarray(?1) ORDER BY agreement_id, position",
        &page,
        |r| {
            Ok(ScopeRow {
                scope: r.get(1)?,
                initial_focus: r.get(2)?,
            })
        },
    )?;
    let mut markets = grouped(
        conn,
        "SELECT agreement_id, country FROM agreement_markets \
         WHERE agreement_id IN rarray(?1) ORDER BY agreement_id, position",
        &page,
        |r| r.get(1),
    )?;
    let mut quotes = grouped(
        conn,
        &format!(
            "SELECT q.agreement_id, {QUOTE_COLUMNS} FROM quotes q WHERE q.agreement_id IN rarray(?1) ORDER BY q.id"
        ),
        &page,
        |r| QuoteRow::from_row_at(r, 1),
    )?;
    let mut sources = grouped(
        conn,
        &format!(
            "SELECT x.agreement_id, {} FROM sources s JOIN agreement_sources x ON x.source_id = s.id \
             WHERE x.agreement_id IN rarray(?1) ORDER BY x.agreement_id, s.id",
            super::sources::COLUMNS
        ),
        &page,
        |r| SourceRow::from_row_at(r, 1),
    )?;
    let related = |row: &AgreementRow| Related {
        row: row.clone(),
        parties: parties.get(&row.id).cloned().unwrap_or_default(),
    };
    let mut out = HashMap::with_capacity(rows.len());
    for row in rows {
        let bundle = AgreementBundle {
            parties: Vec::new(),
            scopes: scopes.remove(&row.id).unwrap_or_default(),
            markets: markets.remove(&row.id).unwrap_or_default(),
            part_of: row
                .part_of_id
                .and_then(|id| umbrellas.get(&id))
                .and_then(|u| u.first())
                .map(related),
            components: components
                .get(&row.id)
                .map(|cs| cs.iter().map(related).collect())
                .unwrap_or_default(),
            quotes: quotes.remove(&row.id).unwrap_or_default(),
            sources: sources.remove(&row.id).unwrap_or_default(),
        };
        out.insert(row.id, bundle);
    }
    for (id, bundle) in &mut out {
        bundle.parties = parties.remove(id).unwrap_or_default();
    }
    Ok(out)
}
