//! `Agreement`, `Party`, the agreement connection, filter and ordering, and their part of
//! `Query`: lookup by slug, the filtered and ordered list, and an agreement's parties, scopes,
//! markets, nesting, quotes, sources, title and summary.

use std::collections::HashMap;

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::company::Company;
use super::connection::{
    OrderDirection, PageArgs, connection, load_owned, load_with, selects_on_nodes,
};
use super::history::{HasRecord, Recorded};
use super::ids::{decode_id_of, encode_id};
use super::loader::{Lazy, Related, batch_of, grouped_objects, of, per_row};
use super::localized::{LocalizedText, in_every_locale, writer};
use super::relations::{quotes_of, sources_of};
use super::source::{Quote, Source};
use super::{any_of, countries_argument, country_argument, db};
use crate::db::agreements::{self, AgreementRow, PartyRow, ScopeRow};
use crate::db::page::List;
use crate::db::rows::Grouped;
use crate::error::{AppError, AppResult};
use crate::model::ChangeEntity;
use crate::model::{AgreementKind, AgreementStatus, EntityKind, PartialDate, PartyRole, Scope};
use crate::summary::{AgreementFacts, AgreementRef, read};

connection!(AgreementConnection, AgreementEdge, Agreement, "agreements");

batch_of!(
    /// The `Agreement` GraphQL object (described on its `#[Object]` impl): a handle on one row of
    /// a batch of agreements read together.
    Agreement, AgreementBatch, AgreementRow, {
    parties: Lazy<Related<Party>>,
    scopes: Lazy<Grouped<ScopeRow>>,
    markets: Lazy<Grouped<String>>,
    umbrellas: Lazy<HashMap<i64, Agreement>>,
    components: Lazy<Related<Agreement>>,
    quotes: Lazy<Related<Quote>>,
    sources: Lazy<Related<Source>>,
    references: Lazy<HashMap<i64, AgreementRef>>,
    facts: Lazy<HashMap<i64, AgreementFacts>>,
});

impl Agreement {
    /// The rows as one batch, with their parties when they were read with them.
    fn batch_with_parties(
        rows: Vec<AgreementRow>,
        parties: Option<Grouped<(PartyRow, crate::db::companies::CompanyRow)>>,
    ) -> Vec<Self> {
        let objects = Self::batch(rows);
        if let (Some(parties), Some(first)) = (parties, objects.first()) {
            first
                .batch
                .parties
                .preset(grouped_objects(parties, Party::batch));
        }
        objects
    }

    fn ids(&self) -> Vec<i64> {
        self.batch.rows.iter().map(|r| r.id).collect()
    }

    async fn scope_rows(&self, ctx: &Context<'_>) -> AppResult<Vec<ScopeRow>> {
        let ids = self.ids();
        let scopes = self
            .batch
            .scopes
            .get(ctx, move |conn| agreements::scopes_of(conn, &ids), |v| v)
            .await?;
        Ok(of(scopes, self.row().id))
    }

    /// The facts its title is written from, read for the whole batch at once.
    pub(crate) async fn reference(&self, ctx: &Context<'_>) -> AppResult<&AgreementRef> {
        let (batch, id) = (&self.batch, self.row().id);
        per_row(
            &batch.references,
            ctx,
            &batch.rows,
            id,
            read::agreement_refs,
        )
        .await
    }

    async fn facts(&self, ctx: &Context<'_>) -> AppResult<&AgreementFacts> {
        let (batch, id) = (&self.batch, self.row().id);
        per_row(&batch.facts, ctx, &batch.rows, id, read::agreements).await
    }
}

/// Applies the GraphQL filter and ordering to `list`; returns it with the ordering's name.
fn select(
    list: List,
    filter: Option<AgreementFilter>,
    order: Option<AgreementOrder>,
) -> AppResult<(List, String)> {
    let filter = filter.unwrap_or_default().into_storage()?;
    let order = order.unwrap_or_default();
    let sort = order.field.storage();
    Ok((
        agreements::select(list, &filter, sort, order.direction.descending()),
        order.direction.ordering(sort.name()),
    ))
}

/// One page of the agreements of each of the companies `owners`, read together.
pub(crate) async fn load_owned_pages(
    ctx: &Context<'_>,
    owners: Vec<i64>,
    filter: Option<AgreementFilter>,
    order: Option<AgreementOrder>,
    args: PageArgs,
) -> AppResult<HashMap<i64, AgreementConnection>> {
    let (list, ordering) = select(agreements::of_companies(), filter, order)?;
    let pages = load_owned(
        ctx,
        list,
        ordering,
        &args,
        owners,
        AgreementRow::read,
        Agreement::batch,
    )
    .await?;
    Ok(pages.into_iter().map(|(o, p)| (o, p.into())).collect())
}

