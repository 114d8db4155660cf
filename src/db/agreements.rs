//! Agreements between companies: their parties, scopes and markets, how they nest (a
//! partnership that is part of a programme), and the agreement lists with their typed filters
//! and orderings.

use std::collections::HashMap;

use crate::db::sql::Value as SqlValue;
use crate::db::sql::{Connection, OptionalExtension, params};

use super::companies::CompanyRow;
use super::fields::{Fields, columns, row};
use super::page::{List, MISSING_LAST, Side};
use super::rows::{Grouped, from_row, grouped, id_array, keyed, text_array};
use crate::error::AppResult;
use crate::model::{AgreementKind, AgreementStatus, CompanyKind, PartialDate, PartyRole, Scope};

columns! {
    /// The plain fields of an agreement: the columns of its own row that hold values. The
    /// record files and the history name them as the struct does.
    pub struct AgreementFields in "agreements" {
        /// What kind of agreement.
        pub kind: AgreementKind,
        /// How far it has come.
        pub status: AgreementStatus,
        /// When it was announced.
        #[serde(default)]
        pub announced: Option<PartialDate>,
        /// When it was signed.
        #[serde(default)]
        pub signed: Option<PartialDate>,
        /// Whether it is planned in several stages.
        #[serde(default)]
        pub multi_stage: bool,
        /// How many partners the sources say it has, which may exceed the parties recorded.
        #[serde(default)]
        pub partner_count: Option<u32>,
        /// The country the sources say those partners come from (an ISO code, checked when
        /// written).
        #[serde(default)]
        pub partner_country: Option<String>,
    }
}

row! {
    /// One agreement as stored: its identity, the agreement it is part of, and its plain fields
    /// (which it dereferences to, so `row.kind` reads the field).
    pub struct AgreementRow {
        /// Internal id.
        pub id: i64,
        /// The key its global id is made of: its first slug, which never changes.
        pub key: String,
        /// Human-readable key, which a rename changes.
        pub slug: String,
        /// The umbrella agreement or programme it belongs to.
        pub part_of_id: Option<i64>,
        /// Counts its changes.
        pub version: i64,
    }
    fields AgreementFields;
    columns pub static COLUMNS as "a";
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

/// The agreement with this slug, now or before a rename.
pub fn by_slug(conn: &Connection, slug: &str) -> AppResult<Option<AgreementRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM agreements a WHERE a.slug = ?1 OR a.id = {}",
        super::record::former_slug_owner(ChangeEntity::Agreement)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![slug], from_row(AgreementRow::read))
        .optional()?)
}

/// The agreements with these keys (the keys of their global ids), by key.
pub fn by_keys<S: AsRef<str>>(
    conn: &Connection,
    keys: &[S],
) -> AppResult<HashMap<String, AgreementRow>> {
    let sql = format!("SELECT {COLUMNS} FROM agreements a WHERE a.key IN rarray(?1)");
    keyed(conn, &sql, text_array(keys), AgreementRow::read, |r| {
        r.key.clone()
    })
}

/// The agreements with these ids, by id.
pub fn by_ids(conn: &Connection, ids: &[i64]) -> AppResult<HashMap<i64, AgreementRow>> {
    let sql = format!("SELECT {COLUMNS} FROM agreements a WHERE a.id IN rarray(?1)");
    keyed(
        conn,
        &sql,
        id_array(ids.iter().copied()),
        AgreementRow::read,
        |r| r.id,
    )
}

/// Conditions on a list of agreements; all given must hold. Values are already checked.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// With the company with this key (of its global id) among its parties; it must exist.
    pub party: Option<String>,
    /// Covering this scope.
    pub scope: Option<Scope>,
    /// Covering this market (an ISO code).
    pub market: Option<String>,
    /// Of this kind.
    pub kind: Option<AgreementKind>,
    /// With this status.
    pub status: Option<AgreementStatus>,
    /// Belonging to the agreement with this key (of its global id); it must exist.
    pub part_of: Option<String>,
    /// Announced strictly after this date, at its precision.
    pub announced_after: Option<PartialDate>,
    /// Announced strictly before this date, at its precision.
    pub announced_before: Option<PartialDate>,
    /// With any of the companies with these keys among its parties; each must exist.
    pub parties: Option<Vec<String>>,
    /// Covering any of these scopes.
    pub scopes: Option<Vec<Scope>>,
    /// Covering any of these markets (ISO codes).
    pub markets: Option<Vec<String>>,
    /// Of any of these kinds.
    pub kinds: Option<Vec<AgreementKind>>,
    /// With any of these statuses.
    pub statuses: Option<Vec<AgreementStatus>>,
    /// Signed strictly after this date, at its precision.
    pub signed_after: Option<PartialDate>,
    /// Signed strictly before this date, at its precision.
    pub signed_before: Option<PartialDate>,
    /// With the company with this key among its parties, or any company below it in the
    /// ownership tree, however deep; it must exist.
    pub party_group: Option<String>,
    /// Not matching this filter (every condition of which must hold for an agreement to be
    /// left out).
    pub not: Option<Box<Filter>>,
}

