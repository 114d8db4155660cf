//! `Agreement`, `Party` and their part of `Query`: lookup by slug, the filtered and ordered list,
//! and an agreement's parties, scopes, markets, nesting, quotes and sources.

use async_graphql::{Context, Enum, ID, InputObject, Object};
use rusqlite::types::Value as SqlValue;

use super::company::Company;
use super::connection::{AgreementConnection, PageArgs, load, selects_any};
use super::filter::{self, Side};
use super::ids::{NodeType, decode_id, encode_id};
use super::localized::{LocalizedText, in_every_locale, writer};
use super::order::{MISSING_LAST, OrderDirection, order};
use super::prefetch::Prefetched;
use super::source::{Quote, Source};
use super::{db, fetch};
use crate::db::agreements::{self, AgreementBundle, AgreementRow, PartyRow};
use crate::db::companies::CompanyRow;
use crate::db::page::List;
use crate::db::summaries;
use crate::error::{AppError, AppResult};
use crate::model::{
    AgreementKind, AgreementStatus, PartialDate, PartyRole, Scope, is_country_code,
};

/// The `Agreement` GraphQL object (described on its `#[Object]` impl): its row, and its
/// bundle of related data, either prefetched with the rest of its page or loaded on first use.
#[derive(Clone)]
pub struct Agreement {
    /// The agreement's own row.
    pub row: AgreementRow,
    bundle: Prefetched<AgreementBundle>,
}

/// The fields of `Agreement` that read its bundle; a page that selects any of them loads the
/// bundles of the whole page at once.
const BUNDLE_FIELDS: &[&str] = &[
    "parties",
    "scopes",
    "initialFocus",
    "markets",
    "partOf",
    "components",
    "quotes",
    "sources",
    "title",
    "titles",
    "summary",
    "summaries",
];

impl Agreement {
    /// An agreement whose bundle is loaded when a field first needs it.
    pub fn new(row: AgreementRow) -> Self {
        Self {
            row,
            bundle: Prefetched::later(),
        }
    }

    /// An agreement with its bundle already loaded.
    pub fn with_bundle(row: AgreementRow, bundle: AgreementBundle) -> Self {
        Self {
            row,
            bundle: Prefetched::ready(bundle),
        }
    }

    async fn bundle(&self, ctx: &Context<'_>) -> AppResult<&AgreementBundle> {
        // The row is at hand: read only what hangs off it.
        let row = self.row.clone();
        self.bundle
            .get(ctx, move |conn| {
                let mut bundles = agreements::bundles(conn, std::slice::from_ref(&row))?;
                Ok(bundles.remove(&row.id).unwrap_or_default())
            })
            .await
    }
}

/// Reads the agreement with `id`, which a foreign key guarantees exists.
pub(crate) async fn agreement_by_id(ctx: &Context<'_>, id: i64) -> AppResult<Agreement> {
    fetch(ctx, "agreement", id, agreements::by_id)
        .await
        .map(Agreement::new)
}

/// Reads one page of agreements ordered by `order` (by slug when none). When the query selects
/// any field that needs related data, the page's bundles are read in the same few statements,
/// whatever the page size.
pub(crate) async fn load_page(
    ctx: &Context<'_>,
    list: List,
    order: Option<AgreementOrder>,
    args: PageArgs,
) -> async_graphql::Result<AgreementConnection> {
    let (list, tag) = order.unwrap_or_default().apply(list);
    let prefetch = selects_any(ctx, BUNDLE_FIELDS);
    load(
        ctx,
        list,
        tag,
        args,
        AgreementRow::from_row,
        move |conn, rows| {
            if !prefetch {
                return Ok(rows.into_iter().map(Agreement::new).collect());
            }
            let mut bundles = agreements::bundles(conn, &rows)?;
            Ok(rows
                .into_iter()
                .map(|row| {
                    let bundle = bundles.remove(&row.id).unwrap_or_default();
                    Agreement::with_bundle(row, bundle)
                })
                .collect())
        },
    )
    .await
}

