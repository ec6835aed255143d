// Live cell for chapter 1: Baran's "redundancy of connectivity".
//
// A set of stations wired three ways, as in RAND RM-3420-PR's drawings — a centralised star,
// a decentralised network of small stars whose hubs are linked, a distributed mesh — the mesh
// at one of P-2626's redundancy levels R (links per station: 1, 1.5, 2, 3, 4). The learner
// destroys stations (click, or Enter/Space on a focused station; arrow keys move between
// them), or knocks out N at random with a seeded generator, and the cell reports, live,
// RM-3420-PR's score: the share of all stations that both survive and belong to the largest
// single group of surviving stations — and how many of the survivors can still reach it.
//
// Everything is deterministic: the same network, seed and N destroy the same stations.

import { h } from "../render/dom.js";
import { keepForPrint } from "./kit.js";
import { t, tn } from "../i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const LEVELS = [1, 1.5, 2, 3, 4];
const SIZES = [4, 6, 8];
const KINDS = [
  ["distributed", t("Distributed (mesh)")],
  ["decentralised", t("Decentralised (linked stars)")],
  ["centralised", t("Centralised (one star)")],
];

/** mulberry32: a tiny seeded generator, so a seed always destroys the same stations. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gridLabel(n, row, col) {
  if (n * n <= 26) return String.fromCharCode(97 + row * n + col); // a … p for the 4 × 4 grid
  return `${String.fromCharCode(65 + col)}${row + 1}`;
}

/**
 * The network: stations `{label, x, y, hub}` (x, y in grid units) and links `[i, j]`.
 * `n` is the side of the grid (n × n stations); `level` is Baran's R for the mesh.
 */
export function build(kind, n, level) {
  const stations = [];
  const links = [];
  const at = (r, c) => r * n + c;
  if (kind === "centralised") {
    // One hub H in the middle, the other n² − 1 stations on a ring around it.
    const count = n * n - 1;
    const radius = (n - 1) / 2;
    stations.push({ label: "H", x: radius, y: radius, hub: true });
    for (let i = 0; i < count; i++) {
      const angle = (2 * Math.PI * i) / count - Math.PI / 2;
      stations.push({ label: `s${i + 1}`, x: radius + radius * Math.cos(angle), y: radius + radius * Math.sin(angle), hub: false });
      links.push([0, i + 1]);
    }
    return { stations, links };
  }
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) stations.push({ label: gridLabel(n, r, c), x: c, y: r, hub: false });
  }
  if (kind === "decentralised") {
    // 2 × 2 groups; each group's hub is its station nearest the centre and the others hang
    // off it; the hubs are linked to the hubs of neighbouring groups.
    const hubOf = (start) => (start + 1 < n / 2 ? start + 1 : start);
    const groups = n / 2;
    const hub = (gr, gc) => at(hubOf(gr * 2), hubOf(gc * 2));
    for (let gr = 0; gr < groups; gr++) {
      for (let gc = 0; gc < groups; gc++) {
        const centre = hub(gr, gc);
        stations[centre].hub = true;
        for (let r = gr * 2; r < gr * 2 + 2; r++) {
          for (let c = gc * 2; c < gc * 2 + 2; c++) if (at(r, c) !== centre) links.push([centre, at(r, c)]);
        }
        if (gc + 1 < groups) links.push([centre, hub(gr, gc + 1)]);
        if (gr + 1 < groups) links.push([centre, hub(gr + 1, gc)]);
      }
    }
    return { stations, links };
  }
  // Distributed: P-2626's redundancy levels drawn on a square array of stations.
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const right = c + 1 < n;
      const down = r + 1 < n;
      if (level === 1) {
        // One chain snaking through the rows: each station has two neighbours.
        if (right) links.push([at(r, c), at(r, c + 1)]);
        if (down && c === (r % 2 === 0 ? n - 1 : 0)) links.push([at(r, c), at(r + 1, c)]);
        continue;
      }
      if (right) links.push([at(r, c), at(r, c + 1)]);
      if (down && (level >= 2 || (r + c) % 2 === 0)) links.push([at(r, c), at(r + 1, c)]);
      if (level >= 3 && right && down) links.push([at(r, c), at(r + 1, c + 1)]);
      if (level >= 4 && right && down) links.push([at(r, c + 1), at(r + 1, c)]);
    }
  }
  return { stations, links };
}

/**
 * The surviving groups, largest first (ties: the group holding the lowest-numbered station),
 * each a sorted array of station indexes.
 */
