//! Relay connections: the generic `…Connection` / `…Edge` / `PageInfo` types every growing
//! list returns, and the validation of `first`/`after`/`last`/`before`.

use async_graphql::{Context, SimpleObject};
use rusqlite::{Connection as SqlConnection, Row};

use super::ids::{decode_cursor, encode_cursor};
use super::{Agreement, Company, Person, db};
use crate::db::page::{List, PageRequest};
use crate::error::{AppError, AppResult};

/// Page size when the client gives neither `first` nor `last`.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: usize = 100;

/// Declares the connection and edge types of one node type.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty, $items:literal) => {
        #[doc = concat!("A page of ", $items, ", with the cursors to fetch the pages around it.")]
        #[derive(async_graphql::SimpleObject)]
        pub struct $connection {
            #[doc = concat!("The ", $items, " of this page, each with its cursor.")]
            pub edges: Vec<$edge>,
            #[doc = concat!("The ", $items, " of this page, without cursors.")]
            pub nodes: Vec<$node>,
            /// Where this page lies in the whole list.
            pub page_info: PageInfo,
            #[doc = concat!("How many ", $items, " the whole list has, across all pages.")]
            pub total_count: i64,
        }

        #[doc = concat!("One of a page of ", $items, ", and its position in the list.")]
        #[derive(async_graphql::SimpleObject)]
        pub struct $edge {
            /// Pass as `after` (or `before`) to continue the list after (or before) this item.
            pub cursor: String,
            /// The item.
            pub node: $node,
        }

        impl From<Loaded<$node>> for $connection {
            fn from(page: Loaded<$node>) -> Self {
                Self {
                    nodes: page.items.iter().map(|(_, node)| node.clone()).collect(),
                    edges: page
                        .items
                        .into_iter()
                        .map(|(cursor, node)| $edge { cursor, node })
                        .collect(),
                    page_info: page.page_info,
                    total_count: page.total_count,
                }
            }
        }
    };
}

connection!(CompanyConnection, CompanyEdge, Company, "companies");
connection!(PersonConnection, PersonEdge, Person, "people");
connection!(AgreementConnection, AgreementEdge, Agreement, "agreements");

/// A page as read, before it becomes a connection type.
pub struct Loaded<T> {
    /// The items with their cursors.
    pub items: Vec<(String, T)>,
    /// Where the page lies.
    pub page_info: PageInfo,
    /// The size of the whole list (0 when not asked for).
    pub total_count: i64,
}

/// Where a page lies in its list.
#[derive(SimpleObject, Debug, Clone)]
pub struct PageInfo {
    /// Whether items follow this page.
    pub has_next_page: bool,
    /// Whether items precede this page.
    pub has_previous_page: bool,
    /// The cursor of the first item of this page, if any.
    pub start_cursor: Option<String>,
    /// The cursor of the last item of this page, if any.
    pub end_cursor: Option<String>,
}

/// The pagination arguments as the client gave them.
#[derive(Debug, Clone, Default)]
pub struct PageArgs {
    /// Items from the start (or after `after`).
    pub first: Option<i32>,
    /// Start after this cursor.
    pub after: Option<String>,
    /// Items from the end (or before `before`).
    pub last: Option<i32>,
    /// End before this cursor.
    pub before: Option<String>,
}

fn page_size(value: Option<i32>, argument: &'static str) -> AppResult<Option<usize>> {
    match value {
        None => Ok(None),
        Some(n) if n < 0 => Err(AppError::bad_input(argument, format!("{n} is negative"))),
        Some(n) if n as usize > MAX_PAGE_SIZE => Err(AppError::bad_input(
            argument,
            format!("{n} is more than the largest page, {MAX_PAGE_SIZE}"),
        )),
        Some(n) => Ok(Some(n as usize)),
    }
}

impl PageArgs {
    /// Validates the arguments for a list ordered by `ordering`.
    pub fn request(&self, ordering: &str) -> AppResult<PageRequest> {
        let first = page_size(self.first, "first")?;
        let last = page_size(self.last, "last")?;
        if first.is_some() && last.is_some() {
            return Err(AppError::bad_input(
                "last",
                "`first` and `last` cannot be combined; page forwards with first/after or backwards with last/before",
            ));
        }
        let after = self
            .after
            .as_deref()
            .map(|c| decode_cursor(c, ordering, "after"))
            .transpose()?;
        let before = self
            .before
            .as_deref()
            .map(|c| decode_cursor(c, ordering, "before"))
            .transpose()?;
        Ok(PageRequest {
            limit: first.or(last).unwrap_or(DEFAULT_PAGE_SIZE),
            from_end: last.is_some(),
            after,
            before,
        })
    }
}

/// Whether the query selects any of `fields` on the items of the connection being resolved
/// (under `nodes` or `edges { node }`).
pub fn selects_any(ctx: &Context<'_>, fields: &[&str]) -> bool {
    let look = ctx.look_ahead();
    let nodes = look.field("nodes");
    let edge_nodes = look.field("edges").field("node");
    fields
        .iter()
        .any(|f| nodes.field(f).exists() || edge_nodes.field(f).exists())
}

/// Wraps each row into its GraphQL object, with nothing more to load.
pub fn each<R, T>(wrap: fn(R) -> T) -> impl FnOnce(&SqlConnection, Vec<R>) -> AppResult<Vec<T>> {
    move |_, rows| Ok(rows.into_iter().map(wrap).collect())
}

/// Reads one page of `list` (ordered by `ordering`) as a connection: rows are mapped by `map`
/// and turned into GraphQL objects by `wrap`, both on the blocking pool in the same read, so
/// `wrap` can load what the page's objects need in a few statements for the whole page. The
/// total is counted only when the query selects `totalCount`.
pub async fn load<R, T, C, W>(
    ctx: &Context<'_>,
    list: List,
    ordering: String,
    args: PageArgs,
    map: fn(&Row<'_>) -> rusqlite::Result<R>,
    wrap: W,
) -> async_graphql::Result<C>
where
    R: Send + 'static,
    T: Send + 'static,
    C: From<Loaded<T>>,
    W: FnOnce(&SqlConnection, Vec<R>) -> AppResult<Vec<T>> + Send + 'static,
{
    let request = args.request(&ordering)?;
    let want_total = ctx.look_ahead().field("totalCount").exists();
    let (keys, objects, page_info, total) = db(ctx)?
        .read(move |conn| {
            list.check_requirements(conn)?;
            let page = list.page(conn, &request, map)?;
            let total = if want_total { list.count(conn)? } else { 0 };
            let (keys, rows): (Vec<_>, Vec<_>) = page.rows.into_iter().unzip();
            let objects = wrap(conn, rows)?;
            Ok((keys, objects, (page.has_next, page.has_previous), total))
        })
        .await?;
    let items: Vec<(String, T)> = keys
        .iter()
        .map(|key| encode_cursor(&ordering, key))
        .zip(objects)
        .collect();
    Ok(C::from(Loaded {
        page_info: PageInfo {
            has_next_page: page_info.0,
            has_previous_page: page_info.1,
            start_cursor: items.first().map(|(c, _)| c.clone()),
            end_cursor: items.last().map(|(c, _)| c.clone()),
        },
        items,
        total_count: total,
    }))
}
