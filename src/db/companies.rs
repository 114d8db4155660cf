//! Companies and what hangs off them: business areas, markets, productions, aliases, external
//! identifiers, parents and subsidiaries; the company lists (all, subsidiaries, descendants, partners) with their typed
//! filters and orderings; and the one declaration of what a company is ([`Company`], with its
//! plain fields [`CompanyFields`]), which writes it whole. Its events ([`super::events`]),
//! market positions ([`super::market_positions`]) and rivalries ([`super::rivalries`]) are
//! declared and written on their own.

use std::collections::HashMap;

use crate::db::sql::Value as SqlValue;
use crate::db::sql::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::fields::{Fields, columns, row, trimmed};
use super::page::{List, MISSING_LAST, Side};
use super::rows::{Grouped, from_row, grouped, id_array, keyed, text_array};
use crate::error::AppResult;
use crate::model::{
    AliasKind, BusinessArea, CompanyKind, ExternalIdScheme, NameArticle, PartialDate, fold,
    name_key,
};

columns! {
    /// The plain fields of a company: the columns of its own row that hold values. The record
    /// files and the history name them as the struct does; the files' names are read trimmed,
    /// as the API trims them.
    pub struct CompanyFields in "companies" {
        /// Display name (a name, checked when written); its folded form is the sort name.
        #[serde(deserialize_with = "trimmed::one")]
        pub name: String,
        /// What kind of organisation it is.
        pub kind: CompanyKind,
        /// Legal form, such as `AG` (a name, checked when written).
        #[serde(default, deserialize_with = "trimmed::optional")]
        pub legal_form: Option<String>,
        /// The country it is based in (an ISO code, checked when written).
        #[serde(default)]
        pub country: Option<String>,
        /// Headquarters city (a name, checked when written).
        #[serde(default, deserialize_with = "trimmed::optional")]
        pub headquarters: Option<String>,
        /// Founding date at the precision known.
        #[serde(default)]
        pub founded: Option<PartialDate>,
        /// The article its name takes in running text, if any.
        #[serde(default)]
        pub name_article: Option<NameArticle>,
    }
}

row! {
    /// One company as stored: its identity, its parent, and its plain fields (which it
    /// dereferences to, so `row.name` reads the field).
    pub struct CompanyRow {
        /// Internal id.
        pub id: i64,
        /// The key its global id is made of: its first slug, which never changes.
        pub key: String,
        /// Human-readable key, which a rename changes (the old one goes on finding it).
        pub slug: String,
        /// The parent company's id.
        pub parent_id: Option<i64>,
        /// How many times it has been written: 1 when created.
        pub version: i64,
    }
    fields CompanyFields;
    columns pub static COLUMNS as "c";
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
    /// Based in any of these countries (ISO codes; never empty).
    pub countries: Option<Vec<String>>,
    /// Of any of these kinds (never empty).
    pub kinds: Option<Vec<CompanyKind>>,
    /// Belonging directly to the company with this key (of its global id), which must exist.
    pub parent: Option<String>,
    /// Whose folded name contains this text, folded.
    pub name_contains: Option<String>,
    /// Founded strictly after this date, at its precision.
    pub founded_after: Option<PartialDate>,
    /// Founded strictly before this date, at its precision.
    pub founded_before: Option<PartialDate>,
    /// Below the company with this key in the ownership tree, at any depth; it must exist.
    pub ancestor: Option<String>,
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
    List::new(COLUMNS.as_str(), "companies c", "c.sort_name", "c.id")
}

/// The companies that belong directly to each owner, read for many owners at once.
pub fn subsidiaries() -> List {
    list().owned_by("c.parent_id")
}

/// The companies that belong to each owner at any depth, read for many owners at once.
pub fn descendants() -> List {
    List::new(
        COLUMNS.as_str(),
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
        COLUMNS.as_str(),
        "(SELECT DISTINCT mine.company_id AS owner_id, other.company_id AS partner_id \
           FROM parties mine JOIN parties other ON other.agreement_id = mine.agreement_id \
           WHERE mine.company_id IN rarray(?1) AND other.company_id <> mine.company_id) pr \
         JOIN companies c ON c.id = pr.partner_id",
        "c.sort_name",
        "c.id",
    )
    .owned_by("pr.owner_id")
}

