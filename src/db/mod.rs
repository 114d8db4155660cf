//! Storage: the SQLite file, its connections, migrations and seeding, and one repository file
//! per domain (`companies`, `people`, `agreements`, `sources`, `search`) whose functions take a
//! `&rusqlite::Connection`. This is the only layer that holds SQL; it knows nothing of GraphQL
//! or of localisation. Lists are described by typed filters and orderings that the repository
//! files turn into SQL ([`page::List`]); related rows are read for many owners at once
//! (`…_of(conn, ids)`, grouped by owner id), so callers never need a statement per object.
//!
//! The rules the data must obey live in the repository files' write functions (`insert_…`,
//! `set_…`): they take checked input ([`crate::model::Slug`], [`crate::model::Name`],
//! [`crate::model::CountryCode`]) and ids of the rows they refer to, derive what is derived
//! (sort names), refuse what the schema cannot express (a parent chain that loops), and turn a
//! constraint violation into the domain error it means (`write_error`). The seed loader is one
//! of their clients; mutations and imports are others.
//!
//! rusqlite is blocking, so every call runs on tokio's blocking threads through [`Db::read`] or
//! [`Db::write`], never on an async worker. Reads share a small bounded pool of connections (WAL
//! lets them run beside the writer); writes go through the one writer connection, in a
//! transaction.
//!
//! Every connection counts the SQL statements it starts, so a request can report how many it
//! cost (see [`STATEMENT_COUNTER`]); the N+1 tests and the benchmark rely on it.

pub mod agreements;
pub mod companies;
pub mod export;
pub mod history;
pub mod import;
pub mod page;
pub mod people;
// The one module that talks to SQLite's C interface directly (FTS5's extension API).
#[allow(unsafe_code)]
pub mod rank;
pub mod record;
pub mod search;
pub mod seed;
pub mod sources;
pub mod tokens;

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context;
use include_dir::{Dir, include_dir};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::vtab::array::Array;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::Migrations;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{AppError, AppResult};

static MIGRATIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/db/migrations");

/// The current time as SQL: UTC, RFC 3339 with milliseconds, which sorts as text.
pub(crate) const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// How long a connection waits for a lock held by another before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

thread_local! {
    /// SQL statements started on this thread, for [`Db::read`] and [`Db::write`] to count.
    static STATEMENTS: Cell<u64> = const { Cell::new(0) };
}

tokio::task_local! {
    /// The statement counter of the request being served, when it asked for one.
    pub static STATEMENT_COUNTER: Arc<AtomicU64>;
}

fn count_statement(_: TraceEvent<'_>) {
    STATEMENTS.with(|n| n.set(n.get() + 1));
}

/// Runs `f` on a connection made by [`configure`], and says how many SQL statements it
/// started on this thread.
pub fn counted<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = STATEMENTS.with(Cell::get);
    let value = f();
    (value, STATEMENTS.with(Cell::get) - before)
}

fn add_to_request_counter(statements: u64) {
    let _ = STATEMENT_COUNTER.try_with(|counter| counter.fetch_add(statements, Ordering::Relaxed));
}

/// Settings applied to every connection when it is opened (public, so that the benchmark's
/// bare twins read with exactly these).
pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    rusqlite::vtab::array::load_module(conn)?;
    rank::register(conn)?;
    conn.trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(count_statement));
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA mmap_size = 268435456;",
    )?;
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

/// The database: a pool of read connections and one writer.
#[derive(Clone)]
pub struct Db {
    readers: r2d2::Pool<SqliteConnectionManager>,
    /// One permit per read connection. A read waits for its permit on the async side, before
    /// it takes a blocking thread: waiting inside the blocking thread for a pooled connection
    /// would grow tokio's blocking pool to one thread per waiting read, each thread with its own
    /// allocator arena, under a load of many concurrent reads.
    read_permits: Arc<Semaphore>,
    writer: Arc<Mutex<Connection>>,
    /// The writer's one permit, for the same reason.
    write_permit: Arc<Semaphore>,
    path: Arc<PathBuf>,
    /// Every committed change, sent in commit order while the writer is still held, to the
    /// subscriptions listening.
    changes: tokio::sync::broadcast::Sender<Arc<history::ChangeRow>>,
    /// Set when the server shuts down: subscriptions end instead of waiting for changes.
    closing: Arc<tokio::sync::watch::Sender<bool>>,
    /// How far a long rebuild of derived data (the search index) has come, while one runs.
    rebuild: Arc<Rebuild>,
    /// A connection kept only to ask `PRAGMA data_version`, which changes whenever any
    /// connection of any process commits a write; its values mean something only on one
    /// connection, so every caller asks this one.
    watcher: Arc<Mutex<Connection>>,
}

