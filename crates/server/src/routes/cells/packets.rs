//! The cells on the `sim` crate: an IPv4 header built from its fields (`POST
//! /api/cells/ipv4`, RFC 791 §3.1), TCP's three-way handshake and teardown (`POST
//! /api/cells/tcp-handshake`, RFC 9293 §3.5, §3.6), and NCP's initial connection protocol (`GET
//! /api/cells/ncp-icp`, RFC 123, RFC 145,
//! RFC 165).

use std::net::Ipv4Addr;

use axum::extract::Query;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use wire::to_hex;

use super::{MAX_TCP_DATA, address, at_most, bad, body, dissection};
use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/cells/ipv4", post(ipv4))
        .route("/api/cells/tcp-handshake", post(tcp_handshake))
        .route("/api/cells/ncp-icp", get(ncp_icp))
}

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
