//! Answering a search: one ranked page of matches, the rows of the entities found, whether
//! results lie before the page, and (when asked) how many match in all, all read from one
//! snapshot of the database.

use rusqlite::Connection;

use super::query::MatchQuery;
use crate::db::agreements::{self, AgreementRow};
use crate::db::companies::{self, CompanyRow};
use crate::db::people::{self, PersonRow};
use crate::db::search::{self as storage, Position};
use crate::error::AppResult;
use crate::model::EntityKind;

/// Which results to read.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// What to look for.
    pub query: MatchQuery,
    /// How many results at most.
    pub limit: usize,
    /// Only results ranked after this position.
    pub after: Option<Position>,
    /// Whether to count every result.
    pub count: bool,
}

/// An entity a search found.
#[derive(Debug, Clone)]
pub enum Entity {
    /// A company.
    Company(CompanyRow),
    /// A person.
    Person(PersonRow),
    /// An agreement.
    Agreement(AgreementRow),
}

/// One result and its position in the ranking.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Where it ranks.
    pub position: Position,
    /// What was found.
    pub entity: Entity,
}

/// One page of results, best first.
#[derive(Debug, Clone)]
pub struct SearchPage {
    /// The results.
    pub hits: Vec<Hit>,
    /// Whether results follow the last one.
    pub has_next: bool,
    /// Whether results precede `after`.
    pub has_previous: bool,
    /// How many results the search has in all (0 when not asked to count).
    pub total: i64,
}

/// Runs a search: one statement for the page of matches, one per kind of entity found for
/// their rows, and (when asked) one to count.
pub fn search(conn: &Connection, request: &SearchRequest) -> AppResult<SearchPage> {
    let tx = conn.unchecked_transaction()?;
    let expression = request.query.expression();
    let mut found = storage::matches(
        &tx,
        &expression,
        request.after,
        request.limit.saturating_add(1),
    )?;
    let has_next = found.len() > request.limit;
    found.truncate(request.limit);

    let ids = |wanted: EntityKind| -> Vec<i64> {
        found
            .iter()
            .filter(|m| m.kind == wanted)
            .map(|m| m.id)
            .collect()
    };
    let mut companies = companies::by_ids(&tx, &ids(EntityKind::Company))?;
    let mut people = people::by_ids(&tx, &ids(EntityKind::Person))?;
    let mut agreements = agreements::by_ids(&tx, &ids(EntityKind::Agreement))?;
    let hits = found
        .into_iter()
        .filter_map(|m| {
            // A document whose entity is gone (deleted after the index was brought up to date)
            // is left out; the next search rewrites the index.
            let entity = match m.kind {
                EntityKind::Company => Entity::Company(companies.remove(&m.id)?),
                EntityKind::Person => Entity::Person(people.remove(&m.id)?),
                EntityKind::Agreement => Entity::Agreement(agreements.remove(&m.id)?),
            };
            Some(Hit {
                position: m.position,
                entity,
            })
        })
        .collect();
    let has_previous = match request.after {
        Some(p) => storage::any_before(&tx, &expression, p)?,
        None => false,
    };
    let total = if request.count {
        storage::count(&tx, &expression)?
    } else {
        0
    };
    Ok(SearchPage {
        hits,
        has_next,
        has_previous,
        total,
    })
}
