//! Loading related data: one mechanism for every relation of every type.
//!
//! Objects are made in batches: the rows of one page, of one lookup, or of one relation of a
//! batch. Every object holds its batch, and each relation of the type is a [`Lazy`] field of the
//! batch. The first object whose field needs a relation reads it for *every* object of its batch
//! in one blocking read (a fixed number of `IN rarray(?)` statements, see the `…_of` readers of
//! `crate::db`); the other objects find it loaded. The related objects are made as one batch in
//! turn, so their own relations cost the same few statements however many they are. A list of
//! any size therefore costs a fixed number of statements per relation selected, at any depth, a
//! relation that is not selected costs nothing, and no request waits for a batching window (a
//! DataLoader would wait for its delay to gather keys; these batches are known when they are
//! made).
//!
//! Paged relations (a company's subsidiaries, agreements, partners) are [`Keyed`] by their
//! arguments, since one object may select the same field twice with different arguments, and
//! are read for every owner in the batch at once (see `crate::db::page::List::pages`).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use crate::db::sql::Connection;
use async_graphql::Context;
use tokio::sync::OnceCell;

use super::db;
use crate::db::rows::{Grouped, unique_ids};
use crate::error::{AppError, AppResult};

/// Declares the batch of an object type: its rows and one [`Lazy`] (or [`Keyed`]) field per
/// relation, the table of what can be loaded for the whole batch; and the object's
/// constructors over rows. An object is a handle on its row in the batch.
macro_rules! batch_of {
    ($(#[$meta:meta])* $object:ident, $batch:ident, $row:ty, { $($field:ident: $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $object {
            batch: std::sync::Arc<$batch>,
            index: usize,
        }

        #[doc = concat!("The `", stringify!($object), "` objects read together, and their related data.")]
        #[derive(Default)]
        struct $batch {
            // Shared, not cloned, with the blocking reads that need the rows themselves.
            rows: std::sync::Arc<[$row]>,
            $($field: $ty,)*
        }

        impl $object {
            /// The rows as one batch.
            #[allow(clippy::needless_update)]
            pub fn batch(rows: Vec<$row>) -> Vec<Self> {
                let batch = std::sync::Arc::new($batch {
                    rows: rows.into(),
                    ..$batch::default()
                });
                (0..batch.rows.len())
                    .map(|index| Self {
                        batch: std::sync::Arc::clone(&batch),
                        index,
                    })
                    .collect()
            }

            /// The rows keyed by id as one batch, keyed the same way.
            #[allow(dead_code)]
            pub fn by_id(rows: std::collections::HashMap<i64, $row>) -> std::collections::HashMap<i64, Self> {
                $crate::graphql::loader::keyed_objects(rows, Self::batch)
            }

            /// The object's own row.
            pub fn row(&self) -> &$row {
                &self.batch.rows[self.index]
            }
        }
    };
}
pub(crate) use batch_of;

/// Related data of a batch, read once, by whichever object first needs it.
pub struct Lazy<T>(OnceCell<T>);

impl<T> Default for Lazy<T> {
    fn default() -> Self {
        Self(OnceCell::new())
    }
}

impl<T: Send + Sync> Lazy<T> {
    /// The value, reading it the first time with `read` on the blocking pool and making it
    /// with `make` (which turns rows into objects).
    pub async fn get<R: Send + 'static>(
        &self,
        ctx: &Context<'_>,
        read: impl FnOnce(&Connection) -> AppResult<R> + Send + 'static,
        make: impl FnOnce(R) -> T,
    ) -> AppResult<&T> {
        self.0
            .get_or_try_init(|| async {
                let rows = db(ctx)?.read(read).await?;
                Ok::<_, AppError>(make(rows))
            })
            .await
    }
}

impl<T> Lazy<T> {
    /// Sets the value before anyone asks, when it was read with the batch itself; a value
    /// already there is kept.
    pub fn preset(&self, value: T) {
        let _ = self.0.set(value);
    }
}

