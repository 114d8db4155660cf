//! Where async-graphql departs from the GraphQL specification, put right for every request,
//! over HTTP and WebSocket alike:
//!
//! - a variable the request leaves out takes its default value everywhere, `@include(if:)` and
//!   `@skip(if:)` included (async-graphql reads only the variables sent there);
//! - the fields of an answer come in the order the document asks for them (async-graphql puts
//!   the fields of each part of a merged object together, and aliases in the order they finish);
//! - the schema's description is the one `schema.graphql` has (none), not a sentence
//!   async-graphql answers for every schema;
//! - a document whose fields answer under one key with different types or different
//!   arguments is refused, as the specification's OverlappingFieldsCanBeMerged rule refuses it
//!   (async-graphql does not check it); the reference implementation, code generators and
//!   schema linters refuse the same documents.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::extensions::ResolveInfo;
use async_graphql::parser::types::{
    ExecutableDocument, Field, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Request, Response, ServerError, ServerResult, Value};

use super::cost::Shape;
use super::{root_type, selected_operation};

/// The corrections for one request: the order its answer follows. Driven by `super::hooks`.
pub(super) struct RequestConformance {
    shape: Arc<Shape>,
    order: Mutex<Option<order::Plan>>,
}

impl RequestConformance {
    /// The corrections of one request over the schema `shape` describes.
    pub(super) fn new(shape: Arc<Shape>) -> Self {
        Self {
            shape,
            order: Mutex::new(None),
        }
    }

    /// Gives left-out variables their defaults, refuses overlapping fields that cannot merge,
    /// and plans the answer's order.
    pub(super) fn prepare(&self, mut request: Request) -> ServerResult<Request> {
        let name = request.operation_name.clone();
        let mut defaults = Vec::new();
        // A document that does not parse is left to the parser's own error.
        if let Ok(document) = request.parsed_query() {
            if let Some(op) = selected_operation(document, name.as_deref()).map(|(_, op)| op) {
                for definition in &op.variable_definitions {
                    if let Some(default) = &definition.node.default_value {
                        defaults.push((definition.node.name.node.clone(), default.node.clone()));
                    }
                }
            }
            overlaps::check(&self.shape, document)?;
            if let Some(op) = selected_operation(document, name.as_deref()).map(|(_, op)| op) {
                *self.order.lock().unwrap_or_else(PoisonError::into_inner) = Some(order::Plan::of(
                    &[&op.selection_set.node],
                    &document.fragments,
                ));
            }
        }
        for (variable, default) in defaults {
            request.variables.entry(variable).or_insert(default);
        }
        Ok(request)
    }

    /// The answer of a field that is not resolved at all: the schema's description.
    pub(super) fn answer_instead(info: &ResolveInfo<'_>) -> Option<Value> {
        (info.is_for_introspection && info.parent_type == "__Schema" && info.name == "description")
            .then_some(Value::Null)
    }

    /// Puts the answer's fields in the order of the document.
    pub(super) fn finish(&self, response: &mut Response) {
        let plan = self
            .order
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(plan) = plan {
            plan.follow(&mut response.data);
        }
    }
}

/// Putting an answer's fields in the order of the document.
mod order {
    use super::*;

    /// The order of the fields of an object the document selects: each response key in the
    /// order it first appears (fragments expanded where they are spread), with the order of
    /// its own value's fields. Built once per request from the document, however many objects
    /// of the answer follow it.
    pub(super) struct Plan {
        keys: Vec<(Name, Option<Plan>)>,
    }

    impl Plan {
        /// The plan of the fields `sets` select together.
        pub(super) fn of(
            sets: &[&SelectionSet],
            fragments: &HashMap<Name, Positioned<FragmentDefinition>>,
        ) -> Self {
            let mut keys: Vec<(&Name, Vec<&SelectionSet>)> = Vec::new();
            for set in sets {
                collect(set, fragments, &mut keys);
            }
            Self {
                keys: keys
                    .into_iter()
                    .map(|(key, subs)| {
                        let below = subs.iter().any(|s| !s.items.is_empty());
                        (key.clone(), below.then(|| Plan::of(&subs, fragments)))
                    })
                    .collect(),
            }
        }

