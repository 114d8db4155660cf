//! People and the roles they hold at companies: their rows and batched readers, and the one
//! declaration of what a person ([`Person`]) and a role ([`Role`], and on its own with its
//! person [`PersonRole`]) are.

use std::collections::HashMap;

use crate::db::sql::Value as SqlValue;
use crate::db::sql::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::fields::{Fields, columns, row, trimmed};
use super::page::List;
use super::rows::{Grouped, from_row, grouped, id_array, keyed, text_array};
use crate::error::AppResult;
use crate::model::{PartialDate, RoleTitle};

columns! {
    /// The plain fields of a person: the columns of their own row that hold values. The record
    /// files and the history name them as the struct does; the files' names are read trimmed,
    /// as the API trims them.
    pub struct PersonFields in "people" {
        /// Full name as commonly written (a name, checked when written); its folded form is the
        /// sort name.
        #[serde(deserialize_with = "trimmed::one")]
        pub name: String,
    }
}

row! {
    /// One person as stored: their identity and their plain fields (which it dereferences to, so
    /// `row.name` reads the field).
    pub struct PersonRow {
        /// Internal id.
        pub id: i64,
        /// The key its global id is made of: its first slug, which never changes.
        pub key: String,
        /// Human-readable key, which a rename changes (the old one goes on finding it).
        pub slug: String,
        /// How many times it has been written: 1 when created.
        pub version: i64,
    }
    fields PersonFields;
    columns pub static COLUMNS as "p";
}

columns! {
    /// The plain fields of a role: the columns of its own row that hold values. The record
    /// files and the history name them as the struct does.
    pub struct RoleFields in "roles" {
        /// The position.
        pub title: RoleTitle,
        /// Since when, at the precision known.
        #[serde(default)]
        pub since: Option<PartialDate>,
        /// Until when, at the precision known.
        #[serde(default)]
        pub until: Option<PartialDate>,
    }
}

row! {
    /// A person's position at a company as stored: its identity, the person and the company, and
    /// its plain fields (which it dereferences to).
    pub struct RoleRow {
        /// Internal id.
        pub id: i64,
        /// Counts its changes.
        pub version: i64,
        /// The person.
        pub person_id: i64,
        /// The company.
        pub company_id: i64,
    }
    fields RoleFields;
    columns static ROLE_COLUMNS as "r";
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
    List::new(COLUMNS.as_str(), "people p", "p.sort_name", "p.id")
}

/// Conditions on a list of people: one of each person's roles must meet every condition given.
/// Values are already checked.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// At any of the companies with these keys (of their global ids); each must exist.
    pub companies: Option<Vec<String>>,
    /// Holding any of these titles.
    pub titles: Option<Vec<RoleTitle>>,
    /// Held now (no end date known) when true, ended when false.
    pub current: Option<bool>,
}

