//! Assembling and running the server: opens the database, loads the translations, builds the
//! schema and the router with its layers, binds the listener and shuts down gracefully.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Method, StatusCode, header};
use axum::routing::get;
use tower_http::cors::{Any, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::ServeArgs;
use crate::db::Db;
use crate::graphql::{DealgraphSchema, build_schema};
use crate::http;
use crate::l10n::Localizer;

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The GraphQL schema, with the database in its context.
    pub schema: DealgraphSchema,
    /// The database, for health checks.
    pub db: Db,
    /// Whether responses report their SQL statement count.
    pub expose_statement_counts: bool,
}

/// The router with every route and layer.
pub fn router(db: Db, l10n: Arc<Localizer>, args: &ServeArgs) -> Router {
    let state = AppState {
        schema: build_schema(db.clone(), l10n),
        db,
        expose_statement_counts: args.expose_statement_counts,
    };
    let request_timeout = Duration::from_secs(args.request_timeout);
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .route("/", get(http::playground))
        .route("/graphql", get(http::graphql_get).post(http::graphql_post))
        .route("/healthz", get(http::healthz))
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([
                    header::CONTENT_TYPE,
                    header::ACCEPT,
                    header::ACCEPT_LANGUAGE,
                ]),
        )
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// A server that is listening.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
    db: Db,
}

impl Server {
    /// Opens the database (migrating and seeding it as needed) and binds the listener.
    pub async fn bind(args: &ServeArgs) -> anyhow::Result<Self> {
        let path = args.database.path.clone();
        let readers = args.readers();
        let (db, report) = tokio::task::spawn_blocking(move || Db::open(&path, readers))
            .await
            .context("opening the database")??;
        tracing::info!(
            database = %db.path().display(),
            migrations_applied = report.migrations_applied,
            seeded = report.seeded,
            "database ready"
        );
        let l10n = Arc::new(Localizer::new().context("loading the translations")?);
        // The search index is brought up to date (first start, changed translations, data
        // changed offline) in the background: on a large database a rebuild takes a while, and
        // the rest of the API need not wait for it. A search waits for it on the writer.
        let (index_db, index_l10n) = (db.clone(), Arc::clone(&l10n));
        tokio::spawn(async move {
            if let Err(error) = crate::db::search::ensure_current(&index_db, index_l10n).await {
                tracing::error!(%error, "updating the search index failed; the next search retries");
            }
        });
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        let router = router(db.clone(), l10n, args);
        Ok(Self {
            listener,
            router,
            db,
        })
    }

    /// The address the server listens on (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// The database the server serves.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves requests until `shutdown` completes, then finishes the requests in flight.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let addr = self.local_addr()?;
        tracing::info!(%addr, "listening: playground at http://{addr}/, API at http://{addr}/graphql");
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving")
    }
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
