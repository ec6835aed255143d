//! The book's live cells: small, stateless APIs, each computed by the same code the rest of
//! the app uses, so a learner changes an input and sees the real result.
//!
//! - `POST /api/cells/ipv4`: header fields → `{bytes, checksum, dissection}` (`sim::ipv4`).
//! - `POST /api/cells/tcp-handshake`: ports, ISNs, data → the steps (`sim::handshake`).
//! - `GET /api/cells/ncp-icp`: socket and link numbers → the steps of RFC 165's ICP and the
//!   rules the numbers break (`sim::ncp`).
//! - `GET /api/my-request`: the exact head of *this* request, from the connection tap →
//!   `{bytes_hex, dissection}` (`sim::http1`); 409 when the tap has none (HTTP/2, a chunked
//!   body before it).
//! - `POST /api/accept-key`: a key as the text body → the derivation, step by step.
//! - `POST /api/cells/hpack-encode`: up to 10 header lists encoded one after another with one
//!   HPACK encoder, each block decoded and dissected with one decoder, so the dynamic table at
//!   work shows. Stateless: the client sends the earlier lists again.
//! - `POST /api/cells/hpack-decode`: up to 10 hex blocks decoded with one decoder.
//! - `POST /api/cells/qpack`: one header list encoded as the first request of a connection
//!   twice — HPACK (RFC 7541) and QPACK with its static table (RFC 9204) — each dissected.
//!
//! Every input is bounded (body size, list lengths, string lengths); bad input is a 400 with
//! a JSON `{"error": …}` naming the field.

use std::net::Ipv4Addr;

use axum::extract::rejection::{JsonRejection, QueryRejection, StringRejection};
use axum::extract::{DefaultBodyLimit, Query, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http2::hpack::{Decoder, Encoder, HeaderField, HuffmanPolicy};
use serde::Deserialize;
use serde_json::{Value, json};
use wire::{Dissection, render, to_hex};

use crate::app::AppState;
use crate::error::AppError;
use crate::tap::TapHandle;

/// The largest body a cell may post.
pub const MAX_CELL_BODY: usize = 64 * 1024;
/// The most header lists `hpack-encode` replays, and blocks `hpack-decode` decodes.
pub const MAX_HPACK_LISTS: usize = 10;
/// The most fields in one header list.
pub const MAX_HPACK_FIELDS: usize = 64;
/// The longest header name, and value, in bytes.
pub const MAX_HPACK_NAME: usize = 256;
pub const MAX_HPACK_VALUE: usize = 4096;
/// The longest data each side of the simulated TCP connection may send.
pub const MAX_TCP_DATA: usize = 1460;
/// The longest Sec-WebSocket-Key the accept-key cell takes.
pub const MAX_KEY_LEN: usize = 256;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/cells/ipv4", post(ipv4))
        .route("/api/cells/tcp-handshake", post(tcp_handshake))
        .route("/api/cells/ncp-icp", get(ncp_icp))
        .route("/api/my-request", get(my_request))
        .route("/api/accept-key", post(accept_key))
        .route("/api/cells/hpack-encode", post(hpack_encode))
        .route("/api/cells/hpack-decode", post(hpack_decode))
        .route("/api/cells/qpack", post(qpack_vs_hpack))
        .layer(DefaultBodyLimit::max(MAX_CELL_BODY))
}

fn bad(message: impl Into<String>) -> AppError {
    AppError::BadRequest(message.into())
}

/// The JSON body, or a 400 that says what was wrong with it.
fn body<T>(r: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    r.map(|Json(v)| v)
        .map_err(|e| bad(format!("cannot read the JSON body: {}", e.body_text())))
}

fn dissection(d: &Dissection) -> Value {
    render::json(d)
}

fn address(field: &str, text: &str) -> Result<[u8; 4], AppError> {
    text.trim()
        .parse::<Ipv4Addr>()
        .map(|a| a.octets())
        .map_err(|_| {
            bad(format!(
                "{field}: {text:?} is not an IPv4 address like 192.0.2.1"
            ))
        })
}

fn at_most(field: &str, value: u64, max: u64) -> Result<(), AppError> {
    if value > max {
        return Err(bad(format!(
            "{field} is {value}; it has room for at most {max}"
        )));
    }
    Ok(())
}

// ---- IPv4 ----

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Ipv4Input {
    version: u8,
    ihl: Option<u8>,
    dscp: u8,
    ecn: u8,
    total_length: Option<u16>,
    identification: u16,
    reserved_flag: bool,
    dont_fragment: bool,
    more_fragments: bool,
    fragment_offset: u16,
    ttl: u8,
    protocol: u8,
    checksum: Option<u16>,
    source: String,
    destination: String,
    /// Option bytes in hex.
    options: String,
    /// How many data bytes follow the header (for Total Length when it is computed).
    payload_length: u16,
}