/// What a list of agreements is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// The slug.
    #[default]
    Slug,
    /// The announcement date, missing last.
    Announced,
    /// The signing date, missing last.
    Signed,
}

impl Sort {
    /// The name that ties a cursor to this ordering.
    pub fn name(self) -> &'static str {
        match self {
            Self::Slug => "SLUG",
            Self::Announced => "ANNOUNCED",
            Self::Signed => "SIGNED",
        }
    }
}

/// All agreements.
pub fn list() -> List {
    List::new(COLUMNS.as_str(), "agreements a", "a.slug", "a.id")
}

/// The agreements each owner (a company) is party to, read for many owners at once.
pub fn of_companies() -> List {
    List::new(
        COLUMNS.as_str(),
        "agreements a JOIN parties op ON op.agreement_id = a.id",
        "a.slug",
        "a.id",
    )
    .owned_by("op.company_id")
}

/// Narrows and orders `list` (one of the lists above).
pub fn select(list: List, filter: &Filter, sort: Sort, descending: bool) -> List {
    ordered(narrow(list, filter), sort, descending)
}

/// Keeps the agreements with a row in `table` (a list beside agreements: scopes, markets) whose
/// `column` passes `test` (`= ?` or `IN rarray(?)`, taking `value`): for a page, a test on each
/// agreement along the list's order; for a count, the agreements gathered from `table` first.
fn covering(list: List, table: &str, column: &str, test: &str, value: SqlValue) -> List {
    list.filter_spelled(
        format!(
            "EXISTS (SELECT 1 FROM {table} x WHERE x.agreement_id = a.id AND x.{column} {test})"
        ),
        format!("a.id IN (SELECT agreement_id FROM {table} WHERE {column} {test})"),
        [value],
    )
}

/// Orders `list` (agreements as `a`) by `sort`.
pub fn ordered(list: List, sort: Sort, descending: bool) -> List {
    let sort = match sort {
        Sort::Slug => "a.slug".to_owned(),
        Sort::Announced => format!("coalesce(a.announced, {MISSING_LAST})"),
        Sort::Signed => format!("coalesce(a.signed, {MISSING_LAST})"),
    };
    list.ordered(sort, descending)
}

