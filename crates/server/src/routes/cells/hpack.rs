//! The HPACK cells (RFC 7541): header lists encoded one after another with one encoder, so
//! the dynamic table at work shows (`POST /api/cells/hpack-encode`), and header blocks
//! decoded with one decoder (`POST /api/cells/hpack-decode`). Stateless: the page sends the
//! earlier lists again. And QPACK beside HPACK (`POST /api/cells/qpack`): one header list
//! encoded as the first request of a connection twice — HPACK (RFC 7541) and QPACK with its
//! static table (RFC 9204) — each dissected.
//!
//! The blocks of one request share one [`wire::Budget::api`]: 10 blocks of 1-byte indexed
//! fields can each decode to 64 KiB of header list, about 300 bytes of JSON per byte posted;
//! past the budget a block shows its first representations and says how many it did not.

use axum::extract::rejection::JsonRejection;
use axum::routing::post;
use axum::{Json, Router};
use http2::hpack::{Decoder, Encoder, HeaderField, HuffmanPolicy};
use serde::Deserialize;
use serde_json::{Value, json};
use wire::{Budget, to_hex};

use super::{
    MAX_HPACK_FIELDS, MAX_HPACK_LISTS, MAX_HPACK_NAME, MAX_HPACK_VALUE, bad, body, dissection,
};
use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/cells/hpack-encode", post(encode))
        .route("/api/cells/hpack-decode", post(decode))
        .route("/api/cells/qpack", post(qpack_vs_hpack))
}

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

fn check_count(what: &str, n: usize, max: usize) -> Result<(), AppError> {
    if n > max {
        return Err(bad(format!("{n} {what}; at most {max}")));
    }
    Ok(())
}

async fn encode(input: Result<Json<EncodeInput>, JsonRejection>) -> Result<Json<Value>, AppError> {
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
    let budget = &mut Budget::api();
    let mut blocks = Vec::with_capacity(i.lists.len());
    for (n, list) in i.lists.iter().enumerate() {
        let (fields, plain) = header_list(n, list)?;
        let mut bytes = Vec::new();
        encoder.encode(&fields, &mut bytes);
        let d = http2::dissect::header_block_within(&bytes, &mut decoder, budget);
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

async fn decode(input: Result<Json<DecodeInput>, JsonRejection>) -> Result<Json<Value>, AppError> {
    let i = body(input)?;
    check_count("header blocks", i.blocks.len(), MAX_HPACK_LISTS)?;
    let mut decoder = Decoder::new();
    let budget = &mut Budget::api();
    let mut out = Vec::with_capacity(i.blocks.len());
    for (n, hex) in i.blocks.iter().enumerate() {
        let bytes = wire::parse_hex(hex)
            .map_err(|e| bad(format!("block {}: cannot read the hex {e}", n + 1)))?;
        let d = http2::dissect::header_block_within(&bytes, &mut decoder, budget);
        // The block's own bytes are in its dissection; a block past the budget is not
        // echoed either.
        let shown = if d.bytes.is_empty() {
            &[][..]
        } else {
            &bytes[..]
        };
        out.push(json!({
            "bytes": to_hex(shown),
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
