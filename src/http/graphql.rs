//! `/graphql` per the GraphQL-over-HTTP specification.
//!
//! The stock async-graphql-axum handler answers every request with 200 and runs mutations over
//! GET and text/plain POSTs, so this thin handler around `Schema::execute` enforces the
//! specification itself: POST only with a JSON body (no CORS-simple form or text/plain request
//! runs an operation), GET only for queries, the response media type negotiated from `Accept`,
//! and 4xx when a request cannot produce `data`. The request's `Accept-Language` picks the
//! locale of localised fields that have no `locale` argument; responses say which in
//! `Content-Language` and carry `Vary: Accept-Language`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_graphql::Value;
use async_graphql::parser::types::OperationType;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use crate::db::count::STATEMENT_COUNTER;
use crate::db::floor::{Floor, READ_FLOOR};
use crate::graphql::Credentials;
use crate::graphql::errors::{self, ArgumentPositions};
use crate::graphql::localized::RequestLocale;
use crate::l10n::{Locale, from_accept_language};

/// The media type of GraphQL-over-HTTP responses.
pub const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// Which media type the response is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `application/graphql-response+json`: status codes follow the outcome.
    GraphqlResponse,
    /// `application/json`, for clients that predate the specification.
    Json,
}

impl MediaType {
    /// The media type's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::GraphqlResponse => GRAPHQL_RESPONSE,
            Self::Json => JSON,
        }
    }

    fn header(self) -> HeaderValue {
        HeaderValue::from_static(self.name())
    }
}

/// Chooses the response media type from an `Accept` header: the acceptable type with the
/// highest quality, preferring `application/graphql-response+json` on a tie. No header means
/// `application/json`, as the specification asks for legacy clients. `None` when neither is
/// acceptable.
pub fn negotiate_media_type(accept: Option<&str>) -> Option<MediaType> {
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return Some(MediaType::Json);
    };
    let mut graphql: f32 = 0.0;
    let mut json: f32 = 0.0;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let range = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q = 1.0;
        for param in parts {
            if let Some((name, value)) = param.split_once('=')
                && name.trim().eq_ignore_ascii_case("q")
            {
                q = value.trim().parse::<f32>().unwrap_or(0.0).clamp(0.0, 1.0);
            }
        }
        match range.as_str() {
            GRAPHQL_RESPONSE => graphql = graphql.max(q),
            // A wildcard accepts the type every client understands: a client that wants
            // application/graphql-response+json names it (as graphql-http's audit expects).
            JSON | "*/*" | "application/*" => json = json.max(q),
            _ => {}
        }
    }
    if graphql > 0.0 && graphql >= json {
        Some(MediaType::GraphqlResponse)
    } else if json > 0.0 {
        Some(MediaType::Json)
    } else {
        None
    }
}

/// A GraphQL request as a GET query string carries it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    operation_name: Option<String>,
    extensions: Option<String>,
}

pub(super) fn error_body(message: &str, code: &str) -> Vec<u8> {
    let body =
        serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    serde_json::to_vec(&body).unwrap_or_default()
}

/// A request refused before execution, as a GraphQL error body.
fn refuse(status: StatusCode, media: MediaType, message: &str, code: &str) -> Response {
    let mut response = (status, error_body(message, code)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, media.header());
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
    }
    response
}

/// Why a request is refused before execution.
struct Refusal {
    status: StatusCode,
    message: String,
    code: &'static str,
}

impl Refusal {
    fn into_response(self, media: MediaType) -> Response {
        refuse(self.status, media, &self.message, self.code)
    }
}

fn accept_header(headers: &HeaderMap) -> Result<MediaType, Refusal> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    negotiate_media_type(accept).ok_or_else(|| Refusal {
        status: StatusCode::NOT_ACCEPTABLE,
        message: "the response can be sent as application/graphql-response+json or \
                  application/json only"
            .into(),
        code: "NOT_ACCEPTABLE",
    })
}

