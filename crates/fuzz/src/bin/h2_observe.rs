//! Fuzz target: see `wiretrail_fuzz::targets::h2_observe`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::h2_observe(data));
}
