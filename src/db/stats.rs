//! Counts in groups: the agreements (or companies) of a filtered list counted by one or two
//! dimensions at once (a cross table), in one statement, and the list narrowed to one group so
//! that a chart drills down to exactly the records it counted.
//!
//! A dimension is a value each record has (its kind, the year it was announced), none (an
//! undated agreement: the value is NULL, a group of its own), or several (the scopes of an
//! agreement, its parties): a record then counts once in each of its groups, and the groups
//! add up to more than the distinct total, which is counted apart.

use crate::db::sql::Value as SqlValue;
use crate::db::sql::{Connection, params_from_iter};

use super::page::List;
use crate::error::AppResult;

/// How a list's records take a value of one dimension, in SQL. `{n}` in `join`, `value` and
/// `name` stands for the dimension's place, so that two dimensions over the same table join it
/// twice.
#[derive(Debug, Clone, Copy)]
pub struct Dimension {
    /// The joins the value needs, after the list's FROM clause (LEFT joins, so that a record
    /// without a value stays in the NULL group).
    pub join: &'static str,
    /// The value as text, NULL where unknown.
    pub value: &'static str,
    /// What the value names, read with it (a company's name for its key), if anything.
    pub name: Option<&'static str>,
    /// A condition on the list's record: it has the value bound to the one `?`.
    pub matches: &'static str,
    /// A condition on the list's record: it is in the dimension's NULL group.
    pub unknown: &'static str,
    /// Whether each record has one value (or none), so that it is in exactly one group.
    pub single: bool,
}

/// A party's company, for the party dimensions.
const PARTY_JOIN: &str = "LEFT JOIN parties p{n} ON p{n}.agreement_id = a.id \
     LEFT JOIN companies c{n} ON c{n}.id = p{n}.company_id";

/// An agreement without parties.
const NO_PARTY: &str = "NOT EXISTS (SELECT 1 FROM parties x WHERE x.agreement_id = a.id)";

/// What agreements are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementDimension {
    /// The year of announcement.
    Year,
    /// The year and month of announcement, as `YYYY-MM`.
    Month,
    /// The kind.
    Kind,
    /// The status.
    Status,
    /// Each field covered.
    Scope,
    /// Each market covered.
    Market,
    /// Each party's company, by its key.
    Party,
    /// Each party's country.
    PartyCountry,
}

impl AgreementDimension {
    /// The dimension's SQL over agreements as `a`.
    pub fn sql(self) -> Dimension {
        match self {
            Self::Year => Dimension {
                join: "",
                value: "substr(a.announced, 1, 4)",
                name: None,
                matches: "substr(a.announced, 1, 4) = ?",
                unknown: "a.announced IS NULL",
                single: true,
            },
            // Known only to the year: no month, so the NULL group, whatever the year.
            Self::Month => Dimension {
                join: "",
                value: "CASE WHEN length(a.announced) >= 7 THEN substr(a.announced, 1, 7) END",
                name: None,
                matches: "length(a.announced) >= 7 AND substr(a.announced, 1, 7) = ?",
                unknown: "a.announced IS NULL OR length(a.announced) < 7",
                single: true,
            },
            Self::Kind => Dimension {
                join: "",
                value: "a.kind",
                name: None,
                matches: "a.kind = ?",
                unknown: "a.kind IS NULL",
                single: true,
            },
            Self::Status => Dimension {
                join: "",
                value: "a.status",
                name: None,
                matches: "a.status = ?",
                unknown: "a.status IS NULL",
                single: true,
            },
            Self::Scope => Dimension {
                join: "LEFT JOIN agreement_scopes s{n} ON s{n}.agreement_id = a.id",
                value: "s{n}.scope",
                name: None,
                matches: "EXISTS (SELECT 1 FROM agreement_scopes x WHERE x.agreement_id = a.id AND x.scope = ?)",
                unknown: "NOT EXISTS (SELECT 1 FROM agreement_scopes x WHERE x.agreement_id = a.id)",
                single: false,
            },
            Self::Market => Dimension {
                join: "LEFT JOIN agreement_markets m{n} ON m{n}.agreement_id = a.id",
                value: "m{n}.country",
                name: None,
                matches: "EXISTS (SELECT 1 FROM agreement_markets x WHERE x.agreement_id = a.id \
                     AND x.country = ?)",
                unknown: "NOT EXISTS (SELECT 1 FROM agreement_markets x WHERE x.agreement_id = a.id)",
                single: false,
            },
            Self::Party => Dimension {
                join: PARTY_JOIN,
                value: "c{n}.key",
                name: Some("c{n}.name"),
                matches: "a.id IN (SELECT x.agreement_id FROM parties x \
                     JOIN companies y ON y.id = x.company_id WHERE y.key = ?)",
                unknown: NO_PARTY,
                single: false,
            },
            // NULL for an agreement without parties and for one with a party whose country is
            // not known.
            Self::PartyCountry => Dimension {
                join: PARTY_JOIN,
                value: "c{n}.country",
                name: None,
                matches: "a.id IN (SELECT x.agreement_id FROM parties x \
                     JOIN companies y ON y.id = x.company_id WHERE y.country = ?)",
                unknown: "NOT EXISTS (SELECT 1 FROM parties x WHERE x.agreement_id = a.id) \
                     OR EXISTS (SELECT 1 FROM parties x JOIN companies y ON y.id = x.company_id \
                       WHERE x.agreement_id = a.id AND y.country IS NULL)",
                single: false,
            },
        }
    }
}

