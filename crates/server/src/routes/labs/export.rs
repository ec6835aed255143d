//! `GET /api/lab/{lab}/{id}/export?format=…`: a session for other tools and for later.
//!
//! - `json`: the events as the inspector stream sent them, in the capture format the lab
//!   page exports and imports (`{"format": "wiretrail-lab-capture", "version": 1, "events":
//!   […]}`), so a file from here opens on the page;
//! - `md`: a lab report in Markdown: the connections with their ports, then every event
//!   with its time, and each frame's bytes in hex;
//! - `pcap`: the connections' real bytes as a libpcap file ([`crate::labs::recording`],
//!   the `pcap` crate): Wireshark and `tshark -d tcp.port==PORT,http` (or `,http2`)
//!   dissect the handshake and every frame;
//! - `har` (the WebSocket lab): HTTP Archive 1.2 with Chrome's `_webSocketMessages`, each
//!   data frame the page's socket sent or received ([`har`]).
//!
//! Every export is built from what the session keeps, so it is bounded by the session's
//! bounds (4 MiB of events, 8 MiB of recorded bytes).

pub mod har;
mod report;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::{Lab, session};
use crate::error::AppError;
use crate::labs::h2::session::H2Session;
use crate::labs::recording::Recording;
use crate::labs::ws::WsSession;
use crate::state::AppState;

/// The capture format the lab pages read (`static/lab/capture.js`).
pub const FORMAT: &str = "wiretrail-lab-capture";

/// A lab whose sessions export.
pub trait Export: Lab {
    /// The report's title.
    const TITLE: &'static str;
    /// The HTTP Archive of a session, for the labs that have one.
    fn har(_recording: &Recording) -> Option<Value> {
        None
    }
}

impl Export for WsSession {
    const TITLE: &'static str = "WebSocket lab report";
    fn har(recording: &Recording) -> Option<Value> {
        Some(har::har(recording))
    }
}

impl Export for H2Session {
    const TITLE: &'static str = "HTTP/2 lab report";
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    format: Option<String>,
}

/// `GET /api/lab/{lab}/{id}/export?format=json|md|pcap|har`
pub async fn export<L: Export>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let session = session::<L>(&state, &id)?;
    let shared = session.shared();
    let format = query.format.as_deref().unwrap_or("json");
    let name = |ext: &str| format!("attachment; filename=\"wiretrail-{}-{id}.{ext}\"", L::NAME);
    Ok(match format {
        "json" => {
            let events = shared.events();
            let events: Vec<_> = events.iter().map(|e| e.json()).collect();
            let recording = shared.recording();
            let body = json!({
                "format": FORMAT,
                "version": 1,
                "exported_at": iso8601(SystemTime::now()),
                "lab": L::NAME,
                "session": id,
                "recording": summary(&recording),
                "events": events.iter().map(|e| &**e).collect::<Vec<&RawValue>>(),
            });
            ([(header::CONTENT_DISPOSITION, name("json"))], Json(body)).into_response()
        }
        "md" => {
            let events = shared.events();
            let text = report::markdown(L::TITLE, &id, &events, &shared.recording());
            (
                [
                    (
                        header::CONTENT_TYPE,
                        "text/markdown; charset=utf-8".to_owned(),
                    ),
                    (header::CONTENT_DISPOSITION, name("md")),
                ],
                text,
            )
                .into_response()
        }
        "pcap" => {
            let file = shared.recording().pcap();
            (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/vnd.tcpdump.pcap".to_owned(),
                    ),
                    (header::CONTENT_DISPOSITION, name("pcap")),
                ],
                file,
            )
                .into_response()
        }
        "har" => match L::har(&shared.recording()) {
            Some(har) => ([(header::CONTENT_DISPOSITION, name("har"))], Json(har)).into_response(),
            None => return Err(bad_format(L::NAME, format)),
        },
        other => return Err(bad_format(L::NAME, other)),
    })
}

fn bad_format(lab: &str, format: &str) -> AppError {
    let formats = if lab == "ws" {
        "json, md, pcap or har"
    } else {
        "json, md or pcap"
    };
    AppError::BadRequest(format!(
        "{format:?} is not an export format of this lab: use {formats}"
    ))
}

/// What the JSON export says of the recorded bytes.
fn summary(recording: &Recording) -> Value {
    let conns: Vec<Value> = recording
        .conns
        .iter()
        .map(|c| {
            json!({
                "connection": c.n,
                "client": c.client.to_string(),
                "server": c.server.to_string(),
                "bytes_from_client": c.chunks.iter().filter(|k| k.from_client).map(|k| k.bytes.len()).sum::<usize>(),
                "bytes_from_server": c.chunks.iter().filter(|k| !k.from_client).map(|k| k.bytes.len()).sum::<usize>(),
                "closed": c.closed.is_some(),
            })
        })
        .collect();
    json!({ "connections": conns, "bytes": recording.bytes, "capped": recording.capped })
}

/// `time` as an RFC 3339 UTC timestamp with milliseconds (what HAR and the page write).
pub fn iso8601(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    iso8601_since_epoch(since)
}

/// [`iso8601`] of a time given as its distance from the Unix epoch.
pub fn iso8601_since_epoch(since: Duration) -> String {
    let secs = since.as_secs();
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    // Howard Hinnant's civil_from_days: days since 1970-01-01 to year, month, day.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60,
        since.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_rfc_3339() {
        assert_eq!(
            iso8601_since_epoch(Duration::ZERO),
            "1970-01-01T00:00:00.000Z"
        );
        assert_eq!(
            iso8601_since_epoch(Duration::from_millis(1_764_700_000_123)),
            "2025-12-02T18:26:40.123Z"
        );
        assert_eq!(
            iso8601_since_epoch(Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00.000Z"
        );
    }
}
