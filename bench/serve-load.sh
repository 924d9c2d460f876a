#!/usr/bin/env bash
# The preview server under load (issue 12, item 4): 50 clients x 200 keep-alive requests with
# a client connected that pipelines 50 requests and never reads, the same from one client
# alone, and the threads and CLOSE-WAIT sockets left after 300 event streams are opened and
# closed. Loopback only; every loop is bounded. The work is done by examples/serve-load.rs.
#
# usage: bench/serve-load.sh [SITE] [-- OPTIONS]   (default SITE: the example site, this repo)
#   OPTIONS: --clients 50 --requests 200 --sse 300 --path /
# Environment: VARDLOTS=PATH probes that binary instead of a fresh target/release/vardlots.
set -euo pipefail
cd "$(dirname "$0")/.."
site="${1:-.}"
shift || true
[ "${1:-}" = "--" ] && shift
cargo build --release --locked --quiet --bin vardlots --example serve-load
VARDLOTS="${VARDLOTS:-target/release/vardlots}" target/release/examples/serve-load "$@" "$site"
