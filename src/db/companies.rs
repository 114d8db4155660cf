//! Companies and what hangs off them: business areas, markets, productions, competitors,
//! events and market positions; the company lists (all, subsidiaries, descendants, partners)
//! with their typed filters and orderings.

use std::collections::HashMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params};

use super::page::{List, MISSING_LAST, Side};
use super::{Columns, Grouped, from_row, grouped, id_array, keyed, text_array};
use crate::error::AppResult;
use crate::model::{BusinessArea, CompanyKind, EventKind, MarketPositionKind, PartialDate, fold};

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
    /// How many times it has been written: 1 when created.
    pub version: i64,
}

/// The columns [`CompanyRow::read`] reads, for table alias `c`.
pub const COLUMNS: &str = "c.id, c.slug, c.name, c.kind, c.legal_form, c.country, c.headquarters, c.founded, c.parent_id, c.version";

impl CompanyRow {
    /// Reads a row selected with [`COLUMNS`], from its next column on.
    pub fn read(row: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.next()?,
            slug: row.next()?,
            name: row.next()?,
            kind: row.next()?,
            legal_form: row.next()?,
            country: row.next()?,
            headquarters: row.next()?,
            founded: row.next()?,
            parent_id: row.next()?,
            version: row.next()?,
        })
    }
}

/// An event in a company's history.
#[derive(Debug, Clone)]
pub struct EventRow {
    /// Internal id.
    pub id: i64,
    /// The company it happened to.
    pub company_id: i64,
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

/// The company with this slug.
pub fn by_slug(conn: &Connection, slug: &str) -> AppResult<Option<CompanyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM companies c WHERE c.slug = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![slug], from_row(CompanyRow::read))
        .optional()?)
}

/// The companies with these slugs, by slug.
pub fn by_slugs<S: AsRef<str>>(
    conn: &Connection,
    slugs: &[S],
) -> AppResult<HashMap<String, CompanyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM companies c WHERE c.slug IN rarray(?1)");
    keyed(conn, &sql, text_array(slugs), CompanyRow::read, |r| {
        r.slug.clone()
    })
}

/// The companies with these ids, by id.
pub fn by_ids(conn: &Connection, ids: &[i64]) -> AppResult<HashMap<i64, CompanyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM companies c WHERE c.id IN rarray(?1)");
    keyed(
        conn,
        &sql,
        id_array(ids.iter().copied()),
        CompanyRow::read,
        |r| r.id,
    )
}

/// Conditions on a list of companies; all given must hold. Values are already checked.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Based in this country (an ISO code).
    pub country: Option<String>,
    /// Of this kind.
    pub kind: Option<CompanyKind>,
    /// Belonging directly to the company with this slug, which must exist.
    pub parent: Option<String>,
    /// Whose folded name contains this text, folded.
    pub name_contains: Option<String>,
    /// Founded strictly after this date, at its precision.
    pub founded_after: Option<PartialDate>,
    /// Founded strictly before this date, at its precision.
    pub founded_before: Option<PartialDate>,
}

/// What a list of companies is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// The folded name.
    #[default]
    Name,
    /// The founding date, missing last.
    Founded,
}

impl Sort {
    /// The name that ties a cursor to this ordering.
    pub fn name(self) -> &'static str {
        match self {
            Self::Name => "NAME",
            Self::Founded => "FOUNDED",
        }
    }
}

/// All companies.
pub fn list() -> List {
    List::new(COLUMNS, "companies c", "c.sort_name", "c.id")
}

/// The companies that belong directly to each owner, read for many owners at once.
pub fn subsidiaries() -> List {
    list().owned_by("c.parent_id")
}

/// The companies that belong to each owner at any depth, read for many owners at once.
pub fn descendants() -> List {
    List::new(
        COLUMNS,
        "(WITH RECURSIVE below(root, id) AS ( \
           SELECT parent_id, id FROM companies WHERE parent_id IN rarray(?1) \
           UNION SELECT below.root, child.id FROM companies child JOIN below ON child.parent_id = below.id) \
         SELECT root, id FROM below) d JOIN companies c ON c.id = d.id",
        "c.sort_name",
        "c.id",
    )
    .owned_by("d.root")
}

