//! Wrong on purpose: compares sequence numbers with a plain `<`. RFC 9293 §3.4: "all
//! arithmetic dealing with sequence numbers must be performed modulo 2^32"; near the wrap,
//! 4294967295 comes before 3, and `<` says the opposite.

pub fn seq_lt(a: u32, b: u32) -> bool {
    a < b
}