/// `GET /graphql?query=…`: queries only.
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let media = match accept_header(&headers) {
        Ok(media) => media,
        Err(refusal) => return refusal.into_response(MediaType::Json),
    };
    let bad = |message: String| refuse(StatusCode::BAD_REQUEST, media, &message, "BAD_REQUEST");
    let params: GetParams = match serde_urlencoded::from_str(query.as_deref().unwrap_or("")) {
        Ok(params) => params,
        Err(e) => return bad(format!("malformed query string: {e}")),
    };
    let Some(document) = params.query else {
        return bad("a GET request needs a `query` parameter".into());
    };
    let mut request = async_graphql::Request::new(document);
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    if let Some(variables) = params.variables {
        match serde_json::from_str(&variables) {
            Ok(variables) => request = request.variables(variables),
            Err(e) => return bad(format!("`variables` is not a JSON object: {e}")),
        }
    }
    if let Some(extensions) = params.extensions {
        match serde_json::from_str(&extensions) {
            Ok(extensions) => request.extensions = extensions,
            Err(e) => return bad(format!("`extensions` is not a JSON object: {e}")),
        }
    }
    execute(&state, &headers, Method::GET, media, request).await
}

/// `POST /graphql` with a JSON body.
pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let media = match accept_header(&headers) {
        Ok(media) => media,
        Err(refusal) => return refusal.into_response(MediaType::Json),
    };
    let body = match body {
        Ok(body) => body,
        // Over the body limit (413) or cut off: said as a GraphQL error, like every refusal.
        Err(rejection) => {
            let status = rejection.status();
            let (message, code) = if status == StatusCode::PAYLOAD_TOO_LARGE {
                (
                    format!(
                        "the request body is larger than {} bytes",
                        super::MAX_BODY_BYTES
                    ),
                    "PAYLOAD_TOO_LARGE",
                )
            } else {
                (rejection.body_text(), "BAD_REQUEST")
            };
            return refuse(status, media, &message, code);
        }
    };
    if !is_json_content_type(headers.get(header::CONTENT_TYPE)) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            "the request body must be application/json",
            "UNSUPPORTED_MEDIA_TYPE",
        );
    }
    // A JSON array is a batch of requests, which this endpoint does not take.
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return refuse(
            StatusCode::BAD_REQUEST,
            media,
            "batches (a JSON array of requests) are not supported; send one request, a JSON \
             object, per POST",
            "BATCH_NOT_SUPPORTED",
        );
    }
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                media,
                &format!("the body is not a GraphQL request in JSON: {e}"),
                "BAD_REQUEST",
            );
        }
    };
    execute(&state, &headers, Method::POST, media, request).await
}

fn is_json_content_type(value: Option<&HeaderValue>) -> bool {
    let Some(value) = value.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or("").trim();
    let charset_ok = parts.all(|p| match p.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
            value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        }
        _ => true,
    });
    essence.eq_ignore_ascii_case(JSON) && charset_ok
}

/// Checks the operation a request would run, and says its type and name: refused when it
/// asks for a subscription, which needs the WebSocket (400), or for a mutation over GET (405).
///
/// The parsed document stays in the request, so execution does not parse it again.
fn check_operation(
    request: &mut async_graphql::Request,
    method: &Method,
) -> Result<(Option<OperationType>, Option<String>), Refusal> {
    let operation_name = request.operation_name.clone();
    // A document that does not parse is answered by execution, with the error's location,
    // as any other request error.
    let Ok(document) = request.parsed_query() else {
        return Ok((None, None));
    };
    let (ty, name) = operation_of(document, operation_name.as_deref());
    if ty == Some(OperationType::Subscription) {
        return Err(Refusal {
            status: StatusCode::BAD_REQUEST,
            message: "subscriptions are served over WebSocket at /graphql/ws \
                      (graphql-transport-ws), not over HTTP"
                .into(),
            code: "SUBSCRIPTION_NEEDS_WEBSOCKET",
        });
    }
    if *method == Method::GET && ty == Some(OperationType::Mutation) {
        return Err(Refusal {
            status: StatusCode::METHOD_NOT_ALLOWED,
            message: "mutations cannot be sent with GET; use POST".into(),
            code: "METHOD_NOT_ALLOWED",
        });
    }
    Ok((ty, name))
}

/// The type and name of the operation a request runs (see
/// [`crate::graphql::selected_operation`]); the type is `None` when the document does not say
/// which, and the name is the one asked for when the document has none.
pub(super) fn operation_of(
    document: &async_graphql::parser::types::ExecutableDocument,
    operation_name: Option<&str>,
) -> (Option<OperationType>, Option<String>) {
    let selected = crate::graphql::selected_operation(document, operation_name);
    let name = selected
        .and_then(|(name, _)| name)
        .or(operation_name)
        .map(str::to_owned);
    (selected.map(|(_, op)| op.ty), name)
}