/// The companies that share at least one agreement with each owner, read for many owners at
/// once.
pub fn partners() -> List {
    List::new(
        COLUMNS,
        "(SELECT DISTINCT mine.company_id AS owner_id, other.company_id AS partner_id \
           FROM parties mine JOIN parties other ON other.agreement_id = mine.agreement_id \
           WHERE mine.company_id IN rarray(?1) AND other.company_id <> mine.company_id) pr \
         JOIN companies c ON c.id = pr.partner_id",
        "c.sort_name",
        "c.id",
    )
    .owned_by("pr.owner_id")
}

/// Narrows and orders `list` (one of the lists above).
pub fn select(mut list: List, filter: &Filter, sort: Sort, descending: bool) -> List {
    if let Some(country) = &filter.country {
        list = list.filter("c.country = ?", [SqlValue::Text(country.clone())]);
    }
    if let Some(kind) = filter.kind {
        list = list.filter("c.kind = ?", [SqlValue::Text(kind.as_str().into())]);
    }
    if let Some(parent) = &filter.parent {
        list = list.require("company", "companies", parent).filter(
            "c.parent_id = (SELECT id FROM companies WHERE slug = ?)",
            [SqlValue::Text(parent.clone())],
        );
    }
    if let Some(text) = &filter.name_contains {
        list = list.filter("instr(c.sort_name, ?) > 0", [SqlValue::Text(fold(text))]);
    }
    if let Some(date) = filter.founded_after {
        list = list.date_filter("c.founded", Side::After, date);
    }
    if let Some(date) = filter.founded_before {
        list = list.date_filter("c.founded", Side::Before, date);
    }
    let sort = match sort {
        Sort::Name => "c.sort_name".to_owned(),
        Sort::Founded => format!("coalesce(c.founded, {MISSING_LAST})"),
    };
    list.ordered(sort, descending)
}

/// The most parent links [`ancestors_of`] follows; deeper chains are cut off there, and so is
/// a cycle that bad data might contain.
const MAX_DEPTH: i64 = 64;

/// The companies above each of `ids`: the parent first, then the parent's parent.
pub fn ancestors_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<CompanyRow>> {
    let sql = format!(
        "WITH RECURSIVE above(origin, id, depth) AS ( \
           SELECT id, parent_id, 1 FROM companies WHERE id IN rarray(?1) AND parent_id IS NOT NULL \
           UNION ALL SELECT above.origin, c.parent_id, above.depth + 1 FROM companies c \
             JOIN above ON c.id = above.id WHERE c.parent_id IS NOT NULL AND above.depth < {MAX_DEPTH}) \
         SELECT above.origin AS owner, {COLUMNS} FROM above JOIN companies c ON c.id = above.id \
         ORDER BY above.origin, above.depth"
    );
    grouped(conn, &sql, ids, CompanyRow::read)
}

/// The names of the companies that belong directly to each of `ids`, by name (a summary lists
/// them all; only the names, since a group can have many).
pub fn subsidiary_names_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<String>> {
    grouped(
        conn,
        "SELECT c.parent_id AS owner, c.name FROM companies c WHERE c.parent_id IN rarray(?1) \
         ORDER BY c.parent_id, c.sort_name, c.id",
        ids,
        |r| r.next(),
    )
}

/// Each of the companies `ids` (as `x.me`) with its rivals (as `c`), by name: rivalry is stored
/// once per pair, so both directions are read.
const RIVALS: &str = "FROM ( \
       SELECT company_id AS me, competitor_id AS other FROM competitors WHERE company_id IN rarray(?1) \
       UNION SELECT competitor_id, company_id FROM competitors WHERE competitor_id IN rarray(?1)) x \
     JOIN companies c ON c.id = x.other ORDER BY x.me, c.sort_name, c.id";

/// The companies set against each of `ids` as rivals, by name.
pub fn competitors_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<CompanyRow>> {
    let sql = format!("SELECT x.me AS owner, {COLUMNS} {RIVALS}");
    grouped(conn, &sql, ids, CompanyRow::read)
}

/// The names of the companies set against each of `ids` as rivals, by name (what a summary
/// says of them).
pub fn competitor_names_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<String>> {
    grouped(
        conn,
        &format!("SELECT x.me AS owner, c.name {RIVALS}"),
        ids,
        |r| r.next(),
    )
}

