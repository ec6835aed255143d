//! The opening handshake on the server side, by hand (RFC 6455 §4.2).
//!
//! axum hands us the parsed request; the `websocket` crate decides whether it is a valid
//! WebSocket opening handshake and what the 101 response says. This module adds what only a
//! server knows: whether the page's Origin may connect (§10.2), whether there is room (the
//! connection cap), and how to get the raw connection back from hyper after the 101
//! (`hyper::upgrade::on`).

use std::future::Future;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, Version};
use axum::response::Response;
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio::sync::OwnedSemaphorePermit;
use websocket::handshake::{self, Accepted, RequestHead};

use crate::error::AppError;
use crate::origin::OriginCheck;
use crate::state::AppState;

/// The raw connection after the 101, as tokio reads and writes it.
pub type WsIo = TokioIo<Upgraded>;

/// An accepted opening handshake: the 101 to send, what was agreed, and the connection to
/// come.
#[allow(missing_debug_implementations)] // `socket` is an opaque future
pub struct Upgrade<S> {
    /// The 101 Switching Protocols response.
    pub response: Response,
    /// What the handshake said and what the server chose.
    pub accepted: Accepted,
    /// Yields the upgraded connection (with its connection-cap permit) once hyper has sent
    /// the 101; `None` if the upgrade failed.
    pub socket: S,
}

/// Validates a WebSocket opening handshake (RFC 6455 §4.2.1), checks its Origin (§10.2) and
/// the connection cap, and prepares the 101 response (§4.2.2).
pub fn accept(
    state: &AppState,
    mut req: Request,
    protocols: &[&str],
) -> Result<
    Upgrade<impl Future<Output = Option<(WsIo, OwnedSemaphorePermit)>> + Send + 'static>,
    AppError,
> {
    let accepted = validate(&req, protocols)?;
    check_origin(&state.origins, &accepted)?;
    let permit = state
        .ws_permits
        .clone()
        .try_acquire_owned()
        .map_err(|_| AppError::TooManyConnections)?;

    let on_upgrade = hyper::upgrade::on(&mut req);
    let socket = async move {
        match on_upgrade.await {
            Ok(upgraded) => Some((TokioIo::new(upgraded), permit)),
            Err(e) => {
                tracing::warn!(error = %e, "the upgrade to WebSocket failed after the 101");
                None
            }
        }
    };
    Ok(Upgrade {
        response: switching_protocols(&accepted),
        accepted,
        socket,
    })
}

/// Runs the `websocket` crate's validation on axum's view of the request.
pub fn validate(req: &Request, protocols: &[&str]) -> Result<Accepted, AppError> {
    // RFC 6455 speaks of HTTP/1.1 only; WebSocket over HTTP/2 (RFC 8441) is not offered, so
    // any other version is presented to the validator as "not HTTP/1.1".
    let http_minor_version = match req.version() {
        Version::HTTP_11 => 1,
        _ => 0,
    };
    let head = RequestHead {
        method: req.method().as_str(),
        path: req.uri().path_and_query().map_or("/", |p| p.as_str()),
        http_minor_version,
        headers: req
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
            .collect(),
    };
    handshake::validate_request(&head, protocols).map_err(AppError::Handshake)
}

/// RFC 6455 §10.2: a server that serves browsers checks the Origin of the page that opens the
/// socket ([`OriginCheck`]). Clients that are not browsers send no Origin and are let in.
pub fn check_origin(origins: &OriginCheck, accepted: &Accepted) -> Result<(), AppError> {
    match accepted.origin.as_deref() {
        Some(origin) if !origins.allows(origin, accepted.host.as_deref()) => {
            Err(AppError::ForeignOrigin(origin.to_owned()))
        }
        _ => Ok(()),
    }
}

fn switching_protocols(accepted: &Accepted) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    for (name, value) in accepted.response_headers() {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            headers.insert(name, value);
        }
    }
    response
}
