//! Per-client limits: what one student's machine may spend of the teacher's.
//!
//! Each student address has a token bucket per kind of request ([`Kind`]): a burst, then a
//! steady rate; past it the guard answers 429 Too Many Requests (RFC 6585 §4) with a sentence
//! and `Retry-After`. Open room sockets are counted, not rated ([`Limits::open_socket`]).
//! The table of clients is bounded too: at most [`MAX_CLIENTS`] addresses, the idle ones
//! forgotten first.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most client addresses remembered at once.
pub const MAX_CLIENTS: usize = 4096;
/// The most room sockets one student address holds open at once.
pub const MAX_SOCKETS_PER_CLIENT: usize = 8;

/// What a request spends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any `/api/` call.
    Api,
    /// Creating a lab session.
    Session,
    /// Opening a WebSocket.
    Socket,
}

impl Kind {
    /// (burst, one more token every …)
    fn rate(self) -> (f64, Duration) {
        match self {
            Kind::Api => (120.0, Duration::from_millis(250)),
            Kind::Session => (12.0, Duration::from_secs(20)),
            Kind::Socket => (30.0, Duration::from_secs(2)),
        }
    }

    /// The sentence of the 429.
    pub fn sentence(self) -> &'static str {
        match self {
            Kind::Api => {
                "Too many requests from this computer: the classroom server shares the teacher's machine. Wait a few seconds and try again."
            }
            Kind::Session => {
                "Too many lab sessions from this computer: close a lab tab or wait a minute, then reload."
            }
            Kind::Socket => {
                "Too many WebSockets from this computer: close a lab tab or wait a few seconds, then reload."
            }
        }
    }
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn take(&mut self, kind: Kind, now: Instant) -> bool {
        let (burst, every) = kind.rate();
        let refill = now.duration_since(self.at).as_secs_f64() / every.as_secs_f64();
        self.tokens = (self.tokens + refill).min(burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[derive(Debug)]
struct Client {
    buckets: [Bucket; 3],
    sockets: usize,
    seen: Instant,
}

/// Every student address's buckets and open sockets.
#[derive(Debug, Clone, Default)]
pub struct Limits(Arc<Mutex<HashMap<IpAddr, Client>>>);

/// An open room socket, counted until dropped.
#[derive(Debug)]
pub struct SocketSlot {
    limits: Limits,
    ip: IpAddr,
}

impl Drop for SocketSlot {
    fn drop(&mut self) {
        if let Ok(mut map) = self.limits.0.lock()
            && let Some(c) = map.get_mut(&self.ip)
        {
            c.sockets = c.sockets.saturating_sub(1);
        }
    }
}

impl Limits {
    fn with_client<T>(&self, ip: IpAddr, f: impl FnOnce(&mut Client, Instant) -> T) -> Option<T> {
        let now = Instant::now();
        let mut map = self.0.lock().ok()?;
        if !map.contains_key(&ip) && map.len() >= MAX_CLIENTS {
            map.retain(|_, c| {
                c.sockets > 0 || now.duration_since(c.seen) < Duration::from_secs(600)
            });
            if map.len() >= MAX_CLIENTS {
                return None;
            }
        }
        let client = map.entry(ip).or_insert_with(|| Client {
            buckets: [Kind::Api, Kind::Session, Kind::Socket].map(|k| Bucket {
                tokens: k.rate().0,
                at: now,
            }),
            sockets: 0,
            seen: now,
        });
        client.seen = now;
        Some(f(client, now))
    }

    /// Spends one of `kind` for `ip`; `false` means 429.
    pub fn take(&self, ip: IpAddr, kind: Kind) -> bool {
        let i = match kind {
            Kind::Api => 0,
            Kind::Session => 1,
            Kind::Socket => 2,
        };
        self.with_client(ip, |c, now| c.buckets[i].take(kind, now))
            .unwrap_or(false)
    }

    /// Counts a room socket for `ip`, or `None` past [`MAX_SOCKETS_PER_CLIENT`].
    pub fn open_socket(&self, ip: IpAddr) -> Option<SocketSlot> {
        let ok = self.with_client(ip, |c, _| {
            if c.sockets >= MAX_SOCKETS_PER_CLIENT {
                false
            } else {
                c.sockets += 1;
                true
            }
        })?;
        ok.then(|| SocketSlot {
            limits: self.clone(),
            ip,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_no_more() {
        let limits = Limits::default();
        let ip: IpAddr = "192.168.1.9".parse().unwrap();
        let other: IpAddr = "192.168.1.10".parse().unwrap();
        let granted = (0..20).filter(|_| limits.take(ip, Kind::Session)).count();
        assert_eq!(granted, 12);
        assert!(
            limits.take(other, Kind::Session),
            "another client has its own bucket"
        );
        let slots: Vec<_> = (0..10).filter_map(|_| limits.open_socket(ip)).collect();
        assert_eq!(slots.len(), MAX_SOCKETS_PER_CLIENT);
        drop(slots);
        assert!(
            limits.open_socket(ip).is_some(),
            "closed sockets are uncounted"
        );
    }
}
