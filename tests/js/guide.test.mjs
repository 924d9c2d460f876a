// The guide script against the data real builds embed. Run through
// `cargo test --test guide_js`, which builds the guide fixture at Christmas 2026 and at
// Easter 2027 and passes the folder with `christmas.json` and `easter.json` in GUIDE_DATA.
// Without GUIDE_DATA (as under `node --test tests/js/`), the tests that need it are skipped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const source = readFileSync(
  new URL("../../themes/default/static/guide.js", import.meta.url),
  "utf8",
);
const dataDir = process.env.GUIDE_DATA;
const needsData = dataDir ? {} : { skip: "GUIDE_DATA is not set: run `cargo test --test guide_js`" };
const data = (name) => JSON.parse(readFileSync(path.join(dataDir, `${name}.json`), "utf8"));
const christmas = dataDir ? data("christmas") : null;
const easter = dataDir ? data("easter") : null;

function load(globals = {}) {
  const context = vm.createContext(globals);
  vm.runInContext(source, context);
  return context;
}
const { bandAt, openUnits } = load();

// Swedish wall-clock time as epoch ms: winter (CET, UTC+1) and summer (CEST, UTC+2).
const cet = (y, m, d, h, min = 0) => Date.UTC(y, m - 1, d, h - 1, min);
const cest = (y, m, d, h, min = 0) => Date.UTC(y, m - 1, d, h - 2, min);

const DAY = "Just nu gäller: Vardagar kl. 07.30–17.00";
const EVENING = "Just nu gäller: Vardagar kväll och natt, kl. 17.00–07.30";
const WEEKEND = "Just nu gäller: Helger och helgdagar, hela dygnet";
const at = (d, t) => ({ ...bandAt(d, t) });

test("an ordinary weekday: daytime from 07.30, evening from 17.00", needsData, () => {
  assert.deepEqual(at(christmas, cet(2026, 12, 22, 7, 29)), { band: "kvall_natt", label: EVENING });
  assert.deepEqual(at(christmas, cet(2026, 12, 22, 7, 30)), { band: "vardag_dag", label: DAY });
  assert.deepEqual(at(christmas, cet(2026, 12, 22, 16, 59)), { band: "vardag_dag", label: DAY });
  assert.deepEqual(at(christmas, cet(2026, 12, 22, 17, 0)), { band: "kvall_natt", label: EVENING });
});

test("julafton, a Thursday the region closes health centres: weekend and holiday all day", needsData, () => {
  // The evening before is a weekday evening; julafton is a holiday from midnight.
  assert.deepEqual(at(christmas, cet(2026, 12, 23, 23, 59)), { band: "kvall_natt", label: EVENING });
  for (const h of [0, 10, 20]) {
    assert.deepEqual(at(christmas, cet(2026, 12, 24, h)), {
      band: "helg",
      label: `${WEEKEND} (julafton)`,
    });
  }
  assert.deepEqual(at(christmas, cet(2026, 12, 25, 10)), {
    band: "helg",
    label: `${WEEKEND} (juldagen)`,
  });
});

test("trettondedag jul, a Wednesday: a holiday; the day before is a weekday", needsData, () => {
  assert.equal(bandAt(christmas, cet(2027, 1, 5, 10)).band, "vardag_dag");
  assert.deepEqual(at(christmas, cet(2027, 1, 6, 10)), {
    band: "helg",
    label: `${WEEKEND} (trettondedag jul)`,
  });
  assert.equal(bandAt(christmas, cet(2027, 1, 7, 3)).band, "kvall_natt");
});

test("annandag påsk, a Monday: a holiday all day, then an ordinary Tuesday", needsData, () => {
  // Summer time began on 28 March 2027.
  for (const h of [0, 10, 20, 23]) {
    assert.deepEqual(at(easter, cest(2027, 3, 29, h)), {
      band: "helg",
      label: `${WEEKEND} (annandag påsk)`,
    });
  }
  assert.equal(bandAt(easter, cest(2027, 3, 30, 3)).band, "kvall_natt");
  assert.equal(bandAt(easter, cest(2027, 3, 30, 10)).band, "vardag_dag");
  // Långfredagen and påskafton (a Saturday): weekend; Thursday before: a weekday.
  assert.equal(bandAt(easter, cet(2027, 3, 25, 20)).band, "kvall_natt");
  assert.deepEqual(at(easter, cet(2027, 3, 26, 10)), {
    band: "helg",
    label: `${WEEKEND} (långfredagen)`,
  });
  assert.deepEqual(at(easter, cet(2027, 3, 27, 10)), { band: "helg", label: WEEKEND });
});

test("open units: the weekend-open centre on holidays and weekends, during its hours", needsData, () => {
  const beta = { name: "Beta hälsocentral", path: "/enheter/beta/" };
  assert.deepEqual(
    Array.from(openUnits(easter, "helg", cest(2027, 3, 29, 10)), (u) => ({ ...u })),
    [{ ...beta, label: "Öppet nu · stänger 21.00" }],
  );
  // Annandag jul is a Saturday: holiday hours (09–21) win over Saturday's (09–22).
  assert.deepEqual(
    Array.from(openUnits(christmas, "helg", cet(2026, 12, 26, 12)), (u) => ({ ...u })),
    [{ ...beta, label: "Öppet nu · stänger 21.00" }],
  );
  assert.deepEqual(
    Array.from(openUnits(christmas, "helg", cet(2027, 1, 9, 12)), (u) => ({ ...u })),
    [{ ...beta, label: "Öppet nu · stänger 22.00" }],
  );
  // After closing, and in a band its level is not recommended in.
  assert.equal(openUnits(easter, "helg", cest(2027, 3, 29, 22)).length, 0);
  assert.equal(openUnits(christmas, "vardag_dag", cet(2026, 12, 22, 10)).length, 0);
});

