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
//! whole word, the window is taken from those, walked lazily, newest first. Otherwise each word
//! is written as the words of the index it begins, looked up in `search_terms` ("medi" as
//! `("media" OR "mediale" OR "medien" …)`): FTS5 walks each of those lazily too, while for a
//! prefix (`"medi"*`) it gathers every document of every word the prefix begins before it
//! returns the first (a quarter of a second for "Medi" at a million agreements). Only a prefix
//! that more than `MOST_WORDS_PER_PREFIX` (64) words begin goes to FTS5 as a prefix.
//!
//! Every window is ranked by `crate::db::rank`: BM25 with each phrase's document frequency
//! taken from `search_terms`, since FTS5's `bm25()` walks every document of every phrase to
//! find it.

use crate::db::sql::Connection;

use super::query::{MatchQuery, WordMatch};
use crate::db::agreements::{self, AgreementRow};
use crate::db::companies::{self, CompanyRow};
use crate::db::people::{self, PersonRow};
use crate::db::search::{self as storage, Position};
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

/// The rows of the entities `wanted`, in its order, each read with the others of its kind in
/// one statement per kind; `None` for an entity that is gone.
pub(super) fn entities(
    conn: &Connection,
    wanted: &[(EntityKind, i64)],
) -> AppResult<Vec<Option<Entity>>> {
    let ids = |kind: EntityKind| -> Vec<i64> {
        wanted
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| *id)
            .collect()
    };
    let mut companies = companies::by_ids(conn, &ids(EntityKind::Company))?;
    let mut people = people::by_ids(conn, &ids(EntityKind::Person))?;
    let mut agreements = agreements::by_ids(conn, &ids(EntityKind::Agreement))?;
    Ok(wanted
        .iter()
        .map(|(kind, id)| match kind {
            EntityKind::Company => companies.remove(id).map(Entity::Company),
            EntityKind::Person => people.remove(id).map(Entity::Person),
            EntityKind::Agreement => agreements.remove(id).map(Entity::Agreement),
        })
        .collect())
}

/// How many words of the index a prefix is written as before it is handed to FTS5 as a
/// prefix: each is an iterator FTS5 walks alongside the others.
const MOST_WORDS_PER_PREFIX: usize = 64;

/// How each word of `query` is matched as a prefix: as the words of the index it begins
/// (from `search_terms`), or as the prefix itself when there are more than
/// [`MOST_WORDS_PER_PREFIX`] or the word is not plain ASCII (whose index words FTS5's tokenizer
/// spells, folding accents the query's folding keeps).
fn word_matches(conn: &Connection, query: &MatchQuery) -> AppResult<Vec<WordMatch>> {
    query
        .words()
        .iter()
        .map(|word| {
            if !word.is_ascii() {
                return Ok(WordMatch::Prefix(storage::documents_beginning(conn, word)?));
            }
            let terms = storage::terms_beginning(conn, word, MOST_WORDS_PER_PREFIX + 1)?;
            if terms.len() > MOST_WORDS_PER_PREFIX {
                Ok(WordMatch::Prefix(storage::documents_beginning(conn, word)?))
            } else {
                Ok(WordMatch::Words(terms))
            }
        })
        .collect()
}

/// Runs a search: one statement to count the whole-word matches up to the window, one for the
/// window of ranked matches (the page, the count and whether results precede the page are
/// taken from it), and one per kind of entity on the page for their rows; before them, one
/// look-up in `search_terms` per word.
pub fn search(conn: &Connection, request: &SearchRequest) -> AppResult<SearchPage> {
    let tx = conn.read_transaction()?;
    let whole_words = request.query.whole_words();
    let (expression, documents) = if storage::count_up_to(&tx, &whole_words, WINDOW + 1)? > WINDOW {
        let documents = request
            .query
            .words()
            .iter()
            .enumerate()
            .map(|(i, word)| Ok((i, storage::documents_with(&tx, word)?)))
            .collect::<AppResult<Vec<_>>>()?;
        (whole_words, documents)
    } else {
        request
            .query
            .expression(&word_matches(&tx, &request.query)?)
    };
    let mut window = storage::window(&tx, &expression, &documents, WINDOW + 1)?;
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

    let wanted: Vec<(EntityKind, i64)> = found.iter().map(|m| (m.kind, m.id)).collect();
    // A document whose entity is gone (deleted after the index was brought up to date) is left
    // out; the next search rewrites the index.
    let hits = found
        .into_iter()
        .zip(entities(&tx, &wanted)?)
        .filter_map(|(m, entity)| {
            Some(Hit {
                position: m.position,
                entity: entity?,
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
