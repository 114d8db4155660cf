//! The analyst's filters that combine: lists that match any of their values
//! (`companies(filter: { kinds, countries })`, `agreements(filter: { kinds, statuses, scopes,
//! markets, parties })`), checked against the same questions asked one value at a time, alone
//! and together with the single-value fields, and the signing dates at their precision; an empty
//! list, one of over 100 values or a bad value is `BAD_USER_INPUT` naming the list, a company
//! that does not exist `NOT_FOUND`.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_bad_input, spawn_app};

const COMPANIES: &str = "query($f: CompanyFilter) { companies(filter: $f, first: 100) {
    totalCount nodes { slug } } }";

/// The slugs of the companies `filter` selects, and the total the answer reports.
async fn slugs(app: &TestApp, filter: Value) -> (BTreeSet<String>, i64) {
    let body = app.graphql(COMPANIES, json!({ "f": filter })).await;
    assert!(body.get("errors").is_none(), "{filter}: {body}");
    let nodes = body["data"]["companies"]["nodes"]
        .as_array()
        .expect("nodes");
    let found: BTreeSet<String> = nodes
        .iter()
        .filter_map(|n| n["slug"].as_str().map(str::to_owned))
        .collect();
    let total = body["data"]["companies"]["totalCount"]
        .as_i64()
        .expect("a total");
    assert_eq!(found.len() as i64, total, "{filter}");
    (found, total)
}

#[tokio::test]
async fn a_list_of_kinds_or_countries_finds_the_companies_of_any_of_them() {
    let app = spawn_app().await;
    for (list, single, values) in [
        (
            "kinds",
            "kind",
            json!(["MEDIA_GROUP", "ECOMMERCE_COMPANY", "FILM_STUDIO"]),
        ),
        ("countries", "country", json!(["CN", "TH", "DE"])),
    ] {
        let mut union = BTreeSet::new();
        for value in values.as_array().expect("values") {
            let (one, _) = slugs(&app, json!({ single: value })).await;
            assert!(
                !one.is_empty(),
                "the seed has a company with {single} {value}"
            );
            union.extend(one);
        }
        let (any, _) = slugs(&app, json!({ list: values })).await;
        assert_eq!(any, union, "{list}: any of them");
    }
    // Lists and single values together: all conditions hold.
    let (both, _) = slugs(
        &app,
        json!({ "kinds": ["MEDIA_GROUP", "ECOMMERCE_COMPANY"], "countries": ["CN"] }),
    )
    .await;
    let (media, _) = slugs(&app, json!({ "kind": "MEDIA_GROUP", "country": "CN" })).await;
    let (shops, _) = slugs(
        &app,
        json!({ "kind": "ECOMMERCE_COMPANY", "country": "CN" }),
    )
    .await;
    assert_eq!(both, media.union(&shops).cloned().collect());
    let (narrowed, _) = slugs(
        &app,
        json!({ "kinds": ["MEDIA_GROUP", "ECOMMERCE_COMPANY"], "kind": "MEDIA_GROUP" }),
    )
    .await;
    let (media_only, _) = slugs(&app, json!({ "kind": "MEDIA_GROUP" })).await;
    assert_eq!(narrowed, media_only);
}

#[tokio::test]
async fn an_empty_list_or_a_bad_country_in_one_is_bad_user_input() {
    let app = spawn_app().await;
    for (filter, argument) in [
        (json!({ "kinds": [] }), "filter.kinds"),
        (json!({ "countries": [] }), "filter.countries"),
        (
            json!({ "countries": ["CN", "Germany"] }),
            "filter.countries",
        ),
    ] {
        let body = app.graphql(COMPANIES, json!({ "f": filter })).await;
        assert_bad_input(&body, argument);
    }
}

const AGREEMENTS: &str = "query($f: AgreementFilter) { agreements(filter: $f, first: 100) {
    totalCount nodes { slug } } }";