/// Adds the conditions of `filter` to `list`, which reads agreements as `a`.
///
/// A party has few agreements: they are gathered first. A scope or a market is one of few
/// values, each held by many agreements, so it is spelled two ways (`covering`): a page
/// tests each agreement along the list's order until it is full, a count gathers them first.
pub fn narrow(mut list: List, filter: &Filter) -> List {
    if let Some(party) = &filter.party {
        list = list.require("company", "companies", party).filter(
            "a.id IN (SELECT p.agreement_id FROM parties p JOIN companies c ON c.id = p.company_id \
             WHERE c.key = ?)",
            [SqlValue::Text(party.clone())],
        );
    }
    if let Some(scope) = filter.scope {
        list = covering(
            list,
            "agreement_scopes",
            "scope",
            "= ?",
            SqlValue::Text(scope.as_str().into()),
        );
    }
    if let Some(market) = &filter.market {
        list = covering(
            list,
            "agreement_markets",
            "country",
            "= ?",
            SqlValue::Text(market.clone()),
        );
    }
    if let Some(kind) = filter.kind {
        list = list.filter("a.kind = ?", [SqlValue::Text(kind.as_str().into())]);
    }
    if let Some(parties) = &filter.parties {
        for party in parties {
            list = list.require("company", "companies", party);
        }
        list = list.filter(
            "a.id IN (SELECT p.agreement_id FROM parties p JOIN companies c ON c.id = p.company_id \
             WHERE c.key IN rarray(?))",
            [SqlValue::Array(text_array(parties))],
        );
    }
    if let Some(scopes) = &filter.scopes {
        let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
        list = covering(
            list,
            "agreement_scopes",
            "scope",
            "IN rarray(?)",
            SqlValue::Array(text_array(&scopes)),
        );
    }
    if let Some(markets) = &filter.markets {
        list = covering(
            list,
            "agreement_markets",
            "country",
            "IN rarray(?)",
            SqlValue::Array(text_array(markets)),
        );
    }
    if let Some(kinds) = &filter.kinds {
        let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        list = list.filter("a.kind IN rarray(?)", [SqlValue::Array(text_array(&kinds))]);
    }
    if let Some(statuses) = &filter.statuses {
        let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
        list = list.filter(
            "a.status IN rarray(?)",
            [SqlValue::Array(text_array(&statuses))],
        );
    }
    if let Some(status) = filter.status {
        list = list.filter("a.status = ?", [SqlValue::Text(status.as_str().into())]);
    }
    if let Some(part_of) = &filter.part_of {
        list = list.require("agreement", "agreements", part_of).filter(
            "a.part_of_id = (SELECT id FROM agreements WHERE key = ?)",
            [SqlValue::Text(part_of.clone())],
        );
    }
    if let Some(date) = filter.announced_after {
        list = list.date_filter("a.announced", Side::After, date);
    }
    if let Some(date) = filter.announced_before {
        list = list.date_filter("a.announced", Side::Before, date);
    }
    if let Some(date) = filter.signed_after {
        list = list.date_filter("a.signed", Side::After, date);
    }
    if let Some(date) = filter.signed_before {
        list = list.date_filter("a.signed", Side::Before, date);
    }
    if let Some(group) = &filter.party_group {
        list = list.require("company", "companies", group).filter(
            format!(
                "a.id IN (SELECT p.agreement_id FROM parties p WHERE p.company_id IN ({}))",
                super::companies::GROUP_OF_KEY
            ),
            [SqlValue::Text(group.clone())],
        );
    }
    if let Some(not) = &filter.not {
        list = list.excluding(narrow(self::list(), not));
    }
    list
}

/// The parties of each of the agreements `ids` with their companies, in order.
pub fn parties_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<(PartyRow, CompanyRow)>> {
    let sql = format!(
        "SELECT p.agreement_id AS owner, p.agreement_id, p.company_id, p.role, p.first_from_country, {} \
         FROM parties p JOIN companies c ON c.id = p.company_id \
         WHERE p.agreement_id IN rarray(?1) ORDER BY p.agreement_id, p.position",
        super::companies::COLUMNS
    );
    grouped(conn, &sql, ids, |r| {
        Ok((
            PartyRow {
                agreement_id: r.next()?,
                company_id: r.next()?,
                role: r.next()?,
                first_from_country: r.next()?,
            },
            CompanyRow::read(r)?,
        ))
    })
}

/// A party as a summary or title names it: only what they say of its company.
#[derive(Debug, Clone)]
pub struct PartyName {
    /// What it is to the agreement.
    pub role: PartyRole,
    /// Whether the sources call it the first partner from its country.
    pub first_from_country: bool,
    /// The company's name.
    pub name: String,
    /// The company's kind.
    pub kind: CompanyKind,
    /// The company's country (ISO code).
    pub country: Option<String>,
    /// The article the company's name takes, if any.
    pub name_article: Option<crate::model::NameArticle>,
}

/// The parties of each of the agreements `ids`, in order, as summaries and titles name them.
/// Lighter than [`parties_of`]: a page of summaries reads them for its agreements and for every
/// umbrella and component they name.
pub fn party_names_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<PartyName>> {
    grouped(
        conn,
        "SELECT p.agreement_id AS owner, p.role, p.first_from_country, c.name, c.kind, c.country, \
           c.name_article FROM parties p JOIN companies c ON c.id = p.company_id \
         WHERE p.agreement_id IN rarray(?1) ORDER BY p.agreement_id, p.position",
        ids,
        |r| {
            Ok(PartyName {
                role: r.next()?,
                first_from_country: r.next()?,
                name: r.next()?,
                kind: r.next()?,
                country: r.next()?,
                name_article: r.next()?,
            })
        },
    )
}

