//! # wiretrail's server
//!
//! The binary `wiretrail`: the web app (axum on hyper), the hand-rolled WebSocket upgrade and
//! the echo endpoint, and the dissector commands. All I/O in wiretrail lives in this crate;
//! the protocol crates (`websocket`, `wire`) only turn bytes into events and explanations.
//!
//! Reading order:
//!
//! 1. [`cli`] — the commands and flags, with the help texts a learner reads;
//! 2. [`serve`] — the accept loop (hyper-util `auto::Builder`, upgrades on) and shutdown;
//! 3. [`app`] — the state, the router, the security headers;
//! 4. [`routes`] — one module per concern: pages, the dissect API, the WebSocket endpoints;
//! 5. [`upgrade`] — the opening handshake by hand (RFC 6455 §4.2), Origin and the cap;
//! 6. [`driver`] — the one loop that drives a WebSocket over a socket;
//! 7. [`error`] — `AppError`, and the response each failure becomes;
//! 8. [`tap`] and [`lab`] — the bytes of a lab's connection, dissected into the events its
//!    page streams.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod assets;
pub mod cli;
pub mod commands;
pub mod config;
pub mod driver;
pub mod error;
pub mod exercises_cmd;
pub mod lab;
pub mod routes;
pub mod serve;
pub mod tap;
pub mod upgrade;
