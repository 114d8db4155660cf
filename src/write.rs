//! Changes to the data, each one operation in one transaction on the writer (`BEGIN
//! IMMEDIATE`): the repository's write functions, which hold the data's rules, then the
//! change's record in the history with the record's state before and after. A change happens
//! whole or not at all, and its history row with it.
//!
//! Callers (GraphQL mutations) hand over checked input (`crate::model`'s validated types) and
//! the [`Actor`] making the change; records are named by slug, as global ids carry them.

use rusqlite::{Connection, OptionalExtension};

use crate::auth::Actor;
use crate::db::companies::{self, CompanyChanges, NewCompany};
use crate::db::history;
use crate::db::people::{self, NewPerson, NewRole};
use crate::db::{Db, agreements, check_version};
use crate::error::{AppError, AppResult};
use crate::model::{ChangeEntity, Operation, PartialDate, RoleTitle, Slug};

/// The id of the record of `table` with `slug`, or `NOT_FOUND` naming `what`.
fn id_of(conn: &Connection, table: &str, what: &'static str, slug: &str) -> AppResult<i64> {
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE slug = ?1"))?
        .query_row([slug], |r| r.get(0))
        .optional()?
        .ok_or_else(|| AppError::NotFound {
            what,
            key: slug.to_owned(),
        })
}

/// The id of the company with `slug`, for a reference from the input field `field`: a company
/// that does not exist is bad input naming the field.
fn company_reference(conn: &Connection, field: &'static str, slug: &str) -> AppResult<i64> {
    id_of(conn, "companies", "company", slug)
        .map_err(|_| AppError::bad_input(field, format!("no company has the id of {slug:?}")))
}

/// Runs `change` on the record `id` of `entity` and records it, with the state before and
/// after.
fn recorded(
    conn: &Connection,
    actor: &Actor,
    entity: ChangeEntity,
    id: i64,
    operation: Operation,
    change: impl FnOnce() -> AppResult<()>,
) -> AppResult<()> {
    let before = history::snapshot(conn, entity, id)?;
    change()?;
    let after = history::snapshot(conn, entity, id)?;
    history::record(conn, &actor.0, entity, id, operation, before, after).map(drop)
}

/// Records the creation of the record `id` of `entity`, with its state now.
fn created(conn: &Connection, actor: &Actor, entity: ChangeEntity, id: i64) -> AppResult<()> {
    let after = history::snapshot(conn, entity, id)?;
    history::record(conn, &actor.0, entity, id, Operation::Create, None, after).map(drop)
}

/// Creates a company, under `parent` (a company's slug) when given; returns its slug.
pub async fn create_company(
    db: &Db,
    actor: Actor,
    company: NewCompany,
    parent: Option<String>,
) -> AppResult<String> {
    db.write(move |tx| {
        let parent = parent
            .map(|slug| company_reference(tx, "parent", &slug))
            .transpose()?;
        let id = companies::insert_company(tx, &company)?;
        if parent.is_some() {
            companies::set_parent(tx, id, parent)?;
        }
        created(tx, &actor, ChangeEntity::Company, id)?;
        Ok(company.slug.as_str().to_owned())
    })
    .await
}

/// Changes the company `slug` (at `version`, when given); `parent` is `Some(None)` to detach
/// it from its parent. Returns its slug after the change.
pub async fn update_company(
    db: &Db,
    actor: Actor,
    slug: String,
    version: Option<i64>,
    changes: CompanyChanges,
    parent: Option<Option<String>>,
) -> AppResult<String> {
    db.write(move |tx| {
        let id = id_of(tx, "companies", "company", &slug)?;
        check_version(tx, "companies", "company", id, version)?;
        let parent = parent
            .map(|p| {
                p.map(|slug| company_reference(tx, "parent", &slug))
                    .transpose()
            })
            .transpose()?;
        recorded(
            tx,
            &actor,
            ChangeEntity::Company,
            id,
            Operation::Update,
            || {
                companies::update_company(tx, id, &changes)?;
                match parent {
                    Some(parent) => companies::set_parent(tx, id, parent),
                    None => Ok(()),
                }
            },
        )?;
        Ok(changes.slug.map_or(slug, |s: Slug| s.as_str().to_owned()))
    })
    .await
}

/// What deleting a company removed besides it.
#[derive(Debug, Clone, Default)]
pub struct CompanyDeletion {
    /// The slugs of the agreements it was party to, deleted with it.
    pub agreements: Vec<String>,
}

