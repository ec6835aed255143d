//! One budget for the WebSocket messages being put together, across every connection
//! (RFC 6455 §7.4.1: 1013 Try Again Later).
//!
//! `--max-message` bounds one message; it does not bound twenty peers that each start a
//! 16 MiB message and never finish it. So every connection holds a [`Reservation`] of the
//! shared [`MessageBudget`] (`--message-budget`) for the bytes its codec buffers, resized
//! after each read to what the codec holds (`Connection::read_buffer_capacity`). When a
//! connection needs more than is left, it is the one closed, with 1013 and a log line;
//! the others keep their messages. A reservation is given back when the message completes
//! (it shrinks to what is held: nothing) and when the connection ends (it is dropped).
//!
//! The check follows the codec's own growth, which is bounded per read (one read buffer,
//! and the codec reserves ahead at most a bounded frame's payload), so the budget is
//! exceeded at most by one read per connection reading at that instant.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The bytes all connections' partial messages may hold together.
#[derive(Debug)]
pub struct MessageBudget {
    limit: usize,
    used: AtomicUsize,
}

impl MessageBudget {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(Self {
            limit,
            used: AtomicUsize::new(0),
        })
    }

    /// Bytes reserved now, by all connections.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Acquire)
    }

    /// The limit.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// A connection's reservation, empty to begin with.
    pub fn reservation(self: &Arc<Self>) -> Reservation {
        Reservation {
            budget: self.clone(),
            held: 0,
        }
    }

    fn try_grow(&self, more: usize) -> bool {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                used.checked_add(more).filter(|&total| total <= self.limit)
            })
            .is_ok()
    }
}

/// What one connection holds of the budget; given back on drop.
#[derive(Debug)]
pub struct Reservation {
    budget: Arc<MessageBudget>,
    held: usize,
}

impl Reservation {
    /// Makes the reservation `bytes`. `false` (and the reservation unchanged) when growing
    /// it would pass the budget: the caller closes with 1013.
    pub fn hold(&mut self, bytes: usize) -> bool {
        if bytes > self.held {
            if !self.budget.try_grow(bytes - self.held) {
                return false;
            }
        } else {
            self.budget
                .used
                .fetch_sub(self.held - bytes, Ordering::AcqRel);
        }
        self.held = bytes;
        true
    }

    /// Bytes held.
    pub fn held(&self) -> usize {
        self.held
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.budget.used.fetch_sub(self.held, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_share_one_budget_and_give_it_back() {
        let budget = MessageBudget::new(100);
        let mut a = budget.reservation();
        let mut b = budget.reservation();
        assert!(a.hold(60));
        assert!(!b.hold(50), "past the budget");
        assert_eq!(b.held(), 0);
        assert!(b.hold(40));
        assert_eq!(budget.used(), 100);
        assert!(a.hold(0), "the message completed");
        assert!(b.hold(90));
        drop(b);
        assert_eq!(budget.used(), 0);
        drop(a);
        assert_eq!(budget.used(), 0);
    }
}
