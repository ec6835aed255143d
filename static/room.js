// The chat-room lab: one WebSocket (subprotocol "chat") to /ws/room/{room}; every frame on
// it is listed, yours (↑, masked by the browser) and the server's (↓, not masked), each
// labelled by who sent it. A server frame's exact bytes are known to the page — an unmasked
// text frame is 0x81, the length, the UTF-8 of the text — so "bytes" asks the server's own
// dissector (POST /api/dissect/ws) to explain them and draws the card as the WebSocket lab does.
import { h } from "./render/dom.js";
import { renderDissection } from "./render/cards.js";

const $ = (id) => document.getElementById(id);
let ws = null;
let me = null;

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
  if (!res.ok) throw new Error(`dissect answered ${res.status}`);
  const list = await res.json();
  return list[0];
}

function line(dir, who, text, raw) {
  const li = h("li", { class: `dir-${dir}` },
    h("span", { class: "dir", "aria-label": dir === "up" ? "sent" : "received" }, dir === "up" ? "↑ " : "↓ "),
    h("span", { class: "who" }, who),
    h("span", { class: "text" }, text));
  if (raw !== undefined) {
    const details = h("details", {}, h("summary", {}, "bytes"));
    details.addEventListener("toggle", async () => {
      if (!details.open || details.dataset.done) return;
      details.dataset.done = "1";
      const hex = serverFrameHex(raw);
      if (!hex) return details.append(h("p", {}, "too long to show"));
      try {
        details.append(renderDissection(await dissect(hex), { direction: "server" }));
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
      status(`In room ${e.room} as ${e.nick} (member ${e.member}); ${e.members.length + 1} here.`);
      for (const old of e.history ?? []) line("down", `${old.from} (earlier)`, String(old.text), JSON.stringify(old));
      line("down", "server", `welcome: ${e.history?.length ?? 0} earlier messages replayed`, raw);
      break;
    case "message":
      line("down", e.member === me ? `${e.from} (you, relayed)` : e.from, String(e.text), raw);
      break;
    case "join":
    case "leave":
      line("down", "server", `${e.from} ${e.type === "join" ? "joined" : "left"} (${e.members} here)`, raw);
      break;
    default:
      line("down", "server", raw, raw);
  }
}

function connect(room, nick) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}/ws/room/${encodeURIComponent(room)}?nick=${encodeURIComponent(nick)}`;
  ws = new WebSocket(url, ["chat"]);
  status("Connecting…");
  ws.addEventListener("open", () => {
    $("room-send-button").disabled = false;
    $("room-leave").disabled = false;
    $("room-connect").disabled = true;
  });
  ws.addEventListener("message", (ev) => onEnvelope(String(ev.data)));
  ws.addEventListener("close", (ev) => {
    line("down", "server", `Close ${ev.code}${ev.reason ? ` “${ev.reason}”` : ""}`);
    status(`Closed with code ${ev.code}${ev.reason ? `: ${ev.reason}` : ""}.`);
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
  line("up", "you", text);
  $("room-text").value = "";
});
