//! `wiretrail exercises ...`: the workbook's commands, on the `exercises` crate.
//!
//! This file only prints: writing the workbook, grading and the records are the `exercises`
//! crate's job, so the chapter pages can show the same statuses, hints and reports. Every
//! command but `init` finds the workbook from `--dir` (default: here) or any parent, so they
//! work from inside an exercise's folder, where the exercise may go unnamed. Colours only
//! on a terminal, and never with `NO_COLOR`. `watch`'s loop is in `exercises/watch.rs`.
//!
//! Exit status: 0 success (and "passed" for `check`), 1 a check that failed, 2 an error
//! (no workbook here, unknown exercise, solution still locked).

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use exercises::{CheckOptions, Error, Exercise, ExerciseStatus, Located, Report, Status, Workbook};

use crate::cmd::cli::{ExercisesArgs, ExercisesCommand};

mod watch;

use watch::watch;

/// Runs one `wiretrail exercises` command.
pub fn run(args: &ExercisesArgs) -> ExitCode {
    let color = use_color();
    let options = |time_limit: Duration| CheckOptions {
        time_limit,
        target_dir: args.target_dir.clone(),
        color,
        ..CheckOptions::default()
    };
    let result = match &args.command {
        ExercisesCommand::Init { dir } => init(dir),
        command => exercises::locate(&args.dir).and_then(|found| {
            let pick = |id: &Option<String>| pick(&found, id.as_deref());
            let root = found.root.as_path();
            match command {
                ExercisesCommand::List { pending } => list(root, *pending),
                ExercisesCommand::Check {
                    all: true,
                    time_limit,
                    ..
                } => check_all(root, &options(*time_limit), color),
                ExercisesCommand::Check { id, time_limit, .. } => {
                    check(root, pick(id)?, &options(*time_limit), color)
                }
                ExercisesCommand::Hint { id, all } => hint(root, pick(id)?, *all),
                ExercisesCommand::Watch { id, time_limit } => {
                    let start = match id {
                        Some(id) => Some(exercises::workspace::exercise(id)?),
                        None => found.exercise,
                    };
                    watch(root, start, &options(*time_limit), color)
                }
                ExercisesCommand::Solution { id } => solution(root, pick(id)?),
                ExercisesCommand::Reset { id } => reset(root, pick(id)?),
                ExercisesCommand::Init { dir } => init(dir),
            }
        }),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
}

/// The exercise named, else the one whose folder the command runs in.
fn pick(found: &Located, id: Option<&str>) -> Result<&'static Exercise, Error> {
    match id {
        Some(id) => exercises::workspace::exercise(id),
        None => found.exercise.ok_or(Error::NoExercise),
    }
}

/// Colours on a terminal only, and never with `NO_COLOR` set (no-color.org) or `TERM=dumb`.
fn use_color() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// ANSI SGR codes.
const BOLD: &str = "1";
const RED: &str = "1;31";
const GREEN: &str = "1;32";
const YELLOW: &str = "33";
const DIM_RED: &str = "31";
const DIM_GREEN: &str = "32";

