//! Exercise 15: TCP sequence numbers, a step at a time (RFC 9293 §3.4).
//!
//! Read TASK.md first; check with `wiretrail exercises check 15-tcp-sequence`.

/// SEG.LEN: how many sequence numbers a segment occupies — its data, and one each for a SYN
/// and a FIN.
pub fn seg_len(syn: bool, fin: bool, data_len: u32) -> u32 {
    // TODO
    let _ = (syn, fin, data_len); // delete this line once you use the arguments
    todo!("count the SYN and the FIN")
}

/// The sequence number of the segment after this one: SEG.SEQ + SEG.LEN, modulo 2^32.
pub fn next_seq(seq: u32, syn: bool, fin: bool, data_len: u32) -> u32 {
    // TODO: seg_len, added modulo 2^32.
    todo!("{seq} + SEG.LEN (SYN {syn}, FIN {fin}, {data_len} bytes), modulo 2^32")
}

/// Whether `a` comes before `b` in sequence space (modulo 2^32).
pub fn seq_lt(a: u32, b: u32) -> bool {
    // TODO: not `a < b`: 4294967295 comes before 3.
    let _ = (a, b); // delete this line once you use the arguments
    todo!("before, modulo 2^32")
}

/// `a` before or equal to `b`.
pub fn seq_le(a: u32, b: u32) -> bool {
    // TODO: seq_lt, or equal.
    todo!("{a} before or equal to {b}")
}

/// §3.4: SND.UNA < SEG.ACK =< SND.NXT.
pub fn acceptable_ack(snd_una: u32, seg_ack: u32, snd_nxt: u32) -> bool {
    // TODO: with seq_lt and seq_le, never `<`.
    todo!("{snd_una} < {seg_ack} =< {snd_nxt}?")
}

/// §3.4: whether a segment of `seg_len` numbers starting at `seg_seq` falls in the receive
/// window (RCV.NXT, RCV.WND), by the table's four cases.
pub fn acceptable_segment(rcv_nxt: u32, rcv_wnd: u32, seg_seq: u32, seg_len: u32) -> bool {
    // TODO: match on (seg_len, rcv_wnd) being zero or not.
    let _ = (rcv_nxt, rcv_wnd, seg_seq, seg_len); // delete this line once you use the arguments
    todo!("the four cases")
}