        /// Orders the fields of `value` (and of everything in it) as the plan says.
        pub(super) fn follow(&self, value: &mut Value) {
            match value {
                Value::List(items) => items.iter_mut().for_each(|item| self.follow(item)),
                Value::Object(object) => {
                    let rank = |key: &Name| self.keys.iter().position(|(k, _)| k == key);
                    let mut last = None;
                    let in_order = object.keys().all(|key| {
                        let this = rank(key);
                        let fine = this >= last;
                        last = this;
                        fine
                    });
                    if !in_order {
                        object.sort_by_cached_key(|key, _| rank(key).unwrap_or(usize::MAX));
                    }
                    for (key, value) in object.iter_mut() {
                        if let Some((_, Some(plan))) = self.keys.iter().find(|(k, _)| k == key) {
                            plan.follow(value);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The response keys `set` selects, in order, with the selection sets of their fields.
    fn collect<'d>(
        set: &'d SelectionSet,
        fragments: &'d HashMap<Name, Positioned<FragmentDefinition>>,
        out: &mut Vec<(&'d Name, Vec<&'d SelectionSet>)>,
    ) {
        fields_of(set, "", fragments, &mut |_, field| {
            let key = &field.node.response_key().node;
            let sub = &field.node.selection_set.node;
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some((_, subs)) => subs.push(sub),
                None => out.push((key, vec![sub])),
            }
        });
    }
}

/// Calls `each` with every field `set` selects on `parent` and the type it is selected on,
/// in document order, inline fragments and fragment spreads expanded where they stand (a
/// fragment that spreads itself is refused by the limits before anything walks it).
fn fields_of<'d>(
    set: &'d SelectionSet,
    parent: &'d str,
    fragments: &'d HashMap<Name, Positioned<FragmentDefinition>>,
    each: &mut impl FnMut(&'d str, &'d Positioned<Field>),
) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => each(parent, field),
            Selection::InlineFragment(inline) => {
                let on = inline
                    .node
                    .type_condition
                    .as_ref()
                    .map_or(parent, |c| c.node.on.node.as_str());
                fields_of(&inline.node.selection_set.node, on, fragments, each);
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = fragments.get(spread.node.fragment_name.node.as_str()) {
                    let on = fragment.node.type_condition.node.on.node.as_str();
                    fields_of(&fragment.node.selection_set.node, on, fragments, each);
                }
            }
        }
    }
}

/// The specification's OverlappingFieldsCanBeMerged rule: fields that answer under one
/// response key must be the same field with the same arguments when they can meet on one
/// object, and must answer in the same shape in any case.
mod overlaps {
    use super::*;