impl AgreementConnection {
    /// A connection with no agreements.
    pub(crate) fn empty() -> Self {
        super::connection::Loaded::<Agreement>::new(Vec::new(), false, false, 0).into()
    }
}

/// An agreement between companies: a partnership, a cooperation contract or a programme.
#[Object]
impl Agreement {
    /// Opaque, stable global id; `node(id:)` refetches the agreement.
    pub async fn id(&self) -> ID {
        encode_id(EntityKind::Agreement, &self.row().key)
    }

    /// Stable, human-readable key, such as `alibaba-pictures-tb-media-global-partnership`.
    async fn slug(&self) -> &str {
        &self.row().slug
    }

    /// What kind of agreement it is.
    async fn kind(&self) -> AgreementKind {
        self.row().kind
    }

    /// How far it has come.
    async fn status(&self) -> AgreementStatus {
        self.row().status
    }

    /// When it was announced, at the precision known.
    async fn announced(&self) -> Option<PartialDate> {
        self.row().announced
    }

    /// When it was signed, at the precision known.
    async fn signed(&self) -> Option<PartialDate> {
        self.row().signed
    }

    /// Whether it is planned in several stages.
    async fn multi_stage(&self) -> bool {
        self.row().multi_stage
    }

    /// How many partners the sources say it has; may exceed the parties recorded here, as
    /// when a programme's partners are not all named.
    async fn reported_partner_count(&self) -> Option<i64> {
        self.row().partner_count.map(i64::from)
    }

    /// The country the sources say those partners come from, as an ISO 3166-1 alpha-2 code.
    async fn reported_partner_country(&self) -> Option<&str> {
        self.row().partner_country.as_deref()
    }

    /// The companies bound by it, in the order the sources name them.
    async fn parties(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Party>> {
        let ids = self.ids();
        let parties = self
            .batch
            .parties
            .get(
                ctx,
                move |conn| agreements::parties_of(conn, &ids),
                |rows| grouped_objects(rows, Party::batch),
            )
            .await?;
        Ok(of(parties, self.row().id))
    }

    /// The fields it covers.
    async fn scopes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Scope>> {
        Ok(self
            .scope_rows(ctx)
            .await?
            .into_iter()
            .map(|r| r.scope)
            .collect())
    }

    /// The scopes the parties start with, such as motorsport first.
    async fn initial_focus(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Scope>> {
        Ok(self
            .scope_rows(ctx)
            .await?
            .into_iter()
            .filter(|r| r.initial_focus)
            .map(|r| r.scope)
            .collect())
    }

    /// The markets it covers, as ISO 3166-1 alpha-2 codes.
    async fn markets(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let ids = self.ids();
        let markets = self
            .batch
            .markets
            .get(ctx, move |conn| agreements::markets_of(conn, &ids), |v| v)
            .await?;
        Ok(of(markets, self.row().id))
    }

    /// The umbrella agreement or programme this one belongs to.
    async fn part_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Agreement>> {
        let ids = self
            .batch
            .rows
            .iter()
            .filter_map(|r| r.part_of_id)
            .collect();
        let wanted = self.row().part_of_id;
        Ok(self
            .batch
            .umbrellas
            .one(ctx, ids, wanted, agreements::by_ids, Agreement::by_id)
            .await?)
    }

    /// The agreements that belong to this one.
    async fn components(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Agreement>> {
        let ids = self.ids();
        let components = self
            .batch
            .components
            .get(
                ctx,
                move |conn| agreements::components_of(conn, &ids),
                |rows| grouped_objects(rows, Agreement::batch),
            )
            .await?;
        Ok(of(components, self.row().id))
    }

    /// What the parties and their people said about it.
    async fn quotes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Quote>> {
        let (ids, id) = (self.ids(), self.row().id);
        Ok(quotes_of(&self.batch.quotes, ctx, EntityKind::Agreement, ids, id).await?)
    }

    /// The sources that report it.
    async fn sources(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Source>> {
        let (ids, id) = (self.ids(), self.row().id);
        Ok(sources_of(&self.batch.sources, ctx, EntityKind::Agreement, ids, id).await?)
    }

    /// A title naming the agreement by its kind and parties, such as "Strategic partnership
    /// between Alibaba Pictures and T&B Media Global".
    pub(crate) async fn title(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A BCP 47 language tag such as `de` or `en-GB`; without it the request's \
                          Accept-Language header decides, else English."
        )]
        locale: Option<String>,
    ) -> async_graphql::Result<String> {
        let writer = writer(ctx, locale.as_deref())?;
        let reference = self.reference(ctx).await?;
        Ok(writer.agreement_title(reference).map_err(AppError::from)?)
    }

    /// The title in every available locale.
    async fn titles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LocalizedText>> {
        let reference = self.reference(ctx).await?;
        Ok(in_every_locale(ctx, |w| w.agreement_title(reference))?)
    }

    /// A description of the agreement in natural language, written from its data.
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
        Ok(writer.agreement(facts).map_err(AppError::from)?)
    }

    /// The summary in every available locale.
    async fn summaries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LocalizedText>> {
        let facts = self.facts(ctx).await?;
        Ok(in_every_locale(ctx, |w| w.agreement(facts))?)
    }

    /// Its version and its history, as every kind of record has them. Last, so that the
    /// type's own fields are matched before the flattened ones are tried.
    #[graphql(flatten)]
    async fn recorded(&self) -> Recorded {
        self.versioned()
    }
}

/// The `Party` GraphQL object (described on its `#[Object]` impl), with its company, which is
/// one of a batch made of every party's company.
#[derive(Clone)]
pub struct Party {
    party: PartyRow,
    company: Company,
}

impl Party {
    /// The parties as one batch, their companies as one batch of companies.
    fn batch(rows: Vec<(PartyRow, crate::db::companies::CompanyRow)>) -> Vec<Self> {
        let (parties, companies): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
        parties
            .into_iter()
            .zip(Company::batch(companies))
            .map(|(party, company)| Self { party, company })
            .collect()
    }
}

/// A company's part in an agreement.
#[Object]
impl Party {
    /// The company.
    async fn company(&self) -> Company {
        self.company.clone()
    }