/// A long rebuild of data derived from the records (the search index), as it runs: whether
/// one is running, and how many of how many items it has done. Readers ask it instead of
/// waiting for the writer the rebuild holds.
#[derive(Debug, Default)]
pub struct Rebuild {
    running: std::sync::atomic::AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

impl Rebuild {
    /// Claims the rebuild for the caller: `false` when one is running already.
    pub fn start(&self, total: u64) -> bool {
        if self.running.swap(true, Ordering::AcqRel) {
            return false;
        }
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        true
    }

    /// Counts `n` more items done.
    pub fn advance(&self, n: u64) -> u64 {
        self.done.fetch_add(n, Ordering::Relaxed) + n
    }

    /// Marks the rebuild over.
    pub fn finish(&self) {
        self.running.store(false, Ordering::Release);
    }

    /// `(done, total)` while a rebuild runs.
    pub fn progress(&self) -> Option<(u64, u64)> {
        self.running.load(Ordering::Acquire).then(|| {
            (
                self.done.load(Ordering::Relaxed),
                self.total.load(Ordering::Relaxed),
            )
        })
    }
}

/// How many changes a subscriber may fall behind before it is told it lagged; a writer never
/// waits for a subscriber.
const CHANGE_BACKLOG: usize = 4096;

/// What [`Db::open`] did to the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenReport {
    /// Migrations applied now (0 when the file was already current).
    pub migrations_applied: usize,
    /// Whether the seed dataset was loaded now (only ever into an empty database).
    pub seeded: bool,
}

impl Db {
    /// Opens (creating if needed) the database at `path`, migrates it to the latest version and,
    /// on first start only, loads the seed dataset. `readers` bounds the read pool.
    pub fn open(path: &Path, readers: u32) -> anyhow::Result<(Self, OpenReport)> {
        Self::open_with(path, readers, true)
    }

