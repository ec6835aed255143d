//! The static table (RFC 7541 §2.3.1, Appendix A): 61 header fields every HPACK endpoint
//! knows by heart.
//!
//! Indexes 1 to 61 name these entries; the dynamic table follows from 62 on (§2.3.3):
//!
//! ```text
//!  <----------  Index Address Space ---------->
//!  <-- Static  Table -->  <-- Dynamic Table -->
//!  +---+-----------+---+  +---+-----------+---+
//!  | 1 |    ...    | s |  |s+1|    ...    |s+k|
//!  +---+-----------+---+  +---+-----------+---+
//!                         ^                   |
//!                         |                   V
//!                  Insertion Point      Dropping Point
//! ```
//!
//! So `82` (indexed, index 2) is the whole field `:method: GET` in one byte. Most entries
//! have an empty value and serve as names: `58` is "literal with incremental indexing, name
//! from index 24 (`cache-control`)".

/// RFC 7541 Appendix A: the static table, index 1 first.
pub const STATIC_TABLE: [(&str, &str); 61] = [
    (":authority", ""),
    (":method", "GET"),
    (":method", "POST"),
    (":path", "/"),
    (":path", "/index.html"),
    (":scheme", "http"),
    (":scheme", "https"),
    (":status", "200"),
    (":status", "204"),
    (":status", "206"),
    (":status", "304"),
    (":status", "400"),
    (":status", "404"),
    (":status", "500"),
    ("accept-charset", ""),
    ("accept-encoding", "gzip, deflate"),
    ("accept-language", ""),
    ("accept-ranges", ""),
    ("accept", ""),
    ("access-control-allow-origin", ""),
    ("age", ""),
    ("allow", ""),
    ("authorization", ""),
    ("cache-control", ""),
    ("content-disposition", ""),
    ("content-encoding", ""),
    ("content-language", ""),
    ("content-length", ""),
    ("content-location", ""),
    ("content-range", ""),
    ("content-type", ""),
    ("cookie", ""),
    ("date", ""),
    ("etag", ""),
    ("expect", ""),
    ("expires", ""),
    ("from", ""),
    ("host", ""),
    ("if-match", ""),
    ("if-modified-since", ""),
    ("if-none-match", ""),
    ("if-range", ""),
    ("if-unmodified-since", ""),
    ("last-modified", ""),
    ("link", ""),
    ("location", ""),
    ("max-forwards", ""),
    ("proxy-authenticate", ""),
    ("proxy-authorization", ""),
    ("range", ""),
    ("referer", ""),
    ("refresh", ""),
    ("retry-after", ""),
    ("server", ""),
    ("set-cookie", ""),
    ("strict-transport-security", ""),
    ("transfer-encoding", ""),
    ("user-agent", ""),
    ("vary", ""),
    ("via", ""),
    ("www-authenticate", ""),
];

/// RFC 7541 Appendix A: the static table has 61 entries; the dynamic table starts at 62.
pub const STATIC_TABLE_LEN: usize = STATIC_TABLE.len();

/// The entry at `index` (1 to 61).
pub fn get(index: usize) -> Option<(&'static str, &'static str)> {
    index
        .checked_sub(1)
        .and_then(|i| STATIC_TABLE.get(i))
        .copied()
}

/// The lowest index holding exactly `name: value`, and the lowest holding `name`.
pub fn find(name: &[u8], value: &[u8]) -> (Option<usize>, Option<usize>) {
    let mut by_name = None;
    for (i, (n, v)) in STATIC_TABLE.iter().enumerate() {
        if n.as_bytes() == name {
            if v.as_bytes() == value {
                return (Some(i + 1), Some(by_name.unwrap_or(i + 1)));
            }
            by_name.get_or_insert(i + 1);
        }
    }
    (None, by_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_the_rfc_examples_use() {
        assert_eq!(get(2), Some((":method", "GET")));
        assert_eq!(get(8), Some((":status", "200")));
        assert_eq!(get(24), Some(("cache-control", "")));
        assert_eq!(get(33), Some(("date", "")));
        assert_eq!(get(46), Some(("location", "")));
        assert_eq!(get(55), Some(("set-cookie", "")));
        assert_eq!(get(61), Some(("www-authenticate", "")));
        assert_eq!(get(0), None);
        assert_eq!(get(62), None);
        assert_eq!(find(b":status", b"302"), (None, Some(8)));
        assert_eq!(find(b":status", b"404"), (Some(13), Some(8)));
        assert_eq!(find(b"x-custom", b""), (None, None));
    }
}
