//! The chat-room lab: `GET /ws/room/{room}?nick=NAME` (subprotocol `chat`) and its page,
//! `/labs/room` (in Korean at `/ko/labs/room`).
//!
//! The socket is the one place where the class talks together: every text message a member
//! sends is relayed to every member of the room, the sender included, in the order the
//! server received it ([`crate::classroom::room`]). The handshake requires the subprotocol
//! `chat` (RFC 6455 §1.9, §4.2.2 item 5.4): a client that does not speak the room's envelope
//! is refused with 400 rather than fed JSON it did not ask for.
//!
//! The teacher's live question reaches the room as an envelope on the socket
//! (`{"type": "question", …}`); a page that joins later asks `GET /api/room/question`, and a
//! student answers with `POST /api/room/answer {"question": ID, "choice": N}` — one answer per
//! browser (its `wt_client` cookie), changeable until the teacher closes the question.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::HeaderMap;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use websocket::close::CloseCode;
use websocket::connection::{Config, Connection, Message, MessageRef};

use crate::classroom::room::{self, JoinError, Membership, WireCopy};
use crate::classroom::{CLIENT_COOKIE, Who, cookie};
use crate::error::AppError;
use crate::net::driver::{self, Relayed, Responder};
use crate::net::tap::TapHandle;
use crate::net::upgrade;
use crate::site::lang::Lang;
use crate::site::pages::Page;
use crate::state::AppState;

/// The subprotocol a room member must offer.
pub const PROTOCOL: &str = "chat";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ws/room/{room}", get(socket))
        .route("/labs/room", get(page))
        .route("/ko/labs/room", get(ko_page))
        .route("/api/room/question", get(question))
        .route("/api/room/answer", post(answer))
}

/// The browser's `wt_client` cookie, when it is one the guard could have set.
fn owner(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, CLIENT_COOKIE)
        .filter(|c| c.len() == 32 && c.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The live question as a student's page shows it, with this browser's own answer.
async fn question(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(mut envelope) = state.poll.envelope() else {
        return Json(serde_json::json!({"type": "question", "phase": "none"})).into_response();
    };
    if let Some(client) = owner(&headers)
        && let Some(mine) = state.poll.mine(client)
    {
        envelope["mine"] = mine.into();
    }
    Json(envelope).into_response()
}

#[derive(Debug, Deserialize)]
struct AnswerBody {
    question: u64,
    choice: usize,
}

/// One answer per browser: its `wt_client` cookie in classroom mode (the guard sets it on the
/// browser's first response, so the room page's own load gave it one), its address when
/// serving alone.
async fn answer(State(state): State<AppState>, req: Request) -> Response {
    let refuse = |status: StatusCode, error: &str| {
        (status, Json(serde_json::json!({ "error": error }))).into_response()
    };
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = match (owner(req.headers()), state.classroom.is_some(), peer) {
        (Some(c), _, _) => c.to_owned(),
        (None, false, Some(ip)) => format!("address {ip}"),
        _ => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "This browser has no classroom cookie yet: reload the page, then answer.",
            );
        }
    };
    let Ok(bytes) = axum::body::to_bytes(req.into_body(), 1024).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "An answer is at most 1 KiB.");
    };
    let Ok(body) = serde_json::from_slice::<AnswerBody>(&bytes) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "Send {\"question\": ID, \"choice\": N} as JSON.",
        );
    };
    match state.poll.answer(&client, body.question, body.choice) {
        Ok(()) => Json(serde_json::json!({"counted": body.choice})).into_response(),
        Err(e) => (
            StatusCode::CONFLICT,
            Json(serde_json::json!({"error": format!("Not counted: {e}.")})),
        )
            .into_response(),
    }
}

/// `/labs/room` and `/ko/labs/room` (`templates/lab_room.html`, built once: [`crate::site::pages`]).
async fn page(State(state): State<AppState>, req: Request) -> Response {
    super::pages::page(&state, Lang::En, Page::LabRoom, &req)
}

async fn ko_page(State(state): State<AppState>, req: Request) -> Response {
    super::pages::page(&state, Lang::Ko, Page::LabRoom, &req)
}

#[derive(Debug, Deserialize)]
struct Join {
    #[serde(default)]
    nick: String,
}

