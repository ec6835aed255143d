//! `POST /api/dissect/{ws|h2|hpack}`: hex in the body, the dissection as JSON out — the same
//! dissectors as `wiretrail dissect`, for the browser pages.
//!
//! Within [`wire::Budget::api`]: 1 MiB of hex is half a MiB of bytes, which as 2-byte
//! frames would be 262,144 dissections (hundreds of MiB of JSON); past the budget the
//! answer ends with one dissection saying where it stopped, so a response is at most a few
//! MiB whatever the body.
//!
//! `?lang=ko` gives the explanations (summaries, meanings, problems, answers) in Korean
//! from `po/wire/ko.po`, as `wiretrail dissect --lang ko` does; any other value, or none,
//! the dissectors' English.

use axum::extract::{DefaultBodyLimit, Path, Query};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use wire::{Budget, Dissection};

use crate::error::AppError;
use crate::state::AppState;

/// The most hex a client may post: 1 MiB of text, half a MiB of bytes.
pub const MAX_HEX_BODY: usize = 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/dissect/{protocol}", post(dissect))
        .layer(DefaultBodyLimit::max(MAX_HEX_BODY))
}

/// The query: `?lang=ko` for Korean explanations.
#[derive(Debug, Default, Deserialize)]
struct Language {
    lang: Option<String>,
}

async fn dissect(
    Path(protocol): Path<String>,
    Query(language): Query<Language>,
    body: String,
) -> Result<Json<Vec<Dissection>>, AppError> {
    let bytes = wire::parse_hex(&body).map_err(AppError::BadHex)?;
    let budget = &mut Budget::api();
    let dissections = match protocol.as_str() {
        "ws" => websocket::dissect::frames_within(&bytes, None, budget),
        "h2" => http2::dissect::Dissector::new().frames_within(&bytes, budget),
        "hpack" => vec![http2::dissect::header_block_within(
            &bytes,
            &mut http2::hpack::Decoder::new(),
            budget,
        )],
        other => return Err(AppError::NoDissector(other.to_owned())),
    };
    let mut dissections = dissections;
    if language.lang.as_deref() == Some("ko") {
        let catalog = crate::i18n::wire::catalog();
        for d in &mut dissections {
            wire::i18n::translate_dissection(catalog, d);
        }
    }
    // Serialized straight from the dissections (as `wire::render::json` shows them), with
    // no `serde_json::Value` tree in between.
    Ok(Json(dissections))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(protocol: &str, lang: Option<&str>, hex: &str) -> Vec<Dissection> {
        let query = Language {
            lang: lang.map(str::to_owned),
        };
        let Ok(Json(out)) = dissect(Path(protocol.into()), Query(query), hex.into()).await else {
            panic!("{protocol} {hex} failed");
        };
        out
    }

    #[tokio::test]
    async fn lang_ko_translates_only_the_words() {
        let hex = "818537fa213d7f9f4d5158";
        let en = run("ws", None, hex).await;
        let ko = run("ws", Some("ko"), hex).await;
        assert_eq!(run("ws", Some("fr"), hex).await, en);
        let hangul = |s: &str| s.chars().any(|c| ('가'..='힣').contains(&c));
        assert!(
            !hangul(&en[0].summary) && hangul(&ko[0].summary),
            "{}",
            ko[0].summary
        );
        assert_eq!(ko[0].bytes, en[0].bytes);
        for (k, e) in ko[0].all_fields().into_iter().zip(en[0].all_fields()) {
            assert_eq!((&k.name, k.bits, &k.raw), (&e.name, e.bits, &e.raw));
            // A value changes only where it is words ("1 (final fragment)"); the payload's
            // text stays as sent.
            assert_eq!(
                k.value == e.value,
                !wire::i18n::is_worded_value(e),
                "{} / {}",
                e.value,
                k.value
            );
            assert!(hangul(&k.meaning), "{}", k.meaning);
        }
    }
}
