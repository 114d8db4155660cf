//! The seed dataset: the TOML files in `db/seed/` (embedded in the binary), their format, and
//! loading them into an empty database in one transaction.
//!
//! Records refer to each other by slug; the loader resolves every slug to an id and stores each
//! record through the repository's write functions (`insert_company`, `set_parent`, …), which
//! hold the rules the data must obey, so the seed is checked exactly as every other write is.
//! Any mistake aborts the whole load with a message naming the record, so a database is either
//! fully seeded or not at all.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, anyhow, bail};
use include_dir::{Dir, include_dir};
use rusqlite::{Connection, Transaction};
use serde::Deserialize;

use super::agreements::{NewAgreement, NewParty, insert_agreement, set_part_of};
use super::companies::{
    NewCompany, NewEvent, NewMarketPosition, insert_company, insert_market_position,
    insert_rivalry, set_parent,
};
use super::people::{NewPerson, NewRole, insert_person, insert_role};
use super::sources::{NewQuote, NewSource, insert_quote, insert_source};
use crate::error::AppResult;
use crate::model::{
    AgreementKind, AgreementStatus, BusinessArea, CompanyKind, CountryCode, EventKind,
    MarketPositionKind, Name, PartialDate, PartyRole, RoleTitle, Scope, Slug,
};

/// `anyhow`'s `with_context` for the repository's results, whose error is no `std` error (see
/// `crate::error`): names the record a refused write came from.
trait RecordContext<T> {
    fn with_context(self, context: impl FnOnce() -> String) -> anyhow::Result<T>;
}

impl<T> RecordContext<T> for crate::error::AppResult<T> {
    fn with_context(self, context: impl FnOnce() -> String) -> anyhow::Result<T> {
        self.map_err(|e| anyhow::Error::from(e).context(context()))
    }
}

static SEED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/db/seed");

/// The `meta` key whose presence records that the seed dataset was loaded.
const SEEDED_KEY: &str = "seed_loaded_at";

/// One seed file; every section is optional, so data can be split across files freely.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    /// Articles and other publications.
    #[serde(default)]
    pub source: Vec<SeedSource>,
    /// Companies and organisations.
    #[serde(default)]
    pub company: Vec<SeedCompany>,
    /// Rivalries the sources describe.
    #[serde(default)]
    pub rivalry: Vec<SeedRivalry>,
    /// People and their roles.
    #[serde(default)]
    pub person: Vec<SeedPerson>,
    /// Agreements and programmes.
    #[serde(default)]
    pub agreement: Vec<SeedAgreement>,
    /// Quotations.
    #[serde(default)]
    pub quote: Vec<SeedQuote>,
}

/// A source record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedSource {
    slug: String,
    title: String,
    kicker: Option<String>,
    published_on: Option<PartialDate>,
    language: String,
    url: Option<String>,
}

/// A company record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedCompany {
    slug: String,
    name: String,
    kind: CompanyKind,
    legal_form: Option<String>,
    country: Option<String>,
    headquarters: Option<String>,
    founded: Option<PartialDate>,
    parent: Option<String>,
    #[serde(default)]
    business_areas: Vec<BusinessArea>,
    #[serde(default)]
    markets: Vec<String>,
    #[serde(default)]
    productions: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    event: Vec<SeedEvent>,
    #[serde(default)]
    market_position: Vec<SeedMarketPosition>,
}

/// An event in a company's history.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedEvent {
    kind: EventKind,
    date: Option<PartialDate>,
    #[serde(default)]
    record: bool,
    source: Option<String>,
}

/// A market position a source reports.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedMarketPosition {
    kind: MarketPositionKind,
    market: Option<String>,
    reported_by: Option<String>,
    source: Option<String>,
}

/// Companies set against each other: each of `companies` against each of `against`, or, when
/// `against` is empty, each of `companies` against every other.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRivalry {
    companies: Vec<String>,
    #[serde(default)]
    against: Vec<String>,
    source: Option<String>,
}

/// A person record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPerson {
    slug: String,
    name: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    role: Vec<SeedRole>,
}

/// A role a person holds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRole {
    company: String,
    title: RoleTitle,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
    source: Option<String>,
}

