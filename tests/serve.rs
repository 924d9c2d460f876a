//! `vardlots serve` on fixture sites: what an editor sees in the browser after each save.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{Fixture, page};

/// How long a test waits for a rebuild before it fails. Generous: CI machines are shared.
const PATIENCE: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    addr: String,
    lines: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &Fixture) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vardlots"))
            .args(["serve", "--port", "0", "--date", "2026-11-22"])
            .env("VARDLOTS_LANG", "en")
            .current_dir(site.root())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start vardlots serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            lines,
        };
        let line = server.wait_for("Serving the site at ");
        let url = line
            .split("http://")
            .nth(1)
            .expect("url")
            .split('/')
            .next()
            .expect("addr");
        server.addr = url.to_string();
        server
    }

    /// Waits for a line of the server's output that contains `needle`; returns it.
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!(
            "no line with {needle:?}; the server said:\n{}",
            seen.join("\n")
        );
    }

    /// Waits until the server has been quiet for a while: every rebuild asked for is done.
    fn settle(&self) {
        while self.lines.recv_timeout(Duration::from_millis(700)).is_ok() {}
    }

    /// Writes a file and waits until the server has rebuilt (or failed to).
    fn save(&self, site: &Fixture, rel: &str, text: &str) -> String {
        site.write(rel, text);
        self.wait_for("uil")
    }

    /// Writes a file, waits until the server has shown the edit's pages from the last
    /// build's model (before its full rebuild), and returns `path` as served then, without
    /// the reload script; then waits for the rebuild.
    fn save_shown(&self, site: &Fixture, rel: &str, text: &str, path: &str) -> String {
        site.write(rel, text);
        let line = self.wait_for("Showed");
        // The edited page alone is what is shown when the edit is not applied to the model
        // (the full rebuild then serves the listing, and the comparison below proves nothing).
        let count: usize = line
            .split_whitespace()
            .find_map(|w| w.parse().ok())
            .unwrap_or(0);
        assert!(count >= 2, "the edit was not applied to the model: {line}");
        let shown = self.get(path).1.replace(vardlots::serve::RELOAD_SCRIPT, "");
        self.wait_for("uil");
        shown
    }

    fn get(&self, path: &str) -> (u16, String) {
        // HTTP/1.0: the server then sends a large file (search.js is over 32 KB) as it is,
        // not in chunks this reader would have to join.
        let raw = self.request(&format!(
            "GET {path} HTTP/1.0\r\nHost: x\r\nConnection: close\r\n\r\n"
        ));
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = raw
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    fn request(&self, raw: &str) -> String {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream.write_all(raw.as_bytes()).expect("send");
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// An open event stream; its lines arrive on the returned channel.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .write_all(b"GET /__vardlots/events HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("send");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // The stream is open once its headers and first comment are in.
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(100))
                && line.starts_with(": connected")
            {
                return rx;
            }
        }
        panic!("the event stream did not open");
    }
}

fn next_event(events: &mpsc::Receiver<String>) -> String {
    let deadline = Instant::now() + PATIENCE;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok(line) if line.starts_with("data: ") => return line["data: ".len()..].to_string(),
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no event arrived");
}

fn site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", &page("Start", "", "Välkommen.\n")),
        ("content/nyheter/_index.md", &page("Nyheter", "", "")),
        (
            "content/nyheter/a.md",
            &page("Första", "date: 2025-01-01\n", "Gammal text.\n"),
        ),
        (
            "content/nyheter/b.md",
            &page("Andra", "date: 2025-02-01\n", "Mer.\n"),
        ),
    ])
}

