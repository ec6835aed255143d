//! Markdown written back from events for Korean text.
//!
//! mdbook-i18n-helpers writes every message with `_` for emphasis (its msgids, which must
//! stay as they are so the catalog matches its tools). In Korean a particle follows a word
//! with no space (`*해시*된다`), and `_` cannot close emphasis before a letter (CommonMark
//! §6.2, rule 4: a `_` run closes only if it is not followed by an alphanumeric, which
//! `된` is), so `_해시_된다` would come back as literal underscores. Translations and
//! translated pages are therefore written with `*`, which works inside words; everything
//! else is the helpers' `reconstruct_markdown` unchanged.

use mdbook_markdown::pulldown_cmark::Event;
use pulldown_cmark_to_cmark::{
    Error, Options, State, calculate_code_block_token_count, cmark_resume_with_options,
};

/// mdbook-i18n-helpers' `reconstruct_markdown`, with `*` for emphasis.
pub fn reconstruct<'a>(
    group: &[(usize, Event<'a>)],
    state: Option<State<'a>>,
) -> Result<(String, State<'a>), Error> {
    let events = group.iter().map(|(_, event)| event);
    let code_block_token_count = calculate_code_block_token_count(events.clone()).unwrap_or(3);
    let options = Options {
        code_block_token_count,
        list_token: '-',
        emphasis_token: '*',
        strong_token: "**",
        ..Options::default()
    };
    let new_state = cmark_resume_with_options(
        events.clone(),
        String::new(),
        state.clone(),
        options.clone(),
    )?;
    let simplified_state = state.map(|mut state| {
        state.newlines_before_start = 0;
        state.padding.clear();
        state
    });
    let mut markdown = String::new();
    cmark_resume_with_options(events, &mut markdown, simplified_state, options)?;
    Ok((String::from(markdown.trim_start_matches('\n')), new_state))
}

/// The messages of a translated document, cut as mdbook-i18n-helpers' `extract_messages`
/// cuts them, written with [`reconstruct`]: `(line, message)`.
pub fn messages(document: &str) -> Result<Vec<(usize, String)>, Error> {
    use mdbook_i18n_helpers::{Group, extract_events, group_events};
    let events = extract_events(document, None);
    let mut out = Vec::new();
    let mut state = None;
    for group in group_events(&events)? {
        match group {
            Group::Translate { events, .. } => {
                if let Some((line, _)) = events.first() {
                    let (text, next) = reconstruct(&events, state)?;
                    if !text.trim().is_empty() {
                        out.push((*line, text));
                    }
                    state = Some(next);
                }
            }
            Group::Skip(events) => {
                let (_, next) = reconstruct(&events, state)?;
                state = Some(next);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_inside_korean_words_survives() {
        let found = messages("키는 *해시*된다.\n\n**굵게**도.\n").unwrap();
        assert_eq!(
            found,
            [
                (1, "키는 *해시*된다.".to_owned()),
                (3, "**굵게**도.".to_owned())
            ]
        );
        assert_eq!(
            mdbook_i18n_helpers::extract_messages("키는 *해시*된다.").unwrap()[0]
                .1
                .message,
            "키는 _해시_된다.",
            "the helpers' own form, which would not parse back as emphasis"
        );
    }
}
