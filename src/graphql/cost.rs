//! What an operation costs, computed from its document and variables before anything runs.
//!
//! The cost estimates how many values the answer holds: every field selected counts one, and a
//! field that returns a list multiplies what it selects by how many items it may return:
//!
//! - a connection by its page size: `first` or `last` (whether written in the document or
//!   passed in a variable, up to the largest page), else the default page;
//! - `suggest` and `connections` by their `first`;
//! - `nodes(ids:)` by the number of ids, `labels(vocabularies:)` by the labels of the
//!   vocabularies named (each once), localised lists by the number of locales;
//! - introspection lists by the schema's own sizes (how many types it has, how many fields a
//!   type has on average), so that introspection is costed like everything else and the
//!   cost of a full introspection query is close to the size of its answer;
//! - `agreementStats` and `companyStats` by their `first` (the groups, each with what it
//!   selects);
//! - any other list of objects by [`LIST_ESTIMATE`].
//!
//! Each fragment's cost is computed once, so the computation takes time linear in the
//! document, like the size checks of [`super::limits`] that run before it.

use std::collections::{BTreeSet, HashMap};

use async_graphql::parser::types::{
    BaseType, ExecutableDocument, FragmentDefinition, OperationDefinition, Selection, SelectionSet,
    Type, TypeKind, TypeSystemDefinition,
};
use async_graphql::{InputType, Name, Positioned, Variables};
use async_graphql_value::{ConstValue, Value};

use super::connection::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use super::node::MAX_NODES;
use super::{root_type, selected_operation};
use crate::l10n::Locale;
use crate::model::{COUNTRY_CODES, Vocabulary};
use crate::search::{DEFAULT_SUGGESTIONS, MOST_SUGGESTIONS};

/// How many items a list of objects without a page (the parties of an agreement, the roles
/// of a person) is taken to hold.
pub const LIST_ESTIMATE: u64 = 10;

/// The largest cost an operation may have by default.
pub const DEFAULT_MAX_COST: u64 = 100_000;

/// A field as the cost and the document checks need it: the named type it returns, whether
/// in a list, and its whole type as written (`[Scope!]!`).
#[derive(Debug, Clone)]
pub struct FieldShape {
    /// The named type it returns.
    pub ty: String,
    /// Whether it returns a list.
    pub list: bool,
    /// Its type as the schema writes it.
    pub written: String,
}

/// The schema as the cost and the document checks need it: each type's fields, which types
/// are objects and which are composite, and the sizes of introspection's lists. Built once
/// from the schema's SDL.
#[derive(Debug, Clone)]
pub struct Shape {
    types: HashMap<String, HashMap<String, FieldShape>>,
    /// Object types (the others with fields are interfaces).
    objects: std::collections::HashSet<String>,
    /// Union types.
    unions: std::collections::HashSet<String>,
    /// Items of each introspection list, by `(type, field)`.
    introspection: Vec<(&'static str, &'static str, u64)>,
    /// Labels of each vocabulary, by its GraphQL name.
    vocabularies: HashMap<String, u64>,
    /// What a full introspection query costs (the playground's and code generators'):
    /// introspection is never refused below this.
    introspection_allowance: u64,
}

/// Introspection's own types, which the SDL leaves out: `(type, field, returned type, list)`.
const INTROSPECTION: &[(&str, &str, &str, bool)] = &[
    ("__Schema", "types", "__Type", true),
    ("__Schema", "queryType", "__Type", false),
    ("__Schema", "mutationType", "__Type", false),
    ("__Schema", "subscriptionType", "__Type", false),
    ("__Schema", "directives", "__Directive", true),
    ("__Type", "fields", "__Field", true),
    ("__Type", "interfaces", "__Type", true),
    ("__Type", "possibleTypes", "__Type", true),
    ("__Type", "enumValues", "__EnumValue", true),
    ("__Type", "inputFields", "__InputValue", true),
    ("__Type", "ofType", "__Type", false),
    ("__Field", "args", "__InputValue", true),
    ("__Field", "type", "__Type", false),
    ("__InputValue", "type", "__Type", false),
    ("__Directive", "args", "__InputValue", true),
];

/// Types every schema has that its SDL does not print: five scalars and eight introspection
/// types.
const BUILT_IN_TYPES: u64 = 13;
/// Directives every schema has that its SDL does not print (`include`, `skip`, `deprecated`,
/// `specifiedBy`, `oneOf`).
const BUILT_IN_DIRECTIVES: u64 = 5;

