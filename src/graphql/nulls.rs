//! Null propagation for field errors, as the GraphQL specification's "Handling Field Errors"
//! requires: a field that fails is null, and when its type is non-null the null moves up to the
//! nearest nullable ancestor (or makes `data` null).
//!
//! async-graphql 7.2 records a failed field's error but leaves the field out of its parent
//! object, so a client would see a non-null field missing. [`Tracker`] remembers, per
//! request, which fields failed and the declared types of them and their ancestors, then nulls
//! the right position in the response.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_graphql::{QueryPathNode, QueryPathSegment, Response, Value};

/// One step of a response path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    Index(usize),
}

type Path = Vec<Step>;

/// What one request's execution learned about failed fields.
#[derive(Default)]
struct State {
    /// The paths of fields whose resolver failed.
    failed: Vec<Path>,
    /// The declared types of failed fields and of their ancestors.
    types: HashMap<Path, String>,
}

/// Per-request tracking of failed fields.
#[derive(Default)]
pub struct Tracker {
    state: Mutex<State>,
    /// Whether any field failed: until one does, a field that resolves has nothing to record,
    /// and takes no lock.
    any_failed: AtomicBool,
}

impl Tracker {
    fn state(&self) -> MutexGuard<'_, State> {
        // The state is plain data; a panic elsewhere cannot leave it inconsistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn path_of(node: &QueryPathNode<'_>) -> Path {
    let mut steps: Vec<Step> = std::iter::once(node)
        .chain(node.parents())
        .map(|n| match n.segment {
            QueryPathSegment::Name(name) => Step::Key(name.to_owned()),
            QueryPathSegment::Index(i) => Step::Index(i),
        })
        .collect();
    steps.reverse();
    steps
}

impl Tracker {
    /// After a field resolved (or failed) at `node`, declared as `return_type`.
    pub(super) fn resolved(&self, node: &QueryPathNode<'_>, return_type: &str, failed: bool) {
        if !failed && !self.any_failed.load(Ordering::Acquire) {
            return;
        }
        let mut state = self.state();
        if failed {
            self.any_failed.store(true, Ordering::Release);
            let path = path_of(node);
            state.failed.push(path.clone());
            state.types.insert(path, return_type.to_owned());
        } else if !state.failed.is_empty() {
            // Ancestors finish after their children: remember the type of any field below
            // which something failed, for the propagation at the end.
            let path = path_of(node);
            if state.failed.iter().any(|f| f.starts_with(&path)) {
                state.types.insert(path, return_type.to_owned());
            }
        }
    }

    /// Nulls the failed fields in the answer, and their ancestors as their types require.
    pub(super) fn finish(&self, response: &mut Response) {
        let state = std::mem::take(&mut *self.state());
        for path in &state.failed {
            propagate(&mut response.data, path, &state.types);
        }
    }
}

/// The declared type at `path`: a field's own type, or a list item's type from its list's.
fn type_at(path: &[Step], types: &HashMap<Path, String>) -> Option<String> {
    match path.last()? {
        Step::Key(_) => types.get(path).cloned(),
        Step::Index(_) => {
            let list = type_at(&path[..path.len() - 1], types)?;
            let list = list.strip_suffix('!').unwrap_or(&list);
            let item = list.strip_prefix('[')?.strip_suffix(']')?;
            Some(item.to_owned())
        }
    }
}

/// Nulls the position of a failed field, or of its nearest nullable ancestor.
fn propagate(data: &mut Value, failed: &[Step], types: &HashMap<Path, String>) {
    let mut end = failed.len();
    while end > 0 {
        let non_null = type_at(&failed[..end], types).is_some_and(|t| t.ends_with('!'));
        if !non_null {
            set_null(data, &failed[..end]);
            return;
        }
        end -= 1;
    }
    *data = Value::Null;
}

fn set_null(data: &mut Value, path: &[Step]) {
    let Some((last, parents)) = path.split_last() else {
        *data = Value::Null;
        return;
    };
    let mut current = data;
    for step in parents {
        current = match (step, current) {
            (Step::Key(key), Value::Object(map)) => match map.get_mut(key.as_str()) {
                Some(value) => value,
                None => return,
            },
            (Step::Index(i), Value::List(items)) => match items.get_mut(*i) {
                Some(value) => value,
                None => return,
            },
            // An ancestor is already null: nothing left to null.
            _ => return,
        };
    }
    match (last, current) {
        (Step::Key(key), Value::Object(map)) => {
            map.insert(async_graphql::Name::new(key), Value::Null);
        }
        (Step::Index(i), Value::List(items)) => {
            if let Some(item) = items.get_mut(*i) {
                *item = Value::Null;
            }
        }
        _ => {}
    }
}
