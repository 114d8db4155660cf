//! The seed dataset: the TOML files in `db/seed/` (embedded in the binary), their format, and
//! loading them into an empty database in one transaction.
//!
//! Records refer to each other by slug; every reference, country code and vocabulary value is
//! checked while loading, and any mistake aborts the whole load with a message naming the record,
//! so a database is either fully seeded or not at all.

use std::collections::HashMap;

use anyhow::{Context, anyhow, bail};
use include_dir::{Dir, include_dir};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Deserialize;

use crate::model::fold;
use crate::model::{
    AgreementKind, AgreementStatus, BusinessArea, CompanyKind, EventKind, MarketPositionKind,
    PartialDate, PartyRole, RoleTitle, Scope, is_country_code,
};

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
    let seeded: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = ?1", [SEEDED_KEY], |r| {
            r.get(0)
        })
        .optional()?;
    if seeded.is_some() {
        return Ok(false);
    }
    load(&tx, &embedded()?)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        [SEEDED_KEY],
    )?;
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
}

fn check_slug(slug: &str) -> anyhow::Result<()> {
    let ok = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if !ok {
        bail!("slug {slug:?} must be lower-case ASCII letters, digits and inner hyphens");
    }
    Ok(())
}

fn check_countries<'a>(
    codes: impl IntoIterator<Item = &'a String>,
    context: &str,
) -> anyhow::Result<()> {
    for code in codes {
        if !is_country_code(code) {
            bail!("{context}: {code:?} is not an ISO 3166-1 alpha-2 country code");
        }
    }
    Ok(())
}

