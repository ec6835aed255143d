//! `wiretrail exercises ...`: the workbook's commands, on the `exercises` crate.
//!
//! This file only prints: writing the workbook, grading and the records are the `exercises`
//! crate's job, so the chapter pages can show the same statuses, hints and reports. Every
//! command but `init` finds the workbook from `--dir` (default: here) or any parent, so they
//! work from inside an exercise's folder, where the exercise may go unnamed. Colours only
//! on a terminal, and never with `NO_COLOR`. `watch`'s loop is in `exercises/watch.rs`.
//!
//! Every sentence comes from `exercises::Msg` in the learner's language: `--lang ko`, or a
//! locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) starting with `ko`; English otherwise. Tasks and
//! hints are the Korean ones where they are current, else the English with a note. The
//! grading never depends on the language, only its printing does.
//!
//! Exit status: 0 success (and "passed" for `check`), 1 a check that failed, 2 an error
//! (no workbook here, unknown exercise, solution still locked).

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use exercises::i18n::messages::pad;
use exercises::i18n::{Msg, Translation};
use exercises::{
    CheckOptions, Error, Exercise, ExerciseStatus, Lang, Located, Outcome, Report, Status, Workbook,
};

use crate::cmd::cli::{ExercisesArgs, ExercisesCommand};

mod watch;

use watch::watch;

/// Runs one `wiretrail exercises` command.
pub fn run(args: &ExercisesArgs) -> ExitCode {
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let color = use_color();
    let options = |time_limit: Duration| CheckOptions {
        time_limit,
        target_dir: args.target_dir.clone(),
        color,
        ..CheckOptions::default()
    };
    let say = Say { lang, color };
    let result = match &args.command {
        ExercisesCommand::Init { dir } => init(dir, say),
        command => exercises::locate(&args.dir).and_then(|found| {
            let pick = |id: &Option<String>| pick(&found, id.as_deref());
            let root = found.root.as_path();
            match command {
                ExercisesCommand::List { pending } => list(root, *pending, say),
                ExercisesCommand::Check {
                    all: true,
                    time_limit,
                    ..
                } => check_all(root, &options(*time_limit), say),
                ExercisesCommand::Check { id, time_limit, .. } => {
                    check(root, pick(id)?, &options(*time_limit), say)
                }
                ExercisesCommand::Task { id } => task(pick(id)?, say),
                ExercisesCommand::Hint { id, all } => hint(root, pick(id)?, *all, say),
                ExercisesCommand::Watch { id, time_limit } => {
                    let start = match id {
                        Some(id) => Some(exercises::workspace::exercise(id)?),
                        None => found.exercise,
                    };
                    watch(root, start, &options(*time_limit), say)
                }
                ExercisesCommand::Solution { id } => solution(root, pick(id)?, say),
                ExercisesCommand::Reset { id } => reset(root, pick(id)?, say),
                ExercisesCommand::Init { dir } => init(dir, say),
            }
        }),
    };
    result.unwrap_or_else(|e| {
        eprintln!("{} {}", say.text(Msg::ErrorPrefix), e.message(lang));
        ExitCode::from(2)
    })
}

/// How to print: the learner's language, and colours or not.
#[derive(Debug, Clone, Copy)]
struct Say {
    lang: Lang,
    color: bool,
}