#[test]
fn a_save_reloads_the_page_and_serves_the_new_html() {
    let site = site();
    let server = Server::start(&site);
    let (status, html) = server.get("/nyheter/a/");
    assert_eq!(status, 200);
    assert!(html.contains("Gammal text."));
    assert!(
        html.contains("data-vardlots-reload"),
        "the reload script is injected"
    );

    let events = server.events();
    server.save(
        &site,
        "content/nyheter/a.md",
        &page("Första", "date: 2025-01-01\n", "Ny text.\n"),
    );
    let event = next_event(&events);
    assert!(event.contains("\"/nyheter/a/\""), "{event}");
    assert!(server.get("/nyheter/a/").1.contains("Ny text."));
}

#[test]
fn a_bad_save_keeps_the_old_page_with_the_errors_over_it_until_fixed() {
    let site = site();
    let server = Server::start(&site);
    let events = server.events();
    site.write(
        "content/nyheter/a.md",
        "---\ntitle: Första\ndate: igår\n---\nTrasig.\n",
    );
    server.wait_for("the build failed");
    assert_eq!(
        next_event(&events),
        r#"{"paths":[],"all":true,"css":false}"#
    );
    let (status, html) = server.get("/nyheter/a/");
    assert_eq!(status, 200);
    assert!(
        html.contains("Gammal text."),
        "the last good page is still served"
    );
    // The errors over the page, as the editor sees them in the browser.
    let start = html
        .find("<div id=\"vardlots-overlay\"")
        .expect("the overlay");
    let end = html[start..]
        .find("</ol></div>")
        .expect("the end of the overlay")
        + start;
    insta::assert_snapshot!(&html[start..end + "</ol></div>".len()]);

    server.save(
        &site,
        "content/nyheter/a.md",
        &page("Första", "date: 2025-01-01\n", "Lagad.\n"),
    );
    let html = server.get("/nyheter/a/").1;
    assert!(html.contains("Lagad."));
    assert!(!html.contains("vardlots-overlay"));
}

#[test]
fn a_stylesheet_change_swaps_the_stylesheet_without_a_reload() {
    let site = site();
    site.write("static/extra.css", "p{color:#000}");
    let server = Server::start(&site);
    let events = server.events();
    server.save(&site, "static/extra.css", "p{color:#111}");
    assert_eq!(
        next_event(&events),
        r#"{"paths":[],"all":false,"css":true}"#
    );
    assert_eq!(server.get("/extra.css").1, "p{color:#111}");
}

#[test]
fn drafts_show_with_a_marker() {
    let site = site();
    site.write(
        "content/utkast.md",
        &page("Utkast", "draft: true\n", "Inte klar.\n"),
    );
    let server = Server::start(&site);
    let (status, html) = server.get("/utkast/");
    assert_eq!(status, 200);
    assert!(html.contains("class=\"draft-marker\""), "{html}");
    assert!(html.contains("Utkast"));
}

