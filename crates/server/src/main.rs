//! `wiretrail`: serve the notebook and labs, or run a dissector on the command line.

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use wiretrail_server::cmd::cli::{Cli, Command, ServeArgs};
use wiretrail_server::cmd::{dissect, exercises, push};
use wiretrail_server::net::serve;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => run_server(cli.serve),
        Some(Command::Serve(args)) => run_server(args),
        Some(Command::Dissect(args)) => dissect::dissect(&args),
        Some(Command::AcceptKey { key }) => dissect::accept_key(&key),
        Some(Command::Exercises(args)) => exercises::run(&args),
        Some(Command::Push(args)) => push::run(&args),
    }
}

fn run_server(args: ServeArgs) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match wiretrail_server::cmd::runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    match runtime.block_on(serve::serve(args.into())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
