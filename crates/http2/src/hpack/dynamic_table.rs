//! The dynamic table (RFC 7541 §2.3.2, §4): the fields both ends have agreed to remember.
//!
//! A first-in, first-out list: a new entry goes in at index 62 and pushes the others one
//! index up; the oldest falls off the end. Its size is not a count but a sum (§4.1):
//!
//! ```text
//!  entry size = length of name + length of value + 32
//!  table size = sum of its entries' sizes
//! ```
//!
//! (the 32 is "an estimated overhead" for the bookkeeping an implementation needs). The
//! table never grows past its maximum size: before an entry is added, the oldest entries are
//! evicted until it fits (§4.4); an entry larger than the maximum empties the table and is
//! not added, which is not an error. Lowering the maximum (a size update, §6.3) evicts too.
//! The encoder and the decoder each keep a copy, and apply exactly the same rules, so the
//! copies stay equal without ever being sent.

use std::collections::VecDeque;

use crate::hpack::HeaderField;

/// RFC 7541 §4.1: "The size of an entry is the sum of its name's length in octets, its
/// value's length in octets, and 32."
pub const ENTRY_OVERHEAD: usize = 32;

/// An HPACK dynamic table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicTable {
    /// Newest first: `entries[0]` is index 62.
    entries: VecDeque<HeaderField>,
    size: usize,
    max_size: usize,
}

impl DynamicTable {
    /// An empty table that holds at most `max_size` bytes (§4.1 sizes).
    pub fn new(max_size: usize) -> DynamicTable {
        DynamicTable {
            entries: VecDeque::new(),
            size: 0,
            max_size,
        }
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The sum of the entries' sizes (§4.1).
    pub fn size(&self) -> usize {
        self.size
    }

    /// The maximum size.
    pub fn max_size(&self) -> usize {
        self.max_size
    }

    /// The entry at dynamic position `i` (1 is the newest, which is index 62 overall).
    pub fn get(&self, i: usize) -> Option<&HeaderField> {
        i.checked_sub(1).and_then(|i| self.entries.get(i))
    }

    /// The entries, newest first.
    pub fn iter(&self) -> impl Iterator<Item = &HeaderField> {
        self.entries.iter()
    }

    /// Adds `field` as the newest entry, evicting the oldest until it fits (§4.4). Returns
    /// the evicted entries, oldest first. A field larger than the maximum empties the table
    /// and is not added.
    pub fn insert(&mut self, field: HeaderField) -> Vec<HeaderField> {
        let needed = field.size();
        if needed > self.max_size {
            self.size = 0;
            return self.entries.drain(..).rev().collect();
        }
        let evicted = self.evict_to(self.max_size - needed);
        self.size += needed;
        self.entries.push_front(field);
        evicted
    }

    /// Changes the maximum size, evicting the oldest entries until the table fits (§4.3).
    pub fn set_max_size(&mut self, max_size: usize) -> Vec<HeaderField> {
        self.max_size = max_size;
        self.evict_to(max_size)
    }

    /// Evicts the oldest entries until the size is at most `target`; returns them oldest first.
    fn evict_to(&mut self, target: usize) -> Vec<HeaderField> {
        let mut evicted = Vec::new();
        while self.size > target {
            let Some(old) = self.entries.pop_back() else {
                break;
            };
            self.size -= old.size();
            evicted.push(old);
        }
        evicted
    }

    /// The lowest dynamic position holding exactly `name: value`, and the lowest holding `name`.
    pub fn find(&self, name: &[u8], value: &[u8]) -> (Option<usize>, Option<usize>) {
        let mut by_name = None;
        for (i, f) in self.entries.iter().enumerate() {
            if f.name == name {
                if f.value == value {
                    return (Some(i + 1), Some(by_name.unwrap_or(i + 1)));
                }
                by_name.get_or_insert(i + 1);
            }
        }
        (None, by_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, value: &str) -> HeaderField {
        HeaderField::new(name, value)
    }

    #[test]
    fn sizes_and_eviction() {
        let mut t = DynamicTable::new(100);
        assert!(t.insert(field("aaaa", "bbbb")).is_empty()); // 40
        assert!(t.insert(field("cccc", "dddd")).is_empty()); // 80
        assert_eq!(t.size(), 80);
        assert_eq!(t.get(1).unwrap().name, b"cccc");
        // 40 more needs room: the oldest goes.
        let evicted = t.insert(field("eeee", "ffff"));
        assert_eq!(evicted, [field("aaaa", "bbbb")]);
        assert_eq!(t.size(), 80);
        assert_eq!(t.len(), 2);
        // Too big for the whole table: it empties, nothing is added.
        let evicted = t.insert(field("x", &"y".repeat(100)));
        assert_eq!(evicted, [field("cccc", "dddd"), field("eeee", "ffff")]);
        assert!(t.is_empty());
        assert_eq!(t.size(), 0);
    }

    #[test]
    fn shrinking_evicts() {
        let mut t = DynamicTable::new(100);
        t.insert(field("aaaa", "bbbb"));
        t.insert(field("cccc", "dddd"));
        assert_eq!(t.set_max_size(40), [field("aaaa", "bbbb")]);
        assert_eq!(t.set_max_size(0), [field("cccc", "dddd")]);
        assert_eq!(t.find(b"cccc", b"dddd"), (None, None));
    }
}
