//! `connections(from:, to:)` through the server: chains over the seed by hand (ownership and
//! an agreement, a person with roles at both, companies not connected within `maxHops`), the
//! chain sentences in German and English, chains over a generated dataset checked hop by hop
//! and shown to be the shortest, and the refusals of bad arguments.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_bad_input, global_id, spawn_app};

const CONNECTIONS: &str = "query($from: ID!, $to: ID!, $maxHops: Int, $first: Int) {
    connections(from: $from, to: $to, maxHops: $maxHops, first: $first) {
        length companies { id name }
        hops { link from { id } to { id kind } agreement { id parties { company { id } } }
            person { id } roles { company { id } person { id } } }
        de: summary(locale: \"de\") en: summary(locale: \"en\") } }";

/// The chains between two companies (by global id).
async fn connections(app: &TestApp, from: &str, to: &str, max_hops: Option<i64>) -> Vec<Value> {
    app.data(
        CONNECTIONS,
        json!({ "from": from, "to": to, "maxHops": max_hops, "first": 20 }),
    )
    .await["connections"]
        .as_array()
        .expect("chains")
        .clone()
}

fn company(slug: &str) -> String {
    global_id("Company", slug)
}

#[tokio::test]
async fn a_group_reaches_a_partner_of_its_subsidiary_in_two_hops_in_both_languages() {
    let app = spawn_app().await;
    let chains = connections(
        &app,
        &company("alibaba-group"),
        &company("wige-media"),
        None,
    )
    .await;
    assert_eq!(chains.len(), 1, "{chains:?}");
    let chain = &chains[0];
    assert_eq!(chain["length"], 2);
    let names: Vec<&str> = chain["companies"]
        .as_array()
        .expect("companies")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["Alibaba Group", "Alibaba Sports Group", "Wige Media"]
    );
    assert_eq!(chain["hops"][0]["link"], "SUBSIDIARY");
    assert_eq!(chain["hops"][0]["to"]["kind"], "SPORTS_COMPANY");
    assert_eq!(chain["hops"][1]["link"], "AGREEMENT");
    assert_eq!(
        chain["hops"][1]["agreement"]["id"],
        global_id("Agreement", "wige-media-alibaba-sports-group-cooperation")
    );
    assert_eq!(
        chain["de"],
        "Alibaba Group ist über Alibaba Sports Group mit Wige Media verbunden. Alibaba Group ist \
         die Muttergesellschaft von Alibaba Sports Group. Alibaba Sports Group und Wige Media \
         schlossen einen Kooperationsvertrag."
    );
    assert_eq!(
        chain["en"],
        "Alibaba Group is connected to Wige Media through Alibaba Sports Group. Alibaba Group is \
         the parent company of Alibaba Sports Group. Alibaba Sports Group and Wige Media \
         concluded a cooperation agreement."
    );
    // The other way round: the same chain reversed, its links seen from the other side.
    let back = connections(
        &app,
        &company("wige-media"),
        &company("alibaba-group"),
        None,
    )
    .await;
    assert_eq!(back.len(), 1);
    assert_eq!(back[0]["hops"][1]["link"], "PARENT");
    assert!(
        back[0]["en"]
            .as_str()
            .is_some_and(|s| s.contains("Alibaba Sports Group belongs to Alibaba Group.")),
        "{}",
        back[0]["en"]
    );
    // Within one hop there is none.
    assert!(
        connections(
            &app,
            &company("alibaba-group"),
            &company("wige-media"),
            Some(1)
        )
        .await
        .is_empty()
    );
    // Two companies the data does not connect at all.
    assert!(
        connections(
            &app,
            &company("flixpatrol"),
            &company("wige-media"),
            Some(6)
        )
        .await
        .is_empty()
    );
}

#[tokio::test]
async fn a_person_with_roles_at_both_connects_two_companies_and_dated_deals_say_their_year() {
    let app = spawn_app().await;
    let token = crate::writes::new_token(&app, "desk");
    let role = crate::writes::as_token(
        &app,
        Some(&token),
        "mutation($input: CreateRoleInput!) { createRole(input: $input) { person { id } } }",
        json!({ "input": { "person": global_id("Person", "jack-ma"), "company": company("netflix"),
            "title": "CEO", "since": "2018", "until": "2020" } }),
    )
    .await;
    assert!(role.get("errors").is_none(), "{role}");
    let chains = connections(&app, &company("alibaba-group"), &company("netflix"), None).await;
    assert_eq!(chains.len(), 1, "{chains:?}");
    let hop = &chains[0]["hops"][0];
    assert_eq!(hop["link"], "PERSON");
    assert_eq!(hop["person"]["id"], global_id("Person", "jack-ma"));
    assert_eq!(hop["roles"][0]["company"]["id"], company("alibaba-group"));
    assert_eq!(hop["roles"][1]["company"]["id"], company("netflix"));
    let title = app
        .data(
            "{ person(slug: \"jack-ma\") { roles { title company { slug } } } }",
            json!({}),
        )
        .await;
    assert!(title.to_string().contains("FOUNDER"), "{title}");
    assert_eq!(
        chains[0]["de"],
        "Alibaba Group ist direkt mit Netflix verbunden. Jack Ma ist Gründer bei Alibaba Group \
         und war CEO bei Netflix."
    );
    assert_eq!(
        chains[0]["en"],
        "Alibaba Group is connected directly to Netflix. Jack Ma is founder at Alibaba Group and \
         was CEO at Netflix."
    );
    // An announced strategic partnership with its year.
    let deal = crate::writes::as_token(
        &app,
        Some(&token),
        "mutation($input: CreateAgreementInput!) { createAgreement(input: $input) {
            agreement { slug } } }",
        json!({ "input": { "kind": "STRATEGIC_PARTNERSHIP", "status": "ANNOUNCED",
            "announced": "2024-02",
            "parties": [{ "company": company("disney") }, { "company": company("iqiyi") }] } }),
    )
    .await;
    assert!(deal.get("errors").is_none(), "{deal}");
    let chains = connections(&app, &company("iqiyi"), &company("disney"), None).await;
    assert_eq!(chains.len(), 1);
    assert_eq!(
        chains[0]["de"],
        "iQiyi ist direkt mit Disney verbunden. iQiyi und Disney kündigten 2024 eine strategische \
         Partnerschaft an."
    );
    assert_eq!(
        chains[0]["en"],
        "iQiyi is connected directly to Disney. iQiyi and Disney announced a strategic \
         partnership in 2024."
    );
}

