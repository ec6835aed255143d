//! HPACK header blocks, representation by representation (RFC 7541 §6).
//!
//! Each representation becomes one field over its bytes, whose children are:
//!
//! 1. the first byte's pattern, as its bitmask (`1... .... = Indexed Header Field`,
//!    `01.. .... = Literal Header Field with Incremental Indexing`);
//! 2. the prefixed integer after it (`.000 0010 = Index: 2 (static table: :method: GET)`),
//!    across its continuation bytes when it has them (§5.1);
//! 3. for literals, the name (when not indexed) and the value, each with its H bit, its
//!    length, its data (Huffman-coded or raw) and the decoded text (§5.2);
//! 4. what it did to the dynamic table: the entry it added as index 62, the entries it
//!    evicted (§4.4).
//!
//! After the representations comes the dynamic table as it stands, one child per entry. A
//! block that breaks a rule stops at the representation that breaks it, with the rule and
//! the answer: every HPACK error is a connection error of type COMPRESSION_ERROR.

use std::ops::Range;

use wire::{BitRange, Budget, Dissection, Field, Raw};

use super::{HPACK_PROTOCOL, bytes_count, error_problem, quoted_or_empty};
use crate::hpack::Decoder;
use crate::hpack::decoder::{Representation, RepresentationKind};
use crate::hpack::static_table::STATIC_TABLE_LEN;
use crate::hpack::string::StringLiteral;

/// How many fields a summary names before `…`.
const SUMMARY_FIELDS: usize = 4;

/// Where a block's bytes lie in the dissection.
#[derive(Debug, Clone, Copy)]
pub(super) enum Placement {
    /// The block starts at this byte of the dissected input.
    At(usize),
    /// The block was put together from several frames: its bytes are not contiguous in
    /// this input, so every field gets an empty range at this bit.
    Detached(u64),
}

impl Placement {
    fn bytes(self, r: &Range<usize>) -> BitRange {
        match self {
            Placement::At(base) => BitRange::bytes(base + r.start, r.len()),
            Placement::Detached(bit) => BitRange::bits(bit, 0),
        }
    }

    fn bits(self, byte: usize, bit: u64, len: u64) -> BitRange {
        match self {
            Placement::At(base) => BitRange::bits((base + byte) as u64 * 8 + bit, len),
            Placement::Detached(at) => BitRange::bits(at, 0),
        }
    }
}

/// How much of a budget one block may still use: representations are shown while both
/// last, then one field says how many more there were.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Room {
    pub(super) fields: usize,
    pub(super) bytes: usize,
}

impl Room {
    /// No bound.
    pub(super) const ALL: Room = Room {
        fields: usize::MAX,
        bytes: usize::MAX,
    };

    /// What `budget` has left.
    pub(super) fn of(budget: &Budget) -> Room {
        Room {
            fields: budget.fields_left(),
            bytes: budget.bytes_left(),
        }
    }
}

/// Dissects a bare header block, showing its representations while `room` lasts.
pub(super) fn header_block(bytes: &[u8], decoder: &mut Decoder, room: Room) -> Dissection {
    let (fields, summary) = block_fields(bytes, decoder, Placement::At(0), room);
    let mut d = Dissection::new(HPACK_PROTOCOL, summary, bytes.to_vec());
    for f in fields {
        d.push(f);
    }
    d
}

