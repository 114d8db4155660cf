//! The server's metrics, and their Prometheus text exposition for `GET /metrics`: GraphQL
//! requests (over HTTP and WebSocket) by operation type, operation name and outcome, their
//! latency and cost, errors by `extensions.code`, SQL statements, waits for a read
//! connection, reads abandoned by their caller, the response cache, open subscriptions, and
//! the process itself (CPU, memory, file descriptors, threads).
//!
//! The registry, the metric types and the text format are the `prometheus` crate's; what is
//! ours is what is counted, and the cap on operation names below.

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use prometheus::core::Collector;
use prometheus::{
    Counter, GaugeVec, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, IntGaugeVec,
    Opts, Registry, TextEncoder,
};

/// Upper bounds of the latency histogram's buckets, in seconds.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0,
];

/// Upper bounds of the cost histogram's buckets (the default cost limit is 100,000).
const COST_BUCKETS: [f64; 7] = [10.0, 100.0, 1_000.0, 5_000.0, 10_000.0, 50_000.0, 100_000.0];

/// How many distinct operation names are counted by name; the others count as `other`, so a
/// client cannot grow the exposition without bound.
const MAX_OPERATION_NAMES: usize = 100;

/// Every metric, registered in `registry`.
struct Metrics {
    registry: Registry,
    /// Requests by operation type, operation name and outcome.
    requests: IntCounterVec,
    /// The operation names counted by name so far.
    names: Mutex<BTreeSet<String>>,
    /// Errors by code.
    errors: IntCounterVec,
    latency: Histogram,
    /// SQL statements run for GraphQL requests.
    statements: IntCounter,
    subscriptions: IntGauge,
    subscription_events: IntCounter,
    cost: Histogram,
    pool_waits: IntCounter,
    pool_wait_seconds: Counter,
    abandoned_reads: IntCounter,
    rate_limited: IntCounter,
    cache_hits: IntCounter,
    cache_misses: IntCounter,
    /// Reads by where they went, with read replicas.
    reads: IntCounterVec,
    standby_lag: GaugeVec,
    standby_up: IntGaugeVec,
}

/// Registers `metric` in `registry` and hands it back. The names are fixed and distinct, so
/// registering cannot fail but for a mistake here, which a test would show at once; it is
/// logged rather than taking the server down.
fn registered<M: Collector + Clone + 'static>(registry: &Registry, metric: M) -> M {
    if let Err(error) = registry.register(Box::new(metric.clone())) {
        tracing::error!(%error, "a metric could not be registered");
    }
    metric
}

/// A metric of the kind `$kind` named `$name` with the help text `$help` (and label names or
/// histogram buckets), registered in `$registry`. The constructors fail only on a malformed
/// name or label, which these fixed texts are not.
macro_rules! metric {
    ($registry:expr, IntCounterVec, $name:literal, $help:literal, $labels:expr) => {
        registered(
            $registry,
            IntCounterVec::new(Opts::new($name, $help), $labels).expect(concat!(
                "the metric ",
                $name,
                " is well-formed"
            )),
        )
    };
    ($registry:expr, Histogram, $name:literal, $help:literal, $buckets:expr) => {
        registered(
            $registry,
            Histogram::with_opts(HistogramOpts::new($name, $help).buckets($buckets.to_vec()))
                .expect(concat!("the metric ", $name, " is well-formed")),
        )
    };
    ($registry:expr, $kind:ident, $name:literal, $help:literal) => {
        registered(
            $registry,
            $kind::new($name, $help).expect(concat!("the metric ", $name, " is well-formed")),
        )
    };
}

