//! The response cache: the answer to a query, kept in memory and given again to an identical
//! request (same document, variables, operation, locale and media type) until the next write.
//!
//! Each answer is kept with the database's data version (`PRAGMA data_version`, which changes
//! with every commit of any process, imports and other SQLite clients included). A request
//! asks the version first and takes a kept answer only if it was made at that version, so a
//! write makes every kept answer stale at once, and no client reads data older than a write
//! acknowledged before it asked. The cache holds at most its configured number of bytes,
//! dropping the oldest answers first, and empties itself when the version moves on.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Mutex, PoisonError};

use axum::body::Bytes;
use axum::http::StatusCode;

/// An answer kept for reuse.
#[derive(Debug, Clone)]
pub struct Kept {
    /// Its HTTP status.
    pub status: StatusCode,
    /// Its body, as sent.
    pub body: Bytes,
    /// The data version it was made at.
    pub version: i64,
}

impl Kept {
    /// The entity tag of the answer: the data version and a hash of the body.
    pub fn etag(&self) -> String {
        let mut hasher = DefaultHasher::new();
        self.body.hash(&mut hasher);
        format!("\"{:x}-{:016x}\"", self.version, hasher.finish())
    }
}

/// The kept answers of one data version.
#[derive(Default)]
struct State {
    version: i64,
    entries: HashMap<String, Kept>,
    /// Keys in the order they were kept, oldest first, for eviction.
    order: VecDeque<String>,
    bytes: usize,
}

/// The response cache.
pub struct ResponseCache {
    max_bytes: usize,
    state: Mutex<State>,
}

impl ResponseCache {
    /// A cache of at most `max_bytes` of answers; `None` when `max_bytes` is 0 (no cache).
    pub fn new(max_bytes: usize) -> Option<Self> {
        (max_bytes > 0).then(|| Self {
            max_bytes,
            state: Mutex::new(State::default()),
        })
    }

    /// The key of a request: everything its answer depends on.
    pub fn key(
        document: &str,
        variables: &str,
        operation: Option<&str>,
        locale: &str,
        media: &str,
    ) -> String {
        // Lengths first, so that no two different requests join into the same text.
        format!(
            "{}:{}:{}:{locale}:{media}:{document}{variables}{}",
            document.len(),
            variables.len(),
            operation.map_or(0, str::len),
            operation.unwrap_or("")
        )
    }

    /// The answer kept for `key` at data version `version`, if any.
    pub fn get(&self, key: &str, version: i64) -> Option<Kept> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.version != version {
            // A write committed since these were kept: none of them may be given again.
            *state = State {
                version,
                ..State::default()
            };
        }
        let found = state.entries.get(key).cloned();
        crate::metrics::record_response_cache(found.is_some());
        found
    }

    /// Keeps `kept` for `key`, if it is of the current version and fits.
    pub fn put(&self, key: String, kept: Kept) {
        let size = key.len() + kept.body.len();
        if size > self.max_bytes {
            return;
        }
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.version != kept.version || state.entries.contains_key(&key) {
            return;
        }
        while state.bytes + size > self.max_bytes {
            let Some(oldest) = state.order.pop_front() else {
                break;
            };
            if let Some(gone) = state.entries.remove(&oldest) {
                state.bytes -= oldest.len() + gone.body.len();
            }
        }
        state.bytes += size;
        state.order.push_back(key.clone());
        state.entries.insert(key, kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(body: &str, version: i64) -> Kept {
        Kept {
            status: StatusCode::OK,
            body: Bytes::from(body.to_owned()),
            version,
        }
    }

    #[test]
    fn an_answer_is_given_again_only_at_its_version_and_the_oldest_make_room() {
        let cache = ResponseCache::new(100).expect("a cache");
        assert!(cache.get("a", 1).is_none());
        cache.put("a".into(), kept("one", 1));
        assert_eq!(cache.get("a", 1).map(|k| k.body), Some(Bytes::from("one")));
        // A write: the version moved on, and nothing kept before is given.
        assert!(cache.get("a", 2).is_none());
        // An answer made before the write is not kept after it.
        cache.put("a".into(), kept("stale", 1));
        assert!(cache.get("a", 2).is_none());
        // At most 100 bytes (each of these 22, key and body): the oldest go first.
        for i in 0..10 {
            cache.put(format!("k{i}"), kept(&"x".repeat(20), 2));
        }
        assert!(cache.get("k5", 2).is_none());
        for i in 6..10 {
            assert!(cache.get(&format!("k{i}"), 2).is_some(), "k{i}");
        }
        assert!(ResponseCache::new(0).is_none());
        // Keys of different requests differ, however their parts join.
        assert_ne!(
            ResponseCache::key("{ a }", "{}", Some("x"), "de", "json"),
            ResponseCache::key("{ a }{}", "", Some("x"), "de", "json")
        );
    }
}
