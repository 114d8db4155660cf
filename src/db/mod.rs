//! Storage: the SQLite file, its connections, migrations and seeding, and one repository file
//! per domain (`companies`, `people`, `agreements`, `sources`, `search`) whose functions take a
//! `&rusqlite::Connection`. This is the only layer that holds SQL; it knows nothing of GraphQL
//! or of localisation. Lists are described by typed filters and orderings that the repository
//! files turn into SQL ([`page::List`]); related rows are read for many owners at once
//! (`…_of(conn, ids)`, grouped by owner id), so callers never need a statement per object.
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
pub mod page;
pub mod people;
pub mod search;
pub mod seed;
pub mod sources;

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use include_dir::{Dir, include_dir};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::vtab::array::Array;
use rusqlite::{Connection, OpenFlags, Transaction};
use rusqlite_migration::Migrations;

use crate::error::{AppError, AppResult};

static MIGRATIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/db/migrations");

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

/// Runs `f` and adds the SQL statements it started to the request's counter, if any.
fn counted<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = STATEMENTS.with(Cell::get);
    let value = f();
    (value, STATEMENTS.with(Cell::get) - before)
}

fn add_to_request_counter(statements: u64) {
    let _ = STATEMENT_COUNTER.try_with(|counter| counter.fetch_add(statements, Ordering::Relaxed));
}

/// Settings applied to every connection when it is opened.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    rusqlite::vtab::array::load_module(conn)?;
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
    writer: Arc<Mutex<Connection>>,
    path: Arc<PathBuf>,
}

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
        let seeded = seed::seed_if_empty(&mut writer).context("loading the seed dataset")?;

        let manager = SqliteConnectionManager::file(path)
            .with_flags(OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_init(|conn| configure(conn));
        let readers = r2d2::Pool::builder()
            .max_size(readers.max(1))
            .min_idle(Some(1))
            // A local file does not go stale like a network connection: checking each
            // connection out with `SELECT 1` would only add a statement to every read.
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .context("opening read connections")?;

        let db = Self {
            readers,
            writer: Arc::new(Mutex::new(writer)),
            path: Arc::new(path.to_owned()),
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
    pub async fn read<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        let pool = self.readers.clone();
        let (result, statements) = tokio::task::spawn_blocking(move || {
            counted(|| {
                let conn = pool.get()?;
                f(&conn)
            })
        })
        .await?;
        add_to_request_counter(statements);
        result
    }

    /// Runs `f` in a transaction on the writer connection on a blocking thread; the transaction
    /// commits only when `f` succeeds, so a failed write leaves nothing behind.
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> AppResult<T> + Send + 'static,
    {
        let writer = Arc::clone(&self.writer);
        let (result, statements) = tokio::task::spawn_blocking(move || {
            counted(|| {
                let mut conn = writer
                    .lock()
                    .map_err(|_| AppError::Internal("the writer connection is poisoned".into()))?;
                let tx = conn.transaction()?;
                let value = f(&tx)?;
                tx.commit()?;
                Ok(value)
            })
        })
        .await?;
        add_to_request_counter(statements);
        result
    }

    /// Whether the database answers a query.
    pub async fn is_ready(&self) -> bool {
        self.read(|conn| Ok(conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
            .await
            .is_ok()
    }
}

/// Rows read for many owners at once, by owner id, each owner's rows in order.
pub type Grouped<T> = HashMap<i64, Vec<T>>;

/// An `rarray` parameter holding `ids`, for `… IN rarray(?1)`: one cached statement serves
/// lists of any length.
pub(crate) fn id_array(ids: impl IntoIterator<Item = i64>) -> Array {
    Rc::new(
        ids.into_iter()
            .map(rusqlite::types::Value::Integer)
            .collect(),
    )
}

/// Runs `sql` (whose one parameter is an `rarray` of `ids`) and groups the mapped rows by their
/// `owner` column, keeping their order.
pub(crate) fn grouped<T>(
    conn: &Connection,
    sql: &str,
    ids: &[i64],
    map: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> AppResult<Grouped<T>> {
    // Run even for no ids: a relation then costs the same statements whatever the data.
    let mut groups: Grouped<T> = HashMap::new();
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id_array(ids.iter().copied())], |row| {
        Ok((row.get::<_, i64>("owner")?, map(row)?))
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
    map: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    key: impl Fn(&T) -> K,
) -> AppResult<HashMap<K, T>>
where
    K: std::hash::Hash + Eq,
{
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([ids], |row| map(row))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations()
            .and_then(|m| m.validate().map_err(Into::into))
            .expect("embedded migrations validate");
    }
}
