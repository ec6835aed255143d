//! The HPACK decoder (RFC 7541 §3, §6): a header block in, a header list out.
//!
//! A header block is a run of representations, read one after the other until the bytes
//! end (§3.2). Each starts with a byte whose top bits name its kind:
//!
//! ```text
//!  1xxxxxxx  indexed field               index in 7 bits (§6.1)
//!  01xxxxxx  literal, incremental index  name index in 6 bits, 0 = literal name (§6.2.1)
//!  001xxxxx  dynamic table size update   new maximum in 5 bits (§6.3)
//!  0001xxxx  literal, never indexed      name index in 4 bits (§6.2.3)
//!  0000xxxx  literal, without indexing   name index in 4 bits (§6.2.2)
//! ```
//!
//! The decoder keeps the connection's dynamic table from block to block, so blocks must be
//! decoded in the order they were sent, each whole (HEADERS + CONTINUATION put together).
//! Any failure is a connection error of type COMPRESSION_ERROR: after it, the two tables may
//! disagree, so nothing more can be decoded on the connection.
//!
//! For teaching, [`Decoder::decode_block`] also returns every [`Representation`] with its
//! byte range, the strings as sent (Huffman or not), the table entry an index named, what was
//! added and what was evicted; [`Decoder::decode`] returns just the fields.
//!
//! Bounds: the table by SETTINGS_HEADER_TABLE_SIZE (at most [`MAX_TABLE_SIZE_LIMIT`]); every
//! string by [`Decoder::set_max_string_len`]; the decoded list by
//! [`Decoder::set_max_header_list_size`] (counting 32 bytes a field, as RFC 9113 §6.5.2 does).

use std::ops::Range;

use crate::error::Error;
use crate::frame::settings::DEFAULT_HEADER_TABLE_SIZE;
use crate::hpack::HeaderField;
use crate::hpack::dynamic_table::DynamicTable;
use crate::hpack::integer::decode_integer;
use crate::hpack::static_table::{self, STATIC_TABLE_LEN};
use crate::hpack::string::{STRING_LENGTH_PREFIX, StringLiteral, decode_string};

/// RFC 7541 §6.1: `1xxxxxxx`, an indexed header field.
pub const INDEXED: u8 = 0b1000_0000;
/// RFC 7541 §6.2.1: `01xxxxxx`, a literal with incremental indexing.
pub const LITERAL_INCREMENTAL: u8 = 0b0100_0000;
/// RFC 7541 §6.3: `001xxxxx`, a dynamic table size update.
pub const SIZE_UPDATE: u8 = 0b0010_0000;
/// RFC 7541 §6.2.3: `0001xxxx`, a literal never indexed.
pub const LITERAL_NEVER_INDEXED: u8 = 0b0001_0000;
/// RFC 7541 §6.2.2: `0000xxxx`, a literal without indexing.
pub const LITERAL_WITHOUT_INDEXING: u8 = 0b0000_0000;

/// The largest dynamic table this decoder ever allows, whatever SETTINGS say: 1 MiB.
pub const MAX_TABLE_SIZE_LIMIT: usize = 1 << 20;
/// The default bound on a decoded header list (name + value + 32 per field): 64 KiB.
pub const DEFAULT_MAX_HEADER_LIST_SIZE: usize = 64 * 1024;
/// The default bound on one string literal's length on the wire: 16 KiB.
pub const DEFAULT_MAX_STRING_LEN: usize = 16 * 1024;

/// The five representations (RFC 7541 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepresentationKind {
    /// §6.1: a whole field from the static or dynamic table.
    Indexed,
    /// §6.2.1: a literal field, then added to the dynamic table.
    LiteralIncremental,
    /// §6.2.2: a literal field, not added.
    LiteralWithoutIndexing,
    /// §6.2.3: a literal field that no one may ever add to a table.
    LiteralNeverIndexed,
    /// §6.3: a new maximum size for the dynamic table.
    SizeUpdate,
}

