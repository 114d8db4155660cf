//! Exporting the whole database as record files in the seed format, which `dealgraph import`
//! reads back: sources, companies (with their events and market positions) and rivalries,
//! people (with their roles), agreements, and quotes, each file in id order, so an export of
//! an import of an export is the same text. Every record is read back as it is written
//! ([`Record::stored`]) and named by slug ([`Record::named`]), those with slugs with their
//! former slugs.

use std::collections::HashMap;

use crate::db::sql::Connection;

use super::agreements::Agreement;
use super::companies::Company;
use super::events::{self, CompanyEvent};
use super::files::{CompanyLists, Filed, PersonLists, RecordFile, Rivals};
use super::market_positions;
use super::people::{self, Person, PersonRole};
use super::record::{self, Record};
use super::rivalries::Rivalry;
use super::sources::{Quote, Source};
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
        Ok(Self(rows.collect::<crate::db::sql::Result<_>>()?))
    }

    fn get(&self, id: i64) -> AppResult<String> {
        self.0
            .get(&id)
            .cloned()
            .ok_or_else(|| AppError::Internal(format!("record {id} is referenced but missing")))
    }
}

/// The slugs of every record with one, by kind and id: how the files name records.
struct Names {
    sources: Slugs,
    companies: Slugs,
    people: Slugs,
    agreements: Slugs,
}

impl Names {
    fn of(conn: &Connection) -> AppResult<Self> {
        Ok(Self {
            sources: Slugs::of(conn, "sources")?,
            companies: Slugs::of(conn, "companies")?,
            people: Slugs::of(conn, "people")?,
            agreements: Slugs::of(conn, "agreements")?,
        })
    }

    /// The slug of the record `id` of `entity`.
    fn slug(&self, entity: ChangeEntity, id: i64) -> AppResult<String> {
        match entity {
            ChangeEntity::Source => self.sources.get(id),
            ChangeEntity::Company => self.companies.get(id),
            ChangeEntity::Person => self.people.get(id),
            ChangeEntity::Agreement => self.agreements.get(id),
            other => Err(AppError::Internal(format!(
                "a record names a {} by slug",
                other.as_str()
            ))),
        }
    }
}

/// The ids of a table's records, in order.
fn ids(conn: &Connection, table: &str) -> AppResult<Vec<i64>> {
    let sql = format!("SELECT id FROM {table} ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// The record `id` of the kind `R` as the files hold it, with what they list with it and its
/// former slugs.
fn filed<R: Record, L>(
    conn: &Connection,
    names: &Names,
    id: i64,
    lists: L,
) -> AppResult<Filed<R::Named, L>> {
    Ok(Filed {
        record: R::stored(conn, id)?.named(&mut |entity, id| names.slug(entity, id))?,
        lists,
        former_slugs: record::former_slugs(conn, R::ENTITY, id)?,
    })
}

/// The whole database as record files: each file's name and its TOML text.
pub fn export(conn: &Connection) -> AppResult<Vec<(&'static str, String)>> {
    let names = Names::of(conn)?;
    let name = &mut |entity: ChangeEntity, id: i64| names.slug(entity, id);

    let mut source_file = RecordFile::default();
    for id in ids(conn, "sources")? {
        source_file
            .source
            .push(filed::<Source, _>(conn, &names, id, ())?);
    }

    let mut company_file = RecordFile::default();
    for id in ids(conn, "companies")? {
        let mut lists = CompanyLists::default();
        for event in events::event_ids_of(conn, id)? {
            lists
                .event
                .push(CompanyEvent::stored(conn, event)?.named(name)?.event);
        }
        for position in market_positions::stored_of(conn, id)? {
            lists
                .market_position
                .push(position.map_refs(&mut |entity, _, id| names.slug(entity, id))?);
        }
        company_file
            .company
            .push(filed::<Company<i64>, _>(conn, &names, id, lists)?);
    }
    for id in ids(conn, "competitors")? {
        let rivalry = Rivalry::stored(conn, id)?.named(name)?;
        let [company, rival] = rivalry.companies;
        company_file.rivalry.push(Rivals {
            companies: vec![company],
            against: vec![rival],
            source: rivalry.source,
        });
    }

    let mut people_file = RecordFile::default();
    for id in ids(conn, "people")? {
        let mut lists = PersonLists::default();
        for role in people::role_ids_of_person(conn, id)? {
            lists
                .role
                .push(PersonRole::stored(conn, role)?.named(name)?.role);
        }
        people_file
            .person
            .push(filed::<Person<i64>, _>(conn, &names, id, lists)?);
    }

    let mut agreement_file = RecordFile::default();
    for id in ids(conn, "agreements")? {
        agreement_file
            .agreement
            .push(filed::<Agreement<i64>, _>(conn, &names, id, ())?);
    }

    let mut quote_file = RecordFile::default();
    for id in ids(conn, "quotes")? {
        quote_file.quote.push(Quote::stored(conn, id)?.named(name)?);
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