/// A subquery: the ids of the company whose key is bound to its one `?` and of every company
/// below it in the ownership tree, however deep (`UNION` stops at a cycle bad data might hold).
pub const GROUP_OF_KEY: &str = "WITH RECURSIVE grp(id) AS ( \
       SELECT id FROM companies WHERE key = ? \
       UNION SELECT child.id FROM companies child JOIN grp ON child.parent_id = grp.id) \
     SELECT id FROM grp";

/// Narrows and orders `list` (one of the lists above).
pub fn select(list: List, filter: &Filter, sort: Sort, descending: bool) -> List {
    ordered(narrow(list, filter), sort, descending)
}

/// Adds the conditions of `filter` to `list`, which reads companies as `c`.
pub fn narrow(mut list: List, filter: &Filter) -> List {
    if let Some(country) = &filter.country {
        list = list.filter("c.country = ?", [SqlValue::Text(country.clone())]);
    }
    if let Some(kind) = filter.kind {
        list = list.filter("c.kind = ?", [SqlValue::Text(kind.as_str().into())]);
    }
    if let Some(countries) = &filter.countries {
        list = list.filter(
            "c.country IN rarray(?)",
            [SqlValue::Array(text_array(countries))],
        );
    }
    if let Some(kinds) = &filter.kinds {
        let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        list = list.filter("c.kind IN rarray(?)", [SqlValue::Array(text_array(&kinds))]);
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
    if let Some(ancestor) = &filter.ancestor {
        list = list.require("company", "companies", ancestor).filter(
            format!("c.id IN ({GROUP_OF_KEY}) AND c.key <> ?"),
            [
                SqlValue::Text(ancestor.clone()),
                SqlValue::Text(ancestor.clone()),
            ],
        );
    }
    list
}

/// Orders `list` (companies as `c`) by `sort`.
pub fn ordered(list: List, sort: Sort, descending: bool) -> List {
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

/// The aliases of each of `ids`, in the order recorded.
pub fn aliases_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<Alias>> {
    grouped(
        conn,
        "SELECT company_id AS owner, name, kind, language FROM company_aliases \
         WHERE company_id IN rarray(?1) ORDER BY company_id, position",
        ids,
        Alias::read,
    )
}

/// The external identifiers of each of `ids`, in the order recorded.
pub fn external_ids_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<ExternalId>> {
    grouped(
        conn,
        "SELECT company_id AS owner, scheme, value FROM company_external_ids \
         WHERE company_id IN rarray(?1) ORDER BY company_id, position",
        ids,
        ExternalId::read,
    )
}

/// The company with the identifier `value` in `scheme`, if one has it.
pub fn by_external_id(
    conn: &Connection,
    scheme: ExternalIdScheme,
    value: &str,
) -> AppResult<Option<CompanyRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM company_external_ids e JOIN companies c ON c.id = e.company_id \
         WHERE e.scheme = ?1 AND e.value = ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![scheme, value], from_row(CompanyRow::read))
        .optional()?)
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
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
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
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------------
// Writes: the records, each declared once. Their `Record` functions take a connection inside the
// caller's transaction, check the record under the rules the data must obey, derive what is derived
// (`sort_name`), and return the new row's id.
// ---------------------------------------------------------------------------------------------

use super::constraints::{Reference, distinct, execute};
use super::record::{Namer, Record, ValueList, rewrite_list};
use crate::error::{AppError, Existing};
use crate::model::{
    ChangeEntity, CountryCode, EntityKind, Name, Slug, check_alias_name, check_language_code,
};

