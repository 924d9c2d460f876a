//! The HTTP side of `vardlots serve`, apart from the rebuild loop because it is where a
//! request from outside meets the site: path checks, connection limits and timeouts are
//! read and reviewed here on their own.
//!
//! Each connection is a hyper task on a two-thread tokio runtime, not a thread: a client
//! that does not read, or a tab waiting for the next save, holds no thread and blocks no
//! one, and no lock is held while a socket is written. Every response carries the policy
//! of [`crate::headers`].

use std::convert::Infallible;
use std::net::TcpListener;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use hyper::body::{Body, Frame};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};

use super::overlay::{RELOAD_JS, RELOAD_PATH, inject, overlay_page};
use super::{Files, Live};
use crate::error::Error;

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
pub(super) fn spawn_http(listener: TcpListener, live: Arc<Live>) -> Result<(), Error> {
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
    let (files, edited, overlay) = {
        let state = live.lock();
        (
            Arc::clone(&state.files),
            Arc::clone(&state.edited),
            Arc::clone(&state.overlay),
        )
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
    // Pages shown early are pages of the site already: `files` has every name.
    let Some((_, bytes)) = edited.get(&rel).or_else(|| files.get(&rel)) else {
        let status = if overlay.is_empty() { 404 } else { 503 };
        return reply(
            status,
            "text/html; charset=utf-8",
            Bytes::from(overlay_page(&overlay, live.report.lang)),
        );
    };
    let kind = content_type(&rel);
    let body = if kind.starts_with("text/html") {
        Bytes::from(inject(bytes, &overlay))
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
}
