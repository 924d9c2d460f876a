// The built site in a real browser: axe with the WCAG 2.0, 2.1 and 2.2 A and AA rules on every
// page of public/sitemap.xml and 404.html, in light and dark mode, every file a page asks for
// there (and /favicon.ico), no sideways scrolling at 320 CSS px, the first Tab
// on the skip link and its target focused, and no request leaving 127.0.0.1.
//
// Usage: node a11y.test.mjs [PUBLIC_DIR]   (default: ../../public, the example site's output)
// Uses Debian's chromium (/usr/bin/chromium, or $CHROMIUM); it never downloads a browser.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { pages, siteRoot, withBrowser } from "./lib.mjs";

const root = siteRoot(process.argv[2]);
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let checked = 0;
let violations = 0;
const failures = await withBrowser(root, async (context, origin, fail) => {
  const page = context.pages()[0] ?? (await context.newPage());
  // Every file a page asks for exists: the icons, the logo, the styles and scripts.
  let current = "";
  page.on("response", (r) => {
    if (r.request().resourceType() !== "document" && r.status() >= 400) fail(current, `HTTP ${r.status()} for ${r.url()}`);
  });
  // Browsers ask for /favicon.ico whatever the page says.
  const icon = await page.request.get(`${origin}/favicon.ico`);
  if (icon.status() !== 200) fail("/favicon.ico", `HTTP ${icon.status()}`);
  for (const path of await pages(root)) {
    current = path;
    // Axe at a desktop width and at 320 px, where the layout is another one, and in dark mode,
    // where every colour pair is another one.
    for (const [width, colorScheme] of [[1280, "light"], [320, "light"], [1280, "dark"], [320, "dark"]]) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 800 });
      const response = await page.goto(origin + path, { waitUntil: "load" });
      if (!response || response.status() !== 200) fail(path, `HTTP ${response?.status()}`);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(
        (values) => window.axe.run(document, { runOnly: { type: "tag", values }, resultTypes: ["violations"] }),
        tags,
      );
      for (const v of result.violations) {
        violations += 1;
        const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ");
        fail(path, `axe ${v.id} at ${width} px, ${colorScheme} (${v.impact}): ${v.help} — ${where}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });

    // At 320 px (400 % of 1280) nothing scrolls sideways.
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    if (widths.scroll > widths.client) fail(path, `scrolls sideways at 320 px: ${widths.scroll} > ${widths.client}`);

    // The first Tab lands on the skip link, and following it focuses its target.
    await page.goto(origin + path, { waitUntil: "load" });
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => {
      const a = document.activeElement;
      return { skip: a?.classList.contains("skip-link") ?? false, href: a?.getAttribute("href"), html: a?.outerHTML.slice(0, 80) };
    });
    if (!first.skip || !first.href?.startsWith("#")) {
      fail(path, `the first Tab lands on ${first.html}, not the skip link`);
    } else {
      await page.keyboard.press("Enter");
      const target = first.href.slice(1);
      const focused = await page.evaluate(() => document.activeElement?.id ?? "");
      if (focused !== target) fail(path, `the skip link's target #${target} does not receive focus (focus is on #${focused})`);
    }
    checked += 1;
  }
});

for (const f of failures) console.error(`FAIL ${f}`);
console.log(`${checked} pages checked with axe (${tags.join(", ")}) at 1280 and 320 px, light and dark: ${violations} violations, ${failures.length} failures`);
process.exit(failures.length === 0 && checked > 0 ? 0 : 1);
