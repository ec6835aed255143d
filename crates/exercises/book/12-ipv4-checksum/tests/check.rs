//! Grading tests for exercise 12: checksums computed and verified by your code, with the
//! header dissected around them, compared with the answer key in `tests/snapshots/`. Do not
//! edit this file or the snapshots: the grader restores them before every run.

use std::fmt::Write as _;

use ex12_ipv4_checksum::{checksum, ones_complement_sum, verify};
use grading::{attempt, bytes};

fn hex16(r: Result<u16, String>) -> String {
    r.map_or_else(|p| p, |v| format!("{v:04x}"))
}

/// RFC 1071 §3, "Numerical Examples": the RFC's own bytes.
#[test]
fn rfc1071_example() {
    let data = bytes("00 01 f2 03 f4 f5 f6 f7");
    let out = format!(
        "RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7\n  words: 0001 + f203 + f4f5 + f6f7 = 2ddf0, end-around carry: ddf0 + 2 = ddf2\n  your one's complement sum: {}\n  your checksum (its complement): {}\n  odd length, 00 01 f2: sum {}\n",
        hex16(attempt(|| ones_complement_sum(&data))),
        hex16(attempt(|| checksum(&data))),
        hex16(attempt(|| ones_complement_sum(&data[..3]))),
    );
    grading::snapshot!("rfc1071_example", out);
}

/// An IPv4 header (RFC 791 §3.1), its checksum computed with the field zeroed, then
/// verified as a receiver does.
fn header(title: &str, hex: &str) -> String {
    let received = bytes(hex);
    let mut zeroed = received.clone();
    zeroed[10] = 0;
    zeroed[11] = 0;
    let mut out = format!("{title}\n  {hex}\n");
    writeln!(out, "  version {} IHL {} ({} bytes) total length {} TTL {} protocol {} {}.{}.{}.{} -> {}.{}.{}.{}",
        received[0] >> 4, received[0] & 0xf, (received[0] & 0xf) * 4,
        u16::from_be_bytes([received[2], received[3]]), received[8], received[9],
        received[12], received[13], received[14], received[15],
        received[16], received[17], received[18], received[19]).unwrap();
    writeln!(
        out,
        "  checksum field as received: {:02x}{:02x}",
        received[10], received[11]
    )
    .unwrap();
    writeln!(
        out,
        "  your checksum over the header with the field zeroed: {}",
        hex16(attempt(|| checksum(&zeroed)))
    )
    .unwrap();
    let verdict = match attempt(|| verify(&received)) {
        Ok(true) => "intact".to_string(),
        Ok(false) => "corrupted: drop it".to_string(),
        Err(p) => p,
    };
    writeln!(out, "  receiver's verdict: {verdict}").unwrap();
    out
}

#[test]
fn ipv4_headers() {
    let out = [
        header(
            "UDP, 192.168.0.1 -> 192.168.0.199 (the example Wikipedia uses)",
            "4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7",
        ),
        header(
            "TCP SYN, 10.0.0.1 -> 10.0.0.2",
            "4500 003c 1c46 4000 4006 0a74 0a00 0001 0a00 0002",
        ),
        header(
            "The first header with one bit flipped in transit (TTL 64 -> 65)",
            "4500 0073 0000 4000 4111 b861 c0a8 0001 c0a8 00c7",
        ),
        header(
            "A router decremented the TTL but forgot the checksum",
            "4500 0073 0000 4000 3f11 b861 c0a8 0001 c0a8 00c7",
        ),
    ]
    .join("\n");
    grading::snapshot!("ipv4_headers", out);
}

/// The arithmetic's corners: the end-around carry, and why 0000 and ffff are "the same".
#[test]
fn corners() {
    let cases = [
        ("ffff + 0001 (carry wraps around)", "ff ff 00 01"),
        ("ffff + fffe + 0002 (carries twice)", "ff ff ff fe 00 02"),
        ("ffff + ffff", "ff ff ff ff"),
        ("all zeros", "00 00 00 00"),
        ("nothing at all", ""),
        ("a single byte ab", "ab"),
    ];
    let mut out = String::new();
    for (title, hex) in cases {
        let data = bytes(hex);
        writeln!(
            out,
            "{title:<36} sum {}  checksum {}",
            hex16(attempt(|| ones_complement_sum(&data))),
            hex16(attempt(|| checksum(&data)))
        )
        .unwrap();
    }
    grading::snapshot!("corners", out);
}
