//! The GraphQL API: one file per domain (`company`, `person`, `agreement`, `source`) holding
//! its object types, its connection and its part of `Query`, plus the relations several types
//! share (`relations`), the `Node` interface, Relay connections, opaque ids, localised fields
//! and search. Resolvers are thin: they turn arguments into the typed filters and orderings of
//! `crate::db` (no SQL here), read through [`Db::read`], and load related data the one way
//! [`loader`] describes.

pub mod agreement;
pub mod chains;
pub mod company;
pub mod conformance;
pub mod connection;
pub mod cost;
pub mod cycles;
pub mod errors;
pub mod history;
pub mod hooks;
pub mod ids;
pub mod limits;
pub mod loader;
pub mod localized;
pub mod mutation;
pub mod node;
pub mod nulls;
pub mod person;
mod relations;
pub mod search;
pub mod source;
pub mod stats;
pub mod subscription;

use std::sync::Arc;

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, OperationType,
};
use async_graphql::{Context, MergedObject, Schema};

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
    history::HistoryQuery,
    stats::StatsQuery,
    chains::ChainQuery,
);

/// The schema type served at `/graphql`.
pub type DealgraphSchema = Schema<Query, mutation::Mutation, subscription::Subscription>;

/// How deeply selections may nest; deep enough for every traversal in the examples, shallow
/// enough that no query fans out without bound.
pub const MAX_DEPTH: usize = 16;
/// Builds the schema over `db`, writing summaries with `l10n`, holding every request to
/// `limits`.
pub fn build_schema(db: Db, l10n: Arc<Localizer>, limits: limits::Limits) -> DealgraphSchema {
    // The cost and the checks of a document follow the schema's shape, which its SDL describes.
    let shape = Arc::new(cost::Shape::of_sdl(&sdl()));
    builder()
        .limit_depth(MAX_DEPTH)
        .extension(hooks::Hooks::new(shape, limits))
        .data(db)
        .data(l10n)
        .finish()
}

/// The schema's types, before its settings.
fn builder() -> async_graphql::SchemaBuilder<Query, mutation::Mutation, subscription::Subscription>
{
    Schema::build(
        Query::default(),
        mutation::Mutation::default(),
        subscription::Subscription,
    )
    // No field returns the interface itself; registered, it tells clients which types have a
    // version and a history.
    .register_output_type::<history::Versioned>()
}

/// The schema's SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}

/// The operation a request runs, with its name: the one `name` names, else the document's
/// only one. `None` when the document does not say which (an ambiguous or unknown operation,
/// which validation then names).
pub fn selected_operation<'d>(
    document: &'d ExecutableDocument,
    name: Option<&str>,
) -> Option<(Option<&'d str>, &'d OperationDefinition)> {
    match (&document.operations, name) {
        (DocumentOperations::Single(op), _) => Some((None, &op.node)),
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .get_key_value(name)
            .map(|(name, op)| (Some(name.as_str()), &op.node)),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops
            .iter()
            .next()
            .map(|(name, op)| (Some(name.as_str()), &op.node)),
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// The type an operation of type `ty` selects its root fields on.
pub fn root_type(ty: OperationType) -> &'static str {
    match ty {
        OperationType::Query => "Query",
        OperationType::Mutation => "Mutation",
        OperationType::Subscription => "Subscription",
    }
}

/// The API key a request carries (`Authorization: Bearer <token>`), checked only when an
/// operation needs it: reads never pay for it.
#[derive(Debug, Clone, Default)]
pub struct Credentials(pub Option<String>);

/// The author of a write: the API key of the request, checked now, with the mutation's
/// `clientMutationId` (its `input`'s, or that of an object inside it), if it has one.
pub(crate) async fn actor(ctx: &Context<'_>) -> AppResult<crate::auth::Actor> {
    let token = ctx.data_opt::<Credentials>().and_then(|c| c.0.as_deref());
    let crate::auth::Actor(name, _) = crate::auth::authenticate(db(ctx)?, token).await?;
    Ok(crate::auth::Actor(name, client_mutation_id(ctx)))
}

/// The `clientMutationId` the mutation being resolved was given.
fn client_mutation_id(ctx: &Context<'_>) -> Option<String> {
    use async_graphql::Value;
    fn find(value: &Value, depth: usize) -> Option<String> {
        let Value::Object(fields) = value else {
            return None;
        };
        if let Some(Value::String(id)) = fields.get("clientMutationId") {
            return Some(id.clone());
        }
        (depth > 0)
            .then(|| fields.values().find_map(|v| find(v, depth - 1)))
            .flatten()
    }
    let arguments = ctx.field().arguments().ok()?;
    arguments
        .iter()
        .find(|(name, _)| name.as_str() == "input")
        .and_then(|(_, input)| find(input, 1))
}

/// The database of the request.
pub(crate) fn db<'a>(ctx: &Context<'a>) -> AppResult<&'a Db> {
    ctx.data::<Db>()
        .map_err(|_| AppError::Internal("the schema has no database".into()))
}

/// The most values a filter's list may hold.
pub(crate) const MAX_ANY_OF: usize = 100;

/// A list a filter matches any of, checked not to be empty (it would match nothing, which is
/// never what was meant) and to hold at most [`MAX_ANY_OF`] values.
pub(crate) fn any_of<T>(values: Vec<T>, argument: &'static str) -> AppResult<Vec<T>> {
    if values.is_empty() {
        Err(AppError::bad_input(
            argument,
            "is empty: give at least one value, or leave it out",
        ))
    } else if values.len() > MAX_ANY_OF {
        Err(AppError::bad_input(
            argument,
            format!(
                "holds {} values; at most {MAX_ANY_OF} are taken",
                values.len()
            ),
        ))
    } else {
        Ok(values)
    }
}

/// A list of country codes a filter matches any of, checked as [`any_of`] and
/// [`country_argument`] check.
pub(crate) fn countries_argument(
    codes: Vec<String>,
    argument: &'static str,
    example: &str,
) -> AppResult<Vec<String>> {
    any_of(codes, argument)?
        .into_iter()
        .map(|c| country_argument(c, argument, example))
        .collect()
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