impl RepresentationKind {
    /// The kind a first byte announces; every byte announces one.
    pub fn of_byte(byte: u8) -> RepresentationKind {
        if byte & INDEXED != 0 {
            RepresentationKind::Indexed
        } else if byte & LITERAL_INCREMENTAL != 0 {
            RepresentationKind::LiteralIncremental
        } else if byte & SIZE_UPDATE != 0 {
            RepresentationKind::SizeUpdate
        } else if byte & LITERAL_NEVER_INDEXED != 0 {
            RepresentationKind::LiteralNeverIndexed
        } else {
            RepresentationKind::LiteralWithoutIndexing
        }
    }

    /// The pattern bits and how many there are (`1`, `01`, `001`, `0001`, `0000`).
    pub fn pattern(self) -> (u8, u8) {
        match self {
            RepresentationKind::Indexed => (INDEXED, 1),
            RepresentationKind::LiteralIncremental => (LITERAL_INCREMENTAL, 2),
            RepresentationKind::SizeUpdate => (SIZE_UPDATE, 3),
            RepresentationKind::LiteralNeverIndexed => (LITERAL_NEVER_INDEXED, 4),
            RepresentationKind::LiteralWithoutIndexing => (LITERAL_WITHOUT_INDEXING, 4),
        }
    }

    /// The bits of the first byte left for the integer: 8 minus the pattern.
    pub fn prefix_bits(self) -> u8 {
        8 - self.pattern().1
    }

    /// The RFC's name for it.
    pub fn name(self) -> &'static str {
        match self {
            RepresentationKind::Indexed => "Indexed Header Field",
            RepresentationKind::LiteralIncremental => {
                "Literal Header Field with Incremental Indexing"
            }
            RepresentationKind::LiteralWithoutIndexing => "Literal Header Field without Indexing",
            RepresentationKind::LiteralNeverIndexed => "Literal Header Field Never Indexed",
            RepresentationKind::SizeUpdate => "Dynamic Table Size Update",
        }
    }

    /// Its section of RFC 7541.
    pub fn section(self) -> &'static str {
        match self {
            RepresentationKind::Indexed => "RFC 7541 §6.1",
            RepresentationKind::LiteralIncremental => "RFC 7541 §6.2.1",
            RepresentationKind::LiteralWithoutIndexing => "RFC 7541 §6.2.2",
            RepresentationKind::LiteralNeverIndexed => "RFC 7541 §6.2.3",
            RepresentationKind::SizeUpdate => "RFC 7541 §6.3",
        }
    }
}

/// One decoded representation, with where its parts lay in the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Representation {
    /// Which of the five.
    pub kind: RepresentationKind,
    /// All its bytes.
    pub range: Range<usize>,
    /// The integer in the first byte(s): the index (indexed), the name index (literals;
    /// 0 = a literal name follows), or the new maximum size (size update).
    pub integer: usize,
    /// The integer's bytes (the first byte's pattern included).
    pub integer_range: Range<usize>,
    /// The literal name, when the name index is 0.
    pub name: Option<StringLiteral>,
    /// The literal value (literals only).
    pub value: Option<StringLiteral>,
    /// The field it stands for (all but size updates).
    pub field: Option<HeaderField>,
    /// True when the index (or name index) pointed into the dynamic table.
    pub from_dynamic: bool,
    /// True when the field was added to the dynamic table (as index 62).
    pub added: bool,
    /// The entries this representation evicted, oldest first.
    pub evicted: Vec<HeaderField>,
}

/// Where a block stopped making sense.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockError {
    /// The rule broken (always answered with COMPRESSION_ERROR).
    pub error: Error,
    /// The bytes at fault.
    pub range: Range<usize>,
}

/// A header block, decoded as far as it goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DecodedBlock {
    /// The header list, in order.
    pub fields: Vec<HeaderField>,
    /// Every representation read, in order.
    pub representations: Vec<Representation>,
    /// Why decoding stopped early, if it did.
    pub error: Option<BlockError>,
}

