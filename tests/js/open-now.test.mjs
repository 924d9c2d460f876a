// The open-now script against the data a real build embeds in unit pages. Run through
// `cargo test --test open_now_js`, which builds the fixture site with --date 2026-12-21 and
// passes the folder holding each unit's `oppet-data` JSON in OPEN_NOW_DATA.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const source = readFileSync(
  new URL("../../themes/default/static/open-now.js", import.meta.url),
  "utf8",
);
const dataDir = process.env.OPEN_NOW_DATA;
if (!dataDir) {
  throw new Error("OPEN_NOW_DATA is not set: run these tests with `cargo test --test open_now_js`");
}
const data = (id) => JSON.parse(readFileSync(path.join(dataDir, `${id}.json`), "utf8"));
const alfa = data("alfa"); // an ordinary health centre, Monday–Friday 07.30–17.00
const beta = data("beta"); // weekend-open: Saturday 09–22, Sunday and holidays 09–21

// Loads the script as a browser would, with an optional fake page and clock.
function load(globals = {}) {
  const context = vm.createContext(globals);
  vm.runInContext(source, context);
  return context;
}
const { openStatus } = load();

// Swedish wall-clock time in winter (CET, UTC+1) as epoch milliseconds.
const cet = (y, m, d, h, min = 0) => Date.UTC(y, m - 1, d, h - 1, min);

test("weekday 10.00: open, closing at 17.00", () => {
  assert.deepEqual(
    { ...openStatus(alfa, cet(2026, 12, 22, 10)) },
    { open: true, label: "Öppet nu · stänger 17.00" },
  );
});

test("weekday 18.00: closed, opening the next morning", () => {
  assert.deepEqual(
    { ...openStatus(alfa, cet(2026, 12, 22, 18)) },
    { open: false, label: "Stängt · öppnar ons 07.30" },
  );
});

test("Saturday: the weekend-open centre is open, the ordinary one is not", () => {
  const saturday = cet(2027, 1, 9, 12);
  assert.deepEqual(
    { ...openStatus(beta, saturday) },
    { open: true, label: "Öppet nu · stänger 22.00" },
  );
  assert.deepEqual(
    { ...openStatus(alfa, saturday) },
    { open: false, label: "Stängt · öppnar mån 07.30" },
  );
});

test("public holidays: closed over Christmas, holiday hours at the weekend-open centre", () => {
  // Juldagen: closed through the holidays and a closure on 28–30 December; the next
  // opening is more than a week away, so it carries its date.
  assert.deepEqual(
    { ...openStatus(alfa, cet(2026, 12, 25, 10)) },
    { open: false, label: "Stängt · öppnar mån 4 jan 07.30" },
  );
  // Trettondedag jul, a Wednesday.
  const epiphany = cet(2027, 1, 6, 10);
  assert.deepEqual(
    { ...openStatus(alfa, epiphany) },
    { open: false, label: "Stängt · öppnar tors 07.30" },
  );
  assert.deepEqual(
    { ...openStatus(beta, epiphany) },
    { open: true, label: "Öppet nu · stänger 21.00" },
  );
  // 16.59 and 17.00 on an ordinary weekday: the end of an interval is exclusive.
  assert.equal(openStatus(alfa, cet(2027, 1, 7, 16, 59)).open, true);
  assert.equal(openStatus(alfa, cet(2027, 1, 7, 17)).open, false);
});

test("outside the data's horizon: nothing to say", () => {
  assert.equal(openStatus(alfa, cet(2027, 3, 1, 10)), null);
  assert.equal(openStatus(alfa, alfa.horizon_end_ms), null);
  assert.equal(openStatus(alfa, cet(2026, 12, 20, 10)), null);
  assert.equal(openStatus(null, cet(2026, 12, 22, 10)), null);
});

// A page with the status element and the data, at a fixed time.
function page(json, now) {
  const status = { hidden: true, textContent: "", className: "open-status" };
  const elements = { "oppet-status": status, "oppet-data": { textContent: json } };
  load({
    document: { getElementById: (id) => elements[id] ?? null },
    setInterval: () => 0,
    Date: { now: () => now },
  });
  return status;
}

test("on a page: fills in and shows the status line", () => {
  const status = page(JSON.stringify(alfa), cet(2026, 12, 22, 10));
  assert.equal(status.hidden, false);
  assert.equal(status.textContent, "Öppet nu · stänger 17.00");
  assert.equal(status.className, "open-status is-open");
});

test("on a page past the horizon, or with broken data: stays hidden", () => {
  assert.equal(page(JSON.stringify(alfa), cet(2027, 3, 1, 10)).hidden, true);
  assert.equal(page("{not json", cet(2026, 12, 22, 10)).hidden, true);
});

test("the script stays under 2 KB", () => {
  assert.ok(Buffer.byteLength(source) < 2048, `${Buffer.byteLength(source)} bytes`);
});
