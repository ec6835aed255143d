//! The chunked coding on RFC 9112 §7.1's grammar, whole, byte by byte and in pieces, with
//! trailing bytes and broken input.

use super::*;

/// The body, fed whole, byte by byte and in pieces of 5: the data it carries, the bytes
/// of each part, how many bytes were taken, and the error, if any. The three must agree.
fn decode(bytes: &[u8]) -> (Vec<u8>, [u64; 4], u64, Option<ChunkError>) {
    let mut runs = Vec::new();
    for piece in [bytes.len().max(1), 1, 5] {
        let mut d = Decoder::new();
        let mut data = Vec::new();
        let mut parts = [0u64; 4];
        let mut error = None;
        let mut at = 0usize;
        'pieces: for chunk in bytes.chunks(piece) {
            let mut rest = chunk;
            while !rest.is_empty() {
                let (n, unit) = d.take(rest);
                match unit {
                    Some(Ok(span)) => {
                        assert_eq!(span.range.start, at as u64, "spans are contiguous");
                        assert_eq!(span.len(), n as u64);
                        parts[span.part as usize] += span.len();
                        if span.part.is_data() {
                            data.extend_from_slice(&rest[..n]);
                        }
                    }
                    Some(Err(e)) => error = Some(e),
                    None if n == 0 => break 'pieces,
                    None => {}
                }
                at += n;
                rest = &rest[n..];
            }
        }
        runs.push((data, parts, d.position(), error));
    }
    assert_eq!(runs[0], runs[1], "whole and byte by byte agree");
    assert_eq!(runs[0], runs[2], "whole and in pieces agree");
    runs.swap_remove(0)
}

const BODY: &[u8] = b"4\r\nWiki\r\n6;note=x\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n";

#[test]
fn a_body_in_chunks_whole_byte_by_byte_and_in_pieces() {
    let (data, parts, taken, error) = decode(BODY);
    assert_eq!(data, b"Wikipedia in \r\n\r\nchunks.");
    assert_eq!(error, None);
    assert_eq!(taken, BODY.len() as u64);
    // Size lines: "4\r\n", "6;note=x\r\n", "E\r\n", "0\r\n"; three data ends; "\r\n".
    assert_eq!(parts, [3 + 10 + 3 + 3, 4 + 6 + 14, 6, 2]);
    assert_eq!(parts.iter().sum::<u64>(), BODY.len() as u64);
}

#[test]
fn the_body_ends_where_its_framing_says_and_trailing_bytes_are_left() {
    let with_next = [BODY, b"HTTP/1.1 200 OK\r\n\r\n"].concat();
    let (data, _, taken, error) = decode(&with_next);
    assert_eq!(data.len(), 24);
    assert_eq!((taken, error), (BODY.len() as u64, None));
    let mut d = Decoder::new();
    let used: usize = d.feed(&with_next).map(|u| u.unwrap().len() as usize).sum();
    assert_eq!(used, BODY.len());
    assert!(d.is_done());
    assert_eq!(d.take(b"more"), (0, None));
}

#[test]
fn bare_lf_line_ends_trailers_and_a_last_chunk_of_zeros() {
    let body = b"3\nabc\n000;x\nExpires: never\r\nX: y\n\n";
    let (data, parts, taken, error) = decode(body);
    assert_eq!((data.as_slice(), error), (&b"abc"[..], None));
    assert_eq!(taken, body.len() as u64);
    assert_eq!(parts[Part::Trailer as usize], 22);
    let mut d = Decoder::new();
    let _ = d.feed(b"0\r\n\r\n").count();
    assert_eq!((d.chunk_size(), d.is_done()), (Some(0), true));
}

#[test]
fn broken_framing_is_an_error_and_nothing_after_it_is_looked_at() {
    for (bytes, want) in [
        (&b"xyz\r\n"[..], ChunkError::NoSize),
        (b"\r\n", ChunkError::NoSize),
        (b";ext\r\n", ChunkError::NoSize),
        (b"4\x00\r\n", ChunkError::BadSizeLine),
        (b"4\rx", ChunkError::BareCr),
        (b"10000000000000000\r\n", ChunkError::SizeOverflow),
        (b"2\r\nabX", ChunkError::NoDataEnd),
        (b"2\r\nab\rX", ChunkError::BareCr),
    ] {
        let (_, _, taken, error) = decode(bytes);
        assert_eq!(error, Some(want), "{:?}", String::from_utf8_lossy(bytes));
        assert!(taken <= bytes.len() as u64);
    }
    let long = [&b"1;"[..], &vec![b'a'; MAX_SIZE_LINE]].concat();
    assert_eq!(
        decode(&long).3,
        Some(ChunkError::SizeLineTooLong { max: MAX_SIZE_LINE })
    );
    let trailer = [&b"0\r\n"[..], &vec![b'a'; MAX_TRAILER + 1]].concat();
    assert_eq!(
        decode(&trailer).3,
        Some(ChunkError::TrailerTooLarge { max: MAX_TRAILER })
    );
    let mut d = Decoder::new();
    let _ = d.feed(b"zz\r\n").count();
    assert!(d.is_broken());
    assert_eq!(d.take(b"4\r\nWiki"), (7, None));
    assert_eq!(ChunkError::NoDataEnd.rule(), "RFC 9112 §7.1");
}

#[test]
fn random_bytes_never_panic_and_spans_stay_inside() {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..2000 {
        let len = (seed % 40) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                b"0123456789abcdefA;\r\n x"[(seed % 22) as usize]
            })
            .collect();
        let (data, parts, taken, _) = decode(&bytes);
        assert!(taken <= bytes.len() as u64);
        assert!(data.len() as u64 <= parts[Part::Data as usize]);
    }
}
