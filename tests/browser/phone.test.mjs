// The built site as residents meet it on a phone: on every page of the sitemap and 404.html,
// at 320, 360 and 375 CSS px with 100, 150 and 200 % text, each with and without the WCAG
// 1.4.12 text spacing, nothing scrolls sideways and no text runs off the screen or out of the
// box that gives it its background (WCAG 1.4.4, 1.4.10, 1.4.12; EN 301 549 11.7). At 375 × 740
// `<main>` starts within 180 px of the top, nothing moves once the page's scripts have run
// (CLS 0), and a unit page shows its name, its open-now line or today's hours, and its phone
// number as a tel: link without scrolling; printed on A4, its phone and all its hours tables
// are on the first sheet.
//
// Usage: node phone.test.mjs [PUBLIC_DIR]   (default: ../../public, the example site's output)
// With PHONE_REPORT=FILE it also writes the measurements as JSON.

import { writeFile } from "node:fs/promises";
import { pages, siteRoot, withBrowser } from "./lib.mjs";

const root = siteRoot(process.argv[2]);
const widths = [320, 360, 375];
const textSizes = [100, 150, 200];
// 1.4.12's own figures: line height 1.5, paragraph spacing 2, letter 0.12 and word 0.16 times
// the font size.
const textSpacing =
  "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }" +
  " p { margin-bottom: 2em !important; }";
// The issue's budgets: the header may take 180 of a 375 × 740 phone's first screen, and the
// unit facts must fit in that first screen.
const phone = { width: 375, height: 740 };
const mainTopMax = 180;
// An A4 sheet inside the print stylesheet's 1.5 cm margins, in CSS px (96 to the inch):
// 18 × 26.7 cm.
const sheet = { width: Math.floor((18 / 2.54) * 96), height: Math.floor((26.7 / 2.54) * 96) };

/** In the page: every way text is lost or the page scrolls sideways, as short sentences. */
function lostText() {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const scroll = document.documentElement.scrollWidth;
  const styles = new Map();
  const style = (el) => {
    let s = styles.get(el);
    if (!s) styles.set(el, (s = getComputedStyle(el)));
    return s;
  };
  // The nearest ancestor whose box the text must stay inside: one with a background of its
  // own (white text that leaves a red bar disappears) or one that clips what overflows it.
  const box = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const s = style(a);
      if (s.display === "inline") continue;
      if (s.overflowX !== "visible" || s.backgroundColor !== "rgba(0, 0, 0, 0)") return a;
    }
    return null;
  };
  const name = (el) =>
    el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + (el.classList.length ? `.${[...el.classList].join(".")}` : "");
  if (scroll > vw) {
    // Name the element that reaches furthest right, to fix it.
    let widest = null;
    let right = vw;
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect().right;
      if (r > right) [widest, right] = [el, r];
    }
    problems.push(`scrolls sideways: ${scroll} > ${vw} px${widest ? `, widest ${name(widest)} to ${Math.round(right)} px` : ""}`);
  }
  // Text hidden on purpose (the visually-hidden pattern: clipped to nothing) is not lost.
  const clipped = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const s = style(a);
      if (s.clipPath !== "none" || s.clip !== "auto") return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.data.trim() || !el || el.closest(".skip-link, script, style, noscript") || clipped(el)) continue;
    // Text in a labelled scroll region scrolls with it, with a cue; the region itself must fit.
    const region = el.closest('[role="region"][tabindex="0"]');
    range.selectNodeContents(n);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0) continue;
    const text = n.data.trim().slice(0, 30);
    if (region) {
      const r = region.getBoundingClientRect();
      if (r.left < -1 || r.right > vw + 1) problems.push(`${name(region)} is wider than the screen`);
      continue;
    }
    const container = box(el);
    const c = container?.getBoundingClientRect();
    for (const r of rects) {
      if (r.left < -1 || r.right > vw + 1) {
        problems.push(`"${text}" in ${name(el)} runs off the screen (${Math.round(r.left)}–${Math.round(r.right)} px)`);
        break;
      }
      if (c && (r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1)) {
        problems.push(`"${text}" in ${name(el)} runs out of ${name(container)}`);
        break;
      }
    }
  }
  return [...new Set(problems)];
}

/** In the page at 375 × 740: the header's height, where main starts, and a unit page's facts. */
function fold() {
  const bottom = (el) => (el ? Math.round(el.getBoundingClientRect().bottom + scrollY) : null);
  const header = document.querySelector(".site-header");
  const main = document.querySelector("main");
  const out = {
    header: header ? Math.round(header.getBoundingClientRect().height) : null,
    mainTop: main ? Math.round(main.getBoundingClientRect().top + scrollY) : null,
  };
  if (document.querySelector("article.unit")) {
    const status = document.querySelector("#oppet-status:not([hidden])");
    out.unit = {
      name: bottom(main.querySelector("h1")),
      status: bottom(status),
      today: bottom(main.querySelector(".unit-today")),
      tel: bottom(main.querySelector('a[href^="tel:"]')),
    };
  }
  return out;
}