export function groups(count, links, destroyed) {
  const neighbours = Array.from({ length: count }, () => []);
  for (const [a, b] of links) {
    if (destroyed.has(a) || destroyed.has(b)) continue;
    neighbours[a].push(b);
    neighbours[b].push(a);
  }
  const seen = new Set(destroyed);
  const out = [];
  for (let start = 0; start < count; start++) {
    if (seen.has(start)) continue;
    const group = [start];
    seen.add(start);
    for (let i = 0; i < group.length; i++) {
      for (const next of neighbours[group[i]]) {
        if (!seen.has(next)) { seen.add(next); group.push(next); }
      }
    }
    out.push(group.sort((x, y) => x - y));
  }
  return out.sort((a, b) => b.length - a.length || a[0] - b[0]);
}

/** Destroys `n` of the surviving stations, chosen by mulberry32(seed); returns their indexes. */
export function knockOut(count, destroyed, n, seed) {
  const random = mulberry32(seed);
  const candidates = [];
  for (let i = 0; i < count; i++) if (!destroyed.has(i)) candidates.push(i);
  const chosen = [];
  for (let k = 0; k < n && candidates.length; k++) {
    chosen.push(candidates.splice(Math.floor(random() * candidates.length), 1)[0]);
  }
  return chosen;
}

/** "12/16 = 75%" or "13/16 ≈ 81%". */
function ratio(a, b) {
  if (!b) return `${a}/${b}`;
  const exact = (100 * a) / b;
  const rounded = Math.round(exact);
  return `${a}/${b} ${rounded === exact ? "=" : "≈"} ${rounded}%`;
}

// The chapter's worked examples, as one-click presets (4 × 4 stations). `name` is also the
// button's data-preset, in English on every page; `label` is its text.
const PRESETS = [
  { name: "Centre four f g j k", label: t("Centre four f g j k"), kind: "distributed", level: 2, destroy: ["f", "g", "j", "k"] },
  { name: "Second column b f j n", label: t("Second column b f j n"), kind: "distributed", level: 2, destroy: ["b", "f", "j", "n"] },
  { name: "Corner cut b e", label: t("Corner cut b e"), kind: "distributed", level: 2, destroy: ["b", "e"] },
  { name: "The star's hub H", label: t("The star's hub H"), kind: "centralised", level: 2, destroy: ["H"] },
];

let instances = 0;

