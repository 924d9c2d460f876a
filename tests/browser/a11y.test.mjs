// The built site in a real browser: axe with the WCAG 2.0, 2.1 and 2.2 A and AA rules on every
// page of public/sitemap.xml and 404.html, no sideways scrolling at 320 CSS px, the first Tab
// on the skip link and its target focused, and no request leaving 127.0.0.1.
//
// Usage: node a11y.test.mjs [PUBLIC_DIR]   (default: ../../public, the example site's output)
// Uses Debian's chromium (/usr/bin/chromium, or $CHROMIUM); it never downloads a browser.

import { createServer } from "node:http";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(process.argv[2] ?? join(here, "..", "..", "public"));
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".json": "application/json",
};

/** A static server for `root`, as a host would serve it: folders by their index.html, 404.html for what is missing. */
function serve() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      const body = await readFile(join(root, "404.html")).catch(() => "not found");
      res.writeHead(404, { "content-type": types[".html"] }).end(body);
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

/** The URL paths of every page: the sitemap's, with the site's base path kept, and 404.html. */
async function pages() {
  const xml = await readFile(join(root, "sitemap.xml"), "utf8");
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) =>
    new URL(m[1].replaceAll("&amp;", "&")).pathname,
  );
  if (paths.length === 0) throw new Error(`no <loc> in ${join(root, "sitemap.xml")}`);
  const base = paths.reduce((a, b) => (a.length <= b.length ? a : b)).replace(/[^/]*$/, "");
  return [...paths, `${base}404.html`];
}

const failures = [];
const fail = (path, what) => failures.push(`${path}: ${what}`);

const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
const userDataDir = await mkdtemp(join(tmpdir(), "vardlots-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let checked = 0;
let violations = 0;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  // The theme makes no external requests of any kind: any is a failure, and none is made.
  let current = "";
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
    fail(current, `external request to ${url}`);
    return route.abort();
  });

  for (const path of await pages()) {
    current = path;
    // Axe at a desktop width and at 320 px, where the layout is another one.
    for (const width of [1280, 320]) {
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
        fail(path, `axe ${v.id} at ${width} px (${v.impact}): ${v.help} — ${where}`);
      }
    }

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
} finally {
  await context.close();
  server.close();
  await rm(userDataDir, { recursive: true, force: true });
}

for (const f of failures) console.error(`FAIL ${f}`);
console.log(`${checked} pages checked with axe (${tags.join(", ")}) at 1280 and 320 px: ${violations} violations, ${failures.length} failures`);
process.exit(failures.length === 0 && checked > 0 ? 0 : 1);