/// Inserts `data` into an empty database inside `tx`.
pub fn load(tx: &Transaction<'_>, data: &SeedFile) -> anyhow::Result<()> {
    let mut sources = Ids::new("source");
    for s in &data.source {
        check_slug(&s.slug)?;
        tx.execute(
            "INSERT INTO sources (slug, title, kicker, published_on, language, url) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![s.slug, s.title, s.kicker, s.published_on, s.language, s.url],
        )?;
        sources.add(&s.slug, tx.last_insert_rowid())?;
    }

    let mut companies = Ids::new("company");
    for c in &data.company {
        let ctx = format!("company {:?}", c.slug);
        check_slug(&c.slug)?;
        check_countries(c.country.iter().chain(&c.markets), &ctx)?;
        tx.execute(
            "INSERT INTO companies (slug, name, sort_name, kind, legal_form, country, headquarters, founded) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                c.slug,
                c.name,
                fold(&c.name),
                c.kind,
                c.legal_form,
                c.country,
                c.headquarters,
                c.founded
            ],
        )?;
        let id = tx.last_insert_rowid();
        companies.add(&c.slug, id)?;
        for (i, area) in c.business_areas.iter().enumerate() {
            tx.execute(
                "INSERT INTO company_business_areas (company_id, position, area) VALUES (?1, ?2, ?3)",
                params![id, i as i64, area],
            )
            .with_context(|| format!("{ctx}: business area {area}"))?;
        }
        for (i, market) in c.markets.iter().enumerate() {
            tx.execute(
                "INSERT INTO company_markets (company_id, position, country) VALUES (?1, ?2, ?3)",
                params![id, i as i64, market],
            )
            .with_context(|| format!("{ctx}: market {market}"))?;
        }
        for (i, name) in c.productions.iter().enumerate() {
            tx.execute(
                "INSERT INTO company_productions (company_id, position, name) VALUES (?1, ?2, ?3)",
                params![id, i as i64, name],
            )?;
        }
        for slug in &c.sources {
            tx.execute(
                "INSERT INTO company_sources (company_id, source_id) VALUES (?1, ?2)",
                params![id, sources.get(slug, &ctx)?],
            )
            .with_context(|| format!("{ctx}: source {slug}"))?;
        }
        for e in &c.event {
            tx.execute(
                "INSERT INTO events (company_id, kind, occurred, record, source_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id,
                    e.kind,
                    e.date,
                    e.record,
                    sources.opt(e.source.as_ref(), &ctx)?
                ],
            )?;
        }
    }
    // Second pass: references between companies, now that every slug has an id.
    for c in &data.company {
        let ctx = format!("company {:?}", c.slug);
        let id = companies.get(&c.slug, &ctx)?;
        if let Some(parent) = companies.opt(c.parent.as_ref(), &ctx)? {
            if parent == id {
                bail!("{ctx} is its own parent");
            }
            tx.execute(
                "UPDATE companies SET parent_id = ?1 WHERE id = ?2",
                params![parent, id],
            )?;
        }
        for p in &c.market_position {
            check_countries(&p.market, &ctx)?;
            tx.execute(
                "INSERT INTO market_positions (company_id, kind, market, reported_by, source_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id,
                    p.kind,
                    p.market,
                    companies.opt(p.reported_by.as_ref(), &ctx)?,
                    sources.opt(p.source.as_ref(), &ctx)?
                ],
            )?;
        }
    }

    for r in &data.rivalry {
        let ctx = format!("rivalry of {:?}", r.companies);
        let source = sources.opt(r.source.as_ref(), &ctx)?;
        let left: Vec<i64> = r
            .companies
            .iter()
            .map(|s| companies.get(s, &ctx))
            .collect::<anyhow::Result<_>>()?;
        let right: Vec<i64> = r
            .against
            .iter()
            .map(|s| companies.get(s, &ctx))
            .collect::<anyhow::Result<_>>()?;
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
            if a == b {
                bail!("{ctx}: a company cannot be its own rival");
            }
            tx.execute(
                "INSERT OR IGNORE INTO competitors (company_id, competitor_id, source_id) \
                 VALUES (?1, ?2, ?3)",
                params![a.min(b), a.max(b), source],
            )?;
        }
    }

    let mut people = Ids::new("person");
    for p in &data.person {
        let ctx = format!("person {:?}", p.slug);
        check_slug(&p.slug)?;
        tx.execute(
            "INSERT INTO people (slug, name, sort_name) VALUES (?1, ?2, ?3)",
            params![p.slug, p.name, fold(&p.name)],
        )?;
        let id = tx.last_insert_rowid();
        people.add(&p.slug, id)?;
        for slug in &p.sources {
            tx.execute(
                "INSERT INTO person_sources (person_id, source_id) VALUES (?1, ?2)",
                params![id, sources.get(slug, &ctx)?],
            )
            .with_context(|| format!("{ctx}: source {slug}"))?;
        }
        for r in &p.role {
            tx.execute(
                "INSERT INTO roles (person_id, company_id, title, since, until, source_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    companies.get(&r.company, &ctx)?,
                    r.title,
                    r.since,
                    r.until,
                    sources.opt(r.source.as_ref(), &ctx)?
                ],
            )
            .with_context(|| format!("{ctx}: role {} at {}", r.title, r.company))?;
        }
    }

    let mut agreements = Ids::new("agreement");
    for a in &data.agreement {
        let ctx = format!("agreement {:?}", a.slug);
        check_slug(&a.slug)?;
        check_countries(a.markets.iter().chain(&a.partner_country), &ctx)?;
        if let Some(scope) = a.initial_focus.iter().find(|s| !a.scopes.contains(s)) {
            bail!("{ctx}: initial focus {scope} is not one of its scopes");
        }
        tx.execute(
            "INSERT INTO agreements (slug, kind, status, announced, signed, multi_stage, partner_count, partner_country) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                a.slug,
                a.kind,
                a.status,
                a.announced,
                a.signed,
                a.multi_stage,
                a.partner_count,
                a.partner_country
            ],
        )?;
        let id = tx.last_insert_rowid();
        agreements.add(&a.slug, id)?;
        for (i, party) in a.parties.iter().enumerate() {
            tx.execute(
                "INSERT INTO parties (agreement_id, company_id, position, role, first_from_country) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id,
                    companies.get(&party.company, &ctx)?,
                    i as i64,
                    party.role,
                    party.first_from_country
                ],
            )
            .with_context(|| format!("{ctx}: party {}", party.company))?;
        }
        for (i, scope) in a.scopes.iter().enumerate() {
            tx.execute(
                "INSERT INTO agreement_scopes (agreement_id, position, scope, initial_focus) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, i as i64, scope, a.initial_focus.contains(scope)],
            )
            .with_context(|| format!("{ctx}: scope {scope}"))?;
        }
        for (i, market) in a.markets.iter().enumerate() {
            tx.execute(
                "INSERT INTO agreement_markets (agreement_id, position, country) VALUES (?1, ?2, ?3)",
                params![id, i as i64, market],
            )
            .with_context(|| format!("{ctx}: market {market}"))?;
        }
        for slug in &a.sources {
            tx.execute(
                "INSERT INTO agreement_sources (agreement_id, source_id) VALUES (?1, ?2)",
                params![id, sources.get(slug, &ctx)?],
            )
            .with_context(|| format!("{ctx}: source {slug}"))?;
        }
    }
    for a in &data.agreement {
        let ctx = format!("agreement {:?}", a.slug);
        if let Some(parent) = agreements.opt(a.part_of.as_ref(), &ctx)? {
            let id = agreements.get(&a.slug, &ctx)?;
            if parent == id {
                bail!("{ctx} is part of itself");
            }
            tx.execute(
                "UPDATE agreements SET part_of_id = ?1 WHERE id = ?2",
                params![parent, id],
            )?;
        }
    }

    for (n, q) in data.quote.iter().enumerate() {
        let ctx = format!("quote {} ({:.30}…)", n + 1, q.text);
        if q.speaker.is_none() && q.companies.is_empty() {
            bail!("{ctx}: names neither a speaker nor a company");
        }
        tx.execute(
            "INSERT INTO quotes (text, language, speaker_id, agreement_id, source_id) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                q.text,
                q.language,
                people.opt(q.speaker.as_ref(), &ctx)?,
                agreements.opt(q.agreement.as_ref(), &ctx)?,
                sources.opt(q.source.as_ref(), &ctx)?
            ],
        )?;
        let id = tx.last_insert_rowid();
        for (i, slug) in q.companies.iter().enumerate() {
            tx.execute(
                "INSERT INTO quote_companies (quote_id, company_id, position) VALUES (?1, ?2, ?3)",
                params![id, companies.get(slug, &ctx)?, i as i64],
            )?;
        }
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
}
