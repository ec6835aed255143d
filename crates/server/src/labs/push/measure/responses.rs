//! The server's side of a metered connection: response heads (each answers the exchange at
//! the front; a 1xx but 101 is interim), their bodies by Content-Length, the chunked coding
//! or the connection's end (RFC 9112 §6.3), each technique's content sorted into framing
//! and payload, and after a 101 the server's WebSocket frames.

use super::*;

impl Meter {
    pub(super) fn down_step(&mut self, data: &[u8], now: Instant) -> usize {
        const DOWN: Direction = Direction::ServerToClient;
        match &mut self.down {
            Side::Head(buf) => match buf.take(data) {
                Ok((n, Some(head))) => {
                    self.response(head, now);
                    n
                }
                Ok((n, None)) => n,
                Err(e) => {
                    self.stop(format!("A response {e}."));
                    data.len()
                }
            },
            Side::Body(Body::Length(left)) => {
                let (n, over) = left.take(data.len());
                self.content(&data[..n], now);
                if over {
                    self.finish_front(now);
                }
                n
            }
            Side::Body(Body::Chunked(decoder)) => {
                let (n, unit) = decoder.take(data);
                let done = decoder.is_done();
                match unit {
                    Some(Ok(span)) if span.part.is_data() => self.content(&data[..n], now),
                    Some(Ok(span)) => {
                        let label = match span.part {
                            chunked::Part::SizeLine => Label::ChunkSize,
                            chunked::Part::DataEnd => Label::ChunkEnd,
                            _ => Label::Trailer,
                        };
                        self.framing(label, &data[..n]);
                    }
                    Some(Err(e)) => {
                        self.framing(Label::Other, &data[..n.min(data.len())]);
                        self.stop(format!("The chunked coding broke ({}): {e}.", e.rule()));
                    }
                    None => {}
                }
                if done {
                    self.finish_front(now);
                }
                n
            }
            Side::Body(Body::UntilClose) => {
                self.content(data, now);
                data.len()
            }
            Side::Frames(observer) => {
                let (n, unit) = observer.take(data);
                if let Some(unit) = unit {
                    self.frame(DOWN, unit, now);
                }
                n
            }
            Side::Stopped => data.len(),
        }
    }

    /// A whole response head: the answer of the exchange at the front.
    fn response(&mut self, head: Vec<u8>, now: Instant) {
        let len = head.len() as u64;
        let parsed = head::parse_response(&head, Limits::default());
        let Some(x) = self.queue.front_mut() else {
            self.stop("A response to no request.".to_owned());
            return;
        };
        let Ok(Some(res)) = parsed else {
            self.stop("A response head that is not HTTP/1.1 (RFC 9112 §4).".to_owned());
            return;
        };
        let status = res.status;
        let method = if x.head_request { "HEAD" } else { "GET" };
        let body = res.body_length(method);
        x.record.status = Some(status);
        if x.record.response_head.is_empty() {
            x.record.response_head = head.clone();
        }
        self.count(Direction::ServerToClient, Kind::Header, len, false);
        if (100..200).contains(&status) && status != 101 {
            // An interim response (RFC 9110 §15.2): the final one follows.
            return;
        }
        match body {
            Ok(BodyLength::Tunnel) if status == 101 => {
                self.down = Side::Frames(Box::new(Observer::new(Start::Frames, FRAME_KEEP)));
                self.up = Side::Frames(Box::new(Observer::new(Start::Frames, FRAME_KEEP)));
            }
            Ok(BodyLength::Length(0)) => self.finish_front(now),
            Ok(BodyLength::Length(n)) => self.down = Side::Body(Body::Length(Remaining(n))),
            Ok(BodyLength::Chunked) => self.down = Side::Body(Body::Chunked(Decoder::new())),
            Ok(BodyLength::UntilClose) => self.down = Side::Body(Body::UntilClose),
            Ok(BodyLength::Tunnel) => self.stop("A tunnel: no HTTP follows.".to_owned()),
            Err(e) => self.stop(format!("A response whose body length is unknowable: {e}.")),
        }
    }

    /// Body bytes of the chunked coding's own.
    fn framing(&mut self, label: Label, bytes: &[u8]) {
        self.count(
            Direction::ServerToClient,
            Kind::Framing,
            bytes.len() as u64,
            false,
        );
        if let Some(x) = self.queue.front_mut() {
            x.excerpt(label, bytes);
        }
    }

    /// Content bytes of the exchange at the front, sorted by its technique's reader.
    fn content(&mut self, bytes: &[u8], now: Instant) {
        let Some(x) = self.queue.front_mut() else {
            return;
        };
        let mut at = 0;
        for (n, step) in x.content.steps(bytes) {
            let piece = &bytes[at..at + n];
            at += n;
            x.add(Direction::ServerToClient, step.label.kind(), n as u64);
            x.excerpt(step.label, piece);
            if let Some(payload) = step.event {
                x.event(&payload, payload.len() as u64, now);
            }
        }
        self.counted[index(Direction::ServerToClient)] += bytes.len() as u64;
    }

    /// A WebSocket frame, or where framing broke. A data frame from the server is an event
    /// (the lab's server sends each in one frame); everything else is framing.
    pub(super) fn frame(&mut self, direction: Direction, unit: WsUnit, now: Instant) {
        let cut = match unit {
            WsUnit::Frame(cut) => cut,
            WsUnit::Lost(lost) => {
                self.count(direction, Kind::Framing, lost.bytes.len() as u64, false);
                self.stop(format!("WebSocket framing broke: {:?}.", lost.error));
                return;
            }
            WsUnit::Head(_) => return,
        };
        let from_client = direction == Direction::ClientToServer;
        let data = matches!(
            cut.header.opcode,
            Opcode::Text | Opcode::Binary | Opcode::Continuation
        );
        let header = cut.header_len as u64;
        let payload = cut.payload_len();
        self.count(direction, Kind::Framing, header, false);
        let kind = if data && !from_client {
            Kind::Payload
        } else {
            Kind::Framing
        };
        self.count(direction, kind, payload, false);
        let Some(x) = self.queue.front_mut() else {
            return;
        };
        if data && !from_client && cut.header.fin {
            x.event(cut.kept_payload(), payload, now);
        }
        if x.record.frames.len() < MAX_FRAMES {
            x.record.frames.push(Frame {
                from_client,
                len: cut.total_len(),
                bytes: cut.kept,
            });
        }
    }
}