impl Metrics {
    fn new() -> Self {
        let registry = Registry::new();
        let r = &registry;
        #[cfg(target_os = "linux")]
        if let Err(error) = r.register(Box::new(
            prometheus::process_collector::ProcessCollector::for_self(),
        )) {
            tracing::error!(%error, "the process metrics could not be registered");
        }
        Self {
            requests: metric!(
                r,
                IntCounterVec,
                "dealgraph_graphql_requests_total",
                "GraphQL requests by operation type, name and outcome.",
                &["operation", "name", "outcome"]
            ),
            names: Mutex::default(),
            errors: metric!(
                r,
                IntCounterVec,
                "dealgraph_graphql_errors_total",
                "GraphQL errors answered, by extensions.code.",
                &["code"]
            ),
            latency: metric!(
                r,
                Histogram,
                "dealgraph_graphql_request_duration_seconds",
                "Time to answer a GraphQL request.",
                LATENCY_BUCKETS
            ),
            statements: metric!(
                r,
                IntCounter,
                "dealgraph_sql_statements_total",
                "SQL statements run for GraphQL requests."
            ),
            subscriptions: metric!(
                r,
                IntGauge,
                "dealgraph_subscriptions_open",
                "Subscriptions open now."
            ),
            subscription_events: metric!(
                r,
                IntCounter,
                "dealgraph_subscription_events_total",
                "Events sent to subscribers."
            ),
            cost: metric!(
                r,
                Histogram,
                "dealgraph_graphql_query_cost",
                "The cost of operations, as extensions.cost reports it.",
                COST_BUCKETS
            ),
            pool_waits: metric!(
                r,
                IntCounter,
                "dealgraph_db_pool_waits_total",
                "Reads that waited for a free read connection."
            ),
            pool_wait_seconds: metric!(
                r,
                Counter,
                "dealgraph_db_pool_wait_seconds_total",
                "Time reads spent waiting for a read connection."
            ),
            abandoned_reads: metric!(
                r,
                IntCounter,
                "dealgraph_db_reads_abandoned_total",
                "Reads interrupted because their request timed out or its client left."
            ),
            rate_limited: metric!(
                r,
                IntCounter,
                "dealgraph_http_rate_limited_total",
                "Requests refused by the per-client rate limit."
            ),
            cache_hits: metric!(
                r,
                IntCounter,
                "dealgraph_response_cache_hits_total",
                "Queries answered from the response cache."
            ),
            cache_misses: metric!(
                r,
                IntCounter,
                "dealgraph_response_cache_misses_total",
                "Cacheable queries the response cache did not hold."
            ),
            reads: metric!(
                r,
                IntCounterVec,
                "dealgraph_db_reads_total",
                "Reads by where they went (primary, standby-N), when read replicas are given.",
                &["target"]
            ),
            standby_lag: registered(
                r,
                GaugeVec::new(
                    Opts::new(
                        "dealgraph_db_standby_lag_seconds",
                        "How far each read replica lags behind the primary, as last measured.",
                    ),
                    &["standby"],
                )
                .expect("the metric dealgraph_db_standby_lag_seconds is well-formed"),
            ),
            standby_up: registered(
                r,
                IntGaugeVec::new(
                    Opts::new(
                        "dealgraph_db_standby_up",
                        "Whether each read replica answered when last asked (1) or not (0).",
                    ),
                    &["standby"],
                )
                .expect("the metric dealgraph_db_standby_up is well-formed"),
            ),
            registry,
        }
    }

    /// An operation name as a label: the name when it is a plain GraphQL name and one of the
    /// first [`MAX_OPERATION_NAMES`], else `other`; `anonymous` when there is none.
    fn name_label(&self, name: Option<&str>) -> String {
        let Some(name) = name else {
            return "anonymous".into();
        };
        let plain =
            name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        let mut names = self.names.lock().unwrap_or_else(PoisonError::into_inner);
        if plain && (names.contains(name) || names.len() < MAX_OPERATION_NAMES) {
            names.insert(name.to_owned());
            name.to_owned()
        } else {
            "other".into()
        }
    }

    /// Counts each of `codes` as an error answered.
    fn count_errors(&self, codes: &[String]) {
        for code in codes {
            self.errors.with_label_values(&[code.as_str()]).inc();
        }
    }
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::new)
}

/// Counts a read that went to `target` (`primary` or a standby's label).
pub fn record_read(target: &str) {
    metrics().reads.with_label_values(&[target]).inc();
}

/// Records what a read replica answered when asked: whether it did, and its lag in seconds.
pub fn record_standby(standby: &str, up: bool, lag: Option<f64>) {
    let m = metrics();
    m.standby_up
        .with_label_values(&[standby])
        .set(i64::from(up));
    if let Some(lag) = lag {
        m.standby_lag.with_label_values(&[standby]).set(lag);
    }
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
    let name = m.name_label(name);
    m.requests
        .with_label_values(&[operation, name.as_str(), outcome])
        .inc();
    m.count_errors(codes);
    m.latency.observe(elapsed.as_secs_f64());
    m.statements.inc_by(statements);
}

/// Records one event sent to a subscriber: the error codes it carries and the SQL statements
/// it took.
pub fn record_subscription_event(codes: &[String], statements: u64) {
    let m = metrics();
    m.subscription_events.inc();
    m.statements.inc_by(statements);
    m.count_errors(codes);
}

/// Records the cost of an operation about to be checked against the limit.
pub fn record_cost(cost: u64) {
    metrics().cost.observe(cost as f64);
}

/// Records a read that had to wait `waited` for a connection of the pool.
pub fn record_pool_wait(waited: Duration) {
    let m = metrics();
    m.pool_waits.inc();
    m.pool_wait_seconds.inc_by(waited.as_secs_f64());
}

/// Records a read interrupted because its caller stopped waiting for it.
pub fn record_abandoned_read() {
    metrics().abandoned_reads.inc();
}

/// Records a request refused by the per-client rate limit.
pub fn record_rate_limited() {
    metrics().rate_limited.inc();
}

/// Records a query the response cache answered (`hit`) or did not hold.
pub fn record_response_cache(hit: bool) {
    let m = metrics();
    if hit { &m.cache_hits } else { &m.cache_misses }.inc();
}

/// An open subscription, counted while it lives.
pub struct OpenSubscription(());

impl OpenSubscription {
    /// Counts a subscription as open until the value is dropped.
    pub fn new() -> Self {
        metrics().subscriptions.inc();
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
        metrics().subscriptions.dec();
    }
}

/// The `Content-Type` of [`exposition`].
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Every metric in the Prometheus text exposition format (version 0.0.4).
pub fn exposition() -> String {
    let mut out = String::new();
    if let Err(error) = TextEncoder::new().encode_utf8(&metrics().registry.gather(), &mut out) {
        tracing::error!(%error, "the metrics could not be encoded");
    }
    out
}
