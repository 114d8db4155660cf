//! dealgraph as one service over several processes, through real ones: `scripts/cluster.sh`
//! starts a PostgreSQL primary with a synchronous hot standby, two dealgraph replicas (writes
//! to whichever server is the primary, reads also from the standby) and HAProxy in front, on
//! free loopback ports under a temporary folder, and each test stops it by itself.
//!
//! - reads through either replica are never older than a write acknowledged through the other,
//!   cached answers included, and reads do reach the standby; a subscriber through HAProxy
//!   hears the changes made through both replicas;
//! - the primary killed (kill -9) under writes through both replicas and the standby promoted:
//!   both replicas take writes again without a restart, the requests meanwhile get a retryable
//!   503, and every acknowledged write is there;
//! - the replicas restarted one at a time under load through HAProxy: no request fails.
//!
//! PostgreSQL 15 and HAProxy come from Debian (`.ci/run` installs them when missing); a test
//! that cannot start them fails.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};

#[path = "common/ws.rs"]
mod ws;

/// A cluster started by `scripts/cluster.sh up`, stopped (`down`) when dropped.
struct Cluster {
    dir: tempfile::TempDir,
    base: u16,
    token: String,
    client: reqwest::Client,
}

/// A base port with the 16 after it free on loopback: HAProxy, the two PostgreSQL servers and
/// the replicas take ports from it.
fn free_base() -> u16 {
    for _ in 0..200 {
        let probe = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let base = probe.local_addr().expect("an address").port();
        drop(probe);
        if base > 60_000 {
            continue;
        }
        if (0..16).all(|k| TcpListener::bind(("127.0.0.1", base + k)).is_ok()) {
            return base;
        }
    }
    panic!("no 16 free ports in a row on loopback");
}

