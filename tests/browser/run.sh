#!/usr/bin/env bash
# The browser tests in one command: builds the example site with the debug binary into
# target/browser-site, installs the locked npm packages, and runs in Debian's chromium
# (/usr/bin/chromium, or $CHROMIUM) axe in light and dark mode, the 320 px reflow and the
# skip-link checks (a11y.test.mjs), and the phone checks at 320-375 px with 100-200 % text
# and text spacing (phone.test.mjs), on every page; and that search results are announced
# (search.test.mjs); and Lighthouse (mobile) on the key pages: accessibility 100, performance 90
# or more, CLS 0 (lighthouse.test.mjs). Needs Node.js 20+ and chromium
# (`apt-get install -y chromium`).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --locked --quiet
target/debug/vardlots build --output target/browser-site
cd tests/browser
npm ci --no-audit --no-fund --loglevel=error
node a11y.test.mjs ../../target/browser-site
# The same site under `vardlots serve`: no Content-Security-Policy violation on any page, and
# the search box, open-now line, guide box and live reload still work under the policy.
VARDLOTS=../../target/debug/vardlots node csp.test.mjs ../..
node phone.test.mjs ../../target/browser-site
node search.test.mjs ../../target/browser-site
node lighthouse.test.mjs ../../target/browser-site