/// An HPACK decoder: one per connection direction.
#[derive(Debug, Clone)]
pub struct Decoder {
    table: DynamicTable,
    /// The SETTINGS_HEADER_TABLE_SIZE this endpoint announced: size updates may not exceed it.
    max_table_size: usize,
    /// Set when the limit was lowered below the table's size: the next block must start
    /// with a size update (§4.2).
    update_required: bool,
    max_header_list_size: usize,
    max_string_len: usize,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new()
    }
}

impl Decoder {
    /// A decoder with the initial table size of 4,096 bytes (RFC 9113 §6.5.2).
    pub fn new() -> Decoder {
        Decoder::with_max_table_size(DEFAULT_HEADER_TABLE_SIZE as usize)
    }

    /// A decoder whose table starts at (and may not exceed) `size` bytes, as when both ends
    /// agreed on SETTINGS_HEADER_TABLE_SIZE before the first block (RFC 7541 C.5 uses 256).
    pub fn with_max_table_size(size: usize) -> Decoder {
        let size = size.min(MAX_TABLE_SIZE_LIMIT);
        Decoder {
            table: DynamicTable::new(size),
            max_table_size: size,
            update_required: false,
            max_header_list_size: DEFAULT_MAX_HEADER_LIST_SIZE,
            max_string_len: DEFAULT_MAX_STRING_LEN,
        }
    }

    /// Applies a new SETTINGS_HEADER_TABLE_SIZE once the peer acknowledged it. Lowering it
    /// below the table's current maximum obliges the peer's encoder to start its next block
    /// with a size update (RFC 7541 §4.2).
    pub fn set_max_table_size(&mut self, size: usize) {
        let size = size.min(MAX_TABLE_SIZE_LIMIT);
        if size < self.table.max_size() {
            self.update_required = true;
        }
        self.max_table_size = size;
    }

    /// Bounds the decoded header list (name + value + 32 per field).
    pub fn set_max_header_list_size(&mut self, size: usize) {
        self.max_header_list_size = size;
    }

    /// Bounds each string literal's length on the wire.
    pub fn set_max_string_len(&mut self, len: usize) {
        self.max_string_len = len;
    }

    /// The dynamic table as it stands.
    pub fn table(&self) -> &DynamicTable {
        &self.table
    }

    /// The SETTINGS_HEADER_TABLE_SIZE limit size updates are checked against.
    pub fn max_table_size(&self) -> usize {
        self.max_table_size
    }

    /// Decodes a whole header block into its header list.
    pub fn decode(&mut self, block: &[u8]) -> Result<Vec<HeaderField>, Error> {
        let decoded = self.decode_block(block);
        match decoded.error {
            Some(e) => Err(e.error),
            None => Ok(decoded.fields),
        }
    }

    /// Decodes a whole header block, keeping every representation for the dissector. It
    /// stops at the first broken rule, reporting what it decoded before it.
    pub fn decode_block(&mut self, block: &[u8]) -> DecodedBlock {
        let mut out = DecodedBlock::default();
        let mut at = 0;
        let mut list_size = 0usize;
        while at < block.len() {
            let seen_field = !out.fields.is_empty();
            match self.representation(block, at, seen_field) {
                Ok(rep) => {
                    at = rep.range.end;
                    if let Some(field) = &rep.field {
                        list_size = list_size.saturating_add(field.size());
                        out.fields.push(field.clone());
                    }
                    let range = rep.range.clone();
                    out.representations.push(rep);
                    if list_size > self.max_header_list_size {
                        out.error = Some(BlockError {
                            error: Error::HeaderListTooLarge(self.max_header_list_size),
                            range,
                        });
                        return out;
                    }
                }
                Err(e) => {
                    out.error = Some(e);
                    return out;
                }
            }
        }
        if self.update_required {
            // An empty block still owed the size update.
            out.error = Some(BlockError {
                error: Error::TableSizeUpdateMissing(self.max_table_size),
                range: 0..0,
            });
        }
        out
    }

