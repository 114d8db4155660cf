//! Provenance: `Source` and `Quote`. Quotes are made in batches, so the people, companies,
//! agreements and sources they name are read for a whole batch at once.

use std::collections::HashMap;

use async_graphql::{Context, ID, Object};

use super::history::{HasRecord, Recorded};
use super::ids::encode_record_id;

use super::agreement::Agreement;
use super::company::Company;
use super::loader::{Lazy, Related, batch_of, grouped_objects, of};
use super::person::Person;
use super::relations::sources_named;
use crate::db::companies;
use crate::db::rows::unique_ids;
use crate::db::sources::{self, QuoteRow, SourceRow};
use crate::db::{agreements, people};
use crate::error::AppResult;
use crate::model::{ChangeEntity, PartialDate};

batch_of!(
    /// The `Source` GraphQL object (described on its `#[Object]` impl).
    Source, SourceBatch, SourceRow, {});

/// An article or other publication that facts come from.
#[Object]
impl Source {
    /// Its id, which mutations name it by.
    async fn id(&self) -> ID {
        encode_record_id(ChangeEntity::Source, &self.row().key)
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

    /// Its version and its history, as every kind of record has them. Last, so that the
    /// type's own fields are matched before the flattened ones are tried.
    #[graphql(flatten)]
    async fn recorded(&self) -> Recorded {
        self.versioned()
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
        let ids = self
            .batch
            .rows
            .iter()
            .filter_map(|r| r.speaker_id)
            .collect();
        let wanted = self.row().speaker_id;
        Ok(self
            .batch
            .speakers
            .one(ctx, ids, wanted, people::by_ids, Person::by_id)
            .await?)
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
        let ids = self
            .batch
            .rows
            .iter()
            .filter_map(|r| r.agreement_id)
            .collect();
        let wanted = self.row().agreement_id;
        Ok(self
            .batch
            .agreements
            .one(ctx, ids, wanted, agreements::by_ids, Agreement::by_id)
            .await?)
    }

    /// Where it was printed.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        let ids = self.batch.rows.iter().filter_map(|r| r.source_id).collect();
        Ok(sources_named(ctx, &self.batch.sources, ids, self.row().source_id).await?)
    }

    /// Its version and its history, as every kind of record has them. Last, so that the
    /// type's own fields are matched before the flattened ones are tried.
    #[graphql(flatten)]
    async fn recorded(&self) -> Recorded {
        self.versioned()
    }
}

impl HasRecord for Source {
    fn versioned(&self) -> Recorded {
        Recorded::new(ChangeEntity::Source, self.row().id, self.row().version)
    }
}

impl HasRecord for Quote {
    fn versioned(&self) -> Recorded {
        Recorded::new(ChangeEntity::Quote, self.row().id, self.row().version)
    }
}
