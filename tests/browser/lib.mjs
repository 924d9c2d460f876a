// What the browser tests share: the built site served as a static host serves it, the list of
// its pages, and Debian's chromium started headless with no network of its own.

import { createServer } from "node:http";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));

/** The built site's folder: the first argument, or the example site's public/. */
export const siteRoot = (arg) => resolve(arg ?? join(here, "..", "..", "public"));

const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".json": "application/json",
};

/** A static server for `root`, as a host would serve it: folders by their index.html, 404.html for what is missing. */
/** Debian's chromium, or $CHROMIUM. */
export const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** Flags for every browser test: no sandbox in CI containers, and no traffic of its own. */
export const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function serve(root) {
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
export async function pages(root) {
  const xml = await readFile(join(root, "sitemap.xml"), "utf8");
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) =>
    new URL(m[1].replaceAll("&amp;", "&")).pathname,
  );
  if (paths.length === 0) throw new Error(`no <loc> in ${join(root, "sitemap.xml")}`);
  const base = paths.reduce((a, b) => (a.length <= b.length ? a : b)).replace(/[^/]*$/, "");
  return [...paths, `${base}404.html`];
}

/**
 * Serves `root`, starts chromium (/usr/bin/chromium, or $CHROMIUM) and runs `body(context,
 * origin, fail)`; every request leaving the server is a failure and is aborted. Returns the
 * failures, after closing the browser and the server.
 */
export async function withBrowser(root, body) {
  const failures = [];
  const fail = (path, what) => failures.push(`${path}: ${what}`);
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const userDataDir = await mkdtemp(join(tmpdir(), "vardlots-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", ...chromiumFlags],
  });
  try {
    // The theme makes no external requests of any kind: any is a failure, and none is made.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
      fail(route.request().frame()?.url() ?? "", `external request to ${url}`);
      return route.abort();
    });
    await body(context, origin, fail);
  } finally {
    await context.close();
    server.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
  return failures;
}
