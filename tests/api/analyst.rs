//! The analyst's filters that combine: lists that match any of their values
//! (`companies(filter: { kinds, countries })`), checked against the same questions asked one
//! value at a time, alone and together with the single-value fields; an empty list or a bad
//! value is `BAD_USER_INPUT` naming the list.

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
