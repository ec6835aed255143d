// Live cell: the ARPANET's Initial Connection Protocol (RFC 165) one command at a time, as
// host-host control commands (RTS, STR, ALL, CLS) the server lays out and dissects
// (GET /api/cells/ncp-icp). Even sockets receive, odd sockets send; the server checks every
// pair's parity and says which rule the learner's numbers break, and where the ICP stops.

import { renderDissection } from "../render/cards.js";
import { t } from "../i18n.js";
import { wire } from "../i18n-wire.js";
import { h, labelled, numberInput, replaceFallback, statusLine, callJson, debounce, stepper } from "./kit.js";

const FIELDS = [
  ["listen_socket", t("Server's well-known socket L"), 1, t("odd: it sends")],
  ["user_socket", t("User's socket U"), 100, t("even: it receives; later U+2 receives, U+3 sends")],
  ["server_socket", t("Server's new socket S"), 200, t("even: S receives, S+1 sends")],
  ["contact_link", t("Contact link"), 5],
  ["user_link", t("User's receive link"), 7],
  ["server_link", t("Server's receive link"), 9],
];

// The words the server's steps use for the two hosts and a connection's state (crates/sim's
// ICP), shown in the page's language; anything else is shown as the server sent it.
const WORDS = {
  user: t("user"), server: t("server"), both: t("both"),
  requested: t("requested"), open: t("open"), closed: t("closed"), refused: t("refused"),
};
const word = (w) => (Object.hasOwn(WORDS, w) ? WORDS[w] : w);

export default async function mount(element) {
  const inputs = {};
  const grid = h("div", { class: "cell-grid" });
  for (const [name, label, value, hint] of FIELDS) {
    const max = name.endsWith("link") ? 255 : 4294967295;
    inputs[name] = numberInput(name, value, 0, max);
    grid.append(labelled(label, inputs[name], hint).wrap);
  }
  const form = h("form", { class: "cell-form", "aria-label": t("Socket and link numbers") }, grid);
  const status = statusLine();
  const rules = h("div", { class: "ncp-rules", role: "status", "aria-live": "polite" });
  const view = h("div", { class: "cell-step" });
  let steps = [];
  const step = stepper((i) => {
    const s = steps[i];
    const table = h("table", { class: "ncp-connections stack" },
      h("caption", { text: t("Connections after this step") }),
      h("thead", {}, h("tr", {}, ...[t("Sender"), t("Receiver"), t("Sum (must be odd)"), t("Link"), t("State")].map((text) => h("th", { scope: "col", text })))),
      h("tbody", {}, ...s.connections.map((c) => h("tr", {},
        h("td", { text: c.sender, dataset: { label: t("Sender") } }), h("td", { text: c.receiver, dataset: { label: t("Receiver") } }),
        h("td", { dataset: { label: t("Sum") } }, c.sum_odd ? c.sum : h("span", { class: "warn", text: t("{sum}: parity broken", { sum: c.sum }) })),
        h("td", { text: c.link === null || c.link === undefined ? "—" : String(c.link), dataset: { label: t("Link") } }),
        h("td", { text: word(c.state), dataset: { label: t("State") } })))));
    view.replaceChildren(
      h("h4", { class: "step-title", text: `${s.number}. ${word(s.from)}: ${s.messages.map((m) => m.text).join(" · ")}` }),
      h("p", { class: "step-explanation", text: wire(s.explanation) }),
      ...s.messages.map((m) => renderDissection(m.dissection, {
        kind: "ncp", explain: true, fieldsOpen: true,
        title: m.link === 0
          ? t("{from} → {to}, link 0 (control)", { from: word(m.from), to: word(m.from === "user" ? "server" : "user") })
          : t("{from} → {to}, link {link} (data)", { from: word(m.from), to: word(m.from === "user" ? "server" : "user"), link: m.link }),
      })),
      table);
  });
  replaceFallback(element,
    t("Step through the ICP between a user's NCP and a server's logger; change the socket numbers and watch the parity rule."),
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
      h("p", { class: "warn", text: t("These numbers break the ICP's rules; step through to see where a conforming NCP refuses:") }),
      h("ul", { class: "wt-problems" }, ...broken.map((problem) => h("li", { text: wire(problem) }))),
    ] : [h("p", { class: "hint", text: t("Every connection's two sockets add up to an odd number: one sends, one receives.") })]));
    steps = r.data.steps;
    step.reset(steps.length);
  };
  const later = debounce(update, 200);
  form.addEventListener("input", later);
  form.addEventListener("submit", (e) => { e.preventDefault(); update(); });
  await update();
}
