//! Exercise 19, reference solution: the HPACK dynamic table (RFC 7541 §2.3.3, §4).

use std::collections::VecDeque;

/// RFC 7541 §4.1: the overhead counted for every entry.
const ENTRY_OVERHEAD: usize = 32;

/// RFC 7541 §4.1: name and value in octets, plus 32.
pub fn entry_size(name: &str, value: &str) -> usize {
    name.len() + value.len() + ENTRY_OVERHEAD
}

/// A dynamic table: newest entry first, bounded by a maximum size in octets.
#[derive(Debug)]
pub struct DynamicTable {
    entries: VecDeque<(String, String)>,
    size: usize,
    max_size: usize,
}

impl DynamicTable {
    /// An empty table of at most `max_size` octets.
    pub fn new(max_size: usize) -> Self {
        DynamicTable {
            entries: VecDeque::new(),
            size: 0,
            max_size,
        }
    }

    /// The sum of the entries' sizes.
    pub fn size(&self) -> usize {
        self.size
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry at HPACK index `index`: 62 is the newest.
    pub fn get(&self, index: usize) -> Option<(&str, &str)> {
        let (name, value) = self.entries.get(index.checked_sub(STATIC_TABLE_LEN + 1)?)?;
        Some((name, value))
    }

    /// §4.4: adds `name: value` at the front, evicting from the end first.
    pub fn insert(&mut self, name: &str, value: &str) -> Vec<(String, String)> {
        let new = entry_size(name, value);
        let too_big = new > self.max_size;
        let limit = self.max_size.saturating_sub(new);
        let evicted = evict(&mut self.entries, &mut self.size, limit, too_big);
        if !too_big {
            self.entries.push_front((name.to_owned(), value.to_owned()));
            self.size += new;
        }
        evicted
    }

    /// §4.3: a new maximum size; evicts from the end until the table fits.
    pub fn set_max_size(&mut self, max_size: usize) -> Vec<(String, String)> {
        self.max_size = max_size;
        evict(&mut self.entries, &mut self.size, max_size, false)
    }
}

/// Evicts entries from the end (the oldest) until `size <= limit`, or all of them when
/// `everything`; returns them, oldest first.
fn evict(
    entries: &mut VecDeque<(String, String)>,
    size: &mut usize,
    limit: usize,
    everything: bool,
) -> Vec<(String, String)> {
    let mut evicted = Vec::new();
    while everything || *size > limit {
        let Some((name, value)) = entries.pop_back() else {
            break;
        };
        *size -= entry_size(&name, &value);
        evicted.push((name, value));
    }
    evicted
}
