//! An encoded field section → [`wire::Dissection`], bit by bit (RFC 9204 §4.5).
//!
//! The prefix (§4.5.1) and all five field line representations are read; references to the
//! static table are resolved, references to the dynamic table are shown for what they are
//! (this dissector keeps no dynamic table: it never sees an encoder stream). Never fails: on
//! bytes it cannot read it returns the fields before them and a problem with QPACK's answer,
//! a QPACK_DECOMPRESSION_FAILED connection error (§2.2.3, §6).

use http2::hpack::{huffman, integer::decode_integer};
use wire::{BitRange, Dissection, Field, Problem, Raw};

use crate::static_table;

/// The protocol name in dissections.
pub const PROTOCOL: &str = "QPACK";
/// RFC 9204 §6: what a decoder answers an encoded field section it cannot interpret.
pub const DECOMPRESSION_FAILED: &str = "connection error QPACK_DECOMPRESSION_FAILED (0x0200)";

fn problem(rule: &str, message: impl Into<String>, at: BitRange) -> Problem {
    Problem {
        rule: rule.to_owned(),
        message: message.into(),
        at,
        answer: Some(DECOMPRESSION_FAILED.to_owned()),
    }
}

/// A prefixed integer at byte `at` whose prefix is the low `prefix` bits.
fn integer(
    bytes: &[u8],
    at: usize,
    prefix: u8,
    name: &'static str,
    meaning: &'static str,
) -> Result<(Field, usize, usize), Problem> {
    let rest = bytes.get(at..).unwrap_or_default();
    let (value, len) = decode_integer(rest, prefix).map_err(|e| {
        problem(
            "RFC 9204 §4.1.1",
            format!("{name}: {e}"),
            BitRange::bits(at as u64 * 8, rest.len() as u64 * 8),
        )
    })?;
    let skip = 8 - u64::from(prefix);
    let range = BitRange::bits(at as u64 * 8 + skip, len as u64 * 8 - skip);
    let f = Field::new(
        name,
        range,
        Raw::Uint(value as u64),
        value.to_string(),
        meaning,
    );
    Ok((f, value, len))
}

/// One bit of byte `at` (`bit` 0 is the most significant).
fn flag(
    bytes: &[u8],
    at: usize,
    bit: u64,
    name: &'static str,
    meaning: &'static str,
) -> (Field, bool) {
    let set = bytes.get(at).is_some_and(|b| b & (0x80 >> bit) != 0);
    let f = Field::new(
        name,
        BitRange::bits(at as u64 * 8 + bit, 1),
        Raw::Uint(u64::from(set)),
        if set { "1" } else { "0" },
        meaning,
    );
    (f, set)
}

/// The leading pattern bits of a representation.
fn pattern(at: usize, bits: u64, value: u8, meaning: &'static str) -> Field {
    Field::new(
        "Pattern",
        BitRange::bits(at as u64 * 8, bits),
        Raw::Uint(u64::from(value)),
        format!("{value:0width$b}", width = bits as usize),
        meaning,
    )
}

/// A string literal at byte `at` with its H bit at `h_bit` and a `prefix`-bit length.
fn string(
    bytes: &[u8],
    at: usize,
    h_bit: u64,
    prefix: u8,
    name: &'static str,
) -> Result<(Field, Vec<u8>, usize), Problem> {
    let (h, huffman_coded) = flag(
        bytes,
        at,
        h_bit,
        "H",
        "1: the string is Huffman-coded (RFC 7541 Appendix B's code).",
    );
    let (len_field, len, len_bytes) = integer(
        bytes,
        at,
        prefix,
        "Length",
        "The string's length in bytes, as sent.",
    )?;
    let start = at + len_bytes;
    let Some(data) = start.checked_add(len).and_then(|end| bytes.get(start..end)) else {
        return Err(problem(
            "RFC 9204 §4.1.2",
            format!(
                "{name}: the length says {len} bytes, {} are left",
                bytes.len().saturating_sub(start)
            ),
            BitRange::bytes(at, bytes.len().saturating_sub(at)),
        ));
    };
    let text = if huffman_coded {
        huffman::decode(data).map_err(|e| {
            problem(
                "RFC 9204 §4.1.2",
                format!("{name}: {e}"),
                BitRange::bytes(start, len),
            )
        })?
    } else {
        data.to_vec()
    };
    let shown = String::from_utf8_lossy(&text).into_owned();
    let value = Field::new(
        "String",
        BitRange::bytes(start, len),
        Raw::Bytes(data.to_vec()),
        format!("{shown:?}"),
        if huffman_coded {
            "The Huffman-coded bytes, decoded."
        } else {
            "The bytes as they are."
        },
    );
    let f = Field::new(
        name,
        BitRange::bytes(at, len_bytes + len),
        Raw::None,
        format!("{shown:?}"),
        "A string literal (RFC 9204 §4.1.2).",
    )
    .with_children(vec![h, len_field, value]);
    Ok((f, text, len_bytes + len))
}