/// Why a room socket was refused.
#[derive(Debug)]
enum Refused {
    App(AppError),
    NoChat,
    Join(JoinError),
    TooManySockets,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::App(e) => e.into_response(),
            Refused::NoChat => (
                StatusCode::BAD_REQUEST,
                "A room member must offer the subprotocol \"chat\" (Sec-WebSocket-Protocol: chat): the room speaks JSON envelopes only to clients that asked for them.\n",
            )
                .into_response(),
            Refused::Join(JoinError::BadRoom) => {
                (StatusCode::BAD_REQUEST, format!("{}\n", JoinError::BadRoom)).into_response()
            }
            Refused::Join(e) => {
                (StatusCode::SERVICE_UNAVAILABLE, format!("{e}\n")).into_response()
            }
            Refused::TooManySockets => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many room sockets from this computer: close a room tab first.\n",
            )
                .into_response(),
        }
    }
}

/// A member's messages go to the room; the member alone is then told the frame(s) it sent,
/// as the server read them.
struct Member(Membership, WireCopy);

impl Member {
    fn publish(&mut self, text: &str) {
        let frames = self.1.take_message();
        if let Some(seq) = self.0.publish(text) {
            self.0
                .tell(&serde_json::json!({"type": "yours", "seq": seq, "frames": frames}));
        }
    }
}

impl Responder for Member {
    fn on_read(&mut self, bytes: &[u8]) {
        self.1.feed(bytes);
    }

    fn on_message(&mut self, message: Message, conn: &mut Connection, out: &mut Vec<u8>) {
        match message {
            Message::Text(text) => self.publish(&text),
            Message::Binary(_) => refuse_binary(conn, out),
        }
    }

    fn on_message_ref(
        &mut self,
        message: MessageRef<'_>,
        conn: &mut Connection,
        out: &mut Vec<u8>,
    ) {
        match message {
            MessageRef::Text(text) => self.publish(text),
            MessageRef::Binary(_) => refuse_binary(conn, out),
        }
    }
}

/// RFC 6455 §7.4.1: 1003, data of a type the endpoint cannot accept.
fn refuse_binary(conn: &mut Connection, out: &mut Vec<u8>) {
    let _ = conn.send_close(
        Some(CloseCode::UnsupportedData),
        "the room relays text only",
        out,
    );
}

async fn socket(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(join): Query<Join>,
    req: Request,
) -> Result<Response, Refused> {
    if let Some(tap) = req.extensions().get::<TapHandle>() {
        tap.off();
    }
    let accepted = upgrade::validate(&req, &[PROTOCOL]).map_err(Refused::App)?;
    if accepted.protocol.as_deref() != Some(PROTOCOL) {
        return Err(Refused::NoChat);
    }
    if room::room_name(&name).is_none() {
        return Err(Refused::Join(JoinError::BadRoom));
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let slot = match state.classroom.as_deref() {
        Some(c) => match c.who(peer, req.headers()) {
            Who::Student(ip) => Some(c.limits.open_socket(ip).ok_or(Refused::TooManySockets)?),
            Who::Teacher => None,
        },
        None => None,
    };
    let agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(browser)
        .unwrap_or("?");
    let client = match peer {
        Some(p) => format!("{} · {agent}", p.ip()),
        None => agent.to_owned(),
    };
    let owner = owner(req.headers()).map(str::to_owned);
    let upgrade = upgrade::accept(&state, req, &[PROTOCOL]).map_err(Refused::App)?;
    let (membership, outbox) = state
        .rooms
        .join(&name, &join.nick, &client, owner.as_deref())
        .map_err(Refused::Join)?;
    let settings = state.settings.clone();
    let shutdown = state.shutdown.clone();
    let socket = upgrade.socket;
    state.ws_tasks.spawn(async move {
        if let Some((io, permit)) = socket.await {
            let limits = Config::at_most(room::MAX_TEXT);
            let relayed = Relayed {
                frames: outbox.frames,
                kick: outbox.kick,
            };
            driver::run_relayed(
                io,
                &settings,
                limits,
                shutdown,
                Member(membership, WireCopy::default()),
                relayed,
            )
            .await;
            drop(permit);
        }
        drop(slot);
    });
    Ok(upgrade.response)
}

/// A browser's family from its User-Agent, for the teacher's list (never shown to students).
pub fn browser(agent: &str) -> &'static str {
    if agent.contains("Firefox/") {
        "Firefox"
    } else if agent.contains("Edg/") {
        "Edge"
    } else if agent.contains("Chrome/") || agent.contains("Chromium/") {
        "Chrome"
    } else if agent.contains("Safari/") {
        "Safari"
    } else {
        "other"
    }
}
