// The workbook in the chapter pages: a "Workbook" section after the page's text (before its
// quiz) with one card per exercise that belongs on this page: title, level and time, status,
// the task, a Check button that runs the grader in the learner's workbook, the hints one at a
// time, and the same commands for the terminal. Fed by /api/exercises?page=…
// (crates/server/src/routes/exercises.rs).
//
// Everything the grader or the learner's code produced reaches the page via textContent only;
// the task's HTML is the app's own (TASK.md embedded in the binary, rendered by the server).

const page = document.body.dataset.page ?? "";

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

function setStatus(badge, status) {
  const label = status ?? "no workbook";
  badge.textContent = label;
  badge.dataset.status = label.replace(/\s+/g, "-");
}

/** Draws a grading report into `out`. */
/** "1 of 4 tests pass, 1 stopped, 2 not run": the counts as the grader has them. */
function counts(report) {
  const total = report.tests_total ?? report.tests_passed + report.tests_failed;
  let text = `${report.tests_passed} of ${total} tests pass`;
  if (report.unfinished?.length) text += `, ${report.unfinished.length} stopped`;
  if (report.tests_not_run) text += `, ${report.tests_not_run} not run`;
  return text;
}

function showReport(out, report) {
  out.replaceChildren();
  const total = report.tests_total ?? report.tests_passed + report.tests_failed;
  if (report.restored?.length) {
    out.append(el("p", { class: "exercise-note", text:
      `The answer key had been changed and was restored before grading (your versions are kept under .wiretrail/backup/): ${report.restored.join(", ")}. Edit only src/.` }));
  }
  if (report.ignored?.length) {
    out.append(el("p", { class: "exercise-note", text:
      `Ignored (the grader builds only src/ and the tests): ${report.ignored.join(", ")}.` }));
  }
  if (report.warnings) {
    out.append(el("p", { class: "exercise-note", text: "The compiler warns:" }),
      el("pre", { class: "exercise-diff", text: report.warnings }));
  }
  switch (report.outcome) {
    case "passed":
      out.append(el("p", { class: "exercise-verdict passed", text: `✓ Passed: all ${total} tests pass.` }),
        el("p", {}, "Compare with the reference: ", code(`wiretrail exercises solution ${report.id}`)));
      showOwnTests(out, report.own_tests);
      return;
    case "build_failed":
      out.append(el("p", { class: "exercise-verdict failed", text: "✗ Does not compile:" }),
        el("pre", { class: "exercise-diff", text: report.build_output }));
      return;
    case "refused":
      out.append(el("p", { class: "exercise-verdict failed", text: `✗ Not graded: ${report.refusal}` }));
      return;
    case "timed_out":
      out.append(el("p", { class: "exercise-verdict failed", text:
        `✗ Time limit exceeded: the tests ran past ${report.time_limit_secs} s and were stopped. Is there an infinite loop? ${counts(report)}.` }));
      if (report.unfinished?.length) out.append(el("p", { text: `Still running: ${report.unfinished.join(", ")}` }));
      break;
    default:
      out.append(el("p", { class: "exercise-verdict failed", text: `✗ Failed: ${counts(report)}.` }));
  }
  if (report.failures.some((f) => f.output.includes("-old snapshot"))) {
    out.append(el("p", { class: "exercise-note", text:
      "In each diff, − lines are the answer key (what the protocol requires) and + lines what your code produced." }));
  }
  for (const failure of report.failures) {
    out.append(el("h4", { class: "exercise-test", text: failure.name }),
      el("pre", { class: "exercise-diff", text: failure.output }));
  }
  if (report.failures_omitted) out.append(el("p", { text: `(${report.failures_omitted} more failing tests not shown.)` }));
  showOwnTests(out, report.own_tests);
}

/** The learner's own tests: reported apart, never part of the verdict. */
function showOwnTests(out, own) {
  if (!own) return;
  const text = !own.built
    ? "Your own tests do not compile (this does not change the verdict)."
    : own.failed.length
      ? `Your own tests: ${own.passed} pass, ${own.failed.length} fail (${own.failed.join(", ")}).`
      : `Your own tests: ${own.passed} pass.`;
  out.append(el("p", { class: "exercise-note", text }));
}

function hintItem(number, total, text) {
  return el("li", {}, el("span", { class: "exercise-hint-number", text: `Hint ${number} of ${total}` }),
    el("p", { class: "exercise-hint-text", text }));
}

