//! `Person`, `Role`, the person connection, and their part of `Query`.

use std::collections::HashMap;

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::company::Company;
use super::connection::{OrderDirection, PageArgs, connection, load};
use super::history::{HasRecord, Recorded};
use super::ids::{decode_id_of, encode_id};
use super::loader::{Lazy, Related, batch_of, grouped_objects, of, per_row};
use super::localized::{LocalizedText, in_every_locale, writer};
use super::relations::{quotes_of, sources_of};
use super::source::{Quote, Source};
use super::{any_of, db};
use crate::db::companies;
use crate::db::people::{self, PersonRow, RoleRow};
use crate::error::{AppError, AppResult};
use crate::model::ChangeEntity;
use crate::model::{EntityKind, PartialDate, RoleTitle};
use crate::summary::{PersonFacts, read};

/// The person with `slug`, if any, as a batch of one.
pub(crate) async fn by_slug(ctx: &Context<'_>, slug: String) -> AppResult<Option<Person>> {
    let row = db(ctx)?
        .read(move |conn| people::by_slug(conn, &slug))
        .await?;
    Ok(row.and_then(|row| Person::batch(vec![row]).pop()))
}

connection!(PersonConnection, PersonEdge, Person, "people");

batch_of!(
    /// The `Person` GraphQL object (described on its `#[Object]` impl): a handle on one row of a
    /// batch of people read together.
    Person, PersonBatch, PersonRow, {
    roles: Lazy<Related<Role>>,
    quotes: Lazy<Related<Quote>>,
    sources: Lazy<Related<Source>>,
    facts: Lazy<HashMap<i64, PersonFacts>>,
});

impl Person {
    fn ids(&self) -> Vec<i64> {
        self.batch.rows.iter().map(|r| r.id).collect()
    }

    async fn facts(&self, ctx: &Context<'_>) -> AppResult<&PersonFacts> {
        let (batch, id) = (&self.batch, self.row().id);
        per_row(&batch.facts, ctx, &batch.rows, id, read::people).await
    }
}

/// A person named in the sources, such as a founder or chief executive.
#[Object]
impl Person {
    /// Opaque, stable global id; `node(id:)` refetches the person.
    pub async fn id(&self) -> ID {
        encode_id(EntityKind::Person, &self.row().key)
    }

    /// Stable, human-readable key, such as `jack-ma`.
    async fn slug(&self) -> &str {
        &self.row().slug
    }

    /// Full name as commonly written.
    async fn name(&self) -> &str {
        &self.row().name
    }

    /// The positions the person holds or held, across companies.
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Role>> {
        let ids = self.ids();
        let roles = self
            .batch
            .roles
            .get(
                ctx,
                move |conn| people::roles_of_people(conn, &ids),
                |rows| grouped_objects(rows, Role::batch),
            )
            .await?;
        Ok(of(roles, self.row().id))
    }

    /// What the person is quoted as saying.
    async fn quotes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Quote>> {
        let (ids, id) = (self.ids(), self.row().id);
        Ok(quotes_of(&self.batch.quotes, ctx, EntityKind::Person, ids, id).await?)
    }

    /// The sources that report on the person.
    async fn sources(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Source>> {
        let (ids, id) = (self.ids(), self.row().id);
        Ok(sources_of(&self.batch.sources, ctx, EntityKind::Person, ids, id).await?)
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
        let facts = self.facts(ctx).await?;
        Ok(writer.person(facts).map_err(AppError::from)?)
    }

    /// The summary in every available locale.
    async fn summaries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LocalizedText>> {
        let facts = self.facts(ctx).await?;
        Ok(in_every_locale(ctx, |w| w.person(facts))?)
    }

    /// Its version and its history, as every kind of record has them. Last, so that the
    /// type's own fields are matched before the flattened ones are tried.
    #[graphql(flatten)]
    async fn recorded(&self) -> Recorded {
        self.versioned()
    }
}

batch_of!(
    /// The `Role` GraphQL object (described on its `#[Object]` impl): one of a batch of roles read
    /// together, whose people and companies are read for the whole batch.
    Role, RoleBatch, RoleRow, {
    people: Lazy<HashMap<i64, Person>>,
    companies: Lazy<HashMap<i64, Company>>,
});

impl Role {
    /// The position.
    pub fn title_value(&self) -> RoleTitle {
        self.row().title
    }
}

/// A person's position at a company.
#[Object]
impl Role {
    /// Its id, which mutations name it by.
    async fn id(&self) -> async_graphql::ID {
        super::ids::encode_record_id(crate::model::ChangeEntity::Role, &self.row().id.to_string())
    }

