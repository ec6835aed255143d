//! Wrong on purpose: lets every code from 1000 to 4999 travel. 1004 is reserved, 1005, 1006
//! and 1015 only describe a closure locally (RFC 6455 §7.4.1), and 1016-2999 belong to future
//! RFCs: none may be sent in a Close frame.

pub fn is_sendable(code: u16) -> bool {
    (1000..5000).contains(&code)
}
