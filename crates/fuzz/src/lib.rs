//! The fuzz targets' bodies, one function a target, and what they share.
//!
//! The property is always "never panics", plus cheap invariants that a panic would not show:
//! every byte range a unit or a field claims lies inside the input, units follow one another
//! without gaps, every buffer stays under its bound, and a dissector given a [`wire::Budget`]
//! (as the dissect API gives one) produces nothing after it is spent but the stop. Each
//! `src/bin/*.rs` hands AFL++'s input to one function here; `cargo test --lib` replays the
//! kept corpus through them without AFL++.
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

/// A small budget chosen by `seed`: 1-8 frames, 1-256 fields (in steps of 8), and
/// 512-4096 bytes of text, so the fuzzer reaches every way a budget ends a run.
pub fn small_budget(seed: u8) -> wire::Budget {
    let s = usize::from(seed);
    wire::Budget::new(1 + s % 8, 1 + (s >> 3) % 32 * 8, 512 * (1 + (s >> 5)))
}

/// True for the dissection a spent budget ends a run with ([`wire::Budget::stopped`]).
pub fn is_stop(d: &wire::Dissection) -> bool {
    d.bytes.is_empty()
        && d.fields.is_empty()
        && d.problems.iter().any(|p| p.rule == wire::budget::RULE)
}

/// The budget held: replaying `out` against a fresh `limit`, no dissection came after the
/// budget was spent but the stop, and the stop (at most one) is last.
pub fn check_budget(out: &[wire::Dissection], limit: &wire::Budget) {
    let mut replay = limit.clone();
    for (i, d) in out.iter().enumerate() {
        if is_stop(d) {
            assert_eq!(i + 1, out.len(), "a stop that is not last");
            assert!(replay.is_spent(), "a stop before the budget was spent");
        } else {
            assert!(
                !replay.is_spent(),
                "dissection {i} after the budget was spent"
            );
            replay.charge(d);
        }
    }
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

#[cfg(test)]
mod corpus_test;
