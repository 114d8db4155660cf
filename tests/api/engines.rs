//! The two storage engines answer alike: a server on PostgreSQL (a throwaway server of the test
//! run, [`crate::postgres`]) answers the seed's queries as the server on SQLite does, takes the
//! same writes with the same answers and refusals, keeps ids through a rename, and a database
//! moves from one engine to the other through `export` and `import` file for file. A
//! `--database` URL is never taken for a path.

use serde_json::{Value, json};

use crate::helpers::{TestApp, global_id, spawn_app, spawn_postgres, without_extensions};
use crate::transfer::{exported, imported};
use crate::writes::{as_token, new_token};

/// Queries over the seed whose answers do not depend on the engine.
const READS: &[&str] = &[
    "{ agreements(first: 10) { totalCount edges { cursor node { id slug kind status announced
        title(locale: \"de\") summary(locale: \"de\") en: summary(locale: \"en\")
        parties { role company { name kind country } } scopes markets
        quotes { text speaker { name } } sources { title url } version } } } }",
    "{ companies(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { node {
        id slug name kind country founded summary(locale: \"en\") de: summary(locale: \"de\")
        parent { slug } subsidiaries(first: 5) { edges { node { slug } } } competitors { slug }
        events { kind } marketPositions { kind } version } } } }",
    "{ people(first: 10) { edges { node { id slug name summary(locale: \"de\")
        roles { title company { slug } } } } } }",
    "{ companies(first: 3, orderBy: { field: NAME, direction: DESC }) { edges { node { name } }
        pageInfo { endCursor } } }",
    "{ changes(first: 5) { edges { node { sequence entity operation actor } } } }",
];

/// Runs `query` and returns the whole answer without its extensions (statement counts and
/// timings differ between runs).
async fn answer(app: &TestApp, query: &str) -> Value {
    without_extensions(app.graphql(query, json!({})).await)
}

/// Searches over the seed: whole words, prefixes, umlauts spelled out or bare, several words,
/// nothing found.
const SEARCHES: &[&str] = &[
    "alibaba",
    "alibaba spo",
    "partnerschaft",
    "thail",
    "tourismusbehoerde",
    "wige media",
    "jack",
    "kooperation china",
    "nothing like this",
];

/// The entities a search finds, as `Type:slug`, sorted: the result set, whose order the
/// engines rank differently.
async fn found(app: &TestApp, query: &str) -> (Vec<String>, Value) {
    let data = app
        .data(
            "query($q: String!) { search(query: $q, first: 50) { totalCount totalCountIsExact
                edges { node { __typename ... on Company { slug } ... on Person { slug }
                ... on Agreement { slug } } } } }",
            json!({ "q": query }),
        )
        .await;
    let search = &data["search"];
    let mut found: Vec<String> = search["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| format!("{}:{}", e["node"]["__typename"], e["node"]["slug"]))
        .collect();
    found.sort();
    let counts = json!([search["totalCount"], search["totalCountIsExact"]]);
    (found, counts)
}

#[tokio::test]
async fn searches_and_suggestions_find_the_same_on_both_engines() {
    let (sqlite, postgres) = (spawn_app().await, spawn_postgres().await);
    postgres.wait_until_ready().await;
    let mut found_any = 0;
    for query in SEARCHES {
        let expected = found(&sqlite, query).await;
        found_any += usize::from(!expected.0.is_empty());
        assert_eq!(found(&postgres, query).await, expected, "{query}");
    }
    assert!(found_any >= 6, "the searches find something");
    for typed in ["wi", "ali", "tou", "ja", "zz"] {
        let query = "query($q: String!) { suggest(query: $q) { text kind } }";
        let variables = json!({ "q": typed });
        assert_eq!(
            postgres.data(query, variables.clone()).await,
            sqlite.data(query, variables).await,
            "{typed}"
        );
    }
}

#[tokio::test]
async fn the_seed_reads_alike_on_both_engines() {
    let (sqlite, postgres) = (spawn_app().await, spawn_postgres().await);
    for query in READS {
        let expected = answer(&sqlite, query).await;
        assert!(expected.get("errors").is_none(), "{query}: {expected}");
        assert_eq!(answer(&postgres, query).await, expected, "{query}");
    }
}

