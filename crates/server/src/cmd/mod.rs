//! The command line: what `wiretrail` parses ([`cli`]) and the subcommands that print rather
//! than serve ([`dissect`]: `dissect` and `accept-key`; [`exercises`]: `exercises …`).
//! Serving is [`crate::net::serve`].

pub mod cli;
pub mod dissect;
pub mod exercises;
