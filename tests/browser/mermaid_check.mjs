// Parse Mermaid diagrams with the real Mermaid parser and report what it understood.
//
// Usage: node mermaid_check.mjs IN.json OUT.json
//   IN.json holds a list of diagram sources; OUT.json receives one result per diagram:
//   {"ok": true, "type": ..., "vertices": [[id, text, classes]], "edges": [[start, end,
//   stroke, text]]} or {"ok": false, "error": message}.
//
// Mermaid expects a browser; jsdom provides the window and document it touches while
// parsing (DOMPurify, entity decoding). Results go to a file, not stdout, because Mermaid
// logs to the console. Modules resolve from this directory's node_modules
// (installed by .ci/display-deps.sh from package.json / package-lock.json).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict", logLevel: "fatal" });

const [input, output] = process.argv.slice(2);
const sources = JSON.parse(readFileSync(input, "utf8"));
const results = [];
for (const source of sources) {
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
    const db = diagram.db;
    const vertices = [...db.getVertices().values()].map((v) => [v.id, v.text, v.classes]);
    const edges = db.getEdges().map((e) => [e.start, e.end, e.stroke, e.text]);
    results.push({ ok: true, type: diagram.type, vertices, edges });
  } catch (error) {
    results.push({ ok: false, error: String(error && error.message ? error.message : error) });
  }
}
writeFileSync(output, JSON.stringify(results));