/// The slugs of the agreements `filter` selects (the answer's total checked against them).
async fn agreement_slugs(app: &TestApp, filter: Value) -> BTreeSet<String> {
    let body = app.graphql(AGREEMENTS, json!({ "f": filter })).await;
    assert!(body.get("errors").is_none(), "{filter}: {body}");
    let found: BTreeSet<String> = body["data"]["agreements"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["slug"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        Some(found.len() as i64),
        body["data"]["agreements"]["totalCount"].as_i64(),
        "{filter}"
    );
    found
}

#[tokio::test]
async fn agreement_lists_find_the_agreements_of_any_of_their_values() {
    let app = spawn_app().await;
    // The values the seed's agreements have, a few of each.
    let seed = app
        .data(
            "{ agreements(first: 100) { nodes { kind status scopes markets
                parties { company { id } } } } }",
            json!({}),
        )
        .await;
    let nodes = seed["agreements"]["nodes"].as_array().expect("nodes");
    let values = |pick: &dyn Fn(&Value) -> Vec<Value>| {
        let mut all: Vec<Value> = nodes.iter().flat_map(pick).collect();
        all.sort_by_key(Value::to_string);
        all.dedup();
        all.truncate(3);
        all
    };
    let lists = [
        ("kinds", "kind", values(&|n| vec![n["kind"].clone()])),
        ("statuses", "status", values(&|n| vec![n["status"].clone()])),
        (
            "scopes",
            "scope",
            values(&|n| n["scopes"].as_array().cloned().unwrap_or_default()),
        ),
        (
            "markets",
            "market",
            values(&|n| n["markets"].as_array().cloned().unwrap_or_default()),
        ),
        (
            "parties",
            "party",
            values(&|n| {
                n["parties"]
                    .as_array()
                    .map(|ps| ps.iter().map(|p| p["company"]["id"].clone()).collect())
                    .unwrap_or_default()
            }),
        ),
    ];
    for (list, single, values) in &lists {
        assert!(
            values.len() >= 2,
            "the seed has two {list} at least: {values:?}"
        );
        let mut union = BTreeSet::new();
        for value in values {
            let one = agreement_slugs(&app, json!({ *single: value })).await;
            assert!(!one.is_empty(), "{single} {value}");
            union.extend(one);
        }
        assert_eq!(
            agreement_slugs(&app, json!({ *list: values })).await,
            union,
            "{list}: any of them"
        );
        // With the single-value field of its first value as well: only those.
        assert_eq!(
            agreement_slugs(&app, json!({ *list: values, *single: values[0] })).await,
            agreement_slugs(&app, json!({ *single: values[0] })).await,
            "{list} and {single}"
        );
    }
}

#[tokio::test]
async fn bad_agreement_lists_are_refused_naming_the_list() {
    let app = spawn_app().await;
    let too_many: Vec<&str> = std::iter::repeat_n("TH", 101).collect();
    for (filter, argument) in [
        (json!({ "kinds": [] }), "filter.kinds"),
        (json!({ "statuses": [] }), "filter.statuses"),
        (json!({ "scopes": [] }), "filter.scopes"),
        (json!({ "markets": ["TH", "Thailand"] }), "filter.markets"),
        (json!({ "markets": too_many }), "filter.markets"),
        (
            json!({ "parties": [crate::helpers::global_id("Person", "jack-ma")] }),
            "filter.parties",
        ),
    ] {
        let body = app.graphql(AGREEMENTS, json!({ "f": filter })).await;
        assert_bad_input(&body, argument);
    }
    let missing = app
        .graphql(
            AGREEMENTS,
            json!({ "f": { "parties": [crate::helpers::global_id("Company", "no-such-company")] } }),
        )
        .await;
    crate::helpers::assert_error_code(&missing, "NOT_FOUND");
}

#[tokio::test]
async fn signed_after_and_before_compare_signing_dates_at_their_precision() {
    let app = spawn_app().await;
    let token = crate::writes::new_token(&app, "desk");
    let mut made = Vec::new();
    for (partner, signed) in [
        ("wige-media", "2021-05"),
        ("youku", "2023"),
        ("netflix", "2023-11-02"),
    ] {
        let body = crate::writes::as_token(
            &app,
            Some(&token),
            "mutation($input: CreateAgreementInput!) { createAgreement(input: $input) {
                agreement { slug } } }",
            json!({ "input": {
                "kind": "STRATEGIC_PARTNERSHIP", "status": "SIGNED", "signed": signed,
                "parties": [{ "company": crate::helpers::global_id("Company", "alibaba-group") },
                            { "company": crate::helpers::global_id("Company", partner) }] } }),
        )
        .await;
        assert!(body.get("errors").is_none(), "{body}");
        made.push(
            body["data"]["createAgreement"]["agreement"]["slug"]
                .as_str()
                .expect("a slug")
                .to_owned(),
        );
    }
    let set = |slugs: &[&String]| slugs.iter().map(|s| (*s).clone()).collect::<BTreeSet<_>>();
    // After "2022": 2023 and 2023-11-02; after "2023": neither (2023-11 is not after 2023).
    assert_eq!(
        agreement_slugs(&app, json!({ "signedAfter": "2022" })).await,
        set(&[&made[1], &made[2]])
    );
    assert!(
        agreement_slugs(&app, json!({ "signedAfter": "2023" }))
            .await
            .is_empty()
    );
    assert_eq!(
        agreement_slugs(&app, json!({ "signedBefore": "2023" })).await,
        set(&[&made[0]])
    );
    assert_eq!(
        agreement_slugs(
            &app,
            json!({ "signedAfter": "2021", "signedBefore": "2023-12" })
        )
        .await,
        set(&[&made[2]])
    );
}
