// Screenshots of `vardlots serve`'s error overlay for five typical mistakes, and of the
// "Åtgärdat" confirmation after a fix, for the note and review (not a test).
//
// Copies the example site to a temporary folder with `editor_url` set, starts $VARDLOTS
// (default ../../target/debug/vardlots) `serve --port 0` on it, makes each mistake, waits
// for the rebuild to fail, and photographs the overlay over the page at 1024 × 900.
//
// Usage: node overlay-screens.mjs [OUT_DIR]   (default ../../docs/screenshots)

import { spawn } from "node:child_process";
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = resolve(here, "..", "..");
const out = resolve(process.argv[2] ?? join(repo, "docs", "screenshots"));
const binary = process.env.VARDLOTS ?? join(repo, "target", "debug", "vardlots");
await mkdir(out, { recursive: true });

const site = await mkdtemp(join(tmpdir(), "vardlots-overlay-"));
for (const part of ["site.yaml", "content", "static", "templates"]) {
  await cp(join(repo, part), join(site, part), { recursive: true });
}
const siteYaml = await readFile(join(site, "site.yaml"), "utf8");
await writeFile(join(site, "site.yaml"), `${siteYaml}\neditor_url: "vscode://file/{path}:{line}:{column}"\n`);

/** Each mistake: the file, how it is made, and the page it is seen on. */
const mistakes = [
  ["missing-title", "content/kontakt.md", (t) => t.replace(/^title:.*\n/m, ""), "/kontakt/"],
  ["unknown-field", "content/kontakt.md", (t) => t.replace("weight:", "vikt:"), "/kontakt/"],
  ["unclosed-quote", "content/enheter/stenso.yaml", (t) => t.replace(/^namn: /m, 'namn: "'), "/enheter/stenso/"],
  ["closes-before-opening", "content/enheter/nybro.yaml", (t) => t.replace("  lör: 10.00-15.00", "  lör: 15.00-10.00"), "/enheter/nybro/"],
  ["missing-page", "content/helgoppet.md", (t) => `${t}\nLäs mer om [öppettiderna i jul](@/nyheter/jul.md).\n`, "/helgoppet/"],
];

const server = spawn(binary, ["serve", "--port", "0", "--root", site], { stdio: ["ignore", "ignore", "pipe"] });
const lines = createInterface({ input: server.stderr });
const waitFor = (pattern, seconds = 180) =>
  new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no line matching ${pattern} in ${seconds} s`)), seconds * 1000);
    const on = (line) => {
      if (process.env.DEBUG) console.error(`serve: ${line}`);
      if (pattern.test(line)) {
        clearTimeout(timer);
        lines.off("line", on);
        ok(line);
      }
    };
    lines.on("line", on);
  });
const origin = `http://${(await waitFor(/http:\/\/(127\.0\.0\.1:\d+)\//)).match(/127\.0\.0\.1:\d+/)[0]}`;

const userDataDir = await mkdtemp(join(tmpdir(), "vardlots-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1024, height: 900 });
  for (const [i, [name, rel, edit, path]] of mistakes.entries()) {
    const file = join(site, rel);
    const original = await readFile(file, "utf8");
    const failed = waitFor(/bygget misslyckades|the build failed/);
    await writeFile(file, edit(original));
    await failed;
    // The failed build makes open pages reload; let that finish before going to the page.
    await page.waitForTimeout(1000);
    await page.goto(origin + path, { waitUntil: "load" });
    await page.waitForSelector("#vardlots-overlay");
    await page.screenshot({ path: join(out, `overlay-${name}.png`) });
    console.log(`overlay-${name}.png`);
    // The fix: the overlay says "Åtgärdat" before the page reloads.
    const fixed = waitFor(/^(Built|Rebuilt) /);
    const reloaded = page.waitForNavigation({ waitUntil: "load", timeout: 20_000 });
    await writeFile(file, original);
    await fixed;
    await page.waitForSelector("#vardlots-overlay[data-state=fixed]", { timeout: 10_000 });
    if (i === mistakes.length - 1) {
      await page.screenshot({ path: join(out, "overlay-fixed.png") });
      console.log("overlay-fixed.png");
    }
    await reloaded;
  }
} finally {
  await context.close();
  server.kill();
  await rm(userDataDir, { recursive: true, force: true });
  await rm(site, { recursive: true, force: true });
}
