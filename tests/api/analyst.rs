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

const COUNT: &str = "query($f: AgreementFilter) { agreements(filter: $f) { totalCount } }";

/// How many agreements `filter` selects.
async fn agreement_count(app: &TestApp, filter: Value) -> i64 {
    let body = app.graphql(COUNT, json!({ "f": filter })).await;
    assert!(body.get("errors").is_none(), "{filter}: {body}");
    body["data"]["agreements"]["totalCount"]
        .as_i64()
        .expect("a total")
}

#[tokio::test]
async fn party_group_finds_the_deals_of_a_company_and_everything_below_it() {
    let app = spawn_app().await;
    let group = crate::helpers::global_id("Company", "alibaba-group");
    // The group itself is party to none of the seed's agreements; its subsidiaries are.
    assert!(
        agreement_slugs(&app, json!({ "party": group }))
            .await
            .is_empty()
    );
    let mut below = BTreeSet::new();
    for subsidiary in ["alibaba-pictures", "alibaba-sports-group", "youku"] {
        let id = crate::helpers::global_id("Company", subsidiary);
        below.extend(agreement_slugs(&app, json!({ "party": id })).await);
    }
    assert_eq!(below.len(), 2, "{below:?}");
    assert_eq!(
        agreement_slugs(&app, json!({ "partyGroup": group })).await,
        below
    );
    // A company with no subsidiaries: its group is itself.
    let wige = crate::helpers::global_id("Company", "wige-media");
    assert_eq!(
        agreement_slugs(&app, json!({ "partyGroup": wige })).await,
        agreement_slugs(&app, json!({ "party": wige })).await
    );
    // Deeper than one level: a company made below Alibaba Sports Group takes part in a deal,
    // which the group's list then holds.
    let token = crate::writes::new_token(&app, "desk");
    let made = crate::writes::as_token(
        &app,
        Some(&token),
        "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } } }",
        json!({ "input": { "name": "Alisports Thailand", "kind": "SPORTS_COMPANY",
            "parent": crate::helpers::global_id("Company", "alibaba-sports-group") } }),
    )
    .await;
    assert!(made.get("errors").is_none(), "{made}");
    let grandchild = made["data"]["createCompany"]["company"]["id"].clone();
    let deal = crate::writes::as_token(
        &app,
        Some(&token),
        "mutation($input: CreateAgreementInput!) { createAgreement(input: $input) {
            agreement { slug } } }",
        json!({ "input": { "kind": "COOPERATION_AGREEMENT", "status": "ANNOUNCED",
            "parties": [{ "company": grandchild }, { "company": wige }] } }),
    )
    .await;
    assert!(deal.get("errors").is_none(), "{deal}");
    let slug = deal["data"]["createAgreement"]["agreement"]["slug"]
        .as_str()
        .expect("a slug")
        .to_owned();
    let now = agreement_slugs(&app, json!({ "partyGroup": group })).await;
    assert!(now.contains(&slug) && now.len() == 3, "{now:?}");
    // The companies below the group, at any depth, and never the group itself.
    let (descendants, _) = slugs(&app, json!({ "ancestor": group })).await;
    let expected: BTreeSet<String> = [
        "alibaba-com",
        "aliexpress",
        "youku",
        "alibaba-pictures",
        "alibaba-sports-group",
        "alisports-thailand",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(descendants, expected);
    let (under_sports, _) = slugs(
        &app,
        json!({ "ancestor": crate::helpers::global_id("Company", "alibaba-sports-group") }),
    )
    .await;
    assert_eq!(
        under_sports.into_iter().collect::<Vec<_>>(),
        ["alisports-thailand"]
    );
    // Combined with another condition.
    let (sports_below, _) = slugs(
        &app,
        json!({ "ancestor": group, "kinds": ["SPORTS_COMPANY"] }),
    )
    .await;
    assert_eq!(sports_below.len(), 2, "{sports_below:?}");
    // Missing and mistyped ids.
    let missing = crate::helpers::global_id("Company", "no-such-company");
    let body = app
        .graphql(AGREEMENTS, json!({ "f": { "partyGroup": missing } }))
        .await;
    crate::helpers::assert_error_code(&body, "NOT_FOUND");
    let body = app
        .graphql(COMPANIES, json!({ "f": { "ancestor": missing } }))
        .await;
    crate::helpers::assert_error_code(&body, "NOT_FOUND");
    let person = crate::helpers::global_id("Person", "jack-ma");
    let body = app
        .graphql(AGREEMENTS, json!({ "f": { "partyGroup": person } }))
        .await;
    assert_bad_input(&body, "filter.partyGroup");
    let body = app
        .graphql(COMPANIES, json!({ "f": { "ancestor": person } }))
        .await;
    assert_bad_input(&body, "filter.ancestor");
}

