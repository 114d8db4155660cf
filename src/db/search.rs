//! Storage of the full-text index: the table `search_index`, the `search_dirty` marks the
//! triggers of migration 02 leave when an entity's document may have changed, the words of the
//! index with their document counts (`search_terms`), and the ranked match query. What goes
//! into a document, and when, is decided by `crate::search`.
//!
//! The two engines index alike: SQLite with FTS5 (the `unicode61` tokenizer, the rank function
//! of `sql::sqlite::rank`), PostgreSQL with a `tsvector` column weighted A/B/C (name, labels,
//! summaries) under a GIN index, split into words by its `simple` configuration. The match
//! expression is written once, in FTS5's syntax, by `crate::search::query` (quoted words,
//! `*` prefixes, `OR` groups, `AND`); [`tsquery`] writes it as PostgreSQL's query.

use crate::db::rows::text_array;
use crate::db::sql::{Array, Connection, Dialect, OptionalExtension, params};

use crate::error::{AppError, AppResult};
use crate::model::EntityKind;

/// A text that sorts after every text beginning with `prefix` and before the next that does
/// not: `prefix` followed by the greatest character. Texts beginning with `prefix` are then the
/// range `>= prefix AND < this` of an index.
fn after_all_beginning(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
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
    if conn.dialect() == Dialect::Postgres {
        conn.execute_batch("TRUNCATE search_index; DELETE FROM search_names;")?;
        return Ok(());
    }
    let declared: String = conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'search_index'",
        [],
        |r| r.get(0),
    )?;
    conn.execute_batch(&format!(
        "DROP TABLE search_index; {declared}; DELETE FROM search_names;"
    ))?;
    Ok(())
}

/// Removes the document of one entity, if any, and its names.
pub fn delete_document(conn: &Connection, kind: EntityKind, id: i64) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
        .execute([rowid(kind, id)?])?;
    conn.prepare_cached("DELETE FROM search_names WHERE entity_type = ?1 AND entity_id = ?2")?
        .execute(params![kind.as_str(), id])?;
    Ok(())
}

/// Stores the names `suggest` completes for one entity (already folded, see
/// `crate::search::query::name_spellings`), each with the entity's weight: the agreements a
/// company is party to, the roles a person holds, the parties of an agreement.
pub fn insert_names(
    conn: &Connection,
    kind: EntityKind,
    id: i64,
    names: &[String],
) -> AppResult<()> {
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO search_names (entity_type, entity_id, name, weight)
         SELECT d.t, d.i, d.n, {NAME_WEIGHT}
         FROM (SELECT CAST(?1 AS TEXT) AS t, CAST(?2 AS BIGINT) AS i, CAST(?3 AS TEXT) AS n) AS d
         WHERE true ON CONFLICT DO NOTHING"
    ))?;
    for name in names {
        insert.execute(params![kind.as_str(), id, suggestion_key(name)])?;
    }
    Ok(())
}

/// A name's weight, from the entity `d.t`, `d.i`: the agreements a company is party to, the
/// roles a person holds, the parties of an agreement.
const NAME_WEIGHT: &str = "CASE d.t
    WHEN 'company' THEN (SELECT count(*) FROM parties WHERE company_id = d.i)
    WHEN 'person' THEN (SELECT count(*) FROM roles WHERE person_id = d.i)
    ELSE (SELECT count(*) FROM parties WHERE agreement_id = d.i) END";

/// An entity whose name begins with what was typed, and its weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The entity's id.
    pub id: i64,
    /// How connected it is; more first.
    pub weight: i64,
    /// The name (folded) that begins with what was typed.
    pub name: String,
}

/// How many characters of a name are kept and compared: a user chooses a suggestion long
/// before typing more, and the shorter keys keep the index small. Longer input is compared on
/// its first this many characters.
pub const NAME_CHARS: usize = 40;

/// `text` cut to its first [`NAME_CHARS`] characters.
pub fn suggestion_key(text: &str) -> &str {
    text.char_indices()
        .nth(NAME_CHARS)
        .map_or(text, |(at, _)| &text[..at])
}

