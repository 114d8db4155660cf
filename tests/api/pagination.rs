//! Relay cursor pagination: forwards and backwards, page info at both ends, ordering, nested
//! connections and the default page size.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::helpers::{Direction, TestApp, assert_bad_input, slugs_of, spawn_app, walk_pages};

const COMPANY_PAGE: &str = "
    query($first: Int, $after: String, $last: Int, $before: String, $orderBy: CompanyOrder) {
      companies(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
        totalCount
        edges { cursor node { id slug name founded } }
        nodes { id slug name founded }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }";

/// One page of companies with these arguments; fails on any error.
async fn companies(app: &TestApp, args: Value) -> Value {
    app.data(COMPANY_PAGE, args).await["companies"].clone()
}

/// Every company in one page.
async fn all_companies(app: &TestApp, order_by: Value) -> Vec<Value> {
    let page = companies(app, json!({ "first": 100, "orderBy": order_by })).await;
    assert_eq!(
        page["pageInfo"]["hasNextPage"], false,
        "more than 100 companies"
    );
    let nodes = page["nodes"].as_array().unwrap().clone();
    assert_eq!(json!(nodes.len()), page["totalCount"]);
    nodes
}

/// Pages through every company `size` at a time in `direction`, checking each page's info, and
/// returns every node in list order.
async fn walk(app: &TestApp, direction: Direction, size: usize, order_by: Value) -> Vec<Value> {
    let (count, cursor_name) = match direction {
        Direction::Forwards => ("first", "after"),
        Direction::Backwards => ("last", "before"),
    };
    let mut pages = walk_pages(direction, 100, |cursor| {
        let mut args = json!({ "orderBy": order_by.clone() });
        args[count] = json!(size);
        args[cursor_name] = cursor;
        async move { companies(app, args).await }
    })
    .await;
    let (behind, full) = match direction {
        Direction::Forwards => ("hasPreviousPage", "a page before the last is full"),
        Direction::Backwards => ("hasNextPage", "a page after the first is full"),
    };
    for (page_number, page) in pages.iter().enumerate() {
        let nodes = page["nodes"].as_array().unwrap();
        let info = &page["pageInfo"];
        assert_eq!(info[behind], page_number > 0, "page {page_number}: {info}");
        if page_number + 1 < pages.len() {
            assert_eq!(nodes.len(), size, "{full}");
        }
    }
    if direction == Direction::Backwards {
        pages.reverse();
    }
    pages
        .iter()
        .flat_map(|page| page["nodes"].as_array().unwrap().clone())
        .collect()
}

#[track_caller]
fn assert_no_duplicates(nodes: &[Value]) {
    let slugs = slugs_of(&Value::from(nodes));
    let unique: HashSet<&String> = slugs.iter().collect();
    assert_eq!(
        unique.len(),
        slugs.len(),
        "a company appears twice: {slugs:?}"
    );
}

/// The sort key of a name: the order ignores case (the seed has no accented names).
fn name_key(node: &Value) -> String {
    node["name"].as_str().unwrap().to_lowercase()
}

#[tokio::test]
async fn paging_forwards_three_at_a_time_visits_every_company_once_in_name_order() {
    let app = spawn_app().await;
    let walked = walk(&app, Direction::Forwards, 3, Value::Null).await;
    assert_no_duplicates(&walked);
    let keys: Vec<String> = walked.iter().map(name_key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "not in name order");
    assert_eq!(walked, all_companies(&app, Value::Null).await);
}

#[tokio::test]
async fn paging_backwards_three_at_a_time_visits_every_company_once_in_name_order() {
    let app = spawn_app().await;
    let walked = walk(&app, Direction::Backwards, 3, Value::Null).await;
    assert_no_duplicates(&walked);
    assert_eq!(walked, all_companies(&app, Value::Null).await);
}

#[tokio::test]
async fn the_first_page_has_a_next_page_but_no_previous_page() {
    let app = spawn_app().await;
    let page = companies(&app, json!({ "first": 3 })).await;
    assert_eq!(page["pageInfo"]["hasPreviousPage"], false);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
}

#[tokio::test]
async fn the_last_page_has_a_previous_page_but_no_next_page() {
    let app = spawn_app().await;
    let page = companies(&app, json!({ "last": 3 })).await;
    assert_eq!(page["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(page["pageInfo"]["hasNextPage"], false);
    let all = all_companies(&app, Value::Null).await;
    assert_eq!(page["nodes"].as_array().unwrap()[..], all[all.len() - 3..]);
}

#[tokio::test]
async fn a_page_holding_the_whole_list_has_neither_a_previous_nor_a_next_page() {
    let app = spawn_app().await;
    let page = companies(&app, json!({ "first": 100 })).await;
    assert_eq!(page["pageInfo"]["hasPreviousPage"], false);
    assert_eq!(page["pageInfo"]["hasNextPage"], false);
}

#[tokio::test]
async fn first_zero_returns_no_edges_and_no_cursors() {
    let app = spawn_app().await;
    let page = companies(&app, json!({ "first": 0 })).await;
    assert_eq!(page["edges"], json!([]));
    assert_eq!(page["nodes"], json!([]));
    assert_eq!(page["pageInfo"]["startCursor"], Value::Null);
    assert_eq!(page["pageInfo"]["endCursor"], Value::Null);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    assert!(page["totalCount"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn each_edge_holds_the_node_at_the_same_position_in_nodes() {
    let app = spawn_app().await;
    let page = companies(&app, json!({ "first": 5 })).await;
    let edges = page["edges"].as_array().unwrap();
    let nodes = page["nodes"].as_array().unwrap();
    assert_eq!(edges.len(), 5);
    assert_eq!(edges.len(), nodes.len());
    for (edge, node) in edges.iter().zip(nodes) {
        assert_eq!(&edge["node"], node);
    }
    assert_eq!(page["pageInfo"]["startCursor"], edges[0]["cursor"]);
    assert_eq!(page["pageInfo"]["endCursor"], edges[4]["cursor"]);
}

#[tokio::test]
async fn paging_by_founding_date_descending_never_overlaps_and_puts_undated_companies_first() {
    let app = spawn_app().await;
    let order = json!({ "field": "FOUNDED", "direction": "DESC" });
    let walked = walk(&app, Direction::Forwards, 3, order.clone()).await;
    assert_no_duplicates(&walked);
    assert_eq!(walked, all_companies(&app, order).await);
    // Going down, companies without a date come first.
    let keys: Vec<&str> = walked
        .iter()
        .map(|n| n["founded"].as_str().unwrap_or("~"))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(keys, sorted, "not newest first");
    assert_eq!(walked.last().unwrap()["slug"], "alibaba-group");
}

#[tokio::test]
async fn paging_by_founding_date_backwards_matches_paging_forwards() {
    let app = spawn_app().await;
    let order = json!({ "field": "FOUNDED", "direction": "DESC" });
    let backwards = walk(&app, Direction::Backwards, 3, order.clone()).await;
    assert_no_duplicates(&backwards);
    assert_eq!(backwards, walk(&app, Direction::Forwards, 3, order).await);
}

#[tokio::test]
async fn ordering_by_founding_date_ascending_puts_the_oldest_first_and_undated_companies_last() {
    let app = spawn_app().await;
    let all = all_companies(&app, json!({ "field": "FOUNDED", "direction": "ASC" })).await;
    let keys: Vec<&str> = all
        .iter()
        .map(|n| n["founded"].as_str().unwrap_or("~"))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "not oldest first with undated companies last");
    assert_eq!(all[0]["slug"], "alibaba-group");
    assert_eq!(all[0]["founded"], "1999");
    assert_eq!(all.last().unwrap()["founded"], Value::Null);
}

#[tokio::test]
async fn ordering_by_name_descending_is_the_reverse_of_ascending() {
    let app = spawn_app().await;
    let mut up = all_companies(&app, json!({ "field": "NAME" })).await;
    let down = all_companies(&app, json!({ "field": "NAME", "direction": "DESC" })).await;
    up.reverse();
    assert_eq!(slugs_of(&Value::from(up)), slugs_of(&Value::from(down)));
}

#[tokio::test]
async fn a_cursor_from_the_name_ordering_is_bad_user_input_for_the_founded_ordering() {
    let app = spawn_app().await;
    let page = companies(&app, json!({ "first": 2 })).await;
    let cursor = page["pageInfo"]["endCursor"].clone();
    let body = app
        .graphql(
            COMPANY_PAGE,
            json!({
                "first": 2,
                "after": cursor,
                "orderBy": { "field": "FOUNDED", "direction": "ASC" },
            }),
        )
        .await;
    assert_bad_input(&body, "after");
}

#[tokio::test]
async fn a_window_between_after_and_before_holds_exactly_the_companies_between_them() {
    let app = spawn_app().await;
    let page = companies(&app, json!({ "first": 100 })).await;
    let edges = page["edges"].as_array().unwrap();
    let window = companies(
        &app,
        json!({ "first": 100, "after": edges[2]["cursor"], "before": edges[7]["cursor"] }),
    )
    .await;
    let expected: Vec<Value> = edges[3..7].iter().map(|e| e["node"].clone()).collect();
    assert_eq!(window["nodes"].as_array().unwrap(), &expected);
}

#[tokio::test]
async fn alibaba_groups_subsidiaries_page_two_at_a_time() {
    let app = spawn_app().await;
    let query = r#"
        query($after: String) {
          company(slug: "alibaba-group") {
            subsidiaries(first: 2, after: $after) {
              totalCount
              nodes { slug }
              pageInfo { hasNextPage hasPreviousPage endCursor }
            }
          }
        }"#;
    let app = &app;
    let pages = walk_pages(Direction::Forwards, 50, |after| async move {
        app.data(query, json!({ "after": after })).await["company"]["subsidiaries"].clone()
    })
    .await;
    let mut walked = Vec::new();
    for (page_number, subs) in pages.iter().enumerate() {
        assert_eq!(subs["pageInfo"]["hasPreviousPage"], page_number > 0);
        assert!(subs["nodes"].as_array().unwrap().len() <= 2);
        walked.extend(slugs_of(&subs["nodes"]));
    }
    let data = app
        .data(
            r#"{ company(slug: "alibaba-group") { subsidiaries(first: 100) { totalCount nodes { slug } } } }"#,
            json!({}),
        )
        .await;
    let all = &data["company"]["subsidiaries"];
    assert!(pages.len() >= 2, "two at a time takes more than one page");
    assert_eq!(walked, slugs_of(&all["nodes"]));
    assert_eq!(json!(walked.len()), all["totalCount"]);
}

#[tokio::test]
async fn agreements_page_one_at_a_time_in_slug_order() {
    let app = spawn_app().await;
    let query = "
        query($after: String) {
          agreements(first: 1, after: $after) {
            totalCount
            nodes { slug }
            pageInfo { hasNextPage endCursor }
          }
        }";
    let app = &app;
    let pages = walk_pages(Direction::Forwards, 100, |after| async move {
        app.data(query, json!({ "after": after })).await["agreements"].clone()
    })
    .await;
    let walked: Vec<String> = pages
        .iter()
        .flat_map(|page| slugs_of(&page["nodes"]))
        .collect();
    let total = pages.last().unwrap()["totalCount"].as_u64().unwrap();
    let mut sorted = walked.clone();
    sorted.sort();
    assert_eq!(walked, sorted);
    assert_eq!(walked.len() as u64, total);
}

#[tokio::test]
async fn the_default_page_size_is_twenty() {
    let app = spawn_app().await;
    for list in ["companies", "people", "agreements"] {
        let query =
            format!("{{ {list} {{ totalCount edges {{ cursor }} pageInfo {{ hasNextPage }} }} }}");
        let data = app.data(&query, json!({})).await;
        let total = data[list]["totalCount"].as_u64().unwrap() as usize;
        assert_eq!(
            data[list]["edges"].as_array().unwrap().len(),
            total.min(20),
            "{list}"
        );
        assert_eq!(data[list]["pageInfo"]["hasNextPage"], total > 20, "{list}");
    }
}