/// The scopes of each of the agreements `ids`, in order.
pub fn scopes_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<ScopeRow>> {
    grouped(
        conn,
        "SELECT agreement_id AS owner, scope, initial_focus FROM agreement_scopes \
         WHERE agreement_id IN rarray(?1) ORDER BY agreement_id, position",
        ids,
        |r| {
            Ok(ScopeRow {
                scope: r.next()?,
                initial_focus: r.next()?,
            })
        },
    )
}

/// The markets (country codes) of each of the agreements `ids`, in order.
pub fn markets_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<String>> {
    grouped(
        conn,
        "SELECT agreement_id AS owner, country FROM agreement_markets \
         WHERE agreement_id IN rarray(?1) ORDER BY agreement_id, position",
        ids,
        |r| r.next(),
    )
}

/// The agreements that belong to each of the agreements `ids`, by slug.
pub fn components_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<AgreementRow>> {
    let sql = format!(
        "SELECT a.part_of_id AS owner, {COLUMNS} FROM agreements a \
         WHERE a.part_of_id IN rarray(?1) ORDER BY a.part_of_id, a.slug, a.id"
    );
    grouped(conn, &sql, ids, AgreementRow::read)
}

/// The agreements from id `after` on, in id order, at most `limit`: for reading every
/// agreement in chunks.
pub fn chunk(conn: &Connection, after: i64, limit: usize) -> AppResult<Vec<AgreementRow>> {
    let sql = format!("SELECT {COLUMNS} FROM agreements a WHERE a.id > ?1 ORDER BY a.id LIMIT ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![after, i64::try_from(limit).unwrap_or(i64::MAX)],
        from_row(AgreementRow::read),
    )?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------------
// Writes: the records, each declared once. Their `Record` functions take a connection inside the
// caller's transaction, check the record under the rules the data must obey, and return the new
// row's id.
// ---------------------------------------------------------------------------------------------

use serde::{Deserialize, Serialize};

use super::constraints::{Reference, distinct, execute};
use super::record::{Record, ValueList, rewrite_list};
use crate::error::AppError;
use crate::model::{ChangeEntity, CountryCode, Slug};

/// An agreement with its parties, scopes, markets and sources: the one declaration of what an
/// agreement is, in every form it takes. `R` is how it names other records: by storage id
/// when it is written (`Agreement<i64>`, the [`Record`]), by slug in the record files and the
/// history (`Agreement<String>`). In the seed, whose agreements may name one defined later,
/// the agreement it is part of is set with [`set_part_of`] once both exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement<R = String> {
    /// Human-readable key (checked when written).
    pub slug: String,
    /// Its plain fields.
    #[serde(flatten)]
    pub fields: AgreementFields,
    /// The agreement it is part of.
    #[serde(default)]
    pub part_of: Option<R>,
    /// The markets it covers (ISO codes, checked when written), in order, each once.
    #[serde(default)]
    pub markets: Vec<String>,
    /// The fields it covers, in order, each once.
    #[serde(default)]
    pub scopes: Vec<Scope>,
    /// The fields among `scopes` the parties start with, in the order of `scopes`.
    #[serde(default)]
    pub initial_focus: Vec<Scope>,
    /// Its parties, in order, each company once.
    #[serde(default)]
    pub parties: Vec<Party<R>>,
    /// The sources that report on it, each once (in id order when written).
    #[serde(default)]
    pub sources: Vec<R>,
}

/// A company's part in an agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party<R = String> {
    /// The company.
    pub company: R,
    /// What it is to the agreement.
    pub role: PartyRole,
    /// Whether the sources call it the first partner from its country.
    #[serde(default)]
    pub first_from_country: bool,
}

/// An agreement's markets (ISO codes) and sources, each in a table of its own.
const AGREEMENT_MARKETS: ValueList =
    ValueList::ordered("agreement_markets", "agreement_id", "country");
const AGREEMENT_SOURCES: ValueList = ValueList::sources("agreement_sources", "agreement_id");