/// The `most` entities of `kind` with a name beginning with `prefix` (folded words joined by
/// single spaces): the most connected first, then by name, then the oldest. Read weight by
/// weight, most first, each weight's names beginning with `prefix` a range of the weight
/// index, until `most` entities are found: a short range per weight there is, however many
/// names begin with `prefix`.
pub fn names_beginning(
    conn: &Connection,
    kind: EntityKind,
    prefix: &str,
    most: usize,
) -> AppResult<Vec<Named>> {
    let prefix = suggestion_key(prefix);
    let end = after_all_beginning(prefix);
    let mut next_weight = conn.prepare_cached(
        "SELECT weight FROM search_names INDEXED BY search_names_by_weight
         WHERE entity_type = ?1 AND weight < ?2 ORDER BY weight DESC LIMIT 1",
    )?;
    let mut of_weight = conn.prepare_cached(
        "SELECT entity_id, weight, name FROM search_names INDEXED BY search_names_by_weight
         WHERE entity_type = ?1 AND weight = ?2 AND name >= ?3 AND name < ?4 LIMIT ?5",
    )?;
    // An entity has a few names (two spellings in two locales; a company's name and
    // aliases): four times as many rows hold `most` entities.
    let rows = i64::try_from(most.saturating_mul(4)).unwrap_or(i64::MAX);
    let mut found = Vec::new();
    let mut entities = std::collections::HashSet::new();
    let mut below = i64::MAX;
    while entities.len() < most {
        let Some(weight) = next_weight
            .query_row(params![kind.as_str(), below], |r| r.get::<_, i64>(0))
            .optional()?
        else {
            break;
        };
        let named =
            of_weight.query_map(params![kind.as_str(), weight, prefix, end, rows], |r| {
                Ok(Named {
                    id: r.get(0)?,
                    weight: r.get(1)?,
                    name: r.get(2)?,
                })
            })?;
        for named in named {
            let named = named?;
            entities.insert(named.id);
            found.push(named);
        }
        below = weight;
    }
    found.sort_by(|a, b| {
        (b.weight.cmp(&a.weight))
            .then_with(|| a.name.cmp(&b.name))
            .then(a.id.cmp(&b.id))
    });
    let mut seen = std::collections::HashSet::new();
    found.retain(|named| seen.insert(named.id));
    found.truncate(most);
    Ok(found)
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

/// One entity's document as [`insert_documents`] writes it, its texts already folded.
pub struct NewDocument<'a> {
    pub kind: EntityKind,
    pub id: i64,
    pub name: &'a str,
    pub labels: &'a str,
    pub summaries: &'a str,
    /// The names `suggest` completes (see [`insert_names`]).
    pub names: &'a [String],
}