/// A company with its parent, business areas, markets, productions, aliases, identifiers and
/// sources: the one
/// declaration of what a company is, in every form it takes. `R` is how it names other
/// records: by storage id when it is written (`Company<i64>`, the [`Record`]), by slug in the
/// record files and the history (`Company<String>`). In the seed, whose companies may name a
/// parent defined later, the parent is set with [`set_parent`] once both exist.
///
/// The events in its history ([`super::events`]) and its market positions
/// ([`super::market_positions`]) are written on their own; the record files list them with
/// the company ([`super::files::CompanyLists`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Company<R = String> {
    /// Human-readable key (checked when written).
    pub slug: String,
    /// Its plain fields.
    #[serde(flatten)]
    pub fields: CompanyFields,
    /// The company it belongs to.
    #[serde(default)]
    pub parent: Option<R>,
    /// Its lines of business, in order, each once.
    #[serde(default)]
    pub business_areas: Vec<BusinessArea>,
    /// The markets it serves (ISO codes, checked when written), in order, each once.
    #[serde(default)]
    pub markets: Vec<String>,
    /// Names of what it produces (checked when written), in order.
    #[serde(default, deserialize_with = "trimmed::all")]
    pub productions: Vec<String>,
    /// Other names it goes by (checked when written), in order, each once.
    #[serde(default)]
    pub aliases: Vec<Alias>,
    /// Its identifiers in registers and other schemes (checked when written), in order, each
    /// once; no other company may have one of them.
    #[serde(default)]
    pub external_ids: Vec<ExternalId>,
    /// The sources that report on it, each once (in id order when written).
    #[serde(default)]
    pub sources: Vec<R>,
}

/// Another name a company goes by: an abbreviation, a short, former or trade name, its name in
/// another script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The name as written (a name with a letter or digit, checked when written).
    #[serde(deserialize_with = "trimmed::one")]
    pub name: String,
    /// What kind of name it is.
    pub kind: AliasKind,
    /// The language it belongs to, as an ISO 639-1 code (checked when written); none for a
    /// name used across languages.
    #[serde(default)]
    pub language: Option<String>,
}

impl Alias {
    fn read(r: &mut super::rows::Columns<'_, '_>) -> crate::db::sql::Result<Self> {
        Ok(Self {
            name: r.next()?,
            kind: r.next()?,
            language: r.next()?,
        })
    }
}

/// A company's identifier in a register or other scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalId {
    /// The scheme.
    pub scheme: ExternalIdScheme,
    /// The identifier as the scheme writes it (checked when written).
    #[serde(deserialize_with = "trimmed::one")]
    pub value: String,
}

impl ExternalId {
    fn read(r: &mut super::rows::Columns<'_, '_>) -> crate::db::sql::Result<Self> {
        Ok(Self {
            scheme: r.next()?,
            value: r.next()?,
        })
    }
}

impl std::fmt::Display for ExternalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:?}", self.scheme, self.value)
    }
}

/// A company's business areas, markets (ISO codes), productions and sources, each in a table
/// of its own.
const BUSINESS_AREAS: ValueList =
    ValueList::ordered("company_business_areas", "company_id", "area");
const COMPANY_MARKETS: ValueList = ValueList::ordered("company_markets", "company_id", "country");
const PRODUCTIONS: ValueList = ValueList::ordered("company_productions", "company_id", "name");
const COMPANY_SOURCES: ValueList = ValueList::sources("company_sources", "company_id");

