// The echo console on the home page: opens a WebSocket to /ws/echo and logs both directions.
// Every text shown goes through textContent, never innerHTML: what a peer sends is data.
// The console's own words are in the page's language (static/i18n.js); the echoed text never is.

import { t } from "./i18n.js";

const form = document.getElementById("echo-form");
const input = document.getElementById("echo-text");
const log = document.getElementById("echo-log");
const closeButton = document.getElementById("echo-close");
let socket = null;

function note(direction, text) {
  const item = document.createElement("li");
  item.className = direction;
  const tag = document.createElement("span");
  tag.className = "dir";
  tag.textContent = direction === "out" ? t("→ sent") : direction === "in" ? t("← received") : "•";
  const body = document.createElement("span");
  body.textContent = text;
  item.append(tag, " ", body);
  log.append(item);
  while (log.children.length > 200) log.firstElementChild.remove();
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(`${scheme}//${location.host}/ws/echo`);
  socket.addEventListener("open", () => note("info", t("connected (101 Switching Protocols)")));
  socket.addEventListener("message", (e) => note("in", String(e.data)));
  socket.addEventListener("close", (e) => {
    note("info", e.reason ? t("closed: code {code}, reason “{reason}”", { code: e.code, reason: e.reason }) : t("closed: code {code}", { code: e.code }));
    socket = null;
  });
  socket.addEventListener("error", () => note("info", t("the connection failed")));
}

if (form) {
  form.hidden = false;
  document.querySelector(".nojs")?.remove();
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!socket || socket.readyState > WebSocket.OPEN) connect();
    const text = input.value;
    const send = () => { socket.send(text); note("out", text); };
    if (socket.readyState === WebSocket.OPEN) send();
    else socket.addEventListener("open", send, { once: true });
  });
  closeButton.addEventListener("click", () => socket?.close(1000, "done"));
}
