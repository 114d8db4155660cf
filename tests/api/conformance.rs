//! What the GraphQL specification asks and async-graphql on its own does not do, checked
//! through the real server: variable defaults in directives, fields in the order asked for,
//! and fields that cannot be merged refused as the reference implementation refuses them.

use serde_json::json;

use crate::helpers::spawn_app;

/// The raw text of the answer to `query` (parsed JSON would not keep the order of its keys).
async fn raw_answer(app: &crate::helpers::TestApp, query: &str) -> String {
    app.client
        .post(app.url("/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("a body")
}

/// Checks that `keys` appear in `text` in this order (each as `"key":`, the first after the
/// one before).
fn assert_in_order(text: &str, keys: &[&str]) {
    let mut from = 0;
    for key in keys {
        let needle = format!("\"{key}\":");
        match text[from..].find(&needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("{key} is not after the keys before it in {text}"),
        }
    }
}

#[tokio::test]
async fn a_variable_left_out_takes_its_default_in_include_and_skip() {
    let app = spawn_app().await;
    let query = "query($x: Boolean = true, $y: Boolean = false) {
        company(slug: \"alibaba-group\") {
          name
          sources @include(if: $x) { title }
          founded @skip(if: $y)
          slug @skip(if: $x)
        } }";
    let company = &app.data(query, json!({})).await["company"];
    assert!(
        company["sources"].as_array().is_some_and(|s| !s.is_empty()),
        "{company}"
    );
    assert!(company.get("founded").is_some(), "{company}");
    assert!(company.get("slug").is_none(), "{company}");
    // A variable sent overrides its default.
    let company = &app.data(query, json!({ "x": false })).await["company"];
    assert!(company.get("sources").is_none(), "{company}");
    assert_eq!(company["slug"], "alibaba-group");
}

#[tokio::test]
async fn the_answer_keeps_the_order_the_document_asks_for() {
    let app = spawn_app().await;
    let text = raw_answer(
        &app,
        "{ company(slug: \"wige-media\") { name kind } locales
           z: labels(vocabularies: [ROLE_TITLE]) { value } a: locales
           agreements(first: 2) { nodes { slug ... on Agreement { kind } id } totalCount } }",
    )
    .await;
    assert_in_order(
        &text,
        &[
            "company",
            "name",
            "kind",
            "locales",
            "z",
            "value",
            "a",
            "agreements",
            "nodes",
            "slug",
            "kind",
            "id",
            "slug",
            "kind",
            "id",
            "totalCount",
        ],
    );
    // Fragments and their fields take their place where they are spread.
    let text = raw_answer(
        &app,
        "{ locales ...Q company(slug: \"wige-media\") { ...C name } }
         fragment Q on Query { agreements(first: 1) { totalCount } }
         fragment C on Company { slug country }",
    )
    .await;
    assert_in_order(
        &text,
        &[
            "locales",
            "agreements",
            "totalCount",
            "company",
            "slug",
            "country",
            "name",
        ],
    );
}

#[tokio::test]
async fn fields_that_cannot_be_merged_are_refused_with_their_locations() {
    let app = spawn_app().await;
    let body = app
        .graphql(
            "{ search(query: \"Alibaba\") { nodes {
                 ... on Company { kind }
                 ... on Agreement { kind } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
        "{body}"
    );
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("\"kind\"") && message.contains("conflicting types"),
        "{message}"
    );
    assert_eq!(
        body["errors"][0]["locations"].as_array().map(Vec::len),
        Some(2)
    );
    // With aliases, both are answered.
    let body = app
        .graphql(
            "{ search(query: \"Alibaba\") { nodes {
                 ... on Company { companyKind: kind }
                 ... on Agreement { agreementKind: kind } } } }",
            json!({}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
}