impl<R> Company<R> {
    /// The same company naming other records as `name` turns each reference into; `name` is
    /// told the kind of record referred to and the field (as the API spells it) that refers.
    pub fn map_refs<S>(
        self,
        name: &mut impl FnMut(ChangeEntity, &'static str, R) -> AppResult<S>,
    ) -> AppResult<Company<S>> {
        Ok(Company {
            slug: self.slug,
            fields: self.fields,
            parent: self
                .parent
                .map(|p| name(ChangeEntity::Company, "parent", p))
                .transpose()?,
            business_areas: self.business_areas,
            markets: self.markets,
            productions: self.productions,
            aliases: self.aliases,
            external_ids: self.external_ids,
            sources: self
                .sources
                .into_iter()
                .map(|s| name(ChangeEntity::Source, "sources", s))
                .collect::<AppResult<_>>()?,
        })
    }
}

impl Company<i64> {
    /// The rules of a company of its own: a well-formed slug, names and country codes; each
    /// business area, market and source once; aliases that are names with a letter or digit
    /// in a known language, none the same as the name or another alias once folded as search
    /// folds them; identifiers each well-formed for its scheme, and each once. A refusal is
    /// `BAD_USER_INPUT` naming the field.
    fn check(&self) -> AppResult<()> {
        Slug::parse(&self.slug, "slug")?;
        let fields = &self.fields;
        Name::parse(&fields.name, "name")?;
        if let Some(legal_form) = &fields.legal_form {
            Name::parse(legal_form, "legalForm")?;
        }
        if let Some(country) = &fields.country {
            CountryCode::parse(country, "country")?;
        }
        if let Some(headquarters) = &fields.headquarters {
            Name::parse(headquarters, "headquarters")?;
        }
        for market in &self.markets {
            CountryCode::parse(market, "markets")?;
        }
        for production in &self.productions {
            Name::parse(production, "productions")?;
        }
        distinct(&self.business_areas, "businessAreas")?;
        distinct(&self.markets, "markets")?;
        distinct(&self.sources, "sources")?;
        let mut keys = vec![name_key(&fields.name)];
        for alias in &self.aliases {
            check_alias_name(&alias.name, "aliases.name")?;
            if let Some(language) = &alias.language {
                check_language_code(language, "aliases.language")?;
            }
            let key = name_key(&alias.name);
            if keys[0] == key {
                return Err(AppError::bad_input(
                    "aliases",
                    format!("{:?} is the company's own name", alias.name),
                ));
            }
            if keys.contains(&key) {
                return Err(AppError::bad_input(
                    "aliases",
                    format!("lists {:?} twice (as search folds it: {key:?})", alias.name),
                ));
            }
            keys.push(key);
        }
        for id in &self.external_ids {
            id.scheme.check(&id.value, "externalIds.value")?;
        }
        distinct(&self.external_ids, "externalIds")
    }

    /// The keys ([`name_key`]) of its name and aliases, the name's first.
    pub fn name_keys(&self) -> Vec<String> {
        std::iter::once(&self.fields.name)
            .chain(self.aliases.iter().map(|a| &a.name))
            .map(|n| name_key(n))
            .collect()
    }

    /// Rewrites the lists of the company `id` that differ from `old`'s.
    fn write_lists(&self, conn: &Connection, id: i64, old: &Self) -> AppResult<()> {
        BUSINESS_AREAS.rewrite(conn, id, &old.business_areas, &self.business_areas)?;
        COMPANY_MARKETS.rewrite(conn, id, &old.markets, &self.markets)?;
        PRODUCTIONS.rewrite(conn, id, &old.productions, &self.productions)?;
        rewrite_list(
            conn,
            id,
            &old.aliases,
            &self.aliases,
            "DELETE FROM company_aliases WHERE company_id = ?1",
            |position, alias| {
                execute(
                    conn,
                    "INSERT INTO company_aliases \
                     (company_id, position, name, kind, language, name_key) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        id,
                        position,
                        alias.name,
                        alias.kind,
                        alias.language,
                        name_key(&alias.name)
                    ],
                    &[],
                )
                .map(drop)
            },
        )?;
        rewrite_list(
            conn,
            id,
            &old.external_ids,
            &self.external_ids,
            "DELETE FROM company_external_ids WHERE company_id = ?1",
            |position, external| {
                check_external_id_free(conn, id, external)?;
                execute(
                    conn,
                    "INSERT INTO company_external_ids (company_id, position, scheme, value) \
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, position, external.scheme, external.value],
                    &[],
                )
                .map(drop)
            },
        )?;
        COMPANY_SOURCES.rewrite_sources(conn, id, &old.sources, &self.sources)
    }

