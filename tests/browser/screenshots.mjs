// Screenshots and figures of the key pages for a review, not a test (CI does not run it): the
// start page, a unit page, /helgoppet/ and the guide, at 375 × 740 (the first screen and the
// whole page) and at 1280 × 900 (the first screen). It prints, per page, the header's height,
// where <main> starts and, on the unit page, where the open-now line (or today's hours) and the
// tel: link end at 375 px; the page's height at 375 and 1280 px; and its Tab stops.
//
// Usage: node screenshots.mjs [PUBLIC_DIR] [OUT_DIR] [PREFIX]
//   PUBLIC_DIR  the built site (default: ../../public)
//   OUT_DIR     where the PNGs go (default: ../../docs/screenshots)
// With "-" as OUT_DIR it only measures. Where pngquant is on PATH (`apt-get install pngquant`)
// the PNGs are reduced to a 64-colour palette (a third of the size; text stays sharp) to keep
// the committed copies in docs/screenshots/ small.

import { spawnSync } from "node:child_process";
import { mkdir, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { siteRoot, withBrowser } from "./lib.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = siteRoot(process.argv[2]);
const outArg = process.argv[3] ?? join(here, "..", "..", "docs", "screenshots");
const out = outArg === "-" ? null : resolve(outArg);
const prefix = process.argv[4] ?? "";
const key = {
  start: "/",
  unit: "/enheter/stenso/",
  helgoppet: "/helgoppet/",
  guide: "/vart-ska-jag-vanda-mig/",
};
// Tab stops beyond this are not counted: a page with more has a problem anyway.
const maxTabs = 400;

/** In the page: the header's height and where things end, in CSS px from the top of the page. */
function figures() {
  const top = (el) => (el ? Math.round(el.getBoundingClientRect().top + scrollY) : null);
  const bottom = (el) => (el ? Math.round(el.getBoundingClientRect().bottom + scrollY) : null);
  const main = document.querySelector("main");
  return {
    header: Math.round(document.querySelector(".site-header")?.getBoundingClientRect().height ?? 0),
    main: top(main),
    status: bottom(document.querySelector("#oppet-status:not([hidden])") ?? document.querySelector(".unit-today")),
    tel: bottom(main?.querySelector('a[href^="tel:"]')),
    height: document.documentElement.scrollHeight,
  };
}

/** Presses Tab until the focus comes back to where it started; the number of distinct stops. */
async function tabStops(page) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const seen = new Set();
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      // An element's identity: its path in the tree.
      const path = [];
      for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
        path.push([...e.parentElement.children].indexOf(e));
      }
      return path.join(".");
    });
    if (id === null || seen.has(id)) break;
    seen.add(id);
  }
  return seen.size;
}

if (out) await mkdir(out, { recursive: true });
const rows = {};
const failures = await withBrowser(root, async (context, origin) => {
  const page = context.pages()[0] ?? (await context.newPage());
  for (const [name, path] of Object.entries(key)) {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(origin + path, { waitUntil: "load" });
    const phone = await page.evaluate(figures);
    if (out) {
      await page.screenshot({ path: join(out, `${prefix}${name}-375-fold.png`) });
      await page.screenshot({ path: join(out, `${prefix}${name}-375-full.png`), fullPage: true });
    }
    // Last: Tab leaves the focus (and the skip link shown) where it stops.
    const tabs = await tabStops(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(origin + path, { waitUntil: "load" });
    const wide = await page.evaluate(figures);
    if (out) await page.screenshot({ path: join(out, `${prefix}${name}-1280-fold.png`) });
    rows[path] = {
      "header 375": phone.header,
      "main 375": phone.main,
      "open-now 375": phone.status,
      "tel 375": phone.tel,
      "height 375": phone.height,
      "height 1280": wide.height,
      "tab stops": tabs,
    };
  }
});
console.table(rows);
if (out) {
  const shots = (await readdir(out)).filter((f) => f.startsWith(prefix) && f.endsWith(".png"));
  let total = 0;
  for (const f of shots) {
    const file = join(out, f);
    spawnSync("pngquant", ["--force", "--ext", ".png", "--skip-if-larger", "--strip", "64", "--", file]);
    total += (await stat(file)).size;
  }
  console.log(`${shots.length} PNGs in ${out}, ${Math.round(total / 1024)} KiB`);
}
for (const f of failures) console.error(f);
process.exit(failures.length === 0 ? 0 : 1);
