//! Counts and groups: `agreementStats` and `companyStats` count the records of a filter by one
//! or two dimensions (a cross table), label each group's values in the request's locale, and
//! list each group's records as a connection, so that a chart drills down to exactly what it
//! counted. The SQL is `crate::db::stats`'.

use std::sync::Arc;

use async_graphql::{Context, Enum, Object};

use super::agreement::{self, AgreementConnection, AgreementFilter, AgreementOrder};
use super::company::{self, CompanyConnection, CompanyFilter, CompanyOrder};
use super::connection::PageArgs;
use super::db;
use super::ids::encode_id;
use super::localized::writer;
use crate::db::page::List;
use crate::db::stats::{self, Dimension, Group};
use crate::db::{agreements, companies};
use crate::error::{AppError, AppResult};
use crate::model::{
    AgreementKind, AgreementStatus, COUNTRY_LABEL_PREFIX, CompanyKind, EntityKind, PartialDate,
    Scope, label_id,
};
use crate::summary::Writer;

/// The most dimensions counted at once: two make a cross table.
pub const MAX_DIMENSIONS: usize = 2;
/// The groups answered when `first` is not given.
pub const DEFAULT_GROUPS: usize = 100;
/// The most groups one answer holds.
pub const MAX_GROUPS: usize = 500;

/// What agreements are counted by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementDimension {
    /// The year of announcement, such as `2016`; null for an undated agreement.
    Year,
    /// The year and month of announcement, such as `2016-03`; null for an agreement known only
    /// to the year (which counts in its `YEAR` but in no month) or undated.
    Month,
    /// The kind (an `AgreementKind` value).
    Kind,
    /// The status (an `AgreementStatus` value).
    Status,
    /// Each field covered (a `Scope` value); null for an agreement that names none. An
    /// agreement counts once in the group of each of its scopes.
    Scope,
    /// Each market covered (an ISO 3166-1 alpha-2 code); null for one that names none.
    Market,
    /// Each party (a company's global id); null for an agreement without parties.
    Party,
    /// Each party's country (an ISO code); null where a party's country is not known or the
    /// agreement has no parties.
    PartyCountry,
}

impl Counted for AgreementDimension {
    fn sql(self) -> Dimension {
        match self {
            Self::Year => stats::AgreementDimension::Year,
            Self::Month => stats::AgreementDimension::Month,
            Self::Kind => stats::AgreementDimension::Kind,
            Self::Status => stats::AgreementDimension::Status,
            Self::Scope => stats::AgreementDimension::Scope,
            Self::Market => stats::AgreementDimension::Market,
            Self::Party => stats::AgreementDimension::Party,
            Self::PartyCountry => stats::AgreementDimension::PartyCountry,
        }
        .sql()
    }

    fn key(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Month => "month",
            Self::Kind => "kind",
            Self::Status => "status",
            Self::Scope => "scope",
            Self::Market => "market",
            Self::Party => "party",
            Self::PartyCountry => "party-country",
        }
    }

    fn value(self, value: &str) -> String {
        match self {
            Self::Party => encode_id(EntityKind::Company, value).to_string(),
            _ => value.to_owned(),
        }
    }

    fn label(self, writer: &Writer<'_>, value: &str, name: Option<&str>) -> AppResult<String> {
        Ok(match self {
            Self::Year | Self::Month => match value.parse::<PartialDate>() {
                Ok(date) => writer.date_label(date)?,
                Err(_) => value.to_owned(),
            },
            Self::Kind => writer.label_display(&label_id(AgreementKind::LABEL_PREFIX, value))?,
            Self::Status => {
                writer.label_display(&label_id(AgreementStatus::LABEL_PREFIX, value))?
            }
            Self::Scope => writer.label_display(&label_id(Scope::LABEL_PREFIX, value))?,
            Self::Market | Self::PartyCountry => {
                writer.label_display(&label_id(COUNTRY_LABEL_PREFIX, value))?
            }
            Self::Party => name.unwrap_or(value).to_owned(),
        })
    }
}

/// What companies are counted by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyDimension {
    /// The kind (a `CompanyKind` value).
    Kind,
    /// The country (an ISO 3166-1 alpha-2 code); null where not known.
    Country,
    /// The decade of founding, by its first year (`1990` for 1990 to 1999); null where the
    /// founding date is not known.
    FoundingDecade,
}

impl Counted for CompanyDimension {
    fn sql(self) -> Dimension {
        match self {
            Self::Kind => stats::CompanyDimension::Kind,
            Self::Country => stats::CompanyDimension::Country,
            Self::FoundingDecade => stats::CompanyDimension::FoundingDecade,
        }
        .sql()
    }

    fn key(self) -> &'static str {
        match self {
            Self::Kind => "kind",
            Self::Country => "country",
            Self::FoundingDecade => "founding-decade",
        }
    }

    fn value(self, value: &str) -> String {
        value.to_owned()
    }

    fn label(self, writer: &Writer<'_>, value: &str, _: Option<&str>) -> AppResult<String> {
        Ok(match self {
            Self::Kind => writer.label_display(&label_id(CompanyKind::LABEL_PREFIX, value))?,
            Self::Country => writer.label_display(&label_id(COUNTRY_LABEL_PREFIX, value))?,
            Self::FoundingDecade => writer.decade_label(value)?,
        })
    }
}

