// The theme switch every page shares: "auto" (the system's prefers-color-scheme), "light" or
// "dark", kept in this browser only (localStorage) and applied as data-theme on <html>,
// which static/theme.css turns into color-scheme. templates/base.html loads this module on
// every page, so a choice made in the book holds in the labs and back; the book's toolbar
// button and the labs' select change it.

const KEY = "wiretrail.theme";
export const THEMES = ["auto", "light", "dark"];

/** The saved choice, "auto" when there is none (or storage is off). */
export function savedTheme() {
  let raw = null;
  try { raw = localStorage.getItem(KEY); } catch { /* private mode */ }
  let value = raw;
  // Stored as JSON (the book's store); a bare word is what the lab page once wrote.
  try { value = JSON.parse(raw); } catch { /* a bare word */ }
  return THEMES.includes(value) ? value : "auto";
}

/** Shows `theme` ("auto" follows the system). */
export function applyTheme(theme) {
  const root = document.documentElement;
  if (theme === "light" || theme === "dark") root.dataset.theme = theme;
  else delete root.dataset.theme;
}

/** Remembers `theme` and shows it. */
export function chooseTheme(theme) {
  const value = THEMES.includes(theme) ? theme : "auto";
  try { localStorage.setItem(KEY, JSON.stringify(value)); } catch { /* private mode */ }
  applyTheme(value);
  return value;
}

applyTheme(savedTheme());
