//! `vardlots serve`: build into memory, serve on 127.0.0.1, rebuild on every save, and tell
//! open pages to reload over Server-Sent Events (no websocket dependency).
//!
//! The site is served from memory, never from a folder: `public/` is not touched, nothing is
//! ever half-written, and a request cannot reach a file outside the site whatever its path
//! (`..`, `%2e%2e`, symlinks). A rebuild renders the pages of the edited files first and
//! shows them at once, then finishes the whole site and swaps it in, so every page is as a
//! fresh build would make it. A failed rebuild keeps the last good site and lays an overlay
//! with every error over each page until the error is fixed.
//!
//! Each connection is a hyper task on a two-thread tokio runtime, not a thread: a client
//! that does not read, or a tab waiting for the next save, holds no thread and blocks no
//! one, and no lock is held while a socket is written. Every response carries the policy
//! of [`crate::headers`].

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use hyper::body::{Body, Frame};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::Serialize;

use crate::error::{Diagnostic, Error};
use crate::output::{Files, Memory, Sink};
use crate::pipeline::{Builder, Options, Target};
use crate::source::Asset;
use crate::watch::{self, ChangeKind};

/// Where the browser listens for reload events.
pub const EVENTS_PATH: &str = "/__vardlots/events";
/// A list of every served file, for tests and tools.
pub const FILES_PATH: &str = "/__vardlots/files";

/// Threads that answer requests. Every file is in memory and a connection that waits (for a
/// slow reader, for the next event) holds no thread, so one per core of the 2-core machines
/// editors and CI use is plenty, and it leaves the build its cores.
const HTTP_THREADS: usize = 2;

/// Open connections at most. A browser keeps about six per site; half of the usual
/// 1,024-file limit (`ulimit -n`) leaves the rest to the build and the watcher. More wait
/// in the listen queue until one closes.
const MAX_CONNECTIONS: usize = 512;

/// A client that takes none of its response for this long is dropped: a tab that went
/// away without closing its socket, or a client that sends and never reads. Ten seconds
/// is far longer than a loopback write to a live browser ever waits.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A request's header must arrive within this. It also ends idle keep-alive connections,
/// which browsers reopen at no cost on loopback.
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// How often an open event stream gets a comment line. A tab closed cleanly is noticed at
/// once (the socket reads as ended); one whose peer vanished is noticed when a heartbeat
/// cannot be written within [`WRITE_TIMEOUT`]. Browsers ignore comment lines.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// When more pages than this changed, one "reload everything" event is sent instead of
/// the list; a browser only needs to know whether its own page changed.
const MAX_LISTED_CHANGES: usize = 200;

pub struct ServeOptions {
    pub build: Options,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
}

/// What the browser is told after a rebuild.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Event {
    /// Reload if showing one of these paths.
    pub paths: Vec<String>,
    /// Reload whatever page is shown.
    pub all: bool,
    /// Only stylesheets changed: swap them without a reload.
    pub css: bool,
}

struct State {
    files: Arc<Files>,
    /// The errors of the last build, shown over every page while they last.
    errors: Vec<Diagnostic>,
    /// Bumped with every event; listeners wait for it to change.
    generation: u64,
    event: Event,
    /// Pages the quick thread rendered, with when: a full build that started before an edit
    /// must not put the older page back when it finishes.
    overrides: HashMap<String, (Instant, u64, Arc<[u8]>)>,
}

/// The served site and the event bell, shared by the server threads and the build loop.
pub struct Live {
    state: Mutex<State>,
    /// The generation of the last event, for the event streams to wait on.
    bell: tokio::sync::watch::Sender<u64>,
}

