//! Mutations of companies, the events in their history, and rivalries between them.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};

use super::{
    RecordChange, change, countries, date, delete_payload, key_of, keys_of, names,
    optional_country, optional_date, optional_key, optional_name, optional_slug, optional_string,
    resolve, resolve_all, resolve_opt, resolve_sources, set, slug_or_derived, strings, version,
    written,
};
use crate::db::companies::{self, Alias, Company as CompanyRecord, CompanyFields, ExternalId};
use crate::db::events::{self, CompanyEvent, Event as EventRecord, EventFields};
use crate::db::rivalries::{self, Rivalry};
use crate::error::{AppError, AppResult};
use crate::graphql::company::Event;
use crate::graphql::company::{self, Company, ExternalIdInput};
use crate::graphql::ids::{encode_id, encode_record_id};
use crate::graphql::{actor, db};
use crate::model::{
    AliasKind, BusinessArea, ChangeEntity, CompanyKind, CountryCode, EntityKind, EventKind, Name,
    NameArticle,
};
use crate::write;

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
    /// The article its name takes in running text, for a name that usually takes one ("die
    /// Tourism Authority of Thailand"); summaries then use it.
    pub name_article: Option<NameArticle>,
    /// Its lines of business, in order.
    pub business_areas: Option<Vec<BusinessArea>>,
    /// The markets it serves (ISO 3166-1 alpha-2 codes), in order.
    pub markets: Option<Vec<String>>,
    /// Names of what it produces, in order.
    pub productions: Option<Vec<String>>,
    /// The ids of the sources that report on it.
    pub sources: Option<Vec<ID>>,
    /// Other names it goes by, in order: none may be its name or repeat another once folded
    /// as search folds names ("Müller" and "MUELLER" are one name).
    pub aliases: Option<Vec<CompanyAliasInput>>,
    /// Its identifiers in registers and other schemes, in order; one another company has is
    /// refused with `CONFLICT` naming that company.
    pub external_ids: Option<Vec<ExternalIdInput>>,
    /// The global ids of companies that have this company's name or one of its aliases (folded
    /// as search folds names) but are other companies. Without them such a company is refused
    /// with `CONFLICT` naming the other company (`extensions.existing`), as it may be that one.
    pub different_from: Option<Vec<ID>>,
}

/// Another name of a company, to record.
#[derive(InputObject)]
pub struct CompanyAliasInput {
    /// The name as written, 1 to 200 characters with at least one letter or digit.
    pub name: String,
    /// What kind of name it is.
    pub kind: AliasKind,
    /// The language it belongs to, as an ISO 639-1 code (`en`, `zh`); leave it out for a name
    /// used across languages.
    pub language: Option<String>,
}

impl CompanyAliasInput {
    /// The alias, its name read as every name is (a refusal names `aliases.name`); the rest
    /// of an alias's rules are the company's, which `Company::check` holds it to when written.
    fn checked(self) -> AppResult<Alias> {
        let name = Name::parse(&self.name, "aliases.name")?;
        Ok(Alias {
            name: name.to_string(),
            kind: self.kind,
            language: self.language,
        })
    }
}

/// Aliases as input, checked.
fn checked_aliases(aliases: Option<Vec<CompanyAliasInput>>) -> AppResult<Option<Vec<Alias>>> {
    aliases
        .map(|list| list.into_iter().map(CompanyAliasInput::checked).collect())
        .transpose()
}

/// Identifiers as input, checked.
fn checked_external_ids(ids: Option<Vec<ExternalIdInput>>) -> AppResult<Option<Vec<ExternalId>>> {
    ids.map(|list| {
        list.into_iter()
            .map(|id| id.checked("externalIds.value"))
            .collect()
    })
    .transpose()
}