#[test]
fn the_server_refuses_traversal_and_answers_like_a_static_host() {
    let site = site();
    let server = Server::start(&site);
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/nyheter/%2E%2E/%2e%2e/site.yaml",
        "/a%00b",
    ] {
        assert_eq!(server.get(path).0, 400, "{path}");
    }
    let (status, html) = server.get("/finns-inte/");
    assert_eq!(status, 404);
    assert!(html.contains("Sidan finns inte"));
    let redirect = server.request("GET /nyheter HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(redirect.starts_with("HTTP/1.1 301"), "{redirect}");
    assert!(redirect.contains("Location: /nyheter/"));
    let head = server.request("HEAD /style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(
        head.contains("Content-Type: text/css; charset=utf-8"),
        "{head}"
    );
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {head}");
    let post = server
        .request("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
    for (path, kind) in [
        ("/sitemap.xml", "application/xml"),
        ("/atom.xml", "application/xml"),
        ("/", "text/html; charset=utf-8"),
    ] {
        let r = server.request(&format!(
            "HEAD {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        ));
        assert!(r.contains(&format!("Content-Type: {kind}")), "{path}: {r}");
    }
}

/// Every file the server serves equals the file of a fresh full build, byte for byte.
fn assert_serves_a_fresh_build(server: &Server, site: &Fixture, after: &str) {
    server.settle();
    let served: Vec<String> =
        serde_json::from_str(&server.get("/__vardlots/files").1).expect("file list");
    let base = format!("http://{}", server.addr);
    let fresh = site.run(&[
        "build",
        "--drafts",
        "--date",
        "2026-11-22",
        "--base-url",
        &base,
        "--output",
        "fresh",
    ]);
    assert_eq!(fresh.code, 0, "{after}: {}", fresh.stderr);
    let mut built: Vec<String> = site
        .tree("fresh")
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| !p.starts_with(".vardlots"))
        .collect();
    built.sort();
    assert_eq!(served, built, "{after}: the same files");
    for rel in &built {
        let path = format!("/{}", rel.strip_suffix("index.html").unwrap_or(rel));
        let (_, mut body) = server.get(&path);
        if rel.ends_with(".html") {
            body = body.replace(vardlots::serve::RELOAD_SCRIPT, "");
        }
        // Binary files (search index shards) compare as the lossy text the response is read as.
        let file = std::fs::read(site.root().join(format!("fresh/{rel}"))).expect("read");
        assert_eq!(body, String::from_utf8_lossy(&file), "{after}: {rel}");
    }
}

/// After each edit of every kind the served site equals a fresh full build, byte for byte:
/// a new page, a title, date and weight edit (which move a page in its listing and change
/// its neighbours' links), a deleted page, a renamed one, a template and a section.
#[test]
fn incremental_rebuilds_equal_a_fresh_full_build() {
    let site = site();
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content }}<ul>{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>{% if page.lower %}<a href=\"{{ page.lower.path }}\">{{ page.lower.title }}</a>{% endif %}{% if page.higher %}<a href=\"{{ page.higher.path }}\">{{ page.higher.title }}</a>{% endif %}{% endblock content %}");
    site.write(
        "content/om/_index.md",
        &page("Om oss", "sort_by: weight\n", ""),
    );
    site.write("content/om/x.md", &page("Ex", "weight: 1\n", "X.\n"));
    site.write("content/om/y.md", &page("Ypsilon", "weight: 2\n", "Y.\n"));
    site.write(
        "content/lankar.md",
        &page("Länkar", "", "Läs [den första](@/nyheter/a.md).\n"),
    );
    let server = Server::start(&site);
    assert_serves_a_fresh_build(&server, &site, "the first build");
    server.save(
        &site,
        "content/nyheter/c.md",
        &page("Tredje", "date: 2025-03-01\n", "Ny sida.\n"),
    );
    assert_serves_a_fresh_build(&server, &site, "a new page");
    // Edits of existing pages are shown first from the last build's model: what is served
    // then is what the fresh build makes.
    let shown = |rel: &str, text: &str, path: &str, after: &str| {
        let html = server.save_shown(&site, rel, text, path);
        assert_serves_a_fresh_build(&server, &site, after);
        let file = format!("fresh{path}index.html");
        assert_eq!(html, site.read(&file), "{after}: {file} as shown first");
    };
    shown(
        "content/nyheter/a.md",
        &page("Första, ändrad", "date: 2025-01-01\n", "Ändrad.\n"),
        "/nyheter/",
        "a title edit",
    );
    shown(
        "content/nyheter/a.md",
        &page("Första, ändrad", "date: 2025-04-01\n", "Ändrad.\n"),
        "/nyheter/",
        "a date edit",
    );
    shown(
        "content/om/x.md",
        &page("Ex", "weight: 3\n", "X.\n"),
        "/om/",
        "a weight edit",
    );
    shown(
        "content/om/y.md",
        &page("Ypsilon", "weight: 2\ndraft: true\n", "Y.\n"),
        "/om/x/",
        "a draft edit",
    );
    shown(
        "content/om/y.md",
        &page("Ypsilon", "weight: 2\n", "Y, [länkad](@/om/x.md).\n"),
        "/om/y/",
        "a body edit",
    );
    // Two saves in a row, the second before the first one's rebuild is done.
    site.write("content/om/x.md", &page("Ex, igen", "weight: 3\n", "X.\n"));
    site.write(
        "content/om/y.md",
        &page("Ypsilon, igen", "weight: 2\n", "Y.\n"),
    );
    server.wait_for("uil");
    assert_serves_a_fresh_build(&server, &site, "two edits in a row");
    site.remove("content/nyheter/c.md");
    server.wait_for("uil");
    assert_serves_a_fresh_build(&server, &site, "a deleted page");
    let b = site.read("content/nyheter/b.md");
    site.remove("content/nyheter/b.md");
    server.save(&site, "content/nyheter/b-ny.md", &b);
    assert_serves_a_fresh_build(&server, &site, "a renamed page");
    server.save(&site, "templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1 class=\"x\">{{ page.title }}</h1>{{ page.content }}<ol>{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ol>{% endblock content %}");
    assert_serves_a_fresh_build(&server, &site, "a template edit");
    server.save(
        &site,
        "content/nyheter/_index.md",
        &page("Alla nyheter", "paginate_by: 1\n", ""),
    );
    assert_serves_a_fresh_build(&server, &site, "a section edit");

    let b_page = site.read("fresh/nyheter/b-ny/index.html");
    assert!(
        b_page.contains("<ol><li>Första, ändrad</li><li>Andra</li></ol>"),
        "{b_page}"
    );
    assert!(
        site.read("fresh/nyheter/sida/2/index.html")
            .contains("Andra")
    );
}

