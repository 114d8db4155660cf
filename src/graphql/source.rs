//! Provenance and smaller facts: `Source`, `Quote`, `Event` and `MarketPosition`. Quotes,
//! events and market positions are made in batches, so the people, companies, agreements and
//! sources they name are read for a whole batch at once.

use std::collections::HashMap;

use async_graphql::{Context, ID, Object};

use super::ids::encode_record_id;

use super::agreement::Agreement;
use super::company::Company;
use super::loader::{Lazy, Related, batch_of, grouped_objects, of};
use super::person::Person;
use crate::db::companies;
use crate::db::events::EventRow;
use crate::db::market_positions::MarketPositionRow;
use crate::db::rows::unique_ids;
use crate::db::sources::{self, QuoteRow, SourceRow};
use crate::db::{agreements, people};
use crate::error::AppResult;
use crate::model::{ChangeEntity, EntityKind, EventKind, MarketPositionKind, PartialDate};

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

batch_of!(
    /// The `Source` GraphQL object (described on its `#[Object]` impl).
    Source, SourceBatch, SourceRow, {});

/// The sources with the ids some rows of a batch name, read for the whole batch.
async fn sources_named(
    ctx: &Context<'_>,
    cell: &Lazy<HashMap<i64, Source>>,
    ids: Vec<i64>,
    wanted: Option<i64>,
) -> AppResult<Option<Source>> {
    let Some(wanted) = wanted else {
        return Ok(None);
    };
    let found = cell
        .get(
            ctx,
            move |conn| sources::by_ids(conn, &unique_ids(ids)),
            |rows| super::loader::keyed_objects(rows, Source::batch),
        )
        .await?;
    Ok(found.get(&wanted).cloned())
}

/// An article or other publication that facts come from.
#[Object]
impl Source {
    /// Its id, which mutations name it by.
    async fn id(&self) -> ID {
        encode_record_id(ChangeEntity::Source, &self.row().slug)
    }

    /// Counts its changes; an update or delete that names an older one is refused.
    async fn version(&self) -> i64 {
        self.row().version
    }

    /// The changes made to it, oldest first: who changed what when, with its state before
    /// and after.
    async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many items from the start (0 to 100; default 20).")]
        first: Option<i32>,
        #[graphql(desc = "Start after the item with this cursor.")] after: Option<String>,
    ) -> async_graphql::Result<crate::graphql::history::ChangeConnection> {
        Ok(crate::graphql::history::history_of(
            ctx,
            crate::model::ChangeEntity::Source,
            self.row().id,
            first,
            after,
        )
        .await?)
    }

    /// Stable, human-readable key.
    async fn slug(&self) -> &str {
        &self.row().slug
    }

    /// The headline.
    async fn title(&self) -> &str {
        &self.row().title
    }

    /// The line printed above the headline, if any.
    async fn kicker(&self) -> Option<&str> {
        self.row().kicker.as_deref()
    }

    /// When it was published, at the precision known.
    async fn published_on(&self) -> Option<PartialDate> {
        self.row().published_on
    }

    /// The language it is written in (BCP 47, such as `de`).
    async fn language(&self) -> &str {
        &self.row().language
    }

    /// Where it can be read, when known.
    async fn url(&self) -> Option<&str> {
        self.row().url.as_deref()
    }
}

batch_of!(
    /// The `Quote` GraphQL object (described on its `#[Object]` impl).
    Quote, QuoteBatch, QuoteRow, {
    speakers: Lazy<HashMap<i64, Person>>,
    companies: Lazy<Related<Company>>,
    agreements: Lazy<HashMap<i64, Agreement>>,
    sources: Lazy<HashMap<i64, Source>>,
});

impl Quote {
    async fn attributed(&self, ctx: &Context<'_>) -> AppResult<Vec<Company>> {
        let ids: Vec<i64> = self.batch.rows.iter().map(|r| r.id).collect();
        let companies = self
            .batch
            .companies
            .get(
                ctx,
                move |conn| {
                    // Which companies each quote names, then those companies in one read.
                    let named = sources::quote_companies_of(conn, &ids)?;
                    let wanted = unique_ids(named.values().flatten().copied());
                    let rows = companies::by_ids(conn, &wanted)?;
                    Ok(named
                        .into_iter()
                        .map(|(quote, ids)| {
                            let rows = ids.iter().filter_map(|id| rows.get(id).cloned());
                            (quote, rows.collect())
                        })
                        .collect::<crate::db::rows::Grouped<_>>())
                },
                |rows| grouped_objects(rows, Company::batch),
            )
            .await?;
        Ok(of(companies, self.row().id))
    }
}

/// Words quoted from a person or a company's statement.
#[Object]
impl Quote {
    /// Its id, which mutations name it by.
    async fn id(&self) -> ID {
        encode_record_id(ChangeEntity::Quote, &self.row().id.to_string())
    }

    /// Counts its changes; an update or delete that names an older one is refused.
    async fn version(&self) -> i64 {
        self.row().version
    }

