//! Property: no request bytes make the opening-handshake parser, its validation or the
//! handshake dissectors panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(Some((head, _))) = websocket::handshake::parse_request_head(data) {
        let _ = websocket::handshake::validate_request(&head, &["chat", "superchat"]);
    }
    let _ = wire::render::tree(&websocket::dissect::handshake_request_for(data, &["chat"]));
    let _ = wire::render::tree(&websocket::dissect::handshake_response(data));
    let _ = websocket::dissect::accept_key_steps(&String::from_utf8_lossy(data));
});