impl Live {
    fn new() -> Live {
        Live {
            state: Mutex::new(State {
                files: Arc::new(HashMap::new()),
                errors: Vec::new(),
                generation: 0,
                event: Event::default(),
                overrides: HashMap::new(),
            }),
            bell: tokio::sync::watch::Sender::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Serves the `files` of a build that started at `since` (with `errors` over them) and
    /// rings `event` to the browsers. Pages re-rendered after `since` are kept over the
    /// build's; older ones are in the build and are forgotten.
    fn publish(&self, mut files: Files, errors: Vec<Diagnostic>, event: Event, since: Instant) {
        let mut state = self.lock();
        state.overrides.retain(|_, (at, _, _)| *at > since);
        for (rel, (_, hash, bytes)) in &state.overrides {
            files.insert(rel.clone(), (*hash, Arc::clone(bytes)));
        }
        state.files = Arc::new(files);
        state.errors = errors;
        self.ring(&mut state, event);
    }

    /// Serves quickly re-rendered pages over the current site.
    fn publish_edited(&self, pages: Vec<(String, Vec<u8>)>) {
        let mut state = self.lock();
        let now = Instant::now();
        let mut files = (*state.files).clone();
        let mut paths = Vec::new();
        for (rel, bytes) in pages {
            let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
            let bytes: Arc<[u8]> = Arc::from(bytes);
            paths.push(url_path(&rel));
            state
                .overrides
                .insert(rel.clone(), (now, hash, Arc::clone(&bytes)));
            files.insert(rel, (hash, bytes));
        }
        state.files = Arc::new(files);
        self.ring(
            &mut state,
            Event {
                paths,
                ..Event::default()
            },
        );
    }

    fn ring(&self, state: &mut State, event: Event) {
        if event != Event::default() {
            state.generation += 1;
            state.event = event;
            self.bell.send_replace(state.generation);
        }
    }
}

/// A memory sink that shows the first-rendered pages as soon as they are in.
struct LiveSink<'a> {
    memory: Memory,
    live: &'a Live,
    previous: Arc<Files>,
    started: Instant,
    first_shown: Mutex<Option<Instant>>,
}

impl Sink for LiveSink<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        self.memory.put(rel, bytes)
    }
    fn copy(&self, asset: &Asset) -> Result<(), Error> {
        self.memory.copy(asset)
    }
    fn first_done(&self) {
        let fresh = self.memory.snapshot();
        let mut files = (*self.previous).clone();
        let paths = fresh.keys().map(|rel| url_path(rel)).collect();
        files.extend(fresh);
        self.live.publish(
            files,
            Vec::new(),
            Event {
                paths,
                ..Event::default()
            },
            self.started,
        );
        *self.first_shown.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
    }
}

/// Runs the server until the process is stopped.
pub fn run(mut opts: ServeOptions) -> Result<(), Error> {
    let listener =
        TcpListener::bind(SocketAddr::new(opts.bind, opts.port)).map_err(|e| Error::Refused {
            message: format!("cannot listen on {}:{}: {e}", opts.bind, opts.port),
            hint: "another program may use the port; choose another with --port".into(),
        })?;
    let addr = listener.local_addr().map_err(|e| Error::io("socket", e))?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    let url = format!("http://{host}:{}", addr.port());
    // Links must lead to this server, not to the published site.
    opts.build.base_url = Some(url.clone());
    let live = Arc::new(Live::new());
    spawn_http(listener, Arc::clone(&live))?;

    let watch::Watcher { guard, changes } = watch::start(&opts.build.root)?;
    let mut builder = Builder::new(opts.build);
    rebuild(&mut builder, &live, &[], true);
    if addr.ip().is_unspecified() {
        eprintln!(
            "warning: serving on all interfaces ({}): anyone on your network can read the site, drafts included",
            addr.ip()
        );
    }
    eprintln!("Serving the site at {url}/ (drafts shown; Ctrl-C stops)");
    if opts.open {
        open_browser(&format!("{url}/"));
    }

    // The quick thread shows each edited page at once, even while a full build runs, then
    // passes the change on to the build loop below.
    let quick = Arc::new(Mutex::new(builder.quick()));
    let (to_builds, builds) = std::sync::mpsc::channel::<Vec<ChangeKind>>();
    {
        let quick = Arc::clone(&quick);
        let live = Arc::clone(&live);
        std::thread::spawn(move || {
            while let Ok(kinds) = changes.recv() {
                let last = quick.lock().unwrap_or_else(|p| p.into_inner()).clone();
                if let Some(last) = last {
                    show_edited(&last, &live, &content_files(&kinds));
                }
                if to_builds.send(kinds).is_err() {
                    break;
                }
            }
        });
    }
    while let Ok(mut kinds) = builds.recv() {
        // Take every batch that is already waiting: one rebuild answers them all.
        while let Ok(more) = builds.try_recv() {
            kinds.extend(more);
        }
        kinds.sort();
        kinds.dedup();
        let first = content_files(&kinds);
        let css_only = kinds.iter().all(|k| *k == ChangeKind::Stylesheet);
        builder.invalidate(&first);
        rebuild(&mut builder, &live, &first, css_only);
        if let Some(q) = builder.quick() {
            *quick.lock().unwrap_or_else(|p| p.into_inner()) = Some(q);
        }
    }
    drop(guard);
    Ok(())
}

