//! Frame-layer benchmarks: masking, and parsing a masked binary frame end to end.
//!
//! - `unmask`: XOR a payload with a masking key.
//!   - `ours_in_place`: [`websocket::apply_mask`] on a buffer (what `Connection` does).
//!   - `ours_copy`: [`websocket::encode_frame`] with a key: copy the payload into the output
//!     and mask it there.
//!   - `tungstenite_copy`: tungstenite 0.30 keeps its `apply_mask` private
//!     (`protocol::frame::mask` is a private module); its public masking path is
//!     `Frame::format` on a frame whose header has a mask, which takes the payload out of
//!     its `Bytes` (no copy: the buffer is unique), masks it in place, and writes it to the
//!     output. So `tungstenite_copy` and `ours_copy` do the same work: one copy plus one
//!     mask pass. Building the `Frame` is setup, outside the timing.
//! - `parse`: a masked binary frame through `Connection::feed` + `next_event` (copy into the
//!   message buffer, unmask, emit), against tungstenite's `WebSocket::read` over an
//!   in-memory stream (construction is setup, outside the timing).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;
use std::io::{Cursor, Read, Write};
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tungstenite::protocol::frame::coding::{Data, OpCode};
use tungstenite::protocol::frame::{Frame, FrameHeader as TFrameHeader};
use websocket::{Config, Connection, Event, Message, Opcode, Role, apply_mask, encode_frame};

const KEY: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];
const SIZES: [(usize, &str); 4] = [
    (16, "16B"),
    (1024, "1KiB"),
    (64 * 1024, "64KiB"),
    (1024 * 1024, "1MiB"),
];

fn payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 + 7) as u8).collect()
}

fn unmask(c: &mut Criterion) {
    let mut group = c.benchmark_group("unmask");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    for (len, name) in SIZES {
        let data = payload(len);
        group.throughput(Throughput::Bytes(len as u64));

        let mut buf = data.clone();
        group.bench_function(BenchmarkId::new("ours_in_place", name), |b| {
            b.iter(|| apply_mask(black_box(&mut buf), black_box(KEY)));
        });

        let mut out = Vec::with_capacity(len + 14);
        group.bench_function(BenchmarkId::new("ours_copy", name), |b| {
            b.iter(|| {
                out.clear();
                encode_frame(true, Opcode::Binary, Some(KEY), black_box(&data), &mut out);
                black_box(&out);
            });
        });

        let mut out = Vec::with_capacity(len + 14);
        group.bench_function(BenchmarkId::new("tungstenite_copy", name), |b| {
            b.iter_batched(
                || {
                    let header = TFrameHeader {
                        is_final: true,
                        rsv1: false,
                        rsv2: false,
                        rsv3: false,
                        opcode: OpCode::Data(Data::Binary),
                        mask: Some(KEY),
                    };
                    Frame::from_payload(header, data.clone().into())
                },
                |frame| {
                    out.clear();
                    frame.format(&mut out).unwrap();
                    black_box(&out);
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

/// An in-memory stream for tungstenite: reads from a buffer, discards writes.
struct MemStream(Cursor<Vec<u8>>);

impl Read for MemStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for MemStream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    for (len, name) in SIZES {
        let mut wire = Vec::new();
        encode_frame(true, Opcode::Binary, Some(KEY), &payload(len), &mut wire);
        group.throughput(Throughput::Bytes(len as u64));

        group.bench_function(BenchmarkId::new("ours", name), |b| {
            b.iter_batched(
                || Connection::new(Role::Server, Config::default()),
                |mut conn| {
                    conn.feed(black_box(&wire));
                    match conn.next_event() {
                        Ok(Some(Event::Message(Message::Binary(data)))) => {
                            assert_eq!(data.len(), len)
                        }
                        other => panic!("{other:?}"),
                    }
                },
                BatchSize::SmallInput,
            );
        });

        group.bench_function(BenchmarkId::new("tungstenite", name), |b| {
            b.iter_batched(
                || {
                    tungstenite::WebSocket::from_raw_socket(
                        MemStream(Cursor::new(wire.clone())),
                        tungstenite::protocol::Role::Server,
                        None,
                    )
                },
                |mut ws| match ws.read().unwrap() {
                    tungstenite::Message::Binary(data) => assert_eq!(data.len(), len),
                    other => panic!("{other:?}"),
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, unmask, parse);
criterion_main!(benches);
