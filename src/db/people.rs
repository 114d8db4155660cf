//! People and the roles they hold at companies.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::page::List;
use super::rows::{Columns, Grouped, from_row, grouped, id_array, keyed, text_array};
use crate::error::AppResult;
use crate::model::{PartialDate, RoleTitle};

/// One person as stored.
#[derive(Debug, Clone)]
pub struct PersonRow {
    /// Internal id.
    pub id: i64,
    /// The key its global id is made of: its first slug, which never changes.
    pub key: String,
    /// Human-readable key, which a rename changes (the old one goes on finding it).
    pub slug: String,
    /// Full name as commonly written.
    pub name: String,
    /// How many times it has been written: 1 when created.
    pub version: i64,
}

/// The columns [`PersonRow::read`] reads, for table alias `p`.
pub const COLUMNS: &str = "p.id, p.key, p.slug, p.name, p.version";

impl PersonRow {
    /// Reads a row selected with [`COLUMNS`], from its next column on.
    pub fn read(row: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.next()?,
            key: row.next()?,
            slug: row.next()?,
            name: row.next()?,
            version: row.next()?,
        })
    }
}

/// A person's position at a company.
#[derive(Debug, Clone)]
pub struct RoleRow {
    /// Internal id.
    pub id: i64,
    /// Counts its changes.
    pub version: i64,
    /// The person.
    pub person_id: i64,
    /// The company.
    pub company_id: i64,
    /// The position.
    pub title: RoleTitle,
    /// Since when, at the precision known.
    pub since: Option<PartialDate>,
    /// Until when, at the precision known.
    pub until: Option<PartialDate>,
}

const ROLE_COLUMNS: &str = "r.id, r.version, r.person_id, r.company_id, r.title, r.since, r.until";

impl RoleRow {
    fn read(row: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.next()?,
            version: row.next()?,
            person_id: row.next()?,
            company_id: row.next()?,
            title: row.next()?,
            since: row.next()?,
            until: row.next()?,
        })
    }
}

/// The person with this slug, now or before a rename.
pub fn by_slug(conn: &Connection, slug: &str) -> AppResult<Option<PersonRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM people p WHERE p.slug = ?1 OR p.id = {}",
        super::record::former_slug_owner(ChangeEntity::Person)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![slug], from_row(PersonRow::read))
        .optional()?)
}

/// The people with these keys (the keys of their global ids), by key.
pub fn by_keys<S: AsRef<str>>(
    conn: &Connection,
    keys: &[S],
) -> AppResult<HashMap<String, PersonRow>> {
    let sql = format!("SELECT {COLUMNS} FROM people p WHERE p.key IN rarray(?1)");
    keyed(conn, &sql, text_array(keys), PersonRow::read, |r| {
        r.key.clone()
    })
}

/// The people with these ids, by id.
pub fn by_ids(conn: &Connection, ids: &[i64]) -> AppResult<HashMap<i64, PersonRow>> {
    let sql = format!("SELECT {COLUMNS} FROM people p WHERE p.id IN rarray(?1)");
    keyed(
        conn,
        &sql,
        id_array(ids.iter().copied()),
        PersonRow::read,
        |r| r.id,
    )
}

/// All people, ordered by name.
pub fn list() -> List {
    List::new(COLUMNS, "people p", "p.sort_name", "p.id")
}

