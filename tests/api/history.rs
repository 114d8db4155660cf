//! The history's time filter (`changes(filter: { since, until })`, and the same filter on the
//! `changes` subscription): RFC 3339 instants with any offset, or a date alone, compared as
//! instants; anything else refused with `BAD_USER_INPUT` naming the field.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_bad_input, spawn_app};
use crate::live::{connect, next, operation};
use crate::writes::{as_token, new_token};

const CHANGES: &str = "query($f: ChangeFilter) { changes(filter: $f, first: 100) {
    totalCount nodes { sequence at } } }";

/// The sequences of the changes `filter` selects.
async fn sequences(app: &TestApp, filter: Value) -> Vec<i64> {
    let body = app.graphql(CHANGES, json!({ "f": filter })).await;
    assert!(body.get("errors").is_none(), "{filter}: {body}");
    body["data"]["changes"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["sequence"].as_i64())
        .collect()
}

/// `at`, written in the offset `hours` east of UTC, moved by `millis`.
fn shifted(at: &str, hours: i8, millis: i64) -> String {
    let instant: jiff::Timestamp = at.parse().expect("an RFC 3339 time");
    let moved = instant + jiff::SignedDuration::from_millis(millis);
    let offset = jiff::tz::Offset::constant(hours);
    moved.display_with_offset(offset).to_string()
}

/// Creates a company and returns the sequence and time of its change.
async fn one_change(app: &TestApp, token: &str) -> (i64, String) {
    let created = as_token(
        app,
        Some(token),
        "mutation { createCompany(input: { name: \"Zeitpunkt Medien\", kind: MEDIA_GROUP }) {
            company { id } } }",
        json!({}),
    )
    .await;
    assert!(created.get("errors").is_none(), "{created}");
    let last = app
        .data("{ changes(last: 1) { nodes { sequence at } } }", json!({}))
        .await;
    let node = &last["changes"]["nodes"][0];
    (
        node["sequence"].as_i64().expect("a sequence"),
        node["at"].as_str().expect("a time").to_owned(),
    )
}

#[tokio::test]
async fn since_and_until_compare_as_instants_whatever_the_offset() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let (sequence, at) = one_change(&app, &token).await;

    // The same instant an hour east of UTC: the change is at it, so `since` keeps it and
    // `until` leaves it out. Compared as text, "…+01:00" would sort after the stored "…Z".
    let same = shifted(&at, 1, 0);
    assert!(same.ends_with("+01:00"), "{same}");
    assert!(
        sequences(&app, json!({ "since": same }))
            .await
            .contains(&sequence)
    );
    assert!(
        !sequences(&app, json!({ "until": same }))
            .await
            .contains(&sequence)
    );
    // A millisecond later, written west of UTC: the change is before it.
    let later = shifted(&at, -5, 1);
    assert!(
        !sequences(&app, json!({ "since": later }))
            .await
            .contains(&sequence)
    );
    assert!(
        sequences(&app, json!({ "until": later }))
            .await
            .contains(&sequence)
    );
    // A range around it holds exactly the changes in it.
    let around = sequences(
        &app,
        json!({ "since": shifted(&at, 9, -1), "until": shifted(&at, -3, 1) }),
    )
    .await;
    assert!(around.contains(&sequence), "{around:?}");
    // An empty range is not an error.
    assert!(
        sequences(&app, json!({ "since": same, "until": same }))
            .await
            .is_empty()
    );

    // A date alone means its first instant in UTC.
    let today = &at[..10];
    assert!(
        sequences(&app, json!({ "since": today }))
            .await
            .contains(&sequence)
    );
    assert!(
        !sequences(&app, json!({ "until": today }))
            .await
            .contains(&sequence)
    );
}

#[tokio::test]
async fn times_that_are_not_instants_are_refused_naming_the_field() {
    let app = spawn_app().await;
    for (filter, field) in [
        (json!({ "since": "yesterday" }), "filter.since"),
        (json!({ "since": "2026-12-07T14:00:00" }), "filter.since"),
        (json!({ "since": "2026-02-30" }), "filter.since"),
        (json!({ "until": "" }), "filter.until"),
        (json!({ "until": "7.12.2026" }), "filter.until"),
        (
            json!({ "since": "2026-12-07T14:00:00+01:00", "until": "2026-12-07T12:59:59Z" }),
            "filter.until",
        ),
    ] {
        let body = app.graphql(CHANGES, json!({ "f": filter })).await;
        assert_eq!(body["data"], Value::Null, "{filter}: {body}");
        assert_bad_input(&body, field);
    }
}

#[tokio::test]
async fn the_subscription_filters_by_instant_and_refuses_a_bad_time() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let client = connect(&app, json!({})).await;

    let mut refused = client
        .subscribe(operation(
            "subscription { changes(filter: { since: \"yesterday\" }) { sequence } }",
            json!({}),
        ))
        .await
        .expect("sent");
    let answer = next(&mut refused).await;
    assert_bad_input(&answer, "filter.since");

    // Since a time in 2000 written with an offset: every new change is after it. Until one:
    // none is before it.
    let mut past = client
        .subscribe(operation(
            "subscription { changes(filter: { since: \"2000-01-01T09:00:00+09:00\" }) { sequence } }",
            json!({}),
        ))
        .await
        .expect("subscribed");
    let mut future = client
        .subscribe(operation(
            "subscription { changes(filter: { until: \"2000-01-01T00:00:00-01:00\" }) { sequence } }",
            json!({}),
        ))
        .await
        .expect("subscribed");
    let (sequence, _) = one_change(&app, &token).await;
    let event = next(&mut past).await;
    assert_eq!(event["data"]["changes"]["sequence"], sequence, "{event}");
    let none = tokio::time::timeout(Duration::from_millis(300), future.next()).await;
    assert!(none.is_err(), "a change before 2000 arrived: {none:?}");
}

#[tokio::test]
async fn a_change_is_found_by_the_client_mutation_id_of_the_mutation_that_made_it() {
    // What a client does when its connection broke while the mutation committed: it looks for
    // the change by the id it sent, rather than sending the mutation again.
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let created = as_token(
        &app,
        Some(&token),
        "mutation { createCompany(input: { name: \"Gesendet Medien\", kind: MEDIA_GROUP,
            clientMutationId: \"desk-42\" }) { clientMutationId company { id } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        created["data"]["createCompany"]["clientMutationId"], "desk-42",
        "{created}"
    );
    let id = created["data"]["createCompany"]["company"]["id"].clone();
    as_token(
        &app,
        Some(&token),
        "mutation { createCompany(input: { name: \"Ohne Medien\", kind: MEDIA_GROUP }) {
            company { id } } }",
        json!({}),
    )
    .await;
    let found = app
        .data(
            "query($c: String) { changes(filter: { clientMutationId: $c }, first: 10) {
                nodes { entityId operation clientMutationId } } }",
            json!({ "c": "desk-42" }),
        )
        .await;
    let nodes = found["changes"]["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), 1, "{found}");
    assert_eq!(nodes[0]["entityId"], id);
    assert_eq!(nodes[0]["operation"], "CREATE");
    assert_eq!(nodes[0]["clientMutationId"], "desk-42");
    let none = app
        .data(
            "{ changes(filter: { clientMutationId: \"never-sent\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(none["changes"]["totalCount"], 0, "{none}");
}
