//! `Company` and its part of `Query`: lookup by slug, the filtered and ordered list, and every
//! relation of a company (parent, subsidiaries, people, agreements, partners, rivals, sources).

use async_graphql::{Context, Enum, ID, InputObject, Object};
use rusqlite::types::Value as SqlValue;

use super::agreement::{AgreementFilter, AgreementOrder};
use super::connection::{AgreementConnection, CompanyConnection, PageArgs, load, selects_any};
use super::filter::{self, Side};
use super::ids::{NodeType, decode_id, encode_id};
use super::localized::{LocalizedText, in_every_locale, writer};
use super::order::{MISSING_LAST, OrderDirection, order};
use super::person::{Person, Role};
use super::prefetch::Prefetched;
use super::source::{Event, MarketPosition, Quote, Source};
use super::{db, fetch, fetch_all};
use crate::db::companies::{self, CompanyRow};
use crate::db::page::List;
use crate::db::{agreements, fold, people, summaries};
use crate::error::{AppError, AppResult};
use crate::l10n::summary::CompanyFacts;
use crate::model::{BusinessArea, CompanyKind, PartialDate, RoleTitle, is_country_code};

/// The `Company` GraphQL object (described on its `#[Object]` impl).
#[derive(Clone)]
pub struct Company {
    /// The company's own row.
    pub row: CompanyRow,
    facts: Prefetched<CompanyFacts>,
}

impl Company {
    /// A company whose summary facts are read when a summary first needs them.
    pub fn new(row: CompanyRow) -> Self {
        Self {
            row,
            facts: Prefetched::later(),
        }
    }

    /// A company with its summary facts already read.
    pub fn with_facts(row: CompanyRow, facts: CompanyFacts) -> Self {
        Self {
            row,
            facts: Prefetched::ready(facts),
        }
    }

    async fn facts(&self, ctx: &Context<'_>) -> AppResult<&CompanyFacts> {
        let id = self.row.id;
        self.facts
            .get(ctx, move |conn| summaries::company(conn, id))
            .await
    }
}

/// Reads one page of `list`, filtered by `filter` and ordered by `order` (by name when none).
pub(crate) async fn load_page(
    ctx: &Context<'_>,
    list: List,
    filter: Option<CompanyFilter>,
    order: Option<CompanyOrder>,
    args: PageArgs,
) -> async_graphql::Result<CompanyConnection> {
    let list = filter.unwrap_or_default().apply(list)?;
    let (list, tag) = order.unwrap_or_default().apply(list);
    // A page whose summaries are selected reads their facts in the same few statements.
    let prefetch = selects_any(ctx, &["summary", "summaries"]);
    load(
        ctx,
        list,
        tag,
        args,
        CompanyRow::from_row,
        move |conn, rows| {
            if !prefetch {
                return Ok(rows.into_iter().map(Company::new).collect());
            }
            let mut facts = summaries::companies(conn, &rows)?;
            Ok(rows
                .into_iter()
                .map(|row| match facts.remove(&row.id) {
                    Some(f) => Company::with_facts(row, f),
                    None => Company::new(row),
                })
                .collect())
        },
    )
    .await
}

/// Reads the company with `id`, which a foreign key guarantees exists.
pub(crate) async fn company_by_id(ctx: &Context<'_>, id: i64) -> AppResult<Company> {
    fetch(ctx, "company", id, companies::by_id)
        .await
        .map(Company::new)
}

/// A company or other organisation: a corporate group, a studio, a streaming service, an
/// agency, a research firm.
#[Object]
impl Company {
    /// Opaque, stable global id; `node(id:)` refetches the company.
    pub async fn id(&self) -> ID {
        encode_id(NodeType::Company, &self.row.slug)
    }

    /// Stable, human-readable key, such as `alibaba-group`.
    async fn slug(&self) -> &str {
        &self.row.slug
    }

    /// The company's name.
    async fn name(&self) -> &str {
        &self.row.name
    }

