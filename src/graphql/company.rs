//! `Company`, its connection, its filter and ordering, and its part of `Query`: lookup by slug,
//! the filtered and ordered list, and every relation of a company (parent, subsidiaries,
//! people, agreements, partners, rivals, events, sources); and the smaller objects that hang
//! off a company, `Event` and `MarketPosition`, made in batches so that the companies and
//! sources they name are read for a whole batch at once.

use std::collections::HashMap;

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};

use super::agreement::{AgreementConnection, AgreementFilter, AgreementOrder};
use super::connection::{OrderDirection, PageArgs, connection, load, load_owned};
use super::history::{HasRecord, Recorded};
use super::ids::{decode_id_of, encode_id, encode_record_id};
use super::loader::{Keyed, Lazy, Related, batch_of, grouped_objects, of, per_row};
use super::localized::{LocalizedText, in_every_locale, writer};
use super::person::{Person, Role};
use super::relations::{quotes_of, sources_named, sources_of};
use super::source::{Quote, Source};
use super::{any_of, countries_argument, country_argument, db};
use crate::db::companies::{self, CompanyRow};
use crate::db::events::EventRow;
use crate::db::market_positions::MarketPositionRow;
use crate::db::page::List;
use crate::db::people;
use crate::db::{events, market_positions, rivalries};
use crate::error::{AppError, AppResult};
use crate::model::{
    AliasKind, BusinessArea, ChangeEntity, CompanyKind, EntityKind, EventKind, ExternalIdScheme,
    MarketPositionKind, PartialDate, RoleTitle,
};
use crate::summary::{CompanyFacts, read};

/// The company with `slug`, if any, as a batch of one.
pub(crate) async fn by_slug(ctx: &Context<'_>, slug: String) -> AppResult<Option<Company>> {
    // The facts of a summary are read with the company when the selection asks for one: one
    // trip to the blocking pool instead of two.
    let selection = ctx.look_ahead();
    let summary = selection.field("summary").exists() || selection.field("summaries").exists();
    let found = db(ctx)?
        .read(move |conn| {
            let Some(row) = companies::by_slug(conn, &slug)? else {
                return Ok(None);
            };
            let facts = if summary {
                Some(read::companies(conn, std::slice::from_ref(&row))?)
            } else {
                None
            };
            Ok(Some((row, facts)))
        })
        .await?;
    let Some((row, facts)) = found else {
        return Ok(None);
    };
    let company = Company::batch(vec![row]).pop();
    if let (Some(company), Some(facts)) = (&company, facts) {
        company.batch.facts.preset(facts);
    }
    Ok(company)
}

connection!(CompanyConnection, CompanyEdge, Company, "companies");

batch_of!(
    /// The `Company` GraphQL object (described on its `#[Object]` impl): a handle on one row of a
    /// batch of companies read together.
    Company, CompanyBatch, CompanyRow, {
    founders: Lazy<Related<Person>>,
    parents: Lazy<HashMap<i64, Company>>,
    ancestors: Lazy<Related<Company>>,
    roles: Lazy<Related<Role>>,
    competitors: Lazy<Related<Company>>,
    business_areas: Lazy<crate::db::rows::Grouped<BusinessArea>>,
    markets: Lazy<crate::db::rows::Grouped<String>>,
    productions: Lazy<crate::db::rows::Grouped<String>>,
    aliases: Lazy<crate::db::rows::Grouped<companies::Alias>>,
    external_ids: Lazy<crate::db::rows::Grouped<companies::ExternalId>>,
    events: Lazy<Related<Event>>,
    market_positions: Lazy<Related<MarketPosition>>,
    quotes: Lazy<Related<Quote>>,
    sources: Lazy<Related<Source>>,
    facts: Lazy<HashMap<i64, CompanyFacts>>,
    companies: Keyed<HashMap<i64, CompanyConnection>>,
    agreements: Keyed<HashMap<i64, AgreementConnection>>,
});

