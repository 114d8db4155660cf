//! The HTTP surface: the router with its layers, the state every handler shares and the
//! [`Settings`] it is built with; `/graphql` per the GraphQL-over-HTTP specification
//! ([`graphql`]), with the response cache that answers an identical query from memory until
//! the next write ([`cache`]); GraphQL over WebSocket at `/graphql/ws` ([`ws`]); the GraphiQL
//! playground at `/` ([`playground`]); `/healthz` (alive, the database answers), `/readyz`
//! (also the search index built: for load balancers) and `/metrics` (Prometheus text, from
//! `crate::metrics`); the per-client rate limit ([`rate`]) and the limits on request heads.

pub mod cache;
pub mod graphql;
pub mod playground;
pub mod rate;
pub mod ws;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderValue;
use axum::http::{HeaderName, Method, StatusCode, header};
use axum::routing::get;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::db::Db;
use crate::graphql::limits::Limits;
use crate::graphql::{DealgraphSchema, build_schema};
use crate::l10n::Localizer;

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The longest request target (path and query string) accepted, in bytes; a longer GET
/// request is answered 414 and belongs in a POST body.
pub const MAX_URI_BYTES: usize = 16 << 10;

/// The most header fields a request may carry, and their largest total size in bytes.
pub const MAX_HEADERS: usize = 100;
/// See [`MAX_HEADERS`].
pub const MAX_HEADER_BYTES: usize = 32 << 10;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The GraphQL schema, with the database in its context.
    pub schema: DealgraphSchema,
    /// The database, for health checks.
    pub db: Db,
    /// Whether responses report their SQL statement count.
    pub expose_statement_counts: bool,
    /// The playground page and its assets.
    pub playground: Arc<playground::Playground>,
    /// The response cache, unless turned off.
    pub cache: Option<Arc<cache::ResponseCache>>,
}

/// What the HTTP layer is set up with: the limits, the policies and the optional parts of the
/// server. The command line's options become these in `crate::app`, so this layer does not
/// depend on how it is configured.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The limits every GraphQL operation is held to.
    pub limits: Limits,
    /// How long one request may take before it is answered 408.
    pub request_timeout: Duration,
    /// How many API requests may be in flight at once before more are shed with 503.
    pub max_in_flight: usize,
    /// Origins whose pages may call the API.
    pub cors_origins: Vec<String>,
    /// The per-client rate limit.
    pub rate: rate::Settings,
    /// Where the playground's browser assets are installed.
    pub playground_assets: PathBuf,
    /// How many bytes of answers the response cache keeps; 0 turns it off.
    pub response_cache_bytes: usize,
    /// Whether responses report their SQL statement count.
    pub expose_statement_counts: bool,
    /// The server's name in the log lines of its requests.
    pub name: String,
}

/// The router with every route and layer.
pub fn router(db: Db, l10n: Arc<Localizer>, settings: &Settings) -> Router {
    let state = AppState {
        schema: build_schema(db.clone(), l10n, settings.limits),
        db,
        expose_statement_counts: settings.expose_statement_counts,
        playground: playground::Playground::load(&settings.playground_assets),
        cache: cache::ResponseCache::new(settings.response_cache_bytes).map(Arc::new),
    };
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/graphql/ws", get(ws::graphql_ws))
        // Load on the API beyond the limit is shed at once, not queued: a client can retry
        // elsewhere or later, and the requests in flight keep their share of the machine.
        // Health, readiness and metrics stay outside it, to be asked under load too.
        .route_layer(
            tower::ServiceBuilder::new()
                .layer(axum::error_handling::HandleErrorLayer::new(overloaded))
                .load_shed()
                .concurrency_limit(settings.max_in_flight),
        )
        // A client over its rate is refused before it takes a slot of the limit above.
        .route_layer(axum::middleware::from_fn_with_state(
            rate::RateLimit::new(settings.rate),
            rate::limit,
        ))
        .route("/", get(playground::page_handler))
        .route("/playground/{name}", get(playground::asset))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(cors(&settings.cors_origins))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            settings.request_timeout,
        ))
        // Outside the timeout, so that its 408 gets a body too.
        .layer(axum::middleware::map_response(error_body))
        .layer(axum::middleware::from_fn(request_head_limits))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        // Every log line of a request names it by the id its response carries. A 5xx is not
        // logged as an error here: the server's own faults are logged where they happen, with
        // their cause, and its other 5xx are states it reports on purpose (503 while not ready
        // or overloaded), which an orchestrator polling /readyz would otherwise fill the log with.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with({
                    let name: Arc<str> = settings.name.as_str().into();
                    move |request: &axum::http::Request<axum::body::Body>| {
                        request_span(request, &name)
                    }
                })
                .on_failure(
                    tower_http::trace::DefaultOnFailure::new().level(tracing::Level::DEBUG),
                ),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// The answer to a request shed because too many are in flight: 503 with `Retry-After`.
