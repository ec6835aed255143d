//! Exercise 13: NCP sockets (RFC 147) and the Initial Connection Protocol (RFC 165).
//!
//! Read TASK.md first; check with `wiretrail exercises check 13-ncp-sockets`.

/// Which way a socket faces (its "gender").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Even socket numbers receive.
    Receive,
    /// Odd socket numbers send.
    Send,
}

/// A simplex connection: bytes flow from the `send` socket to the `receive` socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connection {
    pub send: u32,
    pub receive: u32,
}

/// Why two sockets cannot be joined, or an ICP cannot start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketError {
    /// Both sockets send, or both receive: their sum is even.
    SameGender,
    /// The user's socket U must be a receive (even) socket.
    UserSocketNotReceive,
    /// The socket number S the server sends must be a receive (even) socket.
    ServerSocketNotReceive,
    /// The well-known socket L the server listens on must be a send (odd) socket.
    ListenSocketNotSend,
    /// U+3 does not fit in 32 bits.
    UserSocketTooHigh,
}

/// RFC 147: even sockets receive, odd sockets send.
pub fn gender(socket: u32) -> Gender {
    // TODO
    let _ = socket; // delete this line once you use `socket`
    todo!("even or odd")
}

/// Joins two sockets into a simplex connection, whichever order they are given in: one
/// must send and the other receive (their sum is odd), else `Err(SameGender)`.
pub fn pair(a: u32, b: u32) -> Result<Connection, SocketError> {
    // TODO: match on (gender(a), gender(b)).
    let _ = (a, b); // delete this line once you use the arguments
    todo!("pair two sockets")
}

/// The Initial Connection Protocol of RFC 165:
///
/// 1. the server listens on a well-known odd socket `listen` (L; 1 for the logger);
/// 2. the user connects its even socket `user` (U) to it: the first connection runs from
///    the server (L) to the user (U);
/// 3. the server sends a socket number `server` (S, even) down it, and both close it;
/// 4. the session is two new connections: the server's S+1 sends to the user's U+2, and the
///    user's U+3 sends to the server's S.
///
/// Returns the three connections in that order, or the first rule broken, checked in the
/// order L, U, S, then whether U+3 fits in 32 bits.
pub fn icp(listen: u32, user: u32, server: u32) -> Result<[Connection; 3], SocketError> {
    // TODO 1: check the three genders, in the order L, U, S.
    // TODO 2: U+3 must not overflow (`checked_add`); S+1 cannot, S being even.
    // TODO 3: build the three connections with `pair`, or directly.
    let _ = (listen, user, server); // delete this line once you use the arguments
    todo!("the ICP")
}
