//! Changes to the data, each one operation in one transaction on the writer (`BEGIN
//! IMMEDIATE`): the repository's write functions ([`Record`]), which hold the data's rules,
//! then the change's record in the history with the record's state before and after. A change
//! happens whole or not at all, and its history rows with it.
//!
//! Callers (GraphQL mutations) hand over checked input (`crate::model`'s validated types) as a
//! function that builds or changes the record inside the transaction, where references by slug
//! resolve to ids against the data as it is at that moment; and the [`Actor`] making it.

use crate::db::sql::Connection;

use crate::auth::Actor;
use crate::db::companies::{self, Company};
use crate::db::people::{self, Person, PersonRole};
use crate::db::record::{self, Record, check_version};
use crate::db::{Db, agreements::Agreement, events, history, rivalries};
use crate::error::{AppError, AppResult};
use crate::model::{ChangeEntity, Operation};

/// Records a change to the record `id` of `entity`, from the state `before` to its state now.
fn record_change(
    conn: &Connection,
    actor: &Actor,
    entity: ChangeEntity,
    id: i64,
    operation: Operation,
    before: Option<String>,
) -> AppResult<()> {
    let after = match operation {
        Operation::Delete => None,
        _ => history::snapshot_of(conn, entity, id)?,
    };
    history::record(
        conn,
        &actor.0,
        actor.1.as_deref(),
        entity,
        id,
        operation,
        before,
        after,
    )
    .map(drop)
}

/// Inserts `value` and records its creation; returns its id.
pub fn insert_recorded<R: Record>(conn: &Connection, actor: &Actor, value: &R) -> AppResult<i64> {
    let id = record::insert(conn, value)?;
    record_change(conn, actor, R::ENTITY, id, Operation::Create, None)?;
    Ok(id)
}

/// Makes the record `id` into `value` and records the change, if it is one; returns whether
/// anything changed.
pub fn replace_recorded<R: Record>(
    conn: &Connection,
    actor: &Actor,
    id: i64,
    value: &R,
) -> AppResult<bool> {
    let before = history::snapshot_of(conn, R::ENTITY, id)?;
    let changed = record::replace(conn, id, value)?;
    if changed {
        record_change(conn, actor, R::ENTITY, id, Operation::Update, before)?;
    }
    Ok(changed)
}

/// Deletes the record `id` of the kind `R` and records its last state.
pub fn delete_recorded<R: Record>(conn: &Connection, actor: &Actor, id: i64) -> AppResult<()> {
    let before = history::snapshot_of(conn, R::ENTITY, id)?;
    R::delete(conn, id)?;
    record_change(conn, actor, R::ENTITY, id, Operation::Delete, before)
}

/// The record a write wrote: its storage id and the key the API names it by.
#[derive(Debug, Clone)]
pub struct Written {
    /// Its storage id.
    pub id: i64,
    /// The key of its global id (its first slug), or else its id in decimal.
    pub key: String,
}

/// Creates the record `build` makes (inside the transaction).
pub async fn create<R, B>(db: &Db, actor: Actor, build: B) -> AppResult<Written>
where
    R: Record,
    B: FnOnce(&Connection) -> AppResult<R> + Send + 'static,
{
    create_checked(db, actor, build, |_, _, _| Ok(())).await
}

/// Creates the record `build` makes, then asks `check` about it as stored (its id and value),
/// in the same transaction: a refusal there writes nothing. For what the caller checks beyond
/// the record's own rules, once those have held (a name another record has).
pub async fn create_checked<R, B, C>(
    db: &Db,
    actor: Actor,
    build: B,
    check: C,
) -> AppResult<Written>
where
    R: Record,
    B: FnOnce(&Connection) -> AppResult<R> + Send + 'static,
    C: FnOnce(&Connection, i64, &R) -> AppResult<()> + Send + 'static,
{
    db.write(move |tx| {
        let value = build(tx)?;
        let id = insert_recorded(tx, &actor, &value)?;
        check(tx, id, &value)?;
        Ok(Written {
            id,
            key: record::key_of(tx, R::ENTITY, id)?,
        })
    })
    .await
}

/// Which record a change is about, found inside the transaction.
pub type Locate = Box<dyn FnOnce(&Connection) -> AppResult<i64> + Send>;

