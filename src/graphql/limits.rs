//! Limits on the size of a document, checked as soon as it is parsed and before anything else
//! looks at it, over HTTP and WebSocket alike.
//!
//! Validation and the complexity check walk a document with its fragments expanded, so a
//! small document whose fragments each spread the one before twice grows to 2^n fields before
//! they can refuse it. These checks never expand anything: each fragment's expanded size is
//! computed once and reused, so they take time linear in the document, whatever it expands to.
//!
//! - [`MAX_FIELDS`]: field selections written in the document (aliases included);
//! - [`MAX_DIRECTIVES`]: directives written in the document;
//! - [`MAX_EXPANDED_FIELDS`]: field selections of the largest operation once its fragments
//!   are expanded;
//! - before them, a fragment that spreads itself, directly or not, is refused as the
//!   validation error it is ([`super::cycles`]);
//! - [`MAX_VARIABLE_VALUES`]: values in the request's variables;
//! - the operation's cost ([`super::cost`]), against [`Limits::max_cost`].
//!
//! While the operation runs, the size of its answer is counted field by field: once it passes
//! [`Limits::max_response_bytes`] no further field is resolved, and the answer is only an
//! error saying so. Nothing larger is ever built in memory.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Request, Response, ServerError, ServerResult, Value};
use async_graphql::{ValidationResult, Variables};
use async_graphql_value::ConstValue;

use super::cost::{DEFAULT_MAX_COST, Shape};

/// The most field selections a document may write, aliases included.
pub const MAX_FIELDS: u64 = 2_000;

/// The most field selections an operation may have once its fragments are expanded.
pub const MAX_EXPANDED_FIELDS: u64 = 10_000;

/// The most directives a document may write.
pub const MAX_DIRECTIVES: u64 = 200;

/// The most values (each item of a list, each field of an object, counted at every level) a
/// request's variables may hold.
pub const MAX_VARIABLE_VALUES: u64 = 10_000;

/// The largest answer by default, in bytes of JSON (approximately: field names, values and
/// punctuation are counted as they are resolved).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 << 20;

/// The limits an operator may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest cost an operation may have ([`super::cost`]).
    pub max_cost: u64,
    /// The largest answer, in bytes.
    pub max_response_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_cost: DEFAULT_MAX_COST,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

/// A limit a document goes over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exceeded {
    /// More fields written than [`MAX_FIELDS`].
    Fields(u64),
    /// More fields after expansion than [`MAX_EXPANDED_FIELDS`] (at least this many).
    ExpandedFields(u64),
    /// More directives written than [`MAX_DIRECTIVES`].
    Directives(u64),
    /// More values in the variables than [`MAX_VARIABLE_VALUES`] (at least this many).
    VariableValues(u64),
    /// An operation that costs more than it may: `(cost, limit)`.
    Cost(u64, u64),
}

impl Exceeded {
    fn into_error(self) -> ServerError {
        let (message, limit, amounts) = match &self {
            Self::Fields(n) => (
                format!("the document selects {n} fields; at most {MAX_FIELDS} are allowed"),
                "fields",
                Some((*n, MAX_FIELDS)),
            ),
            Self::ExpandedFields(n) => (
                format!(
                    "the operation selects at least {n} fields once its fragments are expanded; \
                     at most {MAX_EXPANDED_FIELDS} are allowed"
                ),
                "expandedFields",
                Some((*n, MAX_EXPANDED_FIELDS)),
            ),
            Self::Directives(n) => (
                format!("the document writes {n} directives; at most {MAX_DIRECTIVES} are allowed"),
                "directives",
                Some((*n, MAX_DIRECTIVES)),
            ),
            Self::VariableValues(n) => (
                format!(
                    "the variables hold at least {n} values; at most {MAX_VARIABLE_VALUES} are \
                     allowed"
                ),
                "variableValues",
                Some((*n, MAX_VARIABLE_VALUES)),
            ),
            Self::Cost(cost, limit) => (
                format!(
                    "the operation costs {cost} (each field one, each list's fields as often as \
                     its page or list may hold them); at most {limit} is allowed: ask for \
                     smaller pages or fewer fields"
                ),
                "cost",
                Some((*cost, *limit)),
            ),
        };
        let mut error = ServerError::new(message, None);
        let mut extensions = async_graphql::ErrorExtensionValues::default();
        extensions.set("code", "QUERY_TOO_LARGE");
        extensions.set("limit", limit);
        if let Some((actual, maximum)) = amounts {
            extensions.set("actual", actual);
            extensions.set("maximum", maximum);
        }
        error.extensions = Some(extensions);
        error
    }
}

