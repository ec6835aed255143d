// The teacher's view: the rooms and their members (polled every two seconds), and the
// lesson's controls. Every POST sends X-Wiretrail: 1; every name a student chose is text.
import { h } from "./render/dom.js";

const $ = (id) => document.getElementById(id);

async function post(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Wiretrail": "1" },
    body: JSON.stringify(body ?? {}),
  });
  const json = await res.json().catch(() => ({}));
  $("t-result").textContent = res.ok ? `Reached ${json.reached} sockets.` : (json.error ?? `HTTP ${res.status}`);
}

async function refresh() {
  const res = await fetch("/api/teacher/rooms");
  if (!res.ok) {
    $("t-count").textContent = `HTTP ${res.status}`;
    return;
  }
  const data = await res.json();
  $("t-count").textContent = `${data.students} students in ${data.rooms.length} rooms.`;
  const out = data.rooms.map((r) =>
    h("section", {},
      h("h3", {}, `${r.room}: ${r.members.length} here, ${r.messages} messages, ${r.slow_closed} closed as slow`),
      h("table", {},
        h("tr", {}, h("th", {}, "nickname"), h("th", {}, "computer"), h("th", {}, "sent"), h("th", {}, "since")),
        r.members.map((m) => h("tr", {}, h("td", {}, m.nick), h("td", {}, m.client), h("td", {}, m.sent), h("td", {}, `${m.since_s} s`))))));
  $("t-rooms").replaceChildren(...out);
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
$("projector").addEventListener("click", () => document.body.classList.toggle("projector"));
refresh();
setInterval(refresh, 2000);
