//! The response cache through the real server: an identical query is answered from memory
//! until the next write, whoever makes it (a mutation, another SQLite client), GET answers
//! carry an entity tag and answer 304 to it, and the cache can be turned off.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_tuned, url_encode};
use crate::writes::{as_token, new_token};

const QUERY: &str = "{ company(slug: \"wige-media\") { id version name headquarters } }";

/// Posts `QUERY`, and says whether the cache answered and what.
async fn ask(app: &TestApp) -> (String, Value) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": QUERY }))
        .send()
        .await
        .expect("sent");
    let cache = response
        .headers()
        .get("x-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (cache, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn an_identical_query_is_answered_from_the_cache_until_the_next_write() {
    let app = spawn_app().await;
    let (first, body) = ask(&app).await;
    assert_eq!(first, "miss");
    let (second, again) = ask(&app).await;
    assert_eq!(second, "hit");
    assert_eq!(body, again);

    // A mutation: the next answer is made afresh, and says what the mutation wrote.
    let token = new_token(&app, "cache");
    let id = body["data"]["company"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let written = as_token(
        &app,
        Some(&token),
        "mutation($id: ID!) { updateCompany(input: { id: $id, headquarters: \"Köln\" }) { company { headquarters } } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        written["data"]["updateCompany"]["company"]["headquarters"], "Köln",
        "{written}"
    );
    let (after, body) = ask(&app).await;
    assert_eq!(after, "miss");
    assert_eq!(body["data"]["company"]["headquarters"], "Köln");

    // Another client writes behind the server's back: the answer follows too.
    crate::helpers::write_behind(
        &app,
        "UPDATE companies SET headquarters = 'Hamburg' WHERE slug = 'wige-media'",
    )
    .await;
    let (after, body) = ask(&app).await;
    assert_eq!(after, "miss");
    assert_eq!(body["data"]["company"]["headquarters"], "Hamburg");
    assert_eq!(ask(&app).await.0, "hit");

    let metrics = app.get("/metrics").await.text().await.expect("a body");
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("dealgraph_response_cache_hits_total ") && !l.ends_with(" 0")),
        "{metrics}"
    );
}

/// The `ETag` of a response.
fn etag_of(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `GET path` with `If-None-Match: etag`.
async fn get_unless(app: &TestApp, path: &str, etag: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn get_answers_carry_an_entity_tag_and_answer_304_until_the_data_changes() {
    let app = spawn_app().await;
    let path = format!("/graphql?query={}", url_encode(QUERY));
    let first = app.get(&path).await;
    assert_eq!(first.status(), StatusCode::OK);
    let etag = etag_of(&first).expect("an ETag");
    let unchanged = get_unless(&app, &path, &etag).await;
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(etag_of(&unchanged), Some(etag.clone()));
    assert!(unchanged.text().await.expect("a body").is_empty());

    crate::helpers::write_behind(
        &app,
        "UPDATE companies SET headquarters = 'Berlin' WHERE slug = 'wige-media'",
    )
    .await;
    let changed = get_unless(&app, &path, &etag).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(etag_of(&changed), Some(etag));
    let body: Value = changed.json().await.expect("JSON");
    assert_eq!(body["data"]["company"]["headquarters"], "Berlin");
}

#[tokio::test]
async fn with_the_cache_off_every_query_is_answered_afresh() {
    let app = spawn_app_tuned(|args| args.response_cache_bytes = 0).await;
    assert_eq!(ask(&app).await.0, "miss");
    assert_eq!(ask(&app).await.0, "miss");
}