/// Inserts many documents and their names (any they had must be deleted first). On PostgreSQL
/// each is one statement for all the documents, their texts passed as arrays: every statement
/// is a round trip there, and a whole build writes a million documents. SQLite, in process,
/// writes them one by one.
pub fn insert_documents<'a>(conn: &Connection, documents: &[NewDocument<'a>]) -> AppResult<()> {
    if conn.dialect() == Dialect::Sqlite {
        for d in documents {
            insert_document(conn, d.kind, d.id, d.name, d.labels, d.summaries)?;
            insert_names(conn, d.kind, d.id, d.names)?;
        }
        return Ok(());
    }
    if documents.is_empty() {
        return Ok(());
    }
    let rowids = documents
        .iter()
        .map(|d| rowid(d.kind, d.id))
        .collect::<AppResult<Vec<_>>>()?;
    let kinds: Vec<&str> = documents.iter().map(|d| d.kind.as_str()).collect();
    let ids: Vec<i64> = documents.iter().map(|d| d.id).collect();
    let texts = |f: fn(&NewDocument<'a>) -> &'a str| {
        text_array(&documents.iter().map(f).collect::<Vec<_>>())
    };
    conn.prepare_cached(
        "INSERT INTO search_index (rowid, entity_type, entity_id, name, labels, summaries)
         SELECT * FROM unnest(CAST(?1 AS BIGINT[]), CAST(?2 AS TEXT[]), CAST(?3 AS BIGINT[]),
             CAST(?4 AS TEXT[]), CAST(?5 AS TEXT[]), CAST(?6 AS TEXT[]))",
    )?
    .execute(params![
        Array::Integers(rowids),
        text_array(&kinds),
        Array::Integers(ids),
        texts(|d| d.name),
        texts(|d| d.labels),
        texts(|d| d.summaries),
    ])?;
    let (mut kinds, mut ids, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for d in documents {
        for name in d.names {
            kinds.push(d.kind.as_str());
            ids.push(d.id);
            names.push(suggestion_key(name));
        }
    }
    conn.prepare_cached(&format!(
        "INSERT INTO search_names (entity_type, entity_id, name, weight)
         SELECT d.t, d.i, d.n, {NAME_WEIGHT}
         FROM unnest(CAST(?1 AS TEXT[]), CAST(?2 AS BIGINT[]), CAST(?3 AS TEXT[])) AS d(t, i, n)
         WHERE true ON CONFLICT DO NOTHING"
    ))?
    .execute(params![
        text_array(&kinds),
        Array::Integers(ids),
        text_array(&names)
    ])?;
    Ok(())
}

/// The entities marked since the marks were last cleared.
pub fn marked(conn: &Connection) -> AppResult<Vec<(EntityKind, i64)>> {
    let rows: Vec<(String, i64)> = conn
        .prepare_cached("SELECT entity_type, entity_id FROM search_dirty")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::sql::Result<_>>()?;
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
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// The tokenizer of `search_index` (migration 02), which the scratch table of [`count_terms`]
/// must share so that it finds the same words.
const TOKENIZER: &str = "unicode61 remove_diacritics 2";

/// Fills `search_terms` afresh from FTS5's own list of the index's words (`search_vocab`):
/// every word with the number of documents it is in. One pass over the index, at the end of a
/// whole build.
pub fn collect_terms(conn: &Connection) -> AppResult<()> {
    conn.execute_batch(match conn.dialect() {
        Dialect::Sqlite => {
            "DELETE FROM search_terms;
             INSERT INTO search_terms (term, documents) SELECT term, doc FROM search_vocab;"
        }
        Dialect::Postgres => {
            "DELETE FROM search_terms;
             INSERT INTO search_terms (term, documents)
             SELECT word, ndoc FROM ts_stat('SELECT document FROM search_index');"
        }
    })?;
    Ok(())
}

/// The words of the texts `?1` (an array) with the number of texts each is in, as
/// PostgreSQL's `simple` configuration splits them: the words its index holds.
const POSTGRES_TERMS: &str = "SELECT word, count(*) AS n FROM unnest(CAST(?1 AS TEXT[])) AS d(text)
     CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('simple', d.text))) AS word
     GROUP BY word";

/// Adds the words of `documents` (each the text of one document) to `search_terms`, or takes
/// them away (`sign` negative), counting each document once per word. The words are those FTS5's
/// tokenizer finds, read from a scratch FTS5 table with the same tokenizer in the connection's
/// temporary schema, so that they are exactly the words of the index.
pub fn count_terms<'a>(
    conn: &Connection,
    documents: impl IntoIterator<Item = &'a str>,
    sign: i64,
) -> AppResult<()> {
    if conn.dialect() == Dialect::Postgres {
        let texts: Vec<&str> = documents.into_iter().collect();
        let sql = if sign >= 0 {
            format!(
                "INSERT INTO search_terms (term, documents) {POSTGRES_TERMS}
                 ON CONFLICT (term) DO UPDATE
                 SET documents = search_terms.documents + excluded.documents"
            )
        } else {
            format!(
                "UPDATE search_terms SET documents = greatest(search_terms.documents - s.n, 0)
                 FROM ({POSTGRES_TERMS}) AS s WHERE search_terms.term = s.word"
            )
        };
        conn.prepare_cached(&sql)?
            .execute([super::rows::text_array(&texts)])?;
        return Ok(());
    }
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch USING fts5 (text, content = '', tokenize = '{TOKENIZER}');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch_terms
             USING fts5vocab (temp, search_scratch, row);"
    ))?;
    {
        let mut insert =
            conn.prepare_cached("INSERT INTO temp.search_scratch (text) VALUES (?1)")?;
        for text in documents {
            insert.execute([text])?;
        }
    }
    let sql = if sign >= 0 {
        "INSERT INTO search_terms (term, documents)
         SELECT term, doc FROM temp.search_scratch_terms WHERE true
         ON CONFLICT (term) DO UPDATE SET documents = documents + excluded.documents"
    } else {
        "UPDATE search_terms SET documents = max(documents - s.doc, 0)
         FROM temp.search_scratch_terms AS s WHERE search_terms.term = s.term"
    };
    conn.prepare_cached(sql)?.execute([])?;
    conn.prepare_cached("INSERT INTO temp.search_scratch (search_scratch) VALUES ('delete-all')")?
        .execute([])?;
    Ok(())
}

