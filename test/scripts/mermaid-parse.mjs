// Parses Mermaid diagrams with the pinned `mermaid` package under Node (jsdom
// supplies the DOM its sanitizer needs). Reads a JSON array of diagram texts on
// stdin, prints a JSON array of `null` (parsed) or the error message.
// Used by test/scripts/summary-render.test.ts in a child process: mermaid is ESM only.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    await mermaid.parse(text);
    results.push(null);
  } catch (e) {
    results.push(String(e?.message ?? e));
  }
}
process.stdout.write(JSON.stringify(results));