/// Locates the record of `entity` by its key (slug, or id), or answers `NOT_FOUND`.
pub fn by_key(entity: ChangeEntity, key: String) -> Locate {
    Box::new(move |conn| record::existing(conn, entity, &key))
}

/// Changes the record `locate` finds (at `version`, when given) as `change` says; returns it
/// as it is after the change. A change that changes nothing is not recorded and keeps the
/// version.
pub async fn update<R, C>(
    db: &Db,
    actor: Actor,
    locate: Locate,
    version: Option<i64>,
    change: C,
) -> AppResult<Written>
where
    R: Record,
    C: FnOnce(&Connection, &mut R) -> AppResult<()> + Send + 'static,
{
    update_checked(db, actor, locate, version, change, |_, _, _, _| Ok(())).await
}

/// [`update`], then asks `check` about the record as stored (its id, and its value before and
/// after the change), in the same transaction: a refusal there writes nothing.
pub async fn update_checked<R, C, K>(
    db: &Db,
    actor: Actor,
    locate: Locate,
    version: Option<i64>,
    change: C,
    check: K,
) -> AppResult<Written>
where
    R: Record,
    C: FnOnce(&Connection, &mut R) -> AppResult<()> + Send + 'static,
    K: FnOnce(&Connection, i64, &R, &R) -> AppResult<()> + Send + 'static,
{
    db.write(move |tx| {
        let id = locate(tx)?;
        check_version(tx, R::ENTITY, id, version)?;
        let before = R::stored(tx, id)?;
        let mut value = before.clone();
        change(tx, &mut value)?;
        replace_recorded(tx, &actor, id, &value)?;
        check(tx, id, &before, &value)?;
        Ok(Written {
            id,
            key: record::key_of(tx, R::ENTITY, id)?,
        })
    })
    .await
}

/// Deletes the record `locate` finds (at `version`, when given); returns what it was.
pub async fn delete<R: Record>(
    db: &Db,
    actor: Actor,
    locate: Locate,
    version: Option<i64>,
) -> AppResult<Written> {
    db.write(move |tx| {
        let id = locate(tx)?;
        check_version(tx, R::ENTITY, id, version)?;
        let key = record::key_of(tx, R::ENTITY, id)?;
        delete_recorded::<R>(tx, &actor, id)?;
        Ok(Written { id, key })
    })
    .await
}

/// What deleting a company removed besides it.
#[derive(Debug, Clone, Default)]
pub struct CompanyDeletion {
    /// The slugs of the agreements it was party to, deleted with it.
    pub agreements: Vec<String>,
}

/// Deletes the company `slug` (at `version`, when given) with the roles held at it, each
/// recorded. When it is party to agreements the deletion is refused unless `cascade`, which
/// deletes those agreements too, each recorded.
pub async fn delete_company(
    db: &Db,
    actor: Actor,
    slug: String,
    version: Option<i64>,
    cascade: bool,
) -> AppResult<CompanyDeletion> {
    db.write(move |tx| {
        let id = record::existing(tx, ChangeEntity::Company, &slug)?;
        check_version(tx, ChangeEntity::Company, id, version)?;
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
            deletion
                .agreements
                .push(record::key_of(tx, ChangeEntity::Agreement, agreement)?);
            delete_recorded::<Agreement<i64>>(tx, &actor, agreement)?;
        }
        for role in people::role_ids_of_company(tx, id)? {
            delete_recorded::<PersonRole<i64>>(tx, &actor, role)?;
        }
        for event in events::event_ids_of(tx, id)? {
            delete_recorded::<events::CompanyEvent<i64>>(tx, &actor, event)?;
        }
        for rivalry in rivalries::rivalry_ids_of(tx, id)? {
            delete_recorded::<rivalries::Rivalry<i64>>(tx, &actor, rivalry)?;
        }
        delete_recorded::<Company<i64>>(tx, &actor, id)?;
        Ok(deletion)
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
        let id = record::existing(tx, ChangeEntity::Person, &slug)?;
        check_version(tx, ChangeEntity::Person, id, version)?;
        for role in people::role_ids_of_person(tx, id)? {
            delete_recorded::<PersonRole<i64>>(tx, &actor, role)?;
        }
        delete_recorded::<Person<i64>>(tx, &actor, id)
    })
    .await
}