/// The roles of each of the people `ids`, by company name.
pub fn roles_of_people(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<RoleRow>> {
    let sql = format!(
        "SELECT r.person_id AS owner, {ROLE_COLUMNS} FROM roles r \
         JOIN companies c ON c.id = r.company_id \
         WHERE r.person_id IN rarray(?1) ORDER BY r.person_id, c.sort_name, r.title, r.id"
    );
    grouped(conn, &sql, ids, RoleRow::read)
}

/// The role `id`, if there is one.
pub fn role_by_id(conn: &Connection, id: i64) -> AppResult<Option<RoleRow>> {
    let sql = format!("SELECT {ROLE_COLUMNS} FROM roles r WHERE r.id = ?1");
    Ok(super::rows::rows_of(conn, &sql, id, RoleRow::read)?.pop())
}

/// A role at a company as the company's summary names it.
#[derive(Debug, Clone)]
pub struct RoleHolder {
    /// The position.
    pub title: RoleTitle,
    /// Whether the person has left it.
    pub ended: bool,
    /// The person's name.
    pub name: String,
}

/// The roles held at each of the companies `ids` with their holders' names, by title, then by
/// person name: what a company's summary says of its people, in one statement.
pub fn role_holders_at(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<RoleHolder>> {
    grouped(
        conn,
        "SELECT r.company_id AS owner, r.title, r.until IS NOT NULL, p.name FROM roles r \
         JOIN people p ON p.id = r.person_id \
         WHERE r.company_id IN rarray(?1) ORDER BY r.company_id, r.title, p.sort_name, r.id",
        ids,
        |r| {
            Ok(RoleHolder {
                title: r.next()?,
                ended: r.next()?,
                name: r.next()?,
            })
        },
    )
}

/// The roles held at each of the companies `ids`, founders first, then by person name.
pub fn roles_at_companies(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<RoleRow>> {
    let sql = format!(
        "SELECT r.company_id AS owner, {ROLE_COLUMNS} FROM roles r \
         JOIN people p ON p.id = r.person_id \
         WHERE r.company_id IN rarray(?1) ORDER BY r.company_id, r.title, p.sort_name, r.id"
    );
    grouped(conn, &sql, ids, RoleRow::read)
}

/// The people who founded each of the companies `ids`, by name.
pub fn founders_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<PersonRow>> {
    let sql = format!(
        "SELECT r.company_id AS owner, {COLUMNS} FROM people p JOIN roles r ON r.person_id = p.id \
         WHERE r.company_id IN rarray(?1) AND r.title = 'FOUNDER' \
         ORDER BY r.company_id, p.sort_name, p.id"
    );
    grouped(conn, &sql, ids, PersonRow::read)
}

/// How many quotes and how many sources each of the people `ids` has.
pub fn quote_and_source_counts(
    conn: &Connection,
    ids: &[i64],
) -> AppResult<HashMap<i64, (usize, usize)>> {
    let counts = grouped(
        conn,
        "SELECT p.id AS owner, \
           (SELECT count(*) FROM quotes q WHERE q.speaker_id = p.id) AS quotes, \
           (SELECT count(*) FROM person_sources s WHERE s.person_id = p.id) AS sources \
         FROM people p WHERE p.id IN rarray(?1)",
        ids,
        |r| {
            let mut count = || -> rusqlite::Result<usize> {
                Ok(usize::try_from(r.next::<i64>()?).unwrap_or(0))
            };
            Ok((count()?, count()?))
        },
    )?;
    Ok(counts
        .into_iter()
        .filter_map(|(id, mut v)| v.pop().map(|c| (id, c)))
        .collect())
}

/// The ids of people from `after` on, in id order, at most `limit`: for reading every person
/// in chunks.
pub fn chunk(conn: &Connection, after: i64, limit: usize) -> AppResult<Vec<PersonRow>> {
    let sql = format!("SELECT {COLUMNS} FROM people p WHERE p.id > ?1 ORDER BY p.id LIMIT ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![after, i64::try_from(limit).unwrap_or(i64::MAX)],
        from_row(PersonRow::read),
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
use crate::model::{ChangeEntity, Name, Slug};

/// A person in the shape it is written in.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPerson {
    /// Stable human-readable key.
    pub slug: Slug,
    /// Full name as commonly written; its folded form becomes the sort name.
    pub name: Name,
    /// The ids of the sources that report on them, each once, in id order.
    pub sources: Vec<i64>,
}

/// Stores a person with their sources. A slug another person has is a `CONFLICT` naming
/// `slug`.
pub fn insert_person(conn: &Connection, person: &NewPerson) -> AppResult<i64> {
    distinct(&person.sources, "sources")?;
    let id = insert(
        conn,
        "INSERT INTO people (slug, name, sort_name) VALUES (?1, ?2, ?3)",
        params![person.slug, person.name, person.name.folded()],
        &[],
    )?;
    write_sources(conn, id, &[], &person.sources)?;
    Ok(id)
}

/// Rewrites the sources of the person `id` when they changed.
fn write_sources(conn: &Connection, id: i64, old: &[i64], new: &[i64]) -> AppResult<()> {
    rewrite_list(
        conn,
        id,
        old,
        new,
        "DELETE FROM person_sources WHERE person_id = ?1",
        |_, source| {
            execute(
                conn,
                "INSERT INTO person_sources (person_id, source_id) VALUES (?1, ?2)",
                params![id, source],
                &[Reference::source("sources", *source)],
            )
            .map(drop)
        },
    )
}

impl Record for NewPerson {
    const ENTITY: ChangeEntity = ChangeEntity::Person;

    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        insert_person(conn, self)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        let mut person = super::rows::row_of(
            conn,
            "SELECT slug, name FROM people WHERE id = ?1",
            id,
            "person",
            |r| {
                Ok(NewPerson {
                    slug: r.next()?,
                    name: r.next()?,
                    sources: Vec::new(),
                })
            },
        )?;
        person.sources = super::rows::rows_of(
            conn,
            "SELECT source_id FROM person_sources WHERE person_id = ?1 ORDER BY source_id",
            id,
            |r| r.next(),
        )?;
        Ok(person)
    }

    fn rewrite(conn: &Connection, id: i64, old: &Self, new: &Self) -> AppResult<()> {
        distinct(&new.sources, "sources")?;
        execute(
            conn,
            "UPDATE people SET slug = ?1, name = ?2, sort_name = ?3 WHERE id = ?4",
            params![new.slug, new.name, new.name.folded(), id],
            &[],
        )?;
        write_sources(conn, id, &old.sources, &new.sources)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        delete_person(conn, id)
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

/// A position a person holds or held at a company, in the shape it is written in.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRole {
    /// The id of the person.
    pub person: i64,
    /// The id of the company.
    pub company: i64,
    /// The position.
    pub title: RoleTitle,
    /// Since when, at the precision known.
    pub since: Option<PartialDate>,
    /// Until when, at the precision known.
    pub until: Option<PartialDate>,
    /// The id of the source that reports it.
    pub source: Option<i64>,
}

/// Stores a role. A person holds each title at a company once: a second is a `CONFLICT` naming
/// `title`.
pub fn insert_role(conn: &Connection, role: &NewRole) -> AppResult<i64> {
    insert(
        conn,
        "INSERT INTO roles (person_id, company_id, title, since, until, source_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            role.person,
            role.company,
            role.title,
            role.since,
            role.until,
            role.source
        ],
        &role.references(),
    )
}

impl NewRole {
    /// What a role refers to, by input field.
    fn references(&self) -> [Reference; 3] {
        [
            Reference::person("person", self.person),
            Reference::company("company", self.company),
            Reference::source("source", self.source),
        ]
    }
}

impl Record for NewRole {
    const ENTITY: ChangeEntity = ChangeEntity::Role;

    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        insert_role(conn, self)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        super::rows::row_of(
            conn,
            "SELECT person_id, company_id, title, since, until, source_id FROM roles \
             WHERE id = ?1",
            id,
            "role",
            |r| {
                Ok(NewRole {
                    person: r.next()?,
                    company: r.next()?,
                    title: r.next()?,
                    since: r.next()?,
                    until: r.next()?,
                    source: r.next()?,
                })
            },
        )
    }

    fn rewrite(conn: &Connection, id: i64, _old: &Self, new: &Self) -> AppResult<()> {
        execute(
            conn,
            "UPDATE roles SET person_id = ?1, company_id = ?2, title = ?3, since = ?4, \
               until = ?5, source_id = ?6 WHERE id = ?7",
            params![
                new.person,
                new.company,
                new.title,
                new.since,
                new.until,
                new.source,
                id
            ],
            &new.references(),
        )
        .map(drop)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        delete_role(conn, id)
    }

    // Not yet declared as one struct: its history snapshot is written by SQL.
    type Named = ();

    fn slug(&self) -> Option<&str> {
        None
    }

    fn named(&self, _: &mut super::record::Namer<'_>) -> AppResult<()> {
        Ok(())
    }
}

/// The id of the role `title` of `person` at `company`, if they hold it.
pub fn role_id(
    conn: &Connection,
    person: i64,
    company: i64,
    title: RoleTitle,
) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM roles WHERE person_id = ?1 AND company_id = ?2 AND title = ?3",
        )?
        .query_row(params![person, company, title], |r| r.get(0))
        .optional()?)
}

