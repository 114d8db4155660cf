//! `/graphql/ws`: GraphQL over WebSocket with the graphql-transport-ws protocol (the one the
//! `graphql-ws` npm client speaks; the older subscriptions-transport-ws is accepted too).
//! Subscriptions are served here, and queries and mutations as well, with the same schema,
//! locale negotiation, API keys, error codes and metrics as `/graphql`.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Instant;

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::stream::{BoxStream, Stream, StreamExt};

use super::AppState;
use super::graphql::{credentials, error_codes, operation_label, operation_of, request_locale};
use crate::db::count::STATEMENT_COUNTER;
use crate::graphql::errors::{self, ArgumentPositions};
use crate::graphql::localized::RequestLocale;
use crate::graphql::{Credentials, DealgraphSchema};

/// How long a connection may stay silent before the server closes it; clients ping well
/// within it.
const KEEPALIVE: std::time::Duration = std::time::Duration::from_secs(60);

/// `GET /graphql/ws`: upgrades to a WebSocket and serves GraphQL on it.
pub async fn graphql_ws(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let locale = request_locale(&headers);
    // An API key may come with the upgrade request (non-browser clients) or, since browsers
    // cannot set headers on a WebSocket, in the `connection_init` payload.
    let from_headers = credentials(&headers);
    let schema = Metered(state.schema.clone());
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .keepalive_timeout(KEEPALIVE)
                .on_connection_init(move |payload| async move {
                    let mut data = Data::default();
                    data.insert(RequestLocale(locale));
                    data.insert(match from_headers.0 {
                        Some(token) => Credentials(Some(token)),
                        None => Credentials(init_token(&payload)),
                    });
                    Ok(data)
                })
                .serve()
        })
}

/// The schema as the WebSocket runs it: each answer's errors get their codes as over HTTP,
/// and each operation is counted in the metrics with its SQL statements.
#[derive(Clone)]
struct Metered(DealgraphSchema);

impl Executor for Metered {
    async fn execute(&self, request: Request) -> async_graphql::Response {
        let mut answers = self.execute_stream(request, None);
        answers
            .next()
            .await
            .unwrap_or_else(|| async_graphql::Response::new(async_graphql::Value::Null))
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, async_graphql::Response> {
        let requested = request.operation_name.clone();
        let ((ty, name), arguments) = match request.parsed_query() {
            Ok(document) => (
                operation_of(document, requested.as_deref()),
                ArgumentPositions::of(document),
            ),
            Err(_) => ((None, None), ArgumentPositions::default()),
        };
        let answers = match session_data {
            Some(data) => self.0.execute_stream_with_session_data(request, data),
            None => self.0.execute_stream(request).boxed(),
        };
        MeteredAnswers {
            answers,
            ty,
            name,
            arguments,
            statements: Arc::new(AtomicU64::new(0)),
            started: Instant::now(),
        }
        .boxed()
    }
}

/// The answers of one operation over the WebSocket, counted as they go out.
struct MeteredAnswers {
    answers: BoxStream<'static, async_graphql::Response>,
    ty: Option<OperationType>,
    name: Option<String>,
    arguments: ArgumentPositions,
    /// SQL statements run since the last answer.
    statements: Arc<AtomicU64>,
    started: Instant,
}

impl Stream for MeteredAnswers {
    type Item = async_graphql::Response;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        // The statements the operation runs while it is polled are counted as the request's,
        // as `/graphql` counts them.
        let polled = STATEMENT_COUNTER.sync_scope(Arc::clone(&this.statements), || {
            this.answers.poll_next_unpin(cx)
        });
        let Poll::Ready(Some(mut answer)) = polled else {
            return polled;
        };
        errors::classify(&mut answer, &this.arguments);
        let statements = this.statements.swap(0, Ordering::Relaxed);
        let codes = error_codes(&answer);
        if this.ty == Some(OperationType::Subscription) {
            crate::metrics::record_subscription_event(&codes, statements);
        } else {
            crate::metrics::record_request(
                operation_label(this.ty),
                this.name.as_deref(),
                &codes,
                this.started.elapsed(),
                statements,
            );
        }
        Poll::Ready(Some(answer))
    }
}

/// The API key in a `connection_init` payload: `{"Authorization": "Bearer <token>"}` (any
/// case), optionally inside `headers`, or `{"token": "<token>"}`.
fn init_token(payload: &serde_json::Value) -> Option<String> {
    let object = payload.as_object()?;
    let headers = object
        .get("headers")
        .and_then(|h| h.as_object())
        .unwrap_or(object);
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .and_then(|(_, v)| v.as_str())
        .and_then(crate::auth::bearer)
        .or_else(|| object.get("token").and_then(|t| t.as_str()))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::init_token;
    use serde_json::json;

    #[test]
    fn the_key_comes_from_the_init_payload_in_any_usual_place() {
        for payload in [
            json!({"Authorization": "Bearer dg_x"}),
            json!({"authorization": "Bearer dg_x"}),
            json!({"headers": {"Authorization": "Bearer dg_x"}}),
            json!({"token": "dg_x"}),
        ] {
            assert_eq!(init_token(&payload).as_deref(), Some("dg_x"), "{payload}");
        }
        assert_eq!(init_token(&json!({})), None);
        assert_eq!(init_token(&json!(null)), None);
    }
}
