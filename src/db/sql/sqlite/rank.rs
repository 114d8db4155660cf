//! `dealgraph_rank`, an FTS5 ranking function registered on every connection: BM25 as FTS5's
//! own `bm25()` computes it (the same column weights, k1 = 1.2, b = 0.75, the document's length
//! against the average, the same inverse document frequency), except that each phrase's
//! document frequency is given to it rather than found.
//!
//! Why: `bm25()` finds each phrase's document frequency by walking every document that
//! contains it, once per statement, so ranking even a small window of a common word costs as
//! much as the word has documents (tens of milliseconds for 700,000). The search counts every
//! word's documents once (`search_terms`, see `crate::db::search`) and passes the counts in.
//! Without them every phrase weighs the same.

use std::ffi::{c_int, c_void};
use std::ptr;

use rusqlite::Connection;
use rusqlite::ffi;

/// The function's SQL name.
pub const NAME: &str = "dealgraph_rank";

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Registers [`NAME`] with the FTS5 module of `conn`.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    // SAFETY: `handle` is the open connection's, used only on this thread while `conn` lives.
    // `fts5(?1)` writes the module's API pointer into `api`, which outlives the statement; the
    // statement is finalized on every path.
    unsafe {
        let db = conn.handle();
        let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
        let rc = ffi::sqlite3_prepare_v2(
            db,
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        );
        if rc != ffi::SQLITE_OK {
            return Err(failure(rc));
        }
        let mut api: *mut ffi::fts5_api = ptr::null_mut();
        let mut rc = ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&raw mut api).cast::<c_void>(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        if rc == ffi::SQLITE_OK {
            rc = ffi::sqlite3_step(stmt);
        }
        ffi::sqlite3_finalize(stmt);
        if rc != ffi::SQLITE_ROW && rc != ffi::SQLITE_DONE && rc != ffi::SQLITE_OK {
            return Err(failure(rc));
        }
        let Some(create) = api.as_ref().and_then(|api| api.xCreateFunction) else {
            return Err(failure(ffi::SQLITE_MISUSE));
        };
        let name = c"dealgraph_rank";
        let rc = create(api, name.as_ptr(), ptr::null_mut(), Some(rank), None);
        if rc != ffi::SQLITE_OK {
            return Err(failure(rc));
        }
    }
    Ok(())
}

fn failure(code: c_int) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), None)
}

/// The function: `dealgraph_rank(search_index, weight of column 0, weight of column 1, …,
/// documents)`, lower is better, as with `bm25()`. `documents`, a text argument after the
/// weights, says for each phrase of the query, in the order the phrases are written and
/// separated by spaces, the number of documents it is in (`n`) or the word it stands for and
/// that word's number of documents (`word:n`): phrases of one word (the words a prefix
/// begins) are ranked together as that word, as FTS5 ranks a prefix term. Without it every
/// phrase weighs the same.
unsafe extern "C" fn rank(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n_val: c_int,
    values: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 calls this with its own valid API table, cursor context and `n_val`
    // argument values, for the duration of the call.
    unsafe {
        match score(&*api, fts, n_val, values) {
            Ok(score) => ffi::sqlite3_result_double(ctx, score),
            Err(rc) => ffi::sqlite3_result_error_code(ctx, rc),
        }
    }
}

