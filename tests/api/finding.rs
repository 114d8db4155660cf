//! Finding things: filters and orderings (on the seed data and on a generated dataset checked
//! against an independent reading of the database), pagination invariants under every
//! ordering and filter, and traversal.

use std::collections::HashSet;

use serde_json::{Value, json};

use dealgraph::model::fold;

use crate::helpers::{
    Direction, TestApp, assert_error_code, id_of, names, slugs_of, spawn_app, spawn_synthetic,
    spawn_synthetic_sqlite, walk_pages,
};
use crate::synthetic::Sizes;

/// The slugs of the first 100 items of `list` (such as `companies`) that match `filter`, an
/// input of the GraphQL type `filter_type`.
async fn filtered_slugs(
    app: &TestApp,
    list: &str,
    filter_type: &str,
    filter: Value,
) -> Vec<String> {
    let query = format!(
        "query($f: {filter_type}) {{ {list}(first: 100, filter: $f) {{ nodes {{ slug }} }} }}"
    );
    let data = app.data(&query, json!({ "f": filter })).await;
    slugs_of(&data[list]["nodes"])
}

async fn company_slugs(app: &TestApp, filter: Value) -> Vec<String> {
    filtered_slugs(app, "companies", "CompanyFilter", filter).await
}

/// Asserts that each filter of `cases` finds exactly the slugs given with it, in order.
async fn assert_filters(
    app: &TestApp,
    list: &str,
    filter_type: &str,
    cases: impl IntoIterator<Item = (Value, Vec<&str>)>,
) {
    for (filter, expected) in cases {
        assert_eq!(
            filtered_slugs(app, list, filter_type, filter.clone()).await,
            expected,
            "{filter}"
        );
    }
}

const PARTNERSHIP: &str = "alibaba-pictures-tb-media-global-partnership";
const WIGE: &str = "wige-media-alibaba-sports-group-cooperation";
const PROGRAMME: &str = "tourism-authority-of-thailand-chinese-companies-programme";

#[tokio::test]
async fn companies_filter_by_country_kind_parent_and_name() {
    let app = spawn_app().await;
    assert_eq!(
        company_slugs(&app, json!({ "country": "TH" })).await,
        ["tb-media-global", "tourism-authority-of-thailand"]
    );
    assert_eq!(
        company_slugs(&app, json!({ "kind": "STREAMING_SERVICE" })).await,
        ["iqiyi", "netflix", "tencent-video"]
    );
    let alibaba = id_of(&app, "company", "alibaba-group").await;
    assert_eq!(
        company_slugs(&app, json!({ "parent": alibaba, "country": "CN" })).await,
        ["alibaba-pictures", "alibaba-sports-group"]
    );
    assert_eq!(
        company_slugs(&app, json!({ "nameContains": "SPORTS" })).await,
        ["alibaba-sports-group"]
    );
    assert_eq!(
        company_slugs(&app, json!({ "nameContains": "t&b" })).await,
        ["tb-media-global"]
    );
}

#[tokio::test]
async fn name_filter_ignores_case_accents_and_german_spellings() {
    let app = spawn_synthetic(Sizes {
        companies: 60,
        agreements: 0,
    })
    .await;
    let count = |filter: Value| {
        let app = &app;
        async move {
            let data = app
                .data(
                    "query($f: CompanyFilter) { companies(filter: $f) { totalCount } }",
                    json!({ "f": filter }),
                )
                .await;
            data["companies"]["totalCount"].as_i64().expect("a count")
        }
    };
    let umlaut = count(json!({ "nameContains": "Müller" })).await;
    assert!(umlaut > 0, "the generated names include Müller");
    assert_eq!(count(json!({ "nameContains": "mueller" })).await, umlaut);
    assert_eq!(count(json!({ "nameContains": "MÜLLER" })).await, umlaut);
    assert_eq!(
        count(json!({ "nameContains": "strasse" })).await,
        count(json!({ "nameContains": "Straße" })).await
    );
    assert_eq!(
        count(json!({ "nameContains": "cafe" })).await,
        count(json!({ "nameContains": "Café" })).await
    );
}

