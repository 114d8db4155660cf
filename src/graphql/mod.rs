//! The GraphQL API: one file per domain (`company`, `person`, `agreement`, `source`) holding
//! its object types, its connection and its part of `Query`, plus the `Node` interface, Relay
//! connections, opaque ids, localised fields and search. Resolvers are thin: they turn
//! arguments into the typed filters and orderings of `crate::db` (no SQL here), read through
//! [`Db::read`], and load related data the one way [`loader`] describes.

pub mod agreement;
pub mod company;
pub mod connection;
pub mod errors;
pub mod ids;
pub mod loader;
pub mod localized;
pub mod node;
pub mod nulls;
pub mod person;
pub mod search;
pub mod source;

use std::sync::Arc;

use async_graphql::{Context, EmptyMutation, EmptySubscription, MergedObject, Schema};

pub use agreement::Agreement;
pub use company::Company;
pub use person::Person;

use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::l10n::Localizer;
use crate::model::is_country_code;

/// The root of every query.
#[derive(MergedObject, Default)]
pub struct Query(
    node::NodeQuery,
    company::CompanyQuery,
    person::PersonQuery,
    agreement::AgreementQuery,
    localized::LocalizedQuery,
    search::SearchQuery,
);

/// The schema type served at `/graphql`.
pub type DealgraphSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// How deeply selections may nest; deep enough for every traversal in the examples, shallow
/// enough that no query fans out without bound.
pub const MAX_DEPTH: usize = 16;
/// The most fields (each list counting its page size) one query may select.
pub const MAX_COMPLEXITY: usize = 20_000;

/// Builds the schema over `db`, writing summaries with `l10n`.
pub fn build_schema(db: Db, l10n: Arc<Localizer>) -> DealgraphSchema {
    schema_builder().data(db).data(l10n).finish()
}

/// The schema's SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    schema_builder().finish().sdl()
}

fn schema_builder() -> async_graphql::SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .extension(nulls::NullPropagation)
}

/// The database of the request.
pub(crate) fn db<'a>(ctx: &Context<'a>) -> AppResult<&'a Db> {
    ctx.data::<Db>()
        .map_err(|_| AppError::Internal("the schema has no database".into()))
}

/// A country code argument, checked: `example` shows a valid one in the error.
pub(crate) fn country_argument(
    code: String,
    argument: &'static str,
    example: &str,
) -> AppResult<String> {
    if is_country_code(&code) {
        Ok(code)
    } else {
        Err(AppError::bad_input(
            argument,
            format!("{code:?} is not an ISO 3166-1 alpha-2 code such as \"{example}\""),
        ))
    }
}