/// An agreement between companies: a partnership, a cooperation contract or a programme.
#[Object]
impl Agreement {
    /// Opaque, stable global id; `node(id:)` refetches the agreement.
    pub async fn id(&self) -> ID {
        encode_id(NodeType::Agreement, &self.row.slug)
    }

    /// Stable, human-readable key, such as `alibaba-pictures-tb-media-global-partnership`.
    async fn slug(&self) -> &str {
        &self.row.slug
    }

    /// What kind of agreement it is.
    async fn kind(&self) -> AgreementKind {
        self.row.kind
    }

    /// How far it has come.
    async fn status(&self) -> AgreementStatus {
        self.row.status
    }

    /// When it was announced, at the precision known.
    async fn announced(&self) -> Option<PartialDate> {
        self.row.announced
    }

    /// When it was signed, at the precision known.
    async fn signed(&self) -> Option<PartialDate> {
        self.row.signed
    }

    /// Whether it is planned in several stages.
    async fn multi_stage(&self) -> bool {
        self.row.multi_stage
    }

    /// How many partners the sources say it has; may exceed the parties recorded here, as
    /// when a programme's partners are not all named.
    async fn reported_partner_count(&self) -> Option<i64> {
        self.row.partner_count
    }

    /// The country the sources say those partners come from, as an ISO 3166-1 alpha-2 code.
    async fn reported_partner_country(&self) -> Option<&str> {
        self.row.partner_country.as_deref()
    }

