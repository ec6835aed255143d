//! The app: the routes merged in one place, and the headers every response carries.
//!
//! `app()` is apart from `main` so tests can build the router and call it without a socket.
//! What the handlers share is [`crate::state::AppState`].

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::routes;
use crate::state::AppState;

/// The Content-Security-Policy of every page: scripts only from our own `/static/`, never
/// inline; nothing from any other host (the app works offline).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The whole app.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(routes::pages::router())
        .merge(routes::dissect::router())
        .merge(routes::cells::router())
        .merge(routes::echo::router())
        .merge(routes::labs::router())
        .merge(routes::exercises::router())
        .merge(routes::book::router())
        .merge(routes::lang::router())
        .merge(routes::tables::router())
        .merge(routes::room::router())
        .merge(routes::teacher::router())
        // Classroom mode's LAN rules (a no-op when serving alone).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::classroom::guard::guard,
        ))
        .with_state(state)
        // No cross-site simple POST to /api/, and a cap on every API body.
        .layer(axum::middleware::from_fn(routes::guard::guard))
        .layer(routes::guard::body_limit())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
}