    /// Who holds the position.
    async fn person(&self, ctx: &Context<'_>) -> async_graphql::Result<Person> {
        let ids: Vec<i64> = self.batch.rows.iter().map(|r| r.person_id).collect();
        let found = self
            .batch
            .people
            .get(ctx, move |conn| people::by_ids(conn, &ids), Person::by_id)
            .await?;
        let id = self.row().person_id;
        Ok(found
            .get(&id)
            .cloned()
            .ok_or_else(|| AppError::Internal(format!("person {id} is referenced but missing")))?)
    }

    /// Where.
    async fn company(&self, ctx: &Context<'_>) -> async_graphql::Result<Company> {
        let ids: Vec<i64> = self.batch.rows.iter().map(|r| r.company_id).collect();
        let found = self
            .batch
            .companies
            .get(
                ctx,
                move |conn| companies::by_ids(conn, &ids),
                Company::by_id,
            )
            .await?;
        let id = self.row().company_id;
        Ok(found
            .get(&id)
            .cloned()
            .ok_or_else(|| AppError::Internal(format!("company {id} is referenced but missing")))?)
    }

    /// The position.
    async fn title(&self) -> RoleTitle {
        self.row().title
    }

    /// Since when, at the precision known.
    async fn since(&self) -> Option<PartialDate> {
        self.row().since
    }

    /// Until when, at the precision known; null while the position is held or when unknown.
    async fn until(&self) -> Option<PartialDate> {
        self.row().until
    }

    /// Its version and its history, as every kind of record has them. Last, so that the
    /// type's own fields are matched before the flattened ones are tried.
    #[graphql(flatten)]
    async fn recorded(&self) -> Recorded {
        self.versioned()
    }
}

/// Whether a role is held now.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tenure {
    /// Held now: the sources give no end.
    Current,
    /// Ended: the sources give when.
    Former,
}

/// Conditions on people: a person matches when one of their roles meets every condition given
/// (`company` and `title` together mean that title at that company).
#[derive(InputObject, Debug, Default)]
pub struct PersonFilter {
    /// With a role at the company with this global id.
    pub company: Option<ID>,
    /// With a role at any of the companies with these global ids; at least one.
    pub companies: Option<Vec<ID>>,
    /// With a role of this title.
    pub title: Option<RoleTitle>,
    /// With a role of any of these titles; at least one.
    pub titles: Option<Vec<RoleTitle>>,
    /// With a role held now, or one that has ended.
    pub tenure: Option<Tenure>,
}

impl PersonFilter {
    /// The storage filter: ids resolved to keys, the single values joined to the lists.
    fn into_storage(self) -> AppResult<people::Filter> {
        let company = self
            .company
            .map(|id| decode_id_of(EntityKind::Company, &id, "filter.company"))
            .transpose()?;
        let companies = self
            .companies
            .map(|ids| {
                any_of(ids, "filter.companies")?
                    .iter()
                    .map(|id| decode_id_of(EntityKind::Company, id, "filter.companies"))
                    .collect::<AppResult<Vec<_>>>()
            })
            .transpose()?;
        let titles = self
            .titles
            .map(|titles| any_of(titles, "filter.titles"))
            .transpose()?;
        Ok(people::Filter {
            companies: both(company, companies),
            titles: both(self.title, titles),
            current: self.tenure.map(|t| t == Tenure::Current),
        })
    }
}

/// A single value and a list of values that must both hold of one role: the list narrowed to
/// the value (empty, so matching nothing, when the list lacks it).
fn both<T: PartialEq>(one: Option<T>, any: Option<Vec<T>>) -> Option<Vec<T>> {
    match (one, any) {
        (None, any) => any,
        (Some(one), None) => Some(vec![one]),
        (Some(one), Some(any)) => Some(if any.contains(&one) {
            vec![one]
        } else {
            Vec::new()
        }),
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
        Ok(by_slug(ctx, slug).await?)
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
        #[graphql(desc = "Only people with a role that meets every condition given.")]
        filter: Option<PersonFilter>,
    ) -> async_graphql::Result<PersonConnection> {
        let args = PageArgs::new(first, after, last, before);
        let filter = filter.unwrap_or_default().into_storage()?;
        Ok(load(
            ctx,
            people::select(people::list(), &filter),
            OrderDirection::Asc.ordering("NAME"),
            &args,
            PersonRow::read,
            Person::batch,
        )
        .await?
        .into())
    }
}

impl HasRecord for Person {
    fn versioned(&self) -> Recorded {
        Recorded::new(ChangeEntity::Person, self.row().id, self.row().version)
    }
}

impl HasRecord for Role {
    fn versioned(&self) -> Recorded {
        Recorded::new(ChangeEntity::Role, self.row().id, self.row().version)
    }
}