/// The texts of the documents of the entities `ids` of `kind` as the index holds them, one
/// per document (for [`count_terms`] before they are rewritten).
pub fn document_texts(conn: &Connection, kind: EntityKind, ids: &[i64]) -> AppResult<Vec<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT name || ' ' || labels || ' ' || summaries FROM search_index WHERE rowid = ?1",
    )?;
    let mut texts = Vec::with_capacity(ids.len());
    for &id in ids {
        if let Some(text) = statement
            .query_row([rowid(kind, id)?], |r| r.get::<_, String>(0))
            .optional()?
        {
            texts.push(text);
        }
    }
    Ok(texts)
}

/// The words of the index that begin with `prefix`, with the number of documents each is in,
/// in order, at most `most` of them.
pub fn terms_beginning(
    conn: &Connection,
    prefix: &str,
    most: usize,
) -> AppResult<Vec<(String, i64)>> {
    let end = after_all_beginning(prefix);
    let most = i64::try_from(most).unwrap_or(i64::MAX);
    let rows = conn
        .prepare_cached(
            "SELECT term, documents FROM search_terms WHERE term >= ?1 AND term < ?2
             ORDER BY term LIMIT ?3",
        )?
        .query_map(params![prefix, end, most], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(rows)
}

/// How many documents the words beginning with `prefix` are in, added up (a document with two
/// of them counted twice).
pub fn documents_beginning(conn: &Connection, prefix: &str) -> AppResult<i64> {
    let end = after_all_beginning(prefix);
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(documents), 0) FROM search_terms WHERE term >= ?1 AND term < ?2",
        )?
        .query_row(params![prefix, end], |r| r.get(0))?)
}