test("outside the data's horizon: no band", needsData, () => {
  assert.equal(bandAt(christmas, cet(2026, 12, 20, 12)), null);
  assert.equal(bandAt(christmas, cet(2027, 2, 19, 0)), null);
  assert.equal(bandAt(null, cet(2026, 12, 22, 10)), null);
});

// A fake page: band blocks, the "now" box and the data, at a fixed time.
function page(json, now) {
  const el = (attrs = {}) => ({
    hidden: true,
    textContent: "",
    children: [],
    classes: new Set(),
    attrs,
    classList: { toggle(c, on) { on ? this.owner.classes.add(c) : this.owner.classes.delete(c); } },
    getAttribute(n) { return this.attrs[n] ?? null; },
    querySelector() { return this.mark ?? null; },
    append(...xs) { this.children.push(...xs); },
    appendChild(x) { this.children.push(x); },
  });
  const blocks = ["vardag_dag", "kvall_natt", "helg"].map((b) => {
    const block = el({ "data-band": b });
    block.classList.owner = block;
    block.mark = el();
    return block;
  });
  const ids = {
    "guide-data": { textContent: json },
    "just-nu": el(),
    "guide-band": el(),
    "guide-units": el(),
    "guide-units-none": el(),
  };
  load({
    document: {
      getElementById: (id) => ids[id] ?? null,
      querySelectorAll: () => blocks,
      createElement: () => el(),
    },
    setTimeout: () => 0,
    Date: { now: () => now },
  });
  return { blocks, ids };
}

test("on the guide page on annandag påsk: marks the weekend band and lists Beta", needsData, () => {
  // A week after the build the page would be stale; here the bands themselves are tested.
  const { blocks, ids } = page(JSON.stringify({ ...easter, stale_ms: undefined }), cest(2027, 3, 29, 10));
  assert.deepEqual(blocks.map((b) => b.mark.hidden), [true, true, false]);
  assert.deepEqual(blocks.map((b) => b.classes.has("is-now")), [false, false, true]);
  assert.equal(ids["just-nu"].hidden, false);
  assert.equal(ids["guide-band"].textContent, `${WEEKEND} (annandag påsk)`);
  assert.equal(ids["guide-units"].hidden, false);
  assert.equal(ids["guide-units"].children.length, 1);
  const li = ids["guide-units"].children[0];
  assert.equal(li.children[0].textContent, "Beta hälsocentral");
  assert.equal(li.children[0].href, "/enheter/beta/");
  assert.equal(li.children[1], ": Öppet nu · stänger 21.00");
  assert.equal(ids["guide-units-none"].hidden, true);
});

test("on a weekday evening: marks the evening band; no unit is open", needsData, () => {
  const { blocks, ids } = page(JSON.stringify(christmas), cet(2026, 12, 22, 20));
  assert.deepEqual(blocks.map((b) => b.mark.hidden), [true, false, true]);
  assert.equal(ids["guide-units"].hidden, true);
  assert.equal(ids["guide-units-none"].hidden, false);
});

test("on a weekday daytime, with no unit listed for the band: no list and no 'none open'", needsData, () => {
  const { blocks, ids } = page(JSON.stringify(christmas), cet(2026, 12, 22, 10));
  assert.deepEqual(blocks.map((b) => b.mark.hidden), [false, true, true]);
  assert.equal(ids["just-nu"].hidden, false);
  assert.equal(ids["guide-band"].textContent, DAY);
  assert.equal(ids["guide-units"].hidden, true);
  assert.equal(ids["guide-units-none"].hidden, true);
});

test("a week after the build: nothing is marked, the box says the page may be out of date", needsData, () => {
  // Built 2026-12-21; `stale_after_days` is 7 by default.
  assert.equal(christmas.stale_ms - christmas.built_ms, 7 * 24 * 3600 * 1000);
  const fresh = page(JSON.stringify(christmas), christmas.stale_ms - 1);
  assert.notEqual(fresh.ids["guide-band"].textContent, christmas.stale_label);
  for (const now of [christmas.stale_ms, cet(2027, 3, 1, 10)]) {
    const stale = page(JSON.stringify(christmas), now);
    assert.deepEqual(stale.blocks.map((b) => b.mark.hidden), [true, true, true]);
    assert.equal(stale.ids["just-nu"].hidden, false);
    assert.match(stale.ids["guide-band"].textContent, /kan vara inaktuella.*1177/);
    assert.equal(stale.ids["guide-units"].hidden, true);
    assert.equal(stale.ids["guide-units-none"].hidden, true);
  }
});

test("with broken data: nothing is marked, the box stays hidden", needsData, () => {
  const broken = page("{not json", cet(2026, 12, 22, 10));
  assert.equal(broken.ids["just-nu"].hidden, true);
});

// 2.5 KB: 2 KB held the guide until the staleness notice (about 220 bytes) was added; it is
// still a single small request, under 1 KB gzipped.
test("the script stays under 2.5 KB", () => {
  assert.ok(Buffer.byteLength(source) < 2560, `${Buffer.byteLength(source)} bytes`);
});
