//! Hostile and malformed requests through the real server: each gets its 4xx or a GraphQL
//! error with a code within a stated bound, and none a 5xx, a panic, a hang or a change to
//! the data. A property test sends generated strings in every argument.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// How long any of these requests may take to be answered.
const BOUND: Duration = Duration::from_secs(5);

/// What the data looks like, to see that nothing changed it.
async fn fingerprint(app: &TestApp) -> Value {
    app.data(
        "{ companies { totalCount } people { totalCount } agreements { totalCount }
           changes { totalCount } }",
        json!({}),
    )
    .await
}

/// Sends a raw body to `/graphql` and checks the answer: below 500, JSON, and either data or
/// an error with a code, within [`BOUND`].
async fn sent_raw(app: &TestApp, body: Vec<u8>, what: &str) -> Value {
    let started = Instant::now();
    let response = tokio::time::timeout(
        BOUND,
        app.client
            .post(app.url("/graphql"))
            .header("content-type", "application/json")
            .body(body)
            .send(),
    )
    .await
    .unwrap_or_else(|_| panic!("{what}: no answer within {BOUND:?}"))
    .expect("sent");
    let status = response.status().as_u16();
    assert!(status < 500, "{what}: {status}");
    let body: Value = response
        .json()
        .await
        .unwrap_or_else(|e| panic!("{what}: not JSON ({e})"));
    if body.get("data").is_none_or(Value::is_null) {
        let code = body["errors"][0]["extensions"]["code"].as_str();
        assert!(code.is_some_and(|c| !c.is_empty()), "{what}: {body}");
    }
    assert!(started.elapsed() < BOUND, "{what}: {:?}", started.elapsed());
    body
}

async fn sent(app: &TestApp, query: &str, variables: Value, what: &str) -> Value {
    let body = json!({ "query": query, "variables": variables }).to_string();
    sent_raw(app, body.into_bytes(), what).await
}

/// Strings that have broken servers: SQL, control characters, bidi marks, emoji, very long.
fn hostile_strings() -> Vec<String> {
    vec![
        "'; DROP TABLE companies; --".into(),
        "\" OR 1=1 --".into(),
        "alibaba\0group".into(),
        "\u{202E}puorg-ababila".into(),
        "😀🇩🇪".into(),
        "%%%_\\".into(),
        "NEAR(x y) OR \"".into(),
        "a".repeat(100 * 1024),
        String::new(),
        " ".into(),
    ]
}

#[tokio::test]
async fn malformed_and_hostile_requests_get_codes_and_change_nothing() {
    let app = spawn_app().await;
    let before = fingerprint(&app).await;

    for (what, body) in [
        ("malformed JSON", b"{\"query\": ".to_vec()),
        ("invalid UTF-8", b"{\"query\": \"\xff\xfe\"}".to_vec()),
        (
            "a lone surrogate",
            b"{\"query\": \"{ company(slug: \\\"\\ud800\\\") { id } }\"}".to_vec(),
        ),
        ("a batch of one", b"[{\"query\": \"{ locales }\"}]".to_vec()),
        (
            "a batch of a thousand",
            format!("[{}]", vec!["{\"query\": \"{ locales }\"}"; 1000].join(",")).into_bytes(),
        ),
    ] {
        sent_raw(&app, body, what).await;
    }

    let deep = format!(
        "{{ {}name{} }}",
        "company(slug: \"alibaba-group\") { parent { ".repeat(50),
        " }".repeat(100)
    );
    for (what, query, variables) in [
        ("depth 100", deep.as_str(), json!({})),
        (
            "a fragment cycle",
            "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
            json!({}),
        ),
        (
            "an undefined variable",
            "{ company(slug: $nope) { id } }",
            json!({}),
        ),
        (
            "a variable of the wrong type",
            "query($f: Int) { companies(first: $f) { totalCount } }",
            json!({ "f": "many" }),
        ),
        (
            "a huge first",
            "{ companies(first: 2147483647) { totalCount } }",
            json!({}),
        ),
        (
            "a first beyond 32 bits",
            "{ companies(first: 99999999999) { totalCount } }",
            json!({}),
        ),
        (
            "a forged cursor",
            "{ companies(after: \"eyJvIjoieCIsImsiOiIiLCJpIjoxfQ\") { totalCount } }",
            json!({}),
        ),
        (
            "a forged id",
            "{ node(id: \"Q29tcGFueTphbGliYWJhLWdyb3VwJyBPUiAnMSc9JzE\") { id } }",
            json!({}),
        ),
        (
            "an unknown locale",
            "{ labels(locale: \"xx-YY\") { text } }",
            json!({}),
        ),
        (
            "a malformed locale",
            "{ labels(locale: \"???\") { text } }",
            json!({}),
        ),
    ] {
        sent(&app, query, variables, what).await;
    }

    let arguments = [
        "query($s: String!) { company(slug: $s) { id } }",
        "query($s: String!) { person(slug: $s) { id } }",
        "query($s: String!) { search(query: $s) { totalCount } }",
        "query($s: String!) { companies(filter: { name: $s }) { totalCount } }",
        "query($s: String!) { companies(after: $s) { totalCount } }",
        "query($s: ID!) { node(id: $s) { id } }",
        "query($s: String!) { labels(locale: $s) { text } }",
        "query($s: String!) { company(slug: \"alibaba-group\") { summary(locale: $s) } }",
    ];
    for query in arguments {
        for text in hostile_strings() {
            let what = format!("{query} with {:.40?}", text);
            sent(&app, query, json!({ "s": text }), &what).await;
        }
    }
    assert_eq!(fingerprint(&app).await, before, "a read changed the data");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any string in any string argument gets an answer below 500 within the bound, with
    /// data or an error code.
    #[test]
    fn any_string_in_any_argument_is_answered_cleanly(
        text in ".{0,200}",
        which in 0_usize..6,
    ) {
        let query = [
            "query($s: String!) { company(slug: $s) { id } }",
            "query($s: String!) { search(query: $s) { totalCount } }",
            "query($s: String!) { companies(filter: { name: $s }) { totalCount } }",
            "query($s: String!) { companies(after: $s) { totalCount } }",
            "query($s: ID!) { node(id: $s) { id } }",
            "query($s: String!) { labels(locale: $s) { text } }",
        ][which];
        let (runtime, app) = shared();
        runtime.block_on(sent(app, query, json!({ "s": text }), query));
    }
}

