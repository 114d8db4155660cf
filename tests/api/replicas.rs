//! Several servers as one API: a change committed through any server, or by `dealgraph import`
//! in a process of its own, reaches the `changes` subscribers of every server on the database,
//! once and in commit order, also across a lost listening connection.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app_tuned, spawn_postgres_tuned, start_app};
use crate::live::{connect, next, operation};
use crate::writes::{as_token, new_token};

/// A second server on the database of `app`, without the response cache.
pub(crate) async fn second_server(app: &TestApp) -> TestApp {
    let mut args = dealgraph::config::ServeArgs::new(
        "127.0.0.1:0".parse().expect("an address"),
        app.database
            .parse::<dealgraph::db::Location>()
            .expect("the database"),
    );
    args.response_cache_bytes = 0;
    let second = start_app(args).await;
    second.wait_until_ready().await;
    second
}

/// Creates a company named `name` through `app`; returns its global id.
async fn create(app: &TestApp, token: &str, name: &str) -> Value {
    let body = as_token(
        app,
        Some(token),
        "mutation($n: String!) { createCompany(input: { name: $n, kind: MEDIA_GROUP }) {
            company { id } } }",
        json!({ "n": name }),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["createCompany"]["company"]["id"].clone()
}

/// The next `n` changes a subscription sends, as (sequence, entityId).
async fn received<S>(stream: &mut S, n: usize) -> Vec<(i64, Value)>
where
    S: futures_util::Stream<Item = Result<Value, graphql_ws_client::Error>> + Unpin,
{
    let mut got = Vec::new();
    for _ in 0..n {
        let event = next(stream).await;
        let change = &event["data"]["changes"];
        got.push((
            change["sequence"].as_i64().unwrap_or_default(),
            change["entityId"].clone(),
        ));
    }
    got
}

const CHANGES: &str = "subscription { changes { sequence entityId } }";

#[tokio::test]
async fn a_change_through_either_server_reaches_the_subscribers_of_both_once_in_order() {
    let first = spawn_app_tuned(|args| args.response_cache_bytes = 0).await;
    let second = second_server(&first).await;
    let token = new_token(&first, "desk");
    let (on_first, on_second) = (
        connect(&first, json!({})).await,
        connect(&second, json!({})).await,
    );
    let mut heard_first = on_first
        .subscribe(operation(CHANGES, json!({})))
        .await
        .expect("subscribed");
    let mut heard_second = on_second
        .subscribe(operation(CHANGES, json!({})))
        .await
        .expect("subscribed");
    let mut made = Vec::new();
    for i in 0..6 {
        let through = if i % 2 == 0 { &first } else { &second };
        made.push(create(through, &token, &format!("Replik {i} Medien")).await);
    }
    for stream in [&mut heard_first, &mut heard_second] {
        let got = received(stream, made.len()).await;
        let ids: Vec<Value> = got.iter().map(|(_, id)| id.clone()).collect();
        assert_eq!(ids, made, "every change once, in commit order");
        assert!(got.windows(2).all(|w| w[0].0 < w[1].0), "{got:?}");
    }
    // Nothing more: each was sent once.
    assert!(
        tokio::time::timeout(Duration::from_millis(700), next(&mut heard_second))
            .await
            .is_err(),
        "no change twice"
    );
}

#[tokio::test]
async fn changes_imported_by_another_process_reach_a_running_servers_subscribers() {
    let app = spawn_app_tuned(|args| args.response_cache_bytes = 0).await;
    // The records to import: the seed and one company more, exported from a database of its
    // own.
    let source = spawn_app_tuned(|args| args.response_cache_bytes = 0).await;
    let token = new_token(&source, "desk");
    create(&source, &token, "Importierte Medien AG").await;
    let dir = tempfile::tempdir().expect("a folder");
    let files = dir.path().join("export");
    crate::transfer::exported(&source.database, &files);

    let client = connect(&app, json!({})).await;
    let mut heard = client
        .subscribe(operation(
            "subscription { changes { entity operation actor after } }",
            json!({}),
        ))
        .await
        .expect("subscribed");
    let database = app.database.clone();
    tokio::task::spawn_blocking(move || crate::transfer::imported(&database, &files))
        .await
        .expect("the import ran");
    let event = next(&mut heard).await;
    let change = &event["data"]["changes"];
    assert_eq!(change["entity"], "COMPANY", "{event}");
    assert_eq!(change["operation"], "CREATE", "{event}");
    assert!(
        change["after"]
            .to_string()
            .contains("Importierte Medien AG"),
        "{event}"
    );
}

#[tokio::test]
async fn a_listener_that_lost_its_connection_misses_nothing() {
    let first = spawn_postgres_tuned(|args| args.response_cache_bytes = 0).await;
    let second = second_server(&first).await;
    let token = new_token(&first, "desk");
    let client = connect(&second, json!({})).await;
    let mut heard = client
        .subscribe(operation(CHANGES, json!({})))
        .await
        .expect("subscribed");
    let before = create(&first, &token, "Vorher Medien").await;
    assert_eq!(received(&mut heard, 1).await[0].1, before);

    // The database ends the listening connections, as a restart or a failover does; changes
    // commit while nobody listens.
    let database = first.database.clone();
    let ended: i64 = tokio::task::spawn_blocking(move || {
        let mut admin = postgres::Client::connect(&database, postgres::NoTls).expect("connects");
        admin
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE application_name = 'dealgraph-listen' AND datname = current_database()",
                &[],
            )
            .expect("ends them")
            .get(0)
    })
    .await
    .expect("ran");
    assert_eq!(ended, 2, "each server listens on a connection of its own");
    let mut made = Vec::new();
    for i in 0..3 {
        made.push(create(&first, &token, &format!("Waehrenddessen {i} Medien")).await);
    }
    let got = received(&mut heard, made.len()).await;
    let ids: Vec<Value> = got.iter().map(|(_, id)| id.clone()).collect();
    assert_eq!(ids, made, "every change once, in commit order");
}