/// An agreement record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedAgreement {
    slug: String,
    kind: AgreementKind,
    status: AgreementStatus,
    announced: Option<PartialDate>,
    signed: Option<PartialDate>,
    #[serde(default)]
    multi_stage: bool,
    partner_count: Option<u32>,
    partner_country: Option<String>,
    part_of: Option<String>,
    #[serde(default)]
    markets: Vec<String>,
    #[serde(default)]
    scopes: Vec<Scope>,
    #[serde(default)]
    initial_focus: Vec<Scope>,
    #[serde(default)]
    parties: Vec<SeedParty>,
    #[serde(default)]
    sources: Vec<String>,
}

/// A party to an agreement.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedParty {
    company: String,
    role: PartyRole,
    #[serde(default)]
    first_from_country: bool,
}

/// A quotation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedQuote {
    text: String,
    language: String,
    speaker: Option<String>,
    #[serde(default)]
    companies: Vec<String>,
    agreement: Option<String>,
    source: Option<String>,
}

/// Parses every embedded seed file, in file-name order, into one dataset.
pub fn embedded() -> anyhow::Result<SeedFile> {
    let mut files: Vec<_> = SEED
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort_by_key(|f| f.path());
    let mut all = SeedFile::default();
    for file in files {
        let name = file.path().display().to_string();
        let text = file
            .contents_utf8()
            .ok_or_else(|| anyhow!("seed file {name} is not UTF-8"))?;
        let part: SeedFile = toml::from_str(text).with_context(|| format!("seed file {name}"))?;
        all.source.extend(part.source);
        all.company.extend(part.company);
        all.rivalry.extend(part.rivalry);
        all.person.extend(part.person);
        all.agreement.extend(part.agreement);
        all.quote.extend(part.quote);
    }
    Ok(all)
}

/// Loads the embedded seed dataset unless this database has been seeded before. Returns whether
/// it loaded it.
pub fn seed_if_empty(conn: &mut Connection) -> anyhow::Result<bool> {
    let tx = conn.transaction()?;
    if super::search::meta(&tx, SEEDED_KEY)?.is_some() {
        return Ok(false);
    }
    load(&tx, &embedded()?)?;
    super::record_time(&tx, SEEDED_KEY)?;
    tx.commit()?;
    Ok(true)
}

/// Slug-to-id lookups for one kind of record.
struct Ids {
    what: &'static str,
    map: HashMap<String, i64>,
}

impl Ids {
    fn new(what: &'static str) -> Self {
        Self {
            what,
            map: HashMap::new(),
        }
    }

    fn add(&mut self, slug: &str, id: i64) -> anyhow::Result<()> {
        if self.map.insert(slug.to_owned(), id).is_some() {
            bail!("{} {slug:?} is defined twice", self.what);
        }
        Ok(())
    }

    fn get(&self, slug: &str, context: &str) -> anyhow::Result<i64> {
        self.map
            .get(slug)
            .copied()
            .ok_or_else(|| anyhow!("{context}: no {} with slug {slug:?}", self.what))
    }

    fn opt(&self, slug: Option<&String>, context: &str) -> anyhow::Result<Option<i64>> {
        slug.map(|s| self.get(s, context)).transpose()
    }

    fn all(&self, slugs: &[String], context: &str) -> anyhow::Result<Vec<i64>> {
        slugs.iter().map(|s| self.get(s, context)).collect()
    }
}

