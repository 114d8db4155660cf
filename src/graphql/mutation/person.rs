//! Mutations of people and their roles at companies.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};

use super::{
    RecordChange, change, date, delete_payload, key_of, keys_of, optional_date, optional_key,
    optional_name, optional_slug, resolve, resolve_opt, resolve_sources, set, slug_or_derived,
    version, written,
};
use crate::db::people::{
    self, Person as PersonRecord, PersonFields, PersonRole, Role as RoleRecord, RoleFields,
};
use crate::error::AppResult;
use crate::graphql::ids::{encode_id, encode_record_id};
use crate::graphql::person::{self, Person, Role};
use crate::graphql::{actor, db};
use crate::model::{ChangeEntity, EntityKind, Name, RoleTitle};
use crate::write;

/// Input of `createPerson`.
#[derive(InputObject)]
pub struct CreatePersonInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The slug; derived from the name when not given.
    pub slug: Option<String>,
    /// Full name as commonly written, 1 to 200 characters.
    pub name: String,
    /// The ids of the sources that report on them.
    pub sources: Option<Vec<ID>>,
}

/// Input of `updatePerson`: fields left out keep their value; a list given replaces the list.
#[derive(InputObject)]
pub struct UpdatePersonInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
    /// A new slug. The global id stays; the old slug goes on finding the person.
    pub slug: Option<String>,
    /// A new name.
    pub name: Option<String>,
    /// The ids of their sources, replacing the ones stored.
    pub sources: Option<Vec<ID>>,
}

/// Input of `deletePerson`.
#[derive(InputObject)]
pub struct DeletePersonInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
}

/// What `createPerson`, `updatePerson` and `createRole` answer.
#[derive(SimpleObject)]
pub struct PersonPayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The person as stored now.
    pub person: Person,
    /// The role created, for `createRole`.
    pub role: Option<Role>,
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
    /// The id of the source that reports it.
    pub source: Option<ID>,
}

/// Input of `updateRole`: fields left out keep their value; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateRoleInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
    /// A new position.
    pub title: Option<RoleTitle>,
    /// Since when.
    pub since: MaybeUndefined<String>,
    /// Until when.
    pub until: MaybeUndefined<String>,
    /// The id of the source that reports it.
    pub source: MaybeUndefined<ID>,
}

/// Input of `deleteRole`.
#[derive(InputObject)]
pub struct DeleteRoleInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
}

/// What `updateRole` answers.
#[derive(SimpleObject)]
pub struct RolePayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The role as stored now.
    pub role: Role,
}

delete_payload!(
    /// What `deleteRole` answers.
    DeleteRolePayload,
    "role"
);

/// The mutations of people and roles.
#[derive(Default)]
pub struct PersonMutation;

/// The person with `slug`, as stored now, for a payload.
async fn person_now(ctx: &Context<'_>, slug: String) -> AppResult<Person> {
    written(person::by_slug(ctx, slug).await?, "person")
}

/// The role `key` names, as stored now, for a payload.
async fn role_now(ctx: &Context<'_>, id: i64) -> AppResult<Role> {
    let row = db(ctx)?
        .read(move |conn| people::role_by_id(conn, id))
        .await?;
    written(row.and_then(|r| Role::batch(vec![r]).pop()), "role")
}

