//! The tables against the crates: every enum variant listed once (an exhaustive match per
//! enum), each entry saying what the crate says, and the module served as JavaScript.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use http2::frame::{FrameType, SettingsParameter};
use http2::{ErrorCode, PREFACE};
use websocket::close::CloseCode;
use websocket::opcode::{OPCODE_BITS, Opcode};

use super::*;
use crate::labs::ws::askable_close_code;

/// `mod $name { ALL, of() }` for one enum: `of(x)` names x's variant by an exhaustive
/// match, so a variant added to a crate does not compile here until it is listed, and
/// then the tests below fail until the module has it; `ALL` is every listed name. The
/// variant after `;` is the one the tables leave out (`None`).
macro_rules! variants {
    ($name:ident: $ty:ty { $($unit:ident),* $(; $($tuple:ident),*)? } $(left out: $out:ident)?) => {
        mod $name {
            use super::*;
            pub const ALL: &[&str] = &[$(stringify!($unit),)* $($(stringify!($tuple),)*)?];
            pub fn of(x: $ty) -> Option<&'static str> {
                type T = $ty;
                match x {
                    $(T::$unit => Some(stringify!($unit)),)*
                    $($(T::$tuple(_) => Some(stringify!($tuple)),)*)?
                    $(T::$out(_) => None,)?
                }
            }
        }
    };
}

variants!(close: CloseCode {
    NormalClosure, GoingAway, ProtocolError, UnsupportedData, Reserved1004,
    NoStatusReceived, AbnormalClosure, InvalidPayloadData, PolicyViolation, MessageTooBig,
    MandatoryExtension, InternalError, ServiceRestart, TryAgainLater, BadGateway,
    TlsHandshake; Registered, Private
} left out: Unassigned);
variants!(opcode: Opcode { Continuation, Text, Binary, Close, Ping, Pong; Reserved });
variants!(frame_type: FrameType {
    Data, Headers, Priority, RstStream, Settings, PushPromise, Ping, GoAway, WindowUpdate,
    Continuation
} left out: Unknown);
variants!(setting: SettingsParameter {
    HeaderTableSize, EnablePush, MaxConcurrentStreams, InitialWindowSize, MaxFrameSize,
    MaxHeaderListSize
} left out: Unknown);
variants!(error_code: ErrorCode {
    NoError, ProtocolError, InternalError, FlowControlError, SettingsTimeout, StreamClosed,
    FrameSizeError, RefusedStream, Cancel, CompressionError, ConnectError, EnhanceYourCalm,
    InadequateSecurity, Http11Required
} left out: Unknown);

/// The table's entries (their variants' names) are each of `all` exactly once.
fn each_once(what: &str, names: Vec<Option<&str>>, all: &[&str]) {
    let names: Vec<&str> = names.into_iter().map(|n| n.unwrap()).collect();
    assert_eq!(names.len(), all.len(), "{what}: one entry per variant");
    let names: BTreeSet<&str> = names.into_iter().collect();
    assert_eq!(names, all.iter().copied().collect(), "{what}");
}

#[test]
fn every_close_code_variant_is_listed_once_with_what_the_crate_says() {
    let table = websocket_tables().close_codes;
    let variants = table.iter().map(|e| close::of(CloseCode::from(e.code)));
    each_once("close codes", variants.collect(), close::ALL);
    for e in &table {
        let first = CloseCode::from(e.code);
        assert_eq!((e.name, e.meaning), (first.name(), first.meaning()));
        // Every code of a range is named and judged like its first.
        for n in e.code..=e.last.unwrap_or(e.code) {
            let code = CloseCode::from(n);
            assert_eq!(close::of(code), close::of(first), "{n}");
            assert_eq!(code.is_sendable(), e.sendable, "{n}");
            assert_eq!(askable_close_code(n), e.askable, "{n}");
        }
    }
    let ranges: Vec<_> = table
        .iter()
        .filter_map(|e| Some((e.code, e.last?)))
        .collect();
    assert_eq!(ranges, [(3000, 3999), (4000, 4999)], "RFC 6455 §7.4.2");
    let local_only: Vec<u16> = table
        .iter()
        .filter(|e| !e.sendable)
        .map(|e| e.code)
        .collect();
    assert_eq!(local_only, [1004, 1005, 1006, 1015], "RFC 6455 §7.4.1");
    // The lab asks for every code a Close frame may carry but 1002 (its own button) and
    // 1010 (a client's code).
    let not_askable: Vec<u16> = table
        .iter()
        .filter(|e| e.sendable && !e.askable)
        .map(|e| e.code)
        .collect();
    assert_eq!(not_askable, [1002, 1010]);
}

#[test]
fn every_opcode_is_listed_in_order() {
    let table = websocket_tables().opcodes;
    let values: Vec<u8> = table.iter().map(|e| e.value).collect();
    assert_eq!(values, (0..=OPCODE_BITS).collect::<Vec<_>>());
    let variants = table
        .iter()
        .map(|e| opcode::of(Opcode::from_nibble(e.value)));
    // Sixteen values, seven variants: the ten reserved values are one.
    let names: BTreeSet<&str> = variants.map(Option::unwrap).collect();
    assert_eq!(names, opcode::ALL.iter().copied().collect());
    assert_eq!((table[1].name, table[8].control), ("Text", true));
}

#[test]
fn every_http2_variant_is_listed_once() {
    let t = http2_tables();
    let types = t.frame_types.iter().map(|e| FrameType::from_u8(e.value));
    each_once(
        "frame types",
        types.map(frame_type::of).collect(),
        frame_type::ALL,
    );
    let settings = t.settings.iter().map(|e| SettingsParameter::from_u16(e.id));
    each_once(
        "settings",
        settings.map(setting::of).collect(),
        setting::ALL,
    );
    let codes = t.error_codes.iter().map(|e| ErrorCode::from_u32(e.value));
    each_once(
        "error codes",
        codes.map(error_code::of).collect(),
        error_code::ALL,
    );

    let headers = &t.frame_types[1];
    let flags: Vec<&str> = headers.flags.iter().map(|f| f.name).collect();
    assert_eq!(
        (headers.name, headers.stream, flags),
        (
            "HEADERS",
            "stream",
            vec!["PRIORITY", "PADDED", "END_HEADERS", "END_STREAM"]
        )
    );
    assert_eq!(t.frame.PREFACE.len(), PREFACE.len());
}

/// The served text is a module of three `export const`s whose values are JSON.
#[tokio::test]
async fn the_module_is_served_as_javascript() {
    let response = router::<()>()
        .oneshot(Request::get(TABLES_PATH).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let text = std::str::from_utf8(&body).unwrap();
    let mut names = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with("//")) {
        let (name, json) = line
            .strip_prefix("export const ")
            .and_then(|l| l.split_once(" = "))
            .unwrap();
        let value: Value = serde_json::from_str(json.strip_suffix(';').unwrap()).unwrap();
        assert!(value.is_object(), "{name}");
        names.push(name);
    }
    assert_eq!(names, ["WS", "H2", "HTTP1"]);
    let ws: Value = serde_json::to_value(websocket_tables()).unwrap();
    assert_eq!(ws["frame"]["MASK_BIT"], 0x80);
    assert_eq!(ws["close_codes"][0]["name"], "Normal Closure");
    let headers = serde_json::to_value(http1_tables()).unwrap();
    let meanings = headers["header_meanings"].as_array().unwrap();
    assert_eq!(meanings.len(), http1::header_meanings().len());
    assert_eq!(
        meanings.iter().find(|e| e["name"] == "host").unwrap()["meaning"],
        http1::header_meaning("Host").unwrap()
    );
}
