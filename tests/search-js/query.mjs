// One search through the real client (themes/default/static/search.js) against a built site's
// index of one language: prints the paths of the hits, best first, as JSON.
//
// usage: node tests/search-js/query.mjs SITE_OUTPUT LANGUAGE QUERY
//        node tests/search-js/query.mjs SITE_OUTPUT LANGUAGE --weekend
// (tests/languages.rs runs it on the sites it builds.) With --weekend: the paths of the pages
// the index names as the weekend page, which holiday and weekend words lift.
import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const [out, language, query] = process.argv.slice(2);
if (!query) {
  console.error("usage: node tests/search-js/query.mjs SITE_OUTPUT LANGUAGE QUERY");
  process.exit(2);
}
const source = readFileSync(new URL("../../themes/default/static/search.js", import.meta.url), "utf8");
const context = vm.createContext({ TextDecoder, URLSearchParams, Set, Map });
vm.runInContext(source, context);
const S = vm.runInContext("VardlotsSearch", context);
const load = (url, kind) => {
  const bytes = readFileSync(path.join(out, url.replace(/\?.*$/, "")));
  return Promise.resolve(kind === "json" ? JSON.parse(bytes.toString("utf8"))
    : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const engine = await S.open(`/search/${language}/manifest.json`, load);
const pages = query === "--weekend" ? engine.manifest().weekend
  : (await engine.search(query, {})).hits.map((h) => h.page);
const paths = [];
for (const page of pages) paths.push((await engine.record(page)).path);
console.log(JSON.stringify(paths));
