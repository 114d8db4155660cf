//! The optional per-client rate limit on the API (`--rate-limit`): each client address may
//! make so many requests per second, with a burst allowance; one more is answered 429 with
//! `Retry-After` at once. GCRA from the `governor` crate, keyed by the client's address (the
//! connection's peer, or, behind a reverse proxy, the address the proxy appends to
//! `X-Forwarded-For`).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// How many requests pass between two sweeps of the addresses not seen for a while, which
/// keeps the limiter's memory bounded by the clients of the last moments.
const SWEEP_EVERY: u64 = 4_096;

/// How the rate limit is set.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    /// Requests per second per client; 0 sets no limit.
    pub per_second: u32,
    /// Requests a client may make at once within its rate; 0 means as many as `per_second`.
    pub burst: u32,
    /// Whether the client is the last address of `X-Forwarded-For` (the server runs behind a
    /// reverse proxy) rather than the connection's peer.
    pub behind_proxy: bool,
}

/// The rate limit, shared by every request.
#[derive(Clone)]
pub struct RateLimit {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
    /// Whether the client is the last address of `X-Forwarded-For` rather than the peer.
    behind_proxy: bool,
    checks: Arc<AtomicU64>,
}

impl RateLimit {
    /// The limit `settings` describe; `None` when their rate is 0 (no limit).
    pub fn new(settings: Settings) -> Option<Self> {
        let rate = NonZeroU32::new(settings.per_second)?;
        let burst = NonZeroU32::new(settings.burst).unwrap_or(rate);
        let behind_proxy = settings.behind_proxy;
        Some(Self {
            limiter: Arc::new(DefaultKeyedRateLimiter::keyed(
                Quota::per_second(rate).allow_burst(burst),
            )),
            clock: DefaultClock::default(),
            behind_proxy,
            checks: Arc::new(AtomicU64::new(0)),
        })
    }

    /// The address a request is counted against.
    fn client(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
        if self.behind_proxy {
            // The last address is the one the proxy itself appended: the earlier ones are
            // whatever the client chose to send.
            let forwarded = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|a| a.trim().parse::<IpAddr>().ok());
            if forwarded.is_some() {
                return forwarded;
            }
        }
        peer.map(|p| p.ip())
    }
}

/// The middleware: passes a request within its client's allowance (every request when no
/// limit is configured), answers 429 otherwise.
pub async fn limit(
    State(rate): State<Option<RateLimit>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(rate) = rate else {
        return next.run(request).await;
    };
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let Some(client) = rate.client(request.headers(), peer) else {
        return next.run(request).await;
    };
    if rate.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
        rate.limiter.retain_recent();
        rate.limiter.shrink_to_fit();
    }
    match rate.limiter.check_key(&client) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(rate.clock.now());
            crate::metrics::record_rate_limited();
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                super::graphql::error_body(
                    &format!(
                        "this client sent more requests than the rate limit allows; retry in \
                         {} ms",
                        wait.as_millis().max(1)
                    ),
                    "RATE_LIMITED",
                ),
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behind_a_proxy_the_client_is_the_address_the_proxy_appended() {
        let rate = RateLimit::new(Settings {
            per_second: 1,
            burst: 1,
            behind_proxy: true,
        })
        .expect("a limit");
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.7"),
        );
        let peer: SocketAddr = "10.0.0.1:4000".parse().expect("an address");
        assert_eq!(
            rate.client(&headers, Some(peer)),
            "203.0.113.7".parse().ok()
        );
        assert_eq!(rate.client(&HeaderMap::new(), Some(peer)), Some(peer.ip()));
        let direct = RateLimit::new(Settings {
            per_second: 1,
            burst: 1,
            behind_proxy: false,
        })
        .expect("a limit");
        assert_eq!(direct.client(&headers, Some(peer)), Some(peer.ip()));
        assert!(
            RateLimit::new(Settings {
                per_second: 0,
                burst: 5,
                behind_proxy: false
            })
            .is_none()
        );
    }
}
