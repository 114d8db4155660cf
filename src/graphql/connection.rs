//! Relay connections: the `connection!` macro that declares a `…Connection` / `…Edge` pair
//! beside its node type, `PageInfo`, the validation of `first`/`after`/`last`/`before`, and
//! reading pages (of one list, or of one list per owner for a whole batch of owners).

use std::collections::HashMap;

use crate::db::rows::ReadRow;
use async_graphql::{Context, Enum, SimpleObject};

use super::db;
use super::ids::{decode_cursor, encode_cursor};
use crate::db::page::{Key, List, Page, PageRequest};
use crate::error::{AppError, AppResult};

/// Page size when the client gives neither `first` nor `last`.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: usize = 100;

/// Declares the connection and edge types of one node type, made from a [`Loaded`] page; or,
/// with an extra edge field and connection fields of the caller's, the types alone.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty, $items:literal) => {
        connection!(@types $connection, $edge, $node, $items, {}, {
            #[doc = concat!("How many ", $items, " the whole list has, across all pages.")]
            pub total_count: i64,
        });

        impl From<$crate::graphql::connection::Loaded<$node>> for $connection {
            fn from(page: $crate::graphql::connection::Loaded<$node>) -> Self {
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
    // With an extra edge field, and fields of its own in place of `totalCount`: the caller
    // declares them, and makes the connection itself.
    ($connection:ident, $edge:ident, $node:ty, $items:literal,
     $(#[$extra_meta:meta])* $extra:ident: $extra_ty:ty,
     { $($connection_field:tt)* }) => {
        connection!(@types $connection, $edge, $node, $items, { $(#[$extra_meta])* pub $extra: $extra_ty, }, { $($connection_field)* });
    };
    (@types $connection:ident, $edge:ident, $node:ty, $items:literal, { $($extra_field:tt)* }, { $($connection_field:tt)* }) => {
        #[doc = concat!("A page of ", $items, ", with the cursors to fetch the pages around it.")]
        #[derive(async_graphql::SimpleObject, Clone)]
        pub struct $connection {
            #[doc = concat!("The ", $items, " of this page, each with its cursor.")]
            pub edges: Vec<$edge>,
            #[doc = concat!("The ", $items, " of this page, without cursors.")]
            pub nodes: Vec<$node>,
            /// Where this page lies in the whole list.
            pub page_info: $crate::graphql::connection::PageInfo,
            $($connection_field)*
        }

        #[doc = concat!("One of a page of ", $items, ", and its position in the list.")]
        #[derive(async_graphql::SimpleObject, Clone)]
        pub struct $edge {
            /// Pass as `after` (or `before`) to continue the list after (or before) this item.
            pub cursor: String,
            /// The item.
            pub node: $node,
            $($extra_field)*
        }
    };
}
pub(crate) use connection;

/// A page as read, before it becomes a connection type.
pub struct Loaded<T> {
    /// The items with their cursors.
    pub items: Vec<(String, T)>,
    /// Where the page lies.
    pub page_info: PageInfo,
    /// The size of the whole list (0 when not asked for).
    pub total_count: i64,
}

impl<T> Loaded<T> {
    /// A page of `items` (each with its cursor) with the given neighbours and total.
    pub fn new(items: Vec<(String, T)>, has_next: bool, has_previous: bool, total: i64) -> Self {
        Self {
            page_info: PageInfo {
                has_next_page: has_next,
                has_previous_page: has_previous,
                start_cursor: items.first().map(|(c, _)| c.clone()),
                end_cursor: items.last().map(|(c, _)| c.clone()),
            },
            items,
            total_count: total,
        }
    }
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

/// Which way a list runs.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest first (A to Z, oldest first); items without a value come last.
    #[default]
    Asc,
    /// Largest first (Z to A, newest first); items without a value come first.
    Desc,
}

impl OrderDirection {
    /// Whether the list runs from the largest value down.
    pub fn descending(self) -> bool {
        self == Self::Desc
    }

    /// The name of an ordering by `field` this way (`NAME_ASC`, `FOUNDED_DESC`, …), which
    /// ties cursors to it.
    pub fn ordering(self, field: &str) -> String {
        let direction = match self {
            Self::Asc => "ASC",
            Self::Desc => "DESC",
        };
        format!("{field}_{direction}")
    }
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
    /// The arguments of a paged field, as declared on every connection field.
    pub fn new(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Self {
        Self {
            first,
            after,
            last,
            before,
        }
    }

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

/// Whether the query selects `totalCount` on the connection being resolved.
pub fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// Whether the selection asks for `field` of the connection's nodes (under `nodes` or
/// `edges { node }`).
pub fn selects_on_nodes(ctx: &Context<'_>, field: &str) -> bool {
    let connection = ctx.look_ahead();
    connection.field("nodes").field(field).exists()
        || connection
            .field("edges")
            .field("node")
            .field(field)
            .exists()
}

fn items<T>(ordering: &str, keys: Vec<Key>, objects: Vec<T>) -> Vec<(String, T)> {
    keys.iter()
        .map(|key| encode_cursor(ordering, key))
        .zip(objects)
        .collect()
}

/// Reads one page of `list` (ordered by `ordering`): rows are read by `read` on the blocking
/// pool and made into one batch of objects by `make`. The total is counted only when the
/// query selects `totalCount`.
pub async fn load<R, T>(
    ctx: &Context<'_>,
    list: List,
    ordering: String,
    args: &PageArgs,
    read: ReadRow<R>,
    make: impl FnOnce(Vec<R>) -> Vec<T>,
) -> AppResult<Loaded<T>>
where
    R: Send + 'static,
{
    load_with(
        ctx,
        list,
        ordering,
        args,
        read,
        |_, _| Ok(()),
        |rows, ()| make(rows),
    )
    .await
}

/// [`load`], also reading with `also`, in the same blocking read as the page, what the page's
/// objects will need (a relation the selection asks for), and giving it to `make`: the
/// objects' fields then find it loaded, instead of the first of them reading it for the
/// batch while the others wait.
pub async fn load_with<R, P, T>(
    ctx: &Context<'_>,
    list: List,
    ordering: String,
    args: &PageArgs,
    read: ReadRow<R>,
    also: impl FnOnce(&crate::db::sql::Connection, &[R]) -> AppResult<P> + Send + 'static,
    make: impl FnOnce(Vec<R>, P) -> Vec<T>,
) -> AppResult<Loaded<T>>
where
    R: Send + 'static,
    P: Send + 'static,
{
    let request = args.request(&ordering)?;
    let want_total = wants_total(ctx);
    let (keys, rows, related, (has_next, has_previous), total) = db(ctx)?
        .read(move |conn| {
            list.check_requirements(conn)?;
            let page = list.page(conn, &request, read)?;
            let (keys, rows): (Vec<_>, Vec<_>) = page.rows.into_iter().unzip();
            let related = also(conn, &rows)?;
            let total = if want_total { list.count(conn)? } else { 0 };
            Ok((
                keys,
                rows,
                related,
                (page.has_next, page.has_previous),
                total,
            ))
        })
        .await?;
    Ok(Loaded::new(
        items(&ordering, keys, make(rows, related)),
        has_next,
        has_previous,
        total,
    ))
}

/// One page of `list` for each of `owners`, read together; the rows of every page are made
/// into one batch of objects by `make`.
pub async fn load_owned<R, T>(
    ctx: &Context<'_>,
    list: List,
    ordering: String,
    args: &PageArgs,
    owners: Vec<i64>,
    read: ReadRow<R>,
    make: impl FnOnce(Vec<R>) -> Vec<T>,
) -> AppResult<HashMap<i64, Loaded<T>>>
where
    R: Send + 'static,
    T: Clone,
{
    let request = args.request(&ordering)?;
    let want_total = wants_total(ctx);
    let (pages, totals) = db(ctx)?
        .read(move |conn| {
            list.check_requirements(conn)?;
            let pages = list.pages(conn, &owners, &request, read)?;
            let totals = if want_total {
                list.counts(conn, &owners)?
            } else {
                HashMap::new()
            };
            Ok((pages, totals))
        })
        .await?;
    // Every page's rows become one batch, then go back to their owners in order.
    let mut shape: Vec<(i64, Vec<Key>, bool, bool)> = Vec::with_capacity(pages.len());
    let mut all_rows = Vec::new();
    for (
        owner,
        Page {
            rows,
            has_next,
            has_previous,
        },
    ) in pages
    {
        let (keys, rows): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
        all_rows.extend(rows);
        shape.push((owner, keys, has_next, has_previous));
    }
    let mut objects = make(all_rows).into_iter();
    Ok(shape
        .into_iter()
        .map(|(owner, keys, has_next, has_previous)| {
            let page: Vec<T> = objects.by_ref().take(keys.len()).collect();
            let total = totals.get(&owner).copied().unwrap_or(0);
            (
                owner,
                Loaded::new(items(&ordering, keys, page), has_next, has_previous, total),
            )
        })
        .collect())
}