#[tokio::test]
async fn founding_dates_are_compared_at_the_precision_given() {
    let app = spawn_app().await;
    // Alibaba Group: 1999; Alibaba Sports Group: 2015-09.
    let cases = [
        (
            json!({ "foundedAfter": "1999" }),
            vec!["alibaba-sports-group"],
        ),
        (
            json!({ "foundedAfter": "1998" }),
            vec!["alibaba-group", "alibaba-sports-group"],
        ),
        (json!({ "foundedAfter": "2015" }), vec![]),
        (
            json!({ "foundedAfter": "2015-08" }),
            vec!["alibaba-sports-group"],
        ),
        (json!({ "foundedAfter": "2015-09-01" }), vec![]),
        (json!({ "foundedBefore": "2015-09" }), vec!["alibaba-group"]),
        (
            json!({ "foundedBefore": "2015-10-02" }),
            vec!["alibaba-group", "alibaba-sports-group"],
        ),
        (json!({ "foundedBefore": "1999-12" }), vec![]),
        (
            json!({ "foundedAfter": "1990", "foundedBefore": "2000" }),
            vec!["alibaba-group"],
        ),
    ];
    assert_filters(&app, "companies", "CompanyFilter", cases).await;
}

#[tokio::test]
async fn agreements_filter_by_party_scope_market_kind_status_date_and_umbrella() {
    let app = spawn_app().await;
    let sports = id_of(&app, "company", "alibaba-sports-group").await;
    let programme = id_of(&app, "agreement", PROGRAMME).await;
    let cases = [
        (json!({ "party": sports }), vec![WIGE]),
        (json!({ "scope": "MOTORSPORT" }), vec![WIGE]),
        (json!({ "scope": "TOURISM" }), vec![PROGRAMME]),
        (json!({ "market": "TH" }), vec![PARTNERSHIP, PROGRAMME]),
        (
            json!({ "market": "CN", "kind": "COOPERATION_AGREEMENT" }),
            vec![WIGE],
        ),
        (json!({ "status": "SIGNED" }), vec![WIGE]),
        (json!({ "status": "ENDED" }), vec![]),
        (json!({ "announcedAfter": "2022" }), vec![PARTNERSHIP]),
        (json!({ "announcedAfter": "2023" }), vec![]),
        (json!({ "announcedBefore": "2023-12" }), vec![PARTNERSHIP]),
        (json!({ "announcedBefore": "2023-11-30" }), vec![]),
        (json!({ "partOf": programme }), vec![PARTNERSHIP]),
    ];
    assert_filters(&app, "agreements", "AgreementFilter", cases).await;
}

#[tokio::test]
async fn filters_reject_bad_values_and_unknown_entities() {
    let app = spawn_app().await;
    let person = id_of(&app, "person", "jack-ma").await;
    let missing = dealgraph::graphql::ids::encode_id(
        dealgraph::model::EntityKind::Agreement,
        "no-such-agreement",
    );
    for (filter, code) in [
        (json!({ "market": "Thailand" }), "BAD_USER_INPUT"),
        (json!({ "party": person }), "BAD_USER_INPUT"),
        (json!({ "partOf": "garbage" }), "BAD_USER_INPUT"),
        (json!({ "partOf": missing.to_string() }), "NOT_FOUND"),
        (json!({ "announcedAfter": "2023-13" }), "BAD_USER_INPUT"),
    ] {
        let body = app
            .graphql(
                "query($f: AgreementFilter) { agreements(filter: $f) { totalCount } }",
                json!({ "f": filter }),
            )
            .await;
        assert_error_code(&body, code);
    }
}

#[tokio::test]
async fn nested_connections_take_the_same_filters_and_orderings() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ company(slug: \"alibaba-group\") {
                subsidiaries(filter: { kind: ONLINE_MARKETPLACE }, orderBy: { field: NAME, direction: DESC }) {
                    nodes { slug } }
              }
              pictures: company(slug: \"alibaba-pictures\") {
                agreements(filter: { scope: VIRTUAL_ACTORS }) { totalCount nodes { slug } }
                none: agreements(filter: { scope: MOTORSPORT }) { totalCount }
                partners(filter: { country: \"TH\" }) { nodes { slug } }
              } }",
            json!({}),
        )
        .await;
    assert_eq!(
        slugs_of(&data["company"]["subsidiaries"]["nodes"]),
        ["aliexpress", "alibaba-com"]
    );
    assert_eq!(
        slugs_of(&data["pictures"]["agreements"]["nodes"]),
        [PARTNERSHIP]
    );
    assert_eq!(data["pictures"]["none"]["totalCount"], 0);
    assert_eq!(
        slugs_of(&data["pictures"]["partners"]["nodes"]),
        ["tb-media-global"]
    );
}