    /// What kind of organisation it is.
    async fn kind(&self) -> CompanyKind {
        self.row.kind
    }

    /// Its legal form, such as `AG`, when the sources give it.
    async fn legal_form(&self) -> Option<&str> {
        self.row.legal_form.as_deref()
    }

    /// The country it is based in, as an ISO 3166-1 alpha-2 code (`CN`, `TH`, `DE`, `US`).
    async fn country(&self) -> Option<&str> {
        self.row.country.as_deref()
    }

    /// The city of its headquarters.
    async fn headquarters(&self) -> Option<&str> {
        self.row.headquarters.as_deref()
    }

    /// When it was founded, at the precision known.
    async fn founded(&self) -> Option<PartialDate> {
        self.row.founded
    }

    /// The people who founded it.
    async fn founders(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Person>> {
        let rows = fetch_all(ctx, self.row.id, people::founders).await?;
        Ok(rows.into_iter().map(Person).collect())
    }

    /// The company it belongs to.
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Company>> {
        match self.row.parent_id {
            Some(id) => Ok(Some(company_by_id(ctx, id).await?)),
            None => Ok(None),
        }
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
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let list = if recursive {
            companies::descendants(self.row.id)
        } else {
            companies::subsidiaries(self.row.id)
        };
        load_page(ctx, list, filter, order_by, args).await
    }

    /// The chain of companies it belongs to: its parent first, then the parent's parent, up to
    /// the top.
    async fn ancestors(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Company>> {
        let rows = fetch_all(ctx, self.row.id, companies::ancestors).await?;
        Ok(rows.into_iter().map(Company::new).collect())
    }

    /// Its executives (everyone with a role other than founder), such as its CEO.
    async fn executives(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Role>> {
        let rows = fetch_all(ctx, self.row.id, people::roles_at_company).await?;
        Ok(rows
            .into_iter()
            .filter(|r| r.title != RoleTitle::Founder)
            .map(Role)
            .collect())
    }

    /// Every role people hold or held at it, founders included.
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Role>> {
        let rows = fetch_all(ctx, self.row.id, people::roles_at_company).await?;
        Ok(rows.into_iter().map(Role).collect())
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
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let list = filter
            .unwrap_or_default()
            .apply(agreements::of_company(self.row.id))?;
        super::agreement::load_page(ctx, list, order_by, args).await
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
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        load_page(
            ctx,
            companies::partners(self.row.id),
            filter,
            order_by,
            args,
        )
        .await
    }

    /// The companies the sources set it against as rivals, by name.
    async fn competitors(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Company>> {
        let rows = fetch_all(ctx, self.row.id, companies::competitors).await?;
        Ok(rows.into_iter().map(Company::new).collect())
    }

    /// Its lines of business.
    async fn business_areas(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BusinessArea>> {
        Ok(fetch_all(ctx, self.row.id, companies::business_areas).await?)
    }

    /// The markets it serves or is used in, as ISO 3166-1 alpha-2 codes.
    async fn markets(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(fetch_all(ctx, self.row.id, companies::markets).await?)
    }

    /// What it is reported to produce: competitions, series, events (names as the sources
    /// write them).
    async fn productions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(fetch_all(ctx, self.row.id, companies::productions).await?)
    }

    /// Notable events in its history, oldest first.
    async fn events(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Event>> {
        let rows = fetch_all(ctx, self.row.id, companies::events).await?;
        Ok(rows.into_iter().map(Event).collect())
    }

    /// Its standing in markets, as rankings and studies report it.
    async fn market_positions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<MarketPosition>> {
        let rows = fetch_all(ctx, self.row.id, companies::market_positions).await?;
        Ok(rows.into_iter().map(MarketPosition).collect())
    }

    /// Quotes attributed to it.
    async fn quotes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Quote>> {
        let rows = fetch_all(ctx, self.row.id, agreements::quotes_by_company).await?;
        Ok(rows.into_iter().map(Quote).collect())
    }

    /// The sources that report on it.
    async fn sources(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Source>> {
        let rows = fetch_all(ctx, self.row.id, companies::sources).await?;
        Ok(rows.into_iter().map(Source).collect())
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
        Ok(writer.company(facts).map_err(AppError::from)?)
    }

    /// The summary in every available locale.
    async fn summaries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LocalizedText>> {
        let facts = self.facts(ctx).await?;
        Ok(in_every_locale(ctx, |w| w.company(facts))?)
    }
}

/// Conditions on companies; all given conditions must hold.
#[derive(InputObject, Debug, Default)]
pub struct CompanyFilter {
    /// Based in this country (ISO 3166-1 alpha-2 code, such as `CN`).
    pub country: Option<String>,
    /// Of this kind.
    pub kind: Option<CompanyKind>,
    /// Belonging directly to the company with this global id.
    pub parent: Option<ID>,
    /// Whose name contains this text, ignoring case and accents ("mueller" finds "Müller").
    pub name_contains: Option<String>,
    /// Founded strictly after this date, compared at the precision given: after `"2015"`
    /// means 2016 or later.
    pub founded_after: Option<PartialDate>,
    /// Founded strictly before this date, compared at the precision given.
    pub founded_before: Option<PartialDate>,
}

impl CompanyFilter {
    /// Adds the filter's conditions to `list`.
    pub fn apply(self, mut list: List) -> AppResult<List> {
        if let Some(country) = self.country {
            if !is_country_code(&country) {
                return Err(AppError::bad_input(
                    "filter.country",
                    format!("{country:?} is not an ISO 3166-1 alpha-2 code such as \"CN\""),
                ));
            }
            list = list.filter("c.country = ?", [SqlValue::Text(country)]);
        }
        if let Some(kind) = self.kind {
            list = list.filter("c.kind = ?", [SqlValue::Text(kind.as_str().into())]);
        }
        if let Some(parent) = self.parent {
            let (ty, slug) = decode_id(&parent, "filter.parent")?;
            if ty != NodeType::Company {
                return Err(AppError::bad_input(
                    "filter.parent",
                    "is not the id of a company",
                ));
            }
            list = list.require("company", "companies", &slug).filter(
                "c.parent_id = (SELECT id FROM companies WHERE slug = ?)",
                [SqlValue::Text(slug)],
            );
        }
        if let Some(text) = self.name_contains {
            list = list.filter("instr(c.sort_name, ?) > 0", [SqlValue::Text(fold(&text))]);
        }
        if let Some(date) = self.founded_after {
            list = filter::date(list, "c.founded", Side::After, date);
        }
        if let Some(date) = self.founded_before {
            list = filter::date(list, "c.founded", Side::Before, date);
        }
        Ok(list)
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

/// An ordering of companies; ties are broken by id so pages never overlap.
#[derive(InputObject, Debug, Clone, Copy, Default)]
pub struct CompanyOrder {
    /// What to order by.
    pub field: CompanyOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl CompanyOrder {
    fn apply(self, list: List) -> (List, String) {
        let (sort, name) = match self.field {
            CompanyOrderField::Name => ("c.sort_name".to_owned(), "NAME"),
            CompanyOrderField::Founded => {
                (format!("coalesce(c.founded, {MISSING_LAST})"), "FOUNDED")
            }
        };
        order(list, sort, name, self.direction)
    }
}

/// Company lookups.
#[derive(Default)]
pub struct CompanyQuery;

#[Object]
impl CompanyQuery {
    /// The company with this slug, or null if none has it.
    async fn company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company's slug, such as `alibaba-group`.")] slug: String,
    ) -> async_graphql::Result<Option<Company>> {
        let row = db(ctx)?
            .read(move |conn| companies::by_slug(conn, &slug))
            .await?;
        Ok(row.map(Company::new))
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
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        load_page(ctx, companies::list(), filter, order_by, args).await
    }
}
