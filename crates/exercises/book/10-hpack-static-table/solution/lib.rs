//! Exercise 10, reference solution: the HPACK static table (RFC 7541 §2.3.1, Appendix A).

/// RFC 7541 Appendix A: the static table, as the RFC prints it. Careful: the RFC numbers
/// the entries from **1**, and this array from 0, so RFC index 1 is `STATIC_TABLE[0]`.
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

/// How well a header field matches the static table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Full(usize),
    Name(usize),
    None,
}

/// The entry at RFC index `index` (1-based).
pub fn static_entry(index: usize) -> Option<(&'static str, &'static str)> {
    index
        .checked_sub(1)
        .and_then(|i| STATIC_TABLE.get(i))
        .copied()
}

/// The best entry for the field `name: value`.
pub fn find(name: &str, value: &str) -> Match {
    let mut name_match = None;
    for (i, (n, v)) in STATIC_TABLE.iter().enumerate() {
        if *n == name {
            if *v == value {
                return Match::Full(i + 1);
            }
            name_match.get_or_insert(i + 1);
        }
    }
    name_match.map_or(Match::None, Match::Name)
}
