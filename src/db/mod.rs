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
mod broadcast;
pub mod chains;
pub mod companies;
mod constraints;
pub mod count;
pub mod events;
pub mod export;
mod fields;
pub mod files;
pub mod floor;
pub mod history;
pub mod import;
pub mod location;
pub mod market_positions;
pub mod page;
pub mod people;
mod pool;
pub mod rebuild;
pub mod record;
pub mod rivalries;
pub mod rows;
pub mod search;
pub mod seed;
pub mod sources;
pub mod sql;
pub mod stats;
pub mod tokens;

use std::sync::Arc;

use anyhow::Context;
use tokio::sync::Semaphore;

pub use location::Location;
pub use sql::sqlite::backup;
pub use sql::sqlite::store::configure;

use broadcast::{CHANGE_BACKLOG, Feed};
use constraints::execute;
use count::{add_to_request_counter, counted};
use pool::{Abandon, acquire};
use rebuild::Rebuild;
use sql::Connection;

use crate::error::AppResult;

/// The current time as the history and the key list store times: UTC, RFC 3339 to the
/// millisecond, which sorts as text. Taken by the server rather than by SQL, so that both
/// engines store the same text.
pub(crate) fn now() -> String {
    crate::model::Instant::now().stored()
}

/// The engine a database is stored in, open. One per database, behind an `Arc`: the size of
/// its variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Store {
    Sqlite(sql::sqlite::store::Store),
    Postgres(sql::postgres::store::Store),
}

impl Store {
    fn read<T>(
        &self,
        floor: Option<&floor::Floor>,
        f: impl FnOnce(&Connection) -> AppResult<T>,
    ) -> AppResult<T> {
        match self {
            Store::Sqlite(store) => store.read(f),
            Store::Postgres(store) => store.read(floor, f),
        }
    }

    fn write<T>(&self, f: impl FnOnce(&Connection) -> AppResult<T>) -> AppResult<T> {
        match self {
            Store::Sqlite(store) => store.write(f),
            Store::Postgres(store) => store.write(f),
        }
    }

    fn data_version(&self) -> AppResult<i64> {
        match self {
            Store::Sqlite(store) => store.data_version(),
            Store::Postgres(store) => store.data_version(),
        }
    }
}

/// The database: a pool of read connections and one writer, on either engine.
#[derive(Clone)]
pub struct Db {
    store: Arc<Store>,
    location: Arc<Location>,
    /// One permit per read connection. A read waits for its permit on the async side, before
    /// it takes a blocking thread: waiting inside the blocking thread for a pooled connection
    /// would grow tokio's blocking pool to one thread per waiting read, each thread with its own
    /// allocator arena, under a load of many concurrent reads.
    read_permits: Arc<Semaphore>,
    /// The writer's one permit, for the same reason.
    write_permit: Arc<Semaphore>,
    /// Every committed change, sent in commit order by the change feed to the subscriptions
    /// listening.
    changes: tokio::sync::broadcast::Sender<Arc<history::ChangeRow>>,
    /// What wakes the change feed ([`Db::start_change_feed`]).
    feed: Arc<Feed>,
    /// Set when the server drains before it stops ([`Db::start_draining`]).
    draining: Arc<std::sync::atomic::AtomicBool>,
    /// Set when the server shuts down: subscriptions end instead of waiting for changes.
    closing: Arc<tokio::sync::watch::Sender<bool>>,
    /// How far a long rebuild of derived data (the search index) has come, while one runs.
    rebuild: Arc<Rebuild>,
}

/// What [`Db::open`] did to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenReport {
    /// Migrations applied now (0 when the database was already current).
    pub migrations_applied: usize,
    /// Whether the seed dataset was loaded now (only ever into an empty database).
    pub seeded: bool,
}

impl Db {
    /// Opens (creating if needed) the database at `location`, migrates it to the latest
    /// version and, on first start only, loads the seed dataset. `readers` bounds the read
    /// pool.
    pub fn open(location: impl Into<Location>, readers: u32) -> anyhow::Result<(Self, OpenReport)> {
        Self::open_with(location, readers, true)
    }

    /// [`Db::open`], loading the seed dataset into a new database only when `seed`.
    pub fn open_with(
        location: impl Into<Location>,
        readers: u32,
        seed: bool,
    ) -> anyhow::Result<(Self, OpenReport)> {
        Self::open_replicated(location, readers, seed, &[], None)
    }

