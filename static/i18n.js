// The pages' words in the reader's language (a minimal stand-in on the wire branch, written
// against the API the plan gives; the js-lab branch owns this file).
//
//   import { t, tn, lang } from "/static/i18n.js";
//   t("Send to the server")                  → the string in the page's language
//   t("{n} frames in {ms} ms", { n, ms })    → `{name}` placeholders filled from the object
//   tn(n, "{n} frame", "{n} frames", { n })  → plural (Korean has one form)
//   lang                                     → "en" | "ko" (from <html lang>)
//
// On a Korean page the catalog is fetched once, here, from /static/generated/ui.ko.json:
// `{"scripts": {msgid: msgstr | [msgstr0]}, "wire": {normalised msgid: msgstr}}`; on an
// English page nothing is fetched and t() gives the English with its placeholders filled.

const html = typeof document === "undefined" ? null : document.documentElement;

/** "ko" on a Korean page (`<html lang="ko">`), else "en". */
export const lang = html && (html.lang || "").toLowerCase().startsWith("ko") ? "ko" : "en";

const EMPTY = Object.freeze({ scripts: {}, wire: {} });

async function load() {
  try {
    const response = await fetch("/static/generated/ui.ko.json");
    if (!response.ok) return EMPTY;
    const json = await response.json();
    return { scripts: json.scripts || {}, wire: json.wire || {} };
  } catch {
    return EMPTY;
  }
}

/** The page's catalog: both halves, empty on an English page. */
export const catalog = lang === "ko" ? await load() : EMPTY;

function fill(text, values) {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole);
}

function korean(msgid) {
  const found = catalog.scripts[msgid];
  if (typeof found === "string") return found;
  if (Array.isArray(found) && typeof found[0] === "string") return found[0];
  return "";
}

/** `msgid` in the page's language, its `{name}` placeholders filled from `values`. */
export function t(msgid, values) {
  return fill(korean(msgid) || msgid, values);
}

/** The singular or plural English by `n`, or the one Korean form. */
export function tn(n, singular, plural, values) {
  return fill(korean(singular) || (n === 1 ? singular : plural), values);
}