fn static_entry(index: usize, at: BitRange) -> Result<(&'static str, &'static str), Problem> {
    static_table::get(index).ok_or_else(|| {
        problem(
            "RFC 9204 §3.1",
            format!("static index {index} is past the table's 99 entries (0-98)"),
            at,
        )
    })
}

/// What one representation read: its field, the line it stands for, its length in bytes.
type Read = (Field, String, usize);

/// A dynamic reference (relative or post-Base) and what it may mean.
fn dynamic(what: &str, index: usize, ric: usize, at: BitRange) -> Result<String, Problem> {
    if ric == 0 {
        return Err(problem(
            "RFC 9204 §2.2.3",
            format!(
                "a {what} {index} in a section whose Required Insert Count is 0: it refers to no \
                 entry"
            ),
            at,
        ));
    }
    Ok(format!("dynamic table, {what} {index}"))
}

/// The five representations (RFC 9204 §4.5.2-§4.5.6): first-byte mask and pattern, the
/// pattern's width, its name, the bit of its N flag, the bit of its T flag, the width of its
/// index (or, for a literal name, of the name's length), and one sentence of meaning.
struct Form {
    mask: u8,
    pattern: u8,
    bits: u64,
    name: &'static str,
    n_bit: Option<u64>,
    t_bit: Option<u64>,
    prefix: u8,
    meaning: &'static str,
    /// What the pattern bits say, the index field's name and meaning, and the T bit's.
    says: &'static str,
    index: (&'static str, &'static str),
    t_says: &'static str,
}

/// The first bits of an indexed line (§4.5.2), a literal name (§4.5.6), a post-Base index (§4.5.3).
const INDEXED: u8 = 0x80;
const LITERAL_NAME: u8 = 0x20;
const INDEXED_POST_BASE: u8 = 0x10;

const FORMS: [Form; 5] = [
    Form {
        mask: 0x80,
        pattern: 0x80,
        bits: 1,
        name: "Indexed Field Line",
        n_bit: None,
        t_bit: Some(1),
        prefix: 6,
        meaning: "A whole field line by reference (RFC 9204 §4.5.2).",
        says: "1: an indexed field line (§4.5.2).",
        index: ("Index", "Which table entry."),
        t_says: "1: the index is into the static table; 0: into the dynamic table.",
    },
    Form {
        mask: 0xc0,
        pattern: 0x40,
        bits: 2,
        name: "Literal Field Line with Name Reference",
        n_bit: Some(2),
        t_bit: Some(3),
        prefix: 4,
        meaning: "A field line whose name is a table entry's and whose value is a literal (RFC \
                  9204 §4.5.4).",
        says: "01: a literal field line with name reference (§4.5.4).",
        index: ("Name Index", "Which entry's name."),
        t_says: "1: the name is from the static table; 0: from the dynamic table.",
    },
    Form {
        mask: 0xe0,
        pattern: 0x20,
        bits: 3,
        name: "Literal Field Line with Literal Name",
        n_bit: Some(3),
        t_bit: None,
        prefix: 3,
        meaning: "A field line whose name and value are both literals (RFC 9204 §4.5.6).",
        says: "001: a literal field line with literal name (§4.5.6).",
        index: ("Name", ""),
        t_says: "",
    },
    Form {
        mask: 0xf0,
        pattern: 0x10,
        bits: 4,
        name: "Indexed Field Line with Post-Base Index",
        n_bit: None,
        t_bit: None,
        prefix: 4,
        meaning: "A dynamic table entry newer than the Base (RFC 9204 §4.5.3).",
        says: "0001: an indexed field line with post-Base index (§4.5.3).",
        index: ("Index", "Which entry, counted from the Base."),
        t_says: "",
    },
    Form {
        mask: 0xf0,
        pattern: 0x00,
        bits: 4,
        name: "Literal Field Line with Post-Base Name Reference",
        n_bit: Some(4),
        t_bit: None,
        prefix: 3,
        meaning: "A literal value with the name of a dynamic entry newer than the Base (RFC 9204 \
                  §4.5.5).",
        says: "0000: a literal field line with post-Base name reference (§4.5.5).",
        index: ("Name Index", "Which entry's name, counted from the Base."),
        t_says: "",
    },
];

