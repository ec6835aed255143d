//! IPv4 (RFC 791 §3.1): the chapter's header encoded and checked by hand, bit ranges, the checksum, options and broken headers.

use super::*;

#[test]
fn ipv4_chapter_example_encodes_to_the_chapters_bytes() {
    let h = ipv4::Header {
        identification: 7238,
        ..ipv4::Header::default()
    };
    // 20 bytes of TCP follow: total length 40.
    assert_eq!(
        to_hex(&h.encode(20)),
        to_hex(&parse_hex(CHAPTER_IPV4).unwrap())
    );
}

#[test]
fn ipv4_chapter_example_checksum_by_hand() {
    // The chapter's arithmetic: the words sum to 0x2cdaf, folded 0xcdb1, complement 0x324e.
    let mut bytes = parse_hex(CHAPTER_IPV4).unwrap();
    bytes[10] = 0;
    bytes[11] = 0;
    let mut wide: u32 = 0;
    for w in bytes.chunks(2) {
        wide += u32::from(u16::from_be_bytes([w[0], w[1]]));
    }
    assert_eq!(wide, 0x2cdaf);
    assert_eq!(crate::checksum::sum(0, &bytes), 0xcdb1);
    assert_eq!(crate::checksum::checksum(&bytes), 0x324e);
    assert_eq!(
        ipv4::expected_checksum(&parse_hex(CHAPTER_IPV4).unwrap()),
        0x324e
    );
}

#[test]
fn ipv4_chapter_example_dissects_clean() {
    let d = ipv4::dissect(&parse_hex(CHAPTER_IPV4).unwrap());
    assert!(d.is_ok(), "{:?}", d.problems);
    assert_eq!(d.header_bits, 160);
    insta::assert_snapshot!("ipv4_chapter_example", check(&d));
}

#[test]
fn ipv4_bit_ranges_follow_rfc_791() {
    let d = ipv4::dissect(&parse_hex(CHAPTER_IPV4).unwrap());
    let at = |name: &str| {
        let f = d.all_fields().into_iter().find(|f| f.name == name).unwrap();
        (f.bits.start, f.bits.len)
    };
    assert_eq!(at("Version"), (0, 4));
    assert_eq!(at("IHL"), (4, 4));
    assert_eq!(at("DSCP"), (8, 6));
    assert_eq!(at("ECN"), (14, 2));
    assert_eq!(at("Total Length"), (16, 16));
    assert_eq!(at("Identification"), (32, 16));
    assert_eq!(at("DF"), (49, 1));
    assert_eq!(at("MF"), (50, 1));
    assert_eq!(at("Fragment Offset"), (51, 13));
    assert_eq!(at("Time to Live"), (64, 8));
    assert_eq!(at("Protocol"), (72, 8));
    assert_eq!(at("Header Checksum"), (80, 16));
    assert_eq!(at("Source Address"), (96, 32));
    assert_eq!(at("Destination Address"), (128, 32));
}

#[test]
fn ipv4_wrong_checksum_is_a_problem() {
    let mut b = parse_hex(CHAPTER_IPV4).unwrap();
    b[11] ^= 1;
    let d = ipv4::dissect(&b);
    assert_eq!(rules(&d), ["RFC 791 §3.1"]);
    assert!(
        d.problems[0].message.contains("0x324e"),
        "{}",
        d.problems[0].message
    );
    assert!(d.summary.ends_with("checksum WRONG"));
}

#[test]
fn ipv4_changing_a_field_changes_the_checksum() {
    // TTL 63 (one hop later): the checksum goes up by 0x0100, as RFC 1624 predicts.
    let h = ipv4::Header {
        identification: 7238,
        ttl: 63,
        ..ipv4::Header::default()
    };
    let b = h.encode(20);
    assert_eq!(u16::from_be_bytes([b[10], b[11]]), 0x334e);
    assert!(ipv4::dissect(&b).is_ok());
}

#[test]
fn ipv4_options_fragments_and_odd_fields() {
    let h = ipv4::Header {
        dscp: 46,
        ecn: 3,
        identification: 1,
        dont_fragment: false,
        more_fragments: true,
        fragment_offset: 185,
        protocol: ipv4::PROTO_UDP,
        // Router Alert, then a NOP; padded to 8 bytes.
        options: vec![148, 4, 0, 0, 1],
        ..ipv4::Header::default()
    };
    let b = h.packet(b"data");
    assert_eq!(b.len(), 32);
    let d = ipv4::dissect(&b);
    assert!(d.is_ok(), "{:?}", d.problems);
    insta::assert_snapshot!("ipv4_options_fragment", check(&d));
}

#[test]
fn ipv4_broken_headers_say_why() {
    // Version 6, IHL 4, a reserved flag, Total Length below the header.
    let b = parse_hex("64 00 00 10 00 00 80 00 40 06 00 00 c0 00 02 01 c6 33 64 07").unwrap();
    insta::assert_snapshot!("ipv4_broken", check(&ipv4::dissect(&b)));
    // Truncated: every missing field says so.
    let d = ipv4::dissect(&parse_hex("45 00 00 28 1c").unwrap());
    assert!(!d.is_ok());
    assert_eq!(d.summary, "IPv4 header, incomplete");
}