/// A dimension records are counted by, as the API names it.
trait Counted: Copy + PartialEq + Send + Sync + 'static {
    /// Its SQL.
    fn sql(self) -> Dimension;
    /// The name `stats-unknown` selects on.
    fn key(self) -> &'static str;
    /// A stored value as the API gives it.
    fn value(self, value: &str) -> String;
    /// The label of a stored value (with what it names, if anything).
    fn label(self, writer: &Writer<'_>, value: &str, name: Option<&str>) -> AppResult<String>;
}

/// The groups of one count, each holding what its answer needs.
struct Counts<D> {
    total: i64,
    group_count: i64,
    groups: Vec<Grouped<D>>,
}

/// One group of a count, with the dimensions and the filtered list it was counted from.
struct Grouped<D> {
    group: Group,
    dimensions: Arc<Vec<D>>,
    list: Arc<List>,
}

impl<D: Counted> Grouped<D> {
    fn values(&self) -> Vec<Option<String>> {
        self.dimensions
            .iter()
            .zip(&self.group.values)
            .map(|(dimension, value)| value.as_deref().map(|v| dimension.value(v)))
            .collect()
    }

    fn labels(&self, ctx: &Context<'_>, locale: Option<&str>) -> AppResult<Vec<String>> {
        let writer = writer(ctx, locale)?;
        self.dimensions
            .iter()
            .zip(&self.group.values)
            .zip(&self.group.names)
            .map(|((dimension, value), name)| match value {
                Some(value) => dimension.label(&writer, value, name.as_deref()),
                None => Ok(writer.unknown_label(dimension.key())?),
            })
            .collect()
    }

    /// The filtered list narrowed to the group's records.
    fn list(&self) -> List {
        let dims: Vec<Dimension> = self.dimensions.iter().map(|d| d.sql()).collect();
        stats::of_group((*self.list).clone(), &dims, &self.group.values)
    }
}

/// Counts `list` by `group_by` (checked here, with `first`): the distinct total and the
/// groups, in one read.
async fn count<D: Counted>(
    ctx: &Context<'_>,
    list: List,
    group_by: Vec<D>,
    first: Option<i32>,
) -> AppResult<Counts<D>> {
    let group_by = dimensions(group_by)?;
    let limit = group_limit(first)?;
    let dims: Vec<Dimension> = group_by.iter().map(|d| d.sql()).collect();
    let (total, found, list) = db(ctx)?
        .read(move |conn| {
            list.check_requirements(conn)?;
            let groups = stats::count(conn, &list, &dims, limit)?;
            // Counted apart only where the groups cannot say: a record in several groups.
            let total = match groups.total {
                Some(total) => total,
                None => list.count(conn)?,
            };
            Ok((total, groups, list))
        })
        .await?;
    let (list, dimensions) = (Arc::new(list), Arc::new(group_by));
    Ok(Counts {
        total,
        group_count: found.group_count,
        groups: found
            .groups
            .into_iter()
            .map(|group| Grouped {
                group,
                dimensions: dimensions.clone(),
                list: list.clone(),
            })
            .collect(),
    })
}

/// The dimensions of `groupBy`, checked: one or two, none twice.
fn dimensions<D: Copy + PartialEq>(group_by: Vec<D>) -> AppResult<Vec<D>> {
    if group_by.is_empty() || group_by.len() > MAX_DIMENSIONS {
        return Err(AppError::bad_input(
            "groupBy",
            format!(
                "names {} dimensions; give one, or two for a cross table",
                group_by.len()
            ),
        ));
    }
    if group_by.len() == 2 && group_by[0] == group_by[1] {
        return Err(AppError::bad_input(
            "groupBy",
            "names the same dimension twice",
        ));
    }
    Ok(group_by)
}

/// The number of groups `first` asks for, checked.
fn group_limit(first: Option<i32>) -> AppResult<usize> {
    match first {
        None => Ok(DEFAULT_GROUPS),
        Some(n) if (0..=MAX_GROUPS as i32).contains(&n) => Ok(n as usize),
        Some(n) => Err(AppError::bad_input(
            "first",
            format!("is {n}; give 0 to {MAX_GROUPS}"),
        )),
    }
}

/// Agreements counted in groups.
pub struct AgreementStats(Counts<AgreementDimension>);

/// Agreements counted in groups: the distinct total and each group's count.
#[Object]
impl AgreementStats {
    /// The distinct agreements counted. A multi-valued dimension (scope, market, party,
    /// party country) counts an agreement in each of its groups, so the groups' counts may
    /// add up to more.
    async fn total_count(&self) -> i64 {
        self.0.total
    }

    /// How many groups there are in all, of which `groups` holds the first `first`.
    async fn group_count(&self) -> i64 {
        self.0.group_count
    }

    /// The groups, the largest first, then by value (unknown values last).
    async fn groups(&self) -> Vec<AgreementGroup<'_>> {
        self.0.groups.iter().map(AgreementGroup).collect()
    }
}

