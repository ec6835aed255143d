//! Fuzz target: see `wiretrail_fuzz::targets::sim_ncp`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::sim_ncp(data));
}
