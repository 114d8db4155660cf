//! Writes through the real server: API keys made with the real `dealgraph token` command,
//! mutations, their validation, optimistic concurrency, history, and that every read reflects
//! a write at once.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// Runs `dealgraph token ARGS… --database PATH` and returns its standard output.
pub(crate) fn token_command(db: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dealgraph"))
        .arg("token")
        .args(args)
        .arg("--database")
        .arg(db)
        .output()
        .expect("the command runs");
    assert!(
        output.status.success(),
        "dealgraph token {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// A new API key named `name` for the server's database.
pub(crate) fn new_token(app: &TestApp, name: &str) -> String {
    token_command(&app.database, &["create", name])
        .trim()
        .to_owned()
}

/// Sends `query` with `Authorization: Bearer token` (none when `None`).
pub(crate) async fn as_token(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = request.send().await.expect("sent");
    response.json().await.expect("JSON")
}

pub(crate) fn code(body: &Value) -> (&str, &str) {
    let error = &body["errors"][0];
    (
        error["extensions"]["code"].as_str().unwrap_or(""),
        error["extensions"]["argument"].as_str().unwrap_or(""),
    )
}

const CREATE_COMPANY: &str =
    "mutation($input: CreateCompanyInput!) { createCompany(input: $input) {
    clientMutationId company { id slug name version summary(locale: \"en\") } } }";

#[tokio::test]
async fn mutations_need_a_valid_unrevoked_key() {
    let app = spawn_app().await;
    let input = json!({ "input": { "name": "Neue Medien", "kind": "MEDIA_GROUP" } });
    for token in [None, Some("dg_not-a-key")] {
        let body = as_token(&app, token, CREATE_COMPANY, input.clone()).await;
        assert_eq!(code(&body).0, "UNAUTHENTICATED", "{body}");
    }
    let token = new_token(&app, "desk");
    assert!(token.starts_with("dg_"));
    let body = as_token(&app, Some(&token), CREATE_COMPANY, input.clone()).await;
    assert!(body.get("errors").is_none(), "{body}");
    let listed = token_command(&app.database, &["list"]);
    assert!(
        listed.contains("desk") && listed.contains("active"),
        "{listed}"
    );
    token_command(&app.database, &["revoke", "desk"]);
    let again = json!({ "input": { "name": "Andere Medien", "kind": "MEDIA_GROUP" } });
    let body = as_token(&app, Some(&token), CREATE_COMPANY, again).await;
    assert_eq!(code(&body).0, "UNAUTHENTICATED", "{body}");
    // Reads stay public.
    assert!(
        app.graphql("{ locales }", json!({}))
            .await
            .get("errors")
            .is_none()
    );
}

#[tokio::test]
async fn a_created_company_is_read_searched_and_recorded_at_once() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let body = as_token(
        &app,
        Some(&token),
        CREATE_COMPANY,
        json!({ "input": { "clientMutationId": "m1", "name": "Straßen Müller Medien",
            "kind": "MEDIA_GROUP", "country": "DE", "founded": "2019-05",
            "parent": null } }),
    )
    .await;
    let payload = &body["data"]["createCompany"];
    assert_eq!(payload["clientMutationId"], "m1", "{body}");
    assert_eq!(payload["company"]["slug"], "strassen-mueller-medien");
    assert_eq!(payload["company"]["version"], 1);
    let summary = payload["company"]["summary"].as_str().unwrap_or("");
    assert!(summary.contains("Straßen Müller Medien"), "{summary}");

    let data = app
        .data(
            "{ search(query: \"Strassen Mueller\") { nodes { ... on Company { slug } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["search"]["nodes"][0]["slug"],
        "strassen-mueller-medien"
    );

    let data = app
        .data(
            "{ changes(filter: { entity: COMPANY }, last: 1) { nodes { actor operation entityId
                before after } } }",
            json!({}),
        )
        .await;
    let change = &data["changes"]["nodes"][0];
    assert_eq!(change["actor"], "desk");
    assert_eq!(change["operation"], "CREATE");
    assert_eq!(change["entityId"], payload["company"]["id"]);
    assert!(change["before"].is_null());
    assert_eq!(change["after"]["name"], "Straßen Müller Medien");
    assert_eq!(change["after"]["founded"], "2019-05");
}

#[tokio::test]
async fn invalid_input_is_refused_naming_the_field_and_writes_nothing() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let cases = [
        (
            json!({ "name": "  ", "kind": "MEDIA_GROUP" }),
            "BAD_USER_INPUT",
            "name",
        ),
        (
            json!({ "name": "X".repeat(201), "kind": "MEDIA_GROUP" }),
            "BAD_USER_INPUT",
            "name",
        ),
        (
            json!({ "name": "A", "kind": "MEDIA_GROUP", "country": "de" }),
            "BAD_USER_INPUT",
            "country",
        ),
        (
            json!({ "name": "A", "kind": "MEDIA_GROUP", "founded": "2023-02-30" }),
            "BAD_USER_INPUT",
            "founded",
        ),
        (
            json!({ "name": "A", "kind": "MEDIA_GROUP", "founded": "2023-13" }),
            "BAD_USER_INPUT",
            "founded",
        ),
        (
            json!({ "name": "A", "kind": "MEDIA_GROUP", "slug": "Not A Slug" }),
            "BAD_USER_INPUT",
            "slug",
        ),
        (
            json!({ "name": "Alibaba", "kind": "MEDIA_GROUP", "slug": "alibaba-group" }),
            "CONFLICT",
            "slug",
        ),
        (
            json!({ "name": "A", "kind": "MEDIA_GROUP", "parent": "Q29tcGFueTpub25l" }),
            "BAD_USER_INPUT",
            "parent",
        ),
    ];
    for (input, expected, field) in cases {
        let body = as_token(
            &app,
            Some(&token),
            CREATE_COMPANY,
            json!({ "input": input }),
        )
        .await;
        assert_eq!(code(&body), (expected, field), "{input}: {body}");
    }
    let body = as_token(
        &app,
        Some(&token),
        CREATE_COMPANY,
        json!({ "input": { "name": "A", "kind": "NOT_A_KIND" } }),
    )
    .await;
    assert!(body.get("errors").is_some(), "{body}");
    // Only the seed's own records are in the history.
    let data = app
        .data("{ changes(last: 1) { nodes { actor } } }", json!({}))
        .await;
    assert_eq!(
        data["changes"]["nodes"][0]["actor"], "seed",
        "nothing was written"
    );
}

