//! Incremental UTF-8 validation for Text messages (RFC 6455 §5.6, §8.1; RFC 3629 §3-4).
//!
//! A Text message's payload MUST be UTF-8 (RFC 6455 §5.6), and "when an endpoint is to
//! interpret a byte stream as UTF-8 but finds that the byte stream is not, in fact, a valid
//! UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_" (§8.1). The bytes come
//! in pieces, split anywhere — across frames, and inside one frame across TCP reads — so
//! the validator must judge a *prefix*: is there any continuation that makes it valid?
//!
//! RFC 3629 §4 gives the grammar; the second byte is where the tricky rules live:
//!
//! ```text
//!    UTF8-octets = *( UTF8-char )
//!    UTF8-char   = UTF8-1 / UTF8-2 / UTF8-3 / UTF8-4
//!    UTF8-1      = %x00-7F
//!    UTF8-2      = %xC2-DF UTF8-tail
//!    UTF8-3      = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) /
//!                  %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )
//!    UTF8-4      = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) /
//!                  %xF4 %x80-8F 2( UTF8-tail )
//!    UTF8-tail   = %x80-BF
//! ```
//!
//! `C0`/`C1` and `E0 80-9F` would be overlong encodings, `ED A0-BF` would be surrogates,
//! `F4 90-BF` and `F5-FF` would go past U+10FFFF.
//!
//! Walk-through: `std::str::from_utf8` already applies exactly this grammar, fast, and
//! its error says *why* it stopped: `error_len() == None` means "the input ended in the
//! middle of a character that could still be valid", `Some(_)` means "this can never be
//! valid". So [`Utf8Validator::feed`] runs `from_utf8` over the bulk of each piece and
//! carries only an incomplete trailing character (at most 3 bytes) to the next call. The
//! carried bytes are completed one byte at a time, so an impossible byte fails at once
//! (`F4 90` fails at the `90`, without waiting for the rest of the character).

/// The longest UTF-8 character is 4 bytes (RFC 3629 §3).
const MAX_CHAR_LEN: usize = 4;

/// The received bytes cannot be (the start of) valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid UTF-8 after {valid_up_to} valid bytes{}", if *.incomplete { " (incomplete character at the end)" } else { "" })]
pub struct Utf8Error {
    /// How many bytes (counted since the last reset) form a valid prefix.
    pub valid_up_to: usize,
    /// `true` when the input ended inside a character (reported by `finish`).
    pub incomplete: bool,
}

/// Validates UTF-8 fed in arbitrary pieces; keeps at most 3 bytes between calls.
#[derive(Debug, Clone, Default)]
pub struct Utf8Validator {
    /// The bytes of an incomplete trailing character.
    carry: [u8; MAX_CHAR_LEN],
    carry_len: usize,
    /// Bytes accepted so far (complete characters), for error positions.
    valid: usize,
}

impl Utf8Validator {
    /// A validator at the start of a text.
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates the next piece. Fails as soon as the bytes seen so far cannot begin a
    /// valid UTF-8 text.
    pub fn feed(&mut self, mut bytes: &[u8]) -> Result<(), Utf8Error> {
        // 1. Complete a character carried over from the last call, one byte at a time.
        while self.carry_len > 0 {
            let Some((&b, rest)) = bytes.split_first() else {
                return Ok(());
            };
            bytes = rest;
            if let Some(slot) = self.carry.get_mut(self.carry_len) {
                *slot = b;
            }
            self.carry_len += 1;
            match std::str::from_utf8(self.carry.get(..self.carry_len).unwrap_or_default()) {
                Ok(_) => {
                    self.valid += self.carry_len;
                    self.carry_len = 0;
                }
                Err(e) if e.error_len().is_none() && self.carry_len < MAX_CHAR_LEN => {}
                Err(_) => return Err(self.error(false)),
            }
        }
        // 2. The bulk, at std's speed.
        match std::str::from_utf8(bytes) {
            Ok(_) => {
                self.valid += bytes.len();
                Ok(())
            }
            Err(e) => {
                self.valid += e.valid_up_to();
                if e.error_len().is_some() {
                    return Err(self.error(false));
                }
                // Input ended inside a character that may still turn out valid: carry it.
                let tail = bytes.get(e.valid_up_to()..).unwrap_or_default();
                self.carry_len = tail.len().min(MAX_CHAR_LEN);
                for (slot, &b) in self.carry.iter_mut().zip(tail) {
                    *slot = b;
                }
                Ok(())
            }
        }
    }

