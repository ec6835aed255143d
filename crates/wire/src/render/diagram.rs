//! The RFC-style bit diagram of a dissection's fixed header.
//!
//! The RFCs draw a header 32 bits a row, each bit two columns wide, under a ruler that counts
//! the bits of the row (RFC 6455 §5.2's figure is the model). wiretrail adds a second row to
//! every row of cells: the bits that were actually on the wire.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-------+-+-------------+-------------------------------+
//! |F|R|R|R| Opcode|M| Payload len |          Masking-key          |
//! |1|0|0|0|0 0 0 1|1|0 0 0 0 1 0 1|0 0 1 1 0 1 1 1 1 1 1 1 1 0 1 0|
//! +-+-+-+-+-------+-+-------------+-------------------------------+
//! |      Masking-key (cont.)      |
//! |0 0 1 0 0 0 0 1 0 0 1 1 1 1 0 1|
//! +-------------------------------+
//! ```
//!
//! - The cells are the *leaf* fields (fields without children) inside the first
//!   `header_bits` bits, in bit order; bits no field covers become unlabelled cells.
//! - A cell `n` bits wide has `2n - 1` columns. A label that does not fit is shortened: its
//!   words are cut to three letters from the last one forward (`Payload length` →
//!   `Payload len`), then it is truncated with `…`; a 1-bit cell gets the first letter, as the
//!   RFC writes `F|R|R|R` and `M`.
//! - A field that crosses the end of a row is split; the rest continues on the next row,
//!   labelled `(cont.)` when that fits.
//! - Bits past the end of the input (a truncated header) show as `?`.

use crate::{Dissection, Field};

/// Bits per row, as in the RFCs' figures.
const ROW_BITS: u64 = 32;

/// One cell of one row: `len` bits from bit `start` (absolute), and its label.
#[derive(Debug)]
struct Cell {
    start: u64,
    len: u64,
    label: String,
}

