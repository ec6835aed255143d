//! Output budgets: how much one call of a dissector may say.
//!
//! A dissector's output is larger than its input — every field carries a name, a decoded
//! value and a sentence of meaning, and every frame a copy of its bytes — so a run of many
//! tiny frames (`8100` repeated: 2 bytes each) becomes hundreds of bytes of explanation per
//! input byte. Whoever asks for a dissection on behalf of someone else (the server's dissect
//! API and cells, the command line) passes a [`Budget`]: the most frames (dissections),
//! fields and bytes of text one call may produce. Past it the dissector stops at the next
//! unit boundary and ends its output with [`Budget::stopped`]: one last dissection whose
//! [`Problem`] says "stopped after N frames" and how many bytes were left — so the
//! invariant "a dissector never fails" holds, and the output stays bounded whatever the
//! input.
//!
//! The byte count is [`Dissection::text_bytes`]: the text a renderer writes out (names,
//! values, meanings, summaries, problems, and the bytes as hex), a little less than the
//! JSON, which adds keys and quotes.

use crate::{BitRange, Dissection, Field, Problem, Raw};

/// What a budget's stop cites as its rule.
pub const RULE: &str = "wiretrail's output budget";

/// The most frames, fields and bytes of text one call may produce, and how much is spent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    frames: usize,
    fields: usize,
    bytes: usize,
    spent_frames: usize,
    spent_fields: usize,
    spent_bytes: usize,
}

impl Budget {
    /// A budget of `frames` dissections, `fields` fields and `bytes` of text.
    pub const fn new(frames: usize, fields: usize, bytes: usize) -> Budget {
        Budget {
            frames,
            fields,
            bytes,
            spent_frames: 0,
            spent_fields: 0,
            spent_bytes: 0,
        }
    }

    /// What one request to the server's dissect API or one cell may produce: 512 frames,
    /// 20,000 fields, 2 MiB of text (a few MiB of JSON).
    pub const fn api() -> Budget {
        Budget::new(512, 20_000, 2 * 1024 * 1024)
    }

    /// What one `wiretrail dissect` may print: 20,000 frames, 1,000,000 fields, 64 MiB.
    pub const fn cli() -> Budget {
        Budget::new(20_000, 1_000_000, 64 * 1024 * 1024)
    }

    /// No bound (the protocol crates' own callers, whose inputs are bounded already).
    pub const fn unlimited() -> Budget {
        Budget::new(usize::MAX, usize::MAX, usize::MAX)
    }

    /// True when nothing more may be produced.
    pub fn is_spent(&self) -> bool {
        self.spent_frames >= self.frames
            || self.spent_fields >= self.fields
            || self.spent_bytes >= self.bytes
    }

    /// Fields still allowed (for a dissector that stops inside one unit, as a header block
    /// does between representations).
    pub fn fields_left(&self) -> usize {
        self.fields.saturating_sub(self.spent_fields)
    }

    /// Bytes of text still allowed.
    pub fn bytes_left(&self) -> usize {
        self.bytes.saturating_sub(self.spent_bytes)
    }

    /// Counts a dissection that was produced.
    pub fn charge(&mut self, d: &Dissection) {
        self.spent_frames = self.spent_frames.saturating_add(1);
        self.spent_fields = self
            .spent_fields
            .saturating_add(d.fields.iter().map(Field::count).sum());
        self.spent_bytes = self.spent_bytes.saturating_add(d.text_bytes());
    }

    /// Frames produced so far.
    pub fn frames_spent(&self) -> usize {
        self.spent_frames
    }

    /// The problem of a dissection cut short at `at`, with `left` bytes not dissected.
    pub fn problem(&self, unit: &str, left: usize, at: BitRange) -> Problem {
        Problem {
            rule: RULE.to_string(),
            message: format!(
                "stopped after {} {unit}: one call produces at most {} {unit}, {} fields and {} \
                 bytes of text; {left} input bytes are not dissected",
                self.spent_frames, self.frames, self.fields, self.bytes
            ),
            at,
            answer: None,
        }
    }

    /// The dissection that ends a cut-short run: no bytes of its own, one problem saying
    /// where the run stopped and how many bytes were left (`left`), in `unit`s ("frames").
    pub fn stopped(&self, protocol: &str, unit: &str, left: usize) -> Dissection {
        let mut d = Dissection::new(
            protocol,
            format!(
                "Stopped after {} {unit}: {left} more bytes not dissected",
                self.spent_frames
            ),
            Vec::new(),
        );
        d.problem(self.problem(unit, left, BitRange::bits(0, 0)));
        d
    }
}

impl Dissection {
    /// The text its renderers write out: the summary, the bytes as hex, every field's name,
    /// value, meaning and raw bytes (as hex), and every problem — what a [`Budget`] counts.
    pub fn text_bytes(&self) -> usize {
        let problems: usize = self.problems.iter().map(problem_bytes).sum();
        let fields: usize = self.fields.iter().map(field_bytes).sum();
        self.protocol.len() + self.summary.len() + 2 * self.bytes.len() + fields + problems
    }
}

fn field_bytes(f: &Field) -> usize {
    let raw = match &f.raw {
        Raw::Bytes(b) => 2 * b.len(),
        Raw::Uint(_) => 20,
        Raw::None => 0,
    };
    let own = f.name.len() + f.value.len() + f.meaning.len() + raw;
    let problem = f.problem.as_ref().map_or(0, problem_bytes);
    own + problem + f.children.iter().map(field_bytes).sum::<usize>()
}

fn problem_bytes(p: &Problem) -> usize {
    p.rule.len() + p.message.len() + p.answer.as_ref().map_or(0, String::len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Dissection {
        let mut d = Dissection::new("P", "a frame", vec![1, 2]);
        d.push(Field::new(
            "F",
            BitRange::bytes(0, 2),
            Raw::Bytes(vec![1, 2]),
            "v",
            "m",
        ));
        d
    }

    #[test]
    fn a_budget_is_spent_by_frames_fields_or_bytes() {
        let one = frame();
        assert_eq!(one.text_bytes(), 1 + 7 + 4 + (1 + 1 + 1 + 4));
        for mut b in [
            Budget::new(2, 100, 1000),
            Budget::new(100, 2, 1000),
            Budget::new(100, 100, 2 * one.text_bytes()),
        ] {
            b.charge(&one);
            assert!(!b.is_spent(), "{b:?}");
            b.charge(&one);
            assert!(b.is_spent(), "{b:?}");
        }
        let mut b = Budget::unlimited();
        b.charge(&one);
        assert!(!b.is_spent() && b.frames_spent() == 1);
    }

    #[test]
    fn the_stop_is_a_dissection_with_one_problem_and_no_bytes() {
        let mut b = Budget::new(1, 10, 10_000);
        b.charge(&frame());
        let d = b.stopped("P", "frames", 40);
        assert!(d.bytes.is_empty() && d.fields.is_empty());
        assert_eq!(d.problems.len(), 1);
        assert_eq!(d.problems[0].rule, RULE);
        assert!(
            d.problems[0].message.starts_with("stopped after 1 frames")
                && d.problems[0].message.contains("40 input bytes"),
            "{}",
            d.problems[0].message
        );
        assert!(d.field_past_the_end().is_none());
    }
}
