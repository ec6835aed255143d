//! The command line: what `wiretrail` parses ([`cli`]) and the subcommands that print rather
//! than serve ([`dissect`]: `dissect` and `accept-key`; [`exercises`]: `exercises …`;
//! [`push`]: `push`, which serves itself on loopback to measure).
//! Serving is [`crate::net::serve`].

pub mod cli;
pub mod dissect;
pub mod exercises;
pub mod push;
