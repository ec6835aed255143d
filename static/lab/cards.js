// The cards moved to static/render/cards.js (one renderer for both labs and the book's cells).
// TODO(render move): only static/cells/ncp-icp.js still imports this path; it belongs to
// another branch. Point its import at "../render/cards.js" after the merge and delete this file.
export { renderDissection } from "../render/cards.js";