impl Default for Ipv4Input {
    fn default() -> Self {
        let h = sim::ipv4::Header::default();
        Ipv4Input {
            version: h.version,
            ihl: None,
            dscp: 0,
            ecn: 0,
            total_length: None,
            // The chapter's worked example.
            identification: 0x1c46,
            reserved_flag: false,
            dont_fragment: h.dont_fragment,
            more_fragments: false,
            fragment_offset: 0,
            ttl: h.ttl,
            protocol: h.protocol,
            checksum: None,
            source: Ipv4Addr::from(h.source).to_string(),
            destination: Ipv4Addr::from(h.destination).to_string(),
            options: String::new(),
            payload_length: 20,
        }
    }
}

async fn ipv4(input: Result<Json<Ipv4Input>, JsonRejection>) -> Result<Json<Value>, AppError> {
    let i = body(input)?;
    at_most("version", i.version.into(), 15)?;
    at_most("ihl", i.ihl.unwrap_or(0).into(), 15)?;
    at_most("dscp", i.dscp.into(), 63)?;
    at_most("ecn", i.ecn.into(), 3)?;
    at_most("fragment_offset", i.fragment_offset.into(), 0x1fff)?;
    let options = wire::parse_hex(&i.options).map_err(|e| bad(format!("options: the hex {e}")))?;
    if options.len() > sim::ipv4::MAX_OPTIONS_LEN {
        return Err(bad(format!(
            "options: {} bytes; an IPv4 header has room for at most {}",
            options.len(),
            sim::ipv4::MAX_OPTIONS_LEN
        )));
    }
    let header = sim::ipv4::Header {
        version: i.version,
        ihl: i.ihl,
        dscp: i.dscp,
        ecn: i.ecn,
        total_length: i.total_length,
        identification: i.identification,
        reserved_flag: i.reserved_flag,
        dont_fragment: i.dont_fragment,
        more_fragments: i.more_fragments,
        fragment_offset: i.fragment_offset,
        ttl: i.ttl,
        protocol: i.protocol,
        checksum: i.checksum,
        source: address("source", &i.source)?,
        destination: address("destination", &i.destination)?,
        options,
    };
    let bytes = header.encode(usize::from(i.payload_length));
    let checksum = u16::from_be_bytes([bytes[10], bytes[11]]);
    let correct = sim::ipv4::expected_checksum(&bytes);
    Ok(Json(json!({
        "bytes": to_hex(&bytes),
        "checksum": checksum,
        "correct_checksum": correct,
        "dissection": dissection(&sim::ipv4::dissect(&bytes)),
    })))
}

// ---- the TCP handshake ----

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct HandshakeInput {
    client_addr: String,
    server_addr: String,
    client_port: u16,
    server_port: u16,
    client_isn: u32,
    server_isn: u32,
    client_window: u16,
    server_window: u16,
    mss: Option<u16>,
    /// Text the client sends after the handshake.
    request: String,
    /// Text the server answers.
    response: String,
}

impl Default for HandshakeInput {
    fn default() -> Self {
        let p = sim::handshake::Params::default();
        HandshakeInput {
            client_addr: Ipv4Addr::from(p.client_addr).to_string(),
            server_addr: Ipv4Addr::from(p.server_addr).to_string(),
            client_port: p.client_port,
            server_port: p.server_port,
            client_isn: p.client_isn,
            server_isn: p.server_isn,
            client_window: p.client_window,
            server_window: p.server_window,
            mss: p.mss,
            request: String::new(),
            response: String::new(),
        }
    }
}

async fn tcp_handshake(
    input: Result<Json<HandshakeInput>, JsonRejection>,
) -> Result<Json<Value>, AppError> {
    let i = body(input)?;
    for (field, text) in [("request", &i.request), ("response", &i.response)] {
        if text.len() > MAX_TCP_DATA {
            return Err(bad(format!(
                "{field}: {} bytes; one segment here carries at most {MAX_TCP_DATA}",
                text.len()
            )));
        }
    }
    let params = sim::handshake::Params {
        client_addr: address("client_addr", &i.client_addr)?,
        server_addr: address("server_addr", &i.server_addr)?,
        client_port: i.client_port,
        server_port: i.server_port,
        client_isn: i.client_isn,
        server_isn: i.server_isn,
        client_window: i.client_window,
        server_window: i.server_window,
        mss: i.mss,
        request: i.request.into_bytes(),
        response: i.response.into_bytes(),
        ..sim::handshake::Params::default()
    };
    let steps: Vec<Value> = sim::handshake::steps(&params)
        .iter()
        .map(|s| {
            json!({
                "number": s.number,
                "from": s.from.name(),
                "label": s.label,
                "explanation": s.explanation,
                "seq": s.sequence,
                "ack": s.acknowledgment,
                "flags": s.flags,
                "data_len": s.data_len,
                "client_state": s.client_state,
                "server_state": s.server_state,
                "packet": to_hex(&s.packet),
                "ip": dissection(&s.ip),
                "tcp": dissection(&s.tcp),
            })
        })
        .collect();
    Ok(Json(json!({ "steps": steps })))
}

