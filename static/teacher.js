// The teacher's view: the rooms and their members, the rooms' traffic and the live
// question (polled every two seconds), the speaker notes, and the lesson's controls.
// Every POST sends X-Wiretrail: 1; every name and message a student chose is text.
import { h } from "./render/dom.js";
import { t, tn, lang } from "./i18n.js";

const $ = (id) => document.getElementById(id);

/** A live question's phase as the server names it (open, closed, revealed), for display. */
const PHASES = { open: t("open"), closed: t("closed"), revealed: t("revealed") };
const phase = (p) => (Object.hasOwn(PHASES, p) ? PHASES[p] : p);

async function post(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Wiretrail": "1" },
    body: JSON.stringify(body ?? {}),
  });
  const json = await res.json().catch(() => ({}));
  $("t-result").textContent = res.ok ? t("Reached {n} sockets.", { n: json.reached }) : (json.error ?? `HTTP ${res.status}`);
  return res.ok ? json : null;
}

function labsOf(m) {
  if (!m.labs?.length) return t("none");
  return m.labs.map((lab) => h("span", { class: "t-lab" },
    `${lab.lab} ${lab.id.slice(0, 6)}… `,
    (lab.exports ?? []).map((x) => [h("a", { href: x.href, download: "" }, x.format), " "])));
}

async function refreshRooms() {
  const res = await fetch("/api/teacher/rooms");
  if (!res.ok) {
    $("t-count").textContent = `HTTP ${res.status}`;
    return;
  }
  const data = await res.json();
  const rooms = tn(data.rooms.length, "{n} room", "{n} rooms");
  $("t-count").textContent = tn(data.students, "{n} student in {rooms}.", "{n} students in {rooms}.", { rooms });
  const out = data.rooms.map((r) =>
    h("section", {},
      h("h3", {}, t("{room}: {members} here, {messages} messages, {slow} closed as slow",
        { room: r.room, members: r.members.length, messages: r.messages, slow: r.slow_closed })),
      h("table", { class: "t-members" },
        h("tr", {}, h("th", {}, t("nickname")), h("th", {}, t("computer · browser")), h("th", {}, t("sent")),
          h("th", {}, t("since")), h("th", {}, t("labs open (captures)"))),
        r.members.map((m) => h("tr", {}, h("td", {}, m.nick), h("td", {}, m.client), h("td", {}, m.sent),
          h("td", {}, t("{s} s", { s: m.since_s })), h("td", {}, labsOf(m)))))));
  $("t-rooms").replaceChildren(...out);
}

function describe(e) {
  switch (e.type) {
    case "message": return [h("span", { class: "who" }, e.from), " ", e.text];
    case "join": return [h("span", { class: "who" }, e.from), ` ${t("joined ({members} here)", { members: e.members })}`];
    case "leave": return [h("span", { class: "who" }, e.from), ` ${e.reason
      ? t("left ({members} here): {reason}", { members: e.members, reason: e.reason })
      : t("left ({members} here)", { members: e.members })}`];
    case "question": return [h("span", { class: "who" }, t("question")), ` ${e.id} ${phase(e.phase)}`];
    default: return [e.type];
  }
}

async function refreshTraffic() {
  const res = await fetch("/api/teacher/traffic");
  if (!res.ok) return;
  const data = await res.json();
  $("t-traffic").replaceChildren(...data.rooms.map((r) =>
    h("section", {}, h("h3", {}, r.room),
      h("ol", { class: "room-log" },
        r.envelopes.slice(-12).reverse().map((e) =>
          h("li", { class: "dir-down", "data-type": e.type }, h("span", { class: "seq" }, `#${e.seq} `), describe(e)))))));
}

let quizzes = [];

function fillQuestions() {
  const chapter = quizzes.find((c) => c.chapter === $("q-chapter").value);
  $("q-n").replaceChildren(...(chapter?.questions ?? []).filter((q) => q.live).map((q) =>
    h("option", { value: q.n }, `${q.n + 1}. ${q.prompt.slice(0, 80)}`)));
}

async function loadQuizzes() {
  const res = await fetch("/api/teacher/quizzes");
  if (!res.ok) return;
  quizzes = (await res.json()).chapters;
  $("q-chapter").replaceChildren(...quizzes.filter((c) => c.questions.some((q) => q.live)).map((c) =>
    h("option", { value: c.chapter }, c.title)));
  $("n-chapter").replaceChildren(...quizzes.filter((c) => c.notes).map((c) =>
    h("option", { value: c.chapter }, c.title)));
  fillQuestions();
  loadNotes();
}

async function loadNotes() {
  const chapter = $("n-chapter").value;
  if (!chapter) return;
  const res = await fetch(
    `/api/teacher/notes?chapter=${encodeURIComponent(chapter)}&lang=${encodeURIComponent(lang)}`,
  );
  const notes = $("t-notes");
  if (!res.ok) {
    notes.textContent = `HTTP ${res.status}`;
    return;
  }
  const data = await res.json();
  // The notes are the repository's own Markdown, rendered by the server.
  notes.innerHTML = data.html;
  if (data.stale) {
    // The Korean notes were made from another English: the English is shown, marked.
    notes.prepend(h("p", { class: "stale-note" }, t("The Korean notes are out of date: these are the English ones.")));
  }
}

async function refreshQuestion() {
  const res = await fetch("/api/teacher/question");
  if (!res.ok) return;
  const q = await res.json();
  const none = q.phase === "none";
  $("q-close").disabled = none || q.phase !== "open";
  $("q-reveal").disabled = none || q.phase === "revealed";
  if (none) return;
  $("q-prompt").textContent = `${q.prompt} (${q.source}, ${phase(q.phase)})`;
  const max = Math.max(1, ...q.counts);
  $("q-counts").replaceChildren(...q.choices.map((choice, i) => {
    const right = q.phase === "revealed" && q.right.includes(i);
    return h("li", { class: right ? "right" : "", "data-count": q.counts[i] },
      h("span", {}, right ? `✓ ${choice}` : choice), " ",
      h("progress", { max, value: q.counts[i] }), ` ${q.counts[i]}`);
  }));
  $("q-answered").textContent = t("{n} answered.", { n: q.answered });
  $("q-context").hidden = q.phase !== "revealed";
  $("q-context").textContent = q.context;
}

async function refresh() {
  await Promise.all([refreshRooms(), refreshTraffic(), refreshQuestion()]);
}

$("t-broadcast").addEventListener("submit", (ev) => {
  ev.preventDefault();
  post("/api/teacher/broadcast", { text: $("t-text").value });
});
$("t-ping").addEventListener("click", () => post("/api/teacher/ping"));
$("t-close").addEventListener("submit", (ev) => {
  ev.preventDefault();
  post("/api/teacher/close", { code: Number($("t-code").value), reason: $("t-reason").value });
});
$("q-chapter").addEventListener("change", fillQuestions);
$("q-start").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  await post("/api/teacher/question", { chapter: $("q-chapter").value, n: Number($("q-n").value) });
  refreshQuestion();
});
$("q-close").addEventListener("click", async () => { await post("/api/teacher/question/close"); refreshQuestion(); });
$("q-reveal").addEventListener("click", async () => { await post("/api/teacher/question/reveal"); refreshQuestion(); });
$("n-chapter").addEventListener("change", loadNotes);
$("projector").addEventListener("click", () => {
  const on = document.body.classList.toggle("projector");
  $("projector").setAttribute("aria-pressed", String(on));
});
loadQuizzes();
refresh();
setInterval(refresh, 2000);
