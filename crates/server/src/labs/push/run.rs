//! A headless run: the server receives its own feed by one technique, over loopback, and
//! answers with the tap's totals and the client's latencies. `POST /api/push/run` and
//! `wiretrail push` are this function.
//!
//! ```text
//!   a session of its own ─▶ a run of one technique ─▶ client::receive over loopback
//!        (tapped by the accept loop like any browser's connection)
//!   ─▶ the run settles ─▶ Summary: the tap's bytes, the client's events and latencies
//! ```
//!
//! At most [`MAX_HEADLESS_RUNS`] go at once; the session is dropped when the answer is built.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use serde::Serialize;

use super::client::{self, ClientError, Target};
use super::report::Summary;
use super::session::{PushSession, RunRefused};
use super::{MAX_HEADLESS_RUNS, Params, PushLabs, Technique};

/// The longest a run waits, after its client is done, for the last bytes to be counted.
pub const SETTLE_WAIT: Duration = Duration::from_secs(5);

/// Why a headless run did not happen, in a sentence.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{MAX_HEADLESS_RUNS} runs are going on already: try again when one ends")]
    Busy,
    #[error("too many lab sessions are open: try again shortly")]
    TooManySessions,
    #[error("{0}")]
    Refused(#[from] RunRefused),
    #[error("the server's own client failed: {0}")]
    Client(#[from] ClientError),
}

/// A headless run's answer: the summary line, and what the client checked.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    #[serde(flatten)]
    pub summary: Summary,
    /// The events published.
    pub events: u32,
    /// Every event arrived once, in order.
    pub in_order: bool,
    /// Every event's bytes were the ones published.
    pub payload_ok: bool,
    /// The tap saw every exchange end before the answer was built.
    pub settled: bool,
    pub params: Params,
}

/// The address to connect to: the listening one, with loopback for "every interface".
fn loopback(mut addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        let ip = match addr {
            SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        };
        addr.set_ip(ip);
    }
    addr
}

/// Runs `technique` against the server listening at `listening` (see the module docs).
pub async fn headless(
    labs: &PushLabs,
    listening: SocketAddr,
    technique: Technique,
    params: Params,
) -> Result<Outcome, RunError> {
    params.check().map_err(RunRefused::Params)?;
    let _permit = labs
        .headless
        .clone()
        .try_acquire_owned()
        .map_err(|_| RunError::Busy)?;
    let (id, session) = labs
        .sessions
        .create(PushSession::default())
        .ok_or(RunError::TooManySessions)?;
    let outcome = run(&session, &id, loopback(listening), technique, params).await;
    labs.sessions.remove(&id);
    outcome
}

async fn run(
    session: &std::sync::Arc<PushSession>,
    id: &str,
    addr: SocketAddr,
    technique: Technique,
    params: Params,
) -> Result<Outcome, RunError> {
    let run = session.start_run(params, vec![technique])?;
    let target = Target {
        addr,
        session: id.to_owned(),
        run: run.id,
    };
    let got = client::receive(technique, &target, &run.feed, session).await?;
    let settled = run.settled(SETTLE_WAIT).await;
    let published = run.feed.published_ms();
    let latencies: Vec<f64> = got
        .iter()
        .filter_map(|g| {
            let n = usize::try_from(g.n?).ok()?;
            Some(g.at_ms - published.get(n.checked_sub(1)?)?)
        })
        .collect();
    let in_order =
        got.len() == params.events as usize && got.iter().zip(1..).all(|(g, n)| g.n == Some(n));
    Ok(Outcome {
        summary: Summary::new(
            technique,
            &run.tally(technique),
            got.len() as u64,
            &latencies,
        ),
        events: params.events,
        in_order,
        payload_ok: got.iter().all(|g| g.payload_ok),
        settled,
        params,
    })
}