/// The roles the person `id` holds, by id.
pub fn role_ids_of_person(conn: &Connection, id: i64) -> AppResult<Vec<i64>> {
    super::rows::ids_where(
        conn,
        "SELECT id FROM roles WHERE person_id = ?1 ORDER BY id",
        id,
    )
}

/// The roles held at the company `id`, by id.
pub fn role_ids_of_company(conn: &Connection, id: i64) -> AppResult<Vec<i64>> {
    super::rows::ids_where(
        conn,
        "SELECT id FROM roles WHERE company_id = ?1 ORDER BY id",
        id,
    )
}

/// Deletes the role `id`.
pub fn delete_role(conn: &Connection, id: i64) -> AppResult<()> {
    super::constraints::execute_each(conn, &["DELETE FROM roles WHERE id = ?1"], id)
}

/// Deletes the person `id` with their sources; their quotes stay, without a speaker. The
/// caller deletes their roles first ([`role_ids_of_person`]), recording each.
pub fn delete_person(conn: &Connection, id: i64) -> AppResult<()> {
    super::constraints::execute_each(
        conn,
        &[
            "DELETE FROM person_sources WHERE person_id = ?1",
            "UPDATE quotes SET speaker_id = NULL WHERE speaker_id = ?1",
            "DELETE FROM people WHERE id = ?1",
        ],
        id,
    )
}

