// The workbook in the chapter pages: a "Workbook" section after the page's text (before its
// quiz) with one card per exercise that belongs on this page: title, level and time, status,
// the task, a Check button that runs the grader in the learner's workbook, the hints one at a
// time, and the same commands for the terminal. Fed by /api/exercises?page=…
// (crates/server/src/routes/exercises.rs).
//
// Everything the grader or the learner's code produced reaches the page via textContent only;
// the task's HTML is the app's own (TASK.md embedded in the binary, rendered by the server).
//
// The cards follow the page's language: on a Korean page (<html lang="ko">) every request
// says `lang=ko`, so the server sends the Korean title, task and hints where they are current
// (and the English with its note where not), and every sentence of the card itself goes
// through t()/tn() (static/i18n.js; the Korean in po/scripts/ko.po). The values meant for
// code (`status`, `outcome`, `difficulty`) are English in every language.

import { t, tn, lang } from "./i18n.js";

const page = document.body.dataset.page ?? "";
/** `?lang=ko` on a Korean page, nothing on an English one. */
const langQuery = lang === "en" ? "" : `lang=${encodeURIComponent(lang)}`;
const withLang = (url) => (langQuery ? `${url}${url.includes("?") ? "&" : "?"}${langQuery}` : url);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

/** `wiretrail exercises check ID` as a code element. */
const code = (text) => el("code", { text });

/** A sentence from the server as a paragraph, its `backticked` parts as code elements (each
 * part a text node: the server's sentence never becomes markup). */
export function withCode(text, props = {}) {
  const p = el("p", props);
  String(text).split("`").forEach((part, i) => { if (part) p.append(i % 2 ? code(part) : part); });
  return p;
}

async function postJson(url) {
  const response = await fetch(url, { method: "POST", headers: { Accept: "application/json", "x-wiretrail": "1" } });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  return { ok: response.ok, status: response.status, body };
}

/** A status as the card says it (the key stays English in `data-status`, for the CSS). */
function statusLabel(status) {
  switch (status) {
    case "not started": return t("not started");
    case "in progress": return t("in progress");
    case "failing": return t("failing");
    case "passed": return t("passed");
    case null: case undefined: return t("no workbook");
    default: return String(status);
  }
}

function levelLabel(difficulty) {
  switch (difficulty) {
    case "easy": return t("easy");
    case "medium": return t("medium");
    case "hard": return t("hard");
    default: return String(difficulty);
  }
}

function setStatus(badge, status) {
  badge.textContent = statusLabel(status);
  badge.dataset.status = String(status ?? "no workbook").replace(/\s+/g, "-");
}

/** "1 of 4 tests pass, 1 stopped, 2 not run": the counts as the grader has them, each
 * combination one whole sentence (Korean orders the words differently). */
function counts(report) {
  const total = report.tests_total ?? report.tests_passed + report.tests_failed;
  const vars = { passed: report.tests_passed, total, stopped: report.unfinished?.length ?? 0, notRun: report.tests_not_run ?? 0 };
  if (vars.stopped && vars.notRun) return t("{passed} of {total} tests pass, {stopped} stopped, {notRun} not run", vars);
  if (vars.stopped) return t("{passed} of {total} tests pass, {stopped} stopped", vars);
  if (vars.notRun) return t("{passed} of {total} tests pass, {notRun} not run", vars);
  return t("{passed} of {total} tests pass", vars);
}