    /// [`Db::open`], loading the seed dataset into a new database only when `seed`.
    pub fn open_with(path: &Path, readers: u32, seed: bool) -> anyhow::Result<(Self, OpenReport)> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating the database folder {}", dir.display()))?;
        }
        let mut writer = Connection::open(path)
            .with_context(|| format!("opening the database {}", path.display()))?;
        // WAL is a property of the file: set once by the writer, every reader then uses it.
        let mode: String = writer.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            anyhow::bail!("the database {} refused WAL mode ({mode})", path.display());
        }
        configure(&writer)?;

        let migrations = migrations()?;
        let before = current_version(&writer)?;
        migrations
            .to_latest(&mut writer)
            .context("migrating the database")?;
        let after = current_version(&writer)?;
        let seeded =
            seed && seed::seed_if_empty(&mut writer).context("loading the seed dataset")?;

        let manager = SqliteConnectionManager::file(path)
            .with_flags(OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_init(|conn| configure(conn));
        let readers = readers.max(1);
        let read_permits = Arc::new(Semaphore::new(readers as usize));
        let readers = r2d2::Pool::builder()
            .max_size(readers)
            .min_idle(Some(1))
            // A local file does not go stale like a network connection: checking each
            // connection out with `SELECT 1` would only add a statement to every read.
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .context("opening read connections")?;

        let watcher = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .context("opening the change watcher")?;
        let db = Self {
            watcher: Arc::new(Mutex::new(watcher)),
            readers,
            read_permits,
            writer: Arc::new(Mutex::new(writer)),
            write_permit: Arc::new(Semaphore::new(1)),
            path: Arc::new(path.to_owned()),
            changes: tokio::sync::broadcast::channel(CHANGE_BACKLOG).0,
            closing: Arc::new(tokio::sync::watch::channel(false).0),
            rebuild: Arc::new(Rebuild::default()),
        };
        Ok((
            db,
            OpenReport {
                migrations_applied: after.saturating_sub(before),
                seeded,
            },
        ))
    }

    /// The file this database lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a read connection on a blocking thread.
    ///
    /// When the caller stops waiting (the request timed out, or its client went away), the
    /// statement running is interrupted and the connection goes back to the pool: abandoned
    /// reads do not go on holding a connection and a core.
    pub async fn read<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        let permit = acquire(&self.read_permits).await?;
        let pool = self.readers.clone();
        let abandon = Abandon::default();
        let running = abandon.handle();
        let (result, statements) = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            counted(|| {
                let conn = pool.get()?;
                let _running = running.start(&conn)?;
                f(&conn)
            })
        })
        .await?;
        abandon.finished();
        add_to_request_counter(statements);
        result
    }

    /// Runs `f` in a transaction on the writer connection on a blocking thread; the transaction
    /// commits only when `f` succeeds, so a failed write leaves nothing behind. It begins
    /// `IMMEDIATE`: it takes the write lock at once, so that no other process's write can make
    /// it fail half-way with `SQLITE_BUSY` on its first write.
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> AppResult<T> + Send + 'static,
    {
        let permit = acquire(&self.write_permit).await?;
        let writer = Arc::clone(&self.writer);
        let changes = self.changes.clone();
        let (result, statements) = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            counted(|| {
                let mut conn = writer
                    .lock()
                    .map_err(|_| AppError::Internal("the writer connection is poisoned".into()))?;
                let watched = changes.receiver_count() > 0;
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let before = if watched { history::last_id(&tx)? } else { 0 };
                let value = f(&tx)?;
                tx.commit()?;
                if watched {
                    publish(&conn, &changes, before);
                }
                Ok(value)
            })
        })
        .await?;
        add_to_request_counter(statements);
        result
    }

    /// The changes committed from now on, each once, in commit order. A receiver that falls
    /// more than a few thousand changes behind is told how many it missed.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Arc<history::ChangeRow>> {
        self.changes.subscribe()
    }

    /// The rebuild of derived data (the search index) running on this database, if any.
    pub fn rebuild(&self) -> &Arc<Rebuild> {
        &self.rebuild
    }

    /// Whether the server is shutting down, for subscriptions to end on.
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Ends every subscription (each subscriber is told it is complete), as the server shuts
    /// down; new ones end at once.
    pub fn close_subscriptions(&self) {
        self.closing.send_replace(true);
    }

    /// Copies the write-ahead log into the database file and empties it, as a clean shutdown
    /// leaves it.
    pub async fn checkpoint(&self) -> AppResult<()> {
        let writer = Arc::clone(&self.writer);
        tokio::task::spawn_blocking(move || {
            let conn = writer
                .lock()
                .map_err(|_| AppError::Internal("the writer connection is poisoned".into()))?;
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
        .await?
    }

    /// A number that changes whenever a write commits, by this server or by any other
    /// process (an import, another SQLite client): SQLite's `PRAGMA data_version` on one
    /// connection kept for it. Asking costs about a microsecond and no I/O, so it is asked
    /// inline.
    pub fn data_version(&self) -> AppResult<i64> {
        let conn = self
            .watcher
            .lock()
            .map_err(|_| AppError::Internal("the change watcher is poisoned".into()))?;
        Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Whether the database answers a query.
    pub async fn is_ready(&self) -> bool {
        self.read(|conn| Ok(conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
            .await
            .is_ok()
    }
}

/// Copies the database at `source` into a new file at `target` with SQLite's online backup
/// API, in one step under one read transaction: a consistent snapshot of every write committed
/// before it began, taken while a server goes on reading and writing (WAL lets writers go on
/// meanwhile). An existing `target` is refused rather than overwritten.
pub fn backup(source: &Path, target: &Path) -> anyhow::Result<()> {
    if target.exists() {
        anyhow::bail!(
            "{} exists already; back up into a new file",
            target.display()
        );
    }
    let from = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("opening the database {}", source.display()))?;
    from.busy_timeout(Duration::from_secs(30))?;
    let mut to = Connection::open(target)
        .with_context(|| format!("creating the backup {}", target.display()))?;
    let copy = rusqlite::backup::Backup::new(&from, &mut to)?;
    // All pages in one step: copying in several would start over whenever a write lands
    // between steps, which under a steady write load may be never done.
    match copy.step(-1)? {
        rusqlite::backup::StepResult::Done => {}
        other => anyhow::bail!("the backup did not complete: {other:?}"),
    }
    drop(copy);
    let check: String = to.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        anyhow::bail!("the backup fails its integrity check: {check}");
    }
    Ok(())
}

/// Sends the changes committed after the change `before` to the subscribers. The write has
/// committed: a failure to read them back is logged, and does not undo or fail the write.
fn publish(
    conn: &Connection,
    changes: &tokio::sync::broadcast::Sender<Arc<history::ChangeRow>>,
    before: i64,
) {
    match history::after(conn, before) {
        Ok(rows) => {
            for row in rows {
                // No receiver left is no error: nobody is listening any more.
                let _ = changes.send(Arc::new(row));
            }
        }
        Err(error) => tracing::error!(?error, "reading committed changes for subscribers"),
    }
}

/// The read a caller may abandon: dropped before [`Abandon::finished`], it interrupts the
/// statement its read is running (SQLite's `sqlite3_interrupt`), and a read not yet started
/// does not start.
#[derive(Default)]
struct Abandon {
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
    On(rusqlite::InterruptHandle),
    /// Done, or given up by its caller.
    Over,
}

/// The blocking side of an [`Abandon`].
struct RunningHandle(Arc<Mutex<Running>>);

/// Marks the read over when it ends, so that a late interrupt cannot reach the connection's
/// next user.
struct RunningGuard<'a>(&'a Mutex<Running>);

impl Abandon {
    fn handle(&self) -> RunningHandle {
        RunningHandle(Arc::clone(&self.running))
    }

    /// The read completed and its caller took the result: nothing to interrupt.
    fn finished(mut self) {
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
    fn start(&self, conn: &Connection) -> AppResult<RunningGuard<'_>> {
        let mut running = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if matches!(*running, Running::Over) {
            return Err(AppError::Internal(
                "the read was abandoned before it started".into(),
            ));
        }
        *running = Running::On(conn.get_interrupt_handle());
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
async fn acquire(permits: &Arc<Semaphore>) -> AppResult<OwnedSemaphorePermit> {
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

/// Rows read for many owners at once, by owner id, each owner's rows in order.
pub type Grouped<T> = HashMap<i64, Vec<T>>;

/// The distinct values of `ids`, in first-seen order: the keys of a batched read.
pub fn unique_ids(ids: impl IntoIterator<Item = i64>) -> Vec<i64> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}

/// An `rarray` parameter holding `ids`, for `… IN rarray(?1)`: one cached statement serves
/// lists of any length.
pub(crate) fn id_array(ids: impl IntoIterator<Item = i64>) -> Array {
    Rc::new(
        ids.into_iter()
            .map(rusqlite::types::Value::Integer)
            .collect(),
    )
}

/// A row's columns, read in the order the statement selects them.
///
/// Each repository type reads its columns with [`Columns::next`] in the order of its `COLUMNS`
/// constant, which sits beside it; a statement that selects more (an owner, a sort key, a
/// joined row) reads those first or after, in its own order. Columns are read by position
/// rather than by name because rusqlite finds a named column by comparing it with every column
/// name of the statement, for every value read: on a page of a hundred rows that lookup cost
/// more than SQLite's own work.
pub struct Columns<'a, 'stmt> {
    row: &'a rusqlite::Row<'stmt>,
    next: usize,
}

impl<'a, 'stmt> Columns<'a, 'stmt> {
    /// The columns of `row`, from the first.
    pub fn new(row: &'a rusqlite::Row<'stmt>) -> Self {
        Self { row, next: 0 }
    }

    /// The next column's value.
    #[allow(clippy::should_implement_trait)]
    pub fn next<T: rusqlite::types::FromSql>(&mut self) -> rusqlite::Result<T> {
        let value = self.row.get(self.next);
        self.next += 1;
        value
    }
}

/// Reads what one row holds, column after column (such as `CompanyRow::read`).
pub type ReadRow<T> = fn(&mut Columns<'_, '_>) -> rusqlite::Result<T>;

/// `read` as a row mapper for rusqlite's `query_row` and `query_map`, from the first column.
pub fn from_row<T>(read: ReadRow<T>) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T> {
    move |row| read(&mut Columns::new(row))
}

/// The rows `sql` selects for the one parameter `id`, each read with `read`.
pub(crate) fn rows_of<T>(
    conn: &Connection,
    sql: &str,
    id: i64,
    read: ReadRow<T>,
) -> AppResult<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], from_row(read))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ids `sql` selects (one column) for the one parameter `id`: the records that belong to
/// it, or that it refers to.
pub(crate) fn ids_where(conn: &Connection, sql: &str, id: i64) -> AppResult<Vec<i64>> {
    rows_of(conn, sql, id, |r| r.next())
}

/// The one row `sql` selects for the record `id` (of the kind `what`), or `NOT_FOUND`.
pub(crate) fn row_of<T>(
    conn: &Connection,
    sql: &str,
    id: i64,
    what: &'static str,
    read: ReadRow<T>,
) -> AppResult<T> {
    rows_of(conn, sql, id, read)?
        .pop()
        .ok_or_else(|| AppError::NotFound {
            what,
            key: id.to_string(),
        })
}

/// Runs `sql` (whose one parameter is an `rarray` of `ids`, and whose first column is the
/// owner of the row) and groups the rows `map` reads from the next columns by owner, keeping
/// their order.
pub(crate) fn grouped<T>(
    conn: &Connection,
    sql: &str,
    ids: &[i64],
    map: impl Fn(&mut Columns<'_, '_>) -> rusqlite::Result<T>,
) -> AppResult<Grouped<T>> {
    // Run even for no ids: a relation then costs the same statements whatever the data.
    let mut groups: Grouped<T> = HashMap::new();
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id_array(ids.iter().copied())], |row| {
        let mut columns = Columns::new(row);
        let owner: i64 = columns.next()?;
        Ok((owner, map(&mut columns)?))
    })?;
    for row in rows {
        let (id, value) = row?;
        groups.entry(id).or_default().push(value);
    }
    Ok(groups)
}