/// An operation type as the metrics label it; `unknown` when the request does not say.
pub(super) fn operation_label(ty: Option<OperationType>) -> &'static str {
    ty.map_or("unknown", |ty| match ty {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    })
}

/// The `extensions.code` of each error of `response`.
pub(super) fn error_codes(response: &async_graphql::Response) -> Vec<String> {
    response
        .errors
        .iter()
        .map(|e| {
            e.extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .and_then(|v| match v {
                    Value::String(code) => Some(code.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| "UNKNOWN".into())
        })
        .collect()
}

/// The locale the request's `Accept-Language` header asks for (English without one).
pub(super) fn request_locale(headers: &HeaderMap) -> Locale {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Locale::DEFAULT, from_accept_language)
}

/// The bearer token of the request's `Authorization` header, if any.
pub(super) fn credentials(headers: &HeaderMap) -> Credentials {
    Credentials(
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::auth::bearer)
            .map(str::to_owned),
    )
}

async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    method: Method,
    media: MediaType,
    mut request: async_graphql::Request,
) -> Response {
    let started = std::time::Instant::now();
    let (operation, operation_name) = match check_operation(&mut request, &method) {
        Ok((ty, name)) => (operation_label(ty), name),
        Err(refusal) => {
            crate::metrics::record_request(
                "unknown",
                None,
                &[refusal.code.to_owned()],
                started.elapsed(),
                0,
            );
            return refusal.into_response(media);
        }
    };
    // Where each argument's value lies, to name the argument of a value that does not fit.
    let arguments = request
        .parsed_query()
        .map(ArgumentPositions::of)
        .unwrap_or_default();
    let locale = request_locale(headers);
    // A query may be answered from the cache, if it holds the answer made at the current
    // data version; a mutation never is.
    let version = match (&state.cache, operation) {
        (Some(_), "query") => state.db.data_version().await.ok(),
        _ => None,
    };
    let cached = match (&state.cache, version) {
        (Some(cache), Some(version)) => Some({
            let variables = serde_json::to_string(&request.variables).unwrap_or_default();
            let key = super::cache::ResponseCache::key(
                &request.query,
                &variables,
                operation_name.as_deref(),
                locale.tag(),
                media.name(),
            );
            (cache, key, version)
        }),
        _ => None,
    };
    if let Some((cache, key, version)) = &cached
        && let Some(kept) = cache.get(key, *version)
    {
        crate::metrics::record_request(
            operation,
            operation_name.as_deref(),
            &[],
            started.elapsed(),
            0,
        );
        return answer(&method, headers, media, locale, kept, None, true);
    }
    let request = request
        .data(RequestLocale(locale))
        .data(credentials(headers));
    // Statements are counted for every request (for the metrics); the response reports them
    // only when asked to.
    let counter = Arc::new(AtomicU64::new(0));
    // No read of the request older than the data version it began at (the one the cache
    // read, else learned by its first read).
    let floor = Arc::new(version.map_or_else(Floor::default, Floor::at));
    let mut response = READ_FLOOR
        .scope(
            floor,
            STATEMENT_COUNTER.scope(Arc::clone(&counter), state.schema.execute(request)),
        )
        .await;
    let statements = counter.load(Ordering::Relaxed);
    if state.expose_statement_counts {
        response
            .extensions
            .insert("sqlStatements".into(), Value::from(statements));
    }
    let request_error = errors::classify(&mut response, &arguments);
    let codes = error_codes(&response);
    let retry_after = response
        .errors
        .iter()
        .filter_map(|e| e.extensions.as_ref()?.get("retryAfter"))
        .filter_map(|v| match v {
            Value::Number(n) => n.as_u64(),
            _ => None,
        })
        .max();
    crate::metrics::record_request(
        operation,
        operation_name.as_deref(),
        &codes,
        started.elapsed(),
        statements,
    );
    // A request error (the document does not parse or validate, a variable does not fit) is
    // 400 with application/graphql-response+json; legacy application/json clients get 200, as
    // the GraphQL-over-HTTP specification asks.
    // The database out of reach (its server down, restarting or failing over) is the
    // service being unavailable: 503 with `Retry-After`, which load balancers and clients
    // retry, whatever part of the answer it spoiled.
    let status = if codes.iter().any(|c| {
        c == crate::error::DATABASE_UNAVAILABLE || c == crate::error::WRITE_OUTCOME_UNKNOWN
    }) {
        StatusCode::SERVICE_UNAVAILABLE
    } else if request_error && media == MediaType::GraphqlResponse {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    // A request that failed before execution began has no `data` entry at all.
    let serialised = if request_error {
        serde_json::to_value(&response).and_then(|mut value| {
            if let Some(object) = value.as_object_mut() {
                object.remove("data");
            }
            serde_json::to_vec(&value)
        })
    } else {
        serde_json::to_vec(&response)
    };
    let body = match serialised {
        Ok(body) => Bytes::from(body),
        Err(e) => {
            tracing::error!(error = %e, "serialising a response failed");
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                media,
                "internal server error",
                "INTERNAL_SERVER_ERROR",
            );
        }
    };
    let version = cached.as_ref().map_or(0, |(_, _, version)| *version);
    let kept = super::cache::Kept {
        status,
        body,
        version,
    };
    // Only answers without errors are kept: an error may be passing (a build in progress).
    if let Some((cache, key, _)) = cached
        && codes.is_empty()
    {
        cache.put(key, kept.clone());
    }
    answer(&method, headers, media, locale, kept, retry_after, false)
}

