//! The change broadcast: every committed change, sent in commit order while the writer is
//! still held to the subscriptions listening ([`Db::subscribe`]), and the end of every
//! subscription when the server shuts down ([`Db::close_subscriptions`]).

use std::sync::Arc;

use crate::db::sql::Connection;

use super::{Db, history};

/// How many changes a subscriber may fall behind before it is told it lagged; a writer never
/// waits for a subscriber.
pub(super) const CHANGE_BACKLOG: usize = 4096;

impl Db {
    /// The changes committed from now on, each once, in commit order. A receiver that falls
    /// more than a few thousand changes behind is told how many it missed.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Arc<history::ChangeRow>> {
        self.changes.subscribe()
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
}

/// Sends the changes committed after the change `before` to the subscribers. The write has
/// committed: a failure to read them back is logged, and does not undo or fail the write.
pub(super) fn publish(
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
