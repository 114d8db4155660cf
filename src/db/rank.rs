//! `dealgraph_rank`, an FTS5 ranking function registered on every connection: BM25 as FTS5's
//! own `bm25()` computes it (the same column weights, k1 = 1.2, b = 0.75, the document's length
//! against the average), except that every phrase weighs the same instead of by its inverse
//! document frequency.
//!
//! Why: `bm25()` finds each phrase's document frequency by walking every document that
//! contains it, once per statement, so ranking even a small window of a common word costs as
//! much as the word has documents (tens of milliseconds for 700,000). A search ranks with this
//! function only when more than a window of documents contain every word (see
//! `crate::search::read`); then each word is in thousands of documents, and FTS5's own inverse
//! document frequency gives a word in more than half of them the same floor weight anyway.

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

/// The function: `dealgraph_rank(search_index, weight of column 0, weight of column 1, …)`,
/// lower is better, as with `bm25()`.
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
        let mut frequency = vec![0.0_f64; phrases];
        let mut instances = 0;
        check(api.xInstCount.ok_or(missing)?(fts, &mut instances))?;
        let inst = api.xInst.ok_or(missing)?;
        for i in 0..instances {
            let (mut phrase, mut column, mut offset) = (0, 0, 0);
            check(inst(fts, i, &mut phrase, &mut column, &mut offset))?;
            let weight = if column < n_val {
                ffi::sqlite3_value_double(*values.add(column as usize))
            } else {
                1.0
            };
            if let Some(f) = usize::try_from(phrase)
                .ok()
                .and_then(|p| frequency.get_mut(p))
            {
                *f += weight;
            }
        }
        let mut length = 0;
        check(api.xColumnSize.ok_or(missing)?(fts, -1, &mut length))?;
        let norm = K1 * (1.0 - B + B * f64::from(length) / average);
        let score: f64 = frequency.iter().map(|&f| f * (K1 + 1.0) / (f + norm)).sum();
        Ok(-score)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            conn.prepare(&format!(
                "SELECT rowid, {function}(t, 5.0, 1.0) AS s FROM t WHERE t MATCH 'medien' \
                 ORDER BY s, rowid"
            ))
            .expect("prepared")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("ran")
            .collect::<rusqlite::Result<_>>()
            .expect("rows")
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
}
