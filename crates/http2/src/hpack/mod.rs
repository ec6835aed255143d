//! HPACK, header compression for HTTP/2 (RFC 7541).
//!
//! HTTP/1.1 sends the same headers with every request, as text. HPACK sends a *header
//! block*: a list of representations, each one byte pattern plus integers and strings, that
//! refer to two tables both ends keep in step:
//!
//! - the **static table** (Appendix A): 61 common fields, fixed forever (`:method: GET` is 2);
//! - the **dynamic table** (§2.3.2): fields this connection has sent before, newest first
//!   from index 62, bounded in size and evicting the oldest.
//!
//! The five representations (§6) are told apart by their first bits:
//!
//! ```text
//!    0   1   2   3   4   5   6   7
//!  +---+---+---+---+---+---+---+---+
//!  | 1 |        Index (7+)         |   indexed field (§6.1): a whole field from a table
//!  +---+---+-----------------------+
//!  | 0 | 1 |      Index (6+)       |   literal, with incremental indexing (§6.2.1):
//!  +---+---+-----------------------+   name by index (or 0 + a literal name), value
//!                                      literal; the field is then added to the table
//!  +---+---+---+---+---------------+
//!  | 0 | 0 | 0 | 0 |  Index (4+)   |   literal without indexing (§6.2.2)
//!  +---+---+---+---+---------------+
//!  | 0 | 0 | 0 | 1 |  Index (4+)   |   literal never indexed (§6.2.3): not even by a proxy
//!  +---+---+---+---+---------------+
//!  | 0 | 0 | 1 |   Max size (5+)   |   dynamic table size update (§6.3)
//!  +---+---+---+-------------------+
//! ```
//!
//! Reading order: [`integer`] (§5.1), [`huffman`] and [`string`] (§5.2), [`static_table`],
//! [`dynamic_table`] (§2.3, §4), then [`decoder`] and [`encoder`] (§3, §6).
//!
//! Everything is bounded: integers (32 bits, 5 continuation bytes), string lengths, the
//! decoded header list, and the dynamic table (by the SETTINGS_HEADER_TABLE_SIZE limit and
//! [`decoder::MAX_TABLE_SIZE_LIMIT`]).

pub mod decoder;
pub mod dynamic_table;
pub mod encoder;
pub mod huffman;
mod huffman_table;
pub mod integer;
pub mod static_table;
pub mod string;

pub use decoder::{BlockError, DecodedBlock, Decoder, Representation, RepresentationKind};
pub use dynamic_table::DynamicTable;
pub use encoder::{Encoder, HuffmanPolicy, Indexing};
pub use huffman_table::HUFFMAN_CODES;

use dynamic_table::ENTRY_OVERHEAD;

/// One header field: a name and a value, as bytes (HPACK does not require UTF-8).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct HeaderField {
    /// The name, e.g. `:method` or `content-type`.
    pub name: Vec<u8>,
    /// The value.
    pub value: Vec<u8>,
}

impl HeaderField {
    /// A field from anything byte-like.
    pub fn new(name: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) -> HeaderField {
        HeaderField {
            name: name.into(),
            value: value.into(),
        }
    }

    /// Its size as a table entry and in a header list: name + value + 32 (RFC 7541 §4.1,
    /// RFC 9113 §6.5.2).
    pub fn size(&self) -> usize {
        self.name
            .len()
            .saturating_add(self.value.len())
            .saturating_add(ENTRY_OVERHEAD)
    }
}

impl std::fmt::Display for HeaderField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}",
            String::from_utf8_lossy(&self.name),
            String::from_utf8_lossy(&self.value)
        )
    }
}

impl std::fmt::Debug for HeaderField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}
