//! The WebSocket load client: raw RFC 6455 over tokio, so that it measures the server and
//! not a client library.
//!
//! One connection; every frame the client sends is the same masked binary frame (RFC 6455
//! §5.2, §5.3), built once, so the client's own work per message is a `write` and a
//! comparison (of one echo in [`CHECK_EVERY`]; the others' opcode and length). Up to `window` messages are in flight: after each echo that comes back whole
//! (and equal to what was sent, byte for byte), one more goes out, until the time or the
//! count is spent. A window of 1 is ping-pong (each message waits for the previous echo: the
//! round trip); a larger window keeps the server busy (its throughput). In-flight bytes are
//! capped at [`MAX_IN_FLIGHT`] so neither side can block the other on a full socket.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::Result;

/// The most bytes in flight, summed over the window.
pub const MAX_IN_FLIGHT: usize = 1 << 20;
/// The least room a read is given.
const READ_CHUNK: usize = 256 * 1024;
/// One echo in this many is compared with what was sent byte for byte (every echo's opcode
/// and length are checked): comparing every 64 KiB echo would make the client, not the
/// server, the slower side.
const CHECK_EVERY: u64 = 16;
/// How long a single read may wait before the run is declared stuck.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// The masking key of every frame the client sends (RFC 6455 §5.7's example key).
const KEY: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];
/// RFC 6455 §5.2: FIN and the Binary opcode.
const FIN_BINARY: u8 = 0x82;
/// RFC 6455 §5.2: FIN and the Close opcode.
const FIN_CLOSE: u8 = 0x88;

/// What one run sends.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// The payload size of every message.
    pub size: usize,
    /// How many messages may be in flight at once.
    pub window: usize,
    /// Stop sending after this long.
    pub duration: Duration,
    /// ... or after this many messages.
    pub max_messages: u64,
}

/// What one run measured.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    /// Echoes received, each checked.
    pub messages: u64,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        self.messages as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// A masked client frame (RFC 6455 §5.2): header, key, masked payload.
pub fn masked_frame(first_byte: u8, payload: &[u8]) -> Vec<u8> {
    let mut frame = vec![first_byte];
    let len = payload.len();
    if len <= 125 {
        frame.push(0x80 | len as u8);
    } else if let Ok(len16) = u16::try_from(len) {
        frame.push(0x80 | 126);
        frame.extend_from_slice(&len16.to_be_bytes());
    } else {
        frame.push(0x80 | 127);
        frame.extend_from_slice(&(len as u64).to_be_bytes());
    }
    frame.extend_from_slice(&KEY);
    frame.extend(payload.iter().zip(KEY.iter().cycle()).map(|(b, k)| b ^ k));
    frame
}