#[tokio::test]
async fn traversal_reaches_partners_shared_agreements_ancestors_and_descendants() {
    let app = spawn_app().await;
    let sports = id_of(&app, "company", "alibaba-sports-group").await;
    let data = app
        .data(
            "query($sports: ID!) {
               wige: company(slug: \"wige-media\") {
                 partners { nodes { slug } }
                 agreements(filter: { party: $sports }) { nodes { slug } }
               }
               sports: company(slug: \"alibaba-sports-group\") { ancestors { slug } }
               top: company(slug: \"alibaba-group\") { ancestors { slug }
                 all: subsidiaries(recursive: true) { totalCount } }
               programme: agreement(slug: \"tourism-authority-of-thailand-chinese-companies-programme\") {
                 components { slug partOf { slug } } }
               person(slug: \"zhang-dazhong\") { roles { title company { slug } } }
             }",
            json!({ "sports": sports }),
        )
        .await;
    assert_eq!(
        slugs_of(&data["wige"]["partners"]["nodes"]),
        ["alibaba-sports-group"]
    );
    assert_eq!(slugs_of(&data["wige"]["agreements"]["nodes"]), [WIGE]);
    assert_eq!(slugs_of(&data["sports"]["ancestors"]), ["alibaba-group"]);
    assert_eq!(data["top"]["ancestors"], json!([]));
    assert_eq!(data["top"]["all"]["totalCount"], 5);
    assert_eq!(
        data["programme"]["components"],
        json!([{ "slug": PARTNERSHIP, "partOf": { "slug": PROGRAMME } }])
    );
    assert_eq!(
        data["person"]["roles"],
        json!([{ "title": "CEO", "company": { "slug": "alibaba-sports-group" } }])
    );
}

#[tokio::test]
async fn ancestors_and_recursive_subsidiaries_follow_generated_chains() {
    let app = spawn_synthetic_sqlite(Sizes {
        companies: 300,
        agreements: 0,
    })
    .await;
    let conn = rusqlite::Connection::open(&app.db_path).expect("opens");
    // The deepest generated chain, read independently.
    let (slug, depth): (String, i64) = conn
        .query_row(
            "WITH RECURSIVE up(id, top, depth) AS (
               SELECT id, parent_id, 0 FROM companies
               UNION ALL SELECT up.id, c.parent_id, up.depth + 1 FROM up JOIN companies c ON c.id = up.top
               WHERE up.top IS NOT NULL)
             SELECT c.slug, max(up.depth) AS d FROM up JOIN companies c ON c.id = up.id
             GROUP BY up.id ORDER BY d DESC, c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a chain");
    assert!(depth >= 2, "the generator makes chains");
    let data = app
        .data(
            "query($s: String!) { company(slug: $s) { ancestors { slug } } }",
            json!({ "s": slug }),
        )
        .await;
    let ancestors = slugs_of(&data["company"]["ancestors"]);
    assert_eq!(ancestors.len() as i64, depth);
    // The top of the chain has the start among its descendants, at any depth.
    let top = ancestors.last().expect("a top").clone();
    let expected: i64 = conn
        .query_row(
            "WITH RECURSIVE below(id) AS (
               SELECT id FROM companies WHERE parent_id = (SELECT id FROM companies WHERE slug = ?1)
               UNION SELECT c.id FROM companies c JOIN below ON c.parent_id = below.id)
             SELECT count(*) FROM below",
            [&top],
            |r| r.get(0),
        )
        .expect("a count");
    let data = app
        .data(
            "query($s: String!) { company(slug: $s) { subsidiaries(recursive: true, first: 100) {
                totalCount nodes { slug } } } }",
            json!({ "s": top }),
        )
        .await;
    assert_eq!(data["company"]["subsidiaries"]["totalCount"], expected);
    if expected <= 100 {
        assert!(slugs_of(&data["company"]["subsidiaries"]["nodes"]).contains(&slug));
    }
}

