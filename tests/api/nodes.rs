//! Global ids: `node(id:)` and `nodes(ids:)` refetch every entity type; lookups by slug.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_bad_input, global_id, id_of, spawn_app, without_extensions};

const NODE: &str = "
    query($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on Company { slug name }
        ... on Person { slug name }
        ... on Agreement { slug kind }
      }
    }";

const NODES: &str = "
    query($ids: [ID!]!) {
      nodes(ids: $ids) {
        __typename
        id
        ... on Company { slug }
        ... on Person { slug }
        ... on Agreement { slug }
      }
    }";

/// The global id of `field(slug:)` and what `node` refetches with it.
async fn refetch(app: &TestApp, field: &str, slug: &str) -> (String, Value) {
    let id = id_of(app, field, slug).await;
    let data = app.data(NODE, json!({ "id": id })).await;
    (id, data["node"].clone())
}

#[tokio::test]
async fn a_global_id_is_base64url_of_the_type_name_and_the_slug() {
    // The tests build ids of missing entities this way; make sure it is the server's way.
    let app = spawn_app().await;
    assert_eq!(
        id_of(&app, "company", "alibaba-group").await,
        global_id("Company", "alibaba-group")
    );
    assert_eq!(
        id_of(&app, "person", "jack-ma").await,
        global_id("Person", "jack-ma")
    );
}

#[tokio::test]
async fn node_refetches_a_company_by_its_global_id() {
    let app = spawn_app().await;
    let (id, node) = refetch(&app, "company", "alibaba-group").await;
    assert_eq!(
        node,
        json!({ "__typename": "Company", "id": id, "slug": "alibaba-group", "name": "Alibaba Group" })
    );
}

#[tokio::test]
async fn node_refetches_a_person_by_its_global_id() {
    let app = spawn_app().await;
    let (id, node) = refetch(&app, "person", "zhang-dazhong").await;
    assert_eq!(
        node,
        json!({ "__typename": "Person", "id": id, "slug": "zhang-dazhong", "name": "Zhang Dazhong" })
    );
}

#[tokio::test]
async fn node_refetches_an_agreement_by_its_global_id() {
    let app = spawn_app().await;
    let slug = "wige-media-alibaba-sports-group-cooperation";
    let (id, node) = refetch(&app, "agreement", slug).await;
    assert_eq!(
        node,
        json!({ "__typename": "Agreement", "id": id, "slug": slug, "kind": "COOPERATION_AGREEMENT" })
    );
}

#[tokio::test]
async fn node_of_a_well_formed_id_that_names_no_entity_is_null_without_errors() {
    let app = spawn_app().await;
    let body = app
        .graphql(
            NODE,
            json!({ "id": global_id("Company", "no-such-company") }),
        )
        .await;
    assert_eq!(
        without_extensions(body),
        json!({ "data": { "node": null } })
    );
}

#[tokio::test]
async fn nodes_returns_the_entities_in_the_order_asked_with_null_for_a_missing_one() {
    let app = spawn_app().await;
    let ids = [
        global_id("Agreement", "alibaba-pictures-tb-media-global-partnership"),
        global_id("Company", "no-such-company"),
        global_id("Person", "peter-lauterbach"),
        global_id("Company", "wige-media"),
    ];
    let data = app.data(NODES, json!({ "ids": ids })).await;
    assert_eq!(
        data["nodes"],
        json!([
            { "__typename": "Agreement", "id": ids[0], "slug": "alibaba-pictures-tb-media-global-partnership" },
            null,
            { "__typename": "Person", "id": ids[2], "slug": "peter-lauterbach" },
            { "__typename": "Company", "id": ids[3], "slug": "wige-media" },
        ])
    );
}

#[tokio::test]
async fn every_company_id_from_the_list_refetches_the_same_company() {
    let app = spawn_app().await;
    let data = app
        .data("{ companies(first: 100) { nodes { id slug } } }", json!({}))
        .await;
    let listed = data["companies"]["nodes"].as_array().unwrap();
    let ids: Vec<&Value> = listed.iter().map(|n| &n["id"]).collect();
    let refetched = app.data(NODES, json!({ "ids": ids })).await;
    let refetched = refetched["nodes"].as_array().unwrap();
    assert_eq!(refetched.len(), listed.len());
    for (listed, refetched) in listed.iter().zip(refetched) {
        assert_eq!(refetched["__typename"], "Company");
        assert_eq!(refetched["id"], listed["id"]);
        assert_eq!(refetched["slug"], listed["slug"]);
    }
}

#[tokio::test]
async fn an_unknown_slug_gives_null_without_errors() {
    let app = spawn_app().await;
    let body = app
        .graphql(
            r#"{
                company(slug: "no-such-company") { id }
                person(slug: "no-such-person") { id }
                agreement(slug: "no-such-agreement") { id }
            }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        without_extensions(body),
        json!({ "data": { "company": null, "person": null, "agreement": null } })
    );
}

#[tokio::test]
async fn a_malformed_global_id_is_bad_user_input_naming_the_id_argument() {
    let app = spawn_app().await;
    for id in [
        "garbage!".to_owned(),
        String::new(),
        // Well-formed base64 of an unknown type, and of a type without a slug.
        global_id("Planet", "mars"),
        crate::helpers::base64_url_no_pad(b"Company"),
    ] {
        let body = app.graphql(NODE, json!({ "id": id })).await;
        assert_bad_input(&body, "id");
        assert_eq!(body["data"]["node"], Value::Null, "{id:?}");
    }
}

#[tokio::test]
async fn a_malformed_id_among_nodes_is_bad_user_input_naming_the_ids_argument() {
    let app = spawn_app().await;
    let body = app
        .graphql(
            NODES,
            json!({ "ids": [global_id("Company", "wige-media"), "garbage!"] }),
        )
        .await;
    assert_bad_input(&body, "ids");
}

#[tokio::test]
async fn a_hundred_ids_are_accepted_by_nodes() {
    let app = spawn_app().await;
    let ids = vec![global_id("Company", "wige-media"); 100];
    let data = app.data(NODES, json!({ "ids": ids })).await;
    let nodes = data["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 100);
    assert!(nodes.iter().all(|n| n["slug"] == "wige-media"));
}

#[tokio::test]
async fn more_than_a_hundred_ids_are_bad_user_input() {
    let app = spawn_app().await;
    let ids = vec![global_id("Company", "wige-media"); 101];
    let body = app.graphql(NODES, json!({ "ids": ids })).await;
    assert_bad_input(&body, "ids");
}
