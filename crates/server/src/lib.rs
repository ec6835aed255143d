//! # wiretrail's server
//!
//! The binary `wiretrail`: the web app (axum on hyper), the hand-rolled WebSocket upgrade and
//! the echo endpoint, the live labs, and the dissector commands. All I/O in wiretrail lives in
//! this crate; the protocol crates (`websocket`, `http2`, `wire`) only turn bytes into events
//! and explanations.
//!
//! The folders say what each part does. Reading order:
//!
//! 1. [`cmd`] — the command line ([`cmd::cli`], with the help texts a learner reads) and the
//!    subcommands that print: the dissectors, the workbook;
//! 2. [`config`] — the settings every limit and wait comes from;
//! 3. [`net`] — connection I/O: the accept loop and shutdown ([`net::serve`]), the connection
//!    tap ([`net::tap`]), the opening handshake by hand ([`net::upgrade`], RFC 6455 §4.2) and
//!    the one loop that drives a WebSocket ([`net::driver`]);
//! 4. [`state`] and [`app`] — what the handlers share, and the router with the security
//!    headers;
//! 5. [`routes`] — one module per concern: pages, the book, the dissect API, the cells, the
//!    echo endpoint, the workbook cards, the two labs; [`site`] — the pages, the book and
//!    the static files as bytes built once (ETag, 304, gzip and brotli);
//! 6. [`labs`] — the labs' sessions: the bytes of a tapped connection, dissected into the
//!    events its page streams ([`labs::ws`], [`labs::h2`]), or metered by kind
//!    ([`labs::push`]);
//! 7. [`error`] — `AppError`, and the response each failure becomes; [`origin`] — which pages
//!    may use the server; [`assets`] — the embedded `static/` files.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod assets;
pub mod classroom;
pub mod cmd;
pub mod config;
pub mod error;
pub mod i18n;
pub mod labs;
pub mod net;
pub mod origin;
pub mod routes;
pub mod site;
pub mod state;
