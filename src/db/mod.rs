//! Storage: the SQLite file, its connections, migrations and seeding, and one repository file
//! per domain (`companies`, `events`, `market_positions`, `rivalries`, `people`, `agreements`,
//! `sources`, `search`) whose functions take a `&rusqlite::Connection`. This is the only layer
//! that holds SQL; it knows nothing of GraphQL or of localisation. Lists are described by typed
//! filters and orderings that the repository files turn into SQL ([`page::List`]); related rows
//! are read for many owners at once (`…_of(conn, ids)`, grouped by owner id), so callers never
//! need a statement per object.
//!
//! Every kind of record is declared once, in its repository file: a struct generic in how it names
//! other records (`Company<i64>` by storage id as it is written, `Company<String>` by slug in the
//! record files and the history; a source names none), its plain fields a struct of the columns of
//! its own row (`fields::columns!`), its rows made of those fields. The rules the data must obey
//! live in its [`record::Record`] implementation: it checks the record (slugs, names, country codes
//! and the other texts as [`crate::model`] checks them, each refusal naming the input field),
//! derives what is derived (sort names), refuses what the schema cannot express (a parent chain
//! that loops), and turns a constraint violation into the domain error it means
//! (`constraints::write_error`). Mutations, imports and the seed loader are its clients. Global
//! ids are made of a record's permanent key (its first slug); a renamed record keeps its former
//! slugs ([`record`]).
//!
//! rusqlite is blocking, so every call runs on tokio's blocking threads through [`Db::read`] or
//! [`Db::write`], never on an async worker. Reads share a small bounded pool of connections (WAL
//! lets them run beside the writer); writes go through the one writer connection, in a
//! transaction.
//!
//! Every connection counts the SQL statements it starts, so a request can report how many it
//! cost ([`count`]); the N+1 tests and the benchmark rely on it.
//!
//! Beside the repository files: the plain fields of a record (`fields`); reading rows by
//! column and for many owners at once ([`rows`]); running writes and naming the input a violated constraint is about
//! (`constraints`); the connection permits and the reads a caller may abandon (`pool`); the
//! broadcast of committed changes to subscriptions (`broadcast`); the progress of a search
//! index rebuild ([`rebuild`]); backups ([`backup`]).

pub mod agreements;
pub mod backup;
mod broadcast;
pub mod companies;
mod constraints;
pub mod count;
pub mod events;
pub mod export;
mod fields;
pub mod files;
pub mod history;
pub mod import;
pub mod market_positions;
pub mod page;
pub mod people;
mod pool;
// The one module that talks to SQLite's C interface directly (FTS5's extension API).
#[allow(unsafe_code)]
pub mod rank;
pub mod rebuild;
pub mod record;
pub mod rivalries;
pub mod rows;
pub mod search;
pub mod seed;
pub mod sources;
pub mod tokens;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use include_dir::{Dir, include_dir};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::trace::TraceEventCodes;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::Migrations;
use tokio::sync::Semaphore;

use broadcast::{CHANGE_BACKLOG, publish};
use constraints::execute;
use count::{add_to_request_counter, count_statement, counted};
use pool::{Abandon, acquire};
use rebuild::Rebuild;

use crate::error::{AppError, AppResult};

static MIGRATIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/db/migrations");

/// The current time as SQL: UTC, RFC 3339 with milliseconds, which sorts as text.
pub(crate) const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// How long a connection waits for a lock held by another before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

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

    /// The rebuild of derived data (the search index) running on this database, if any.
    pub fn rebuild(&self) -> &Arc<Rebuild> {
        &self.rebuild
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

fn migrations() -> anyhow::Result<Migrations<'static>> {
    Migrations::from_directory(&MIGRATIONS).context("reading the embedded migrations")
}

fn current_version(conn: &Connection) -> anyhow::Result<usize> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(usize::try_from(version).unwrap_or(0))
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

    #[test]
    fn migrations_are_valid() {
        migrations()
            .and_then(|m| m.validate().map_err(Into::into))
            .expect("embedded migrations validate");
    }
}
