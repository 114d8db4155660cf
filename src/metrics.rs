//! The server's counters, and their Prometheus text exposition for `GET /metrics`: GraphQL
//! requests (over HTTP and WebSocket) by operation type, operation name and outcome, their
//! latency and cost, errors by `extensions.code`, SQL statements, waits for a read
//! connection, reads abandoned by their caller, and open subscriptions. Plain atomics and one small
//! mutex-guarded map: recording costs a few nanoseconds and needs no exporter crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0,
];

/// How many distinct operation names are counted by name; the others count as `other`, so a
/// client cannot grow the exposition without bound.
const MAX_OPERATION_NAMES: usize = 100;

/// Requests by (operation type, operation name, outcome), and the operation names that are
/// counted by name.
#[derive(Default)]
struct Requests {
    counts: BTreeMap<(String, String, &'static str), u64>,
    names: BTreeSet<String>,
}

impl Requests {
    /// An operation name as a label: the name when it is a plain GraphQL name and one of the
    /// first [`MAX_OPERATION_NAMES`], else `other`; `anonymous` when there is none.
    fn label(&mut self, name: Option<&str>) -> String {
        let Some(name) = name else {
            return "anonymous".into();
        };
        let plain =
            name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if plain && (self.names.contains(name) || self.names.len() < MAX_OPERATION_NAMES) {
            self.names.insert(name.to_owned());
            name.to_owned()
        } else {
            "other".into()
        }
    }
}

/// Every counter.
#[derive(Default)]
struct Metrics {
    /// Requests by (operation type, operation name, outcome), with the names counted by name.
    requests: Mutex<Requests>,
    /// Errors by code.
    errors: Mutex<BTreeMap<String, u64>>,
    /// Latency histogram: counts per bucket (cumulative when exposed), the sum and count.
    buckets: [AtomicU64; BUCKETS.len()],
    latency_sum_micros: AtomicU64,
    latency_count: AtomicU64,
    /// SQL statements run for GraphQL requests.
    statements: AtomicU64,
    /// Subscriptions open now, and the events sent to them.
    subscriptions: AtomicU64,
    subscription_events: AtomicU64,
    /// The cost of the operations costed, and how many.
    cost_sum: AtomicU64,
    cost_count: AtomicU64,
    /// Reads that waited for a connection of the pool, and how long in all.
    pool_waits: AtomicU64,
    pool_wait_micros: AtomicU64,
    /// Reads interrupted because their caller stopped waiting.
    abandoned_reads: AtomicU64,
    /// Requests refused by the per-client rate limit.
    rate_limited: AtomicU64,
    /// Queries answered from the response cache, and those it did not hold.
    cache_hits: AtomicU64,
    cache_misses: AtomicU64,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::default)
}

/// Records one GraphQL request: its operation type (`query`, `mutation`, `subscription`, or
/// `unknown` when it did not parse), name, the error codes it answered, its duration and the
/// SQL statements it ran.
pub fn record_request(
    operation: &str,
    name: Option<&str>,
    codes: &[String],
    elapsed: Duration,
    statements: u64,
) {
    let m = metrics();
    let outcome = if codes.is_empty() { "ok" } else { "error" };
    {
        let mut requests = m.requests.lock().unwrap_or_else(PoisonError::into_inner);
        let name = requests.label(name);
        *requests
            .counts
            .entry((operation.to_owned(), name, outcome))
            .or_default() += 1;
    }
    count_errors(m, codes);
    let seconds = elapsed.as_secs_f64();
    if let Some(bucket) = BUCKETS.iter().position(|b| seconds <= *b) {
        m.buckets[bucket].fetch_add(1, Ordering::Relaxed);
    }
    let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
    m.latency_sum_micros.fetch_add(micros, Ordering::Relaxed);
    m.latency_count.fetch_add(1, Ordering::Relaxed);
    m.statements.fetch_add(statements, Ordering::Relaxed);
}

/// Records one event sent to a subscriber: the error codes it carries and the SQL statements
/// it took.
pub fn record_subscription_event(codes: &[String], statements: u64) {
    let m = metrics();
    m.subscription_events.fetch_add(1, Ordering::Relaxed);
    m.statements.fetch_add(statements, Ordering::Relaxed);
    count_errors(m, codes);
}

/// Counts each of `codes` as an error answered.
fn count_errors(m: &Metrics, codes: &[String]) {
    if codes.is_empty() {
        return;
    }
    let mut errors = m.errors.lock().unwrap_or_else(PoisonError::into_inner);
    for code in codes {
        *errors.entry(code.clone()).or_default() += 1;
    }
}

/// Records the cost of an operation about to be checked against the limit.
pub fn record_cost(cost: u64) {
    let m = metrics();
    m.cost_sum.fetch_add(cost, Ordering::Relaxed);
    m.cost_count.fetch_add(1, Ordering::Relaxed);
}

/// Records a read that had to wait `waited` for a connection of the pool.
pub fn record_pool_wait(waited: Duration) {
    let m = metrics();
    m.pool_waits.fetch_add(1, Ordering::Relaxed);
    let micros = u64::try_from(waited.as_micros()).unwrap_or(u64::MAX);
    m.pool_wait_micros.fetch_add(micros, Ordering::Relaxed);
}

/// Records a read interrupted because its caller stopped waiting for it.
pub fn record_abandoned_read() {
    metrics().abandoned_reads.fetch_add(1, Ordering::Relaxed);
}

/// Records a request refused by the per-client rate limit.
pub fn record_rate_limited() {
    metrics().rate_limited.fetch_add(1, Ordering::Relaxed);
}

