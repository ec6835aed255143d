//! Dissector snapshots (reviewed by reading them): the tree and the diagram of each case.

use super::*;
use crate::hpack::Decoder;

/// Every dissection of `hex` as frames, tree then diagram.
fn check(hex: &str) -> String {
    render(&frames(&wire::parse_hex(hex).unwrap()))
}

fn render(ds: &[Dissection]) -> String {
    let mut out = String::new();
    for d in ds {
        out.push_str(&wire::render::tree(d));
        let diagram = wire::render::diagram(d);
        if !diagram.is_empty() {
            out.push('\n');
            out.push_str(&diagram);
        }
        out.push('\n');
    }
    out
}

/// A SETTINGS frame as a client sends it first: HEADER_TABLE_SIZE, ENABLE_PUSH=0,
/// INITIAL_WINDOW_SIZE.
const SETTINGS: &str = "000012 04 00 00000000 0001 00001000 0002 00000000 0004 00ffffff";
/// RFC 7541 C.4.1's block in a HEADERS frame on stream 1, END_STREAM | END_HEADERS.
const HEADERS_C41: &str = "000011 01 05 00000001 8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff";
/// GOAWAY: last stream 7, PROTOCOL_ERROR, debug data "bad frame".
const GOAWAY: &str = "000011 07 00 00000000 00000007 00000001 626164206672616d65";

#[test]
fn settings_frame() {
    insta::assert_snapshot!(check(SETTINGS));
}

