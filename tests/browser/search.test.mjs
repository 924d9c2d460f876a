// Search results are announced (WCAG 4.1.3): on a page's header search and on /sok/?q=, the
// live region is in the page and exposed before its text changes, its one change names the
// count and the first result, and /sok/?q= names the query in its heading and title.
//
// Usage: node search.test.mjs [PUBLIC_DIR]   (default: ../../public, the example site's output)

import { siteRoot, withBrowser } from "./lib.mjs";

const root = siteRoot(process.argv[2]);
// A unit's name: the example site always has it, and it is the first result.
const query = process.env.SEARCH_QUERY ?? "Stensö";
let checks = 0;

/** In the page: the header's live region, and whether anything hides it from assistive technology. */
function region() {
  const s = document.querySelector('.site-header [role="status"]');
  if (!s) return null;
  let hidden = false;
  for (let a = s; a; a = a.parentElement) {
    if (a.hidden || a.getAttribute("aria-hidden") === "true" || getComputedStyle(a).display === "none") hidden = true;
  }
  return { hidden, text: s.textContent };
}

const failures = await withBrowser(root, async (context, origin, fail) => {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(origin + "/", { waitUntil: "load" });
  await page.focus("#sok-q");
  await page.waitForFunction(() => document.querySelector('.site-header [role="status"]'), null, { timeout: 5000 }).catch(() => {});
  const before = await page.evaluate(region);
  checks += 1;
  if (!before) fail("/", "no live region (role=status) in the header once the search box has focus");
  else if (before.hidden) fail("/", "the live region is hidden before the results come, so its change is not announced");
  else if (before.text) fail("/", `the live region has text before a query: ${before.text}`);
  // Record every change of the region's text, to see that it changes once, with everything.
  await page.evaluate(() => {
    window.__changes = [];
    const s = document.querySelector('.site-header [role="status"]');
    new MutationObserver(() => window.__changes.push(s.textContent)).observe(s, { childList: true, characterData: true, subtree: true });
  });
  await page.fill("#sok-q", query);
  await page.waitForFunction(() => window.__changes.some((t) => t), null, { timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(300);
  const seen = await page.evaluate(() => ({
    changes: window.__changes.filter((t) => t),
    first: document.querySelector(".search-hit a")?.textContent ?? "",
    hidden: document.querySelector('.site-header [role="status"]')?.closest("[hidden]") !== null,
  }));
  checks += 1;
  const said = seen.changes.at(-1) ?? "";
  if (!said) fail("/", `nothing was announced for "${query}"`);
  else {
    if (!/\d|Inga|No /.test(said)) fail("/", `the announcement has no count: ${said}`);
    const title = seen.first.split(" › ")[0];
    if (!title || !said.includes(title)) fail("/", `the announcement "${said}" does not name the first result "${title}"`);
    if (seen.changes.length > 1) fail("/", `the live region changed ${seen.changes.length} times: ${seen.changes.join(" | ")}`);
  }

  await page.goto(`${origin}/sok/?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
  await page.waitForFunction((q) => document.title.includes(q), query, { timeout: 10000 }).catch(() => {});
  const named = await page.evaluate(() => ({ h1: document.querySelector("h1")?.textContent ?? "", title: document.title }));
  checks += 1;
  if (!named.h1.includes(query)) fail("/sok/", `the heading "${named.h1}" does not name the query`);
  if (!named.title.includes(query)) fail("/sok/", `the title "${named.title}" does not name the query`);
});

for (const f of failures) console.error(`FAIL ${f}`);
console.log(`search announcements: ${checks} checks, ${failures.length} failures`);
process.exit(failures.length === 0 && checks === 3 ? 0 : 1);