    /// `self` without its lists: what a new company's lists are rewritten from.
    fn without_lists(&self) -> Self {
        Self {
            business_areas: Vec::new(),
            markets: Vec::new(),
            productions: Vec::new(),
            aliases: Vec::new(),
            external_ids: Vec::new(),
            sources: Vec::new(),
            ..self.clone()
        }
    }
}

impl Record for Company<i64> {
    const ENTITY: ChangeEntity = ChangeEntity::Company;
    type Named = Company<String>;

    fn slug(&self) -> Option<&str> {
        Some(&self.slug)
    }

    /// Stores a company with its business areas, markets, productions, aliases, identifiers
    /// and sources, under the rules of `Company::check`, with its sort name (the folded name)
    /// and its name's key ([`name_key`]).
    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        self.check()?;
        let sort_name = fold(&self.fields.name);
        let key = name_key(&self.fields.name);
        let id = self.fields.insert(
            conn,
            &[
                ("slug", &self.slug),
                ("sort_name", &sort_name),
                ("name_key", &key),
            ],
            &[],
        )?;
        if self.parent.is_some() {
            set_parent(conn, id, self.parent)?;
        }
        self.write_lists(conn, id, &self.without_lists())?;
        Ok(id)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        let ((slug, parent), fields) =
            CompanyFields::stored(conn, id, "company", &["slug", "parent_id"], |r| {
                Ok((r.next()?, r.next()?))
            })?;
        Ok(Self {
            slug,
            fields,
            parent,
            business_areas: BUSINESS_AREAS.read(conn, id)?,
            markets: COMPANY_MARKETS.read(conn, id)?,
            productions: PRODUCTIONS.read(conn, id)?,
            aliases: aliases_of(conn, &[id])?.remove(&id).unwrap_or_default(),
            external_ids: external_ids_of(conn, &[id])?
                .remove(&id)
                .unwrap_or_default(),
            sources: COMPANY_SOURCES.read(conn, id)?,
        })
    }

    fn rewrite(conn: &Connection, id: i64, old: &Self, new: &Self) -> AppResult<()> {
        new.check()?;
        let sort_name = fold(&new.fields.name);
        let key = name_key(&new.fields.name);
        new.fields.update(
            conn,
            id,
            &[
                ("slug", &new.slug),
                ("sort_name", &sort_name),
                ("name_key", &key),
            ],
            &[],
        )?;
        if old.parent != new.parent {
            set_parent(conn, id, new.parent)?;
        }
        new.write_lists(conn, id, old)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        delete_company(conn, id)
    }

    fn named(&self, name: &mut Namer<'_>) -> AppResult<Company<String>> {
        self.clone().map_refs(&mut |entity, _, id| name(entity, id))
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
                   SELECT CAST(?1 AS BIGINT) \
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

/// The stored company `id` as a [`CONFLICT`](AppError::Conflict) names it.
fn existing(conn: &Connection, id: i64) -> AppResult<Existing> {
    let (key, slug, name) = conn
        .prepare_cached("SELECT key, slug, name FROM companies WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(Existing {
        kind: EntityKind::Company,
        key,
        slug,
        name,
    })
}

/// Refuses the identifier `external` for the company `id` when another company has it: a
/// `CONFLICT` naming `externalIds` and that company. (The table's UNIQUE constraint would
/// refuse it too, without saying whose it is.)
fn check_external_id_free(conn: &Connection, id: i64, external: &ExternalId) -> AppResult<()> {
    let owner: Option<i64> = conn
        .prepare_cached(
            "SELECT company_id FROM company_external_ids \
             WHERE scheme = ?1 AND value = ?2 AND company_id <> ?3",
        )?
        .query_row(params![external.scheme, external.value, id], |r| r.get(0))
        .optional()?;
    let Some(owner) = owner else {
        return Ok(());
    };
    let other = existing(conn, owner)?;
    Err(AppError::conflict_with(
        "externalIds",
        format!(
            "{external} is the identifier of the company {:?} ({}); an identifier belongs to \
             one company",
            other.name, other.slug
        ),
        other,
    ))
}

