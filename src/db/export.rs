//! Exporting the whole database as record files in the seed format, which `dealgraph import`
//! reads back: sources, companies (with their events and market positions) and rivalries,
//! people (with their roles), agreements, and quotes, each file in id order, so an export of
//! an import of an export is the same text.

use std::collections::HashMap;

use rusqlite::Connection;

use super::agreements::Agreement;
use super::companies::NewCompany;
use super::files::{
    Filed, SeedCompany, SeedEvent, SeedFile, SeedMarketPosition, SeedPerson, SeedQuote,
    SeedRivalry, SeedRole, SeedSource,
};
use super::people::{NewPerson, NewRole};
use super::record::{self, Record};
use super::rivalries::Rivalry;
use super::sources::{NewQuote, NewSource};
use crate::error::{AppError, AppResult};
use crate::model::ChangeEntity;

/// The slugs of a table's records, by id.
struct Slugs(HashMap<i64, String>);

impl Slugs {
    fn of(conn: &Connection, table: &str) -> AppResult<Self> {
        // The table name is one of this module's literals, never input.
        let sql = format!("SELECT id, slug FROM {table}");
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Self(rows.collect::<rusqlite::Result<_>>()?))
    }

    fn get(&self, id: i64) -> AppResult<String> {
        self.0
            .get(&id)
            .cloned()
            .ok_or_else(|| AppError::Internal(format!("record {id} is referenced but missing")))
    }

    fn opt(&self, id: Option<i64>) -> AppResult<Option<String>> {
        id.map(|id| self.get(id)).transpose()
    }

    fn all(&self, ids: &[i64]) -> AppResult<Vec<String>> {
        ids.iter().map(|id| self.get(*id)).collect()
    }
}

/// The ids of a table's records, in order.
fn ids(conn: &Connection, table: &str) -> AppResult<Vec<i64>> {
    let sql = format!("SELECT id FROM {table} ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The whole database as record files: each file's name and its TOML text.
pub fn export(conn: &Connection) -> AppResult<Vec<(&'static str, String)>> {
    let sources = Slugs::of(conn, "sources")?;
    let companies = Slugs::of(conn, "companies")?;
    let people = Slugs::of(conn, "people")?;
    let agreements = Slugs::of(conn, "agreements")?;

    let mut source_file = SeedFile::default();
    for id in ids(conn, "sources")? {
        let s = NewSource::stored(conn, id)?;
        source_file.source.push(SeedSource {
            slug: s.slug.to_string(),
            title: s.title,
            kicker: s.kicker,
            published_on: s.published_on,
            language: s.language,
            url: s.url,
        });
    }

    let mut company_file = SeedFile::default();
    for id in ids(conn, "companies")? {
        let c = NewCompany::stored(conn, id)?;
        company_file.company.push(SeedCompany {
            slug: c.slug.to_string(),
            name: c.name.to_string(),
            kind: c.kind,
            legal_form: c.legal_form.map(|n| n.to_string()),
            country: c.country.map(|n| n.to_string()),
            headquarters: c.headquarters.map(|n| n.to_string()),
            founded: c.founded,
            parent: companies.opt(c.parent)?,
            name_article: c.name_article,
            business_areas: c.business_areas,
            markets: c.markets.iter().map(ToString::to_string).collect(),
            productions: c.productions.iter().map(ToString::to_string).collect(),
            sources: sources.all(&c.sources)?,
            event: c
                .events
                .into_iter()
                .map(|e| {
                    Ok(SeedEvent {
                        kind: e.kind,
                        date: e.date,
                        record: e.record,
                        source: sources.opt(e.source)?,
                    })
                })
                .collect::<AppResult<_>>()?,
            market_position: c
                .market_positions
                .into_iter()
                .map(|p| {
                    Ok(SeedMarketPosition {
                        kind: p.kind,
                        market: p.market.map(|m| m.to_string()),
                        reported_by: companies.opt(p.reported_by)?,
                        source: sources.opt(p.source)?,
                    })
                })
                .collect::<AppResult<_>>()?,
        });
    }
    for id in ids(conn, "competitors")? {
        let r = Rivalry::stored(conn, id)?;
        company_file.rivalry.push(SeedRivalry {
            companies: vec![companies.get(r.company)?],
            against: vec![companies.get(r.rival)?],
            source: sources.opt(r.source)?,
        });
    }

    let mut people_file = SeedFile::default();
    for id in ids(conn, "people")? {
        let p = NewPerson::stored(conn, id)?;
        let mut roles = Vec::new();
        for role in super::people::role_ids_of_person(conn, id)? {
            let r = NewRole::stored(conn, role)?;
            roles.push(SeedRole {
                company: companies.get(r.company)?,
                title: r.title,
                since: r.since,
                until: r.until,
                source: sources.opt(r.source)?,
            });
        }
        people_file.person.push(SeedPerson {
            slug: p.slug.to_string(),
            name: p.name.to_string(),
            sources: sources.all(&p.sources)?,
            role: roles,
        });
    }

    let mut agreement_file = SeedFile::default();
    for id in ids(conn, "agreements")? {
        let record = Agreement::stored(conn, id)?.named(&mut |entity, id| match entity {
            ChangeEntity::Company => companies.get(id),
            ChangeEntity::Agreement => agreements.get(id),
            _ => sources.get(id),
        })?;
        agreement_file.agreement.push(Filed {
            record,
            former_slugs: record::former_slugs(conn, ChangeEntity::Agreement, id)?,
        });
    }

    let mut quote_file = SeedFile::default();
    for id in ids(conn, "quotes")? {
        let q = NewQuote::stored(conn, id)?;
        quote_file.quote.push(SeedQuote {
            text: q.text,
            language: q.language,
            speaker: people.opt(q.speaker)?,
            companies: companies.all(&q.companies)?,
            agreement: agreements.opt(q.agreement)?,
            source: sources.opt(q.source)?,
        });
    }

    [
        ("01-sources.toml", source_file),
        ("02-companies.toml", company_file),
        ("03-people.toml", people_file),
        ("04-agreements.toml", agreement_file),
        ("05-quotes.toml", quote_file),
    ]
    .into_iter()
    .map(|(name, file)| {
        let mut value = toml::Value::try_from(&file)
            .map_err(|e| AppError::Internal(format!("writing {name}: {e}")))?;
        omit_empty(&mut value);
        toml::to_string(&value)
            .map(|text| (name, text))
            .map_err(|e| AppError::Internal(format!("writing {name}: {e}")))
    })
    .collect()
}

/// Leaves out of the records every field that says nothing: an empty list, `false`, an empty
/// table. The records state every field, so that the history shows every one; the files, which
/// people read and write, leave out what a reader would assume.
fn omit_empty(value: &mut toml::Value) {
    match value {
        toml::Value::Table(fields) => {
            for (_, field) in fields.iter_mut() {
                omit_empty(field);
            }
            fields.retain(|_, field| match field {
                toml::Value::Array(items) => !items.is_empty(),
                toml::Value::Boolean(flag) => *flag,
                toml::Value::Table(inner) => !inner.is_empty(),
                _ => true,
            });
        }
        toml::Value::Array(items) => items.iter_mut().for_each(omit_empty),
        _ => {}
    }
}