/// Filters whose negation is checked: every kind of condition, alone and combined.
fn negated_filters(party: &str, group: &str) -> Vec<Value> {
    vec![
        json!({ "kind": "STRATEGIC_PARTNERSHIP" }),
        json!({ "kinds": ["PROGRAMME", "COOPERATION_AGREEMENT"] }),
        json!({ "status": "SIGNED" }),
        json!({ "statuses": ["ANNOUNCED", "SIGNED"] }),
        json!({ "scope": "TOURISM" }),
        json!({ "scopes": ["FILM_TV_DISTRIBUTION", "SPORTS_EVENT_MARKETING"] }),
        json!({ "market": "TH" }),
        json!({ "markets": ["TH", "DE"] }),
        json!({ "party": party }),
        json!({ "parties": [party, group] }),
        json!({ "partyGroup": group }),
        json!({ "announcedAfter": "2016" }),
        json!({ "announcedBefore": "2020-06" }),
        json!({ "signedAfter": "2015" }),
        json!({ "signedBefore": "2023" }),
        json!({ "kinds": ["STRATEGIC_PARTNERSHIP"], "announcedAfter": "2010" }),
        json!({ "not": { "market": "TH" } }),
    ]
}

/// Checks that `filter` and `{ not: filter }` split the agreements between them: they share
/// none, and together they are all of them.
async fn assert_splits(app: &TestApp, filter: &Value, all: i64) {
    let kept = agreement_count(app, filter.clone()).await;
    let left = agreement_count(app, json!({ "not": filter })).await;
    assert_eq!(kept + left, all, "{filter}: {kept} + {left}");
    let mut both = filter.as_object().cloned().expect("an object");
    both.insert("not".into(), filter.clone());
    // A filter that already holds `not` is checked as the `not` of its `not`.
    if filter.get("not").is_none() {
        assert_eq!(
            agreement_count(app, Value::Object(both)).await,
            0,
            "{filter}"
        );
    }
}

#[tokio::test]
async fn every_filter_and_its_negation_split_the_agreements() {
    let app = spawn_app().await;
    let all = agreement_count(&app, json!({})).await;
    let party = crate::helpers::global_id("Company", "wige-media");
    let group = crate::helpers::global_id("Company", "alibaba-group");
    for filter in negated_filters(&party, &group) {
        assert_splits(&app, &filter, all).await;
    }
    // On the seed, by hand: two agreements are not in Thailand's market, and the one without
    // Alibaba's group is the tourism authority's programme.
    let outside = agreement_slugs(&app, json!({ "not": { "partyGroup": group } })).await;
    assert_eq!(
        outside.into_iter().collect::<Vec<_>>(),
        ["tourism-authority-of-thailand-chinese-companies-programme"]
    );
    // A `not` whose own condition names a missing company, nests too deep, or is bad.
    let missing = crate::helpers::global_id("Company", "no-such-company");
    let body = app
        .graphql(AGREEMENTS, json!({ "f": { "not": { "party": missing } } }))
        .await;
    crate::helpers::assert_error_code(&body, "NOT_FOUND");
    let body = app
        .graphql(AGREEMENTS, json!({ "f": { "not": { "kinds": [] } } }))
        .await;
    assert_bad_input(&body, "filter.not.kinds");
    let body = app
        .graphql(
            AGREEMENTS,
            json!({ "f": { "not": { "not": { "not": { "not": { "kind": "PROGRAMME" } } } } } }),
        )
        .await;
    assert_bad_input(&body, "filter.not.not.not.not");
}

