//! A header field line (RFC 9112 §5): name, colon, optional whitespace, value, line end —
//! each a child field, the name explained from [`crate::meaning`], and the lenient cases
//! (an obsolete line fold, a missing colon, a space before it) flagged with their rule.

use wire::{BitRange, Dissection, Field, Raw};

use super::{BAD_REQUEST, bytes_at, ending_field, is_tchar, plural, problem, text};
use crate::lines::Line;
use crate::meaning::header_meaning;

/// A field line: name, colon, optional whitespace, value, line end. Returns the name, or
/// `None` for a line that is not a field line.
pub(super) fn field_line(line: &Line<'_>, d: &mut Dissection) -> Option<String> {
    let raw = Raw::Bytes(bytes_at(d, line.range()));
    let whole = BitRange::bytes(line.start, line.text.len());
    let at = BitRange::bytes(line.start, line.len());
    let mut children = Vec::new();
    if line.text.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
        children.extend(ending_field(line));
        d.push(
            Field::new(
                "Continuation line",
                at,
                raw,
                line.lossy(),
                "An obsolete line fold: a field value continued on a line that starts with \
                 whitespace.",
            )
            .with_children(children)
            .with_problem(problem(
                "RFC 9112 §5.2",
                "obs-fold is deprecated: a server must reject it or replace it with spaces",
                whole,
                Some(BAD_REQUEST),
            )),
        );
        return None;
    }
    let Some(parts) = line.field() else {
        children.extend(ending_field(line));
        d.push(
            Field::new(
                "Malformed line",
                at,
                raw,
                line.lossy(),
                "A line in the head that is not name: value.",
            )
            .with_children(children)
            .with_problem(problem(
                "RFC 9112 §5",
                "a field line needs a colon between its name and its value",
                whole,
                Some(BAD_REQUEST),
            )),
        );
        return None;
    };
    let name = bytes_at(d, parts.name.clone());
    let value = bytes_at(d, parts.value.clone());
    let name_text = text(&name);
    let meaning = header_meaning(name_text.trim());
    let name_at = BitRange::bytes(line.start, name.len());
    let problem_here = if name.is_empty() {
        Some(problem(
            "RFC 9112 §5",
            "the field name is empty",
            whole,
            Some(BAD_REQUEST),
        ))
    } else if name.last().is_some_and(|b| *b == b' ' || *b == b'\t') {
        Some(problem(
            "RFC 9112 §5.1",
            "whitespace between the field name and the colon",
            name_at,
            Some(BAD_REQUEST),
        ))
    } else if !name.iter().all(|b| is_tchar(*b)) {
        Some(problem(
            "RFC 9110 §5.1",
            "the field name has a character that is not a token character",
            name_at,
            Some(BAD_REQUEST),
        ))
    } else {
        None
    };
    children.push(Field::new(
        "Name",
        name_at,
        Raw::Bytes(name.clone()),
        name_text.clone(),
        "The field name, case-insensitive (RFC 9110 §5.1).",
    ));
    children.push(Field::new(
        "Colon",
        BitRange::bytes(parts.colon, 1),
        Raw::Bytes(vec![b':']),
        "':' (3a)",
        "Ends the name; optional whitespace may follow.",
    ));
    if !parts.leading_ows.is_empty() {
        let lead = parts.leading_ows.len();
        children.push(Field::new(
            "OWS",
            BitRange::bytes(parts.leading_ows.start, lead),
            Raw::Bytes(bytes_at(d, parts.leading_ows.clone())),
            plural(lead, "space"),
            "Optional whitespace, not part of the value.",
        ));
    }
    children.push(Field::new(
        "Value",
        BitRange::bytes(parts.value.start, value.len()),
        Raw::Bytes(value.clone()),
        text(&value),
        meaning.unwrap_or("The field value."),
    ));
    children.extend(ending_field(line));
    let mut f = Field::new(
        format!("{name_text} header"),
        at,
        raw,
        format!("{name_text}: {}", text(&value)),
        meaning.unwrap_or("A header field this dissector has no sentence for."),
    )
    .with_children(children);
    if let Some(p) = problem_here {
        f = f.with_problem(p);
    }
    d.push(f);
    Some(name_text)
}
