//! Documents built to exhaust the server, sent to the real server: each is refused (or
//! answered small) at once, and the server keeps answering others meanwhile.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{spawn_app, spawn_app_tuned};

/// A document of thirty fragments, each spreading the one before twice: 1.2 KB that expands
/// to 2^30 fields.
fn doubling(n: usize) -> String {
    let mut text = format!("query {{ ...F{n} }}\nfragment F0 on Query {{ locales }}\n");
    for i in 1..=n {
        text.push_str(&format!(
            "fragment F{i} on Query {{ ...F{p} ...F{p} }}\n",
            p = i - 1
        ));
    }
    text
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

#[tokio::test]
async fn an_exponential_fragment_document_is_refused_at_once_and_health_stays_up() {
    let app = spawn_app().await;
    let document = doubling(30);
    let started = Instant::now();
    let requests = (0..3).map(|_| app.graphql(&document, json!({})));
    let (bodies, health) = tokio::join!(futures_util::future::join_all(requests), async {
        app.get("/healthz").await.status()
    });
    for body in bodies {
        assert_eq!(code(&body), "QUERY_TOO_LARGE", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["limit"], "expandedFields");
    }
    assert_eq!(health, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

/// A fragment cycle is the specification's validation error, worded and located as graphql-js
/// words and locates it, and refused before anything expands it, even behind a chain of
/// doubling fragments.
#[tokio::test]
async fn a_fragment_cycle_is_a_validation_error_located_at_its_spreads() {
    let app = spawn_app().await;
    let response = app
        .post_graphql(
            Some("application/json"),
            Some("application/graphql-response+json"),
            json!({ "query": "{ ...A }\nfragment A on Query { ...B }\nfragment B on Query { ...A }" })
                .to_string(),
        )
        .await;
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(
        body["errors"],
        json!([{
            "message": "Cannot spread fragment \"A\" within itself via \"B\".",
            "locations": [{ "line": 2, "column": 23 }, { "line": 3, "column": 23 }],
            "extensions": { "code": "GRAPHQL_VALIDATION_FAILED" }
        }]),
        "{body}"
    );
    assert!(body.get("data").is_none(), "{body}");

    let itself = app
        .graphql("{ ...A } fragment A on Query { locales ...A }", json!({}))
        .await;
    assert_eq!(code(&itself), "GRAPHQL_VALIDATION_FAILED", "{itself}");
    assert_eq!(
        itself["errors"][0]["message"],
        "Cannot spread fragment \"A\" within itself."
    );

    let behind = format!(
        "{}fragment Loop on Query {{ ...F30 ...Loop }}\n",
        doubling(30).replacen("...F30", "...Loop", 1)
    );
    let started = Instant::now();
    let body = app.graphql(&behind, json!({})).await;
    assert_eq!(code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn thousands_of_aliases_of_introspection_are_refused() {
    let app = spawn_app().await;
    let aliases: String = (0..2_800)
        .map(|i| {
            format!("a{i}: __schema {{ types {{ name fields {{ name type {{ name }} }} }} }} ")
        })
        .collect();
    let body = app.graphql(&format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(code(&body), "QUERY_TOO_LARGE", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "fields");
    // One introspection, as the playground and code generators send it, is answered.
    let one = app
        .graphql(
            "{ __schema { types { name fields { name type { name } } } } }",
            json!({}),
        )
        .await;
    assert!(one.get("errors").is_none(), "{one}");
}

#[tokio::test]
async fn a_vocabulary_list_of_repeats_is_capped_and_answers_each_label_once() {
    let app = spawn_app().await;
    let aliases: String = (0..10)
        .map(|i| format!("l{i}: labels(vocabularies: $v) {{ value }} "))
        .collect();
    let query = format!("query($v: [Vocabulary!]) {{ {aliases} }}");
    // Hole 2: 60,000 repeats in a variable are more values than a request may carry.
    let refused = app
        .graphql(&query, json!({ "v": vec!["COUNTRY"; 60_000] }))
        .await;
    assert_eq!(code(&refused), "QUERY_TOO_LARGE", "{refused}");
    assert_eq!(
        refused["errors"][0]["extensions"]["limit"],
        "variableValues"
    );
    assert_eq!(refused["errors"][0]["extensions"]["maximum"], 10_000);
    // Within the cap, each vocabulary is answered once however often it is named.
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": query, "variables": { "v": vec!["COUNTRY"; 900] } }))
        .send()
        .await
        .expect("sent");
    let text = response.text().await.expect("a body");
    assert!(text.len() < 200_000, "{} bytes answered", text.len());
    let body: Value = serde_json::from_str(&text).expect("JSON");
    let countries = body["data"]["l0"].as_array().map(Vec::len).unwrap_or(0);
    assert!(
        (1..=20).contains(&countries),
        "{countries} country labels for one vocabulary: {body}"
    );
}

#[tokio::test]
async fn lists_are_costed_by_their_page_and_a_costly_operation_is_refused_before_it_runs() {
    let app = spawn_app().await;
    // Three nested pages of 100: a million agreements' worth, refused by its cost.
    let query = "{ companies(first: 100) { nodes { agreements(first: 100) { nodes { \
                 parties { company { agreements(first: 100) { nodes { slug } } } } } } } } }";
    let started = Instant::now();
    let body = app.graphql(query, json!({})).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(code(&body), "QUERY_TOO_LARGE", "{body}");
    let error = &body["errors"][0]["extensions"];
    assert_eq!(error["limit"], "cost");
    assert_eq!(error["maximum"], 100_000);
    // 1 + 100 × (2 + 100 × (2 + 10 × (2 + 100 × 2))), the parties estimated at ten.
    assert_eq!(error["actual"], 20_220_201, "{error}");
    // The same shape with small pages (passed in a variable) is answered.
    let small = app
        .graphql(
            "query($n: Int) { companies(first: $n) { nodes { agreements(first: $n) { nodes { \
             parties { company { agreements(first: $n) { nodes { slug } } } } } } } } }",
            json!({ "n": 3 }),
        )
        .await;
    assert!(small.get("errors").is_none(), "{small}");
    // Hole 3 within the field limit: 250 aliases of an introspection of every type's fields.
    let aliases: String = (0..250)
        .map(|i| {
            format!("a{i}: __schema {{ types {{ name fields {{ name type {{ name }} }} }} }} ")
        })
        .collect();
    let body = app.graphql(&format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(code(&body), "QUERY_TOO_LARGE", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "cost");
}

#[tokio::test]
async fn a_full_introspection_is_answered_even_under_a_low_cost_limit() {
    let app = spawn_app_tuned(|args| args.max_cost = 50).await;
    let full = app
        .graphql(dealgraph::graphql::cost::FULL_INTROSPECTION, json!({}))
        .await;
    assert!(full.get("errors").is_none(), "{}", full["errors"]);
    assert!(
        full["data"]["__schema"]["types"]
            .as_array()
            .map_or(0, Vec::len)
            > 50
    );
    let cost = &full["extensions"]["cost"];
    assert!(
        cost["complexity"].as_u64() <= cost["complexityLimit"].as_u64(),
        "{cost}"
    );
    // Forty introspections of every type's fields and arguments are more than a client
    // needs, and cost more than the full one.
    let aliases: String = (0..40)
        .map(|i| {
            format!("a{i}: __schema {{ types {{ name fields {{ name args {{ name }} }} }} }} ")
        })
        .collect();
    let body = app.graphql(&format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(code(&body), "QUERY_TOO_LARGE", "{body}");
    // Anything else is held to the configured limit.
    let body = app
        .graphql("{ companies(first: 30) { nodes { name } } }", json!({}))
        .await;
    assert_eq!(body["errors"][0]["extensions"]["limit"], "cost", "{body}");
}

#[tokio::test]
async fn an_answer_that_grows_past_the_response_limit_is_cut_off_with_an_error() {
    let app = spawn_app_tuned(|args| args.max_response_bytes = 2_048).await;
    let big = app
        .graphql(
            "{ companies(first: 100) { nodes { name summary(locale: \"de\") } } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&big), "RESPONSE_TOO_LARGE", "{big}");
    assert_eq!(big["data"], Value::Null);
    assert_eq!(big["errors"].as_array().map(Vec::len), Some(1), "{big}");
    assert_eq!(big["errors"][0]["extensions"]["maximum"], 2_048);
    let small = app
        .graphql("{ companies(first: 2) { nodes { name } } }", json!({}))
        .await;
    assert!(small.get("errors").is_none(), "{small}");
}

#[tokio::test]
async fn too_many_directives_are_refused() {
    let app = spawn_app().await;
    let fields: String = (0..201)
        .map(|i| format!("l{i}: locales @include(if: true) "))
        .collect();
    let body = app.graphql(&format!("{{ {fields} }}"), json!({})).await;
    assert_eq!(code(&body), "QUERY_TOO_LARGE", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "directives");
    assert_eq!(body["errors"][0]["extensions"]["actual"], 201);
}

#[tokio::test]
async fn refusals_outside_graphql_are_graphql_error_bodies_with_a_code() {
    let app = spawn_app().await;
    let big = format!(
        "{{\"query\": \"{{ locales }}\", \"variables\": {{ \"x\": \"{}\" }}}}",
        "a".repeat(10 * 1024 * 1024)
    );
    let cases = [
        (
            app.client
                .post(app.url("/graphql"))
                .header("content-type", "application/json")
                .body(big),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        (
            app.client
                .post(app.url("/graphql"))
                .header("content-type", "application/json")
                .body("[{\"query\": \"{ locales }\"}]"),
            400,
            "BATCH_NOT_SUPPORTED",
        ),
        (
            app.client.put(app.url("/graphql")).body("{}"),
            405,
            "METHOD_NOT_ALLOWED",
        ),
        (app.client.get(app.url("/nowhere")), 404, "NOT_FOUND"),
        (
            app.client.get(app.url(&format!(
                "/graphql?query=%7B%20locales%20%7D&x={}",
                "a".repeat(20_000)
            ))),
            414,
            "URI_TOO_LONG",
        ),
        (
            (0..150).fold(
                app.client.get(app.url("/graphql?query=%7Blocales%7D")),
                |r, i| r.header(format!("x-many-{i}"), "1"),
            ),
            431,
            "REQUEST_HEADER_FIELDS_TOO_LARGE",
        ),
        (
            app.client
                .get(app.url("/graphql?query=%7Blocales%7D"))
                .header("x-large", "a".repeat(40_000)),
            431,
            "REQUEST_HEADER_FIELDS_TOO_LARGE",
        ),
    ];
    for (request, status, expected) in cases {
        let response = request.send().await.expect("sent");
        assert_eq!(response.status(), status, "{expected}");
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(content_type.contains("json"), "{expected}: {content_type}");
        let body: Value = response.json().await.expect("a JSON body");
        assert_eq!(code(&body), expected, "{body}");
    }
}

#[tokio::test]
async fn shutdown_does_not_wait_for_a_client_stalled_in_its_request_line() {
    use tokio::io::AsyncWriteExt;

    let app = crate::helpers::spawn_app_tuned(|args| args.shutdown_grace = 1).await;
    let mut stalled = Vec::new();
    for _ in 0..20 {
        let mut socket = tokio::net::TcpStream::connect(app.addr)
            .await
            .expect("connects");
        socket.write_all(b"GET /grap").await.expect("half a line");
        stalled.push(socket);
    }
    let started = Instant::now();
    app.stop().await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopping took {:?}",
        started.elapsed()
    );
    drop(stalled);
}

#[tokio::test]
async fn cross_origin_pages_may_call_only_when_their_origin_is_configured() {
    let preflight = |app: &crate::helpers::TestApp, origin: &str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/graphql"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type, authorization",
            )
            .send()
    };
    let app = spawn_app().await;
    let response = preflight(&app, "https://evil.example").await.expect("sent");
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "{:?}",
        response.headers()
    );

    let app = crate::helpers::spawn_app_tuned(|args| {
        args.cors_origins = vec!["https://desk.example".into()]
    })
    .await;
    let allowed = preflight(&app, "https://desk.example").await.expect("sent");
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://desk.example"
    );
    let headers = allowed.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(headers.contains("authorization"), "{headers}");
    let other = preflight(&app, "https://evil.example").await.expect("sent");
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn readiness_reports_the_database_and_the_search_index() {
    let app = spawn_app().await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let response = app.get("/readyz").await;
        let status = response.status();
        let retry = response.headers().get("retry-after").cloned();
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(body["database"], "ok", "{body}");
        if status == 200 {
            assert_eq!(
                body,
                json!({ "ready": true, "database": "ok", "searchIndex": "built" })
            );
            break;
        }
        assert_eq!(status, 503, "{body}");
        assert!(retry.is_some(), "a 503 says when to retry");
        assert!(Instant::now() < deadline, "never ready: {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn metrics_count_requests_errors_latency_and_statements() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(
            &json!({ "query": "query MetricsProbe { companies { totalCount } }",
            "operationName": "MetricsProbe" }),
        )
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    app.graphql("{ company(slug: 42) { name } }", json!({}))
        .await;
    let response = app.get("/metrics").await;
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = response.text().await.expect("a body");
    for expected in [
        "dealgraph_graphql_requests_total{name=\"MetricsProbe\",operation=\"query\",outcome=\"ok\"} ",
        "dealgraph_graphql_errors_total{code=\"BAD_USER_INPUT\"} ",
        "dealgraph_graphql_request_duration_seconds_bucket{le=\"+Inf\"} ",
        "dealgraph_sql_statements_total ",
        "# TYPE dealgraph_subscriptions_open gauge",
        "dealgraph_subscription_events_total ",
        "dealgraph_graphql_query_cost_count ",
        "dealgraph_db_pool_waits_total ",
        "dealgraph_db_pool_wait_seconds_total ",
        "dealgraph_db_reads_abandoned_total ",
        "dealgraph_http_rate_limited_total ",
        "dealgraph_response_cache_misses_total ",
        // The process collector's, as every Prometheus exporter gives them.
        "process_cpu_seconds_total ",
        "process_resident_memory_bytes ",
        "process_open_fds ",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
}

#[tokio::test]
async fn load_beyond_the_limit_is_shed_with_503_and_health_still_answers() {
    use tokio::io::AsyncWriteExt;

    let app = crate::helpers::spawn_app_tuned(|args| args.max_in_flight = 1).await;
    // One request in flight: its body announced, never sent in full.
    let mut slow = tokio::net::TcpStream::connect(app.addr)
        .await
        .expect("connects");
    slow.write_all(
        b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
          content-length: 100\r\n\r\n{\"query\":",
    )
    .await
    .expect("written");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ locales }" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "1");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(code(&body), "SERVICE_OVERLOADED", "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "queued, not shed"
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
    drop(slow);
    // Once the slow request is gone, requests are answered again.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let body = app.graphql("{ locales }", json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
}

#[tokio::test]
async fn a_client_stalled_in_its_headers_is_disconnected_after_the_header_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let app = crate::helpers::spawn_app_tuned(|args| args.header_timeout = 1).await;
    let mut stalled = tokio::net::TcpStream::connect(app.addr)
        .await
        .expect("connects");
    stalled
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n")
        .await
        .expect("written");
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stalled.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the connection stayed open");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "closed after {:?}",
        started.elapsed()
    );
    // Other clients are served meanwhile and after.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn every_answer_reports_its_cost_against_the_limits() {
    let app = spawn_app().await;
    let small = app.graphql("{ locales }", json!({})).await;
    let big = app
        .graphql(
            "{ companies(first: 50) { nodes { name agreements(first: 10) { nodes { slug } } } } }",
            json!({}),
        )
        .await;
    let cost = |body: &Value| {
        body["extensions"]["cost"]["complexity"]
            .as_u64()
            .unwrap_or(0)
    };
    assert!(
        cost(&big) > cost(&small),
        "{} vs {}",
        big["extensions"],
        small["extensions"]
    );
    // companies + 50 × (nodes + name + agreements + 10 × (nodes + slug)).
    assert_eq!(cost(&big), 1 + 50 * (3 + 10 * 2), "{}", big["extensions"]);
    assert_eq!(big["extensions"]["cost"]["complexityLimit"], 100_000);
    assert_eq!(big["extensions"]["cost"]["depthLimit"], 16);
    assert!(big["extensions"]["cost"]["depth"].as_u64().unwrap_or(0) >= 4);
}

#[tokio::test]
async fn a_client_over_its_rate_is_refused_with_429_and_others_are_not() {
    let app = spawn_app_tuned(|args| {
        args.rate_limit = 2;
        args.rate_limit_burst = 2;
        args.behind_proxy = true;
    })
    .await;
    let ask = |client: &'static str| {
        app.client
            .post(app.url("/graphql"))
            .header("x-forwarded-for", format!("198.51.100.1, {client}"))
            .json(&json!({ "query": "{ locales }" }))
            .send()
    };
    for _ in 0..2 {
        assert_eq!(ask("203.0.113.1").await.expect("sent").status(), 200);
    }
    let refused = ask("203.0.113.1").await.expect("sent");
    assert_eq!(refused.status(), 429);
    let retry = refused
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    assert_eq!(retry, Some(1));
    let body: Value = refused.json().await.expect("a JSON body");
    assert_eq!(code(&body), "RATE_LIMITED", "{body}");
    // Another client (the address the proxy appended differs) has its own allowance, and
    // health checks are never limited.
    assert_eq!(ask("203.0.113.2").await.expect("sent").status(), 200);
    assert_eq!(app.get("/healthz").await.status(), 200);
    // The allowance refills at the rate.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(ask("203.0.113.1").await.expect("sent").status(), 200);
}
