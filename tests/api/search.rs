//! Full-text search: German folding both ways, prefixes, ranking, queries that look like FTS5
//! syntax, pagination, the result union, and an index that follows changes to the data.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{Direction, TestApp, assert_bad_input, spawn_app, walk_pages};

const SEARCH: &str = "
    query Search($query: String!, $first: Int, $after: String) {
      search(query: $query, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges {
          cursor
          relevance
          node {
            __typename
            ... on Company { slug name }
            ... on Person { slug name }
            ... on Agreement { slug title(locale: \"en\") }
          }
        }
      }
    }";

/// The `(__typename, slug)` of every result of `query` (first 100), best first.
async fn hits(app: &TestApp, query: &str) -> Vec<(String, String)> {
    let data = app
        .data(SEARCH, json!({ "query": query, "first": 100 }))
        .await;
    typed_slugs(&data["search"]["edges"])
}

fn typed_slugs(edges: &Value) -> Vec<(String, String)> {
    edges
        .as_array()
        .unwrap_or_else(|| panic!("no edges: {edges}"))
        .iter()
        .map(|e| {
            let node = &e["node"];
            (
                node["__typename"].as_str().unwrap().to_owned(),
                node["slug"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A result as [`hits`] gives it.
fn hit(typename: &str, slug: &str) -> (String, String) {
    (typename.to_owned(), slug.to_owned())
}

fn found(hits: &[(String, String)], typename: &str, slug: &str) -> bool {
    hits.iter().any(|(t, s)| t == typename && s == slug)
}

/// Asserts that searching each of `queries` finds the `typename` with `slug`.
async fn assert_each_finds(app: &TestApp, queries: &[&str], typename: &str, slug: &str) {
    for query in queries {
        let hits = hits(app, query).await;
        assert!(
            found(&hits, typename, slug),
            "searching {query:?}: {hits:?}"
        );
    }
}

#[tokio::test]
async fn mueller_muller_and_müller_all_find_a_company_added_while_the_server_runs() {
    let app = spawn_app().await;
    assert!(hits(&app, "Mueller").await.is_empty());
    crate::helpers::write_behind(
        &app,
        "INSERT INTO companies (slug, name, sort_name, kind, country)
         VALUES ('mueller-strassen-medien', 'Müller Straßen Medien', 'mueller strassen medien',
                 'MEDIA_GROUP', 'DE')",
    )
    .await;
    for query in [
        "Mueller", "Müller", "Muller", "MÜLLER", "müll", "Strassen", "Straßen", "strass",
    ] {
        let hits = hits(&app, query).await;
        assert_eq!(
            hits.first(),
            Some(&hit("Company", "mueller-strassen-medien")),
            "searching {query:?}: {hits:?}"
        );
    }
}

#[tokio::test]
async fn gegruendet_gegründet_and_gegrundet_find_alibaba_group() {
    let app = spawn_app().await;
    let queries = ["gegruendet", "gegründet", "gegrundet", "GEGRÜNDET"];
    assert_each_finds(&app, &queries, "Company", "alibaba-group").await;
}

#[tokio::test]
async fn a_word_prefix_finds_every_alibaba_company() {
    let app = spawn_app().await;
    let hits = hits(&app, "Alib").await;
    for slug in [
        "alibaba-group",
        "alibaba-pictures",
        "alibaba-sports-group",
        "alibaba-com",
    ] {
        assert!(found(&hits, "Company", slug), "{slug} in {hits:?}");
    }
}

#[tokio::test]
async fn the_company_a_query_names_ranks_first() {
    let app = spawn_app().await;
    let hits = hits(&app, "Alibaba Pictures").await;
    assert_eq!(
        hits.first(),
        Some(&hit("Company", "alibaba-pictures")),
        "{hits:?}"
    );
}

#[tokio::test]
async fn a_persons_first_name_ranks_the_person_first() {
    let app = spawn_app().await;
    let hits = hits(&app, "Jack").await;
    assert_eq!(hits.first(), Some(&hit("Person", "jack-ma")), "{hits:?}");
    // Alibaba Group's summary names its founder, so it is found too, further down.
    assert!(found(&hits, "Company", "alibaba-group"), "{hits:?}");
}

#[tokio::test]
async fn partnership_in_either_language_finds_the_partnership() {
    let app = spawn_app().await;
    let queries = ["Partnerschaft", "partnership", "strategische Partnerschaft"];
    let partnership = "alibaba-pictures-tb-media-global-partnership";
    assert_each_finds(&app, &queries, "Agreement", partnership).await;
}

#[tokio::test]
async fn a_label_in_either_language_finds_the_company_of_that_kind() {
    let app = spawn_app().await;
    let queries = ["film studio", "Filmgesellschaft"];
    assert_each_finds(&app, &queries, "Company", "alibaba-pictures").await;
}

#[tokio::test]
async fn fts_syntax_in_a_query_is_searched_as_text() {
    let app = spawn_app().await;
    for query in [
        "Alibaba*",
        "(Alibaba",
        "NEAR(a b)",
        "Alibaba OR",
        "-Alibaba",
        "title:x",
        "^Ali",
        "AND",
        "Alibaba NOT Group",
        "\"Alibaba",
        "Ali\"baba",
        "{name}: *",
    ] {
        let body = app
            .graphql(SEARCH, json!({ "query": query, "first": 5 }))
            .await;
        assert!(
            body.get("errors").is_none(),
            "searching {query:?} failed: {body:#}"
        );
    }
    let hits = hits(&app, "\"Alibaba\"").await;
    assert!(found(&hits, "Company", "alibaba-group"), "{hits:?}");
    // Quotes are not a phrase operator: the words match wherever they are.
    assert_eq!(
        hits,
        self::hits(&app, "Alibaba").await,
        "quotes change the results"
    );
}

#[tokio::test]
async fn a_query_without_letters_or_digits_or_too_long_is_bad_input() {
    let app = spawn_app().await;
    let long = "a".repeat(201);
    for query in ["", "   ", "***", "\"", "-+^:()", long.as_str()] {
        let body = app.graphql(SEARCH, json!({ "query": query })).await;
        assert_bad_input(&body, "query");
    }
}

#[tokio::test]
async fn pages_of_two_follow_each_other_without_overlap_or_gap() {
    let app = spawn_app().await;
    let everything = app
        .data(SEARCH, json!({ "query": "Alibaba", "first": 100 }))
        .await;
    let all = typed_slugs(&everything["search"]["edges"]);
    assert!(all.len() > 6, "too few results to page through: {all:?}");
    assert_eq!(everything["search"]["totalCount"], json!(all.len()));
    let relevance: Vec<f64> = everything["search"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["relevance"].as_f64().unwrap())
        .collect();
    assert!(
        relevance.windows(2).all(|w| w[0] >= w[1]),
        "results are not in order of decreasing relevance: {relevance:?}"
    );

    let pages = walk_pages(Direction::Forwards, 100, |after| {
        let variables = json!({ "query": "Alibaba", "first": 2, "after": after });
        let app = &app;
        async move { app.data(SEARCH, variables).await["search"].clone() }
    })
    .await;
    let mut paged = Vec::new();
    for (page_number, search) in pages.iter().enumerate() {
        assert_eq!(search["totalCount"], json!(all.len()));
        assert_eq!(
            search["pageInfo"]["hasPreviousPage"],
            json!(page_number > 0)
        );
        let page = typed_slugs(&search["edges"]);
        assert!(page.len() <= 2);
        paged.extend(page);
    }
    assert_eq!(paged, all);
    assert_eq!(pages.len(), all.len().div_ceil(2));
}

#[tokio::test]
async fn a_cursor_from_another_search_or_a_malformed_one_is_bad_input() {
    let app = spawn_app().await;
    let data = app
        .data(SEARCH, json!({ "query": "Alibaba", "first": 1 }))
        .await;
    let cursor = data["search"]["pageInfo"]["endCursor"].clone();
    assert!(cursor.is_string());
    let body = app
        .graphql(
            SEARCH,
            json!({ "query": "Jack", "first": 1, "after": cursor }),
        )
        .await;
    assert_bad_input(&body, "after");
    // The same words, written differently, are the same search.
    app.data(
        SEARCH,
        json!({ "query": "\"alibaba\"*", "first": 1, "after": cursor }),
    )
    .await;
    let body = app
        .graphql(
            SEARCH,
            json!({ "query": "Alibaba", "after": "bm90IGEgY3Vyc29y" }),
        )
        .await;
    assert_bad_input(&body, "after");
}

#[tokio::test]
async fn a_page_larger_than_100_or_negative_is_bad_input() {
    let app = spawn_app().await;
    for first in [101, -1] {
        let body = app
            .graphql(SEARCH, json!({ "query": "Alibaba", "first": first }))
            .await;
        assert_bad_input(&body, "first");
    }
    let data = app
        .data(SEARCH, json!({ "query": "Alibaba", "first": 0 }))
        .await;
    assert_eq!(data["search"]["edges"], json!([]));
    assert_eq!(data["search"]["pageInfo"]["hasNextPage"], json!(true));
}

#[tokio::test]
async fn twenty_results_come_by_default() {
    let app = spawn_app().await;
    // Every seed document mentions a country, a kind or a date, so "a" prefixes many.
    let data = app.data(SEARCH, json!({ "query": "a" })).await;
    let total = data["search"]["totalCount"].as_u64().unwrap();
    let page = data["search"]["edges"].as_array().unwrap().len() as u64;
    assert_eq!(page, total.min(20), "a page of {page} out of {total}");
}

#[tokio::test]
async fn results_are_companies_people_and_agreements() {
    let app = spawn_app().await;
    let hits = hits(&app, "Alibaba").await;
    for typename in ["Company", "Person", "Agreement"] {
        assert!(
            hits.iter().any(|(t, _)| t == typename),
            "no {typename} in {hits:?}"
        );
    }
    let data = app
        .data(
            "{ search(query: \"Zhang Dazhong\", first: 1) {
                 nodes { ... on Person { name roles { title company { name } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["search"]["nodes"][0],
        json!({ "name": "Zhang Dazhong",
                "roles": [{ "title": "CEO", "company": { "name": "Alibaba Sports Group" } }] })
    );
    let data = app
        .data(
            "{ search(query: \"Wige Alibaba Sports Kooperation\", first: 1) {
                 nodes { __typename ... on Agreement { slug parties { company { slug } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["search"]["nodes"][0],
        json!({ "__typename": "Agreement",
                "slug": "wige-media-alibaba-sports-group-cooperation",
                "parties": [{ "company": { "slug": "wige-media" } },
                            { "company": { "slug": "alibaba-sports-group" } }] })
    );
}

#[tokio::test]
async fn renaming_a_company_updates_the_documents_that_name_it() {
    let app = spawn_app().await;
    assert!(hits(&app, "Holding").await.is_empty());
    crate::helpers::write_behind(
        &app,
        "UPDATE companies SET name = 'Alibaba Holding', sort_name = 'alibaba holding'
         WHERE slug = 'alibaba-group'",
    )
    .await;
    let hits = hits(&app, "Holding").await;
    assert_eq!(
        hits.first(),
        Some(&hit("Company", "alibaba-group")),
        "{hits:?}"
    );
    // A subsidiary's summary names its parent; a founder's names the company.
    assert!(found(&hits, "Company", "alibaba-pictures"), "{hits:?}");
    assert!(found(&hits, "Person", "jack-ma"), "{hits:?}");
}

#[tokio::test]
async fn a_deleted_entity_is_no_longer_found() {
    let app = spawn_app().await;
    crate::helpers::write_behind(
        &app,
        "INSERT INTO people (slug, name, sort_name) VALUES ('erika-muster', 'Erika Muster', 'erika muster')",
    ).await;
    assert_eq!(hits(&app, "Erika").await, [hit("Person", "erika-muster")]);
    crate::helpers::write_behind(&app, "DELETE FROM people WHERE slug = 'erika-muster'").await;
    assert!(hits(&app, "Erika").await.is_empty());
}

/// On a first start over a large generated database the index takes a while to build: every
/// search meanwhile is answered at once with `SEARCH_INDEX_BUILDING` and `Retry-After`, never
/// held until the build ends; `/readyz` reports the build's progress; then search answers.
#[tokio::test]
async fn searches_during_the_first_build_are_answered_at_once_with_retry_after() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("db.sqlite");
    {
        let (db, _) = dealgraph::db::Db::open_with(&path, 1, false).expect("migrated");
        let sizes = dealgraph::generate::Sizes {
            companies: 2_000,
            agreements: 15_000,
        };
        db.with_writer(move |conn| Ok(dealgraph::generate::populate_new(conn, sizes, 11)?))
            .await
            .expect("generated");
        db.checkpoint().await.expect("checkpointed");
    }
    let app = crate::helpers::start_app(dealgraph::config::ServeArgs::new(
        "127.0.0.1:0".parse().expect("an address"),
        path.clone(),
    ))
    .await;
    let (mut refused, mut progress_seen) = (0, false);
    let started = std::time::Instant::now();
    loop {
        let asked = std::time::Instant::now();
        let response = app
            .client
            .post(app.url("/graphql"))
            .json(&json!({ "query": "{ search(query: \"Medien\", first: 3) { totalCount } }" }))
            .send()
            .await
            .expect("sent");
        assert!(
            asked.elapsed() < Duration::from_secs(2),
            "a search waited {:?}",
            asked.elapsed()
        );
        let retry_after = response.headers().get("retry-after").cloned();
        let body: Value = response.json().await.expect("JSON");
        if body["errors"][0]["extensions"]["code"] == "SEARCH_INDEX_BUILDING" {
            assert_eq!(
                retry_after.as_ref().and_then(|v| v.to_str().ok()),
                Some("5")
            );
            assert_eq!(body["errors"][0]["extensions"]["retryAfter"], 5);
            refused += 1;
            let ready: Value = app.get("/readyz").await.json().await.expect("JSON");
            progress_seen |= ready["searchIndexProgress"]["total"].as_u64() > Some(15_000);
        } else {
            assert!(body.get("errors").is_none(), "{body}");
            assert!(
                body["data"]["search"]["totalCount"].as_u64() > Some(0),
                "{body}"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the build never ended"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        refused > 0,
        "the build ended before any search could see it"
    );
    assert!(progress_seen, "/readyz never reported the build's progress");
}

/// A common word over more documents than a search ranks: the count stops at the window and
/// says it is a lower bound, the pages walk the whole window in order of decreasing relevance
/// without overlap, and the window is the newest matches, so an entity created now is in it.
#[tokio::test]
async fn more_matches_than_the_window_are_counted_as_a_lower_bound_and_the_newest_ranked() {
    const WINDOW: u64 = 5_000;
    let app = crate::helpers::spawn_synthetic(dealgraph::generate::Sizes {
        companies: 2_000,
        agreements: 8_000,
    })
    .await;
    crate::helpers::write_behind(
        &app,
        "INSERT INTO companies (slug, name, sort_name, kind, country) \
         VALUES ('medien-neuzeit', 'Medien Neuzeit', 'medien neuzeit', 'MEDIA_GROUP', 'DE')",
    )
    .await;
    let count =
        "query($q: String!) { search(query: $q, first: 1) { totalCount totalCountIsExact } }";
    let broad = app.data(count, json!({ "q": "Medien" })).await;
    assert_eq!(broad["search"]["totalCount"], json!(WINDOW), "{broad}");
    assert_eq!(broad["search"]["totalCountIsExact"], json!(false));
    let narrow = app.data(count, json!({ "q": "Alibaba" })).await;
    assert_eq!(
        narrow["search"]["totalCountIsExact"],
        json!(true),
        "{narrow}"
    );

    let pages = walk_pages(Direction::Forwards, 100, |after| {
        let variables = json!({ "query": "Medien", "first": 100, "after": after });
        let app = &app;
        async move { app.data(SEARCH, variables).await["search"].clone() }
    })
    .await;
    let mut seen = std::collections::HashSet::new();
    let mut last = f64::INFINITY;
    for page in &pages {
        for edge in page["edges"].as_array().expect("edges") {
            let relevance = edge["relevance"].as_f64().expect("a relevance");
            assert!(
                relevance <= last,
                "relevance rose from {last} to {relevance}"
            );
            last = relevance;
            let node = &edge["node"];
            assert!(
                seen.insert((node["__typename"].to_string(), node["slug"].to_string())),
                "{node} came twice"
            );
        }
    }
    assert_eq!(seen.len() as u64, WINDOW);
    assert!(
        seen.contains(&("\"Company\"".to_owned(), "\"medien-neuzeit\"".to_owned())),
        "the newest company is not among the ranked"
    );
    assert_eq!(
        pages.last().expect("pages")["pageInfo"]["hasNextPage"],
        json!(false)
    );
}

/// Every `(__typename, slug)` the search for `query` returns, page by page (at most 60 pages of
/// 100), with whether its count is exact.
async fn every_hit(
    app: &TestApp,
    query: &str,
) -> (std::collections::BTreeSet<(String, String)>, bool) {
    let pages = walk_pages(Direction::Forwards, 60, |after| {
        let variables = json!({ "query": query, "first": 100, "after": after });
        async move {
            app.data(
                "query($query: String!, $first: Int, $after: String) {
                   search(query: $query, first: $first, after: $after) {
                     totalCountIsExact
                     pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                     edges { cursor node { __typename
                       ... on Company { slug } ... on Person { slug } ... on Agreement { slug } } } } }",
                variables,
            )
            .await["search"]
                .clone()
        }
    })
    .await;
    let exact = pages
        .first()
        .is_none_or(|page| page["totalCountIsExact"] == json!(true));
    let hits = pages
        .iter()
        .flat_map(|page| typed_slugs(&page["edges"]))
        .collect();
    (hits, exact)
}

/// What FTS5 itself finds for `expression` (prefixes as FTS5 expands them), read straight
/// from the database file: the newest `most` documents, as `(__typename, slug)`.
fn fts5_finds(
    app: &TestApp,
    expression: &str,
    most: usize,
) -> std::collections::BTreeSet<(String, String)> {
    let conn = rusqlite::Connection::open(&app.db_path).expect("opening the database");
    let mut statement = conn
        .prepare(
            "SELECT CASE s.rowid % 4 WHEN 1 THEN 'Company' WHEN 2 THEN 'Person' ELSE 'Agreement' END,
                    coalesce(c.slug, p.slug, a.slug)
             FROM (SELECT rowid FROM search_index WHERE search_index MATCH ?1
                   ORDER BY rowid DESC LIMIT ?2) AS s
             LEFT JOIN companies c ON s.rowid % 4 = 1 AND c.id = s.rowid / 4
             LEFT JOIN people p ON s.rowid % 4 = 2 AND p.id = s.rowid / 4
             LEFT JOIN agreements a ON s.rowid % 4 = 3 AND a.id = s.rowid / 4",
        )
        .expect("prepared");
    statement
        .query_map(rusqlite::params![expression, most as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("ran")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

/// Prefixes of two, three and four letters, several words, full names, prefixes that many
/// words begin and words that match nothing find exactly what FTS5's own prefix queries find
/// (the whole window, page by page), though the server writes each prefix as the words of the
/// index it begins; and a word that first appears while the server runs is found by its
/// prefix.
#[tokio::test]
async fn prefixes_and_several_words_find_what_fts5_prefixes_find() {
    let app = crate::helpers::spawn_synthetic_sqlite(dealgraph::generate::Sizes {
        companies: 300,
        agreements: 1_500,
    })
    .await;
    for (query, expression) in [
        ("Me", r#""me"*"#),
        ("Med", r#""med"*"#),
        ("Kana", r#""kana"*"#),
        ("Mü", r#""mue"*"#),
        ("1", r#""1"*"#),
        ("12", r#""12"*"#),
        ("Müller Bühne", r#""mueller"* "buehne"*"#),
        ("Pixel Ar", r#""pixel"* "ar"*"#),
        ("Kanal 1", r#""kanal"* "1"*"#),
        ("Alibaba Pictures", r#""alibaba"* "pictures"*"#),
        ("strat Partn", r#""strat"* "partn"*"#),
        ("zzqx", r#""zzqx"*"#),
        ("Medien zzqx", r#""medien"* "zzqx"*"#),
    ] {
        let expected = fts5_finds(&app, expression, 5_000);
        let (found, exact) = every_hit(&app, query).await;
        if exact {
            assert_eq!(found, expected, "{query:?}");
        } else {
            // More than a window of documents hold the words whole: the window is theirs.
            assert_eq!(found.len(), 5_000, "{query:?}");
            let all = fts5_finds(&app, expression, usize::MAX >> 2);
            assert!(found.is_subset(&all), "{query:?} found what FTS5 does not");
        }
    }

    assert!(every_hit(&app, "Zyxw").await.0.is_empty());
    crate::helpers::write_behind(
        &app,
        "INSERT INTO companies (slug, name, sort_name, kind, country) \
         VALUES ('zyxwvut-medien', 'Zyxwvut Medien', 'zyxwvut medien', 'MEDIA_GROUP', 'DE')",
    )
    .await;
    for query in ["Zy", "Zyxw", "zyxwvut med"] {
        let (found, _) = every_hit(&app, query).await;
        assert!(
            found.contains(&hit("Company", "zyxwvut-medien")),
            "{query:?}: {found:?}"
        );
    }
}

const SUGGEST: &str = "query($q: String!, $kinds: [EntityKind!], $first: Int) {
    suggest(query: $q, kinds: $kinds, first: $first) {
      kind text connections companyKind(locale: \"de\") { value display } country { value display }
      node { __typename ... on Company { slug } ... on Person { slug } ... on Agreement { slug } }
    } }";

/// The suggestions for `query` as `(kind, text, connections)`.
async fn suggested(app: &TestApp, query: &str, variables: Value) -> Vec<(String, String, i64)> {
    let mut variables = variables;
    variables["q"] = json!(query);
    let data = app.data(SUGGEST, variables).await;
    data["suggest"]
        .as_array()
        .unwrap_or_else(|| panic!("no suggestions: {data}"))
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap_or_default().to_owned(),
                s["text"].as_str().unwrap_or_default().to_owned(),
                s["connections"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

/// What a user types finds a name folded as search folds it, word by word, as the user types
/// it; a name that first appears, or changes, while the server runs is suggested at once.
#[tokio::test]
async fn suggestions_complete_names_as_typed_with_search_folding() {
    let app = spawn_app().await;
    crate::helpers::write_behind(
        &app,
        "INSERT INTO companies (slug, name, sort_name, kind, country) \
         VALUES ('mueller-buehne-1345', 'Müller Bühne 1345', 'mueller buehne 1345', 'MEDIA_GROUP', 'DE')",
    ).await;
    for typed in [
        "M",
        "mü",
        "Mue",
        "mul",
        "Müller",
        "MUELLER b",
        "Mueller Bü",
        "müller-bühne 13",
    ] {
        let found = suggested(&app, typed, json!({ "kinds": ["COMPANY"] })).await;
        assert!(
            found.iter().any(|(_, text, _)| text == "Müller Bühne 1345"),
            "{typed:?}: {found:?}"
        );
    }
    for typed in ["Bühne", "mueller x", "muellerb"] {
        let found = suggested(&app, typed, json!({})).await;
        assert!(
            !found.iter().any(|(_, text, _)| text == "Müller Bühne 1345"),
            "{typed:?} begins no word of the name as typed: {found:?}"
        );
    }
    // What a dropdown shows of a company: its kind and country, labelled.
    let body = app
        .data(SUGGEST, json!({ "q": "Müller Bü", "first": 1 }))
        .await;
    assert_eq!(
        body["suggest"][0],
        json!({ "kind": "COMPANY", "text": "Müller Bühne 1345", "connections": 0,
            "companyKind": { "value": "MEDIA_GROUP", "display": "Mediengruppe" },
            "country": { "value": "DE", "display": "Germany" },
            "node": { "__typename": "Company", "slug": "mueller-buehne-1345" } }),
        "{body}"
    );
    crate::helpers::write_behind(
        &app,
        "UPDATE companies SET name = 'Zander Bühne', sort_name = 'zander buehne' \
         WHERE slug = 'mueller-buehne-1345'",
    )
    .await;
    assert!(suggested(&app, "Müller Bü", json!({})).await.is_empty());
    assert_eq!(
        suggested(&app, "zand", json!({})).await,
        [("COMPANY".to_owned(), "Zander Bühne".to_owned(), 0)]
    );
}

/// `kinds` narrows the suggestions; people by name, agreements by their title in either
/// locale, shown in the request's; an empty box or one with no letter suggests nothing; one
/// letter suggests at most `first`.
#[tokio::test]
async fn suggestions_by_kind_and_for_an_empty_or_one_letter_box() {
    let app = spawn_app().await;
    let people = suggested(&app, "ja", json!({ "kinds": ["PERSON"] })).await;
    assert_eq!(people, [("PERSON".to_owned(), "Jack Ma".to_owned(), 1)]);
    let titles = |found: Vec<(String, String, i64)>| -> Vec<String> {
        assert!(
            found.iter().all(|(kind, ..)| kind == "AGREEMENT"),
            "{found:?}"
        );
        found.into_iter().map(|(_, text, _)| text).collect()
    };
    let german = titles(suggested(&app, "strategische", json!({ "kinds": ["AGREEMENT"] })).await);
    let english = titles(suggested(&app, "strategic", json!({ "kinds": ["AGREEMENT"] })).await);
    assert!(!german.is_empty(), "a German title finds the partnership");
    assert_eq!(
        german, english,
        "either locale's title finds the same agreements"
    );
    assert!(
        english.iter().all(|t| t.starts_with("Strategic")),
        "{english:?}"
    );

    for empty in ["", " ", "-–,", "\u{200b}"] {
        assert!(
            suggested(&app, empty, json!({})).await.is_empty(),
            "{empty:?}"
        );
    }
    let one = suggested(&app, "a", json!({ "first": 3 })).await;
    assert_eq!(one.len(), 3, "{one:?}");
    let all = suggested(&app, "a", json!({ "first": 50 })).await;
    assert!(all.len() > 3);
    assert_eq!(&all[..3], &one[..], "the first three of more");
    assert!(
        all.windows(2).all(|w| w[0].2 >= w[1].2),
        "the most connected first: {all:?}"
    );
}

/// Over a generated dataset, the first suggestions for a letter or two are the most connected
/// records whose names begin with them, counted independently in the database, whichever way
/// the server reads them.
#[tokio::test]
async fn suggestions_are_the_most_connected_names_beginning_with_the_input() {
    let app = crate::helpers::spawn_synthetic_sqlite(dealgraph::generate::Sizes {
        companies: 3_000,
        agreements: 6_000,
    })
    .await;
    let conn = rusqlite::Connection::open(&app.db_path).expect("opening the database");
    for typed in ["k", "ka", "kanal", "pixel ar", "nord n"] {
        let found = suggested(&app, typed, json!({ "kinds": ["COMPANY"], "first": 5 })).await;
        let pattern = format!("{typed}%");
        let most: Vec<i64> = conn
            .prepare(
                "SELECT (SELECT count(*) FROM parties p WHERE p.company_id = c.id) AS n
                 FROM companies c WHERE lower(c.name) LIKE ?1 ORDER BY n DESC LIMIT 5",
            )
            .expect("prepared")
            .query_map([&pattern], |r| r.get(0))
            .expect("ran")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        let connections: Vec<i64> = found.iter().map(|(.., n)| *n).collect();
        assert_eq!(connections, most, "{typed:?}: {found:?}");
        assert!(
            found
                .iter()
                .all(|(_, text, _)| text.to_lowercase().starts_with(typed)),
            "{typed:?}: {found:?}"
        );
    }
}

/// Bad input is refused naming the argument, and the cost counts what `first` asks for.
#[tokio::test]
async fn suggest_refuses_bad_input_and_is_costed_by_first() {
    let app = spawn_app().await;
    for (variables, argument) in [
        (json!({ "q": "a", "first": 0 }), "first"),
        (json!({ "q": "a", "first": 51 }), "first"),
        (json!({ "q": "a", "first": -1 }), "first"),
        (json!({ "q": "a", "kinds": [] }), "kinds"),
        (json!({ "q": "a".repeat(201) }), "query"),
    ] {
        let body = app.graphql(SUGGEST, variables.clone()).await;
        assert_bad_input(&body, argument);
    }
    // An unknown kind is named with its place in the list.
    let body = app
        .graphql(SUGGEST, json!({ "kinds": ["NOTHING"], "q": "a" }))
        .await;
    assert_bad_input(&body, "kinds.0");
    let cost = |first: Value| {
        let app = &app;
        async move {
            app.graphql(
                "query($first: Int) { suggest(query: \"a\", first: $first) { text } }",
                json!({ "first": first }),
            )
            .await["extensions"]["cost"]["complexity"]
                .as_u64()
                .unwrap_or_default()
        }
    };
    assert_eq!(cost(json!(40)).await, 41);
    assert_eq!(cost(Value::Null).await, 11, "ten by default");
}