/// The builder `serve` keeps between builds (at its address, with drafts shown), after its
/// first build.
fn built_for_serve(site: &Fixture) -> vardlots::pipeline::Builder {
    let mut builder = vardlots::pipeline::Builder::new(vardlots::pipeline::Options {
        root: site.root().to_path_buf(),
        output: None,
        base_url: Some("http://127.0.0.1:1".into()),
        drafts: true,
        date: "2026-11-22".parse().ok(),
        footer_unsubscribe: None,
    });
    let first = vardlots::output::Memory::new(std::sync::Arc::default());
    builder
        .build(vardlots::pipeline::Target::Sink(&first), &[])
        .expect("first build");
    builder
}

/// The page `serve` shows at once for the edited content file `rel`, at output path `out`,
/// after checking that the full rebuild then makes the same bytes.
fn shown_at_once_as_rebuilt(
    builder: &mut vardlots::pipeline::Builder,
    rel: &str,
    out: &str,
) -> String {
    use vardlots::output::Memory;
    let (path, quick) = builder.render_edited(rel).expect("shown at once");
    assert_eq!(path, out);
    builder.invalidate(&[rel.to_string()]);
    let full = Memory::new(std::sync::Arc::default());
    builder
        .build(vardlots::pipeline::Target::Sink(&full), &[])
        .expect("rebuild");
    assert_eq!(quick, *full.into_files()[out].1);
    String::from_utf8(quick).expect("utf-8")
}

/// The page `serve` shows at once after a save is the page the full rebuild then makes.
#[test]
fn the_quickly_shown_page_equals_the_rebuilt_one() {
    let site = site();
    let mut builder = built_for_serve(&site);
    site.write(
        "content/nyheter/a.md",
        &page(
            "Första",
            "date: 2025-01-01\n",
            "Ändrad, med en länk till [den andra nyheten](@/nyheter/b.md).\n",
        ),
    );
    let quick = shown_at_once_as_rebuilt(&mut builder, "nyheter/a.md", "nyheter/a/index.html");
    assert!(
        quick.contains("<a href=\"/nyheter/b/\">den andra nyheten</a>"),
        "{quick}"
    );
    // A change of front matter is not shown early: the model must be rebuilt first.
    site.write(
        "content/nyheter/a.md",
        &page("Ny titel", "date: 2025-01-01\n", "Text.\n"),
    );
    assert!(builder.render_edited("nyheter/a.md").is_none());
}

