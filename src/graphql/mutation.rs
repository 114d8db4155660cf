//! `Mutation`: creating, changing and deleting companies, people and roles, in the GitHub
//! style (one `…Input` per mutation with an optional `clientMutationId`, one `…Payload`
//! returning the changed object or the deleted id), and the history every change leaves.
//!
//! Every mutation needs an API key ([`super::actor`]); input is checked into
//! `crate::model`'s validated types here, and the change is made by `crate::write`, in one
//! transaction with its history record.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};

use super::company::{self, Company};
use super::ids::{decode_id_of, encode_id};
use super::person::{self, Person};
use super::{actor, db};
use crate::db::companies::{CompanyChanges, NewCompany};
use crate::db::people::NewPerson;
use crate::error::{AppError, AppResult};
use crate::model::{CompanyKind, CountryCode, EntityKind, Name, PartialDate, RoleTitle, Slug};
use crate::write;

/// The mutations of the API.
#[derive(Default)]
pub struct Mutation;

/// A version argument as storage counts it.
fn version(value: Option<i32>) -> Option<i64> {
    value.map(i64::from)
}

/// An optional text input checked as a name.
fn optional_name(text: Option<String>, field: &'static str) -> AppResult<Option<Name>> {
    text.map(|t| Name::parse(&t, field)).transpose()
}

/// A date input checked as a partial date.
fn date(text: &str, field: &'static str) -> AppResult<PartialDate> {
    text.parse()
        .map_err(|e: crate::model::BadDate| AppError::bad_input(field, e.to_string()))
}

/// An optional date input checked as a partial date.
fn optional_date(text: Option<String>, field: &'static str) -> AppResult<Option<PartialDate>> {
    text.map(|t| date(&t, field)).transpose()
}

/// An optional country input checked as an ISO 3166-1 alpha-2 code.
fn optional_country(text: Option<String>, field: &'static str) -> AppResult<Option<CountryCode>> {
    text.map(|t| CountryCode::parse(&t, field)).transpose()
}

/// The slug given, or the one the name gives.
fn slug_or_derived(slug: Option<String>, name: &Name) -> AppResult<Slug> {
    match slug {
        Some(slug) => Slug::parse(&slug, "slug"),
        None => Slug::from_name(name.as_str(), "name"),
    }
}

/// A field of an update: absent keeps the value, `null` clears it, a value sets it.
fn change<T, U>(
    value: MaybeUndefined<T>,
    check: impl FnOnce(T) -> AppResult<U>,
) -> AppResult<Option<Option<U>>> {
    match value {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(v) => check(v).map(|u| Some(Some(u))),
    }
}

/// A record just written, read back by its slug.
fn written<T>(found: Option<T>, what: &str) -> AppResult<T> {
    found.ok_or_else(|| AppError::Internal(format!("the {what} just written is missing")))
}

/// Input of `createCompany`.
#[derive(InputObject)]
pub struct CreateCompanyInput {
    /// Any text; returned unchanged in the payload, to match answers to requests.
    pub client_mutation_id: Option<String>,
    /// The slug; derived from the name when not given (umlauts and ß spelled out).
    pub slug: Option<String>,
    /// The name, 1 to 200 characters.
    pub name: String,
    /// What kind of organisation it is.
    pub kind: CompanyKind,
    /// Legal form, such as `AG`.
    pub legal_form: Option<String>,
    /// ISO 3166-1 alpha-2 code of its country, such as `DE`.
    pub country: Option<String>,
    /// Headquarters city.
    pub headquarters: Option<String>,
    /// Founding date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub founded: Option<String>,
    /// The global id of the company it belongs to.
    pub parent: Option<ID>,
}

/// Input of `updateCompany`: fields left out keep their value; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateCompanyInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The company's global id.
    pub id: ID,
    /// The `version` last read; when given and the company has changed since, the update is
    /// refused with `CONFLICT` rather than overwriting the other change.
    pub version: Option<i32>,
    /// A new slug (which changes the global id).
    pub slug: Option<String>,
    /// A new name.
    pub name: Option<String>,
    /// A new kind.
    pub kind: Option<CompanyKind>,
    /// A new legal form.
    pub legal_form: MaybeUndefined<String>,
    /// A new country (ISO 3166-1 alpha-2).
    pub country: MaybeUndefined<String>,
    /// A new headquarters city.
    pub headquarters: MaybeUndefined<String>,
    /// A new founding date.
    pub founded: MaybeUndefined<String>,
    /// The global id of a new parent; `null` detaches the company from its parent.
    pub parent: MaybeUndefined<ID>,
}

