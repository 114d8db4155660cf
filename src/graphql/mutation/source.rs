//! Mutations of sources and the quotes they print.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};

use super::{
    RecordChange, change, date, delete_payload, key_of, keys_of, optional_date, optional_key,
    optional_slug, resolve_all, resolve_opt, set, slug_or_derived, version, written,
};
use crate::db::record;
use crate::db::sources::{
    self, Quote as QuoteRecord, QuoteFields, Source as SourceRecord, SourceFields,
};
use crate::error::AppResult;
use crate::graphql::ids::encode_record_id;
use crate::graphql::source::{Quote, Source};
use crate::graphql::{actor, db};
use crate::model::ChangeEntity;
use crate::write;

/// Input of `createSource`.
#[derive(InputObject)]
pub struct CreateSourceInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The slug; derived from the title when not given.
    pub slug: Option<String>,
    /// The headline.
    pub title: String,
    /// The line printed above the headline.
    pub kicker: Option<String>,
    /// When it was published: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub published_on: Option<String>,
    /// The language it is written in (BCP 47, such as `de`).
    pub language: String,
    /// Where it can be read (`https://…`).
    pub url: Option<String>,
}

/// Input of `updateSource`: fields left out keep their value; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateSourceInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
    /// A new slug. The global id stays; the old slug goes on finding the source.
    pub slug: Option<String>,
    /// A new headline.
    pub title: Option<String>,
    /// A new kicker.
    pub kicker: MaybeUndefined<String>,
    /// A new publication date.
    pub published_on: MaybeUndefined<String>,
    /// A new language.
    pub language: Option<String>,
    /// A new address.
    pub url: MaybeUndefined<String>,
}

/// Input of `deleteSource`.
#[derive(InputObject)]
pub struct DeleteSourceInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
}

/// What `createSource` and `updateSource` answer.
#[derive(SimpleObject)]
pub struct SourcePayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The source as stored now.
    pub source: Source,
}

delete_payload!(
    /// What `deleteSource` answers; a source that records cite is not deleted.
    DeleteSourcePayload,
    "source"
);

/// Input of `createQuote`.
#[derive(InputObject)]
pub struct CreateQuoteInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The words, exactly as printed.
    pub text: String,
    /// The language of the words (BCP 47, such as `de`).
    pub language: String,
    /// The global id of the person who said it.
    pub speaker: Option<ID>,
    /// The global ids of the companies it is attributed to, in order; a quote names a
    /// speaker or at least one company.
    pub companies: Option<Vec<ID>>,
    /// The global id of the agreement it is about.
    pub agreement: Option<ID>,
    /// The id of the source that prints it.
    pub source: Option<ID>,
}

/// Input of `updateQuote`: fields left out keep their value; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateQuoteInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
    /// New words.
    pub text: Option<String>,
    /// A new language.
    pub language: Option<String>,
    /// A new speaker.
    pub speaker: MaybeUndefined<ID>,
    /// The companies it is attributed to, replacing the ones stored.
    pub companies: Option<Vec<ID>>,
    /// A new agreement it is about.
    pub agreement: MaybeUndefined<ID>,
    /// A new source.
    pub source: MaybeUndefined<ID>,
}

/// Input of `deleteQuote`.
#[derive(InputObject)]
pub struct DeleteQuoteInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
}

/// What `createQuote` and `updateQuote` answer.
#[derive(SimpleObject)]
pub struct QuotePayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The quote as stored now.
    pub quote: Quote,
}

delete_payload!(
    /// What `deleteQuote` answers.
    DeleteQuotePayload,
    "quote"
);

/// The mutations of sources and quotes.
#[derive(Default)]
pub struct SourceMutation;

/// The source with `slug`, as stored now, for a payload.
async fn source_now(ctx: &Context<'_>, slug: String) -> AppResult<Source> {
    let row = db(ctx)?
        .read(move |conn| {
            let id = record::existing(conn, ChangeEntity::Source, &slug)?;
            Ok(sources::by_ids(conn, &[id])?.remove(&id))
        })
        .await?;
    written(row.and_then(|r| Source::batch(vec![r]).pop()), "source")
}

/// The quote `key` names, as stored now, for a payload.
async fn quote_now(ctx: &Context<'_>, id: i64) -> AppResult<Quote> {
    let row = db(ctx)?
        .read(move |conn| Ok(sources::quotes_by_ids(conn, &[id])?.remove(&id)))
        .await?;
    written(row.and_then(|r| Quote::batch(vec![r]).pop()), "quote")
}