/// Narrows `list` (people as `p`) to the people with a role that meets `filter`.
pub fn select(mut list: List, filter: &Filter) -> List {
    let mut conditions = Vec::new();
    let mut params = Vec::new();
    if let Some(companies) = &filter.companies {
        for company in companies {
            list = list.require("company", "companies", company);
        }
        conditions.push("c.key IN rarray(?)");
        params.push(SqlValue::Array(text_array(companies)));
    }
    if let Some(titles) = &filter.titles {
        let titles: Vec<&str> = titles.iter().map(|t| t.as_str()).collect();
        conditions.push("r.title IN rarray(?)");
        params.push(SqlValue::Array(text_array(&titles)));
    }
    match filter.current {
        Some(true) => conditions.push("r.until IS NULL"),
        Some(false) => conditions.push("r.until IS NOT NULL"),
        None => {}
    }
    if conditions.is_empty() {
        return list;
    }
    list.filter(
        format!(
            "p.id IN (SELECT r.person_id FROM roles r JOIN companies c ON c.id = r.company_id \
             WHERE {})",
            conditions.join(" AND ")
        ),
        params,
    )
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

/// The roles with these ids, by id.
pub fn roles_by_ids(conn: &Connection, ids: &[i64]) -> AppResult<HashMap<i64, RoleRow>> {
    let sql = format!("SELECT {ROLE_COLUMNS} FROM roles r WHERE r.id IN rarray(?1)");
    keyed(
        conn,
        &sql,
        id_array(ids.iter().copied()),
        RoleRow::read,
        |r| r.id,
    )
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
            let mut count = || -> crate::db::sql::Result<usize> {
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
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------------
// Writes: the records, each declared once. Their `Record` functions take a connection inside the
// caller's transaction, check the record under the rules the data must obey, derive what is derived
// (`sort_name`), and return the new row's id.
// ---------------------------------------------------------------------------------------------

use super::constraints::{Reference, distinct};
use super::record::{Namer, Record, ValueList};
use crate::model::{ChangeEntity, Name, Slug, fold};

/// A person with their sources: the one declaration of what a person is, in every form it
/// takes. `R` is how it names other records: by storage id when it is written (`Person<i64>`,
/// the [`Record`]), by slug in the record files and the history (`Person<String>`). The roles
/// they hold are written on their own ([`PersonRole`]); the record files list them with the
/// person ([`super::files::PersonLists`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person<R = String> {
    /// Human-readable key (checked when written).
    pub slug: String,
    /// Their plain fields.
    #[serde(flatten)]
    pub fields: PersonFields,
    /// The sources that report on them, each once (in id order when written).
    #[serde(default)]
    pub sources: Vec<R>,
}

/// The sources that report on a person.
const PERSON_SOURCES: ValueList = ValueList::sources("person_sources", "person_id");

impl<R> Person<R> {
    /// The same person naming other records as `name` turns each reference into; `name` is
    /// told the kind of record referred to and the field (as the API spells it) that refers.
    pub fn map_refs<S>(
        self,
        name: &mut impl FnMut(ChangeEntity, &'static str, R) -> AppResult<S>,
    ) -> AppResult<Person<S>> {
        Ok(Person {
            slug: self.slug,
            fields: self.fields,
            sources: self
                .sources
                .into_iter()
                .map(|s| name(ChangeEntity::Source, "sources", s))
                .collect::<AppResult<_>>()?,
        })
    }
}

impl Person<i64> {
    /// The rules of a person: a well-formed slug and name, each source once. A refusal is
    /// `BAD_USER_INPUT` naming the field.
    fn check(&self) -> AppResult<()> {
        Slug::parse(&self.slug, "slug")?;
        Name::parse(&self.fields.name, "name")?;
        distinct(&self.sources, "sources")
    }

    /// Rewrites the sources of the person `id` when they changed from `old`.
    fn write_sources(&self, conn: &Connection, id: i64, old: &[i64]) -> AppResult<()> {
        PERSON_SOURCES.rewrite_sources(conn, id, old, &self.sources)
    }
}

impl Record for Person<i64> {
    const ENTITY: ChangeEntity = ChangeEntity::Person;
    type Named = Person<String>;

    fn slug(&self) -> Option<&str> {
        Some(&self.slug)
    }

    /// Stores a person with their sources, under the rules of `Person::check`, with their
    /// sort name (the folded name).
    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        self.check()?;
        let sort_name = fold(&self.fields.name);
        let id = self.fields.insert(
            conn,
            &[("slug", &self.slug), ("sort_name", &sort_name)],
            &[],
        )?;
        self.write_sources(conn, id, &[])?;
        Ok(id)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        let (slug, fields) = PersonFields::stored(conn, id, "person", &["slug"], |r| r.next())?;
        Ok(Self {
            slug,
            fields,
            sources: PERSON_SOURCES.read(conn, id)?,
        })
    }

    fn rewrite(conn: &Connection, id: i64, old: &Self, new: &Self) -> AppResult<()> {
        new.check()?;
        let sort_name = fold(&new.fields.name);
        new.fields.update(
            conn,
            id,
            &[("slug", &new.slug), ("sort_name", &sort_name)],
            &[],
        )?;
        new.write_sources(conn, id, &old.sources)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        delete_person(conn, id)
    }

    fn named(&self, name: &mut Namer<'_>) -> AppResult<Person<String>> {
        self.clone().map_refs(&mut |entity, _, id| name(entity, id))
    }
}

/// A position a person holds or held at a company, as the person lists it in the record
/// files: the company, the position and when, and the source that reports it. `R` is how it
/// names other records: by storage id when it is written, by slug in the files and the
/// history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role<R = String> {
    /// The company.
    pub company: R,
    /// Its plain fields.
    #[serde(flatten)]
    pub fields: RoleFields,
    /// The source that reports it.
    #[serde(default)]
    pub source: Option<R>,
}

impl<R> Role<R> {
    /// The same role naming other records as `name` turns each reference into; `name` is told
    /// the kind of record referred to and the field (as the API spells it) that refers.
    pub fn map_refs<S>(
        self,
        name: &mut impl FnMut(ChangeEntity, &'static str, R) -> AppResult<S>,
    ) -> AppResult<Role<S>> {
        Ok(Role {
            company: name(ChangeEntity::Company, "company", self.company)?,
            fields: self.fields,
            source: self
                .source
                .map(|s| name(ChangeEntity::Source, "source", s))
                .transpose()?,
        })
    }
}

/// A role on its own, with the person who holds it: the record the role mutations and the
/// import write, and its form in the history. A person holds each title at a company once: a
/// second is a `CONFLICT` naming `title`. `R` is how it names other records, as in [`Role`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRole<R = String> {
    /// The person.
    pub person: R,
    /// The role.
    #[serde(flatten)]
    pub role: Role<R>,
}

impl PersonRole<i64> {
    /// The columns of its own row that refer to other records, and those references by input
    /// field.
    fn references(
        &self,
    ) -> (
        [(&'static str, &dyn crate::db::sql::ToSql); 3],
        [Reference; 3],
    ) {
        (
            [
                ("person_id", &self.person),
                ("company_id", &self.role.company),
                ("source_id", &self.role.source),
            ],
            [
                Reference::person("person", self.person),
                Reference::company("company", self.role.company),
                Reference::source("source", self.role.source),
            ],
        )
    }
}

impl Record for PersonRole<i64> {
    const ENTITY: ChangeEntity = ChangeEntity::Role;
    type Named = PersonRole<String>;

    fn slug(&self) -> Option<&str> {
        None
    }

    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        let (columns, references) = self.references();
        self.role.fields.insert(conn, &columns, &references)
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        let ((person, company, source), fields) = RoleFields::stored(
            conn,
            id,
            "role",
            &["person_id", "company_id", "source_id"],
            |r| Ok((r.next()?, r.next()?, r.next()?)),
        )?;
        Ok(Self {
            person,
            role: Role {
                company,
                fields,
                source,
            },
        })
    }

    fn rewrite(conn: &Connection, id: i64, _old: &Self, new: &Self) -> AppResult<()> {
        let (columns, references) = new.references();
        new.role.fields.update(conn, id, &columns, &references)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        delete_role(conn, id)
    }

    fn named(&self, name: &mut Namer<'_>) -> AppResult<PersonRole<String>> {
        Ok(PersonRole {
            person: name(ChangeEntity::Person, self.person)?,
            role: self
                .role
                .clone()
                .map_refs(&mut |entity, _, id| name(entity, id))?,
        })
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
    use crate::db::companies::write_tests::company;
    use crate::db::test_connection;
    use crate::error::AppError;

    #[test]
    fn a_person_holds_each_title_at_a_company_once() {
        let conn = test_connection();
        let person = Person {
            slug: "jane-roe".to_owned(),
            fields: PersonFields {
                name: "Jane Roé".to_owned(),
            },
            sources: Vec::new(),
        }
        .insert(&conn)
        .expect("person");
        let sort_name: String = conn
            .query_row(
                "SELECT sort_name FROM people WHERE id = ?1",
                [person],
                |r| r.get("sort_name"),
            )
            .expect("read");
        assert_eq!(sort_name, "jane roe");
        let company = company("c", "C").insert(&conn).expect("company");
        let role = PersonRole {
            person,
            role: Role {
                company,
                fields: RoleFields {
                    title: RoleTitle::Ceo,
                    since: None,
                    until: None,
                },
                source: None,
            },
        };
        role.insert(&conn).expect("first");
        match role.insert(&conn) {
            Err(AppError::Conflict { field, .. }) => assert_eq!(field, "title"),
            other => panic!("{other:?}"),
        }
        let mut elsewhere = role.clone();
        elsewhere.role.company = 999;
        match elsewhere.insert(&conn) {
            Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "company"),
            other => panic!("{other:?}"),
        }
    }
}
