// The chat-room lab: one WebSocket (subprotocol "chat") to /ws/room/{room}; every frame on
// it is listed, yours (↑, masked by the browser) and the server's (↓, not masked), each
// labelled by who sent it. A server frame's exact bytes are known to the page — an unmasked
// text frame is 0x81, the length, the UTF-8 of the text — so "bytes" asks the server's own
// dissector (POST /api/dissect/ws) to explain them and draws the card as the WebSocket lab does.
import { h } from "./render/dom.js";
import { renderDissection } from "./render/cards.js";
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
let ws = null;
let me = null;

/** A live question's phase as the server names it (open, closed, revealed), for display. */
const PHASES = { open: t("open"), closed: t("closed"), revealed: t("revealed") };
const phase = (p) => (Object.hasOwn(PHASES, p) ? PHASES[p] : p);

function status(text) {
  $("room-status").textContent = text;
}

function utf8(text) {
  return new TextEncoder().encode(text);
}

/** The unmasked text frame a server sends for `text` (RFC 6455 §5.2, minimal length). */
function serverFrameHex(text) {
  const payload = utf8(text);
  const head = [0x81];
  if (payload.length < 126) head.push(payload.length);
  else if (payload.length < 65536) head.push(126, payload.length >> 8, payload.length & 0xff);
  else return null;
  return [...head, ...payload].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function dissect(hex) {
  const res = await fetch("/api/dissect/ws", {
    method: "POST",
    headers: { "Content-Type": "text/plain", "X-Wiretrail": "1" },
    body: hex,
  });
  if (!res.ok) throw new Error(t("dissect answered {status}", { status: res.status }));
  const list = await res.json();
  return list[0];
}

/** A client frame's masking key (RFC 6455 §5.2), from its hex: after the 2-, 4- or 10-byte head. */
function maskingKey(hex) {
  const b1 = parseInt(hex.slice(2, 4), 16);
  if (!(b1 & 0x80)) return null;
  const len7 = b1 & 0x7f;
  const at = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
  return hex.slice(at * 2, at * 2 + 8);
}

/** One line of the log. `raw` is a server frame's text (its bytes are derived from it);
 * `frameHex` the exact bytes of a frame of ours, as the server read them. */
function line(dir, who, text, raw, frameHex) {
  const li = h("li", { class: `dir-${dir}`, "data-masked": frameHex ? "true" : dir === "down" ? "false" : undefined },
    h("span", { class: "dir", "aria-label": dir === "up" ? t("sent") : t("received") }, dir === "up" ? "↑ " : "↓ "),
    h("span", { class: "who" }, who),
    h("span", { class: "text" }, text));
  if (raw !== undefined || frameHex !== undefined) {
    const details = h("details", {}, h("summary", {}, t("bytes")));
    details.addEventListener("toggle", async () => {
      if (!details.open || details.dataset.done) return;
      details.dataset.done = "1";
      const hex = frameHex ?? serverFrameHex(raw);
      if (!hex) return details.append(h("p", {}, t("too long to show")));
      try {
        details.append(renderDissection(await dissect(hex), { direction: frameHex ? "client" : "server" }));
      } catch (e) {
        details.append(h("p", {}, String(e)));
      }
    });
    li.append(details);
  }
  $("room-log").prepend(li);
  while ($("room-log").children.length > 500) $("room-log").lastChild.remove();
}

function onEnvelope(raw) {
  let e;
  try {
    e = JSON.parse(raw);
  } catch {
    return line("down", "?", raw, raw);
  }
  switch (e.type) {
    case "welcome":
      me = e.member;
      status(t("In room {room} as {nick} (member {member}); {count} here.", { room: e.room, nick: e.nick, member: e.member, count: e.members.length + 1 }));
      for (const old of e.history ?? []) line("down", t("{from} (earlier)", { from: old.from }), String(old.text), JSON.stringify(old));
      line("down", t("server"), t("welcome: {n} earlier messages replayed", { n: e.history?.length ?? 0 }), raw);
      break;
    case "message":
      line("down", e.member === me ? t("{from} (you, relayed)", { from: e.from }) : e.from, String(e.text), raw);
      break;
    case "yours":
      for (const hex of e.frames ?? []) {
        const key = maskingKey(hex);
        line("up", t("you (your frame, as the server read it)"),
          key ? t("masked with your browser's key {key}, relayed as message {seq}", { key, seq: e.seq }) : t("not masked?"), undefined, hex);
      }
      break;
    case "question":
      showQuestion(e);
      line("down", t("server"), t("live question {id} ({phase})", { id: e.id, phase: phase(e.phase) }), raw);
      break;
    case "join":
    case "leave":
      line("down", t("server"), e.type === "join"
        ? t("{from} joined ({members} here)", { from: e.from, members: e.members })
        : t("{from} left ({members} here)", { from: e.from, members: e.members }), raw);
      break;
    default:
      line("down", t("server"), raw, raw);
  }
}

// The live question: its text and choices come from the chapters' quizzes, but like
// everything on this page they are shown as text, never parsed as HTML.
let question = null;
let mine = null;

function showQuestion(q) {
  if (!q || q.phase === "none") {
    $("room-question").hidden = true;
    question = null;
    return;
  }
  if (!question || question.id !== q.id) mine = q.mine ?? null;
  question = q;
  $("room-question").hidden = false;
  $("q-source").textContent = q.source ?? "";
  $("q-prompt").textContent = q.prompt;
  const buttons = q.choices.map((choice, i) => {
    const right = q.phase === "revealed" && q.right.includes(i);
    const label = q.phase === "revealed" ? `${choice} (${q.counts[i]})` : choice;
    const b = h("button", {
      type: "button",
      class: `q-choice${right ? " right" : ""}`,
      "aria-pressed": String(mine === i),
      "data-choice": i,
      disabled: q.phase !== "open",
    }, right ? `✓ ${label}` : label);
    b.addEventListener("click", () => answer(q.id, i));
    return b;
  });
  $("q-choices").replaceChildren(...buttons);
  const said = mine === null ? t("You have not answered.") : t("Your answer: {choice}.", { choice: q.choices[mine] });
  $("q-status").textContent = q.phase === "open"
    ? t("{said} You may change it until the teacher closes the question.", { said })
    : q.phase === "closed" ? t("Closed. {said}", { said }) : t("The answer is shown. {said}", { said });
  $("q-context").hidden = q.phase !== "revealed";
  $("q-context").textContent = q.context ?? "";
}

async function answer(id, choice) {
  const res = await fetch("/api/room/answer", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Wiretrail": "1" },
    body: JSON.stringify({ question: id, choice }),
  });
  const json = await res.json().catch(() => ({}));
  if (res.ok) {
    mine = choice;
    showQuestion(question);
  } else {
    $("q-status").textContent = json.error ?? `HTTP ${res.status}`;
  }
}

