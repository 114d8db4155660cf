//! Codes for the errors async-graphql raises itself, before or while it calls a resolver: the
//! one place where errors are classified by their text.
//!
//! Our own errors carry their code from where they are made (`crate::error`). async-graphql's
//! own ones (a value that does not fit an argument's type, a failed validation) come with a
//! message only, whose wording is async-graphql's: that is one reason the crate is pinned to an
//! exact version (`=7.2.1`), and the tests that send such values fail when the wording moves.
//!
//! A value that does not fit is named by its argument: validation names it in the message,
//! but a value parsed while the field runs (an `Int` that overflows, a list or string where an
//! input object belongs, directly or through a variable) only carries the position of the
//! argument's value, so the argument is found by that position in the document.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use async_graphql::{ErrorExtensionValues, Pos, Response};

/// Where each argument's value starts in a document, and the argument's name.
#[derive(Debug, Default)]
pub struct ArgumentPositions(Vec<(Pos, String)>);

impl ArgumentPositions {
    /// Every argument of every field and directive of `document`.
    pub fn of(document: &ExecutableDocument) -> Self {
        let mut found = Vec::new();
        let sets: Vec<&SelectionSet> = match &document.operations {
            DocumentOperations::Single(op) => vec![&op.node.selection_set.node],
            DocumentOperations::Multiple(ops) => {
                ops.values().map(|op| &op.node.selection_set.node).collect()
            }
        };
        for set in sets.into_iter().chain(
            document
                .fragments
                .values()
                .map(|f| &f.node.selection_set.node),
        ) {
            collect(set, &mut found);
        }
        found.sort_by_key(|(pos, _)| (pos.line, pos.column));
        Self(found)
    }

    /// The argument whose value holds `pos`: the last one starting at or before it (a value
    /// inside an input object or list belongs to the argument that encloses it).
    fn at(&self, pos: Pos) -> Option<&str> {
        self.0
            .iter()
            .take_while(|(start, _)| (start.line, start.column) <= (pos.line, pos.column))
            .last()
            .map(|(_, name)| name.as_str())
    }
}

fn collect(set: &SelectionSet, found: &mut Vec<(Pos, String)>) {
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                for (name, value) in &field.node.arguments {
                    found.push((value.pos, name.node.to_string()));
                }
                collect(&field.node.selection_set.node, found);
            }
            Selection::InlineFragment(fragment) => {
                collect(&fragment.node.selection_set.node, found);
            }
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// The message of a syntax error without the parser's drawing of the line: `Syntax Error:
/// expected selection_set, selection, directive, or arguments`. `None` for any other message.
pub fn syntax_message(message: &str) -> Option<String> {
    if !message.trim_start().starts_with("-->") {
        return None;
    }
    let expected = message
        .lines()
        .rev()
        .find_map(|line| line.trim_start().strip_prefix("= "))
        .unwrap_or("unexpected input");
    Some(format!("Syntax Error: {expected}"))
}

/// Gives every error of `response` that has no code one: a value that does not fit an
/// argument's type is `BAD_USER_INPUT` naming the argument, any other request error (one that
/// stopped execution before it started) `GRAPHQL_VALIDATION_FAILED`, anything else
/// `INTERNAL_SERVER_ERROR`. Returns whether the response is a request error.
pub fn classify(response: &mut Response, arguments: &ArgumentPositions) -> bool {
    let request_error = matches!(response.data, async_graphql::Value::Null)
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    for error in &mut response.errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|ext| ext.get("code").is_some());
        if has_code {
            continue;
        }
        // A syntax error: the parser's message draws the line in ASCII; the position is in
        // `locations` already, where editors look for it.
        if let Some(message) = syntax_message(&error.message) {
            error.message = message;
            error
                .extensions
                .get_or_insert_with(ErrorExtensionValues::default)
                .set("code", "GRAPHQL_PARSE_FAILED");
            continue;
        }
        let named = error
            .message
            .strip_prefix("Invalid value for argument \"")
            .and_then(|rest| rest.split_once('"'))
            .map(|(name, _)| name.to_owned());
        let misfit = error.message.starts_with("Failed to parse")
            || error.message.starts_with("Expected input type");
        let (code, argument) = if named.is_some() {
            ("BAD_USER_INPUT", named)
        } else if misfit {
            let by_position = error
                .locations
                .first()
                .and_then(|pos| arguments.at(*pos))
                .map(str::to_owned);
            ("BAD_USER_INPUT", by_position)
        } else if request_error {
            ("GRAPHQL_VALIDATION_FAILED", None)
        } else {
            ("INTERNAL_SERVER_ERROR", None)
        };
        let extensions = error
            .extensions
            .get_or_insert_with(ErrorExtensionValues::default);
        extensions.set("code", code);
        if let Some(argument) = argument {
            extensions.set("argument", argument);
        }
    }
    request_error
}