    /// The changes made to it, oldest first: who changed what when, with its state before
    /// and after.
    async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many items from the start (0 to 100; default 20).")]
        first: Option<i32>,
        #[graphql(desc = "Start after the item with this cursor.")] after: Option<String>,
    ) -> async_graphql::Result<crate::graphql::history::ChangeConnection> {
        Ok(crate::graphql::history::history_of(
            ctx,
            crate::model::ChangeEntity::Quote,
            self.row().id,
            first,
            after,
        )
        .await?)
    }

    /// The words, exactly as printed in the source.
    async fn text(&self) -> &str {
        &self.row().text
    }

    /// The language of the words (BCP 47, such as `de`).
    async fn language(&self) -> &str {
        &self.row().language
    }

    /// The person who said it, when a person is named.
    async fn speaker(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        let Some(speaker) = self.row().speaker_id else {
            return Ok(None);
        };
        let ids: Vec<i64> = self
            .batch
            .rows
            .iter()
            .filter_map(|r| r.speaker_id)
            .collect();
        let found = self
            .batch
            .speakers
            .get(
                ctx,
                move |conn| people::by_ids(conn, &unique_ids(ids)),
                Person::by_id,
            )
            .await?;
        Ok(found.get(&speaker).cloned())
    }

    /// The company it is attributed to (the first, for a joint statement).
    async fn company(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Company>> {
        Ok(self.attributed(ctx).await?.into_iter().next())
    }

    /// Every company it is attributed to; a joint statement has several.
    async fn companies(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Company>> {
        Ok(self.attributed(ctx).await?)
    }

    /// The agreement it is about, if any.
    async fn agreement(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Agreement>> {
        let Some(agreement) = self.row().agreement_id else {
            return Ok(None);
        };
        let ids: Vec<i64> = self
            .batch
            .rows
            .iter()
            .filter_map(|r| r.agreement_id)
            .collect();
        let found = self
            .batch
            .agreements
            .get(
                ctx,
                move |conn| agreements::by_ids(conn, &unique_ids(ids)),
                Agreement::by_id,
            )
            .await?;
        Ok(found.get(&agreement).cloned())
    }

    /// Where it was printed.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        let ids = self.batch.rows.iter().filter_map(|r| r.source_id).collect();
        Ok(sources_named(ctx, &self.batch.sources, ids, self.row().source_id).await?)
    }
}

batch_of!(
    /// The `Event` GraphQL object (described on its `#[Object]` impl).
    Event, EventBatch, EventRow, {
    sources: Lazy<HashMap<i64, Source>>,
});

/// Something that happened to a company.
#[Object]
impl Event {
    /// Its id, which mutations name it by.
    async fn id(&self) -> ID {
        encode_record_id(ChangeEntity::Event, &self.row().id.to_string())
    }

    /// Counts its changes; an update or delete that names an older one is refused.
    async fn version(&self) -> i64 {
        self.row().version
    }

    /// The changes made to it, oldest first: who changed what when, with its state before
    /// and after.
    async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many items from the start (0 to 100; default 20).")]
        first: Option<i32>,
        #[graphql(desc = "Start after the item with this cursor.")] after: Option<String>,
    ) -> async_graphql::Result<crate::graphql::history::ChangeConnection> {
        Ok(crate::graphql::history::history_of(
            ctx,
            crate::model::ChangeEntity::Event,
            self.row().id,
            first,
            after,
        )
        .await?)
    }

    /// What happened.
    async fn kind(&self) -> EventKind {
        self.row().kind
    }

    /// When, at the precision known.
    async fn date(&self) -> Option<PartialDate> {
        self.row().occurred
    }

    /// Whether the source calls it the largest of its kind in history worldwide.
    async fn record(&self) -> bool {
        self.row().record
    }

    /// The source that reports it.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        let ids = self.batch.rows.iter().filter_map(|r| r.source_id).collect();
        Ok(sources_named(ctx, &self.batch.sources, ids, self.row().source_id).await?)
    }
}

batch_of!(
    /// The `MarketPosition` GraphQL object (described on its `#[Object]` impl).
    MarketPosition, MarketPositionBatch, MarketPositionRow, {
    reporters: Lazy<HashMap<i64, Company>>,
    sources: Lazy<HashMap<i64, Source>>,
});

/// A company's standing in a market, as a ranking or study reports it.
#[Object]
impl MarketPosition {
    /// What standing.
    async fn kind(&self) -> MarketPositionKind {
        self.row().kind
    }

    /// The market, as an ISO 3166-1 alpha-2 code; null means worldwide.
    async fn market(&self) -> Option<&str> {
        self.row().market.as_deref()
    }

    /// The company whose ranking or study reports it.
    async fn reported_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Company>> {
        let Some(reporter) = self.row().reported_by else {
            return Ok(None);
        };
        let ids: Vec<i64> = self
            .batch
            .rows
            .iter()
            .filter_map(|r| r.reported_by)
            .collect();
        let found = self
            .batch
            .reporters
            .get(
                ctx,
                move |conn| companies::by_ids(conn, &unique_ids(ids)),
                Company::by_id,
            )
            .await?;
        Ok(found.get(&reporter).cloned())
    }

    /// The article that cites it.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        let ids = self.batch.rows.iter().filter_map(|r| r.source_id).collect();
        Ok(sources_named(ctx, &self.batch.sources, ids, self.row().source_id).await?)
    }
}