/// Checks `document` against the limits, in time linear in its size.
pub fn check(document: &ExecutableDocument) -> Result<(), Exceeded> {
    let written: u64 = document
        .operations
        .iter()
        .map(|(_, op)| fields_written(&op.node.selection_set.node))
        .chain(
            document
                .fragments
                .values()
                .map(|f| fields_written(&f.node.selection_set.node)),
        )
        .fold(0, u64::saturating_add);
    if written > MAX_FIELDS {
        return Err(Exceeded::Fields(written));
    }
    let directives: u64 = document
        .operations
        .iter()
        .map(|(_, op)| {
            (op.node.directives.len() as u64)
                .saturating_add(
                    op.node
                        .variable_definitions
                        .iter()
                        .map(|d| d.node.directives.len() as u64)
                        .sum(),
                )
                .saturating_add(directives_written(&op.node.selection_set.node))
        })
        .chain(document.fragments.values().map(|f| {
            (f.node.directives.len() as u64)
                .saturating_add(directives_written(&f.node.selection_set.node))
        }))
        .fold(0, u64::saturating_add);
    if directives > MAX_DIRECTIVES {
        return Err(Exceeded::Directives(directives));
    }
    let mut sizes = Sizes {
        fragments: &document.fragments,
        known: HashMap::new(),
    };
    for (_, operation) in document.operations.iter() {
        let expanded = sizes.of(&operation.node.selection_set.node)?;
        if expanded > MAX_EXPANDED_FIELDS {
            return Err(Exceeded::ExpandedFields(expanded));
        }
    }
    Ok(())
}

/// Field selections written in a selection set, not following fragment spreads.
fn fields_written(set: &SelectionSet) -> u64 {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => 1 + fields_written(&field.node.selection_set.node),
            Selection::InlineFragment(inline) => fields_written(&inline.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .fold(0, u64::saturating_add)
}

/// Directives written in a selection set, not following fragment spreads.
fn directives_written(set: &SelectionSet) -> u64 {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => (field.node.directives.len() as u64)
                .saturating_add(directives_written(&field.node.selection_set.node)),
            Selection::InlineFragment(inline) => (inline.node.directives.len() as u64)
                .saturating_add(directives_written(&inline.node.selection_set.node)),
            Selection::FragmentSpread(spread) => spread.node.directives.len() as u64,
        })
        .fold(0, u64::saturating_add)
}

/// Checks that `variables` hold at most [`MAX_VARIABLE_VALUES`] values, counting no further
/// than one past it.
pub fn check_variables(variables: &Variables) -> Result<(), Exceeded> {
    fn count(value: &ConstValue, seen: &mut u64) {
        if *seen > MAX_VARIABLE_VALUES {
            return;
        }
        *seen += 1;
        match value {
            ConstValue::List(items) => items.iter().for_each(|v| count(v, seen)),
            ConstValue::Object(fields) => fields.values().for_each(|v| count(v, seen)),
            _ => {}
        }
    }
    let mut seen = 0;
    for value in variables.values() {
        count(value, &mut seen);
    }
    if seen > MAX_VARIABLE_VALUES {
        Err(Exceeded::VariableValues(seen))
    } else {
        Ok(())
    }
}

/// The expanded sizes of fragments, each computed once.
struct Sizes<'d> {
    fragments: &'d HashMap<Name, Positioned<FragmentDefinition>>,
    /// A fragment's size, or `None` while it is being computed.
    known: HashMap<&'d str, Option<u64>>,
}

