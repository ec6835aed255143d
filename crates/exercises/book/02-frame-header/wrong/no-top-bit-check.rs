//! Wrong on purpose: takes the 64-bit extended length as it comes. RFC 6455 §5.2: "the most
//! significant bit MUST be 0"; a length with it set is an error however many bytes follow.

fn extended_length(len7: u8, rest: &[u8]) -> Result<Option<(u64, usize)>, HeaderError> {
    let ext = match len7 {
        126 => 2,
        127 => 8,
        n => return Ok(Some((u64::from(n), 0))),
    };
    let be = |b: &[u8]| b.iter().fold(0u64, |n, x| n << 8 | u64::from(*x));
    Ok(rest.get(..ext).map(|b| (be(b), ext)))
}
