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
// As built (stale a week after the build), and without the staleness limit, to test the
// hours over the whole window as a site with `stale_after_days: 60` would show them.
const built = { alfa: data("alfa"), beta: data("beta") };
const fresh = (d) => ({ ...d, stale_ms: undefined });
const alfa = fresh(built.alfa); // an ordinary health centre, Monday–Friday 07.30–17.00
const beta = fresh(built.beta); // weekend-open: Saturday 09–22, Sunday and holidays 09–21

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

test("before the data's horizon: nothing to say", () => {
  assert.equal(openStatus(alfa, cet(2026, 12, 20, 10)), null);
  assert.equal(openStatus(null, cet(2026, 12, 22, 10)), null);
});

test("a week after the build: the page may be stale, so no 'open now' but 1177.se and the phone", () => {
  // Built 2026-12-21 (midnight in Stockholm); `stale_after_days` is 7 by default.
  const alfa = built.alfa;
  assert.equal(alfa.built_ms, cet(2026, 12, 21, 0));
  assert.equal(alfa.stale_ms, cet(2026, 12, 28, 0));
  assert.equal(openStatus(alfa, alfa.stale_ms - 1).stale, undefined);
  const stale = {
    open: false,
    stale: true,
    label: "Uppgifterna på sidan kan vara inaktuella. Kontrollera öppettiderna på 1177.se eller ring 070-174 06 50.",
  };
  // Day X + 90 and beyond the data's horizon: the notice, never a guess.
  for (const now of [alfa.stale_ms, cet(2027, 3, 21, 10), alfa.horizon_end_ms, cet(2028, 6, 1, 10)]) {
    assert.deepEqual({ ...openStatus(alfa, now) }, stale);
  }
});

test("after the last interval in the data: the next opening from the calendar, with its date", () => {
  const fresh = alfa;
  const last = fresh.intervals[fresh.intervals.length - 1];
  assert.equal(last.end_ms < fresh.horizon_end_ms, true);
  assert.match(fresh.fallback_label, /^Stängt · öppnar [a-zö]+ \d+ [a-z]+ 07\.30$/);
  assert.deepEqual({ ...openStatus(fresh, last.end_ms) }, { open: false, label: fresh.fallback_label });
});

// A page with the status element and the data, at a fixed time.
function page(json, now) {
  const status = { hidden: true, textContent: "", className: "open-status", delays: [] };
  const elements = { "oppet-status": status, "oppet-data": { textContent: json } };
  load({
    document: { getElementById: (id) => elements[id] ?? null },
    setTimeout: (_, ms) => status.delays.push(ms),
    Date: { now: () => now },
  });
  return status;
}

test("on a page: the line is redrawn on the minute, not a minute after loading", () => {
  // Loaded at 16.59.50: the next redraw is at 17.00.00, when the centre closes.
  const status = page(JSON.stringify(alfa), cet(2026, 12, 22, 16, 59) + 50000);
  assert.equal(status.textContent, "Öppet nu · stänger 17.00");
  assert.deepEqual(status.delays, [10000]);
  assert.equal(page(JSON.stringify(alfa), cet(2026, 12, 22, 10)).delays[0], 60000);
});

test("on a stale page: the notice, marked as such", () => {
  const status = page(JSON.stringify(built.alfa), cet(2027, 3, 21, 10));
  assert.equal(status.hidden, false);
  assert.equal(status.className, "open-status is-stale");
  assert.match(status.textContent, /^Uppgifterna på sidan kan vara inaktuella/);
});

test("on a page: fills in and shows the status line", () => {
  const status = page(JSON.stringify(alfa), cet(2026, 12, 22, 10));
  assert.equal(status.hidden, false);
  assert.equal(status.textContent, "Öppet nu · stänger 17.00");
  assert.equal(status.className, "open-status is-open");
});

test("on a page before the horizon, or with broken data: stays hidden", () => {
  assert.equal(page(JSON.stringify(alfa), cet(2026, 12, 20, 10)).hidden, true);
  assert.equal(page("{not json", cet(2026, 12, 22, 10)).hidden, true);
});

test("the script stays under 2 KB", () => {
  assert.ok(Buffer.byteLength(source) < 2048, `${Buffer.byteLength(source)} bytes`);
});
