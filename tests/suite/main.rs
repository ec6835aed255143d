//! The fast black-box suite: the real `wiretrail` binary, started by `common` on a free port
//! and spoken to over raw TCP (and through its command line), one module per concern. It is
//! one test binary (mdBook's single testsuite is the model), so `common` is compiled once and
//! the modules' tests share its threads; `tests/run-all --quick` runs it.
//!
//! - [`websocket_exact`]: every close code and handshake status RFC 6455 asks of `/ws/echo`;
//! - [`lab_session`], [`lab_http2`]: the labs' sessions, streams and APIs, recorded sessions
//!   pinned as snapshots; curl's h2c captured;
//! - [`cells_api`]: the live cells' APIs; `/api/my-request` returns exactly the bytes sent;
//! - [`push_lab`]: the push lab's six techniques run by the binary against itself, their
//!   bytes checked against what the protocols fix;
//! - [`classroom`]: the chat room's relay, the teacher's close, the LAN rules;
//! - [`cli`]: the dissector commands, their output pinned as snapshots;
//! - [`interop_websockets`]: Python's `websockets` against `/ws/echo`;
//! - [`ko`]: the Korean edition at `/ko/` (fixture book and catalog): pages, switch, first
//!   visit's Accept-Language, the remembered choice, stale marks, Korean search.
//!
//! Snapshots live in `snapshots/`, named `suite__{module}__{test}.snap` as insta names them.
//! The slow tier (Chromium, the workbook's builds) is the other binary, `tests/slow/`.

#[path = "../common/mod.rs"]
mod common;

mod cells_api;
mod classroom;
mod cli;
mod interop_websockets;
mod ko;
mod lab_http2;
mod lab_raw;
mod lab_session;
mod push_lab;
mod websocket_exact;