/// Runs `sql` (whose one parameter is an `rarray` of `ids`) and keys the mapped rows by
/// `key`: rows looked up by id or slug, for many at once.
pub(crate) fn keyed<K, T>(
    conn: &Connection,
    sql: &str,
    ids: Array,
    read: ReadRow<T>,
    key: impl Fn(&T) -> K,
) -> AppResult<HashMap<K, T>>
where
    K: std::hash::Hash + Eq,
{
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([ids], from_row(read))?;
    let mut out = HashMap::new();
    for row in rows {
        let row = row?;
        out.insert(key(&row), row);
    }
    Ok(out)
}

/// An `rarray` parameter holding texts, such as slugs.
pub(crate) fn text_array<S: AsRef<str>>(texts: &[S]) -> Array {
    Rc::new(
        texts
            .iter()
            .map(|t| rusqlite::types::Value::Text(t.as_ref().to_owned()))
            .collect(),
    )
}

fn migrations() -> anyhow::Result<Migrations<'static>> {
    Migrations::from_directory(&MIGRATIONS).context("reading the embedded migrations")
}

fn current_version(conn: &Connection) -> anyhow::Result<usize> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(usize::try_from(version).unwrap_or(0))
}

// ---------------------------------------------------------------------------------------------
// Writes: running the statements that change data, and turning a constraint they violate into
// the domain error it means. The repository files' write functions go through `execute` and
// `insert`, so every client of them (the seed loader, mutations) gets the same errors.
// ---------------------------------------------------------------------------------------------