impl Say {
    fn text(self, msg: Msg<'_>) -> String {
        msg.text(self.lang)
    }
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
    // The verdict words of both languages (a report is in one of them).
    let verdict = |l: &str| {
        Outcome::ALL
            .into_iter()
            .flat_map(|o| Lang::ALL.map(|lang| (o, Msg::Verdict(o).text(lang))))
            .find(|(_, v)| l.starts_with(v.as_str()))
            .map(|(o, _)| if o == Outcome::Passed { GREEN } else { RED })
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

fn init(dir: &Path, say: Say) -> Result<ExitCode, Error> {
    exercises::init(dir)?;
    let book = Workbook::embedded();
    let shown = dir.display().to_string();
    println!(
        "{}\n",
        say.text(Msg::Wrote {
            exercises: book.exercises().len(),
            dir: &shown
        })
    );
    println!("{}", say.text(Msg::NextSteps));
    println!("  cd {shown}");
    println!(
        "  wiretrail exercises list        {}",
        say.text(Msg::InitList)
    );
    if let Some(first) = book.exercises().first() {
        println!(
            "  $EDITOR {}/{} {}/src/lib.rs",
            first.id,
            task_file(first, say.lang),
            first.id
        );
        println!(
            "  wiretrail exercises check {}    {}",
            first.id,
            say.text(Msg::InitCheck)
        );
    }
    println!(
        "  wiretrail exercises watch       {}",
        say.text(Msg::InitWatch)
    );
    Ok(ExitCode::SUCCESS)
}

/// The task file to read in `lang`: `TASK.ko.md` when it is current, else `TASK.md`.
fn task_file(e: &Exercise, lang: Lang) -> &'static str {
    match e.task_in(lang).lang {
        Lang::Ko => exercises::i18n::translation::TASK_KO,
        Lang::En => "TASK.md",
    }
}

/// `[#####.......] 5/19 passed`
fn progress_bar(passed: usize, total: usize, lang: Lang) -> String {
    const WIDTH: usize = 26;
    let filled = (passed * WIDTH).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {}",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Msg::ProgressCount { passed, total }.text(lang)
    )
}

/// The progress bar, and what to do next.
fn progress(statuses: &[ExerciseStatus], lang: Lang) -> String {
    let passed = statuses
        .iter()
        .filter(|s| s.status == Status::Passed)
        .count();
    let next = match statuses.iter().find(|s| s.status != Status::Passed) {
        Some(next) => Msg::NextCheck {
            id: next.exercise.id,
        },
        None => Msg::AllDone,
    };
    format!(
        "{}\n{}",
        progress_bar(passed, statuses.len(), lang),
        next.text(lang)
    )
}

/// One line of `list`: the cells padded to the columns' widths (in terminal columns, so
/// Korean lines up too), the last one as it is.
fn row(cells: &[&str], widths: &[usize]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        match widths.get(i) {
            Some(&w) if i + 1 < cells.len() => {
                line.push_str(&pad(cell, w));
                line.push_str(if i == 0 { "  " } else { " " });
            }
            _ => line.push_str(cell),
        }
    }
    line
}

