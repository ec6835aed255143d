//! Quizzes, in the mdbook-quiz TOML schema so they stay portable:
//!
//! ```toml
//! [[questions]]
//! type = "MultipleChoice"          # or "ShortAnswer"
//! prompt.prompt = "Which bit …?"   # Markdown
//! prompt.distractors = ["…", "…"]  # MultipleChoice only
//! answer.answer = "…"              # a string (or a list, for several right answers)
//! context = "Why …"                # Markdown: the explanation shown after answering
//! ```
//!
//! The app renders each quiz as a form: the choices (the answer placed among the distractors
//! at a position fixed by the prompt, so it doesn't move between visits), a Check button, and
//! the explanation, revealed once answered. The page's script checks answers and remembers
//! them in the browser.

use serde::Deserialize;

use crate::markdown::attr_escape;

/// A quiz file.
#[derive(Debug, Clone, Deserialize)]
pub struct Quiz {
    pub questions: Vec<Question>,
}

/// One question.
#[derive(Debug, Clone, Deserialize)]
pub struct Question {
    #[serde(rename = "type")]
    pub kind: String,
    pub prompt: Prompt,
    pub answer: Answer,
    #[serde(default)]
    pub context: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Prompt {
    pub prompt: String,
    #[serde(default)]
    pub distractors: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Answer {
    pub answer: AnswerValue,
}

/// One right answer, or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    One(String),
    Many(Vec<String>),
}

impl Question {
    /// A MultipleChoice question's choices in the order the page shows them: the right
    /// answer(s) placed among the distractors at a position fixed by the prompt (so it doesn't
    /// move between visits), each with whether it is right. Empty for a ShortAnswer.
    pub fn choices(&self) -> Vec<(&str, bool)> {
        if self.kind != "MultipleChoice" {
            return Vec::new();
        }
        let mut choices: Vec<(&str, bool)> = self
            .prompt
            .distractors
            .iter()
            .map(|d| (d.as_str(), false))
            .collect();
        for a in self.answer.answer.all() {
            let at = (stable_hash(&self.prompt.prompt) as usize) % (choices.len() + 1);
            choices.insert(at, (a, true));
        }
        choices
    }
}

impl AnswerValue {
    fn all(&self) -> Vec<&str> {
        match self {
            AnswerValue::One(a) => vec![a.as_str()],
            AnswerValue::Many(a) => a.iter().map(String::as_str).collect(),
        }
    }
}

/// Why a quiz file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizError(pub String);

impl std::fmt::Display for QuizError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a quiz file, checking what the renderer relies on.
pub fn parse(source: &str) -> Result<Quiz, QuizError> {
    let quiz: Quiz = toml::from_str(source).map_err(|e| QuizError(e.to_string()))?;
    for (i, q) in quiz.questions.iter().enumerate() {
        match q.kind.as_str() {
            "MultipleChoice" if q.prompt.distractors.is_empty() => {
                return Err(QuizError(format!(
                    "question {}: a MultipleChoice needs distractors",
                    i + 1
                )));
            }
            "MultipleChoice" | "ShortAnswer" => {}
            other => {
                return Err(QuizError(format!(
                    "question {}: unknown type {other:?}",
                    i + 1
                )));
            }
        }
        if q.context.trim().is_empty() {
            return Err(QuizError(format!(
                "question {}: every answer needs an explanation (context)",
                i + 1
            )));
        }
    }
    Ok(quiz)
}

/// Markdown inside a quiz (prompts, choices, explanations) as HTML.
fn inline(md: &str) -> String {
    crate::markdown::render(md, |_| None).html
}

/// A stable small number from text (FNV-1a), to place the answer among the distractors.
fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The quiz's own words that carry a value (a count, the answers), in one language; the
/// labels without one (Check, Choices) are translated with the page's other chrome.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// The line above the questions, given their number.
    pub title: fn(usize) -> String,
    /// The label of a short answer's text box.
    pub your_answer: &'static str,
    /// Before the right answer(s), once the learner has checked.
    pub answer: &'static str,
}

impl Words {
    pub const ENGLISH: Words = Words {
        title: |n| format!("Quiz: {n} questions. Your answers stay in this browser."),
        your_answer: "Your answer",
        answer: "Answer:",
    };

    pub const KOREAN: Words = Words {
        title: |n| format!("퀴즈: 문제 {n}개. 답은 이 브라우저에만 남는다."),
        your_answer: "답",
        answer: "정답:",
    };

    /// The words for a BCP 47 language tag (English for any other).
    pub fn for_lang(lang: &str) -> Words {
        if lang == "ko" || lang.starts_with("ko-") {
            Words::KOREAN
        } else {
            Words::ENGLISH
        }
    }
}

