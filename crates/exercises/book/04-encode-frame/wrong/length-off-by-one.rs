//! Wrong on purpose: sends a 125-byte payload with the 16-bit length form (`< 125` where the
//! 7-bit form holds 0 to 125). RFC 6455 §5.2: "the minimal number of bytes MUST be used".

pub fn encode_frame(fin: bool, opcode: u8, mask: Option<[u8; 4]>, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![u8::from(fin) << 7 | opcode & 0x0f];
    let m = if mask.is_some() { 0x80 } else { 0 };
    match payload.len() {
        n if n < 125 => out.push(m | n as u8),
        n if n <= 0xffff => {
            out.push(m | 126);
            out.extend((n as u16).to_be_bytes());
        }
        n => {
            out.push(m | 127);
            out.extend((n as u64).to_be_bytes());
        }
    }
    let key = mask.unwrap_or([0; 4]);
    out.extend(mask.iter().flatten());
    out.extend(payload.iter().zip(key.iter().cycle()).map(|(b, k)| b ^ k));
    out
}
