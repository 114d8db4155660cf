//! Suggestions for a search box: the companies, people and agreements whose name or title
//! begins with what a user has typed so far, folded as search folds it ("mue" and "mu" find
//! "Müller"), the most connected first.
//!
//! Each kind is read on its own from `search_names` (see `crate::db::search::names_beginning`,
//! which costs little whether what was typed begins few names or most of them), and the kinds
//! asked for are merged by weight.

use crate::db::sql::Connection;

use super::query::MatchQuery;
use super::read::{Entity, entities};
use crate::db::search as storage;
use crate::error::AppResult;
use crate::model::EntityKind;

/// How many suggestions a request gets when it does not say.
pub const DEFAULT_SUGGESTIONS: usize = 10;

/// The most suggestions one request may ask for.
pub const MOST_SUGGESTIONS: usize = 50;

/// An entity suggested, with its weight: the agreements a company is party to, the roles a
/// person holds, the parties of an agreement.
#[derive(Debug, Clone)]
pub struct Suggested {
    /// What was found.
    pub entity: Entity,
    /// How connected it is.
    pub weight: i64,
}

/// The `most` entities of `kinds` whose name begins with the words of `typed`, the most
/// connected first (then by name, then companies before people before agreements).
pub fn suggest(
    conn: &Connection,
    typed: &MatchQuery,
    kinds: &[EntityKind],
    most: usize,
) -> AppResult<Vec<Suggested>> {
    let tx = conn.read_transaction()?;
    let prefix = typed.normalized();
    let mut found: Vec<(EntityKind, storage::Named)> = Vec::new();
    for &kind in EntityKind::ALL.iter().filter(|k| kinds.contains(k)) {
        found.extend(
            storage::names_beginning(&tx, kind, &prefix, most)?
                .into_iter()
                .map(|named| (kind, named)),
        );
    }
    // The most connected first, then by name; a stable sort keeps the kinds' order among
    // equals.
    found.sort_by(|(_, a), (_, b)| b.weight.cmp(&a.weight).then_with(|| a.name.cmp(&b.name)));
    found.truncate(most);

    let wanted: Vec<(EntityKind, i64)> = found.iter().map(|(kind, n)| (*kind, n.id)).collect();
    // A name whose entity is gone (deleted since its document was written) is left out.
    Ok(found
        .into_iter()
        .zip(entities(&tx, &wanted)?)
        .filter_map(|((_, named), entity)| {
            Some(Suggested {
                entity: entity?,
                weight: named.weight,
            })
        })
        .collect())
}