#[cfg(test)]
mod write_tests {
    use super::*;
    use crate::db::companies::{NewCompany, insert_company};
    use crate::db::test_connection;
    use crate::error::AppError;
    use crate::model::CompanyKind;

    #[test]
    fn a_person_holds_each_title_at_a_company_once() {
        let conn = test_connection();
        let person = insert_person(
            &conn,
            &NewPerson {
                slug: Slug::parse("jane-roe", "slug").expect("slug"),
                name: Name::parse("Jane Roé", "name").expect("name"),
                sources: Vec::new(),
            },
        )
        .expect("person");
        let sort_name: String = conn
            .query_row(
                "SELECT sort_name FROM people WHERE id = ?1",
                [person],
                |r| r.get("sort_name"),
            )
            .expect("read");
        assert_eq!(sort_name, "jane roe");
        let company = insert_company(
            &conn,
            &NewCompany {
                slug: Slug::parse("c", "slug").expect("slug"),
                name: Name::parse("C", "name").expect("name"),
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
            },
        )
        .expect("company");
        let role = NewRole {
            person,
            company,
            title: RoleTitle::Ceo,
            since: None,
            until: None,
            source: None,
        };
        insert_role(&conn, &role).expect("first");
        match insert_role(&conn, &role) {
            Err(AppError::Conflict { field, .. }) => assert_eq!(field, "title"),
            other => panic!("{other:?}"),
        }
        match insert_role(
            &conn,
            &NewRole {
                company: 999,
                ..role
            },
        ) {
            Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "company"),
            other => panic!("{other:?}"),
        }
    }
}
