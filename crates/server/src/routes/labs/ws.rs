//! The live WebSocket lab's endpoints:
//!
//! - `POST /api/lab/ws/sessions`: a fresh session (201 with its id and limits);
//! - `GET /lab/ws/events/{id}`: the inspector stream (Server-Sent Events, replayed from the
//!   session's history on reconnect, by `Last-Event-ID`);
//! - `GET /ws/lab?session={id}`: the learner's socket, echoing like `/ws/echo`, its bytes
//!   tapped and dissected;
//! - `GET /api/lab/ws/{id}/clock`: the session's clock now (`{"t_ms": …}`, the origin of
//!   every event's `t_ms`), which the page reads a few times at the start to put its own
//!   events on the same clock (NTP-style: the midpoint of the round trip, ± half of it);
//! - `POST /api/lab/ws/{id}/ask`: what a browser's WebSocket API cannot make, made by the
//!   server (fragments, pings, unsolicited pongs, each close code, a deliberate protocol
//!   error);
//! - `POST /api/lab/ws/{id}/raw` with hex in the body: the learner's bytes sent exactly as
//!   built by the lab's own raw client ([`crate::labs::ws::raw`]), over `/ws/lab/raw`; the
//!   answer is the server's frames and close, and both directions go to the stream;
//! - `GET /api/lab/ws/{id}/export?format=json|md|pcap|har`: the session for other tools
//!   ([`super::export`]).
//!
//! The lab's first URLs, from before both labs shared one pattern, answer the same:
//!
//! | first URL                  | canonical                     |
//! |----------------------------|-------------------------------|
//! | `POST /api/lab/sessions`   | `POST /api/lab/ws/sessions`   |
//! | `GET /lab/events/{id}`     | `GET /lab/ws/events/{id}`     |
//! | `POST /api/lab/{id}/ask`   | `POST /api/lab/ws/{id}/ask`   |
//!
//! (the whole API router is mounted at `/api/lab` too, so an action added to it answers at
//! both places).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;
use websocket::close::CloseCode;
use websocket::connection::{Config, Connection};
use websocket::opcode::Opcode;

use super::{Lab, events, mount, session};
use crate::error::AppError;
use crate::labs::event::{LabEvent, Side};
use crate::labs::h2::client::reachable;
use crate::labs::registry::Registry;
use crate::labs::session::Session;
use crate::labs::ws::raw::{self, RawError};
use crate::labs::ws::session::AskError;
use crate::labs::ws::{
    LAB_MAX_MESSAGE, LAB_PROTOCOLS, WsSession, askable_close_code, askable_close_codes,
};
use crate::net::driver::{self, Command, Echo};
use crate::net::tap::{TapHandle, TapSink};
use crate::net::upgrade;
use crate::state::AppState;

/// The most bytes of an ask's JSON body.
const MAX_ASK_BODY: usize = 128 * 1024;
/// The longest text the server will fragment.
const MAX_FRAGMENTED_TEXT: usize = 64 * 1024;
/// RFC 6455 §5.5: a control frame's payload is at most 125 bytes.
const MAX_CONTROL_PAYLOAD: usize = 125;
/// RFC 6455 §5.5.1: two of a Close payload's 125 bytes are the code.
const MAX_CLOSE_REASON: usize = 123;

impl Lab for WsSession {
    const NAME: &'static str = "ws";
    fn registry(state: &AppState) -> &Registry<Self> {
        &state.ws
    }
}

pub fn router() -> Router<AppState> {
    let api = || {
        Router::new()
            .route("/sessions", post(create_session))
            .route("/{id}/ask", post(ask))
            .route("/{id}/raw", post(raw_send))
            .route("/{id}/export", get(super::export::export::<WsSession>))
            .route("/{id}/clock", get(clock))
    };
    mount::<WsSession>(api())
        // The first URLs (see the module docs).
        .nest("/api/lab", api())
        .route("/lab/events/{id}", get(events::<WsSession>))
        .route("/ws/lab", get(lab_socket))
        .route("/ws/lab/raw", get(raw_socket))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_ASK_BODY))
}