impl Cluster {
    /// Starts the cluster with two replicas; panics (with the script's output) if it cannot.
    fn up() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("dealgraph-cluster-")
            .tempdir()
            .expect("a temporary folder");
        let mut cluster = Self {
            dir,
            base: free_base(),
            token: String::new(),
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(15))
                .build()
                .expect("an HTTP client"),
        };
        let output = cluster.script("up");
        assert!(
            output.status.success(),
            "the cluster did not start:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let token = Command::new(env!("CARGO_BIN_EXE_dealgraph"))
            .args(["token", "create", "desk", "--database"])
            .arg(cluster.write_url())
            .output()
            .expect("the token command runs");
        assert!(token.status.success(), "{token:?}");
        cluster.token = String::from_utf8_lossy(&token.stdout).trim().to_owned();
        cluster
    }

    /// The folder the cluster lives in (inside the temporary folder, which the script creates
    /// and removes).
    fn folder(&self) -> PathBuf {
        self.dir.path().join("cluster")
    }

    /// Runs `scripts/cluster.sh COMMAND` for this cluster.
    fn script(&self, command: &str) -> std::process::Output {
        Command::new("bash")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/cluster.sh"))
            .arg(command)
            .env("DEALGRAPH_CLUSTER_DIR", self.folder())
            .env("DEALGRAPH_CLUSTER_PORT", self.base.to_string())
            .env("DEALGRAPH_REPLICAS", "2")
            .env("DEALGRAPH_BIN", env!("CARGO_BIN_EXE_dealgraph"))
            .env("DEALGRAPH_CLUSTER_FSYNC", "off")
            .env("DEALGRAPH_DRAIN", "2")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("the cluster script runs")
    }

    /// The URL the replicas write through.
    fn write_url(&self) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{},127.0.0.1:{}/dealgraph?target_session_attrs=read-write",
            self.base + 1,
            self.base + 2
        )
    }

    /// `/graphql` of replica `n` (1 or 2), or of HAProxy (0).
    fn graphql_url(&self, n: u16) -> String {
        let port = if n == 0 {
            self.base
        } else {
            self.base + 10 + n
        };
        format!("http://127.0.0.1:{port}/graphql")
    }

    /// Sends `query` to `url` with the API key; the status and the body.
    async fn send(&self, url: &str, query: &str, variables: Value) -> Result<(u16, Value), String> {
        let response = self
            .client
            .post(url)
            .bearer_auth(&self.token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .map_err(|e| format!("no answer: {e}"))?;
        let status = response.status().as_u16();
        let body = response
            .json()
            .await
            .map_err(|e| format!("not JSON: {e}"))?;
        Ok((status, body))
    }

    /// Creates a company named `name` through `url`; its slug when acknowledged, else the
    /// status and the error code.
    async fn create(&self, url: &str, name: &str) -> Result<String, (u16, String)> {
        let (status, body) = self
            .send(
                url,
                "mutation($n: String!) { createCompany(input: { name: $n, kind: MEDIA_GROUP }) {
                    company { slug } } }",
                json!({ "n": name }),
            )
            .await
            .map_err(|e| (0, e))?;
        match body["data"]["createCompany"]["company"]["slug"].as_str() {
            Some(slug) if body.get("errors").is_none() => Ok(slug.to_owned()),
            _ => Err((
                status,
                body["errors"][0]["extensions"]["code"]
                    .as_str()
                    .unwrap_or("none")
                    .to_owned(),
            )),
        }
    }

    /// Whether the company `slug` is found through `url`.
    async fn found(&self, url: &str, slug: &str) -> bool {
        let (_, body) = self
            .send(
                url,
                "query($s: String!) { company(slug: $s) { slug } }",
                json!({ "s": slug }),
            )
            .await
            .expect("an answer");
        assert!(body.get("errors").is_none(), "{body}");
        body["data"]["company"]["slug"] == slug
    }

    /// How many companies there are, asked through `url`.
    async fn company_count(&self, url: &str) -> i64 {
        let (_, body) = self
            .send(url, "{ companies(first: 1) { totalCount } }", json!({}))
            .await
            .expect("an answer");
        body["data"]["companies"]["totalCount"]
            .as_i64()
            .unwrap_or_else(|| panic!("no count: {body}"))
    }

    /// The value of the metric line beginning with `prefix` on replica `n`, 0 when absent.
    async fn metric(&self, n: u16, prefix: &str) -> f64 {
        let text = self
            .client
            .get(format!("http://127.0.0.1:{}/metrics", self.base + 10 + n))
            .send()
            .await
            .expect("metrics")
            .text()
            .await
            .expect("text");
        text.lines()
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.script("down");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_reach_the_standby_and_are_never_older_than_an_acknowledged_write() {
    let cluster = tokio::task::spawn_blocking(Cluster::up)
        .await
        .expect("started");
    let (first, second) = (cluster.graphql_url(1), cluster.graphql_url(2));
    for i in 0..20 {
        // The count through the second replica, cached there, before and right after a write
        // acknowledged by the first.
        let (write, read) = if i % 2 == 0 {
            (&first, &second)
        } else {
            (&second, &first)
        };
        let before = cluster.company_count(read).await;
        let slug = cluster
            .create(write, &format!("Frisch {i} Medien"))
            .await
            .expect("acknowledged");
        assert!(cluster.found(read, &slug).await, "{slug} read right after");
        assert_eq!(
            cluster.company_count(read).await,
            before + 1,
            "no stale cache"
        );
    }
    // A subscriber through HAProxy (on whichever replica it picked) hears the changes made
    // through both replicas, once each, in commit order.
    let client = ws::connect_to(&format!("127.0.0.1:{}", cluster.base), json!({})).await;
    let mut heard = client
        .subscribe(ws::operation(
            "subscription { changes { sequence after } }",
            json!({}),
        ))
        .await
        .expect("subscribed");
    let mut made = Vec::new();
    for (i, url) in [&first, &second, &first].into_iter().enumerate() {
        made.push(
            cluster
                .create(url, &format!("Gehoert {i} Medien"))
                .await
                .expect("acknowledged"),
        );
    }
    let mut sequences = Vec::new();
    for slug in &made {
        let event = tokio::time::timeout(Duration::from_secs(15), heard.next())
            .await
            .expect("a change within 15 s")
            .expect("the subscription is open")
            .expect("a valid event");
        let change = &event["data"]["changes"];
        assert_eq!(
            change["after"]["slug"].as_str(),
            Some(slug.as_str()),
            "{event}"
        );
        sequences.push(change["sequence"].as_i64().unwrap_or_default());
    }
    assert!(sequences.windows(2).all(|w| w[0] < w[1]), "{sequences:?}");

    // Reads that need nothing newer than the standby has went there.
    let mut on_standby = 0.0;
    for _ in 0..50 {
        cluster.company_count(&second).await;
        on_standby = cluster
            .metric(2, "dealgraph_db_reads_total{target=\"standby-1\"}")
            .await;
        if on_standby > 0.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(on_standby > 0.0, "no read reached the standby");
    println!(
        "reads through replica-2: {on_standby} on the standby, {} on the primary",
        cluster
            .metric(2, "dealgraph_db_reads_total{target=\"primary\"}")
            .await
    );
    assert_eq!(
        cluster
            .metric(2, "dealgraph_db_standby_up{standby=\"standby-1\"}")
            .await,
        1.0
    );

    // The standby goes away: the replicas stay ready and reads go to the primary.
    let output = cluster.script("stop-standby");
    assert!(output.status.success(), "{output:?}");
    let mut up = 1.0;
    for _ in 0..50 {
        up = cluster
            .metric(2, "dealgraph_db_standby_up{standby=\"standby-1\"}")
            .await;
        if up == 0.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(up, 0.0, "the standby is seen down");
    for n in [1, 2] {
        let ready = cluster
            .client
            .get(format!("http://127.0.0.1:{}/readyz", cluster.base + 10 + n))
            .send()
            .await
            .expect("an answer");
        assert_eq!(ready.status().as_u16(), 200, "replica-{n} stays ready");
        assert!(cluster.company_count(&cluster.graphql_url(n)).await > 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failover_under_writes_loses_no_acknowledged_write() {
    let cluster = Arc::new(
        tokio::task::spawn_blocking(Cluster::up)
            .await
            .expect("started"),
    );
    let failed_over = Arc::new(AtomicBool::new(false));
    let after_failover = Arc::new(AtomicU64::new(0));
    let writer = |n: u16| {
        let (cluster, failed_over, after) = (
            Arc::clone(&cluster),
            Arc::clone(&failed_over),
            Arc::clone(&after_failover),
        );
        tokio::spawn(async move {
            let url = cluster.graphql_url(n);
            let (mut acknowledged, mut refused) = (Vec::new(), Vec::new());
            let mut since_failover = 0;
            let deadline = Instant::now() + Duration::from_secs(90);
            let mut i = 0;
            while since_failover < 5 && Instant::now() < deadline {
                i += 1;
                let name = format!("Replik {n} Schreibt {i}");
                match cluster.create(&url, &name).await {
                    Ok(slug) => {
                        acknowledged.push(slug);
                        if failed_over.load(Ordering::SeqCst) {
                            since_failover += 1;
                            after.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    Err(refusal) => {
                        refused.push(refusal);
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
            (acknowledged, refused, since_failover)
        })
    };
    let writers = [writer(1), writer(2)];
    tokio::time::sleep(Duration::from_secs(2)).await;
    let killed = Instant::now();
    let script = Arc::clone(&cluster);
    let output = tokio::task::spawn_blocking(move || script.script("failover"))
        .await
        .expect("ran");
    assert!(output.status.success(), "{output:?}");
    failed_over.store(true, Ordering::SeqCst);
    let (mut all, mut refusals) = (Vec::new(), 0);
    for writer in writers {
        let (acknowledged, refused, since) = writer.await.expect("the writer ran");
        refusals += refused.len();
        assert!(
            since >= 5,
            "writes accepted again after the failover: {refused:?}"
        );
        for (status, code) in &refused {
            assert!(
                *status == 503
                    && (code == "DATABASE_UNAVAILABLE" || code == "WRITE_OUTCOME_UNKNOWN"),
                "a refusal is a retryable 503: {status} {code}"
            );
        }
        all.extend(acknowledged);
    }
    println!(
        "failover: five writes accepted again through each replica {:.1} s after the kill; \
         {} writes acknowledged in all, {refusals} answered 503 meanwhile",
        killed.elapsed().as_secs_f64(),
        all.len()
    );
    assert!(after_failover.load(Ordering::SeqCst) >= 10);
    for slug in &all {
        assert!(
            cluster.found(&cluster.graphql_url(1), slug).await,
            "the acknowledged write {slug} is there"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolling_restart_through_haproxy_fails_no_request() {
    let cluster = Arc::new(
        tokio::task::spawn_blocking(Cluster::up)
            .await
            .expect("started"),
    );
    let stop = Arc::new(AtomicBool::new(false));
    let load = |k: u64| {
        let (cluster, stop) = (Arc::clone(&cluster), Arc::clone(&stop));
        tokio::spawn(async move {
            let url = cluster.graphql_url(0);
            let (mut done, mut failed) = (0_u64, Vec::new());
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                i += 1;
                // Mostly reads, a write now and then.
                let outcome = if i % 10 == 0 {
                    cluster
                        .create(&url, &format!("Rollend {k} {i}"))
                        .await
                        .map(|_| ())
                        .map_err(|e| format!("{e:?}"))
                } else {
                    match cluster
                        .send(&url, "{ companies(first: 5) { totalCount } }", json!({}))
                        .await
                    {
                        Ok((200, body)) if body.get("errors").is_none() => Ok(()),
                        Ok((status, body)) => Err(format!("{status} {body}")),
                        Err(e) => Err(e),
                    }
                };
                match outcome {
                    Ok(()) => done += 1,
                    Err(e) => failed.push(e),
                }
            }
            (done, failed)
        })
    };
    let clients: Vec<_> = (0..4).map(load).collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let script = Arc::clone(&cluster);
    let output = tokio::task::spawn_blocking(move || script.script("restart"))
        .await
        .expect("ran");
    assert!(output.status.success(), "{output:?}");
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::SeqCst);
    let (mut done, mut failed) = (0, Vec::new());
    for client in clients {
        let (d, f) = client.await.expect("the client ran");
        done += d;
        failed.extend(f);
    }
    println!(
        "rolling restart: {done} requests answered, {} failed",
        failed.len()
    );
    assert!(failed.is_empty(), "failed requests: {failed:?}");
    assert!(done > 100, "the load ran: {done}");
}