/// Regression: the page shown at once made its new links' hrefs itself and skipped the
/// translation, so an English page's new `@/kontakt.md` led to the Swedish contact page until
/// the full rebuild replaced it.
#[test]
fn the_quickly_shown_translation_links_to_its_own_language() {
    let site = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example.se\nlanguages:\n  - { code: sv }\n  - { code: en }\n",
        ),
        ("content/a.md", &page("A", "", "Text.")),
        ("content/a.en.md", &page("A", "", "Text.")),
        ("content/kontakt.md", &page("Kontakt", "", "Ring.")),
        ("content/kontakt.en.md", &page("Contact", "", "Call.")),
    ]);
    let mut builder = built_for_serve(&site);
    site.write(
        "content/a.en.md",
        &page("A", "", "Text. [Contact us](@/kontakt.md)"),
    );
    let quick = shown_at_once_as_rebuilt(&mut builder, "a.en.md", "en/a/index.html");
    assert!(
        quick.contains("<a href=\"/en/kontakt/\">Contact us</a>"),
        "{quick}"
    );
}

/// A title edit re-renders the page's section listing and its neighbours among the first
/// pages, which `serve` shows before the rest of the site is done; the other sections wait.
#[test]
fn a_title_edit_reaches_its_listing_with_the_first_pages() {
    use std::sync::Mutex;
    use vardlots::error::Error;
    use vardlots::output::Sink;
    use vardlots::pipeline::Target;
    use vardlots::source::Asset;
    #[derive(Default)]
    struct Recorder {
        put: Mutex<Vec<String>>,
        first: Mutex<Option<Vec<String>>>,
    }
    impl Sink for Recorder {
        fn put(&self, rel: &str, _: &[u8]) -> Result<(), Error> {
            self.put.lock().expect("lock").push(rel.to_string());
            Ok(())
        }
        fn copy(&self, _: &Asset) -> Result<(), Error> {
            Ok(())
        }
        fn first_done(&self, first: bool) {
            if first {
                *self.first.lock().expect("lock") = Some(self.put.lock().expect("lock").clone());
            }
        }
    }
    let site = site();
    site.write("content/om/_index.md", &page("Om oss", "", ""));
    site.write("content/om/x.md", &page("Ex", "", "X.\n"));
    let mut builder = built_for_serve(&site);
    site.write(
        "content/nyheter/a.md",
        &page("Första, ändrad", "date: 2025-01-01\n", "Gammal text.\n"),
    );
    let edited = ["nyheter/a.md".to_string()];
    builder.invalidate(&edited);
    let recorder = Recorder::default();
    builder
        .build(Target::Sink(&recorder), &edited)
        .expect("rebuild");
    let mut first = recorder
        .first
        .lock()
        .expect("lock")
        .clone()
        .expect("shown early");
    // The pages only: the features' files (search records, `_headers`) come with them.
    first.retain(|rel| rel.ends_with(".html"));
    first.sort();
    assert_eq!(
        first,
        [
            "nyheter/a/index.html",
            "nyheter/b/index.html",
            "nyheter/index.html"
        ]
    );
}

/// A builder that has built `site` once into memory, as `serve` holds it, and its options.
fn built_in_memory(site: &Fixture) -> (vardlots::pipeline::Builder, vardlots::pipeline::Options) {
    use vardlots::pipeline::{Builder, Options, Target};
    let options = Options {
        root: site.root().to_path_buf(),
        output: None,
        base_url: Some("http://127.0.0.1:1".into()),
        drafts: true,
        date: "2026-11-22".parse().ok(),
        footer_unsubscribe: None,
    };
    let mut builder = Builder::new(options.clone());
    builder
        .build(
            Target::Sink(&vardlots::output::Memory::new(Default::default())),
            &[],
        )
        .expect("first build");
    (builder, options)
}

