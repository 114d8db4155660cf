//! The API benchmark: `cargo bench --bench api`.
//!
//! Builds a database with the seed data plus a generated dataset, starts the real `dealgraph`
//! binary on it as a separate process (so its memory is its own), and measures a handful of
//! GraphQL queries over HTTP: latency at one connection (p50/p90/p99 of sequential requests)
//! and throughput at 32 concurrent connections for a fixed time. Every response is checked
//! (200, no `errors`); the SQL statements a request costs come from `extensions.sqlStatements`
//! (`--expose-statement-counts`), measured at two page sizes so an N+1 shows. A program that
//! prints figures, not a test: nothing here asserts a timing.
//!
//! Environment: `DEALGRAPH_BENCH_COMPANIES` (default 10,000), `DEALGRAPH_BENCH_AGREEMENTS`
//! (100,000), `DEALGRAPH_BENCH_SECONDS` (5, per throughput run), `DEALGRAPH_BENCH_REQUESTS`
//! (300, per latency run), `DEALGRAPH_BENCH_STARTUP_SECONDS` (60, how long the server may take
//! to become healthy).

// Shared with the integration tests, which use parts of it this benchmark does not.
#[allow(dead_code)]
#[path = "../tests/support/synthetic.rs"]
mod synthetic;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};

use synthetic::Sizes;

/// Concurrent connections of the throughput runs.
const CONNECTIONS: usize = 32;
/// Requests before a latency run starts timing.
const WARM_UP: usize = 20;
/// The page size of the list scenarios, and the smaller one compared with it.
const PAGE: u32 = 100;
const SMALL_PAGE: u32 = 10;
/// How many pages in the deep-page scenario starts.
const DEEP_PAGES: usize = 50;
/// Failure messages kept per scenario.
const KEPT_FAILURES: usize = 5;
/// The generated dataset's seed.
const SEED: u64 = 42;

fn main() {
    let companies = env_usize("DEALGRAPH_BENCH_COMPANIES", 10_000);
    let agreements = env_usize("DEALGRAPH_BENCH_AGREEMENTS", 100_000);
    let seconds = env_usize("DEALGRAPH_BENCH_SECONDS", 5).max(1);
    let requests = env_usize("DEALGRAPH_BENCH_REQUESTS", 300).max(1);
    // The first start over a database filled offline builds the search index, which takes
    // longer the larger the dataset.
    let startup = env_usize("DEALGRAPH_BENCH_STARTUP_SECONDS", 60).max(1);
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());

    println!("dealgraph API benchmark");
    println!("  CPUs (available_parallelism): {cpus}");
    println!("  load average at start: {}", load_average());
    println!(
        "  latency: {requests} sequential requests after {WARM_UP} warm-up, 1 connection; \
         throughput: {CONNECTIONS} connections for {seconds} s"
    );

    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("bench.sqlite");
    build_database(&path, companies, agreements);

    let port = free_port();
    let started = Instant::now();
    let mut server = ServerGuard::start(&path, port);
    let base = format!("http://127.0.0.1:{port}");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        wait_until_healthy(&base, &mut server, Duration::from_secs(startup as u64)).await;
        println!(
            "server: pid {}, healthy after {:.2} s, listening on {base}",
            server.pid(),
            started.elapsed().as_secs_f64()
        );
        let idle = memory(server.pid());
        println!("memory at idle: {}", idle.line());

        let url = format!("{base}/graphql");
        let scenarios = scenarios(&url).await;
        let mut results = Vec::with_capacity(scenarios.len());
        for scenario in &scenarios {
            results.push(run_scenario(&url, scenario, requests, seconds, server.pid()).await);
        }

        let loaded = memory(server.pid());
        println!();
        println!("memory after the load: {}", loaded.line());
        print_table(&results, cpus, companies, agreements, &loaded);
    });
    drop(server);
}

// ---------------------------------------------------------------------------------------------
// Set-up

fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(text) => text
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {text:?}")),
        Err(_) => default,
    }
}

