//! Fuzz target: see `wiretrail_fuzz::targets::ws_frames`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::ws_frames(data));
}