/// Runs each of `statements` (whose one parameter is `id`) in order: the steps of deleting a
/// record with what depends on it.
pub(crate) fn execute_each(conn: &Connection, statements: &[&str], id: i64) -> AppResult<()> {
    for sql in statements {
        execute(conn, sql, [id], &[])?;
    }
    Ok(())
}

/// A row a write statement refers to by id. SQLite does not say which reference a failed
/// FOREIGN KEY constraint is about, so the write names its references and [`write_error`]
/// looks up which one is missing to name the input field at fault.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reference {
    /// The input field that holds the reference, such as `parent`.
    field: &'static str,
    /// The table referred to.
    table: &'static str,
    /// What a row of that table is, for the message: `company`.
    what: &'static str,
    /// The id referred to; none when the reference is left out.
    id: Option<i64>,
}

impl Reference {
    /// A reference in `field` to the company `id`.
    pub(crate) fn company(field: &'static str, id: impl Into<Option<i64>>) -> Self {
        Self::new(field, "companies", "company", id.into())
    }

    /// A reference in `field` to the person `id`.
    pub(crate) fn person(field: &'static str, id: impl Into<Option<i64>>) -> Self {
        Self::new(field, "people", "person", id.into())
    }

    /// A reference in `field` to the agreement `id`.
    pub(crate) fn agreement(field: &'static str, id: impl Into<Option<i64>>) -> Self {
        Self::new(field, "agreements", "agreement", id.into())
    }