/// The mutations of one editing session: create, rename, look up by the old slug, conflict on
/// a taken slug, refer to a record that does not exist.
async fn edit(app: &TestApp) -> Vec<Value> {
    let token = new_token(app, "desk");
    let steps = [
        (
            "mutation { createCompany(input: { slug: \"new-studio\", name: \"New Studio\",
                kind: FILM_STUDIO, country: \"DE\" }) { company { id slug name version } } }",
            json!({}),
        ),
        (
            "mutation($id: ID!) { updateCompany(input: { id: $id, slug: \"renamed-studio\" }) {
                company { id slug version } } }",
            json!({ "id": global_id("Company", "new-studio") }),
        ),
        ("{ company(slug: \"new-studio\") { id slug } }", json!({})),
        (
            "mutation { createCompany(input: { slug: \"wige-media\", name: \"Another\",
                kind: MEDIA_GROUP }) { company { id } } }",
            json!({}),
        ),
        (
            "mutation { createCompany(input: { slug: \"orphan\", name: \"Orphan\",
                kind: MEDIA_GROUP, sources: [\"U291cmNlOm5vd2hlcmU\"] }) { company { id } } }",
            json!({}),
        ),
        (
            "{ changes(last: 3) { edges { node { sequence entity operation actor } } } }",
            json!({}),
        ),
    ];
    let mut answers = Vec::new();
    for (query, variables) in steps {
        let body = as_token(app, Some(&token), query, variables).await;
        answers.push(without_extensions(body));
    }
    answers
}

#[tokio::test]
async fn writes_are_answered_and_refused_alike_on_both_engines() {
    let (sqlite, postgres) = (spawn_app().await, spawn_postgres().await);
    let expected = edit(&sqlite).await;
    assert!(
        expected[0].get("errors").is_none() && expected[1].get("errors").is_none(),
        "{expected:?}"
    );
    assert_eq!(
        expected[2]["data"]["company"]["slug"], "renamed-studio",
        "the old slug finds the renamed company"
    );
    assert_eq!(expected[3]["errors"][0]["extensions"]["code"], "CONFLICT");
    assert_eq!(
        expected[4]["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
    let got = edit(&postgres).await;
    for (step, (got, expected)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(got, expected, "step {step}");
    }
}

#[tokio::test]
async fn an_export_moves_a_database_between_engines_file_for_file() {
    let sqlite = spawn_app().await;
    let dir = tempfile::tempdir().expect("a folder");
    let (from_sqlite, from_postgres) = (dir.path().join("sqlite"), dir.path().join("postgres"));
    let expected = exported(&sqlite.database, &from_sqlite);
    let postgres = tokio::task::spawn_blocking(|| crate::postgres::server().new_database())
        .await
        .expect("a PostgreSQL database")
        .shown();
    imported(&postgres, &from_sqlite);
    let got = exported(&postgres, &from_postgres);
    assert!(expected.len() >= 4, "{expected:?}");
    assert_eq!(got, expected);
}

#[test]
fn a_url_is_never_taken_for_a_path() {
    let dir = tempfile::tempdir().expect("a folder");
    let run = |database: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dealgraph"))
            .args(["token", "list", "--database", database])
            .current_dir(dir.path())
            .output()
            .expect("the command runs")
    };
    let refused = run("mysql://localhost/dealgraph");
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("unknown database scheme"), "{message}");
    // No server listens on port 1: the URL is tried as a server and fails as one.
    let unreachable = run("postgres://nobody@127.0.0.1:1/nothing?connect_timeout=2");
    assert!(!unreachable.status.success());
    let message = String::from_utf8_lossy(&unreachable.stderr);
    assert!(message.contains("127.0.0.1:1"), "{message}");
    assert_eq!(
        std::fs::read_dir(dir.path())
            .expect("the folder reads")
            .count(),
        0,
        "nothing was created in the working folder"
    );
}

#[tokio::test]
async fn a_lost_database_connection_is_answered_503_and_the_server_reconnects() {
    // Without the response cache, whose data version is read first (a failure to read it only
    // skips the cache) and would take the first broken connection.
    let app = crate::helpers::spawn_postgres_tuned(|args| args.response_cache_bytes = 0).await;
    let query = "{ companies(first: 2) { edges { node { slug } } } }";
    assert!(app.graphql(query, json!({})).await.get("errors").is_none());
    // The database server ends every connection of the server, as a restart or a failover
    // does.
    let database = app.database.clone();
    let ended: i64 = tokio::task::spawn_blocking(move || {
        let name = database
            .rsplit('/')
            .next()
            .expect("a database name")
            .to_owned();
        let mut admin = postgres::Client::connect(&database, postgres::NoTls).expect("connects");
        admin
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&name],
            )
            .expect("the connections are ended")
            .get(0)
    })
    .await
    .expect("joined");
    assert!(ended > 0, "the server held connections");
    let (mut refused, mut answered) = (0, false);
    for _ in 0..20 {
        let response = app
            .client
            .post(app.url("/graphql"))
            .json(&json!({ "query": query }))
            .send()
            .await
            .expect("an answer, never a dropped connection");
        let status = response.status().as_u16();
        let retry_after = response.headers().get("retry-after").cloned();
        let body: Value = response.json().await.expect("JSON");
        match status {
            200 if body.get("errors").is_none() => {
                answered = true;
                break;
            }
            503 => {
                assert_eq!(
                    body["errors"][0]["extensions"]["code"], "DATABASE_UNAVAILABLE",
                    "{body}"
                );
                assert!(retry_after.is_some(), "503 says when to retry");
                refused += 1;
            }
            other => panic!("{other}: {body}"),
        }
    }
    assert!(
        refused > 0,
        "a request on a broken connection is refused as unavailable"
    );
    assert!(answered, "the server reconnected by itself");
}

