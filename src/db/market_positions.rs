//! A company's standings in markets, as sources report them: their rows, their batched readers
//! (with the names of the companies that report them, for summaries) and their write.

use rusqlite::{Connection, params};

use super::constraints::{Reference, insert};
use super::rows::{Columns, Grouped, grouped};
use crate::error::AppResult;
use crate::model::{CountryCode, MarketPositionKind};

/// A company's standing in a market, as a source reports it.
#[derive(Debug, Clone)]
pub struct MarketPositionRow {
    /// The company.
    pub company_id: i64,
    /// What standing.
    pub kind: MarketPositionKind,
    /// The market (country code); none means worldwide.
    pub market: Option<String>,
    /// The company whose ranking or study reports it.
    pub reported_by: Option<i64>,
    /// The article that cites it.
    pub source_id: Option<i64>,
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
    grouped(
        conn,
        "SELECT mp.company_id AS owner, mp.company_id, mp.kind, mp.market, mp.reported_by, \
           mp.source_id, reporter.name \
         FROM market_positions mp LEFT JOIN companies reporter ON reporter.id = mp.reported_by \
         WHERE mp.company_id IN rarray(?1) ORDER BY mp.company_id, mp.id",
        ids,
        |r| {
            Ok(PositionReport {
                position: MarketPositionRow::read(r)?,
                reported_by: r.next()?,
            })
        },
    )
}

/// The reported market positions of each of `ids`, in the order recorded.
pub fn market_positions_of(
    conn: &Connection,
    ids: &[i64],
) -> AppResult<Grouped<MarketPositionRow>> {
    grouped(
        conn,
        "SELECT company_id AS owner, company_id, kind, market, reported_by, source_id \
         FROM market_positions WHERE company_id IN rarray(?1) ORDER BY company_id, id",
        ids,
        MarketPositionRow::read,
    )
}

impl MarketPositionRow {
    /// Reads `company_id, kind, market, reported_by, source_id`, from the next column on.
    fn read(r: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            company_id: r.next()?,
            kind: r.next()?,
            market: r.next()?,
            reported_by: r.next()?,
            source_id: r.next()?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Writes.
// ---------------------------------------------------------------------------------------------

/// A company's standing in a market, as a source reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMarketPosition {
    /// What standing.
    pub kind: MarketPositionKind,
    /// The market; none means worldwide.
    pub market: Option<CountryCode>,
    /// The id of the company whose ranking or study reports it.
    pub reported_by: Option<i64>,
    /// The id of the article that cites it.
    pub source: Option<i64>,
}

/// Stores a standing of the company `company` in a market. On its own (rather than through
/// [`insert_company`](super::companies::insert_company)) it serves positions reported by a company stored later.
pub fn insert_market_position(
    conn: &Connection,
    company: i64,
    position: &NewMarketPosition,
) -> AppResult<i64> {
    insert(
        conn,
        "INSERT INTO market_positions (company_id, kind, market, reported_by, source_id) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            company,
            position.kind,
            position.market,
            position.reported_by,
            position.source
        ],
        &[
            Reference::company("company", company),
            Reference::company("reportedBy", position.reported_by),
            Reference::source("source", position.source),
        ],
    )
}
