//! The HTTP surface per the GraphQL-over-HTTP specification: methods, request and response
//! media types, status codes; the playground and the health check.

use reqwest::StatusCode;
use reqwest::header::ALLOW;
use serde_json::json;

use crate::helpers::{
    ACCEPT_BOTH, GRAPHQL_RESPONSE, TestApp, assert_error_code, content_type, json_body, spawn_app,
    url_encode, without_extensions,
};

fn typename_body() -> String {
    json!({ "query": "{ __typename }" }).to_string()
}

/// POSTs `query` as JSON to `/graphql`, accepting `accept`.
async fn post_query(app: &TestApp, accept: &str, query: &str) -> reqwest::Response {
    let body = json!({ "query": query }).to_string();
    app.post_graphql(Some("application/json"), Some(accept), body)
        .await
}

#[tokio::test]
async fn a_query_over_get_is_answered_with_200() {
    let app = spawn_app().await;
    let response = app
        .get(&format!("/graphql?query={}", url_encode("{__typename}")))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = without_extensions(json_body(response).await);
    assert_eq!(body, json!({ "data": { "__typename": "Query" } }));
}

#[tokio::test]
async fn a_query_over_get_takes_variables_and_an_operation_name() {
    let app = spawn_app().await;
    let query = "query Other { __typename } \
                 query Named($slug: String!) { company(slug: $slug) { name } }";
    let variables = json!({ "slug": "wige-media" }).to_string();
    let response = app
        .get(&format!(
            "/graphql?query={}&variables={}&operationName=Named",
            url_encode(query),
            url_encode(&variables)
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = without_extensions(json_body(response).await);
    assert_eq!(
        body,
        json!({ "data": { "company": { "name": "Wige Media" } } })
    );
}

#[tokio::test]
async fn a_mutation_over_get_is_405_and_allows_post() {
    let app = spawn_app().await;
    let response = app
        .get(&format!("/graphql?query={}", url_encode("mutation { x }")))
        .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()[ALLOW], "POST");
}

#[tokio::test]
async fn a_get_without_a_query_is_400() {
    let app = spawn_app().await;
    let response = app.get("/graphql").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_post_with_a_text_plain_body_is_415() {
    let app = spawn_app().await;
    let response = app
        .post_graphql(Some("text/plain"), Some(ACCEPT_BOTH), typename_body())
        .await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_post_with_a_form_body_is_415() {
    let app = spawn_app().await;
    let response = app
        .post_graphql(
            Some("application/x-www-form-urlencoded"),
            Some(ACCEPT_BOTH),
            format!("query={}", url_encode("{__typename}")),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_post_without_a_content_type_is_415() {
    let app = spawn_app().await;
    let response = app
        .post_graphql(None, Some(ACCEPT_BOTH), typename_body())
        .await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_post_with_json_and_a_utf8_charset_is_accepted() {
    let app = spawn_app().await;
    let response = app
        .post_graphql(
            Some("application/json; charset=utf-8"),
            Some(ACCEPT_BOTH),
            typename_body(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_post_with_a_body_that_is_not_json_is_400() {
    let app = spawn_app().await;
    let response = app
        .post_graphql(
            Some("application/json"),
            Some(GRAPHQL_RESPONSE),
            "{ this is not json",
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(content_type(&response), GRAPHQL_RESPONSE);
    let body = json_body(response).await;
    assert!(body["errors"][0]["message"].is_string(), "{body:#}");
}

#[tokio::test]
async fn a_document_that_does_not_parse_is_400_graphql_parse_failed() {
    let app = spawn_app().await;
    let response = post_query(&app, GRAPHQL_RESPONSE, "{ company(").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = json_body(response).await;
    assert_error_code(&body, "GRAPHQL_PARSE_FAILED");
    assert!(body.get("data").is_none(), "{body:#}");
    // The position is in `locations`, where editors look for it, not drawn in the message.
    assert_eq!(body["errors"][0]["locations"][0]["line"], 1, "{body:#}");
    assert_eq!(body["errors"][0]["locations"][0]["column"], 11, "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("Syntax Error: "), "{message}");
    assert!(!message.contains('\n'), "{message}");
}

/// With `application/json` (legacy clients), request errors answer 200, as the
/// GraphQL-over-HTTP specification asks (graphql-http's audit 572B, FDE2, 7B9B), and a wildcard
/// `Accept` gets `application/json` (47DE, 80D8).
#[tokio::test]
async fn legacy_json_clients_get_request_errors_with_200_and_wildcards_get_json() {
    let app = spawn_app().await;
    for (query, variables, code) in [
        ("{ company(", json!({}), "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", json!({}), "GRAPHQL_VALIDATION_FAILED"),
        (
            "query($n: Int) { companies(first: $n) { totalCount } }",
            json!({ "n": "many" }),
            "BAD_USER_INPUT",
        ),
    ] {
        let response = app
            .client
            .post(app.url("/graphql"))
            .header("accept", "application/json")
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        assert_eq!(content_type(&response), "application/json");
        let body = json_body(response).await;
        assert_error_code(&body, code);
    }
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "*/*")
        .json(&json!({ "query": "{ locales }" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(content_type(&response), "application/json");
}

#[tokio::test]
async fn a_document_that_fails_validation_is_400_graphql_validation_failed() {
    let app = spawn_app().await;
    let response = post_query(&app, GRAPHQL_RESPONSE, "{ nope }").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = json_body(response).await;
    assert_error_code(&body, "GRAPHQL_VALIDATION_FAILED");
    assert!(
        body.get("data").is_none() || body["data"].is_null(),
        "{body:#}"
    );
}

#[tokio::test]
async fn accepting_graphql_response_json_gets_that_content_type() {
    let app = spawn_app().await;
    let response = post_query(&app, GRAPHQL_RESPONSE, "{ __typename }").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), GRAPHQL_RESPONSE);
}

#[tokio::test]
async fn accepting_application_json_gets_application_json() {
    let app = spawn_app().await;
    let response = post_query(&app, "application/json", "{ __typename }").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "application/json");
}

#[tokio::test]
async fn a_request_without_an_accept_header_gets_application_json() {
    let app = spawn_app().await;
    let body = typename_body();
    let response = app
        .raw_http(
            "POST /graphql HTTP/1.1\r\nContent-Type: application/json",
            &body,
        )
        .await;
    assert_eq!(response.status, 200, "{response:?}");
    let content_type = response.header("content-type").unwrap_or_default();
    assert_eq!(
        content_type.split(';').next().unwrap().trim(),
        "application/json",
        "{response:?}"
    );
    let body: serde_json::Value = serde_json::from_str(&response.body).expect("a JSON body");
    assert_eq!(body["data"]["__typename"], "Query");
}

#[tokio::test]
async fn accepting_only_text_html_is_406() {
    let app = spawn_app().await;
    let response = post_query(&app, "text/html", "{ __typename }").await;
    assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE);
    let response = app
        .get_accepting(
            &format!("/graphql?query={}", url_encode("{__typename}")),
            "text/html",
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn a_field_error_beside_good_data_is_200_with_the_data_and_the_error() {
    let app = spawn_app().await;
    // `node` is nullable, so its error stops at `b` and leaves `a` in place.
    let response = post_query(
        &app,
        GRAPHQL_RESPONSE,
        r#"{ a: company(slug: "alibaba-group") { name } b: node(id: "garbage!") { id } }"#,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_body(response).await;
    assert_eq!(body["data"]["a"], json!({ "name": "Alibaba Group" }));
    assert_eq!(body["data"]["b"], serde_json::Value::Null);
    assert_error_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["path"], json!(["b"]));
}

#[tokio::test]
async fn a_field_error_in_a_non_null_root_field_is_200_with_null_data() {
    let app = spawn_app().await;
    // `companies` is non-null, so its error nulls the whole `data` (GraphQL null propagation).
    let response = post_query(
        &app,
        GRAPHQL_RESPONSE,
        r#"{ a: company(slug: "alibaba-group") { name } b: companies(first: 500) { totalCount } }"#,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_body(response).await;
    assert_eq!(body["data"], serde_json::Value::Null, "{body:#}");
    assert_error_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["path"], json!(["b"]));
}

#[tokio::test]
async fn a_field_error_in_a_non_null_field_nulls_its_nearest_nullable_parent() {
    let app = spawn_app().await;
    // `subsidiaries` is non-null, so its error makes the nullable `b` null; `a` stays.
    let query = r#"{
        a: company(slug: "alibaba-group") { name }
        b: company(slug: "alibaba-group") { name subsidiaries(first: 500) { totalCount } }
    }"#;
    let response = post_query(&app, GRAPHQL_RESPONSE, query).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_body(response).await;
    assert_eq!(
        body["data"],
        json!({ "a": { "name": "Alibaba Group" }, "b": null }),
        "{body:#}"
    );
    assert_error_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["path"], json!(["b", "subsidiaries"]));
}

#[tokio::test]
async fn the_root_serves_the_graphiql_playground() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "text/html");
    let html = response.text().await.unwrap();
    assert!(html.to_lowercase().contains("graphiql"), "{html}");
}

/// With the playground's assets installed, the page loads them from this server only (it
/// works without internet), and each is served with its media type.
#[tokio::test]
async fn the_playground_serves_its_installed_assets_itself() {
    let dir = tempfile::tempdir().expect("a folder");
    for (path, text) in [
        ("react/umd/react.production.min.js", "/* react */"),
        (
            "react-dom/umd/react-dom.production.min.js",
            "/* react-dom */",
        ),
        ("graphiql/graphiql.min.js", "/* graphiql */"),
        ("graphiql/graphiql.min.css", "/* css */"),
    ] {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("a folder");
        std::fs::write(file, text).expect("written");
    }
    let assets = dir.path().to_owned();
    let app = crate::helpers::spawn_app_tuned(move |args| args.playground_assets = assets).await;
    let html = app.get("/").await.text().await.expect("a page");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    for (name, media, text) in [
        ("graphiql.min.js", "text/javascript", "/* graphiql */"),
        ("graphiql.min.css", "text/css", "/* css */"),
        ("react.production.min.js", "text/javascript", "/* react */"),
    ] {
        assert!(html.contains(&format!("/playground/{name}")), "{html}");
        let response = app.get(&format!("/playground/{name}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(content_type(&response), media);
        assert_eq!(response.text().await.expect("a body"), text);
    }
    let missing = app.get("/playground/other.js").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_health_check_is_200() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn put_on_graphql_is_405() {
    let app = spawn_app().await;
    let response = app
        .client
        .put(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(typename_body())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = response.headers()[ALLOW].to_str().unwrap().to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
}

#[tokio::test]
async fn an_unknown_path_is_404() {
    let app = spawn_app().await;
    let response = app.get("/nope").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert!(response.headers().contains_key("x-request-id"));
}
