//! `Subscription`: the changes committed, pushed to clients over graphql-transport-ws at
//! `/graphql/ws` as they commit.

use async_graphql::{Context, ErrorExtensions, Subscription as SubscriptionObject};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;

use super::db;
use super::history::{Change, ChangeFilter};

/// The subscriptions of the API.
#[derive(Default)]
pub struct Subscription;

/// What clients can subscribe to over `/graphql/ws`.
#[SubscriptionObject]
impl Subscription {
    /// Every change committed from now on that matches the filter, each once, in commit
    /// order, after it committed. A subscriber that falls more than a few thousand changes
    /// behind gets an error and the subscription ends; it can read what it missed from the
    /// `changes` query, after the last `sequence` it saw. When the server shuts down, the
    /// subscription completes.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only changes that match every condition given.")] filter: Option<
            ChangeFilter,
        >,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<Change>> + use<>> {
        let receiver = db(ctx)?.subscribe();
        let closing = db(ctx)?.closing();
        let filter = filter.unwrap_or_default().checked()?;
        // Counted as open for as long as the stream lives.
        let open = crate::metrics::OpenSubscription::new();
        Ok(futures_util::stream::unfold(
            Some((receiver, closing, filter, open)),
            |state| async move {
                let (mut receiver, mut closing, filter, open) = state?;
                loop {
                    let received = tokio::select! {
                        received = receiver.recv() => received,
                        // The server is shutting down: the subscription completes.
                        _ = closing.wait_for(|closing| *closing) => return None,
                    };
                    match received {
                        Ok(row) => {
                            let change = Change::new(row);
                            if change.matches(&filter) {
                                return Some((Ok(change), Some((receiver, closing, filter, open))));
                            }
                        }
                        Err(RecvError::Lagged(missed)) => {
                            let error = async_graphql::Error::new(format!(
                                "the subscriber fell {missed} changes behind and was dropped; \
                                 read them from `changes` after the last sequence received"
                            ))
                            .extend_with(|_, e| e.set("code", "SUBSCRIBER_LAGGED"));
                            return Some((Err(error), None));
                        }
                        Err(RecvError::Closed) => return None,
                    }
                }
            },
        ))
    }
}
