//! Counting the SQL statements a connection starts. Every statement run through
//! [`super::sql::Connection`] is counted on its thread (one statement, one round trip to a
//! database server); [`counted`]
//! says how many a piece of work started, and [`Db::read`](super::Db::read) and
//! [`Db::write`](super::Db::write) add theirs to [`STATEMENT_COUNTER`], the counter of the
//! request being served when it asked for one. The N+1 tests and the benchmark rely on it.

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

thread_local! {
    /// SQL statements started on this thread, for [`Db::read`](super::Db::read) and
    /// [`Db::write`](super::Db::write) to count.
    static STATEMENTS: Cell<u64> = const { Cell::new(0) };
}

tokio::task_local! {
    /// The statement counter of the request being served, when it asked for one.
    pub static STATEMENT_COUNTER: Arc<AtomicU64>;
}

/// Counts one statement started on this thread: every statement [`super::sql::Connection`]
/// runs.
pub(crate) fn count_statement() {
    STATEMENTS.with(|n| n.set(n.get() + 1));
}

/// Runs `f` and says how many SQL statements it started on this thread.
pub fn counted<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = STATEMENTS.with(Cell::get);
    let value = f();
    (value, STATEMENTS.with(Cell::get) - before)
}

/// Adds `statements` to the counter of the request being served, if it asked for one.
pub(super) fn add_to_request_counter(statements: u64) {
    let _ = STATEMENT_COUNTER.try_with(|counter| counter.fetch_add(statements, Ordering::Relaxed));
}
