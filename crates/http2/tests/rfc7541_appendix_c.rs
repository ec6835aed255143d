//! RFC 7541 Appendix C, every example: the decoder turns the RFC's bytes into the RFC's
//! header lists and dynamic tables, and the encoder turns the lists back into the RFC's
//! bytes. Bytes are checked with `assert_eq!`; each header list and table is a snapshot laid
//! out like the RFC's own "Dynamic Table (after decoding)" (reviewed against the RFC text).
//!
//! (C.1, the integer examples, are unit tests in `src/hpack/integer.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use http2::hpack::{Decoder, Encoder, HeaderField, HuffmanPolicy, Indexing};

fn hex(s: &str) -> Vec<u8> {
    wire::parse_hex(s).unwrap()
}

fn fields(list: &[(&str, &str)]) -> Vec<HeaderField> {
    list.iter().map(|(n, v)| HeaderField::new(*n, *v)).collect()
}

/// The decoded list, then the table as the RFC prints it.
fn show(list: &[HeaderField], decoder: &Decoder) -> String {
    let mut s = String::from("Decoded header list:\n");
    for f in list {
        let _ = writeln!(s, "  {f}");
    }
    s.push_str("Dynamic Table (after decoding):\n");
    for (i, f) in decoder.table().iter().enumerate() {
        let _ = writeln!(s, "  [{:3}] (s = {:3}) {f}", i + 1, f.size());
    }
    let _ = writeln!(s, "        Table size: {:3}", decoder.table().size());
    s
}

/// Decodes `bytes` whole, and checks the other two ways on copies of the decoder: every
/// strict prefix yields a prefix of the list (or stops with an error), and the block followed
/// by trailing bytes (`82`, one more field) yields the list plus that field.
fn decode_three_ways(decoder: &mut Decoder, bytes: &[u8]) -> Vec<HeaderField> {
    let whole = decoder.clone().decode(bytes).unwrap();
    for n in 0..bytes.len() {
        let partial = decoder.clone().decode_block(&bytes[..n]);
        assert!(whole.starts_with(&partial.fields), "prefix of {n} bytes");
    }
    let mut longer = bytes.to_vec();
    longer.push(0x82);
    let mut expected = whole.clone();
    expected.push(HeaderField::new(":method", "GET"));
    assert_eq!(decoder.clone().decode(&longer).unwrap(), expected);
    decoder.decode(bytes).unwrap()
}

/// Encodes `list` with `encoder` and checks the bytes are the RFC's.
fn encode_check(encoder: &mut Encoder, list: &[HeaderField], expected: &[u8]) {
    let mut out = Vec::new();
    encoder.encode(list, &mut out);
    assert_eq!(wire::to_hex(&out), wire::to_hex(expected));
}

// ---- C.2: header field representations, each on its own ----

/// C.2.1: literal with indexing, literal name: `custom-key: custom-header`, table size 55.
#[test]
fn c_2_1_literal_with_indexing() {
    let bytes = hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");
    let mut d = Decoder::new();
    let list = decode_three_ways(&mut d, &bytes);
    assert_eq!(list, fields(&[("custom-key", "custom-header")]));
    assert_eq!(d.table().size(), 55);
    insta::assert_snapshot!(show(&list, &d));
    let mut e = Encoder::new().with_huffman(HuffmanPolicy::Never);
    encode_check(&mut e, &list, &bytes);
}

/// C.2.2: literal without indexing, indexed name: `:path: /sample/path`; the table stays empty.
#[test]
fn c_2_2_literal_without_indexing() {
    let bytes = hex("040c 2f73 616d 706c 652f 7061 7468");
    let mut d = Decoder::new();
    let list = decode_three_ways(&mut d, &bytes);
    assert_eq!(list, fields(&[(":path", "/sample/path")]));
    assert!(d.table().is_empty());
    insta::assert_snapshot!(show(&list, &d));
    let mut e = Encoder::new().with_huffman(HuffmanPolicy::Never);
    let mut out = Vec::new();
    e.encode_field(&list[0], Indexing::WithoutIndexing, &mut out);
    assert_eq!(out, bytes);
    assert!(e.table().is_empty());
}

/// C.2.3: literal never indexed, literal name: `password: secret`; the table stays empty.
#[test]
fn c_2_3_literal_never_indexed() {
    let bytes = hex("1008 7061 7373 776f 7264 0673 6563 7265 74");
    let mut d = Decoder::new();
    let list = decode_three_ways(&mut d, &bytes);
    assert_eq!(list, fields(&[("password", "secret")]));
    assert!(d.table().is_empty());
    insta::assert_snapshot!(show(&list, &d));
    let mut e = Encoder::new().with_huffman(HuffmanPolicy::Never);
    let mut out = Vec::new();
    e.encode_field(&list[0], Indexing::NeverIndexed, &mut out);
    assert_eq!(out, bytes);
}

/// C.2.4: indexed field: `82` is `:method: GET`.
#[test]
fn c_2_4_indexed() {
    let bytes = hex("82");
    let mut d = Decoder::new();
    let list = decode_three_ways(&mut d, &bytes);
    assert_eq!(list, fields(&[(":method", "GET")]));
    assert!(d.table().is_empty());
    insta::assert_snapshot!(show(&list, &d));
    let mut e = Encoder::new();
    encode_check(&mut e, &list, &bytes);
}

// ---- C.3-C.6: sequences on one connection ----

