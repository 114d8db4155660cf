//! Hot standbys that take reads (`--read-replica`): a pool per standby, and a thread per
//! standby that asks it every second how far it has replayed (its `data_version`, which
//! streaming replication brings over with everything else) and how far it lags, for
//! [`Standbys::pick`] and `/metrics`.
//!
//! A request's read goes to a standby only when the standby has replayed at least the
//! primary's data version as the request found it (see `crate::db::floor`), so no read is older
//! than a write acknowledged before it began; with `--max-staleness` instead, to a standby
//! that lags by at most that much, without asking the primary. Otherwise, and whenever no
//! standby answers, it goes to the primary.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use super::store::Manager;

/// How often each standby is asked how far it has come.
const MONITOR_INTERVAL: Duration = Duration::from_secs(1);

/// How long a read waits for a standby's connection before it goes to the primary instead.
const STANDBY_WAIT: Duration = Duration::from_millis(500);

/// The standbys reads may go to.
pub(crate) struct Standbys {
    list: Vec<Arc<Standby>>,
    /// The next standby to try first, so the reads spread over them.
    next: AtomicUsize,
    /// With `--max-staleness`: how far behind a standby may be.
    max_staleness: Option<Duration>,
}

/// One standby.
pub(crate) struct Standby {
    /// `standby-1`, `standby-2`…, as `/metrics` labels it.
    pub(crate) label: String,
    pool: r2d2::Pool<Manager>,
    /// The highest data version it was seen to have replayed.
    seen: AtomicI64,
    /// Its lag behind the primary in milliseconds, as last measured; `u64::MAX` unknown.
    lag_ms: AtomicU64,
    /// Whether it answered the last time it was asked.
    up: AtomicBool,
}

/// A connection to a standby, for one read.
pub(crate) type StandbyConnection = r2d2::PooledConnection<Manager>;

impl Standbys {
    /// The standbys at `configs` (each named as the log shows it), watched from now on.
    pub(crate) fn open(
        configs: &[(postgres::Config, String)],
        max_staleness: Option<Duration>,
    ) -> Self {
        let list = configs
            .iter()
            .enumerate()
            .map(|(i, (config, shown))| {
                let standby = Arc::new(Standby {
                    label: format!("standby-{}", i + 1),
                    pool: r2d2::Pool::builder()
                        .max_size(16)
                        .min_idle(Some(0))
                        .test_on_check_out(false)
                        .connection_timeout(STANDBY_WAIT)
                        .build_unchecked(Manager::new(config.clone())),
                    seen: AtomicI64::new(i64::MIN),
                    lag_ms: AtomicU64::new(u64::MAX),
                    up: AtomicBool::new(false),
                });
                tracing::info!(standby = %standby.label, database = %shown, "reads may go to a standby");
                let (watched, mut config) = (Arc::downgrade(&standby), config.clone());
                config.application_name("dealgraph-monitor");
                let spawned = std::thread::Builder::new()
                    .name(format!("dealgraph-{}", standby.label))
                    .spawn(move || monitor(&watched, &config));
                if let Err(error) = spawned {
                    tracing::error!(%error, "cannot watch a standby; reads go to the primary");
                }
                standby
            })
            .collect();
        Self {
            list,
            next: AtomicUsize::new(0),
            max_staleness,
        }
    }

    /// Whether reads choose standbys by lag (`--max-staleness`) rather than by the primary's
    /// data version.
    pub(crate) fn by_staleness(&self) -> bool {
        self.max_staleness.is_some()
    }

    /// A connection to a standby fresh enough for a read that must see the primary's data
    /// version `required` (or, with `--max-staleness`, any standby lagging at most that much),
    /// trying each in turn; `None` when none is.
    pub(crate) fn pick(&self, required: Option<i64>) -> Option<(&Standby, StandbyConnection)> {
        let n = self.list.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        (0..n).find_map(|k| {
            let standby = &self.list[(start + k) % n];
            if !standby.up.load(Ordering::Relaxed) {
                return None;
            }
            let fresh = match (required, self.max_staleness) {
                (_, Some(max)) => {
                    standby.lag_ms.load(Ordering::Relaxed)
                        <= u64::try_from(max.as_millis()).unwrap_or(u64::MAX)
                }
                (Some(required), None) => standby.seen.load(Ordering::Relaxed) >= required,
                (None, None) => false,
            };
            let conn = match standby.pool.get() {
                Ok(conn) => conn,
                Err(_) => {
                    standby.up.store(false, Ordering::Relaxed);
                    return None;
                }
            };
            if fresh {
                return Some((&**standby, conn));
            }
            // Not known to be far enough yet: ask it (a standby only ever moves forward).
            let required = required?;
            let version: i64 = conn.query_value("SELECT value FROM data_version").ok()?;
            standby.seen.fetch_max(version, Ordering::Relaxed);
            (version >= required).then_some((&**standby, conn))
        })
    }
}

/// Asks the standby every [`MONITOR_INTERVAL`] how far it has replayed and how far it lags,
/// until it is dropped.
fn monitor(watched: &Weak<Standby>, config: &postgres::Config) {
    // Caught up when it has replayed all it received and is receiving; otherwise behind by the
    // age of the last transaction it replayed.
    const ASK: &str = "SELECT (SELECT value FROM data_version),
        CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                  AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
             THEN 0.0
             ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0.0)
        END::float8";
    let mut client: Option<postgres::Client> = None;
    loop {
        let Some(standby) = watched.upgrade() else {
            return;
        };
        if client.as_ref().is_none_or(postgres::Client::is_closed) {
            client = config.connect(postgres::NoTls).ok();
        }
        let answer = client
            .as_mut()
            .map(|c| c.query_one(ASK, &[]))
            .and_then(Result::ok);
        match answer {
            Some(row) => {
                let (version, lag): (i64, f64) = (row.get(0), row.get(1));
                standby.seen.fetch_max(version, Ordering::Relaxed);
                let lag_ms = (lag.max(0.0) * 1000.0) as u64;
                standby.lag_ms.store(lag_ms, Ordering::Relaxed);
                standby.up.store(true, Ordering::Relaxed);
                crate::metrics::record_standby(&standby.label, true, Some(lag));
            }
            None => {
                client = None;
                standby.up.store(false, Ordering::Relaxed);
                standby.lag_ms.store(u64::MAX, Ordering::Relaxed);
                crate::metrics::record_standby(&standby.label, false, None);
            }
        }
        drop(standby);
        std::thread::sleep(MONITOR_INTERVAL);
    }
}
