//! Agreements between companies: their parties, scopes and markets, how they nest (a
//! partnership that is part of a programme), and the agreement lists with their typed filters
//! and orderings.

use std::collections::HashMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params};

use super::companies::CompanyRow;
use super::page::{List, MISSING_LAST, Side};
use super::rows::{Columns, Grouped, from_row, grouped, id_array, keyed, text_array};
use crate::error::AppResult;
use crate::model::{AgreementKind, AgreementStatus, CompanyKind, PartialDate, PartyRole, Scope};

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
    /// Counts its changes.
    pub version: i64,
}

/// The columns [`AgreementRow::read`] reads, for table alias `a`.
pub const COLUMNS: &str = "a.id, a.slug, a.kind, a.status, a.announced, a.signed, a.multi_stage, \
                           a.partner_count, a.partner_country, a.part_of_id, a.version";

impl AgreementRow {
    /// Reads a row selected with [`COLUMNS`], from its next column on.
    pub fn read(row: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.next()?,
            slug: row.next()?,
            kind: row.next()?,
            status: row.next()?,
            announced: row.next()?,
            signed: row.next()?,
            multi_stage: row.next()?,
            partner_count: row.next()?,
            partner_country: row.next()?,
            part_of_id: row.next()?,
            version: row.next()?,
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

/// The agreement with this slug.
pub fn by_slug(conn: &Connection, slug: &str) -> AppResult<Option<AgreementRow>> {
    let sql = format!("SELECT {COLUMNS} FROM agreements a WHERE a.slug = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![slug], from_row(AgreementRow::read))
        .optional()?)
}

/// The agreements with these slugs, by slug.
pub fn by_slugs<S: AsRef<str>>(
    conn: &Connection,
    slugs: &[S],
) -> AppResult<HashMap<String, AgreementRow>> {
    let sql = format!("SELECT {COLUMNS} FROM agreements a WHERE a.slug IN rarray(?1)");
    keyed(conn, &sql, text_array(slugs), AgreementRow::read, |r| {
        r.slug.clone()
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
    /// With the company with this slug among its parties; it must exist.
    pub party: Option<String>,
    /// Covering this scope.
    pub scope: Option<Scope>,
    /// Covering this market (an ISO code).
    pub market: Option<String>,
    /// Of this kind.
    pub kind: Option<AgreementKind>,
    /// With this status.
    pub status: Option<AgreementStatus>,
    /// Belonging to the agreement with this slug; it must exist.
    pub part_of: Option<String>,
    /// Announced strictly after this date, at its precision.
    pub announced_after: Option<PartialDate>,
    /// Announced strictly before this date, at its precision.
    pub announced_before: Option<PartialDate>,
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
    List::new(COLUMNS, "agreements a", "a.slug", "a.id")
}

/// The agreements each owner (a company) is party to, read for many owners at once.
pub fn of_companies() -> List {
    List::new(
        COLUMNS,
        "agreements a JOIN parties op ON op.agreement_id = a.id",
        "a.slug",
        "a.id",
    )
    .owned_by("op.company_id")
}

/// Narrows and orders `list` (one of the lists above).
pub fn select(mut list: List, filter: &Filter, sort: Sort, descending: bool) -> List {
    if let Some(party) = &filter.party {
        list = list.require("company", "companies", party).filter(
            "a.id IN (SELECT p.agreement_id FROM parties p JOIN companies c ON c.id = p.company_id \
             WHERE c.slug = ?)",
            [SqlValue::Text(party.clone())],
        );
    }
    if let Some(scope) = filter.scope {
        list = list.filter(
            "a.id IN (SELECT agreement_id FROM agreement_scopes WHERE scope = ?)",
            [SqlValue::Text(scope.as_str().into())],
        );
    }
    if let Some(market) = &filter.market {
        list = list.filter(
            "a.id IN (SELECT agreement_id FROM agreement_markets WHERE country = ?)",
            [SqlValue::Text(market.clone())],
        );
    }
    if let Some(kind) = filter.kind {
        list = list.filter("a.kind = ?", [SqlValue::Text(kind.as_str().into())]);
    }
    if let Some(status) = filter.status {
        list = list.filter("a.status = ?", [SqlValue::Text(status.as_str().into())]);
    }
    if let Some(part_of) = &filter.part_of {
        list = list.require("agreement", "agreements", part_of).filter(
            "a.part_of_id = (SELECT id FROM agreements WHERE slug = ?)",
            [SqlValue::Text(part_of.clone())],
        );
    }
    if let Some(date) = filter.announced_after {
        list = list.date_filter("a.announced", Side::After, date);
    }
    if let Some(date) = filter.announced_before {
        list = list.date_filter("a.announced", Side::Before, date);
    }
    let sort = match sort {
        Sort::Slug => "a.slug".to_owned(),
        Sort::Announced => format!("coalesce(a.announced, {MISSING_LAST})"),
        Sort::Signed => format!("coalesce(a.signed, {MISSING_LAST})"),
    };
    list.ordered(sort, descending)
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
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------------
// Writes. Each takes a connection inside the caller's transaction and checked input, enforces
// the rules the data must obey, and returns the new row's id.
// ---------------------------------------------------------------------------------------------

use super::constraints::{Reference, distinct, execute, insert};
use super::record::{Record, rewrite_list};
use crate::error::AppError;
use crate::model::{ChangeEntity, CountryCode, Slug};

/// An agreement in the shape it is written in, with its parties, scopes, markets and sources.
/// In the seed, whose agreements may name one defined later, the agreement it is part of is
/// set with [`set_part_of`] once both exist.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAgreement {
    /// Stable human-readable key.
    pub slug: Slug,
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
    pub partner_count: Option<u32>,
    /// The country the sources say those partners come from.
    pub partner_country: Option<CountryCode>,
    /// The id of the agreement it is part of.
    pub part_of: Option<i64>,
    /// The markets it covers, in order, each once.
    pub markets: Vec<CountryCode>,
    /// The fields it covers, in order, each once.
    pub scopes: Vec<Scope>,
    /// The fields among `scopes` the parties start with, in the order of `scopes`.
    pub initial_focus: Vec<Scope>,
    /// Its parties, in order, each company once.
    pub parties: Vec<NewParty>,
    /// The ids of the sources that report on it, each once, in id order.
    pub sources: Vec<i64>,
}

/// A company's part in an agreement, to store with it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewParty {
    /// The id of the company.
    pub company: i64,
    /// What it is to the agreement.
    pub role: PartyRole,
    /// Whether the sources call it the first partner from its country.
    pub first_from_country: bool,
}

impl NewAgreement {
    /// The rules of an agreement of its own: at least two parties (a programme may have just
    /// its organiser), each once; an initial focus among the scopes; each scope, market and
    /// source once. A refusal is `BAD_USER_INPUT` naming the field.
    fn check(&self) -> AppResult<()> {
        let lone_organiser = self.kind == AgreementKind::Programme
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
    fn write_lists(&self, conn: &Connection, id: i64, old: &NewAgreement) -> AppResult<()> {
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
        rewrite_list(
            conn,
            id,
            &old.markets,
            &self.markets,
            "DELETE FROM agreement_markets WHERE agreement_id = ?1",
            |position, market| {
                execute(
                    conn,
                    "INSERT INTO agreement_markets (agreement_id, position, country) \
                     VALUES (?1, ?2, ?3)",
                    params![id, position, market],
                    &[],
                )
                .map(drop)
            },
        )?;
        rewrite_list(
            conn,
            id,
            &old.sources,
            &self.sources,
            "DELETE FROM agreement_sources WHERE agreement_id = ?1",
            |_, source| {
                execute(
                    conn,
                    "INSERT INTO agreement_sources (agreement_id, source_id) VALUES (?1, ?2)",
                    params![id, source],
                    &[Reference::source("sources", *source)],
                )
                .map(drop)
            },
        )
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

/// Stores an agreement with its parties, scopes, markets and sources, under the rules of
/// [`NewAgreement`]; a slug another agreement has is a `CONFLICT` naming `slug`.
pub fn insert_agreement(conn: &Connection, agreement: &NewAgreement) -> AppResult<i64> {
    agreement.check()?;
    let id = insert(
        conn,
        "INSERT INTO agreements \
           (slug, kind, status, announced, signed, multi_stage, partner_count, partner_country) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            agreement.slug,
            agreement.kind,
            agreement.status,
            agreement.announced,
            agreement.signed,
            agreement.multi_stage,
            agreement.partner_count,
            agreement.partner_country
        ],
        &[],
    )?;
    if agreement.part_of.is_some() {
        set_part_of(conn, id, agreement.part_of)?;
    }
    agreement.write_lists(conn, id, &agreement.without_lists())?;
    Ok(id)
}

/// The agreement `id` as stored, in the shape it is written in.
pub fn stored_agreement(conn: &Connection, id: i64) -> AppResult<NewAgreement> {
    let mut agreement = super::rows::row_of(
        conn,
        "SELECT slug, kind, status, announced, signed, multi_stage, partner_count, \
           partner_country, part_of_id FROM agreements WHERE id = ?1",
        id,
        "agreement",
        |r| {
            Ok(NewAgreement {
                slug: r.next()?,
                kind: r.next()?,
                status: r.next()?,
                announced: r.next()?,
                signed: r.next()?,
                multi_stage: r.next()?,
                partner_count: r.next()?,
                partner_country: r.next()?,
                part_of: r.next()?,
                markets: Vec::new(),
                scopes: Vec::new(),
                initial_focus: Vec::new(),
                parties: Vec::new(),
                sources: Vec::new(),
            })
        },
    )?;
    let scopes: Vec<(Scope, bool)> = super::rows::rows_of(
        conn,
        "SELECT scope, initial_focus FROM agreement_scopes WHERE agreement_id = ?1 \
         ORDER BY position",
        id,
        |r| Ok((r.next()?, r.next()?)),
    )?;
    agreement.initial_focus = scopes.iter().filter(|s| s.1).map(|s| s.0).collect();
    agreement.scopes = scopes.into_iter().map(|s| s.0).collect();
    agreement.markets = super::rows::rows_of(
        conn,
        "SELECT country FROM agreement_markets WHERE agreement_id = ?1 ORDER BY position",
        id,
        |r| r.next(),
    )?;
    agreement.parties = super::rows::rows_of(
        conn,
        "SELECT company_id, role, first_from_country FROM parties WHERE agreement_id = ?1 \
         ORDER BY position",
        id,
        |r| {
            Ok(NewParty {
                company: r.next()?,
                role: r.next()?,
                first_from_country: r.next()?,
            })
        },
    )?;
    agreement.sources = super::rows::rows_of(
        conn,
        "SELECT source_id FROM agreement_sources WHERE agreement_id = ?1 ORDER BY source_id",
        id,
        |r| r.next(),
    )?;
    Ok(agreement)
}

impl Record for NewAgreement {
    const ENTITY: ChangeEntity = ChangeEntity::Agreement;

    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        insert_agreement(conn, self)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        stored_agreement(conn, id)
    }

    fn rewrite(conn: &Connection, id: i64, old: &Self, new: &Self) -> AppResult<()> {
        new.check()?;
        execute(
            conn,
            "UPDATE agreements SET slug = ?1, kind = ?2, status = ?3, announced = ?4, \
               signed = ?5, multi_stage = ?6, partner_count = ?7, partner_country = ?8 \
             WHERE id = ?9",
            params![
                new.slug,
                new.kind,
                new.status,
                new.announced,
                new.signed,
                new.multi_stage,
                new.partner_count,
                new.partner_country,
                id
            ],
            &[],
        )?;
        if old.part_of != new.part_of {
            set_part_of(conn, id, new.part_of)?;
        }
        new.write_lists(conn, id, old)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        delete_agreement(conn, id)
    }

    fn key(&self, _id: i64) -> String {
        self.slug.to_string()
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
                   SELECT ?1 \
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

/// The slug of the agreement `id`.
pub fn slug_of(conn: &Connection, id: i64) -> AppResult<String> {
    Ok(conn
        .prepare_cached("SELECT slug FROM agreements WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
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
    fn agreement(slug: &str) -> NewAgreement {
        NewAgreement {
            slug: Slug::parse(slug, "slug").expect("slug"),
            kind: AgreementKind::Programme,
            status: AgreementStatus::Announced,
            announced: None,
            signed: None,
            multi_stage: false,
            partner_count: None,
            partner_country: None,
            part_of: None,
            markets: Vec::new(),
            scopes: vec![Scope::Tourism, Scope::CulturalExchange],
            initial_focus: vec![Scope::Tourism],
            parties: vec![NewParty {
                company: 1,
                role: PartyRole::Organiser,
                first_from_country: false,
            }],
            sources: Vec::new(),
        }
    }

    /// A database with one company, id 1.
    fn with_company() -> Connection {
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
        let id = insert_agreement(&conn, &agreement("a")).expect("stored");
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
        refused_naming(insert_agreement(&conn, &outside), "initialFocus");
    }

    #[test]
    fn an_agreement_cannot_be_part_of_itself_nor_of_a_part_of_it() {
        let conn = with_company();
        let programme = insert_agreement(&conn, &agreement("programme")).expect("programme");
        let part = insert_agreement(&conn, &agreement("part")).expect("part");
        refused_naming(set_part_of(&conn, part, Some(part)), "partOf");
        set_part_of(&conn, part, Some(programme)).expect("part of the programme");
        refused_naming(set_part_of(&conn, programme, Some(part)), "partOf");
        refused_naming(set_part_of(&conn, part, Some(999)), "partOf");
    }

    #[test]
    fn a_company_is_a_party_once() {
        let conn = test_connection();
        let mut twice = agreement("a");
        let party = NewParty {
            company: 1,
            role: PartyRole::Partner,
            first_from_country: false,
        };
        twice.parties = vec![party.clone(), party];
        refused_naming(insert_agreement(&conn, &twice), "parties");
    }

    #[test]
    fn an_agreement_has_two_parties_unless_it_is_a_programme_with_its_organiser() {
        let conn = with_company();
        let mut lone = agreement("a");
        lone.kind = AgreementKind::StrategicPartnership;
        refused_naming(insert_agreement(&conn, &lone), "parties");
        lone.kind = AgreementKind::Programme;
        lone.parties[0].role = PartyRole::Partner;
        refused_naming(insert_agreement(&conn, &lone), "parties");
        lone.parties.clear();
        refused_naming(insert_agreement(&conn, &lone), "parties");
        insert_agreement(&conn, &agreement("b")).expect("a programme with its organiser");
    }
}