    /// A reference in `field` to the source `id`.
    pub(crate) fn source(field: &'static str, id: impl Into<Option<i64>>) -> Self {
        Self::new(field, "sources", "source", id.into())
    }

    fn new(field: &'static str, table: &'static str, what: &'static str, id: Option<i64>) -> Self {
        Self {
            field,
            table,
            what,
            id,
        }
    }
}

/// Every UNIQUE and PRIMARY KEY constraint of the schema, as a violation's message names its
/// columns, with the input field whose value conflicts (spelled as the API's input fields are)
/// and what it conflicts with. A test checks that the schema has no other.
const UNIQUE_CONSTRAINTS: &[(&str, &str, &str)] = &[
    ("api_tokens.name", "name", "another token has this name"),
    // Written only by the search index, whose writes never conflict.
    (
        "search_terms.term",
        "term",
        "the search index already lists this word",
    ),
    (
        "search_names.entity_type, search_names.entity_id, search_names.name",
        "name",
        "the search index already lists this name",
    ),
    ("api_tokens.hash", "token", "another key has this token"),
    ("sources.slug", "slug", "another source has this slug"),
    ("companies.slug", "slug", "another company has this slug"),
    (
        "company_business_areas.company_id, company_business_areas.area",
        "businessAreas",
        "the company already has this business area",
    ),
    (
        "company_markets.company_id, company_markets.country",
        "markets",
        "the company already serves this market",
    ),
    (
        "company_productions.company_id, company_productions.position",
        "productions",
        "the company already has a production at this position",
    ),
    (
        "competitors.company_id, competitors.competitor_id",
        "rival",
        "the companies are already rivals",
    ),
    ("competitors.id", "id", "a rivalry with this id exists"),
    (
        "company_sources.company_id, company_sources.source_id",
        "sources",
        "the company already cites this source",
    ),
    ("people.slug", "slug", "another person has this slug"),
    (
        "person_sources.person_id, person_sources.source_id",
        "sources",
        "the person already cites this source",
    ),
    (
        "roles.person_id, roles.company_id, roles.title",
        "title",
        "the person already holds this title at this company",
    ),
    ("agreements.slug", "slug", "another agreement has this slug"),
    (
        "parties.agreement_id, parties.company_id",
        "parties",
        "the company is already a party to the agreement",
    ),
    (
        "agreement_scopes.agreement_id, agreement_scopes.scope",
        "scopes",
        "the agreement already covers this scope",
    ),
    (
        "agreement_markets.agreement_id, agreement_markets.country",
        "markets",
        "the agreement already covers this market",
    ),
    (
        "agreement_sources.agreement_id, agreement_sources.source_id",
        "sources",
        "the agreement already cites this source",
    ),
    (
        "quote_companies.quote_id, quote_companies.company_id",
        "companies",
        "the quote is already attributed to this company",
    ),
    ("meta.key", "key", "the key is already set"),
];

/// The input field a write refusal names when the statement as a whole is at fault, as a
/// mutation's single `input` argument is.
const WHOLE_INPUT: &str = "input";

/// The columns of a violated UNIQUE or PRIMARY KEY constraint, as SQLite's message names them:
/// `UNIQUE constraint failed: companies.slug` gives `companies.slug`, and a constraint on
/// several columns gives them joined by `, `. The extended error code says which kind of
/// constraint failed, but only the message says which columns, so this is the one place that
/// reads a message.
fn unique_columns(message: &str) -> Option<&str> {
    message.strip_prefix("UNIQUE constraint failed: ")
}