/// The HTTP response of an answer: its status, media type, language and, for a GET, its
/// entity tag, or 304 when the client's `If-None-Match` names that tag already. `hit` says
/// whether the cache gave it (`x-cache: hit` or `miss`).
fn answer(
    method: &Method,
    request_headers: &HeaderMap,
    media: MediaType,
    locale: Locale,
    kept: super::cache::Kept,
    retry_after: Option<u64>,
    hit: bool,
) -> Response {
    // GET answers can be cached by browsers and CDNs: the tag names the data version and the
    // body, so it changes with the first write that changes the answer.
    let etag = (*method == Method::GET && kept.version != 0).then(|| kept.etag());
    let unchanged = etag.as_deref().is_some_and(|etag| {
        request_headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|wanted| wanted.split(',').any(|w| w.trim() == etag))
    });
    let mut http = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (kept.status, kept.body).into_response()
    };
    let headers = http.headers_mut();
    if !unchanged {
        headers.insert(header::CONTENT_TYPE, media.header());
    }
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(locale.tag()),
    );
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
    headers.append(header::VARY, HeaderValue::from_static("Accept"));
    if let Some(etag) = etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(
        HeaderName::from_static("x-cache"),
        HeaderValue::from_static(if hit { "hit" } else { "miss" }),
    );
    // An error that says when to retry (the search index being built) says it in the header
    // too, where HTTP clients and proxies look for it.
    if let Some(seconds) = retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    http
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_negotiation_follows_the_specification() {
        use MediaType::*;
        let cases: &[(Option<&str>, Option<MediaType>)] = &[
            (None, Some(Json)),
            (Some(""), Some(Json)),
            (
                Some("application/graphql-response+json"),
                Some(GraphqlResponse),
            ),
            (Some("application/json"), Some(Json)),
            (Some("*/*"), Some(Json)),
            (
                Some("application/graphql-response+json, */*;q=0.5"),
                Some(GraphqlResponse),
            ),
            (
                Some("application/json, application/graphql-response+json;q=0.9"),
                Some(Json),
            ),
            (
                Some("application/graphql-response+json, application/json;q=0.9"),
                Some(GraphqlResponse),
            ),
            (Some("text/html"), None),
            (Some("application/json;q=0"), None),
        ];
        for (accept, expected) in cases {
            assert_eq!(negotiate_media_type(*accept), *expected, "{accept:?}");
        }
    }

    #[test]
    fn only_utf8_json_bodies_are_accepted() {
        let check = |v: &'static str| is_json_content_type(Some(&HeaderValue::from_static(v)));
        assert!(check("application/json"));
        assert!(check("application/json; charset=utf-8"));
        assert!(check("Application/JSON;charset=\"UTF-8\""));
        assert!(!check("application/json; charset=latin1"));
        assert!(!check("text/plain"));
        assert!(!check("application/x-www-form-urlencoded"));
        assert!(!is_json_content_type(None));
    }
}
