// The protocol crates' texts (field meanings, frame summaries, problems and their answers,
// as the server's dissections give them) in the page's language.
//
// PLACEHOLDER: this passthrough keeps every text in English. The wire task replaces this
// file with the real one (same export): normalise the English exactly as
// crates/wire/src/i18n.rs does (numbers and quoted values become {0}, {1}, …), look it up in
// the `wire` domain of /static/generated/ui.ko.json (see `catalog.wire` in ./i18n.js), and
// fill the values back into the Korean; not found, the English unchanged.

/** The text in the page's language (for now: unchanged). */
export function wire(text) {
  return text;
}
