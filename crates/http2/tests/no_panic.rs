//! Nothing a peer sends can panic the crate: 5,000 pseudo-random inputs (fixed seed), some
//! pure noise and some valid bytes with a few flipped, through the frame parser, the frame
//! reader, the HPACK decoder and both dissectors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use http2::frame::{Frame, FrameDecoder, MAX_LENGTH};
use http2::hpack::Decoder;
use wire::noise::Noise;

/// Valid starting points that random flips turn into near-misses.
const SEEDS: &[&str] = &[
    "000012 04 00 00000000 0001 00001000 0002 00000000 0004 00ffffff",
    "000011 01 05 00000001 8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
    "000011 07 00 00000000 00000007 00000001 626164206672616d65",
    "000008 00 09 00000001 03 616263 000000",
    "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
    "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6",
];

const INPUTS: usize = 5_000;

fn input(rng: &mut Noise, seeds: &[Vec<u8>]) -> Vec<u8> {
    if rng.below(2) == 0 {
        (0..rng.below(64)).map(|_| rng.next_u64() as u8).collect()
    } else {
        let mut bytes = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(4) {
            if bytes.is_empty() {
                break;
            }
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
        }
        bytes.truncate(rng.below(bytes.len() + 1).max(bytes.len() / 2));
        bytes
    }
}

#[test]
fn random_bytes_never_panic() {
    let seeds: Vec<Vec<u8>> = SEEDS.iter().map(|s| wire::parse_hex(s).unwrap()).collect();
    let mut rng = Noise::new(0x0dd_ba11_cafe_f00d);
    let mut errors = 0;
    for _ in 0..INPUTS {
        let bytes = input(&mut rng, &seeds);
        if Frame::parse(&bytes, MAX_LENGTH).is_err() {
            errors += 1;
        }
        let mut reader = FrameDecoder::new();
        reader.feed(&bytes);
        while let Ok(Some(_)) = reader.next_frame() {}
        if Decoder::new().decode(&bytes).is_err() {
            errors += 1;
        }
        let _ = Decoder::with_max_table_size(0).decode_block(&bytes);
        let ds = http2::dissect::frames(&bytes);
        for d in &ds {
            let _ = wire::render::tree(d);
            let _ = wire::render::diagram(d);
        }
        let d = http2::dissect::header_block(&bytes, &mut Decoder::new());
        let _ = wire::render::tree(&d);
    }
    // The inputs do reach the error paths.
    assert!(errors > INPUTS / 4, "{errors}");
}