#[test]
fn headers_frame_from_rfc_7541_c_4_1() {
    let text = check(HEADERS_C41);
    assert!(text.contains(":authority: www.example.com"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn goaway_frame() {
    insta::assert_snapshot!(check(GOAWAY));
}

/// A DATA frame on stream 0 whose Pad Length is longer than the payload.
#[test]
fn malformed_data_frame() {
    let ds = frames(&wire::parse_hex("000004 00 08 00000000 09 41 42 43").unwrap());
    let d = &ds[0];
    assert!(d.problems.iter().any(|p| p.rule == "RFC 9113 §6.1"
        && p.answer.as_deref() == Some("connection error PROTOCOL_ERROR (GOAWAY)")));
    insta::assert_snapshot!(render(&ds));
}

#[test]
fn the_preface_then_settings() {
    let mut hex = wire::to_hex(PREFACE);
    hex.push_str("000000 04 00 00000000");
    let ds = frames(&wire::parse_hex(&hex).unwrap());
    assert_eq!(ds.len(), 2);
    assert!(ds.iter().all(Dissection::is_ok));
    insta::assert_snapshot!(render(&ds));
}

#[test]
fn header_block_c_3_1() {
    let mut decoder = Decoder::new();
    let bytes = wire::parse_hex("828684410f7777772e6578616d706c652e636f6d").unwrap();
    let d = header_block(&bytes, &mut decoder);
    assert!(d.is_ok());
    let text = wire::render::tree(&d);
    assert!(text.contains("1... .... = Indexed Header Field"), "{text}");
    assert!(text.contains(".000 0010 = Index: 2"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn header_block_c_5_2_shows_the_eviction() {
    let mut decoder = Decoder::with_max_table_size(256);
    let first = wire::parse_hex(
        "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133
         2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70
         6c65 2e63 6f6d",
    )
    .unwrap();
    assert!(header_block(&first, &mut decoder).is_ok());
    let d = header_block(
        &wire::parse_hex("4803 3330 37c1 c0bf").unwrap(),
        &mut decoder,
    );
    let text = wire::render::tree(&d);
    assert!(text.contains("Evicted: :status: 302 (42 bytes)"), "{text}");
    insta::assert_snapshot!(text);
}

/// Broken header blocks: each stops with the rule, answered with COMPRESSION_ERROR.
#[test]
fn broken_header_blocks() {
    let cases = [
        ("index past the table", "be"),
        ("index 0", "80"),
        (
            "Huffman padding not all ones",
            "418c f1e3 c2e5 f23a 6ba0 ab90 f4fe",
        ),
        ("Huffman EOS", "4184 ffff ffff"),
        ("string past the end", "410f 7777"),
        ("integer overflow", "ff ff ff ff ff ff 0f"),
        ("size update after a field", "82 3f e1 1f"),
        ("size update above the limit", "3f e2 1f"),
    ];
    let mut out = String::new();
    for (name, hex) in cases {
        let d = header_block(&wire::parse_hex(hex).unwrap(), &mut Decoder::new());
        assert_eq!(d.problems.len(), 1, "{name}");
        assert_eq!(
            d.problems[0].answer.as_deref(),
            Some("connection error COMPRESSION_ERROR (GOAWAY)"),
            "{name}"
        );
        out.push_str(&format!("== {name}: {hex}\n"));
        out.push_str(&wire::render::tree(&d));
    }
    insta::assert_snapshot!(out);
}

/// The dynamic table carries over from call to call of one Dissector.
#[test]
fn a_dissector_keeps_its_table() {
    let mut dissector = Dissector::new();
    let first = wire::parse_hex(HEADERS_C41).unwrap();
    dissector.frames(&first);
    // C.4.2 on stream 3: `be` is index 62, only known from the first block.
    let second = wire::parse_hex("00000c 01 05 00000003 8286 84be 5886 a8eb 1064 9cbf").unwrap();
    let ds = dissector.frames(&second);
    assert!(ds[0].is_ok(), "{:?}", ds[0].problems);
    assert!(wire::render::tree(&ds[0]).contains("cache-control: no-cache"));
    assert_eq!(dissector.decoder().table().size(), 110);
    // A fresh dissector cannot know index 62.
    assert!(!frames(&second)[0].is_ok());
}

/// HEADERS without END_HEADERS, then CONTINUATION: the block is decoded once whole.
#[test]
fn headers_and_continuation() {
    let hex = "000005 01 01 00000001 8286 8441 8c \
               00000c 09 04 00000001 f1e3 c2e5 f23a 6ba0 ab90 f4ff";
    let ds = frames(&wire::parse_hex(hex).unwrap());
    assert_eq!(ds.len(), 2);
    assert!(ds.iter().all(Dissection::is_ok), "{:?}", ds[1].problems);
    let text = render(&ds);
    assert!(text.contains(":authority: www.example.com"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn continuation_rules() {
    // A CONTINUATION with no open block, and a PING while a block is open.
    let lone = frames(&wire::parse_hex("000001 09 04 00000001 82").unwrap());
    assert_eq!(lone[0].problems[0].rule, "RFC 9113 §6.10");
    let hex = "000001 01 00 00000001 82  000008 06 00 00000000 0000000000000000";
    let ds = frames(&wire::parse_hex(hex).unwrap());
    assert_eq!(ds[1].problems[0].rule, "RFC 9113 §6.10");
}

/// Frame-level rules, each with its answer.
#[test]
fn frame_rules() {
    let cases = [
        (
            "SETTINGS length 7",
            "000007 04 00 00000000 00010000100000",
            "connection error FRAME_SIZE_ERROR (GOAWAY)",
        ),
        (
            "SETTINGS ACK with payload",
            "000006 04 01 00000000 000100001000",
            "connection error FRAME_SIZE_ERROR (GOAWAY)",
        ),
        (
            "SETTINGS on a stream",
            "000000 04 00 00000001",
            "connection error PROTOCOL_ERROR (GOAWAY)",
        ),
        (
            "ENABLE_PUSH=2",
            "000006 04 00 00000000 000200000002",
            "connection error PROTOCOL_ERROR (GOAWAY)",
        ),
        (
            "INITIAL_WINDOW_SIZE=2^31",
            "000006 04 00 00000000 000480000000",
            "connection error FLOW_CONTROL_ERROR (GOAWAY)",
        ),
        (
            "MAX_FRAME_SIZE=100",
            "000006 04 00 00000000 000500000064",
            "connection error PROTOCOL_ERROR (GOAWAY)",
        ),
        (
            "PRIORITY of 4 bytes",
            "000004 02 00 00000003 00000001",
            "stream error FRAME_SIZE_ERROR (RST_STREAM on stream 3)",
        ),
        (
            "PRIORITY on itself",
            "000005 02 00 00000003 00000003 0f",
            "stream error PROTOCOL_ERROR (RST_STREAM on stream 3)",
        ),
        (
            "RST_STREAM on stream 0",
            "000004 03 00 00000000 00000008",
            "connection error PROTOCOL_ERROR (GOAWAY)",
        ),
        (
            "PING of 7 bytes",
            "000007 06 00 00000000 00000000000000",
            "connection error FRAME_SIZE_ERROR (GOAWAY)",
        ),
        (
            "GOAWAY of 4 bytes",
            "000004 07 00 00000000 00000000",
            "connection error FRAME_SIZE_ERROR (GOAWAY)",
        ),
        (
            "WINDOW_UPDATE of 0 on stream 1",
            "000004 08 00 00000001 00000000",
            "stream error PROTOCOL_ERROR (RST_STREAM on stream 1)",
        ),
        (
            "WINDOW_UPDATE of 0 on the connection",
            "000004 08 00 00000000 00000000",
            "connection error PROTOCOL_ERROR (GOAWAY)",
        ),
        (
            "PADDED DATA with no payload",
            "000000 00 08 00000001",
            "connection error FRAME_SIZE_ERROR (GOAWAY)",
        ),
        (
            "HEADERS with PRIORITY, 3 bytes",
            "000003 01 24 00000001 000000",
            "connection error FRAME_SIZE_ERROR (GOAWAY)",
        ),
        (
            "length past 16384",
            "004001 00 00 00000001",
            "connection error FRAME_SIZE_ERROR (GOAWAY)",
        ),
    ];
    let mut out = String::new();
    for (name, hex, answer) in cases {
        let ds = frames(&wire::parse_hex(hex).unwrap());
        let d = &ds[0];
        assert!(
            d.problems
                .iter()
                .any(|p| p.answer.as_deref() == Some(answer)),
            "{name}: {:#?}",
            d.problems
        );
        out.push_str(&format!("== {name}: {hex}\n"));
        for p in &d.problems {
            out.push_str(&format!(
                "   [{}] {} -> {}\n",
                p.rule,
                p.message,
                p.answer.as_deref().unwrap_or("")
            ));
        }
    }
    insta::assert_snapshot!(out);
}

/// Input that ends early, at every length: never a panic, always a problem saying so.
#[test]
fn every_prefix_is_explained() {
    let bytes = wire::parse_hex(HEADERS_C41).unwrap();
    let mut summaries = String::new();
    for n in 1..bytes.len() {
        let ds = frames(&bytes[..n]);
        assert!(!ds.last().unwrap().is_ok(), "prefix {n}");
        summaries.push_str(&format!("{n:2}: {}\n", ds.last().unwrap().summary));
    }
    insta::assert_snapshot!(summaries);
}

/// Trailing bytes after whole frames become their own (truncated) dissection.
#[test]
fn trailing_bytes() {
    let mut bytes = wire::parse_hex(GOAWAY).unwrap();
    bytes.extend_from_slice(&[0x00, 0x00]);
    let ds = frames(&bytes);
    assert_eq!(ds.len(), 2);
    assert!(ds[0].is_ok());
    assert_eq!(ds[1].summary, "truncated frame header: 2 of 9 bytes");
}
