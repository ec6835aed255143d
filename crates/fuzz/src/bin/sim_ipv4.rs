//! Fuzz target: see `wiretrail_fuzz::targets::sim_ipv4`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::sim_ipv4(data));
}
