//! Exercise 17: what polling, long polling, HTTP streaming and WebSocket cost (RFC 6202).
//!
//! Read TASK.md first; check with `wiretrail exercises check 17-polling-cost`.

/// What the clients receive, and how.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// How many clients.
    pub clients: u64,
    /// Messages a minute, to each client.
    pub per_minute: u64,
    /// Bytes of each message.
    pub payload: u64,
    /// Seconds between two polls (polling only).
    pub interval_secs: f64,
    /// Bytes of each request head.
    pub request_headers: u64,
    /// Bytes of each response head.
    pub response_headers: u64,
    /// Whether the WebSocket frames are a client's (masked: 4 more bytes each).
    pub masked: bool,
}

/// What one method costs a minute, for all clients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// HTTP requests a minute.
    pub requests_per_minute: f64,
    /// Bytes a minute, framing and payload.
    pub bytes_per_minute: f64,
    /// Of which payload.
    pub payload_per_minute: f64,
}

/// The four methods side by side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Costs {
    pub polling: Cost,
    pub long_polling: Cost,
    pub streaming: Cost,
    pub websocket: Cost,
}

/// RFC 6455 §5.2: the frame header's size for a payload of `payload` bytes.
pub fn ws_header(payload: u64, masked: bool) -> u64 {
    // TODO: 2, 4 or 10 bytes by the payload's size; 4 more when masked.
    let _ = (payload, masked); // delete this line once you use the arguments
    todo!("the frame header's size")
}

/// RFC 9112 §7.1: what a chunk of `payload` bytes adds: its size in hex, CRLF, and the CRLF
/// after the data.
pub fn chunk_overhead(payload: u64) -> u64 {
    // TODO: hexadecimal, not decimal.
    let _ = payload; // delete this line once you use `payload`
    todo!("the chunk's framing")
}

/// Each method's cost a minute, for all clients.
pub fn costs(p: &Params) -> Costs {
    // TODO 1: per client: polls a minute (60 / interval), messages a minute, the headers.
    // TODO 2: polling, long polling, streaming and WebSocket as TASK.md writes them.
    // TODO 3: times the clients.
    let _ = p; // delete this line once you use `p`
    todo!("the four costs")
}