    /// Reads the representation at `block[at..]`.
    fn representation(
        &mut self,
        block: &[u8],
        at: usize,
        seen_field: bool,
    ) -> Result<Representation, BlockError> {
        let first = block.get(at).copied().unwrap_or_default();
        let kind = RepresentationKind::of_byte(first);
        let fail = |error: Error, range: Range<usize>| BlockError { error, range };
        if self.update_required && kind != RepresentationKind::SizeUpdate {
            return Err(fail(
                Error::TableSizeUpdateMissing(self.max_table_size),
                at..at + 1,
            ));
        }
        let rest = block.get(at..).unwrap_or_default();
        let (integer, int_len) =
            decode_integer(rest, kind.prefix_bits()).map_err(|e| fail(e, at..block.len()))?;
        let integer_range = at..at + int_len;
        let mut rep = Representation {
            kind,
            range: at..at + int_len,
            integer,
            integer_range: integer_range.clone(),
            name: None,
            value: None,
            field: None,
            from_dynamic: false,
            added: false,
            evicted: Vec::new(),
        };
        match kind {
            RepresentationKind::SizeUpdate => {
                if seen_field {
                    return Err(fail(Error::TableSizeUpdateTooLate, integer_range));
                }
                if integer > self.max_table_size {
                    return Err(fail(
                        Error::TableSizeTooLarge {
                            size: integer,
                            max: self.max_table_size,
                        },
                        integer_range,
                    ));
                }
                self.update_required = false;
                rep.evicted = self.table.set_max_size(integer);
            }
            RepresentationKind::Indexed => {
                let (field, dynamic) = self.lookup(integer).map_err(|e| fail(e, integer_range))?;
                rep.field = Some(field);
                rep.from_dynamic = dynamic;
            }
            RepresentationKind::LiteralIncremental
            | RepresentationKind::LiteralWithoutIndexing
            | RepresentationKind::LiteralNeverIndexed => {
                let mut next = at + int_len;
                let name = if integer == 0 {
                    let literal = self.string(block, next)?;
                    next = literal.range.end;
                    let name = literal.decoded.clone();
                    rep.name = Some(literal);
                    name
                } else {
                    let (field, dynamic) =
                        self.lookup(integer).map_err(|e| fail(e, integer_range))?;
                    rep.from_dynamic = dynamic;
                    field.name
                };
                let value = self.string(block, next)?;
                rep.range = at..value.range.end;
                let field = HeaderField::new(name, value.decoded.clone());
                rep.value = Some(value);
                if kind == RepresentationKind::LiteralIncremental {
                    rep.added = field.size() <= self.table.max_size();
                    rep.evicted = self.table.insert(field.clone());
                }
                rep.field = Some(field);
            }
        }
        Ok(rep)
    }

    /// A string literal at `block[at..]`, with the bytes at fault when it is broken.
    fn string(&self, block: &[u8], at: usize) -> Result<StringLiteral, BlockError> {
        decode_string(block, at, self.max_string_len).map_err(|error| {
            let range =
                match decode_integer(block.get(at..).unwrap_or_default(), STRING_LENGTH_PREFIX) {
                    Ok((len, n))
                        if matches!(
                            error,
                            Error::HuffmanEos
                                | Error::HuffmanPaddingNotOnes
                                | Error::HuffmanPaddingTooLong(_)
                        ) =>
                    {
                        at + n..(at + n).saturating_add(len).min(block.len())
                    }
                    Ok((_, n)) if matches!(error, Error::StringTooLong { .. }) => at..at + n,
                    _ => at..block.len().max(at),
                };
            BlockError { error, range }
        })
    }

    /// The field at `index` in the combined address space (§2.3.3), and whether it came from
    /// the dynamic table.
    pub fn lookup(&self, index: usize) -> Result<(HeaderField, bool), Error> {
        if index == 0 {
            return Err(Error::IndexZero);
        }
        if let Some((name, value)) = static_table::get(index) {
            return Ok((HeaderField::new(name, value), false));
        }
        self.table
            .get(index - STATIC_TABLE_LEN)
            .map(|f| (f.clone(), true))
            .ok_or(Error::IndexOutOfRange {
                index,
                dynamic: self.table.len(),
            })
    }
}
