//! Times one input through a target's body, without AFL++: how a slow queue entry is found
//! out, and how a speed-up is measured before and after (run both builds one after the other).
//!
//! ```sh
//! cd crates/fuzz && cargo run --release --example timeit -- qpack out/qpack/default/queue/id:000100* 200
//! ```
//!
//! Prints the input's size and the mean time of one run over N runs (100 if not given).
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [name, path, rest @ ..] = args.as_slice() else {
        eprintln!("usage: timeit TARGET FILE [RUNS]");
        return ExitCode::from(2);
    };
    let Some((_, target)) = wiretrail_fuzz::targets::ALL.iter().find(|(n, _)| n == name) else {
        eprintln!("timeit: no target {name}");
        return ExitCode::from(2);
    };
    let input = match std::fs::read(path) {
        Ok(input) => input,
        Err(e) => {
            eprintln!("timeit: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let runs: u32 = match rest.first().map(|n| n.parse()) {
        None => 100,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("timeit: RUNS must be a positive number");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    for _ in 0..runs {
        target(&input);
    }
    let us = started.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
    println!("{name} {} B: {us:.1} us a run ({runs} runs)", input.len());
    ExitCode::SUCCESS
}