/// Checks that each hop of `chain` is made by what it says.
fn assert_hops_hold(chain: &Value, from: &str, to: &str) {
    let hops = chain["hops"].as_array().expect("hops");
    assert_eq!(chain["length"], json!(hops.len()));
    assert_eq!(hops[0]["from"]["id"], from);
    assert_eq!(hops[hops.len() - 1]["to"]["id"], to);
    for pair in hops.windows(2) {
        assert_eq!(pair[0]["to"]["id"], pair[1]["from"]["id"], "hops join up");
    }
    for hop in hops {
        let (a, b) = (&hop["from"]["id"], &hop["to"]["id"]);
        assert_ne!(a, b);
        match hop["link"].as_str() {
            Some("AGREEMENT") => {
                let parties: BTreeSet<String> = hop["agreement"]["parties"]
                    .as_array()
                    .expect("parties")
                    .iter()
                    .map(|p| p["company"]["id"].to_string())
                    .collect();
                assert!(parties.contains(&a.to_string()) && parties.contains(&b.to_string()));
            }
            Some("PERSON") => {
                assert_eq!(hop["roles"][0]["company"]["id"], *a);
                assert_eq!(hop["roles"][1]["company"]["id"], *b);
                assert_eq!(hop["roles"][0]["person"]["id"], hop["person"]["id"]);
                assert_eq!(hop["roles"][1]["person"]["id"], hop["person"]["id"]);
            }
            Some("PARENT" | "SUBSIDIARY") => {}
            other => panic!("a hop's link: {other:?}"),
        }
    }
}

