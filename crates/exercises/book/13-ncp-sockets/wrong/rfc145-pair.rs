//! Wrong on purpose: the session pair of RFC 145, S+1 ==> U and U+1 ==> S, which RFC 165
//! replaced: U may still be held by the closing contact connection, so RFC 165 (after
//! RFC 161) opens S+1 ==> U+2 and U+3 ==> S instead.

pub fn icp(listen: u32, user: u32, server: u32) -> Result<[Connection; 3], SocketError> {
    match (gender(listen), gender(user), gender(server)) {
        (Gender::Receive, _, _) => Err(SocketError::ListenSocketNotSend),
        (_, Gender::Send, _) => Err(SocketError::UserSocketNotReceive),
        (_, _, Gender::Send) => Err(SocketError::ServerSocketNotReceive),
        _ => {
            let conn = |send, receive| Connection { send, receive };
            let back = user.checked_add(1).ok_or(SocketError::UserSocketTooHigh)?;
            Ok([conn(listen, user), conn(server + 1, user), conn(back, server)])
        }
    }
}