#[tokio::test]
async fn filters_and_their_negations_split_a_generated_dataset() {
    let app = crate::helpers::spawn_synthetic(dealgraph::generate::Sizes {
        companies: 300,
        agreements: 1_500,
    })
    .await;
    let all = agreement_count(&app, json!({})).await;
    assert!(all > 1_500, "{all}");
    // A company with deals and subsidiaries of the generated data.
    let body = app
        .data(
            "{ companies(first: 100, filter: { kinds: [CONGLOMERATE, MEDIA_GROUP] }) {
                nodes { id subsidiaries(first: 1) { totalCount } agreements(first: 1) { totalCount } } } }",
            json!({}),
        )
        .await;
    let nodes = body["companies"]["nodes"].as_array().expect("nodes");
    let group = nodes
        .iter()
        .find(|n| n["subsidiaries"]["totalCount"].as_i64() > Some(0))
        .expect("a company with subsidiaries")["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let party = nodes
        .iter()
        .find(|n| n["agreements"]["totalCount"].as_i64() > Some(0))
        .expect("a company with agreements")["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    for filter in negated_filters(&party, &group) {
        assert_splits(&app, &filter, all).await;
    }
}

const PEOPLE: &str =
    "query($f: PersonFilter) { people(filter: $f, first: 100) { totalCount nodes { slug } } }";

/// The slugs of the people `filter` selects.
async fn people(app: &TestApp, filter: Value) -> Vec<String> {
    let body = app.graphql(PEOPLE, json!({ "f": filter })).await;
    assert!(body.get("errors").is_none(), "{filter}: {body}");
    let mut found: Vec<String> = body["data"]["people"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["slug"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        Some(found.len() as i64),
        body["data"]["people"]["totalCount"].as_i64()
    );
    found.sort();
    found
}

#[tokio::test]
async fn people_are_filtered_by_a_role_at_a_company_its_title_and_whether_it_is_held_now() {
    let app = spawn_app().await;
    // The hand count: every person's roles in the seed.
    let seed = app
        .data(
            "{ people(first: 100) { nodes { slug roles { title until company { id } } } } }",
            json!({}),
        )
        .await;
    let everyone = seed["people"]["nodes"].as_array().expect("nodes").clone();
    let matching = |pick: &dyn Fn(&Value) -> bool| {
        let mut found: Vec<String> = everyone
            .iter()
            .filter(|p| p["roles"].as_array().is_some_and(|rs| rs.iter().any(pick)))
            .filter_map(|p| p["slug"].as_str().map(str::to_owned))
            .collect();
        found.sort();
        found
    };
    let roles: Vec<Value> = everyone
        .iter()
        .flat_map(|p| p["roles"].as_array().cloned().unwrap_or_default())
        .collect();
    assert!(roles.len() >= 3, "{roles:?}");
    for role in &roles {
        let company = role["company"]["id"].clone();
        let title = role["title"].clone();
        assert_eq!(
            people(&app, json!({ "company": company })).await,
            matching(&|r| r["company"]["id"] == company)
        );
        assert_eq!(
            people(&app, json!({ "title": title })).await,
            matching(&|r| r["title"] == title)
        );
        assert_eq!(
            people(&app, json!({ "companies": [company], "titles": [title] })).await,
            matching(&|r| r["company"]["id"] == company && r["title"] == title)
        );
    }
    for (tenure, current) in [("CURRENT", true), ("FORMER", false)] {
        assert_eq!(
            people(&app, json!({ "tenure": tenure })).await,
            matching(&|r| r["until"].is_null() == current),
            "{tenure}"
        );
    }
    assert!(
        !people(&app, json!({ "tenure": "CURRENT" }))
            .await
            .is_empty()
    );
    assert_eq!(people(&app, json!({})).await.len(), everyone.len());
    // Bad input names the field; a company that does not exist is not found.
    let body = app.graphql(PEOPLE, json!({ "f": { "titles": [] } })).await;
    assert_bad_input(&body, "filter.titles");
    let body = app
        .graphql(
            PEOPLE,
            json!({ "f": { "company": crate::helpers::global_id("Person", "jack-ma") } }),
        )
        .await;
    assert_bad_input(&body, "filter.company");
    let body = app
        .graphql(
            PEOPLE,
            json!({ "f": { "companies": [crate::helpers::global_id("Company", "no-such-company")] } }),
        )
        .await;
    crate::helpers::assert_error_code(&body, "NOT_FOUND");
}