async fn overloaded(_: tower::BoxError) -> axum::response::Response {
    use axum::response::IntoResponse;

    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        graphql::error_body(
            "the server is answering as many requests as it takes at once; retry shortly",
            "SERVICE_OVERLOADED",
        ),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// Refuses a request whose target or headers are larger than the limits, with 414 or 431 and
/// a GraphQL error body. The connection's parser has larger limits of its own (64 KiB of
/// target, 1,024 headers, about 400 KiB of head), beyond which it answers without a body
/// before any layer sees the request; these are the limits a client meets.
async fn request_head_limits(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;

    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    let headers = request.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    let refusal = if target > MAX_URI_BYTES {
        Some((
            StatusCode::URI_TOO_LONG,
            format!(
                "the request target is {target} bytes, longer than {MAX_URI_BYTES}; send large \
                 documents with POST"
            ),
            "URI_TOO_LONG",
        ))
    } else if headers.len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        Some((
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "the request carries {} header fields of {header_bytes} bytes; at most \
                 {MAX_HEADERS} fields of {MAX_HEADER_BYTES} bytes in all are accepted",
                headers.len()
            ),
            "REQUEST_HEADER_FIELDS_TOO_LARGE",
        ))
    } else {
        None
    };
    match refusal {
        Some((status, message, code)) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            graphql::error_body(&message, code),
        )
            .into_response(),
        None => next.run(request).await,
    }
}

/// Gives an error response that has no body of its own (the router's 404 and 405, the
/// timeout's 408) a GraphQL error body with a code, as every other refusal has.
async fn error_body(response: axum::response::Response) -> axum::response::Response {
    let status = response.status();
    let bodyless = response.headers().get(header::CONTENT_TYPE).is_none();
    if !bodyless || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (message, code) = match status {
        StatusCode::NOT_FOUND => (
            "no such path: the API is at /graphql (and /graphql/ws)",
            "NOT_FOUND",
        ),
        StatusCode::METHOD_NOT_ALLOWED => {
            ("this path does not take that method", "METHOD_NOT_ALLOWED")
        }
        StatusCode::REQUEST_TIMEOUT => (
            "the request took longer than the request timeout",
            "REQUEST_TIMEOUT",
        ),
        StatusCode::BAD_REQUEST => ("the request is malformed", "BAD_REQUEST"),
        _ if status.is_server_error() => ("internal server error", "INTERNAL_SERVER_ERROR"),
        _ => ("the request was refused", "BAD_REQUEST"),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    axum::response::Response::from_parts(
        parts,
        axum::body::Body::from(graphql::error_body(message, code)),
    )
}

/// The span every log line of a request is written in: the server's name (`replica`), the
/// request's id (`x-request-id`, set by the layer outside this one and returned in the
/// response), its W3C trace context (`traceparent`, as a load balancer or client sent it, so
/// that one request can be followed from the balancer's log into a replica's), method and path.
fn request_span(request: &axum::http::Request<axum::body::Body>, name: &str) -> tracing::Span {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    // Only a well-formed trace context is logged: the header is the client's text.
    let traceparent = Some(header("traceparent"))
        .filter(|t| {
            t.len() == 55
                && t.bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase() || b == b'-')
        })
        .unwrap_or("");
    tracing::info_span!(
        "request",
        replica = %name,
        id = %header("x-request-id"),
        traceparent = %traceparent,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

/// `GET /metrics`: the server's counters in the Prometheus text format.
pub async fn metrics() -> axum::response::Response {
    use axum::response::IntoResponse;

    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(crate::metrics::CONTENT_TYPE),
        )],
        crate::metrics::exposition(),
    )
        .into_response()
}

/// `GET /readyz`: 200 once the database answers and the search index is built for this
/// binary; otherwise 503 with `Retry-After`, and which of the two is not ready yet. For load
/// balancers and orchestrators; `/healthz` says only that the process is alive.
pub async fn readyz(State(state): State<AppState>) -> axum::response::Response {
    use axum::response::IntoResponse;

    let index = state.db.read(crate::search::index::is_built).await;
    let (database, search) = match index {
        Ok(true) => ("ok", "built"),
        Ok(false) => ("ok", "building"),
        Err(_) => ("unavailable", "unknown"),
    };
    let draining = state.db.is_draining();
    let ready = database == "ok" && search == "built" && !draining;
    let mut body =
        serde_json::json!({ "ready": ready, "database": database, "searchIndex": search });
    if draining {
        body["draining"] = serde_json::Value::Bool(true);
    }
    if let Some((done, total)) = state.db.rebuild().progress() {
        body["searchIndexProgress"] = serde_json::json!({ "done": done, "total": total });
    }
    let mut response = (
        if ready {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        },
        axum::Json(body),
    )
        .into_response();
    if !ready {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    response
}

/// The CORS policy: only the configured origins' pages may call the API (`Authorization`, the
/// API key that mutations need, included); by default none.
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    // Without configured origins no page of another origin may call the API: the layer then
    // allows no origin, so no preflight is answered with an `Access-Control-Allow-Origin`.
    CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_origin(AllowOrigin::list(origins))
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::AUTHORIZATION,
        ])
        .vary([header::ORIGIN])
}

/// `GET /healthz`: 200 once the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.db.is_ready().await {
        (StatusCode::OK, "ok\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
    }
}