fn representation(bytes: &[u8], at: usize, ric: usize) -> Result<Read, (Vec<Field>, Problem)> {
    let b = bytes.get(at).copied().unwrap_or_default();
    let first = BitRange::bytes(at, 1);
    let Some(form) = FORMS.iter().find(|f| b & f.mask == f.pattern) else {
        // The masks cover every byte; this is never reached.
        return Err((
            Vec::new(),
            problem("RFC 9204 §4.5", "no representation", first),
        ));
    };
    let mut kids = vec![pattern(
        at,
        form.bits,
        form.pattern >> (8 - form.bits),
        form.says,
    )];
    // On a problem, the sub-fields read so far go with it (cloned only then).
    if let Some(bit) = form.n_bit {
        kids.push(
            flag(
                bytes,
                at,
                bit,
                "N",
                "1: never put this line in a dynamic table, on any hop.",
            )
            .0,
        );
    }
    let is_static = form.t_bit.map(|bit| {
        let (t, set) = flag(bytes, at, bit, "T", form.t_says);
        kids.push(t);
        set
    });
    // The name (or the whole line) and the bytes it took.
    let (name, n) = if form.pattern == LITERAL_NAME {
        let (f, text, n) =
            string(bytes, at, 4, form.prefix, "Name").map_err(|p| (kids.clone(), p))?;
        kids.push(f);
        (String::from_utf8_lossy(&text).into_owned(), n)
    } else {
        let (i, index, n) = integer(bytes, at, form.prefix, form.index.0, form.index.1)
            .map_err(|p| (kids.clone(), p))?;
        kids.push(i);
        let name = match (is_static, form.pattern) {
            (Some(true), INDEXED) => static_entry(index, first).map(|(n, v)| format!("{n}: {v}")),
            (Some(true), _) => static_entry(index, first).map(|(n, _)| n.to_owned()),
            (Some(false), _) => dynamic("relative index", index, ric, first),
            (None, _) => dynamic("post-Base index", index, ric, first),
        }
        .map_err(|p| (kids.clone(), p))?;
        (name, n)
    };
    // Indexed lines end here; the others carry a value string.
    let (line, len) = if form.pattern == INDEXED || form.pattern == INDEXED_POST_BASE {
        (name, n)
    } else {
        let (v, value, vn) = string(bytes, at + n, 0, 7, "Value").map_err(|p| (kids.clone(), p))?;
        kids.push(v);
        (
            format!("{name}: {}", String::from_utf8_lossy(&value)),
            n + vn,
        )
    };
    let f = Field::new(
        form.name,
        BitRange::bytes(at, len),
        Raw::None,
        line.clone(),
        form.meaning,
    );
    Ok((f.with_children(kids), line, len))
}

/// Dissects one encoded field section (the payload of an HTTP/3 HEADERS frame). Never fails.
pub fn dissect(bytes: &[u8]) -> Dissection {
    let mut d = Dissection::new(PROTOCOL, String::new(), bytes.to_vec());
    // §4.5.1: Required Insert Count (8+), then S and Delta Base (7+).
    let (ric_field, ric, n) = match integer(bytes, 0, 8, "Required Insert Count", "") {
        Ok(v) => v,
        Err(p) => {
            d.problem(p);
            d.summary = "no field section prefix".into();
            return d;
        }
    };
    let ric_meaning = if ric == 0 {
        "0: this section refers to no dynamic table entry, so it can be decoded at once, \
         whatever has happened on the encoder stream (RFC 9204 §4.5.1.1)."
    } else {
        "Not 0: the section refers to dynamic table entries, and waits until the encoder \
         stream has delivered them (RFC 9204 §2.1.2); it is encoded modulo twice the table's \
         entry capacity (§4.5.1.1)."
    };
    d.push(Field {
        meaning: ric_meaning.into(),
        ..ric_field
    });
    let (sign, negative) = flag(
        bytes,
        n,
        0,
        "S",
        "The sign of Delta Base: 0, Base = Required Insert Count + Delta Base.",
    );
    let (delta_field, delta, m) = match integer(
        bytes,
        n,
        7,
        "Delta Base",
        "The Base, relative to the Required Insert Count.",
    ) {
        Ok(v) => v,
        Err(p) => {
            d.problem(p);
            d.summary = "the prefix is cut short".into();
            return d;
        }
    };
    let base = if negative {
        format!("Required Insert Count - {delta} - 1")
    } else {
        format!("Required Insert Count + {delta}")
    };
    d.push(
        Field::new(
            "Base",
            BitRange::bytes(n, m),
            Raw::None,
            base,
            "The reference point for relative and post-Base dynamic indices (RFC 9204 §4.5.1.2).",
        )
        .with_children(vec![sign, delta_field]),
    );
    let mut at = n + m;
    let mut lines = Vec::new();
    while at < bytes.len() {
        match representation(bytes, at, ric) {
            Ok((f, line, len)) => {
                d.push(f);
                lines.push(line);
                at += len;
            }
            Err((kids, p)) => {
                d.push(
                    Field::new(
                        "Field line (unreadable)",
                        BitRange::bytes(at, bytes.len() - at),
                        Raw::Bytes(bytes[at..].to_vec()),
                        "",
                        "The bytes from here cannot be read; the decoder gives up on the connection.",
                    )
                    .with_children(kids)
                    .with_problem(p),
                );
                break;
            }
        }
    }
    d.summary = match lines.len() {
        1 => format!("1 field line: {}", lines.join(", ")),
        n => format!("{n} field lines: {}", lines.join(", ")),
    };
    d
}
