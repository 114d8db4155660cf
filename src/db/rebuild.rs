//! How far a long rebuild of derived data (the search index) has come, while one runs:
//! [`Rebuild`], which the rebuild advances and readers ask instead of waiting for the writer
//! the rebuild holds.

use std::sync::atomic::{AtomicU64, Ordering};

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
