//! Fuzz target: see `wiretrail_fuzz::targets::ws_handshake`.
fn main() {
    afl::fuzz!(|data: &[u8]| wiretrail_fuzz::targets::ws_handshake(data));
}
