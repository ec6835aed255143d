//! Every sentence the workbook itself says — the grader's report around the diffs, the
//! statuses and levels, the errors, and the prompts of `wiretrail exercises` — in English and
//! Korean, in one place.
//!
//! A message is a [`Msg`] variant holding the values it names; [`Msg::text`] is one `match`
//! per language, so the compiler refuses a message added without its Korean (the mini-redis
//! habit: a small enum beats a table of format strings nobody checks). The values stay as
//! they are in both languages: ids, paths, commands in backticks, counts. What a test or the
//! compiler printed (insta's diff, rustc's errors) is data and is never translated.
//!
//! The Korean is 해요체, as the Korean book is, with the book's terms: 연습 문제 (exercise),
//! 힌트 (hint), 정답 키 (answer key), 채점기 (grader), 스텁 (stub).

use super::Lang;
use crate::book::Difficulty;
use crate::grade::Outcome;
use crate::workspace::Status;

/// One sentence of the workbook, with its values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Msg<'a> {
    // ── The grader's report ──────────────────────────────────────────────────────────
    /// `* wiretrail brought this workbook up to date: new exercise 19-… — Title`
    NewExercise { id: &'a str, title: &'a str },
    /// The heading of the list of restored grader files.
    KeyRestored,
    /// One restored path that was not in the answer key and was removed.
    RemovedFromKey { path: &'a str },
    /// Where the replaced files were saved.
    KeptIn { path: &'a str },
    /// Why the grader put the files back.
    EditOnlySrc,
    /// Files the grader does not read.
    Ignored { files: &'a str },
    /// The heading of the compiler's warnings.
    Warnings,
    /// The first words of the verdict line (`PASSED:`), which the terminal colours.
    Verdict(Outcome),
    /// `all 4 tests pass.`
    AllPass { total: usize },
    /// The reference solution's command, after a pass.
    CompareWithReference { id: &'a str },
    /// Why a refused setting stops the grading.
    SettingCouldReplace,
    /// After the time-limit verdict.
    RanPastLimit { secs: f32 },
    /// The tests still running at the time limit.
    StillRunning { names: &'a str },
    /// `1 of 4 tests pass, 1 stopped, 2 not run`
    Counts {
        passed: usize,
        total: usize,
        stopped: usize,
        not_run: usize,
    },
    /// How to read insta's diff.
    DiffLegend,
    /// The hint command, after a failure.
    Stuck { id: &'a str },
    /// The learner's own tests do not compile.
    OwnTestsDoNotCompile,
    /// The learner's own tests all pass.
    OwnTestsPass { passed: usize },
    /// Some of the learner's own tests fail.
    OwnTestsFail {
        passed: usize,
        failed: usize,
        names: &'a str,
    },

    // ── Statuses and levels ─────────────────────────────────────────────────────────
    /// A status as `list` (short) or a sentence (long) says it.
    Status { status: Status, short: bool },
    /// `easy`, `medium`, `hard`.
    Level(Difficulty),
    /// `15 min`
    Minutes(u32),

    // ── The task and the hints in another language ──────────────────────────────────
    /// The Korean task is older than the English: the English is shown.
    TaskStale,
    /// There is no Korean task: the English is shown.
    TaskUntranslated,
    /// This hint has no Korean: the English is shown.
    HintUntranslated,

    // ── `wiretrail exercises …` ─────────────────────────────────────────────────────
    /// After `init`.
    Wrote { exercises: usize, dir: &'a str },
    /// `Next:` before the commands to run.
    NextSteps,
    /// The comment after `wiretrail exercises list` in `init`'s advice.
    InitList,
    /// The comment after `wiretrail exercises check 01-…`.
    InitCheck,
    /// The comment after `wiretrail exercises watch`.
    InitWatch,
    /// The columns of `list`, in order.
    Columns,
    /// `5/19 passed` after the progress bar.
    ProgressCount { passed: usize, total: usize },
    /// The next exercise to check.
    NextCheck { id: &'a str },
    /// Every exercise passes.
    AllDone,
    /// Before a check.
    Grading { id: &'a str },
    /// Before `check --all`.
    GradingAll,
    /// One line of `check --all`: what happened.
    Summary {
        outcome: Outcome,
        passed: usize,
        total: usize,
    },
    /// `01-… — hint 1 of 3`
    HintHeading {
        id: &'a str,
        number: usize,
        total: usize,
    },
    /// After the last hint.
    LastHint { id: &'a str },
    /// Above the reference solution.
    SolutionHeading { id: &'a str },
    /// After `reset`; `backup` is where the learner's code went, if it was saved.
    ResetDone {
        id: &'a str,
        backup: Option<&'a str>,
    },
    /// `error: …` before an error.
    ErrorPrefix,
    /// `watch`: before each grading.
    Checking { id: &'a str },
    /// `watch`: one passed, this is the next.
    PassedNext {
        id: &'a str,
        next: &'a str,
        title: &'a str,
        chapter: &'a str,
        level: Difficulty,
        minutes: u32,
        task: &'a str,
    },
    /// `watch`: what it is waiting for.
    WatchingFor { id: &'a str },
    /// `watch`: what it does.
    WatchingIntro { dir: &'a str },
    /// `watch`: the Enter fallback.
    WatchingEnter,

    // ── Errors (see [`crate::Error::message`]) ──────────────────────────────────────
    /// `init` into a directory with files.
    NotEmpty { dir: &'a str },
    /// No `.wiretrail/` here or above.
    NotAWorkbook { dir: &'a str },
    /// No exercise has that id.
    UnknownExercise { id: &'a str },
    /// The solution is locked until a pass.
    NotPassedYet { id: &'a str },
    /// Too much under `src/` and `tests/`.
    TooBig { dir: &'a str },
    /// No exercise named, and not inside one.
    NoExercise,
    /// cargo could not start; `why` is the system's reason.
    NoCargo { why: &'a str },
    /// The app was started without a workbook (or `dir` is not one): how to make one.
    NoWorkbookHere { dir: Option<&'a str> },
}

impl Msg<'_> {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.en(),
            Lang::Ko => self.ko(),
        }
    }

    fn en(&self) -> String {
        match *self {
            Msg::NewExercise { id, title } => {
                format!("* wiretrail brought this workbook up to date: new exercise {id} — {title}")
            }
            Msg::KeyRestored => "! the answer key was changed; restored:".into(),
            Msg::RemovedFromKey { path } => format!("{path} (not in the answer key; removed)"),
            Msg::KeptIn { path } => format!("Your versions are kept in {path}."),
            Msg::EditOnlySrc => {
                "Edit only src/: the tests, the snapshots and the manifests belong to the grader."
                    .into()
            }
            Msg::Ignored { files } => {
                format!("! ignored (the grader builds only src/ and the tests): {files}")
            }
            Msg::Warnings => "warnings:".into(),
            Msg::Verdict(outcome) => match outcome {
                Outcome::Passed => "PASSED:",
                Outcome::Failed => "FAILED:",
                Outcome::BuildFailed => "DOES NOT COMPILE:",
                Outcome::TimedOut => "TIME LIMIT EXCEEDED:",
                Outcome::Refused => "NOT GRADED:",
            }
            .into(),
            Msg::AllPass { total } => format!("all {total} tests pass."),
            Msg::CompareWithReference { id } => {
                format!("Compare with the reference: `wiretrail exercises solution {id}`")
            }
            Msg::SettingCouldReplace => "That setting could replace the code that is built, so no result would mean anything. Remove it (or move it aside) and check again.".into(),
            Msg::RanPastLimit { secs } => format!(
                "the tests ran past {secs} s and were stopped. Is there an infinite loop?"
            ),
            Msg::StillRunning { names } => format!("Still running: {names}"),
            Msg::Counts {
                passed,
                total,
                stopped,
                not_run,
            } => {
                let mut text = format!("{passed} of {total} tests pass");
                if stopped > 0 {
                    text.push_str(&format!(", {stopped} stopped"));
                }
                if not_run > 0 {
                    text.push_str(&format!(", {not_run} not run"));
                }
                text
            }
            Msg::DiffLegend => "In the diffs, `-` lines are the answer key (what the protocol requires) and `+` lines what your code produced.".into(),
            Msg::Stuck { id } => format!("Stuck? `wiretrail exercises hint {id}`"),
            Msg::OwnTestsDoNotCompile => {
                "Your own tests do not compile (this does not change the verdict):".into()
            }
            Msg::OwnTestsPass { passed } => format!("Your own tests: {passed} pass."),
            Msg::OwnTestsFail {
                passed,
                failed,
                names,
            } => format!(
                "Your own tests: {passed} pass, {failed} fail ({names}); they do not change the verdict."
            ),
            Msg::Status { status, short } => match status {
                Status::NotStarted => "not started",
                Status::InProgress if short => "in progress",
                Status::InProgress => "in progress (not checked since the last edit)",
                Status::Failing => "failing",
                Status::Passed => "passed",
            }
            .into(),
            Msg::Level(level) => level.label().into(),
            Msg::Minutes(minutes) => format!("{minutes} min"),
            Msg::TaskStale => "The translation is out of date: here is the English task.".into(),
            Msg::TaskUntranslated => "This task is not translated yet: here it is in English.".into(),
            Msg::HintUntranslated => "(This hint is not translated yet: here it is in English.)".into(),
            Msg::Wrote { exercises, dir } => {
                format!("Wrote a workbook of {exercises} exercises into {dir}.")
            }
            Msg::NextSteps => "Next:".into(),
            Msg::InitList => "# what there is, in book order, and your progress".into(),
            Msg::InitCheck => "# the diff: - is the answer key, + is yours".into(),
            Msg::InitWatch => "# re-grade on every save, and move on when it passes".into(),
            Msg::Columns => "EXERCISE\tSTATUS\tHINTS\tLEVEL\tTIME\tCHAPTER\tTITLE".into(),
            Msg::ProgressCount { passed, total } => format!("{passed}/{total} passed"),
            Msg::NextCheck { id } => format!("Next: wiretrail exercises check {id}"),
            Msg::AllDone => "All done. Every exercise passes.".into(),
            Msg::Grading { id } => {
                format!("Grading {id} (building first; the first build takes a while)...")
            }
            Msg::GradingAll => {
                "Grading every exercise, in book order (the first build takes a while)...".into()
            }
            Msg::Summary {
                outcome,
                passed,
                total,
            } => match outcome {
                Outcome::Passed | Outcome::Failed => format!("{passed}/{total} pass"),
                Outcome::BuildFailed => "does not compile".into(),
                Outcome::TimedOut => "stopped at the time limit".into(),
                Outcome::Refused => "not graded (a Cargo setting)".into(),
            },
            Msg::HintHeading { id, number, total } => format!("{id} — hint {number} of {total}"),
            Msg::LastHint { id } => format!(
                "(That was the last hint. Once your code passes, `wiretrail exercises solution {id}` shows the reference.)"
            ),
            Msg::SolutionHeading { id } => {
                format!("// {id} — the reference solution (your file is unchanged)")
            }
            Msg::ResetDone { id, backup } => match backup {
                Some(path) => format!("{id} is back to the stub. Your code is in {path}."),
                None => format!("{id} is back to the stub."),
            },
            Msg::ErrorPrefix => "error:".into(),
            Msg::Checking { id } => format!("════ checking {id} ════"),
            Msg::PassedNext {
                id,
                next,
                title,
                chapter,
                level,
                minutes,
                task,
            } => format!(
                "✓ {id} passes. Next: {next} — {title} (chapter {chapter}, {}, about {minutes} min). Read {next}/{task}.",
                level.label()
            ),
            Msg::WatchingFor { id } => format!(
                "(watching: save a src/lib.rs, or press Enter to re-grade {id}; Ctrl-C stops)"
            ),
            Msg::WatchingIntro { dir } => format!(
                "Watching {dir}: every second, wiretrail looks for a changed file under an exercise's src/ and grades that exercise; when it passes, it moves on to the next one."
            ),
            Msg::WatchingEnter => "If saving does not trigger a check (some network or container file systems keep old times), press Enter.".into(),
            Msg::NotEmpty { dir } => format!(
                "{dir} is not empty: `wiretrail exercises init` writes a new workbook into an empty or missing directory"
            ),
            Msg::NotAWorkbook { dir } => format!(
                "{dir} is not a workbook (no .wiretrail/ inside, nor in a parent): create one with `wiretrail exercises init DIR`, or pass --dir"
            ),
            Msg::UnknownExercise { id } => {
                format!("there is no exercise {id:?}: `wiretrail exercises list` shows them")
            }
            Msg::NotPassedYet { id } => format!(
                "the solution of {id} opens once your own code passes: run `wiretrail exercises check {id}` (and `wiretrail exercises hint {id}` if you are stuck)"
            ),
            Msg::TooBig { dir } => format!(
                "{dir}: more than 256 files or 8 MiB under src/ and tests/; the grader copies no more"
            ),
            Msg::NoExercise => "which exercise? Name one (`wiretrail exercises check 01`), or run the command inside its folder".into(),
            Msg::NoCargo { why } => {
                format!("cannot run cargo (is it installed and on PATH?): {why}")
            }
            Msg::NoWorkbookHere { dir } => {
                let advice = "No workbook here: run `wiretrail exercises init my-labs` and start the app in it (`cd my-labs && wiretrail`), or pass `--workbook my-labs`.";
                match dir {
                    Some(dir) => format!("{dir} is not a workbook (no .wiretrail/ inside). {advice}"),
                    None => advice.to_owned(),
                }
            }
        }
    }

    fn ko(&self) -> String {
        match *self {
            Msg::NewExercise { id, title } => {
                format!("* wiretrail이 이 워크북을 최신으로 맞췄어요. 새 연습 문제: {id} — {title}")
            }
            Msg::KeyRestored => "! 정답 키가 바뀌어 있어서 원래대로 되돌렸어요:".into(),
            Msg::RemovedFromKey { path } => format!("{path} (정답 키에 없는 파일이라 지웠어요)"),
            Msg::KeptIn { path } => format!("바뀐 파일은 {path}에 보관해 두었어요."),
            Msg::EditOnlySrc => {
                "src/만 고치세요. 테스트, 스냅숏, 매니페스트는 채점기가 관리해요.".into()
            }
            Msg::Ignored { files } => {
                format!("! 무시한 파일(채점기는 src/와 테스트만 빌드해요): {files}")
            }
            Msg::Warnings => "경고:".into(),
            Msg::Verdict(outcome) => match outcome {
                Outcome::Passed => "통과:",
                Outcome::Failed => "실패:",
                Outcome::BuildFailed => "컴파일 실패:",
                Outcome::TimedOut => "시간 초과:",
                Outcome::Refused => "채점 안 함:",
            }
            .into(),
            Msg::AllPass { total } => format!("테스트 {total}개가 모두 통과해요."),
            Msg::CompareWithReference { id } => {
                format!("참고 답안과 비교해 보세요: `wiretrail exercises solution {id}`")
            }
            Msg::SettingCouldReplace => "이 설정은 빌드되는 코드를 바꿔치기할 수 있어서, 어떤 결과가 나와도 믿을 수 없어요. 설정을 지우거나 다른 곳으로 옮긴 뒤 다시 확인하세요.".into(),
            Msg::RanPastLimit { secs } => {
                format!("테스트가 {secs}초를 넘겨서 멈췄어요. 무한 루프가 있지 않나요?")
            }
            Msg::StillRunning { names } => format!("멈출 때 실행 중이던 테스트: {names}"),
            Msg::Counts {
                passed,
                total,
                stopped,
                not_run,
            } => {
                let mut text = format!("테스트 {total}개 중 {passed}개 통과");
                if stopped > 0 {
                    text.push_str(&format!(", {stopped}개 중단"));
                }
                if not_run > 0 {
                    text.push_str(&format!(", {not_run}개 실행 안 됨"));
                }
                text
            }
            Msg::DiffLegend => "diff에서 `-` 줄은 정답 키(프로토콜이 요구하는 값)이고, `+` 줄은 여러분의 코드가 만든 값이에요.".into(),
            Msg::Stuck { id } => format!("막혔나요? `wiretrail exercises hint {id}`"),
            Msg::OwnTestsDoNotCompile => {
                "직접 작성한 테스트가 컴파일되지 않아요(판정에는 영향이 없어요):".into()
            }
            Msg::OwnTestsPass { passed } => format!("직접 작성한 테스트: {passed}개 통과."),
            Msg::OwnTestsFail {
                passed,
                failed,
                names,
            } => format!(
                "직접 작성한 테스트: {passed}개 통과, {failed}개 실패({names}). 판정에는 영향이 없어요."
            ),
            Msg::Status { status, short } => match status {
                Status::NotStarted => "시작 전",
                Status::InProgress if short => "진행 중",
                Status::InProgress => "진행 중(마지막으로 고친 뒤 아직 확인하지 않음)",
                Status::Failing => "실패",
                Status::Passed => "통과",
            }
            .into(),
            Msg::Level(level) => match level {
                Difficulty::Easy => "쉬움",
                Difficulty::Medium => "보통",
                Difficulty::Hard => "어려움",
            }
            .into(),
            Msg::Minutes(minutes) => format!("{minutes}분"),
            Msg::TaskStale => {
                "번역이 최신이 아닙니다. 영어 원문이 바뀌어서 영어 과제를 보여 드려요.".into()
            }
            Msg::TaskUntranslated => {
                "이 과제는 아직 번역되지 않았어요. 영어 원문을 보여 드려요.".into()
            }
            Msg::HintUntranslated => {
                "(이 힌트는 아직 번역되지 않아서 영어로 보여 드려요.)".into()
            }
            Msg::Wrote { exercises, dir } => {
                format!("{dir}에 연습 문제 {exercises}개가 든 워크북을 만들었어요.")
            }
            Msg::NextSteps => "다음 단계:".into(),
            Msg::InitList => "# 어떤 연습 문제가 있는지(책 순서)와 진행 상황".into(),
            Msg::InitCheck => "# diff에서 -는 정답 키, +는 여러분의 코드".into(),
            Msg::InitWatch => "# 저장할 때마다 다시 채점하고, 통과하면 다음 문제로".into(),
            Msg::Columns => "연습 문제\t상태\t힌트\t난이도\t시간\t장\t제목".into(),
            Msg::ProgressCount { passed, total } => format!("{passed}/{total} 통과"),
            Msg::NextCheck { id } => format!("다음: wiretrail exercises check {id}"),
            Msg::AllDone => "모두 끝났어요. 모든 연습 문제를 통과했어요.".into(),
            Msg::Grading { id } => {
                format!("{id} 채점 중이에요(먼저 빌드해요. 첫 빌드는 시간이 좀 걸려요)...")
            }
            Msg::GradingAll => {
                "모든 연습 문제를 책 순서대로 채점해요(첫 빌드는 시간이 좀 걸려요)...".into()
            }
            Msg::Summary {
                outcome,
                passed,
                total,
            } => match outcome {
                Outcome::Passed | Outcome::Failed => format!("{passed}/{total} 통과"),
                Outcome::BuildFailed => "컴파일 실패".into(),
                Outcome::TimedOut => "시간 제한에 걸려 멈춤".into(),
                Outcome::Refused => "채점 안 함(Cargo 설정 때문)".into(),
            },
            Msg::HintHeading { id, number, total } => {
                format!("{id} — 힌트 {number}/{total}")
            }
            Msg::LastHint { id } => format!(
                "(마지막 힌트였어요. 코드가 통과하면 `wiretrail exercises solution {id}`로 참고 답안을 볼 수 있어요.)"
            ),
            Msg::SolutionHeading { id } => {
                format!("// {id} — 참고 답안(여러분의 파일은 그대로예요)")
            }
            Msg::ResetDone { id, backup } => match backup {
                Some(path) => format!(
                    "{id}: 처음 상태(스텁)로 되돌렸어요. 여러분의 코드는 {path}에 있어요."
                ),
                None => format!("{id}: 처음 상태(스텁)로 되돌렸어요."),
            },
            Msg::ErrorPrefix => "오류:".into(),
            Msg::Checking { id } => format!("════ {id} 채점 ════"),
            Msg::PassedNext {
                id,
                next,
                title,
                chapter,
                level,
                minutes,
                task,
            } => format!(
                "✓ {id} 통과. 다음: {next} — {title}(장 {chapter}, {}, 약 {minutes}분). {next}/{task}를 읽어 보세요.",
                Msg::Level(level).ko()
            ),
            Msg::WatchingFor { id } => format!(
                "(지켜보는 중: src/lib.rs를 저장하거나 Enter를 누르면 {id}를 다시 채점해요. 멈추려면 Ctrl-C)"
            ),
            Msg::WatchingIntro { dir } => format!(
                "{dir}를 지켜보고 있어요. 매초 각 연습 문제의 src/ 아래에서 바뀐 파일을 찾아 그 연습 문제를 채점하고, 통과하면 다음 문제로 넘어가요."
            ),
            Msg::WatchingEnter => "저장해도 채점이 시작되지 않으면(일부 네트워크·컨테이너 파일 시스템은 파일 시간을 제때 바꾸지 않아요) Enter를 누르세요.".into(),
            Msg::NotEmpty { dir } => format!(
                "{dir}가 비어 있지 않아요. `wiretrail exercises init`은 비어 있거나 없는 디렉터리에만 새 워크북을 만들어요."
            ),
            Msg::NotAWorkbook { dir } => format!(
                "{dir}는 워크북이 아니에요(그 안에도, 상위 디렉터리에도 .wiretrail/이 없어요). `wiretrail exercises init DIR`로 만들거나 --dir을 지정하세요."
            ),
            Msg::UnknownExercise { id } => format!(
                "{id:?}라는 연습 문제는 없어요. `wiretrail exercises list`로 목록을 볼 수 있어요."
            ),
            Msg::NotPassedYet { id } => format!(
                "{id}의 참고 답안은 여러분의 코드가 통과한 뒤에 열려요. `wiretrail exercises check {id}`를 실행하세요(막히면 `wiretrail exercises hint {id}`)."
            ),
            Msg::TooBig { dir } => format!(
                "{dir}: src/와 tests/ 아래에 파일이 256개 또는 8 MiB를 넘어요. 채점기는 그 이상 복사하지 않아요."
            ),
            Msg::NoExercise => "어느 연습 문제인가요? 이름을 적거나(`wiretrail exercises check 01`) 그 연습 문제의 폴더 안에서 실행하세요.".into(),
            Msg::NoCargo { why } => {
                format!("cargo를 실행할 수 없어요(설치되어 있고 PATH에 있나요?): {why}")
            }
            Msg::NoWorkbookHere { dir } => {
                let advice = "아직 워크북이 없어요. `wiretrail exercises init my-labs`로 만들고 그 안에서 앱을 실행하거나(`cd my-labs && wiretrail`), `--workbook my-labs`를 지정하세요.";
                match dir {
                    Some(dir) => format!("{dir}는 워크북이 아니에요(안에 .wiretrail/이 없어요). {advice}"),
                    None => advice.to_owned(),
                }
            }
        }
    }
}

/// How many terminal columns `text` takes: Hangul and the CJK ideographs take two.
pub fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// `text` padded with spaces to `columns` terminal columns (as `{:<columns}` does for
/// ASCII).
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_owned();
    out.push_str(&" ".repeat(columns.saturating_sub(width(text))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every message, with values, for the tests below.
    fn every() -> Vec<Msg<'static>> {
        let outcomes = [
            Outcome::Passed,
            Outcome::Failed,
            Outcome::BuildFailed,
            Outcome::TimedOut,
            Outcome::Refused,
        ];
        let mut all = vec![
            Msg::NewExercise {
                id: "19-x",
                title: "T",
            },
            Msg::KeyRestored,
            Msg::RemovedFromKey { path: "p" },
            Msg::KeptIn { path: "p" },
            Msg::EditOnlySrc,
            Msg::Ignored { files: "build.rs" },
            Msg::Warnings,
            Msg::AllPass { total: 4 },
            Msg::CompareWithReference { id: "01" },
            Msg::SettingCouldReplace,
            Msg::RanPastLimit { secs: 2.0 },
            Msg::StillRunning { names: "a" },
            Msg::Counts {
                passed: 1,
                total: 4,
                stopped: 1,
                not_run: 2,
            },
            Msg::DiffLegend,
            Msg::Stuck { id: "01" },
            Msg::OwnTestsDoNotCompile,
            Msg::OwnTestsPass { passed: 2 },
            Msg::OwnTestsFail {
                passed: 1,
                failed: 1,
                names: "a",
            },
            Msg::Minutes(15),
            Msg::TaskStale,
            Msg::TaskUntranslated,
            Msg::HintUntranslated,
            Msg::Wrote {
                exercises: 19,
                dir: "d",
            },
            Msg::NextSteps,
            Msg::InitList,
            Msg::InitCheck,
            Msg::InitWatch,
            Msg::Columns,
            Msg::ProgressCount {
                passed: 1,
                total: 2,
            },
            Msg::NextCheck { id: "01" },
            Msg::AllDone,
            Msg::Grading { id: "01" },
            Msg::GradingAll,
            Msg::HintHeading {
                id: "01",
                number: 1,
                total: 3,
            },
            Msg::LastHint { id: "01" },
            Msg::SolutionHeading { id: "01" },
            Msg::ResetDone {
                id: "01",
                backup: Some("b"),
            },
            Msg::ResetDone {
                id: "01",
                backup: None,
            },
            Msg::ErrorPrefix,
            Msg::Checking { id: "01" },
            Msg::PassedNext {
                id: "01",
                next: "02",
                title: "T",
                chapter: "08",
                level: Difficulty::Easy,
                minutes: 5,
                task: "TASK.md",
            },
            Msg::WatchingFor { id: "01" },
            Msg::WatchingIntro { dir: "d" },
            Msg::WatchingEnter,
            Msg::NotEmpty { dir: "d" },
            Msg::NotAWorkbook { dir: "d" },
            Msg::UnknownExercise { id: "99" },
            Msg::NotPassedYet { id: "01" },
            Msg::TooBig { dir: "d" },
            Msg::NoExercise,
            Msg::NoCargo { why: "w" },
            Msg::NoWorkbookHere { dir: None },
            Msg::NoWorkbookHere { dir: Some("d") },
        ];
        for outcome in outcomes {
            all.push(Msg::Verdict(outcome));
            all.push(Msg::Summary {
                outcome,
                passed: 1,
                total: 2,
            });
        }
        for status in [
            Status::NotStarted,
            Status::InProgress,
            Status::Failing,
            Status::Passed,
        ] {
            all.push(Msg::Status {
                status,
                short: true,
            });
            all.push(Msg::Status {
                status,
                short: false,
            });
        }
        for level in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard] {
            all.push(Msg::Level(level));
        }
        all
    }

    #[test]
    fn every_message_is_korean_and_keeps_its_values() {
        let hangul = |s: &str| s.chars().any(|c| ('가'..='힣').contains(&c));
        for msg in every() {
            let (en, ko) = (msg.text(Lang::En), msg.text(Lang::Ko));
            assert!(!hangul(&en), "{msg:?}: {en}");
            assert!(hangul(&ko), "{msg:?}: no Korean in {ko}");
            // Every command and path in backticks is the same in both.
            let code = |s: &str| -> Vec<String> {
                s.split('`').skip(1).step_by(2).map(str::to_owned).collect()
            };
            assert_eq!(code(&en), code(&ko), "{msg:?}");
            // So is every number.
            let numbers = |s: &str| -> Vec<String> {
                let mut n: Vec<String> = s
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect();
                n.sort();
                n
            };
            assert_eq!(numbers(&en), numbers(&ko), "{msg:?}: {en} / {ko}");
        }
    }

    #[test]
    fn the_columns_line_up() {
        assert_eq!(Msg::Columns.text(Lang::En).split('\t').count(), 7);
        assert_eq!(Msg::Columns.text(Lang::Ko).split('\t').count(), 7);
        assert_eq!(width("상태"), 4);
        assert_eq!(width("a상"), 3);
        assert_eq!(pad("상태", 6), "상태  ");
        assert_eq!(pad("status", 3), "status");
    }

    #[test]
    fn the_verdicts_are_told_apart() {
        // The terminal colours a line by the verdict it starts with: none may start another.
        for lang in Lang::ALL {
            let all: Vec<String> = Outcome::ALL
                .into_iter()
                .map(|o| Msg::Verdict(o).text(lang))
                .collect();
            for (i, a) in all.iter().enumerate() {
                for (j, b) in all.iter().enumerate() {
                    assert!(i == j || !a.starts_with(b.as_str()), "{a} / {b}");
                }
            }
        }
    }
}
