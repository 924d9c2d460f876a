#!/usr/bin/env bash
# The browser tests in one command: builds the example site with the debug binary into
# target/browser-site, installs the locked npm packages, and runs axe, the 320 px reflow
# check and the skip-link check on every page in Debian's chromium (/usr/bin/chromium, or
# $CHROMIUM). Needs Node.js 20+ and chromium (`apt-get install -y chromium`).
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