/// Walks a whole list forwards and backwards in pages of `size`; returns the nodes in list
/// order after checking that both walks agree, nothing repeats and the total is right.
async fn walk(app: &TestApp, field: &str, args: &str, selection: &str, size: usize) -> Vec<Value> {
    let query = |direction: &str| {
        format!(
            "query($cursor: String) {{ list: {field}({args} {direction}: {size}, {cursor}: $cursor) {{
                totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
                edges {{ cursor node {{ {selection} }} }} }} }}",
            cursor = if direction == "first" { "after" } else { "before" },
        )
    };
    let walk_towards = |direction: Direction| {
        let query = query(match direction {
            Direction::Forwards => "first",
            Direction::Backwards => "last",
        });
        walk_pages(direction, 100_000 / size.max(1) + 1, move |cursor| {
            let query = query.clone();
            async move { app.data(&query, json!({ "cursor": cursor })).await["list"].clone() }
        })
    };
    let nodes = |list: &Value| -> Vec<Value> {
        let edges = list["edges"].as_array().expect("edges");
        edges.iter().map(|e| e["node"].clone()).collect()
    };

    let pages = walk_towards(Direction::Forwards).await;
    let total = pages.iter().find_map(|list| list["totalCount"].as_u64());
    for (i, list) in pages.iter().enumerate() {
        let edges = list["edges"].as_array().expect("edges");
        assert!(edges.len() <= size);
        assert_eq!(list["pageInfo"]["hasPreviousPage"], i > 0);
        if i + 1 < pages.len() {
            assert_eq!(edges.len(), size, "a full page before the last");
        }
    }
    let forward: Vec<Value> = pages.iter().flat_map(nodes).collect();

    let pages = walk_towards(Direction::Backwards).await;
    for (i, list) in pages.iter().enumerate() {
        assert_eq!(list["pageInfo"]["hasNextPage"], i > 0);
    }
    let backward: Vec<Value> = pages.iter().rev().flat_map(nodes).collect();
    assert_eq!(
        forward, backward,
        "{field}({args}): forwards and backwards differ"
    );
    assert_eq!(
        Some(forward.len() as u64),
        total,
        "{field}({args}): totalCount"
    );
    let ids: HashSet<String> = forward.iter().map(|n| n["id"].to_string()).collect();
    assert_eq!(ids.len(), forward.len(), "{field}({args}): an item repeats");
    forward
}

/// Walks `list` filtered by `filter` (see [`walk`]) under each ordering of `orders` (a field and a
/// direction), checking that each walk comes sorted by `key(field, node)`; returns each walk's
/// arguments and nodes.
async fn walk_every_order(
    app: &TestApp,
    list: &str,
    filter: &str,
    orders: &[(&str, &str)],
    selection: &str,
    size: usize,
    key: impl Fn(&str, &Value) -> String,
) -> Vec<(String, Vec<Value>)> {
    let mut walks = Vec::with_capacity(orders.len());
    for (field, direction) in orders {
        let args = format!("{filter} orderBy: {{ field: {field}, direction: {direction} }},");
        let nodes = walk(app, list, &args, selection, size).await;
        let keys: Vec<String> = nodes.iter().map(|n| key(field, n)).collect();
        assert_sorted(&keys, *direction == "DESC", &args);
        walks.push((args, nodes));
    }
    walks
}

/// The sort text of a partial date: missing dates sort after every date.
fn date_key(value: &Value) -> String {
    value.as_str().unwrap_or("~").to_owned()
}

fn assert_sorted(keys: &[String], descending: bool, what: &str) {
    for pair in keys.windows(2) {
        let in_order = if descending {
            pair[0] >= pair[1]
        } else {
            pair[0] <= pair[1]
        };
        assert!(in_order, "{what}: {:?} then {:?}", pair[0], pair[1]);
    }
}

/// Whether a partial date lies strictly after (or before) a bound, at the coarser precision.
fn date_matches(date: Option<&str>, bound: &str, after: bool) -> bool {
    let Some(date) = date else { return false };
    let len = date.len().min(bound.len());
    if after {
        date[..len] > bound[..len]
    } else {
        date[..len] < bound[..len]
    }
}

