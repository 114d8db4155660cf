//! Companies and what hangs off them: business areas, markets, productions, parents and
//! subsidiaries; the company lists (all, subsidiaries, descendants, partners) with their typed
//! filters and orderings; and writing a company whole, with its events
//! ([`super::events`]) and market positions ([`super::market_positions`]). Rivalries are in
//! [`super::rivalries`].

use std::collections::HashMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params};

use super::events::{NewEvent, insert_event};
use super::market_positions::{NewMarketPosition, insert_market_position};
use super::page::{List, MISSING_LAST, Side};
use super::rows::{Columns, Grouped, from_row, grouped, id_array, keyed, text_array};
use crate::error::AppResult;
use crate::model::{BusinessArea, CompanyKind, NameArticle, PartialDate, fold};

/// One company as stored.
#[derive(Debug, Clone)]
pub struct CompanyRow {
    /// Internal id.
    pub id: i64,
    /// The key its global id is made of: its first slug, which never changes.
    pub key: String,
    /// Human-readable key, which a rename changes (the old one goes on finding it).
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
    /// The article its name takes in running text, if any.
    pub name_article: Option<NameArticle>,
}

/// The columns [`CompanyRow::read`] reads, for table alias `c`.
pub const COLUMNS: &str = "c.id, c.key, c.slug, c.name, c.kind, c.legal_form, c.country, c.headquarters, \
                           c.founded, c.parent_id, c.version, c.name_article";

impl CompanyRow {
    /// Reads a row selected with [`COLUMNS`], from its next column on.
    pub fn read(row: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.next()?,
            key: row.next()?,
            slug: row.next()?,
            name: row.next()?,
            kind: row.next()?,
            legal_form: row.next()?,
            country: row.next()?,
            headquarters: row.next()?,
            founded: row.next()?,
            parent_id: row.next()?,
            version: row.next()?,
            name_article: row.next()?,
        })
    }
}

/// The company with this slug.
pub fn by_slug(conn: &Connection, slug: &str) -> AppResult<Option<CompanyRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM companies c WHERE c.slug = ?1 OR c.id = {}",
        super::record::former_slug_owner(ChangeEntity::Company)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![slug], from_row(CompanyRow::read))
        .optional()?)
}

/// The companies with these keys (the keys of their global ids), by key.
pub fn by_keys<S: AsRef<str>>(
    conn: &Connection,
    keys: &[S],
) -> AppResult<HashMap<String, CompanyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM companies c WHERE c.key IN rarray(?1)");
    keyed(conn, &sql, text_array(keys), CompanyRow::read, |r| {
        r.key.clone()
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
    /// Belonging directly to the company with this key (of its global id), which must exist.
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
            "c.parent_id = (SELECT id FROM companies WHERE key = ?)",
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

use super::constraints::{Reference, distinct, execute, insert};
use super::record::{Record, rewrite_list};
use crate::error::AppError;
use crate::model::{ChangeEntity, CountryCode, Name, Slug};

/// A company in the shape it is written in, with what hangs off it. In the seed, whose
/// companies may name a parent defined later, the parent is set with [`set_parent`] once both
/// exist.
#[derive(Debug, Clone, PartialEq)]
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
    /// The id of the company it belongs to.
    pub parent: Option<i64>,
    /// The article its name takes in running text, if any.
    pub name_article: Option<NameArticle>,
    /// Its lines of business, in order, each once.
    pub business_areas: Vec<BusinessArea>,
    /// The markets it serves, in order, each once.
    pub markets: Vec<CountryCode>,
    /// Names of what it produces, in order.
    pub productions: Vec<Name>,
    /// The ids of the sources that report on it, each once, in id order.
    pub sources: Vec<i64>,
    /// Events in its history, in id order.
    pub events: Vec<NewEvent>,
    /// Its standings in markets, as sources report them, in id order.
    pub market_positions: Vec<NewMarketPosition>,
}

/// Stores a company with its business areas, markets, productions, sources, events and market
/// positions. A slug another company has is a `CONFLICT` naming `slug`; a list naming an item
/// twice is `BAD_USER_INPUT` naming the list.
pub fn insert_company(conn: &Connection, company: &NewCompany) -> AppResult<i64> {
    check_lists(company)?;
    let id = insert(
        conn,
        "INSERT INTO companies \
           (slug, name, sort_name, kind, legal_form, country, headquarters, founded, name_article) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            company.slug,
            company.name,
            company.name.folded(),
            company.kind,
            company.legal_form,
            company.country,
            company.headquarters,
            company.founded,
            company.name_article
        ],
        &[],
    )?;
    if company.parent.is_some() {
        set_parent(conn, id, company.parent)?;
    }
    write_lists(conn, id, &empty_like(company), company)?;
    Ok(id)
}