/// A full introspection query, as GraphiQL and code generators send it.
pub const FULL_INTROSPECTION: &str = r"
query IntrospectionQuery {
  __schema {
    description
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives {
      name description isRepeatable locations
      args(includeDeprecated: true) { ...InputValue }
    }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL isOneOf
  fields(includeDeprecated: true) {
    name description
    args(includeDeprecated: true) { ...InputValue }
    type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
}
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
}
";

fn named(ty: &Type) -> (String, bool) {
    match &ty.base {
        BaseType::Named(name) => (name.to_string(), false),
        BaseType::List(inner) => (named(inner).0, true),
    }
}

fn ceil_div(total: u64, parts: u64) -> u64 {
    total.div_ceil(parts.max(1)).max(1)
}

impl Shape {
    /// The shape of the schema whose SDL is `sdl`.
    pub fn of_sdl(sdl: &str) -> Self {
        let mut types: HashMap<String, HashMap<String, FieldShape>> = HashMap::new();
        let mut objects = std::collections::HashSet::new();
        let mut unions = std::collections::HashSet::new();
        let (mut type_count, mut fields, mut args, mut input_fields, mut enum_values) =
            (BUILT_IN_TYPES, 0, 0, 0, 0);
        let (mut interfaces, mut possible, mut directives) = (0, 0, BUILT_IN_DIRECTIVES);
        // The SDL is the schema's own: it always parses; an empty shape would only cost less.
        let document = async_graphql::parser::parse_schema(sdl).ok();
        for definition in document.iter().flat_map(|d| &d.definitions) {
            let definition = match definition {
                TypeSystemDefinition::Type(definition) => &definition.node,
                TypeSystemDefinition::Directive(_) => {
                    directives += 1;
                    continue;
                }
                TypeSystemDefinition::Schema(_) => continue,
            };
            type_count += 1;
            let own = match &definition.kind {
                TypeKind::Object(object) => {
                    objects.insert(definition.name.node.to_string());
                    interfaces += object.implements.len() as u64;
                    possible += object.implements.len() as u64;
                    &object.fields
                }
                TypeKind::Interface(interface) => {
                    interfaces += interface.implements.len() as u64;
                    &interface.fields
                }
                TypeKind::Union(union) => {
                    unions.insert(definition.name.node.to_string());
                    possible += union.members.len() as u64;
                    continue;
                }
                TypeKind::Enum(e) => {
                    enum_values += e.values.len() as u64;
                    continue;
                }
                TypeKind::InputObject(input) => {
                    input_fields += input.fields.len() as u64;
                    continue;
                }
                TypeKind::Scalar => continue,
            };
            let entry = types.entry(definition.name.node.to_string()).or_default();
            for field in own {
                fields += 1;
                args += field.node.arguments.len() as u64;
                let (ty, list) = named(&field.node.ty.node);
                entry.insert(
                    field.node.name.node.to_string(),
                    FieldShape {
                        ty,
                        list,
                        written: field.node.ty.node.to_string(),
                    },
                );
            }
        }
        for (owner, field, ty, list) in INTROSPECTION {
            types.entry((*owner).to_owned()).or_default().insert(
                (*field).to_owned(),
                FieldShape {
                    ty: (*ty).to_owned(),
                    list: *list,
                    written: if *list {
                        format!("[{ty}!]")
                    } else {
                        (*ty).to_owned()
                    },
                },
            );
        }
        let query = types.entry("Query".to_owned()).or_default();
        for (field, ty) in [("__schema", "__Schema"), ("__type", "__Type")] {
            query.insert(
                field.to_owned(),
                FieldShape {
                    ty: ty.to_owned(),
                    list: false,
                    written: ty.to_owned(),
                },
            );
        }
        let per_type = |total| ceil_div(total, type_count);
        let introspection = vec![
            ("__Schema", "types", type_count),
            ("__Schema", "directives", directives),
            ("__Type", "fields", per_type(fields)),
            ("__Type", "interfaces", per_type(interfaces)),
            ("__Type", "possibleTypes", per_type(possible)),
            ("__Type", "enumValues", per_type(enum_values)),
            ("__Type", "inputFields", per_type(input_fields)),
            ("__Field", "args", ceil_div(args, fields)),
            // The built-in directives take one argument each at most.
            ("__Directive", "args", 1),
        ];
        let countries: Vec<String> = COUNTRY_CODES.iter().map(|c| (*c).to_owned()).collect();
        let vocabularies = Vocabulary::ALL
            .iter()
            .map(|v| {
                let name = match v.to_value() {
                    ConstValue::Enum(name) => name.to_string(),
                    other => other.to_string(),
                };
                (name, v.entries(&countries).len() as u64)
            })
            .collect();
        for name in INTROSPECTION.iter().map(|(owner, ..)| *owner) {
            objects.insert(name.to_owned());
        }
        let mut shape = Self {
            types,
            objects,
            unions,
            introspection,
            vocabularies,
            introspection_allowance: 0,
        };
        shape.introspection_allowance = async_graphql::parser::parse_query(FULL_INTROSPECTION)
            .map(|document| shape.cost(&document, None, &Variables::default()))
            .unwrap_or(0);
        shape
    }

    /// The cost of the operation `operation_name` names (or the costliest when it names
    /// none), with `variables`. Only for a document that passed [`super::limits::check`]:
    /// a fragment cycle costs nothing here.
    pub fn cost(
        &self,
        document: &ExecutableDocument,
        operation_name: Option<&str>,
        variables: &Variables,
    ) -> u64 {
        operations(document, operation_name)
            .into_iter()
            .map(|operation| {
                let mut walk = Walk {
                    shape: self,
                    operation,
                    variables,
                    fragments: &document.fragments,
                    known: HashMap::new(),
                };
                walk.set(root_type(operation.ty), &operation.selection_set.node)
            })
            .max()
            .unwrap_or(0)
    }

    /// The largest cost allowed for an operation of `document`: `max_cost`, or the cost of a
    /// full introspection query if more and the operation asks only for introspection.
    pub fn limit_for(
        &self,
        document: &ExecutableDocument,
        operation_name: Option<&str>,
        max_cost: u64,
    ) -> u64 {
        let introspection_only = operations(document, operation_name).into_iter().all(|op| {
            op.selection_set.node.items.iter().all(|item| {
                    matches!(&item.node, Selection::Field(f) if f.node.name.node.starts_with("__"))
                })
        });
        if introspection_only {
            max_cost.max(self.introspection_allowance)
        } else {
            max_cost
        }
    }

    /// The field `name` of the type `ty`, if it has one.
    pub fn field(&self, ty: &str, name: &str) -> Option<&FieldShape> {
        self.types.get(ty).and_then(|fields| fields.get(name))
    }

    /// Whether `ty` is an object type.
    pub fn is_object(&self, ty: &str) -> bool {
        self.objects.contains(ty)
    }

    /// Whether `ty` has fields to select (an object, an interface or a union).
    pub fn is_composite(&self, ty: &str) -> bool {
        self.types.contains_key(ty) || self.unions.contains(ty)
    }

    /// What a full introspection query costs.
    pub fn introspection_allowance(&self) -> u64 {
        self.introspection_allowance
    }
}

/// The operation a request runs, or every operation of the document when it does not say
/// which (validation refuses such a document; meanwhile it costs its costliest operation).
fn operations<'d>(
    document: &'d ExecutableDocument,
    name: Option<&str>,
) -> Vec<&'d OperationDefinition> {
    match selected_operation(document, name) {
        Some((_, operation)) => vec![operation],
        None => document.operations.iter().map(|(_, op)| &op.node).collect(),
    }
}

