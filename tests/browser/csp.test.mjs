// The example site under `vardlots serve`, in a real browser, with the Content-Security-Policy
// that serve sends (issue 12, item 5): no page may log a policy violation, and the site's
// scripts must still work under it — the search box, the open-now line, the guide's "just nu"
// box and the live reload after a save.
//
// Usage: node csp.test.mjs [SITE_ROOT]   (default: ../.., the example site)
// Starts $VARDLOTS (default ../../target/debug/vardlots) `serve --port 0`; uses Debian's
// chromium (/usr/bin/chromium, or $CHROMIUM). Talks to 127.0.0.1 only.

import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(process.argv[2] ?? join(here, "..", ".."));
const binary = process.env.VARDLOTS ?? join(here, "..", "..", "target", "debug", "vardlots");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

const server = spawn(binary, ["serve", "--port", "0", "--root", root], { stdio: ["ignore", "ignore", "pipe"] });
const lines = createInterface({ input: server.stderr });
const origin = await new Promise((ok, fail) => {
  const timer = setTimeout(() => fail(new Error("serve did not start in 180 s")), 180_000);
  lines.on("line", (line) => {
    const m = line.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
    if (m) {
      clearTimeout(timer);
      ok(`http://${m[1]}`);
    }
  });
  server.on("exit", (code) => fail(new Error(`serve exited with ${code}`)));
});
const rebuilt = () =>
  new Promise((ok) => {
    const on = (line) => {
      if (/uil/.test(line)) {
        lines.off("line", on);
        ok(line);
      }
    };
    lines.on("line", on);
  });

const failures = [];
const fail = (path, what) => failures.push(`${path}: ${what}`);
const userDataDir = await mkdtemp(join(tmpdir(), "vardlots-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let checked = 0;
let violations = 0;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  let current = "";
  // Both ways a browser reports a blocked script or style: the console line and the event.
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) {
      violations++;
      fail(current, msg.text());
    }
  });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
  });
  const drain = async () => {
    for (const v of await page.evaluate(() => window.__csp)) {
      violations++;
      fail(current, v);
    }
  };

  const sitemap = await (await fetch(`${origin}/sitemap.xml`)).text();
  const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  if (paths.length === 0) throw new Error("no <loc> in /sitemap.xml");
  // The newsletter's email.html files are not site pages, but they are served too, and
  // their inline <style> must still apply.
  const files = await (await fetch(`${origin}/__vardlots/files`)).json();
  const emails = files.filter((f) => f.endsWith("/email.html")).map((f) => `/${f}`);
  if (emails.length === 0) fail("newsletter", "no email.html served");
  for (const path of [...paths, "/finns-inte/", ...emails]) {
    current = path;
    const response = await page.goto(origin + path, { waitUntil: "load" });
    if (!response.headers()["content-security-policy"]) fail(path, "no Content-Security-Policy header");
    // Let deferred scripts and the event stream start.
    await page.waitForTimeout(150);
    await drain();
    checked++;
  }

  // The search box: typing loads search.js and shows results.
  current = "search";
  await page.goto(`${origin}/`, { waitUntil: "load" });
  const box = page.locator("form[data-index] input").first();
  await box.click();
  await box.fill("vård");
  try {
    await page.waitForFunction(() => !!window.VardlotsSearch && document.querySelectorAll(".search-panel a, [id] a[href]").length > 0, null, { timeout: 10_000 });
  } catch {
    fail(current, "no search results after typing");
  }
  await drain();

  // open-now: a unit page shows its line (the data covers today: serve builds for today).
  current = "open-now";
  const unit = paths.find((p) => /^\/enheter\/[^/]+\/$/.test(p));
  await page.goto(origin + unit, { waitUntil: "load" });
  const status = await page.evaluate(() => {
    const el = document.getElementById("oppet-status");
    return el && !el.hidden ? el.textContent.trim() : "";
  });
  if (!status) fail(`${current} ${unit}`, "the open-now line is not shown");
  await drain();

  // The guide: its "just nu" box names the time band of this moment.
  current = "guide";
  const guide = paths.find((p) => p === "/vart-ska-jag-vanda-mig/");
  await page.goto(origin + guide, { waitUntil: "load" });
  const band = await page.evaluate(() => {
    const box = document.getElementById("just-nu");
    return box && !box.hidden ? document.getElementById("guide-band").textContent.trim() : "";
  });
  if (!band) fail(`${current} ${guide}`, "the guide script did not show the band of now");
  await drain();

  // Live reload: a save of the page's file reloads the open page.
  current = "reload";
  const file = join(root, "content", "kontakt.md");
  const original = await readFile(file, "utf8");
  await page.goto(`${origin}/kontakt/`, { waitUntil: "load" });
  await page.waitForTimeout(500);
  await page.evaluate(() => { window.__before = true; });
  const marker = `Omladdningsprov ${Date.now()}`;
  try {
    const done = rebuilt();
    await appendFile(file, `\n${marker}\n`);
    await done;
    await page.waitForFunction((m) => !window.__before && document.body.textContent.includes(m), marker, { timeout: 20_000 });
  } catch {
    fail(current, "the page did not reload with the saved text");
  } finally {
    await writeFile(file, original);
  }
  await drain();
} finally {
  await context.close();
  await rm(userDataDir, { recursive: true, force: true });
  server.kill();
}
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`${checked} pages checked under serve's Content-Security-Policy: ${violations} violations, ${failures.length} failures`);
process.exit(failures.length ? 1 : 0);