/// Input of `deleteCompany`.
#[derive(InputObject)]
pub struct DeleteCompanyInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The company's global id.
    pub id: ID,
    /// The `version` last read; a stale one is refused with `CONFLICT`.
    pub version: Option<i32>,
    /// Also delete the agreements the company is party to; without it such a company is not
    /// deleted.
    #[graphql(default = false)]
    pub cascade: bool,
}

/// What `createCompany` and `updateCompany` answer.
#[derive(SimpleObject)]
pub struct CompanyPayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The company as stored now.
    pub company: Company,
}

/// What `deleteCompany` answers.
#[derive(SimpleObject)]
pub struct DeleteCompanyPayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The global id the company had.
    pub deleted_id: ID,
    /// The global ids of the agreements deleted with it (with `cascade`).
    pub deleted_agreement_ids: Vec<ID>,
}

/// Input of `createPerson`.
#[derive(InputObject)]
pub struct CreatePersonInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The slug; derived from the name when not given.
    pub slug: Option<String>,
    /// Full name as commonly written, 1 to 200 characters.
    pub name: String,
}

/// Input of `updatePerson`: fields left out keep their value.
#[derive(InputObject)]
pub struct UpdatePersonInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The person's global id.
    pub id: ID,
    /// The `version` last read; a stale one is refused with `CONFLICT`.
    pub version: Option<i32>,
    /// A new slug (which changes the global id).
    pub slug: Option<String>,
    /// A new name.
    pub name: Option<String>,
}

/// Input of `deletePerson`.
#[derive(InputObject)]
pub struct DeletePersonInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The person's global id.
    pub id: ID,
    /// The `version` last read; a stale one is refused with `CONFLICT`.
    pub version: Option<i32>,
}

/// What `createPerson`, `updatePerson` and `createRole` answer.
#[derive(SimpleObject)]
pub struct PersonPayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The person as stored now.
    pub person: Person,
}

/// What `deletePerson` answers.
#[derive(SimpleObject)]
pub struct DeletePersonPayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The global id the person had; their roles were deleted with them.
    pub deleted_id: ID,
}

/// Input of `createRole`.
#[derive(InputObject)]
pub struct CreateRoleInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The person's global id.
    pub person: ID,
    /// The company's global id.
    pub company: ID,
    /// The position.
    pub title: RoleTitle,
    /// Since when: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Until when; a role with an end is a former one.
    pub until: Option<String>,
}

