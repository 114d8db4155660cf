//! `/graphql/ws`: GraphQL over WebSocket with the graphql-transport-ws protocol (the one the
//! `graphql-ws` npm client speaks; the older subscriptions-transport-ws is accepted too).
//! Subscriptions are served here, and queries and mutations as well, with the same schema,
//! locale negotiation and API keys as `/graphql`.

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;

use super::AppState;
use super::graphql::{credentials, request_locale};
use crate::graphql::Credentials;
use crate::graphql::localized::RequestLocale;

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
    let schema = state.schema.clone();
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
