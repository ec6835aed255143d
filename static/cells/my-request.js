// Live cell: the exact bytes your browser sent for a request to this server, read from the
// connection tap (GET /api/my-request), dissected line by line.

import { renderDissection } from "../render/cards.js";
import { t } from "../i18n.js";
import { h, replaceFallback, statusLine, callJson } from "./kit.js";

export default async function mount(element) {
  const again = h("button", { type: "button", text: t("Fetch again") });
  const status = statusLine();
  const out = h("div", { class: "cell-output" });
  // One msgid, so one literal (the extractor reads literals, never joined pieces).
  const note = h("p", { class: "hint", text:
    t("This is a fetch() request made by this page's script, not the page load itself: a navigation also sends Upgrade-Insecure-Requests, Sec-Fetch-Mode: navigate, Sec-Fetch-Dest: document and an Accept that lists text/html, while fetch() sends Accept: */*, Sec-Fetch-Mode: cors and Sec-Fetch-Dest: empty. Your browser's developer tools show the page's own request.") });
  replaceFallback(element,
    t("The exact bytes your browser just sent to this server, copied by the server's connection tap, not reconstructed."),
    h("div", { class: "cell-buttons" }, again), note, status, out);

  const load = async () => {
    status.textContent = t("Asking…");
    const r = await callJson("/api/my-request");
    if (!r.ok) { status.textContent = r.error; return; }
    const n = r.data.length;
    status.textContent = t("{n} bytes, against 111 for the minimal HTTP/1.1 request above.", { n });
    out.replaceChildren(renderDissection(r.data.dissection, {
      kind: "my-request", asText: true, explain: true, fieldsOpen: true,
      title: t("Your request, as the server received it"),
    }));
  };
  again.addEventListener("click", load);
  await load();
}
