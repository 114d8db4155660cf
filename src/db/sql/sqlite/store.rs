//! The SQLite file: its read pool, its one writer, its migrations (`db/migrations`, by
//! `PRAGMA user_version`) and the connection that watches `PRAGMA data_version`.

use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context;
use include_dir::{Dir, include_dir};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::OpenFlags;
use rusqlite_migration::Migrations;

use crate::db::sql::Connection;
use crate::error::{AppError, AppResult};

static MIGRATIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/db/migrations");

/// How long a connection waits for a lock held by another before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Settings applied to every connection when it is opened (public, so that the benchmark's
/// bare twins read with exactly these).
pub fn configure(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    rusqlite::vtab::array::load_module(conn)?;
    super::rank::register(conn)?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA mmap_size = 268435456;",
    )?;
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

/// A SQLite database file, open.
pub(crate) struct Store {
    readers: r2d2::Pool<SqliteConnectionManager>,
    writer: Mutex<rusqlite::Connection>,
    /// A connection kept only to ask `PRAGMA data_version`, which changes whenever any
    /// connection of any process commits a write; its values mean something only on one
    /// connection, so every caller asks this one.
    watcher: Mutex<rusqlite::Connection>,
}

impl Store {
    /// Opens (creating if needed) the file at `path` and migrates it; returns how many
    /// migrations it applied.
    pub(crate) fn open(path: &Path, readers: u32) -> anyhow::Result<(Self, usize)> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating the database folder {}", dir.display()))?;
        }
        let mut writer = rusqlite::Connection::open(path)
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
        let watcher = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .context("opening the change watcher")?;
        Ok((
            Self {
                readers,
                writer: Mutex::new(writer),
                watcher: Mutex::new(watcher),
            },
            after.saturating_sub(before),
        ))
    }

    /// Runs `f` on a read connection (blocking).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> AppResult<T>) -> AppResult<T> {
        let conn = self.readers.get()?;
        f(&Connection::sqlite(&conn))
    }

    /// Runs `f` on the writer connection (blocking).
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Connection) -> AppResult<T>) -> AppResult<T> {
        let conn = self
            .writer
            .lock()
            .map_err(|_| AppError::Internal("the writer connection is poisoned".into()))?;
        f(&Connection::sqlite(&conn))
    }

    /// SQLite's `PRAGMA data_version` on the watcher: about a microsecond, no I/O.
    pub(crate) fn data_version(&self) -> AppResult<i64> {
        let conn = self.watcher.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(crate::db::sql::Error::from)?)
    }

    /// Copies the write-ahead log into the database file and empties it, as a clean shutdown
    /// leaves it.
    pub(crate) fn checkpoint(&self) -> AppResult<()> {
        self.write(|conn| {
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
    }
}

fn migrations() -> anyhow::Result<Migrations<'static>> {
    Migrations::from_directory(&MIGRATIONS).context("reading the embedded migrations")
}

fn current_version(conn: &rusqlite::Connection) -> anyhow::Result<usize> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(usize::try_from(version).unwrap_or(0))
}

/// A fresh in-memory database, configured and migrated as a file would be, for unit tests. It
/// lives as long as the test process.
#[cfg(test)]
pub(crate) fn test_connection() -> Connection<'static> {
    let mut conn = rusqlite::Connection::open_in_memory().expect("in-memory database");
    configure(&conn).expect("configured");
    migrations()
        .and_then(|m| m.to_latest(&mut conn).map_err(Into::into))
        .expect("migrated");
    Connection::sqlite(Box::leak(Box::new(conn)))
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
