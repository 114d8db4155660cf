//! Taking a connection and giving a read up: the permits a read or a write waits for on the
//! async side before it takes a blocking thread, and the read its caller may abandon, whose
//! running statement is then interrupted and whose connection goes back to the pool.

use std::sync::{Arc, Mutex, PoisonError};

use crate::db::sql::Connection;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{AppError, AppResult};

/// The read a caller may abandon: dropped before [`Abandon::finished`], it interrupts the
/// statement its read is running (SQLite's `sqlite3_interrupt`, PostgreSQL's cancel request), and a read not yet started
/// does not start.
#[derive(Default)]
pub(super) struct Abandon {
    running: Arc<Mutex<Running>>,
    finished: bool,
}

/// Where a read stands, as its caller sees it.
#[derive(Default)]
enum Running {
    /// Not started yet.
    #[default]
    Waiting,
    /// Running on a connection, interruptible by this handle.
    On(crate::db::sql::Interrupt),
    /// Done, or given up by its caller.
    Over,
}

/// The blocking side of an [`Abandon`].
pub(super) struct RunningHandle(Arc<Mutex<Running>>);

/// Marks the read over when it ends, so that a late interrupt cannot reach the connection's
/// next user.
pub(super) struct RunningGuard<'a>(&'a Mutex<Running>);

impl Abandon {
    pub(super) fn handle(&self) -> RunningHandle {
        RunningHandle(Arc::clone(&self.running))
    }

    /// The read completed and its caller took the result: nothing to interrupt.
    pub(super) fn finished(mut self) {
        self.finished = true;
    }
}

impl Drop for Abandon {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if let Running::On(handle) = &*running {
            handle.interrupt();
            crate::metrics::record_abandoned_read();
        }
        *running = Running::Over;
    }
}

impl RunningHandle {
    /// Marks the read as running on `conn`; refused when its caller gave it up already.
    pub(super) fn start(&self, conn: &Connection) -> AppResult<RunningGuard<'_>> {
        let mut running = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if matches!(*running, Running::Over) {
            return Err(AppError::Internal(
                "the read was abandoned before it started".into(),
            ));
        }
        *running = Running::On(conn.interrupt_handle());
        Ok(RunningGuard(&self.0))
    }
}

impl Drop for RunningGuard<'_> {
    fn drop(&mut self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Running::Over;
    }
}

/// A permit of `permits`, waited for without holding a thread. The semaphores are never
/// closed, so the error cannot happen; it is reported rather than assumed.
pub(super) async fn acquire(permits: &Arc<Semaphore>) -> AppResult<OwnedSemaphorePermit> {
    if let Ok(permit) = Arc::clone(permits).try_acquire_owned() {
        return Ok(permit);
    }
    // Every connection is busy: the wait is what the pool-wait metrics measure.
    let started = std::time::Instant::now();
    let permit = Arc::clone(permits)
        .acquire_owned()
        .await
        .map_err(|_| AppError::Internal("the database's connection permits are closed".into()));
    crate::metrics::record_pool_wait(started.elapsed());
    permit
}

#[cfg(test)]
mod tests {
    use crate::db::Db;

    /// A read that takes far longer than anyone waits (counting to 300 million, tens of
    /// seconds), given up by its caller after a moment: its statement is interrupted and its one connection serves the next
    /// read at once.
    #[tokio::test]
    async fn an_abandoned_read_is_interrupted_and_frees_its_connection() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (db, _) = Db::open_with(dir.path().join("t.sqlite"), 1, false).expect("opens");
        let endless = db.read(|conn| {
            Ok(conn.query_row(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300000000) \
                 SELECT count(*) FROM n",
                [],
                |r| r.get::<_, i64>(0),
            )?)
        });
        let given_up = tokio::time::timeout(std::time::Duration::from_millis(300), endless).await;
        assert!(given_up.is_err(), "the long read cannot have finished");
        let next = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            db.read(|conn| Ok(conn.query_row("SELECT 42", [], |r| r.get::<_, i64>(0))?)),
        )
        .await;
        assert_eq!(next.expect("the connection was freed").expect("reads"), 42);
        let abandoned = crate::metrics::exposition()
            .lines()
            .find_map(|l| l.strip_prefix("dealgraph_db_reads_abandoned_total "))
            .and_then(|n| n.parse::<u64>().ok());
        assert!(abandoned >= Some(1), "{abandoned:?}");
    }
}