impl<R> Agreement<R> {
    /// The same agreement naming other records as `name` turns each reference into; `name`
    /// is told the kind of record referred to and the field (as the API spells it) that
    /// refers.
    pub fn map_refs<S>(
        self,
        name: &mut impl FnMut(ChangeEntity, &'static str, R) -> AppResult<S>,
    ) -> AppResult<Agreement<S>> {
        Ok(Agreement {
            slug: self.slug,
            fields: self.fields,
            part_of: self
                .part_of
                .map(|a| name(ChangeEntity::Agreement, "partOf", a))
                .transpose()?,
            markets: self.markets,
            scopes: self.scopes,
            initial_focus: self.initial_focus,
            parties: self
                .parties
                .into_iter()
                .map(|p| {
                    Ok(Party {
                        company: name(ChangeEntity::Company, "parties", p.company)?,
                        role: p.role,
                        first_from_country: p.first_from_country,
                    })
                })
                .collect::<AppResult<_>>()?,
            sources: self
                .sources
                .into_iter()
                .map(|s| name(ChangeEntity::Source, "sources", s))
                .collect::<AppResult<_>>()?,
        })
    }
}

impl Agreement<i64> {
    /// The rules of an agreement of its own: a well-formed slug and country codes; at least two
    /// parties (a programme may have just its organiser), each once; an initial focus among the
    /// scopes; each scope, market and source once. A refusal is `BAD_USER_INPUT` naming the
    /// field.
    fn check(&self) -> AppResult<()> {
        Slug::parse(&self.slug, "slug")?;
        if let Some(country) = &self.fields.partner_country {
            CountryCode::parse(country, "partnerCountry")?;
        }
        for market in &self.markets {
            CountryCode::parse(market, "markets")?;
        }
        let lone_organiser = self.fields.kind == AgreementKind::Programme
            && self.parties.len() == 1
            && self.parties[0].role == PartyRole::Organiser;
        if self.parties.len() < 2 && !lone_organiser {
            return Err(AppError::bad_input(
                "parties",
                "an agreement has at least two parties; a programme may have one, its organiser",
            ));
        }
        if let Some(scope) = self.initial_focus.iter().find(|s| !self.scopes.contains(s)) {
            return Err(AppError::bad_input(
                "initialFocus",
                format!("{scope} is not one of the agreement's scopes"),
            ));
        }
        distinct(&self.scopes, "scopes")?;
        distinct(&self.markets, "markets")?;
        distinct(&self.sources, "sources")?;
        let companies: Vec<i64> = self.parties.iter().map(|p| p.company).collect();
        distinct(&companies, "parties")
    }

    /// Its scopes, each with whether it is an initial focus: the rows of `agreement_scopes`.
    fn scope_rows(&self) -> Vec<(Scope, bool)> {
        self.scopes
            .iter()
            .map(|s| (*s, self.initial_focus.contains(s)))
            .collect()
    }

    /// Rewrites the lists of the agreement `id` that differ from `old`'s.
    fn write_lists(&self, conn: &Connection, id: i64, old: &Self) -> AppResult<()> {
        rewrite_list(
            conn,
            id,
            &old.parties,
            &self.parties,
            "DELETE FROM parties WHERE agreement_id = ?1",
            |position, party| {
                execute(
                    conn,
                    "INSERT INTO parties \
                       (agreement_id, company_id, position, role, first_from_country) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        id,
                        party.company,
                        position,
                        party.role,
                        party.first_from_country
                    ],
                    &[Reference::company("parties", party.company)],
                )
                .map(drop)
            },
        )?;
        rewrite_list(
            conn,
            id,
            &old.scope_rows(),
            &self.scope_rows(),
            "DELETE FROM agreement_scopes WHERE agreement_id = ?1",
            |position, (scope, initial_focus)| {
                execute(
                    conn,
                    "INSERT INTO agreement_scopes (agreement_id, position, scope, initial_focus) \
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, position, scope, initial_focus],
                    &[],
                )
                .map(drop)
            },
        )?;
        AGREEMENT_MARKETS.rewrite(conn, id, &old.markets, &self.markets)?;
        AGREEMENT_SOURCES.rewrite_sources(conn, id, &old.sources, &self.sources)
    }

    /// `self` without its lists: what a new agreement's lists are rewritten from.
    fn without_lists(&self) -> Self {
        Self {
            markets: Vec::new(),
            scopes: Vec::new(),
            initial_focus: Vec::new(),
            parties: Vec::new(),
            sources: Vec::new(),
            ..self.clone()
        }
    }
}