/// The lines of business of each of `ids`, in the order recorded.
pub fn business_areas_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<BusinessArea>> {
    grouped(
        conn,
        "SELECT company_id AS owner, area FROM company_business_areas \
         WHERE company_id IN rarray(?1) ORDER BY company_id, position",
        ids,
        |r| r.next(),
    )
}

/// The country codes of the markets each of `ids` serves, in the order recorded.
pub fn markets_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<String>> {
    grouped(
        conn,
        "SELECT company_id AS owner, country FROM company_markets \
         WHERE company_id IN rarray(?1) ORDER BY company_id, position",
        ids,
        |r| r.next(),
    )
}

/// Names of what each of `ids` produces, in the order recorded.
pub fn productions_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<String>> {
    grouped(
        conn,
        "SELECT company_id AS owner, name FROM company_productions \
         WHERE company_id IN rarray(?1) ORDER BY company_id, position",
        ids,
        |r| r.next(),
    )
}

/// The events of each of `ids`, oldest first.
pub fn events_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<EventRow>> {
    let sql = format!("{EVENTS_SELECT} {EVENTS_ORDER}");
    grouped(conn, &sql, ids, EventRow::read)
}

/// The events of many companies, by owner, for [`EventRow::read`]; a condition may follow.
const EVENTS_SELECT: &str = "SELECT company_id AS owner, id, company_id, kind, occurred, record, \
     source_id FROM events WHERE company_id IN rarray(?1)";
/// Oldest first within each company.
const EVENTS_ORDER: &str = "ORDER BY company_id, coalesce(occurred, ''), id";

impl EventRow {
    /// Reads an event selected as in [`EVENTS_SELECT`], from its next column on.
    fn read(r: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.next()?,
            company_id: r.next()?,
            kind: r.next()?,
            occurred: r.next()?,
            record: r.next()?,
            source_id: r.next()?,
        })
    }
}

/// The events of kind `kind` of each of `ids`, oldest first (a summary names only some kinds).
pub fn events_of_kind(
    conn: &Connection,
    ids: &[i64],
    kind: EventKind,
) -> AppResult<Grouped<EventRow>> {
    // The kind is one of the vocabulary's own codes, never input text; as a literal it keeps
    // the statement's one parameter the id array.
    let sql = format!(
        "{EVENTS_SELECT} AND kind = '{}' {EVENTS_ORDER}",
        kind.as_str()
    );
    grouped(conn, &sql, ids, EventRow::read)
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

/// Every country code the data mentions, sorted: the values of the country vocabulary.
pub fn countries_in_use(conn: &Connection) -> AppResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT country FROM companies WHERE country IS NOT NULL
         UNION SELECT country FROM company_markets
         UNION SELECT country FROM agreement_markets
         UNION SELECT partner_country FROM agreements WHERE partner_country IS NOT NULL
         UNION SELECT market FROM market_positions WHERE market IS NOT NULL
         ORDER BY 1",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ids of companies from `after` on, in id order, at most `limit`: for reading every
/// company in chunks.
pub fn chunk(conn: &Connection, after: i64, limit: usize) -> AppResult<Vec<CompanyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM companies c WHERE c.id > ?1 ORDER BY c.id LIMIT ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![after, i64::try_from(limit).unwrap_or(i64::MAX)],
        from_row(CompanyRow::read),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------------
// Writes. Each takes a connection inside the caller's transaction and checked input, enforces
// the rules the data must obey, derives what is derived (`sort_name`), and returns the new
// row's id.
// ---------------------------------------------------------------------------------------------

use super::{Reference, distinct, execute, insert};
use crate::error::AppError;
use crate::model::{CountryCode, Name, Slug};

/// A company to store, with what hangs off it. Its parent is set with [`set_parent`] once both
/// exist, so companies can be stored in any order.
#[derive(Debug, Clone)]
pub struct NewCompany {
    /// Stable human-readable key.
    pub slug: Slug,
    /// Display name; its folded form becomes the sort name.
    pub name: Name,
    /// What kind of organisation it is.
    pub kind: CompanyKind,
    /// Legal form, such as `AG`.
    pub legal_form: Option<Name>,
    /// The country it is based in.
    pub country: Option<CountryCode>,
    /// Headquarters city.
    pub headquarters: Option<Name>,
    /// Founding date at the precision known.
    pub founded: Option<PartialDate>,
    /// Its lines of business, in order, each once.
    pub business_areas: Vec<BusinessArea>,
    /// The markets it serves, in order, each once.
    pub markets: Vec<CountryCode>,
    /// Names of what it produces, in order.
    pub productions: Vec<Name>,
    /// The ids of the sources that report on it, each once.
    pub sources: Vec<i64>,
    /// Events in its history.
    pub events: Vec<NewEvent>,
    /// Its standings in markets, as sources report them.
    pub market_positions: Vec<NewMarketPosition>,
}

/// An event in a company's history, to store with it.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// What happened.
    pub kind: EventKind,
    /// When, at the precision known.
    pub date: Option<PartialDate>,
    /// Whether the source calls it the largest of its kind in history.
    pub record: bool,
    /// The id of the source that reports it.
    pub source: Option<i64>,
}

