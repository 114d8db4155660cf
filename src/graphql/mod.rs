//! The GraphQL API: one file per domain (`company`, `person`, `agreement`, `source`) holding
//! its object types and its part of `Query`, plus the `Node` interface, Relay connections and
//! opaque ids. Resolvers are thin: they validate arguments and call the repository functions
//! in `crate::db` through [`Db::read`].

pub mod agreement;
pub mod company;
pub mod connection;
pub mod filter;
pub mod ids;
pub mod localized;
pub mod node;
pub mod nulls;
pub mod order;
pub mod person;
pub mod prefetch;
pub mod search;
pub mod source;

use std::sync::Arc;

use async_graphql::{Context, EmptyMutation, EmptySubscription, MergedObject, Schema};
use rusqlite::Connection as SqlConnection;

pub use agreement::Agreement;
pub use company::Company;
pub use person::Person;

use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::l10n::Localizer;

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

/// Reads a row that a foreign key guarantees exists; its absence is an internal error.
pub(crate) async fn fetch<R: Send + 'static>(
    ctx: &Context<'_>,
    what: &'static str,
    id: i64,
    by_id: fn(&SqlConnection, i64) -> AppResult<Option<R>>,
) -> AppResult<R> {
    db(ctx)?
        .read(move |conn| by_id(conn, id))
        .await?
        .ok_or_else(|| AppError::Internal(format!("{what} {id} is referenced but missing")))
}

/// Reads a list with one repository function on the blocking pool.
pub(crate) async fn fetch_all<R: Send + 'static>(
    ctx: &Context<'_>,
    id: i64,
    read: fn(&SqlConnection, i64) -> AppResult<Vec<R>>,
) -> AppResult<Vec<R>> {
    db(ctx)?.read(move |conn| read(conn, id)).await
}
