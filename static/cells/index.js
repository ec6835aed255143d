// Brings the book's live cells to life. A chapter marks a cell with
//   <div class="cell" data-cell="NAME" data-…> …Markdown fallback… </div>
// and this loader imports ./NAME.js and calls its default export, mount(element), which
// replaces the fallback with the live cell. A cell that fails to load keeps its fallback,
// so the page still reads as mdBook shows it.
// Lab embeds (<div class="lab" data-lab="websocket">) become a link to the lab page, the
// Korean one (/ko/labs/…) on a Korean page.

import { t, lang } from "../i18n.js";

const CELLS = {
  "accept-key": "./accept-key.js",
  "frame-workbench": "./frame-workbench.js",
  "hpack": "./hpack.js",
  "qpack": "./qpack.js",
  "ipv4-header": "./ipv4-header.js",
  "tcp-handshake": "./tcp-handshake.js",
  "ncp-icp": "./ncp-icp.js",
  "my-request": "./my-request.js",
  "topology": "./topology.js",
  "timeline": "./timeline.js",
  "polling-cost": "./polling-cost.js",
};

const LABS = {
  websocket: { href: "/labs/websocket", title: t("Open the live WebSocket lab") },
  http2: { href: "/labs/http2", title: t("Open the live HTTP/2 lab") },
  push: { href: "/labs/push", title: t("Open the push lab: six techniques, measured on the wire") },
};

for (const element of document.querySelectorAll(".cell[data-cell]")) {
  const path = CELLS[element.dataset.cell];
  if (!path) continue;
  import(path)
    .then((module) => module.default(element))
    .then(() => element.classList.add("cell-live"))
    .catch((error) => {
      console.warn(`live cell ${element.dataset.cell}:`, error);
      element.classList.add("cell-failed");
    });
}

for (const element of document.querySelectorAll(".lab[data-lab]")) {
  const lab = LABS[element.dataset.lab];
  if (!lab) continue;
  const link = document.createElement("a");
  link.className = "lab-open";
  link.href = lang === "ko" ? `/ko${lab.href}` : lab.href;
  link.textContent = `${lab.title} →`;
  element.prepend(link);
}
