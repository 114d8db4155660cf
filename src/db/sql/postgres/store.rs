//! A PostgreSQL database: a pool of read connections, a pool of one for the writer (so that
//! a broken connection is replaced by the next write), the migrations (`db/postgres`, recorded
//! in `schema_migrations`) and the data version the response cache keys on.
//!
//! Connections are made again whenever the server went away: a statement on a broken
//! connection fails (its request gets `DATABASE_UNAVAILABLE`), the pool drops the connection,
//! and the next request connects anew, to whichever host of the URL is now the one asked for
//! (`target_session_attrs`).

use std::time::Duration;

use anyhow::Context;
use include_dir::{Dir, include_dir};

use super::Client;
use super::standby::Standbys;
use crate::db::floor::Floor;
use crate::db::sql::Connection;
use crate::error::AppResult;

static MIGRATIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/db/postgres");

/// The advisory lock every write transaction takes, on every process sharing the database:
/// writes commit one after the other, so the history's sequence is handed out in commit
/// order. The number is the text `deal` read as an integer.
// Spelled out in `BEGIN_WRITE`, which a test checks against this.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const WRITE_LOCK: i64 = 0x6465_616c;

/// The advisory lock migrations run under, so that servers starting together migrate once.
const MIGRATION_LOCK: i64 = 0x6465_616d;

/// How long a new connection may take before the database counts as unavailable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Makes and checks the connections of a pool.
pub(crate) struct Manager(postgres::Config);

impl Manager {
    /// Connections to the server `config` names.
    pub(crate) fn new(config: postgres::Config) -> Self {
        Self(config)
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Client;
    type Error = crate::db::sql::Error;

    fn connect(&self) -> Result<Client, Self::Error> {
        Client::connect(&self.0)
    }

    fn is_valid(&self, conn: &mut Client) -> Result<(), Self::Error> {
        conn.batch("")
    }

    fn has_broken(&self, conn: &mut Client) -> bool {
        conn.is_closed()
    }
}

/// A PostgreSQL database, open.
pub(crate) struct Store {
    readers: r2d2::Pool<Manager>,
    writer: r2d2::Pool<Manager>,
    /// How to connect, for a connection of its own (the change feed's `LISTEN`).
    config: postgres::Config,
    /// Hot standbys that take reads, if any were given.
    standbys: Option<Standbys>,
}

/// Where reads may go besides the primary (`--read-replica`, `--max-staleness`).
#[derive(Debug, Clone, Default)]
pub struct ReadReplicas {
    /// Each standby: how to connect, and how the log names it (its password hidden).
    pub standbys: Vec<(postgres::Config, String)>,
    /// How far behind a standby a read may be, instead of never older than the primary's data
    /// when the request began.
    pub max_staleness: Option<Duration>,
}

impl Store {
    /// Connects to the database `config` names and migrates it; returns how many migrations
    /// it applied.
    pub(crate) fn open(
        config: &postgres::Config,
        readers: u32,
        replicas: &ReadReplicas,
    ) -> anyhow::Result<(Self, usize)> {
        let mut config = config.clone();
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("dealgraph");
        }
        let pool = |size: u32| {
            r2d2::Pool::builder()
                .max_size(size)
                .min_idle(Some(0))
                // A broken connection is noticed by the statement that fails on it
                // (`has_broken`); checking every one out with a statement would add a round
                // trip to every read.
                .test_on_check_out(false)
                .connection_timeout(CONNECT_TIMEOUT)
                .build_unchecked(Manager(config.clone()))
        };
        let store = Self {
            readers: pool(readers.max(1)),
            writer: pool(1),
            config: config.clone(),
            standbys: (!replicas.standbys.is_empty())
                .then(|| Standbys::open(&replicas.standbys, replicas.max_staleness)),
        };
        let applied = store.migrate().context("migrating the database")?;
        Ok((store, applied))
    }

    /// Applies every migration not applied yet, each in its transaction, under
    /// [`MIGRATION_LOCK`].
    fn migrate(&self) -> anyhow::Result<usize> {
        let client = self.writer.get().context("connecting to the database")?;
        let conn = Connection::postgres(&client);
        conn.execute_batch(&format!(
            "SELECT pg_advisory_lock({MIGRATION_LOCK});
             CREATE TABLE IF NOT EXISTS schema_migrations (
                 version BIGINT PRIMARY KEY,
                 name TEXT NOT NULL,
                 applied_at TEXT NOT NULL
             );"
        ))?;
        let outcome = (|| -> anyhow::Result<usize> {
            let done: i64 = conn.query_row(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )?;
            let mut dirs: Vec<_> = MIGRATIONS.dirs().collect();
            dirs.sort_by_key(|d| d.path());
            let mut applied = 0;
            for (i, dir) in dirs.iter().enumerate() {
                let version = i64::try_from(i + 1)?;
                if version <= done {
                    continue;
                }
                let name = dir.path().display().to_string();
                let sql = dir
                    .get_file(dir.path().join("up.sql"))
                    .and_then(|f| f.contents_utf8())
                    .with_context(|| format!("the migration {name} has no up.sql"))?;
                let tx = conn.transaction()?;
                tx.execute_batch(sql)
                    .with_context(|| format!("applying the migration {name}"))?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                    crate::params![version, name, crate::db::now()],
                )?;
                tx.commit()?;
                applied += 1;
            }
            Ok(applied)
        })();
        conn.execute_batch(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
        outcome
    }

    /// How to connect to the database.
    pub(crate) fn config(&self) -> &postgres::Config {
        &self.config
    }

    /// Runs `f` on a read connection (blocking): a standby's when one is fresh enough for
    /// `floor` (a request's; without one, the primary's), else the primary's.
    pub(crate) fn read<T>(
        &self,
        floor: Option<&Floor>,
        f: impl FnOnce(&Connection) -> AppResult<T>,
    ) -> AppResult<T> {
        if let (Some(standbys), Some(floor)) = (&self.standbys, floor)
            && !floor.primary_only()
        {
            let required = if standbys.by_staleness() {
                None
            } else if let Some(version) = floor.version() {
                Some(version)
            } else {
                let version = self.data_version()?;
                floor.learn(version);
                Some(version)
            };
            if let Some((standby, client)) = standbys.pick(required) {
                crate::metrics::record_read(&standby.label);
                return f(&Connection::postgres(&client));
            }
        }
        if self.standbys.is_some() {
            crate::metrics::record_read("primary");
        }
        let client = self.readers.get()?;
        f(&Connection::postgres(&client))
    }

    /// Runs `f` on the writer connection (blocking).
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Connection) -> AppResult<T>) -> AppResult<T> {
        let client = self.writer.get()?;
        f(&Connection::postgres(&client))
    }

    /// The number every write transaction increases (`data_version`), read on a read
    /// connection: one round trip, not counted among the request's statements.
    pub(crate) fn data_version(&self) -> AppResult<i64> {
        let client = self.readers.get()?;
        Ok(client.query_value("SELECT value FROM data_version")?)
    }
}
