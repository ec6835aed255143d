//! Deterministic noise for the tests that hold every dissector and parser to the invariant
//! above — broken bytes never make one fail, let alone panic — by feeding them bytes no
//! peer would send.
//!
//! [`Noise`] is xorshift64* (Marsaglia's xorshift, with Vigna's multiplicative scrambling
//! of the output): a few operations a number, good enough to pick bytes, lengths and
//! mutations, and seeded, so a failing input replays exactly. It is not for anything that
//! must be unpredictable (a WebSocket client's masking keys, a lab session's id).
//!
//! ```
//! use wire::noise::Noise;
//!
//! let mut noise = Noise::new(7);
//! let bytes = noise.bytes(40);
//! assert!(bytes.len() < 40);
//! assert_eq!(Noise::new(7).bytes(40), bytes, "the same seed, the same bytes");
//! ```

/// xorshift64*'s output multiplier.
const SCRAMBLE: u64 = 0x2545_f491_4f6c_dd1d;

/// A seeded xorshift64* generator (see the module docs).
#[derive(Debug, Clone)]
pub struct Noise(u64);

impl Noise {
    /// A generator with this seed (a zero seed, which xorshift would keep at zero forever,
    /// becomes the multiplier).
    pub fn new(seed: u64) -> Noise {
        Noise(if seed == 0 { SCRAMBLE } else { seed })
    }

    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(SCRAMBLE)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        match u64::try_from(n) {
            Ok(n) if n > 0 => usize::try_from(self.next_u64() % n).unwrap_or_default(),
            _ => 0,
        }
    }

    /// Fewer than `max_len` random bytes (none when `max_len` is 0).
    pub fn bytes(&mut self, max_len: usize) -> Vec<u8> {
        let len = self.below(max_len);
        (0..len).map(|_| self.next_u64() as u8).collect()
    }

    /// `bytes` with a few of them changed and the end cut off at random: the broken inputs
    /// that sit next to valid ones.
    pub fn mutate(&mut self, mut bytes: Vec<u8>) -> Vec<u8> {
        for _ in 0..self.below(4) {
            let at = self.below(bytes.len());
            if let Some(b) = bytes.get_mut(at) {
                *b ^= 1 << self.below(8);
            }
        }
        let keep = self.below(bytes.len() + 1);
        bytes.truncate(keep);
        bytes
    }
}
