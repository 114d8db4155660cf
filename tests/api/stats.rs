//! `agreementStats` and `companyStats` through the server: the groups checked against a hand
//! count of the listed records, over the seed and over a generated dataset (single-valued
//! dimensions add up to the total, multi-valued ones count a record in each of its groups, and
//! every group's drill-down lists exactly the records it counted), the honest partial-date
//! groups, labels in both languages, and the refusals of bad `groupBy` and `first`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_bad_input, global_id, spawn_app};

/// Every agreement with what the dimensions read, page after page.
async fn all_agreements(app: &TestApp) -> Vec<Value> {
    let mut all = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = app
            .data(
                "query($after: String) { agreements(first: 100, after: $after) {
                    pageInfo { hasNextPage endCursor }
                    nodes { slug announced kind status scopes markets
                        parties { company { id country } } } } }",
                json!({ "after": after }),
            )
            .await;
        let agreements = &page["agreements"];
        all.extend(agreements["nodes"].as_array().cloned().unwrap_or_default());
        if agreements["pageInfo"]["hasNextPage"] != json!(true) {
            return all;
        }
        after = agreements["pageInfo"]["endCursor"].clone();
    }
}

/// The values an agreement has in `dimension`: none is one NULL value.
fn agreement_values(agreement: &Value, dimension: &str) -> Vec<Value> {
    let text = |v: &Value| v.as_str().map(str::to_owned);
    let announced = text(&agreement["announced"]);
    let many = |values: Vec<Value>| {
        let mut values: Vec<Value> = values;
        values.sort_by_key(Value::to_string);
        values.dedup();
        if values.is_empty() {
            vec![Value::Null]
        } else {
            values
        }
    };
    let parties = agreement["parties"].as_array().cloned().unwrap_or_default();
    match dimension {
        "YEAR" => vec![announced.map_or(Value::Null, |a| json!(a[..4]))],
        "MONTH" => vec![
            announced
                .filter(|a| a.len() >= 7)
                .map_or(Value::Null, |a| json!(a[..7])),
        ],
        "KIND" => vec![agreement["kind"].clone()],
        "STATUS" => vec![agreement["status"].clone()],
        "SCOPE" => many(agreement["scopes"].as_array().cloned().unwrap_or_default()),
        "MARKET" => many(agreement["markets"].as_array().cloned().unwrap_or_default()),
        "PARTY" => many(parties.iter().map(|p| p["company"]["id"].clone()).collect()),
        // NULL for no parties, and for a party whose country is not known, beside the known.
        "PARTY_COUNTRY" => {
            if parties.is_empty() {
                vec![Value::Null]
            } else {
                let mut values: Vec<Value> = parties
                    .iter()
                    .map(|p| p["company"]["country"].clone())
                    .collect();
                values.sort_by_key(Value::to_string);
                values.dedup();
                values
            }
        }
        other => panic!("no dimension {other}"),
    }
}

/// The hand count: each group's values with the slugs it holds.
fn hand_count(agreements: &[Value], dims: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for agreement in agreements {
        let slug = agreement["slug"].as_str().expect("a slug").to_owned();
        let first = agreement_values(agreement, dims[0]);
        let second = dims
            .get(1)
            .map_or(vec![Value::Null], |d| agreement_values(agreement, d));
        for a in &first {
            for b in &second {
                let key = if dims.len() == 2 {
                    vec![a.clone(), b.clone()]
                } else {
                    vec![a.clone()]
                };
                groups
                    .entry(Value::Array(key).to_string())
                    .or_default()
                    .insert(slug.clone());
            }
        }
    }
    groups
}