#[Object]
impl PersonMutation {
    /// Creates a person.
    async fn create_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreatePersonInput,
    ) -> async_graphql::Result<PersonPayload> {
        let actor = actor(ctx).await?;
        let name = Name::parse(&input.name, "name")?;
        let slug = slug_or_derived(input.slug, name.as_str(), "name")?;
        let sources = keys_of(
            ChangeEntity::Source,
            input.sources.unwrap_or_default(),
            "sources",
        )?;
        let slug = write::create(db(ctx)?, actor, move |conn| {
            Ok(PersonRecord {
                slug: slug.to_string(),
                fields: PersonFields {
                    name: name.to_string(),
                },
                sources: resolve_sources(conn, &sources)?,
            })
        })
        .await?
        .key;
        Ok(PersonPayload {
            client_mutation_id: input.client_mutation_id,
            person: person_now(ctx, slug).await?,
            role: None,
        })
    }

    /// Changes a person.
    async fn update_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdatePersonInput,
    ) -> async_graphql::Result<PersonPayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Person, &input.target.id, "id")?;
        let slug = optional_slug(input.slug)?;
        let name = optional_name(input.name, "name")?;
        let sources = input
            .sources
            .map(|s| keys_of(ChangeEntity::Source, s, "sources"))
            .transpose()?;
        let slug = write::update(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Person, key),
            version(input.target.version),
            move |conn, person: &mut PersonRecord<i64>| {
                set(&mut person.slug, slug.map(|s| s.to_string()));
                set(&mut person.fields.name, name.map(|n| n.to_string()));
                if let Some(sources) = sources {
                    person.sources = resolve_sources(conn, &sources)?;
                }
                Ok(())
            },
        )
        .await?
        .key;
        Ok(PersonPayload {
            client_mutation_id: input.target.client_mutation_id,
            person: person_now(ctx, slug).await?,
            role: None,
        })
    }

    /// Deletes a person with their roles; their quotes stay, without a speaker.
    async fn delete_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeletePersonInput,
    ) -> async_graphql::Result<DeletePersonPayload> {
        let actor = actor(ctx).await?;
        let slug = key_of(ChangeEntity::Person, &input.target.id, "id")?;
        write::delete_person(db(ctx)?, actor, slug.clone(), version(input.target.version)).await?;
        Ok(DeletePersonPayload {
            client_mutation_id: input.target.client_mutation_id,
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
        let person = key_of(ChangeEntity::Person, &input.person, "person")?;
        let company = key_of(ChangeEntity::Company, &input.company, "company")?;
        let since = optional_date(input.since, "since")?;
        let until = optional_date(input.until, "until")?;
        let source = optional_key(ChangeEntity::Source, input.source, "source")?;
        let title = input.title;
        let holder = person.clone();
        let written = write::create(db(ctx)?, actor, move |conn| {
            Ok(PersonRole {
                person: resolve(conn, ChangeEntity::Person, "person", &holder)?,
                role: RoleRecord {
                    company: resolve(conn, ChangeEntity::Company, "company", &company)?,
                    fields: RoleFields {
                        title,
                        since,
                        until,
                    },
                    source: resolve_opt(conn, ChangeEntity::Source, "source", source.as_ref())?,
                },
            })
        })
        .await?;
        Ok(PersonPayload {
            client_mutation_id: input.client_mutation_id,
            person: person_now(ctx, person).await?,
            role: Some(role_now(ctx, written.id).await?),
        })
    }

    /// Changes a role.
    async fn update_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateRoleInput,
    ) -> async_graphql::Result<RolePayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Role, &input.target.id, "id")?;
        let title = input.title;
        let since = change(input.since, |t| date(&t, "since"))?;
        let until = change(input.until, |t| date(&t, "until"))?;
        let source = change(input.source, |id| {
            key_of(ChangeEntity::Source, &id, "source")
        })?;
        let written = write::update(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Role, key),
            version(input.target.version),
            move |conn, held: &mut PersonRole<i64>| {
                let role = &mut held.role;
                set(&mut role.fields.title, title);
                set(&mut role.fields.since, since);
                set(&mut role.fields.until, until);
                if let Some(source) = source {
                    role.source =
                        resolve_opt(conn, ChangeEntity::Source, "source", source.as_ref())?;
                }
                Ok(())
            },
        )
        .await?;
        Ok(RolePayload {
            client_mutation_id: input.target.client_mutation_id,
            role: role_now(ctx, written.id).await?,
        })
    }

    /// Deletes a role.
    async fn delete_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteRoleInput,
    ) -> async_graphql::Result<DeleteRolePayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Role, &input.target.id, "id")?;
        let key = write::delete::<PersonRole<i64>>(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Role, key),
            version(input.target.version),
        )
        .await?
        .key;
        Ok(DeleteRolePayload {
            client_mutation_id: input.target.client_mutation_id,
            deleted_id: encode_record_id(ChangeEntity::Role, &key),
        })
    }
}