/// The fields of a whole block (decoded with `decoder`, which it updates), and a summary.
/// The whole block is decoded (the table must follow it), but its representations are
/// shown only while `room` lasts; then one field says how many more there were.
pub(super) fn block_fields(
    block: &[u8],
    decoder: &mut Decoder,
    place: Placement,
    room: Room,
) -> (Vec<Field>, String) {
    let decoded = decoder.decode_block(block);
    let mut fields: Vec<Field> = Vec::new();
    let (mut used_fields, mut used_bytes) = (0usize, 0usize);
    for (i, r) in decoded.representations.iter().enumerate() {
        if used_fields >= room.fields || used_bytes >= room.bytes {
            let more = decoded.representations.len() - i;
            let from = r.range.start;
            fields.push(
                Field::new(
                    "Not shown",
                    place.bytes(&(from..from)),
                    Raw::None,
                    format!("{more} more representations"),
                    "Decoded (the dynamic table below follows them) but not shown: the output budget of one call is spent.",
                )
                .with_problem(wire::Problem {
                    rule: wire::budget::RULE.to_string(),
                    message: format!(
                        "stopped after {i} representations: the output budget of one call is spent; {} block bytes are not shown",
                        block.len().saturating_sub(from)
                    ),
                    at: place.bytes(&(from..from)),
                    answer: None,
                }),
            );
            break;
        }
        let f = representation(block, r, place);
        used_fields += f.walk().len();
        used_bytes += f.name.len() + f.value.len() + f.meaning.len() + 2 * r.range.len();
        used_bytes += f
            .children
            .iter()
            .map(|c| c.name.len() + c.value.len() + c.meaning.len())
            .sum::<usize>();
        fields.push(f);
    }
    if let Some(e) = &decoded.error {
        let bad = block.get(e.range.clone()).unwrap_or_default();
        fields.push(
            Field::new(
                "Undecodable",
                place.bytes(&e.range),
                Raw::Bytes(bad.to_vec()),
                e.error.to_string(),
                "Decoding stops here: after an HPACK error the two dynamic tables may disagree, so nothing more on the connection can be decoded (RFC 9113 §4.3).",
            )
            .with_problem(error_problem(&e.error, place.bytes(&e.range))),
        );
    }
    let end = place.bytes(&(block.len()..block.len()));
    fields.push(table_field(decoder, end));
    let mut names: Vec<String> = decoded
        .fields
        .iter()
        .take(SUMMARY_FIELDS)
        .map(ToString::to_string)
        .collect();
    if decoded.fields.len() > SUMMARY_FIELDS {
        names.push("…".into());
    }
    let mut summary = match decoded.fields.len() {
        1 => "1 header field".to_string(),
        n => format!("{n} header fields"),
    };
    if !names.is_empty() {
        summary.push_str(": ");
        summary.push_str(&names.join(", "));
    }
    if decoded.error.is_some() {
        summary.push_str(" (then a COMPRESSION_ERROR)");
    }
    (fields, summary)
}

fn representation(block: &[u8], r: &Representation, place: Placement) -> Field {
    let bytes = block.get(r.range.clone()).unwrap_or_default();
    let at = r.range.start;
    let (pattern, plen) = r.kind.pattern();
    let plen = u64::from(plen);
    let mut children = vec![Field::new(
        r.kind.name(),
        place.bits(at, 0, plen),
        Raw::Uint((pattern >> (8 - plen)).into()),
        "",
        kind_meaning(r.kind),
    )];
    let int_bits = r.integer_range.len() as u64 * 8 - plen;
    let (int_name, int_value, int_meaning) = integer_words(r);
    children.push(Field::new(
        int_name,
        place.bits(at, plen, int_bits),
        Raw::Uint(r.integer as u64),
        int_value,
        int_meaning,
    ));
    if let Some(name) = &r.name {
        children.push(string_field("Name", block, name, place));
    }
    if let Some(value) = &r.value {
        children.push(string_field("Value", block, value, place));
    }
    let end = place.bytes(&(r.range.end..r.range.end));
    if r.added
        && let Some(f) = &r.field
    {
        children.push(Field::new(
                "Added",
                end,
                Raw::None,
                format!("as index 62, {} bytes", f.size()),
                "The field becomes the newest dynamic table entry; older ones move up one index (RFC 7541 §4.4).",
            ));
    }
    for old in &r.evicted {
        children.push(Field::new(
            "Evicted",
            end,
            Raw::None,
            format!("{old} ({} bytes)", old.size()),
            "The oldest entry is dropped to make room within the table's maximum size (RFC 7541 §4.4).",
        ));
    }
    let value = match (&r.field, r.kind) {
        (Some(f), _) => f.to_string(),
        (None, RepresentationKind::SizeUpdate) => format!("maximum size {}", r.integer),
        (None, _) => String::new(),
    };
    Field::new(
        r.kind.name(),
        place.bytes(&r.range),
        Raw::Bytes(bytes.to_vec()),
        value,
        kind_meaning(r.kind),
    )
    .with_children(children)
}

fn kind_meaning(kind: RepresentationKind) -> String {
    let what = match kind {
        RepresentationKind::Indexed => "a whole field taken from the static or dynamic table",
        RepresentationKind::LiteralIncremental => {
            "a literal field that both ends then add to their dynamic tables"
        }
        RepresentationKind::LiteralWithoutIndexing => {
            "a literal field that is not added to the dynamic table"
        }
        RepresentationKind::LiteralNeverIndexed => {
            "a literal field that no one, not even a proxy, may ever add to a table: for secrets"
        }
        RepresentationKind::SizeUpdate => "a new maximum size for the dynamic table",
    };
    // Capitalised: the meaning is a sentence of its own.
    let mut chars = what.chars();
    let first = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .unwrap_or_default();
    format!("{first}{} ({}).", chars.as_str(), kind.section())
}

