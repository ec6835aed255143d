// Live cell: a TCP connection's life as real IPv4+TCP packets — SYN, SYN-ACK, ACK, data, FIN —
// built by the server from the ports and initial sequence numbers you choose
// (POST /api/cells/tcp-handshake), stepped through one segment at a time.

import { renderDissection } from "../render/cards.js";
import { h, labelled, numberInput, replaceFallback, statusLine, postJson, debounce, stepper } from "./kit.js";

const DEFAULTS = { client_port: 49152, server_port: 80, client_isn: 979307553, server_isn: 2602454384 };

export default async function mount(element) {
  const inputs = {
    client_port: numberInput("client_port", DEFAULTS.client_port, 0, 65535),
    server_port: numberInput("server_port", DEFAULTS.server_port, 0, 65535),
    client_isn: numberInput("client_isn", DEFAULTS.client_isn, 0, 4294967295),
    server_isn: numberInput("server_isn", DEFAULTS.server_isn, 0, 4294967295),
    mss: numberInput("mss", "", 0, 65535),
    request: h("input", { type: "text", name: "request", value: "", placeholder: "e.g. GET / HTTP/1.0", spellcheck: "false" }),
    response: h("input", { type: "text", name: "response", value: "", spellcheck: "false" }),
  };
  const form = h("form", { class: "cell-form", "aria-label": "Connection parameters" },
    h("div", { class: "cell-grid" },
      labelled("Client port", inputs.client_port).wrap,
      labelled("Server port", inputs.server_port).wrap,
      labelled("Client ISN", inputs.client_isn, "initial sequence number, 0 to 2³²−1").wrap,
      labelled("Server ISN", inputs.server_isn).wrap,
      labelled("MSS option", inputs.mss, "empty: none, as in the chapter").wrap,
      labelled("Client sends", inputs.request, "text after the handshake (optional)").wrap,
      labelled("Server answers", inputs.response, "optional").wrap));
  const ladder = h("ol", { class: "tcp-ladder", "aria-label": "All segments" });
  const status = statusLine();
  const view = h("div", { class: "cell-step" });
  let steps = [];
  const step = stepper((i) => {
    const s = steps[i];
    for (const [j, li] of [...ladder.children].entries()) li.classList.toggle("current", j === i);
    view.replaceChildren(
      h("h4", { class: "step-title", text: `${s.number}. ${s.from} → ${s.from === "client" ? "server" : "client"}: ${s.label}` }),
      h("p", { class: "step-explanation", text: s.explanation }),
      h("p", { class: "hint", text: `After it arrives — client: ${s.client_state}, server: ${s.server_state}` }),
      renderDissection(s.tcp, { kind: "tcp", title: "TCP segment", explain: true, fieldsOpen: true, direction: s.from }),
      renderDissection(s.ip, { kind: "ipv4", title: "The IPv4 datagram that carries it", explain: true, fieldsOpen: false, direction: s.from }));
  });
  replaceFallback(element,
    "Choose ports and initial sequence numbers; the server builds every segment as real bytes. Step through them.",
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
        `${s.number}. ${s.from === "client" ? "→" : "←"} [${s.label}] seq ${s.seq}${s.flags & 0x10 ? ` ack ${s.ack}` : ""}${s.data_len ? `, ${s.data_len} bytes` : ""}`);
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