/// The pages `serve` shows at once after an edit of an existing page, from the last good
/// build's model with the edited files swapped in, are byte for byte those the full rebuild
/// then makes: for a title, date, weight, draft and body edit, and for a second edit saved
/// before the first one's full rebuild was done (both swapped into the older model).
#[test]
fn pages_shown_from_the_patched_model_equal_a_fresh_full_build() {
    use std::sync::Arc;
    use vardlots::output::Memory;
    use vardlots::pipeline::{Builder, Target};
    let site = site();
    // The page template shows its neighbours and lists its section, as themes may.
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{% if page.draft %}<p>Utkast</p>{% endif %}{{ page.content }}<ul>{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>{% if page.lower %}<a href=\"{{ page.lower.path }}\">{{ page.lower.title }}</a>{% endif %}{% if page.higher %}<a href=\"{{ page.higher.path }}\">{{ page.higher.title }}</a>{% endif %}{% endblock content %}");
    site.write(
        "content/om/_index.md",
        &page("Om oss", "sort_by: weight\npaginate_by: 2\n", ""),
    );
    site.write("content/om/x.md", &page("Ex", "weight: 1\n", "X.\n"));
    site.write("content/om/y.md", &page("Ypsilon", "weight: 2\n", "Y.\n"));
    site.write("content/om/z.md", &page("Zeta", "weight: 3\n", "Z.\n"));
    let (mut builder, options) = built_in_memory(&site);
    let fresh = || {
        let full = Memory::new(Arc::default());
        Builder::new(options.clone())
            .build(Target::Sink(&full), &[])
            .expect("fresh build");
        full.into_files()
    };
    let check = |builder: &Builder, edited: &[&str], after: &str, expect: &[(&str, &str)]| {
        let edited: Vec<String> = edited.iter().map(|e| e.to_string()).collect();
        let shown = builder.patch_edited(&edited).expect(after);
        let full = fresh();
        for (rel, bytes) in &shown {
            assert_eq!(
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&full[rel].1),
                "{after}: {rel}"
            );
        }
        for (rel, text) in expect {
            let (_, bytes) = shown
                .iter()
                .find(|(r, _)| r == rel)
                .unwrap_or_else(|| panic!("{after}: {rel} not shown"));
            assert!(
                String::from_utf8_lossy(bytes).contains(text),
                "{after}: {rel} lacks {text}"
            );
        }
    };
    let rebuild = |builder: &mut Builder, edited: &[&str]| {
        let edited: Vec<String> = edited.iter().map(|e| e.to_string()).collect();
        builder.invalidate(&edited);
        builder
            .build(Target::Sink(&Memory::new(Arc::default())), &edited)
            .expect("rebuild");
    };

    // One edit at a time, each followed by its full rebuild: (file, new text, what, pages
    // that must show the edit with the text they must have).
    /// A page that must show an edit, and a text it must have.
    type Shows<'a> = &'a [(&'a str, &'a str)];
    let edits: [(&str, String, &str, Shows); 5] = [
        (
            "nyheter/a.md",
            page("Första, ändrad", "date: 2025-01-01\n", "Gammal text.\n"),
            "a title edit",
            &[
                ("nyheter/index.html", "Första, ändrad"),
                ("nyheter/b/index.html", "Första, ändrad"),
                ("atom.xml", "Första, ändrad"),
            ],
        ),
        (
            "nyheter/a.md",
            page("Första, ändrad", "date: 2025-03-01\n", "Gammal text.\n"),
            "a date edit",
            &[("nyheter/a/index.html", "Andra")],
        ),
        // x moves from the first listing page to the second, past y and z.
        (
            "om/x.md",
            page("Ex", "weight: 4\n", "X.\n"),
            "a weight edit",
            &[
                ("om/sida/2/index.html", "Ex"),
                ("om/z/index.html", "Ex"),
                ("om/y/index.html", "Zeta"),
            ],
        ),
        (
            "om/y.md",
            page("Ypsilon", "weight: 2\ndraft: true\n", "Y.\n"),
            "a draft edit",
            &[("om/y/index.html", "Utkast")],
        ),
        (
            "om/z.md",
            page("Zeta", "weight: 3\n", "Z, med [en länk](@/nyheter/b.md).\n"),
            "a body edit",
            &[("om/z/index.html", "<a href=\"/nyheter/b/\">en länk</a>")],
        ),
    ];
    for (rel, text, what, expect) in &edits {
        site.write(&format!("content/{rel}"), text);
        check(&builder, &[rel], what, expect);
        rebuild(&mut builder, &[rel]);
    }

    // Two edits in a row: the second is saved before the first one's rebuild, so both are
    // swapped into the model of the build before them.
    site.write(
        "content/nyheter/b.md",
        &page("Andra, ändrad", "date: 2025-02-01\n", "Mer.\n"),
    );
    check(&builder, &["nyheter/b.md"], "the first of two edits", &[]);
    site.write(
        "content/om/y.md",
        &page("Ypsilon, ny", "weight: 2\n", "Y.\n"),
    );
    check(
        &builder,
        &["nyheter/b.md", "om/y.md"],
        "two edits in a row",
        &[
            ("nyheter/index.html", "Andra, ändrad"),
            ("om/index.html", "Ypsilon, ny"),
        ],
    );
}

