//! Provenance and smaller facts: `Source`, `Quote`, `Event` and `MarketPosition`.

use async_graphql::{Context, Object};

use super::agreement::Agreement;
use super::company::{Company, company_by_id};
use super::person::{Person, optional_person};
use super::{fetch, fetch_all};
use crate::db::agreements::{self, QuoteRow};
use crate::db::companies::{EventRow, MarketPositionRow};
use crate::db::sources::{self, SourceRow};
use crate::error::AppResult;
use crate::model::{EventKind, MarketPositionKind, PartialDate};

/// The `Source` GraphQL object (described on its `#[Object]` impl).
pub struct Source(pub SourceRow);

async fn optional_source(ctx: &Context<'_>, id: Option<i64>) -> AppResult<Option<Source>> {
    match id {
        Some(id) => fetch(ctx, "source", id, sources::by_id)
            .await
            .map(|r| Some(Source(r))),
        None => Ok(None),
    }
}

/// An article or other publication that facts come from.
#[Object]
impl Source {
    /// Stable, human-readable key.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// The headline.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The line printed above the headline, if any.
    async fn kicker(&self) -> Option<&str> {
        self.0.kicker.as_deref()
    }

    /// When it was published, at the precision known.
    async fn published_on(&self) -> Option<PartialDate> {
        self.0.published_on
    }

    /// The language it is written in (BCP 47, such as `de`).
    async fn language(&self) -> &str {
        &self.0.language
    }

    /// Where it can be read, when known.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }
}

/// The `Quote` GraphQL object (described on its `#[Object]` impl).
pub struct Quote(pub QuoteRow);

/// Words quoted from a person or a company's statement.
#[Object]
impl Quote {
    /// The words, exactly as printed in the source.
    async fn text(&self) -> &str {
        &self.0.text
    }

    /// The language of the words (BCP 47, such as `de`).
    async fn language(&self) -> &str {
        &self.0.language
    }

    /// The person who said it, when a person is named.
    async fn speaker(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        Ok(optional_person(ctx, self.0.speaker_id).await?)
    }

    /// The company it is attributed to (the first, for a joint statement).
    async fn company(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Company>> {
        let ids = fetch_all(ctx, self.0.id, agreements::quote_companies).await?;
        match ids.first() {
            Some(&id) => Ok(Some(company_by_id(ctx, id).await?)),
            None => Ok(None),
        }
    }

    /// Every company it is attributed to; a joint statement has several.
    async fn companies(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Company>> {
        let ids = fetch_all(ctx, self.0.id, agreements::quote_companies).await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(company_by_id(ctx, id).await?);
        }
        Ok(out)
    }

    /// The agreement it is about, if any.
    async fn agreement(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Agreement>> {
        match self.0.agreement_id {
            Some(id) => Ok(Some(super::agreement::agreement_by_id(ctx, id).await?)),
            None => Ok(None),
        }
    }

    /// Where it was printed.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        Ok(optional_source(ctx, self.0.source_id).await?)
    }
}

/// The `Event` GraphQL object (described on its `#[Object]` impl).
pub struct Event(pub EventRow);

/// Something that happened to a company.
#[Object]
impl Event {
    /// What happened.
    async fn kind(&self) -> EventKind {
        self.0.kind
    }

    /// When, at the precision known.
    async fn date(&self) -> Option<PartialDate> {
        self.0.occurred
    }

    /// Whether the source calls it the largest of its kind in history worldwide.
    async fn record(&self) -> bool {
        self.0.record
    }

    /// The source that reports it.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        Ok(optional_source(ctx, self.0.source_id).await?)
    }
}

/// The `MarketPosition` GraphQL object (described on its `#[Object]` impl).
pub struct MarketPosition(pub MarketPositionRow);

/// A company's standing in a market, as a ranking or study reports it.
#[Object]
impl MarketPosition {
    /// What standing.
    async fn kind(&self) -> MarketPositionKind {
        self.0.kind
    }

    /// The market, as an ISO 3166-1 alpha-2 code; null means worldwide.
    async fn market(&self) -> Option<&str> {
        self.0.market.as_deref()
    }

    /// The company whose ranking or study reports it.
    async fn reported_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Company>> {
        match self.0.reported_by {
            Some(id) => Ok(Some(company_by_id(ctx, id).await?)),
            None => Ok(None),
        }
    }

    /// The article that cites it.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        Ok(optional_source(ctx, self.0.source_id).await?)
    }
}