function card(ex, hasWorkbook) {
  const headingId = `exercise-${ex.id}`;
  const badge = el("span", { class: "exercise-status" });
  setStatus(badge, ex.status);
  const task = el("div", { class: "exercise-task" });
  // The app's own HTML (the embedded TASK.md), never a peer's text.
  task.innerHTML = ex.task_html;
  const commands = el("p", { class: "exercise-commands" }, "In a terminal, in the workbook: ",
    code(ex.check_command), " · ", code(ex.hint_command));
  const node = el("article", { class: "exercise-card", "data-exercise": ex.id, "aria-labelledby": headingId },
    el("header", { class: "exercise-head" },
      el("h3", { id: headingId, text: `${String(ex.number).padStart(2, "0")} — ${ex.title}` }), badge),
    el("p", { class: "exercise-meta", text: `${ex.difficulty} · about ${ex.minutes} min` }),
    el("details", { class: "exercise-details" }, el("summary", { text: "The task" }), task));
  if (!hasWorkbook) {
    node.append(commands);
    return node;
  }
  const checkButton = el("button", { type: "button", class: "exercise-check", text: "Check" });
  const hintButton = el("button", { type: "button", class: "exercise-hint", text: "Next hint" });
  const result = el("div", { class: "exercise-result", "aria-live": "polite" });
  const hints = el("ol", { class: "exercise-hints", "aria-live": "polite" });
  ex.hints.forEach((text, i) => hints.append(hintItem(i + 1, ex.hints_total, text)));
  if (ex.hints.length >= ex.hints_total) hintButton.textContent = "Last hint again";

  checkButton.addEventListener("click", async () => {
    checkButton.disabled = true;
    checkButton.textContent = "grading…";
    result.replaceChildren(el("p", { class: "exercise-grading", text: "grading… (building first; the first build takes a while)" }));
    node.setAttribute("aria-busy", "true");
    try {
      const { ok, body } = await postJson(`/api/exercises/${encodeURIComponent(ex.id)}/check`);
      if (ok && body) {
        showReport(result, body);
        setStatus(badge, body.status ?? (body.passed ? "passed" : "failing"));
      } else {
        result.replaceChildren(withCode(body?.error ?? "The check could not run.", { class: "exercise-error" }));
      }
    } catch {
      result.replaceChildren(el("p", { class: "exercise-error", text: "The app did not answer; is it still running?" }));
    } finally {
      checkButton.disabled = false;
      checkButton.textContent = "Check";
      node.removeAttribute("aria-busy");
    }
  });

  hintButton.addEventListener("click", async () => {
    hintButton.disabled = true;
    try {
      const { ok, body } = await postJson(`/api/exercises/${encodeURIComponent(ex.id)}/hint`);
      if (ok && body) {
        if (hints.children.length < body.number) hints.append(hintItem(body.number, body.total, body.text));
        else hints.lastElementChild?.scrollIntoView({ block: "nearest" });
        if (body.last) hintButton.textContent = "Last hint again";
      } else {
        result.replaceChildren(withCode(body?.error ?? "No hint came back.", { class: "exercise-error" }));
      }
    } catch {
      result.replaceChildren(el("p", { class: "exercise-error", text: "The app did not answer; is it still running?" }));
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
    const response = await fetch(`/api/exercises?page=${encodeURIComponent(page)}`);
    if (!response.ok) return;
    data = await response.json();
  } catch {
    return;
  }
  if (!data.exercises?.length) return;
  const hasWorkbook = Boolean(data.workbook);
  const section = el("section", { class: "workbook", "aria-labelledby": "workbook" },
    el("h2", { id: "workbook", text: "Workbook" }));
  if (hasWorkbook) {
    section.append(el("p", { class: "workbook-intro" },
      "Solve these in your own crate, in the workbook at ", code(data.workbook),
      ": edit the exercise's src/lib.rs, then press Check (or run the command below)."));
  } else {
    section.append(el("div", { class: "workbook-setup" },
      el("p", { text: "These exercises are solved in a workbook of your own, a Cargo workspace graded by snapshot tests. Start one, then run the app in it:" }),
      el("pre", { text: "wiretrail exercises init my-labs\ncd my-labs && wiretrail" }),
      withCode(data.setup ?? "", { class: "exercise-note" })));
  }
  for (const ex of data.exercises) section.append(card(ex, hasWorkbook));
  const quiz = article.querySelector("section.quiz");
  if (quiz) quiz.before(section);
  else article.append(section);
}

main();
