//! Answering a search: the window of matches a search ranks, one ranked page of it, the rows of
//! the entities found, whether results lie before the page, and how many match, all read from
//! one snapshot of the database.
//!
//! A search ranks at most [`WINDOW`] documents: when more match, the newest of them (the most
//! recently created entities). Ranking every match of a common word (three quarters of a million
//! documents of a million-agreement database) took seconds; a window costs a fixed amount
//! however many match, and its count is exact up to the window and known to be a lower bound
//! beyond it.
//!
//! Words match as prefixes, but when more than a window of documents contain every word as a
//! whole word, the window is taken from those: a prefix makes FTS5 gather every document of
//! every word it begins before it returns the first (a quarter of a second for "Medien" at a
//! million agreements), while whole words are walked lazily, newest first. Prefixes serve the
//! narrow searches ("Alib"), where there are few documents to gather. Such a broad window is
//! ranked by `crate::db::rank` (BM25 with every word weighing the same), since FTS5's `bm25()`
//! walks every document of every word to weigh it.

use rusqlite::Connection;

use super::query::MatchQuery;
use crate::db::agreements::{self, AgreementRow};
use crate::db::companies::{self, CompanyRow};
use crate::db::people::{self, PersonRow};
use crate::db::search::{self as storage, Position, Ranking};
use crate::error::AppResult;
use crate::model::EntityKind;

/// How many matches a search ranks at most, and counts exactly.
pub const WINDOW: usize = 5_000;

/// Which results to read.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// What to look for.
    pub query: MatchQuery,
    /// How many results at most.
    pub limit: usize,
    /// Only results ranked after this position.
    pub after: Option<Position>,
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
    /// How many results the search has, up to [`WINDOW`].
    pub total: i64,
    /// Whether `total` is every match; `false` when more match than the window holds.
    pub total_is_exact: bool,
}

/// Runs a search: one statement to count the whole-word matches up to the window, one for the
/// window of ranked matches (the page, the count and whether results precede the page are
/// taken from it), and one per kind of entity on the page for their rows.
pub fn search(conn: &Connection, request: &SearchRequest) -> AppResult<SearchPage> {
    let tx = conn.unchecked_transaction()?;
    let whole_words = request.query.whole_words();
    let (expression, ranking) = if storage::count_up_to(&tx, &whole_words, WINDOW + 1)? > WINDOW {
        (whole_words, Ranking::Frequency)
    } else {
        (request.query.expression(), Ranking::Bm25)
    };
    let mut window = storage::window(&tx, &expression, WINDOW + 1, ranking)?;
    let total_is_exact = window.len() <= WINDOW;
    window.truncate(WINDOW);
    let total = i64::try_from(window.len()).unwrap_or(i64::MAX);
    // Best first; the rowid breaks ties, as the cursor's keyset does.
    window.sort_unstable_by(|a, b| {
        (a.position.score, a.position.rowid)
            .partial_cmp(&(b.position.score, b.position.rowid))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let is_after =
        |m: &storage::Match, p: Position| (m.position.score, m.position.rowid) > (p.score, p.rowid);
    let start = match request.after {
        Some(p) => window.partition_point(|m| !is_after(m, p)),
        None => 0,
    };
    let has_previous = start > 0;
    let mut found: Vec<_> = window[start..]
        .iter()
        .take(request.limit.saturating_add(1))
        .copied()
        .collect();
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
    Ok(SearchPage {
        hits,
        has_next,
        has_previous,
        total,
        total_is_exact,
    })
}
