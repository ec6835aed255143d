// The book's search, shared by both editions: every query term must be in a section's
// text (as a substring, so a stem finds its inflected forms). For Korean, a query word is
// also tried without a trailing particle (핸드셰이크를 → 핸드셰이크) when two syllables or
// more remain, and Hangul also matches with the spaces taken out of the text (흐름제어
// finds 흐름 제어). crates/book/src/i18n.rs (`search`) is the same algorithm in Rust, which
// the tests run over the index the server sends.

export const PARTICLES = [
  "에서는", "으로는", "에게서", "이라는", "이라고", "에서", "에게", "으로", "처럼", "까지",
  "부터", "보다", "라는", "라고", "에는", "에도", "와의", "과의", "이다", "은", "는", "이",
  "가", "을", "를", "의", "에", "와", "과", "도", "만", "로",
];

const HANGUL = /[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]/u;

export function variants(word) {
  const w = word.toLowerCase();
  const out = [w];
  if (HANGUL.test(w.slice(-1))) {
    for (const p of PARTICLES) {
      if (w.endsWith(p)) {
        const stem = w.slice(0, -p.length);
        if ([...stem].filter((c) => HANGUL.test(c)).length >= 2) { out.push(stem); break; }
      }
    }
  }
  return out;
}

export function terms(query) {
  return query.split(/\s+/).filter((t) => [...t].length > 1).map(variants);
}

export function matches(doc, terms) {
  const hay = `${doc.page} ${doc.section} ${doc.text}`.toLowerCase();
  const squashed = hay.replace(/\s+/g, "");
  return terms.every((vs) => vs.some((v) => hay.includes(v) || squashed.includes(v)));
}

export function score(doc, terms) {
  const heading = `${doc.page} ${doc.section}`.toLowerCase();
  return terms.filter((vs) => vs.some((v) => heading.includes(v))).length * 10 + 1;
}