    /// What the company is to the agreement.
    async fn role(&self) -> PartyRole {
        self.party.role
    }

    /// Whether the sources call it the first partner from its country.
    async fn first_from_country(&self) -> bool {
        self.party.first_from_country
    }
}

/// Conditions on agreements; all given conditions must hold.
#[derive(InputObject, Debug, Default)]
pub struct AgreementFilter {
    /// With the company with this global id among its parties.
    pub party: Option<ID>,
    /// Covering this scope.
    pub scope: Option<Scope>,
    /// Covering this market (ISO 3166-1 alpha-2 code, such as `TH`).
    pub market: Option<String>,
    /// Of this kind.
    pub kind: Option<AgreementKind>,
    /// With this status.
    pub status: Option<AgreementStatus>,
    /// Belonging to the agreement or programme with this global id.
    pub part_of: Option<ID>,
    /// Announced strictly after this date, compared at the precision given: after `"2023"`
    /// means 2024 or later, and `"2023-11"` is not after `"2023"`.
    pub announced_after: Option<PartialDate>,
    /// Announced strictly before this date, compared at the precision given.
    pub announced_before: Option<PartialDate>,
    /// With any of the companies with these global ids among its parties; at least one.
    pub parties: Option<Vec<ID>>,
    /// Covering any of these scopes; at least one.
    pub scopes: Option<Vec<Scope>>,
    /// Covering any of these markets (ISO 3166-1 alpha-2 codes); at least one.
    pub markets: Option<Vec<String>>,
    /// Of any of these kinds; at least one.
    pub kinds: Option<Vec<AgreementKind>>,
    /// With any of these statuses; at least one.
    pub statuses: Option<Vec<AgreementStatus>>,
    /// Signed strictly after this date, compared at the precision given, as `announcedAfter`
    /// is; an agreement with no signing date is not.
    pub signed_after: Option<PartialDate>,
    /// Signed strictly before this date, compared at the precision given.
    pub signed_before: Option<PartialDate>,
    /// With the company with this global id among its parties, or any company below it in the
    /// ownership tree however deep: every deal of a group, its subsidiaries' included.
    pub party_group: Option<ID>,
    /// Not matching this filter: an agreement is left out when every condition given in it
    /// holds. `not` may hold a `not` of its own, up to three deep.
    pub not: Option<Box<AgreementFilter>>,
}

/// How deeply `not` filters may nest.
const MAX_NOT_DEPTH: usize = 3;

impl AgreementFilter {
    /// The storage filter: ids resolved to slugs, codes checked.
    pub(crate) fn into_storage(self) -> AppResult<agreements::Filter> {
        self.checked(0)
    }