/// Creates, migrates and seeds the database, then adds the generated dataset.
fn build_database(path: &Path, companies: usize, agreements: usize) {
    let started = Instant::now();
    let (db, _) = dealgraph::db::Db::open(path, 1).expect("the database opens");
    drop(db);
    let mut conn = rusqlite::Connection::open(path).expect("the database reopens");
    synthetic::populate(
        &mut conn,
        Sizes {
            companies,
            agreements,
        },
        SEED,
    )
    .expect("the generated dataset loads");
    // Closing the last connection checkpoints the WAL into the file.
    drop(conn);
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    println!(
        "database: {companies} generated companies, {agreements} generated agreements \
         (plus the seed), built in {:.2} s, {:.1} MiB",
        started.elapsed().as_secs_f64(),
        size as f64 / (1024.0 * 1024.0)
    );
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// The server process; killed when dropped, panics included.
struct ServerGuard {
    child: Child,
}

impl ServerGuard {
    fn start(path: &Path, port: u16) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_dealgraph"))
            .arg("serve")
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--database")
            .arg(path)
            .arg("--expose-statement-counts")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .spawn()
            .expect("the dealgraph binary starts");
        Self { child }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn has_exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn wait_until_healthy(base: &str, server: &mut ServerGuard, timeout: Duration) {
    let client = new_client();
    let url = format!("{base}/healthz");
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(response) = client.get(&url).send().await
            && response.status().is_success()
        {
            return;
        }
        if let Some(status) = server.has_exited() {
            panic!("the server exited before it was healthy: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "the server was not healthy within {timeout:?} (DEALGRAPH_BENCH_STARTUP_SECONDS)"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ---------------------------------------------------------------------------------------------
// Memory

#[derive(Default)]
struct Memory {
    fields: Vec<(&'static str, String)>,
}

impl Memory {
    fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("?", |(_, v)| v.as_str())
    }

    fn line(&self) -> String {
        self.fields
            .iter()
            .map(|(n, v)| format!("{n} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The lines of /proc/PID/status that say how much memory the server holds.
fn memory(pid: u32) -> Memory {
    const WANTED: [&str; 6] = [
        "VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem", "Threads",
    ];
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return Memory::default();
    };
    let mut fields = Vec::new();
    for name in WANTED {
        if let Some(value) = status.lines().find_map(|line| {
            line.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(':'))
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        }) {
            fields.push((name, value));
        }
    }
    Memory { fields }
}

// ---------------------------------------------------------------------------------------------
// Requests

fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("an HTTP client")
}

/// Only what a check needs; serde skips `data` without building it.
#[derive(Deserialize)]
struct Checked {
    #[serde(default)]
    errors: Vec<Value>,
}

/// Sends one request and checks its answer: 200 and no `errors`.
async fn send(client: &reqwest::Client, url: &str, body: &str) -> Result<(), String> {
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| format!("request failed: {e}"))?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("reading the body failed: {e}"))?;
    if status != reqwest::StatusCode::OK {
        return Err(format!("HTTP {status}: {}", abbreviate(&bytes)));
    }
    let checked: Checked = serde_json::from_slice(&bytes)
        .map_err(|e| format!("unparsable body ({e}): {}", abbreviate(&bytes)))?;
    if checked.errors.is_empty() {
        Ok(())
    } else {
        Err(format!("errors: {}", Value::from(checked.errors)))
    }
}

/// Sends one request and returns the whole answer, for looking inside it.
async fn fetch(client: &reqwest::Client, url: &str, body: &str) -> Result<(Value, usize), String> {
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| format!("request failed: {e}"))?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("reading the body failed: {e}"))?;
    if status != reqwest::StatusCode::OK {
        return Err(format!("HTTP {status}: {}", abbreviate(&bytes)));
    }
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("unparsable body ({e}): {}", abbreviate(&bytes)))?;
    match value.get("errors") {
        Some(errors) if errors.as_array().is_some_and(|e| !e.is_empty()) => {
            Err(format!("errors: {errors}"))
        }
        _ => Ok((value, bytes.len())),
    }
}

fn abbreviate(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if text.chars().count() > 300 {
        format!("{}…", text.chars().take(300).collect::<String>())
    } else {
        text.into_owned()
    }
}

fn body(query: &str, variables: Value) -> String {
    json!({ "query": query, "variables": variables }).to_string()
}

// ---------------------------------------------------------------------------------------------
// Scenarios

struct Scenario {
    name: &'static str,
    /// The request body at the scenario's page size.
    body: String,
    /// The same request at a smaller page size, for lists: the statement count must not change.
    small_body: Option<String>,
}

const COMPANY_BY_SLUG: &str =
    r#"{ company(slug: "alibaba-group") { id name kind country founded } }"#;

fn agreements_with_parties(first: u32) -> String {
    format!(
        "{{ agreements(first: {first}) {{ nodes {{ slug kind status \
         parties {{ role company {{ name country }} }} }} }} }}"
    )
}

fn agreements_with_summaries(first: u32) -> String {
    format!(
        "{{ agreements(first: {first}) {{ nodes {{ slug scopes parties {{ company {{ name }} }} \
         summary(locale: \"de\") }} }} }}"
    )
}

fn companies_with_summaries(first: u32) -> String {
    format!("{{ companies(first: {first}) {{ nodes {{ name summary(locale: \"en\") }} }} }}")
}

fn deep_page(first: u32, after: &str) -> String {
    body(
        &format!(
            "query($after: String) {{ agreements(first: {first}, after: $after) {{ nodes {{ \
             slug kind status parties {{ role company {{ name country }} }} }} }} }}"
        ),
        json!({ "after": after }),
    )
}

fn search(first: u32) -> String {
    format!(
        "{{ search(query: \"Medien\", first: {first}) {{ totalCount nodes {{ __typename }} }} }}"
    )
}

fn plain(query: String) -> String {
    body(&query, Value::Null)
}

/// The scenarios; finds the deep page's cursor and whether the schema has `search` first.
async fn scenarios(url: &str) -> Vec<Scenario> {
    let client = new_client();
    let mut scenarios = vec![
        Scenario {
            name: "company by slug",
            body: plain(COMPANY_BY_SLUG.to_owned()),
            small_body: None,
        },
        Scenario {
            name: "100 agreements, parties + companies",
            body: plain(agreements_with_parties(PAGE)),
            small_body: Some(plain(agreements_with_parties(SMALL_PAGE))),
        },
        Scenario {
            name: "100 agreements, parties + scopes + German summaries",
            body: plain(agreements_with_summaries(PAGE)),
            small_body: Some(plain(agreements_with_summaries(SMALL_PAGE))),
        },
        Scenario {
            name: "20 companies with summaries",
            body: plain(companies_with_summaries(20)),
            small_body: Some(plain(companies_with_summaries(2))),
        },
    ];

    // The cursor ~50 pages in, by walking the pages as a client would.
    let walk = "query($after: String) { agreements(first: 100, after: $after) { \
                pageInfo { hasNextPage endCursor } } }";
    let started = Instant::now();
    let mut after: Option<String> = None;
    let mut pages = 0;
    while pages < DEEP_PAGES {
        let (value, _) = fetch(&client, url, &body(walk, json!({ "after": after })))
            .await
            .unwrap_or_else(|e| panic!("walking the agreement pages failed: {e}"));
        let info = &value["data"]["agreements"]["pageInfo"];
        pages += 1;
        if info["hasNextPage"] != Value::Bool(true) {
            break;
        }
        after = info["endCursor"].as_str().map(str::to_owned);
    }
    match after {
        Some(cursor) => {
            println!(
                "deep page: walked {pages} pages of 100 in {:.2} s; measuring page {}",
                started.elapsed().as_secs_f64(),
                pages + 1
            );
            scenarios.push(Scenario {
                name: "deep page (100 agreements, ~50 pages in)",
                body: deep_page(PAGE, &cursor),
                small_body: Some(deep_page(SMALL_PAGE, &cursor)),
            });
        }
        None => println!("!!! deep page: skipped, the agreements fit on one page"),
    }

    let (types, _) = fetch(
        &client,
        url,
        &plain(r#"{ __type(name: "Query") { fields { name } } }"#.to_owned()),
    )
    .await
    .unwrap_or_else(|e| panic!("introspection failed: {e}"));
    let has_search = types["data"]["__type"]["fields"]
        .as_array()
        .is_some_and(|fields| fields.iter().any(|f| f["name"] == "search"));
    if has_search {
        scenarios.push(Scenario {
            name: "search \"Medien\", 20 results",
            body: plain(search(20)),
            small_body: Some(plain(search(2))),
        });
    } else {
        println!("note: the schema has no `search` field yet; the search scenario is skipped");
    }
    scenarios
}

struct Outcome {
    name: &'static str,
    statements: String,
    small_statements: Option<String>,
    first_ms: f64,
    p50: f64,
    p90: f64,
    p99: f64,
    rps: f64,
    server_cpu: String,
    client_cpu: String,
    others_cpu: String,
    requests: usize,
    failures: usize,
}

/// The `totalCount` of the response's top field, when it asked for one.
fn total_count(value: &Value) -> Option<&Value> {
    value["data"]
        .as_object()?
        .values()
        .next()?
        .get("totalCount")
}

fn statement_count(value: &Value) -> String {
    match &value["extensions"]["sqlStatements"] {
        Value::Null => "?".to_owned(),
        n => n.to_string(),
    }
}

async fn run_scenario(
    url: &str,
    scenario: &Scenario,
    requests: usize,
    seconds: usize,
    server_pid: u32,
) -> Outcome {
    println!();
    println!("== {}", scenario.name);
    let client = new_client();
    let mut failures = Failures::default();

    // The first request, untimed by the percentiles: it may warm caches or build an index.
    let started = Instant::now();
    let first = fetch(&client, url, &scenario.body).await;
    let first_ms = ms(started.elapsed());
    let statements = match &first {
        Ok((value, bytes)) => {
            let n = statement_count(value);
            println!(
                "  first request: {first_ms:.2} ms, {bytes} bytes, extensions: {}",
                value.get("extensions").unwrap_or(&Value::Null)
            );
            if let Some(total) = total_count(value) {
                println!("  totalCount: {total}");
            }
            n
        }
        Err(e) => {
            failures.add(e.clone());
            "?".to_owned()
        }
    };
    let small_statements = match &scenario.small_body {
        Some(small) => match fetch(&client, url, small).await {
            Ok((value, _)) => {
                let n = statement_count(&value);
                println!("  SQL statements: {statements} at the full page, {n} at a small page");
                if n != statements {
                    println!(
                        "  !!! the statement count changes with the page size: look for an N+1"
                    );
                }
                Some(n)
            }
            Err(e) => {
                failures.add(e);
                None
            }
        },
        None => {
            println!("  SQL statements: {statements}");
            None
        }
    };

    // Latency at one connection.
    for _ in 0..WARM_UP {
        if let Err(e) = send(&client, url, &scenario.body).await {
            failures.add(e);
        }
    }
    let mut latencies = Vec::with_capacity(requests);
    for _ in 0..requests {
        let started = Instant::now();
        let result = send(&client, url, &scenario.body).await;
        latencies.push(ms(started.elapsed()));
        if let Err(e) = result {
            failures.add(e);
        }
    }
    latencies.sort_by(f64::total_cmp);
    let (p50, p90, p99) = (
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.90),
        percentile(&latencies, 0.99),
    );
    println!(
        "  latency at 1 connection ({requests} requests): p50 {p50:.2} ms, p90 {p90:.2} ms, \
         p99 {p99:.2} ms, max {:.2} ms",
        latencies.last().copied().unwrap_or(f64::NAN)
    );

    // Throughput at 32 connections: each task has its own client, so its own connection.
    let body: Arc<str> = Arc::from(scenario.body.as_str());
    let url: Arc<str> = Arc::from(url);
    let duration = Duration::from_secs(seconds as u64);
    let cpu_before = (
        cpu_seconds("self"),
        cpu_seconds(&server_pid.to_string()),
        machine_busy_seconds(),
    );
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (body, url) = (Arc::clone(&body), Arc::clone(&url));
            tokio::spawn(async move {
                let client = new_client();
                let mut done = 0usize;
                let mut failures = Failures::default();
                // Bounded by the deadline; each request by the client's timeout.
                while Instant::now() < deadline {
                    if let Err(e) = send(&client, &url, &body).await {
                        failures.add(e);
                    }
                    done += 1;
                }
                (done, failures)
            })
        })
        .collect();
    let mut done = 0;
    for task in tasks {
        let (n, task_failures) = task.await.expect("a load task finishes");
        done += n;
        failures.merge(task_failures);
    }
    let elapsed = started.elapsed();
    let rps = done as f64 / elapsed.as_secs_f64();
    let cpu = |before: Option<f64>, after: Option<f64>| match (before, after) {
        (Some(b), Some(a)) => format!("{:.0}%", 100.0 * (a - b) / elapsed.as_secs_f64()),
        _ => "?".to_owned(),
    };
    let server_cpu = cpu(cpu_before.1, cpu_seconds(&server_pid.to_string()));
    let client_cpu = cpu(cpu_before.0, cpu_seconds("self"));
    // What the rest of the machine used meanwhile: busy time not spent by the server or here.
    let others = match (
        cpu_before,
        cpu_seconds(&server_pid.to_string()),
        cpu_seconds("self"),
        machine_busy_seconds(),
    ) {
        ((Some(c0), Some(s0), Some(m0)), Some(s1), Some(c1), Some(m1)) => {
            Some(100.0 * ((m1 - m0) - (s1 - s0) - (c1 - c0)).max(0.0) / elapsed.as_secs_f64())
        }
        _ => None,
    };
    let others_text = others.map_or("?".to_owned(), |p| format!("{p:.0}%"));
    println!(
        "  throughput at {CONNECTIONS} connections: {rps:.0} req/s ({done} requests in {:.2} s); \
         CPU: server {server_cpu}, load generator {client_cpu}, other processes {others_text}",
        elapsed.as_secs_f64()
    );
    if others.is_some_and(|p| p > 20.0) {
        println!(
            "  !!! other processes used {others_text} of the CPUs during this run: \
             the figures are low; rerun on a quiet machine"
        );
    }

    let total = 2 + usize::from(scenario.small_body.is_some()) + WARM_UP + requests + done;
    failures.report(scenario.name, total);
    Outcome {
        name: scenario.name,
        statements,
        small_statements,
        first_ms,
        p50,
        p90,
        p99,
        rps,
        server_cpu,
        client_cpu,
        others_cpu: others_text,
        requests: total,
        failures: failures.count,
    }
}