async fn create_session(State(state): State<AppState>) -> Result<Response, AppError> {
    let (id, _) = state
        .ws
        .create(WsSession::default())
        .ok_or(AppError::TooManyLabs)?;
    let body = json!({
        "id": id,
        "max_message": LAB_MAX_MESSAGE,
        "max_frame": LAB_MAX_MESSAGE,
        "protocols": LAB_PROTOCOLS,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET /api/lab/ws/{id}/clock`: milliseconds since the session began, as `t_ms` counts.
async fn clock(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let session = session::<WsSession>(&state, &id)?;
    let t_ms = (session.shared().age().as_secs_f64() * 1_000_000.0).round() / 1000.0;
    let headers = [(axum::http::header::CACHE_CONTROL, "no-store")];
    Ok((headers, Json(json!({ "t_ms": t_ms }))).into_response())
}

#[derive(Debug, Deserialize)]
struct LabQuery {
    session: String,
}

async fn lab_socket(
    State(state): State<AppState>,
    Query(query): Query<LabQuery>,
    req: Request,
) -> Result<Response, AppError> {
    let session = session::<WsSession>(&state, &query.session)?;
    let tap = req.extensions().get::<TapHandle>().cloned();
    let upgrade = match upgrade::accept(&state, req, LAB_PROTOCOLS) {
        Ok(upgrade) => upgrade,
        Err(e) => {
            // The refusal is a lesson too: show the request and the answer.
            let head = tap.as_ref().map(TapHandle::head).unwrap_or_default();
            session.refused(&head, e.status().as_u16(), &e.message());
            if let Some(tap) = tap {
                tap.off();
            }
            return Err(e);
        }
    };
    let (commands_tx, commands_rx) = mpsc::channel::<Command>(16);
    let head = match &tap {
        Some(tap) => tap.claim(session.clone() as Arc<dyn TapSink>),
        None => Vec::new(),
    };
    let ends = ends(&state, tap.as_ref());
    session.handshake(&head, &upgrade.accepted, commands_tx, ends);

    let settings = state.settings.clone();
    let shutdown = state.shutdown.clone();
    let socket = upgrade.socket;
    state.ws_tasks.spawn(async move {
        if let Some((io, permit)) = socket.await {
            let limits = Config::at_most(LAB_MAX_MESSAGE);
            driver::run(io, &settings, limits, shutdown, Echo, Some(commands_rx)).await;
            drop(permit);
        }
    });
    Ok(upgrade.response)
}

/// A connection's client and server addresses, for the recording.
fn ends(state: &AppState, tap: Option<&TapHandle>) -> (SocketAddr, SocketAddr) {
    let server = reachable(state.settings.addr);
    let client = tap
        .and_then(TapHandle::peer)
        .unwrap_or_else(|| SocketAddr::new(server.ip(), 0));
    (client, server)
}

/// `GET /ws/lab/raw?session={id}`: the lab's raw client's socket, echoing like `/ws/lab`,
/// opened only while the session has a raw send under way.
async fn raw_socket(
    State(state): State<AppState>,
    Query(query): Query<LabQuery>,
    req: Request,
) -> Result<Response, AppError> {
    let session = session::<WsSession>(&state, &query.session)?;
    if !session.raw_pending() {
        return Err(bad(
            "this socket is the lab's raw client's: POST the bytes to /api/lab/{id}/raw",
        ));
    }
    let tap = req.extensions().get::<TapHandle>().cloned();
    let upgrade = upgrade::accept(&state, req, LAB_PROTOCOLS)?;
    if let Some(tap) = &tap {
        let head = tap.head();
        let sink = session.raw_sink(&head, ends(&state, Some(tap)));
        session.shared().emit(&LabEvent::Note {
            connection: Some(sink.number()),
            direction: Some(Side::Client),
            text: format!(
                "Connection {}: the lab's own raw client, on /ws/lab/raw: after the 101 it \
                 writes the bytes you built, exactly, in one write, and reads what the server \
                 answers for up to {} ms ({} ms of quiet ends it).",
                sink.number(),
                raw::WAIT.as_millis(),
                raw::QUIET.as_millis()
            ),
        });
        tap.claim(sink as Arc<dyn TapSink>);
    }
    let settings = state.settings.clone();
    let shutdown = state.shutdown.clone();
    let socket = upgrade.socket;
    state.ws_tasks.spawn(async move {
        if let Some((io, permit)) = socket.await {
            let limits = Config::at_most(LAB_MAX_MESSAGE);
            driver::run(io, &settings, limits, shutdown, Echo, None).await;
            drop(permit);
        }
    });
    Ok(upgrade.response)
}

/// `POST /api/lab/ws/{id}/raw`: the body's hex sent as built; the server's answer.
async fn raw_send(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: String,
) -> Result<Response, AppError> {
    let session = session::<WsSession>(&state, &id)?;
    let bytes = wire::parse_hex(&body).map_err(AppError::BadHex)?;
    if bytes.is_empty() {
        return Err(AppError::RawSend(RawError::Empty));
    }
    if bytes.len() > raw::MAX_RAW_BYTES {
        return Err(AppError::RawSend(RawError::TooLarge(bytes.len())));
    }
    let _guard = session
        .begin_raw()
        .ok_or(AppError::RawSend(RawError::Busy))?;
    let mut answer = raw::send(reachable(state.settings.addr), &id, &bytes)
        .await
        .map_err(AppError::RawSend)?;
    answer.connection = Some(session.last_raw()).filter(|&n| n > 0);
    Ok(Json(answer).into_response())
}

/// What the learner can ask the server to send.
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case", deny_unknown_fields)]
enum Ask {
    /// `text` as `parts` frames: Text, then Continuations (RFC 6455 §5.4).
    Fragmented { text: String, parts: usize },
    /// A Ping; the browser answers with a Pong on its own (RFC 6455 §5.5.2).
    Ping { payload: String },
    /// A Pong nobody asked for: allowed, a unidirectional heartbeat (RFC 6455 §5.5.3).
    Pong { payload: String },
    /// The closing handshake, started by the server with this code (RFC 6455 §7.4).
    Close { code: u16, reason: String },
    /// A frame with RSV1 set and no extension: the browser must fail the connection.
    ProtocolError,
    /// `size` random bytes as one binary message.
    Binary { size: usize },
}

fn bad(why: impl Into<String>) -> AppError {
    AppError::BadRequest(why.into())
}

fn command_for(ask: Ask) -> Result<Command, AppError> {
    Ok(match ask {
        Ask::Fragmented { text, parts } => {
            if !(2..=16).contains(&parts) {
                return Err(bad("parts must be between 2 and 16"));
            }
            if text.len() > MAX_FRAGMENTED_TEXT || text.len() < parts {
                return Err(bad(format!(
                    "the text must have at least one byte per part and at most {MAX_FRAGMENTED_TEXT} bytes"
                )));
            }
            Box::new(move |conn: &mut Connection, out: &mut Vec<u8>| {
                // Cut by bytes, not characters: a character may straddle two fragments, and
                // the receiver must still accept it (UTF-8 is checked across the message).
                let bytes = text.as_bytes();
                let size = bytes.len().div_ceil(parts);
                for (i, piece) in bytes.chunks(size).enumerate() {
                    let opcode = if i == 0 {
                        Opcode::Text
                    } else {
                        Opcode::Continuation
                    };
                    let fin = (i + 1) * size >= bytes.len();
                    let _ = conn.send_frame(fin, opcode, piece, out);
                }
            })
        }
        Ask::Ping { payload } if payload.len() > MAX_CONTROL_PAYLOAD => {
            return Err(bad(
                "a control frame carries at most 125 bytes (RFC 6455 §5.5)",
            ));
        }
        Ask::Pong { payload } if payload.len() > MAX_CONTROL_PAYLOAD => {
            return Err(bad(
                "a control frame carries at most 125 bytes (RFC 6455 §5.5)",
            ));
        }
        Ask::Ping { payload } => Box::new(move |conn: &mut Connection, out: &mut Vec<u8>| {
            let _ = conn.send_ping(payload.as_bytes(), out);
        }),
        Ask::Pong { payload } => Box::new(move |conn: &mut Connection, out: &mut Vec<u8>| {
            let _ = conn.send_pong(payload.as_bytes(), out);
        }),
        Ask::Close { code, reason } => {
            if !askable_close_code(code) {
                return Err(bad(format!(
                    "{code} is not a code to ask for: use {}",
                    askable_close_codes()
                )));
            }
            if reason.len() > MAX_CLOSE_REASON {
                return Err(bad("a close reason is at most 123 bytes (RFC 6455 §5.5.1)"));
            }
            Box::new(move |conn: &mut Connection, out: &mut Vec<u8>| {
                let _ = conn.send_close(Some(CloseCode::from(code)), &reason, out);
            })
        }
        Ask::ProtocolError => Box::new(|_: &mut Connection, out: &mut Vec<u8>| {
            // Written around the codec on purpose: the codec never sends a broken frame.
            let payload = b"RSV1 set, no extension";
            let mut header = websocket::frame::FrameHeader::new(Opcode::Text, payload.len() as u64);
            header.rsv1 = true;
            header.encode(out);
            out.extend_from_slice(payload);
        }),
        Ask::Binary { size } => {
            if size > LAB_MAX_MESSAGE {
                return Err(bad(format!("at most {LAB_MAX_MESSAGE} bytes")));
            }
            let mut data = vec![0u8; size];
            getrandom::fill(&mut data).map_err(|_| bad("no randomness available"))?;
            Box::new(move |conn: &mut Connection, out: &mut Vec<u8>| {
                let _ = conn.send_binary(&data, out);
            })
        }
    })
}

async fn ask(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: String,
) -> Result<Response, AppError> {
    let session = session::<WsSession>(&state, &id)?;
    let ask: Ask = serde_json::from_str(&body).map_err(|e| bad(format!("bad ask: {e}")))?;
    let command = command_for(ask)?;
    session.ask(command).map_err(|e| match e {
        AskError::NotConnected => AppError::NotConnected,
        AskError::Busy => bad("the socket is busy; try again"),
    })?;
    Ok(StatusCode::ACCEPTED.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ask: &str) -> Result<Vec<u8>, String> {
        let ask: Ask = serde_json::from_str(ask).map_err(|e| e.to_string())?;
        let command = command_for(ask).map_err(|e| e.message())?;
        let mut conn = Connection::new(websocket::connection::Role::Server, Config::default());
        let mut out = Vec::new();
        command(&mut conn, &mut out);
        Ok(out)
    }

    #[test]
    fn fragments_are_text_then_continuations() {
        let out = run(r#"{"action":"fragmented","text":"Hello","parts":3}"#).unwrap();
        assert_eq!(
            out,
            [0x01, 2, b'H', b'e', 0x00, 2, b'l', b'l', 0x80, 1, b'o']
        );
    }

    #[test]
    fn close_and_control_asks() {
        assert_eq!(
            run(r#"{"action":"close","code":4000,"reason":"x"}"#).unwrap(),
            [0x88, 3, 0x0f, 0xa0, b'x']
        );
        assert_eq!(
            run(r#"{"action":"ping","payload":"hi"}"#).unwrap(),
            [0x89, 2, b'h', b'i']
        );
        assert_eq!(run(r#"{"action":"pong","payload":""}"#).unwrap(), [0x8a, 0]);
        assert_eq!(run(r#"{"action":"protocol-error"}"#).unwrap()[0], 0xc1);
        assert_eq!(
            run(r#"{"action":"binary","size":300}"#).unwrap().len(),
            4 + 300
        );
    }

    #[test]
    fn bad_asks_are_refused() {
        for ask in [
            r#"{"action":"close","code":1005,"reason":""}"#,
            r#"{"action":"close","code":1002,"reason":""}"#,
            r#"{"action":"fragmented","text":"Hello","parts":1}"#,
            r#"{"action":"fragmented","text":"Hi","parts":3}"#,
            r#"{"action":"binary","size":99999999}"#,
            r#"{"action":"launch"}"#,
        ] {
            assert!(run(ask).is_err(), "{ask}");
        }
        let long = format!(r#"{{"action":"ping","payload":"{}"}}"#, "x".repeat(126));
        assert!(run(&long).is_err());
    }
}
