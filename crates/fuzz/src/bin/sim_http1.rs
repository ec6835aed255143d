//! Fuzz target: see `wiretrail_fuzz::targets::sim_http1`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::sim_http1(data));
}