const REQUESTS: [&[(&str, &str)]; 3] = [
    &[
        (":method", "GET"),
        (":scheme", "http"),
        (":path", "/"),
        (":authority", "www.example.com"),
    ],
    &[
        (":method", "GET"),
        (":scheme", "http"),
        (":path", "/"),
        (":authority", "www.example.com"),
        ("cache-control", "no-cache"),
    ],
    &[
        (":method", "GET"),
        (":scheme", "https"),
        (":path", "/index.html"),
        (":authority", "www.example.com"),
        ("custom-key", "custom-value"),
    ],
];

const RESPONSES: [&[(&str, &str)]; 3] = [
    &[
        (":status", "302"),
        ("cache-control", "private"),
        ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
        ("location", "https://www.example.com"),
    ],
    &[
        (":status", "307"),
        ("cache-control", "private"),
        ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
        ("location", "https://www.example.com"),
    ],
    &[
        (":status", "200"),
        ("cache-control", "private"),
        ("date", "Mon, 21 Oct 2013 20:13:22 GMT"),
        ("location", "https://www.example.com"),
        ("content-encoding", "gzip"),
        (
            "set-cookie",
            "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
        ),
    ],
];

/// C.3: three requests without Huffman coding.
const C3: [&str; 3] = [
    "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
    "8286 84be 5808 6e6f 2d63 6163 6865",
    "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
];

/// C.4: the same requests with Huffman coding.
const C4: [&str; 3] = [
    "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
    "8286 84be 5886 a8eb 1064 9cbf",
    "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
];

/// C.5: three responses without Huffman coding, with a 256-byte table (evictions).
const C5: [&str; 3] = [
    "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133
     2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70
     6c65 2e63 6f6d",
    "4803 3330 37c1 c0bf",
    "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d
     54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049
     5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e
     3d31",
];

/// C.6: the same responses with Huffman coding.
const C6: [&str; 3] = [
    "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6
     2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
    "4883 640e ffc1 c0bf",
    "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab
     77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f
     9587 3160 65c0 03ed 4ee5 b106 3d50 07",
];

/// The RFC's table sizes after each step of C.3/C.4 and of C.5/C.6.
const REQUEST_TABLE_SIZES: [usize; 3] = [57, 110, 164];
const RESPONSE_TABLE_SIZES: [usize; 3] = [222, 222, 215];

fn sequence(
    name: &str,
    blocks: [&str; 3],
    lists: [&[(&str, &str)]; 3],
    table_size: usize,
    huffman: HuffmanPolicy,
    sizes: [usize; 3],
) {
    let mut d = Decoder::with_max_table_size(table_size);
    let mut e = Encoder::with_table_size(table_size).with_huffman(huffman);
    for (step, ((block, list), size)) in blocks.iter().zip(lists).zip(sizes).enumerate() {
        let bytes = hex(block);
        let decoded = decode_three_ways(&mut d, &bytes);
        assert_eq!(decoded, fields(list), "{name}.{}", step + 1);
        assert_eq!(d.table().size(), size, "{name}.{} table size", step + 1);
        insta::assert_snapshot!(format!("{name}_{}", step + 1), show(&decoded, &d));
        encode_check(&mut e, &decoded, &bytes);
        assert_eq!(
            e.table(),
            d.table(),
            "{name}.{}: both tables agree",
            step + 1
        );
    }
}

#[test]
fn c_3_requests_without_huffman() {
    sequence(
        "c_3",
        C3,
        REQUESTS,
        4096,
        HuffmanPolicy::Never,
        REQUEST_TABLE_SIZES,
    );
}

#[test]
fn c_4_requests_with_huffman() {
    sequence(
        "c_4",
        C4,
        REQUESTS,
        4096,
        HuffmanPolicy::UnlessLonger,
        REQUEST_TABLE_SIZES,
    );
}

#[test]
fn c_5_responses_without_huffman() {
    sequence(
        "c_5",
        C5,
        RESPONSES,
        256,
        HuffmanPolicy::Never,
        RESPONSE_TABLE_SIZES,
    );
}

#[test]
fn c_6_responses_with_huffman() {
    sequence(
        "c_6",
        C6,
        RESPONSES,
        256,
        HuffmanPolicy::UnlessLonger,
        RESPONSE_TABLE_SIZES,
    );
}

/// The evictions the RFC narrates ("- evict: ...") are the ones the decoder reports.
#[test]
fn c_5_evictions_match_the_rfc() {
    let mut d = Decoder::with_max_table_size(256);
    d.decode(&hex(C5[0])).unwrap();
    let second = d.decode_block(&hex(C5[1]));
    let evicted: Vec<String> = second
        .representations
        .iter()
        .flat_map(|r| r.evicted.iter().map(ToString::to_string))
        .collect();
    assert_eq!(evicted, [":status: 302"]);
    let third = d.decode_block(&hex(C5[2]));
    let evicted: Vec<Vec<String>> = third
        .representations
        .iter()
        .map(|r| r.evicted.iter().map(ToString::to_string).collect())
        .filter(|v: &Vec<String>| !v.is_empty())
        .collect();
    assert_eq!(
        evicted,
        [
            vec!["cache-control: private".to_string()],
            vec!["date: Mon, 21 Oct 2013 20:13:21 GMT".to_string()],
            vec![
                "location: https://www.example.com".to_string(),
                ":status: 307".to_string()
            ],
        ]
    );
}