/// The current row's score, or the SQLite error code of the API call that failed.
///
/// # Safety
/// `api`, `fts` and `values` must be those FTS5 passed to [`rank`].
unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    n_val: c_int,
    values: *mut *mut ffi::sqlite3_value,
) -> Result<f64, c_int> {
    let check = |rc: c_int| {
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(rc)
        }
    };
    let missing = ffi::SQLITE_MISUSE;
    // SAFETY: as the caller promises; every out-pointer is a local that outlives its call.
    unsafe {
        let (mut rows, mut tokens) = (0_i64, 0_i64);
        check(api.xRowCount.ok_or(missing)?(fts, &mut rows))?;
        check(api.xColumnTotalSize.ok_or(missing)?(fts, -1, &mut tokens))?;
        let average = if rows > 0 {
            tokens as f64 / rows as f64
        } else {
            1.0
        };
        let phrases = usize::try_from(api.xPhraseCount.ok_or(missing)?(fts)).unwrap_or(0);
        let last = n_val - 1;
        let counted =
            last >= 0 && ffi::sqlite3_value_type(*values.add(last as usize)) == ffi::SQLITE_TEXT;
        let (weights, groups) = if counted {
            let text = ffi::sqlite3_value_text(*values.add(last as usize));
            let text = if text.is_null() {
                ""
            } else {
                std::ffi::CStr::from_ptr(text.cast()).to_str().unwrap_or("")
            };
            (last, phrase_groups(text, rows, phrases))
        } else {
            (n_val, Groups::each_alone(phrases))
        };
        let mut frequency = vec![0.0_f64; groups.idf.len()];
        let mut instances = 0;
        check(api.xInstCount.ok_or(missing)?(fts, &mut instances))?;
        let inst = api.xInst.ok_or(missing)?;
        for i in 0..instances {
            let (mut phrase, mut column, mut offset) = (0, 0, 0);
            check(inst(fts, i, &mut phrase, &mut column, &mut offset))?;
            let weight = if column < weights {
                ffi::sqlite3_value_double(*values.add(column as usize))
            } else {
                1.0
            };
            if let Some(f) = usize::try_from(phrase)
                .ok()
                .and_then(|p| groups.of_phrase.get(p))
                .and_then(|&g| frequency.get_mut(g))
            {
                *f += weight;
            }
        }
        let mut length = 0;
        check(api.xColumnSize.ok_or(missing)?(fts, -1, &mut length))?;
        let norm = K1 * (1.0 - B + B * f64::from(length) / average);
        let score: f64 = frequency
            .iter()
            .zip(&groups.idf)
            .map(|(&f, &idf)| idf * f * (K1 + 1.0) / (f + norm))
            .sum();
        Ok(-score)
    }
}

/// How the phrases of a query are ranked: the group each phrase counts towards (a query word,
/// whose phrases are the words its prefix begins), and each group's inverse document
/// frequency.
struct Groups {
    of_phrase: Vec<usize>,
    idf: Vec<f64>,
}

impl Groups {
    /// Every phrase a group of its own, weighing the same.
    fn each_alone(phrases: usize) -> Self {
        Self {
            of_phrase: (0..phrases).collect(),
            idf: vec![1.0; phrases],
        }
    }
}

