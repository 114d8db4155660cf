//! The change feed: every committed change, read back from the `changes` table in commit order
//! and sent once to the subscriptions listening ([`Db::subscribe`]), whichever process wrote
//! it; and the end of every subscription when the server shuts down
//! ([`Db::close_subscriptions`]).
//!
//! One task per server ([`Db::start_change_feed`]) remembers the last change it sent and, when
//! woken, reads and sends the changes after it. It is woken by this server's own commits, by
//! PostgreSQL's `NOTIFY dealgraph_changes` (sent by a trigger on `changes` when a transaction
//! that wrote history commits, whichever server or `dealgraph import` wrote it; listened to on
//! a connection of its own, made again after the database restarted or failed over), and by a
//! change of SQLite's data version (another process wrote to the file). Since it reads the
//! table rather than passing on what a writer announced, a change is sent once, in commit
//! order, after it committed, and nothing is missed while the listening connection is down:
//! the first read after it is back covers the gap.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use tokio::sync::Notify;

use super::{Db, Store, history};
use crate::error::AppResult;

/// How many changes a subscriber may fall behind before it is told it lagged; a writer never
/// waits for a subscriber.
pub(super) const CHANGE_BACKLOG: usize = 4096;

/// How many changes one read of the feed takes: a large import is sent in pieces.
const FEED_PAGE: usize = 1_000;

/// The channel the PostgreSQL trigger notifies (`db/postgres/02-change-notify`).
pub(crate) const CHANGES_CHANNEL: &str = "dealgraph_changes";

/// How often the feed looks for changes it was not told of: SQLite's data version costs a
/// microsecond and is how writes by other processes are noticed; on PostgreSQL the
/// notifications do that, and this is only a safety net.
fn poll_interval(store: &Store) -> Duration {
    match store {
        Store::Sqlite(_) => Duration::from_millis(200),
        Store::Postgres(_) => Duration::from_secs(5),
    }
}

/// What wakes the change feed.
#[derive(Default)]
pub(super) struct Feed {
    wake: Notify,
    /// Whether a feed task runs (only in a server; a command-line tool has no subscribers).
    started: AtomicBool,
}

impl Feed {
    /// Tells the feed that changes may have committed.
    pub(super) fn wake(&self) {
        self.wake.notify_one();
    }
}

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
    /// down; new ones end at once. The change feed stops too.
    pub fn close_subscriptions(&self) {
        self.closing.send_replace(true);
    }

    /// Marks the server as draining before it stops: `/readyz` answers 503 from now on.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    /// Whether the server is draining before it stops.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }

    /// Starts the change feed (once; later calls do nothing): a task that sends every
    /// committed change to the subscribers, and on PostgreSQL a thread that listens for the
    /// database's notifications. Both stop when the subscriptions are closed.
    pub fn start_change_feed(&self) {
        if self.feed.started.swap(true, Ordering::SeqCst) {
            return;
        }
        if let Store::Postgres(store) = &*self.store {
            let mut config = store.config().clone();
            // Named, so that an operator can tell it from the pools' connections.
            config.application_name("dealgraph-listen");
            let (config, feed, closing) =
                (config, Arc::clone(&self.feed), self.closing.subscribe());
            let spawned = std::thread::Builder::new()
                .name("dealgraph-listen".into())
                .spawn(move || listen(&config, &feed, &closing));
            if let Err(error) = spawned {
                tracing::error!(%error, "cannot start listening for changes");
            }
        }
        let db = self.clone();
        tokio::spawn(async move { db.run_feed().await });
    }

    /// The feed task: sends the changes after the last one sent whenever woken or polled.
    async fn run_feed(self) {
        let mut closing = self.closing.subscribe();
        let poll = poll_interval(&self.store);
        let mut last: Option<i64> = None;
        let mut version: Option<i64> = None;
        // Where the history ends now: what commits from here on is sent.
        self.feed.wake();
        loop {
            if *closing.borrow() {
                return;
            }
            let woken = tokio::select! {
                () = self.feed.wake.notified() => true,
                () = tokio::time::sleep(poll) => false,
                _ = closing.changed() => return,
            };
            // Polled: read only when the data changed since the last look.
            if !woken {
                match self.data_version().await {
                    Ok(now) if Some(now) == version => continue,
                    Ok(now) => version = Some(now),
                    Err(_) => continue,
                }
            }
            if let Err(error) = self.feed_once(&mut last).await {
                tracing::warn!(
                    ?error,
                    "reading committed changes for subscribers; retrying"
                );
                tokio::time::sleep(Duration::from_millis(500)).await;
                self.feed.wake();
            }
        }
    }

    /// Sends the changes after `last` (or, the first time and while nobody listens, only
    /// learns where the history ends, so that a subscriber hears what commits after it came).
    async fn feed_once(&self, last: &mut Option<i64>) -> AppResult<()> {
        loop {
            let Some(after) = *last else {
                *last = Some(self.read(history::last_id).await?);
                return Ok(());
            };
            if self.changes.receiver_count() == 0 {
                let end = self.read(history::last_id).await?;
                // A subscriber that came meanwhile hears everything after `after`.
                if self.changes.receiver_count() == 0 {
                    *last = Some(end);
                    return Ok(());
                }
            }
            let rows = self
                .read(move |conn| history::after(conn, after, FEED_PAGE))
                .await?;
            let full = rows.len() == FEED_PAGE;
            for row in rows {
                *last = Some(row.id);
                // No receiver left is no error: nobody is listening any more.
                let _ = self.changes.send(Arc::new(row));
            }
            if !full {
                return Ok(());
            }
        }
    }
}

/// Listens for [`CHANGES_CHANNEL`] on a connection of its own and wakes the feed at each
/// notification, connecting again (to whichever host is now the primary) whenever the
/// connection is lost, until the server closes. Blocking: runs on a thread of its own.
fn listen(config: &postgres::Config, feed: &Feed, closing: &tokio::sync::watch::Receiver<bool>) {
    let closed = || *closing.borrow();
    while !closed() {
        let mut client = match config.connect(postgres::NoTls) {
            Ok(client) => client,
            Err(error) => {
                tracing::debug!(%error, "listening for changes: cannot connect; retrying");
                std::thread::sleep(Duration::from_secs(1));
                continue;
            }
        };
        if let Err(error) = client.batch_execute(&format!("LISTEN {CHANGES_CHANNEL}")) {
            tracing::warn!(%error, "listening for changes: LISTEN failed; retrying");
            std::thread::sleep(Duration::from_secs(1));
            continue;
        }
        tracing::debug!("listening for changes");
        // What committed while nobody listened.
        feed.wake();
        let mut quiet = 0_u32;
        while !closed() {
            let next = client
                .notifications()
                .timeout_iter(Duration::from_secs(1))
                .next();
            match next {
                Ok(Some(_)) => {
                    quiet = 0;
                    feed.wake();
                }
                Ok(None) => {
                    // A connection whose server vanished without a word (a machine gone) is
                    // noticed by asking now and then.
                    quiet += 1;
                    if quiet.is_multiple_of(10) && client.batch_execute("").is_err() {
                        break;
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "listening for changes: connection lost; reconnecting");
                    break;
                }
            }
        }
    }
}