const UPDATE_COMPANY: &str =
    "mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) {
    company { slug name version } } }";

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_a_parent_cycle_is_refused() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let data = app
        .data(
            "{ company(slug: \"alibaba-pictures\") { id version parent { id } } }",
            json!({}),
        )
        .await;
    let (id, version) = (&data["company"]["id"], &data["company"]["version"]);
    let parent = data["company"]["parent"]["id"].clone();
    let first = as_token(
        &app,
        Some(&token),
        UPDATE_COMPANY,
        json!({ "input": { "id": id, "version": version, "headquarters": "Peking" } }),
    )
    .await;
    assert_eq!(
        first["data"]["updateCompany"]["company"]["version"], 2,
        "{first}"
    );
    let second = as_token(
        &app,
        Some(&token),
        UPDATE_COMPANY,
        json!({ "input": { "id": id, "version": version, "headquarters": "Hangzhou" } }),
    )
    .await;
    assert_eq!(code(&second), ("CONFLICT", "version"), "{second}");
    // The parent cannot become a subsidiary of its own subsidiary.
    let cycle = as_token(
        &app,
        Some(&token),
        UPDATE_COMPANY,
        json!({ "input": { "id": parent, "parent": id } }),
    )
    .await;
    assert_eq!(code(&cycle), ("BAD_USER_INPUT", "parent"), "{cycle}");
}

#[tokio::test]
async fn renaming_a_parent_changes_its_subsidiaries_summaries() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let query = "{ company(slug: \"alibaba-pictures\") { summary(locale: \"en\") parent { id } } }";
    let before = app.data(query, json!({})).await;
    let parent = before["company"]["parent"]["id"].clone();
    let body = as_token(
        &app,
        Some(&token),
        UPDATE_COMPANY,
        json!({ "input": { "id": parent, "name": "Zeta Holding" } }),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let after = app.data(query, json!({})).await;
    let summary = after["company"]["summary"].as_str().unwrap_or("");
    assert!(summary.contains("Zeta Holding"), "{summary}");
    assert_ne!(before["company"]["summary"], after["company"]["summary"]);
}

const DELETE_COMPANY: &str =
    "mutation($input: DeleteCompanyInput!) { deleteCompany(input: $input) {
    deletedId deletedAgreementIds } }";

#[tokio::test]
async fn deleting_a_party_needs_the_cascade_and_keeps_its_history() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let data = app
        .data(
            "{ agreements(first: 1) { nodes { parties { company { id slug } } } } }",
            json!({}),
        )
        .await;
    let party = &data["agreements"]["nodes"][0]["parties"][0]["company"];
    let (id, slug) = (
        party["id"].clone(),
        party["slug"].as_str().unwrap_or("").to_owned(),
    );
    let refused = as_token(
        &app,
        Some(&token),
        DELETE_COMPANY,
        json!({ "input": { "id": id } }),
    )
    .await;
    assert_eq!(code(&refused), ("CONFLICT", "cascade"), "{refused}");
    let deleted = as_token(
        &app,
        Some(&token),
        DELETE_COMPANY,
        json!({ "input": { "id": id, "cascade": true } }),
    )
    .await;
    assert_eq!(
        deleted["data"]["deleteCompany"]["deletedId"], id,
        "{deleted}"
    );
    let gone = app
        .data(
            "query($s: String!) { company(slug: $s) { id } }",
            json!({ "s": slug }),
        )
        .await;
    assert!(gone["company"].is_null());
    let history = app
        .data(
            "query($id: ID!) { changes(filter: { entityId: $id }, last: 1) { nodes { operation
                before } } }",
            json!({ "id": id }),
        )
        .await;
    let node = &history["changes"]["nodes"][0];
    assert_eq!(node["operation"], "DELETE");
    assert_eq!(node["before"]["slug"], slug.as_str());
}

#[tokio::test]
async fn a_hundred_parallel_creates_all_land() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let mut tasks = Vec::new();
    for i in 0..100 {
        let (url, token) = (app.url("/graphql"), token.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let body: Value = client
                .post(url)
                .header("authorization", format!("Bearer {token}"))
                .json(&json!({ "query": "mutation($n: String!) { createPerson(input: { name: $n }) { person { slug } } }",
                    "variables": { "n": format!("Parallel Person {i}") } }))
                .send()
                .await
                .expect("sent")
                .json()
                .await
                .expect("JSON");
            body
        }));
    }
    for task in tasks {
        let body = task.await.expect("joined");
        assert!(body.get("errors").is_none(), "{body}");
    }
    let data = app
        .data(
            "{ changes(filter: { entity: PERSON }) { totalCount } people { totalCount } }",
            json!({}),
        )
        .await;
    // The seed's three people, then the hundred.
    assert_eq!(data["changes"]["totalCount"], 103);
    assert_eq!(data["people"]["totalCount"], 103);
}