/// Checks each of `texts` with `parse`, as the seed field `field` of the record `context`.
fn parse_all<T>(
    texts: &[String],
    field: &'static str,
    context: &str,
    parse: impl Fn(&str, &'static str) -> AppResult<T>,
) -> anyhow::Result<Vec<T>> {
    texts
        .iter()
        .map(|t| parse(t, field).with_context(|| context.to_owned()))
        .collect()
}

/// Checks an optional text with `parse`, as the seed field `field` of the record `context`.
fn parse_opt<T>(
    text: Option<&String>,
    field: &'static str,
    context: &str,
    parse: impl Fn(&str, &'static str) -> AppResult<T>,
) -> anyhow::Result<Option<T>> {
    text.map(|t| parse(t, field).with_context(|| context.to_owned()))
        .transpose()
}

/// Inserts `data` into an empty database inside `tx`, through the repository's write
/// functions, so the seed obeys the same rules as every other write. Records are stored in
/// file order, each kind after the kinds it refers to.
pub fn load(tx: &Transaction<'_>, data: &SeedFile) -> anyhow::Result<()> {
    let sources = load_sources(tx, &data.source)?;
    let companies = load_companies(tx, &data.company, &sources)?;
    load_rivalries(tx, &data.rivalry, &companies, &sources)?;
    let people = load_people(tx, &data.person, &companies, &sources)?;
    let agreements = load_agreements(tx, &data.agreement, &companies, &sources)?;
    load_quotes(tx, &data.quote, &sources, &companies, &people, &agreements)
}

/// Stores the sources; returns their ids by slug.
fn load_sources(conn: &Connection, records: &[SeedSource]) -> anyhow::Result<Ids> {
    let mut sources = Ids::new("source");
    for s in records {
        let ctx = format!("source {:?}", s.slug);
        let source = NewSource {
            slug: Slug::parse(&s.slug, "slug").with_context(|| ctx.clone())?,
            title: s.title.clone(),
            kicker: s.kicker.clone(),
            published_on: s.published_on,
            language: s.language.clone(),
            url: s.url.clone(),
        };
        let id = insert_source(conn, &source).with_context(|| ctx.clone())?;
        sources.add(&s.slug, id)?;
    }
    Ok(sources)
}

/// Stores the companies, then their parents and market positions (which may name companies
/// defined later); returns their ids by slug.
fn load_companies(
    conn: &Connection,
    records: &[SeedCompany],
    sources: &Ids,
) -> anyhow::Result<Ids> {
    let mut companies = Ids::new("company");
    for c in records {
        let ctx = format!("company {:?}", c.slug);
        let events = c
            .event
            .iter()
            .map(|e| {
                Ok(NewEvent {
                    kind: e.kind,
                    date: e.date,
                    record: e.record,
                    source: sources.opt(e.source.as_ref(), &ctx)?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        let company = NewCompany {
            slug: Slug::parse(&c.slug, "slug").with_context(|| ctx.clone())?,
            name: Name::parse(&c.name, "name").with_context(|| ctx.clone())?,
            kind: c.kind,
            legal_form: parse_opt(c.legal_form.as_ref(), "legal_form", &ctx, Name::parse)?,
            country: parse_opt(c.country.as_ref(), "country", &ctx, CountryCode::parse)?,
            headquarters: parse_opt(c.headquarters.as_ref(), "headquarters", &ctx, Name::parse)?,
            founded: c.founded,
            business_areas: c.business_areas.clone(),
            markets: parse_all(&c.markets, "markets", &ctx, CountryCode::parse)?,
            productions: parse_all(&c.productions, "productions", &ctx, Name::parse)?,
            sources: sources.all(&c.sources, &ctx)?,
            events,
            // Stored in the second pass below: they may be reported by a company defined later.
            market_positions: Vec::new(),
        };
        let id = insert_company(conn, &company).with_context(|| ctx.clone())?;
        companies.add(&c.slug, id)?;
    }
    // Second pass: references between companies, now that every slug has an id.
    for c in records {
        let ctx = format!("company {:?}", c.slug);
        let id = companies.get(&c.slug, &ctx)?;
        if let Some(parent) = companies.opt(c.parent.as_ref(), &ctx)? {
            set_parent(conn, id, Some(parent)).with_context(|| ctx.clone())?;
        }
        for p in &c.market_position {
            let position = NewMarketPosition {
                kind: p.kind,
                market: parse_opt(p.market.as_ref(), "market", &ctx, CountryCode::parse)?,
                reported_by: companies.opt(p.reported_by.as_ref(), &ctx)?,
                source: sources.opt(p.source.as_ref(), &ctx)?,
            };
            insert_market_position(conn, id, &position).with_context(|| ctx.clone())?;
        }
    }
    Ok(companies)
}

/// Stores every pair of rivals the rivalry records name.
fn load_rivalries(
    conn: &Connection,
    records: &[SeedRivalry],
    companies: &Ids,
    sources: &Ids,
) -> anyhow::Result<()> {
    // Records may name a pair more than once (a group against its own members, or two groups
    // that overlap); the first record's source is kept, and the others add nothing.
    let mut stored: HashSet<(i64, i64)> = HashSet::new();
    for r in records {
        let ctx = format!("rivalry of {:?}", r.companies);
        let source = sources.opt(r.source.as_ref(), &ctx)?;
        let left = companies.all(&r.companies, &ctx)?;
        let right = companies.all(&r.against, &ctx)?;
        let pairs: Vec<(i64, i64)> = if right.is_empty() {
            left.iter()
                .enumerate()
                .flat_map(|(i, a)| left[i + 1..].iter().map(move |b| (*a, *b)))
                .collect()
        } else {
            left.iter()
                .flat_map(|a| right.iter().map(move |b| (*a, *b)))
                .collect()
        };
        for (a, b) in pairs {
            if stored.contains(&(a.min(b), a.max(b))) {
                continue;
            }
            insert_rivalry(conn, a, b, source).with_context(|| ctx.clone())?;
            stored.insert((a.min(b), a.max(b)));
        }
    }
    Ok(())
}

/// Stores the people with their roles; returns their ids by slug.
fn load_people(
    conn: &Connection,
    records: &[SeedPerson],
    companies: &Ids,
    sources: &Ids,
) -> anyhow::Result<Ids> {
    let mut people = Ids::new("person");
    for p in records {
        let ctx = format!("person {:?}", p.slug);
        let person = NewPerson {
            slug: Slug::parse(&p.slug, "slug").with_context(|| ctx.clone())?,
            name: Name::parse(&p.name, "name").with_context(|| ctx.clone())?,
            sources: sources.all(&p.sources, &ctx)?,
        };
        let id = insert_person(conn, &person).with_context(|| ctx.clone())?;
        people.add(&p.slug, id)?;
        for r in &p.role {
            let role = NewRole {
                person: id,
                company: companies.get(&r.company, &ctx)?,
                title: r.title,
                since: r.since,
                until: r.until,
                source: sources.opt(r.source.as_ref(), &ctx)?,
            };
            insert_role(conn, &role)
                .with_context(|| format!("{ctx}: role {} at {}", r.title, r.company))?;
        }
    }
    Ok(people)
}

/// Stores the agreements, then the agreements they are part of (which may be defined later);
/// returns their ids by slug.
fn load_agreements(
    conn: &Connection,
    records: &[SeedAgreement],
    companies: &Ids,
    sources: &Ids,
) -> anyhow::Result<Ids> {
    let mut agreements = Ids::new("agreement");
    for a in records {
        let ctx = format!("agreement {:?}", a.slug);
        let parties = a
            .parties
            .iter()
            .map(|p| {
                Ok(NewParty {
                    company: companies.get(&p.company, &ctx)?,
                    role: p.role,
                    first_from_country: p.first_from_country,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        let agreement = NewAgreement {
            slug: Slug::parse(&a.slug, "slug").with_context(|| ctx.clone())?,
            kind: a.kind,
            status: a.status,
            announced: a.announced,
            signed: a.signed,
            multi_stage: a.multi_stage,
            partner_count: a.partner_count,
            partner_country: parse_opt(
                a.partner_country.as_ref(),
                "partner_country",
                &ctx,
                CountryCode::parse,
            )?,
            markets: parse_all(&a.markets, "markets", &ctx, CountryCode::parse)?,
            scopes: a.scopes.clone(),
            initial_focus: a.initial_focus.clone(),
            parties,
            sources: sources.all(&a.sources, &ctx)?,
        };
        let id = insert_agreement(conn, &agreement).with_context(|| ctx.clone())?;
        agreements.add(&a.slug, id)?;
    }
    // Second pass: references between agreements, now that every slug has an id.
    for a in records {
        let ctx = format!("agreement {:?}", a.slug);
        if let Some(part_of) = agreements.opt(a.part_of.as_ref(), &ctx)? {
            let id = agreements.get(&a.slug, &ctx)?;
            set_part_of(conn, id, Some(part_of)).with_context(|| ctx.clone())?;
        }
    }
    Ok(agreements)
}

/// Stores the quotes.
fn load_quotes(
    conn: &Connection,
    records: &[SeedQuote],
    sources: &Ids,
    companies: &Ids,
    people: &Ids,
    agreements: &Ids,
) -> anyhow::Result<()> {
    for (n, q) in records.iter().enumerate() {
        let ctx = format!("quote {} ({:.30}…)", n + 1, q.text);
        let quote = NewQuote {
            text: q.text.clone(),
            language: q.language.clone(),
            speaker: people.opt(q.speaker.as_ref(), &ctx)?,
            companies: companies.all(&q.companies, &ctx)?,
            agreement: agreements.opt(q.agreement.as_ref(), &ctx)?,
            source: sources.opt(q.source.as_ref(), &ctx)?,
        };
        insert_quote(conn, &quote).with_context(|| ctx.clone())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrated() -> Connection {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch("PRAGMA foreign_keys = ON")
            .expect("pragma");
        super::super::migrations()
            .and_then(|m| m.to_latest(&mut conn).map_err(Into::into))
            .expect("migrations");
        conn
    }

    #[test]
    fn embedded_seed_loads_into_an_empty_database() {
        let mut conn = migrated();
        assert!(seed_if_empty(&mut conn).expect("seed loads"));
        assert!(
            !seed_if_empty(&mut conn).expect("second call"),
            "seeded twice"
        );
    }

    #[test]
    fn a_dangling_reference_aborts_the_whole_load() {
        let mut conn = migrated();
        let data: SeedFile = toml::from_str(
            r#"
            [[company]]
            slug = "a"
            name = "A"
            kind = "MEDIA_GROUP"
            parent = "missing"
            "#,
        )
        .expect("parses");
        let tx = conn.transaction().expect("tx");
        let err = load(&tx, &data).expect_err("dangling parent refused");
        assert!(
            err.to_string().contains("no company with slug \"missing\""),
            "{err}"
        );
        drop(tx);
        let count: i64 = conn
            .query_row("SELECT count(*) FROM companies", [], |r| r.get(0))
            .expect("count");
        assert_eq!(count, 0, "a failed load left rows behind");
    }

    #[test]
    fn bad_country_codes_and_slugs_are_refused() {
        for company in [
            r#"slug = "a"
               name = "A"
               kind = "MEDIA_GROUP"
               country = "Germany""#,
            r#"slug = "Not A Slug"
               name = "A"
               kind = "MEDIA_GROUP""#,
        ] {
            let mut conn = migrated();
            let data: SeedFile =
                toml::from_str(&format!("[[company]]\n{company}")).expect("parses");
            let tx = conn.transaction().expect("tx");
            assert!(load(&tx, &data).is_err(), "accepted: {company}");
        }
    }

    #[test]
    fn unknown_vocabulary_is_a_parse_error() {
        let result: Result<SeedFile, _> = toml::from_str(
            r#"
            [[company]]
            slug = "a"
            name = "A"
            kind = "SPACESHIP"
            "#,
        );
        assert!(result.is_err());
    }

    #[test]
    fn a_pair_named_by_two_rivalries_is_stored_once_with_the_first_source() {
        let mut conn = migrated();
        let data: SeedFile = toml::from_str(
            r#"
            [[source]]
            slug = "first"
            title = "First"
            language = "de"

            [[source]]
            slug = "second"
            title = "Second"
            language = "de"

            [[company]]
            slug = "a"
            name = "A"
            kind = "MEDIA_GROUP"

            [[company]]
            slug = "b"
            name = "B"
            kind = "MEDIA_GROUP"

            [[rivalry]]
            companies = ["b"]
            against = ["a"]
            source = "first"

            [[rivalry]]
            companies = ["a", "b"]
            source = "second"
            "#,
        )
        .expect("parses");
        let tx = conn.transaction().expect("tx");
        load(&tx, &data).expect("loads");
        let rows: Vec<(i64, i64, i64)> = tx
            .prepare("SELECT company_id, competitor_id, source_id FROM competitors")
            .expect("select")
            .query_map([], |r| {
                Ok((
                    r.get("company_id")?,
                    r.get("competitor_id")?,
                    r.get("source_id")?,
                ))
            })
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("read");
        assert_eq!(rows, [(1, 2, 1)]);
    }

    #[test]
    fn a_refused_record_is_named_with_the_rule_it_breaks() {
        let mut conn = migrated();
        let data: SeedFile = toml::from_str(
            r#"
            [[agreement]]
            slug = "deal"
            kind = "STRATEGIC_PARTNERSHIP"
            status = "SIGNED"
            scopes = ["TOURISM"]
            initial_focus = ["MOTORSPORT"]
            "#,
        )
        .expect("parses");
        let tx = conn.transaction().expect("tx");
        let err = load(&tx, &data).expect_err("initial focus outside the scopes refused");
        let message = format!("{err:#}");
        assert!(message.starts_with("agreement \"deal\": "), "{message}");
        assert!(message.contains("initialFocus"), "{message}");
        assert!(message.contains("MOTORSPORT"), "{message}");
    }
}
