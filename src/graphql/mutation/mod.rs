//! `Mutation`: creating, changing and deleting every kind of record, in the GitHub style (one
//! `…Input` per mutation with an optional `clientMutationId`, one `…Payload` returning the
//! changed object or the deleted id). One file per domain; this one holds what they share:
//! checking input into `crate::model`'s validated types, and resolving the ids input names.
//!
//! Every mutation needs an API key (`graphql::actor`); input is checked here, before the
//! transaction, and the change is made by `crate::write`, in one transaction with its history
//! records. References are resolved inside that transaction, so a record deleted in between
//! is reported as missing rather than written dangling.

mod agreement;
mod company;
mod person;
mod source;

use crate::db::sql::Connection;
use async_graphql::{ID, InputObject, MaybeUndefined, MergedObject};

use super::ids::decode_record_id;
use crate::db::record;
use crate::error::{AppError, AppResult};
use crate::model::{ChangeEntity, CountryCode, Name, PartialDate, Slug};

pub use company::{CompanyPayload, DeleteCompanyPayload};
pub use person::PersonPayload;

/// The mutations of the API. Every mutation needs `Authorization: Bearer <token>` (an API key
/// from `dealgraph token create`); without a valid one it answers `UNAUTHENTICATED`.
#[derive(MergedObject, Default)]
pub struct Mutation(
    company::CompanyMutation,
    person::PersonMutation,
    agreement::AgreementMutation,
    source::SourceMutation,
);

/// A version argument as storage counts it.
fn version(value: Option<i32>) -> Option<i64> {
    value.map(i64::from)
}

/// An optional text input checked as a name.
fn optional_name(text: Option<String>, field: &'static str) -> AppResult<Option<Name>> {
    text.map(|t| Name::parse(&t, field)).transpose()
}

/// A date input checked as a partial date.
fn date(text: &str, field: &'static str) -> AppResult<PartialDate> {
    text.parse()
        .map_err(|e: crate::model::BadDate| AppError::bad_input(field, e.to_string()))
}

/// An optional date input checked as a partial date.
fn optional_date(text: Option<String>, field: &'static str) -> AppResult<Option<PartialDate>> {
    text.map(|t| date(&t, field)).transpose()
}

/// An optional country input checked as an ISO 3166-1 alpha-2 code.
fn optional_country(text: Option<String>, field: &'static str) -> AppResult<Option<CountryCode>> {
    text.map(|t| CountryCode::parse(&t, field)).transpose()
}

/// A list of country inputs, each checked.
fn countries(list: Vec<String>, field: &'static str) -> AppResult<Vec<CountryCode>> {
    list.iter().map(|t| CountryCode::parse(t, field)).collect()
}

/// A list of name inputs, each checked.
fn names(list: Vec<String>, field: &'static str) -> AppResult<Vec<Name>> {
    list.iter().map(|t| Name::parse(t, field)).collect()
}

/// The slug given, or the one `name` gives.
fn slug_or_derived(slug: Option<String>, name: &str, field: &'static str) -> AppResult<Slug> {
    match slug {
        Some(slug) => Slug::parse(&slug, "slug"),
        None => Slug::from_name(name, field),
    }
}

/// An optional new slug.
fn optional_slug(slug: Option<String>) -> AppResult<Option<Slug>> {
    slug.map(|s| Slug::parse(&s, "slug")).transpose()
}

/// Checked values (names, country codes) as the texts a record holds.
fn strings<T: ToString>(values: &[T]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

/// A checked optional value as the text a record holds.
fn optional_string<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

/// A field of an update: absent keeps the value, `null` clears it, a value sets it.
fn change<T, U>(
    value: MaybeUndefined<T>,
    check: impl FnOnce(T) -> AppResult<U>,
) -> AppResult<Option<Option<U>>> {
    match value {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(v) => check(v).map(|u| Some(Some(u))),
    }
}

/// Sets `target` to `value` when an update gives one.
fn set<T>(target: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *target = value;
    }
}

/// A record just written, read back.
fn written<T>(found: Option<T>, what: &str) -> AppResult<T> {
    found.ok_or_else(|| AppError::Internal(format!("the {what} just written is missing")))
}

/// The key (slug or row id) the id input `field` names, which must be an id of `entity`.
fn key_of(entity: ChangeEntity, id: &ID, field: &'static str) -> AppResult<String> {
    decode_record_id(entity, id, field)
}

/// The keys a list of ids names, each an id of `entity`.
fn keys_of(entity: ChangeEntity, ids: Vec<ID>, field: &'static str) -> AppResult<Vec<String>> {
    ids.iter().map(|id| key_of(entity, id, field)).collect()
}

/// An optional id input, as a key.
fn optional_key(
    entity: ChangeEntity,
    id: Option<ID>,
    field: &'static str,
) -> AppResult<Option<String>> {
    id.map(|id| key_of(entity, &id, field)).transpose()
}

/// The storage id of the record of `entity` with `key`, inside the write's transaction; a
/// record that does not exist is bad input naming `field`.
fn resolve(
    conn: &Connection,
    entity: ChangeEntity,
    field: &'static str,
    key: &str,
) -> AppResult<i64> {
    record::reference(conn, entity, field, key)
}

/// An optional reference, resolved.
fn resolve_opt(
    conn: &Connection,
    entity: ChangeEntity,
    field: &'static str,
    key: Option<&String>,
) -> AppResult<Option<i64>> {
    key.map(|k| resolve(conn, entity, field, k)).transpose()
}

/// A list of references, resolved, in order.
fn resolve_all(
    conn: &Connection,
    entity: ChangeEntity,
    field: &'static str,
    keys: &[String],
) -> AppResult<Vec<i64>> {
    keys.iter()
        .map(|k| resolve(conn, entity, field, k))
        .collect()
}

/// A list of sources, resolved, in the id order records keep their sources in. A source named
/// twice stays twice, for the record's rules to refuse.
fn resolve_sources(conn: &Connection, keys: &[String]) -> AppResult<Vec<i64>> {
    let mut ids = resolve_all(conn, ChangeEntity::Source, "sources", keys)?;
    ids.sort_unstable();
    Ok(ids)
}

/// Declares the payload of a delete mutation.
macro_rules! delete_payload {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(async_graphql::SimpleObject)]
        pub struct $name {
            /// The `clientMutationId` of the input.
            pub client_mutation_id: Option<String>,
            #[doc = concat!("The id the ", $what, " had.")]
            pub deleted_id: async_graphql::ID,
        }
    };
}
use delete_payload;

/// The head every update and delete input starts with, flattened into each (its fields are
/// the input's own in the schema): which record, the version the client last read, and the
/// client's own id of the mutation. A create input declares its `clientMutationId` itself:
/// one field, which a flattened object would not shorten.
#[derive(InputObject)]
pub struct RecordChange {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The record's id: its global id for a company, person or agreement, else the `id` the
    /// record answers.
    pub id: ID,
    /// The `version` last read; a stale one is refused with `CONFLICT`.
    pub version: Option<i32>,
}
