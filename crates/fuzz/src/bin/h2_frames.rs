//! Fuzz target: see `wiretrail_fuzz::targets::h2_frames`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::h2_frames(data));
}