impl Record for Agreement<i64> {
    const ENTITY: ChangeEntity = ChangeEntity::Agreement;
    type Named = Agreement<String>;

    fn slug(&self) -> Option<&str> {
        Some(&self.slug)
    }

    /// Stores an agreement with its parties, scopes, markets and sources, under the rules of
    /// `Agreement::check`.
    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        self.check()?;
        let id = self.fields.insert(conn, &[("slug", &self.slug)], &[])?;
        if self.part_of.is_some() {
            set_part_of(conn, id, self.part_of)?;
        }
        self.write_lists(conn, id, &self.without_lists())?;
        Ok(id)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        let ((slug, part_of), fields) =
            AgreementFields::stored(conn, id, "agreement", &["slug", "part_of_id"], |r| {
                Ok((r.next()?, r.next()?))
            })?;
        let scopes: Vec<(Scope, bool)> = super::rows::rows_of(
            conn,
            "SELECT scope, initial_focus FROM agreement_scopes WHERE agreement_id = ?1 \
             ORDER BY position",
            id,
            |r| Ok((r.next()?, r.next()?)),
        )?;
        Ok(Self {
            slug,
            fields,
            part_of,
            initial_focus: scopes.iter().filter(|s| s.1).map(|s| s.0).collect(),
            scopes: scopes.into_iter().map(|s| s.0).collect(),
            markets: AGREEMENT_MARKETS.read(conn, id)?,
            parties: super::rows::rows_of(
                conn,
                "SELECT company_id, role, first_from_country FROM parties \
                 WHERE agreement_id = ?1 ORDER BY position",
                id,
                |r| {
                    Ok(Party {
                        company: r.next()?,
                        role: r.next()?,
                        first_from_country: r.next()?,
                    })
                },
            )?,
            sources: AGREEMENT_SOURCES.read(conn, id)?,
        })
    }

    fn rewrite(conn: &Connection, id: i64, old: &Self, new: &Self) -> AppResult<()> {
        new.check()?;
        new.fields.update(conn, id, &[("slug", &new.slug)], &[])?;
        if old.part_of != new.part_of {
            set_part_of(conn, id, new.part_of)?;
        }
        new.write_lists(conn, id, old)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        delete_agreement(conn, id)
    }

    fn named(&self, name: &mut super::record::Namer<'_>) -> AppResult<Agreement<String>> {
        self.clone().map_refs(&mut |entity, _, id| name(entity, id))
    }
}

/// Makes `agreement` part of the agreement `part_of`, or of none. An agreement cannot be part
/// of itself, nor of one that is part of it (a cycle would make every walk up endless): both
/// are `BAD_USER_INPUT` naming `partOf`.
pub fn set_part_of(conn: &Connection, agreement: i64, part_of: Option<i64>) -> AppResult<()> {
    if let Some(part_of) = part_of {
        if part_of == agreement {
            return Err(AppError::bad_input(
                "partOf",
                "an agreement cannot be part of itself",
            ));
        }
        // UNION (not UNION ALL) ends the walk even on a cycle already stored.
        let cycle: bool = conn
            .prepare_cached(
                "WITH RECURSIVE above(id) AS ( \
                   SELECT CAST(?1 AS BIGINT) \
                   UNION SELECT a.part_of_id FROM agreements a JOIN above ON a.id = above.id \
                     WHERE a.part_of_id IS NOT NULL) \
                 SELECT EXISTS (SELECT 1 FROM above WHERE id = ?2) AS cycle",
            )?
            .query_row(params![part_of, agreement], |r| r.get("cycle"))?;
        if cycle {
            return Err(AppError::bad_input(
                "partOf",
                "that agreement is part of this one, so this one cannot be part of it",
            ));
        }
    }
    let changed = execute(
        conn,
        "UPDATE agreements SET part_of_id = ?1 WHERE id = ?2",
        params![part_of, agreement],
        &[Reference::agreement("partOf", part_of)],
    )?;
    if changed == 0 {
        return Err(AppError::NotFound {
            what: "agreement",
            key: agreement.to_string(),
        });
    }
    Ok(())
}