// ---- NCP's ICP ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IcpQuery {
    listen_socket: Option<u32>,
    user_socket: Option<u32>,
    server_socket: Option<u32>,
    contact_link: Option<u8>,
    user_link: Option<u8>,
    server_link: Option<u8>,
    byte_size: Option<u8>,
    alloc_messages: Option<u16>,
    alloc_bits: Option<u32>,
}

async fn ncp_icp(query: Result<Query<IcpQuery>, QueryRejection>) -> Result<Json<Value>, AppError> {
    let Query(q) =
        query.map_err(|e| bad(format!("cannot read the parameters: {}", e.body_text())))?;
    let d = sim::ncp::Params::default();
    let params = sim::ncp::Params {
        listen_socket: q.listen_socket.unwrap_or(d.listen_socket),
        user_socket: q.user_socket.unwrap_or(d.user_socket),
        server_socket: q.server_socket.unwrap_or(d.server_socket),
        contact_link: q.contact_link.unwrap_or(d.contact_link),
        user_link: q.user_link.unwrap_or(d.user_link),
        server_link: q.server_link.unwrap_or(d.server_link),
        byte_size: q.byte_size.unwrap_or(d.byte_size),
        alloc_messages: q.alloc_messages.unwrap_or(d.alloc_messages),
        alloc_bits: q.alloc_bits.unwrap_or(d.alloc_bits),
    };
    let problems = params.problems();
    let steps: Vec<Value> = sim::ncp::steps(&params)
        .map_err(bad)?
        .iter()
        .map(|s| {
            json!({
                "number": s.number,
                "from": s.from,
                "explanation": s.explanation,
                "messages": s.messages.iter().map(|m| json!({
                    "from": m.from.name(),
                    "link": m.link,
                    "text": m.text,
                    "bytes": to_hex(&m.dissection.bytes),
                    "dissection": dissection(&m.dissection),
                })).collect::<Vec<_>>(),
                "connections": s.connections.iter().map(|c| json!({
                    "sender": c.sender,
                    "receiver": c.receiver,
                    "sum": c.sum,
                    "sum_odd": c.sum_odd,
                    "link": c.link,
                    "state": c.state,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({ "steps": steps, "problems": problems })))
}

// ---- the learner's own request ----

async fn my_request(req: Request) -> Response {
    let head = req
        .extensions()
        .get::<TapHandle>()
        .map(TapHandle::head)
        .unwrap_or_default();
    let mut response = if head.is_empty() {
        (
            StatusCode::CONFLICT,
            Json(json!({
                "error": "The server has no copy of this request's bytes: the connection tap \
                          keeps the head of HTTP/1.1 requests only (not HTTP/2, and not after \
                          a chunked body). Reload over HTTP/1.1 to see it."
            })),
        )
            .into_response()
    } else {
        Json(json!({
            "bytes_hex": to_hex(&head),
            "length": head.len(),
            "dissection": dissection(&sim::http1::dissect(&head)),
        }))
        .into_response()
    };
    // Each request is different: never from a cache.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

// ---- the accept key ----

async fn accept_key(key: Result<String, StringRejection>) -> Result<Json<Value>, AppError> {
    let key = key.map_err(|e| bad(format!("cannot read the key: {}", e.body_text())))?;
    // A server reads the header value without its surrounding whitespace.
    let key = key.trim_matches([' ', '\t', '\r', '\n']);
    if key.len() > MAX_KEY_LEN {
        return Err(bad(format!(
            "the key is {} bytes; this cell takes at most {MAX_KEY_LEN} (a real one is 24)",
            key.len()
        )));
    }
    let steps = websocket::handshake::accept_steps(key);
    Ok(Json(json!({
        "key": key,
        "accept": steps.accept,
        "dissection": dissection(&websocket::dissect::accept_key_steps(key)),
    })))
}

// ---- HPACK ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EncodeInput {
    /// Header lists, oldest first; each is encoded after the ones before it, with one table.
    lists: Vec<Vec<(String, String)>>,
    /// Huffman-code string literals when shorter (the default), or never.
    #[serde(default = "yes")]
    huffman: bool,
}

fn yes() -> bool {
    true
}

fn check_count(what: &str, n: usize, max: usize) -> Result<(), AppError> {
    if n > max {
        return Err(bad(format!("{n} {what}; at most {max}")));
    }
    Ok(())
}

/// A header list from a cell, checked and with lowercase names (RFC 9113 §8.2.1, RFC 9114
/// §4.2), and its size as HTTP/1.1 lines (`name: value\r\n`) to compare with.
fn header_list(n: usize, list: &[(String, String)]) -> Result<(Vec<HeaderField>, usize), AppError> {
    check_count("fields in one list", list.len(), MAX_HPACK_FIELDS)?;
    let mut fields = Vec::with_capacity(list.len());
    let mut plain = 0;
    for (name, value) in list {
        if name.is_empty() || name.len() > MAX_HPACK_NAME {
            return Err(bad(format!(
                "list {}: a header name must have 1 to {MAX_HPACK_NAME} bytes",
                n + 1
            )));
        }
        if value.len() > MAX_HPACK_VALUE {
            return Err(bad(format!(
                "list {}: the value of {name:?} is longer than {MAX_HPACK_VALUE} bytes",
                n + 1
            )));
        }
        let name = name.to_ascii_lowercase();
        plain += name.len() + 2 + value.len() + 2;
        fields.push(HeaderField::new(name, value.as_bytes()));
    }
    Ok((fields, plain))
}

async fn hpack_encode(
    input: Result<Json<EncodeInput>, JsonRejection>,
) -> Result<Json<Value>, AppError> {
    let i = body(input)?;
    check_count("header lists", i.lists.len(), MAX_HPACK_LISTS)?;
    if i.lists.is_empty() {
        return Err(bad("lists: give at least one header list"));
    }
    let mut encoder = Encoder::new().with_huffman(if i.huffman {
        HuffmanPolicy::UnlessLonger
    } else {
        HuffmanPolicy::Never
    });
    let mut decoder = Decoder::new();
    let mut blocks = Vec::with_capacity(i.lists.len());
    for (n, list) in i.lists.iter().enumerate() {
        let (fields, plain) = header_list(n, list)?;
        let mut bytes = Vec::new();
        encoder.encode(&fields, &mut bytes);
        let d = http2::dissect::header_block(&bytes, &mut decoder);
        blocks.push(json!({
            "bytes": to_hex(&bytes),
            "length": bytes.len(),
            "plain_length": plain,
            "table_size": decoder.table().size(),
            "dissection": dissection(&d),
        }));
    }
    Ok(Json(json!({ "blocks": blocks })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecodeInput {
    /// Header blocks in hex, in the order they crossed one connection.
    blocks: Vec<String>,
}

async fn hpack_decode(
    input: Result<Json<DecodeInput>, JsonRejection>,
) -> Result<Json<Value>, AppError> {
    let i = body(input)?;
    check_count("header blocks", i.blocks.len(), MAX_HPACK_LISTS)?;
    let mut decoder = Decoder::new();
    let mut out = Vec::with_capacity(i.blocks.len());
    for (n, hex) in i.blocks.iter().enumerate() {
        let bytes = wire::parse_hex(hex)
            .map_err(|e| bad(format!("block {}: cannot read the hex {e}", n + 1)))?;
        let d = http2::dissect::header_block(&bytes, &mut decoder);
        out.push(json!({
            "bytes": to_hex(&bytes),
            "table_size": decoder.table().size(),
            "dissection": dissection(&d),
        }));
    }
    Ok(Json(json!({ "blocks": out })))
}

// ---- QPACK beside HPACK ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QpackInput {
    fields: Vec<(String, String)>,
    #[serde(default = "yes")]
    huffman: bool,
}

/// One header list as the first request on a new connection: HPACK with an empty dynamic
/// table, QPACK with the static table only (all it may use until the decoder grants a table
/// capacity, RFC 9204 §3.2.3).
async fn qpack_vs_hpack(
    input: Result<Json<QpackInput>, JsonRejection>,
) -> Result<Json<Value>, AppError> {
    let i = body(input)?;
    if i.fields.is_empty() {
        return Err(bad("fields: give at least one header field"));
    }
    let (fields, plain) = header_list(0, &i.fields)?;
    let mut hpack = Vec::new();
    Encoder::new()
        .with_huffman(if i.huffman {
            HuffmanPolicy::UnlessLonger
        } else {
            HuffmanPolicy::Never
        })
        .encode(&fields, &mut hpack);
    let hpack_d = http2::dissect::header_block(&hpack, &mut Decoder::new());
    let pairs: Vec<(&[u8], &[u8])> = fields
        .iter()
        .map(|f| (f.name.as_slice(), f.value.as_slice()))
        .collect();
    let q = qpack::encode(&pairs, i.huffman);
    let qpack_d = qpack::dissect(&q.bytes);
    Ok(Json(json!({
        "plain_length": plain,
        "hpack": { "bytes": to_hex(&hpack), "length": hpack.len(), "dissection": dissection(&hpack_d) },
        "qpack": { "bytes": to_hex(&q.bytes), "length": q.bytes.len(), "dissection": dissection(&qpack_d) },
    })))
}