/// The number of documents `term` is in, as `search_terms` counts them (0 for a word it does
/// not hold).
pub fn documents_with(conn: &Connection, term: &str) -> AppResult<i64> {
    Ok(conn
        .prepare_cached("SELECT documents FROM search_terms WHERE term = ?1")?
        .query_row([term], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
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

const POSTGRES_COUNT_SQL: &str = "SELECT count(*) FROM (SELECT 1 FROM search_index
     WHERE document @@ to_tsquery('simple', ?1) LIMIT ?2) AS matched";

/// How many documents match the FTS5 `expression`, counting no further than `most`. For
/// whole words FTS5 walks the documents lazily, so this costs what it counts; a prefix term
/// gathers every document of every word it begins first.
pub fn count_up_to(conn: &Connection, expression: &str, most: usize) -> AppResult<usize> {
    let most = i64::try_from(most).unwrap_or(i64::MAX);
    let (sql, expression) = match conn.dialect() {
        Dialect::Sqlite => (COUNT_SQL, expression.to_owned()),
        Dialect::Postgres => (POSTGRES_COUNT_SQL, tsquery(expression)),
    };
    let n: i64 = conn
        .prepare_cached(sql)?
        .query_row(params![expression, most], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

// The newest matches (by rowid, that is by entity id) with their rank; only the rowid and the
// rank: reading the unindexed columns of each hit would cost FTS5 a lookup of its content per
// row, and the rowid already names the entity. FTS5 walks a term's documents in rowid order,
// so the LIMIT stops the walk, and the rank is computed for the rows returned only. The rank
// is BM25 (`crate::db::rank`), the name weighing most, then labels, then summaries, with each
// phrase's document frequency given (`?3`) rather than found by walking its documents.
const WINDOW_SQL: &str = "SELECT rowid, dealgraph_rank(search_index, 0.0, 0.0, 10.0, 3.0, 1.0, ?3)
     FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?2";

// The same window on PostgreSQL, ranked by `ts_rank` with the same proportions between the
// columns (weights D, C, B, A: unused, summaries, labels, name) and, as BM25 does, a long
// document weighing less (normalisation 1: divided by one plus the logarithm of its length),
// negated so that lower is better as with BM25. The document counts (`?3`) are FTS5's;
// `ts_rank` needs none.
const POSTGRES_WINDOW_SQL: &str =
    "SELECT rowid, -ts_rank('{0, 0.1, 0.3, 1.0}', document, query, 1) FROM search_index,
     to_tsquery('simple', ?1) AS query WHERE document @@ query ORDER BY rowid DESC LIMIT ?2";

/// The newest `size` documents matching the FTS5 `expression` (the most recently created
/// entities), each with its rank, in no particular order. `documents` holds, for each phrase
/// of the expression in the order the phrases are written, the query word it stands for and
/// the number of documents that word is in (see `crate::db::rank`).
pub fn window(
    conn: &Connection,
    expression: &str,
    documents: &[(usize, i64)],
    size: usize,
) -> AppResult<Vec<Match>> {
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    let counts = documents
        .iter()
        .map(|(word, n)| format!("{word}:{n}"))
        .collect::<Vec<_>>()
        .join(" ");
    let (sql, expression) = match conn.dialect() {
        Dialect::Sqlite => (WINDOW_SQL, expression.to_owned()),
        Dialect::Postgres => (POSTGRES_WINDOW_SQL, tsquery(expression)),
    };
    let with_counts = params![expression, size, counts];
    let rows: Vec<(i64, f64)> = conn
        .prepare_cached(sql)?
        .query_map(
            match conn.dialect() {
                Dialect::Sqlite => with_counts,
                Dialect::Postgres => &with_counts[..2],
            },
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<crate::db::sql::Result<_>>()?;
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

/// The FTS5 `expression` that `crate::search::query` writes (double-quoted words with `""`
/// for a quote, a `*` after a prefix, `AND`, `OR`, parentheses, and a blank between two words
/// meaning AND) as PostgreSQL's `to_tsquery` reads it: single-quoted lexemes (`''` for a
/// quote, a backslash doubled), `:*` after a prefix, `&`, `|`, parentheses.
pub fn tsquery(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len() + 8);
    // Whether the last thing written was an operand, after which another needs an `&`.
    let mut after_operand = false;
    let mut chars = expression.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                if after_operand {
                    out.push_str(" & ");
                }
                out.push('\'');
                while let Some(c) = chars.next() {
                    match c {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            out.push('"');
                        }
                        '"' => break,
                        '\'' => out.push_str("''"),
                        '\\' => out.push_str("\\\\"),
                        c => out.push(c),
                    }
                }
                out.push('\'');
                if chars.peek() == Some(&'*') {
                    chars.next();
                    out.push_str(":*");
                }
                after_operand = true;
            }
            '(' => {
                if after_operand {
                    out.push_str(" & ");
                }
                out.push('(');
                after_operand = false;
            }
            ')' => {
                out.push(')');
                after_operand = true;
            }
            'A' if chars.peek() == Some(&'N') => {
                chars.next();
                chars.next();
                out.push_str(" & ");
                after_operand = false;
            }
            'O' if chars.peek() == Some(&'R') => {
                chars.next();
                out.push_str(" | ");
                after_operand = false;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_match_expression_reads_as_postgresql_reads_it() {
        assert_eq!(tsquery(r#""wige" "media""#), "'wige' & 'media'");
        assert_eq!(
            tsquery(r#"("alibaba" OR "alibabas") AND "spo"*"#),
            "('alibaba' | 'alibabas') & 'spo':*"
        );
        assert_eq!(tsquery(r#""o""brien" "it's""#), r#"'o"brien' & 'it''s'"#);
        assert_eq!(tsquery(r#""a\b"*"#), r"'a\\b':*");
    }

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
