//! The fuzz targets' bodies, one function a target, and what they share.
//!
//! The property is always "never panics", plus cheap invariants that a panic would not show:
//! every byte range a unit or a field claims lies inside the input, units follow one another
//! without gaps, and every buffer stays under its bound. Each `src/bin/*.rs` hands AFL++'s
//! input to one function here.
//!
//! Inputs that feed a stream cutter are split into pieces the input itself chooses: its first
//! byte seeds the piece sizes (0 feeds the rest whole), so the fuzzer explores "two frames in
//! one read" and "one frame over many reads" as it explores the bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod targets;

/// The first byte (a selector) and the rest.
pub fn split(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&sel, rest)) => (sel, rest),
        None => (0, &[]),
    }
}

/// `data` cut into pieces whose sizes come from `seed` (1-64 bytes each; 0: one piece).
pub fn pieces(seed: u8, data: &[u8]) -> Vec<&[u8]> {
    if seed == 0 {
        return vec![data];
    }
    let mut state = u32::from(seed).wrapping_mul(0x9E37_79B9) | 1;
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let n = (state % 64 + 1) as usize;
        let (piece, tail) = rest.split_at(n.min(rest.len()));
        out.push(piece);
        rest = tail;
    }
    out
}

/// [`check_fields`], then both renderers.
pub fn check_dissection(d: &wire::Dissection) {
    check_fields(d);
    let _ = wire::render::tree(d);
    let _ = wire::render::diagram(d);
}

/// Every field (and child) of `d` lies inside its input, and so does every problem. (The
/// observer targets check only this: their subject is framing, and rendering would halve
/// their speed.)
pub fn check_fields(d: &wire::Dissection) {
    fn walk(f: &wire::Field, len: u64) {
        assert!(f.bits.end() <= len, "field {} past the input", f.name);
        for c in &f.children {
            walk(c, len);
        }
    }
    let len = d.bytes.len() as u64 * 8;
    for f in &d.fields {
        walk(f, len);
    }
    for p in &d.problems {
        assert!(p.at.end() <= len, "problem past the input: {}", p.message);
    }
}
