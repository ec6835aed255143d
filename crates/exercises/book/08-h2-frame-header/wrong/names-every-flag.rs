//! Wrong on purpose: names every flag bit that any type defines, whatever the frame's type.
//! RFC 9113 §4.1: flags a type does not define "MUST be ignored": 0x01 is END_STREAM on DATA,
//! ACK on PING, and nothing at all on GOAWAY.

pub fn flag_names(frame_type: u8, flags: u8) -> Vec<&'static str> {
    let _ = frame_type;
    [(0x01, "END_STREAM"), (0x04, "END_HEADERS"), (0x08, "PADDED"), (0x20, "PRIORITY")]
        .into_iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, name)| name)
        .collect()
}
