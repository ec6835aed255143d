//! A whole HTTP/2 frame as the page sees it: its dissection, its stream, whether only an
//! excerpt was kept, and, after a field block (HEADERS, CONTINUATION, PUSH_PROMISE), the
//! sender's HPACK dynamic table and what the block added and evicted (RFC 7541 §4.4: new
//! entries go in front, evictions come off the back).

use http2::dissect::Dissector;
use http2::frame::FrameType;
use http2::hpack::HeaderField;
use http2::observe::Frame;

use crate::labs::event::{Excerpt, HpackTable, LabEvent, Side, TableEntry};

/// The event of a whole frame of connection `n`, dissected once with its direction's
/// `dissector`, and the `:path` it requested (a client's HEADERS).
pub(super) fn frame_event(
    dissector: &mut Dissector,
    n: u32,
    from_client: bool,
    frame: &Frame,
) -> (LabEvent, Option<String>) {
    let kind = frame.header.frame_type;
    let field_block = matches!(
        kind,
        FrameType::Headers | FrameType::Continuation | FrameType::PushPromise
    );
    // The table is copied only around a field block, the one kind of frame that changes it.
    let before: Vec<HeaderField> = if field_block {
        dissector.decoder().table().iter().cloned().collect()
    } else {
        Vec::new()
    };
    // One frame in, one dissection out (a HEADERS without END_HEADERS is still one).
    let dissection = dissector.frames(&frame.kept).into_iter().next();
    let truncated = (!frame.is_whole()).then(|| Excerpt {
        shown: frame.kept_payload().len() as u64,
        total: frame.payload_len(),
    });
    let path = (from_client && kind == FrameType::Headers)
        .then(|| find_path(dissection.as_ref()))
        .flatten();
    let hpack = field_block.then(|| {
        let table = dissector.decoder().table();
        let after: Vec<HeaderField> = table.iter().cloned().collect();
        let kept = kept_of(&before, &after);
        HpackTable {
            hpack_table: after
                .iter()
                .enumerate()
                .map(|(i, f)| entry(Some(62 + i), f))
                .collect(),
            hpack_table_size: table.size(),
            hpack_table_max: table.max_size(),
            hpack_evicted: before[kept..].iter().map(|f| entry(None, f)).collect(),
            hpack_added: after.len() - kept,
        }
    });
    let event = LabEvent::H2Frame {
        connection: n,
        direction: Side::from_client(from_client),
        stream_id: frame.header.stream_id,
        frame_type: kind.name(),
        length: frame.header.length as usize,
        dissection,
        truncated,
        hpack,
    };
    (event, path)
}

/// How many of the table's old entries (newest first) are still there: the new table ends
/// with that many of them (new entries go in front, evictions come off the back, §4.4).
fn kept_of(before: &[HeaderField], after: &[HeaderField]) -> usize {
    (0..=before.len().min(after.len()))
        .rev()
        .find(|&m| after[after.len() - m..] == before[..m])
        .unwrap_or(0)
}

fn entry(index: Option<usize>, f: &HeaderField) -> TableEntry {
    TableEntry {
        index,
        name: text(&f.name),
        value: text(&f.value),
        size: f.size(),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `:path` a HEADERS dissection decoded: the value of a representation in its field
/// block (`:path: /x`).
fn find_path(d: Option<&wire::Dissection>) -> Option<String> {
    d?.fields
        .iter()
        .flat_map(|f| f.children.iter())
        .find_map(|c| c.value.strip_prefix(":path: "))
        .map(|p| p.chars().take(200).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evictions_are_the_old_entries_gone_from_the_back() {
        let f = |s: &str| HeaderField::new(s, "v");
        assert_eq!(kept_of(&[f("b"), f("a")], &[f("c"), f("b"), f("a")]), 2);
        assert_eq!(kept_of(&[f("b"), f("a")], &[f("c"), f("b")]), 1);
        assert_eq!(kept_of(&[], &[f("c")]), 0);
    }
}