fn content_files(kinds: &[ChangeKind]) -> Vec<String> {
    kinds
        .iter()
        .filter_map(|k| match k {
            ChangeKind::Content(rel) => Some(rel.clone()),
            _ => None,
        })
        .collect()
}

/// Shows the edited pages at once, rendered against the last good build's model, while the
/// whole site is rebuilt (which corrects anything else the edit changed, such as listings).
fn show_edited(quick: &crate::pipeline::Quick, live: &Live, edited: &[String]) {
    if !live.lock().errors.is_empty() {
        return;
    }
    let pages: Vec<(String, Vec<u8>)> = edited
        .iter()
        .filter_map(|rel| quick.render_edited(rel))
        .collect();
    if !pages.is_empty() {
        live.publish_edited(pages);
    }
}

/// One rebuild: publishes the new site, or keeps the old one with the errors over it.
fn rebuild(builder: &mut Builder, live: &Live, first: &[String], css_only: bool) {
    let started = Instant::now();
    let previous = Arc::clone(&live.lock().files);
    let had_errors = !live.lock().errors.is_empty();
    let sink = LiveSink {
        memory: Memory::new(Arc::clone(&previous)),
        live,
        previous: Arc::clone(&previous),
        started,
        first_shown: Mutex::new(None),
    };
    let result = builder.build(Target::Sink(&sink), first);
    let first_shown = sink
        .first_shown
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .map(|t| t.duration_since(started));
    match result {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            let files = sink.memory.into_files();
            let mut changed: Vec<String> = files
                .iter()
                .filter(|(rel, (hash, _))| previous.get(*rel).map(|(h, _)| h) != Some(hash))
                .map(|(rel, _)| url_path(rel))
                .collect();
            changed.sort();
            let event = if had_errors || changed.len() > MAX_LISTED_CHANGES {
                Event {
                    all: true,
                    ..Event::default()
                }
            } else if css_only && !changed.is_empty() {
                Event {
                    css: true,
                    ..Event::default()
                }
            } else {
                Event {
                    paths: changed,
                    ..Event::default()
                }
            };
            live.publish(files, Vec::new(), event, started);
            let verb = if previous.is_empty() {
                "Built"
            } else {
                "Rebuilt"
            };
            let mut line = format!(
                "{verb} {} pages in {} ms",
                report.pages,
                started.elapsed().as_millis()
            );
            if let Some(t) = first_shown {
                line.push_str(&format!(" (the edited page in {} ms)", t.as_millis()));
            }
            if std::env::var_os("VARDLOTS_TIMINGS").is_some() {
                let t = &report.timings;
                line.push_str(&format!(
                    " [load {:.0}, parse {:.0}, prepare {:.0}, render {:.0} ms]",
                    t.load * 1e3,
                    t.parse * 1e3,
                    t.prepare * 1e3,
                    t.render * 1e3
                ));
            }
            eprintln!("{line}");
        }
        Err(err) => {
            let errors = match err {
                Error::Content(diags) => diags,
                other => vec![Diagnostic::error("", other.to_string())],
            };
            for d in &errors {
                eprintln!("{d}");
            }
            eprintln!(
                "error: the build failed; still serving the last good site, with the errors over every page"
            );
            live.publish(
                (*previous).clone(),
                errors,
                Event {
                    all: true,
                    ..Event::default()
                },
                started,
            );
        }
    }
}