/// The domain error that `error`, from a statement that inserts or updates rows, means:
/// - a UNIQUE or PRIMARY KEY violation is [`AppError::Conflict`] naming the field whose value
///   is taken (see [`UNIQUE_CONSTRAINTS`]);
/// - a FOREIGN KEY violation is [`AppError::BadInput`] naming the first of `references` whose
///   row does not exist (looked up now, as SQLite does not say which);
/// - a CHECK violation is [`AppError::BadInput`] about the whole input;
/// - anything else stays [`AppError::Database`], an internal error.
pub(crate) fn write_error(
    conn: &Connection,
    error: rusqlite::Error,
    references: &[Reference],
) -> AppError {
    use rusqlite::ffi;

    let (code, message) = match &error {
        rusqlite::Error::SqliteFailure(e, message)
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            (e.extended_code, message.as_deref().unwrap_or_default())
        }
        _ => return AppError::Database(error),
    };
    match code {
        ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
            let columns = unique_columns(message);
            match UNIQUE_CONSTRAINTS
                .iter()
                .find(|(known, _, _)| Some(*known) == columns)
            {
                Some((_, field, reason)) => AppError::conflict(field, *reason),
                None => AppError::conflict(WHOLE_INPUT, "a record with these values exists"),
            }
        }
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => match missing_reference(conn, references) {
            Ok(Some(reference)) => AppError::bad_input(
                reference.field,
                format!(
                    "there is no {} with id {}",
                    reference.what,
                    reference.id.unwrap_or_default()
                ),
            ),
            Ok(None) => AppError::bad_input(WHOLE_INPUT, "refers to a record that does not exist"),
            Err(lookup) => lookup,
        },
        ffi::SQLITE_CONSTRAINT_CHECK => {
            AppError::bad_input(WHOLE_INPUT, "breaks a rule the data must obey")
        }
        _ => AppError::Database(error),
    }
}

/// The first of `references` whose row does not exist.
fn missing_reference(conn: &Connection, references: &[Reference]) -> AppResult<Option<Reference>> {
    for reference in references {
        let Some(id) = reference.id else { continue };
        // The table name comes from `Reference`'s constructors, never from input.
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1) AS present",
            reference.table
        );
        let exists: bool = conn
            .prepare_cached(&sql)?
            .query_row([id], |r| r.get("present"))?;
        if !exists {
            return Ok(Some(*reference));
        }
    }
    Ok(None)
}

/// Runs one statement that inserts or updates rows (cached), turning a constraint it violates
/// into the domain error it means (see [`write_error`]). Returns how many rows it changed.
pub(crate) fn execute(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    references: &[Reference],
) -> AppResult<usize> {
    conn.prepare_cached(sql)?
        .execute(params)
        .map_err(|e| write_error(conn, e, references))
}

/// Runs one `INSERT` like [`execute`] and returns the new row's id.
pub(crate) fn insert(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    references: &[Reference],
) -> AppResult<i64> {
    execute(conn, sql, params, references)?;
    Ok(conn.last_insert_rowid())
}

/// Refuses a list that names an item twice, as the input field `field`. Lists stored one row
/// per item would otherwise fail on their primary key, which reads as a conflict with stored
/// data when the input merely repeats itself.
pub(crate) fn distinct<T: PartialEq + std::fmt::Display>(
    items: &[T],
    field: &'static str,
) -> AppResult<()> {
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            return Err(AppError::bad_input(field, format!("lists {item} twice")));
        }
    }
    Ok(())
}

/// Records the current UTC time under `key` in `meta`, such as when the seed dataset was loaded.
pub(crate) fn record_time(conn: &Connection, key: &str) -> AppResult<()> {
    execute(
        conn,
        "INSERT INTO meta (key, value) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        [key],
        &[],
    )?;
    Ok(())
}