#[tokio::test]
async fn company_pages_never_overlap_or_skip_under_any_ordering_and_filter() {
    let app = spawn_synthetic_sqlite(Sizes {
        companies: 700,
        agreements: 0,
    })
    .await;
    let conn = rusqlite::Connection::open(&app.db_path).expect("opens");
    let mut stmt = conn
        .prepare("SELECT slug, name, country, kind, founded FROM companies")
        .expect("prepares");
    type Row = (String, String, Option<String>, String, Option<String>);
    let all: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("reads")
        .collect::<Result<_, _>>()
        .expect("rows");
    type Keep = Box<dyn Fn(&Row) -> bool>;
    let filters: Vec<(&str, Keep)> = vec![
        ("", Box::new(|_| true)),
        (
            "filter: { country: \"DE\" }",
            Box::new(|r| r.2.as_deref() == Some("DE")),
        ),
        (
            "filter: { kind: MEDIA_GROUP }",
            Box::new(|r| r.3 == "MEDIA_GROUP"),
        ),
        (
            "filter: { foundedAfter: \"2005-06\" }",
            Box::new(|r| date_matches(r.4.as_deref(), "2005-06", true)),
        ),
        (
            "filter: { nameContains: \"mueller\", foundedBefore: \"2010\" }",
            Box::new(|r| {
                fold(&r.1).contains("mueller") && date_matches(r.4.as_deref(), "2010", false)
            }),
        ),
    ];
    for (filter, keep) in &filters {
        let expected: HashSet<&str> = all
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.0.as_str())
            .collect();
        let orders = [
            ("NAME", "ASC"),
            ("NAME", "DESC"),
            ("FOUNDED", "ASC"),
            ("FOUNDED", "DESC"),
        ];
        let key = |field: &str, n: &Value| match field {
            "NAME" => fold(n["name"].as_str().expect("a name")),
            _ => date_key(&n["founded"]),
        };
        let selection = "id slug name founded";
        for (args, nodes) in
            walk_every_order(&app, "companies", filter, &orders, selection, 23, key).await
        {
            let got: HashSet<&str> = nodes.iter().filter_map(|n| n["slug"].as_str()).collect();
            assert_eq!(got, expected, "companies({args})");
        }
    }
}

#[tokio::test]
async fn agreement_pages_never_overlap_or_skip_under_any_ordering_and_filter() {
    let app = spawn_synthetic_sqlite(Sizes {
        companies: 200,
        agreements: 1500,
    })
    .await;
    let conn = rusqlite::Connection::open(&app.db_path).expect("opens");
    let expected_count = |sql: &str| -> usize {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0)).expect("counts");
        n as usize
    };
    let filters = [
        ("", "SELECT count(*) FROM agreements"),
        (
            "filter: { market: \"TH\" }",
            "SELECT count(*) FROM agreements a WHERE EXISTS (SELECT 1 FROM agreement_markets m WHERE m.agreement_id = a.id AND m.country = 'TH')",
        ),
        (
            "filter: { scope: MOTORSPORT, status: ACTIVE }",
            "SELECT count(*) FROM agreements a WHERE status = 'ACTIVE' AND EXISTS (SELECT 1 FROM agreement_scopes s WHERE s.agreement_id = a.id AND s.scope = 'MOTORSPORT')",
        ),
        (
            "filter: { kind: PROGRAMME, announcedBefore: \"2012-03\" }",
            "SELECT count(*) FROM agreements WHERE kind = 'PROGRAMME' AND announced IS NOT NULL AND substr(announced, 1, min(length(announced), 7)) < substr('2012-03', 1, min(length(announced), 7))",
        ),
    ];
    for (filter, sql) in filters {
        let expected = expected_count(sql);
        let orders = [
            ("SLUG", "ASC"),
            ("ANNOUNCED", "ASC"),
            ("ANNOUNCED", "DESC"),
            ("SIGNED", "DESC"),
        ];
        let key = |field: &str, n: &Value| match field {
            "SLUG" => n["slug"].as_str().expect("a slug").to_owned(),
            "ANNOUNCED" => date_key(&n["announced"]),
            _ => String::new(),
        };
        let selection = "id slug announced";
        for (args, nodes) in
            walk_every_order(&app, "agreements", filter, &orders, selection, 97, key).await
        {
            assert_eq!(nodes.len(), expected, "agreements({args})");
        }
    }
}

#[tokio::test]
async fn the_seed_companies_names_sort_ignoring_case() {
    let app = spawn_app().await;
    let data = app
        .data("{ companies(first: 100) { nodes { name } } }", json!({}))
        .await;
    let names = names(&data["companies"]["nodes"]);
    let keys: Vec<String> = names.iter().map(|n| fold(n)).collect();
    assert_sorted(&keys, false, "names");
    assert_eq!(names.first().map(String::as_str), Some("Alibaba Group"));
}