/// Every slug of a group's drill-down, page after page.
async fn drill_down(
    app: &TestApp,
    dims: &[&str],
    index: usize,
    filter: &Value,
) -> BTreeSet<String> {
    let mut slugs = BTreeSet::new();
    let mut after = Value::Null;
    loop {
        let body = app
            .data(
                "query($dims: [AgreementDimension!]!, $f: AgreementFilter, $after: String,
                    $groups: Int) {
                    agreementStats(groupBy: $dims, filter: $f, first: $groups) { groups {
                        agreements(first: 20, after: $after) {
                            pageInfo { hasNextPage endCursor } nodes { slug } } } } }",
                json!({ "dims": dims, "f": filter, "after": after, "groups": index + 1 }),
            )
            .await;
        let page = &body["agreementStats"]["groups"][index]["agreements"];
        for node in page["nodes"].as_array().expect("nodes") {
            slugs.insert(node["slug"].as_str().expect("a slug").to_owned());
        }
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            return slugs;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

/// Checks `agreementStats` by `dims` against the hand count of `agreements`; drills down
/// into at most `drilled` groups (the unknown ones always).
async fn check_agreement_stats(app: &TestApp, agreements: &[Value], dims: &[&str], drilled: usize) {
    let body = app
        .data(
            "query($dims: [AgreementDimension!]!) { agreementStats(groupBy: $dims, first: 500) {
                totalCount groupCount groups { count values } } }",
            json!({ "dims": dims }),
        )
        .await;
    let stats = &body["agreementStats"];
    assert_eq!(stats["totalCount"], json!(agreements.len()), "{dims:?}");
    let expected = hand_count(agreements, dims);
    let groups = stats["groups"].as_array().expect("groups");
    assert_eq!(stats["groupCount"], json!(expected.len()), "{dims:?}");
    assert_eq!(groups.len(), expected.len().min(500), "{dims:?}");
    let mut previous: Option<i64> = None;
    let mut sum = 0;
    for (index, group) in groups.iter().enumerate() {
        let values = group["values"].as_array().expect("values").clone();
        let count = group["count"].as_i64().expect("a count");
        let slugs = expected
            .get(&Value::Array(values.clone()).to_string())
            .unwrap_or_else(|| panic!("{dims:?}: no group {values:?} by hand"));
        assert_eq!(count, slugs.len() as i64, "{dims:?} {values:?}");
        // The largest first.
        assert!(
            previous.is_none_or(|p| p >= count),
            "{dims:?}: ordered by count"
        );
        previous = Some(count);
        sum += count;
        // Unknown groups are drilled into too, where a cheap enough request reaches them.
        if index < drilled || (values.iter().any(Value::is_null) && index < 100) {
            assert_eq!(
                &drill_down(app, dims, index, &json!(null)).await,
                slugs,
                "{dims:?} {values:?}: the drill-down lists what was counted"
            );
        }
    }
    let single = dims
        .iter()
        .all(|d| matches!(*d, "YEAR" | "MONTH" | "KIND" | "STATUS"));
    if single {
        assert_eq!(sum, agreements.len() as i64, "{dims:?}: the groups add up");
    } else {
        assert!(sum >= agreements.len() as i64, "{dims:?}");
    }
}

const DIMENSIONS: [&str; 8] = [
    "YEAR",
    "MONTH",
    "KIND",
    "STATUS",
    "SCOPE",
    "MARKET",
    "PARTY",
    "PARTY_COUNTRY",
];