/// Records a query the response cache answered (`hit`) or did not hold.
pub fn record_response_cache(hit: bool) {
    let m = metrics();
    let counter = if hit { &m.cache_hits } else { &m.cache_misses };
    counter.fetch_add(1, Ordering::Relaxed);
}

/// An open subscription, counted while it lives.
pub struct OpenSubscription(());

impl OpenSubscription {
    /// Counts a subscription as open until the value is dropped.
    pub fn new() -> Self {
        metrics().subscriptions.fetch_add(1, Ordering::Relaxed);
        Self(())
    }
}

impl Default for OpenSubscription {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for OpenSubscription {
    fn drop(&mut self) {
        metrics().subscriptions.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Escapes a label value for the text format.
fn escaped(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Every counter in the Prometheus text exposition format (version 0.0.4).
pub fn exposition() -> String {
    let m = metrics();
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "# HELP dealgraph_graphql_requests_total GraphQL requests by operation type, name and outcome.\n\
         # TYPE dealgraph_graphql_requests_total counter"
    );
    for ((operation, name, outcome), n) in m
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .counts
        .iter()
    {
        let _ = writeln!(
            out,
            "dealgraph_graphql_requests_total{{operation=\"{}\",name=\"{}\",outcome=\"{outcome}\"}} {n}",
            escaped(operation),
            escaped(name)
        );
    }
    let _ = writeln!(
        out,
        "# HELP dealgraph_graphql_errors_total GraphQL errors answered, by extensions.code.\n\
         # TYPE dealgraph_graphql_errors_total counter"
    );
    for (code, n) in m
        .errors
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
    {
        let _ = writeln!(
            out,
            "dealgraph_graphql_errors_total{{code=\"{}\"}} {n}",
            escaped(code)
        );
    }
    let _ = writeln!(
        out,
        "# HELP dealgraph_graphql_request_duration_seconds Time to answer a GraphQL request.\n\
         # TYPE dealgraph_graphql_request_duration_seconds histogram"
    );
    let mut cumulative = 0;
    for (bound, count) in BUCKETS.iter().zip(&m.buckets) {
        cumulative += count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "dealgraph_graphql_request_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
        );
    }
    let count = m.latency_count.load(Ordering::Relaxed);
    let sum = m.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
    let _ = writeln!(
        out,
        "dealgraph_graphql_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}\n\
         dealgraph_graphql_request_duration_seconds_sum {sum}\n\
         dealgraph_graphql_request_duration_seconds_count {count}"
    );
    let _ = writeln!(
        out,
        "# HELP dealgraph_sql_statements_total SQL statements run for GraphQL requests.\n\
         # TYPE dealgraph_sql_statements_total counter\n\
         dealgraph_sql_statements_total {}\n\
         # HELP dealgraph_subscriptions_open Subscriptions open now.\n\
         # TYPE dealgraph_subscriptions_open gauge\n\
         dealgraph_subscriptions_open {}\n\
         # HELP dealgraph_subscription_events_total Events sent to subscribers.\n\
         # TYPE dealgraph_subscription_events_total counter\n\
         dealgraph_subscription_events_total {}\n\
         # HELP dealgraph_graphql_query_cost The cost of operations, as extensions.cost reports it.\n\
         # TYPE dealgraph_graphql_query_cost summary\n\
         dealgraph_graphql_query_cost_sum {}\n\
         dealgraph_graphql_query_cost_count {}\n\
         # HELP dealgraph_db_pool_waits_total Reads that waited for a free read connection.\n\
         # TYPE dealgraph_db_pool_waits_total counter\n\
         dealgraph_db_pool_waits_total {}\n\
         # HELP dealgraph_db_pool_wait_seconds_total Time reads spent waiting for a read connection.\n\
         # TYPE dealgraph_db_pool_wait_seconds_total counter\n\
         dealgraph_db_pool_wait_seconds_total {}\n\
         # HELP dealgraph_db_reads_abandoned_total Reads interrupted because their request timed out or its client left.\n\
         # TYPE dealgraph_db_reads_abandoned_total counter\n\
         dealgraph_db_reads_abandoned_total {}\n\
         # HELP dealgraph_http_rate_limited_total Requests refused by the per-client rate limit.\n\
         # TYPE dealgraph_http_rate_limited_total counter\n\
         dealgraph_http_rate_limited_total {}\n\
         # HELP dealgraph_response_cache_hits_total Queries answered from the response cache.\n\
         # TYPE dealgraph_response_cache_hits_total counter\n\
         dealgraph_response_cache_hits_total {}\n\
         # HELP dealgraph_response_cache_misses_total Cacheable queries the response cache did not hold.\n\
         # TYPE dealgraph_response_cache_misses_total counter\n\
         dealgraph_response_cache_misses_total {}",
        m.statements.load(Ordering::Relaxed),
        m.subscriptions.load(Ordering::Relaxed),
        m.subscription_events.load(Ordering::Relaxed),
        m.cost_sum.load(Ordering::Relaxed),
        m.cost_count.load(Ordering::Relaxed),
        m.pool_waits.load(Ordering::Relaxed),
        m.pool_wait_micros.load(Ordering::Relaxed) as f64 / 1e6,
        m.abandoned_reads.load(Ordering::Relaxed),
        m.rate_limited.load(Ordering::Relaxed),
        m.cache_hits.load(Ordering::Relaxed),
        m.cache_misses.load(Ordering::Relaxed),
    );
    out
}
