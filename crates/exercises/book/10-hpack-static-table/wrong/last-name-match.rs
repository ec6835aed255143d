//! Wrong on purpose: remembers the *last* entry whose name matches, not the first (lowest
//! index). Any matching index decodes right, but the encoder is asked for the lowest one:
//! `:status: 418` names index 8, not 14.

pub fn find(name: &str, value: &str) -> Match {
    let mut best = Match::None;
    for (i, (n, v)) in STATIC_TABLE.iter().enumerate().filter(|(_, (n, _))| *n == name) {
        if *v == value {
            return Match::Full(i + 1);
        }
        let _ = n;
        best = Match::Name(i + 1);
    }
    best
}