fn sgr(code: &str, text: &str) -> String {
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// The report's text with the verdict, the warnings and the diffs' `-`/`+` lines coloured.
fn paint(text: &str, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let verdict = |l: &str| {
        [
            "PASSED",
            "FAILED",
            "DOES NOT COMPILE",
            "TIME LIMIT EXCEEDED",
            "NOT GRADED",
        ]
        .iter()
        .find(|v| l.starts_with(*v))
        .map(|v| if *v == "PASSED" { GREEN } else { RED })
    };
    text.lines()
        .map(|l| {
            if let Some(code) = verdict(l) {
                sgr(code, l)
            } else if l.starts_with("! ") || l.starts_with("* ") {
                sgr(YELLOW, l)
            } else if l.starts_with("──── ") {
                sgr(BOLD, l)
            } else if l.contains("│-") {
                sgr(DIM_RED, l)
            } else if l.contains("│+") {
                sgr(DIM_GREEN, l)
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn init(dir: &Path) -> Result<ExitCode, Error> {
    exercises::init(dir)?;
    let book = Workbook::embedded();
    println!(
        "Wrote a workbook of {} exercises into {}.\n",
        book.exercises().len(),
        dir.display()
    );
    println!("Next:");
    println!("  cd {}", dir.display());
    println!("  wiretrail exercises list        # what there is, in book order, and your progress");
    if let Some(first) = book.exercises().first() {
        println!("  $EDITOR {}/TASK.md {}/src/lib.rs", first.id, first.id);
        println!(
            "  wiretrail exercises check {}    # the diff: - is the answer key, + is yours",
            first.id
        );
    }
    println!(
        "  wiretrail exercises watch       # re-grade on every save, and move on when it passes"
    );
    Ok(ExitCode::SUCCESS)
}

/// `[#####.......] 5/19 passed`
fn progress_bar(passed: usize, total: usize) -> String {
    const WIDTH: usize = 26;
    let filled = (passed * WIDTH).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {passed}/{total} passed",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled)
    )
}

fn short_label(status: Status) -> &'static str {
    match status {
        Status::InProgress => "in progress",
        other => other.label(),
    }
}

/// The progress bar, and what to do next.
fn progress(statuses: &[ExerciseStatus]) -> String {
    let passed = statuses
        .iter()
        .filter(|s| s.status == Status::Passed)
        .count();
    let next = match statuses.iter().find(|s| s.status != Status::Passed) {
        Some(next) => format!("Next: wiretrail exercises check {}", next.exercise.id),
        None => "All done. Every exercise passes.".to_owned(),
    };
    format!("{}\n{next}", progress_bar(passed, statuses.len()))
}

fn list(dir: &Path, pending: bool) -> Result<ExitCode, Error> {
    let statuses = exercises::status(dir)?;
    let width = statuses
        .iter()
        .map(|s| s.exercise.id.len())
        .max()
        .unwrap_or(0);
    println!(
        "{:<width$}  {:<12} {:<6} {:<7} {:<7} {:<13} TITLE",
        "EXERCISE", "STATUS", "HINTS", "LEVEL", "TIME", "CHAPTER"
    );
    for s in statuses
        .iter()
        .filter(|s| !pending || s.status != Status::Passed)
    {
        let e = s.exercise;
        println!(
            "{:<width$}  {:<12} {:<6} {:<7} {:<7} {:<13} {}",
            e.id,
            short_label(s.status),
            format!("{}/{}", s.hints_seen, s.hints_total),
            e.difficulty.label(),
            format!("{} min", e.minutes),
            e.chapter,
            e.title
        );
    }
    println!("\n{}", progress(&statuses));
    Ok(ExitCode::SUCCESS)
}

fn exit_for(report: &Report) -> ExitCode {
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn check(dir: &Path, e: &Exercise, options: &CheckOptions, color: bool) -> Result<ExitCode, Error> {
    eprintln!(
        "Grading {} (building first; the first build takes a while)...",
        e.id
    );
    let report = exercises::check_with(dir, e.id, options)?;
    print!("{}", paint(&report.to_string(), color));
    Ok(exit_for(&report))
}

/// One line of `check --all`.
fn summary_line(report: &Report, color: bool) -> String {
    let (mark, code) = if report.passed() {
        ("✓", GREEN)
    } else {
        ("✗", RED)
    };
    let what = match report.outcome {
        exercises::Outcome::Passed => format!("{}/{} pass", report.passed, report.total()),
        exercises::Outcome::BuildFailed => "does not compile".to_owned(),
        exercises::Outcome::TimedOut => "stopped at the time limit".to_owned(),
        exercises::Outcome::Refused => "not graded (a Cargo setting)".to_owned(),
        exercises::Outcome::Failed => format!("{}/{} pass", report.passed, report.total()),
    };
    let mark = if color {
        sgr(code, mark)
    } else {
        mark.to_owned()
    };
    let mut line = format!("{mark} {:<24} {what}", report.id);
    if !report.passed() {
        line.push_str(&format!("  · wiretrail exercises check {}", report.id));
    }
    line
}

fn check_all(dir: &Path, options: &CheckOptions, color: bool) -> Result<ExitCode, Error> {
    eprintln!("Grading every exercise, in book order (the first build takes a while)...");
    let reports = exercises::check_all(dir, options, |report| {
        println!("{}", summary_line(report, color));
    })?;
    println!("\n{}", progress(&exercises::status(dir)?));
    Ok(if reports.iter().all(Report::passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn hint(dir: &Path, e: &Exercise, all: bool) -> Result<ExitCode, Error> {
    let hints = if all {
        exercises::hint_all(dir, e.id)?
    } else {
        vec![exercises::hint(dir, e.id)?]
    };
    for (i, hint) in hints.iter().enumerate() {
        if i > 0 {
            println!();
        }
        println!("{} — hint {} of {}\n", e.id, hint.number, hint.total);
        println!("{}", hint.text);
    }
    if hints.last().is_some_and(|h| h.number == h.total) {
        println!(
            "\n(That was the last hint. Once your code passes, `wiretrail exercises solution {}` shows the reference.)",
            e.id
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn solution(dir: &Path, e: &Exercise) -> Result<ExitCode, Error> {
    let code = exercises::solution(dir, e.id)?;
    println!(
        "// {} — the reference solution (your file is unchanged)\n",
        e.id
    );
    print!("{code}");
    Ok(ExitCode::SUCCESS)
}

fn reset(dir: &Path, e: &Exercise) -> Result<ExitCode, Error> {
    match exercises::reset(dir, e.id)? {
        Some(backup) => println!(
            "{} is back to the stub. Your code is in {}.",
            e.id,
            backup.display()
        ),
        None => println!("{} is back to the stub.", e.id),
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bars() {
        assert_eq!(
            progress_bar(0, 19),
            "[..........................] 0/19 passed"
        );
        assert_eq!(
            progress_bar(19, 19),
            "[##########################] 19/19 passed"
        );
        assert_eq!(
            progress_bar(0, 0),
            "[..........................] 0/0 passed"
        );
    }

    #[test]
    fn colours_only_the_lines_that_say_something() {
        let text = "03-unmask — Unmask\n\n──── a ────\n    1     1 │ same\n    2       │-key\n          2 │+yours\n\nFAILED: 0 of 4 tests pass.\n";
        assert_eq!(paint(text, false), text);
        let painted = paint(text, true);
        assert!(painted.contains("\x1b[1;31mFAILED: 0 of 4 tests pass.\x1b[0m"));
        assert!(painted.contains("\x1b[31m    2       │-key\x1b[0m"));
        assert!(painted.contains("\x1b[32m          2 │+yours\x1b[0m"));
        assert!(painted.contains("    1     1 │ same\n"));
    }
}
