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
//! Split by what changes together: this file is the rebuild loop and the served state;
//! `http` is the server that reads that state; `overlay` is what is put into the pages.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde::Serialize;

use crate::error::{Diagnostic, Error, Message};
use crate::output::{Files, Memory, Sink};
use crate::pipeline::{Builder, Options, Target};
use crate::source::Asset;
use crate::watch::{self, ChangeKind};

mod http;
mod overlay;

use http::spawn_http;
pub use http::{EVENTS_PATH, FILES_PATH};
pub use overlay::{RELOAD_PATH, RELOAD_SCRIPT};

/// When more pages than this changed, one "reload everything" event is sent instead of
/// the list; a browser only needs to know whether its own page changed.
const MAX_LISTED_CHANGES: usize = 200;

pub struct ServeOptions {
    pub build: Options,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    /// The language of the terminal report and the overlay.
    pub lang: crate::i18n::Lang,
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
    /// The build that failed before works again: say so, then reload.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fixed: bool,
}

struct State {
    files: Arc<Files>,
    /// The pages the quick thread rendered since the last build was published, served
    /// over `files`: a small map, so showing an edit does not copy the whole site's.
    edited: Arc<Files>,
    /// The overlay of the last build's errors (empty when it built), shown over every page
    /// while they last; rendered once per build, not per request.
    overlay: Arc<str>,
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
    /// How the overlay speaks and links.
    report: overlay::Settings,
}

