//! Data an object needs beyond its own row, either prefetched with the rest of its page or
//! loaded on first use: [`Prefetched`] gives both the same code path.

use std::sync::Arc;

use async_graphql::Context;
use rusqlite::Connection;
use tokio::sync::OnceCell;

use super::db;
use crate::error::AppResult;

/// A value read once per object: set when its page was loaded, else read by the first field
/// that needs it. Clones share the value.
#[derive(Clone)]
pub struct Prefetched<T>(Arc<OnceCell<Arc<T>>>);

impl<T: Send + Sync + 'static> Prefetched<T> {
    /// Not read yet.
    pub fn later() -> Self {
        Self(Arc::new(OnceCell::new()))
    }

    /// Already read with the page.
    pub fn ready(value: T) -> Self {
        Self(Arc::new(OnceCell::new_with(Some(Arc::new(value)))))
    }

    /// The value, reading it with `read` on the blocking pool the first time.
    pub async fn get(
        &self,
        ctx: &Context<'_>,
        read: impl FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    ) -> AppResult<&T> {
        let value = self
            .0
            .get_or_try_init(|| async {
                let value = db(ctx)?.read(read).await?;
                Ok::<_, crate::error::AppError>(Arc::new(value))
            })
            .await?;
        Ok(value)
    }
}