/// A company's standing in a market, as a source reports it.
#[derive(Debug, Clone)]
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

/// Stores a company with its business areas, markets, productions, sources, events and market
/// positions. A slug another company has is a `CONFLICT` naming `slug`; a list naming an item
/// twice is `BAD_USER_INPUT` naming the list.
pub fn insert_company(conn: &Connection, company: &NewCompany) -> AppResult<i64> {
    distinct(&company.business_areas, "businessAreas")?;
    distinct(&company.markets, "markets")?;
    distinct(&company.sources, "sources")?;
    let id = insert(
        conn,
        "INSERT INTO companies \
           (slug, name, sort_name, kind, legal_form, country, headquarters, founded) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            company.slug,
            company.name,
            company.name.folded(),
            company.kind,
            company.legal_form,
            company.country,
            company.headquarters,
            company.founded
        ],
        &[],
    )?;
    for (position, area) in (0_i64..).zip(&company.business_areas) {
        execute(
            conn,
            "INSERT INTO company_business_areas (company_id, position, area) VALUES (?1, ?2, ?3)",
            params![id, position, area],
            &[],
        )?;
    }
    for (position, market) in (0_i64..).zip(&company.markets) {
        execute(
            conn,
            "INSERT INTO company_markets (company_id, position, country) VALUES (?1, ?2, ?3)",
            params![id, position, market],
            &[],
        )?;
    }
    for (position, name) in (0_i64..).zip(&company.productions) {
        execute(
            conn,
            "INSERT INTO company_productions (company_id, position, name) VALUES (?1, ?2, ?3)",
            params![id, position, name],
            &[],
        )?;
    }
    for source in &company.sources {
        execute(
            conn,
            "INSERT INTO company_sources (company_id, source_id) VALUES (?1, ?2)",
            params![id, source],
            &[Reference::source("sources", *source)],
        )?;
    }
    for event in &company.events {
        insert(
            conn,
            "INSERT INTO events (company_id, kind, occurred, record, source_id) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, event.kind, event.date, event.record, event.source],
            &[Reference::source("events", event.source)],
        )?;
    }
    for position in &company.market_positions {
        insert_market_position(conn, id, position)?;
    }
    Ok(id)
}

/// Stores a standing of the company `company` in a market. On its own (rather than through
/// [`insert_company`]) it serves positions reported by a company stored later.
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

