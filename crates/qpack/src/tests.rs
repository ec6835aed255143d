//! The RFC's own examples first, then the encoder against the dissector, three ways.

use wire::{parse_hex, render, to_hex};

use crate::{Representation, dissect, encode};

/// RFC 9204 Appendix B.1: `:path: /index.html` as a literal with a static name reference.
const B1: &str = "0000 510b 2f69 6e64 6578 2e68 746d 6c";

#[test]
fn rfc_9204_b1_encodes_byte_for_byte() {
    let e = encode(&[(b":path", b"/index.html")], false);
    assert_eq!(to_hex(&e.bytes), to_hex(&parse_hex(B1).unwrap()));
    assert_eq!(
        e.lines[0].representation,
        Representation::NameReference { index: 1 }
    );
    assert_eq!(e.lines[0].bytes, 2..15);
}

#[test]
fn rfc_9204_b1_dissects() {
    let d = dissect(&parse_hex(B1).unwrap());
    assert!(d.is_ok(), "{:?}", d.problems);
    assert_eq!(d.summary, "1 field line: :path: /index.html");
    insta::assert_snapshot!("b1", render::tree(&d));
}

#[test]
fn rfc_9204_b4_section_reads_its_static_line_and_names_its_dynamic_ones() {
    // Stream 8 of Appendix B.4: Required Insert Count 4, Base 4; dynamic 0, static 1
    // (:path=/), dynamic 1.
    let d = dissect(&parse_hex("0500 80 c1 81").unwrap());
    assert!(d.is_ok(), "{:?}", d.problems);
    assert_eq!(
        d.summary,
        "3 field lines: dynamic table, relative index 0, :path: /, dynamic table, relative index 1"
    );
    // The static line alone, as this encoder writes it.
    assert_eq!(to_hex(&encode(&[(b":path", b"/")], false).bytes), "0000c1");
}

#[test]
fn a_request_uses_all_three_static_only_forms() {
    let fields: [(&[u8], &[u8]); 5] = [
        (b":method", b"GET"),
        (b":scheme", b"https"),
        (b":authority", b"www.example.com"),
        (b":path", b"/"),
        (b"x-wiretrail", b"QPACK"),
    ];
    let e = encode(&fields, true);
    let kinds: Vec<Representation> = e.lines.iter().map(|l| l.representation).collect();
    assert_eq!(
        kinds,
        [
            Representation::Indexed { index: 17 },
            Representation::Indexed { index: 23 },
            Representation::NameReference { index: 0 },
            Representation::Indexed { index: 1 },
            Representation::LiteralName,
        ]
    );
    // :method GET is one byte, 0xc0 | 17.
    assert_eq!(e.bytes[2], 0xd1);
    let d = dissect(&e.bytes);
    assert!(d.is_ok(), "{:?}", d.problems);
    assert_eq!(
        d.summary,
        "5 field lines: :method: GET, :scheme: https, :authority: www.example.com, :path: /, \
         x-wiretrail: QPACK"
    );
    insta::assert_snapshot!("request", render::tree(&d));
}

#[test]
fn three_ways_whole_cut_and_with_trailing_bytes() {
    let e = encode(
        &[
            (b":authority", b"www.example.com"),
            (b"x-custom-header", b"a value"),
        ],
        true,
    );
    assert!(dissect(&e.bytes).is_ok());
    // Every cut is read as far as it goes, with a problem, never a panic.
    for cut in 0..e.bytes.len() {
        let d = dissect(&e.bytes[..cut]);
        assert!(
            !d.is_ok() || cut == 2 || e.lines.iter().any(|l| l.bytes.end == cut),
            "cut {cut}"
        );
        for f in d.all_fields() {
            assert!(
                f.bits.end() <= cut as u64 * 8,
                "{} past the end at cut {cut}",
                f.name
            );
        }
    }
    // A trailing byte is one more representation: 0xff starts an indexed line whose
    // integer is cut short.
    let mut more = e.bytes.clone();
    more.push(0xff);
    let d = dissect(&more);
    assert_eq!(d.problems.len(), 1);
    assert_eq!(d.problems[0].rule, "RFC 9204 §4.1.1");
}

#[test]
fn broken_sections_get_qpacks_answer() {
    for (hex, rule) in [
        ("0000 ff24", "RFC 9204 §3.1"),      // static index 99
        ("0000 80", "RFC 9204 §2.2.3"),      // dynamic reference with Required Insert Count 0
        ("0000 5105 2f", "RFC 9204 §4.1.2"), // a 5-byte value with 1 byte left
        ("0000 2f", "RFC 9204 §4.1.1"),      // a name length cut short
    ] {
        let d = dissect(&parse_hex(hex).unwrap());
        assert_eq!(d.problems.len(), 1, "{hex}: {:?}", d.problems);
        assert_eq!(d.problems[0].rule, rule, "{hex}");
        assert_eq!(
            d.problems[0].answer.as_deref(),
            Some("connection error QPACK_DECOMPRESSION_FAILED (0x0200)")
        );
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut noise = wire::noise::Noise::new(0x2545_f491_4f6c_dd1d);
    for _ in 0..20_000 {
        let bytes = noise.bytes(40);
        let d = dissect(&bytes);
        let _ = render::tree(&d);
        assert_eq!(d.field_past_the_end().map(|f| &f.name), None);
    }
}

#[test]
fn chapter_10_worked_example() {
    // RFC 7541 C.4.1's request, as chapter 10 prints it: 19 bytes of QPACK with the static
    // table (HPACK takes 17 for the same list, RFC 7541 C.4.1).
    let fields: [(&[u8], &[u8]); 4] = [
        (b":method", b"GET"),
        (b":scheme", b"http"),
        (b":path", b"/"),
        (b":authority", b"www.example.com"),
    ];
    let e = encode(&fields, true);
    assert_eq!(to_hex(&e.bytes), "0000d1d6c1508cf1e3c2e5f23a6ba0ab90f4ff");
    assert_eq!(e.bytes.len(), 19);
    // Without Huffman the authority goes as 15 plain bytes.
    assert_eq!(encode(&fields, false).bytes.len(), 22);
}