/// Refuses the company `id`, stored as `company`, when its name or an alias, folded as search
/// folds names ([`name_key`]), is the name or an alias of another company, unless the client
/// says the two are different companies by listing the other in `different_from` (ids). Only
/// the names whose keys are not among `known` (the keys the company had before a change; none
/// for a new company) are checked, so that names it has already are never refused again. A
/// refusal is a `CONFLICT` naming `name` or `aliases` and the other company, the first in id
/// order. Run once the company is written, so that its own rules (and a taken slug) are
/// reported first; the caller's transaction then writes nothing. Imports and the seed are not
/// checked: a dataset may hold two companies of one name.
pub fn check_names_free(
    conn: &Connection,
    id: i64,
    company: &Company<i64>,
    known: &[String],
    different_from: &[i64],
) -> AppResult<()> {
    let names: Vec<(&'static str, &str, String)> = std::iter::once(("name", &company.fields.name))
        .chain(company.aliases.iter().map(|a| ("aliases", &a.name)))
        .map(|(field, name)| (field, name.as_str(), name_key(name)))
        .filter(|(_, _, key)| !key.is_empty() && !known.contains(key))
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    let keys: Vec<&str> = names.iter().map(|(_, _, key)| key.as_str()).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name_key AS matched FROM companies c \
         WHERE c.name_key IN rarray(?1) AND c.id <> ?2 \
         UNION ALL \
         SELECT a.company_id, a.name_key FROM company_aliases a \
         WHERE a.name_key IN rarray(?1) AND a.company_id <> ?2 \
         ORDER BY 1",
    )?;
    let clashes: Vec<(i64, String)> = stmt
        .query_map(params![super::rows::text_array(&keys), id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<crate::db::sql::Result<_>>()?;
    for (field, name, key) in &names {
        let Some((owner, _)) = clashes
            .iter()
            .find(|(owner, matched)| matched == key && !different_from.contains(owner))
        else {
            continue;
        };
        let other = existing(conn, *owner)?;
        return Err(AppError::conflict_with(
            field,
            format!(
                "{name:?} is a name of the company {:?} ({}) already; if this is another \
                 company, list that company's id in `differentFrom`",
                other.name, other.slug
            ),
            other,
        ));
    }
    Ok(())
}

/// Gives every company stored without its name's key ([`name_key`]; those stored before
/// the key was kept) its key. Returns how many it gave one.
pub fn fill_name_keys(conn: &Connection) -> AppResult<usize> {
    let missing: Vec<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM companies WHERE name_key IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::sql::Result<_>>()?;
    for (id, name) in &missing {
        execute(
            conn,
            "UPDATE companies SET name_key = ?1 WHERE id = ?2",
            params![name_key(name), id],
            &[],
        )?;
    }
    Ok(missing.len())
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
/// markets, productions, aliases, identifiers, sources, events, market positions, rivalries and the roles held at
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
            "DELETE FROM company_aliases WHERE company_id = ?1",
            "DELETE FROM company_external_ids WHERE company_id = ?1",
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
    pub(in crate::db) fn company(slug: &str, name: &str) -> Company<i64> {
        Company {
            slug: slug.to_owned(),
            fields: CompanyFields {
                name: name.to_owned(),
                kind: CompanyKind::MediaGroup,
                legal_form: None,
                country: None,
                headquarters: None,
                founded: None,
                name_article: None,
            },
            parent: None,
            business_areas: Vec::new(),
            markets: Vec::new(),
            productions: Vec::new(),
            aliases: Vec::new(),
            external_ids: Vec::new(),
            sources: Vec::new(),
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
        let id = company("m", "Müller Straße").insert(&conn).expect("stored");
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
        c.markets = vec!["DE".to_owned(), "DE".to_owned()];
        match c.insert(&conn) {
            Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "markets"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_company_cannot_be_its_own_parent_nor_below_its_child() {
        let conn = test_connection();
        let top = company("top", "Top").insert(&conn).expect("top");
        let middle = company("middle", "Middle").insert(&conn).expect("middle");
        let bottom = company("bottom", "Bottom").insert(&conn).expect("bottom");
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
