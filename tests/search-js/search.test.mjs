// The search client (themes/default/static/search.js) against an index a real build wrote.
// Run through `cargo test --test search_js`, which builds the example site and a small fixture
// site and passes, in SEARCH_DATA, a folder with:
//   example/     the example site's output (content/ and the care units)
//   fixture/     a fixture site's output (spellings, numbers)
//   words.json   [[word, exact stem, key], …] as the Rust analysis gives them
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const source = readFileSync(
  new URL("../../themes/default/static/search.js", import.meta.url),
  "utf8",
);
const dataDir = process.env.SEARCH_DATA;
if (!dataDir) {
  throw new Error("SEARCH_DATA is not set: run these tests with `cargo test --test search_js`");
}
const context = vm.createContext({ TextDecoder, URLSearchParams, Set, Map });
vm.runInContext(source, context);
const S = vm.runInContext("VardlotsSearch", context);

// Reads the index files of a built site, as the browser would fetch them.
function opener(site) {
  const root = path.join(dataDir, site);
  const load = (url, kind) => {
    const file = path.join(root, url.replace(/\?.*$/, ""));
    const bytes = readFileSync(file);
    return Promise.resolve(kind === "json" ? JSON.parse(bytes.toString("utf8")) : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  return S.open("/search/sv/manifest.json", load);
}

async function top(engine, query, n = 10, filter) {
  const res = await engine.search(query, filter);
  const out = [];
  for (const h of res.hits.slice(0, n)) {
    const r = await engine.record(h.page);
    out.push(r.path);
  }
  return out;
}

test("the client's analysis is the build's, word for word", () => {
  const words = JSON.parse(readFileSync(path.join(dataDir, "words.json"), "utf8"));
  assert.ok(words.length > 1000, `only ${words.length} words`);
  const stop = new Set(JSON.parse(readFileSync(path.join(dataDir, "example/search/sv/manifest.json"), "utf8")).stop);
  const wrong = [];
  for (const [word, exact, key] of words) {
    const got = S.analyze(word, stop, "sv").map((t) => ({ exact: t.exact, key: t.key }));
    const want = exact === null ? [] : [{ exact, key }];
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push([word, got, want]);
  }
  assert.deepEqual(wrong.slice(0, 10), []);
});

// English, Finnish and Arabic: the site's and the theme's words in every language, with the
// language's endings (or Arabic's prefixes, marks and tatweel) added.
for (const language of ["en", "fi", "ar"]) {
  test(`the client's ${language} analysis is the build's, word for word`, () => {
    const words = JSON.parse(readFileSync(path.join(dataDir, `words-${language}.json`), "utf8"));
    assert.ok(words.length > 5000, `only ${words.length} words`);
    const manifest = path.join(dataDir, `example/search/${language}/manifest.json`);
    const stop = new Set(JSON.parse(readFileSync(manifest, "utf8")).stop);
    const wrong = [];
    for (const [word, exact, key] of words) {
      const got = S.analyze(word, stop, language).map((t) => ({ exact: t.exact, key: t.key }));
      const want = exact === null ? [] : [{ exact, key }];
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push([word, got, want]);
    }
    assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} of ${words.length} differ`);
  });
}

test("one-letter edits", () => {
  assert.equal(S.oneEdit("vimmerby", "vimerby"), true); // missing
  assert.equal(S.oneEdit("kalmar", "kalmmar"), true); // extra
  assert.equal(S.oneEdit("kalmar", "kalmr"), true);
  assert.equal(S.oneEdit("kalmar", "kalmat"), true); // wrong
  assert.equal(S.oneEdit("kalmar", "kalamr"), true); // swapped
  assert.equal(S.oneEdit("kalmar", "kalmar"), false);
  assert.equal(S.oneEdit("kalmar", "klamra"), false);
});

test("the index round-trips: every page the build wrote is found by its own title", async () => {
  const engine = await opener("example");
  const m = engine.manifest();
  assert.equal(m.language, "sv");
  for (let page = 0; page < m.pages; page++) {
    const r = await engine.record(page);
    assert.ok(r.path.startsWith("/"), r.path);
    const found = await top(engine, r.title, 50);
    assert.ok(found.includes(r.path), `${r.title} (${r.path}) not found by its title: ${found}`);
  }
});

test("inflections, folding, numbers, prefix and typos find the unit", async () => {
  const engine = await opener("example");
  for (const q of ["hälsocentralen i Nybro", "halsocentralen nybro", "nybr", "nybor hälsocentral"]) {
    assert.equal((await top(engine, q, 1))[0], "/enheter/nybro/", q);
  }
  const direct = await top(engine, "1177", 50);
  assert.ok(direct.includes("/nyheter/vardagskvallar-1177-direkt/"), String(direct));
  const emergency = await top(engine, "112", 50);
  assert.ok(emergency.includes("/nyheter/vart-ska-jag-vanda-mig/"), String(emergency));
});

test("filters by kind and municipality", async () => {
  const engine = await opener("example");
  const units = await top(engine, "hälsocentral", 100, { kind: "enhet" });
  assert.ok(units.length > 5 && units.every((p) => p.startsWith("/enheter/")), String(units));
  const kalmar = await top(engine, "hälsocentral", 100, { municipality: "Kalmar" });
  assert.deepEqual(kalmar, ["/enheter/stenso/"]);
});

test("exact spellings rank first; the folded spelling finds both", async () => {
  const engine = await opener("fixture");
  assert.deepEqual(await top(engine, "hälsocentral"), ["/med/", "/utan/"]);
  assert.deepEqual((await top(engine, "halsocentral")).sort(), ["/med/", "/utan/"]);
  assert.deepEqual(await top(engine, "070-174 06 05"), ["/telefon/"]);
});

test("the index reads the rendered page: template words in, ignored regions and the header out", async () => {
  const engine = await opener("fixture");
  assert.deepEqual(await top(engine, "mallord"), ["/mall/"]);
  assert.deepEqual(await top(engine, "markdown"), ["/mall/"]);
  assert.deepEqual(await top(engine, "doltord"), []);
  // The header's and footer's words are on every page and in none of their indexed regions
  // (the skip link's "Hoppa till innehållet"; "Livshotande" is on the start page's own cards).
  assert.deepEqual(await top(engine, "hoppa"), []);
});

test("the vocabulary: the theme's words, the English glossary and site.yaml's own", async () => {
  const engine = await opener("fixture");
  assert.deepEqual((await top(engine, "vårdcentral")).sort(), ["/med/", "/utan/"]);
  assert.deepEqual((await top(engine, "health centre")).sort(), ["/med/", "/utan/"]);
  assert.equal((await engine.search("health centre")).english, true);
  assert.equal((await engine.search("hälsocentral")).english, false);
  assert.deepEqual(await top(engine, "kioskord"), ["/mall/"]);
});

test("compounds split against the index's own words; typos up to two edits", async () => {
  const engine = await opener("example");
  assert.ok((await top(engine, "barnfeber", 3)).some((p) => p.includes("feber")));
  assert.deepEqual(await top(engine, "halsont", 1), ["/vart-ska-jag-vanda-mig/forkyld/"]);
  assert.equal(S.distance("kalmar", "klamar", 2), 1);
  assert.equal(S.distance("ungdomsmottagning", "ungdomsmotagnig", 2), 2);
  assert.equal(S.distance("kalmar", "borgholm", 2), 3);
  assert.deepEqual(await top(engine, "ungdomsmotagnig", 1), ["/nyheter/digital-ungdomsmottagning/"]);
  // The first letter is not fixed for longer words.
  assert.deepEqual(await top(engine, "ymmerby", 1), ["/enheter/vimmerby/"]);
});

test("no dead ends: a search that finds nothing says which word was meant, and in English for English", async () => {
  const engine = await opener("fixture");
  const res = await engine.search("hälsocentrxxx");
  assert.equal(res.hits.length, 0);
  assert.equal(res.suggestion, "hälsocentral");
  const en = await engine.search("xqzy opening hours");
  assert.equal(en.english, true);
  const m = engine.manifest();
  for (const k of ["did_you_mean", "none_emergency", "none_advice", "none_guide"]) assert.ok(m.words[k], k);
});

test("no page out of reach: a word's postings beyond its shard's head come with a second word, a filter or more results", async () => {
  const engine = await opener("many");
  const one = await engine.search("gemensamt");
  assert.equal(one.hits.length, 400);
  assert.equal(one.partial, true);
  const all = await engine.search("gemensamt", {}, true);
  assert.equal(all.hits.length, 450);
  assert.equal(all.partial, false);
  assert.ok(!(await top(engine, "gemensamt", 400)).includes("/s99/"));
  // A narrowing second word reaches a page beyond the first word's best postings.
  const two = await engine.search("gemensamt sällsynt");
  assert.equal(two.hits[0].matched, 2);
  assert.equal((await engine.record(two.hits[0].page)).path, "/s99/");
  // A filter that leaves a full first page reads the heads; "more results" the rest.
  assert.equal((await engine.search("gemensamt", { kind: "sida" })).partial, true);
  assert.equal((await engine.search("gemensamt", { kind: "sida" }, true)).hits.length, 450);
});

test("quality: the expected page is in the top 3 for at least 90 % of the queries", async () => {
  const engine = await opener("example");
  const queries = JSON.parse(readFileSync(new URL("./queries.json", import.meta.url), "utf8"));
  assert.ok(queries.length >= 50);
  const misses = [];
  const times = [];
  for (const [q, want] of queries) {
    await engine.search(q); // shards loaded
    const t0 = performance.now();
    await engine.search(q);
    times.push(performance.now() - t0);
    const got = await top(engine, q, 3);
    if (!got.includes(want)) misses.push(`${q} → ${got.join(", ")} (want ${want})`);
  }
  const score = 1 - misses.length / queries.length;
  times.sort((a, b) => a - b);
  console.log(`quality: ${queries.length - misses.length}/${queries.length} in the top 3 (${(score * 100).toFixed(1)} %); query time median ${times[times.length >> 1].toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`);
  for (const m of misses) console.log(`  miss: ${m}`);
  assert.ok(score >= 0.9, `only ${(score * 100).toFixed(1)} % in the top 3:\n${misses.join("\n")}`);
  assert.ok(times[times.length >> 1] < 50, `median query time ${times[times.length >> 1]} ms`);
});
