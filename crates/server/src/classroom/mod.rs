//! Classroom mode: one teacher's laptop, a room of students' browsers on the LAN.
//!
//! `wiretrail classroom` (or `serve --classroom`) listens on the LAN and serves everything
//! `serve` does, plus what a lesson needs and what a shared network demands:
//!
//! - [`lan`]: the address students type (the first non-loopback IPv4, found without sending a
//!   packet) and its QR code in the terminal;
//! - [`Classroom`]: who the teacher is — a loopback peer, or whoever holds the random token
//!   printed only in the teacher's terminal (cookie `wt_teacher` or header
//!   `X-Wiretrail-Teacher`);
//! - [`guard`]: the LAN rules as one middleware — the workbook API and anything that runs
//!   programs answer only the teacher (403); a lab session is bound to the client that made it
//!   (cookie `wt_client`, another client's id → 404); per-client limits (429);
//! - [`room`]: the chat-room lab's relay (`GET /ws/room/{room}`), with no axum in it;
//! - [`question`]: the live question (one of the chapters' quiz questions, answered once per
//!   client, its distribution for the teacher);
//! - [`limits`]: the per-client counters behind the 429s.
//!
//! *Threat model* (the README's "Teaching with wiretrail"): a classroom LAN, curious students
//! with browsers and curl, no internet needed. Unguessable ids are not enough when URLs are
//! projected on a wall, so ids are bound to their creator's cookie; what spends the teacher's
//! CPU or touches the teacher's files is the teacher's alone.

pub mod guard;
pub mod lan;
pub mod limits;
pub mod question;
pub mod room;

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// The cookie that carries the teacher's token once `/teacher?token=…` was opened.
pub const TEACHER_COOKIE: &str = "wt_teacher";
/// The header a script may send the token in instead.
pub const TEACHER_HEADER: &str = "x-wiretrail-teacher";
/// The cookie that names a client, set by the guard on the first response.
pub const CLIENT_COOKIE: &str = "wt_client";

/// Classroom mode's secrets and rules; `None` in [`crate::state::Shared`] when serving alone.
#[derive(Debug)]
pub struct Classroom {
    /// 128 random bits in hex; the teacher's link carries it.
    token: String,
    /// Whether a loopback peer is the teacher (always, but for tests that play students from
    /// loopback: `--loopback-is-student`).
    loopback_is_teacher: bool,
    /// The per-client counters.
    pub limits: limits::Limits,
}

/// Who sent a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// Loopback, or the token.
    Teacher,
    /// Anyone else, by address.
    Student(IpAddr),
}

impl Classroom {
    /// A classroom with `token` (a fresh random one when `None`).
    pub fn new(token: Option<String>, loopback_is_teacher: bool) -> Self {
        Self {
            token: token.unwrap_or_else(random_hex),
            loopback_is_teacher,
            limits: limits::Limits::default(),
        }
    }

    /// The teacher's secret, for the link printed at start-up.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether `candidate` is the token, compared in constant time.
    pub fn is_token(&self, candidate: &str) -> bool {
        let a = self.token.as_bytes();
        let b = candidate.as_bytes();
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// Who sent a request from `peer` with these headers. A request whose peer is unknown is
    /// a student of the unspecified address (never the teacher).
    pub fn who(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> Who {
        let ip = peer.map_or(IpAddr::from([0, 0, 0, 0]), |p| p.ip());
        if self.loopback_is_teacher && ip.is_loopback() {
            return Who::Teacher;
        }
        let header = headers.get(TEACHER_HEADER).and_then(|v| v.to_str().ok());
        if header.is_some_and(|t| self.is_token(t))
            || cookie(headers, TEACHER_COOKIE).is_some_and(|t| self.is_token(t))
        {
            return Who::Teacher;
        }
        Who::Student(ip)
    }
}

/// The value of cookie `name` in the request's `Cookie` headers (RFC 6265 §5.4).
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// 128 random bits as 32 hex digits.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    // getrandom fails only where the OS has no randomness at all; the clock is then the seed.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = nanos.to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_teacher_is_loopback_or_the_token() {
        let c = Classroom::new(Some("abc".into()), true);
        let lan: SocketAddr = "192.168.1.20:5000".parse().unwrap();
        let lo: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let none = HeaderMap::new();
        assert_eq!(c.who(Some(lo), &none), Who::Teacher);
        assert_eq!(c.who(Some(lan), &none), Who::Student(lan.ip()));
        let mut h = HeaderMap::new();
        h.insert(COOKIE, "a=1; wt_teacher=abc".parse().unwrap());
        assert_eq!(c.who(Some(lan), &h), Who::Teacher);
        h.insert(COOKIE, "wt_teacher=abd".parse().unwrap());
        assert_eq!(c.who(Some(lan), &h), Who::Student(lan.ip()));
        let strict = Classroom::new(Some("abc".into()), false);
        assert_eq!(strict.who(Some(lo), &none), Who::Student(lo.ip()));
        assert_eq!(random_hex().len(), 32);
    }
}
