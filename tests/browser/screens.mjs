// Screenshots of the key pages for a review, not a test: the start page, a unit page,
// /helgoppet/ and the guide, at 375 × 740 (the first screen and the whole page) and 1280 px.
//
// Usage: node screens.mjs PUBLIC_DIR OUT_DIR [PREFIX]

import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { siteRoot, withBrowser } from "./lib.mjs";

const root = siteRoot(process.argv[2]);
const out = resolve(process.argv[3] ?? ".");
const prefix = process.argv[4] ?? "";
const key = { start: "/", unit: "/enheter/stenso/", helgoppet: "/helgoppet/", guide: "/vart-ska-jag-vanda-mig/" };
await mkdir(out, { recursive: true });
const failures = await withBrowser(root, async (context, origin) => {
  const page = context.pages()[0] ?? (await context.newPage());
  for (const [name, path] of Object.entries(key)) {
    for (const [width, height] of [[375, 740], [1280, 900]]) {
      await page.setViewportSize({ width, height });
      await page.goto(origin + path, { waitUntil: "load" });
      await page.screenshot({ path: join(out, `${prefix}${name}-${width}.png`), fullPage: true });
      if (width === 375) await page.screenshot({ path: join(out, `${prefix}${name}-${width}-fold.png`) });
    }
  }
});
for (const f of failures) console.error(f);
