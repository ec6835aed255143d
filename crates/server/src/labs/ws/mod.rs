//! The WebSocket lab: the learner's own browser socket, byte by byte.
//!
//! A page asks for a session (`POST /api/lab/ws/sessions`) and gets its id. It opens the
//! inspector stream (`GET /lab/ws/events/{id}`, Server-Sent Events) and then its WebSocket
//! (`/ws/lab?session={id}`). The WebSocket handler claims the connection's
//! [tap](crate::net::tap); the tapped bytes are dissected by the session ([`WsSession`]) and
//! go out on the stream, in order.
//!
//! Memory is bounded three ways: the [registry](super::registry)'s cap on sessions (503 past
//! it), a cap on each session's kept events ([`super::events::MAX_HISTORY_BYTES`]), and
//! payloads over [`super::EXCERPT`] bytes dissected only for their first bytes.

pub mod raw;
pub mod session;

pub use session::WsSession;

use super::registry::Registry;

/// The WebSocket lab's open sessions.
pub type WsLabs = Registry<WsSession>;

/// The subprotocols the lab's WebSocket speaks, so a learner can see one chosen.
pub const LAB_PROTOCOLS: &[&str] = &["chat", "superchat"];
/// The lab socket's message and frame limit: small enough that a button can pass it.
pub const LAB_MAX_MESSAGE: usize = 1024 * 1024;

/// The close codes a learner may ask the lab's server to send (RFC 6455 §7.4): every code a
/// server may put in a Close frame except 1002, which the protocol-error ask shows, and
/// 1010, which only a client sends (§7.4.1). The ask API checks it and the page's menu is
/// built from it (the served tables' `askable`).
pub fn askable_close_code(code: u16) -> bool {
    matches!(code, 1000 | 1001 | 1003 | 1007 | 1008 | 1009 | 1011..=1014 | 3000..=4999)
}

/// The codes [`askable_close_code`] allows, as a learner reads them: "1000, 1001, 1003,
/// 1007-1009, 1011-1014 or 3000-4999".
pub fn askable_close_codes() -> String {
    let mut runs: Vec<(u16, u16)> = Vec::new();
    for code in (0..=u16::MAX).filter(|&c| askable_close_code(c)) {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == code => *last = code,
            _ => runs.push((code, code)),
        }
    }
    let mut parts: Vec<String> = runs
        .iter()
        .map(|&(first, last)| match last - first {
            0 => first.to_string(),
            1 => format!("{first}, {last}"),
            _ => format!("{first}-{last}"),
        })
        .collect();
    let last = parts.pop().unwrap_or_default();
    if parts.is_empty() {
        last
    } else {
        format!("{} or {last}", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_askable_codes_in_words() {
        assert_eq!(
            super::askable_close_codes(),
            "1000, 1001, 1003, 1007-1009, 1011-1014 or 3000-4999"
        );
    }
}