#[Object]
impl SourceMutation {
    /// Creates a source.
    async fn create_source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateSourceInput,
    ) -> async_graphql::Result<SourcePayload> {
        let actor = actor(ctx).await?;
        let source = SourceRecord {
            slug: slug_or_derived(input.slug, &input.title, "title")?.to_string(),
            fields: SourceFields {
                title: input.title,
                kicker: input.kicker,
                published_on: optional_date(input.published_on, "publishedOn")?,
                language: input.language,
                url: input.url,
            },
        };
        let slug = write::create(db(ctx)?, actor, move |_| Ok(source))
            .await?
            .key;
        Ok(SourcePayload {
            client_mutation_id: input.client_mutation_id,
            source: source_now(ctx, slug).await?,
        })
    }

    /// Changes a source.
    async fn update_source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateSourceInput,
    ) -> async_graphql::Result<SourcePayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Source, &input.target.id, "id")?;
        let slug = optional_slug(input.slug)?;
        let (title, language) = (input.title, input.language);
        let kicker = change(input.kicker, Ok)?;
        let published_on = change(input.published_on, |t| date(&t, "publishedOn"))?;
        let url = change(input.url, Ok)?;
        let slug = write::update(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Source, key),
            version(input.target.version),
            move |_, s: &mut SourceRecord| {
                set(&mut s.slug, slug.map(|s| s.to_string()));
                set(&mut s.fields.title, title);
                set(&mut s.fields.kicker, kicker);
                set(&mut s.fields.published_on, published_on);
                set(&mut s.fields.language, language);
                set(&mut s.fields.url, url);
                Ok(())
            },
        )
        .await?
        .key;
        Ok(SourcePayload {
            client_mutation_id: input.target.client_mutation_id,
            source: source_now(ctx, slug).await?,
        })
    }

    /// Deletes a source that no record cites.
    async fn delete_source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteSourceInput,
    ) -> async_graphql::Result<DeleteSourcePayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Source, &input.target.id, "id")?;
        let slug = write::delete::<SourceRecord>(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Source, key),
            version(input.target.version),
        )
        .await?
        .key;
        Ok(DeleteSourcePayload {
            client_mutation_id: input.target.client_mutation_id,
            deleted_id: encode_record_id(ChangeEntity::Source, &slug),
        })
    }

    /// Creates a quote.
    async fn create_quote(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateQuoteInput,
    ) -> async_graphql::Result<QuotePayload> {
        let actor = actor(ctx).await?;
        let speaker = optional_key(ChangeEntity::Person, input.speaker, "speaker")?;
        let companies = keys_of(
            ChangeEntity::Company,
            input.companies.unwrap_or_default(),
            "companies",
        )?;
        let agreement = optional_key(ChangeEntity::Agreement, input.agreement, "agreement")?;
        let source = optional_key(ChangeEntity::Source, input.source, "source")?;
        let (text, language) = (input.text, input.language);
        let written = write::create(db(ctx)?, actor, move |conn| {
            Ok(QuoteRecord {
                fields: QuoteFields { text, language },
                speaker: resolve_opt(conn, ChangeEntity::Person, "speaker", speaker.as_ref())?,
                companies: resolve_all(conn, ChangeEntity::Company, "companies", &companies)?,
                agreement: resolve_opt(
                    conn,
                    ChangeEntity::Agreement,
                    "agreement",
                    agreement.as_ref(),
                )?,
                source: resolve_opt(conn, ChangeEntity::Source, "source", source.as_ref())?,
            })
        })
        .await?;
        Ok(QuotePayload {
            client_mutation_id: input.client_mutation_id,
            quote: quote_now(ctx, written.id).await?,
        })
    }

    /// Changes a quote.
    async fn update_quote(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateQuoteInput,
    ) -> async_graphql::Result<QuotePayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Quote, &input.target.id, "id")?;
        let (text, language) = (input.text, input.language);
        let speaker = change(input.speaker, |id| {
            key_of(ChangeEntity::Person, &id, "speaker")
        })?;
        let companies = input
            .companies
            .map(|c| keys_of(ChangeEntity::Company, c, "companies"))
            .transpose()?;
        let agreement = change(input.agreement, |id| {
            key_of(ChangeEntity::Agreement, &id, "agreement")
        })?;
        let source = change(input.source, |id| {
            key_of(ChangeEntity::Source, &id, "source")
        })?;
        let written = write::update(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Quote, key),
            version(input.target.version),
            move |conn, q: &mut QuoteRecord<i64>| {
                set(&mut q.fields.text, text);
                set(&mut q.fields.language, language);
                if let Some(speaker) = speaker {
                    q.speaker =
                        resolve_opt(conn, ChangeEntity::Person, "speaker", speaker.as_ref())?;
                }
                if let Some(companies) = companies {
                    q.companies =
                        resolve_all(conn, ChangeEntity::Company, "companies", &companies)?;
                }
                if let Some(agreement) = agreement {
                    q.agreement = resolve_opt(
                        conn,
                        ChangeEntity::Agreement,
                        "agreement",
                        agreement.as_ref(),
                    )?;
                }
                if let Some(source) = source {
                    q.source = resolve_opt(conn, ChangeEntity::Source, "source", source.as_ref())?;
                }
                Ok(())
            },
        )
        .await?;
        Ok(QuotePayload {
            client_mutation_id: input.target.client_mutation_id,
            quote: quote_now(ctx, written.id).await?,
        })
    }

    /// Deletes a quote.
    async fn delete_quote(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteQuoteInput,
    ) -> async_graphql::Result<DeleteQuotePayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Quote, &input.target.id, "id")?;
        let key = write::delete::<QuoteRecord<i64>>(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Quote, key),
            version(input.target.version),
        )
        .await?
        .key;
        Ok(DeleteQuotePayload {
            client_mutation_id: input.target.client_mutation_id,
            deleted_id: encode_record_id(ChangeEntity::Quote, &key),
        })
    }
}
