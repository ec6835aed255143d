//! `wiretrail push`: the push lab's summary table on the command line.
//!
//! It serves the app quietly on a loopback port of its own (the same accept loop and tap
//! as `wiretrail serve`), runs each technique in turn with the server's own client
//! ([`crate::labs::push::run::headless`], what `POST /api/push/run` runs), and prints one
//! line per technique: the tap's requests and bytes by kind, the empty answers, the events
//! received, and their latencies from publication.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use tokio_util::sync::CancellationToken;

use crate::cmd::cli::{Cli, PushArgs};
use crate::config::Settings;
use crate::labs::push::run::{Outcome, headless};
use crate::labs::push::{Params, Technique};
use crate::net::serve;

/// The table's columns: a heading and its width.
const COLUMNS: [(&str, usize); 12] = [
    ("technique", 10),
    ("requests", 8),
    ("bytes up", 9),
    ("bytes down", 10),
    ("header", 8),
    ("framing", 8),
    ("payload", 8),
    ("empty", 6),
    ("events", 8),
    ("p50 ms", 8),
    ("p95 ms", 8),
    ("max ms", 8),
];

/// Runs `wiretrail push`.
pub fn run(args: &PushArgs) -> ExitCode {
    let params = Params {
        events: args.events,
        interval_ms: args.interval_ms,
        payload_bytes: args.payload_bytes,
        poll_ms: args.poll_ms,
        delay_ms: args.delay_ms,
    };
    if let Err(why) = params.check() {
        eprintln!("error: {why}");
        return ExitCode::from(2);
    }
    match crate::cmd::runtime() {
        Ok(runtime) => runtime.block_on(measure(params, args.json)),
        Err(code) => code,
    }
}

async fn measure(params: Params, json: bool) -> ExitCode {
    let mut settings: Settings = Cli::parse_from(["wiretrail"]).serve.into();
    settings.addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let (listener, state) = match serve::bind(settings).await {
        Ok(bound) => bound,
        Err(e) => {
            eprintln!("error: cannot listen on loopback: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stop = CancellationToken::new();
    let server = tokio::spawn(serve::run(
        listener,
        state.clone(),
        stop.clone().cancelled_owned(),
    ));
    if !json {
        println!("{}", heading(&params));
    }
    let mut failed = false;
    let mut outcomes = Vec::new();
    for technique in Technique::ALL {
        match headless(&state.push, state.settings.addr, technique, params).await {
            Ok(outcome) if json => outcomes.push(outcome),
            Ok(outcome) => println!("{}", row(&outcome)),
            Err(e) => {
                failed = true;
                eprintln!("{}: {e}", technique.name());
            }
        }
    }
    if json {
        match serde_json::to_string_pretty(&outcomes) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("error: {e}"),
        }
    }
    stop.cancel();
    let _ = server.await;
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// What was measured, and the table's heading.
fn heading(p: &Params) -> String {
    let mut out = format!(
        "{} events of {} bytes every {} ms; polling {} ms after each answer; {} ms of \
         simulated delay on each server write.\nMeasured on the wire by the connection tap \
         (bytes both ways, by kind); latency from publication to the client's parse.\n\n",
        p.events, p.payload_bytes, p.interval_ms, p.poll_ms, p.delay_ms
    );
    let cells: Vec<String> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, (h, w))| pad(h, *w, i == 0))
        .collect();
    out.push_str(&cells.join("  "));
    out
}

/// One technique's line.
fn row(o: &Outcome) -> String {
    let s = &o.summary;
    let ms = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1}"));
    let events = format!("{}/{}", s.events_received, o.events);
    let values = [
        s.technique.name().to_owned(),
        s.requests.to_string(),
        s.bytes_up.to_string(),
        s.bytes_down.to_string(),
        s.header_bytes.to_string(),
        s.framing_bytes.to_string(),
        s.payload_bytes.to_string(),
        s.empty_responses.to_string(),
        events,
        ms(s.p50_ms),
        ms(s.p95_ms),
        ms(s.max_ms),
    ];
    let cells: Vec<String> = values
        .iter()
        .zip(COLUMNS)
        .enumerate()
        .map(|(i, (v, (_, w)))| pad(v, w, i == 0))
        .collect();
    let mut line = cells.join("  ");
    if !o.in_order || !o.payload_ok {
        line.push_str("  (events out of order or altered)");
    }
    line
}

/// A cell: the first column left-aligned, the numbers right-aligned.
fn pad(text: &str, width: usize, left: bool) -> String {
    if left {
        format!("{text:<width$}")
    } else {
        format!("{text:>width$}")
    }
}
