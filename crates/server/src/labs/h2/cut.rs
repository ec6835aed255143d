//! Cutting one direction of an HTTP/2 connection into the client preface and frames.
//!
//! ```text
//!  client → server:  preface (24 bytes) ──▶ frame ──▶ frame ──▶ …
//!  server → client:  frame ──▶ frame ──▶ …
//! ```
//!
//! Every frame starts with the same 9-byte header whose first 24 bits are its payload's
//! length (RFC 9113 §4.1), so cutting the stream needs nothing else; a frame is handed on
//! when its last byte has passed. Only the first [`EXCERPT`] bytes of a DATA payload are
//! kept, and [`MAX_KEPT_PAYLOAD`] of any other.

use http2::dissect::Dissector;
use http2::frame::{FrameType, HEADER_LEN, PREFACE};

use crate::labs::EXCERPT;

/// The most payload bytes kept of any frame but DATA (a field block is decoded whole up to
/// this, so the HPACK table stays right).
pub const MAX_KEPT_PAYLOAD: usize = 64 * 1024;

/// Where one direction's parser is.
#[derive(Debug, Default)]
pub(super) struct Dir {
    /// Its own dissector: each direction has its own HPACK dynamic table (RFC 7541 §2.2).
    pub(super) dissector: Dissector,
    /// The client's direction begins with the 24-byte preface.
    awaiting_preface: bool,
    kept: Vec<u8>,
    /// The current frame: its payload length and type, once the header is whole.
    frame: Option<(usize, u8)>,
    /// Payload bytes of the current frame that have passed.
    seen: usize,
    lost: bool,
}

impl Dir {
    /// The client's direction, which begins with the preface.
    pub(super) fn client() -> Self {
        Dir {
            awaiting_preface: true,
            ..Dir::default()
        }
    }
}

/// A piece of one direction's bytes, cut at a boundary.
pub(super) enum Cut {
    Preface(Vec<u8>),
    BadPreface(Vec<u8>),
    Frame {
        bytes: Vec<u8>,
        total_payload: usize,
        frame_type: u8,
    },
}

/// Cuts `data` into the preface and frames, keeping what is not whole yet in `dir`.
pub(super) fn cut(dir: &mut Dir, mut data: &[u8], out: &mut Vec<Cut>) {
    while !data.is_empty() && !dir.lost {
        if dir.awaiting_preface {
            let take = (PREFACE.len() - dir.kept.len()).min(data.len());
            dir.kept.extend_from_slice(&data[..take]);
            data = &data[take..];
            if !PREFACE.starts_with(&dir.kept) {
                dir.lost = true;
                out.push(Cut::BadPreface(std::mem::take(&mut dir.kept)));
                return;
            }
            if dir.kept.len() == PREFACE.len() {
                dir.awaiting_preface = false;
                let preface = std::mem::take(&mut dir.kept);
                // Dissect it with the direction's own dissector: a fresh one is the same.
                out.push(Cut::Preface(preface));
            }
            continue;
        }
        if dir.frame.is_none() {
            let take = (HEADER_LEN - dir.kept.len()).min(data.len());
            dir.kept.extend_from_slice(&data[..take]);
            data = &data[take..];
            if let [l0, l1, l2, frame_type, ..] = dir.kept[..]
                && dir.kept.len() == HEADER_LEN
            {
                // RFC 9113 §4.1: Length is the first 24 bits.
                let length = usize::from(l0) << 16 | usize::from(l1) << 8 | usize::from(l2);
                dir.frame = Some((length, frame_type));
                dir.seen = 0;
            }
        }
        if let Some((length, frame_type)) = dir.frame {
            let take = (length - dir.seen).min(data.len());
            let cap = if frame_type == FrameType::Data.as_u8() {
                EXCERPT
            } else {
                MAX_KEPT_PAYLOAD
            };
            let room = (HEADER_LEN + cap).saturating_sub(dir.kept.len());
            dir.kept.extend_from_slice(&data[..take.min(room)]);
            dir.seen += take;
            data = &data[take..];
            if dir.seen == length {
                dir.frame = None;
                dir.seen = 0;
                out.push(Cut::Frame {
                    bytes: std::mem::take(&mut dir.kept),
                    total_payload: length,
                    frame_type,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_a_stream_into_preface_and_frames_in_any_pieces() {
        let mut bytes = PREFACE.to_vec();
        bytes.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]); // SETTINGS, empty
        bytes.extend_from_slice(&[0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]); // PING
        for piece in [1, 5, 9, 100] {
            let mut dir = Dir {
                awaiting_preface: true,
                ..Dir::default()
            };
            let mut out = Vec::new();
            for chunk in bytes.chunks(piece) {
                cut(&mut dir, chunk, &mut out);
            }
            assert_eq!(out.len(), 3);
            assert!(matches!(out[0], Cut::Preface(_)));
            assert!(matches!(
                out[2],
                Cut::Frame {
                    frame_type: 6,
                    total_payload: 8,
                    ..
                }
            ));
        }
    }

    #[test]
    fn a_long_data_frame_is_kept_as_an_excerpt() {
        let mut dir = Dir::default();
        let mut bytes = vec![0, 0x40, 0, 0, 1, 0, 0, 0, 1];
        bytes.extend(std::iter::repeat_n(b'x', 0x4000));
        let mut out = Vec::new();
        cut(&mut dir, &bytes, &mut out);
        let [
            Cut::Frame {
                bytes,
                total_payload,
                ..
            },
        ] = &out[..]
        else {
            panic!("one frame");
        };
        assert_eq!(
            (bytes.len(), *total_payload),
            (HEADER_LEN + EXCERPT, 0x4000)
        );
    }

    #[test]
    fn a_broken_preface_stops_the_direction() {
        let mut dir = Dir {
            awaiting_preface: true,
            ..Dir::default()
        };
        let mut out = Vec::new();
        cut(&mut dir, b"GET / HTTP/1.1\r\n", &mut out);
        assert!(matches!(out[..], [Cut::BadPreface(_)]));
        assert!(dir.lost);
    }
}
