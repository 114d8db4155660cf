//! The relations several object types share, each read for every owner of a batch at once:
//! the quotes and the sources of a company, person or agreement, and the one source a quote,
//! an event or a market position names.

use std::collections::HashMap;

use async_graphql::Context;

use super::loader::{Lazy, Related, grouped_objects, of};
use super::source::{Quote, Source};
use crate::db::sources;
use crate::error::AppResult;
use crate::model::EntityKind;

/// The quotes of the company, person or agreement `id` (of `owner`), read for every owner of
/// its batch (`ids`) at once into `cell`: the `quotes` relation of all three types.
pub(crate) async fn quotes_of(
    cell: &Lazy<Related<Quote>>,
    ctx: &Context<'_>,
    owner: EntityKind,
    ids: Vec<i64>,
    id: i64,
) -> AppResult<Vec<Quote>> {
    let quotes = cell
        .get(
            ctx,
            move |conn| sources::quotes_of(conn, owner, &ids),
            |rows| grouped_objects(rows, Quote::batch),
        )
        .await?;
    Ok(of(quotes, id))
}

/// The sources that report on the company, person or agreement `id` (of `owner`), read for
/// every owner of its batch (`ids`) at once into `cell`: the `sources` relation of all three.
pub(crate) async fn sources_of(
    cell: &Lazy<Related<Source>>,
    ctx: &Context<'_>,
    owner: EntityKind,
    ids: Vec<i64>,
    id: i64,
) -> AppResult<Vec<Source>> {
    let found = cell
        .get(
            ctx,
            move |conn| sources::sources_of(conn, owner, &ids),
            |rows| grouped_objects(rows, Source::batch),
        )
        .await?;
    Ok(of(found, id))
}

/// The sources with the ids some rows of a batch name, read for the whole batch.
pub(crate) async fn sources_named(
    ctx: &Context<'_>,
    cell: &Lazy<HashMap<i64, Source>>,
    ids: Vec<i64>,
    wanted: Option<i64>,
) -> AppResult<Option<Source>> {
    cell.one(ctx, ids, wanted, sources::by_ids, |rows| {
        super::loader::keyed_objects(rows, Source::batch)
    })
    .await
}
