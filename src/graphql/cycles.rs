//! The specification's "Fragments must not form cycles" rule (graphql-js `NoFragmentCyclesRule`),
//! checked as soon as a document is parsed, before anything expands its fragments: a fragment
//! that spreads itself, directly or through others, is a validation error with graphql-js's
//! wording and the locations of the spreads that close the cycle.
//!
//! async-graphql's own validation has the rule too, but it runs after the document limits
//! ([`super::limits`]), which must size every fragment first; walking a cycle there would
//! never end, so the cycle is refused here, as the validation error it is.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{ExecutableDocument, FragmentSpread, Selection, SelectionSet};
use async_graphql::{Pos, Positioned, ServerError};

/// The first fragment cycle of `document` as a `GRAPHQL_VALIDATION_FAILED` error, looking at
/// the fragments in the order they are written, as graphql-js does; `None` when there is none.
pub fn check(document: &ExecutableDocument) -> Option<ServerError> {
    let mut fragments: Vec<_> = document.fragments.iter().collect();
    fragments.sort_by_key(|(_, definition)| (definition.pos.line, definition.pos.column));
    let mut walk = Walk {
        spreads: fragments
            .iter()
            .map(|(name, definition)| {
                (
                    name.as_str(),
                    spreads_in(&definition.node.selection_set.node),
                )
            })
            .collect(),
        visited: HashSet::new(),
        path: Vec::new(),
        on_path: HashMap::new(),
    };
    fragments
        .iter()
        .find_map(|(name, _)| walk.from(name.as_str()))
}

/// A depth-first walk over the spreads of every fragment.
struct Walk<'d> {
    /// The spreads each fragment writes (not following them).
    spreads: HashMap<&'d str, Vec<&'d Positioned<FragmentSpread>>>,
    /// Fragments whose spreads have been walked.
    visited: HashSet<&'d str>,
    /// The spreads followed from the fragment the walk began at.
    path: Vec<&'d Positioned<FragmentSpread>>,
    /// Each fragment on the path, with where its spreads begin in `path`.
    on_path: HashMap<&'d str, usize>,
}

impl<'d> Walk<'d> {
    /// Walks `name`'s spreads; the error of the first cycle met.
    fn from(&mut self, name: &'d str) -> Option<ServerError> {
        if !self.visited.insert(name) {
            return None;
        }
        let spreads = self.spreads.get(name).cloned().unwrap_or_default();
        self.on_path.insert(name, self.path.len());
        for spread in spreads {
            let target = spread.node.fragment_name.node.as_str();
            self.path.push(spread);
            let found = match self.on_path.get(target) {
                Some(&start) => Some(cycle_error(target, &self.path[start..])),
                // An unknown fragment is validation's to report.
                None if self.spreads.contains_key(target) => self.from(target),
                None => None,
            };
            self.path.pop();
            if found.is_some() {
                return found;
            }
        }
        self.on_path.remove(name);
        None
    }
}

/// "Cannot spread fragment "A" within itself via "B", "C".", located at each spread of the
/// cycle, coded `GRAPHQL_VALIDATION_FAILED`.
fn cycle_error(name: &str, cycle: &[&Positioned<FragmentSpread>]) -> ServerError {
    let via: Vec<String> = cycle[..cycle.len().saturating_sub(1)]
        .iter()
        .map(|spread| format!("\"{}\"", spread.node.fragment_name.node))
        .collect();
    let message = if via.is_empty() {
        format!("Cannot spread fragment \"{name}\" within itself.")
    } else {
        format!(
            "Cannot spread fragment \"{name}\" within itself via {}.",
            via.join(", ")
        )
    };
    let locations: Vec<Pos> = cycle.iter().map(|spread| spread.pos).collect();
    let mut error = ServerError::new(message, locations.first().copied());
    error.locations = locations;
    let mut extensions = async_graphql::ErrorExtensionValues::default();
    extensions.set("code", "GRAPHQL_VALIDATION_FAILED");
    error.extensions = Some(extensions);
    error
}

/// The fragment spreads written in `set`, inside its fields and inline fragments too, but not
/// inside the fragments they spread.
fn spreads_in(set: &SelectionSet) -> Vec<&Positioned<FragmentSpread>> {
    let mut found = Vec::new();
    let mut sets = vec![set];
    while let Some(set) = sets.pop() {
        for item in &set.items {
            match &item.node {
                Selection::FragmentSpread(spread) => found.push(spread),
                Selection::Field(field) => sets.push(&field.node.selection_set.node),
                Selection::InlineFragment(inline) => sets.push(&inline.node.selection_set.node),
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cycle's message, locations (line, column) and code.
    type Found = (String, Vec<(usize, usize)>, String);

    fn error_of(text: &str) -> Option<Found> {
        let document = async_graphql::parser::parse_query(text).expect("the document parses");
        check(&document).map(|e| {
            let code = e
                .extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .map(|c| c.to_string())
                .unwrap_or_default();
            (
                e.message,
                e.locations.iter().map(|p| (p.line, p.column)).collect(),
                code,
            )
        })
    }

    #[test]
    fn a_cycle_through_another_fragment_names_it_and_locates_both_spreads() {
        let found =
            error_of("{ ...A }\nfragment A on Query { ...B }\nfragment B on Query { ...A }");
        assert_eq!(
            found,
            Some((
                "Cannot spread fragment \"A\" within itself via \"B\".".to_owned(),
                vec![(2, 23), (3, 23)],
                "\"GRAPHQL_VALIDATION_FAILED\"".to_owned()
            ))
        );
    }

    #[test]
    fn a_fragment_spreading_itself_deep_inside_is_a_cycle() {
        let found = error_of(
            "{ ...A } fragment A on Query { company(slug: \"x\") { ... on Company { ...A } } }",
        );
        let (message, locations, _) = found.expect("a cycle");
        assert_eq!(message, "Cannot spread fragment \"A\" within itself.");
        assert_eq!(locations.len(), 1);
    }

    #[test]
    fn the_longest_cycle_lists_every_fragment_on_the_way() {
        let found = error_of(
            "{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } \
             fragment C on Query { ...A }",
        );
        let (message, locations, _) = found.expect("a cycle");
        assert_eq!(
            message,
            "Cannot spread fragment \"A\" within itself via \"B\", \"C\"."
        );
        assert_eq!(locations.len(), 3);
    }

    #[test]
    fn fragments_that_share_a_fragment_without_a_cycle_pass() {
        assert_eq!(
            error_of(
                "{ ...A ...B } fragment A on Query { ...C } fragment B on Query { ...C ...Missing } \
                 fragment C on Query { locales }"
            ),
            None
        );
    }
}
