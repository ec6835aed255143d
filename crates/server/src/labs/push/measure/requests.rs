//! The client's side of a metered connection: request heads (each opens an exchange at the
//! back of the queue, its target routed to a lab run), their bodies by Content-Length or
//! the chunked coding (RFC 9112 §6.3, §7.1), and after a 101 the client's WebSocket frames.

use super::*;

impl Meter {
    pub(super) fn up_step(&mut self, data: &[u8], now: Instant) -> usize {
        const UP: Direction = Direction::ClientToServer;
        match &mut self.up {
            Side::Head(buf) => match buf.take(data) {
                Ok((n, Some(head))) => {
                    self.request(head, now);
                    n
                }
                Ok((n, None)) => n,
                Err(e) => {
                    self.stop(format!("A request {e}."));
                    data.len()
                }
            },
            Side::Body(Body::Length(left)) => {
                let (n, over) = left.take(data.len());
                if over {
                    self.up = Side::Head(HeadCollector::new(MAX_HEAD));
                }
                self.count(UP, Kind::Framing, n as u64, true);
                n
            }
            Side::Body(Body::Chunked(decoder)) => {
                let (n, unit) = decoder.take(data);
                let done = decoder.is_done();
                self.count(UP, Kind::Framing, n as u64, true);
                if let Some(Err(e)) = unit {
                    self.stop(format!("A request's chunked body broke {}: {e}.", e.rule()));
                } else if done {
                    self.up = Side::Head(HeadCollector::new(MAX_HEAD));
                }
                n
            }
            Side::Frames(observer) => {
                // One unit a step: a read of many small frames never becomes a queue.
                let (n, unit) = observer.take(data);
                if let Some(unit) = unit {
                    self.frame(UP, unit, now);
                }
                n
            }
            Side::Body(Body::UntilClose) | Side::Stopped => data.len(),
        }
    }

    /// A whole request head: a new exchange at the back of the queue.
    fn request(&mut self, head: Vec<u8>, now: Instant) {
        let parsed = head::parse_request(&head, Limits::default());
        let Ok(Some(req)) = parsed else {
            self.stop("A request head that is not HTTP/1.1 (RFC 9112 §3).".to_owned());
            return;
        };
        if self.queue.len() >= MAX_QUEUE {
            self.stop(format!(
                "More than {MAX_QUEUE} requests waiting for an answer."
            ));
            return;
        }
        let route = route(req.target);
        let head_request = req.method == "HEAD";
        let body = req.body_length();
        let technique = route.as_ref().map(|r| r.technique);
        self.up = match body {
            Ok(BodyLength::Length(0)) => Side::Head(HeadCollector::new(MAX_HEAD)),
            Ok(BodyLength::Length(n)) => Side::Body(Body::Length(Remaining(n))),
            Ok(BodyLength::Chunked) => Side::Body(Body::Chunked(Decoder::new())),
            _ => Side::Stopped,
        };
        let len = head.len() as u64;
        if let Some(route) = &route {
            self.notes.push(Note::Opened(route.clone()));
        }
        self.queue.push_back(Exchange {
            record: Record::new(route, now, head),
            content: technique.map_or(Content::Opaque, Content::new),
            head_request,
            since: Costs::default(),
        });
        self.count(Direction::ClientToServer, Kind::Header, len, true);
        if let Err(e) = body {
            self.stop(format!(
                "A request whose body length is unknowable ({}): {e}.",
                e.rule()
            ));
        }
    }
}
