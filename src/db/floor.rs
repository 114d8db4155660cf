//! How fresh the reads of one request must be: never older than a write acknowledged before
//! the request began, through this server or any other on the database. With read replicas
//! (PostgreSQL hot standbys) a read may go to a standby only once it has replayed the
//! primary's data version as it was when the request began ([`Floor::version`], learned once
//! per request: the response cache reads it anyway); after the request itself wrote, its reads
//! go to the primary ([`Floor::primary_only`]), so that a mutation's answer shows what it wrote.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

tokio::task_local! {
    /// The floor of the request being served. A read outside any request (the change feed,
    /// the search index's upkeep) has none and is as fresh as the primary.
    pub static READ_FLOOR: Arc<Floor>;
}

/// The oldest data a request may read.
#[derive(Debug)]
pub struct Floor {
    /// The primary's data version when the request began; `i64::MIN` until learned.
    version: AtomicI64,
    /// Whether every read must go to the primary.
    primary: AtomicBool,
}

impl Default for Floor {
    fn default() -> Self {
        Self {
            version: AtomicI64::new(i64::MIN),
            primary: AtomicBool::new(false),
        }
    }
}

impl Floor {
    /// A floor at the primary's data version `version`.
    pub fn at(version: i64) -> Self {
        let floor = Self::default();
        floor.version.store(version, Ordering::Relaxed);
        floor
    }

    /// A floor that sends every read to the primary.
    pub fn primary() -> Self {
        let floor = Self::default();
        floor.primary.store(true, Ordering::Relaxed);
        floor
    }

    /// The primary's data version the reads must have reached, once learned.
    pub fn version(&self) -> Option<i64> {
        Some(self.version.load(Ordering::Relaxed)).filter(|v| *v != i64::MIN)
    }

    /// Records the primary's data version, learned by the first read.
    pub fn learn(&self, version: i64) {
        let _ =
            self.version
                .compare_exchange(i64::MIN, version, Ordering::Relaxed, Ordering::Relaxed);
    }

    /// Whether every read must go to the primary.
    pub fn primary_only(&self) -> bool {
        self.primary.load(Ordering::Relaxed)
    }

    /// From now on every read goes to the primary: the request wrote.
    pub fn wrote(&self) {
        self.primary.store(true, Ordering::Relaxed);
    }
}

/// The floor of the request being served, if any.
pub fn current() -> Option<Arc<Floor>> {
    READ_FLOOR.try_with(Arc::clone).ok()
}
