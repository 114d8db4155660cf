//! Sort directions shared by every `orderBy` argument, and applying an ordering to a list.

use async_graphql::Enum;

use crate::db::page::List;

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

    /// The suffix that ties a cursor to this direction.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Asc => "ASC",
            Self::Desc => "DESC",
        }
    }
}

/// The sort text that stands for a missing value: it sorts after every date and name, so items
/// without a value come last going up and first going down.
pub const MISSING_LAST: &str = "'~'";

/// Orders `list` by the sort expression `sort` in `direction`, and names the ordering
/// (`NAME_ASC`, `FOUNDED_DESC`, …) so cursors can be tied to it.
pub fn order(
    mut list: List,
    sort: String,
    name: &str,
    direction: OrderDirection,
) -> (List, String) {
    list.sort = sort;
    list.descending = direction.descending();
    (list, format!("{name}_{}", direction.tag()))
}
