//! Limits on the size of a document, checked as soon as it is parsed and before anything else
//! looks at it, over HTTP and WebSocket alike.
//!
//! Validation and the complexity check walk a document with its fragments expanded, so a
//! small document whose fragments each spread the one before twice grows to 2^n fields before
//! they can refuse it. These checks never expand anything: each fragment's expanded size is
//! computed once and reused, so they take time linear in the document, whatever it expands to.
//!
//! - [`MAX_FIELDS`]: field selections written in the document (aliases included);
//! - [`MAX_EXPANDED_FIELDS`]: field selections of the largest operation once its fragments
//!   are expanded;
//! - a fragment that spreads itself, directly or not, is refused here too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::ValidationResult;
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextRequest, NextValidation,
};
use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Request, Response, ServerError, ServerResult, Value};

/// The most field selections a document may write, aliases included.
pub const MAX_FIELDS: u64 = 2_000;

/// The most field selections an operation may have once its fragments are expanded.
pub const MAX_EXPANDED_FIELDS: u64 = 10_000;

/// A limit a document goes over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exceeded {
    /// More fields written than [`MAX_FIELDS`].
    Fields(u64),
    /// More fields after expansion than [`MAX_EXPANDED_FIELDS`] (at least this many).
    ExpandedFields(u64),
    /// A fragment spreads itself.
    FragmentCycle(String),
}

impl Exceeded {
    fn into_error(self) -> ServerError {
        let (message, limit, actual) = match &self {
            Self::Fields(n) => (
                format!("the document selects {n} fields; at most {MAX_FIELDS} are allowed"),
                "fields",
                Some(*n),
            ),
            Self::ExpandedFields(n) => (
                format!(
                    "the operation selects at least {n} fields once its fragments are expanded; \
                     at most {MAX_EXPANDED_FIELDS} are allowed"
                ),
                "expandedFields",
                Some(*n),
            ),
            Self::FragmentCycle(name) => (
                format!("the fragment {name:?} spreads itself"),
                "fragmentCycle",
                None,
            ),
        };
        let mut error = ServerError::new(message, None);
        let mut extensions = async_graphql::ErrorExtensionValues::default();
        extensions.set("code", "QUERY_TOO_LARGE");
        extensions.set("limit", limit);
        if let Some(actual) = actual {
            extensions.set("actual", actual);
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

/// The expanded sizes of fragments, each computed once.
struct Sizes<'d> {
    fragments: &'d HashMap<Name, Positioned<FragmentDefinition>>,
    /// A fragment's size, or `None` while it is being computed (met again: a cycle).
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
            Some(None) => return Err(Exceeded::FragmentCycle(name.to_owned())),
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

/// The extension that applies [`check`] to every parsed document, and reports what the
/// request cost in the response's `extensions.cost`.
pub struct DocumentLimits;

impl ExtensionFactory for DocumentLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestLimits::default())
    }
}

/// [`DocumentLimits`] for one request: the complexity and depth validation measured.
#[derive(Default)]
struct RequestLimits {
    measured: Mutex<Option<(usize, usize)>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for RequestLimits {
    /// Parses the document (once: execution reuses it) and checks it before anything else
    /// looks at it; even async-graphql's own depth check, which runs as the document is
    /// parsed, follows fragments.
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        // A document that does not parse is left to the parser's own error.
        if let Ok(document) = request.parsed_query() {
            check(document).map_err(Exceeded::into_error)?;
        }
        next.run(ctx, request).await
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        *self.measured.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((result.complexity, result.depth));
        Ok(result)
    }

    /// Reports the request's cost against the limits, as GitHub's API reports its rate
    /// limit: `{"complexity": …, "complexityLimit": …, "depth": …, "depthLimit": …}`.
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        let measured = *self.measured.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((complexity, depth)) = measured {
            let mut cost = async_graphql::indexmap::IndexMap::new();
            for (key, value) in [
                ("complexity", complexity),
                ("complexityLimit", super::MAX_COMPLEXITY),
                ("depth", depth),
                ("depthLimit", super::MAX_DEPTH),
            ] {
                cost.insert(Name::new(key), Value::from(value));
            }
            response
                .extensions
                .insert("cost".into(), Value::Object(cost));
        }
        response
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
    fn too_many_written_fields_and_cycles_are_refused() {
        let aliases: String = (0..2_001).map(|i| format!("a{i}: locales ")).collect();
        assert_eq!(
            check(&parse(&format!("{{ {aliases} }}"))),
            Err(Exceeded::Fields(2_001))
        );
        let cycle = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
        assert!(matches!(
            check(&parse(cycle)),
            Err(Exceeded::FragmentCycle(_))
        ));
        assert!(check(&parse("{ companies { nodes { name } } }")).is_ok());
    }
}