function showReport(out, report) {
  out.replaceChildren();
  const total = report.tests_total ?? report.tests_passed + report.tests_failed;
  if (report.restored?.length) {
    out.append(el("p", { class: "exercise-note", text:
      t("The answer key had been changed and was restored before grading (your versions are kept under .wiretrail/backup/): {files}. Edit only src/.", { files: report.restored.join(", ") }) }));
  }
  if (report.ignored?.length) {
    out.append(el("p", { class: "exercise-note", text:
      t("Ignored (the grader builds only src/ and the tests): {files}.", { files: report.ignored.join(", ") }) }));
  }
  if (report.warnings) {
    out.append(el("p", { class: "exercise-note", text: t("The compiler warns:") }),
      el("pre", { class: "exercise-diff", text: report.warnings }));
  }
  switch (report.outcome) {
    case "passed":
      out.append(el("p", { class: "exercise-verdict passed", text: tn(total, "✓ Passed: the test passes.", "✓ Passed: all {n} tests pass.") }),
        withCode(t("Compare with the reference: `wiretrail exercises solution {id}`", { id: report.id })));
      showOwnTests(out, report.own_tests);
      return;
    case "build_failed":
      out.append(el("p", { class: "exercise-verdict failed", text: t("✗ Does not compile:") }),
        el("pre", { class: "exercise-diff", text: report.build_output }));
      return;
    case "refused":
      out.append(el("p", { class: "exercise-verdict failed", text: t("✗ Not graded: {why}", { why: report.refusal }) }));
      return;
    case "timed_out":
      out.append(el("p", { class: "exercise-verdict failed", text:
        t("✗ Time limit exceeded: the tests ran past {secs} s and were stopped. Is there an infinite loop? {counts}.", { secs: report.time_limit_secs, counts: counts(report) }) }));
      if (report.unfinished?.length) out.append(el("p", { text: t("Still running: {names}", { names: report.unfinished.join(", ") }) }));
      break;
    default:
      out.append(el("p", { class: "exercise-verdict failed", text: t("✗ Failed: {counts}.", { counts: counts(report) }) }));
  }
  if (report.failures.some((f) => f.output.includes("-old snapshot"))) {
    out.append(el("p", { class: "exercise-note", text:
      t("In each diff, − lines are the answer key (what the protocol requires) and + lines what your code produced.") }));
  }
  for (const failure of report.failures) {
    out.append(el("h4", { class: "exercise-test", text: failure.name }),
      el("pre", { class: "exercise-diff", text: failure.output }));
  }
  if (report.failures_omitted) {
    out.append(el("p", { text: tn(report.failures_omitted, "(1 more failing test not shown.)", "({n} more failing tests not shown.)") }));
  }
  showOwnTests(out, report.own_tests);
}

/** The learner's own tests: reported apart, never part of the verdict. */
function showOwnTests(out, own) {
  if (!own) return;
  const text = !own.built
    ? t("Your own tests do not compile (this does not change the verdict).")
    : own.failed.length
      ? t("Your own tests: {passed} pass, {failed} fail ({names}).", { passed: own.passed, failed: own.failed.length, names: own.failed.join(", ") })
      : t("Your own tests: {passed} pass.", { passed: own.passed });
  out.append(el("p", { class: "exercise-note", text }));
}

function hintItem(number, total, text, inEnglish) {
  const item = el("li", {}, el("span", { class: "exercise-hint-number", text: t("Hint {number} of {total}", { number, total }) }));
  if (inEnglish) item.append(el("p", { class: "exercise-note", text: t("This hint is not translated yet; here it is in English.") }));
  item.append(el("p", { class: "exercise-hint-text", text, lang: inEnglish ? "en" : lang }));
  return item;
}

