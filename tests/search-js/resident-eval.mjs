// The resident-style evaluation (issue 14): every query of resident-queries.json, written from
// the example site's pages the way residents type them (on a phone, in a hurry, without å/ä/ö,
// with typos, in English), run through the real client (themes/default/static/search.js)
// against the index a real build of the example site wrote.
//
// usage: node tests/search-js/resident-eval.mjs SITE_OUTPUT
// (`cargo test --test search_js` builds the example site and runs this.)
//
// Prints the top-3 rate per category and every miss; exits non-zero when fewer than 90 % of
// the queries have an acceptable page in their top 3, or when a query returns nothing although
// each of its words is on a page of the site (as the resident sees it: the text of <main>).

import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const THRESHOLD = 0.9;
const out = process.argv[2];
if (!out) {
  console.error("usage: node tests/search-js/resident-eval.mjs SITE_OUTPUT");
  process.exit(2);
}
const source = readFileSync(new URL("../../themes/default/static/search.js", import.meta.url), "utf8");
const context = vm.createContext({ TextDecoder, URLSearchParams, Set, Map });
vm.runInContext(source, context);
const S = vm.runInContext("VardlotsSearch", context);
const queries = JSON.parse(readFileSync(new URL("./resident-queries.json", import.meta.url), "utf8"));

const load = (url, kind) => {
  const bytes = readFileSync(path.join(out, url.replace(/\?.*$/, "")));
  return Promise.resolve(kind === "json" ? JSON.parse(bytes.toString("utf8"))
    : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const engine = await S.open("/search/sv/manifest.json", load);
const stop = new Set(engine.manifest().stop);

// Every word a resident can read on the site: the text of each page's <main>.
const siteWords = new Set();
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name === "index.html") {
      const html = readFileSync(p, "utf8");
      const main = (html.match(/<main[\s\S]*?<\/main>/) || [html])[0]
        .replace(/<(script|style|template)[\s\S]*?<\/\1>/g, " ")
        .replace(/<[^>]*>/g, " ");
      for (const w of main.match(/[\p{Alphabetic}\p{N}]+/gu) || []) siteWords.add(w.toLowerCase());
    }
  }
})(out);
const onSite = (q) => (q.match(/[\p{Alphabetic}\p{N}]+/gu) || [])
  .map((w) => w.toLowerCase())
  .filter((w) => !stop.has(w))
  .every((w) => siteWords.has(w));

const byCategory = new Map();
const misses = [];
const empty = [];
for (const { q, category, accept } of queries) {
  for (const p of accept) {
    if (!siteWords.size || !p.startsWith("/")) throw new Error(`bad accepted page ${p} for ${q}`);
  }
  const res = await engine.search(q);
  const top = [];
  for (const h of res.hits.slice(0, 3)) top.push((await engine.record(h.page)).path);
  const hit = top.some((p) => accept.includes(p));
  const c = byCategory.get(category) || { n: 0, hit: 0 };
  c.n++;
  if (hit) c.hit++;
  byCategory.set(category, c);
  if (!hit) misses.push(`${category}: "${q}" → ${top.join(", ") || "nothing"}`);
  if (res.hits.length === 0 && onSite(q)) empty.push(q);
}

const pct = (a, b) => `${((100 * a) / b).toFixed(0)} %`.padStart(6);
let hits = 0;
console.log("category                      top 3");
for (const [cat, c] of byCategory) {
  hits += c.hit;
  console.log(`${cat.padEnd(28)} ${String(c.hit).padStart(3)}/${String(c.n).padEnd(3)} ${pct(c.hit, c.n)}`);
}
console.log(`${"overall".padEnd(28)} ${String(hits).padStart(3)}/${String(queries.length).padEnd(3)} ${pct(hits, queries.length)}`);
for (const m of misses) console.log(`  miss: ${m}`);

// Issue 19: the other languages, each against its own index, each query the way a resident
// reading that language types it (from the example site's translations).
const languages = JSON.parse(readFileSync(new URL("./resident-queries-languages.json", import.meta.url), "utf8"));
const weak = [];
console.log("\nlanguage                      top 3");
for (const [language, list] of Object.entries(languages)) {
  const other = await S.open(`/search/${language}/manifest.json`, load);
  let n = 0;
  for (const { q, accept } of list) {
    const res = await other.search(q);
    const top = [];
    for (const h of res.hits.slice(0, 3)) top.push((await other.record(h.page)).path);
    if (top.some((p) => accept.includes(p))) n++;
    else console.log(`  miss (${language}): "${q}" → ${top.join(", ") || "nothing"}`);
    if (res.hits.length === 0) empty.push(`${language}: ${q}`);
  }
  console.log(`${language.padEnd(28)} ${String(n).padStart(3)}/${String(list.length).padEnd(3)} ${pct(n, list.length)}`);
  if (list.length < 10 || n / list.length < THRESHOLD) weak.push(language);
}

let failed = false;
if (weak.length) {
  console.error(`languages under ${THRESHOLD * 100} % top 3 (or with fewer than 10 queries): ${weak.join(", ")}`);
  failed = true;
}
if (queries.length < 120) {
  console.error(`only ${queries.length} queries; the set needs at least 120`);
  failed = true;
}
if (hits / queries.length < THRESHOLD) {
  console.error(`top-3 rate ${pct(hits, queries.length).trim()} is under ${THRESHOLD * 100} %`);
  failed = true;
}
for (const q of empty) console.log(`  nothing found: "${q}"`);
if (empty.length) {
  console.error(`${empty.length} queries found nothing although their words are on the site`);
  failed = true;
}
process.exit(failed ? 1 : 0);
