//! Property: no bytes from a peer make the frame parser, the connection state machine or the
//! frame dissector panic — fed whole, and split at a point the input chooses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use websocket::{Config, Connection, Role};

fuzz_target!(|data: &[u8]| {
    let _ = websocket::frame::FrameHeader::parse(data);
    let split = data.first().map_or(0, |&b| usize::from(b)).min(data.len());
    for role in [Role::Server, Role::Client] {
        let mut conn = Connection::new(role, Config { max_message_size: 1 << 16, max_frame_size: 1 << 16 });
        conn.feed(&data[..split]);
        while let Ok(Some(_)) = conn.next_event() {}
        conn.feed(&data[split..]);
        while let Ok(Some(_)) = conn.next_event() {}
    }
    for d in websocket::dissect::frames(data, None) {
        let _ = wire::render::tree(&d);
        let _ = wire::render::diagram(&d);
    }
});
