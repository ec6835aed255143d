//! Exercise 19: the HPACK dynamic table and its eviction (RFC 7541 §2.3.3, §4).
//!
//! Read TASK.md first; check with `wiretrail exercises check 19-hpack-dynamic-table`.

use std::collections::VecDeque;

/// RFC 7541 §2.3.1: the static table's entries are 1 to 61; the dynamic table's start at 62.
pub const STATIC_TABLE_LEN: usize = 61;

/// RFC 7541 §4.1: an entry's size, name and value in octets, plus 32.
pub fn entry_size(name: &str, value: &str) -> usize {
    // TODO
    let _ = (name, value); // delete this line once you use the arguments
    todo!("the entry's size")
}

/// A dynamic table: newest entry first, bounded by a maximum size in octets.
#[derive(Debug)]
pub struct DynamicTable {
    // TODO: the entries (a VecDeque suits: new at the front, evicted from the back), their
    //       total size, and the maximum size.
    entries: VecDeque<(String, String)>,
}

impl DynamicTable {
    /// An empty table of at most `max_size` octets.
    pub fn new(max_size: usize) -> Self {
        // TODO
        let _ = max_size; // delete this line once you use `max_size`
        todo!("an empty table")
    }

    /// The sum of the entries' sizes.
    pub fn size(&self) -> usize {
        // TODO
        todo!("the table's size")
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry at HPACK index `index` (§2.3.3): 62 is the newest; the static table's 1 to
    /// 61, and anything past the oldest entry, are `None` here.
    pub fn get(&self, index: usize) -> Option<(&str, &str)> {
        // TODO
        let _ = index; // delete this line once you use `index`
        todo!("index the table")
    }

    /// §4.4: adds `name: value` at the front, evicting from the end first; returns the
    /// evicted entries, oldest first.
    pub fn insert(&mut self, name: &str, value: &str) -> Vec<(String, String)> {
        // TODO 1: evict from the back until the new entry fits, or the table is empty.
        // TODO 2: add it only if it is no larger than the maximum size.
        let _ = (name, value); // delete this line once you use the arguments
        todo!("add an entry")
    }

    /// §4.3: a new maximum size; evicts from the end until the table fits, and returns the
    /// evicted entries, oldest first.
    pub fn set_max_size(&mut self, max_size: usize) -> Vec<(String, String)> {
        // TODO
        let _ = max_size; // delete this line once you use `max_size`
        todo!("resize")
    }
}
