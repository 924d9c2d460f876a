#!/usr/bin/env bash
# vardlots side by side with Hugo (and Zola where installed); see bench/compare.py for what it
# measures and its environment variables. usage: bench/compare.sh [--write] [--no-serve]
set -euo pipefail
exec python3 "$(dirname "$0")/compare.py" "$@"