/// The groups of `phrases` phrases and their inverse document frequencies, as FTS5's `bm25()`
/// computes one from the number of documents among `rows` (`counts`: `n` or `group:n` per
/// phrase): a group in more than half of them gets the floor, 1e-6. A phrase whose entry is
/// missing or malformed is a group of its own in no document.
fn phrase_groups(counts: &str, rows: i64, phrases: usize) -> Groups {
    let mut entries = counts.split_ascii_whitespace();
    let mut keys: Vec<Option<usize>> = Vec::new();
    let mut of_phrase = Vec::with_capacity(phrases);
    let mut documents: Vec<i64> = Vec::new();
    for _ in 0..phrases {
        let entry = entries.next().unwrap_or("0");
        let (key, n) = match entry.split_once(':') {
            Some((word, n)) => (word.parse::<usize>().ok(), n),
            None => (None, entry),
        };
        let n = n.parse::<i64>().unwrap_or(0).max(0);
        let group = match key.and_then(|k| keys.iter().position(|&known| known == Some(k))) {
            Some(group) => group,
            None => {
                keys.push(key);
                documents.push(n);
                keys.len() - 1
            }
        };
        of_phrase.push(group);
    }
    let rows = rows as f64;
    let idf = documents
        .iter()
        .map(|&n| {
            let n = n as f64;
            let idf = ((rows - n + 0.5) / (n + 0.5)).ln();
            if idf > 0.0 { idf } else { 1e-6 }
        })
        .collect();
    Groups { of_phrase, idf }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that two scorings score the same rows alike, to the last digits.
    #[track_caller]
    fn assert_same_scores(theirs: &[(i64, f64)], ours: &[(i64, f64)], what: &str) {
        assert_eq!(theirs.len(), ours.len(), "{what}");
        for ((a, x), (b, y)) in theirs.iter().zip(ours) {
            assert_eq!(a, b, "{what}");
            assert!((x - y).abs() < 1e-9, "{what}: {theirs:?} against {ours:?}");
        }
    }

    /// The rowid and `score` (an SQL expression over `t`) of every row matching `query`, in
    /// the order `order` gives.
    fn scored(conn: &Connection, score: &str, query: &str, order: &str) -> Vec<(i64, f64)> {
        conn.prepare(&format!(
            "SELECT rowid, {score} AS s FROM t WHERE t MATCH ?1 ORDER BY {order}"
        ))
        .expect("prepared")
        .query_map([query], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("ran")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
    }

    /// For one word, FTS5's BM25 is this rank times the word's inverse document frequency, a
    /// constant: the two order every document alike, with the same column weights.
    #[test]
    fn for_one_word_it_is_bm25_without_its_constant_factor() {
        let conn = Connection::open_in_memory().expect("a database");
        register(&conn).expect("registered");
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5 (a, b);
             INSERT INTO t (a, b) VALUES
                 ('medien', 'x'),
                 ('medien medien nord', 'y z'),
                 ('kanal', 'medien'),
                 ('kanal nord sued', 'medien medien medien kanal'),
                 ('arena', 'kanal'), ('pixel', 'nord'), ('cafe', 'sued'), ('strasse', 'x');",
        )
        .expect("documents");
        let ranked = |function: &str| -> Vec<(i64, f64)> {
            scored(
                &conn,
                &format!("{function}(t, 5.0, 1.0)"),
                "medien",
                "s, rowid",
            )
        };
        let bm25 = ranked("bm25");
        let ours = ranked(NAME);
        assert_eq!(bm25.len(), 4);
        let order = |ranked: &[(i64, f64)]| ranked.iter().map(|(id, _)| *id).collect::<Vec<_>>();
        assert_eq!(order(&ours), order(&bm25));
        let ratio = bm25[0].1 / ours[0].1;
        assert!(ratio > 0.0);
        for ((_, theirs), (_, mine)) in bm25.iter().zip(&ours) {
            assert!(
                (theirs / mine - ratio).abs() < 1e-9,
                "{bm25:?} against {ours:?}"
            );
        }
        // The column weights count: a match in the first column ranks above one in the second.
        assert!(
            order(&ours).iter().position(|&id| id == 2)
                < order(&ours).iter().position(|&id| id == 3)
        );
    }

    /// Given each phrase's document count, it is FTS5's BM25 to the last digits, for one word
    /// and for two, a rare one weighing more than a common one.
    #[test]
    fn with_the_document_counts_it_is_bm25() {
        let conn = Connection::open_in_memory().expect("a database");
        register(&conn).expect("registered");
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5 (a, b);
             INSERT INTO t (a, b) VALUES
                 ('medien nord', 'x'),
                 ('medien medien nord', 'y z'),
                 ('kanal', 'medien nord'),
                 ('kanal nord sued', 'medien medien medien kanal'),
                 ('arena', 'kanal'), ('pixel', 'nord'), ('cafe', 'sued'), ('strasse', 'x');",
        )
        .expect("documents");
        for (query, counts) in [
            ("medien", "4"),
            ("medien nord", "4 5"),
            ("nord OR kanal", "5 3"),
        ] {
            let scores = |function: &str| scored(&conn, function, query, "rowid");
            let bm25 = scores("bm25(t, 5.0, 1.0)");
            let ours = scores(&format!("{NAME}(t, 5.0, 1.0, '{counts}')"));
            assert_eq!(bm25.len(), ours.len());
            for ((a, theirs), (b, mine)) in bm25.iter().zip(&ours) {
                assert_eq!(a, b);
                assert!(
                    (theirs - mine).abs() < 1e-9,
                    "{query}: {bm25:?} against {ours:?}"
                );
            }
        }
    }

    /// The words a prefix begins, given as one word's phrases with the prefix's document
    /// count, rank as FTS5 ranks the prefix term itself.
    #[test]
    fn the_words_of_a_prefix_rank_as_the_prefix() {
        let conn = Connection::open_in_memory().expect("a database");
        register(&conn).expect("registered");
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5 (a, b);
             INSERT INTO t (a, b) VALUES
                 ('medien nord', 'x'), ('mediengruppe', 'medien'), ('kanal', 'media'),
                 ('nord', 'y'), ('arena', 'kanal'), ('pixel', 'nord'), ('cafe', 'sued');",
        )
        .expect("documents");
        let bm25 = scored(&conn, "bm25(t, 5.0, 1.0)", "\"medi\"*", "rowid");
        let ours = scored(
            &conn,
            &format!("{NAME}(t, 5.0, 1.0, '0:3 0:3 0:3')"),
            "\"media\" OR \"medien\" OR \"mediengruppe\"",
            "rowid",
        );
        assert_eq!(bm25.len(), 3);
        assert_same_scores(&bm25, &ours, "medi*");
    }
}
