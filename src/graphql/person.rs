//! `Person`, `Role` and their part of `Query`.

use async_graphql::{Context, ID, Object};

use super::company::{Company, company_by_id};
use super::connection::{PageArgs, PersonConnection, each, load};
use super::ids::{NodeType, encode_id};
use super::localized::{LocalizedText, in_every_locale, writer};
use super::source::{Quote, Source};
use super::{db, fetch, fetch_all};
use crate::db::people::{self, PersonRow, RoleRow};
use crate::db::{agreements, summaries};
use crate::error::{AppError, AppResult};
use crate::model::{PartialDate, RoleTitle};

/// The `Person` GraphQL object (described on its `#[Object]` impl).
#[derive(Clone)]
pub struct Person(pub PersonRow);

async fn person_by_id(ctx: &Context<'_>, id: i64) -> AppResult<Person> {
    fetch(ctx, "person", id, people::by_id).await.map(Person)
}

/// Reads the person with `id`, if any (for optional references such as a quote's speaker).
pub(crate) async fn optional_person(
    ctx: &Context<'_>,
    id: Option<i64>,
) -> AppResult<Option<Person>> {
    match id {
        Some(id) => person_by_id(ctx, id).await.map(Some),
        None => Ok(None),
    }
}

/// A person named in the sources, such as a founder or chief executive.
#[Object]
impl Person {
    /// Opaque, stable global id; `node(id:)` refetches the person.
    pub async fn id(&self) -> ID {
        encode_id(NodeType::Person, &self.0.slug)
    }

    /// Stable, human-readable key, such as `jack-ma`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Full name as commonly written.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The positions the person holds or held, across companies.
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Role>> {
        let rows = fetch_all(ctx, self.0.id, people::roles_of_person).await?;
        Ok(rows.into_iter().map(Role).collect())
    }

    /// What the person is quoted as saying.
    async fn quotes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Quote>> {
        let rows = fetch_all(ctx, self.0.id, agreements::quotes_by_person).await?;
        Ok(rows.into_iter().map(Quote).collect())
    }

    /// The sources that report on the person.
    async fn sources(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Source>> {
        let rows = fetch_all(ctx, self.0.id, people::sources).await?;
        Ok(rows.into_iter().map(Source).collect())
    }

    /// A description of the person in natural language, written from their data.
    async fn summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A BCP 47 language tag such as `de` or `en-GB`; without it the request's \
                          Accept-Language header decides, else English."
        )]
        locale: Option<String>,
    ) -> async_graphql::Result<String> {
        let writer = writer(ctx, locale.as_deref())?;
        let facts = fetch(ctx, "person", self.0.id, |c, id| {
            summaries::person(c, id).map(Some)
        })
        .await?;
        Ok(writer.person(&facts).map_err(AppError::from)?)
    }

    /// The summary in every available locale.
    async fn summaries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LocalizedText>> {
        let facts = fetch(ctx, "person", self.0.id, |c, id| {
            summaries::person(c, id).map(Some)
        })
        .await?;
        Ok(in_every_locale(ctx, |w| w.person(&facts))?)
    }
}

/// The `Role` GraphQL object (described on its `#[Object]` impl).
pub struct Role(pub RoleRow);

/// A person's position at a company.
#[Object]
impl Role {
    /// Who holds the position.
    async fn person(&self, ctx: &Context<'_>) -> async_graphql::Result<Person> {
        Ok(person_by_id(ctx, self.0.person_id).await?)
    }

    /// Where.
    async fn company(&self, ctx: &Context<'_>) -> async_graphql::Result<Company> {
        Ok(company_by_id(ctx, self.0.company_id).await?)
    }

    /// The position.
    async fn title(&self) -> RoleTitle {
        self.0.title
    }

    /// Since when, at the precision known.
    async fn since(&self) -> Option<PartialDate> {
        self.0.since
    }

    /// Until when, at the precision known; null while the position is held or when unknown.
    async fn until(&self) -> Option<PartialDate> {
        self.0.until
    }
}

/// Person lookups.
#[derive(Default)]
pub struct PersonQuery;

#[Object]
impl PersonQuery {
    /// The person with this slug, or null if none has it.
    async fn person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person's slug, such as `jack-ma`.")] slug: String,
    ) -> async_graphql::Result<Option<Person>> {
        let row = db(ctx)?
            .read(move |conn| people::by_slug(conn, &slug))
            .await?;
        Ok(row.map(Person))
    }

    /// People, by name.
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many items from the start (0 to 100; default 20).")]
        first: Option<i32>,
        #[graphql(desc = "Start after the item with this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many items from the end (0 to 100).")] last: Option<
            i32,
        >,
        #[graphql(desc = "End before the item with this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<PersonConnection> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        load(
            ctx,
            people::list(),
            "NAME_ASC".into(),
            args,
            PersonRow::from_row,
            each(Person),
        )
        .await
    }
}
