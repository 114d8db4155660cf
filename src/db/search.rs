//! Storage of the full-text index: the FTS5 table `search_index`, the `search_dirty` marks the
//! triggers of migration 02 leave when an entity's document may have changed, and the ranked
//! match query. What goes into a document, and when, is decided by `crate::search`.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{AppError, AppResult};
use crate::model::EntityKind;

/// The BM25 rank of a document: the name weighs most, then labels, then summaries; the two
/// unindexed columns weigh nothing. Lower is better (SQLite's BM25 is negative).
macro_rules! score {
    () => {
        score!("bm25")
    };
    ($function:literal) => {
        concat!($function, "(search_index, 0.0, 0.0, 10.0, 3.0, 1.0)")
    };
}

/// The document's rowid: the entity id times four plus the kind, so a document is found by its
/// entity without a scan, and ties in rank order by entity id.
pub fn rowid(kind: EntityKind, id: i64) -> AppResult<i64> {
    let code = match kind {
        EntityKind::Company => 1,
        EntityKind::Person => 2,
        EntityKind::Agreement => 3,
    };
    id.checked_mul(4)
        .and_then(|n| n.checked_add(code))
        .ok_or_else(|| AppError::Internal(format!("id {id} is too large to index")))
}

fn parse_kind(name: &str) -> AppResult<EntityKind> {
    EntityKind::from_str_opt(name).ok_or_else(|| {
        AppError::Internal(format!(
            "the search index names an unknown entity type {name:?}"
        ))
    })
}

/// The entity a document's [`rowid`] stands for.
fn entity_of(rowid: i64) -> AppResult<(EntityKind, i64)> {
    let kind = match rowid & 3 {
        1 => EntityKind::Company,
        2 => EntityKind::Person,
        3 => EntityKind::Agreement,
        _ => {
            return Err(AppError::Internal(format!(
                "the search index holds a document with rowid {rowid} of no entity"
            )));
        }
    };
    Ok((kind, rowid >> 2))
}

/// Removes every document, by dropping the table and creating it again as the schema declares
/// it: FTS5 deletes a row at a time, which took 51 s for a million agreements' documents, the
/// drop 21 s.
pub fn clear(conn: &Connection) -> AppResult<()> {
    let declared: String = conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'search_index'",
        [],
        |r| r.get(0),
    )?;
    conn.execute_batch(&format!("DROP TABLE search_index; {declared};"))?;
    Ok(())
}

/// Removes the document of one entity, if any.
pub fn delete_document(conn: &Connection, kind: EntityKind, id: i64) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
        .execute([rowid(kind, id)?])?;
    Ok(())
}

/// Inserts the document of one entity: its three indexed columns, already folded.
pub fn insert_document(
    conn: &Connection,
    kind: EntityKind,
    id: i64,
    name: &str,
    labels: &str,
    summaries: &str,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO search_index (rowid, entity_type, entity_id, name, labels, summaries)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        rowid(kind, id)?,
        kind.as_str(),
        id,
        name,
        labels,
        summaries
    ])?;
    Ok(())
}

/// The entities marked since the marks were last cleared.
pub fn marked(conn: &Connection) -> AppResult<Vec<(EntityKind, i64)>> {
    let rows: Vec<(String, i64)> = conn
        .prepare_cached("SELECT entity_type, entity_id FROM search_dirty")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(kind, id)| Ok((parse_kind(&kind)?, id)))
        .collect()
}

/// Whether any entity is marked.
pub fn any_marked(conn: &Connection) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM search_dirty)")?
        .query_row([], |r| r.get(0))?)
}

/// Clears every mark.
pub fn clear_marks(conn: &Connection) -> AppResult<()> {
    conn.execute("DELETE FROM search_dirty", [])?;
    Ok(())
}

/// How many entities have a search document: companies, people and agreements.
pub fn entity_count(conn: &Connection) -> AppResult<u64> {
    let n: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM companies) + (SELECT count(*) FROM people) \
         + (SELECT count(*) FROM agreements)",
        [],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The value stored under `key` in `meta`.
pub fn meta(conn: &Connection, key: &str) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Removes `key` from `meta`.
pub fn delete_meta(conn: &Connection, key: &str) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM meta WHERE key = ?1")?
        .execute([key])?;
    Ok(())
}

/// Stores `value` under `key` in `meta`.
pub fn set_meta(conn: &Connection, key: &str, value: &str) -> AppResult<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?
        .execute(params![key, value])?;
    Ok(())
}

/// A position in a ranked result list: the document's score and rowid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// The BM25 score (lower is better).
    pub score: f64,
    /// The document's rowid, which breaks ties.
    pub rowid: i64,
}

/// A document that matched, and where it ranks.
#[derive(Debug, Clone, Copy)]
pub struct Match {
    /// Where it ranks.
    pub position: Position,
    /// The kind of entity the document is of.
    pub kind: EntityKind,
    /// The entity's id.
    pub id: i64,
}

const COUNT_SQL: &str =
    "SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH ?1 LIMIT ?2)";

/// How many documents match the FTS5 `expression`, counting no further than `most`. For
/// whole words FTS5 walks the documents lazily, so this costs what it counts; a prefix term
/// gathers every document of every word it begins first.
pub fn count_up_to(conn: &Connection, expression: &str, most: usize) -> AppResult<usize> {
    let most = i64::try_from(most).unwrap_or(i64::MAX);
    let n: i64 = conn
        .prepare_cached(COUNT_SQL)?
        .query_row(params![expression, most], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// How a window of matches is ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranking {
    /// FTS5's BM25, a rare word weighing more than a common one.
    Bm25,
    /// BM25 with every word weighing the same (`crate::db::rank`), which does not walk every
    /// match of every word to weigh it.
    Frequency,
}

// The newest matches (by rowid, that is by entity id) with their rank; only the rowid and the
// rank: reading the unindexed columns of each hit would cost FTS5 a lookup of its content per
// row, and the rowid already names the entity. FTS5 walks a term's documents in rowid order,
// so the LIMIT stops the walk, and the rank is computed for the rows returned only.
macro_rules! window_sql {
    ($score:expr) => {
        concat!(
            "SELECT rowid, ",
            $score,
            " FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?2"
        )
    };
}

/// The newest `size` documents matching the FTS5 `expression` (the most recently created
/// entities), each with its rank, in no particular order.
pub fn window(
    conn: &Connection,
    expression: &str,
    size: usize,
    ranking: Ranking,
) -> AppResult<Vec<Match>> {
    let sql = match ranking {
        Ranking::Bm25 => window_sql!(score!()),
        Ranking::Frequency => window_sql!(score!("dealgraph_rank")),
    };
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    let rows: Vec<(i64, f64)> = conn
        .prepare_cached(sql)?
        .query_map(params![expression, size], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(rowid, score)| {
            let (kind, id) = entity_of(rowid)?;
            Ok(Match {
                position: Position { score, rowid },
                kind,
                id,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rowids_of_different_entity_kinds_differ() {
        let ids: Vec<i64> = EntityKind::ALL
            .into_iter()
            .flat_map(|kind| (1..4).map(move |id| rowid(kind, id).unwrap()))
            .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        assert!(rowid(EntityKind::Company, i64::MAX).is_err());
        for kind in EntityKind::ALL {
            let id = rowid(kind, 42).unwrap();
            assert_eq!(entity_of(id).unwrap(), (kind, 42));
        }
    }
}