/// What companies are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyDimension {
    /// The kind.
    Kind,
    /// The country.
    Country,
    /// The decade of founding, as its first year (`1990`).
    FoundingDecade,
}

impl CompanyDimension {
    /// The dimension's SQL over companies as `c`.
    pub fn sql(self) -> Dimension {
        match self {
            Self::Kind => Dimension {
                join: "",
                value: "c.kind",
                name: None,
                matches: "c.kind = ?",
                unknown: "c.kind IS NULL",
                single: true,
            },
            Self::Country => Dimension {
                join: "",
                value: "c.country",
                name: None,
                matches: "c.country = ?",
                unknown: "c.country IS NULL",
                single: true,
            },
            Self::FoundingDecade => Dimension {
                join: "",
                value: "CASE WHEN length(c.founded) >= 4 THEN substr(c.founded, 1, 3) || '0' END",
                name: None,
                matches: "length(c.founded) >= 4 AND substr(c.founded, 1, 3) || '0' = ?",
                unknown: "c.founded IS NULL OR length(c.founded) < 4",
                single: true,
            },
        }
    }
}

/// One group: the value of each dimension (NULL where unknown), what each names, and how many
/// records it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The value of each dimension, in the order asked.
    pub values: Vec<Option<String>>,
    /// What each value names, where its dimension names something.
    pub names: Vec<Option<String>>,
    /// The distinct records in the group.
    pub count: i64,
}

/// The groups of a list, the largest first.
#[derive(Debug, Clone)]
pub struct Groups {
    /// At most the number asked for.
    pub groups: Vec<Group>,
    /// How many groups there are in all.
    pub group_count: i64,
    /// The records counted, when the statement could tell: where each record is in exactly
    /// one group, the sum of all groups (none when no group was read).
    pub total: Option<i64>,
}

/// Counts the records of `list` in the groups of `dimensions` (one or two), the largest groups
/// first, then by value (unknown last), at most `limit` of them, in one statement.
pub fn count(
    conn: &Connection,
    list: &List,
    dimensions: &[Dimension],
    limit: usize,
) -> AppResult<Groups> {
    let place = |text: &str, n: usize| text.replace("{n}", &n.to_string());
    let values: Vec<String> = dimensions
        .iter()
        .enumerate()
        .map(|(n, d)| place(d.value, n))
        .collect();
    let names: Vec<String> = dimensions
        .iter()
        .enumerate()
        .map(|(n, d)| {
            d.name
                .map_or("NULL".to_owned(), |name| format!("min({})", place(name, n)))
        })
        .collect();
    let joins: String = dimensions
        .iter()
        .enumerate()
        .map(|(n, d)| format!(" {}", place(d.join, n)))
        .collect();
    let order: String = values
        .iter()
        .map(|v| format!(", ({v}) IS NULL, {v}"))
        .collect();
    let sql = format!(
        "SELECT {}, {}, count(DISTINCT {id}) AS n, count(*) OVER () AS groups, \
           CAST(sum(count(DISTINCT {id})) OVER () AS BIGINT) AS records \
         FROM {}{joins}{} GROUP BY {} ORDER BY n DESC{order} LIMIT ?",
        values.join(", "),
        names.join(", "),
        list.from,
        list.where_sql(),
        values.join(", "),
        id = list.id,
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let params = list
        .params
        .iter()
        .cloned()
        .chain([SqlValue::Integer(limit as i64)]);
    let width = dimensions.len();
    let rows = stmt.query_map(params_from_iter(params), |r| {
        let mut values = Vec::with_capacity(width);
        let mut names = Vec::with_capacity(width);
        for i in 0..width {
            values.push(r.get::<_, Option<String>>(i)?);
        }
        for i in 0..width {
            names.push(r.get::<_, Option<String>>(width + i)?);
        }
        let group = Group {
            values,
            names,
            count: r.get(2 * width)?,
        };
        Ok((
            group,
            r.get::<_, i64>(2 * width + 1)?,
            r.get::<_, i64>(2 * width + 2)?,
        ))
    })?;
    let mut found = Groups {
        groups: Vec::new(),
        group_count: 0,
        total: None,
    };
    let single = dimensions.iter().all(|d| d.single);
    for row in rows {
        let (group, group_count, records) = row?;
        found.groups.push(group);
        found.group_count = group_count;
        found.total = single.then_some(records);
    }
    Ok(found)
}

/// `list` narrowed to the records of one group: those with each value of `values` in its
/// dimension (in the NULL group where a value is NULL).
pub fn of_group(mut list: List, dimensions: &[Dimension], values: &[Option<String>]) -> List {
    for (dimension, value) in dimensions.iter().zip(values) {
        list = match value {
            Some(value) => list.filter(dimension.matches, [SqlValue::Text(value.clone())]),
            None => list.filter(dimension.unknown, []),
        };
    }
    list
}