/// An edit the last build's model cannot take is left to the full rebuild: a new address, a
/// new file, a section, a broken link, an alias, a template, `extra`, a new heading, an image
/// it has not processed.
#[test]
fn edits_that_change_the_model_wait_for_the_full_rebuild() {
    let site = site();
    let (builder, _) = built_in_memory(&site);
    let cases = [
        (
            "nyheter/a.md",
            page("Första", "date: 2025-01-01\nslug: forsta\n", "Text.\n"),
        ),
        (
            "nyheter/a.md",
            page(
                "Första",
                "date: 2025-01-01\n",
                "Till [ingenstans](@/finns-inte.md).\n",
            ),
        ),
        ("nyheter/c.md", page("Ny", "date: 2025-01-01\n", "Text.\n")),
        ("nyheter/_index.md", page("Alla nyheter", "", "")),
        (
            "nyheter/a.md",
            page(
                "Första",
                "date: 2025-01-01\naliases: [/gammal/]\n",
                "Text.\n",
            ),
        ),
        (
            "nyheter/a.md",
            page(
                "Första",
                "date: 2025-01-01\ntemplate: page.html\n",
                "Text.\n",
            ),
        ),
        (
            "nyheter/a.md",
            page(
                "Första",
                "date: 2025-01-01\nextra:\n  farg: blå\n",
                "Text.\n",
            ),
        ),
        // A new heading: other pages' `#anchor` links are checked against the headings.
        (
            "nyheter/a.md",
            page("Första", "date: 2025-01-01\n", "## Ny rubrik\n\nText.\n"),
        ),
        (
            "nyheter/a.md",
            page("Första", "date: 2025-01-01\n", "![En karta](karta.png)\n"),
        ),
    ];
    for (rel, text) in cases {
        let before =
            std::fs::read_to_string(site.root().join(format!("content/{rel}"))).unwrap_or_default();
        site.write(&format!("content/{rel}"), &text);
        assert!(
            builder.patch_edited(&[rel.to_string()]).is_none(),
            "{rel}: {text}"
        );
        if before.is_empty() {
            site.remove(&format!("content/{rel}"));
        } else {
            site.write(&format!("content/{rel}"), &before);
        }
    }
    // What the model can take, for contrast: a new title.
    site.write(
        "content/nyheter/a.md",
        &page("Första, ändrad", "date: 2025-01-01\n", "Gammal text.\n"),
    );
    assert!(
        builder
            .patch_edited(&["nyheter/a.md".to_string()])
            .is_some()
    );
}