/// The cost of one operation, each fragment's cost computed once.
struct Walk<'a> {
    shape: &'a Shape,
    operation: &'a OperationDefinition,
    variables: &'a Variables,
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    /// A fragment's cost, or `None` while it is being computed.
    known: HashMap<&'a str, Option<u64>>,
}

impl<'a> Walk<'a> {
    /// The cost of `set` selected on the type `ty`.
    fn set(&mut self, ty: &str, set: &'a SelectionSet) -> u64 {
        let mut total: u64 = 0;
        for item in &set.items {
            let cost = match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let shape = self
                        .shape
                        .types
                        .get(ty)
                        .and_then(|fields| fields.get(field.name.node.as_str()));
                    // A field the type does not have is validation's to refuse.
                    let (child, items) = match shape {
                        Some(shape) => (
                            shape.ty.clone(),
                            self.items(
                                ty,
                                field.name.node.as_str(),
                                shape,
                                field.arguments.as_slice(),
                            ),
                        ),
                        None => (String::new(), 1),
                    };
                    let below = self.set(&child, &field.selection_set.node);
                    1_u64.saturating_add(items.saturating_mul(below))
                }
                Selection::InlineFragment(inline) => {
                    let on = inline
                        .node
                        .type_condition
                        .as_ref()
                        .map_or(ty, |c| c.node.on.node.as_str());
                    let on = on.to_owned();
                    self.set(&on, &inline.node.selection_set.node)
                }
                Selection::FragmentSpread(spread) => {
                    self.fragment(spread.node.fragment_name.node.as_str())
                }
            };
            total = total.saturating_add(cost);
        }
        total
    }

    fn fragment(&mut self, name: &'a str) -> u64 {
        if let Some(known) = self.known.get(name) {
            return known.unwrap_or(0);
        }
        let Some(definition) = self.fragments.get(name) else {
            return 0;
        };
        self.known.insert(name, None);
        let on = definition.node.type_condition.node.on.node.as_str();
        let cost = self.set(on, &definition.node.selection_set.node);
        self.known.insert(name, Some(cost));
        cost
    }

    /// How many items the field `name` of `ty` may return.
    fn items(
        &self,
        ty: &str,
        name: &str,
        shape: &FieldShape,
        arguments: &[(Positioned<Name>, Positioned<Value>)],
    ) -> u64 {
        let argument = |wanted: &str| {
            arguments
                .iter()
                .find(|(n, _)| n.node == wanted)
                .map(|(_, v)| &v.node)
        };
        let number = |wanted: &str| {
            argument(wanted)
                .and_then(|v| self.value(v))
                .and_then(|v| match v.as_ref() {
                    ConstValue::Number(n) => n.as_i64(),
                    _ => None,
                })
        };
        if shape.ty.ends_with("Connection") {
            let page = number("first").or_else(|| number("last"));
            // A page beyond the largest is refused by the field itself, naming its argument.
            return page.map_or(DEFAULT_PAGE_SIZE as u64, |n| {
                n.clamp(0, MAX_PAGE_SIZE as i64) as u64
            });
        }
        // The groups of a count, each with what it selects: the whole answer is about as
        // large as its groups.
        if let ("Query", "agreementStats" | "companyStats") = (ty, name) {
            return number("first").map_or(super::stats::DEFAULT_GROUPS as u64, |n| {
                n.clamp(0, super::stats::MAX_GROUPS as i64) as u64
            });
        }
        if !shape.list || ty.ends_with("Connection") {
            return 1;
        }
        if let Some((.., n)) = self
            .shape
            .introspection
            .iter()
            .find(|(owner, field, _)| *owner == ty && *field == name)
        {
            return *n;
        }
        match (ty, name) {
            ("Query", "nodes") => {
                argument("ids")
                    .and_then(|v| self.value(v))
                    .map_or(MAX_NODES as u64, |v| match v.as_ref() {
                        ConstValue::List(ids) => (ids.len() as u64).min(MAX_NODES as u64),
                        _ => 1,
                    })
            }
            ("Query", "labels") => {
                let named: Option<BTreeSet<String>> = argument("vocabularies")
                    .and_then(|v| self.value(v))
                    .and_then(|v| match v.as_ref() {
                        ConstValue::List(items) => Some(
                            items
                                .iter()
                                .map(|item| match item {
                                    ConstValue::Enum(name) => name.to_string(),
                                    ConstValue::String(name) => name.clone(),
                                    _ => String::new(),
                                })
                                .collect(),
                        ),
                        _ => None,
                    });
                match named {
                    Some(named) => named
                        .iter()
                        .map(|v| self.shape.vocabularies.get(v).copied().unwrap_or(0))
                        .sum(),
                    None => self.shape.vocabularies.values().sum(),
                }
            }
            // As many as `first` asks for (10 by default), up to the most there may be.
            ("Query", "suggest") => number("first").map_or(DEFAULT_SUGGESTIONS as u64, |n| {
                n.clamp(0, MOST_SUGGESTIONS as i64) as u64
            }),
            // As many chains as `first` asks for (3 by default), up to the most answered.
            ("Query", "connections") => number("first")
                .map_or(super::chains::DEFAULT_CHAINS as u64, |n| {
                    n.clamp(0, i64::from(super::chains::MAX_CHAINS)) as u64
                }),
            _ if shape.ty == "LocalizedText" => Locale::ALL.len() as u64,
            _ => LIST_ESTIMATE,
        }
    }

    /// An argument's value, a variable's looked up (its default when the request gives none).
    fn value(&self, value: &'a Value) -> Option<std::borrow::Cow<'a, ConstValue>> {
        use std::borrow::Cow;
        match value {
            Value::Variable(name) => self.variables.get(name).map(Cow::Borrowed).or_else(|| {
                self.operation
                    .variable_definitions
                    .iter()
                    .find(|d| d.node.name.node == *name)
                    .and_then(|d| d.node.default_value.as_ref())
                    .map(|d| Cow::Borrowed(&d.node))
            }),
            Value::Number(n) => Some(Cow::Owned(ConstValue::Number(n.clone()))),
            Value::List(items) => Some(Cow::Owned(ConstValue::List(
                items
                    .iter()
                    .map(|item| match item {
                        Value::Enum(name) => ConstValue::Enum(name.clone()),
                        Value::String(s) => ConstValue::String(s.clone()),
                        // Only the length and the names matter here.
                        _ => ConstValue::Null,
                    })
                    .collect(),
            ))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape() -> Shape {
        Shape::of_sdl(&crate::graphql::sdl())
    }

    fn cost_of(shape: &Shape, text: &str, variables: serde_json::Value) -> u64 {
        let document = async_graphql::parser::parse_query(text).expect("parses");
        let variables = Variables::from_json(variables);
        shape.cost(&document, None, &variables)
    }

    #[test]
    fn a_page_multiplies_what_it_selects() {
        let shape = shape();
        let ten = cost_of(
            &shape,
            "{ companies(first: 10) { nodes { name } } }",
            serde_json::json!({}),
        );
        let hundred = cost_of(
            &shape,
            "query($n: Int) { companies(first: $n) { nodes { name } } }",
            serde_json::json!({ "n": 100 }),
        );
        // companies + 10 × (nodes + name).
        assert_eq!(ten, 1 + 10 * 2);
        assert_eq!(hundred, 1 + 100 * 2);
        let default = cost_of(
            &shape,
            "{ companies { nodes { name } } }",
            serde_json::json!({}),
        );
        assert_eq!(default, 1 + DEFAULT_PAGE_SIZE as u64 * 2);
        let nested = cost_of(
            &shape,
            "{ companies(first: 100) { nodes { agreements(first: 100) { nodes { slug } } } } }",
            serde_json::json!({}),
        );
        assert_eq!(nested, 1 + 100 * (1 + 1 + 100 * 2));
        // A page beyond the largest is costed as the largest: the field refuses it itself.
        let huge = cost_of(
            &shape,
            "{ companies(first: 2000000000) { nodes { name } } }",
            serde_json::json!({}),
        );
        assert_eq!(huge, 1 + MAX_PAGE_SIZE as u64 * 2);
    }

    #[test]
    fn list_arguments_count_by_their_length_and_fragments_once() {
        let shape = shape();
        let repeats = vec!["COUNTRY"; 60_000];
        let one = cost_of(
            &shape,
            "query($v: [Vocabulary!]) { labels(vocabularies: $v) { value } }",
            serde_json::json!({ "v": repeats }),
        );
        assert_eq!(one, 1 + COUNTRY_CODES.len() as u64);
        let nodes = cost_of(
            &shape,
            r#"{ nodes(ids: ["a", "b", "c"]) { id } }"#,
            serde_json::json!({}),
        );
        assert_eq!(nodes, 1 + 3);
        let spread = cost_of(
            &shape,
            "{ companies(first: 5) { nodes { ...C } } } fragment C on Company { name slug }",
            serde_json::json!({}),
        );
        assert_eq!(spread, 1 + 5 * 3);
    }

    #[test]
    fn introspection_costs_by_the_schemas_size_and_a_full_query_is_allowed() {
        let shape = shape();
        let full = shape.introspection_allowance();
        assert!(full > 1_000, "{full}");
        let types = cost_of(
            &shape,
            "{ __schema { types { name } } }",
            serde_json::json!({}),
        );
        assert!(types > 100, "{types}");
        let document = async_graphql::parser::parse_query(FULL_INTROSPECTION).expect("parses");
        assert!(shape.limit_for(&document, None, 10) >= full);
        let mixed = async_graphql::parser::parse_query("{ __schema { description } locales }")
            .expect("parses");
        assert_eq!(shape.limit_for(&mixed, None, 10), 10);
    }
}