/// `nyheter/a/index.html` → `/nyheter/a/`; other files keep their name.
fn url_path(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{rel}"),
    }
}

/// The output file a request path names, or why there is none.
fn resolve(path: &str, files: &Files) -> Result<String, Resolve> {
    let raw = path.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| Resolve::Bad)?;
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(Resolve::Bad),
            p if p.contains(['\\', '\0']) => return Err(Resolve::Bad),
            p => parts.push(p),
        }
    }
    let rel = parts.join("/");
    if decoded.ends_with('/') || rel.is_empty() {
        let index = if rel.is_empty() {
            "index.html".to_string()
        } else {
            format!("{rel}/index.html")
        };
        return if files.contains_key(&index) {
            Ok(index)
        } else {
            Err(Resolve::Missing)
        };
    }
    if files.contains_key(&rel) {
        return Ok(rel);
    }
    if files.contains_key(&format!("{rel}/index.html")) {
        return Err(Resolve::Slash(format!("/{rel}/")));
    }
    Err(Resolve::Missing)
}

enum Resolve {
    Bad,
    Missing,
    /// A folder asked for without its slash: redirect, as static hosts do.
    Slash(String),
}

/// Starts answering requests on `listener`, on threads of their own.
fn spawn_http(listener: TcpListener, live: Arc<Live>) -> Result<(), Error> {
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io("socket", e))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(HTTP_THREADS)
        .thread_name("vardlots-http")
        .enable_all()
        .build()
        .map_err(|e| Error::io("socket", e))?;
    std::thread::Builder::new()
        .name("vardlots-accept".into())
        .spawn(move || runtime.block_on(accept(listener, live)))
        .map_err(|e| Error::io("thread", e))?;
    Ok(())
}