#[tokio::test]
async fn chains_over_a_generated_dataset_hold_hop_by_hop_and_are_the_shortest() {
    let app = crate::helpers::spawn_synthetic(dealgraph::generate::Sizes {
        companies: 300,
        agreements: 600,
    })
    .await;
    let ids: Vec<String> = app
        .data("{ companies(first: 100) { nodes { id } } }", json!({}))
        .await["companies"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["id"].as_str().map(str::to_owned))
        .collect();
    let mut found = 0;
    let mut lengths = BTreeSet::new();
    for pair in ids.chunks(2).take(25) {
        let [from, to] = pair else { continue };
        let chains = connections(&app, from, to, Some(6)).await;
        let Some(first) = chains.first() else {
            continue;
        };
        found += 1;
        let length = first["length"].as_i64().expect("a length");
        lengths.insert(length);
        let mut seen = BTreeSet::new();
        for chain in &chains {
            assert_eq!(chain["length"], length, "all of the shortest length");
            assert_hops_hold(chain, from, to);
            let path: Vec<String> = chain["companies"]
                .as_array()
                .expect("companies")
                .iter()
                .map(|c| c["id"].to_string())
                .collect();
            assert!(seen.insert(path), "each chain once");
            for key in ["de", "en"] {
                assert!(chain[key].as_str().is_some_and(|s| s.ends_with('.')));
            }
        }
        // None shorter: within one hop fewer there is no chain.
        if length > 1 {
            assert!(
                connections(&app, from, to, Some(length - 1))
                    .await
                    .is_empty(),
                "{from} to {to}: nothing within {} hops",
                length - 1
            );
        }
        // The same from the other end.
        let back = connections(&app, to, from, Some(6)).await;
        assert_eq!(
            back.first().map(|c| c["length"].clone()),
            Some(json!(length))
        );
    }
    assert!(found >= 10, "{found} of 25 pairs connected");
    assert!(lengths.len() >= 2, "chains of several lengths: {lengths:?}");
}

#[tokio::test]
async fn bad_arguments_are_refused_naming_them() {
    let app = spawn_app().await;
    let (a, b) = (company("alibaba-group"), company("wige-media"));
    for (variables, argument) in [
        (json!({ "from": a, "to": b, "maxHops": 50 }), "maxHops"),
        (json!({ "from": a, "to": b, "maxHops": 0 }), "maxHops"),
        (json!({ "from": a, "to": a }), "to"),
        (
            json!({ "from": global_id("Person", "jack-ma"), "to": b }),
            "from",
        ),
        (json!({ "from": a, "to": "not an id" }), "to"),
        (json!({ "from": a, "to": b, "first": 0 }), "first"),
        (json!({ "from": a, "to": b, "first": 21 }), "first"),
    ] {
        let body = app.graphql(CONNECTIONS, variables.clone()).await;
        assert_bad_input(&body, argument);
    }
    let body = app
        .graphql(
            CONNECTIONS,
            json!({ "from": a, "to": company("no-such-company") }),
        )
        .await;
    crate::helpers::assert_error_code(&body, "NOT_FOUND");
    // The cost grows with the chains asked for.
    let cost = |first: i64| {
        let app = &app;
        let (a, b) = (a.clone(), b.clone());
        async move {
            app.graphql(CONNECTIONS, json!({ "from": a, "to": b, "first": first }))
                .await["extensions"]["cost"]["complexity"]
                .as_u64()
                .expect("a cost")
        }
    };
    assert!(cost(20).await > 5 * cost(3).await);
}
