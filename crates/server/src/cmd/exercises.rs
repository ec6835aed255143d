//! `wiretrail exercises ...`: the workbook's commands, on the `exercises` crate.
//!
//! This file only prints: writing the workbook, grading and the records are the `exercises`
//! crate's job, so the chapter pages can show the same statuses, hints and reports.
//! Exit status: 0 success (and "passed" for `check`), 1 a check that failed, 2 an error
//! (no workbook here, unknown exercise, solution still locked).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use exercises::{CheckOptions, Error, Status, Workbook};

use crate::cmd::cli::{ExercisesArgs, ExercisesCommand};

/// Runs one `wiretrail exercises` command.
pub fn run(args: &ExercisesArgs) -> ExitCode {
    let dir = args.dir.as_path();
    let options = |time_limit: Duration| CheckOptions {
        time_limit,
        target_dir: args.target_dir.clone(),
        ..CheckOptions::default()
    };
    let result = match &args.command {
        ExercisesCommand::Init { dir } => init(dir),
        ExercisesCommand::List => list(dir),
        ExercisesCommand::Check { id, time_limit } => check(dir, id, &options(*time_limit)),
        ExercisesCommand::Hint { id } => hint(dir, id),
        ExercisesCommand::Watch { id, time_limit } => {
            watch(dir, id.as_deref(), &options(*time_limit))
        }
        ExercisesCommand::Solution { id } => solution(dir, id),
        ExercisesCommand::Reset { id } => reset(dir, id),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
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
    println!("  wiretrail exercises list        # what there is, and your progress");
    if let Some(first) = book.exercises().first() {
        println!("  $EDITOR {}/TASK.md {}/src/lib.rs", first.id, first.id);
        println!(
            "  wiretrail exercises check {}    # the diff: - is the answer key, + is yours",
            first.id
        );
    }
    println!("  wiretrail exercises watch       # re-grade on every save");
    Ok(ExitCode::SUCCESS)
}

/// `[#####.......] 5/13 passed`
fn progress_bar(passed: usize, total: usize) -> String {
    const WIDTH: usize = 26;
    let filled = (passed * WIDTH).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {passed}/{total} passed",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled)
    )
}

fn list(dir: &Path) -> Result<ExitCode, Error> {
    let statuses = exercises::status(dir)?;
    let width = statuses
        .iter()
        .map(|s| s.exercise.id.len())
        .max()
        .unwrap_or(0);
    println!(
        "{:<width$}  {:<12} {:<6} {:<13} TITLE",
        "EXERCISE", "STATUS", "HINTS", "CHAPTER"
    );
    for s in &statuses {
        let label = match s.status {
            Status::InProgress => "in progress",
            other => other.label(),
        };
        println!(
            "{:<width$}  {:<12} {:<6} {:<13} {}",
            s.exercise.id,
            label,
            format!("{}/{}", s.hints_seen, s.hints_total),
            s.exercise.chapter,
            s.exercise.title
        );
    }
    let passed = statuses
        .iter()
        .filter(|s| s.status == Status::Passed)
        .count();
    println!("\n{}", progress_bar(passed, statuses.len()));
    if let Some(next) = statuses.iter().find(|s| s.status != Status::Passed) {
        println!("Next: wiretrail exercises check {}", next.exercise.id);
    } else {
        println!("All done. Every exercise passes.");
    }
    Ok(ExitCode::SUCCESS)
}

