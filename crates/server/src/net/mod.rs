//! Connection I/O: everything that touches a socket.
//!
//! - [`serve`] — the accept loop (hyper-util `auto::Builder`, upgrades on) and shutdown;
//! - [`host`] — the `Host` allow-list against DNS rebinding (421, 400), sans-IO;
//! - [`conn`] — one cap on every connection, and the raw 503 past it;
//! - [`deadline`] — the body deadline (408), idle connections, responses stalled on the peer;
//! - [`budget`] — one budget for the WebSocket messages being assembled (1013);
//! - [`tap`] — the `AsyncRead + AsyncWrite` wrapper that lets a lab see a connection's bytes;
//! - [`upgrade`] — the WebSocket opening handshake by hand (RFC 6455 §4.2) and the cap;
//! - [`driver`] — the one loop that reads and writes a WebSocket.

pub mod budget;
pub mod conn;
pub mod deadline;
pub mod driver;
pub mod host;
pub mod serve;
pub mod tap;
pub mod upgrade;
