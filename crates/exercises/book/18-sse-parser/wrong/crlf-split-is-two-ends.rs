//! Wrong on purpose: forgets a CR that ended the previous piece, so when its LF comes first in
//! the next piece, it reads a second, empty line and dispatches too early. A CRLF is one line
//! end even when a read splits it.

fn take_line(pending: &mut String, after_cr: &mut bool) -> Option<String> {
    *after_cr = false;
    let end = pending.find(['\r', '\n'])?;
    let line: String = pending.drain(..end).collect();
    let skip = if pending.starts_with("\r\n") { 2 } else { 1 };
    pending.drain(..skip);
    Some(line)
}