fn check(dir: &Path, id: &str, options: &CheckOptions) -> Result<ExitCode, Error> {
    exercises::workspace::ensure_workbook(dir)?;
    let e = exercises::workspace::exercise(id)?;
    eprintln!(
        "Grading {} (building first; the first build takes a while)...",
        e.id
    );
    let report = exercises::check_with(dir, e.id, options)?;
    print!("{report}");
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn hint(dir: &Path, id: &str) -> Result<ExitCode, Error> {
    let e = exercises::workspace::exercise(id)?;
    let hint = exercises::hint(dir, id)?;
    println!("{} — hint {} of {}\n", e.id, hint.number, hint.total);
    println!("{}", hint.text);
    if hint.number == hint.total {
        println!(
            "\n(That was the last hint. Once your code passes, `wiretrail exercises solution {}` shows the reference.)",
            e.id
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn solution(dir: &Path, id: &str) -> Result<ExitCode, Error> {
    let e = exercises::workspace::exercise(id)?;
    let code = exercises::solution(dir, id)?;
    println!(
        "// {} — the reference solution (your file is unchanged)\n",
        e.id
    );
    print!("{code}");
    Ok(ExitCode::SUCCESS)
}

fn reset(dir: &Path, id: &str) -> Result<ExitCode, Error> {
    let e = exercises::workspace::exercise(id)?;
    match exercises::reset(dir, id)? {
        Some(backup) => println!(
            "{} is back to the stub. Your code is in {}.",
            e.id,
            backup.display()
        ),
        None => println!("{} is back to the stub.", e.id),
    }
    Ok(ExitCode::SUCCESS)
}

/// The newest modification time of each exercise's `src/` files.
fn source_times(dir: &Path) -> BTreeMap<&'static str, SystemTime> {
    fn newest(path: &Path, best: &mut SystemTime) {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                newest(&path, best);
            } else if let Ok(t) = entry.metadata().and_then(|m| m.modified()) {
                *best = (*best).max(t);
            }
        }
    }
    Workbook::embedded()
        .exercises()
        .iter()
        .map(|e| {
            let mut best = SystemTime::UNIX_EPOCH;
            newest(&dir.join(e.id).join("src"), &mut best);
            (e.id, best)
        })
        .collect()
}

fn grade_and_summarise(dir: &Path, id: &str, options: &CheckOptions) -> Result<(), Error> {
    println!("\n════ checking {id} ════");
    let report = exercises::check_with(dir, id, options)?;
    print!("{report}");
    let statuses = exercises::status(dir)?;
    let passed = statuses
        .iter()
        .filter(|s| s.status == Status::Passed)
        .count();
    println!("{}", progress_bar(passed, statuses.len()));
    println!("(watching: save a src/lib.rs, or press Enter to re-grade {id}; Ctrl-C stops)");
    Ok(())
}

fn watch(dir: &Path, id: Option<&str>, options: &CheckOptions) -> Result<ExitCode, Error> {
    let statuses = exercises::status(dir)?;
    let mut current: &'static str = match id {
        Some(id) => exercises::workspace::exercise(id)?.id,
        None => statuses
            .iter()
            .find(|s| s.status != Status::Passed)
            .or(statuses.first())
            .map_or("", |s| s.exercise.id),
    };
    let dir: PathBuf = dir.to_path_buf();
    println!(
        "Watching {}: every second, wiretrail looks for a changed file under an exercise's src/ and grades that exercise.",
        dir.display()
    );
    println!(
        "If saving does not trigger a check (some network or container file systems keep old times), press Enter."
    );

    // Enter on stdin re-grades the current exercise; the reader thread ends with stdin.
    let (enter_tx, enter_rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            if line.is_err() || enter_tx.send(()).is_err() {
                break;
            }
        }
    });

    let mut times = source_times(&dir);
    grade_and_summarise(&dir, current, options)?;
    let mut stdin_open = true;
    loop {
        let enter = if stdin_open {
            match enter_rx.recv_timeout(Duration::from_secs(1)) {
                Ok(()) => true,
                Err(mpsc::RecvTimeoutError::Timeout) => false,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    stdin_open = false;
                    false
                }
            }
        } else {
            std::thread::sleep(Duration::from_secs(1));
            false
        };
        let now = source_times(&dir);
        let changed: Vec<&'static str> = now
            .iter()
            .filter(|(id, t)| times.get(*id) != Some(*t))
            .map(|(id, _)| *id)
            .collect();
        times = now;
        if let Some(id) = changed.last() {
            current = id;
        }
        if enter || !changed.is_empty() {
            grade_and_summarise(&dir, current, options)?;
            // The grader may rewrite files (it restores the answer key, never src/), so
            // take the times again after grading.
            times = source_times(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bars() {
        assert_eq!(
            progress_bar(0, 13),
            "[..........................] 0/13 passed"
        );
        assert_eq!(
            progress_bar(13, 13),
            "[##########################] 13/13 passed"
        );
        assert_eq!(
            progress_bar(0, 0),
            "[..........................] 0/0 passed"
        );
    }
}