/// Deletes the agreement `id` with its parties, scopes, markets and sources. Its components
/// stop belonging to it; quotes about it stay, about no agreement.
pub fn delete_agreement(conn: &Connection, id: i64) -> AppResult<()> {
    super::constraints::execute_each(
        conn,
        &[
            "DELETE FROM parties WHERE agreement_id = ?1",
            "DELETE FROM agreement_scopes WHERE agreement_id = ?1",
            "DELETE FROM agreement_markets WHERE agreement_id = ?1",
            "DELETE FROM agreement_sources WHERE agreement_id = ?1",
            "UPDATE quotes SET agreement_id = NULL WHERE agreement_id = ?1",
            "UPDATE agreements SET part_of_id = NULL WHERE part_of_id = ?1",
            "DELETE FROM agreements WHERE id = ?1",
        ],
        id,
    )
}

#[cfg(test)]
mod write_tests {
    use super::*;
    use crate::db::test_connection;

    /// A programme with its organiser, the company 1 of [`with_company`].
    fn agreement(slug: &str) -> Agreement<i64> {
        Agreement {
            slug: slug.to_owned(),
            fields: serde_json::from_value(serde_json::json!({
                "kind": AgreementKind::Programme,
                "status": AgreementStatus::Announced,
            }))
            .expect("the plain fields of a programme"),
            part_of: None,
            markets: Vec::new(),
            scopes: vec![Scope::Tourism, Scope::CulturalExchange],
            initial_focus: vec![Scope::Tourism],
            parties: vec![Party {
                company: 1,
                role: PartyRole::Organiser,
                first_from_country: false,
            }],
            sources: Vec::new(),
        }
    }

    /// A database with one company, id 1.
    fn with_company() -> Connection<'static> {
        let conn = test_connection();
        conn.execute(
            "INSERT INTO companies (id, slug, name, sort_name, kind) \
             VALUES (1, 'c', 'C', 'c', 'MEDIA_GROUP')",
            [],
        )
        .expect("company");
        conn
    }

    fn refused_naming(result: AppResult<impl std::fmt::Debug>, field: &str) {
        match result {
            Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, field),
            other => panic!("expected BAD_USER_INPUT naming {field}, got {other:?}"),
        }
    }

    #[test]
    fn the_initial_focus_is_among_the_scopes() {
        let conn = with_company();
        let id = agreement("a").insert(&conn).expect("stored");
        let scopes = scopes_of(&conn, &[id]).expect("read");
        let flags: Vec<(Scope, bool)> = scopes[&id]
            .iter()
            .map(|s| (s.scope, s.initial_focus))
            .collect();
        assert_eq!(
            flags,
            [(Scope::Tourism, true), (Scope::CulturalExchange, false)]
        );
        let mut outside = agreement("b");
        outside.initial_focus = vec![Scope::Motorsport];
        refused_naming(outside.insert(&conn), "initialFocus");
    }

    #[test]
    fn an_agreement_cannot_be_part_of_itself_nor_of_a_part_of_it() {
        let conn = with_company();
        let programme = agreement("programme").insert(&conn).expect("programme");
        let part = agreement("part").insert(&conn).expect("part");
        refused_naming(set_part_of(&conn, part, Some(part)), "partOf");
        set_part_of(&conn, part, Some(programme)).expect("part of the programme");
        refused_naming(set_part_of(&conn, programme, Some(part)), "partOf");
        refused_naming(set_part_of(&conn, part, Some(999)), "partOf");
    }

    #[test]
    fn a_company_is_a_party_once() {
        let conn = test_connection();
        let mut twice = agreement("a");
        let party = Party {
            company: 1,
            role: PartyRole::Partner,
            first_from_country: false,
        };
        twice.parties = vec![party.clone(), party];
        refused_naming(twice.insert(&conn), "parties");
    }

    #[test]
    fn an_agreement_has_two_parties_unless_it_is_a_programme_with_its_organiser() {
        let conn = with_company();
        let mut lone = agreement("a");
        lone.fields.kind = AgreementKind::StrategicPartnership;
        refused_naming(lone.insert(&conn), "parties");
        lone.fields.kind = AgreementKind::Programme;
        lone.parties[0].role = PartyRole::Partner;
        refused_naming(lone.insert(&conn), "parties");
        lone.parties.clear();
        refused_naming(lone.insert(&conn), "parties");
        agreement("b")
            .insert(&conn)
            .expect("a programme with its organiser");
    }
}