/// The RFC-style bit diagram of the first `header_bits` bits; empty when there are none.
/// Every line ends in a newline and carries no trailing spaces.
pub fn diagram(d: &Dissection) -> String {
    let total = d.header_bits;
    if total == 0 {
        return String::new();
    }
    let rows = rows(&spans(d, total), total);
    let ruler_bits = total.min(ROW_BITS);

    let mut lines: Vec<String> = vec![ruler_tens(ruler_bits), ruler_ones(ruler_bits)];
    let mut above: Option<&Vec<Cell>> = None;
    for row in &rows {
        lines.push(border(above, Some(row)));
        lines.push(label_row(row));
        lines.push(value_row(row, &d.bytes));
        above = Some(row);
    }
    lines.push(border(above, None));

    let mut out = String::new();
    for line in lines {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The header cut into labelled spans `(start, end, name)` covering `0..total` exactly.
fn spans(d: &Dissection, total: u64) -> Vec<(u64, u64, Option<&str>)> {
    let mut leaves: Vec<&Field> = d
        .all_fields()
        .into_iter()
        .filter(|f| f.children.is_empty() && f.bits.len > 0 && f.bits.start < total)
        .collect();
    leaves.sort_by_key(|f| f.bits.start);

    let mut spans = Vec::new();
    let mut pos = 0;
    for f in leaves {
        // A leaf that overlaps one already drawn is left out: a diagram cannot stack cells.
        if f.bits.start < pos {
            continue;
        }
        if f.bits.start > pos {
            spans.push((pos, f.bits.start, None));
        }
        let end = f.bits.end().min(total);
        spans.push((f.bits.start, end, Some(&*f.name)));
        pos = end;
    }
    if pos < total {
        spans.push((pos, total, None));
    }
    spans
}

/// The spans laid out in rows of [`ROW_BITS`], split where they cross a row's end.
fn rows(spans: &[(u64, u64, Option<&str>)], total: u64) -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = (0..total.div_ceil(ROW_BITS)).map(|_| Vec::new()).collect();
    for &(start, end, name) in spans {
        let mut s = start;
        while s < end {
            let row = s / ROW_BITS;
            let e = end.min((row + 1) * ROW_BITS);
            let width = cell_width(e - s);
            let label = match name {
                None => String::new(),
                Some(name) if s == start => fit(name, width),
                Some(name) => {
                    let cont = format!("{name} (cont.)");
                    if cont.chars().count() <= width {
                        cont
                    } else {
                        fit(name, width)
                    }
                }
            };
            if let Some(cells) = usize::try_from(row).ok().and_then(|r| rows.get_mut(r)) {
                cells.push(Cell {
                    start: s,
                    len: e - s,
                    label,
                });
            }
            s = e;
        }
    }
    rows
}

/// Columns inside a cell of `bits` bits: two per bit, less the separator.
fn cell_width(bits: u64) -> usize {
    usize::try_from(bits * 2 - 1).unwrap_or(usize::MAX)
}

/// `label` shortened to fit `width` columns (see the module docs for how).
fn fit(label: &str, width: usize) -> String {
    let len = |s: &str| s.chars().count();
    if len(label) <= width {
        return label.to_string();
    }
    if width == 1 {
        return label.chars().next().map(String::from).unwrap_or_default();
    }
    // Cut words to three letters, the last word first: `Payload length` → `Payload len`.
    let mut words: Vec<String> = label.split(' ').map(String::from).collect();
    for i in (0..words.len()).rev() {
        if words[i].chars().count() > 3 {
            words[i] = words[i].chars().take(3).collect();
            let candidate = words.join(" ");
            if len(&candidate) <= width {
                return candidate;
            }
        }
    }
    let mut cut: String = label.chars().take(width - 1).collect();
    cut.push('…');
    cut
}

/// `text` centred in `width` columns (an odd space goes to the left, as the RFCs do).
fn centred(text: &str, width: usize) -> String {
    let n = text.chars().count().min(width);
    let left = (width - n).div_ceil(2);
    let right = width - n - left;
    format!("{}{text}{}", " ".repeat(left), " ".repeat(right))
}

/// The column of bit `bit` of a row: bit 0 sits at column 1, after the `|`.
fn column(bit: u64) -> usize {
    usize::try_from(2 * bit + 1).unwrap_or(usize::MAX)
}

/// ` 0                   1 …`: the tens of the row's bit numbers.
fn ruler_tens(bits: u64) -> String {
    let mut line = vec![b' '; column(bits)];
    for bit in (0..bits).step_by(10) {
        if let Some(c) = line.get_mut(column(bit)) {
            *c = b'0' + (bit / 10 % 10) as u8;
        }
    }
    String::from_utf8(line).unwrap_or_default()
}

/// ` 0 1 2 3 4 5 6 7 8 9 0 1 …`: the ones of the row's bit numbers.
fn ruler_ones(bits: u64) -> String {
    let mut line = vec![b' '; column(bits)];
    for bit in 0..bits {
        if let Some(c) = line.get_mut(column(bit)) {
            *c = b'0' + (bit % 10) as u8;
        }
    }
    String::from_utf8(line).unwrap_or_default()
}

/// A `+---+-+` border under `above` and over `below`, with a `+` wherever a cell of either
/// row begins or ends.
fn border(above: Option<&Vec<Cell>>, below: Option<&Vec<Cell>>) -> String {
    let mut width = 0;
    let mut corners = Vec::new();
    for row in [above, below].into_iter().flatten() {
        for cell in row {
            let s = (cell.start % ROW_BITS) * 2;
            let e = s + cell.len * 2;
            corners.push(s);
            corners.push(e);
            width = width.max(e);
        }
    }
    (0..=width)
        .map(|c| if corners.contains(&c) { '+' } else { '-' })
        .collect()
}

/// `|F|R|R|R| Opcode|…|`: each cell's label, centred.
fn label_row(row: &[Cell]) -> String {
    let mut line = String::from("|");
    for cell in row {
        line.push_str(&centred(&cell.label, cell_width(cell.len)));
        line.push('|');
    }
    line
}

/// `|1|0|0|0|0 0 0 1|…|`: each cell's bits as they were on the wire, `?` past the input.
fn value_row(row: &[Cell], bytes: &[u8]) -> String {
    let mut line = String::from("|");
    for cell in row {
        let bits: Vec<&str> = (cell.start..cell.start + cell.len)
            .map(|bit| match super::bit_at(bytes, bit) {
                Some(1) => "1",
                Some(_) => "0",
                None => "?",
            })
            .collect();
        line.push_str(&bits.join(" "));
        line.push('|');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fit_their_cells() {
        assert_eq!(fit("FIN", 1), "F");
        assert_eq!(fit("Opcode", 7), "Opcode");
        assert_eq!(fit("Payload length", 13), "Payload len");
        assert_eq!(fit("Payload length", 7), "Pay len");
        assert_eq!(fit("Payload length", 5), "Payl…");
        assert_eq!(
            fit("Extended payload length", 31),
            "Extended payload length"
        );
        assert_eq!(centred("Opcode", 7), " Opcode");
        assert_eq!(centred("Payload len", 13), " Payload len ");
    }

    #[test]
    fn rulers() {
        assert_eq!(ruler_ones(12), " 0 1 2 3 4 5 6 7 8 9 0 1 ");
        assert_eq!(ruler_tens(12).trim_end(), " 0                   1");
    }
}
