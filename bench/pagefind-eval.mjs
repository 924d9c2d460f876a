// The resident-style evaluation set (tests/search-js/resident-queries.json) run through
// Pagefind, for comparison with the site's own search on the same output.
//
// usage:
//   npm install pagefind@1              (in any scratch folder; ships its own binary)
//   cp -r OUTPUT /tmp/site-pf && npx pagefind --site /tmp/site-pf
//   node bench/pagefind-eval.mjs /tmp/site-pf
//
// Pagefind runs with no configuration. Its browser module is loaded in Node with a `fetch`
// that reads the output folder. Prints the top-3 rate per category.

import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const site = path.resolve(process.argv[2] || "");
if (!process.argv[2]) {
  console.error("usage: node bench/pagefind-eval.mjs SITE_WITH_PAGEFIND_INDEX");
  process.exit(2);
}
const here = path.dirname(new URL(import.meta.url).pathname);
const queries = JSON.parse(readFileSync(path.join(here, "../tests/search-js/resident-queries.json"), "utf8"));
globalThis.window = globalThis;
globalThis.location = { origin: "file://" };
globalThis.fetch = async (u) => {
  const p = decodeURIComponent(new URL(u, "file:///").pathname);
  const bytes = readFileSync((p.startsWith(site) ? p : path.join(site, p)).replace(/\?.*$/, ""));
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { ok: true, status: 200, arrayBuffer: async () => buf, json: async () => JSON.parse(bytes.toString()), text: async () => bytes.toString() };
};
const pf = await import(pathToFileURL(path.join(site, "pagefind/pagefind.js")).href);
await pf.options({ basePath: pathToFileURL(path.join(site, "pagefind")).href + "/" });
await pf.init();
const by = new Map();
let hits = 0, empty = 0;
for (const { q, category, accept } of queries) {
  const r = await pf.search(q);
  const top = [];
  for (const x of r.results.slice(0, 3)) {
    const url = (await x.data()).url;
    const rel = url.includes(site) ? url.slice(url.indexOf(site) + site.length) : url;
    top.push(rel.replace(/index\.html$/, ""));
  }
  if (!r.results.length) empty++;
  const c = by.get(category) || { n: 0, hit: 0 };
  c.n++;
  if (top.some((p) => accept.includes(p))) { c.hit++; hits++; }
  by.set(category, c);
}
for (const [k, c] of by) console.log(`${k.padEnd(28)} ${String(c.hit).padStart(3)}/${String(c.n).padEnd(3)} ${(100 * c.hit / c.n).toFixed(0).padStart(4)} %`);
console.log(`${"overall".padEnd(28)} ${String(hits).padStart(3)}/${queries.length} ${(100 * hits / queries.length).toFixed(0)} %; ${empty} queries found nothing`);
