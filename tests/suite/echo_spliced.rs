//! `/ws/echo` answering from its read buffer (`net/driver.rs`): an echo of 4 KiB or more
//! is written as its header plus the payload where it was read (one vectored write), so
//! these tests send what takes that path — many such messages in one write (past the 256
//! payloads one write may splice), text and binary mixed with short ones, read late (so
//! the socket takes part of a write and the rest waits in the connection's buffer) — and
//! check every echo, byte for byte, in order; and a long message whose rest comes later.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;

use crate::common::{Server, frame, open, read_frame};

/// A payload of `len` bytes that differs from message to message.
fn payload(n: usize, len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 + n * 7) as u8).collect()
}

#[test]
fn many_long_messages_in_one_write_are_echoed_in_order() {
    let server = Server::start(&[]);
    let mut s = open(&server, "/ws/echo");
    // 300 messages: 4 KiB, 8 KiB and 64 KiB binary ones, short ones and long text between.
    let mut sent = Vec::new();
    let mut bytes = Vec::new();
    for n in 0..300 {
        let (opcode, body) = match n % 5 {
            0 => (0x2, payload(n, 4096)),
            1 => (0x2, payload(n, 8192)),
            2 => (0x2, payload(n, 10)),
            3 => (0x1, "é".repeat(3000).into_bytes()),
            _ => (0x2, payload(n, if n % 50 == 4 { 65536 } else { 5000 })),
        };
        bytes.extend_from_slice(&frame(true, opcode, &body, true));
        sent.push((opcode, body));
    }
    // One write, from a thread; the answers pile up unread for a while, so the server's
    // socket takes only part of a write and the rest waits in the connection's buffer.
    let mut writer = s.try_clone().unwrap();
    let sending = std::thread::spawn(move || writer.write_all(&bytes).unwrap());
    std::thread::sleep(std::time::Duration::from_millis(300));
    for (i, (opcode, body)) in sent.iter().enumerate() {
        let echo = read_frame(&mut s).unwrap_or_else(|| panic!("echo {i} missing"));
        assert!(echo.fin && !echo.masked, "echo {i}");
        assert_eq!(echo.opcode, *opcode, "echo {i}");
        assert_eq!(echo.payload.len(), body.len(), "echo {i}");
        assert!(echo.payload == *body, "echo {i}: other bytes");
    }
    sending.join().unwrap();
    // Still open and answering.
    s.write_all(&frame(true, 0x1, b"still here", true)).unwrap();
    assert_eq!(read_frame(&mut s).unwrap().payload, b"still here");
}

/// A long message whose rest comes later than its start: the server reads what came, finds
/// the rest not there yet, and assembles the message the usual way; one that comes at
/// once is read whole in the same poll. Both are echoed exactly.
#[test]
fn a_long_message_in_two_writes_is_echoed_whole() {
    let server = Server::start(&[]);
    let mut s = open(&server, "/ws/echo");
    for (n, pause) in [(1, 50), (2, 0), (3, 5)] {
        let body = payload(n, 70_000);
        let bytes = frame(true, 0x2, &body, true);
        let (first, rest) = bytes.split_at(9_000);
        s.write_all(first).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(pause));
        s.write_all(rest).unwrap();
        let echo = read_frame(&mut s).unwrap();
        assert_eq!(echo.opcode, 0x2);
        assert!(echo.payload == body, "message {n}: other bytes");
    }
}