impl<T: Send + Sync> Lazy<T> {
    /// The value, made the first time by `load` (for values that take more than one read).
    pub async fn get_or_load(
        &self,
        load: impl std::future::Future<Output = AppResult<T>>,
    ) -> AppResult<&T> {
        self.0.get_or_try_init(|| load).await
    }
}

impl<T: Clone + Send + Sync> Lazy<HashMap<i64, T>> {
    /// The one object a row refers to by id (`wanted`, none when it refers to none), read the
    /// first time with every object the rows of its batch refer to (`ids`), in one statement
    /// (`read`, whose rows `make` turns into objects by id).
    pub async fn one<R: Send + 'static>(
        &self,
        ctx: &Context<'_>,
        ids: Vec<i64>,
        wanted: Option<i64>,
        read: fn(&Connection, &[i64]) -> AppResult<R>,
        make: impl FnOnce(R) -> HashMap<i64, T>,
    ) -> AppResult<Option<T>> {
        let Some(wanted) = wanted else {
            return Ok(None);
        };
        let found = self
            .get(ctx, move |conn| read(conn, &unique_ids(ids)), make)
            .await?;
        Ok(found.get(&wanted).cloned())
    }
}

/// Related data of a batch that depends on the field's arguments: one [`Lazy`] per key.
pub struct Keyed<T>(Mutex<HashMap<String, Arc<Lazy<T>>>>);

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Self(Mutex::new(HashMap::new()))
    }
}

impl<T: Send + Sync> Keyed<T> {
    /// The [`Lazy`] for `key` (the field's name and arguments).
    pub fn slot(&self, key: String) -> Arc<Lazy<T>> {
        // The map only ever gains entries; a panic elsewhere cannot leave it inconsistent.
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(map.entry(key).or_default())
    }
}

/// Reads a value for each of many rows, by row id (such as `crate::summary::read::companies`).
pub type PerRowReader<R, V> = fn(&Connection, &[R]) -> AppResult<HashMap<i64, V>>;

/// What `read` gives for the row with `id`, read for every row of the batch (`rows`) at once
/// into `cell`: the facts of summaries and titles.
pub async fn per_row<'a, R, V>(
    cell: &'a Lazy<HashMap<i64, V>>,
    ctx: &Context<'_>,
    rows: &Arc<[R]>,
    id: i64,
    read: PerRowReader<R, V>,
) -> AppResult<&'a V>
where
    R: Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    let rows = Arc::clone(rows);
    let all = cell.get(ctx, move |conn| read(conn, &rows), |v| v).await?;
    all.get(&id)
        .ok_or_else(|| AppError::Internal(format!("nothing read for row {id} of its batch")))
}

/// Objects of one batch, by the owner each belongs to: a relation read for a whole batch.
pub type Related<C> = HashMap<i64, Vec<C>>;

/// Makes the grouped `rows` into objects of one batch with `make`, grouped by owner again.
pub fn grouped_objects<R, C>(rows: Grouped<R>, make: impl FnOnce(Vec<R>) -> Vec<C>) -> Related<C> {
    let mut owners = Vec::new();
    let mut flat = Vec::new();
    for (owner, group) in rows {
        for row in group {
            owners.push(owner);
            flat.push(row);
        }
    }
    let mut out: Related<C> = HashMap::new();
    for (owner, object) in owners.into_iter().zip(make(flat)) {
        out.entry(owner).or_default().push(object);
    }
    out
}

/// Makes the keyed `rows` into objects of one batch with `make`, keyed again.
pub fn keyed_objects<K: Hash + Eq, R, C>(
    rows: HashMap<K, R>,
    make: impl FnOnce(Vec<R>) -> Vec<C>,
) -> HashMap<K, C> {
    let (keys, rows): (Vec<K>, Vec<R>) = rows.into_iter().unzip();
    keys.into_iter().zip(make(rows)).collect()
}

/// The objects `related` holds for `owner`, cloned (objects are cheap handles on their batch).
pub fn of<C: Clone>(related: &Related<C>, owner: i64) -> Vec<C> {
    related.get(&owner).cloned().unwrap_or_default()
}
