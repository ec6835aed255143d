//! Wrong on purpose: reads §4.1's 32 as bits, and adds 4 octets. RFC 7541 §4.1: the size is
//! "the sum of its name's length in octets …, its value's length in octets, and 32", all in
//! octets: C.3.1's `:authority: www.example.com` is 57, and a 256-octet table holds only four
//! of C.5's fields.

pub fn entry_size(name: &str, value: &str) -> usize {
    name.len() + value.len() + ENTRY_OVERHEAD / 8
}
