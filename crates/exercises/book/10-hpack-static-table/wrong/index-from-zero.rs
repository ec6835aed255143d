//! Wrong on purpose: reads RFC index i at array position i. The RFC numbers the table from 1
//! (RFC 7541 §2.3.1, Appendix A), so index 2 is `:method: GET`, the array's second entry.

pub fn static_entry(index: usize) -> Option<(&'static str, &'static str)> {
    STATIC_TABLE.get(index).copied()
}