impl<'d> Sizes<'d> {
    /// Field selections of `set` with every fragment expanded, saturating.
    fn of(&mut self, set: &'d SelectionSet) -> Result<u64, Exceeded> {
        let mut total: u64 = 0;
        for item in &set.items {
            let size = match &item.node {
                Selection::Field(field) => {
                    1_u64.saturating_add(self.of(&field.node.selection_set.node)?)
                }
                Selection::InlineFragment(inline) => self.of(&inline.node.selection_set.node)?,
                Selection::FragmentSpread(spread) => {
                    self.fragment(spread.node.fragment_name.node.as_str())?
                }
            };
            total = total.saturating_add(size);
        }
        Ok(total)
    }

    fn fragment(&mut self, name: &'d str) -> Result<u64, Exceeded> {
        match self.known.get(name) {
            Some(Some(size)) => return Ok(*size),
            // Met again while it is being sized: a cycle, which `super::cycles` refuses before
            // this runs; it adds nothing.
            Some(None) => return Ok(0),
            None => {}
        }
        // An unknown fragment is validation's to report; it adds nothing here.
        let Some(definition) = self.fragments.get(name) else {
            return Ok(0);
        };
        self.known.insert(name, None);
        let size = self.of(&definition.node.selection_set.node)?;
        self.known.insert(name, Some(size));
        Ok(size)
    }
}

/// What one request is held to and has used: [`check`], [`check_variables`] and the cost limit
/// applied to its parsed document, the size of its answer counted as it resolves, and what it
/// cost, reported in the response's `extensions.cost`. Driven by `super::hooks`.
pub(super) struct RequestLimits {
    shape: Arc<Shape>,
    limits: Limits,
    /// The operation's cost and the limit it was held to.
    cost: AtomicU64,
    cost_limit: AtomicU64,
    /// The depth validation measured.
    depth: Mutex<Option<usize>>,
    /// Bytes of the answer resolved so far, and whether they passed the limit.
    response_bytes: AtomicU64,
    too_large: AtomicBool,
}

impl RequestLimits {
    /// The limits of one request over the schema `shape` describes.
    pub(super) fn new(shape: Arc<Shape>, limits: Limits) -> Self {
        Self {
            shape,
            limits,
            cost: AtomicU64::new(0),
            cost_limit: AtomicU64::new(limits.max_cost),
            depth: Mutex::new(None),
            response_bytes: AtomicU64::new(0),
            too_large: AtomicBool::new(false),
        }
    }
}

/// About how many bytes of JSON a resolved field adds to the answer: its key and, for a value
/// that is not an object or list (whose own fields and items are counted as they resolve),
/// the value.
fn json_bytes(key: &str, value: Option<&Value>) -> u64 {
    let value = match value {
        Some(Value::String(s)) => s.len() + 2,
        Some(Value::Enum(name)) => name.len() + 2,
        Some(Value::Number(_)) => 8,
        Some(Value::Boolean(_)) => 5,
        Some(Value::Binary(b)) => b.len() * 2,
        Some(Value::Object(_) | Value::List(_)) => 2,
        Some(Value::Null) | None => 4,
    };
    (key.len() + 4 + value) as u64
}

fn response_too_large(limit: u64) -> ServerError {
    let mut error = ServerError::new(
        format!(
            "the answer grew beyond {limit} bytes and was cut off: ask for smaller pages or \
             fewer fields"
        ),
        None,
    );
    let mut extensions = async_graphql::ErrorExtensionValues::default();
    extensions.set("code", "RESPONSE_TOO_LARGE");
    extensions.set("limit", "responseBytes");
    extensions.set("maximum", limit);
    error.extensions = Some(extensions);
    error
}

impl RequestLimits {
    /// Checks the parsed document (once: execution reuses it) before anything else looks at
    /// it; even async-graphql's own depth check, which runs as the document is parsed, follows
    /// fragments.
    pub(super) fn prepare(&self, mut request: Request) -> ServerResult<Request> {
        check_variables(&request.variables).map_err(Exceeded::into_error)?;
        let operation_name = request.operation_name.clone();
        let variables = std::mem::take(&mut request.variables);
        // A document that does not parse is left to the parser's own error.
        if let Ok(document) = request.parsed_query() {
            if let Some(cycle) = super::cycles::check(document) {
                return Err(cycle);
            }
            check(document).map_err(Exceeded::into_error)?;
            let name = operation_name.as_deref();
            let cost = self.shape.cost(document, name, &variables);
            let limit = self.shape.limit_for(document, name, self.limits.max_cost);
            self.cost.store(cost, Ordering::Relaxed);
            crate::metrics::record_cost(cost);
            self.cost_limit.store(limit, Ordering::Relaxed);
            if cost > limit {
                return Err(Exceeded::Cost(cost, limit).into_error());
            }
        }
        request.variables = variables;
        Ok(request)
    }

