// The search download budget and query time, measured with the real client on a built site.
//
// usage: node bench/search-budget.mjs OUTPUT_DIR [QUERIES.json]
//   OUTPUT_DIR    a `vardlots build` output (e.g. of the 10,000-page gen-site site)
//   QUERIES.json  a JSON list of queries (default: bench/search-queries-10k.json, 50 queries)
//
// For each query, with a cold cache (a fresh client, as on a first query), it counts the bytes
// a browser fetches: search-loader.js (on every page), search.js, the manifest, the shards the
// query reads and the records of the first 10 results. Each file counts gzip-compressed at
// level 6 (what static hosts serve); the script and manifest count once per query. Then, with
// the shards loaded, the median of 5 runs of the query is its query time.
//
// Prints per-query lines and a summary with median, p95 and max bytes (issue 7: at most
// 100 KB, and at most 60 KB for 95 % of the queries; query time under 50 ms), plus the sizes of
// the whole index and, if the build wrote it, of search/elasticlunr.json.

import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

const [outDir, queriesFile] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node bench/search-budget.mjs OUTPUT_DIR [QUERIES.json]");
  process.exit(2);
}
const here = path.dirname(new URL(import.meta.url).pathname);
const queries = JSON.parse(
  readFileSync(queriesFile || path.join(here, "search-queries-10k.json"), "utf8"),
);
const gz = (bytes) => zlib.gzipSync(bytes, { level: 6 }).length;
const sizes = new Map();
const gzSize = (file) => {
  if (!sizes.has(file)) sizes.set(file, gz(readFileSync(file)));
  return sizes.get(file);
};

const staticDir = path.join(outDir);
const scriptBytes = gzSize(path.join(staticDir, "search.js")) +
  gzSize(path.join(staticDir, "search-loader.js"));
const source = readFileSync(path.join(staticDir, "search.js"), "utf8");
const context = vm.createContext({ TextDecoder, URLSearchParams });
vm.runInContext(source, context);
const S = vm.runInContext("VardlotsSearch", context);
// The start page's language's index (a site in several languages has one per language).
const rootLang = (readFileSync(path.join(outDir, "index.html"), "utf8").match(/<html lang="([^"]+)"/) || [])[1];
const manifestPath = [rootLang, ...readdirSync(path.join(outDir, "search"))]
  .filter(Boolean)
  .map((l) => `/search/${l}/manifest.json`)
  .find((p) => existsSync(path.join(outDir, p)));

// A client whose fetches read the output folder and count compressed bytes.
function client() {
  const fetched = { bytes: scriptBytes, files: 2, shards: 0 };
  const load = (url, kind) => {
    const file = path.join(outDir, url.replace(/\?.*$/, ""));
    const bytes = readFileSync(file);
    fetched.bytes += gzSize(file);
    fetched.files += 1;
    if (url.includes("/s/")) fetched.shards += 1;
    return Promise.resolve(
      kind === "json"
        ? JSON.parse(bytes.toString("utf8"))
        : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
  };
  return { fetched, open: () => S.open(manifestPath, load) };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const rows = [];
for (const q of queries) {
  const c = client();
  const engine = await c.open();
  const res = await engine.search(q);
  await Promise.all(res.hits.slice(0, 10).map((h) => engine.record(h.page)));
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await engine.search(q);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  rows.push({ q, bytes: c.fetched.bytes, files: c.fetched.files, shards: c.fetched.shards, hits: res.hits.length, ms: times[2] });
  console.log(`${q.padEnd(28)} ${String(res.hits.length).padStart(6)} hits  ${(c.fetched.bytes / 1024).toFixed(1).padStart(6)} KB in ${c.fetched.files} files (${c.fetched.shards} shards)  ${times[2].toFixed(2)} ms`);
}
const bytes = rows.map((r) => r.bytes).sort((a, b) => a - b);
const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const dirSize = (dir, f = (b) => b.length) => {
  let raw = 0, packed = 0, files = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      const s = dirSize(p);
      raw += s.raw; packed += s.packed; files += s.files;
    } else {
      const b = readFileSync(p);
      raw += b.length; packed += gz(b); files += 1;
    }
  }
  return { raw, packed, files };
};
const index = dirSize(path.join(outDir, path.dirname(manifestPath)));
const shardsDir = dirSize(path.join(outDir, path.dirname(manifestPath), "s"));
console.log("");
console.log(`queries: ${rows.length}`);
console.log(`first-query bytes (gzip): median ${kb(pct(bytes, 50))}, p95 ${kb(pct(bytes, 95))}, max ${kb(bytes[bytes.length - 1])} (issue: p95 <= 60 KB, max <= 100 KB)`);
console.log(`of which script (search-loader.js + search.js): ${kb(scriptBytes)}; manifest ${kb(gzSize(path.join(outDir, manifestPath)))}`);
console.log(`query time with shards loaded: median ${ms[ms.length >> 1].toFixed(2)} ms, max ${ms[ms.length - 1].toFixed(2)} ms (issue: < 50 ms)`);
console.log(`index ${path.dirname(manifestPath)}: ${index.files} files, ${kb(index.raw)} raw, ${kb(index.packed)} gzip; shards: ${shardsDir.files} files, ${kb(shardsDir.raw)} raw, ${kb(shardsDir.packed)} gzip`);
const lunr = path.join(outDir, "search", "elasticlunr.json");
if (existsSync(lunr)) {
  const b = readFileSync(lunr);
  console.log(`elasticlunr.json (the whole index, fetched on a first query): ${kb(b.length)} raw, ${kb(gz(b))} gzip`);
}