    /// The companies bound by it, in the order the sources name them.
    async fn parties(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Party>> {
        let bundle = self.bundle(ctx).await?;
        Ok(bundle
            .parties
            .iter()
            .map(|(party, company)| Party {
                party: party.clone(),
                company: company.clone(),
            })
            .collect())
    }

    /// The fields it covers.
    async fn scopes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Scope>> {
        let bundle = self.bundle(ctx).await?;
        Ok(bundle.scopes.iter().map(|r| r.scope).collect())
    }

    /// The scopes the parties start with, such as motorsport first.
    async fn initial_focus(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Scope>> {
        let bundle = self.bundle(ctx).await?;
        Ok(bundle
            .scopes
            .iter()
            .filter(|r| r.initial_focus)
            .map(|r| r.scope)
            .collect())
    }

    /// The markets it covers, as ISO 3166-1 alpha-2 codes.
    async fn markets(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(self.bundle(ctx).await?.markets.clone())
    }

    /// The umbrella agreement or programme this one belongs to.
    async fn part_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Agreement>> {
        let bundle = self.bundle(ctx).await?;
        Ok(bundle
            .part_of
            .as_ref()
            .map(|u| Agreement::new(u.row.clone())))
    }

    /// The agreements that belong to this one.
    async fn components(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Agreement>> {
        let bundle = self.bundle(ctx).await?;
        Ok(bundle
            .components
            .iter()
            .map(|c| Agreement::new(c.row.clone()))
            .collect())
    }

    /// What the parties and their people said about it.
    async fn quotes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Quote>> {
        let bundle = self.bundle(ctx).await?;
        Ok(bundle.quotes.iter().cloned().map(Quote).collect())
    }

    /// The sources that report it.
    async fn sources(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Source>> {
        let bundle = self.bundle(ctx).await?;
        Ok(bundle.sources.iter().cloned().map(Source).collect())
    }

    /// A title naming the agreement by its kind and parties, such as "Strategic partnership
    /// between Alibaba Pictures and T&B Media Global".
    async fn title(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A BCP 47 language tag such as `de` or `en-GB`; without it the request's \
                          Accept-Language header decides, else English."
        )]
        locale: Option<String>,
    ) -> async_graphql::Result<String> {
        let writer = writer(ctx, locale.as_deref())?;
        let bundle = self.bundle(ctx).await?;
        let reference = summaries::agreement_ref_of(&self.row, &bundle.parties);
        Ok(writer.agreement_title(&reference).map_err(AppError::from)?)
    }

    /// The title in every available locale.
    async fn titles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LocalizedText>> {
        let bundle = self.bundle(ctx).await?;
        let reference = summaries::agreement_ref_of(&self.row, &bundle.parties);
        Ok(in_every_locale(ctx, |w| w.agreement_title(&reference))?)
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
        let facts = summaries::agreement_facts(&self.row, self.bundle(ctx).await?);
        Ok(writer.agreement(&facts).map_err(AppError::from)?)
    }

    /// The summary in every available locale.
    async fn summaries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LocalizedText>> {
        let facts = summaries::agreement_facts(&self.row, self.bundle(ctx).await?);
        Ok(in_every_locale(ctx, |w| w.agreement(&facts))?)
    }
}

/// The `Party` GraphQL object (described on its `#[Object]` impl), with its company's row
/// loaded alongside.
pub struct Party {
    party: PartyRow,
    company: CompanyRow,
}

/// A company's part in an agreement.
#[Object]
impl Party {
    /// The company.
    async fn company(&self) -> Company {
        Company::new(self.company.clone())
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

fn company_slug(id: ID, argument: &'static str) -> AppResult<String> {
    match decode_id(&id, argument)? {
        (NodeType::Company, slug) => Ok(slug),
        _ => Err(AppError::bad_input(argument, "is not the id of a company")),
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
}

impl AgreementFilter {
    /// Adds the filter's conditions to `list`.
    pub fn apply(self, mut list: List) -> AppResult<List> {
        if let Some(party) = self.party {
            let slug = company_slug(party, "filter.party")?;
            list = list.require("company", "companies", &slug).filter(
                "a.id IN (SELECT p.agreement_id FROM parties p JOIN companies c ON c.id = p.company_id \
                 WHERE c.slug = ?)",
                [SqlValue::Text(slug)],
            );
        }
        if let Some(scope) = self.scope {
            list = list.filter(
                "a.id IN (SELECT agreement_id FROM agreement_scopes WHERE scope = ?)",
                [SqlValue::Text(scope.as_str().into())],
            );
        }
        if let Some(market) = self.market {
            if !is_country_code(&market) {
                return Err(AppError::bad_input(
                    "filter.market",
                    format!("{market:?} is not an ISO 3166-1 alpha-2 code such as \"TH\""),
                ));
            }
            list = list.filter(
                "a.id IN (SELECT agreement_id FROM agreement_markets WHERE country = ?)",
                [SqlValue::Text(market)],
            );
        }
        if let Some(kind) = self.kind {
            list = list.filter("a.kind = ?", [SqlValue::Text(kind.as_str().into())]);
        }
        if let Some(status) = self.status {
            list = list.filter("a.status = ?", [SqlValue::Text(status.as_str().into())]);
        }
        if let Some(part_of) = self.part_of {
            let slug = match decode_id(&part_of, "filter.partOf")? {
                (NodeType::Agreement, slug) => slug,
                _ => {
                    return Err(AppError::bad_input(
                        "filter.partOf",
                        "is not the id of an agreement",
                    ));
                }
            };
            list = list.require("agreement", "agreements", &slug).filter(
                "a.part_of_id = (SELECT id FROM agreements WHERE slug = ?)",
                [SqlValue::Text(slug)],
            );
        }
        if let Some(date) = self.announced_after {
            list = filter::date(list, "a.announced", Side::After, date);
        }
        if let Some(date) = self.announced_before {
            list = filter::date(list, "a.announced", Side::Before, date);
        }
        Ok(list)
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

/// An ordering of agreements; ties are broken by id so pages never overlap.
#[derive(InputObject, Debug, Clone, Copy, Default)]
pub struct AgreementOrder {
    /// What to order by.
    pub field: AgreementOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl AgreementOrder {
    fn apply(self, list: List) -> (List, String) {
        let (sort, name) = match self.field {
            AgreementOrderField::Slug => ("a.slug".to_owned(), "SLUG"),
            AgreementOrderField::Announced => (
                format!("coalesce(a.announced, {MISSING_LAST})"),
                "ANNOUNCED",
            ),
            AgreementOrderField::Signed => {
                (format!("coalesce(a.signed, {MISSING_LAST})"), "SIGNED")
            }
        };
        order(list, sort, name, self.direction)
    }
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
        Ok(row.map(Agreement::new))
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
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let list = filter.unwrap_or_default().apply(agreements::list())?;
        load_page(ctx, list, order_by, args).await
    }
}