export default function mount(element) {
  const id = `topology-${++instances}`;
  const state = { kind: "distributed", level: 2, n: 4, destroyed: new Set(), focus: 0, net: null, last: "" };

  const option = (value, text, selected) => h("option", { value, selected: selected || undefined }, text);
  const kindSelect = h("select", { id: `${id}-kind` }, KINDS.map(([v, t]) => option(v, t, v === state.kind)));
  const levelSelect = h("select", { id: `${id}-level` }, LEVELS.map((r) => option(String(r), `R = ${r}`, r === state.level)));
  const sizeSelect = h("select", { id: `${id}-size` }, SIZES.map((n) => option(String(n), `${n * n} (${n} × ${n})`, n === state.n)));
  const countInput = h("input", { id: `${id}-count`, type: "number", min: 1, max: 64, value: 4, inputmode: "numeric" });
  const seedInput = h("input", { id: `${id}-seed`, type: "number", min: 0, max: 4294967295, value: 1962, inputmode: "numeric" });
  const knockButton = h("button", { type: "button", class: "topo-knock" }, t("Knock out at random"));
  const repairButton = h("button", { type: "button", class: "topo-repair" }, t("Repair all"));
  const presetButtons = PRESETS.map((p) => h("button", { type: "button", class: "topo-preset", dataset: { preset: p.name } }, p.label));

  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "topo-svg");
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", t("The network: each station is a button; press Enter or Space to destroy or repair it, arrow keys to move"));

  const out = {
    survivors: h("dd", { class: "topo-survivors" }),
    largest: h("dd", { class: "topo-largest" }),
    score: h("dd", { class: "topo-score" }),
    reach: h("dd", { class: "topo-reach" }),
    groups: h("dd", { class: "topo-groups" }),
    links: h("dd", { class: "topo-links" }),
  };
  const summary = h("dl", { class: "topo-summary", "aria-live": "polite" },
    h("dt", {}, t("Stations surviving")), out.survivors,
    h("dt", {}, t("Largest connected group")), out.largest,
    h("dt", {}, t("Baran's score: survive and in the largest group, of all stations")), out.score,
    h("dt", {}, t("Survivors that can still reach the largest group")), out.reach,
    h("dt", {}, t("Separate groups")), out.groups,
    h("dt", {}, t("Links (stations at the edge have fewer)")), out.links,
  );
  const note = h("p", { class: "topo-note", "aria-live": "polite" });

  element.replaceChildren(keepForPrint(element),
    h("p", { class: "cell-title" }, h("strong", {}, `${t("Live cell: redundancy of connectivity.")} `),
      t("Destroy stations and watch what is left of the network. Click a station, or focus one and press Enter; arrow keys move between stations.")),
    h("div", { class: "topo-controls" },
      h("label", { for: kindSelect.id }, `${t("Network")} `), kindSelect,
      h("label", { for: levelSelect.id }, `${t("Redundancy level")} `), levelSelect,
      h("label", { for: sizeSelect.id }, `${t("Stations")} `), sizeSelect),
    // "Knock out [4] stations with seed [1962]": one label an input, translated apart.
    h("div", { class: "topo-controls" },
      h("label", { for: countInput.id }, `${t("Knock out")} `), countInput,
      h("label", { for: seedInput.id }, `${t("stations with seed")} `), seedInput,
      knockButton, repairButton),
    h("div", { class: "topo-controls topo-presets", role: "group", "aria-label": t("The chapter's examples") },
      h("span", {}, `${t("Chapter examples:")} `), presetButtons),
    h("div", { class: "topo-body" }, svg, summary),
    note,
  );

  function draw() {
    state.net = build(state.kind, state.n, state.level);
    const { stations, links } = state.net;
    const gap = 56;
    const pad = 26;
    const span = (state.n - 1) * gap;
    svg.setAttribute("viewBox", `${-pad} ${-pad} ${span + 2 * pad} ${span + 2 * pad}`);
    svg.replaceChildren();
    const pos = (s) => [s.x * gap, s.y * gap];
    const linkLayer = document.createElementNS(SVG, "g");
    for (const [a, b] of links) {
      const line = document.createElementNS(SVG, "line");
      const [x1, y1] = pos(stations[a]);
      const [x2, y2] = pos(stations[b]);
      line.setAttribute("x1", x1); line.setAttribute("y1", y1);
      line.setAttribute("x2", x2); line.setAttribute("y2", y2);
      line.setAttribute("class", "topo-link");
      line.dataset.a = a; line.dataset.b = b;
      linkLayer.append(line);
    }
    svg.append(linkLayer);
    const radius = state.n > 6 ? 11 : 14;
    stations.forEach((s, i) => {
      const g = document.createElementNS(SVG, "g");
      g.setAttribute("class", "topo-station");
      g.setAttribute("role", "button");
      g.setAttribute("tabindex", i === state.focus ? "0" : "-1");
      g.dataset.index = i;
      g.dataset.label = s.label;
      const [x, y] = pos(s);
      const circle = document.createElementNS(SVG, "circle");
      circle.setAttribute("cx", x); circle.setAttribute("cy", y); circle.setAttribute("r", s.hub ? radius + 3 : radius);
      const cross = document.createElementNS(SVG, "path");
      const d = radius * 0.7;
      cross.setAttribute("d", `M${x - d} ${y - d}L${x + d} ${y + d}M${x + d} ${y - d}L${x - d} ${y + d}`);
      cross.setAttribute("class", "topo-cross");
      const text = document.createElementNS(SVG, "text");
      text.setAttribute("x", x); text.setAttribute("y", y);
      text.setAttribute("text-anchor", "middle");
      text.setAttribute("dominant-baseline", "central");
      text.textContent = s.label;
      g.append(circle, cross, text);
      svg.append(g);
    });
    update();
  }

  function update() {
    const { stations, links } = state.net;
    const total = stations.length;
    const all = groups(total, links, state.destroyed);
    const survivors = total - state.destroyed.size;
    const largest = all[0] ?? [];
    const groupOf = new Map();
    all.forEach((group, k) => { for (const i of group) groupOf.set(i, k); });
    for (const g of svg.querySelectorAll(".topo-station")) {
      const i = Number(g.dataset.index);
      const dead = state.destroyed.has(i);
      const k = groupOf.get(i);
      g.classList.toggle("destroyed", dead);
      g.classList.toggle("largest", k === 0);
      g.classList.remove("group-1", "group-2", "group-3", "group-4");
      if (!dead && k > 0) g.classList.add(`group-${((k - 1) % 4) + 1}`);
      g.setAttribute("aria-pressed", String(dead));
      const where = dead ? t("destroyed") : k === 0 ? t("in the largest group") : t("cut off from the largest group");
      const vars = { label: stations[i].label, where };
      g.setAttribute("aria-label", stations[i].hub ? t("Station {label} (hub): {where}", vars) : t("Station {label}: {where}", vars));
    }
    for (const line of svg.querySelectorAll(".topo-link")) {
      line.classList.toggle("dead", state.destroyed.has(Number(line.dataset.a)) || state.destroyed.has(Number(line.dataset.b)));
    }
    out.survivors.textContent = t("{survivors} of {total}", { survivors, total });
    out.largest.textContent = largest.length ? tn(largest.length, "{n} station", "{n} stations") : t("none");
    out.score.textContent = ratio(largest.length, total);
    out.reach.textContent = survivors ? ratio(largest.length, survivors) : t("no survivors");
    out.groups.textContent = String(all.length);
    out.links.textContent = t("{links} ({per} per station)", { links: links.length, per: (links.length / total).toFixed(2) });
    Object.assign(summary.dataset, {
      total: total, survivors: survivors, largest: largest.length, groups: all.length,
      destroyed: [...state.destroyed].sort((a, b) => a - b).map((i) => stations[i].label).join(" "),
    });
    levelSelect.disabled = state.kind !== "distributed";
  }

  function toggle(i) {
    if (state.destroyed.has(i)) state.destroyed.delete(i); else state.destroyed.add(i);
    const label = state.net.stations[i].label;
    note.textContent = state.destroyed.has(i) ? t("Station {label} destroyed.", { label }) : t("Station {label} repaired.", { label });
    update();
  }

  function focusStation(i) {
    const all = svg.querySelectorAll(".topo-station");
    if (!all.length) return;
    state.focus = Math.max(0, Math.min(all.length - 1, i));
    for (const g of all) g.setAttribute("tabindex", Number(g.dataset.index) === state.focus ? "0" : "-1");
    all[state.focus].focus();
  }

  function reset(kind, level, n) {
    state.kind = kind; state.level = level; state.n = n;
    state.destroyed.clear();
    state.focus = 0;
    kindSelect.value = kind; levelSelect.value = String(level); sizeSelect.value = String(n);
    draw();
  }

  svg.addEventListener("click", (e) => {
    const g = e.target.closest?.(".topo-station");
    if (!g) return;
    state.focus = Number(g.dataset.index);
    toggle(state.focus);
    focusStation(state.focus);
  });
  svg.addEventListener("keydown", (e) => {
    const g = e.target.closest?.(".topo-station");
    if (!g) return;
    const i = Number(g.dataset.index);
    const grid = state.kind !== "centralised";
    const count = state.net.stations.length;
    const moves = {
      ArrowRight: grid ? (i % state.n < state.n - 1 ? i + 1 : i) : (i + 1) % count,
      ArrowLeft: grid ? (i % state.n > 0 ? i - 1 : i) : (i - 1 + count) % count,
      ArrowDown: grid ? (i + state.n < count ? i + state.n : i) : (i + 1) % count,
      ArrowUp: grid ? (i - state.n >= 0 ? i - state.n : i) : (i - 1 + count) % count,
      Home: 0,
      End: count - 1,
    };
    // Handled here, so the page's own keys (← → turn the page) must not see them.
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      e.stopPropagation();
      toggle(i);
    } else if (e.key in moves) {
      e.preventDefault();
      e.stopPropagation();
      focusStation(moves[e.key]);
    }
  });
  kindSelect.addEventListener("change", () => reset(kindSelect.value, state.level, state.n));
  levelSelect.addEventListener("change", () => reset(state.kind, Number(levelSelect.value), state.n));
  sizeSelect.addEventListener("change", () => reset(state.kind, state.level, Number(sizeSelect.value)));
  repairButton.addEventListener("click", () => { state.destroyed.clear(); note.textContent = t("All stations repaired."); update(); });
  knockButton.addEventListener("click", () => {
    const total = state.net.stations.length;
    const n = Math.max(0, Math.min(total, Math.floor(Number(countInput.value) || 0)));
    const seed = Math.max(0, Math.floor(Number(seedInput.value) || 0)) >>> 0;
    const chosen = knockOut(total, state.destroyed, n, seed);
    for (const i of chosen) state.destroyed.add(i);
    note.textContent = chosen.length
      ? t("Seed {seed} destroyed {stations}. The seed moves on to {next} for the next press.",
        { seed, stations: chosen.map((i) => state.net.stations[i].label).join(", "), next: seed + 1 })
      : t("No stations left to destroy.");
    seedInput.value = String(seed + 1);
    update();
  });
  presetButtons.forEach((button, k) => button.addEventListener("click", () => {
    const p = PRESETS[k];
    reset(p.kind, p.level, 4);
    for (const label of p.destroy) state.destroyed.add(state.net.stations.findIndex((s) => s.label === label));
    note.textContent = t("The chapter's example: {stations} destroyed.", { stations: p.destroy.join(" ") });
    update();
  }));

  draw();
}
