//! The live question: the teacher asks the room one of the chapters' quiz questions, every
//! student answers from their room page, the teacher watches the answers' distribution grow
//! and then closes the question and reveals the answer.
//!
//! ```text
//!   teacher ── start(chapter, n) ──▶ Poll ──▶ {"type":"question", …} to every room
//!   student ── answer(client, id, choice) ──▶ Poll   (one per client; changeable while open)
//!   teacher ── close ──▶ no more answers        reveal ──▶ the right choice(s) and the counts
//! ```
//!
//! The questions are the book's own: a chapter's `quiz.toml`, read with the `book` crate's
//! quiz module, so the live question and the chapter's quiz show the same choices in the same
//! order ([`book::quiz::Question::choices`]). Only MultipleChoice questions can be asked live.
//!
//! Bounds: one live question at a time (starting another replaces it), at most
//! [`MAX_CHOICES`] choices, [`MAX_ANSWERS`] answering clients, one answer per client (a
//! second answer replaces the first while the question is open). The distribution is
//! anonymous: only counts leave this module, never who chose what.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;

/// The most choices a live question may have.
pub const MAX_CHOICES: usize = 8;
/// The most clients whose answer is counted.
pub const MAX_ANSWERS: usize = 1024;
/// The longest prompt, choice or explanation kept, in characters.
pub const MAX_TEXT: usize = 2000;

/// What the teacher asks: one quiz question, already read.
#[derive(Debug, Clone)]
pub struct Asked {
    /// Where it comes from, e.g. `08-websocket/quiz.toml` question 3 (1-based).
    pub source: String,
    pub prompt: String,
    pub choices: Vec<String>,
    /// The indexes of the right choices.
    pub right: Vec<usize>,
    /// The quiz's explanation, shown with the answer.
    pub context: String,
}

impl Asked {
    /// Question `n` (0-based) of a chapter's quiz, if it is a MultipleChoice one.
    pub fn from_quiz(quiz: &book::quiz::Quiz, source: &str, n: usize) -> Option<Asked> {
        let q = quiz.questions.get(n)?;
        let choices = q.choices();
        if choices.is_empty() {
            return None;
        }
        Some(Asked {
            source: format!("{source} question {}", n + 1),
            prompt: cut(&q.prompt.prompt),
            right: choices
                .iter()
                .enumerate()
                .filter(|(_, (_, right))| *right)
                .map(|(i, _)| i)
                .collect(),
            choices: choices
                .iter()
                .take(MAX_CHOICES)
                .map(|(c, _)| cut(c))
                .collect(),
            context: cut(&q.context),
        })
    }
}

fn cut(text: &str) -> String {
    text.chars().take(MAX_TEXT).collect()
}

/// Where a live question is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Taking answers.
    Open,
    /// No more answers; the answer not shown yet.
    Closed,
    /// Closed, and the answer shown.
    Revealed,
}

/// Why an answer was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("no question is being asked")]
    NoQuestion,
    #[error("that question is no longer the one being asked")]
    Stale,
    #[error("the teacher has closed this question")]
    Closed,
    #[error("there is no such choice")]
    BadChoice,
    #[error("the question has all the answers it can count ({MAX_ANSWERS})")]
    Full,
}

#[derive(Debug)]
struct Live {
    id: u64,
    asked: Asked,
    phase: Phase,
    /// One choice per client (the `wt_client` cookie), never shown.
    answers: HashMap<String, usize>,
}

impl Live {
    fn counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.asked.choices.len()];
        for &c in self.answers.values() {
            if let Some(n) = counts.get_mut(c) {
                *n += 1;
            }
        }
        counts
    }

    /// What a student's page is told: the question, and once revealed the answer and counts.
    fn envelope(&self) -> serde_json::Value {
        let mut e = serde_json::json!({
            "type": "question", "id": self.id, "source": self.asked.source,
            "prompt": self.asked.prompt, "choices": self.asked.choices, "phase": self.phase,
        });
        if self.phase == Phase::Revealed {
            e["right"] = serde_json::json!(self.asked.right);
            e["context"] = serde_json::json!(self.asked.context);
            e["counts"] = serde_json::json!(self.counts());
        }
        e
    }
}

/// The teacher's view of the live question.
#[derive(Debug, Clone, Serialize)]
pub struct Tally {
    pub id: u64,
    pub source: String,
    pub prompt: String,
    pub choices: Vec<String>,
    pub right: Vec<usize>,
    pub context: String,
    pub phase: Phase,
    /// How many clients chose each choice.
    pub counts: Vec<usize>,
    pub answered: usize,
}

/// The one live question (or none).
#[derive(Debug, Default)]
pub struct Poll {
    live: Mutex<Option<Live>>,
    next_id: Mutex<u64>,
}

