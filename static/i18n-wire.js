// What the protocol crates say (a dissection's summary, its fields' meanings, its problems
// and their answers) in the page's language: `wire(text)`.
//
// A dissector's English carries the bytes' own numbers and quoted texts, so the catalog is
// keyed on the sentence with each value replaced by `{0}`, `{1}`, … ("normalised"); the
// Korean has the same placeholders, perhaps in another order. To translate: normalise, look
// the result up in the `wire` half of /static/generated/ui.ko.json (which ./i18n.js fetched),
// and fill the Korean with the values. A sentence the catalog does not know stays English.
//
// The rule for a value is crates/wire/src/i18n.rs's, character for character (a Rust test
// runs tests/browser/wire-i18n.test.mjs over every sentence of the corpus):
//  1. a number: `0x` + hex digits, or digits with an optional `.digits`, starting at a digit
//     that does not follow an ASCII letter, digit or `_`, and not followed by an ASCII letter
//     (a number that is followed by one is copied whole, as text);
//  2. a quoted segment, its marks included: "…", `…`, “…”, or '…' whose opening ' does not
//     follow an ASCII letter; a mark that never closes is text.

import * as i18n from "./i18n.js";

const QUOTES = { '"': '"', "`": "`", "“": "”", "'": "'" };

const isDigit = (c) => c >= "0" && c <= "9";
const isHex = (c) => isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F");
const isLetter = (c) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");

// The length (in UTF-16 units) of the number at `at`, which is a digit.
function numberLength(text, at) {
  if (text[at] === "0" && text[at + 1] === "x" && isHex(text[at + 2] || "")) {
    let end = at + 2;
    while (end < text.length && isHex(text[end])) end++;
    return end - at;
  }
  let end = at;
  while (end < text.length && isDigit(text[end])) end++;
  if (text[end] === "." && isDigit(text[end + 1] || "")) {
    end++;
    while (end < text.length && isDigit(text[end])) end++;
  }
  return end - at;
}

/**
 * `[key, values]`: `text` with every value replaced by `{0}`, `{1}`, … and the values, as
 * crates/wire/src/i18n.rs's `normalize` gives them.
 */
export function normalize(text) {
  let key = "";
  const values = [];
  let before = ""; // the character before `at`, in the text
  let at = 0;
  while (at < text.length) {
    const c = text[at];
    if (isDigit(c)) {
      const len = numberLength(text, at);
      const next = text[at + len] || "";
      const number = text.slice(at, at + len);
      if (!(isLetter(before) || isDigit(before) || before === "_") && !isLetter(next)) {
        key += `{${values.length}}`;
        values.push(number);
      } else {
        key += number;
      }
      before = text[at + len - 1];
      at += len;
      continue;
    }
    const close = QUOTES[c];
    if (close !== undefined && !(c === "'" && isLetter(before))) {
      const end = text.indexOf(close, at + 1);
      if (end !== -1) {
        key += `{${values.length}}`;
        values.push(text.slice(at, end + 1));
        before = close;
        at = end + 1;
        continue;
      }
    }
    key += c;
    before = c;
    at++;
  }
  return [key, values];
}

/** `template` with each `{i}` replaced by `values[i]`; a `{i}` with no value stays. */
export function fill(template, values) {
  return template.replace(/\{(\d+)\}/g, (whole, i) => (Number(i) < values.length ? values[Number(i)] : whole));
}

/** `text` through `catalog` (normalised msgid → translation): the English if unknown. */
export function translate(catalog, text) {
  if (typeof text !== "string" || text === "") return text;
  const [key, values] = normalize(text);
  const found = catalog[key];
  return typeof found === "string" && found !== "" ? fill(found, values) : text;
}

const WIRE = (i18n.lang === "ko" && i18n.catalog && i18n.catalog.wire) || {};

/** A dissector's sentence in the page's language (unchanged on an English page). */
export function wire(text) {
  return i18n.lang === "ko" ? translate(WIRE, text) : text;
}
