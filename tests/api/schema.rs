//! The checked-in schema is the served schema, and every part of it is described.

use serde_json::{Value, json};

use crate::helpers::spawn_app;

const BUILT_IN_SCALARS: [&str; 5] = ["String", "Int", "Boolean", "ID", "Float"];

#[test]
fn the_checked_in_schema_graphql_is_the_generated_schema() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let checked_in = std::fs::read_to_string(path).expect("reading schema.graphql");
    let generated = dealgraph::graphql::sdl();
    if checked_in != generated {
        let line = checked_in
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || checked_in.lines().count().min(generated.lines().count()) + 1,
                |i| i + 1,
            );
        panic!(
            "schema.graphql is out of date (first difference at line {line}); \
             run `cargo run -- schema > schema.graphql` and commit the result"
        );
    }
}

const INTROSPECTION: &str = "
    {
      __schema {
        types {
          name
          kind
          description
          fields(includeDeprecated: true) {
            name
            description
            args { name description }
          }
          inputFields { name description }
          enumValues(includeDeprecated: true) { name description }
        }
      }
    }";

fn described(item: &Value) -> bool {
    item["description"]
        .as_str()
        .is_some_and(|d| !d.trim().is_empty())
}

#[tokio::test]
async fn every_type_field_argument_and_enum_value_has_a_description() {
    let app = spawn_app().await;
    let data = app.data(INTROSPECTION, json!({})).await;
    let types = data["__schema"]["types"].as_array().unwrap();
    let mut missing = Vec::new();
    let mut checked = 0;
    for ty in types {
        let name = ty["name"].as_str().unwrap();
        if name.starts_with("__") || BUILT_IN_SCALARS.contains(&name) {
            continue;
        }
        checked += 1;
        if !described(ty) {
            missing.push(format!("type {name}"));
        }
        for field in ty["fields"].as_array().into_iter().flatten() {
            let field_name = field["name"].as_str().unwrap();
            if !described(field) {
                missing.push(format!("field {name}.{field_name}"));
            }
            for arg in field["args"].as_array().into_iter().flatten() {
                if !described(arg) {
                    missing.push(format!("argument {name}.{field_name}({})", arg["name"]));
                }
            }
        }
        for field in ty["inputFields"].as_array().into_iter().flatten() {
            if !described(field) {
                missing.push(format!("input field {name}.{}", field["name"]));
            }
        }
        for value in ty["enumValues"].as_array().into_iter().flatten() {
            if !described(value) {
                missing.push(format!("enum value {name}.{}", value["name"]));
            }
        }
    }
    assert!(checked > 10, "introspection found only {checked} types");
    assert!(
        missing.is_empty(),
        "{} parts of the schema have no description:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[tokio::test]
async fn the_served_schema_has_the_types_the_api_contract_names() {
    let app = spawn_app().await;
    let data = app.data("{ __schema { types { name } } }", json!({})).await;
    let names: Vec<&str> = data["__schema"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for expected in [
        "Node",
        "Query",
        "Company",
        "Person",
        "Role",
        "Agreement",
        "Party",
        "Quote",
        "Source",
        "PageInfo",
        "CompanyConnection",
        "CompanyEdge",
        "PersonConnection",
        "AgreementConnection",
        "CompanyFilter",
        "CompanyOrder",
        "AgreementFilter",
        "AgreementOrder",
        "PartialDate",
        "CompanyKind",
        "AgreementKind",
        "AgreementStatus",
        "Scope",
        "RoleTitle",
        "PartyRole",
    ] {
        assert!(
            names.contains(&expected),
            "the schema has no type {expected}"
        );
    }
}

/// A field and the arguments it takes.
type FieldSpec = (&'static str, &'static [&'static str]);

/// Every field (with its arguments) the API contract (`API.md`) names, per type.
const CONTRACT: &[(&str, &[FieldSpec])] = &[
    ("Node", &[("id", &[])]),
    (
        "Query",
        &[
            ("node", &["id"]),
            ("nodes", &["ids"]),
            ("company", &["slug"]),
            (
                "companies",
                &["first", "after", "last", "before", "filter", "orderBy"],
            ),
            ("person", &["slug"]),
            ("people", &["first", "after", "last", "before"]),
            ("agreement", &["slug"]),
            (
                "agreements",
                &["first", "after", "last", "before", "filter", "orderBy"],
            ),
            ("locales", &[]),
        ],
    ),
    (
        "Company",
        &[
            ("id", &[]),
            ("slug", &[]),
            ("name", &[]),
            ("kind", &[]),
            ("country", &[]),
            ("headquarters", &[]),
            ("founded", &[]),
            ("founders", &[]),
            ("parent", &[]),
            ("subsidiaries", &["first", "after"]),
            ("executives", &[]),
            ("agreements", &["first", "after"]),
            ("partners", &["first", "after"]),
            ("competitors", &[]),
            ("sources", &[]),
            ("summary", &["locale"]),
            ("summaries", &[]),
        ],
    ),
    (
        "Person",
        &[
            ("id", &[]),
            ("slug", &[]),
            ("name", &[]),
            ("roles", &[]),
            ("summary", &["locale"]),
            ("summaries", &[]),
        ],
    ),
    (
        "Role",
        &[
            ("person", &[]),
            ("company", &[]),
            ("title", &[]),
            ("since", &[]),
            ("until", &[]),
        ],
    ),
    (
        "Agreement",
        &[
            ("id", &[]),
            ("slug", &[]),
            ("kind", &[]),
            ("status", &[]),
            ("announced", &[]),
            ("parties", &[]),
            ("scopes", &[]),
            ("markets", &[]),
            ("partOf", &[]),
            ("components", &[]),
            ("quotes", &[]),
            ("sources", &[]),
            ("title", &["locale"]),
            ("summary", &["locale"]),
            ("summaries", &[]),
        ],
    ),
    ("Party", &[("company", &[]), ("role", &[])]),
    (
        "Quote",
        &[
            ("text", &[]),
            ("language", &[]),
            ("speaker", &[]),
            ("company", &[]),
            ("source", &[]),
        ],
    ),
    (
        "Source",
        &[
            ("title", &[]),
            ("publishedOn", &[]),
            ("language", &[]),
            ("url", &[]),
        ],
    ),
    ("LocalizedText", &[("locale", &[]), ("text", &[])]),
    (
        "CompanyConnection",
        &[
            ("edges", &[]),
            ("nodes", &[]),
            ("pageInfo", &[]),
            ("totalCount", &[]),
        ],
    ),
    ("CompanyEdge", &[("cursor", &[]), ("node", &[])]),
    (
        "PersonConnection",
        &[
            ("edges", &[]),
            ("nodes", &[]),
            ("pageInfo", &[]),
            ("totalCount", &[]),
        ],
    ),
    (
        "AgreementConnection",
        &[
            ("edges", &[]),
            ("nodes", &[]),
            ("pageInfo", &[]),
            ("totalCount", &[]),
        ],
    ),
    (
        "PageInfo",
        &[
            ("hasNextPage", &[]),
            ("hasPreviousPage", &[]),
            ("startCursor", &[]),
            ("endCursor", &[]),
        ],
    ),
];

/// Enum values the API contract names.
const CONTRACT_ENUM_VALUES: &[(&str, &[&str])] = &[
    (
        "CompanyKind",
        &[
            "CONGLOMERATE",
            "MEDIA_GROUP",
            "FILM_STUDIO",
            "STREAMING_SERVICE",
        ],
    ),
    (
        "AgreementKind",
        &[
            "STRATEGIC_PARTNERSHIP",
            "COOPERATION_AGREEMENT",
            "PROGRAMME",
        ],
    ),
    (
        "AgreementStatus",
        &["ANNOUNCED", "SIGNED", "ACTIVE", "ENDED"],
    ),
    (
        "Scope",
        &[
            "FILM_TV_DISTRIBUTION",
            "INTELLECTUAL_PROPERTY",
            "ARTIFICIAL_INTELLIGENCE",
        ],
    ),
    ("RoleTitle", &["FOUNDER", "CEO"]),
];

#[tokio::test]
async fn the_served_schema_keeps_every_field_argument_and_enum_value_of_the_api_contract() {
    let app = spawn_app().await;
    let data = app.data(INTROSPECTION, json!({})).await;
    let types = data["__schema"]["types"].as_array().unwrap();
    let find = |name: &str| types.iter().find(|t| t["name"] == name);
    let mut missing = Vec::new();
    for (type_name, fields) in CONTRACT {
        let Some(ty) = find(type_name) else {
            missing.push(format!("type {type_name}"));
            continue;
        };
        for (field_name, args) in *fields {
            let field = ty["fields"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|f| f["name"] == *field_name);
            let Some(field) = field else {
                missing.push(format!("field {type_name}.{field_name}"));
                continue;
            };
            for arg in *args {
                let found = field["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|a| a["name"] == *arg);
                if !found {
                    missing.push(format!("argument {type_name}.{field_name}({arg})"));
                }
            }
        }
    }
    for (type_name, values) in CONTRACT_ENUM_VALUES {
        let Some(ty) = find(type_name) else {
            missing.push(format!("enum {type_name}"));
            continue;
        };
        for value in *values {
            let found = ty["enumValues"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|v| v["name"] == *value);
            if !found {
                missing.push(format!("enum value {type_name}.{value}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the served schema lacks parts of the API contract:\n{}",
        missing.join("\n")
    );
}

/// The live introspection says what `schema.graphql` says: no description of the schema
/// itself (async-graphql would answer a generic sentence), and the same description for
/// every type, so a generator reading either one produces the same code.
#[tokio::test]
async fn the_live_introspection_describes_the_schema_as_schema_graphql_does() {
    use async_graphql::parser::types::TypeSystemDefinition;

    let app = spawn_app().await;
    let data = app
        .data(
            "{ __schema { description types { name description } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["__schema"]["description"], Value::Null, "{data}");
    let sdl = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .expect("reading schema.graphql");
    let document = async_graphql::parser::parse_schema(&sdl).expect("schema.graphql parses");
    let mut compared = 0;
    for definition in &document.definitions {
        match definition {
            TypeSystemDefinition::Type(ty) => {
                let name = ty.node.name.node.as_str();
                let live = data["__schema"]["types"]
                    .as_array()
                    .and_then(|types| types.iter().find(|t| t["name"] == name))
                    .unwrap_or_else(|| panic!("{name} is not served"));
                let written = ty.node.description.as_ref().map(|d| d.node.as_str());
                assert_eq!(live["description"].as_str(), written, "{name}");
                compared += 1;
            }
            // schema.graphql cannot describe the schema itself: the live answer has none.
            TypeSystemDefinition::Schema(_) | TypeSystemDefinition::Directive(_) => {}
        }
    }
    assert!(compared > 50, "{compared} types compared");
}