/// Input of `updateCompany`: fields left out keep their value; `null` clears an optional one;
/// a list given replaces the list.
#[derive(InputObject)]
pub struct UpdateCompanyInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
    /// A new slug. The global id stays; the old slug goes on finding the company.
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
    /// The article its name takes in running text; `null` for none.
    pub name_article: MaybeUndefined<NameArticle>,
    /// Its lines of business, replacing the ones stored.
    pub business_areas: Option<Vec<BusinessArea>>,
    /// Its markets, replacing the ones stored.
    pub markets: Option<Vec<String>>,
    /// Its productions, replacing the ones stored.
    pub productions: Option<Vec<String>>,
    /// The ids of its sources, replacing the ones stored.
    pub sources: Option<Vec<ID>>,
    /// Its aliases, replacing the ones stored.
    pub aliases: Option<Vec<CompanyAliasInput>>,
    /// Its identifiers, replacing the ones stored; one another company has is refused with
    /// `CONFLICT` naming that company.
    pub external_ids: Option<Vec<ExternalIdInput>>,
    /// The global ids of companies that have a name this change gives the company (a new name
    /// or alias, folded as search folds names) but are other companies. Without them such a
    /// change is refused with `CONFLICT` naming the other company. The names the company has
    /// already are not checked again.
    pub different_from: Option<Vec<ID>>,
}

/// Input of `deleteCompany`.
#[derive(InputObject)]
pub struct DeleteCompanyInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
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

/// Input of `createEvent`.
#[derive(InputObject)]
pub struct CreateEventInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The global id of the company it happened to.
    pub company: ID,
    /// What happened.
    pub kind: EventKind,
    /// When: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Whether the source calls it the largest of its kind in history.
    #[graphql(default = false)]
    pub record: bool,
    /// The id of the source that reports it.
    pub source: Option<ID>,
}

/// Input of `updateEvent`: fields left out keep their value; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateEventInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
    /// What happened.
    pub kind: Option<EventKind>,
    /// When.
    pub date: MaybeUndefined<String>,
    /// Whether it is a record.
    pub record: Option<bool>,
    /// The id of the source that reports it.
    pub source: MaybeUndefined<ID>,
}

/// Input of `deleteEvent`.
#[derive(InputObject)]
pub struct DeleteEventInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
}

/// What `createEvent` and `updateEvent` answer.
#[derive(SimpleObject)]
pub struct EventPayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The event as stored now.
    pub event: Event,
}

delete_payload!(
    /// What `deleteEvent` answers.
    DeleteEventPayload,
    "event"
);

/// Input of `createRivalry`.
#[derive(InputObject)]
pub struct CreateRivalryInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The global id of one company.
    pub company: ID,
    /// The global id of its rival.
    pub rival: ID,
    /// The id of the source that reports the rivalry.
    pub source: Option<ID>,
}

/// Input of `updateRivalry` and `deleteRivalry`'s pair: the two companies, in either order.
#[derive(InputObject)]
pub struct UpdateRivalryInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The global id of one company.
    pub company: ID,
    /// The global id of its rival.
    pub rival: ID,
    /// The `version` last read; a stale one is refused with `CONFLICT`.
    pub version: Option<i32>,
    /// The id of the source that reports it; `null` clears it.
    pub source: MaybeUndefined<ID>,
}

/// Input of `deleteRivalry`.
#[derive(InputObject)]
pub struct DeleteRivalryInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The global id of one company.
    pub company: ID,
    /// The global id of its rival.
    pub rival: ID,
    /// The `version` last read; a stale one is refused with `CONFLICT`.
    pub version: Option<i32>,
}

/// What `createRivalry` and `updateRivalry` answer.
#[derive(SimpleObject)]
pub struct RivalryPayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The rivalry's id, as the history names it.
    pub rivalry_id: ID,
    /// The one company, with its competitors as stored now.
    pub company: Company,
    /// The other.
    pub rival: Company,
}

delete_payload!(
    /// What `deleteRivalry` answers.
    DeleteRivalryPayload,
    "rivalry"
);

/// The mutations of companies, events and rivalries.
#[derive(Default)]
pub struct CompanyMutation;

/// The company with `slug`, as stored now, for a payload.
async fn company_now(ctx: &Context<'_>, slug: String) -> AppResult<Company> {
    written(company::by_slug(ctx, slug).await?, "company")
}

/// The event `key` names, as stored now, for a payload.
async fn event_now(ctx: &Context<'_>, id: i64) -> AppResult<Event> {
    let row = db(ctx)?
        .read(move |conn| events::event_by_id(conn, id))
        .await?;
    written(row.and_then(|r| Event::batch(vec![r]).pop()), "event")
}