/** In the page, printed: where a unit's name, phone and hours end, in CSS px from the top. */
function printed() {
  const bottom = (el) => (el ? Math.round(el.getBoundingClientRect().bottom + scrollY) : null);
  const tables = [...document.querySelectorAll("article.unit table")];
  return {
    tel: bottom(document.querySelector('article.unit a[href^="tel:"]')),
    hours: tables.length ? Math.max(...tables.map(bottom)) : null,
  };
}

/** In the page: the layout shifts so far (CLS), as the Layout Instability API counts them. */
function layoutShift() {
  return new Promise((ok) => {
    let sum = 0;
    const sources = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        sum += e.value;
        for (const s of e.sources) if (s.node?.nodeType === 1) sources.push(s.node.id || s.node.className || s.node.nodeName);
      }
    }).observe({ type: "layout-shift", buffered: true });
    // Two frames after load: the deferred scripts (open-now.js, guide.js) have run and painted.
    requestAnimationFrame(() => requestAnimationFrame(() => ok({ cls: Math.round(sum * 1000) / 1000, sources })));
  });
}

const report = {};
let checked = 0;
const failures = await withBrowser(root, async (context, origin, fail) => {
  const page = context.pages()[0] ?? (await context.newPage());
  for (const path of await pages(root)) {
    await page.setViewportSize(phone);
    await page.goto(origin + path, { waitUntil: "load" });
    let shift = await page.evaluate(layoutShift);
    // A shift the page's scripts or styles cause comes back on every load; one the loaded
    // machine's painting causes once (0.001 on the header, seen under load) does not.
    if (shift.cls > 0) {
      await page.reload({ waitUntil: "load" });
      shift = await page.evaluate(layoutShift);
    }
    if (shift.cls > 0) fail(path, `layout shifts at 375 px: CLS ${shift.cls} (${[...new Set(shift.sources)].join(", ")})`);
    const f = await page.evaluate(fold);
    report[path] = { ...f, cls: shift.cls, lost: {} };
    if (f.mainTop === null || f.mainTop > mainTopMax) {
      fail(path, `<main> starts at ${f.mainTop} px at 375 px, more than ${mainTopMax}`);
    }
    if (f.unit) {
      const u = f.unit;
      const answer = u.status ?? u.today;
      for (const [what, y] of [["the name", u.name], ["the open-now line or today's hours", answer], ["the tel: link", u.tel]]) {
        if (y === null || y > phone.height) fail(path, `${what} is not on the first screen at 375 × 740 (bottom at ${y} px)`);
      }
    }

    // Printed on A4, a unit's name, phone and every hours table (the week, holidays and
    // eves) are on the first sheet.
    if (f.unit) {
      await page.setViewportSize(sheet);
      await page.emulateMedia({ media: "print" });
      const p = await page.evaluate(printed);
      await page.emulateMedia({ media: null });
      report[path].print = p;
      for (const [what, y] of [["the tel: link", p.tel], ["the hours", p.hours]]) {
        if (y === null || y > sheet.height) fail(path, `printed on A4, ${what} end at ${y} px, past the first sheet (${sheet.height} px)`);
      }
    }

    const extra = await page.addStyleTag({ content: "/* phone test */" });
    for (const width of widths) {
      for (const size of textSizes) {
        for (const spacing of [false, true]) {
          await page.setViewportSize({ width, height: phone.height });
          await extra.evaluate(
            (el, css) => {
              el.textContent = css;
            },
            `html { font-size: ${size}% !important; }` + (spacing ? textSpacing : ""),
          );
          const problems = await page.evaluate(lostText);
          const where = `${width} px, ${size} % text${spacing ? ", text spacing" : ""}`;
          if (problems.length > 0) report[path].lost[where] = problems.length;
          for (const p of problems.slice(0, 3)) fail(path, `${where}: ${p}`);
          if (problems.length > 3) fail(path, `${where}: and ${problems.length - 3} more`);
        }
      }
    }
    checked += 1;
  }
});

if (process.env.PHONE_REPORT) await writeFile(process.env.PHONE_REPORT, JSON.stringify(report, null, 1));
for (const f of failures) console.error(`FAIL ${f}`);
const rows = Object.entries(report);
const max = (k) => Math.max(...rows.map(([, r]) => r[k] ?? 0));
console.log(
  `${checked} pages checked at ${widths.join("/")} px × ${textSizes.join("/")} % text, with and without text spacing: ` +
    `header at most ${max("header")} px, <main> at most ${max("mainTop")} px from the top at 375 px; ` +
    `${rows.filter(([, r]) => Object.keys(r.lost).length > 0).length} pages lose text or scroll sideways; ${failures.length} failures`,
);
process.exit(failures.length === 0 && checked > 0 ? 0 : 1);
