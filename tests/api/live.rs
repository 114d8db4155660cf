//! Subscriptions and queries over `/graphql/ws` with a real graphql-transport-ws client
//! (`graphql-ws-client`, which speaks the protocol of the `graphql-ws` npm client): every
//! committed change arrives once, in commit order, after the mutation that made it.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::helpers::{TestApp, global_id, spawn_app};
use crate::writes::{as_token, new_token};

pub(crate) use crate::ws::operation;

/// A client connected to the server's `/graphql/ws`, with `init` as its connection payload.
pub(crate) async fn connect(app: &TestApp, init: Value) -> graphql_ws_client::Client {
    crate::ws::connect_to(&app.addr.to_string(), init).await
}

/// The next item of a subscription, within a few seconds.
pub(crate) async fn next<S>(stream: &mut S) -> Value
where
    S: futures_util::Stream<Item = Result<Value, graphql_ws_client::Error>> + Unpin,
{
    tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("an event within 10 s")
        .expect("the subscription is open")
        .expect("a valid event")
}

#[tokio::test]
async fn every_committed_change_arrives_once_in_commit_order() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let client = connect(&app, json!({})).await;
    let mut all = client
        .subscribe(operation(
            "subscription { changes { sequence actor entity operation entityId after } }",
            json!({}),
        ))
        .await
        .expect("subscribed");
    let mut people_only = client
        .subscribe(operation(
            "subscription { changes(filter: { entity: PERSON }) { operation after } }",
            json!({}),
        ))
        .await
        .expect("subscribed");

    let mut made = Vec::new();
    for name in ["Erste Medien", "Zweite Medien", "Dritte Medien"] {
        let body = as_token(
            &app,
            Some(&token),
            "mutation($n: String!) { createCompany(input: { name: $n, kind: MEDIA_GROUP }) {
                company { id } } }",
            json!({ "n": name }),
        )
        .await;
        made.push(body["data"]["createCompany"]["company"]["id"].clone());
    }
    as_token(
        &app,
        Some(&token),
        "mutation { createPerson(input: { name: \"Neue Person\" }) { person { id } } }",
        json!({}),
    )
    .await;

    let mut sequences = Vec::new();
    for id in &made {
        let event = next(&mut all).await;
        let change = &event["data"]["changes"];
        assert_eq!(change["entity"], "COMPANY", "{event}");
        assert_eq!(change["operation"], "CREATE");
        assert_eq!(change["actor"], "desk");
        assert_eq!(&change["entityId"], id, "in commit order");
        sequences.push(change["sequence"].as_i64().unwrap_or_default());
    }
    assert!(sequences.windows(2).all(|w| w[0] < w[1]), "{sequences:?}");
    let person = next(&mut all).await;
    assert_eq!(person["data"]["changes"]["entity"], "PERSON");

    let only = next(&mut people_only).await;
    assert_eq!(
        only["data"]["changes"]["after"]["name"], "Neue Person",
        "the filter lets only people through"
    );
    // Nothing more arrives: each change came once.
    let more = tokio::time::timeout(Duration::from_millis(300), all.next()).await;
    assert!(more.is_err(), "an extra event: {more:?}");
}

#[tokio::test]
async fn queries_and_mutations_work_over_the_websocket_with_the_key_in_the_init_payload() {
    let app = spawn_app().await;
    let token = new_token(&app, "socket");
    let client = connect(&app, json!({ "Authorization": format!("Bearer {token}") })).await;
    let mut read = client
        .subscribe(operation(
            "query($id: ID!) { node(id: $id) { ... on Company { name } } }",
            json!({ "id": global_id("Company", "alibaba-group") }),
        ))
        .await
        .expect("sent");
    let answer = next(&mut read).await;
    assert_eq!(answer["data"]["node"]["name"], "Alibaba Group", "{answer}");

    let mut write = client
        .subscribe(operation(
            "mutation { createPerson(input: { name: \"Über Socket\" }) { person { slug } } }",
            json!({}),
        ))
        .await
        .expect("sent");
    let answer = next(&mut write).await;
    assert_eq!(
        answer["data"]["createPerson"]["person"]["slug"], "ueber-socket",
        "{answer}"
    );

    // Over plain HTTP a subscription is refused with a pointer to the WebSocket.
    let body = app
        .graphql("subscription { changes { sequence } }", json!({}))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "SUBSCRIPTION_NEEDS_WEBSOCKET",
        "{body}"
    );

    let anonymous = connect(&app, json!({})).await;
    let mut refused = anonymous
        .subscribe(operation(
            "mutation { createPerson(input: { name: \"Ohne Schlüssel\" }) { person { slug } } }",
            json!({}),
        ))
        .await
        .expect("sent");
    let answer = next(&mut refused).await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{answer}"
    );
}

/// Over the WebSocket, operations are counted in the metrics, errors get the codes they get
/// over HTTP, and answers report their cost.
#[tokio::test]
async fn operations_over_the_websocket_are_metered_and_coded_like_http() {
    let app = spawn_app().await;
    let client = connect(&app, json!({})).await;
    for _ in 0..3 {
        let mut answers = client
            .subscribe(operation(
                "query SocketMetered { companies(first: 5) { nodes { name } } }",
                json!({}),
            ))
            .await
            .expect("sent");
        let answer = next(&mut answers).await;
        assert_eq!(answer["extensions"]["cost"]["complexity"], 11, "{answer}");
    }
    let mut misfit = client
        .subscribe(operation(
            "query SocketMisfit($n: Int) { companies(first: $n) { totalCount } }",
            json!({ "n": 10_000_000_000_i64 }),
        ))
        .await
        .expect("sent");
    let answer = next(&mut misfit).await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{answer}"
    );
    let metrics = app.get("/metrics").await.text().await.expect("a body");
    assert!(
        metrics.contains(
            "dealgraph_graphql_requests_total{name=\"SocketMetered\",operation=\"query\",outcome=\"ok\"} 3"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "dealgraph_graphql_requests_total{name=\"SocketMisfit\",operation=\"query\",outcome=\"error\"} 1"
        ),
        "{metrics}"
    );
}

/// On shutdown every subscription completes (the client is told so), and the server does not
/// wait for its subscribers to leave.
#[tokio::test]
async fn shutdown_completes_the_subscriptions_and_does_not_wait_for_subscribers() {
    let app = crate::helpers::spawn_app_tuned(|args| args.shutdown_grace = 10).await;
    let client = connect(&app, json!({})).await;
    let mut changes = client
        .subscribe(operation(
            "subscription { changes { sequence } }",
            json!({}),
        ))
        .await
        .expect("sent");
    // The subscription is open once the server counts it.
    for _ in 0..100 {
        let metrics = app.get("/metrics").await.text().await.unwrap_or_default();
        if metrics
            .lines()
            .any(|l| l.starts_with("dealgraph_subscriptions_open ") && !l.ends_with(" 0"))
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let started = std::time::Instant::now();
    let stopping = tokio::spawn(app.stop());
    let end = tokio::time::timeout(Duration::from_secs(5), changes.next())
        .await
        .expect("the subscription ends within 5 s");
    assert!(end.is_none(), "completed, not another event: {end:?}");
    tokio::time::timeout(Duration::from_secs(8), stopping)
        .await
        .expect("the server stops before its grace period is over")
        .expect("stops cleanly");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
}