/// Locates the rivalry of the two companies inside the write's transaction.
fn rivalry_between(company: String, rival: String) -> write::Locate {
    Box::new(move |conn| {
        let a = resolve(conn, ChangeEntity::Company, "company", &company)?;
        let b = resolve(conn, ChangeEntity::Company, "rival", &rival)?;
        rivalries::rivalry_id(conn, a, b)?.ok_or_else(|| AppError::NotFound {
            what: "rivalry",
            key: format!("{company} and {rival}"),
        })
    })
}

#[Object]
impl CompanyMutation {
    /// Creates a company.
    async fn create_company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateCompanyInput,
    ) -> async_graphql::Result<CompanyPayload> {
        let actor = actor(ctx).await?;
        let name = Name::parse(&input.name, "name")?;
        let slug = slug_or_derived(input.slug, name.as_str(), "name")?;
        let legal_form = optional_name(input.legal_form, "legalForm")?;
        let country = optional_country(input.country, "country")?;
        let headquarters = optional_name(input.headquarters, "headquarters")?;
        let founded = optional_date(input.founded, "founded")?;
        let parent = optional_key(ChangeEntity::Company, input.parent, "parent")?;
        let business_areas = input.business_areas.unwrap_or_default();
        let markets = countries(input.markets.unwrap_or_default(), "markets")?;
        let productions = names(input.productions.unwrap_or_default(), "productions")?;
        let sources = keys_of(
            ChangeEntity::Source,
            input.sources.unwrap_or_default(),
            "sources",
        )?;
        let aliases = checked_aliases(input.aliases)?;
        let external_ids = checked_external_ids(input.external_ids)?;
        let different_from = keys_of(
            ChangeEntity::Company,
            input.different_from.unwrap_or_default(),
            "differentFrom",
        )?;
        let slug = write::create_checked(
            db(ctx)?,
            actor,
            move |conn| {
                Ok(CompanyRecord {
                    slug: slug.to_string(),
                    fields: CompanyFields {
                        name: name.to_string(),
                        kind: input.kind,
                        legal_form: legal_form.map(|n| n.to_string()),
                        country: country.map(|c| c.to_string()),
                        headquarters: headquarters.map(|n| n.to_string()),
                        founded,
                        name_article: input.name_article,
                    },
                    parent: resolve_opt(conn, ChangeEntity::Company, "parent", parent.as_ref())?,
                    business_areas,
                    markets: strings(&markets),
                    productions: strings(&productions),
                    aliases: aliases.unwrap_or_default(),
                    external_ids: external_ids.unwrap_or_default(),
                    sources: resolve_sources(conn, &sources)?,
                })
            },
            move |conn, id, company| {
                let different_from = resolve_all(
                    conn,
                    ChangeEntity::Company,
                    "differentFrom",
                    &different_from,
                )?;
                companies::check_names_free(conn, id, company, &[], &different_from)
            },
        )
        .await?
        .key;
        Ok(CompanyPayload {
            client_mutation_id: input.client_mutation_id,
            company: company_now(ctx, slug).await?,
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
        let key = key_of(ChangeEntity::Company, &input.target.id, "id")?;
        let slug = optional_slug(input.slug)?;
        let name = optional_name(input.name, "name")?;
        let kind = input.kind;
        let legal_form = change(input.legal_form, |t| Name::parse(&t, "legalForm"))?;
        let country = change(input.country, |t| CountryCode::parse(&t, "country"))?;
        let headquarters = change(input.headquarters, |t| Name::parse(&t, "headquarters"))?;
        let founded = change(input.founded, |t| date(&t, "founded"))?;
        let parent = change(input.parent, |id| {
            key_of(ChangeEntity::Company, &id, "parent")
        })?;
        let business_areas = input.business_areas;
        let name_article = change(input.name_article, Ok)?;
        let markets = input.markets.map(|m| countries(m, "markets")).transpose()?;
        let productions = input
            .productions
            .map(|p| names(p, "productions"))
            .transpose()?;
        let sources = input
            .sources
            .map(|s| keys_of(ChangeEntity::Source, s, "sources"))
            .transpose()?;
        let aliases = checked_aliases(input.aliases)?;
        let external_ids = checked_external_ids(input.external_ids)?;
        let different_from = keys_of(
            ChangeEntity::Company,
            input.different_from.unwrap_or_default(),
            "differentFrom",
        )?;
        let slug = write::update_checked(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Company, key),
            version(input.target.version),
            move |conn, company: &mut CompanyRecord<i64>| {
                set(&mut company.slug, slug.map(|s| s.to_string()));
                let fields = &mut company.fields;
                set(&mut fields.name, name.map(|n| n.to_string()));
                set(&mut fields.kind, kind);
                set(&mut fields.legal_form, legal_form.map(optional_string));
                set(&mut fields.country, country.map(optional_string));
                set(&mut fields.headquarters, headquarters.map(optional_string));
                set(&mut fields.founded, founded);
                set(&mut fields.name_article, name_article);
                if let Some(parent) = parent {
                    company.parent =
                        resolve_opt(conn, ChangeEntity::Company, "parent", parent.as_ref())?;
                }
                set(&mut company.business_areas, business_areas);
                set(&mut company.markets, markets.as_deref().map(strings));
                set(
                    &mut company.productions,
                    productions.as_deref().map(strings),
                );
                if let Some(sources) = sources {
                    company.sources = resolve_sources(conn, &sources)?;
                }
                set(&mut company.aliases, aliases);
                set(&mut company.external_ids, external_ids);
                Ok(())
            },
            move |conn, id, before, after| {
                let different_from = resolve_all(
                    conn,
                    ChangeEntity::Company,
                    "differentFrom",
                    &different_from,
                )?;
                companies::check_names_free(conn, id, after, &before.name_keys(), &different_from)
            },
        )
        .await?
        .key;
        Ok(CompanyPayload {
            client_mutation_id: input.target.client_mutation_id,
            company: company_now(ctx, slug).await?,
        })
    }

    /// Deletes a company with its roles, events, rivalries and market positions; refused for
    /// a company that is party to agreements unless `cascade` is set.
    async fn delete_company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteCompanyInput,
    ) -> async_graphql::Result<DeleteCompanyPayload> {
        let actor = actor(ctx).await?;
        let slug = key_of(ChangeEntity::Company, &input.target.id, "id")?;
        let deletion = write::delete_company(
            db(ctx)?,
            actor,
            slug.clone(),
            version(input.target.version),
            input.cascade,
        )
        .await?;
        Ok(DeleteCompanyPayload {
            client_mutation_id: input.target.client_mutation_id,
            deleted_id: encode_id(EntityKind::Company, &slug),
            deleted_agreement_ids: deletion
                .agreements
                .iter()
                .map(|s| encode_id(EntityKind::Agreement, s))
                .collect(),
        })
    }

    /// Records an event in a company's history.
    async fn create_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateEventInput,
    ) -> async_graphql::Result<EventPayload> {
        let actor = actor(ctx).await?;
        let company = key_of(ChangeEntity::Company, &input.company, "company")?;
        let event_date = optional_date(input.date, "date")?;
        let source = optional_key(ChangeEntity::Source, input.source, "source")?;
        let (kind, is_record) = (input.kind, input.record);
        let written = write::create(db(ctx)?, actor, move |conn| {
            Ok(CompanyEvent {
                company: resolve(conn, ChangeEntity::Company, "company", &company)?,
                event: EventRecord {
                    fields: EventFields {
                        kind,
                        occurred: event_date,
                        record: is_record,
                    },
                    source: resolve_opt(conn, ChangeEntity::Source, "source", source.as_ref())?,
                },
            })
        })
        .await?;
        Ok(EventPayload {
            client_mutation_id: input.client_mutation_id,
            event: event_now(ctx, written.id).await?,
        })
    }

    /// Changes an event.
    async fn update_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateEventInput,
    ) -> async_graphql::Result<EventPayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Event, &input.target.id, "id")?;
        let kind = input.kind;
        let event_date = change(input.date, |t| date(&t, "date"))?;
        let is_record = input.record;
        let source = change(input.source, |id| {
            key_of(ChangeEntity::Source, &id, "source")
        })?;
        let written = write::update(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Event, key),
            version(input.target.version),
            move |conn, e: &mut CompanyEvent<i64>| {
                set(&mut e.event.fields.kind, kind);
                set(&mut e.event.fields.occurred, event_date);
                set(&mut e.event.fields.record, is_record);
                if let Some(source) = source {
                    e.event.source =
                        resolve_opt(conn, ChangeEntity::Source, "source", source.as_ref())?;
                }
                Ok(())
            },
        )
        .await?;
        Ok(EventPayload {
            client_mutation_id: input.target.client_mutation_id,
            event: event_now(ctx, written.id).await?,
        })
    }

    /// Deletes an event.
    async fn delete_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteEventInput,
    ) -> async_graphql::Result<DeleteEventPayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Event, &input.target.id, "id")?;
        let key = write::delete::<CompanyEvent<i64>>(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Event, key),
            version(input.target.version),
        )
        .await?
        .key;
        Ok(DeleteEventPayload {
            client_mutation_id: input.target.client_mutation_id,
            deleted_id: encode_record_id(ChangeEntity::Event, &key),
        })
    }

    /// Records that two companies are rivals; a pair is rivals once, in either order.
    async fn create_rivalry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateRivalryInput,
    ) -> async_graphql::Result<RivalryPayload> {
        let actor = actor(ctx).await?;
        let company = key_of(ChangeEntity::Company, &input.company, "company")?;
        let rival = key_of(ChangeEntity::Company, &input.rival, "rival")?;
        let source = optional_key(ChangeEntity::Source, input.source, "source")?;
        let (a, b) = (company.clone(), rival.clone());
        let key = write::create(db(ctx)?, actor, move |conn| {
            Ok(Rivalry::new(
                resolve(conn, ChangeEntity::Company, "company", &a)?,
                resolve(conn, ChangeEntity::Company, "rival", &b)?,
                resolve_opt(conn, ChangeEntity::Source, "source", source.as_ref())?,
            ))
        })
        .await?
        .key;
        rivalry_payload(ctx, input.client_mutation_id, key, company, rival).await
    }

    /// Changes the source of a rivalry.
    async fn update_rivalry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateRivalryInput,
    ) -> async_graphql::Result<RivalryPayload> {
        let actor = actor(ctx).await?;
        let company = key_of(ChangeEntity::Company, &input.company, "company")?;
        let rival = key_of(ChangeEntity::Company, &input.rival, "rival")?;
        let source = change(input.source, |id| {
            key_of(ChangeEntity::Source, &id, "source")
        })?;
        let key = write::update(
            db(ctx)?,
            actor,
            rivalry_between(company.clone(), rival.clone()),
            version(input.version),
            move |conn, r: &mut Rivalry<i64>| {
                if let Some(source) = source {
                    r.source = resolve_opt(conn, ChangeEntity::Source, "source", source.as_ref())?;
                }
                Ok(())
            },
        )
        .await?
        .key;
        rivalry_payload(ctx, input.client_mutation_id, key, company, rival).await
    }

    /// Records that two companies are no longer rivals.
    async fn delete_rivalry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteRivalryInput,
    ) -> async_graphql::Result<DeleteRivalryPayload> {
        let actor = actor(ctx).await?;
        let company = key_of(ChangeEntity::Company, &input.company, "company")?;
        let rival = key_of(ChangeEntity::Company, &input.rival, "rival")?;
        let key = write::delete::<Rivalry<i64>>(
            db(ctx)?,
            actor,
            rivalry_between(company, rival),
            version(input.version),
        )
        .await?
        .key;
        Ok(DeleteRivalryPayload {
            client_mutation_id: input.client_mutation_id,
            deleted_id: encode_record_id(ChangeEntity::Rivalry, &key),
        })
    }
}

/// What a rivalry mutation answers.
async fn rivalry_payload(
    ctx: &Context<'_>,
    client_mutation_id: Option<String>,
    key: String,
    company: String,
    rival: String,
) -> async_graphql::Result<RivalryPayload> {
    Ok(RivalryPayload {
        client_mutation_id,
        rivalry_id: encode_record_id(ChangeEntity::Rivalry, &key),
        company: company_now(ctx, company).await?,
        rival: company_now(ctx, rival).await?,
    })
}
