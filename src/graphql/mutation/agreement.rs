//! Mutations of agreements, with their parties, scopes, markets, sources and the agreement
//! they are part of.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};

use super::{
    RecordChange, change, countries, date, delete_payload, key_of, keys_of, optional_country,
    optional_date, optional_key, optional_slug, resolve, resolve_opt, resolve_sources, set,
    version, written,
};
use crate::db::agreements::{self, Agreement as AgreementRecord, AgreementFields, Party};
use crate::error::{AppError, AppResult};
use crate::graphql::agreement::Agreement;
use crate::graphql::ids::encode_id;
use crate::graphql::{actor, db};
use crate::model::{
    AgreementKind, AgreementStatus, ChangeEntity, CountryCode, EntityKind, PartyRole, Scope, Slug,
};
use crate::write;

/// A party to an agreement, as input.
#[derive(InputObject, Clone)]
pub struct PartyInput {
    /// The company's global id.
    pub company: ID,
    /// What it is to the agreement.
    #[graphql(default_with = "PartyRole::Partner")]
    pub role: PartyRole,
    /// Whether the sources call it the first partner from its country.
    #[graphql(default = false)]
    pub first_from_country: bool,
}

/// Input of `createAgreement`.
#[derive(InputObject)]
pub struct CreateAgreementInput {
    /// Any text; returned unchanged in the payload.
    pub client_mutation_id: Option<String>,
    /// The slug; when not given, made of the parties' slugs and the kind
    /// (`alibaba-pictures-tb-media-global-partnership`).
    pub slug: Option<String>,
    /// What kind of agreement.
    pub kind: AgreementKind,
    /// How far it has come.
    pub status: AgreementStatus,
    /// When it was announced: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub announced: Option<String>,
    /// When it was signed.
    pub signed: Option<String>,
    /// Whether it is planned in several stages.
    #[graphql(default = false)]
    pub multi_stage: bool,
    /// How many partners the sources say it has, which may exceed the parties recorded.
    pub reported_partner_count: Option<i32>,
    /// The country the sources say those partners come from (ISO 3166-1 alpha-2).
    pub reported_partner_country: Option<String>,
    /// The global id of the umbrella agreement or programme it belongs to.
    pub part_of: Option<ID>,
    /// Its parties, in order: at least two, or a programme's one organiser.
    pub parties: Vec<PartyInput>,
    /// The fields it covers, in order.
    pub scopes: Option<Vec<Scope>>,
    /// The fields among `scopes` the parties start with.
    pub initial_focus: Option<Vec<Scope>>,
    /// The markets it covers (ISO 3166-1 alpha-2 codes), in order.
    pub markets: Option<Vec<String>>,
    /// The ids of the sources that report on it.
    pub sources: Option<Vec<ID>>,
}

/// Input of `updateAgreement`: fields left out keep their value; `null` clears an optional
/// one; a list given replaces the list.
#[derive(InputObject)]
pub struct UpdateAgreementInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
    /// A new slug. The global id stays; the old slug goes on finding the agreement.
    pub slug: Option<String>,
    /// A new kind.
    pub kind: Option<AgreementKind>,
    /// A new status.
    pub status: Option<AgreementStatus>,
    /// When it was announced.
    pub announced: MaybeUndefined<String>,
    /// When it was signed.
    pub signed: MaybeUndefined<String>,
    /// Whether it is planned in several stages.
    pub multi_stage: Option<bool>,
    /// How many partners the sources say it has.
    pub reported_partner_count: MaybeUndefined<i32>,
    /// The country the sources say those partners come from.
    pub reported_partner_country: MaybeUndefined<String>,
    /// The global id of the agreement it is part of; `null` detaches it.
    pub part_of: MaybeUndefined<ID>,
    /// Its parties, replacing the ones stored.
    pub parties: Option<Vec<PartyInput>>,
    /// Its scopes, replacing the ones stored.
    pub scopes: Option<Vec<Scope>>,
    /// Its initial focus, replacing the one stored.
    pub initial_focus: Option<Vec<Scope>>,
    /// Its markets, replacing the ones stored.
    pub markets: Option<Vec<String>>,
    /// The ids of its sources, replacing the ones stored.
    pub sources: Option<Vec<ID>>,
}

