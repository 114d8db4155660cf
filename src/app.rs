//! Running the server: opens the database, loads the translations, starts bringing the search
//! index up to date, binds the listener with the router of `crate::http`, and shuts down
//! gracefully.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;

use crate::config::ServeArgs;
use crate::db::Db;
use crate::http::{self, router};
use crate::l10n::Localizer;

/// What the HTTP layer is set up with, from the command line's options.
fn http_settings(args: &ServeArgs, name: String) -> http::Settings {
    http::Settings {
        limits: crate::graphql::limits::Limits {
            max_cost: args.max_cost,
            max_response_bytes: args.max_response_bytes,
        },
        request_timeout: std::time::Duration::from_secs(args.request_timeout),
        max_in_flight: usize::try_from(args.max_in_flight).unwrap_or(usize::MAX),
        cors_origins: args.cors_origins.clone(),
        rate: http::rate::Settings {
            per_second: args.rate_limit,
            burst: args.rate_limit_burst,
            behind_proxy: args.behind_proxy,
        },
        playground_assets: args.playground_assets.clone(),
        response_cache_bytes: args.response_cache_bytes,
        expose_statement_counts: args.expose_statement_counts,
        name,
    }
}

/// A server that is listening.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
    db: Db,
    grace: std::time::Duration,
    /// How long /readyz answers 503 before the listener closes, once asked to stop.
    drain: std::time::Duration,
    header_timeout: std::time::Duration,
}

impl Server {
    /// Opens the database (migrating and seeding it as needed) and binds the listener.
    pub async fn bind(args: &ServeArgs) -> anyhow::Result<Self> {
        let location = args.database.location.clone();
        let readers = args.readers();
        let (standbys, max_staleness) = (
            args.read_replicas.clone(),
            args.max_staleness.map(std::time::Duration::from_secs),
        );
        let (db, report) = tokio::task::spawn_blocking(move || {
            Db::open_replicated(location, readers, true, &standbys, max_staleness)
        })
        .await
        .context("opening the database")??;
        tracing::info!(
            database = %db.location(),
            migrations_applied = report.migrations_applied,
            seeded = report.seeded,
            "database ready"
        );
        // Changes reach this server's subscribers whichever process commits them.
        db.start_change_feed();
        let l10n = Arc::new(Localizer::new().context("loading the translations")?);
        // The search index is brought up to date (first start, changed translations, data
        // changed offline) in the background: on a large database a rebuild takes a while, and
        // the rest of the API need not wait for it. A search waits for it on the writer.
        let (index_db, index_l10n) = (db.clone(), Arc::clone(&l10n));
        tokio::spawn(async move {
            match crate::search::ensure_current(&index_db, index_l10n).await {
                // Another process (a second server on the same file) is building it.
                Err(error) if error.code() == "SEARCH_INDEX_BUILDING" => {
                    tracing::info!("another process is building the search index");
                }
                Err(error) => tracing::error!(
                    ?error,
                    "updating the search index failed; the next search retries"
                ),
                Ok(_) => {}
            }
        });
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        let name = match &args.name {
            Some(name) => name.clone(),
            None => listener.local_addr()?.to_string(),
        };
        let router = router(db.clone(), l10n, &http_settings(args, name));
        Ok(Self {
            listener,
            router,
            db,
            grace: std::time::Duration::from_secs(args.shutdown_grace),
            drain: std::time::Duration::from_secs(args.shutdown_drain),
            header_timeout: std::time::Duration::from_secs(args.header_timeout),
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

    /// Serves requests until `shutdown` completes, then finishes the requests in flight for at
    /// most the grace period (closing the connections still open after it), and checkpoints
    /// the write-ahead log into the database file.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let addr = self.local_addr()?;
        tracing::info!(%addr, "listening: playground at http://{addr}/, API at http://{addr}/graphql");
        // hyper's own connection loop rather than `axum::serve`, which cannot time out a
        // client stalled in its headers: such a client would hold its connection, and keep a
        // shutting-down server waiting, for as long as it likes.
        let mut builder = Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_timeout)
            // Well above the router's own limit on header fields, so that a request with too
            // many is refused there, with a body that says so, rather than by the parser.
            .max_headers(1_024);
        let graceful = GracefulShutdown::new();
        let mut shutdown = std::pin::pin!(shutdown);
        // Once asked to stop: first answer /readyz with 503 for the drain period, still taking
        // requests, so that a load balancer stops sending any before the port closes.
        let drain = self.drain;
        let db = self.db.clone();
        let mut drained = std::pin::pin!(async move {
            shutdown.as_mut().await;
            if !drain.is_zero() {
                db.start_draining();
                tracing::info!(
                    ?drain,
                    "draining: /readyz answers 503 until the listener closes"
                );
                tokio::time::sleep(drain).await;
            }
        });
        loop {
            let (stream, peer) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors and the like: wait a moment, keep serving.
                        tracing::warn!(%error, "accepting a connection failed");
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut drained => break,
            };
            // The peer's address, for the per-client rate limit.
            let service = TowerToHyperService::new(tower::Layer::layer(
                &axum::Extension(axum::extract::ConnectInfo(peer)),
                self.router.clone(),
            ));
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                // A client that goes away mid-request is its own business, not the server's.
                let _ = connection.await;
            });
        }
        drop(self.listener);
        tracing::info!("shutting down: finishing the requests in flight");
        // Subscriptions would otherwise wait for changes forever: each completes now.
        self.db.close_subscriptions();
        let outcome = tokio::select! {
            () = graceful.shutdown() => Ok(()),
            () = tokio::time::sleep(self.grace) => {
                tracing::warn!(grace = ?self.grace, "grace period over: closing the connections still open");
                Ok(())
            }
        };
        if let Err(error) = self.db.checkpoint().await {
            tracing::warn!(?error, "checkpointing the write-ahead log failed");
        }
        outcome
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
}
