//! The fast black-box suite: the real `wiretrail` binary, started by `common` on a free port
//! and spoken to over raw TCP (and through its command line), one module per concern. It is
//! one test binary (mdBook's single testsuite is the model), so `common` is compiled once and
//! the modules' tests share its threads; `tests/run-all --quick` runs it.
//!
//! - [`websocket_exact`]: every close code and handshake status RFC 6455 asks of `/ws/echo`;
//! - [`echo_spliced`]: long echoes written from the read buffer, many in one write, in order;
//! - [`lab_session`], [`lab_http2`]: the labs' sessions, streams and APIs, recorded sessions
//!   pinned as snapshots; curl's h2c captured;
//! - [`cells_api`]: the live cells' APIs; `/api/my-request` returns exactly the bytes sent;
//! - [`push_lab`]: the push lab's six techniques run by the binary against itself, their
//!   bytes checked against what the protocols fix;
//! - [`classroom`]: the chat room's relay, the teacher's close, the LAN rules;
//! - [`pages_cache`]: pages, `/print.html`, the search index and static files as a static
//!   server sends them: ETag and 304, gzip and brotli by `Accept-Encoding`, the CSP kept;
//! - [`cli`]: the dissector commands, their output pinned as snapshots;
//! - [`print`]: `/print.html` keeps every live cell's written fallback;
//! - [`interop_websockets`]: Python's `websockets` against `/ws/echo`;
//! - [`bounded`]: issue 10's attacks F1-F5 against the binary, resident memory and `/healthz`
//!   asserted and printed;
//! - [`hardening`]: the network's bounds one by one: Host allow-list (421, 400), Origin
//!   against it (403), the connection cap (503), body, idle and send deadlines, the message
//!   budget (1013), a bounded shutdown.
//! - [`ko`]: the Korean edition at `/ko/` (fixture book and catalog): pages, switch, first
//!   visit's Accept-Language, the remembered choice, stale marks, Korean search;
//! - [`ko_pages`]: the Korean labs, teacher's view and server page through `po/pages/ko.po`,
//!   the Korean book's chrome, `/static/generated/ui.ko.json`; the English pages as rendered.
//!
//! Snapshots live in `snapshots/`, named `suite__{module}__{test}.snap` as insta names them.
//! The slow tier (Chromium, the workbook's builds) is the other binary, `tests/slow/`.

#[path = "../common/mod.rs"]
mod common;

mod bounded;
mod cells_api;
mod classroom;
mod cli;
mod echo_spliced;
mod hardening;
mod interop_websockets;
mod ko;
mod ko_pages;
mod lab_http2;
mod lab_raw;
mod lab_session;
mod pages_cache;
mod print;
mod push_lab;
mod websocket_exact;
