//! `wiretrail`: serve the notebook and labs, or run a dissector on the command line.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use tracing_subscriber::EnvFilter;
use wiretrail_server::cmd::cli::{Cli, Command, ServeArgs};
use wiretrail_server::cmd::{bench_classroom, dissect, exercises, i18n, push};
use wiretrail_server::net::serve;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cli.command {
        None => run_server(classroom_addr(cli.serve, Some(&matches))),
        Some(Command::Serve(args)) => {
            run_server(classroom_addr(args, matches.subcommand_matches("serve")))
        }
        Some(Command::Classroom(mut args)) => {
            args.classroom = true;
            run_server(classroom_addr(
                args,
                matches.subcommand_matches("classroom"),
            ))
        }
        Some(Command::BenchClassroom(args)) => bench_classroom::run(&args),
        Some(Command::Dissect(args)) => dissect::dissect(&args),
        Some(Command::AcceptKey { key, lang }) => dissect::accept_key(&key, lang),
        Some(Command::Exercises(args)) => exercises::run(&args),
        Some(Command::Push(args)) => push::run(&args),
        Some(Command::I18n(args)) => i18n::run(&args),
    }
}

/// Classroom mode listens on the LAN unless --addr (or WIRETRAIL_ADDR) chose an address.
fn run_server_addr_default(matches: Option<&clap::ArgMatches>) -> bool {
    matches.and_then(|m| m.value_source("addr")) == Some(clap::parser::ValueSource::DefaultValue)
}

fn classroom_addr(mut args: ServeArgs, matches: Option<&clap::ArgMatches>) -> ServeArgs {
    if args.classroom && run_server_addr_default(matches) {
        args.addr = std::net::SocketAddr::from(([0, 0, 0, 0], 8080));
    }
    args
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
    let served = runtime.block_on(serve::serve(args.into()));
    // The shutdown was bounded; so is what is left: tasks still running are dropped, and
    // blocking threads (a file read, a grader) are not waited for past a moment.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