    /// Remembers the depth validation measured.
    pub(super) fn validated(&self, result: &ValidationResult) {
        *self.depth.lock().unwrap_or_else(PoisonError::into_inner) = Some(result.depth);
    }

    /// Before a field resolves: past the limit, nothing more does.
    pub(super) fn before_field(&self) -> ServerResult<()> {
        if self.too_large.load(Ordering::Relaxed) {
            return Err(response_too_large(self.limits.max_response_bytes));
        }
        Ok(())
    }

    /// Counts the bytes the field under `key` adds to the answer.
    pub(super) fn after_field(
        &self,
        key: &str,
        resolved: ServerResult<Option<Value>>,
    ) -> ServerResult<Option<Value>> {
        let value = resolved?;
        let bytes = json_bytes(key, value.as_ref());
        let total = self.response_bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if total > self.limits.max_response_bytes {
            self.too_large.store(true, Ordering::Relaxed);
            return Err(response_too_large(self.limits.max_response_bytes));
        }
        Ok(value)
    }

    /// Answers only the error when the answer grew too large, and reports the request's cost
    /// against the limits, as GitHub's API reports its rate limit:
    /// `{"complexity": …, "complexityLimit": …, "depth": …, "depthLimit": …}`. Over HTTP and
    /// WebSocket alike.
    pub(super) fn finish(&self, response: &mut Response) {
        if self.too_large.load(Ordering::Relaxed) {
            *response =
                Response::from_errors(vec![response_too_large(self.limits.max_response_bytes)]);
        }
        let depth = *self.depth.lock().unwrap_or_else(PoisonError::into_inner);
        let mut cost = async_graphql::indexmap::IndexMap::new();
        for (key, value) in [
            ("complexity", self.cost.load(Ordering::Relaxed)),
            ("complexityLimit", self.cost_limit.load(Ordering::Relaxed)),
            ("depth", depth.unwrap_or(0) as u64),
            ("depthLimit", super::MAX_DEPTH as u64),
        ] {
            cost.insert(Name::new(key), Value::from(value));
        }
        response
            .extensions
            .insert("cost".into(), Value::Object(cost));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(text).expect("parses")
    }

    /// Thirty fragments, each spreading the one before twice: 2^30 fields expanded.
    fn doubling(n: usize) -> String {
        let mut text = String::from("query { ...F");
        text.push_str(&n.to_string());
        text.push_str(" }\nfragment F0 on Query { locales }\n");
        for i in 1..=n {
            text.push_str(&format!(
                "fragment F{i} on Query {{ ...F{p} ...F{p} }}\n",
                p = i - 1
            ));
        }
        text
    }

    #[test]
    fn a_doubling_fragment_chain_is_refused_without_expanding_it() {
        let started = std::time::Instant::now();
        let result = check(&parse(&doubling(30)));
        assert!(
            matches!(result, Err(Exceeded::ExpandedFields(n)) if n > MAX_EXPANDED_FIELDS),
            "{result:?}"
        );
        // Linear: a 2^30 expansion is not walked (a generous bound for slow machines).
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert!(check(&parse(&doubling(10))).is_ok(), "2^10 fields are fine");
    }

    #[test]
    fn too_many_written_fields_are_refused_and_a_cycle_is_sized_without_looping() {
        let aliases: String = (0..2_001).map(|i| format!("a{i}: locales ")).collect();
        assert_eq!(
            check(&parse(&format!("{{ {aliases} }}"))),
            Err(Exceeded::Fields(2_001))
        );
        let cycle = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
        // Refused by `cycles` before this runs; sizing it still ends.
        assert!(check(&parse(cycle)).is_ok());
        assert!(check(&parse("{ companies { nodes { name } } }")).is_ok());
    }
}
