//! Refused arguments: `BAD_USER_INPUT` with the argument named, never a 500 or a panic.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    ACCEPT_BOTH, TestApp, assert_bad_input, assert_error_code, global_id, json_body, spawn_app,
};

const COMPANIES: &str = "
    query($first: Int, $after: String, $last: Int, $before: String, $filter: CompanyFilter) {
      companies(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
        totalCount
        nodes { slug }
      }
    }";

/// Runs a query that fails in a resolver: the response is a 200 with errors (the request was
/// well-formed), and no 500 or panic.
async fn field_error(app: &TestApp, query: &str, variables: Value) -> Value {
    let body = json!({ "query": query, "variables": variables }).to_string();
    let response = app
        .post_graphql(Some("application/json"), Some(ACCEPT_BOTH), body)
        .await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(!text.contains("panicked"), "{text}");
    assert_eq!(status, StatusCode::OK, "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert!(
        body["errors"].as_array().is_some_and(|e| !e.is_empty()),
        "expected errors: {body:#}"
    );
    body
}

/// The response to listing companies with `filter`, which must fail in a resolver.
async fn company_filter_error(filter: Value) -> Value {
    let app = spawn_app().await;
    field_error(&app, COMPANIES, json!({ "filter": filter })).await
}

#[tokio::test]
async fn first_over_a_hundred_is_bad_user_input_naming_first() {
    let app = spawn_app().await;
    let body = field_error(&app, COMPANIES, json!({ "first": 101 })).await;
    assert_bad_input(&body, "first");
    assert_eq!(body["errors"][0]["path"], json!(["companies"]));
}

#[tokio::test]
async fn a_hundred_is_the_largest_first_accepted() {
    let app = spawn_app().await;
    app.data(COMPANIES, json!({ "first": 100 })).await;
    app.data(COMPANIES, json!({ "last": 100 })).await;
}

#[tokio::test]
async fn a_negative_first_is_bad_user_input_naming_first() {
    let app = spawn_app().await;
    let body = field_error(&app, COMPANIES, json!({ "first": -1 })).await;
    assert_bad_input(&body, "first");
}

#[tokio::test]
async fn last_over_a_hundred_is_bad_user_input_naming_last() {
    let app = spawn_app().await;
    let body = field_error(&app, COMPANIES, json!({ "last": 101 })).await;
    assert_bad_input(&body, "last");
}

#[tokio::test]
async fn a_negative_last_is_bad_user_input_naming_last() {
    let app = spawn_app().await;
    let body = field_error(&app, COMPANIES, json!({ "last": -1 })).await;
    assert_bad_input(&body, "last");
}

#[tokio::test]
async fn first_and_last_together_are_bad_user_input() {
    let app = spawn_app().await;
    let body = field_error(&app, COMPANIES, json!({ "first": 2, "last": 2 })).await;
    assert_error_code(&body, "BAD_USER_INPUT");
    let argument = &body["errors"][0]["extensions"]["argument"];
    assert!(
        argument == "first" || argument == "last",
        "the error names first or last: {body:#}"
    );
}

#[tokio::test]
async fn a_malformed_after_cursor_is_bad_user_input_naming_after() {
    let app = spawn_app().await;
    let body = field_error(&app, COMPANIES, json!({ "first": 2, "after": "garbage" })).await;
    assert_bad_input(&body, "after");
}

#[tokio::test]
async fn a_malformed_before_cursor_is_bad_user_input_naming_before() {
    let app = spawn_app().await;
    let body = field_error(&app, COMPANIES, json!({ "last": 2, "before": "garbage" })).await;
    assert_bad_input(&body, "before");
}

#[tokio::test]
async fn a_global_id_is_not_a_cursor() {
    let app = spawn_app().await;
    let id = global_id("Company", "alibaba-group");
    let body = field_error(&app, COMPANIES, json!({ "first": 2, "after": id })).await;
    assert_bad_input(&body, "after");
}