/// One runtime and one server for every case of the property test, so that the client's
/// pooled connections and the server live on the runtime every case runs on.
fn shared() -> (&'static tokio::runtime::Runtime, &'static TestApp) {
    static SHARED: std::sync::OnceLock<(tokio::runtime::Runtime, TestApp)> =
        std::sync::OnceLock::new();
    let (runtime, app) = SHARED.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let app = runtime.block_on(spawn_app());
        (runtime, app)
    });
    (runtime, app)
}

/// The private memory (RssAnon) of a process, in KiB.
#[cfg(target_os = "linux")]
fn rss_anon_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("RssAnon:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The holes of an attacker's first visit, sent again and again to the real binary: each is
/// refused or answered small, and the server's memory does not keep growing with them.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn hostile_requests_leave_no_lasting_memory_rise() {
    let dir = tempfile::tempdir().expect("a folder");
    let server = crate::helpers::ServerProcess::start(&dir.path().join("db.sqlite"), &[], &[]);
    let url = server.url("/graphql");
    let client = reqwest::Client::new();
    let mut doubling = "query { ...F30 }\nfragment F0 on Query { locales }\n".to_owned();
    for i in 1..=30 {
        doubling.push_str(&format!(
            "fragment F{i} on Query {{ ...F{p} ...F{p} }}\n",
            p = i - 1
        ));
    }
    let labels: String = (0..10)
        .map(|i| format!("l{i}: labels(vocabularies: $v) {{ value text }} "))
        .collect();
    let introspection: String = (0..250)
        .map(|i| {
            format!("a{i}: __schema {{ types {{ name fields {{ name type {{ name }} }} }} }} ")
        })
        .collect();
    let bodies = [
        json!({ "query": doubling }),
        json!({ "query": format!("query($v: [Vocabulary!]) {{ {labels} }}"),
                "variables": { "v": vec!["COUNTRY"; 60_000] } }),
        json!({ "query": format!("query($v: [Vocabulary!]) {{ {labels} }}"),
                "variables": { "v": vec!["COUNTRY"; 9_000] } }),
        json!({ "query": format!("{{ {introspection} }}") }),
        json!({ "query": dealgraph::graphql::cost::FULL_INTROSPECTION }),
        json!({ "query": "{ companies(first: 100) { nodes { agreements(first: 100) { nodes {
                 parties { company { agreements(first: 100) { nodes { slug } } } } } } } } }" }),
        json!({ "query": "{ companies(first: 100) { nodes { name summaries { text } } } }" }),
    ];
    let round = || async {
        let sends = bodies.iter().map(|body| {
            let (client, url) = (client.clone(), url.clone());
            async move {
                let response = client.post(&url).json(body).send().await.expect("sent");
                let status = response.status().as_u16();
                let text = response.text().await.expect("a body");
                assert!(status < 500, "{status}: {text}");
                assert!(text.len() < 1 << 20, "{} bytes answered", text.len());
            }
        });
        futures_util::future::join_all(sends).await;
    };
    // Warm up: the allocator's arenas and the caches reach their working size.
    for _ in 0..3 {
        round().await;
    }
    let before = rss_anon_kib(server.child.id());
    for _ in 0..20 {
        round().await;
    }
    let after = rss_anon_kib(server.child.id());
    println!("RssAnon before {before} KiB, after 20 more rounds {after} KiB");
    assert!(before > 0, "RssAnon is readable");
    assert!(
        after < before + 32 * 1024,
        "RssAnon grew from {before} KiB to {after} KiB"
    );
}