/// Takes connections, each served on its own task: a client that stalls (does not read,
/// pipelines and waits) stalls only its own connection.
async fn accept(listener: TcpListener, live: Arc<Live>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file handles, or a client gone before it was taken: try again shortly.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        // Each response goes out in one write, but the kernel would still hold a small one
        // back until the previous one is acknowledged (Nagle), and the browser delays that
        // acknowledgement: 40 ms on every keep-alive request.
        let _ = stream.set_nodelay(true);
        let live = Arc::clone(&live);
        tokio::spawn(async move {
            let mut io = tokio_io_timeout::TimeoutStream::new(stream);
            io.set_write_timeout(Some(WRITE_TIMEOUT));
            let io = TokioIo::new(Box::pin(io));
            let service = hyper::service::service_fn(move |request| {
                let live = Arc::clone(&live);
                async move { Ok::<_, Infallible>(handle(&request, &live)) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                // Headers as browsers and the tests read them: `Content-Type`, not `content-type`.
                .title_case_headers(true)
                .serve_connection(io, service)
                .await;
            drop(slot);
        });
    }
}

type Reply = Response<BoxBody<Bytes, Infallible>>;

fn handle<B>(request: &Request<B>, live: &Arc<Live>) -> Reply {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut r = reply(
            405,
            "text/plain; charset=utf-8",
            Bytes::from_static(b"Method not allowed\n"),
        );
        set(&mut r, "Allow", "GET, HEAD");
        return r;
    }
    let url = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let path = request.uri().path();
    if path == EVENTS_PATH {
        return event_stream(live);
    }
    if path == RELOAD_PATH {
        return reply(
            200,
            "text/javascript; charset=utf-8",
            Bytes::from_static(RELOAD_JS.as_bytes()),
        );
    }
    let (files, errors) = {
        let state = live.lock();
        (Arc::clone(&state.files), state.errors.clone())
    };
    if path == FILES_PATH {
        let mut names: Vec<&String> = files.keys().collect();
        names.sort();
        let body = serde_json::to_vec(&names).unwrap_or_default();
        return reply(200, "application/json", Bytes::from(body));
    }
    let (status, rel) = match resolve(url, &files) {
        Ok(rel) => (200, rel),
        Err(Resolve::Bad) => {
            return reply(
                400,
                "text/plain; charset=utf-8",
                Bytes::from_static(b"Bad request\n"),
            );
        }
        Err(Resolve::Slash(to)) => {
            let mut r = reply(301, "text/plain; charset=utf-8", Bytes::new());
            set(&mut r, "Location", &to);
            return r;
        }
        Err(Resolve::Missing) => (404, "404.html".to_string()),
    };
    let Some((_, bytes)) = files.get(&rel) else {
        let status = if errors.is_empty() { 404 } else { 503 };
        return reply(
            status,
            "text/html; charset=utf-8",
            Bytes::from(overlay_page(&errors)),
        );
    };
    let kind = content_type(&rel);
    let body = if kind.starts_with("text/html") {
        Bytes::from(inject(bytes, &errors))
    } else {
        Bytes::from_owner(Arc::clone(bytes))
    };
    reply(status, kind, body)
}

/// A whole response: the body in memory, the length known, the site's headers on it. (For
/// HEAD, hyper sends the headers alone.)
fn reply(status: u16, kind: &str, body: Bytes) -> Reply {
    let mut r = Response::new(Full::new(body).boxed());
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    with_headers(r, kind)
}

/// The type, and the policy of [`crate::headers`] that every response carries.
fn with_headers(mut r: Reply, kind: &str) -> Reply {
    set(&mut r, "Content-Type", kind);
    set(&mut r, "Cache-Control", crate::headers::PREVIEW);
    for (name, value) in crate::headers::SECURITY {
        set(&mut r, name, value);
    }
    r
}

fn set(response: &mut Reply, name: &str, value: &str) {
    if let (Ok(name), Ok(value)) = (
        HeaderName::from_bytes(name.as_bytes()),
        HeaderValue::from_str(value),
    ) {
        response.headers_mut().insert(name, value);
    }
}

/// An open page's event stream: its events come from a task of its own, which ends as soon
/// as the connection does (the body is dropped, the channel closes).
fn event_stream(live: &Arc<Live>) -> Reply {
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    let mut bell = live.bell.subscribe();
    let live = Arc::clone(live);
    tokio::spawn(async move {
        if tx
            .send(Bytes::from_static(b": connected\n\n"))
            .await
            .is_err()
        {
            return;
        }
        let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
        loop {
            let chunk = tokio::select! {
                changed = bell.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    let event = live.lock().event.clone();
                    let data = serde_json::to_string(&event).unwrap_or_default();
                    Bytes::from(format!("data: {data}\n\n"))
                }
                _ = beat.tick() => Bytes::from_static(b": heartbeat\n\n"),
                () = tx.closed() => return,
            };
            if tx.send(chunk).await.is_err() {
                return;
            }
        }
    });
    with_headers(Response::new(Events(rx).boxed()), "text/event-stream")
}

/// The body of an event stream: whatever its task sends, as it comes.
struct Events(tokio::sync::mpsc::Receiver<Bytes>);

impl Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
    }
}