#[tokio::test]
async fn agreement_stats_match_a_hand_count_over_the_seed_and_drill_down_to_what_they_counted() {
    let app = spawn_app().await;
    let agreements = all_agreements(&app).await;
    assert_eq!(agreements.len(), 3);
    for dim in DIMENSIONS {
        check_agreement_stats(&app, &agreements, &[dim], usize::MAX).await;
    }
    for pair in [
        ["YEAR", "MONTH"],
        ["KIND", "MARKET"],
        ["SCOPE", "PARTY"],
        ["PARTY_COUNTRY", "STATUS"],
    ] {
        check_agreement_stats(&app, &agreements, &pair, usize::MAX).await;
    }
    // By hand, from the articles: seven scopes of the cooperation with Wige Media, the
    // partnership's own, and the programme's.
    let by_market = app
        .data(
            "{ agreementStats(groupBy: [MARKET]) { totalCount groups { count values
                labels(locale: \"de\") en: labels(locale: \"en\") } } }",
            json!({}),
        )
        .await;
    let groups = by_market["agreementStats"]["groups"]
        .as_array()
        .expect("groups");
    let cn = groups
        .iter()
        .find(|g| g["values"] == json!(["CN"]))
        .expect("a group for China");
    assert_eq!(cn["labels"], json!(["China"]));
    assert_eq!(cn["en"], json!(["China"]));
}

#[tokio::test]
async fn labels_speak_both_languages_and_partial_dates_get_honest_groups() {
    let app = spawn_app().await;
    let token = crate::writes::new_token(&app, "desk");
    for (n, announced) in [
        json!("2019"),
        json!("2019-04"),
        json!("2019-04-17"),
        json!(null),
    ]
    .into_iter()
    .enumerate()
    {
        let body = crate::writes::as_token(
            &app,
            Some(&token),
            "mutation($input: CreateAgreementInput!) { createAgreement(input: $input) {
                agreement { slug } } }",
            json!({ "input": { "kind": "COOPERATION_AGREEMENT", "status": "ANNOUNCED",
                "announced": announced, "slug": format!("wige-media-netflix-{n}"),
                "parties": [{ "company": global_id("Company", "wige-media") },
                            { "company": global_id("Company", "netflix") }] } }),
        )
        .await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    let agreements = all_agreements(&app).await;
    check_agreement_stats(&app, &agreements, &["YEAR", "MONTH"], usize::MAX).await;
    let body = app
        .data(
            "{ agreementStats(groupBy: [YEAR, MONTH], filter: { parties: [\"PLACEHOLDER\"] }) {
                totalCount groups { count values de: labels(locale: \"de\") en: labels(locale: \"en\") } } }"
                .replace("PLACEHOLDER", &global_id("Company", "netflix"))
                .as_str(),
            json!({}),
        )
        .await;
    let groups = &body["agreementStats"]["groups"];
    assert_eq!(body["agreementStats"]["totalCount"], 4, "{body}");
    // 2019-04 twice (the month and the day), 2019 alone, and the undated one.
    assert_eq!(
        groups,
        &json!([
            { "count": 2, "values": ["2019", "2019-04"], "de": ["2019", "April 2019"],
              "en": ["2019", "April 2019"] },
            { "count": 1, "values": ["2019", null], "de": ["2019", "Monat nicht bekannt"],
              "en": ["2019", "Month not known"] },
            { "count": 1, "values": [null, null], "de": ["Undatiert", "Monat nicht bekannt"],
              "en": ["Undated", "Month not known"] },
        ]),
        "{body}"
    );
    // Kinds, statuses, scopes and parties by their labels and names.
    let body = app
        .data(
            "{ agreementStats(groupBy: [KIND, PARTY], first: 1) { groupCount groups { count values
                de: labels(locale: \"de\") en: labels(locale: \"en\") } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["agreementStats"]["groups"],
        json!([{ "count": 5, "values": ["COOPERATION_AGREEMENT", global_id("Company", "wige-media")],
                 "de": ["Kooperationsvertrag", "Wige Media"],
                 "en": ["Cooperation agreement", "Wige Media"] }]),
        "{body}"
    );
}

#[tokio::test]
async fn agreement_stats_match_a_hand_count_over_a_generated_dataset() {
    let app = crate::helpers::spawn_synthetic(dealgraph::generate::Sizes {
        companies: 200,
        agreements: 800,
    })
    .await;
    let agreements = all_agreements(&app).await;
    assert!(agreements.len() > 800);
    for dim in DIMENSIONS {
        check_agreement_stats(&app, &agreements, &[dim], 3).await;
    }
    for pair in [
        ["YEAR", "KIND"],
        ["SCOPE", "MARKET"],
        ["PARTY_COUNTRY", "MONTH"],
    ] {
        check_agreement_stats(&app, &agreements, &pair, 3).await;
    }
    // A filter narrows what is counted, and the drill-down keeps it.
    let filter = json!({ "kinds": ["STRATEGIC_PARTNERSHIP"], "not": { "status": "ANNOUNCED" } });
    let body = app
        .data(
            "query($f: AgreementFilter) { agreementStats(groupBy: [YEAR], filter: $f, first: 500) {
                totalCount groups { count values } }
                agreements(filter: $f) { totalCount } }",
            json!({ "f": filter }),
        )
        .await;
    let stats = &body["agreementStats"];
    assert_eq!(stats["totalCount"], body["agreements"]["totalCount"]);
    let kept: Vec<Value> = agreements
        .iter()
        .filter(|a| a["kind"] == "STRATEGIC_PARTNERSHIP" && a["status"] != "ANNOUNCED")
        .cloned()
        .collect();
    let expected = hand_count(&kept, &["YEAR"]);
    let groups = stats["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), expected.len());
    for (index, group) in groups.iter().enumerate().take(3) {
        let values = group["values"].as_array().expect("values").clone();
        assert_eq!(
            drill_down(&app, &["YEAR"], index, &filter).await,
            expected[&Value::Array(values.clone()).to_string()]
        );
    }
}

#[tokio::test]
async fn company_stats_count_kinds_countries_and_founding_decades() {
    let app = spawn_app().await;
    let companies = app
        .data(
            "{ companies(first: 100) { nodes { slug kind country founded } } }",
            json!({}),
        )
        .await["companies"]["nodes"]
        .as_array()
        .expect("nodes")
        .clone();
    let value = |c: &Value, dim: &str| match dim {
        "KIND" => c["kind"].clone(),
        "COUNTRY" => c["country"].clone(),
        _ => c["founded"]
            .as_str()
            .map_or(Value::Null, |f| json!(format!("{}0", &f[..3]))),
    };
    for dims in [
        vec!["KIND"],
        vec!["COUNTRY"],
        vec!["FOUNDING_DECADE"],
        vec!["COUNTRY", "KIND"],
    ] {
        let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for c in &companies {
            let key: Vec<Value> = dims.iter().map(|d| value(c, d)).collect();
            expected
                .entry(Value::Array(key).to_string())
                .or_default()
                .insert(c["slug"].as_str().expect("a slug").to_owned());
        }
        let body = app
            .data(
                "query($dims: [CompanyDimension!]!) { companyStats(groupBy: $dims, first: 50) {
                    totalCount groupCount groups { count values companies(first: 20) { nodes { slug } } } } }",
                json!({ "dims": dims }),
            )
            .await;
        let stats = &body["companyStats"];
        assert_eq!(stats["totalCount"], json!(companies.len()));
        assert_eq!(stats["groupCount"], json!(expected.len()), "{dims:?}");
        let mut sum = 0;
        for group in stats["groups"].as_array().expect("groups") {
            let values = group["values"].as_array().expect("values").clone();
            let slugs: BTreeSet<String> = group["companies"]["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .map(|n| n["slug"].as_str().expect("a slug").to_owned())
                .collect();
            assert_eq!(
                &slugs,
                &expected[&Value::Array(values.clone()).to_string()],
                "{dims:?} {values:?}"
            );
            assert_eq!(group["count"], json!(slugs.len()));
            sum += slugs.len();
        }
        assert_eq!(sum, companies.len(), "{dims:?}: the groups add up");
    }
    let decades = app
        .data(
            "{ companyStats(groupBy: [FOUNDING_DECADE], filter: { countries: [\"CN\"] }) {
                groups { values de: labels(locale: \"de\") en: labels(locale: \"en\") } } }",
            json!({}),
        )
        .await;
    let groups = decades["companyStats"]["groups"]
        .as_array()
        .expect("groups");
    let nineties = groups
        .iter()
        .find(|g| g["values"] == json!(["1990"]))
        .expect("Alibaba Group, founded 1999");
    assert_eq!(nineties["de"], json!(["1990er"]));
    assert_eq!(nineties["en"], json!(["1990s"]));
    let unknown = groups.iter().find(|g| g["values"] == json!([null]));
    if let Some(unknown) = unknown {
        assert_eq!(unknown["de"], json!(["Gründungsdatum nicht bekannt"]));
    }
}

#[tokio::test]
async fn bad_dimensions_and_group_counts_are_refused_naming_the_argument() {
    let app = spawn_app().await;
    let query = "query($dims: [AgreementDimension!]!, $first: Int) {
        agreementStats(groupBy: $dims, first: $first) { totalCount } }";
    for (dims, first, argument) in [
        (json!([]), json!(null), "groupBy"),
        (json!(["YEAR", "KIND", "SCOPE"]), json!(null), "groupBy"),
        (json!(["YEAR", "YEAR"]), json!(null), "groupBy"),
        (json!(["YEAR"]), json!(501), "first"),
        (json!(["YEAR"]), json!(-1), "first"),
    ] {
        let body = app
            .graphql(query, json!({ "dims": dims, "first": first }))
            .await;
        assert_bad_input(&body, argument);
    }
    let body = app
        .graphql(
            "{ agreementStats(groupBy: [WEEKDAY]) { totalCount } }",
            json!({}),
        )
        .await;
    crate::helpers::assert_error_code(&body, "BAD_USER_INPUT");
    let body = app.graphql(query, json!({ "dims": ["WEEKDAY"] })).await;
    crate::helpers::assert_error_code(&body, "BAD_USER_INPUT");
    let body = app
        .graphql(
            "{ companyStats(groupBy: [KIND, COUNTRY, FOUNDING_DECADE]) { totalCount } }",
            json!({}),
        )
        .await;
    assert_bad_input(&body, "groupBy");
    // A filter's own errors name the filter's field.
    let body = app
        .graphql(
            "query($f: AgreementFilter) { agreementStats(groupBy: [YEAR], filter: $f) { totalCount } }",
            json!({ "f": { "party": global_id("Person", "jack-ma") } }),
        )
        .await;
    assert_bad_input(&body, "filter.party");
    // The cost counts the groups and what each selects.
    let body = app
        .graphql(
            "{ agreementStats(groupBy: [PARTY], first: 500) { groups {
                agreements(first: 100) { nodes { slug parties { company { name } } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["limit"], "cost", "{body}");
}