/// Bytes that do not compress and differ from run to run of the generator only by `seed`.
pub fn payload(size: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// The opening handshake (RFC 6455 §4.1) on `stream`, for `path` at `host`. Returns the
/// bytes that followed the 101's head, if any.
pub async fn handshake(stream: &mut TcpStream, host: &str, path: &str) -> Result<Vec<u8>> {
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let (head, rest) = crate::http::read_head(stream).await?;
    if !head.starts_with("HTTP/1.1 101") {
        let status = head.lines().next().unwrap_or_default();
        return Err(format!("{path}: the handshake got {status:?}, not 101").into());
    }
    Ok(rest)
}

/// Runs `load` against the WebSocket at `ws://host{path}`.
pub async fn run(host: &str, path: &str, load: Load) -> Result<Outcome> {
    let mut stream = TcpStream::connect(host).await?;
    stream.set_nodelay(true)?;
    let first = handshake(&mut stream, host, path).await?;

    let expected = payload(load.size, load.size as u64 + 7);
    let frame = masked_frame(FIN_BINARY, &expected);
    let window = load.window.clamp(1, (MAX_IN_FLIGHT / frame.len()).max(1));
    let batch: Vec<u8> = frame.repeat(window);

    let start = Instant::now();
    let deadline = start + load.duration;
    let mut sent = window as u64;
    let mut received = 0u64;
    stream.write_all(&batch).await?;
    // One buffer, read into in place: `buf[at..filled]` holds what is not consumed yet.
    let capacity = (window * frame.len()).max(READ_CHUNK) + READ_CHUNK;
    let mut buf = {
        let mut b = vec![0u8; capacity];
        let n = first.len().min(capacity);
        b[..n].copy_from_slice(&first[..n]);
        b
    };
    let (mut at, mut filled) = (0, first.len().min(capacity));
    loop {
        // Every whole echo in the buffer: check it, count it.
        let mut echoed = 0;
        while let Some((header_len, payload_len)) = server_frame(&buf[at..filled])? {
            if payload_len != load.size
                || (received + echoed).is_multiple_of(CHECK_EVERY)
                    && buf[at + header_len..at + header_len + payload_len] != expected[..]
            {
                return Err(format!("{path}: an echo of {} bytes differs", load.size).into());
            }
            at += header_len + payload_len;
            echoed += 1;
        }
        received += echoed;
        let more = if Instant::now() < deadline && sent < load.max_messages {
            echoed.min(load.max_messages - sent)
        } else {
            0
        };
        if more > 0 {
            stream
                .write_all(&batch[..frame.len() * more as usize])
                .await?;
            sent += more;
        }
        if received == sent {
            break;
        }
        if capacity - filled < READ_CHUNK {
            buf.copy_within(at..filled, 0);
            filled -= at;
            at = 0;
        }
        let n = tokio::time::timeout(READ_TIMEOUT, stream.read(&mut buf[filled..]))
            .await
            .map_err(|_| format!("{path}: no echo for {READ_TIMEOUT:?}"))??;
        if n == 0 {
            return Err(format!("{path}: the server closed the connection").into());
        }
        filled += n;
    }
    let elapsed = start.elapsed();
    close(&mut stream).await;
    Ok(Outcome {
        messages: received,
        elapsed,
    })
}

/// The closing handshake, politely and boundedly: Close 1000, then read until the server's
/// end of stream.
async fn close(stream: &mut TcpStream) {
    let _ = stream
        .write_all(&masked_frame(FIN_CLOSE, &1000u16.to_be_bytes()))
        .await;
    let mut sink = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
    })
    .await;
}

/// A whole unmasked Binary frame from the server at the start of `buf`: its header length
/// and payload length, `None` if it is not all there yet.
fn server_frame(buf: &[u8]) -> Result<Option<(usize, usize)>> {
    let [b0, b1, rest @ ..] = buf else {
        return Ok(None);
    };
    if *b0 != FIN_BINARY || b1 & 0x80 != 0 {
        return Err(format!("unexpected frame from the server: {b0:#04x} {b1:#04x}").into());
    }
    let (header, len) = match b1 & 0x7f {
        126 => match rest {
            [a, b, ..] => (4, usize::from(u16::from_be_bytes([*a, *b]))),
            _ => return Ok(None),
        },
        127 => match rest.first_chunk::<8>() {
            Some(len) => (10, usize::try_from(u64::from_be_bytes(*len))?),
            None => return Ok(None),
        },
        n => (2, usize::from(n)),
    };
    Ok((buf.len() >= header + len).then_some((header, len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        // RFC 6455 §5.7: a single-frame masked text message "Hello".
        let hello = masked_frame(0x81, b"Hello");
        assert_eq!(
            hello,
            [
                0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58
            ]
        );
        assert_eq!(masked_frame(FIN_BINARY, &[0; 126])[1], 0x80 | 126);
        assert_eq!(masked_frame(FIN_BINARY, &[0; 65536])[1], 0x80 | 127);
        let mut unmasked = vec![FIN_BINARY, 126, 0, 200];
        unmasked.extend_from_slice(&[1; 200]);
        assert_eq!(server_frame(&unmasked).unwrap(), Some((4, 200)));
        assert_eq!(server_frame(&unmasked[..100]).unwrap(), None);
        assert!(server_frame(&[0x81, 0]).is_err());
    }
}
