// Live cell: a TCP connection's life as real IPv4+TCP packets — SYN, SYN-ACK, ACK, data, FIN —
// built by the server from the ports and initial sequence numbers you choose
// (POST /api/cells/tcp-handshake), stepped through one segment at a time.

import { renderDissection } from "../render/cards.js";
import { t } from "../i18n.js";
import { wire } from "../i18n-wire.js";
import { h, labelled, numberInput, replaceFallback, statusLine, postJson, debounce, stepper } from "./kit.js";

const DEFAULTS = { client_port: 49152, server_port: 80, client_isn: 979307553, server_isn: 2602454384 };

export default async function mount(element) {
  const inputs = {
    client_port: numberInput("client_port", DEFAULTS.client_port, 0, 65535),
    server_port: numberInput("server_port", DEFAULTS.server_port, 0, 65535),
    client_isn: numberInput("client_isn", DEFAULTS.client_isn, 0, 4294967295),
    server_isn: numberInput("server_isn", DEFAULTS.server_isn, 0, 4294967295),
    mss: numberInput("mss", "", 0, 65535),
    request: h("input", { type: "text", name: "request", value: "", placeholder: t("e.g. GET / HTTP/1.0"), spellcheck: "false" }),
    response: h("input", { type: "text", name: "response", value: "", spellcheck: "false" }),
  };
  const form = h("form", { class: "cell-form", "aria-label": t("Connection parameters") },
    h("div", { class: "cell-grid" },
      labelled(t("Client port"), inputs.client_port).wrap,
      labelled(t("Server port"), inputs.server_port).wrap,
      labelled(t("Client ISN"), inputs.client_isn, t("initial sequence number, 0 to 2³²−1")).wrap,
      labelled(t("Server ISN"), inputs.server_isn).wrap,
      labelled(t("MSS option"), inputs.mss, t("empty: none, as in the chapter")).wrap,
      labelled(t("Client sends"), inputs.request, t("text after the handshake (optional)")).wrap,
      labelled(t("Server answers"), inputs.response, t("optional")).wrap));
  // The two ends as the page names them (the server sends "client" or "server").
  const side = (from) => (from === "client" ? t("client") : from === "server" ? t("server") : from);
  const ladder = h("ol", { class: "tcp-ladder", "aria-label": t("All segments") });
  const status = statusLine();
  const view = h("div", { class: "cell-step" });
  let steps = [];
  const step = stepper((i) => {
    const s = steps[i];
    for (const [j, li] of [...ladder.children].entries()) li.classList.toggle("current", j === i);
    view.replaceChildren(
      h("h4", { class: "step-title", text: t("{number}. {from} → {to}: {label}", {
        number: s.number, from: side(s.from), to: side(s.from === "client" ? "server" : "client"), label: s.label,
      }) }),
      h("p", { class: "step-explanation", text: wire(s.explanation) }),
      h("p", { class: "hint", text: t("After it arrives — client: {client}, server: {server}", { client: s.client_state, server: s.server_state }) }),
      renderDissection(s.tcp, { kind: "tcp", title: t("TCP segment"), explain: true, fieldsOpen: true, direction: s.from }),
      renderDissection(s.ip, { kind: "ipv4", title: t("The IPv4 datagram that carries it"), explain: true, fieldsOpen: false, direction: s.from }));
  });
  replaceFallback(element,
    t("Choose ports and initial sequence numbers; the server builds every segment as real bytes. Step through them."),
    form, ladder, step.nav, status, view);

  let latest = 0;
  const update = async () => {
    const body = {};
    for (const name of ["client_port", "server_port", "client_isn", "server_isn"]) body[name] = Number(inputs[name].value);
    if (inputs.mss.value !== "") body.mss = Number(inputs.mss.value);
    body.request = inputs.request.value;
    body.response = inputs.response.value;
    const n = ++latest;
    const r = await postJson("/api/cells/tcp-handshake", body);
    if (n !== latest) return;
    if (!r.ok) { status.textContent = r.error; return; }
    status.textContent = "";
    steps = r.data.steps;
    ladder.replaceChildren(...steps.map((s, i) => {
      const b = h("button", { type: "button", class: `ladder-step from-${s.from}` },
        `${s.number}. ${s.from === "client" ? "→" : "←"} [${s.label}] seq ${s.seq}${s.flags & 0x10 ? ` ack ${s.ack}` : ""}${s.data_len ? t(", {n} bytes", { n: s.data_len }) : ""}`);
      b.addEventListener("click", () => step.go(i));
      return h("li", {}, b);
    }));
    step.reset(steps.length);
  };
  const later = debounce(update, 200);
  form.addEventListener("input", later);
  form.addEventListener("submit", (e) => { e.preventDefault(); update(); });
  await update();
}