impl Poll {
    /// Starts `asked` (replacing any question before it); returns the students' envelope.
    pub fn start(&self, asked: Asked) -> serde_json::Value {
        let id = match self.next_id.lock() {
            Ok(mut n) => {
                *n += 1;
                *n
            }
            Err(_) => 0,
        };
        let live = Live {
            id,
            asked,
            phase: Phase::Open,
            answers: HashMap::new(),
        };
        let envelope = live.envelope();
        if let Ok(mut slot) = self.live.lock() {
            *slot = Some(live);
        }
        envelope
    }

    /// Counts `client`'s answer to question `id` (replacing its earlier one).
    pub fn answer(&self, client: &str, id: u64, choice: usize) -> Result<(), AnswerError> {
        let mut slot = self.live.lock().map_err(|_| AnswerError::NoQuestion)?;
        let live = slot.as_mut().ok_or(AnswerError::NoQuestion)?;
        if live.id != id {
            return Err(AnswerError::Stale);
        }
        if live.phase != Phase::Open {
            return Err(AnswerError::Closed);
        }
        if choice >= live.asked.choices.len() {
            return Err(AnswerError::BadChoice);
        }
        if !live.answers.contains_key(client) && live.answers.len() >= MAX_ANSWERS {
            return Err(AnswerError::Full);
        }
        live.answers.insert(client.to_owned(), choice);
        Ok(())
    }

    /// Moves the live question to `phase` (never back to open); the students' envelope.
    pub fn advance(&self, phase: Phase) -> Option<serde_json::Value> {
        let mut slot = self.live.lock().ok()?;
        let live = slot.as_mut()?;
        if phase == Phase::Revealed || live.phase == Phase::Open {
            live.phase = phase;
        }
        Some(live.envelope())
    }

    /// What a student's page shows now (`None`: no question).
    pub fn envelope(&self) -> Option<serde_json::Value> {
        self.live.lock().ok()?.as_ref().map(Live::envelope)
    }

    /// `client`'s own answer to the live question, if it gave one.
    pub fn mine(&self, client: &str) -> Option<usize> {
        self.live
            .lock()
            .ok()?
            .as_ref()
            .and_then(|l| l.answers.get(client).copied())
    }

    /// The teacher's view: the question, its answer, and the anonymous counts.
    pub fn tally(&self) -> Option<Tally> {
        let slot = self.live.lock().ok()?;
        let live = slot.as_ref()?;
        Some(Tally {
            id: live.id,
            source: live.asked.source.clone(),
            prompt: live.asked.prompt.clone(),
            choices: live.asked.choices.clone(),
            right: live.asked.right.clone(),
            context: live.asked.context.clone(),
            phase: live.phase,
            counts: live.counts(),
            answered: live.answers.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked() -> Asked {
        let quiz = book::quiz::parse(
            r#"
[[questions]]
type = "MultipleChoice"
prompt.prompt = "Which peer masks its frames?"
prompt.distractors = ["The server", "Both"]
answer.answer = "The client"
context = "RFC 6455 §5.3."

[[questions]]
type = "ShortAnswer"
prompt.prompt = "Close's opcode?"
answer.answer = "8"
context = "§5.2"
"#,
        )
        .unwrap();
        assert!(
            Asked::from_quiz(&quiz, "q.toml", 1).is_none(),
            "no ShortAnswer live"
        );
        Asked::from_quiz(&quiz, "q.toml", 0).unwrap()
    }

    #[test]
    fn one_answer_per_client_changeable_until_closed() {
        let poll = Poll::default();
        let a = asked();
        let right = a.right[0];
        assert_eq!(a.choices[right], "The client");
        let e = poll.start(a);
        assert!(
            e.get("right").is_none(),
            "the answer is not sent before the reveal"
        );
        let id = e["id"].as_u64().unwrap();
        poll.answer("c1", id, 0).unwrap();
        poll.answer("c1", id, 1).unwrap();
        poll.answer("c2", id, 1).unwrap();
        assert_eq!(poll.answer("c3", id, 3), Err(AnswerError::BadChoice));
        assert_eq!(poll.answer("c3", id + 1, 0), Err(AnswerError::Stale));
        let t = poll.tally().unwrap();
        assert_eq!((t.answered, t.counts.clone()), (2, vec![0, 2, 0]));
        poll.advance(Phase::Closed);
        assert_eq!(poll.answer("c1", id, 2), Err(AnswerError::Closed));
        let shown = poll.advance(Phase::Revealed).unwrap();
        assert_eq!(shown["right"][0], right);
        assert_eq!(shown["counts"][1], 2);
        assert_eq!(poll.mine("c1"), Some(1));
    }

    #[test]
    fn answers_are_bounded() {
        let poll = Poll::default();
        let id = poll.start(asked())["id"].as_u64().unwrap();
        for i in 0..MAX_ANSWERS {
            poll.answer(&format!("c{i}"), id, 0).unwrap();
        }
        assert_eq!(poll.answer("one more", id, 0), Err(AnswerError::Full));
        assert_eq!(
            poll.answer("c0", id, 1),
            Ok(()),
            "a counted client may still change"
        );
    }
}