    /// The text is over: an incomplete character at the end is an error.
    pub fn finish(&self) -> Result<(), Utf8Error> {
        if self.carry_len > 0 {
            Err(self.error(true))
        } else {
            Ok(())
        }
    }

    /// Forgets everything; ready for a new text.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Is an incomplete character being carried?
    pub fn is_mid_char(&self) -> bool {
        self.carry_len > 0
    }

    fn error(&self, incomplete: bool) -> Utf8Error {
        Utf8Error {
            valid_up_to: self.valid,
            incomplete,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `bytes` whole, one byte at a time, and in pieces of 2 and 3; all must agree.
    /// Returns `Ok(())` when the text is valid and finished, or the first error.
    fn check(bytes: &[u8]) -> Result<(), Utf8Error> {
        let mut results = Vec::new();
        for piece in [bytes.len().max(1), 1, 2, 3] {
            let mut v = Utf8Validator::new();
            let r = bytes
                .chunks(piece)
                .try_for_each(|c| v.feed(c))
                .and_then(|()| v.finish());
            results.push(r);
        }
        assert!(results.windows(2).all(|w| w[0] == w[1]), "{results:?}");
        // The verdict must match std's.
        assert_eq!(results[0].is_ok(), std::str::from_utf8(bytes).is_ok());
        results[0]
    }

    #[test]
    fn valid_texts() {
        for s in [
            "",
            "Hello",
            "κόσμε",
            "€",
            "𝄞 music",
            "\u{10FFFF}",
            "\u{D7FF}\u{E000}",
        ] {
            assert_eq!(check(s.as_bytes()), Ok(()), "{s}");
        }
    }

    #[test]
    fn overlong_encodings() {
        for bad in [
            &[0xC0, 0xAF][..],
            &[0xC1, 0xBF],
            &[0xE0, 0x80, 0xAF],
            &[0xF0, 0x80, 0x80, 0xAF],
        ] {
            let e = check(bad).unwrap_err();
            assert_eq!(e.valid_up_to, 0);
            assert!(!e.incomplete);
        }
    }

    #[test]
    fn surrogates() {
        let e = check(&[b'a', 0xED, 0xA0, 0x80]).unwrap_err();
        assert_eq!(e.valid_up_to, 1);
        assert!(check(&[0xED, 0xBF, 0xBF]).is_err());
        assert_eq!(check(&[0xED, 0x9F, 0xBF]), Ok(()));
    }

    #[test]
    fn beyond_u10ffff() {
        assert!(check(&[0xF4, 0x90, 0x80, 0x80]).is_err());
        assert!(check(&[0xF5, 0x80, 0x80, 0x80]).is_err());
        assert!(check(&[0xFF]).is_err());
    }

    #[test]
    fn fails_fast_mid_character() {
        // F4 90 can never be valid: the error comes at the 0x90, before any more bytes.
        let mut v = Utf8Validator::new();
        v.feed(b"ok").unwrap();
        v.feed(&[0xF4]).unwrap();
        assert!(v.is_mid_char());
        let e = v.feed(&[0x90]).unwrap_err();
        assert_eq!(e.valid_up_to, 2);
        // Same when both arrive together.
        let mut v = Utf8Validator::new();
        assert!(v.feed(&[0xF4, 0x90]).is_err());
    }

    #[test]
    fn incomplete_at_the_end() {
        let e = check(&[b'a', 0xE2, 0x82]).unwrap_err();
        assert_eq!(
            e,
            Utf8Error {
                valid_up_to: 1,
                incomplete: true
            }
        );
    }

    #[test]
    fn reset_forgets_the_carry() {
        let mut v = Utf8Validator::new();
        v.feed(&[0xE2]).unwrap();
        v.reset();
        assert_eq!(v.finish(), Ok(()));
    }

    #[test]
    fn every_two_byte_prefix_agrees_with_std() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let bytes = [a, b, 0x80, 0x80];
                let mut v = Utf8Validator::new();
                let ours = v.feed(&bytes[..1]).and_then(|()| v.feed(&bytes[1..]));
                let ours = ours.and_then(|()| v.finish());
                assert_eq!(
                    ours.is_ok(),
                    std::str::from_utf8(&bytes).is_ok(),
                    "{a:x} {b:x}"
                );
            }
        }
    }
}
