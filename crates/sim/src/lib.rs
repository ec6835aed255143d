//! # sim — step-through simulators that emit dissected events
//!
//! The book's history chapters explain protocols that no browser speaks to this server: the
//! ARPANET's NCP, and the IPv4 and TCP headers underneath every HTTP request. This crate
//! builds their bytes from fields a learner chooses and explains them with the same
//! [`wire::Dissection`] model the WebSocket and HTTP/2 dissectors use, so the pages draw
//! them with the same cards.
//!
//! Sans-IO like the protocol crates: values in, bytes and dissections out. No sockets, no
//! async, no serde (the server serializes at the boundary).
//!
//! Reading order:
//!
//! 1. [`checksum`] — the Internet checksum (RFC 1071), shared by IPv4 and TCP.
//! 2. [`ipv4`] — the RFC 791 §3.1 header: build it from fields, dissect any bytes.
//! 3. [`tcp`] — the RFC 9293 §3.1 header, with the pseudo-header checksum.
//! 4. [`handshake`] — a connection's life as real IPv4+TCP packets: SYN, SYN-ACK, ACK,
//!    data, FIN, with the sequence arithmetic of each step.
//! 5. [`ncp`] — NCP's control commands on link 0 (RFC 6529 §3) and the Initial Connection
//!    Protocol of RFC 165 as the commands each host sends.
//! 6. [`http1`] — a lenient HTTP/1.1 request-head dissector (RFC 9112), for the request a
//!    learner's browser really sent (the `http1` crate's, named here with the others).
//!
//! **Invariant:** no dissector here panics or fails on any input: it returns the fields it
//! could read and a [`wire::Problem`] for each rule the bytes break.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod checksum;
pub mod handshake;
pub mod http1;
pub mod ipv4;
pub mod ncp;
pub mod tcp;

mod options;
mod util;

#[cfg(test)]
mod tests;