/// Makes `parent` the parent of `company`, or leaves it without one. A company cannot be its
/// own parent, nor the parent of a company above it (which would make the parent chain a
/// cycle, and every walk up it endless): both are `BAD_USER_INPUT` naming `parent`.
pub fn set_parent(conn: &Connection, company: i64, parent: Option<i64>) -> AppResult<()> {
    if let Some(parent) = parent {
        if parent == company {
            return Err(AppError::bad_input(
                "parent",
                "a company cannot be its own parent",
            ));
        }
        // UNION (not UNION ALL) ends the walk even on a cycle already stored.
        let cycle: bool = conn
            .prepare_cached(
                "WITH RECURSIVE above(id) AS ( \
                   SELECT ?1 \
                   UNION SELECT c.parent_id FROM companies c JOIN above ON c.id = above.id \
                     WHERE c.parent_id IS NOT NULL) \
                 SELECT EXISTS (SELECT 1 FROM above WHERE id = ?2) AS cycle",
            )?
            .query_row(params![parent, company], |r| r.get("cycle"))?;
        if cycle {
            return Err(AppError::bad_input(
                "parent",
                "the parent belongs to the company, so the company cannot belong to it",
            ));
        }
    }
    let changed = execute(
        conn,
        "UPDATE companies SET parent_id = ?1 WHERE id = ?2",
        params![parent, company],
        &[Reference::company("parent", parent)],
    )?;
    if changed == 0 {
        return Err(AppError::NotFound {
            what: "company",
            key: company.to_string(),
        });
    }
    Ok(())
}

/// What an update changes of a company: each field that is `Some` is set, the others are kept
/// (an inner `None` clears a field that may be empty).
#[derive(Debug, Clone, Default)]
pub struct CompanyChanges {
    /// A new slug.
    pub slug: Option<Slug>,
    /// A new name; the sort name follows it.
    pub name: Option<Name>,
    /// A new kind.
    pub kind: Option<CompanyKind>,
    /// A new legal form, or none.
    pub legal_form: Option<Option<Name>>,
    /// A new country, or none.
    pub country: Option<Option<CountryCode>>,
    /// A new headquarters city, or none.
    pub headquarters: Option<Option<Name>>,
    /// A new founding date, or none.
    pub founded: Option<Option<PartialDate>>,
}

/// Changes the company `id` as `changes` says and counts a new version. The caller has checked
/// the version ([`super::check_version`]); the parent is changed with [`set_parent`].
pub fn update_company(conn: &Connection, id: i64, changes: &CompanyChanges) -> AppResult<()> {
    let set = |column: &str, value: &dyn rusqlite::ToSql| -> AppResult<()> {
        execute(
            conn,
            &format!("UPDATE companies SET {column} = ?1 WHERE id = ?2"),
            params![value, id],
            &[],
        )
        .map(drop)
    };
    if let Some(slug) = &changes.slug {
        set("slug", slug)?;
    }
    if let Some(name) = &changes.name {
        set("name", name)?;
        set("sort_name", &name.folded())?;
    }
    if let Some(kind) = &changes.kind {
        set("kind", kind)?;
    }
    if let Some(legal_form) = &changes.legal_form {
        set("legal_form", legal_form)?;
    }
    if let Some(country) = &changes.country {
        set("country", country)?;
    }
    if let Some(headquarters) = &changes.headquarters {
        set("headquarters", headquarters)?;
    }
    if let Some(founded) = &changes.founded {
        set("founded", founded)?;
    }
    super::bump_version(conn, "companies", id)
}

/// The agreements the company `id` is party to, by id.
pub fn agreements_of_party(conn: &Connection, id: i64) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT agreement_id FROM parties WHERE company_id = ?1 ORDER BY agreement_id",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Deletes the company `id` with everything that only describes it: its business areas,
/// markets, productions, sources, events, market positions, rivalries and the roles held at
/// it. Its subsidiaries lose their parent, positions it reported lose their reporter, quotes
/// stop naming it. The caller deletes the agreements it is party to first
/// ([`agreements_of_party`]): they are not the company's alone.
pub fn delete_company(conn: &Connection, id: i64) -> AppResult<()> {
    super::execute_each(
        conn,
        &[
            "DELETE FROM company_business_areas WHERE company_id = ?1",
            "DELETE FROM company_markets WHERE company_id = ?1",
            "DELETE FROM company_productions WHERE company_id = ?1",
            "DELETE FROM company_sources WHERE company_id = ?1",
            "DELETE FROM events WHERE company_id = ?1",
            "DELETE FROM market_positions WHERE company_id = ?1",
            "UPDATE market_positions SET reported_by = NULL WHERE reported_by = ?1",
            "DELETE FROM competitors WHERE company_id = ?1 OR competitor_id = ?1",
            "DELETE FROM roles WHERE company_id = ?1",
            "DELETE FROM quote_companies WHERE company_id = ?1",
            "UPDATE companies SET parent_id = NULL WHERE parent_id = ?1",
            "DELETE FROM companies WHERE id = ?1",
        ],
        id,
    )
}

