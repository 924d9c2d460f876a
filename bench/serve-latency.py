#!/usr/bin/env python3
"""Measures how long `vardlots serve` takes from saving a Markdown page to serving it.

usage: bench/serve-latency.py SITE [RUNS]   (default 10 runs; SPACING=seconds between saves, default 3)

Starts `target/release/vardlots serve --port 0` on SITE (e.g. one made by
`cargo run --release --example gen-site -- --pages 10000 /dev/shm/vl10k`), then RUNS times:
appends a unique line to one page, and polls that page over HTTP every millisecond until the
line is served. Prints each time and the median. The page file is restored at the end.
Requests go to 127.0.0.1 only.
"""
import http.client
import os
import re
import statistics
import subprocess
import sys
import time

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    site = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    binary = os.environ.get("VARDLOTS", "target/release/vardlots")
    pages = sorted(
        os.path.join(d, f)
        for d, _, fs in os.walk(os.path.join(site, "content"))
        for f in fs
        if f.endswith(".md") and not f.startswith("_")
    )
    page = pages[len(pages) // 2]
    rel = os.path.relpath(page, os.path.join(site, "content"))
    url = "/" + re.sub(r"\.md$", "/", rel)
    url = re.sub(r"[^a-z0-9/-]", "-", url)
    original = open(page, encoding="utf-8").read()
    server = subprocess.Popen(
        [binary, "serve", "--port", "0", "--root", site],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    try:
        addr = None
        for line in server.stderr:
            m = re.search(r"http://(127\.0\.0\.1:\d+)/", line)
            if m:
                addr = m.group(1)
                break
        host, port = addr.split(":")
        times = []
        for i in range(runs):
            marker = f"Mätpunkt {i} {time.time_ns()}"
            # Let the previous save's full rebuild finish (about 1.5 s on 10,000 pages): a save
            # made while one runs waits for it, and that wait is reported separately.
            time.sleep(float(os.environ.get("SPACING", "3")))
            t0 = time.perf_counter()
            with open(page, "a", encoding="utf-8") as f:
                f.write(f"\n{marker}\n")
            while True:
                conn = http.client.HTTPConnection(host, int(port), timeout=5)
                conn.request("GET", url)
                body = conn.getresponse().read().decode("utf-8", "replace")
                conn.close()
                if marker in body:
                    break
                if time.perf_counter() - t0 > 10:
                    sys.exit(f"page {url} not updated after 10 s")
                time.sleep(0.001)
            ms = (time.perf_counter() - t0) * 1000
            times.append(ms)
            print(f"run {i + 1}: {ms:.0f} ms", file=sys.stderr)
        print(f"page {url}: median {statistics.median(times):.0f} ms, "
              f"min {min(times):.0f} ms, max {max(times):.0f} ms over {runs} saves")
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()

if __name__ == "__main__":
    main()
