//! Wrong on purpose: evicts from the front, the newest entries. RFC 7541 §4.4 evicts "from
//! the end of the dynamic table": the oldest entry goes first, as C.5.2 evicts `:status: 302`.

fn evict(entries: &mut VecDeque<(String, String)>, size: &mut usize, limit: usize, everything: bool) -> Vec<(String, String)> {
    let mut gone = Vec::new();
    while (everything || *size > limit) && !entries.is_empty() {
        if let Some((n, v)) = entries.pop_front() {
            *size -= entry_size(&n, &v);
            gone.push((n, v));
        }
    }
    gone
}
