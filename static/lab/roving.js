// Keyboard navigation of the lab's timeline, as in Wireshark's packet list: one Tab stop per
// card (a roving tabindex, the WAI-ARIA Authoring Practices' pattern for composite widgets),
// and the arrow keys inside it. Without this, each frame card adds some twenty Tab stops (its
// bit grid, its field table, its links), and reaching the twentieth frame takes 400 presses.
//
// The keys (the page's help lists them too):
//   Tab / Shift+Tab          the next / previous card (one stop each)
//   ↓ ↑  (on a card)          into the card: its first / last field
//   ↓ ↑  (inside a card)      the next / previous field of that card
//   Home / End (inside)       the card's first / last field
//   Enter (on a field)        selects it: its meaning, its bits and bytes highlighted
//   Esc  (inside)             back to the card
//   j / k, PageDown / PageUp  the next / previous card
//   Home / End (on a card)    the first / last card
//   Enter or Space (on a card) collapses or expands it

/** What can take focus inside a card. */
const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([data-scroller])";
/**
 * What may scroll inside a card: Chromium makes a scrollable box without focusable children a
 * Tab stop of its own, so these are taken out of the Tab order too (and left to the mouse and
 * to the arrows' scrolling once a field inside has focus).
 */
const SCROLLERS = "pre, table, .hexdump, .xor-strip, .bitgrid, .wt-payload, .wt-text, .accept, div";

const visible = (el) => (typeof el.checkVisibility === "function" ? el.checkVisibility() : el.offsetParent !== null);

/** The timeline's items a key can move to (not filtered out). */
function cards(list) {
  return [...list.querySelectorAll(":scope > li.ev")].filter(visible);
}

/** A card's fields (every focusable inside it that is shown), in document order. */
function fields(li) {
  return [...li.querySelectorAll(FOCUSABLE)].filter((el) => el !== li && !el.disabled && visible(el));
}

/** Makes `li` one Tab stop: itself focusable, everything inside it reachable by arrows only. */
export function adopt(li) {
  if (li.tabIndex !== 0) li.tabIndex = 0;
  for (const el of li.querySelectorAll(FOCUSABLE)) if (el !== li && el.tabIndex !== -1) el.tabIndex = -1;
  for (const el of li.querySelectorAll(SCROLLERS)) {
    if (el.hasAttribute("tabindex")) continue;
    el.dataset.scroller = "";
    el.tabIndex = -1;
  }
}

/** Toggles a card between whole and collapsed (its header only). */
export function toggleCollapsed(li, collapsed = !li.classList.contains("collapsed")) {
  li.classList.toggle("collapsed", collapsed);
}

/**
 * Wires the keys on `list` (the timeline <ol>): every item, present and future, is adopted.
 * @param {HTMLElement} list
 */
export function initRoving(list) {
  for (const li of list.querySelectorAll(":scope > li.ev")) adopt(li);
  // Cards are added, and grow (a selected field's detail), while the session runs.
  new MutationObserver((records) => {
    const touched = new Set();
    for (const r of records) {
      const li = r.target instanceof Element ? r.target.closest("li.ev") : null;
      if (li && li.parentElement === list) touched.add(li);
      for (const n of r.addedNodes) if (n instanceof Element && n.matches("li.ev") && n.parentElement === list) touched.add(n);
    }
    for (const li of touched) adopt(li);
  }).observe(list, { childList: true, subtree: true });

  list.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target instanceof Element ? e.target : null;
    const li = target?.closest("li.ev");
    if (!li || li.parentElement !== list) return;
    const onCard = target === li;
    const typing = target.matches("input, textarea, select");
    const moveCard = (step) => {
      const all = cards(list);
      const i = all.indexOf(li);
      const next = all[Math.max(0, Math.min(all.length - 1, i + step))];
      if (next) {
        next.focus();
        next.scrollIntoView({ block: "nearest" });
      }
    };
    const inner = () => fields(li);
    let handled = true;
    switch (e.key) {
      case "PageDown": moveCard(1); break;
      case "PageUp": moveCard(-1); break;
      case "j": if (typing) handled = false; else moveCard(1); break;
      case "k": if (typing) handled = false; else moveCard(-1); break;
      case "ArrowDown":
      case "ArrowUp": {
        if (typing) { handled = false; break; }
        const all = inner();
        if (!all.length) { moveCard(e.key === "ArrowDown" ? 1 : -1); break; }
        if (onCard) { (e.key === "ArrowDown" ? all[0] : all.at(-1)).focus(); break; }
        const i = all.indexOf(target);
        const next = all[i + (e.key === "ArrowDown" ? 1 : -1)];
        if (next) next.focus();
        break;
      }
      case "Home":
      case "End": {
        if (typing) { handled = false; break; }
        const all = onCard ? cards(list) : inner();
        const to = e.key === "Home" ? all[0] : all.at(-1);
        if (to) {
          to.focus();
          to.scrollIntoView({ block: "nearest" });
        }
        break;
      }
      case "Escape": if (onCard) handled = false; else li.focus(); break;
      case "Enter":
      case " ":
        if (onCard && li.querySelector("article")) toggleCollapsed(li);
        else handled = false;
        break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });
}