impl Live {
    fn new(report: overlay::Settings) -> Live {
        Live {
            report,
            state: Mutex::new(State {
                files: Arc::new(HashMap::new()),
                edited: Arc::default(),
                overlay: Arc::from(""),
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
    fn publish(&self, mut files: Files, errors: &[Diagnostic], event: Event, since: Instant) {
        let overlay: Arc<str> = Arc::from(overlay::overlay(errors, &self.report));
        let mut state = self.lock();
        state.overrides.retain(|_, (at, _, _)| *at > since);
        for (rel, (_, hash, bytes)) in &state.overrides {
            files.insert(rel.clone(), (*hash, Arc::clone(bytes)));
        }
        state.files = Arc::new(files);
        state.edited = Arc::default();
        state.overlay = overlay;
        self.ring(&mut state, event);
    }

    /// Every file as served now, the pages shown early over the last build's.
    fn shown(&self) -> Arc<Files> {
        let (files, edited) = {
            let state = self.lock();
            (Arc::clone(&state.files), Arc::clone(&state.edited))
        };
        if edited.is_empty() {
            return files;
        }
        let mut files = (*files).clone();
        files.extend(edited.iter().map(|(k, v)| (k.clone(), v.clone())));
        Arc::new(files)
    }

    /// Serves quickly re-rendered pages over the current site.
    fn publish_edited(&self, pages: Vec<(String, Vec<u8>)>) {
        let mut state = self.lock();
        let now = Instant::now();
        let mut files = (*state.edited).clone();
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
        state.edited = Arc::new(files);
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
    /// The build before this one failed: the first pages shown end the overlay, and say so
    /// ("Åtgärdat") before the reload.
    fixing: bool,
}

impl Sink for LiveSink<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        self.memory.put(rel, bytes)
    }
    fn copy(&self, asset: &Asset) -> Result<(), Error> {
        self.memory.copy(asset)
    }
    fn first_done(&self, first: bool) {
        let fresh = self.memory.snapshot();
        let mut files = (*self.previous).clone();
        let paths = fresh
            .iter()
            .filter(|(rel, (hash, _))| self.previous.get(*rel).map(|(h, _)| h) != Some(hash))
            .map(|(rel, _)| url_path(rel))
            .collect();
        files.extend(fresh);
        let event = if self.fixing && first {
            Event {
                all: true,
                fixed: true,
                ..Event::default()
            }
        } else {
            Event {
                paths,
                ..Event::default()
            }
        };
        self.live.publish(files, &[], event, self.started);
        self.first_shown
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_or_insert_with(Instant::now);
    }
}

/// Runs the server until the process is stopped.
pub fn run(mut opts: ServeOptions) -> Result<(), Error> {
    let listener =
        TcpListener::bind(SocketAddr::new(opts.bind, opts.port)).map_err(|e| Error::Refused {
            message: Message::from(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port)),
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
    let settings = crate::source::report_settings(&opts.build.root);
    let root = std::fs::canonicalize(&opts.build.root).unwrap_or_else(|_| opts.build.root.clone());
    let live = Arc::new(Live::new(overlay::Settings {
        lang: opts.lang,
        editor_url: settings.editor_url,
        root,
    }));
    spawn_http(listener, Arc::clone(&live))?;

    let watch::Watcher { guard, changes } = watch::start(&opts.build.root)?;
    let mut builder = Builder::new(opts.build);
    rebuild(&mut builder, &live, &[], true);
    let lang = live.report.lang;
    if addr.ip().is_unspecified() {
        eprintln!(
            "{}: {}",
            crate::i18n::text(lang, "label-warning"),
            crate::msg!("serve-all-interfaces", address = addr.ip().to_string()).render(lang)
        );
    }
    eprintln!(
        "{}",
        crate::msg!("serve-serving", url = format!("{url}/")).render(lang)
    );
    if opts.open {
        open_browser(&format!("{url}/"), lang);
    }

    // The quick thread shows each edit at once, even while a full build runs, then passes
    // the change on to the build loop below. It works on the last good build, with when that
    // build started: what changed since then is not in it.
    let quick = Arc::new(Mutex::new(builder.quick().map(|q| (q, Instant::now()))));
    let (to_builds, builds) = std::sync::mpsc::channel::<Vec<ChangeKind>>();
    {
        let quick = Arc::clone(&quick);
        let live = Arc::clone(&live);
        std::thread::spawn(move || {
            let mut since = Unbuilt::default();
            while let Ok(kinds) = changes.recv() {
                since.add(&kinds);
                let last = quick.lock().unwrap_or_else(|p| p.into_inner()).clone();
                if let Some((last, built)) = last {
                    since.built(built);
                    show_edited(&last, &live, &since, &content_files(&kinds));
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
        let started = Instant::now();
        builder.invalidate(&first);
        rebuild(&mut builder, &live, &first, css_only);
        if let Some(q) = builder.quick() {
            let mut slot = quick.lock().unwrap_or_else(|p| p.into_inner());
            // A failed rebuild leaves the last good model, which keeps the time its own build
            // started: the edits since then are not in it and are still to be applied.
            if !slot.as_ref().is_some_and(|(old, _)| Arc::ptr_eq(old, &q)) {
                *slot = Some((q, started));
            }
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

/// The changes the quick thread has seen that the last good build may not have read: those
/// that came in after it started.
#[derive(Default)]
struct Unbuilt {
    /// Content files, with when the change came in.
    content: Vec<(Instant, String)>,
    /// When the last change of anything else came in (a template, data, a stylesheet, whose
    /// hash is in every page): no page can be shown early until a build has read it.
    other: Option<Instant>,
}

impl Unbuilt {
    fn add(&mut self, kinds: &[ChangeKind]) {
        let now = Instant::now();
        for k in kinds {
            match k {
                ChangeKind::Content(rel) => self.content.push((now, rel.clone())),
                _ => self.other = Some(now),
            }
        }
    }

    /// Forgets what a build that started at `started` has read.
    fn built(&mut self, started: Instant) {
        self.content.retain(|(at, _)| *at >= started);
        self.other = self.other.filter(|at| *at >= started);
    }

    /// The content files changed since the last good build, sorted.
    fn content_files(&self) -> Vec<String> {
        let mut rels: Vec<String> = self.content.iter().map(|(_, rel)| rel.clone()).collect();
        rels.sort();
        rels.dedup();
        rels
    }
}

/// Shows an edit at once, while the whole site is rebuilt: the pages that show it (its page,
/// its section's listing, its neighbours) from the last good build's model with every
/// content file edited since swapped in; or, when that model cannot take the edits, the
/// edited pages alone, when only their bodies changed.
fn show_edited(quick: &crate::pipeline::Quick, live: &Live, since: &Unbuilt, edited: &[String]) {
    if !live.lock().overlay.is_empty() || since.other.is_some() || edited.is_empty() {
        return;
    }
    let started = Instant::now();
    let mut shown = quick.patch(&since.content_files());
    let pages = match &mut shown {
        Some(shown) => std::mem::take(&mut shown.files),
        None => edited
            .iter()
            .filter_map(|rel| quick.render_edited(rel))
            .collect(),
    };
    if !pages.is_empty() {
        let count = pages.len();
        live.publish_edited(pages);
        let ms = started.elapsed().as_millis().to_string();
        let line = crate::msg!("serve-shown-early", count = count, ms = ms.as_str());
        eprintln!("{}", line.render(live.report.lang));
    }
    // The patched model is freed after the pages are out.
    drop(shown);
}

/// One rebuild: publishes the new site, or keeps the old one with the errors over it.
fn rebuild(builder: &mut Builder, live: &Live, first: &[String], css_only: bool) {
    let started = Instant::now();
    let previous = live.shown();
    let had_errors = !live.lock().overlay.is_empty();
    let sink = LiveSink {
        memory: Memory::new(Arc::clone(&previous)),
        live,
        previous: Arc::clone(&previous),
        started,
        first_shown: Mutex::new(None),
        fixing: had_errors,
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
                eprintln!("{}", w.render(live.report.lang));
            }
            let files = sink.memory.into_files();
            let mut changed: Vec<String> = files
                .iter()
                .filter(|(rel, (hash, _))| previous.get(*rel).map(|(h, _)| h) != Some(hash))
                .map(|(rel, _)| url_path(rel))
                .collect();
            changed.sort();
            let event = if had_errors {
                Event {
                    all: true,
                    // Said already if the first pages were shown before the build ended.
                    fixed: first_shown.is_none(),
                    ..Event::default()
                }
            } else if changed.len() > MAX_LISTED_CHANGES {
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
            live.publish(files, &[], event, started);
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
                Error::Refused { message, hint } => vec![Diagnostic::error("", message).hint(hint)],
                other => vec![Diagnostic::error("", other.to_string())],
            };
            let lang = live.report.lang;
            for d in &errors {
                eprintln!("{}", d.render(lang));
            }
            eprintln!(
                "{}: {}",
                crate::i18n::text(lang, "label-error"),
                crate::i18n::text(lang, "serve-failed")
            );
            live.publish(
                (*previous).clone(),
                &errors,
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

fn open_browser(url: &str, lang: crate::i18n::Lang) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!(
            "{}: {}",
            crate::i18n::text(lang, "label-warning"),
            crate::msg!("serve-no-browser", url = url).render(lang)
        );
    }
}

/// Creates the listener's address for `--bind` and `--port`.
pub fn parse_bind(bind: &str) -> Result<IpAddr, Error> {
    bind.parse().map_err(|_| Error::Refused {
        message: Message::from(format!("`{bind}` is not an IP address")),
        hint: "use 127.0.0.1 (this computer only, the default) or 0.0.0.0 (every network)".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_of_files() {
        assert_eq!(url_path("index.html"), "/");
        assert_eq!(url_path("nyheter/a/index.html"), "/nyheter/a/");
        assert_eq!(url_path("style.css"), "/style.css");
    }
}