/// The agreements that share one value of each dimension counted.
pub struct AgreementGroup<'a>(&'a Grouped<AgreementDimension>);

/// The agreements that share one value of each dimension counted.
#[Object]
impl AgreementGroup<'_> {
    /// How many agreements the group holds.
    async fn count(&self) -> i64 {
        self.0.group.count
    }

    /// The value of each dimension of `groupBy`, in its order; null where the agreements do
    /// not have one (undated, no month known, no scope given). A party is its company's
    /// global id.
    async fn values(&self) -> Vec<Option<String>> {
        self.0.values()
    }

    /// A label for each value, in the locale asked for: "März 2016", "Kooperationsvertrag",
    /// "Thailand", the company's name; "Undatiert" where the value is null.
    async fn labels(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A BCP 47 language tag such as `de` or `en-GB`; without it the request's \
                    Accept-Language header decides, else English."
        )]
        locale: Option<String>,
    ) -> async_graphql::Result<Vec<String>> {
        Ok(self.0.labels(ctx, locale.as_deref())?)
    }

    /// Exactly the agreements counted in the group, as a page (by slug unless `orderBy`
    /// says otherwise).
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
        #[graphql(desc = "The order of the list; by slug, A to Z, when not given.")]
        order_by: Option<AgreementOrder>,
    ) -> async_graphql::Result<AgreementConnection> {
        let args = PageArgs::new(first, after, last, before);
        Ok(agreement::page(ctx, self.0.list(), order_by, args).await?)
    }
}

/// Companies counted in groups.
pub struct CompanyStats(Counts<CompanyDimension>);

/// Companies counted in groups: the total and each group's count.
#[Object]
impl CompanyStats {
    /// The companies counted; every company is in exactly one group of each dimension.
    async fn total_count(&self) -> i64 {
        self.0.total
    }

    /// How many groups there are in all, of which `groups` holds the first `first`.
    async fn group_count(&self) -> i64 {
        self.0.group_count
    }

    /// The groups, the largest first, then by value (unknown values last).
    async fn groups(&self) -> Vec<CompanyGroup<'_>> {
        self.0.groups.iter().map(CompanyGroup).collect()
    }
}

/// The companies that share one value of each dimension counted.
pub struct CompanyGroup<'a>(&'a Grouped<CompanyDimension>);

/// The companies that share one value of each dimension counted.
#[Object]
impl CompanyGroup<'_> {
    /// How many companies the group holds.
    async fn count(&self) -> i64 {
        self.0.group.count
    }

    /// The value of each dimension of `groupBy`, in its order; null where not known.
    async fn values(&self) -> Vec<Option<String>> {
        self.0.values()
    }

    /// A label for each value, in the locale asked for: "Mediengruppe", "China", "1990er".
    async fn labels(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A BCP 47 language tag such as `de` or `en-GB`; without it the request's \
                    Accept-Language header decides, else English."
        )]
        locale: Option<String>,
    ) -> async_graphql::Result<Vec<String>> {
        Ok(self.0.labels(ctx, locale.as_deref())?)
    }

    /// Exactly the companies counted in the group, as a page (by name unless `orderBy` says
    /// otherwise).
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
        #[graphql(desc = "The order of the list; by name, A to Z, when not given.")]
        order_by: Option<CompanyOrder>,
    ) -> async_graphql::Result<CompanyConnection> {
        let args = PageArgs::new(first, after, last, before);
        Ok(company::page(ctx, self.0.list(), order_by, args).await?)
    }
}

/// Counts and groups.
#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Agreements counted by one or two dimensions: "how many sports deals per year, in which
    /// markets, with whom". Each group lists exactly the agreements it counts.
    async fn agreement_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only agreements that match every condition given.")] filter: Option<
            AgreementFilter,
        >,
        #[graphql(
            desc = "The dimensions to count by: one, or two for a cross table (a group per pair \
                    of values)."
        )]
        group_by: Vec<AgreementDimension>,
        #[graphql(
            desc = "Return at most this many groups, the largest first (0 to 500; \
                          default 100)."
        )]
        first: Option<i32>,
    ) -> async_graphql::Result<AgreementStats> {
        let filter = filter.unwrap_or_default().into_storage()?;
        let list = agreements::narrow(agreements::list(), &filter);
        Ok(AgreementStats(count(ctx, list, group_by, first).await?))
    }

    /// Companies counted by one or two dimensions: kind, country, founding decade. Each
    /// group lists exactly the companies it counts.
    async fn company_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only companies that match every condition given.")] filter: Option<
            CompanyFilter,
        >,
        #[graphql(desc = "The dimensions to count by: one, or two for a cross table.")]
        group_by: Vec<CompanyDimension>,
        #[graphql(
            desc = "Return at most this many groups, the largest first (0 to 500; \
                          default 100)."
        )]
        first: Option<i32>,
    ) -> async_graphql::Result<CompanyStats> {
        let filter = filter.unwrap_or_default().into_storage()?;
        let list = companies::narrow(companies::list(), &filter);
        Ok(CompanyStats(count(ctx, list, group_by, first).await?))
    }
}
