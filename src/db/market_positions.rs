//! A company's standings in markets, as sources report them: the one declaration of what a
//! market position is ([`MarketPosition`]), their rows, their batched readers (with the names
//! of the companies that report them, for summaries) and their write, which replaces a
//! company's positions whole.

use crate::db::sql::Connection;
use serde::{Deserialize, Serialize};

use super::constraints::Reference;
use super::fields::{Fields, columns, row};
use super::record::rewrite_list;
use super::rows::{Grouped, grouped};
use crate::error::AppResult;
use crate::model::{ChangeEntity, CountryCode, MarketPositionKind};

columns! {
    /// The plain fields of a market position: the columns of its own row that hold values.
    /// The record files name them as the struct does.
    pub struct MarketPositionFields in "market_positions" {
        /// What standing.
        pub kind: MarketPositionKind,
        /// The market (an ISO code, checked when written); none means worldwide.
        #[serde(default)]
        pub market: Option<String>,
    }
}

row! {
    /// A company's standing in a market as stored, as a source reports it: the company, who
    /// reports it and where, and its plain fields (which it dereferences to).
    pub struct MarketPositionRow {
        /// The company.
        pub company_id: i64,
        /// The company whose ranking or study reports it.
        pub reported_by: Option<i64>,
        /// The article that cites it.
        pub source_id: Option<i64>,
    }
    fields MarketPositionFields;
    columns static COLUMNS as "mp";
}

/// A reported market position with the name of the company that reports it.
#[derive(Debug, Clone)]
pub struct PositionReport {
    /// The position.
    pub position: MarketPositionRow,
    /// The reporting company's name.
    pub reported_by: Option<String>,
}

/// The reported market positions of each of `ids` with their reporters' names, in the order
/// recorded: what a summary says of them, in one statement.
pub fn position_reports_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<PositionReport>> {
    let sql = format!(
        "SELECT mp.company_id AS owner, {COLUMNS}, reporter.name \
         FROM market_positions mp LEFT JOIN companies reporter ON reporter.id = mp.reported_by \
         WHERE mp.company_id IN rarray(?1) ORDER BY mp.company_id, mp.id"
    );
    grouped(conn, &sql, ids, |r| {
        Ok(PositionReport {
            position: MarketPositionRow::read(r)?,
            reported_by: r.next()?,
        })
    })
}

/// The reported market positions of each of `ids`, in the order recorded.
pub fn market_positions_of(
    conn: &Connection,
    ids: &[i64],
) -> AppResult<Grouped<MarketPositionRow>> {
    let sql = format!(
        "SELECT mp.company_id AS owner, {COLUMNS} FROM market_positions mp \
         WHERE mp.company_id IN rarray(?1) ORDER BY mp.company_id, mp.id"
    );
    grouped(conn, &sql, ids, MarketPositionRow::read)
}

// ---------------------------------------------------------------------------------------------
// Writes.
// ---------------------------------------------------------------------------------------------

/// A company's standing in a market, as a source reports it: as its company lists it in the
/// record files, and as it is written, with the company it belongs to beside it. `R` is how it
/// names other records: by storage id when it is written, by slug in the files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketPosition<R = String> {
    /// Its plain fields.
    #[serde(flatten)]
    pub fields: MarketPositionFields,
    /// The company whose ranking or study reports it.
    #[serde(default)]
    pub reported_by: Option<R>,
    /// The article that cites it.
    #[serde(default)]
    pub source: Option<R>,
}

impl<R> MarketPosition<R> {
    /// The same position naming other records as `name` turns each reference into; `name` is
    /// told the kind of record referred to and the field (as the API spells it) that refers.
    pub fn map_refs<S>(
        self,
        name: &mut impl FnMut(ChangeEntity, &'static str, R) -> AppResult<S>,
    ) -> AppResult<MarketPosition<S>> {
        Ok(MarketPosition {
            fields: self.fields,
            reported_by: self
                .reported_by
                .map(|c| name(ChangeEntity::Company, "reportedBy", c))
                .transpose()?,
            source: self
                .source
                .map(|s| name(ChangeEntity::Source, "source", s))
                .transpose()?,
        })
    }
}

impl MarketPosition<i64> {
    /// The rules of a market position: a country code for its market. A refusal is
    /// `BAD_USER_INPUT` naming the field.
    fn check(&self) -> AppResult<()> {
        if let Some(market) = &self.fields.market {
            CountryCode::parse(market, "market")?;
        }
        Ok(())
    }

    /// Stores a standing of the company `company`.
    fn insert(&self, conn: &Connection, company: i64) -> AppResult<i64> {
        self.fields.insert(
            conn,
            &[
                ("company_id", &company),
                ("reported_by", &self.reported_by),
                ("source_id", &self.source),
            ],
            &[
                Reference::company("company", company),
                Reference::company("reportedBy", self.reported_by),
                Reference::source("source", self.source),
            ],
        )
    }
}

/// The market positions of the company `company` as stored, in the order recorded.
pub fn stored_of(conn: &Connection, company: i64) -> AppResult<Vec<MarketPosition<i64>>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM market_positions mp WHERE mp.company_id = ?1 ORDER BY mp.id"
    );
    let rows = super::rows::rows_of(conn, &sql, company, MarketPositionRow::read)?;
    Ok(rows
        .into_iter()
        .map(|row| MarketPosition {
            fields: row.fields,
            reported_by: row.reported_by,
            source: row.source_id,
        })
        .collect())
}

/// Makes the market positions of the company `company` `positions`, in order, under the rules
/// of `MarketPosition::check`, unless they are those already. Positions are written on their
/// own, once every company is stored, since they may name a company stored later as reporter.
pub fn replace_of(
    conn: &Connection,
    company: i64,
    positions: &[MarketPosition<i64>],
) -> AppResult<()> {
    for position in positions {
        position.check()?;
    }
    rewrite_list(
        conn,
        company,
        &stored_of(conn, company)?,
        positions,
        "DELETE FROM market_positions WHERE company_id = ?1",
        |_, position| position.insert(conn, company).map(drop),
    )
}
