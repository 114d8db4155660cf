//! The database outlives the server: a restart keeps the data and does not seed it again.

use serde_json::json;

use crate::helpers::{TestApp, spawn_app_at};

const TOTALS: &str = "{ companies { totalCount } people { totalCount } agreements { totalCount } }";

async fn totals(app: &TestApp) -> serde_json::Value {
    app.data(TOTALS, json!({})).await
}

#[tokio::test]
async fn a_restart_on_the_same_file_keeps_the_data_and_does_not_seed_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");

    let first = spawn_app_at(&path).await;
    let before = totals(&first).await;
    assert!(before["companies"]["totalCount"].as_i64().unwrap() > 0);
    first.stop().await;
    assert!(
        path.exists(),
        "the database file stays after the server stops"
    );

    let second = spawn_app_at(&path).await;
    assert_eq!(
        totals(&second).await,
        before,
        "the totals change across a restart"
    );
    let data = second
        .data(
            r#"{ company(slug: "alibaba-group") { name founded founders { name } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["company"],
        json!({ "name": "Alibaba Group", "founded": "1999", "founders": [{ "name": "Jack Ma" }] })
    );
    second.stop().await;
}

#[tokio::test]
async fn global_ids_and_cursors_stay_valid_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    let page = "query($after: String) { companies(first: 3, after: $after) { nodes { id slug } pageInfo { endCursor } } }";

    let first = spawn_app_at(&path).await;
    let one = first.data(page, json!({})).await;
    let cursor = one["companies"]["pageInfo"]["endCursor"].clone();
    let two = first.data(page, json!({ "after": cursor })).await;
    let id = one["companies"]["nodes"][0]["id"].clone();
    first.stop().await;

    let second = spawn_app_at(&path).await;
    assert_eq!(
        second.data(page, json!({ "after": cursor })).await,
        two,
        "the page after a cursor changes across a restart"
    );
    let node = second
        .data(
            "query($id: ID!) { node(id: $id) { id ... on Company { slug } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(node["node"]["id"], id);
    assert_eq!(node["node"]["slug"], one["companies"]["nodes"][0]["slug"]);
    second.stop().await;
}

#[tokio::test]
async fn the_server_creates_a_missing_database_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/deeper/db.sqlite");
    let app = spawn_app_at(&path).await;
    let data = totals(&app).await;
    assert!(data["companies"]["totalCount"].as_i64().unwrap() > 0);
    assert_eq!(app.db_path, path);
    assert!(app.db_path.exists());
    app.stop().await;
}