/// A fresh in-memory database, configured and migrated as a file would be, for unit tests.
#[cfg(test)]
pub(crate) fn test_connection() -> Connection {
    let mut conn = Connection::open_in_memory().expect("in-memory database");
    configure(&conn).expect("configured");
    migrations()
        .and_then(|m| m.to_latest(&mut conn).map_err(Into::into))
        .expect("migrated");
    conn
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A read that takes far longer than anyone waits (counting to 300 million, tens of
    /// seconds), given up by its caller after a moment: its statement is interrupted and its one connection serves the next
    /// read at once.
    #[tokio::test]
    async fn an_abandoned_read_is_interrupted_and_frees_its_connection() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (db, _) = Db::open_with(&dir.path().join("t.sqlite"), 1, false).expect("opens");
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

    #[test]
    fn migrations_are_valid() {
        migrations()
            .and_then(|m| m.validate().map_err(Into::into))
            .expect("embedded migrations validate");
    }

    fn source(slug: &str) -> sources::NewSource {
        sources::NewSource {
            slug: crate::model::Slug::parse(slug, "slug").expect("slug"),
            title: "A title".into(),
            kicker: None,
            published_on: None,
            language: "de".into(),
            url: None,
        }
    }

    #[test]
    fn a_taken_slug_is_a_conflict_naming_slug() {
        let conn = test_connection();
        sources::insert_source(&conn, &source("a")).expect("first");
        let err = sources::insert_source(&conn, &source("a")).expect_err("second refused");
        assert_eq!(err.code(), "CONFLICT");
        assert!(
            matches!(err, AppError::Conflict { field: "slug", .. }),
            "{err:?}"
        );
        assert_eq!(err.field(), Some("slug"));
    }

    #[test]
    fn a_reference_to_a_missing_row_names_its_field() {
        let conn = test_connection();
        let person = people::NewPerson {
            slug: crate::model::Slug::parse("p", "slug").expect("slug"),
            name: crate::model::Name::parse("P", "name").expect("name"),
            sources: vec![42],
        };
        let err = people::insert_person(&conn, &person).expect_err("dangling source refused");
        assert_eq!(err.code(), "BAD_USER_INPUT");
        match err {
            AppError::BadInput { argument, reason } => {
                assert_eq!(argument, "sources");
                assert_eq!(reason, "there is no source with id 42");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_check_violation_is_bad_input_and_other_failures_stay_internal() {
        let conn = test_connection();
        let company = |slug: &str| {
            execute(
                &conn,
                "INSERT INTO companies (slug, name, sort_name, kind) VALUES (?1, 'C', 'c', 'MEDIA_GROUP')",
                [slug],
                &[],
            )
            .expect("company")
        };
        company("a");
        company("b");
        let err = execute(
            &conn,
            "INSERT INTO competitors (company_id, competitor_id) VALUES (2, 1)",
            [],
            &[],
        )
        .expect_err("unordered pair refused");
        assert_eq!(err.code(), "BAD_USER_INPUT");
        let err = execute(&conn, "INSERT INTO nowhere VALUES (1)", [], &[]).expect_err("no table");
        assert_eq!(err.code(), "INTERNAL_SERVER_ERROR");
    }

    #[test]
    fn every_unique_constraint_of_the_schema_names_its_field() {
        let conn = test_connection();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_list WHERE type = 'table' AND schema = 'main'")
            .expect("table list")
            .query_map([], |r| r.get("name"))
            .expect("tables")
            .collect::<rusqlite::Result<_>>()
            .expect("names");
        // Written only by triggers, with INSERT OR IGNORE, never by a write function.
        let exempt = ["search_dirty"];
        let mut constraints = Vec::new();
        for table in tables
            .iter()
            .filter(|t| !t.starts_with("sqlite_") && !exempt.contains(&t.as_str()))
        {
            let indexes: Vec<String> = conn
                .prepare("SELECT name FROM pragma_index_list(?1) WHERE \"unique\" = 1")
                .expect("index list")
                .query_map([table], |r| r.get("name"))
                .expect("indexes")
                .collect::<rusqlite::Result<_>>()
                .expect("index names");
            for index in indexes {
                let columns: Vec<String> = conn
                    .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                    .expect("index info")
                    .query_map([&index], |r| r.get("name"))
                    .expect("columns")
                    .collect::<rusqlite::Result<_>>()
                    .expect("column names");
                let named: Vec<String> = columns.iter().map(|c| format!("{table}.{c}")).collect();
                constraints.push(named.join(", "));
            }
        }
        assert!(
            constraints.contains(&"companies.slug".to_owned()),
            "{constraints:?}"
        );
        for constraint in &constraints {
            assert!(
                UNIQUE_CONSTRAINTS
                    .iter()
                    .any(|(known, _, _)| known == constraint),
                "UNIQUE_CONSTRAINTS lacks {constraint}"
            );
        }
    }

    #[test]
    fn a_list_naming_an_item_twice_is_refused_naming_the_list() {
        assert!(distinct(&[1, 2, 3], "sources").is_ok());
        match distinct(&[1, 2, 1], "sources") {
            Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "sources"),
            other => panic!("{other:?}"),
        }
    }
}
