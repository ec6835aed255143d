//! Fuzz target: see `wiretrail_fuzz::targets::qpack`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::qpack(data));
}