/// The quiz as HTML. `id` names it for the browser's memory (e.g. `08-websocket/quiz.toml`).
pub fn render(quiz: &Quiz, id: &str) -> String {
    render_in(quiz, id, Words::ENGLISH)
}

/// The quiz as HTML with `words` in the page's language.
pub fn render_in(quiz: &Quiz, id: &str, words: Words) -> String {
    let mut html = format!(
        "<section class=\"quiz\" data-quiz-id=\"{}\" aria-label=\"Quiz\">\n<p class=\"quiz-title\">{}</p>\n<ol class=\"quiz-questions\">\n",
        attr_escape(id),
        (words.title)(quiz.questions.len())
    );
    for (n, q) in quiz.questions.iter().enumerate() {
        let answers = q.answer.answer.all();
        html.push_str(&format!(
            "<li class=\"quiz-question\" data-kind=\"{}\" data-n=\"{n}\">\n<div class=\"quiz-prompt\">{}</div>\n",
            attr_escape(&q.kind),
            inline(&q.prompt.prompt)
        ));
        html.push_str("<form class=\"quiz-form\">\n");
        if q.kind == "MultipleChoice" {
            let choices = q.choices();
            html.push_str("<fieldset><legend class=\"visually-hidden\">Choices</legend>\n");
            for (c, (text, right)) in choices.iter().enumerate() {
                html.push_str(&format!(
                    "<label class=\"quiz-choice\"><input type=\"{}\" name=\"q{n}\" value=\"{c}\" data-right=\"{}\"> <span>{}</span></label>\n",
                    if answers.len() > 1 { "checkbox" } else { "radio" },
                    right,
                    inline(text).trim().trim_start_matches("<p>").trim_end_matches("</p>")
                ));
            }
            html.push_str("</fieldset>\n");
        } else {
            let accepted: Vec<String> = answers.iter().map(|a| a.trim().to_lowercase()).collect();
            html.push_str(&format!(
                "<label>{} <input type=\"text\" name=\"q{n}\" autocomplete=\"off\" data-accept=\"{}\"></label>\n",
                words.your_answer,
                attr_escape(&accepted.join("\u{1f}"))
            ));
        }
        html.push_str("<button type=\"submit\">Check</button> <span class=\"quiz-verdict\" aria-live=\"polite\"></span>\n</form>\n");
        html.push_str(&format!(
            "<div class=\"quiz-context\" hidden><p class=\"quiz-answer\">{} {}</p>{}</div>\n</li>\n",
            words.answer,
            answers.iter().map(|a| crate::markdown::attr_escape(a)).collect::<Vec<_>>().join("; "),
            inline(&q.context)
        ));
    }
    html.push_str("</ol>\n</section>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIZ: &str = r#"
[[questions]]
type = "MultipleChoice"
prompt.prompt = "Which peer masks its frames?"
prompt.distractors = ["The server", "Both"]
answer.answer = "The client"
context = "RFC 6455 §5.3: the client masks every frame."

[[questions]]
type = "ShortAnswer"
prompt.prompt = "Which opcode is Close (decimal)?"
answer.answer = "8"
context = "RFC 6455 §5.2: `%x8` denotes a connection close."
"#;

    #[test]
    fn parses_and_renders() {
        let quiz = parse(QUIZ).unwrap();
        let html = render(&quiz, "08-websocket/quiz.toml");
        assert_eq!(html.matches("class=\"quiz-question\"").count(), 2);
        assert_eq!(html.matches("data-right=\"true\"").count(), 1);
        assert!(html.contains("data-accept=\"8\""));
        assert!(html.contains("<code>%x8</code>"));
    }

    #[test]
    fn its_own_words_follow_the_book_language() {
        let quiz = parse(QUIZ).unwrap();
        let ko = render_in(&quiz, "q.toml", Words::for_lang("ko"));
        assert!(
            ko.contains("<p class=\"quiz-title\">퀴즈: 문제 2개."),
            "{ko}"
        );
        assert!(ko.contains("<label>답 <input"), "{ko}");
        assert!(
            ko.contains("<p class=\"quiz-answer\">정답: The client</p>"),
            "{ko}"
        );
        assert!(!ko.contains("Your answer"));
        assert_eq!(
            render(&quiz, "q.toml"),
            render_in(&quiz, "q.toml", Words::for_lang("en"))
        );
    }

    #[test]
    fn refuses_what_it_cannot_render() {
        assert!(parse("[[questions]]\ntype = \"Tracing\"\nprompt.prompt = \"x\"\nanswer.answer = \"y\"\ncontext = \"z\"\n").is_err());
        assert!(parse("[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"x\"\nanswer.answer = \"y\"\ncontext = \"z\"\n").is_err());
        assert!(parse("[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"x\"\nanswer.answer = \"y\"\n").is_err());
        assert!(parse("not toml [").is_err());
    }
}
