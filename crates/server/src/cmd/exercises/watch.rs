//! `wiretrail exercises watch`: re-grade the exercise in hand whenever a source file changes
//! (or Enter is pressed), and move on to the next pending one once it passes.

use super::*;

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

/// The first exercise after `current`, in book order (wrapping around), that has not passed.
fn next_pending(statuses: &[ExerciseStatus], current: &str) -> Option<&'static Exercise> {
    let at = statuses
        .iter()
        .position(|s| s.exercise.id == current)
        .unwrap_or(0);
    statuses
        .iter()
        .cycle()
        .skip(at + 1)
        .take(statuses.len())
        .find(|s| s.status != Status::Passed && s.exercise.id != current)
        .map(|s| s.exercise)
}

/// Grades `id`; if it passes, names the next exercise not passed yet and grades that one
/// too. Returns the exercise to watch from now on.
fn grade_and_advance(
    dir: &Path,
    id: &'static str,
    options: &CheckOptions,
    say: Say,
) -> Result<&'static str, Error> {
    println!("\n{}", say.text(Msg::Checking { id }));
    let report = exercises::check_with(dir, id, options)?;
    print!("{}", paint(&report.render(say.lang), say.color));
    let statuses = exercises::status(dir)?;
    let passed = statuses
        .iter()
        .filter(|s| s.status == Status::Passed)
        .count();
    println!("{}", progress_bar(passed, statuses.len(), say.lang));
    let mut current = id;
    if report.passed() {
        match next_pending(&statuses, id) {
            Some(next) => {
                let title = next.title_in(say.lang);
                println!(
                    "\n{}",
                    say.text(Msg::PassedNext {
                        id,
                        next: next.id,
                        title: &title,
                        chapter: &next.chapter,
                        level: next.difficulty,
                        minutes: next.minutes,
                        task: task_file(next, say.lang),
                    })
                );
                current = next.id;
                println!("\n{}", say.text(Msg::Checking { id: current }));
                let next_report = exercises::check_with(dir, current, options)?;
                print!("{}", paint(&next_report.render(say.lang), say.color));
            }
            None => println!("\n{}", say.text(Msg::AllDone)),
        }
    }
    println!("{}", say.text(Msg::WatchingFor { id: current }));
    Ok(current)
}

pub(super) fn watch(
    dir: &Path,
    start: Option<&'static Exercise>,
    options: &CheckOptions,
    say: Say,
) -> Result<ExitCode, Error> {
    let statuses = exercises::status(dir)?;
    let mut current: &'static str = match start {
        Some(e) => e.id,
        None => statuses
            .iter()
            .find(|s| s.status != Status::Passed)
            .or(statuses.first())
            .map_or("", |s| s.exercise.id),
    };
    let dir: PathBuf = dir.to_path_buf();
    let shown = dir.display().to_string();
    println!("{}", say.text(Msg::WatchingIntro { dir: &shown }));
    println!("{}", say.text(Msg::WatchingEnter));

    // Enter on stdin re-grades the current exercise; the reader thread ends with stdin.
    let (enter_tx, enter_rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            if line.is_err() || enter_tx.send(()).is_err() {
                break;
            }
        }
    });

    current = grade_and_advance(&dir, current, options, say)?;
    // The grader may rewrite files (it restores the answer key, never src/), so take the
    // times after grading.
    let mut times = source_times(&dir);
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
        if let Some(id) = changed.last() {
            current = id;
        }
        if enter || !changed.is_empty() {
            current = grade_and_advance(&dir, current, options, say)?;
        }
        times = source_times(&dir);
    }
}