#[derive(Default)]
struct Failures {
    count: usize,
    kept: Vec<String>,
}

impl Failures {
    fn add(&mut self, message: String) {
        self.count += 1;
        if self.kept.len() < KEPT_FAILURES {
            self.kept.push(message);
        }
    }

    fn merge(&mut self, other: Failures) {
        self.count += other.count;
        for message in other.kept {
            if self.kept.len() < KEPT_FAILURES {
                self.kept.push(message);
            }
        }
    }

    fn report(&self, scenario: &str, total: usize) {
        if self.count == 0 {
            println!("  all {total} responses: 200, no errors");
            return;
        }
        println!(
            "  !!!!! {scenario}: {} of {total} requests FAILED; its figures are not valid",
            self.count
        );
        for message in &self.kept {
            println!("  !!!!!   {message}");
        }
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "?".to_owned(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

/// CPU time (user + system) the process `pid` ("self" for this one) has used, in seconds.
fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name, in parentheses, may hold spaces: count fields after its end.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // /proc reports in USER_HZ, which is 100 on Linux.
    Some((utime + stime) / 100.0)
}

/// CPU time (all CPUs, neither idle nor waiting for I/O) the machine has used since boot, in
/// seconds.
fn machine_busy_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<f64> = stat
        .lines()
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .map(|t| t.parse().unwrap_or(0.0))
        .collect();
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    let busy: f64 = ticks.iter().take(8).sum::<f64>() - ticks.get(3)? - ticks.get(4)?;
    Some(busy / 100.0)
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The nearest-rank percentile of sorted samples.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn print_table(
    results: &[Outcome],
    cpus: usize,
    companies: usize,
    agreements: usize,
    memory: &Memory,
) {
    println!();
    println!(
        "Summary: {companies} companies, {agreements} agreements generated; {cpus} CPUs; \
         latency at 1 connection, throughput at {CONNECTIONS}"
    );
    println!();
    println!(
        "| scenario | statements | first | p50 | p90 | p99 | req/s at {CONNECTIONS} | CPU server / client / others |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in results {
        let statements = match &r.small_statements {
            Some(small) if *small != r.statements => {
                format!("{} (**{small} at a small page**)", r.statements)
            }
            _ => r.statements.clone(),
        };
        let failed = if r.failures > 0 {
            format!(" **{} of {} FAILED**", r.failures, r.requests)
        } else {
            String::new()
        };
        println!(
            "| {}{failed} | {statements} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.0} | {} / {} / {} |",
            r.name,
            r.first_ms,
            r.p50,
            r.p90,
            r.p99,
            r.rps,
            r.server_cpu,
            r.client_cpu,
            r.others_cpu
        );
    }
    println!();
    println!(
        "server memory after the load: RssAnon {} (its own), VmHWM {} (peak, includes the \
         memory-mapped database)",
        memory.get("RssAnon"),
        memory.get("VmHWM")
    );
    println!("load average at the end: {}", load_average());
    let failed: usize = results.iter().map(|r| r.failures).sum();
    if failed > 0 {
        println!("!!!!! {failed} requests FAILED; see the scenarios above");
    }
}