/// The lists' rules: each item once.
fn check_lists(company: &NewCompany) -> AppResult<()> {
    distinct(&company.business_areas, "businessAreas")?;
    distinct(&company.markets, "markets")?;
    distinct(&company.sources, "sources")
}

/// `company` without its lists: what a new company's lists are rewritten from.
fn empty_like(company: &NewCompany) -> NewCompany {
    NewCompany {
        business_areas: Vec::new(),
        markets: Vec::new(),
        productions: Vec::new(),
        sources: Vec::new(),
        events: Vec::new(),
        market_positions: Vec::new(),
        ..company.clone()
    }
}

/// Rewrites each list of the company `id` that differs between `old` and `new`.
fn write_lists(conn: &Connection, id: i64, old: &NewCompany, new: &NewCompany) -> AppResult<()> {
    rewrite_list(
        conn,
        id,
        &old.business_areas,
        &new.business_areas,
        "DELETE FROM company_business_areas WHERE company_id = ?1",
        |position, area| {
            execute(
                conn,
                "INSERT INTO company_business_areas (company_id, position, area) \
                 VALUES (?1, ?2, ?3)",
                params![id, position, area],
                &[],
            )
            .map(drop)
        },
    )?;
    rewrite_list(
        conn,
        id,
        &old.markets,
        &new.markets,
        "DELETE FROM company_markets WHERE company_id = ?1",
        |position, market| {
            execute(
                conn,
                "INSERT INTO company_markets (company_id, position, country) VALUES (?1, ?2, ?3)",
                params![id, position, market],
                &[],
            )
            .map(drop)
        },
    )?;
    rewrite_list(
        conn,
        id,
        &old.productions,
        &new.productions,
        "DELETE FROM company_productions WHERE company_id = ?1",
        |position, name| {
            execute(
                conn,
                "INSERT INTO company_productions (company_id, position, name) \
                 VALUES (?1, ?2, ?3)",
                params![id, position, name],
                &[],
            )
            .map(drop)
        },
    )?;
    rewrite_list(
        conn,
        id,
        &old.sources,
        &new.sources,
        "DELETE FROM company_sources WHERE company_id = ?1",
        |_, source| {
            execute(
                conn,
                "INSERT INTO company_sources (company_id, source_id) VALUES (?1, ?2)",
                params![id, source],
                &[Reference::source("sources", *source)],
            )
            .map(drop)
        },
    )?;
    rewrite_list(
        conn,
        id,
        &old.events,
        &new.events,
        "DELETE FROM events WHERE company_id = ?1",
        |_, event| insert_event(conn, id, event).map(drop),
    )?;
    rewrite_list(
        conn,
        id,
        &old.market_positions,
        &new.market_positions,
        "DELETE FROM market_positions WHERE company_id = ?1",
        |_, position| insert_market_position(conn, id, position).map(drop),
    )
}

