//! `Company` and its part of `Query`: lookup by slug, the filtered and ordered list, and every
//! relation of a company (parent, subsidiaries, people, agreements, partners, rivals, sources).

use async_graphql::{Context, Enum, ID, InputObject, Object};
use rusqlite::types::Value as SqlValue;

use super::connection::{AgreementConnection, CompanyConnection, PageArgs, each, load};
use super::ids::{NodeType, decode_id, encode_id};
use super::localized::{LocalizedText, in_every_locale, writer};
use super::order::{MISSING_LAST, OrderDirection};
use super::person::{Person, Role};
use super::source::{Event, MarketPosition, Quote, Source};
use super::{db, fetch, fetch_all};
use crate::db::companies::{self, CompanyRow};
use crate::db::page::List;
use crate::db::{agreements, fold, people, summaries};
use crate::error::{AppError, AppResult};
use crate::model::{BusinessArea, CompanyKind, PartialDate, RoleTitle, is_country_code};

/// The `Company` GraphQL object (described on its `#[Object]` impl).
#[derive(Clone)]
pub struct Company(pub CompanyRow);

/// Reads the company with `id`, which a foreign key guarantees exists.
pub(crate) async fn company_by_id(ctx: &Context<'_>, id: i64) -> AppResult<Company> {
    fetch(ctx, "company", id, companies::by_id)
        .await
        .map(Company)
}

/// A company or other organisation: a corporate group, a studio, a streaming service, an
/// agency, a research firm.
#[Object]
impl Company {
    /// Opaque, stable global id; `node(id:)` refetches the company.
    pub async fn id(&self) -> ID {
        encode_id(NodeType::Company, &self.0.slug)
    }

    /// Stable, human-readable key, such as `alibaba-group`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// The company's name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What kind of organisation it is.
    async fn kind(&self) -> CompanyKind {
        self.0.kind
    }

    /// Its legal form, such as `AG`, when the sources give it.
    async fn legal_form(&self) -> Option<&str> {
        self.0.legal_form.as_deref()
    }

    /// The country it is based in, as an ISO 3166-1 alpha-2 code (`CN`, `TH`, `DE`, `US`).
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }

    /// The city of its headquarters.
    async fn headquarters(&self) -> Option<&str> {
        self.0.headquarters.as_deref()
    }

    /// When it was founded, at the precision known.
    async fn founded(&self) -> Option<PartialDate> {
        self.0.founded
    }

    /// The people who founded it.
    async fn founders(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Person>> {
        let rows = fetch_all(ctx, self.0.id, people::founders).await?;
        Ok(rows.into_iter().map(Person).collect())
    }

    /// The company it belongs to.
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Company>> {
        match self.0.parent_id {
            Some(id) => Ok(Some(company_by_id(ctx, id).await?)),
            None => Ok(None),
        }
    }

    /// The companies that belong directly to it, by name.
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
    ) -> async_graphql::Result<CompanyConnection> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let list = companies::subsidiaries(self.0.id);
        load(
            ctx,
            list,
            "NAME_ASC",
            args,
            CompanyRow::from_row,
            each(Company),
        )
        .await
    }

    /// Its executives (everyone with a role other than founder), such as its CEO.
    async fn executives(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Role>> {
        let rows = fetch_all(ctx, self.0.id, people::roles_at_company).await?;
        Ok(rows
            .into_iter()
            .filter(|r| r.title != RoleTitle::Founder)
            .map(Role)
            .collect())
    }

    /// Every role people hold or held at it, founders included.
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Role>> {
        let rows = fetch_all(ctx, self.0.id, people::roles_at_company).await?;
        Ok(rows.into_iter().map(Role).collect())
    }

    /// The agreements it is party to.
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
    ) -> async_graphql::Result<AgreementConnection> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let list = agreements::of_company(self.0.id);
        super::agreement::load_page(ctx, list, None, args).await
    }

    /// Companies that share at least one agreement with this one, by name.
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
    ) -> async_graphql::Result<CompanyConnection> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let list = companies::partners(self.0.id);
        load(
            ctx,
            list,
            "NAME_ASC",
            args,
            CompanyRow::from_row,
            each(Company),
        )
        .await
    }

    /// The companies the sources set it against as rivals, by name.
    async fn competitors(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Company>> {
        let rows = fetch_all(ctx, self.0.id, companies::competitors).await?;
        Ok(rows.into_iter().map(Company).collect())
    }

    /// Its lines of business.
    async fn business_areas(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BusinessArea>> {
        Ok(fetch_all(ctx, self.0.id, companies::business_areas).await?)
    }

    /// The markets it serves or is used in, as ISO 3166-1 alpha-2 codes.
    async fn markets(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(fetch_all(ctx, self.0.id, companies::markets).await?)
    }

    /// What it is reported to produce: competitions, series, events (names as the sources
    /// write them).
    async fn productions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(fetch_all(ctx, self.0.id, companies::productions).await?)
    }

    /// Notable events in its history, oldest first.
    async fn events(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Event>> {
        let rows = fetch_all(ctx, self.0.id, companies::events).await?;
        Ok(rows.into_iter().map(Event).collect())
    }

    /// Its standing in markets, as rankings and studies report it.
    async fn market_positions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<MarketPosition>> {
        let rows = fetch_all(ctx, self.0.id, companies::market_positions).await?;
        Ok(rows.into_iter().map(MarketPosition).collect())
    }

    /// Quotes attributed to it.
    async fn quotes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Quote>> {
        let rows = fetch_all(ctx, self.0.id, agreements::quotes_by_company).await?;
        Ok(rows.into_iter().map(Quote).collect())
    }

    /// The sources that report on it.
    async fn sources(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Source>> {
        let rows = fetch_all(ctx, self.0.id, companies::sources).await?;
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
        let facts = fetch(ctx, "company", self.0.id, |c, id| {
            summaries::company(c, id).map(Some)
        })
        .await?;
        Ok(writer.company(&facts).map_err(AppError::from)?)
    }

    /// The summary in every available locale.
    async fn summaries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LocalizedText>> {
        let facts = fetch(ctx, "company", self.0.id, |c, id| {
            summaries::company(c, id).map(Some)
        })
        .await?;
        Ok(in_every_locale(ctx, |w| w.company(&facts))?)
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
    /// Whose name contains this text, ignoring case and accents ("muller" finds "Müller").
    pub name_contains: Option<String>,
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
    /// Orders `list` and names the ordering for its cursors.
    fn apply(self, mut list: List) -> (List, &'static str) {
        let (sort, tag) = match (self.field, self.direction) {
            (CompanyOrderField::Name, OrderDirection::Asc) => {
                ("c.sort_name".to_owned(), "NAME_ASC")
            }
            (CompanyOrderField::Name, OrderDirection::Desc) => {
                ("c.sort_name".to_owned(), "NAME_DESC")
            }
            (CompanyOrderField::Founded, d) => (
                format!("coalesce(c.founded, {MISSING_LAST})"),
                if d.descending() {
                    "FOUNDED_DESC"
                } else {
                    "FOUNDED_ASC"
                },
            ),
        };
        list.sort = sort;
        list.descending = self.direction.descending();
        (list, tag)
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
        Ok(row.map(Company))
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
        let list = filter.unwrap_or_default().apply(companies::list())?;
        let (list, tag) = order_by.unwrap_or_default().apply(list);
        load(ctx, list, tag, args, CompanyRow::from_row, each(Company)).await
    }
}