    /// The storage filter of a filter `depth` levels of `not` deep.
    fn checked(self, depth: usize) -> AppResult<agreements::Filter> {
        let not = match self.not {
            None => None,
            Some(_) if depth + 1 > MAX_NOT_DEPTH => {
                return Err(AppError::bad_input(
                    "filter.not",
                    format!("nests more than {MAX_NOT_DEPTH} deep"),
                ));
            }
            Some(not) => Some(Box::new(
                not.checked(depth + 1)
                    .map_err(|e| e.moved("filter.", "filter.not."))?,
            )),
        };
        Ok(agreements::Filter {
            not,
            party_group: self
                .party_group
                .map(|id| decode_id_of(EntityKind::Company, &id, "filter.partyGroup"))
                .transpose()?,
            party: self
                .party
                .map(|id| decode_id_of(EntityKind::Company, &id, "filter.party"))
                .transpose()?,
            scope: self.scope,
            market: self
                .market
                .map(|c| country_argument(c, "filter.market", "TH"))
                .transpose()?,
            kind: self.kind,
            status: self.status,
            part_of: self
                .part_of
                .map(|id| decode_id_of(EntityKind::Agreement, &id, "filter.partOf"))
                .transpose()?,
            announced_after: self.announced_after,
            announced_before: self.announced_before,
            parties: self
                .parties
                .map(|ids| {
                    any_of(ids, "filter.parties")?
                        .iter()
                        .map(|id| decode_id_of(EntityKind::Company, id, "filter.parties"))
                        .collect::<AppResult<Vec<_>>>()
                })
                .transpose()?,
            scopes: self
                .scopes
                .map(|scopes| any_of(scopes, "filter.scopes"))
                .transpose()?,
            markets: self
                .markets
                .map(|codes| countries_argument(codes, "filter.markets", "TH"))
                .transpose()?,
            kinds: self
                .kinds
                .map(|kinds| any_of(kinds, "filter.kinds"))
                .transpose()?,
            statuses: self
                .statuses
                .map(|statuses| any_of(statuses, "filter.statuses"))
                .transpose()?,
            signed_after: self.signed_after,
            signed_before: self.signed_before,
        })
    }
}

/// What to order agreements by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgreementOrderField {
    /// Slug, A to Z.
    #[default]
    Slug,
    /// Announcement date; agreements without one come last going up.
    Announced,
    /// Signing date; agreements without one come last going up.
    Signed,
}

impl AgreementOrderField {
    fn storage(self) -> agreements::Sort {
        match self {
            Self::Slug => agreements::Sort::Slug,
            Self::Announced => agreements::Sort::Announced,
            Self::Signed => agreements::Sort::Signed,
        }
    }
}

/// An ordering of agreements; ties are broken by id so pages never overlap.
#[derive(InputObject, Debug, Clone, Copy, Default)]
pub struct AgreementOrder {
    /// What to order by.
    pub field: AgreementOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// Agreement lookups.
#[derive(Default)]
pub struct AgreementQuery;

#[Object]
impl AgreementQuery {
    /// The agreement with this slug, or null if none has it.
    async fn agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agreement's slug.")] slug: String,
    ) -> async_graphql::Result<Option<Agreement>> {
        let row = db(ctx)?
            .read(move |conn| agreements::by_slug(conn, &slug))
            .await?;
        Ok(row.and_then(|row| Agreement::batch(vec![row]).pop()))
    }

    /// Agreements, filtered and ordered (by slug unless `orderBy` says otherwise).
    #[allow(clippy::too_many_arguments)]
    async fn agreements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many items from the start (0 to 100; default 20).")]
        first: Option<i32>,
        #[graphql(desc = "Start after the item with this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many items from the end (0 to 100).")] last: Option<
            i32,
        >,
        #[graphql(desc = "End before the item with this cursor.")] before: Option<String>,
        #[graphql(desc = "Only agreements that match every condition given.")] filter: Option<
            AgreementFilter,
        >,
        #[graphql(desc = "The order of the list; by slug, A to Z, when not given.")]
        order_by: Option<AgreementOrder>,
    ) -> async_graphql::Result<AgreementConnection> {
        let args = PageArgs::new(first, after, last, before);
        let filter = filter.unwrap_or_default().into_storage()?;
        let list = agreements::narrow(agreements::list(), &filter);
        Ok(page(ctx, list, order_by, args).await?)
    }
}

/// One page of `list` (agreements, already narrowed) in `order`, by slug when not given.
pub(crate) async fn page(
    ctx: &Context<'_>,
    list: List,
    order: Option<AgreementOrder>,
    args: PageArgs,
) -> AppResult<AgreementConnection> {
    let order = order.unwrap_or_default();
    let sort = order.field.storage();
    let list = agreements::ordered(list, sort, order.direction.descending());
    let ordering = order.direction.ordering(sort.name());
    // The parties, the relation a list of agreements is most often shown with, are read
    // with the page when the selection asks for them.
    let parties = selects_on_nodes(ctx, "parties");
    Ok(load_with(
        ctx,
        list,
        ordering,
        &args,
        AgreementRow::read,
        move |conn, rows: &[AgreementRow]| {
            if !parties {
                return Ok(None);
            }
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            agreements::parties_of(conn, &ids).map(Some)
        },
        Agreement::batch_with_parties,
    )
    .await?
    .into())
}

impl HasRecord for Agreement {
    fn versioned(&self) -> Recorded {
        Recorded::new(ChangeEntity::Agreement, self.row().id, self.row().version)
    }
}
