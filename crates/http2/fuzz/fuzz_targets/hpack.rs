//! Properties: no header block makes the HPACK decoder or its dissector panic, and whatever
//! decodes re-encodes to a block that decodes to the same list.
#![no_main]

use http2::hpack::{Decoder, Encoder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut decoder = Decoder::new();
    if let Ok(list) = decoder.decode(data) {
        let mut block = Vec::new();
        Encoder::new().encode(&list, &mut block);
        assert_eq!(Decoder::new().decode(&block).ok(), Some(list));
    }
    let d = http2::dissect::header_block(data, &mut Decoder::new());
    let _ = wire::render::tree(&d);
});
