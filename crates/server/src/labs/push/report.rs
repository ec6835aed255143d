//! What a run measured, as the page and the headless API read it: per technique the
//! totals (the API's fields), each event's cost and latency, the request times, and the
//! first exchanges as `wire` dissections for the cards.
//!
//! Percentiles are nearest-rank: the p-th percentile of n latencies is the ⌈p·n/100⌉-th
//! smallest.

use serde::Serialize;
use serde_json::{Value, json};
use wire::{BitRange, Dissection, Field, Raw};

use super::Technique;
use super::measure::content::Kind;
use super::measure::{Costs, Record};
use super::session::{Run, Tally};
use crate::labs::event::Side;

/// A technique's line of the summary table: the fields `POST /api/push/run` answers with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub technique: Technique,
    pub requests: u64,
    pub bytes_up: u64,
    pub bytes_down: u64,
    pub header_bytes: u64,
    pub framing_bytes: u64,
    pub payload_bytes: u64,
    pub empty_responses: u64,
    pub events_received: u64,
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub max_ms: Option<f64>,
}

impl Summary {
    /// The line for `technique`: the tap's totals, and what the client received with its
    /// latencies (in ms, any order).
    pub fn new(technique: Technique, tally: &Tally, received: u64, latencies: &[f64]) -> Self {
        let all = tally.up.plus(tally.down);
        let mut sorted: Vec<f64> = latencies
            .iter()
            .copied()
            .filter(|l| l.is_finite())
            .collect();
        sorted.sort_by(f64::total_cmp);
        Summary {
            technique,
            requests: tally.requests,
            bytes_up: tally.up.total(),
            bytes_down: tally.down.total(),
            header_bytes: all.header,
            framing_bytes: all.framing,
            payload_bytes: all.payload,
            empty_responses: tally.empty,
            events_received: received,
            p50_ms: percentile(&sorted, 50),
            p95_ms: percentile(&sorted, 95),
            max_ms: percentile(&sorted, 100),
        }
    }
}

/// The nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], p: usize) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).map(|v| (v * 1000.0).round() / 1000.0)
}

/// The whole report of a run, for the page.
pub fn run_json(run: &Run, settled: bool) -> Value {
    let feed = &run.feed;
    let results: Vec<Value> = feed
        .techniques()
        .iter()
        .map(|&t| technique_json(t, &run.tally(t)))
        .collect();
    json!({
        "run": run.id,
        "params": feed.params(),
        "techniques": feed.techniques(),
        "started_ms": feed.started_ms(),
        "published_ms": feed.published_ms(),
        "done": feed.is_done(),
        "settled": settled,
        "results": results,
    })
}

fn technique_json(technique: Technique, tally: &Tally) -> Value {
    let summary = Summary::new(technique, tally, 0, &[]);
    let events: Vec<Value> = tally
        .events
        .iter()
        .map(|e| {
            json!({ "n": e.n, "header": e.cost.header, "framing": e.cost.framing,
                    "payload": e.cost.payload, "sent_ms": e.sent_ms })
        })
        .collect();
    let cards: Vec<Value> = tally.cards.iter().map(|r| card(r)).collect();
    json!({
        "technique": technique,
        "requests": summary.requests,
        "served": tally.served,
        "bytes_up": summary.bytes_up,
        "bytes_down": summary.bytes_down,
        "header_bytes": summary.header_bytes,
        "framing_bytes": summary.framing_bytes,
        "payload_bytes": summary.payload_bytes,
        "empty_responses": summary.empty_responses,
        "events_seen": tally.events.len(),
        "per_event": events,
        "after_last": tally.pending,
        "request_ms": tally.request_ms,
        "problems": tally.problems,
        "exchanges": cards,
        "exchanges_omitted": tally.cards_omitted,
    })
}

fn costs_json(c: &Costs) -> Value {
    json!({ "header": c.header, "framing": c.framing, "payload": c.payload })
}

/// One exchange, as the page's cards draw it.
fn card(r: &Record) -> Value {
    let response = (!r.response_head.is_empty())
        .then(|| wire::render::json(&http1::dissect::response(&r.response_head)));
    let body = (!r.body.is_empty()).then(|| wire::render::json(&body_dissection(r)));
    let frames: Vec<Value> = r
        .frames
        .iter()
        .map(|f| {
            let d = websocket::dissect::frame_excerpt(&f.bytes, Some(f.from_client));
            let shown = f.bytes.len() as u64;
            json!({
                "direction": Side::from_client(f.from_client),
                "dissection": wire::render::json(&d),
                "truncated": (shown < f.len).then(|| json!({ "shown": shown, "total": f.len })),
            })
        })
        .collect();
    json!({
        "status": r.status,
        "events": r.events.len(),
        "duration_ms": (r.ended - r.started).as_secs_f64() * 1000.0,
        "up": costs_json(&r.up),
        "down": costs_json(&r.down),
        "problem": r.problem,
        "request": wire::render::json(&http1::dissect::request(&r.request_head)),
        "response": response,
        "body": body,
        "body_len": r.body_len,
        "frames": frames,
    })
}

/// The first bytes of a response body, each labelled run a field: what the tap sorted
/// them into, and why.
pub fn body_dissection(r: &Record) -> Dissection {
    let mut kinds = Costs::default();
    for span in &r.spans {
        kinds.add(span.label.kind(), span.range.len() as u64);
    }
    let shown = if (r.body.len() as u64) < r.body_len {
        format!("the first {} of {} bytes", r.body.len(), r.body_len)
    } else {
        format!("{} bytes", r.body.len())
    };
    let summary = format!(
        "Response body, {shown}: {} of payload, {} of framing",
        kinds.payload, kinds.framing
    );
    let mut d = Dissection::new("HTTP body", summary, r.body.clone());
    for span in &r.spans {
        let bytes = r.body.get(span.range.clone()).unwrap_or_default().to_vec();
        let value = preview(&bytes);
        let kind = match span.label.kind() {
            Kind::Payload => "payload",
            Kind::Framing | Kind::Header => "framing",
        };
        d.push(Field::new(
            format!("{} ({kind})", span.label.name()),
            BitRange::bytes(span.range.start, span.range.len()),
            Raw::Bytes(bytes),
            value,
            span.label.meaning(),
        ));
    }
    d
}

/// Bytes as text for a card's value column: control characters escaped, cut at 80.
fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for c in text.chars() {
        if out.chars().count() >= 80 {
            out.push('…');
            break;
        }
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push('·'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&v, 50), Some(10.0));
        assert_eq!(percentile(&v, 95), Some(19.0));
        assert_eq!(percentile(&v, 100), Some(20.0));
        assert_eq!(percentile(&[3.0], 95), Some(3.0));
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(preview(b"id: 1\n\x01"), "id: 1\\n·");
    }
}