function card(ex, hasWorkbook) {
  const headingId = `exercise-${ex.id}`;
  const badge = el("span", { class: "exercise-status" });
  setStatus(badge, ex.status);
  const task = el("div", { class: "exercise-task", lang: ex.task_lang ?? "en" });
  // The app's own HTML (the embedded TASK.md or TASK.ko.md), never a peer's text.
  task.innerHTML = ex.task_html;
  // The server's sentence (in the page's language) when the Korean task is missing or stale.
  if (ex.task_note) task.prepend(el("p", { class: "exercise-note exercise-stale", text: ex.task_note }));
  const commands = el("p", { class: "exercise-commands" }, t("In a terminal, in the workbook:"), " ",
    code(ex.check_command), " · ", code(ex.hint_command));
  const node = el("article", { class: "exercise-card", "data-exercise": ex.id, "aria-labelledby": headingId },
    el("header", { class: "exercise-head" },
      el("h3", { id: headingId, text: `${String(ex.number).padStart(2, "0")} — ${ex.title}` }), badge),
    el("p", { class: "exercise-meta", text: t("{level} · about {minutes} min", { level: levelLabel(ex.difficulty), minutes: ex.minutes }) }),
    el("details", { class: "exercise-details" }, el("summary", { text: t("The task") }), task));
  if (!hasWorkbook) {
    node.append(commands);
    return node;
  }
  const checkButton = el("button", { type: "button", class: "exercise-check", text: t("Check") });
  const hintButton = el("button", { type: "button", class: "exercise-hint", text: t("Next hint") });
  const result = el("div", { class: "exercise-result", "aria-live": "polite" });
  const hints = el("ol", { class: "exercise-hints", "aria-live": "polite" });
  ex.hints.forEach((text, i) => hints.append(hintItem(i + 1, ex.hints_total, text, ex.hints_in_english?.[i])));
  if (ex.hints.length >= ex.hints_total) hintButton.textContent = t("Last hint again");

  checkButton.addEventListener("click", async () => {
    checkButton.disabled = true;
    checkButton.textContent = t("grading…");
    result.replaceChildren(el("p", { class: "exercise-grading", text: t("grading… (building first; the first build takes a while)") }));
    node.setAttribute("aria-busy", "true");
    try {
      const { ok, body } = await postJson(withLang(`/api/exercises/${encodeURIComponent(ex.id)}/check`));
      if (ok && body) {
        showReport(result, body);
        setStatus(badge, body.status ?? (body.passed ? "passed" : "failing"));
      } else {
        result.replaceChildren(withCode(body?.error ?? t("The check could not run."), { class: "exercise-error" }));
      }
    } catch {
      result.replaceChildren(el("p", { class: "exercise-error", text: t("The app did not answer; is it still running?") }));
    } finally {
      checkButton.disabled = false;
      checkButton.textContent = t("Check");
      node.removeAttribute("aria-busy");
    }
  });

  hintButton.addEventListener("click", async () => {
    hintButton.disabled = true;
    try {
      const { ok, body } = await postJson(withLang(`/api/exercises/${encodeURIComponent(ex.id)}/hint`));
      if (ok && body) {
        if (hints.children.length < body.number) hints.append(hintItem(body.number, body.total, body.text, body.in_english));
        else hints.lastElementChild?.scrollIntoView({ block: "nearest" });
        if (body.last) hintButton.textContent = t("Last hint again");
      } else {
        result.replaceChildren(withCode(body?.error ?? t("No hint came back."), { class: "exercise-error" }));
      }
    } catch {
      result.replaceChildren(el("p", { class: "exercise-error", text: t("The app did not answer; is it still running?") }));
    } finally {
      hintButton.disabled = false;
    }
  });

  node.append(el("div", { class: "exercise-actions" }, checkButton, " ", hintButton), result, hints, commands);
  return node;
}

async function main() {
  if (!/^\d{2}-[a-z0-9-]+\/[a-z0-9-]+\.html$/.test(page)) return;
  const article = document.querySelector("article.chapter");
  if (!article) return;
  let data;
  try {
    const response = await fetch(withLang(`/api/exercises?page=${encodeURIComponent(page)}`));
    if (!response.ok) return;
    data = await response.json();
  } catch {
    return;
  }
  if (!data.exercises?.length) return;
  const hasWorkbook = Boolean(data.workbook);
  const section = el("section", { class: "workbook", "aria-labelledby": "workbook" },
    el("h2", { id: "workbook", text: t("Workbook") }));
  if (hasWorkbook) {
    section.append(withCode(t("Solve these in your own crate, in the workbook at `{dir}`: edit the exercise's src/lib.rs, then press Check (or run the command below).",
      { dir: data.workbook }), { class: "workbook-intro" }));
  } else {
    section.append(el("div", { class: "workbook-setup" },
      el("p", { text: t("These exercises are solved in a workbook of your own, a Cargo workspace graded by snapshot tests. Start one, then run the app in it:") }),
      el("pre", { text: "wiretrail exercises init my-labs\ncd my-labs && wiretrail" }),
      withCode(data.setup ?? "", { class: "exercise-note" })));
  }
  for (const ex of data.exercises) section.append(card(ex, hasWorkbook));
  const quiz = article.querySelector("section.quiz");
  if (quiz) quiz.before(section);
  else article.append(section);
}

main();
