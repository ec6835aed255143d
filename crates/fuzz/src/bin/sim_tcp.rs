//! Fuzz target: see `wiretrail_fuzz::targets::sim_tcp`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::sim_tcp(data));
}