async function fetchQuestion() {
  const res = await fetch("/api/room/question");
  if (res.ok) showQuestion(await res.json());
}

function connect(room, nick) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}/ws/room/${encodeURIComponent(room)}?nick=${encodeURIComponent(nick)}`;
  ws = new WebSocket(url, ["chat"]);
  status(t("Connecting…"));
  ws.addEventListener("open", () => {
    $("room-send-button").disabled = false;
    $("room-leave").disabled = false;
    $("room-connect").disabled = true;
    fetchQuestion();
  });
  ws.addEventListener("message", (ev) => onEnvelope(String(ev.data)));
  ws.addEventListener("close", (ev) => {
    line("down", t("server"), ev.reason ? t("Close {code} “{reason}”", { code: ev.code, reason: ev.reason }) : t("Close {code}", { code: ev.code }));
    status(ev.reason ? t("Closed with code {code}: {reason}.", { code: ev.code, reason: ev.reason }) : t("Closed with code {code}.", { code: ev.code }));
    $("room-send-button").disabled = true;
    $("room-leave").disabled = true;
    $("room-connect").disabled = false;
    ws = null;
  });
}

$("room-nick").value = localStorage.getItem("wt-nick") ?? "";
$("room-join").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const nick = $("room-nick").value.trim();
  localStorage.setItem("wt-nick", nick);
  if (!ws) connect($("room-name").value.trim(), nick);
});
$("room-leave").addEventListener("click", () => ws?.close(1000, "bye"));
$("room-send").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = $("room-text").value;
  if (!ws || ws.readyState !== WebSocket.OPEN || !text) return;
  ws.send(text);
  line("up", t("you"), text);
  $("room-text").value = "";
});