#[tokio::test]
async fn a_generated_dataset_moves_between_engines_file_for_file() {
    // Generated into PostgreSQL by the real command, moved into a new SQLite file and back
    // into a new PostgreSQL database: every export is the same.
    let server = tokio::task::spawn_blocking(|| {
        let server = crate::postgres::server();
        (server.new_database().shown(), server.new_database().shown())
    })
    .await
    .expect("two PostgreSQL databases");
    let (generated, again) = server;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dealgraph"))
        .args([
            "generate",
            "--companies",
            "120",
            "--agreements",
            "400",
            "--seed",
            "3",
        ])
        .args(["--database", &generated])
        .output()
        .expect("the command runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dir = tempfile::tempdir().expect("a folder");
    let expected = exported(&generated, &dir.path().join("postgres"));
    assert!(
        expected.iter().map(|(_, text)| text.len()).sum::<usize>() > 100_000,
        "the generated records are exported"
    );
    let sqlite = dir.path().join("moved.sqlite");
    imported(&sqlite, &dir.path().join("postgres"));
    assert_eq!(exported(&sqlite, &dir.path().join("sqlite")), expected);
    imported(&again, &dir.path().join("sqlite"));
    assert_eq!(exported(&again, &dir.path().join("back")), expected);
}

/// Reads the changes after `cursor` (all of them, a page at a time) through `app`: their
/// sequences and the cursor of the last.
async fn changes_after(app: &TestApp, mut cursor: Option<String>) -> (Vec<i64>, Option<String>) {
    let mut sequences = Vec::new();
    loop {
        let data = app
            .data(
                "query($after: String) { changes(first: 100, after: $after) {
                    edges { cursor node { sequence } } } }",
                json!({ "after": cursor }),
            )
            .await;
        let edges = data["changes"]["edges"].as_array().expect("edges").clone();
        if edges.is_empty() {
            return (sequences, cursor);
        }
        for edge in &edges {
            sequences.push(edge["node"]["sequence"].as_i64().expect("a sequence"));
            cursor = edge["cursor"].as_str().map(str::to_owned);
        }
    }
}

#[tokio::test]
async fn writes_through_two_servers_are_sequenced_in_commit_order() {
    // Two servers on one PostgreSQL database, as two processes would be: each with its own
    // connections. While both take writes, a reader that follows the history "after the last
    // change it saw" must see every change once: a change numbered before one already seen but
    // committed after it would be skipped.
    let first = crate::helpers::spawn_postgres_tuned(|args| args.response_cache_bytes = 0).await;
    let mut args = dealgraph::config::ServeArgs::new(
        "127.0.0.1:0".parse().expect("an address"),
        first
            .database
            .parse::<dealgraph::db::Location>()
            .expect("a URL"),
    );
    args.response_cache_bytes = 0;
    let second = crate::helpers::start_app(args).await;
    second.wait_until_ready().await;
    let token = new_token(&first, "desk");
    let (_, start) = changes_after(&first, None).await;

    const EACH: usize = 25;
    let write = |app: &TestApp, prefix: &'static str| {
        let (app_url, client, token) = (app.url("/graphql"), app.client.clone(), token.clone());
        async move {
            for i in 0..EACH {
                let body: Value = client
                    .post(&app_url)
                    .bearer_auth(&token)
                    .json(&json!({
                        "query": "mutation($name: String!) { createCompany(input: {
                            name: $name, kind: MEDIA_GROUP }) { company { slug } } }",
                        "variables": { "name": format!("{prefix} {i}") },
                    }))
                    .send()
                    .await
                    .expect("an answer")
                    .json()
                    .await
                    .expect("JSON");
                assert!(body.get("errors").is_none(), "{body}");
            }
        }
    };
    let writers = futures_util::future::join(write(&first, "Erste"), write(&second, "Zweite"));
    let follow = async {
        let (mut seen, mut cursor) = (Vec::new(), start.clone());
        for _ in 0..200 {
            let (more, next) = changes_after(&second, cursor.clone()).await;
            seen.extend(more);
            cursor = next;
            if seen.len() >= 2 * EACH {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        seen
    };
    let (_, mut seen) = futures_util::future::join(writers, follow).await;
    let (all, _) = changes_after(&second, None).await;
    let new: Vec<i64> = all[all.len() - 2 * EACH..].to_vec();
    seen.sort_unstable();
    assert_eq!(seen, new, "the follower saw every change once");
    assert!(
        new.windows(2).all(|w| w[1] == w[0] + 1),
        "sequences without gaps or repeats: {new:?}"
    );
}
