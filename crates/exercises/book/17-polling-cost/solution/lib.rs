//! Exercise 17, reference solution: what each way of pushing costs (RFC 6202).

/// RFC 6455 §5.2: 2, 4 or 10 bytes, and the masking key's 4 on a client's frames.
pub fn ws_header(payload: u64, masked: bool) -> u64 {
    let length = match payload {
        0..=125 => 2,
        126..=65_535 => 4,
        _ => 10,
    };
    length + if masked { 4 } else { 0 }
}

/// RFC 9112 §7.1: the size in hex, CRLF, and the CRLF after the data.
pub fn chunk_overhead(payload: u64) -> u64 {
    format!("{payload:x}").len() as u64 + 4
}

/// Each method's cost a minute, for all clients.
pub fn costs(p: &Params) -> Costs {
    let headers = (p.request_headers + p.response_headers) as f64;
    let polls = 60.0 / p.interval_secs;
    let messages = p.per_minute as f64;
    let news = p.payload as f64 * messages;
    let clients = p.clients as f64;
    let cost = |requests: f64, bytes: f64| Cost {
        requests_per_minute: requests * clients,
        bytes_per_minute: bytes * clients,
        payload_per_minute: news * clients,
    };
    Costs {
        polling: cost(polls, headers * polls + news),
        long_polling: cost(messages, (headers + p.payload as f64) * messages),
        streaming: cost(0.0, (chunk_overhead(p.payload) + p.payload) as f64 * messages),
        websocket: cost(0.0, (ws_header(p.payload, p.masked) + p.payload) as f64 * messages),
    }
}