    /// [`Db::open_with`], with PostgreSQL hot standbys that take reads (`standbys`; see
    /// `crate::db::floor`): those caught up with the primary as each request found it, or with
    /// `max_staleness`, those lagging at most that much. Standbys need a PostgreSQL database.
    pub fn open_replicated(
        location: impl Into<Location>,
        readers: u32,
        seed: bool,
        standbys: &[Location],
        max_staleness: Option<std::time::Duration>,
    ) -> anyhow::Result<(Self, OpenReport)> {
        let location = location.into();
        let replicas = sql::postgres::store::ReadReplicas {
            standbys: standbys
                .iter()
                .map(|standby| match standby {
                    Location::Postgres(url) => Ok((url.config.clone(), url.shown.clone())),
                    Location::Sqlite(path) => Err(anyhow::anyhow!(
                        "a read replica is a PostgreSQL standby (a postgres:// URL), not the \
                         SQLite file {}",
                        path.display()
                    )),
                })
                .collect::<anyhow::Result<_>>()?,
            max_staleness,
        };
        let (store, migrations_applied) = match &location {
            Location::Sqlite(path) => {
                anyhow::ensure!(
                    replicas.standbys.is_empty(),
                    "read replicas need a PostgreSQL database; {} is a SQLite file",
                    path.display()
                );
                let (store, applied) = sql::sqlite::store::Store::open(path, readers)?;
                (Store::Sqlite(store), applied)
            }
            Location::Postgres(url) => {
                let (store, applied) =
                    sql::postgres::store::Store::open(&url.config, readers, &replicas)
                        .with_context(|| format!("opening the database {}", url.shown))?;
                (Store::Postgres(store), applied)
            }
        };
        // Derived data the migrations cannot compute in SQL: the name keys of the companies
        // stored before they were kept (a statement when there are none).
        store
            .write(|conn| {
                let tx = conn.write_transaction()?;
                if companies::fill_name_keys(&tx)? > 0 {
                    tx.commit()?;
                }
                Ok(())
            })
            .map_err(|e| anyhow::Error::from(e).context("deriving the companies' name keys"))?;
        let mut failure = None;
        let seeded = seed
            && store
                .write(|conn| {
                    Ok(seed::seed_if_empty(conn).unwrap_or_else(|e| {
                        failure = Some(e);
                        false
                    }))
                })
                .map_err(anyhow::Error::from)?;
        if let Some(e) = failure {
            return Err(e.context("loading the seed dataset"));
        }
        let db = Self {
            store: Arc::new(store),
            location: Arc::new(location),
            read_permits: Arc::new(Semaphore::new(readers.max(1) as usize)),
            write_permit: Arc::new(Semaphore::new(1)),
            changes: tokio::sync::broadcast::channel(CHANGE_BACKLOG).0,
            feed: Arc::new(Feed::default()),
            draining: Arc::default(),
            closing: Arc::new(tokio::sync::watch::channel(false).0),
            rebuild: Arc::new(Rebuild::default()),
        };
        Ok((
            db,
            OpenReport {
                migrations_applied,
                seeded,
            },
        ))
    }

    /// Where this database lives.
    pub fn location(&self) -> &Location {
        &self.location
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
        let store = Arc::clone(&self.store);
        let abandon = Abandon::default();
        let running = abandon.handle();
        let floor = floor::current();
        let (result, statements) = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            counted(|| {
                store.read(floor.as_deref(), |conn| {
                    let _running = running.start(conn)?;
                    f(conn)
                })
            })
        })
        .await?;
        abandon.finished();
        add_to_request_counter(statements);
        result
    }

    /// Runs `f` in a write transaction ([`Connection::write_transaction`]) on the writer
    /// connection on a blocking thread; the transaction commits only when `f` succeeds, so a
    /// failed write leaves nothing behind.
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        let permit = acquire(&self.write_permit).await?;
        let store = Arc::clone(&self.store);
        let (result, statements) = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            counted(|| {
                store.write(|conn| {
                    let tx = conn.write_transaction()?;
                    let value = f(&tx)?;
                    // A connection that breaks now leaves the outcome unknown: the server may
                    // have committed before it went. The client is told so, never that the
                    // write failed, and it is not sent again here.
                    match tx.commit() {
                        Err(error) if error.is_unavailable() => {
                            Err(crate::error::AppError::write_outcome_unknown(&error))
                        }
                        outcome => Ok(outcome.map(|()| value)?),
                    }
                })
            })
        })
        .await?;
        add_to_request_counter(statements);
        // The request's reads from now on show what it wrote.
        if let Some(floor) = floor::current() {
            floor.wrote();
        }
        // The feed reads what committed and sends it to the subscribers.
        self.feed.wake();
        result
    }

    /// Runs `f` on the writer connection on a blocking thread, outside any transaction: for
    /// work that commits in steps of its own (filling a large synthetic dataset).
    pub async fn with_writer<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        let permit = acquire(&self.write_permit).await?;
        let store = Arc::clone(&self.store);
        let result = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            store.write(f)
        })
        .await?;
        self.feed.wake();
        result
    }

    /// The rebuild of derived data (the search index) running on this database, if any.
    pub fn rebuild(&self) -> &Arc<Rebuild> {
        &self.rebuild
    }

    /// On SQLite, copies the write-ahead log into the database file and empties it, as a
    /// clean shutdown leaves it; nothing to do on PostgreSQL.
    pub async fn checkpoint(&self) -> AppResult<()> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || match &*store {
            Store::Sqlite(store) => store.checkpoint(),
            Store::Postgres(_) => Ok(()),
        })
        .await?
    }

    /// A number that changes whenever a write commits, by this server or by any other
    /// process (an import, another client): SQLite's `PRAGMA data_version` on one connection
    /// kept for it (about a microsecond, no I/O, so asked inline), PostgreSQL's
    /// `data_version` row, which every write transaction increases (one round trip, on a
    /// blocking thread).
    pub async fn data_version(&self) -> AppResult<i64> {
        match &*self.store {
            Store::Sqlite(store) => store.data_version(),
            Store::Postgres(_) => {
                let store = Arc::clone(&self.store);
                tokio::task::spawn_blocking(move || store.data_version()).await?
            }
        }
    }

    /// Whether the database answers a query.
    pub async fn is_ready(&self) -> bool {
        self.read(|conn| Ok(conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
            .await
            .is_ok()
    }
}

/// Records the current UTC time under `key` in `meta`, such as when the seed dataset was loaded.
pub(crate) fn record_time(conn: &Connection, key: &str) -> AppResult<()> {
    execute(
        conn,
        "INSERT INTO meta (key, value) VALUES (?1, ?2)",
        crate::params![key, now()],
        &[],
    )?;
    Ok(())
}

/// A fresh in-memory SQLite database, configured and migrated as a file would be, for unit
/// tests.
#[cfg(test)]
pub(crate) use sql::sqlite::store::test_connection;
