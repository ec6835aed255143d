//! Exercise 13, reference solution: NCP sockets (RFC 147) and the ICP (RFC 165).

/// Which way a socket faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Receive,
    Send,
}

/// A simplex connection: bytes flow from `send` to `receive`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connection {
    pub send: u32,
    pub receive: u32,
}

/// Why two sockets cannot be joined, or an ICP cannot start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketError {
    SameGender,
    UserSocketNotReceive,
    ServerSocketNotReceive,
    ListenSocketNotSend,
    UserSocketTooHigh,
}

/// Even sockets receive, odd sockets send.
pub fn gender(socket: u32) -> Gender {
    if socket % 2 == 0 {
        Gender::Receive
    } else {
        Gender::Send
    }
}

/// Joins two sockets into a simplex connection, whichever order they are given in.
pub fn pair(a: u32, b: u32) -> Result<Connection, SocketError> {
    match (gender(a), gender(b)) {
        (Gender::Send, Gender::Receive) => Ok(Connection {
            send: a,
            receive: b,
        }),
        (Gender::Receive, Gender::Send) => Ok(Connection {
            send: b,
            receive: a,
        }),
        _ => Err(SocketError::SameGender),
    }
}

/// The Initial Connection Protocol of RFC 165: the contact connection L ==> U, then the
/// session's S+1 ==> U+2 and U+3 ==> S.
pub fn icp(listen: u32, user: u32, server: u32) -> Result<[Connection; 3], SocketError> {
    if gender(listen) != Gender::Send {
        return Err(SocketError::ListenSocketNotSend);
    }
    if gender(user) != Gender::Receive {
        return Err(SocketError::UserSocketNotReceive);
    }
    if gender(server) != Gender::Receive {
        return Err(SocketError::ServerSocketNotReceive);
    }
    let user_send = user.checked_add(3).ok_or(SocketError::UserSocketTooHigh)?;
    Ok([
        Connection {
            send: listen,
            receive: user,
        },
        Connection {
            send: server + 1,
            receive: user + 2,
        },
        Connection {
            send: user_send,
            receive: server,
        },
    ])
}
