// Live cell: the ARPANET's Initial Connection Protocol (RFC 165) one command at a time, as
// host-host control commands (RTS, STR, ALL, CLS) the server lays out and dissects
// (GET /api/cells/ncp-icp). Even sockets receive, odd sockets send; the server checks every
// pair's parity and says which rule the learner's numbers break, and where the ICP stops.

import { renderDissection } from "../render/cards.js";
import { h, labelled, numberInput, replaceFallback, statusLine, callJson, debounce, stepper } from "./kit.js";

const FIELDS = [
  ["listen_socket", "Server's well-known socket L", 1, "odd: it sends"],
  ["user_socket", "User's socket U", 100, "even: it receives; later U+2 receives, U+3 sends"],
  ["server_socket", "Server's new socket S", 200, "even: S receives, S+1 sends"],
  ["contact_link", "Contact link", 5],
  ["user_link", "User's receive link", 7],
  ["server_link", "Server's receive link", 9],
];

export default async function mount(element) {
  const inputs = {};
  const grid = h("div", { class: "cell-grid" });
  for (const [name, label, value, hint] of FIELDS) {
    const max = name.endsWith("link") ? 255 : 4294967295;
    inputs[name] = numberInput(name, value, 0, max);
    grid.append(labelled(label, inputs[name], hint).wrap);
  }
  const form = h("form", { class: "cell-form", "aria-label": "Socket and link numbers" }, grid);
  const status = statusLine();
  const rules = h("div", { class: "ncp-rules", role: "status", "aria-live": "polite" });
  const view = h("div", { class: "cell-step" });
  let steps = [];
  const step = stepper((i) => {
    const s = steps[i];
    const table = h("table", { class: "ncp-connections stack" },
      h("caption", { text: "Connections after this step" }),
      h("thead", {}, h("tr", {}, ...["Sender", "Receiver", "Sum (must be odd)", "Link", "State"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, ...s.connections.map((c) => h("tr", {},
        h("td", { text: c.sender, dataset: { label: "Sender" } }), h("td", { text: c.receiver, dataset: { label: "Receiver" } }),
        h("td", { dataset: { label: "Sum" } }, c.sum_odd ? c.sum : h("span", { class: "warn", text: `${c.sum}: parity broken` })),
        h("td", { text: c.link === null || c.link === undefined ? "—" : String(c.link), dataset: { label: "Link" } }),
        h("td", { text: c.state, dataset: { label: "State" } })))));
    view.replaceChildren(
      h("h4", { class: "step-title", text: `${s.number}. ${s.from}: ${s.messages.map((m) => m.text).join(" · ")}` }),
      h("p", { class: "step-explanation", text: s.explanation }),
      ...s.messages.map((m) => renderDissection(m.dissection, {
        kind: "ncp", explain: true, fieldsOpen: true,
        title: `${m.from} → ${m.from === "user" ? "server" : "user"}, ${m.link === 0 ? "link 0 (control)" : `link ${m.link} (data)`}`,
      })),
      table);
  });
  replaceFallback(element,
    "Step through the ICP between a user's NCP and a server's logger; change the socket numbers and watch the parity rule.",
    form, rules, step.nav, status, view);

  let latest = 0;
  const update = async () => {
    const q = new URLSearchParams();
    for (const [name] of FIELDS) q.set(name, inputs[name].value);
    const n = ++latest;
    const r = await callJson(`/api/cells/ncp-icp?${q}`);
    if (n !== latest) return;
    if (!r.ok) { status.textContent = r.error; return; }
    status.textContent = "";
    const broken = r.data.problems ?? [];
    rules.replaceChildren(...(broken.length ? [
      h("p", { class: "warn", text: "These numbers break the ICP's rules; step through to see where a conforming NCP refuses:" }),
      h("ul", { class: "wt-problems" }, ...broken.map((t) => h("li", { text: t }))),
    ] : [h("p", { class: "hint", text: "Every connection's two sockets add up to an odd number: one sends, one receives." })]));
    steps = r.data.steps;
    step.reset(steps.length);
  };
  const later = debounce(update, 200);
  form.addEventListener("input", later);
  form.addEventListener("submit", (e) => { e.preventDefault(); update(); });
  await update();
}
