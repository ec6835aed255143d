//! Fuzz target: see `wiretrail_fuzz::targets::hpack`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::hpack(data));
}
