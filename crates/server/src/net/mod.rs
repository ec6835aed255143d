//! Connection I/O: everything that touches a socket.
//!
//! - [`serve`] — the accept loop (hyper-util `auto::Builder`, upgrades on) and shutdown;
//! - [`tap`] — the `AsyncRead + AsyncWrite` wrapper that lets a lab see a connection's bytes;
//! - [`upgrade`] — the WebSocket opening handshake by hand (RFC 6455 §4.2) and the cap;
//! - [`driver`] — the one loop that reads and writes a WebSocket.

pub mod driver;
pub mod serve;
pub mod tap;
pub mod upgrade;