/// Records that the companies `a` and `b` are rivals, as the source `source` reports. Rivalry
/// is symmetric: the pair is stored once, lower id first, whichever order it is given in. A
/// company cannot be its own rival (`BAD_USER_INPUT` naming `rival`); a pair already stored is
/// a `CONFLICT` naming `rival`.
pub fn insert_rivalry(conn: &Connection, a: i64, b: i64, source: Option<i64>) -> AppResult<()> {
    if a == b {
        return Err(AppError::bad_input(
            "rival",
            "a company cannot be its own rival",
        ));
    }
    execute(
        conn,
        "INSERT INTO competitors (company_id, competitor_id, source_id) VALUES (?1, ?2, ?3)",
        params![a.min(b), a.max(b), source],
        &[
            Reference::company("company", a),
            Reference::company("rival", b),
            Reference::source("source", source),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod write_tests {
    use super::*;
    use crate::db::test_connection;

    fn company(slug: &str, name: &str) -> NewCompany {
        NewCompany {
            slug: Slug::parse(slug, "slug").expect("slug"),
            name: Name::parse(name, "name").expect("name"),
            kind: CompanyKind::MediaGroup,
            legal_form: None,
            country: None,
            headquarters: None,
            founded: None,
            business_areas: Vec::new(),
            markets: Vec::new(),
            productions: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
            market_positions: Vec::new(),
        }
    }

    fn refused_naming(result: AppResult<()>, field: &str) {
        match result {
            Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, field),
            other => panic!("expected BAD_USER_INPUT naming {field}, got {other:?}"),
        }
    }

    #[test]
    fn the_sort_name_is_the_folded_name() {
        let conn = test_connection();
        let id = insert_company(&conn, &company("m", "Müller Straße")).expect("stored");
        let sort_name: String = conn
            .query_row("SELECT sort_name FROM companies WHERE id = ?1", [id], |r| {
                r.get("sort_name")
            })
            .expect("read");
        assert_eq!(sort_name, "mueller strasse");
    }

    #[test]
    fn a_list_naming_a_market_twice_is_refused() {
        let conn = test_connection();
        let mut c = company("a", "A");
        let de = CountryCode::parse("DE", "markets").expect("DE");
        c.markets = vec![de.clone(), de];
        match insert_company(&conn, &c) {
            Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "markets"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_company_cannot_be_its_own_parent_nor_below_its_child() {
        let conn = test_connection();
        let top = insert_company(&conn, &company("top", "Top")).expect("top");
        let middle = insert_company(&conn, &company("middle", "Middle")).expect("middle");
        let bottom = insert_company(&conn, &company("bottom", "Bottom")).expect("bottom");
        refused_naming(set_parent(&conn, top, Some(top)), "parent");
        set_parent(&conn, middle, Some(top)).expect("middle under top");
        set_parent(&conn, bottom, Some(middle)).expect("bottom under middle");
        refused_naming(set_parent(&conn, top, Some(bottom)), "parent");
        refused_naming(set_parent(&conn, top, Some(999)), "parent");
        set_parent(&conn, bottom, None).expect("cleared");
        set_parent(&conn, top, Some(bottom)).expect("no longer a cycle");
        assert!(matches!(
            set_parent(&conn, 999, None),
            Err(AppError::NotFound { .. })
        ));
    }

    #[test]
    fn rivals_are_stored_lower_id_first_once_and_never_alone() {
        let conn = test_connection();
        let a = insert_company(&conn, &company("a", "A")).expect("a");
        let b = insert_company(&conn, &company("b", "B")).expect("b");
        insert_rivalry(&conn, b, a, None).expect("stored");
        let pair: (i64, i64) = conn
            .query_row(
                "SELECT company_id, competitor_id FROM competitors",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("read");
        assert_eq!(pair, (a, b));
        refused_naming(insert_rivalry(&conn, a, a, None), "rival");
        match insert_rivalry(&conn, a, b, None) {
            Err(AppError::Conflict { field, .. }) => assert_eq!(field, "rival"),
            other => panic!("{other:?}"),
        }
    }
}