#[tokio::test]
async fn page_sizes_are_limited_on_every_connection() {
    let app = spawn_app().await;
    for query in [
        "{ people(first: 101) { totalCount } }",
        "{ agreements(first: 101) { totalCount } }",
        r#"{ company(slug: "alibaba-group") { subsidiaries(first: 101) { totalCount } } }"#,
        r#"{ company(slug: "alibaba-group") { agreements(first: 101) { totalCount } } }"#,
        r#"{ company(slug: "wige-media") { partners(first: 101) { totalCount } } }"#,
    ] {
        let body = field_error(&app, query, json!({})).await;
        assert_bad_input(&body, "first");
    }
}

#[tokio::test]
async fn a_country_filter_that_is_not_an_iso_code_is_bad_user_input() {
    let body = company_filter_error(json!({ "country": "Germany" })).await;
    assert_error_code(&body, "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_country_filter_with_an_iso_code_finds_the_companies_based_there() {
    let app = spawn_app().await;
    let data = app
        .data(COMPANIES, json!({ "filter": { "country": "DE" } }))
        .await;
    assert_eq!(
        data["companies"]["nodes"],
        json!([{ "slug": "wige-media" }])
    );
}

#[tokio::test]
async fn a_parent_filter_with_a_person_id_is_bad_user_input() {
    let body = company_filter_error(json!({ "parent": global_id("Person", "jack-ma") })).await;
    assert_error_code(&body, "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_parent_filter_with_a_malformed_id_is_bad_user_input() {
    let body = company_filter_error(json!({ "parent": "garbage!" })).await;
    assert_error_code(&body, "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_parent_filter_naming_a_missing_company_is_not_found() {
    let body =
        company_filter_error(json!({ "parent": global_id("Company", "no-such-company") })).await;
    assert_error_code(&body, "NOT_FOUND");
}

#[tokio::test]
async fn a_parent_filter_with_a_company_id_finds_its_subsidiaries() {
    let app = spawn_app().await;
    let data = app
        .data(
            COMPANIES,
            json!({ "first": 100, "filter": { "parent": global_id("Company", "alibaba-group") } }),
        )
        .await;
    let sub = app
        .data(
            r#"{ company(slug: "alibaba-group") { subsidiaries(first: 100) { nodes { slug } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["companies"]["nodes"],
        sub["company"]["subsidiaries"]["nodes"]
    );
}

#[tokio::test]
async fn agreement_filters_refuse_a_market_name_and_a_person_as_party() {
    let app = spawn_app().await;
    let query = "query($filter: AgreementFilter) { agreements(filter: $filter) { totalCount } }";
    let body = field_error(&app, query, json!({ "filter": { "market": "Thailand" } })).await;
    assert_error_code(&body, "BAD_USER_INPUT");
    let body = field_error(
        &app,
        query,
        json!({ "filter": { "party": global_id("Person", "jack-ma") } }),
    )
    .await;
    assert_error_code(&body, "BAD_USER_INPUT");
}

#[tokio::test]
async fn no_refused_request_is_answered_with_a_500_or_mentions_a_panic() {
    let app = spawn_app().await;
    let post = |body: String| (Some("application/json"), body);
    let mut requests: Vec<(Option<&str>, String)> = vec![
        post(json!({ "query": "{ companies(first: 101) { totalCount } }" }).to_string()),
        post(json!({ "query": "{ companies(first: -1) { totalCount } }" }).to_string()),
        post(json!({ "query": "{ companies(first: 2147483648) { totalCount } }" }).to_string()),
        post(json!({ "query": "{ companies(first: \"ten\") { totalCount } }" }).to_string()),
        post(json!({ "query": "{ companies(after: \"\") { totalCount } }" }).to_string()),
        post(json!({ "query": "{ companies(after: \"%%%\") { totalCount } }" }).to_string()),
        post(json!({ "query": "{ node(id: \"\") { id } }" }).to_string()),
        post(json!({ "query": "{ nodes(ids: [\"x\", \"\"]) { id } }" }).to_string()),
        post(
            json!({
                "query": "query($f: Int) { companies(first: $f) { totalCount } }",
                "variables": { "f": "not a number" },
            })
            .to_string(),
        ),
        post(json!({ "query": "query($id: ID!) { node(id: $id) { id } }" }).to_string()),
        post(json!({ "query": "{ company(slug: \"alibaba-group\") { nope } }" }).to_string()),
        post(json!({ "query": "{ company(" }).to_string()),
        post(json!({ "query": "" }).to_string()),
        post(json!({ "query": "query A { __typename } query B { __typename }" }).to_string()),
        post(json!({ "query": "{ __typename }", "operationName": "Missing" }).to_string()),
        post(json!({ "query": "mutation { x }" }).to_string()),
        post(json!({ "query": "subscription { x }" }).to_string()),
        post(json!({ "query": 42 }).to_string()),
        post(json!({ "nope": true }).to_string()),
        post("[]".to_owned()),
        post("{".to_owned()),
        post(String::new()),
        (Some("text/plain"), "{ __typename }".to_owned()),
        (None, "{ __typename }".to_owned()),
    ];
    // Cursors and ids cut short or with a changed payload.
    let page = app
        .data(
            "{ companies(first: 1) { pageInfo { endCursor } } }",
            json!({}),
        )
        .await;
    let cursor = page["companies"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    for broken in [
        &cursor[..cursor.len() / 2],
        &cursor[1..],
        &format!("{cursor}A"),
    ] {
        requests.push(post(
            json!({
                "query": "query($c: String) { companies(first: 1, after: $c) { totalCount } }",
                "variables": { "c": broken },
            })
            .to_string(),
        ));
    }

    for (content_type, body) in requests {
        let response = app
            .post_graphql(content_type, Some(ACCEPT_BOTH), body.clone())
            .await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(!status.is_server_error(), "{status} for {body}: {text}");
        assert!(!text.contains("panicked"), "{body}: {text}");
    }
    // The server is still up.
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    let body = json_body(
        app.post_graphql(
            Some("application/json"),
            None,
            json!({ "query": "{ __typename }" }).to_string(),
        )
        .await,
    )
    .await;
    assert_eq!(body["data"]["__typename"], "Query");
}

#[tokio::test]
async fn an_input_object_given_a_list_or_a_string_is_bad_input_naming_the_argument() {
    let app = spawn_app().await;
    for (query, argument) in [
        ("{ companies(filter: [1, 2]) { totalCount } }", "filter"),
        ("{ companies(orderBy: \"NAME\") { totalCount } }", "orderBy"),
        (
            "{ agreements(first: 1, filter: 7) { totalCount } }",
            "filter",
        ),
        (
            "{ company(slug: \"alibaba-group\") { subsidiaries(orderBy: [NAME]) { totalCount } } }",
            "orderBy",
        ),
    ] {
        let body = field_error(&app, query, json!({})).await;
        assert_bad_input(&body, argument);
    }
    // Through a variable whose value is not an object.
    let body = field_error(&app, COMPANIES, json!({ "filter": "x" })).await;
    assert_bad_input(&body, "filter");
    let body = field_error(&app, COMPANIES, json!({ "filter": [1] })).await;
    assert_bad_input(&body, "filter");
}

#[tokio::test]
async fn an_int_that_overflows_names_its_argument_like_a_string_does() {
    let app = spawn_app().await;
    let body = field_error(
        &app,
        "{ companies(first: 2147483648) { totalCount } }",
        json!({}),
    )
    .await;
    assert_bad_input(&body, "first");
    let body = field_error(&app, COMPANIES, json!({ "last": -2147483649_i64 })).await;
    assert_bad_input(&body, "last");
    let body = field_error(&app, COMPANIES, json!({ "first": 2147483648_i64 })).await;
    assert_bad_input(&body, "first");
}