/// Input of `deleteAgreement`.
#[derive(InputObject)]
pub struct DeleteAgreementInput {
    /// Which record, at which version, and the client\'s own id of the mutation.
    #[graphql(flatten)]
    pub target: RecordChange,
}

/// What `createAgreement` and `updateAgreement` answer.
#[derive(SimpleObject)]
pub struct AgreementPayload {
    /// The `clientMutationId` of the input.
    pub client_mutation_id: Option<String>,
    /// The agreement as stored now.
    pub agreement: Agreement,
}

delete_payload!(
    /// What `deleteAgreement` answers; quotes about it stay, about no agreement, and its
    /// components stop belonging to it.
    DeleteAgreementPayload,
    "agreement"
);

/// The mutations of agreements.
#[derive(Default)]
pub struct AgreementMutation;

/// Parties as input, checked: each company as a key.
type Parties = Vec<(String, PartyRole, bool)>;

fn parties_of(input: Vec<PartyInput>) -> AppResult<Parties> {
    input
        .into_iter()
        .map(|p| {
            Ok((
                key_of(ChangeEntity::Company, &p.company, "parties")?,
                p.role,
                p.first_from_country,
            ))
        })
        .collect()
}

/// The parties, resolved inside the write's transaction.
fn resolve_parties(
    conn: &crate::db::sql::Connection,
    parties: &Parties,
) -> AppResult<Vec<Party<i64>>> {
    parties
        .iter()
        .map(|(company, role, first)| {
            Ok(Party {
                company: resolve(conn, ChangeEntity::Company, "parties", company)?,
                role: *role,
                first_from_country: *first,
            })
        })
        .collect()
}

/// A reported partner count, which cannot be negative.
fn partner_count(count: i32) -> AppResult<u32> {
    u32::try_from(count)
        .map_err(|_| AppError::bad_input("reportedPartnerCount", "must not be negative"))
}

/// The slug of an agreement without one given: its parties' slugs, then a word for its kind.
fn derived_slug(kind: AgreementKind, parties: &Parties) -> AppResult<Slug> {
    let word = match kind {
        AgreementKind::StrategicPartnership => "partnership",
        AgreementKind::CooperationAgreement => "cooperation",
        AgreementKind::Programme => "programme",
    };
    let mut text: Vec<&str> = parties.iter().map(|p| p.0.as_str()).collect();
    text.push(word);
    Slug::from_name(&text.join(" "), "slug")
}

/// The agreement with the key `key`, as stored now, for a payload.
async fn agreement_now(ctx: &Context<'_>, key: String) -> AppResult<Agreement> {
    let row = db(ctx)?
        .read(move |conn| Ok(agreements::by_keys(conn, &[&key])?.remove(&key)))
        .await?;
    written(
        row.and_then(|r| Agreement::batch(vec![r]).pop()),
        "agreement",
    )
}