fn list(dir: &Path, pending: bool, say: Say) -> Result<ExitCode, Error> {
    let statuses = exercises::status(dir)?;
    let lang = say.lang;
    let columns = say.text(Msg::Columns);
    let header: Vec<&str> = columns.split('\t').collect();
    let rows: Vec<Vec<String>> = statuses
        .iter()
        .filter(|s| !pending || s.status != Status::Passed)
        .map(|s| {
            let e = s.exercise;
            vec![
                e.id.to_owned(),
                say.text(Msg::Status {
                    status: s.status,
                    short: true,
                }),
                format!("{}/{}", s.hints_seen, s.hints_total),
                say.text(Msg::Level(e.difficulty)),
                say.text(Msg::Minutes(e.minutes)),
                e.chapter.clone(),
                e.title_in(lang),
            ]
        })
        .collect();
    // As wide as the widest cell, and at least as wide as English's fixed columns.
    let minimum = [0, 12, 6, 7, 7, 13, 0];
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            let cells = rows
                .iter()
                .map(|r| r.get(i).map_or(0, |c| exercises::i18n::messages::width(c)));
            cells
                .chain(std::iter::once(
                    header
                        .get(i)
                        .map_or(0, |h| exercises::i18n::messages::width(h)),
                ))
                .chain(std::iter::once(minimum.get(i).copied().unwrap_or(0)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    println!("{}", row(&header, &widths));
    for r in &rows {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        println!("{}", row(&cells, &widths));
    }
    println!("\n{}", progress(&statuses, lang));
    Ok(ExitCode::SUCCESS)
}

fn exit_for(report: &Report) -> ExitCode {
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn check(dir: &Path, e: &Exercise, options: &CheckOptions, say: Say) -> Result<ExitCode, Error> {
    eprintln!("{}", say.text(Msg::Grading { id: e.id }));
    let report = exercises::check_with(dir, e.id, options)?;
    print!("{}", paint(&report.render(say.lang), say.color));
    Ok(exit_for(&report))
}

/// One line of `check --all`.
fn summary_line(report: &Report, say: Say) -> String {
    let (mark, code) = if report.passed() {
        ("✓", GREEN)
    } else {
        ("✗", RED)
    };
    let what = say.text(Msg::Summary {
        outcome: report.outcome,
        passed: report.passed,
        total: report.total(),
    });
    let mark = if say.color {
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

fn check_all(dir: &Path, options: &CheckOptions, say: Say) -> Result<ExitCode, Error> {
    eprintln!("{}", say.text(Msg::GradingAll));
    let reports = exercises::check_all(dir, options, |report| {
        println!("{}", summary_line(report, say));
    })?;
    println!("\n{}", progress(&exercises::status(dir)?, say.lang));
    Ok(if reports.iter().all(Report::passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `wiretrail exercises task ID`: the task in the learner's language, or the English with
/// the reason when the Korean is missing or out of date.
fn task(e: &Exercise, say: Say) -> Result<ExitCode, Error> {
    let shown = e.task_in(say.lang);
    if shown.fallback {
        let note = match e.task_translation() {
            Translation::Missing => Msg::TaskUntranslated,
            _ => Msg::TaskStale,
        };
        let line = format!("! {}", say.text(note));
        println!("{}\n", paint(&line, say.color).trim_end());
    }
    print!("{}", shown.text);
    if !shown.text.ends_with('\n') {
        println!();
    }
    Ok(ExitCode::SUCCESS)
}

fn hint(dir: &Path, e: &Exercise, all: bool, say: Say) -> Result<ExitCode, Error> {
    let hints = if all {
        exercises::hint_all(dir, e.id)?
    } else {
        vec![exercises::hint(dir, e.id)?]
    };
    for (i, hint) in hints.iter().enumerate() {
        if i > 0 {
            println!();
        }
        println!(
            "{}\n",
            say.text(Msg::HintHeading {
                id: e.id,
                number: hint.number,
                total: hint.total
            })
        );
        let shown = hint.text_in(say.lang);
        if shown.fallback {
            println!("{}", say.text(Msg::HintUntranslated));
        }
        println!("{}", shown.text);
    }
    if hints.last().is_some_and(|h| h.number == h.total) {
        println!("\n{}", say.text(Msg::LastHint { id: e.id }));
    }
    Ok(ExitCode::SUCCESS)
}

fn solution(dir: &Path, e: &Exercise, say: Say) -> Result<ExitCode, Error> {
    let code = exercises::solution(dir, e.id)?;
    println!("{}\n", say.text(Msg::SolutionHeading { id: e.id }));
    print!("{code}");
    Ok(ExitCode::SUCCESS)
}

fn reset(dir: &Path, e: &Exercise, say: Say) -> Result<ExitCode, Error> {
    let backup = exercises::reset(dir, e.id)?.map(|b| b.display().to_string());
    println!(
        "{}",
        say.text(Msg::ResetDone {
            id: e.id,
            backup: backup.as_deref()
        })
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bars() {
        assert_eq!(
            progress_bar(0, 19, Lang::En),
            "[..........................] 0/19 passed"
        );
        assert_eq!(
            progress_bar(19, 19, Lang::En),
            "[##########################] 19/19 passed"
        );
        assert_eq!(
            progress_bar(0, 0, Lang::En),
            "[..........................] 0/0 passed"
        );
        assert_eq!(
            progress_bar(1, 2, Lang::Ko),
            "[#############.............] 1/2 통과"
        );
    }

    #[test]
    fn korean_columns_line_up_in_terminal_columns() {
        let widths = [4, 6, 3];
        let en = row(&["ab", "cd", "tail"], &widths);
        let ko = row(&["가", "상태", "tail"], &widths);
        assert_eq!(en, "ab    cd     tail");
        assert_eq!(ko, "가    상태   tail");
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
        // The Korean verdicts are coloured too.
        let ko = paint(
            "통과: 테스트 4개가 모두 통과해요.\n실패: 테스트 4개 중 0개 통과.\n",
            true,
        );
        assert!(ko.contains("\x1b[1;32m통과:"), "{ko}");
        assert!(ko.contains("\x1b[1;31m실패:"), "{ko}");
    }
}