/// Deletes the company `slug` (at `version`, when given). When it is party to agreements the
/// deletion is refused unless `cascade`, which deletes those agreements too, each recorded.
pub async fn delete_company(
    db: &Db,
    actor: Actor,
    slug: String,
    version: Option<i64>,
    cascade: bool,
) -> AppResult<CompanyDeletion> {
    db.write(move |tx| {
        let id = id_of(tx, "companies", "company", &slug)?;
        check_version(tx, "companies", "company", id, version)?;
        let party_to = companies::agreements_of_party(tx, id)?;
        if !party_to.is_empty() && !cascade {
            return Err(AppError::conflict(
                "cascade",
                format!(
                    "the company is party to {} agreement(s); delete them first, or set \
                     `cascade: true` to delete them with it",
                    party_to.len()
                ),
            ));
        }
        let mut deletion = CompanyDeletion::default();
        for agreement in party_to {
            let slug = agreements::slug_of(tx, agreement)?;
            recorded(
                tx,
                &actor,
                ChangeEntity::Agreement,
                agreement,
                Operation::Delete,
                || agreements::delete_agreement(tx, agreement),
            )?;
            deletion.agreements.push(slug);
        }
        for role in people::role_ids_of_company(tx, id)? {
            recorded(
                tx,
                &actor,
                ChangeEntity::Role,
                role,
                Operation::Delete,
                || people::delete_role(tx, role),
            )?;
        }
        recorded(
            tx,
            &actor,
            ChangeEntity::Company,
            id,
            Operation::Delete,
            || companies::delete_company(tx, id),
        )?;
        Ok(deletion)
    })
    .await
}

/// Creates a person; returns their slug.
pub async fn create_person(db: &Db, actor: Actor, person: NewPerson) -> AppResult<String> {
    db.write(move |tx| {
        let id = people::insert_person(tx, &person)?;
        created(tx, &actor, ChangeEntity::Person, id)?;
        Ok(person.slug.as_str().to_owned())
    })
    .await
}

/// Changes the person `slug` (at `version`, when given); returns their slug after the change.
pub async fn update_person(
    db: &Db,
    actor: Actor,
    slug: String,
    version: Option<i64>,
    new_slug: Option<Slug>,
    name: Option<crate::model::Name>,
) -> AppResult<String> {
    db.write(move |tx| {
        let id = id_of(tx, "people", "person", &slug)?;
        check_version(tx, "people", "person", id, version)?;
        recorded(
            tx,
            &actor,
            ChangeEntity::Person,
            id,
            Operation::Update,
            || people::update_person(tx, id, new_slug.as_ref(), name.as_ref()),
        )?;
        Ok(new_slug.map_or(slug, |s| s.as_str().to_owned()))
    })
    .await
}

/// Deletes the person `slug` (at `version`, when given) with their roles, each recorded.
pub async fn delete_person(
    db: &Db,
    actor: Actor,
    slug: String,
    version: Option<i64>,
) -> AppResult<()> {
    db.write(move |tx| {
        let id = id_of(tx, "people", "person", &slug)?;
        check_version(tx, "people", "person", id, version)?;
        for role in people::role_ids_of_person(tx, id)? {
            recorded(
                tx,
                &actor,
                ChangeEntity::Role,
                role,
                Operation::Delete,
                || people::delete_role(tx, role),
            )?;
        }
        recorded(
            tx,
            &actor,
            ChangeEntity::Person,
            id,
            Operation::Delete,
            || people::delete_person(tx, id),
        )?;
        Ok(())
    })
    .await
}

/// Gives the person `person` (a slug) the role `title` at the company `company` (a slug).
pub async fn create_role(
    db: &Db,
    actor: Actor,
    person: String,
    company: String,
    title: RoleTitle,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
) -> AppResult<()> {
    db.write(move |tx| {
        let person = id_of(tx, "people", "person", &person).map_err(|_| {
            AppError::bad_input("person", format!("no person has the id of {person:?}"))
        })?;
        let role = NewRole {
            person,
            company: company_reference(tx, "company", &company)?,
            title,
            since,
            until,
            source: None,
        };
        let id = people::insert_role(tx, &role)?;
        created(tx, &actor, ChangeEntity::Role, id)?;
        Ok(())
    })
    .await
}
