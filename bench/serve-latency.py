#!/usr/bin/env python3
"""Measures how long `vardlots serve` takes from saving a Markdown page to serving it, and
from changing a page's title to its section's listing showing the new title.

usage: bench/serve-latency.py SITE [RUNS]   (default 10 runs; SPACING=seconds between saves,
       default 3; PROBES=page,listing to choose the probes, default both)

Starts `target/release/vardlots serve --port 0` on SITE (e.g. one made by
`cargo run --release --example gen-site -- --pages 10000 /dev/shm/vl10k`), then:
- edit -> page: RUNS times appends a unique line to one page, and polls that page over HTTP
  every millisecond until the line is served;
- edit -> listing: RUNS times gives the page a unique title (front matter: the model changes,
  so the quick path cannot serve it) and polls its section's listing until the title is in it.
Prints each time and the medians. The page file is restored at the end.
Requests go to 127.0.0.1 only.
"""
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
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

        def drain():
            # The server's own lines (`VARDLOTS_TIMINGS=1` adds each stage's time); read so
            # its pipe never fills, shown with SHOW_SERVER=1.
            for line in server.stderr:
                if os.environ.get("SHOW_SERVER"):
                    print(f"  server: {line.rstrip()}", file=sys.stderr)
        threading.Thread(target=drain, daemon=True).start()
        spacing = float(os.environ.get("SPACING", "3"))
        probes = os.environ.get("PROBES", "page,listing").split(",")
        section_url = url.rstrip("/").rsplit("/", 1)[0] + "/"

        def body_edit(marker):
            with open(page, "a", encoding="utf-8") as f:
                f.write(f"\n{marker}\n")

        def title_edit(marker):
            with open(page, "w", encoding="utf-8") as f:
                f.write(re.sub(r"^title: .*$", f'title: "{marker}"', original, count=1,
                               flags=re.M))

        summary = []
        for name, edit, target in [("page", body_edit, url),
                                   ("listing", title_edit, section_url)]:
            if name not in probes:
                continue
            times = []
            for i in range(runs):
                marker = f"Mätpunkt {name} {i} {time.time_ns()}"
                # Let the previous save's full rebuild finish (about 1.5 s on 10,000 pages): a
                # save made while one runs waits for it, and that wait is reported separately.
                time.sleep(spacing)
                t0 = time.perf_counter()
                edit(marker)
                while True:
                    conn = http.client.HTTPConnection(host, int(port), timeout=5)
                    conn.request("GET", target)
                    body = conn.getresponse().read().decode("utf-8", "replace")
                    conn.close()
                    if marker in body:
                        break
                    if time.perf_counter() - t0 > 60:
                        sys.exit(f"{target} not updated after 60 s")
                    time.sleep(0.001)
                ms = (time.perf_counter() - t0) * 1000
                times.append(ms)
                print(f"{name} run {i + 1}: {ms:.0f} ms", file=sys.stderr)
            summary.append(f"edit -> {name} {target}: median {statistics.median(times):.0f} ms, "
                           f"min {min(times):.0f} ms, max {max(times):.0f} ms over {runs} saves")
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        print("\n".join(summary))
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()

if __name__ == "__main__":
    main()
