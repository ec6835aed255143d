//! Fuzz target: see `wiretrail_fuzz::targets::http1_reader`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::http1_reader(data));
}
