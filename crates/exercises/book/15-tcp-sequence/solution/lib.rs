//! Exercise 15, reference solution: TCP sequence numbers (RFC 9293 §3.4).

/// SEG.LEN: the data, and one each for a SYN and a FIN.
pub fn seg_len(syn: bool, fin: bool, data_len: u32) -> u32 {
    data_len + u32::from(syn) + u32::from(fin)
}

/// SEG.SEQ + SEG.LEN, modulo 2^32.
pub fn next_seq(seq: u32, syn: bool, fin: bool, data_len: u32) -> u32 {
    seq.wrapping_add(seg_len(syn, fin, data_len))
}

/// Whether `a` comes before `b` modulo 2^32: b is 1 to 2^31 - 1 ahead.
pub fn seq_lt(a: u32, b: u32) -> bool {
    let ahead = b.wrapping_sub(a);
    ahead != 0 && ahead < 1 << 31
}

/// `a` before or equal to `b`.
pub fn seq_le(a: u32, b: u32) -> bool {
    a == b || seq_lt(a, b)
}

/// §3.4: SND.UNA < SEG.ACK =< SND.NXT.
pub fn acceptable_ack(snd_una: u32, seg_ack: u32, snd_nxt: u32) -> bool {
    seq_lt(snd_una, seg_ack) && seq_le(seg_ack, snd_nxt)
}

/// §3.4's four cases for whether a segment falls in the receive window.
pub fn acceptable_segment(rcv_nxt: u32, rcv_wnd: u32, seg_seq: u32, seg_len: u32) -> bool {
    let end = rcv_nxt.wrapping_add(rcv_wnd);
    let in_window = |n: u32| seq_le(rcv_nxt, n) && seq_lt(n, end);
    match (seg_len, rcv_wnd) {
        (0, 0) => seg_seq == rcv_nxt,
        (0, _) => in_window(seg_seq),
        (_, 0) => false,
        (len, _) => in_window(seg_seq) || in_window(seg_seq.wrapping_add(len - 1)),
    }
}