    /// A field selected in a set, with the type it is selected on.
    struct Selected<'d> {
        parent: &'d str,
        field: &'d Positioned<Field>,
    }

    /// Refuses `document` when two fields of one response key cannot be merged.
    pub(super) fn check<'d>(
        shape: &'d Shape,
        document: &'d ExecutableDocument,
    ) -> ServerResult<()> {
        for (_, operation) in document.operations.iter() {
            merge(
                shape,
                &document.fragments,
                &[(
                    root_type(operation.node.ty),
                    &operation.node.selection_set.node,
                )],
            )?;
        }
        // Fragments are checked where they are spread; one spread nowhere is validation's to
        // refuse.
        Ok(())
    }

    /// Checks that the fields `sets` select together can be merged, and the fields below
    /// them, key by key.
    fn merge<'d>(
        shape: &'d Shape,
        fragments: &'d HashMap<Name, Positioned<FragmentDefinition>>,
        sets: &[(&'d str, &'d SelectionSet)],
    ) -> ServerResult<()> {
        // The fields by response key, with the type each is selected on.
        let mut by_key: Vec<(&str, Vec<Selected<'d>>)> = Vec::new();
        for (parent, set) in sets {
            fields_of(set, parent, fragments, &mut |parent, field| {
                let key = field.node.response_key().node.as_str();
                let selected = Selected { parent, field };
                match by_key.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, fields)) => fields.push(selected),
                    None => by_key.push((key, vec![selected])),
                }
            });
        }
        for (key, fields) in &by_key {
            let Some(first) = fields.first() else {
                continue;
            };
            for (i, other) in fields.iter().enumerate().skip(1) {
                conflict(shape, key, first, other)?;
                // Fields on different object types never meet on one object, so they may
                // differ in name and arguments; two on the same type may not, whatever the
                // first field's type.
                if let Some(same) = fields[..i].iter().find(|f| f.parent == other.parent) {
                    conflict(shape, key, same, other)?;
                }
            }
            let below: Vec<(&str, &SelectionSet)> = fields
                .iter()
                .filter(|f| !f.field.node.selection_set.node.items.is_empty())
                .filter_map(|f| {
                    let ty = shape.field(f.parent, f.field.node.name.node.as_str())?;
                    Some((ty.ty.as_str(), &f.field.node.selection_set.node))
                })
                .collect();
            if !below.is_empty() {
                merge(shape, fragments, &below)?;
            }
        }
        Ok(())
    }

    /// The type `field` answers with, as written in the schema (`String!` for `__typename`).
    fn written(shape: &Shape, parent: &str, field: &Field) -> Option<String> {
        if field.name.node == "__typename" {
            return Some("String!".into());
        }
        shape
            .field(parent, field.name.node.as_str())
            .map(|f| f.written.clone())
    }

    /// Refuses two fields under `key` that cannot be merged.
    fn conflict(shape: &Shape, key: &str, a: &Selected<'_>, b: &Selected<'_>) -> ServerResult<()> {
        let (fa, fb) = (&a.field.node, &b.field.node);
        let may_meet =
            a.parent == b.parent || !shape.is_object(a.parent) || !shape.is_object(b.parent);
        let why = if may_meet && fa.name.node != fb.name.node {
            Some(format!(
                "\"{}\" and \"{}\" are different fields",
                fa.name.node, fb.name.node
            ))
        } else if may_meet && !same_arguments(fa, fb) {
            Some("they have differing arguments".to_owned())
        } else {
            match (written(shape, a.parent, fa), written(shape, b.parent, fb)) {
                (Some(ta), Some(tb)) if differ_in_shape(shape, &ta, &tb) => Some(format!(
                    "they return conflicting types \"{ta}\" and \"{tb}\""
                )),
                // A field the type does not have is validation's to refuse.
                _ => None,
            }
        };
        match why {
            None => Ok(()),
            Some(why) => {
                let mut error = ServerError::new(
                    format!(
                        "Fields \"{key}\" conflict because {why}. Use different aliases on the \
                         fields to fetch both if this was intentional."
                    ),
                    Some(a.field.pos),
                );
                error.locations.push(b.field.pos);
                Err(error)
            }
        }
    }

    /// Whether two fields are given the same arguments (in any order).
    fn same_arguments(a: &Field, b: &Field) -> bool {
        a.arguments.len() == b.arguments.len()
            && a.arguments.iter().all(|(name, value)| {
                b.arguments
                    .iter()
                    .any(|(n, v)| n.node == name.node && v.node == value.node)
            })
    }

    /// Whether two types written in the schema answer in different shapes: different
    /// wrappers (lists, non-null), or different leaf types. Two composite types answer in the
    /// same shape as far as this level goes; their fields are compared when merged.
    fn differ_in_shape(shape: &Shape, a: &str, b: &str) -> bool {
        let inner = |t: &str| -> String {
            t.chars()
                .filter(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        };
        let wrappers =
            |t: &str| -> String { t.chars().filter(|c| matches!(c, '[' | ']' | '!')).collect() };
        if wrappers(a) != wrappers(b) {
            return true;
        }
        let (na, nb) = (inner(a), inner(b));
        let leaf = |n: &str| !shape.is_composite(n);
        (leaf(&na) || leaf(&nb)) && na != nb
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape() -> Shape {
        Shape::of_sdl(&crate::graphql::sdl())
    }

    fn check(text: &str) -> Result<(), String> {
        let document = async_graphql::parser::parse_query(text).expect("parses");
        overlaps::check(&shape(), &document).map_err(|e| e.message)
    }

    #[test]
    fn fields_under_one_key_must_merge() {
        // Different enum types under one key, on the two members of a union.
        let err = check(
            "{ search(query: \"x\") { nodes { ... on Company { kind } ... on Agreement { kind } } } }",
        )
        .expect_err("refused");
        assert!(err.contains("conflicting types"), "{err}");
        // Aliased apart, they are fine.
        check(
            "{ search(query: \"x\") { nodes { ... on Company { companyKind: kind } \
             ... on Agreement { agreementKind: kind } } } }",
        )
        .expect("accepted");
        // The same field twice, and the same field with the same scalar type on two members.
        check("{ locales locales company(slug: \"a\") { name } company(slug: \"a\") { slug } }")
            .expect("accepted");
        check("{ search(query: \"x\") { nodes { ... on Company { slug } ... on Agreement { slug } } } }")
            .expect("accepted");
        // Different fields, or different arguments, under one key on one type.
        let err = check("{ a: locales a: __typename }").expect_err("refused");
        assert!(err.contains("different fields"), "{err}");
        let err = check("{ c: company(slug: \"a\") { name } c: company(slug: \"b\") { name } }")
            .expect_err("refused");
        assert!(err.contains("differing arguments"), "{err}");
        // The conflict may hide below, in the merged selections, and in fragments.
        let err =
            check("{ c: company(slug: \"a\") { x: name } c: company(slug: \"a\") { x: slug } }")
                .expect_err("refused");
        assert!(err.contains("different fields"), "{err}");
        let err = check(
            "{ company(slug: \"a\") { ...A ...B } } \
             fragment A on Company { n: name } fragment B on Company { n: kind }",
        )
        .expect_err("refused");
        assert!(err.contains("\"n\""), "{err}");
    }
}
