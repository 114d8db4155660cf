//! The GraphiQL playground at `/`, and its browser assets at `/playground/…`.
//!
//! The assets (GraphiQL's and React's production builds) are not part of this repository:
//! they arrive as the npm dependencies of `playground/package.json` (`npm ci --prefix
//! playground`), and the server reads them from there once, at start. With them, the page
//! needs nothing but this server, so it works without internet. Without them, the page loads
//! the same pinned versions from the unpkg CDN, and the server says so in its log.

use std::path::Path;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// The versions of the assets, as `playground/package.json` pins them; the CDN fallback loads
/// the same ones.
const GRAPHIQL: &str = "graphiql@3.8.2";
const REACT: &str = "react@18.3.1";
const REACT_DOM: &str = "react-dom@18.3.1";

/// Each asset: the name it is served under, its path in the npm dependencies, its package
/// for the CDN, and its media type.
const ASSETS: [(&str, &str, &str, &str); 4] = [
    (
        "react.production.min.js",
        "react/umd/react.production.min.js",
        REACT,
        "text/javascript; charset=utf-8",
    ),
    (
        "react-dom.production.min.js",
        "react-dom/umd/react-dom.production.min.js",
        REACT_DOM,
        "text/javascript; charset=utf-8",
    ),
    (
        "graphiql.min.js",
        "graphiql/graphiql.min.js",
        GRAPHIQL,
        "text/javascript; charset=utf-8",
    ),
    (
        "graphiql.min.css",
        "graphiql/graphiql.min.css",
        GRAPHIQL,
        "text/css; charset=utf-8",
    ),
];

/// The playground page and, when they were found, its assets in memory.
pub struct Playground {
    page: String,
    /// The assets by the name they are served under, when all of them were found.
    assets: Option<Vec<(&'static str, &'static str, Bytes)>>,
}

impl Playground {
    /// The playground with the assets under `dir` (the `node_modules` of `playground/`), or
    /// the CDN's when they are not all there.
    pub fn load(dir: &Path) -> Arc<Self> {
        let mut found = Vec::new();
        for (name, path, _, media) in ASSETS {
            match std::fs::read(dir.join(path)) {
                Ok(bytes) => found.push((name, media, Bytes::from(bytes))),
                Err(_) => {
                    tracing::warn!(
                        missing = %dir.join(path).display(),
                        "the playground's assets are not installed (npm ci --prefix playground): \
                         the page at / loads them from unpkg.com, which needs internet"
                    );
                    return Arc::new(Self {
                        page: page(|name, package| {
                            format!("https://unpkg.com/{package}/{}", cdn_path(name))
                        }),
                        assets: None,
                    });
                }
            }
        }
        Arc::new(Self {
            page: page(|name, _| format!("/playground/{name}")),
            assets: Some(found),
        })
    }

    /// Whether the page is served with local assets.
    pub fn is_offline(&self) -> bool {
        self.assets.is_some()
    }
}

/// Where the CDN keeps an asset in its package.
fn cdn_path(name: &str) -> &'static str {
    ASSETS
        .iter()
        .find(|(n, ..)| *n == name)
        .map_or("", |(_, path, ..)| {
            // The package's own path, without the package folder.
            path.split_once('/').map_or(*path, |(_, rest)| rest)
        })
}

/// The page, with each asset's URL from `url(name, package)`.
fn page(url: impl Fn(&str, &str) -> String) -> String {
    let src = |name: &str| {
        let package = ASSETS
            .iter()
            .find(|(n, ..)| *n == name)
            .map_or("", |(_, _, package, _)| *package);
        url(name, package)
    };
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>dealgraph</title>
  <link rel="stylesheet" href="{css}">
  <style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
  <div id="graphiql">Loading the playground…</div>
  <script src="{react}"></script>
  <script src="{react_dom}"></script>
  <script src="{graphiql}"></script>
  <script>
    const socket = (location.protocol === "https:" ? "wss://" : "ws://") + location.host;
    const fetcher = GraphiQL.createFetcher({{
      url: "/graphql",
      subscriptionUrl: socket + "/graphql/ws",
    }});
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {{ fetcher, defaultEditorToolsVisibility: true }}),
    );
  </script>
</body>
</html>
"#,
        css = src("graphiql.min.css"),
        react = src("react.production.min.js"),
        react_dom = src("react-dom.production.min.js"),
        graphiql = src("graphiql.min.js"),
    )
}

/// `GET /`: the playground, pointed at `/graphql` and `/graphql/ws`.
pub async fn page_handler(State(state): State<super::AppState>) -> Html<String> {
    Html(state.playground.page.clone())
}

/// `GET /playground/{name}`: one of the playground's assets.
pub async fn asset(
    State(state): State<super::AppState>,
    UrlPath(name): UrlPath<String>,
) -> Response {
    let found = state
        .playground
        .assets
        .as_ref()
        .and_then(|assets| assets.iter().find(|(n, ..)| *n == name));
    match found {
        Some((_, media, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(media)),
                // The versions are pinned: a browser may keep them for a day.
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ),
            ],
            bytes.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_local_assets_the_page_loads_the_pinned_versions_from_the_cdn() {
        let playground = Playground::load(Path::new("/nonexistent"));
        assert!(!playground.is_offline());
        assert!(
            playground
                .page
                .contains("https://unpkg.com/graphiql@3.8.2/graphiql.min.js")
        );
        assert!(
            playground
                .page
                .contains("https://unpkg.com/react@18.3.1/umd/react.production.min.js")
        );
        assert!(!playground.page.contains("development"));
    }
}