/// The reload script and, after a failed build, the error overlay, put before `</body>`.
fn inject(html: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let mut extra = String::from(RELOAD_SCRIPT);
    if !errors.is_empty() {
        extra.push_str(&overlay(errors));
    }
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The live-reload code, served as a file: the site's policy allows no inline script.
pub const RELOAD_PATH: &str = "/__vardlots/reload.js";

/// Reloads the page when it changed, swaps the stylesheets when only they did.
const RELOAD_JS: &str = concat!(
    "(()=>{const s=new EventSource(\"",
    "/__vardlots/events",
    "\");s.onmessage=e=>{const d=JSON.parse(e.data);if(d.css){for(const l of document.querySelectorAll('link[rel=stylesheet]')){const u=new URL(l.href);u.searchParams.set('r',Date.now());l.href=u.href}}else if(d.all||d.paths.includes(location.pathname))location.reload()}})()\n"
);

/// What is put into each served page to load [`RELOAD_JS`].
pub const RELOAD_SCRIPT: &str =
    "<script src=\"/__vardlots/reload.js\" data-vardlots-reload></script>";

fn overlay(errors: &[Diagnostic]) -> String {
    let mut html = String::from(
        "<div id=\"vardlots-overlay\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;background:#fff;color:#1b1b1b;border:6px solid #8a1020;padding:1.5rem;z-index:2147483647;font:1rem/1.5 system-ui,sans-serif\"><h2 style=\"color:#8a1020;margin-top:0\">The build failed</h2><p>The site below is the last one that built. Fix these and save:</p><ol>",
    );
    for d in errors {
        html.push_str("<li><p><strong>");
        html.push_str(&crate::markdown::attr(&d.location()));
        html.push_str("</strong>: ");
        if let Some(c) = &d.context {
            html.push_str(&crate::markdown::attr(c));
            html.push_str(": ");
        }
        html.push_str(&crate::markdown::attr(&d.message));
        html.push_str("</p>");
        if let Some(h) = &d.hint {
            html.push_str("<p>hint: ");
            html.push_str(&crate::markdown::attr(h));
            html.push_str("</p>");
        }
        html.push_str("</li>");
    }
    html.push_str("</ol></div>");
    html
}

/// A page for when there is no good site yet: only the errors.
fn overlay_page(errors: &[Diagnostic]) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>vardlots</title></head><body><main><h1>No site yet</h1></main>{}{}</body></html>",
        if errors.is_empty() { String::new() } else { overlay(errors) },
        RELOAD_SCRIPT
    )
    .into_bytes()
}

fn content_type(rel: &str) -> &'static str {
    let ext = rel
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "ics" => "text/calendar; charset=utf-8",
        "eml" => "message/rfc822",
        _ => "application/octet-stream",
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("warning: could not open a browser; open {url} yourself");
    }
}

/// Creates the listener's address for `--bind` and `--port`.
pub fn parse_bind(bind: &str) -> Result<IpAddr, Error> {
    bind.parse().map_err(|_| Error::Refused {
        message: format!("`{bind}` is not an IP address"),
        hint: "use 127.0.0.1 (this computer only, the default) or 0.0.0.0 (every network)".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Files {
        names
            .iter()
            .map(|n| (n.to_string(), (0u64, Arc::from(&b""[..]))))
            .collect()
    }

    #[test]
    fn paths_resolve_and_traversal_is_refused() {
        let f = files(&["index.html", "a/index.html", "style.css", "404.html"]);
        assert_eq!(resolve("/", &f).ok(), Some("index.html".into()));
        assert_eq!(resolve("/a/", &f).ok(), Some("a/index.html".into()));
        assert_eq!(resolve("/a/?x=1", &f).ok(), Some("a/index.html".into()));
        assert_eq!(resolve("/style.css?h=1", &f).ok(), Some("style.css".into()));
        assert!(matches!(resolve("/a", &f), Err(Resolve::Slash(to)) if to == "/a/"));
        assert!(matches!(resolve("/b/", &f), Err(Resolve::Missing)));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a\\..\\b",
            "/%00",
        ] {
            assert!(matches!(resolve(bad, &f), Err(Resolve::Bad)), "{bad}");
        }
    }

    #[test]
    fn url_paths_of_files() {
        assert_eq!(url_path("index.html"), "/");
        assert_eq!(url_path("nyheter/a/index.html"), "/nyheter/a/");
        assert_eq!(url_path("style.css"), "/style.css");
    }

    #[test]
    fn the_script_and_overlay_go_before_the_body_ends() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(
            html,
            &[Diagnostic::error("content/a.md", "fel").at(3, 1)],
        ))
        .unwrap();
        assert!(out.ends_with("</div></body></html>"));
        assert!(out.contains("data-vardlots-reload"));
        assert!(out.contains("<strong>content/a.md:3:1</strong>: fel"));
    }
}