/// Creating, changing and deleting data. Every mutation needs `Authorization: Bearer <token>`
/// (an API key from `dealgraph token create`); without a valid one it answers
/// `UNAUTHENTICATED`.
#[Object]
impl Mutation {
    /// Creates a company.
    async fn create_company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateCompanyInput,
    ) -> async_graphql::Result<CompanyPayload> {
        let actor = actor(ctx).await?;
        let name = Name::parse(&input.name, "name")?;
        let company = NewCompany {
            slug: slug_or_derived(input.slug, &name)?,
            name,
            kind: input.kind,
            legal_form: optional_name(input.legal_form, "legalForm")?,
            country: optional_country(input.country, "country")?,
            headquarters: optional_name(input.headquarters, "headquarters")?,
            founded: optional_date(input.founded, "founded")?,
            business_areas: Vec::new(),
            markets: Vec::new(),
            productions: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
            market_positions: Vec::new(),
        };
        let parent = input
            .parent
            .map(|id| decode_id_of(EntityKind::Company, &id, "parent"))
            .transpose()?;
        let slug = write::create_company(db(ctx)?, actor, company, parent).await?;
        Ok(CompanyPayload {
            client_mutation_id: input.client_mutation_id,
            company: written(company::by_slug(ctx, slug).await?, "company")?,
        })
    }

    /// Changes a company; summaries, titles and search reflect the change at once, also those
    /// of the companies and agreements that name it.
    async fn update_company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateCompanyInput,
    ) -> async_graphql::Result<CompanyPayload> {
        let actor = actor(ctx).await?;
        let slug = decode_id_of(EntityKind::Company, &input.id, "id")?;
        let changes = CompanyChanges {
            slug: input.slug.map(|s| Slug::parse(&s, "slug")).transpose()?,
            name: optional_name(input.name, "name")?,
            kind: input.kind,
            legal_form: change(input.legal_form, |t| Name::parse(&t, "legalForm"))?,
            country: change(input.country, |t| CountryCode::parse(&t, "country"))?,
            headquarters: change(input.headquarters, |t| Name::parse(&t, "headquarters"))?,
            founded: change(input.founded, |t| date(&t, "founded"))?,
        };
        let parent = change(input.parent, |id| {
            decode_id_of(EntityKind::Company, &id, "parent")
        })?;
        let slug = write::update_company(
            db(ctx)?,
            actor,
            slug,
            version(input.version),
            changes,
            parent,
        )
        .await?;
        Ok(CompanyPayload {
            client_mutation_id: input.client_mutation_id,
            company: written(company::by_slug(ctx, slug).await?, "company")?,
        })
    }

    /// Deletes a company with its roles, events and market positions; refused for a company
    /// that is party to agreements unless `cascade` is set.
    async fn delete_company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteCompanyInput,
    ) -> async_graphql::Result<DeleteCompanyPayload> {
        let actor = actor(ctx).await?;
        let slug = decode_id_of(EntityKind::Company, &input.id, "id")?;
        let deletion = write::delete_company(
            db(ctx)?,
            actor,
            slug.clone(),
            version(input.version),
            input.cascade,
        )
        .await?;
        Ok(DeleteCompanyPayload {
            client_mutation_id: input.client_mutation_id,
            deleted_id: encode_id(EntityKind::Company, &slug),
            deleted_agreement_ids: deletion
                .agreements
                .iter()
                .map(|s| encode_id(EntityKind::Agreement, s))
                .collect(),
        })
    }

    /// Creates a person.
    async fn create_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreatePersonInput,
    ) -> async_graphql::Result<PersonPayload> {
        let actor = actor(ctx).await?;
        let name = Name::parse(&input.name, "name")?;
        let person = NewPerson {
            slug: slug_or_derived(input.slug, &name)?,
            name,
            sources: Vec::new(),
        };
        let slug = write::create_person(db(ctx)?, actor, person).await?;
        Ok(PersonPayload {
            client_mutation_id: input.client_mutation_id,
            person: written(person::by_slug(ctx, slug).await?, "person")?,
        })
    }

    /// Changes a person.
    async fn update_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdatePersonInput,
    ) -> async_graphql::Result<PersonPayload> {
        let actor = actor(ctx).await?;
        let slug = decode_id_of(EntityKind::Person, &input.id, "id")?;
        let new_slug = input.slug.map(|s| Slug::parse(&s, "slug")).transpose()?;
        let name = optional_name(input.name, "name")?;
        let slug = write::update_person(
            db(ctx)?,
            actor,
            slug,
            version(input.version),
            new_slug,
            name,
        )
        .await?;
        Ok(PersonPayload {
            client_mutation_id: input.client_mutation_id,
            person: written(person::by_slug(ctx, slug).await?, "person")?,
        })
    }

    /// Deletes a person with their roles; their quotes stay, without a speaker.
    async fn delete_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeletePersonInput,
    ) -> async_graphql::Result<DeletePersonPayload> {
        let actor = actor(ctx).await?;
        let slug = decode_id_of(EntityKind::Person, &input.id, "id")?;
        write::delete_person(db(ctx)?, actor, slug.clone(), version(input.version)).await?;
        Ok(DeletePersonPayload {
            client_mutation_id: input.client_mutation_id,
            deleted_id: encode_id(EntityKind::Person, &slug),
        })
    }

    /// Gives a person a role at a company; a person holds each title at a company once.
    async fn create_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateRoleInput,
    ) -> async_graphql::Result<PersonPayload> {
        let actor = actor(ctx).await?;
        let person = decode_id_of(EntityKind::Person, &input.person, "person")?;
        let company = decode_id_of(EntityKind::Company, &input.company, "company")?;
        let since = optional_date(input.since, "since")?;
        let until = optional_date(input.until, "until")?;
        write::create_role(
            db(ctx)?,
            actor,
            person.clone(),
            company,
            input.title,
            since,
            until,
        )
        .await?;
        Ok(PersonPayload {
            client_mutation_id: input.client_mutation_id,
            person: written(person::by_slug(ctx, person).await?, "person")?,
        })
    }
}