/// The company `id` as stored, in the shape it is written in.
pub fn stored_company(conn: &Connection, id: i64) -> AppResult<NewCompany> {
    let mut company = super::rows::row_of(
        conn,
        "SELECT slug, name, kind, legal_form, country, headquarters, founded, parent_id, \
           name_article FROM companies WHERE id = ?1",
        id,
        "company",
        |r| {
            Ok(NewCompany {
                slug: r.next()?,
                name: r.next()?,
                kind: r.next()?,
                legal_form: r.next()?,
                country: r.next()?,
                headquarters: r.next()?,
                founded: r.next()?,
                parent: r.next()?,
                name_article: r.next()?,
                business_areas: Vec::new(),
                markets: Vec::new(),
                productions: Vec::new(),
                sources: Vec::new(),
                events: Vec::new(),
                market_positions: Vec::new(),
            })
        },
    )?;
    company.business_areas = super::rows::rows_of(
        conn,
        "SELECT area FROM company_business_areas WHERE company_id = ?1 ORDER BY position",
        id,
        |r| r.next(),
    )?;
    company.markets = super::rows::rows_of(
        conn,
        "SELECT country FROM company_markets WHERE company_id = ?1 ORDER BY position",
        id,
        |r| r.next(),
    )?;
    company.productions = super::rows::rows_of(
        conn,
        "SELECT name FROM company_productions WHERE company_id = ?1 ORDER BY position",
        id,
        |r| r.next(),
    )?;
    company.sources = super::rows::ids_where(
        conn,
        "SELECT source_id FROM company_sources WHERE company_id = ?1 ORDER BY source_id",
        id,
    )?;
    company.events = super::rows::rows_of(
        conn,
        "SELECT kind, occurred, record, source_id FROM events WHERE company_id = ?1 ORDER BY id",
        id,
        NewEvent::read,
    )?;
    company.market_positions = super::rows::rows_of(
        conn,
        "SELECT kind, market, reported_by, source_id FROM market_positions \
         WHERE company_id = ?1 ORDER BY id",
        id,
        |r| {
            Ok(NewMarketPosition {
                kind: r.next()?,
                market: r.next()?,
                reported_by: r.next()?,
                source: r.next()?,
            })
        },
    )?;
    Ok(company)
}

impl Record for NewCompany {
    const ENTITY: ChangeEntity = ChangeEntity::Company;

    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        insert_company(conn, self)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        stored_company(conn, id)
    }

    fn rewrite(conn: &Connection, id: i64, old: &Self, new: &Self) -> AppResult<()> {
        check_lists(new)?;
        execute(
            conn,
            "UPDATE companies SET slug = ?1, name = ?2, sort_name = ?3, kind = ?4, \
               legal_form = ?5, country = ?6, headquarters = ?7, founded = ?8, \
               name_article = ?9 WHERE id = ?10",
            params![
                new.slug,
                new.name,
                new.name.folded(),
                new.kind,
                new.legal_form,
                new.country,
                new.headquarters,
                new.founded,
                new.name_article,
                id
            ],
            &[],
        )?;
        if old.parent != new.parent {
            set_parent(conn, id, new.parent)?;
        }
        write_lists(conn, id, old, new)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        delete_company(conn, id)
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

/// The agreements the company `id` is party to, by id.
pub fn agreements_of_party(conn: &Connection, id: i64) -> AppResult<Vec<i64>> {
    super::rows::ids_where(
        conn,
        "SELECT DISTINCT agreement_id FROM parties WHERE company_id = ?1 ORDER BY agreement_id",
        id,
    )
}

/// Deletes the company `id` with everything that only describes it: its business areas,
/// markets, productions, sources, events, market positions, rivalries and the roles held at
/// it. Its subsidiaries lose their parent, positions it reported lose their reporter, quotes
/// stop naming it. The caller deletes the agreements it is party to first
/// ([`agreements_of_party`]): they are not the company's alone.
pub fn delete_company(conn: &Connection, id: i64) -> AppResult<()> {
    super::constraints::execute_each(
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

#[cfg(test)]
pub(super) mod write_tests {
    use super::*;
    use crate::db::test_connection;

    /// A company with only the fields a company must have.
    pub(in crate::db) fn company(slug: &str, name: &str) -> NewCompany {
        NewCompany {
            slug: Slug::parse(slug, "slug").expect("slug"),
            name: Name::parse(name, "name").expect("name"),
            kind: CompanyKind::MediaGroup,
            legal_form: None,
            country: None,
            headquarters: None,
            founded: None,
            parent: None,
            name_article: None,
            business_areas: Vec::new(),
            markets: Vec::new(),
            productions: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
            market_positions: Vec::new(),
        }
    }

    /// Asserts that `result` is a `BAD_USER_INPUT` naming `field`.
    pub(in crate::db) fn refused_naming(result: AppResult<()>, field: &str) {
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
}
