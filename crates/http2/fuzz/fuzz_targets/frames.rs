//! Property: no input makes the frame parser, the frame reader or the frame dissector panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = http2::frame::Frame::parse(data, http2::frame::MAX_LENGTH);
    let mut reader = http2::frame::FrameDecoder::new();
    reader.feed(data);
    while let Ok(Some(_)) = reader.next_frame() {}
    for d in http2::dissect::frames(data) {
        let _ = wire::render::tree(&d);
        let _ = wire::render::diagram(&d);
    }
});