#[Object]
impl AgreementMutation {
    /// Creates an agreement with its parties.
    async fn create_agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateAgreementInput,
    ) -> async_graphql::Result<AgreementPayload> {
        let actor = actor(ctx).await?;
        let parties = parties_of(input.parties)?;
        let slug = match input.slug {
            Some(slug) => Slug::parse(&slug, "slug")?,
            None => derived_slug(input.kind, &parties)?,
        };
        let announced = optional_date(input.announced, "announced")?;
        let signed = optional_date(input.signed, "signed")?;
        let count = input
            .reported_partner_count
            .map(partner_count)
            .transpose()?;
        let country = optional_country(input.reported_partner_country, "reportedPartnerCountry")?;
        let part_of = optional_key(ChangeEntity::Agreement, input.part_of, "partOf")?;
        let markets = countries(input.markets.unwrap_or_default(), "markets")?;
        let sources = keys_of(
            ChangeEntity::Source,
            input.sources.unwrap_or_default(),
            "sources",
        )?;
        let (kind, status, multi_stage) = (input.kind, input.status, input.multi_stage);
        let scopes = input.scopes.unwrap_or_default();
        let initial_focus = input.initial_focus.unwrap_or_default();
        let key = write::create(db(ctx)?, actor, move |conn| {
            Ok(AgreementRecord {
                slug: slug.to_string(),
                fields: AgreementFields {
                    kind,
                    status,
                    announced,
                    signed,
                    multi_stage,
                    partner_count: count,
                    partner_country: country.map(|c| c.to_string()),
                },
                part_of: resolve_opt(conn, ChangeEntity::Agreement, "partOf", part_of.as_ref())?,
                markets: markets.iter().map(ToString::to_string).collect(),
                scopes,
                initial_focus,
                parties: resolve_parties(conn, &parties)?,
                sources: resolve_sources(conn, &sources)?,
            })
        })
        .await?
        .key;
        Ok(AgreementPayload {
            client_mutation_id: input.client_mutation_id,
            agreement: agreement_now(ctx, key).await?,
        })
    }

    /// Changes an agreement; its title, summary and search reflect the change at once.
    async fn update_agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateAgreementInput,
    ) -> async_graphql::Result<AgreementPayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Agreement, &input.target.id, "id")?;
        let slug = optional_slug(input.slug)?;
        let (kind, status, multi_stage) = (input.kind, input.status, input.multi_stage);
        let announced = change(input.announced, |t| date(&t, "announced"))?;
        let signed = change(input.signed, |t| date(&t, "signed"))?;
        let count = change(input.reported_partner_count, partner_count)?;
        let country = change(input.reported_partner_country, |t| {
            CountryCode::parse(&t, "reportedPartnerCountry")
        })?;
        let part_of = change(input.part_of, |id| {
            key_of(ChangeEntity::Agreement, &id, "partOf")
        })?;
        let parties = input.parties.map(parties_of).transpose()?;
        let (scopes, initial_focus) = (input.scopes, input.initial_focus);
        let markets = input.markets.map(|m| countries(m, "markets")).transpose()?;
        let sources = input
            .sources
            .map(|s| keys_of(ChangeEntity::Source, s, "sources"))
            .transpose()?;
        let key = write::update(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Agreement, key),
            version(input.target.version),
            move |conn, a: &mut AgreementRecord<i64>| {
                set(&mut a.slug, slug.map(|s| s.to_string()));
                set(&mut a.fields.kind, kind);
                set(&mut a.fields.status, status);
                set(&mut a.fields.announced, announced);
                set(&mut a.fields.signed, signed);
                set(&mut a.fields.multi_stage, multi_stage);
                set(&mut a.fields.partner_count, count);
                set(
                    &mut a.fields.partner_country,
                    country.map(|c| c.map(|c| c.to_string())),
                );
                if let Some(part_of) = part_of {
                    a.part_of =
                        resolve_opt(conn, ChangeEntity::Agreement, "partOf", part_of.as_ref())?;
                }
                if let Some(parties) = parties {
                    a.parties = resolve_parties(conn, &parties)?;
                }
                if let Some(scopes) = scopes {
                    // Scopes given without a focus keep the focus on the scopes still there.
                    a.initial_focus.retain(|s| scopes.contains(s));
                    a.scopes = scopes;
                }
                set(&mut a.initial_focus, initial_focus);
                set(
                    &mut a.markets,
                    markets.map(|m| m.iter().map(ToString::to_string).collect()),
                );
                if let Some(sources) = sources {
                    a.sources = resolve_sources(conn, &sources)?;
                }
                Ok(())
            },
        )
        .await?
        .key;
        Ok(AgreementPayload {
            client_mutation_id: input.target.client_mutation_id,
            agreement: agreement_now(ctx, key).await?,
        })
    }

    /// Deletes an agreement with its parties, scopes, markets and sources.
    async fn delete_agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteAgreementInput,
    ) -> async_graphql::Result<DeleteAgreementPayload> {
        let actor = actor(ctx).await?;
        let key = key_of(ChangeEntity::Agreement, &input.target.id, "id")?;
        let key = write::delete::<AgreementRecord<i64>>(
            db(ctx)?,
            actor,
            write::by_key(ChangeEntity::Agreement, key),
            version(input.target.version),
        )
        .await?
        .key;
        Ok(DeleteAgreementPayload {
            client_mutation_id: input.target.client_mutation_id,
            deleted_id: encode_id(EntityKind::Agreement, &key),
        })
    }
}
