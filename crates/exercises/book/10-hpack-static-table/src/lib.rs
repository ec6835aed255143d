//! Exercise 10: the HPACK static table (RFC 7541 §2.3.1, Appendix A).
//!
//! Read TASK.md first; check with `wiretrail exercises check 10-hpack-static-table`.
//! The table itself is given: the lesson is how it is indexed and searched.

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
    /// Name and value both match: the field can be sent as one indexed byte.
    Full(usize),
    /// Only the name matches: send the name by index and the value as a literal.
    Name(usize),
    /// Neither: send both as literals.
    None,
}

/// The entry at RFC index `index` (1-based), or `None`.
///
/// Index 0 is not an entry (§6.1: "The index value of 0 is not used. It MUST be treated as
/// a decoding error"), and indexes above 61 belong to the dynamic table (§2.3.3), which
/// this exercise does not have.
pub fn static_entry(index: usize) -> Option<(&'static str, &'static str)> {
    // TODO: turn the 1-based index into an array position without underflowing at 0
    //       (`checked_sub`), and read the array without panicking past the end (`get`).
    let _ = index; // delete this line once you use `index`
    todo!("look up an entry")
}

/// The best static-table entry for the field `name: value`: a full match if there is one,
/// otherwise the *lowest* index whose name matches, otherwise `Match::None`.
/// Names are compared exactly (HTTP/2 field names are lowercase).
pub fn find(name: &str, value: &str) -> Match {
    // TODO: walk the table once; return at the first full match, and remember the first
    //       name-only match on the way.
    let _ = (name, value); // delete this line once you use the arguments
    todo!("search the table")
}