impl Company {
    fn ids(&self) -> Vec<i64> {
        self.batch.rows.iter().map(|r| r.id).collect()
    }

    async fn facts(&self, ctx: &Context<'_>) -> AppResult<&CompanyFacts> {
        let (batch, id) = (&self.batch, self.row().id);
        per_row(&batch.facts, ctx, &batch.rows, id, read::companies).await
    }

    /// A paged list of companies per company of the batch (subsidiaries, partners), read for
    /// the whole batch at once, keyed by the field's arguments.
    async fn companies_of(
        &self,
        ctx: &Context<'_>,
        key: String,
        list: List,
        filter: Option<CompanyFilter>,
        order: Option<CompanyOrder>,
        args: PageArgs,
    ) -> AppResult<CompanyConnection> {
        let slot = self.batch.companies.slot(key);
        let owners = self.ids();
        let pages = slot
            .get_or_load(async {
                let (list, ordering) = select(list, filter, order)?;
                let pages = load_owned(
                    ctx,
                    list,
                    ordering,
                    &args,
                    owners,
                    CompanyRow::read,
                    Company::batch,
                )
                .await?;
                Ok(pages.into_iter().map(|(o, p)| (o, p.into())).collect())
            })
            .await?;
        Ok(pages
            .get(&self.row().id)
            .cloned()
            .unwrap_or_else(CompanyConnection::empty))
    }
}

/// Applies the GraphQL filter and ordering to `list`; returns it with the ordering's name.
fn select(
    list: List,
    filter: Option<CompanyFilter>,
    order: Option<CompanyOrder>,
) -> AppResult<(List, String)> {
    let filter = filter.unwrap_or_default().into_storage()?;
    let order = order.unwrap_or_default();
    let sort = order.field.storage();
    Ok((
        companies::select(list, &filter, sort, order.direction.descending()),
        order.direction.ordering(sort.name()),
    ))
}

/// Reads one page of all companies, filtered by `filter` and ordered by `order`.
async fn load_page(
    ctx: &Context<'_>,
    filter: Option<CompanyFilter>,
    order: Option<CompanyOrder>,
    args: PageArgs,
) -> AppResult<CompanyConnection> {
    let filter = filter.unwrap_or_default().into_storage()?;
    page(
        ctx,
        companies::narrow(companies::list(), &filter),
        order,
        args,
    )
    .await
}

/// One page of `list` (companies, already narrowed) in `order`, by name when not given.
pub(crate) async fn page(
    ctx: &Context<'_>,
    list: List,
    order: Option<CompanyOrder>,
    args: PageArgs,
) -> AppResult<CompanyConnection> {
    let order = order.unwrap_or_default();
    let sort = order.field.storage();
    let list = companies::ordered(list, sort, order.direction.descending());
    let ordering = order.direction.ordering(sort.name());
    Ok(
        load(ctx, list, ordering, &args, CompanyRow::read, Company::batch)
            .await?
            .into(),
    )
}

impl CompanyConnection {
    fn empty() -> Self {
        super::connection::Loaded::<Company>::new(Vec::new(), false, false, 0).into()
    }
}

/// A company or other organisation: a corporate group, a studio, a streaming service, an
/// agency, a research firm.
#[Object]
impl Company {
    /// Opaque, stable global id; `node(id:)` refetches the company.
    pub async fn id(&self) -> ID {
        encode_id(EntityKind::Company, &self.row().key)
    }

    /// Stable, human-readable key, such as `alibaba-group`.
    async fn slug(&self) -> &str {
        &self.row().slug
    }

    /// The company's name.
    async fn name(&self) -> &str {
        &self.row().name
    }

    /// What kind of organisation it is.
    async fn kind(&self) -> CompanyKind {
        self.row().kind
    }

    /// Its legal form, such as `AG`, when the sources give it.
    async fn legal_form(&self) -> Option<&str> {
        self.row().legal_form.as_deref()
    }

