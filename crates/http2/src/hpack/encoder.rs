//! The HPACK encoder (RFC 7541 §2.1, §6): a header list in, a header block out.
//!
//! For each field, the cheapest representation it may use:
//!
//! 1. the whole field is in a table → **indexed** (§6.1), one byte for the first 127 entries;
//! 2. otherwise a **literal** (§6.2): the name by index when some entry has that name
//!    (the static table preferred, as in RFC 7541 Appendix C), else a literal name; then the
//!    value as a string literal, Huffman-coded unless that would be longer ([`HuffmanPolicy`]);
//! 3. with [`Indexing::Incremental`] (the default) the field is then added to the dynamic
//!    table, so the next block can send it as one byte; [`Indexing::NeverIndexed`] is for
//!    secrets (an `authorization` header, a cookie) that must not sit in any table where
//!    a compression side channel could probe them (§7.1).
//!
//! A change of the table's maximum size ([`Encoder::set_max_table_size`]) is announced by a
//! size update at the start of the next block, as §4.2 requires; if the size went down and
//! up again in between, the smallest comes first so the decoder evicts the same entries.
//!
//! With [`HuffmanPolicy::Never`] this encoder reproduces RFC 7541 Appendix C.3 and C.5 byte
//! for byte, and with the default policy C.4 and C.6.

use crate::frame::settings::DEFAULT_HEADER_TABLE_SIZE;
use crate::hpack::HeaderField;
use crate::hpack::decoder::{
    INDEXED, LITERAL_INCREMENTAL, LITERAL_NEVER_INDEXED, LITERAL_WITHOUT_INDEXING,
    RepresentationKind, SIZE_UPDATE,
};
use crate::hpack::dynamic_table::DynamicTable;
use crate::hpack::huffman;
use crate::hpack::integer::encode_integer;
use crate::hpack::static_table::{self, STATIC_TABLE_LEN};
use crate::hpack::string::encode_string;

/// What a literal field does to the dynamic table (RFC 7541 §6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Indexing {
    /// §6.2.1: add the field to the dynamic table.
    #[default]
    Incremental,
    /// §6.2.2: leave the table alone.
    WithoutIndexing,
    /// §6.2.3: leave the table alone, and tell every intermediary to do the same.
    NeverIndexed,
}

/// When string literals are Huffman-coded (RFC 7541 §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HuffmanPolicy {
    /// Always send the raw bytes (RFC 7541 C.3, C.5).
    Never,
    /// Huffman-code unless that makes the string longer. On a tie, Huffman: that is what
    /// RFC 7541 C.6.2 does with `307` (3 bytes either way).
    #[default]
    UnlessLonger,
    /// Always Huffman-code.
    Always,
}

/// An HPACK encoder: one per connection direction.
#[derive(Debug, Clone)]
pub struct Encoder {
    table: DynamicTable,
    huffman: HuffmanPolicy,
    /// The smallest maximum size set since the last block, if it changed.
    pending_min: Option<usize>,
}

impl Default for Encoder {
    fn default() -> Self {
        Encoder::new()
    }
}

impl Encoder {
    /// An encoder with the initial table size of 4,096 bytes.
    pub fn new() -> Encoder {
        Encoder::with_table_size(DEFAULT_HEADER_TABLE_SIZE as usize)
    }

    /// An encoder whose table starts at `size` bytes, agreed with the decoder beforehand
    /// (no size update is sent for it).
    pub fn with_table_size(size: usize) -> Encoder {
        Encoder {
            table: DynamicTable::new(size),
            huffman: HuffmanPolicy::default(),
            pending_min: None,
        }
    }

    /// Chooses when strings are Huffman-coded.
    pub fn with_huffman(mut self, policy: HuffmanPolicy) -> Encoder {
        self.huffman = policy;
        self
    }

    /// Changes the dynamic table's maximum size (at most the decoder's
    /// SETTINGS_HEADER_TABLE_SIZE); announced at the start of the next block.
    pub fn set_max_table_size(&mut self, size: usize) {
        let min = self.pending_min.map_or(size, |m| m.min(size));
        self.pending_min = Some(min.min(self.table.max_size()));
        self.table.set_max_size(size);
    }

    /// The dynamic table as it stands.
    pub fn table(&self) -> &DynamicTable {
        &self.table
    }

    /// Appends a header block for `fields`, each literal with incremental indexing.
    pub fn encode(&mut self, fields: &[HeaderField], out: &mut Vec<u8>) {
        self.flush_size_update(out);
        for field in fields {
            self.encode_field(field, Indexing::Incremental, out);
        }
    }

    /// Appends one field with the given indexing (a pending size update goes first).
    pub fn encode_field(&mut self, field: &HeaderField, indexing: Indexing, out: &mut Vec<u8>) {
        self.flush_size_update(out);
        let (static_full, static_name) = static_table::find(&field.name, &field.value);
        let (dynamic_full, dynamic_name) = self.table.find(&field.name, &field.value);
        let full = static_full.or(dynamic_full.map(|i| i + STATIC_TABLE_LEN));
        if let Some(index) = full.filter(|_| indexing != Indexing::NeverIndexed) {
            encode_integer(
                index,
                RepresentationKind::Indexed.prefix_bits(),
                INDEXED,
                out,
            );
            return;
        }
        let name_index = static_name.or(dynamic_name.map(|i| i + STATIC_TABLE_LEN));
        let (kind, pattern) = match indexing {
            Indexing::Incremental => (RepresentationKind::LiteralIncremental, LITERAL_INCREMENTAL),
            Indexing::WithoutIndexing => (
                RepresentationKind::LiteralWithoutIndexing,
                LITERAL_WITHOUT_INDEXING,
            ),
            Indexing::NeverIndexed => (
                RepresentationKind::LiteralNeverIndexed,
                LITERAL_NEVER_INDEXED,
            ),
        };
        encode_integer(name_index.unwrap_or(0), kind.prefix_bits(), pattern, out);
        if name_index.is_none() {
            self.string(&field.name, out);
        }
        self.string(&field.value, out);
        if indexing == Indexing::Incremental {
            self.table.insert(field.clone());
        }
    }

    /// Emits the size update(s) owed since the last block (§4.2).
    fn flush_size_update(&mut self, out: &mut Vec<u8>) {
        let Some(min) = self.pending_min.take() else {
            return;
        };
        let prefix = RepresentationKind::SizeUpdate.prefix_bits();
        if min < self.table.max_size() {
            encode_integer(min, prefix, SIZE_UPDATE, out);
        }
        encode_integer(self.table.max_size(), prefix, SIZE_UPDATE, out);
    }

    fn string(&self, text: &[u8], out: &mut Vec<u8>) {
        let huffman = match self.huffman {
            HuffmanPolicy::Never => false,
            HuffmanPolicy::Always => true,
            HuffmanPolicy::UnlessLonger => huffman::encoded_len(text) <= text.len(),
        };
        encode_string(text, huffman, out);
    }
}
