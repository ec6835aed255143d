//! The command line: what `wiretrail` parses ([`cli`]) and the subcommands that print rather
//! than serve ([`dissect`]: `dissect` and `accept-key`; [`exercises`]: `exercises …`;
//! [`push`]: `push`, which serves itself on loopback to measure; [`i18n`]: the translations'
//! catalogs).
//! Serving is [`crate::net::serve`].

pub mod bench_classroom;
pub mod cli;
pub mod dissect;
pub mod exercises;
pub mod i18n;
pub mod push;

/// The multi-threaded runtime a command runs on, or the exit status and a line on stderr.
pub fn runtime() -> Result<tokio::runtime::Runtime, std::process::ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("error: cannot start the runtime: {e}");
            std::process::ExitCode::FAILURE
        })
}