    /// The country it is based in, as an ISO 3166-1 alpha-2 code (`CN`, `TH`, `DE`, `US`).
    async fn country(&self) -> Option<&str> {
        self.row().country.as_deref()
    }

    /// The city of its headquarters.
    async fn headquarters(&self) -> Option<&str> {
        self.row().headquarters.as_deref()
    }

    /// The definite article its name takes in running text, for a name that usually takes one
    /// ("die Tourism Authority of Thailand"); null for most names.
    async fn name_article(&self) -> Option<crate::model::NameArticle> {
        self.row().name_article
    }

    /// When it was founded, at the precision known.
    async fn founded(&self) -> Option<PartialDate> {
        self.row().founded
    }

    /// The people who founded it.
    async fn founders(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Person>> {
        let ids = self.ids();
        let founders = self
            .batch
            .founders
            .get(
                ctx,
                move |conn| people::founders_of(conn, &ids),
                |rows| grouped_objects(rows, Person::batch),
            )
            .await?;
        Ok(of(founders, self.row().id))
    }

    /// The company it belongs to.
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Company>> {
        let ids = self.batch.rows.iter().filter_map(|r| r.parent_id).collect();
        let wanted = self.row().parent_id;
        Ok(self
            .batch
            .parents
            .one(ctx, ids, wanted, companies::by_ids, Company::by_id)
            .await?)
    }

    /// The companies that belong to it: directly, or with `recursive` at any depth (its
    /// subsidiaries' subsidiaries too).
    #[allow(clippy::too_many_arguments)]
    async fn subsidiaries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many items from the start (0 to 100; default 20).")]
        first: Option<i32>,
        #[graphql(desc = "Start after the item with this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many items from the end (0 to 100).")] last: Option<
            i32,
        >,
        #[graphql(desc = "End before the item with this cursor.")] before: Option<String>,
        #[graphql(desc = "Only companies that match every condition given.")] filter: Option<
            CompanyFilter,
        >,
        #[graphql(desc = "The order of the list; by name, A to Z, when not given.")]
        order_by: Option<CompanyOrder>,
        #[graphql(
            desc = "Include subsidiaries of subsidiaries at any depth.",
            default = false
        )]
        recursive: bool,
    ) -> async_graphql::Result<CompanyConnection> {
        let args = PageArgs::new(first, after, last, before);
        let key = format!("subsidiaries {args:?} {filter:?} {order_by:?} {recursive}");
        let list = if recursive {
            companies::descendants()
        } else {
            companies::subsidiaries()
        };
        Ok(self
            .companies_of(ctx, key, list, filter, order_by, args)
            .await?)
    }

    /// The chain of companies it belongs to: its parent first, then the parent's parent, up to
    /// the top.
    async fn ancestors(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Company>> {
        let ids = self.ids();
        let ancestors = self
            .batch
            .ancestors
            .get(
                ctx,
                move |conn| companies::ancestors_of(conn, &ids),
                |rows| grouped_objects(rows, Company::batch),
            )
            .await?;
        Ok(of(ancestors, self.row().id))
    }

    /// Its executives (everyone with a role other than founder), such as its CEO.
    async fn executives(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Role>> {
        Ok(self
            .all_roles(ctx)
            .await?
            .into_iter()
            .filter(|r| r.title_value() != RoleTitle::Founder)
            .collect())
    }

    /// Every role people hold or held at it, founders included.
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Role>> {
        Ok(self.all_roles(ctx).await?)
    }

    /// The agreements it is party to. To see the agreements it shares with a partner, filter
    /// by `party`.
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
        let key = format!("agreements {args:?} {filter:?} {order_by:?}");
        let slot = self.batch.agreements.slot(key);
        let owners = self.ids();
        let pages = slot
            .get_or_load(async {
                super::agreement::load_owned_pages(ctx, owners, filter, order_by, args).await
            })
            .await?;
        Ok(pages
            .get(&self.row().id)
            .cloned()
            .unwrap_or_else(AgreementConnection::empty))
    }

    /// Companies that share at least one agreement with this one. The agreements they share are
    /// `agreements(filter: {party: <partner id>})` on either company.
    #[allow(clippy::too_many_arguments)]
    async fn partners(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many items from the start (0 to 100; default 20).")]
        first: Option<i32>,
        #[graphql(desc = "Start after the item with this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many items from the end (0 to 100).")] last: Option<
            i32,
        >,
        #[graphql(desc = "End before the item with this cursor.")] before: Option<String>,
        #[graphql(desc = "Only companies that match every condition given.")] filter: Option<
            CompanyFilter,
        >,
        #[graphql(desc = "The order of the list; by name, A to Z, when not given.")]
        order_by: Option<CompanyOrder>,
    ) -> async_graphql::Result<CompanyConnection> {
        let args = PageArgs::new(first, after, last, before);
        let key = format!("partners {args:?} {filter:?} {order_by:?}");
        Ok(self
            .companies_of(ctx, key, companies::partners(), filter, order_by, args)
            .await?)
    }

    /// The companies the sources set it against as rivals, by name.
    async fn competitors(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Company>> {
        let ids = self.ids();
        let competitors = self
            .batch
            .competitors
            .get(
                ctx,
                move |conn| rivalries::competitors_of(conn, &ids),
                |rows| grouped_objects(rows, Company::batch),
            )
            .await?;
        Ok(of(competitors, self.row().id))
    }

    /// Its lines of business.
    async fn business_areas(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BusinessArea>> {
        let ids = self.ids();
        let areas = self
            .batch
            .business_areas
            .get(
                ctx,
                move |conn| companies::business_areas_of(conn, &ids),
                |v| v,
            )
            .await?;
        Ok(of(areas, self.row().id))
    }

    /// The markets it serves or is used in, as ISO 3166-1 alpha-2 codes.
    async fn markets(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let ids = self.ids();
        let markets = self
            .batch
            .markets
            .get(ctx, move |conn| companies::markets_of(conn, &ids), |v| v)
            .await?;
        Ok(of(markets, self.row().id))
    }

    /// What it is reported to produce: competitions, series, events (names as the sources
    /// write them).
    async fn productions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let ids = self.ids();
        let productions = self
            .batch
            .productions
            .get(
                ctx,
                move |conn| companies::productions_of(conn, &ids),
                |v| v,
            )
            .await?;
        Ok(of(productions, self.row().id))
    }

    /// Other names it goes by: abbreviations, short, former and trade names, its name in other
    /// scripts, in the order recorded. Search and suggestions find the company by each.
    async fn aliases(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CompanyAlias>> {
        let ids = self.ids();
        let aliases = self
            .batch
            .aliases
            .get(ctx, move |conn| companies::aliases_of(conn, &ids), |v| v)
            .await?;
        Ok(of(aliases, self.row().id)
            .into_iter()
            .map(CompanyAlias::from)
            .collect())
    }

    /// Its identifiers in registers and other schemes (Wikidata, website, LEI, national
    /// register), in the order recorded, each with a link where the scheme has one.
    /// `company(externalId:)` finds the company by any of them.
    async fn external_ids(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ExternalId>> {
        let ids = self.ids();
        let external = self
            .batch
            .external_ids
            .get(
                ctx,
                move |conn| companies::external_ids_of(conn, &ids),
                |v| v,
            )
            .await?;
        Ok(of(external, self.row().id)
            .into_iter()
            .map(ExternalId)
            .collect())
    }

    /// Notable events in its history, oldest first.
    async fn events(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Event>> {
        let ids = self.ids();
        let events = self
            .batch
            .events
            .get(
                ctx,
                move |conn| events::events_of(conn, &ids),
                |rows| grouped_objects(rows, Event::batch),
            )
            .await?;
        Ok(of(events, self.row().id))
    }

    /// Its standing in markets, as rankings and studies report it.
    async fn market_positions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<MarketPosition>> {
        let ids = self.ids();
        let positions = self
            .batch
            .market_positions
            .get(
                ctx,
                move |conn| market_positions::market_positions_of(conn, &ids),
                |rows| grouped_objects(rows, MarketPosition::batch),
            )
            .await?;
        Ok(of(positions, self.row().id))
    }

    /// Quotes attributed to it.
    async fn quotes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Quote>> {
        let (ids, id) = (self.ids(), self.row().id);
        Ok(quotes_of(&self.batch.quotes, ctx, EntityKind::Company, ids, id).await?)
    }

    /// The sources that report on it.
    async fn sources(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Source>> {
        let (ids, id) = (self.ids(), self.row().id);
        Ok(sources_of(&self.batch.sources, ctx, EntityKind::Company, ids, id).await?)
    }

    /// A description of the company in natural language, written from its data.
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
        Ok(writer
            .company(facts)
            .map_err(crate::error::AppError::from)?)
    }

    /// The summary in every available locale.
    async fn summaries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LocalizedText>> {
        let facts = self.facts(ctx).await?;
        Ok(in_every_locale(ctx, |w| w.company(facts))?)
    }

    /// Its version and its history, as every kind of record has them. Last, so that the
    /// type's own fields are matched before the flattened ones are tried.
    #[graphql(flatten)]
    async fn recorded(&self) -> Recorded {
        self.versioned()
    }
}

impl Company {
    async fn all_roles(&self, ctx: &Context<'_>) -> AppResult<Vec<Role>> {
        let ids = self.ids();
        let roles = self
            .batch
            .roles
            .get(
                ctx,
                move |conn| people::roles_at_companies(conn, &ids),
                |rows| grouped_objects(rows, Role::batch),
            )
            .await?;
        Ok(of(roles, self.row().id))
    }
}

/// Conditions on companies; all given conditions must hold.
#[derive(InputObject, Debug, Default)]
pub struct CompanyFilter {
    /// Based in this country (ISO 3166-1 alpha-2 code, such as `CN`).
    pub country: Option<String>,
    /// Of this kind.
    pub kind: Option<CompanyKind>,
    /// Based in any of these countries (ISO 3166-1 alpha-2 codes); at least one.
    pub countries: Option<Vec<String>>,
    /// Of any of these kinds; at least one.
    pub kinds: Option<Vec<CompanyKind>>,
    /// Belonging directly to the company with this global id.
    pub parent: Option<ID>,
    /// Whose name contains this text, ignoring case and accents ("mueller" finds "Müller").
    pub name_contains: Option<String>,
    /// Founded strictly after this date, compared at the precision given: after `"2015"`
    /// means 2016 or later.
    pub founded_after: Option<PartialDate>,
    /// Founded strictly before this date, compared at the precision given.
    pub founded_before: Option<PartialDate>,
    /// Below the company with this global id in the ownership tree, at any depth (the company
    /// itself is not below itself).
    pub ancestor: Option<ID>,
}

impl CompanyFilter {
    /// The storage filter: ids resolved to slugs, codes checked.
    pub(crate) fn into_storage(self) -> AppResult<companies::Filter> {
        Ok(companies::Filter {
            country: self
                .country
                .map(|c| country_argument(c, "filter.country", "CN"))
                .transpose()?,
            kind: self.kind,
            countries: self
                .countries
                .map(|codes| countries_argument(codes, "filter.countries", "CN"))
                .transpose()?,
            kinds: self
                .kinds
                .map(|kinds| any_of(kinds, "filter.kinds"))
                .transpose()?,
            parent: self
                .parent
                .map(|id| decode_id_of(EntityKind::Company, &id, "filter.parent"))
                .transpose()?,
            name_contains: self.name_contains,
            founded_after: self.founded_after,
            founded_before: self.founded_before,
            ancestor: self
                .ancestor
                .map(|id| decode_id_of(EntityKind::Company, &id, "filter.ancestor"))
                .transpose()?,
        })
    }
}

/// What to order companies by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompanyOrderField {
    /// Name, ignoring case and accents.
    #[default]
    Name,
    /// Founding date; companies without one come last going up.
    Founded,
}

impl CompanyOrderField {
    fn storage(self) -> companies::Sort {
        match self {
            Self::Name => companies::Sort::Name,
            Self::Founded => companies::Sort::Founded,
        }
    }
}

/// An ordering of companies; ties are broken by id so pages never overlap.
#[derive(InputObject, Debug, Clone, Copy, Default)]
pub struct CompanyOrder {
    /// What to order by.
    pub field: CompanyOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// Another name a company goes by.
#[derive(SimpleObject, Clone)]
pub struct CompanyAlias {
    /// The name as written, such as `TAT`.
    pub name: String,
    /// What kind of name it is.
    pub kind: AliasKind,
    /// The language it belongs to, as an ISO 639-1 code (`en`, `zh`); null for a name used
    /// across languages.
    pub language: Option<String>,
}

impl From<companies::Alias> for CompanyAlias {
    fn from(alias: companies::Alias) -> Self {
        Self {
            name: alias.name,
            kind: alias.kind,
            language: alias.language,
        }
    }
}

/// A company's identifier in a register or other scheme.
#[derive(Clone)]
pub struct ExternalId(companies::ExternalId);

/// A company's identifier in a register or other scheme, such as its Wikidata item or its
/// Legal Entity Identifier.
#[Object]
impl ExternalId {
    /// The scheme.
    async fn scheme(&self) -> ExternalIdScheme {
        self.0.scheme
    }

    /// The identifier as the scheme writes it: `Q42` (Wikidata), an address (website),
    /// `529900T8BM49AURSDO55` (LEI), `Amtsgericht München HRB 123456` (national register).
    async fn value(&self) -> &str {
        &self.0.value
    }

    /// Where the identifier leads: the Wikidata item, the LEI record at GLEIF, the website
    /// itself; null for a national register.
    async fn url(&self) -> Option<String> {
        self.0.scheme.url(&self.0.value)
    }
}

/// An identifier of a company in a register or other scheme, to record or to look up.
#[derive(InputObject, Debug, Clone)]
pub struct ExternalIdInput {
    /// The scheme.
    pub scheme: ExternalIdScheme,
    /// The identifier as the scheme writes it: `Q` and digits for Wikidata, an `http://` or
    /// `https://` address for a website, 20 capital letters and digits with valid check digits
    /// for an LEI, the register and the entry for a national register.
    pub value: String,
}

impl ExternalIdInput {
    /// The identifier, checked for its scheme; a refusal names `{field}.value`.
    pub fn checked(self, field: &'static str) -> AppResult<companies::ExternalId> {
        let value = self.value.trim().to_owned();
        self.scheme.check(&value, field)?;
        Ok(companies::ExternalId {
            scheme: self.scheme,
            value,
        })
    }
}

/// Company lookups.
#[derive(Default)]
pub struct CompanyQuery;

#[Object]
impl CompanyQuery {
    /// The company with this slug, or with this identifier, or null if none has it. Give
    /// exactly one of `slug` and `externalId`.
    async fn company(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The company's slug, such as `alibaba-group` (a former one finds it \
                          too)."
        )]
        slug: Option<String>,
        #[graphql(desc = "One of the company's identifiers, such as \
                          `{scheme: WIKIDATA, value: \"Q42\"}`.")]
        external_id: Option<ExternalIdInput>,
    ) -> async_graphql::Result<Option<Company>> {
        match (slug, external_id) {
            (Some(slug), None) => Ok(by_slug(ctx, slug).await?),
            (None, Some(external)) => {
                let external = external.checked("externalId.value")?;
                let row = db(ctx)?
                    .read(move |conn| {
                        companies::by_external_id(conn, external.scheme, &external.value)
                    })
                    .await?;
                Ok(row.and_then(|row| Company::batch(vec![row]).pop()))
            }
            (Some(_), Some(_)) => Err(AppError::bad_input(
                "externalId",
                "give either `slug` or `externalId`, not both",
            )
            .into()),
            (None, None) => Err(AppError::bad_input("slug", "give `slug` or `externalId`").into()),
        }
    }

    /// Companies, filtered and ordered (by name unless `orderBy` says otherwise).
    #[allow(clippy::too_many_arguments)]
    async fn companies(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many items from the start (0 to 100; default 20).")]
        first: Option<i32>,
        #[graphql(desc = "Start after the item with this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many items from the end (0 to 100).")] last: Option<
            i32,
        >,
        #[graphql(desc = "End before the item with this cursor.")] before: Option<String>,
        #[graphql(desc = "Only companies that match every condition given.")] filter: Option<
            CompanyFilter,
        >,
        #[graphql(desc = "The order of the list; by name, A to Z, when not given.")]
        order_by: Option<CompanyOrder>,
    ) -> async_graphql::Result<CompanyConnection> {
        let args = PageArgs::new(first, after, last, before);
        Ok(load_page(ctx, filter, order_by, args).await?)
    }
}

batch_of!(
    /// The `Event` GraphQL object (described on its `#[Object]` impl).
    Event, EventBatch, EventRow, {
    sources: Lazy<HashMap<i64, Source>>,
});

/// Something that happened to a company.
#[Object]
impl Event {
    /// Its id, which mutations name it by.
    async fn id(&self) -> ID {
        encode_record_id(ChangeEntity::Event, &self.row().id.to_string())
    }

    /// What happened.
    async fn kind(&self) -> EventKind {
        self.row().kind
    }

    /// When, at the precision known.
    async fn date(&self) -> Option<PartialDate> {
        self.row().occurred
    }

    /// Whether the source calls it the largest of its kind in history worldwide.
    async fn record(&self) -> bool {
        self.row().record
    }

    /// The source that reports it.
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

batch_of!(
    /// The `MarketPosition` GraphQL object (described on its `#[Object]` impl).
    MarketPosition, MarketPositionBatch, MarketPositionRow, {
    reporters: Lazy<HashMap<i64, Company>>,
    sources: Lazy<HashMap<i64, Source>>,
});

/// A company's standing in a market, as a ranking or study reports it.
#[Object]
impl MarketPosition {
    /// What standing.
    async fn kind(&self) -> MarketPositionKind {
        self.row().kind
    }

    /// The market, as an ISO 3166-1 alpha-2 code; null means worldwide.
    async fn market(&self) -> Option<&str> {
        self.row().market.as_deref()
    }

    /// The company whose ranking or study reports it.
    async fn reported_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Company>> {
        let ids = self
            .batch
            .rows
            .iter()
            .filter_map(|r| r.reported_by)
            .collect();
        let wanted = self.row().reported_by;
        Ok(self
            .batch
            .reporters
            .one(ctx, ids, wanted, companies::by_ids, Company::by_id)
            .await?)
    }

    /// The article that cites it.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        let ids = self.batch.rows.iter().filter_map(|r| r.source_id).collect();
        Ok(sources_named(ctx, &self.batch.sources, ids, self.row().source_id).await?)
    }
}

impl HasRecord for Company {
    fn versioned(&self) -> Recorded {
        Recorded::new(ChangeEntity::Company, self.row().id, self.row().version)
    }
}

impl HasRecord for Event {
    fn versioned(&self) -> Recorded {
        Recorded::new(ChangeEntity::Event, self.row().id, self.row().version)
    }
}