fn integer_words(r: &Representation) -> (&'static str, String, String) {
    let source = |index: usize| {
        if r.from_dynamic {
            format!(
                "dynamic table entry {}",
                index.saturating_sub(STATIC_TABLE_LEN)
            )
        } else {
            "static table".to_string()
        }
    };
    match r.kind {
        RepresentationKind::Indexed => {
            let what = r.field.as_ref().map(ToString::to_string).unwrap_or_default();
            (
                "Index",
                format!("{} ({}: {what})", r.integer, source(r.integer)),
                "1-61 is the static table, 62 and up the dynamic table, newest first (RFC 7541 §2.3.3).".into(),
            )
        }
        RepresentationKind::SizeUpdate => (
            "Max Size",
            r.integer.to_string(),
            "The dynamic table's new maximum size; at most the SETTINGS_HEADER_TABLE_SIZE the decoder announced (RFC 7541 §6.3).".into(),
        ),
        _ if r.integer == 0 => (
            "Name Index",
            "0 (a literal name follows)".into(),
            "0: the name is a string literal; otherwise the index of an entry whose name is used (RFC 7541 §6.2).".into(),
        ),
        _ => {
            let name = r
                .field
                .as_ref()
                .map(|f| String::from_utf8_lossy(&f.name).into_owned())
                .unwrap_or_default();
            (
                "Name Index",
                format!("{} ({}: {name})", r.integer, source(r.integer)),
                "The index of the entry whose name this field uses (RFC 7541 §6.2).".into(),
            )
        }
    }
}

fn string_field(name: &'static str, block: &[u8], s: &StringLiteral, place: Placement) -> Field {
    let data = block.get(s.data_range.clone()).unwrap_or_default();
    let text = quoted_or_empty(&s.decoded);
    let text = if text.is_empty() {
        format!("{} of binary", bytes_count(s.decoded.len()))
    } else {
        text
    };
    let at = s.range.start;
    let len_bits = s.length_range.len() as u64 * 8 - 1;
    let mut children = vec![
        Field::new(
            "H",
            place.bits(at, 0, 1),
            Raw::Uint(s.huffman.into()),
            if s.huffman {
                "1 (Huffman-coded)"
            } else {
                "0 (raw bytes)"
            },
            "Whether the string data is Huffman-coded (RFC 7541 §5.2).",
        ),
        Field::new(
            "String Length",
            place.bits(at, 1, len_bits),
            Raw::Uint(s.length as u64),
            bytes_count(s.length),
            "The length of the data on the wire, a prefixed integer with a 7-bit prefix (RFC 7541 §5.1, §5.2).",
        ),
    ];
    if s.huffman {
        children.push(Field::new(
            "Huffman-coded data",
            place.bytes(&s.data_range),
            Raw::Bytes(data.to_vec()),
            format!("{text} ({} → {})", bytes_count(data.len()), bytes_count(s.decoded.len())),
            "The string in the static Huffman code of RFC 7541 Appendix B, most significant bit first.",
        ));
        if s.padding_bits > 0 {
            let end_bit = s.data_range.end as u64 * 8;
            let pad_at = match place {
                Placement::At(base) => BitRange::bits(
                    base as u64 * 8 + end_bit - u64::from(s.padding_bits),
                    u64::from(s.padding_bits),
                ),
                Placement::Detached(bit) => BitRange::bits(bit, 0),
            };
            children.push(Field::new(
                "Padding",
                pad_at,
                Raw::Uint((1u64 << s.padding_bits) - 1),
                format!("{} bits, all 1", s.padding_bits),
                "The last byte is filled with the top bits of EOS (all ones); more than 7 bits, or a 0 bit, is a COMPRESSION_ERROR (RFC 7541 §5.2).",
            ));
        }
    } else {
        children.push(Field::new(
            "String Data",
            place.bytes(&s.data_range),
            Raw::Bytes(data.to_vec()),
            text.clone(),
            "The string's bytes as they are (RFC 7541 §5.2).",
        ));
    }
    let whole = block.get(s.range.clone()).unwrap_or_default();
    Field::new(
        name,
        place.bytes(&s.range),
        Raw::Bytes(whole.to_vec()),
        text,
        "A string literal: the H bit, the length, then the data (RFC 7541 §5.2).",
    )
    .with_children(children)
}

fn table_field(decoder: &Decoder, at: BitRange) -> Field {
    let table = decoder.table();
    let children = table
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Field::new(
                format!("[{}]", STATIC_TABLE_LEN + i + 1),
                at,
                Raw::None,
                format!("{f} ({} bytes)", f.size()),
                "",
            )
        })
        .collect();
    let entries = match table.len() {
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    };
    Field::new(
        "Dynamic Table",
        at,
        Raw::None,
        format!("{entries}, {} of {} bytes", table.size(), table.max_size()),
        "The table after this block, newest first from index 62; each entry counts its name, its value and 32 bytes (RFC 7541 §2.3.2, §4.1).",
    )
    .with_children(children)
}
