//! A real graphql-transport-ws client (`graphql-ws-client`, which speaks the protocol of the
//! `graphql-ws` npm client) for the tests that subscribe: the API tests and the cluster tests
//! both include this file.

use graphql_ws_client::graphql::GraphqlOperation;
use serde::Serialize;
use serde_json::Value;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

/// A GraphQL operation as the client sends it; its answer is the raw JSON.
#[derive(Serialize)]
pub struct Operation {
    query: String,
    variables: Value,
}

impl GraphqlOperation for Operation {
    type Response = Value;
    type Error = serde_json::Error;

    fn decode(&self, data: Value) -> Result<Value, serde_json::Error> {
        Ok(data)
    }
}

/// The operation `query` with `variables`.
pub fn operation(query: &str, variables: Value) -> Operation {
    Operation {
        query: query.to_owned(),
        variables,
    }
}

/// A client connected to `/graphql/ws` at `addr` (`host:port`), with `init` as its connection
/// payload.
pub async fn connect_to(addr: &str, init: Value) -> graphql_ws_client::Client {
    let mut request = format!("ws://{addr}/graphql/ws")
        .into_client_request()
        .expect("a request");
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (connection, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("the WebSocket opens");
    let (client, actor) = graphql_ws_client::Client::build(connection)
        .payload(init)
        .expect("a payload")
        .build()
        .await
        .expect("the connection is acknowledged");
    tokio::spawn(actor.into_future());
    client
}
