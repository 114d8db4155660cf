//! Suggestions for a search box: the companies, people and agreements whose name or title
//! begins with what a user has typed so far, folded as search folds it ("mue" and "mu" find
//! "Müller"), the most connected first.
//!
//! Each kind is read on its own from `search_names` (see `crate::db::search::names_beginning`,
//! which costs little whether what was typed begins few names or most of them), and the kinds
//! asked for are merged by weight.

use rusqlite::Connection;

use super::query::MatchQuery;
use crate::db::agreements::{self, AgreementRow};
use crate::db::companies::{self, CompanyRow};
use crate::db::people::{self, PersonRow};
use crate::db::search as storage;
use crate::error::AppResult;
use crate::model::EntityKind;

/// How many suggestions a request gets when it does not say.
pub const DEFAULT_SUGGESTIONS: usize = 10;

/// The most suggestions one request may ask for.
pub const MOST_SUGGESTIONS: usize = 50;

/// An entity suggested, with its weight.
#[derive(Debug, Clone)]
pub enum Suggested {
    /// A company and the agreements it is party to.
    Company(CompanyRow, i64),
    /// A person and the roles the person holds.
    Person(PersonRow, i64),
    /// An agreement and its parties.
    Agreement(AgreementRow, i64),
}

/// The `most` entities of `kinds` whose name begins with the words of `typed`, the most
/// connected first (then by name, then companies before people before agreements).
pub fn suggest(
    conn: &Connection,
    typed: &MatchQuery,
    kinds: &[EntityKind],
    most: usize,
) -> AppResult<Vec<Suggested>> {
    let tx = conn.unchecked_transaction()?;
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

    let ids = |wanted: EntityKind| -> Vec<i64> {
        found
            .iter()
            .filter(|(kind, _)| *kind == wanted)
            .map(|(_, named)| named.id)
            .collect()
    };
    let mut companies = companies::by_ids(&tx, &ids(EntityKind::Company))?;
    let mut people = people::by_ids(&tx, &ids(EntityKind::Person))?;
    let mut agreements = agreements::by_ids(&tx, &ids(EntityKind::Agreement))?;
    // A name whose entity is gone (deleted since its document was written) is left out.
    Ok(found
        .into_iter()
        .filter_map(|(kind, named)| match kind {
            EntityKind::Company => companies
                .remove(&named.id)
                .map(|row| Suggested::Company(row, named.weight)),
            EntityKind::Person => people
                .remove(&named.id)
                .map(|row| Suggested::Person(row, named.weight)),
            EntityKind::Agreement => agreements
                .remove(&named.id)
                .map(|row| Suggested::Agreement(row, named.weight)),
        })
        .collect())
}
